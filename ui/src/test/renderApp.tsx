// Renders the whole app at a route with a fresh query client, its IPC answered by the replay of answers recorded from the
// Rust service (src/test/replay.ts), with per-test overrides typed by the command map.
import { QueryClientProvider } from "@tanstack/react-query";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { AppRoutes } from "../App";
import { createQueryClient } from "../lib/queryClient";
import { COMMAND_NAMES, type CommandName } from "../bindings/commands";
import { dispatchOverride, type CommandOverrides } from "./commandHandlers";
import { createReplay, type Replay } from "./replay";

/** Per-test answers for some commands, keyed and typed by the commands declared in Rust. */
export type Overrides = CommandOverrides;

/** The sandbox's own token (`waba_sim::SANDBOX_TOKEN`), as the recordings hold it. */
export const SANDBOX_TOKEN = "EAAWsandboxTokenForWabaConsoleTestsOnly";

interface Options {
  route?: string;
  overrides?: Overrides;
  /** Store the sandbox token for the Sandbox profile before the window opens (a recorded set_token). */
  withToken?: boolean;
  /** A replay made (and moved on) by the test; a fresh one otherwise. */
  replay?: Replay;
  /** For user-event, e.g. `advanceTimers` under fake timers. */
  userOptions?: Parameters<typeof userEvent.setup>[0];
}

const isCommandName = (command: string): command is CommandName => (COMMAND_NAMES as readonly string[]).includes(command);

/** Stores the sandbox token the way the Token page does, as the recordings did. */
export function storeSandboxToken(replay: Replay) {
  return replay.run("set_token", { request: { profileId: "sandbox", token: SANDBOX_TOKEN, storeUnverified: false } });
}

export function renderApp({ route = "/", overrides = {}, withToken = false, replay = createReplay(), userOptions }: Options = {}) {
  if (withToken) storeSandboxToken(replay);
  mockIPC((command, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    if (isCommandName(command) && overrides[command] !== undefined) return dispatchOverride(overrides, command, payload, replay);
    return replay.handle(command, payload);
  });
  const user = userEvent.setup(userOptions);
  const view = render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[route]}>
        <AppRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...view, user, replay };
}
