// The backoff the Rust side declares once (AppInfo.provisioningPoll): after read n, wait firstMs·2^(n−1), capped at maxMs;
// no read starts more than giveUpAfterMs after the first. Meta counts every read against the WABA's management budget.
import type { PollSchedule } from "../bindings/PollSchedule";

/** The wait after the `reads`-th read (reads ≥ 1). */
export function pollDelay(schedule: PollSchedule, reads: number): number {
  const doublings = Math.max(0, reads - 1);
  // 2^doublings overflows to Infinity long after the cap; min() keeps it at maxMs.
  return Math.min(schedule.maxMs, schedule.firstMs * 2 ** doublings);
}

/**
 * The wait before the next read, or null when the schedule is over: `reads` reads done, the first started at `firstAt`,
 * the last finished at `lastAt` (ms since the epoch).
 */
export function nextPollDelay(schedule: PollSchedule, reads: number, firstAt: number, lastAt: number): number | null {
  if (reads === 0) return 0;
  const delay = pollDelay(schedule, reads);
  return lastAt + delay - firstAt <= schedule.giveUpAfterMs ? delay : null;
}

/** When the reads of a whole schedule start, relative to the first (ms), assuming each read takes no time. */
export function pollTimes(schedule: PollSchedule): number[] {
  const times = [0];
  for (;;) {
    const last = times[times.length - 1] ?? 0;
    const next = last + pollDelay(schedule, times.length);
    if (next > schedule.giveUpAfterMs) return times;
    times.push(next);
  }
}
