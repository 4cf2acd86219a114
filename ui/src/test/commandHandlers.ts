// Per-test overrides of the replayed backend, typed against the commands declared in Rust (bindings/commands.ts): a
// command renamed there, or an argument or answer changed, fails the type check here as it does in src/ipc.
import type { CommandAnswer, CommandArgs, CommandName } from "../bindings/commands";
import type { Replay } from "./replay";

/** Answers one command in place of the recordings: the declared arguments in, the declared answer out (or a thrown CommandError). */
export type CommandOverride<C extends CommandName> = (args: CommandArgs<C>, replay: Replay) => CommandAnswer<C> | Promise<CommandAnswer<C>>;

/** Per-test replacements for some commands, keyed by the declared names. */
export type CommandOverrides = { [C in CommandName]?: CommandOverride<C> };

/**
 * The one escape from the command map: an answer the command does not declare, for a test that breaks a page on purpose
 * (a contract mismatch). Nothing else may use it.
 */
export function undeclaredAnswer<C extends CommandName>(value: unknown): CommandAnswer<C> {
  return value as CommandAnswer<C>;
}

/** Calls `overrides[command]` with the arguments as they arrived (mockIPC hands them over untyped, as `invoke` sent them). */
export function dispatchOverride<C extends CommandName>(overrides: CommandOverrides, command: C, args: Record<string, unknown>, replay: Replay): unknown {
  const override = overrides[command];
  return override?.(args as CommandArgs<C>, replay);
}
