// The e2e entry: the real app with its IPC answered by the in-memory fake backend (no Rust, no test code in the product bundle).
import { mockIPC } from "@tauri-apps/api/mocks";
import type { QualityPoint } from "../src/bindings/QualityPoint";
import { createFakeBackend } from "../src/test/fakeBackend";

const DAY = 24 * 3600 * 1000;
const reading = (daysAgo: number, rating: string, messagingLimit: string): QualityPoint => ({
  at: new Date(Date.now() - daysAgo * DAY).toISOString(),
  phoneNumberId: "106540352242922",
  rating,
  messagingLimit,
  source: "read",
});

// Earlier doctor runs, so the Quality page has a history to draw.
const qualityHistory = {
  sandbox: [
    reading(27, "NA", "TIER_250"),
    reading(20, "GREEN", "TIER_250"),
    reading(13, "GREEN", "TIER_2K"),
    reading(8, "YELLOW", "TIER_2K"),
    reading(3, "GREEN", "TIER_2K"),
  ],
};

const backend = createFakeBackend({ latencyMs: 150, qualityHistory });
mockIPC((command, args) => backend.handle(command, args as Record<string, unknown> | undefined));

await import("../src/main");
