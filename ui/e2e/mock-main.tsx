// The e2e entry: the real app with its IPC answered by the in-memory fake backend (no Rust, no test code in the product bundle).
import { mockIPC } from "@tauri-apps/api/mocks";
import { createFakeBackend } from "../src/test/fakeBackend";

const backend = createFakeBackend({ latencyMs: 150 });
mockIPC((command, args) => backend.handle(command, args as Record<string, unknown> | undefined));

await import("../src/main");
