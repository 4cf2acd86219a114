// Entry point: error logging first, the theme before first paint, then the app with its query client and hash router (the
// webview serves one file).
import "./installErrorLogging";
import "./styles/fonts.css";
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/components.css";
import "./styles/layout.css";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router";
import { AppRoutes } from "./App";
import { createQueryClient } from "./lib/queryClient";
import { applyThemePreference, readThemePreference } from "./lib/theme";

applyThemePreference(readThemePreference());

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <HashRouter>
        <AppRoutes />
      </HashRouter>
    </QueryClientProvider>
  </StrictMode>,
);
