// The route table: every page inside the app shell. Routers and providers are supplied by main.tsx (or the tests).
import { FileQuestion } from "lucide-react";
import { Link, Route, Routes } from "react-router";
import { AppShell } from "./components/AppShell";
import { EmptyState } from "./components/EmptyState";
import { ChecklistPage } from "./features/checklist/ChecklistPage";
import { ProfilesPage } from "./features/profiles/ProfilesPage";
import { TokenPage } from "./features/token/TokenPage";

function NotFound() {
  return (
    <div className="card">
      <EmptyState
        icon={FileQuestion}
        title="This page does not exist"
        action={
          <Link className="btn" to="/">
            Back to the checklist
          </Link>
        }
      />
    </div>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<ChecklistPage />} />
        <Route path="token" element={<TokenPage />} />
        <Route path="profiles" element={<ProfilesPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
