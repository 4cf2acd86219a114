// ESLint flat config: type-aware TypeScript rules, React hooks rules, and the one-IPC-module boundary.
import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "dist-e2e", "test-results", "node_modules", "src/bindings"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked, reactHooks.configs.flat.recommended],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Rejections carry the backend's typed CommandError object, not an Error.
      "@typescript-eslint/only-throw-error": [
        "error",
        { allow: [{ from: "file", name: "CommandError", path: "src/bindings/CommandError.ts" }] },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@tauri-apps/*"], message: "Only src/ipc/ talks to Tauri; import from src/ipc instead." }] },
      ],
    },
  },
  {
    // The IPC module owns Tauri; tests and the e2e page replace it with mockIPC.
    files: ["src/ipc/**", "src/test/**", "**/*.test.{ts,tsx}", "e2e/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["**/*.{js,mjs}"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    // End-to-end tests also hand functions to the page (execute/evaluate), which run with browser globals.
    files: ["e2e/**/*.mjs"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
