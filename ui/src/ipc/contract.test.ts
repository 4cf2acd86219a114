// The command map generated from the Rust declarations (bindings/commands.ts) is what `call` and the fake backend are
// checked against. Each `@ts-expect-error` below is a renamed command, a renamed or retyped argument, or a wrong answer:
// if the map ever let one through, the directive would be unused and `tsc` (npm run typecheck, CI) would fail.
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { CommandAnswer, CommandArgs, Commands } from "../bindings/commands";
import { COMMAND_NAMES } from "../bindings/commands";
import type { TokenSaved } from "../bindings/TokenSaved";
import type { CommandHandlers, CommandOverrides } from "../test/commandHandlers";
import { createFakeBackend } from "../test/fakeBackend";
import { call } from "./commands";

/** Calls that must not type-check; never run. */
export function refusedByTheTypeChecker() {
  // @ts-expect-error a command name that is not declared (set_token renamed)
  void call("set_tokens", { request: { profileId: "p1", token: "EAAx", storeUnverified: false } });
  // @ts-expect-error an argument under another name than the declared one (profileId)
  void call("clear_token", { profile: "p1" });
  // @ts-expect-error a declared argument left out
  void call("diagnose", { input: "131047" });
  // @ts-expect-error an argument of the wrong type (limit is a number)
  void call("audit_log", { limit: "50" });
  // @ts-expect-error arguments for a command declared without any
  void call("app_info", { profileId: "p1" });
  // @ts-expect-error a command that takes arguments, called without them
  void call("get_checklist");

  const answers = async () => {
    // @ts-expect-error set_token answers TokenSaved, not a string
    const saved: string = await call("set_token", { request: { profileId: "p1", token: "EAAx", storeUnverified: false } });
    return saved;
  };
  void answers;

  // @ts-expect-error the fake backend's handler for a renamed command
  const renamed: Partial<CommandHandlers> = { clear_tokens: () => null };
  // @ts-expect-error a fake handler reading an argument the command does not have
  const wrongArg: Partial<CommandHandlers> = { clear_token: ({ profile }) => (profile ? null : null) };
  // @ts-expect-error a fake handler answering what the command does not answer
  const wrongAnswer: Partial<CommandHandlers> = { quality_history: () => "history" };
  // @ts-expect-error a test override for a command that is not declared
  const override: CommandOverrides = { quality_guides: () => null };
  return [renamed, wrongArg, wrongAnswer, override];
}

describe("the command map", () => {
  it("types each command's arguments and answer as declared in Rust", () => {
    expectTypeOf<CommandArgs<"set_token">>().toEqualTypeOf<Commands["set_token"]["args"]>();
    expectTypeOf<CommandAnswer<"set_token">>().toEqualTypeOf<TokenSaved>();
    expectTypeOf<CommandArgs<"diagnose">>().toEqualTypeOf<{ input: string; profileId: string | null }>();
    expectTypeOf<CommandAnswer<"clear_token">>().toEqualTypeOf<null>();
    expectTypeOf(call<"clear_token">).parameters.toEqualTypeOf<["clear_token", { profileId: string }]>();
  });

  it("sends the declared name and argument object, and the fake backend answers every declared command", async () => {
    const backend = createFakeBackend();
    const sent: [string, unknown][] = [];
    mockIPC((command, args) => {
      sent.push([command, args]);
      return backend.handle(command, args as Record<string, unknown>);
    });
    await expect(call("clear_token", { profileId: "sandbox" })).resolves.toBeNull();
    expect(sent).toEqual([["clear_token", { profileId: "sandbox" }]]);

    // Each declared name reaches a handler of the fake (none answers "no command"), whatever its arguments say.
    for (const name of COMMAND_NAMES) {
      const answer = backend.handle(name, {}).catch((e: unknown) => e);
      await expect(answer).resolves.not.toMatchObject({ message: expect.stringContaining("has no command") as unknown });
    }
    await expect(backend.handle("set_tokens", {})).rejects.toMatchObject({ message: "The fake backend has no command set_tokens." });
  });
});
