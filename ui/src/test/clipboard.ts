// A stand-in for the system clipboard in UI tests: what the window wrote, or a clipboard that refuses (a denied permission).
import { vi } from "vitest";

/** Replaces `navigator.clipboard` (after user-event installed its own) and answers what was written to it. */
export function stubClipboard({ refuse = false }: { refuse?: boolean } = {}) {
  const written: string[] = [];
  const writeText = vi.fn((text: string) => {
    if (refuse) return Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
    written.push(text);
    return Promise.resolve();
  });
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  return { written, writeText };
}
