// Vite + Vitest config: the product build (dist/, loaded by Tauri) and the e2e build (dist-e2e/, with the mockIPC page).
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineConfig(({ mode }) => ({
  plugins: [react()],
  // Tauri prints its own output; keep Vite from wiping it.
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  // Only these variables reach the bundle (Tauri sets TAURI_ENV_* for the platform and debug flag).
  envPrefix: ["VITE_", "TAURI_ENV_*"],
  build: {
    target: "es2022",
    outDir: mode === "e2e" ? "dist-e2e" : "dist",
    emptyOutDir: true,
    rolldownOptions: mode === "e2e" ? { input: { main: "index.html", mock: "e2e/mock.html" } } : undefined,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    // Safety nets, not pacing: tests wait on states (findBy, waitFor); a loaded 2-core CI machine may take seconds.
    testTimeout: 30_000,
  },
}));
