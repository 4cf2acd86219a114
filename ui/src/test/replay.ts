// The UI tests' backend: answers recorded from the real Rust service against the sandbox (src-tauri/src/recorded_answers.rs
// writes ui/src/test/recorded/*.json; CI fails when they are stale), replayed as a state machine. Every session of the
// recorder starts from a first start; a state is the sequence of changing steps taken so far, shared by every session that
// took the same ones. A read answers what was recorded in the current state; a changing call whose arguments match the
// next recorded change answers what was recorded and moves on; anything else is refused with an error naming the command,
// its arguments and the state, so a test can never get an answer Rust did not give.
import type { CommandAnswer, CommandArgs, CommandName } from "../bindings/commands";
import type { CommandError } from "../bindings/CommandError";
import { COMMAND_NAMES } from "../bindings/commands";

/** A sandbox control the recorder applied between two steps. */
export type SandboxControl =
  /** Meta cannot be reached: every Graph call's connection is dropped. */
  | { offline: true }
  /** How long a registered number reads PENDING. */
  | { provisioningDelayMs: number }
  /** The sandbox clock moved on: applied once the test's clock has moved as far since the change before. */
  | { advanceClockMs: number }
  /** Time passed between two steps (Meta wants register calls 10 s apart): applied when the test takes the step after it. */
  | { waitMs: number };

interface CallStep {
  command: CommandName;
  args: Record<string, unknown>;
  answer?: unknown;
  error?: CommandError;
  changes: boolean;
}
interface ControlStep {
  control: SandboxControl;
  changes: true;
}
type Step = CallStep | ControlStep;

export interface Recording {
  session: string;
  about: string;
  steps: Step[];
}

const RECORDINGS: Recording[] = Object.values(import.meta.glob<Recording>("./recorded/*.json", { eager: true, import: "default" }));

/** The recorder, named in every refusal. */
const RECORDER = "src-tauri/src/recorded_answers.rs (then run `scripts/with-test-keychain cargo test -p waba-console recorded` and commit ui/src/test/recorded)";

/** Answers that do not depend on the state (facts about the install, the guide, a paste diagnosed without a profile). */
function stateless(command: CommandName, args: Record<string, unknown>): boolean {
  return (
    command === "app_info" ||
    command === "sandbox_info" ||
    command === "quality_guide" ||
    command === "log_webview_error" ||
    command === "report_first_paint" ||
    (command === "diagnose" && (args.profileId ?? null) === null)
  );
}

const isCall = (step: Step): step is CallStep => "command" in step;

/** The recorder's time placeholders (`{{now+60s}}`, `{{now-120s|pacific}}`, `{{stamp}}`), which `render` fills in. */
const RENDERED_TIMES = /\{\{(?:now[+-]\d+s(?:\|pacific)?|stamp)\}\}/g;
const RENDERED_TIME = new RegExp(RENDERED_TIMES.source);

/** Whether `actual` (as the window sent it) is `recorded`: times the replay rendered match their `{{now…}}` form. */
function sameValue(recorded: unknown, actual: unknown): boolean {
  if ((recorded ?? null) === null || (actual ?? null) === null) return (recorded ?? null) === (actual ?? null);
  if (typeof recorded === "string" && typeof actual === "string") {
    // Only the recorder's own placeholders stand for a time; a `{{1}}` the admin typed (a template variable) is text.
    if (!RENDERED_TIME.test(recorded)) return recorded === actual;
    const pattern = recorded
      .split(RENDERED_TIMES)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".+?");
    return new RegExp(`^${pattern}$`, "s").test(actual);
  }
  if (Array.isArray(recorded) || Array.isArray(actual)) {
    return Array.isArray(recorded) && Array.isArray(actual) && recorded.length === actual.length && recorded.every((r, i) => sameValue(r, actual[i]));
  }
  if (typeof recorded === "object" && typeof actual === "object") {
    const r = recorded as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = new Set([...Object.keys(r), ...Object.keys(a)]);
    return [...keys].every((k) => sameValue(r[k], a[k]));
  }
  return recorded === actual;
}

function sameControl(a: SandboxControl, b: SandboxControl): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const PACIFIC = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Los_Angeles",
  weekday: "long",
  day: "2-digit",
  month: "short",
  year: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
});

