// Vitest setup: jest-dom matchers, and a clean DOM, IPC mock, storage and theme between tests; a test whose window made a
// call the recordings cannot answer fails, naming the call.
import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach } from "vitest";
import { takeRefusals } from "./replay";

// findBy/waitFor wait for a state; this is how long before they give up (the default 1 s is short on a loaded machine).
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
  delete document.documentElement.dataset.theme;
  const refused = takeRefusals();
  if (refused.length) throw new Error(`The window made calls with no recorded answer:\n${refused.join("\n")}`);
});
