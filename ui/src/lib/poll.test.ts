// The provisioning schedule: doubling delays capped at maxMs, nothing after giveUpAfterMs; 14 reads in 5 minutes, 24 in all.
import { describe, expect, it } from "vitest";
import type { PollSchedule } from "../bindings/PollSchedule";
import { nextPollDelay, pollDelay, pollTimes } from "./poll";

const SCHEDULE: PollSchedule = { firstMs: 2000, maxMs: 30_000, giveUpAfterMs: 600_000 };

describe("poll schedule", () => {
  it("doubles from firstMs and stays at maxMs", () => {
    expect([1, 2, 3, 4, 5, 6, 50, 5000].map((n) => pollDelay(SCHEDULE, n))).toEqual([2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it("reads 14 times in the first 5 minutes and 24 times in all, never after the give-up time", () => {
    const times = pollTimes(SCHEDULE);
    expect(times.slice(0, 6)).toEqual([0, 2000, 6000, 14_000, 30_000, 60_000]);
    expect(times.filter((t) => t <= 300_000)).toHaveLength(14);
    expect(times).toHaveLength(24);
    expect(times.at(-1)).toBe(600_000);
  });

  it("says when the next read is due, or that the schedule is over", () => {
    expect(nextPollDelay(SCHEDULE, 0, 0, 0)).toBe(0);
    expect(nextPollDelay(SCHEDULE, 1, 1000, 1200)).toBe(2000);
    expect(nextPollDelay(SCHEDULE, 23, 0, 570_000)).toBe(30_000);
    expect(nextPollDelay(SCHEDULE, 24, 0, 600_000)).toBeNull();
    expect(nextPollDelay(SCHEDULE, 23, 0, 570_001)).toBeNull();
  });
});
