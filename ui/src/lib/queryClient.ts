// One QueryClient configuration for the app and the tests: errors are typed CommandErrors and nothing re-runs behind the user's back.
import { QueryClient } from "@tanstack/react-query";
import type { CommandError } from "../bindings/CommandError";

declare module "@tanstack/react-query" {
  interface Register {
    defaultError: CommandError;
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Retrying a refused command would only delay the error; the user re-checks on demand.
      // The checklist calls Meta, so it must not re-run on every focus or page visit.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5 * 60_000 },
      mutations: { retry: false },
    },
  });
}
