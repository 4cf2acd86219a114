// The command map generated from the Rust declarations (bindings/commands.ts) is what `call`, the replay of recorded answers
// and the tests' overrides are checked against. Each `@ts-expect-error` below is a renamed command, a renamed or retyped argument, or a wrong answer:
// if the map ever let one through, the directive would be unused and `tsc` (npm run typecheck, CI) would fail.
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { CommandAnswer, CommandArgs, Commands } from "../bindings/commands";
import { COMMAND_NAMES } from "../bindings/commands";
import type { TokenSaved } from "../bindings/TokenSaved";
import type { CommandOverrides } from "../test/commandHandlers";
import { createReplay, recordings, takeRefusals } from "../test/replay";
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

  // @ts-expect-error a test override for a command that is not declared
  const renamed: CommandOverrides = { quality_guides: () => null };
  // @ts-expect-error a test override reading an argument the command does not have
  const wrongArg: CommandOverrides = { clear_token: ({ profile }) => (profile ? null : null) };
  // @ts-expect-error a test override answering what the command does not answer
  const wrongAnswer: CommandOverrides = { quality_history: () => "history" };
  const replay = createReplay();
  // @ts-expect-error the replay run with an argument of the wrong type
  replay.run("audit_log", { limit: "50" });
  return [renamed, wrongArg, wrongAnswer];
}

describe("the command map", () => {
  it("types each command's arguments and answer as declared in Rust", () => {
    expectTypeOf<CommandArgs<"set_token">>().toEqualTypeOf<Commands["set_token"]["args"]>();
    expectTypeOf<CommandAnswer<"set_token">>().toEqualTypeOf<TokenSaved>();
    expectTypeOf<CommandArgs<"diagnose">>().toEqualTypeOf<{ input: string; profileId: string | null }>();
    expectTypeOf<CommandAnswer<"clear_token">>().toEqualTypeOf<null>();
    expectTypeOf(call<"clear_token">).parameters.toEqualTypeOf<["clear_token", { profileId: string }]>();
  });

  it("sends the declared name and argument object, which the replay answers as recorded", async () => {
    const replay = createReplay();
    const sent: [string, unknown][] = [];
    mockIPC((command, args) => {
      sent.push([command, args]);
      return replay.handle(command, args as Record<string, unknown>);
    });
    await expect(call("list_profiles")).resolves.toMatchObject({ activeId: "sandbox" });
    await expect(call("clear_token", { profileId: "sandbox" })).rejects.toMatchObject({ message: expect.stringContaining("No recorded answer for clear_token") as unknown });
    expect(sent).toEqual([
      ["list_profiles", {}],
      ["clear_token", { profileId: "sandbox" }],
    ]);
    expect(takeRefusals()).toHaveLength(1);
  });

  it("has a recorded answer for every declared command, and only for declared commands", () => {
    const recorded = new Set(recordings().flatMap((r) => r.steps.flatMap((s) => ("command" in s ? [s.command] : []))));
    expect([...COMMAND_NAMES].filter((name) => !recorded.has(name))).toEqual([]);
    expect([...recorded].filter((name) => !(COMMAND_NAMES as readonly string[]).includes(name))).toEqual([]);
  });
});
