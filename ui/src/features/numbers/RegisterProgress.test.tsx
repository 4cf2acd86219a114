// Following a registration without breaking Meta's management-call limit: the reads follow AppInfo.provisioningPoll
// (14 in the first 5 minutes, 24 in all), stop at CONNECTED, and stop at the give-up time with "still PENDING: check again".
// Fake timers drive the clock; every number_health call after the register call is counted.
import { act, screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { renderApp, storeSandboxToken } from "../../test/renderApp";
import { createReplay, recordedAnswer, recordedError } from "../../test/replay";
import { withFakeTimers } from "../../test/fakeTimers";

const MINUTE = 60_000;
const SCHEDULE = recordedAnswer("app_info", {}).provisioningPoll;

/** Moves the fake clock and lets every promise and render it causes settle. */
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

/** The console's own refusal past its read budget, as the service gave it (recorded with a budget of 3 reads an hour). */
const RATE_LIMITED = recordedError("number_health", { request: { profileId: "sandbox", phoneNumberId: "106540352242922" } }, "read-budget");

/** The healthy sandbox with the sandbox token and a provisioning delay the recorder also used; the number registered again. */
async function registerWithProvisioning(provisioningMs: number, refuseReads: number[] = []) {
  const replay = createReplay();
  storeSandboxToken(replay);
  replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
  replay.sandbox({ provisioningDelayMs: provisioningMs });
  let registeredAt: number | null = null;
  const reads: number[] = [];
  const view = renderApp({
    route: "/numbers",
    replay,
    userOptions: { advanceTimers: (ms) => vi.advanceTimersByTime(ms) },
    overrides: {
      register_number: (args) => {
        registeredAt = Date.now();
        return replay.run("register_number", args);
      },
      number_health: (args) => {
        if (registeredAt !== null) {
          reads.push(Date.now() - registeredAt);
          if (refuseReads.includes(reads.length)) throw RATE_LIMITED;
        }
        return replay.run("number_health", args);
      },
    },
  });
  await advance(0);
  const card = await screen.findByTestId("register-card");
  await advance(0);
  await view.user.type(within(card).getByTestId("register-pin"), "246810");
  await view.user.click(within(card).getByTestId("register-submit"));
  await advance(0);
  expect(registeredAt).not.toBeNull();
  return { ...view, reads };
}

describe("RegisterProgress", () => {
  // The page is lazy; load it with real time, so fake time never outruns the import.
  beforeAll(() => import("./NumbersPage"));
  withFakeTimers();

  it("reads on the schedule during a 5-minute provisioning: 14 reads, the last one CONNECTED, then none", async () => {
    const { reads } = await registerWithProvisioning(5 * MINUTE);
    expect(screen.getByTestId("register-progress")).toHaveAttribute("data-state", "following");
    expect(reads).toEqual([0]);

    await advance(MINUTE);
    expect(reads).toEqual([0, 2000, 6000, 14_000, 30_000, 60_000]);
    expect(screen.getByTestId("register-progress")).toHaveTextContent("(now PENDING)");

    await advance(4 * MINUTE);
    expect(reads).toHaveLength(14);
    expect(reads.at(-1)).toBe(5 * MINUTE);
    expect(await screen.findByTestId("register-done")).toHaveTextContent("is CONNECTED");
    expect(screen.queryByTestId("register-progress")).not.toBeInTheDocument();

    await advance(30 * MINUTE);
    expect(reads).toHaveLength(14);
  });

  it("gives up after the schedule's time with 'still PENDING', reads once per 'Check again', and stops at CONNECTED", async () => {
    const { reads, user } = await registerWithProvisioning(60 * MINUTE);

    await advance(5 * MINUTE);
    expect(reads).toHaveLength(14);
    await advance(SCHEDULE.giveUpAfterMs - 5 * MINUTE);
    expect(reads).toHaveLength(24);
    expect(Math.max(...reads)).toBeLessThanOrEqual(SCHEDULE.giveUpAfterMs);
    const progress = screen.getByTestId("register-progress");
    expect(progress).toHaveAttribute("data-state", "gaveUp");
    expect(progress).toHaveTextContent("Still PENDING after 10 min");
    expect(screen.getByTestId("register-gave-up")).toHaveTextContent("The registration was sent and is not sent again.");
    expect(screen.getByTestId("register-elapsed")).toHaveTextContent("10 min 0 s");

    await advance(20 * MINUTE);
    expect(reads).toHaveLength(24);
    expect(screen.getByTestId("register-elapsed")).toHaveTextContent("30 min 0 s");

    await user.click(screen.getByTestId("register-check-again"));
    await advance(0);
    expect(reads).toHaveLength(25);
    expect(screen.getByTestId("register-progress")).toHaveAttribute("data-state", "gaveUp");
    await advance(10 * MINUTE);
    expect(reads).toHaveLength(25);

    await advance(30 * MINUTE);
    await user.click(screen.getByTestId("register-check-again"));
    await advance(0);
    expect(reads).toHaveLength(26);
    expect(await screen.findByTestId("register-done")).toHaveTextContent("is CONNECTED");
    await advance(30 * MINUTE);
    expect(reads).toHaveLength(26);
  });

  it("shows the console's own rateLimited refusal with when reads free up, and keeps following on the schedule", async () => {
    const { reads } = await registerWithProvisioning(5 * MINUTE, [2, 3]);
    await advance(2000);
    const warning = screen.getByTestId("register-poll-warning");
    expect(warning).toHaveTextContent("Wait about 1199 s");
    expect(warning).toHaveTextContent("the registration is not sent again");
    await advance(12_000);
    expect(reads).toEqual([0, 2000, 6000, 14_000]);
    expect(screen.queryByTestId("register-poll-warning")).not.toBeInTheDocument();
    expect(screen.getByTestId("register-progress")).toHaveAttribute("data-state", "following");
  });
});
