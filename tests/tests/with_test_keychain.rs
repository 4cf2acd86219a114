//! `scripts/with-test-keychain` leaves nothing behind: its temporary folder is removed and the
//! keyring daemon it started is stopped, whether the command succeeds, fails, or is stopped by a
//! signal; and the command's exit status (or the signal that stopped it) is the script's.
//!
//! Each run gets its own `TMPDIR`, so "nothing left" means that folder is empty afterwards.

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};

const SIGHUP: i32 = 1;
const SIGTERM: i32 = 15;

/// What the command prints first: its keyring folder, then the PID of the Secret Service on
/// its private bus.
const REPORT: &str = r#"echo "$XDG_DATA_HOME"; gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets | sed 's/^(uint32 \([0-9]*\),)$/\1/'"#;

struct Run {
    tmp: tempfile::TempDir,
    child: Child,
    /// The command waits for this to close before it goes on.
    stdin: Option<ChildStdin>,
    _stdout: BufReader<ChildStdout>,
    data_home: PathBuf,
    keyring_pid: u32,
}

/// Runs `sh -c "<report>; <wait for stdin to close>; <then>"` under the script with a fresh
/// TMPDIR, and reads the report.
fn start(then: &str) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let mut child =
        Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/with-test-keychain"))
            .args(["sh", "-c", &format!("{REPORT}; cat >/dev/null; {then}")])
            .env("TMPDIR", tmp.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let data_home = PathBuf::from(line.trim());
    line.clear();
    stdout.read_line(&mut line).unwrap();
    let keyring_pid = line
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("no Secret Service PID ({e}): {line:?}"));
    assert!(running(keyring_pid), "the report names the running keyring");
    Run {
        tmp,
        stdin: child.stdin.take(),
        child,
        _stdout: stdout,
        data_home,
        keyring_pid,
    }
}

/// Whether `pid` runs (a process that exited but was not reaped yet counts as gone).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
    })
}

impl Run {
    fn signal(&self, name: &str) {
        let sent = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// Waits for the script; asserts it left nothing behind.
    fn finish(mut self) -> ExitStatus {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        assert!(
            self.data_home.starts_with(self.tmp.path()),
            "{:?} is not under TMPDIR",
            self.data_home
        );
        let left: Vec<_> = std::fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        assert!(
            !running(self.keyring_pid),
            "the keyring daemon {} still runs",
            self.keyring_pid
        );
        status
    }
}

impl Drop for Run {
    /// A failed assertion must not leave the script waiting on its input.
    fn drop(&mut self) {
        drop(self.stdin.take());
    }
}

#[test]
fn the_commands_exit_status_is_kept_and_nothing_is_left() {
    assert_eq!(start("exit 0").finish().code(), Some(0));
    assert_eq!(start("exit 7").finish().code(), Some(7));
}

#[test]
fn a_signal_reaches_the_command_and_nothing_is_left() {
    for (name, number) in [("TERM", SIGTERM), ("HUP", SIGHUP)] {
        // The command runs (it waits on its input); it would then wait a minute more if the
        // signal did not reach it.
        let run = start("exec sleep 60");
        run.signal(name);
        let status = run.finish();
        assert_eq!(status.signal(), Some(number), "{name}: {status:?}");
    }
}
