// Renders the whole app at a route with a fresh query client, its IPC answered by the fake backend (with per-test overrides).
import { QueryClientProvider } from "@tanstack/react-query";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { AppRoutes } from "../App";
import { createQueryClient } from "../lib/queryClient";
import { isCommandName, dispatch, type CommandOverrides } from "./commandHandlers";
import { createFakeBackend } from "./fakeBackend";

export type FakeBackend = ReturnType<typeof createFakeBackend>;

/** Per-test answers for some commands, keyed and typed by the commands declared in Rust. */
export type Overrides = CommandOverrides;

interface Options {
  route?: string;
  overrides?: Overrides;
  /** Tokens already in the (fake) keychain, by profile ID. */
  tokens?: Record<string, string>;
  /** A backend made by the test (with options, or to count calls); a default one otherwise. */
  backend?: FakeBackend;
  /** For user-event, e.g. `advanceTimers` under fake timers. */
  userOptions?: Parameters<typeof userEvent.setup>[0];
}

export function renderApp({ route = "/", overrides = {}, tokens = {}, backend = createFakeBackend(), userOptions }: Options = {}) {
  for (const [profileId, token] of Object.entries(tokens)) backend.tokens.set(profileId, token);
  mockIPC((command, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    const overridden = isCommandName(command) && overrides[command] !== undefined;
    return overridden ? dispatch(overrides, command, payload) : backend.handle(command, payload);
  });
  const user = userEvent.setup(userOptions);
  const view = render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[route]}>
        <AppRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...view, user, backend };
}
