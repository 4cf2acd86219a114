// The replay of recorded answers: reads answer the current state, changes move it on, the sandbox clock follows the test's
// clock, recorded times come back relative to it, and anything not recorded is refused by name.
import { afterEach, describe, expect, it, vi } from "vitest";
import { SANDBOX_TOKEN, storeSandboxToken } from "./renderApp";
import { createReplay, recordings, takeRefusals, Unrecorded } from "./replay";

const OWN = "106540352242922";

describe("the replay", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers a read from the current state, and a change moves the state on", () => {
    const replay = createReplay();
    expect(replay.run("list_profiles", {}).profiles.map((p) => p.id)).toEqual(["sandbox"]);
    const added = replay.run("add_profile", {
      profile: { name: "Acme support", appId: "634974688087057", wabaId: "102290129340398", phoneNumberId: OWN, apiVersion: "v27.0", baseUrl: null },
    });
    expect(added.id).toBe("p2");
    expect(replay.run("list_profiles", {}).profiles.map((p) => p.id)).toEqual(["sandbox", "p2"]);
    expect(replay.path).toEqual([expect.stringMatching(/^add_profile\(/)]);
    expect(replay.calls.map((c) => [c.command, c.ok])).toEqual([
      ["list_profiles", true],
      ["add_profile", true],
      ["list_profiles", true],
    ]);
  });

  it("throws the recorded CommandError", () => {
    const replay = createReplay();
    let thrown: unknown;
    try {
      replay.run("list_numbers", { profileId: "sandbox" });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: "noToken" });
  });

  it("refuses a call it has no answer for in this state, naming the call, the state and the recorder", () => {
    const replay = createReplay();
    storeSandboxToken(replay);
    let refusal: unknown;
    try {
      replay.run("clear_token", { profileId: "p9" });
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(Unrecorded);
    const message = (refusal as Error).message;
    expect(message).toContain('No recorded answer for clear_token({"profileId":"p9"})');
    expect(message).toContain(`after set_token({"request":{"profileId":"sandbox","token":"${SANDBOX_TOKEN}","storeUnverified":false}})`);
    expect(message).toContain("src-tauri/src/recorded_answers.rs");
    expect(takeRefusals()).toEqual([message]);
    expect(() => replay.sandbox({ advanceClockMs: 1 })).toThrow(/No recording applies sandbox/);
    takeRefusals();
  });

  it("moves the sandbox clock on as the test's clock passes it: PENDING until the provisioning delay, then CONNECTED", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const replay = createReplay();
    storeSandboxToken(replay);
    replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
    replay.sandbox({ provisioningDelayMs: 5 * 60_000 });
    replay.run("register_number", { request: { profileId: "sandbox", phoneNumberId: OWN, pin: "246810", dataLocalizationRegion: null, confirmed: false } });
    const status = () => replay.run("number_health", { request: { profileId: "sandbox", phoneNumberId: OWN } }).status?.value;
    expect(status()).toBe("PENDING");
    vi.advanceTimersByTime(5 * 60_000 - 1);
    expect(status()).toBe("PENDING");
    vi.advanceTimersByTime(1);
    expect(status()).toBe("CONNECTED");
  });

  it("gives recorded times relative to the test's clock", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2030-06-01T08:00:00Z") });
    const replay = createReplay();
    storeSandboxToken(replay);
    const budget = replay.run("attempt_budget", { request: { phoneNumberId: OWN, kind: "register" } });
    expect(budget.used).toBe(0);
    const [entry] = replay.run("audit_log", { limit: 1000 }).entries;
    expect(entry?.at).toBe("2030-06-01T08:00:00Z");
  });

  it("holds only sessions that start from a first start and steps that answered or failed", () => {
    expect(recordings().length).toBeGreaterThan(10);
    for (const recording of recordings()) {
      for (const step of recording.steps) {
        if ("command" in step) expect(Number("answer" in step) + Number("error" in step)).toBe(1);
      }
    }
  });
});
