// The e2e entry: the real app with its IPC answered by the replay of answers recorded from the Rust service against the
// sandbox (src/test/replay.ts; no Rust, no test code in the product bundle), with a latency so loading states show.
import { mockIPC } from "@tauri-apps/api/mocks";
import type { QualityPoint } from "../src/bindings/QualityPoint";
import { createReplay, Unrecorded } from "../src/test/replay";

const DAY = 24 * 3600 * 1000;
const reading = (daysAgo: number, rating: string, messagingLimit: string): QualityPoint => ({
  at: new Date(Date.now() - daysAgo * DAY).toISOString(),
  phoneNumberId: "106540352242922",
  rating,
  messagingLimit,
  source: "read",
});

// Earlier doctor runs over four weeks, so the Quality page has a history to draw: the service stamps readings with the
// wall clock, which a recording made in seconds cannot spread out. The only answer here that Rust did not give.
const qualityHistory: QualityPoint[] = [
  reading(27, "NA", "TIER_250"),
  reading(20, "GREEN", "TIER_250"),
  reading(13, "GREEN", "TIER_2K"),
  reading(8, "YELLOW", "TIER_2K"),
  reading(3, "GREEN", "TIER_2K"),
];

const replay = createReplay({ latencyMs: 150 });
// A call with no recorded answer goes to the console too, where e2e/mock-ipc.test.mjs fails on it.
const answer = (command: string, args: Record<string, unknown> | undefined) =>
  replay.handle(command, args).catch((e: unknown) => {
    if (e instanceof Unrecorded) console.error(e.message);
    throw e;
  });
mockIPC((command, args) => (command === "quality_history" ? Promise.resolve(qualityHistory) : answer(command, args as Record<string, unknown> | undefined)));

await import("../src/main");
