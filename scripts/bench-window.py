#!/usr/bin/env python3
"""scripts/bench's window figures: launch to first interactive paint, and the proportional memory
(PSS) of the whole process tree after some idle seconds, for the app and for a bare Tauri window,
each launched --runs times (alternating, so drift hits both alike); prints each run, the medians
and the ratios as tab-separated `bench-figure` lines.

Both programs print the line `first-paint <page>` on standard output when WABA_REPORT_FIRST_PAINT=1
(the app from its checklist page, the bare window from its one page, the same command handler
behind both); the start figure is the time from spawn to that line. PSS is the sum of `Pss:` in
/proc/<pid>/smaps_rollup over the program and every descendant (WebKitWebProcess,
WebKitNetworkProcess). Run it under a display (xvfb-run) and, for the app, a keychain
(scripts/with-test-keychain). Each app run gets an empty data folder (WABA_DATA_DIR).

Usage: bench-window.py --app PATH --bare PATH [--runs N] [--idle SECONDS]
"""

import argparse
import os
import selectors
import signal
import statistics
import subprocess
import sys
import tempfile
import time

START_DEADLINE_S = 90
STOP_DEADLINE_S = 10


def children_of():
    """Every process's parent, read from /proc: {ppid: [pid, ...]}."""
    tree = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                # The command name is in parentheses and may hold spaces: split after the last ')'.
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def process_tree(root):
    tree = children_of()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def command_name(pid):
    try:
        with open(f"/proc/{pid}/comm") as comm:
            return comm.read().strip()
    except OSError:
        return "?"


def stop(process):
    """SIGTERM the program and its descendants, SIGKILL what is left after the deadline."""
    pids = process_tree(process.pid)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        process.wait(timeout=STOP_DEADLINE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def run_once(label, path, idle_s):
    """One launch: (ms to first paint, PSS in KiB of the process tree after idle_s, processes)."""
    env = dict(os.environ, WABA_REPORT_FIRST_PAINT="1")
    with tempfile.TemporaryDirectory(prefix="waba-bench-data-") as data_dir:
        env["WABA_DATA_DIR"] = data_dir
        started = time.monotonic()
        process = subprocess.Popen(
            [path], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
        )
        try:
            selector = selectors.DefaultSelector()
            selector.register(process.stdout, selectors.EVENT_READ)
            buffered = b""
            painted = None
            while painted is None:
                left = START_DEADLINE_S - (time.monotonic() - started)
                if left <= 0 or process.poll() is not None:
                    raise SystemExit(
                        f"bench-window: {label} ({path}) printed no first-paint line within "
                        f"{START_DEADLINE_S} s (exit status {process.poll()}); is it built with "
                        "report_first_paint, and is there a display?"
                    )
                if selector.select(timeout=left):
                    chunk = os.read(process.stdout.fileno(), 4096)
                    buffered += chunk
                    for line in buffered.split(b"\n")[:-1]:
                        if line.startswith(b"first-paint "):
                            painted = time.monotonic()
                            break
                    buffered = buffered.rsplit(b"\n", 1)[-1]
            start_ms = (painted - started) * 1000
            # The idle period is the measurement itself: memory once the window has settled.
            time.sleep(idle_s)
            pids = process_tree(process.pid)
            pss = sum(pss_kib(pid) for pid in pids)
            names = sorted(command_name(pid) for pid in pids)
            return start_ms, pss, names
        finally:
            stop(process)


def figure(name, value, unit, op, goal, anchor):
    print(f"bench-figure\t{name}\t{value}\t{unit}\t{op}\t{goal}\t{anchor}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", required=True)
    parser.add_argument("--bare", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=float, default=10)
    args = parser.parse_args()

    results = {"app": [], "bare": []}
    for run in range(1, args.runs + 1):
        for label, path in (("app", args.app), ("bare", args.bare)):
            start_ms, pss, names = run_once(label, path, args.idle)
            results[label].append((start_ms, pss))
            print(
                f"  run {run} {label:<4}: first paint {start_ms:7.1f} ms, PSS {pss / 1024:6.1f} MiB "
                f"after {args.idle:g} s idle ({len(names)} processes: {', '.join(names)})",
                flush=True,
            )

    def medians(label):
        starts, psses = zip(*results[label])
        return statistics.median(starts), statistics.median(psses) / 1024

    app_start, app_pss = medians("app")
    bare_start, bare_pss = medians("bare")
    print(
        f"window: medians of {args.runs} launches: app {app_start:.1f} ms, {app_pss:.1f} MiB; "
        f"bare window {bare_start:.1f} ms, {bare_pss:.1f} MiB",
        flush=True,
    )
    figure(
        "app start (launch to first paint of the checklist) / bare window",
        f"{app_start / bare_start:.2f}",
        "",
        "<=",
        "1.3",
        f"app {app_start:.0f} ms, bare window {bare_start:.0f} ms (medians of {args.runs})",
    )
    figure(
        f"app PSS after {args.idle:g} s idle / bare window",
        f"{app_pss / bare_pss:.2f}",
        "",
        "<=",
        "1.15",
        f"app {app_pss:.1f} MiB, bare window {bare_pss:.1f} MiB (medians of {args.runs})",
    )


if __name__ == "__main__":
    sys.exit(main())
