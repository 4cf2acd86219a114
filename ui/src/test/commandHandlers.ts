// The fake backend's command table, typed against the commands declared in Rust (bindings/commands.ts): a command
// renamed there, or an argument renamed or retyped, fails the type check here as it does in src/ipc.
import type { CommandAnswer, CommandArgs, CommandName } from "../bindings/commands";
import { COMMAND_NAMES } from "../bindings/commands";

/** One handler per declared command, taking the declared arguments and returning the declared answer. */
export type CommandHandlers = { [C in CommandName]: (args: CommandArgs<C>) => CommandAnswer<C> };

/**
 * Per-test replacements for some commands, keyed by the declared names (a test may answer anything, e.g. to break a
 * page on purpose, and reads the argument object as it arrived).
 */
export type CommandOverrides = { [C in CommandName]?: (args: Record<string, unknown>) => unknown };

export function isCommandName(command: string): command is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(command);
}

/** Calls `handlers[command]` with the argument object mockIPC received (untyped: it arrives as `invoke` sent it). */
export function dispatch(handlers: CommandHandlers | CommandOverrides, command: CommandName, args: Record<string, unknown>): unknown {
  const handler = handlers[command] as ((args: Record<string, unknown>) => unknown) | undefined;
  return handler?.(args);
}
