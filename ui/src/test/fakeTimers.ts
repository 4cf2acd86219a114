// Fake timers for the tests that follow a poll schedule (a registration, a template in review): Testing Library's
// findBy/waitFor advance them too, because they see Jest's API.
import { afterEach, beforeEach, vi } from "vitest";

/** Installs fake timers (and a fake Date) before each test of the calling `describe`, and real ones after. */
export function withFakeTimers() {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    vi.stubGlobal("jest", { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });
}