/** `Monday, 30-Nov-26 03:53:29 PST`, as Graph writes times in its expired-session message. */
function pacificText(at: Date): string {
  const part = Object.fromEntries(PACIFIC.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.weekday}, ${part.day}-${part.month}-${part.year} ${part.hour}:${part.minute}:${part.second} ${part.timeZoneName}`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The recorded value with its times (`{{now+60s}}`, offsets from the recording's start) made relative to `origin`. */
function render(value: unknown, origin: number): unknown {
  if (typeof value === "string") {
    if (!value.includes("{{")) return value;
    return value.replace(/\{\{(now([+-]\d+)s(\|pacific)?|stamp)\}\}/g, (_all, _token: string, offset?: string, pacific?: string) => {
      const at = new Date(origin + Number(offset ?? 0) * 1000);
      if (offset === undefined) {
        return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}-${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
      }
      return pacific ? pacificText(at) : at.toISOString().replace(/\.\d{3}Z$/, "Z");
    });
  }
  if (Array.isArray(value)) return value.map((v) => render(v, origin));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, origin)]));
  return value;
}

/** Where one session stands: the index after its last change taken, and when (test clock) it was taken. */
interface Cursor {
  recording: Recording;
  pos: number;
  since: number;
}

/** The index of the first changing step at or after `from`, waits aside (the end of the steps when there is none). */
function nextChange(steps: Step[], from: number): number {
  let i = from;
  for (; i < steps.length; i++) {
    const step = steps[i];
    if (step?.changes && (isCall(step) || !("waitMs" in step.control))) break;
  }
  return i;
}

/** A call the recordings could not answer; the test fails with these (see setup.ts). */
const refusals: string[] = [];

/** The refusals since the last call, emptied. */
export function takeRefusals(): string[] {
  return refusals.splice(0);
}

export interface ReplayOptions {
  /** Delay of every answer in ms (the e2e page); 0 answers on the next microtask. */
  latencyMs?: number;
}

export interface Replay {
  /** Answers as the backend would (a promise that rejects with the recorded CommandError). */
  handle(command: string, args?: Record<string, unknown>): Promise<unknown>;
  /** Sends a command as something outside the window would (the CLI, another window), typed by the command map; answers
   *  at once, or throws the recorded CommandError. */
  run<C extends CommandName>(command: C, args: CommandArgs<C>): CommandAnswer<C>;
  /** Applies a sandbox control the recorder applied at this point (Meta offline, a provisioning delay). */
  sandbox(control: SandboxControl): void;
  /** Every call answered so far, in order (the window's and `run`'s). */
  readonly calls: { command: CommandName; args: Record<string, unknown>; ok: boolean }[];
  /** The changes taken so far, as `command(args)` or `sandbox(control)`. */
  readonly path: string[];
}

/** Raised for a call no recording answers in the current state. */
export class Unrecorded extends Error {}

export function createReplay({ latencyMs = 0 }: ReplayOptions = {}): Replay {
  const origin = Date.now();
  let cursors: Cursor[] = RECORDINGS.map((recording) => ({ recording, pos: 0, since: origin }));
  const calls: Replay["calls"] = [];
  const path: string[] = [];

  /** Takes every clock advance that is due by the test's clock. */
  function advanceClocks() {
    const now = Date.now();
    for (const cursor of cursors) {
      for (;;) {
        const at = nextChange(cursor.recording.steps, cursor.pos);
        const step = cursor.recording.steps[at];
        if (!step || isCall(step) || !("advanceClockMs" in step.control)) break;
        if (now - cursor.since < step.control.advanceClockMs) break;
        cursor.since += step.control.advanceClockMs;
        cursor.pos = at + 1;
      }
    }
  }

  type Match = { step: CallStep; cursor: Cursor; moveTo: number | null };

  /** What `cursor` answers to the call: a read of its state, or its next change. A wait changes nothing the window reads,
   *  so the state's reads extend past it, and a change after it takes it. */
  function matchIn(cursor: Cursor, command: CommandName, args: Record<string, unknown>): Match | null {
    const steps = cursor.recording.steps;
    let change: Match | null = null;
    for (let i = cursor.pos; i < steps.length; i++) {
      const step = steps[i];
      if (!step) break;
      if (!isCall(step)) {
        if ("waitMs" in step.control) continue;
        break;
      }
      const matches = step.command === command && sameValue(step.args, args);
      if (!step.changes) {
        if (matches) return { step, cursor, moveTo: null };
        continue;
      }
      if (matches && !change) change = { step, cursor, moveTo: i + 1 };
      break;
    }
    return change;
  }

  function describeState(): string {
    return path.length ? `after ${path.join(" → ")}` : "on a first start";
  }

  function answer(command: CommandName, args: Record<string, unknown>): unknown {
    advanceClocks();
    if (stateless(command, args)) {
      for (const recording of RECORDINGS) {
        const step = recording.steps.find((s): s is CallStep => isCall(s) && s.command === command && sameValue(s.args, args));
        if (step) return outcome(step);
      }
    }
    const matches = cursors.map((c) => matchIn(c, command, args)).filter((m): m is Match => m !== null);
    const reads = matches.filter((m) => m.moveTo === null);
    const chosen = reads[0] ?? matches[0];
    if (!chosen) {
      const message = `No recorded answer for ${command}(${JSON.stringify(args)}) ${describeState()}. Add this step to the session it belongs to in ${RECORDER}.`;
      refusals.push(message);
      throw new Unrecorded(message);
    }
    if (!reads.length) {
      // Every session that takes this change moves past it; the others drop out.
      const now = Date.now();
      cursors = matches.map((m) => ({ ...m.cursor, pos: m.moveTo ?? m.cursor.pos, since: now }));
      path.push(`${command}(${JSON.stringify(args)})`);
    }
    return outcome(chosen.step);
  }

  function outcome(step: CallStep): unknown {
    if (step.error) throw render(step.error, origin) as CommandError;
    return render(step.answer ?? null, origin);
  }

  async function handle(command: string, args: Record<string, unknown> = {}): Promise<unknown> {
    if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (!isCommandName(command)) throw new Unrecorded(`${command} is not a declared command.`);
    return run(command, args);
  }

  function run(command: CommandName, args: Record<string, unknown>): unknown {
    const sent = JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
    try {
      const result = answer(command, sent);
      calls.push({ command, args: sent, ok: true });
      return result;
    } catch (e) {
      calls.push({ command, args: sent, ok: false });
      throw e;
    }
  }

  return {
    handle,
    run: <C extends CommandName>(command: C, args: CommandArgs<C>) => run(command, args) as CommandAnswer<C>,
    sandbox(control: SandboxControl) {
      const next = cursors.filter((c) => {
        const step = c.recording.steps[nextChange(c.recording.steps, c.pos)];
        return step !== undefined && !isCall(step) && sameControl(step.control, control);
      });
      if (!next.length) {
        const message = `No recording applies sandbox(${JSON.stringify(control)}) ${describeState()}. Add it to a session in ${RECORDER}.`;
        refusals.push(message);
        throw new Unrecorded(message);
      }
      const now = Date.now();
      cursors = next.map((c) => ({ ...c, pos: nextChange(c.recording.steps, c.pos) + 1, since: now }));
      path.push(`sandbox(${JSON.stringify(control)})`);
    },
    calls,
    path,
  };
}

function isCommandName(command: string): command is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(command);
}

/** Every recording, for the tests of the replay itself. */
export function recordings(): readonly Recording[] {
  return RECORDINGS;
}

/**
 * The answer recorded for `command(args)` in any session (for a component test that renders one answer without the app),
 * or the recorded CommandError when `error` is set. Throws when none was recorded.
 */
export function recordedAnswer<C extends CommandName>(command: C, args: CommandArgs<C>): CommandAnswer<C> {
  for (const recording of RECORDINGS) {
    const step = recording.steps.find((s): s is CallStep => isCall(s) && s.command === command && sameValue(s.args, args) && s.error === undefined);
    if (step) return render(step.answer ?? null, Date.now()) as CommandAnswer<C>;
  }
  throw new Unrecorded(`No recorded answer for ${command}(${JSON.stringify(args)}) in any session; add it to ${RECORDER}.`);
}

/** The CommandError recorded for `command(args)` in `session` (or in any session). */
export function recordedError<C extends CommandName>(command: C, args: CommandArgs<C>, session?: string): CommandError {
  for (const recording of RECORDINGS.filter((r) => session === undefined || r.session === session)) {
    const step = recording.steps.find((s): s is CallStep => isCall(s) && s.command === command && sameValue(s.args, args) && s.error !== undefined);
    if (step?.error) return render(step.error, Date.now()) as CommandError;
  }
  throw new Unrecorded(`No recorded error for ${command}(${JSON.stringify(args)}) in ${session ?? "any session"}; add it to ${RECORDER}.`);
}
