// The route table: every page inside the app shell. Routers and providers are supplied by main.tsx (or the tests).
import { FileQuestion } from "lucide-react";
import { lazy } from "react";
import { Link, Route, Routes } from "react-router";
import { AppShell } from "./components/AppShell";
import { EmptyState } from "./components/EmptyState";
import { ChecklistPage } from "./features/checklist/ChecklistPage";
import { ProfilesPage } from "./features/profiles/ProfilesPage";
import { TokenPage } from "./features/token/TokenPage";

// The Diagnose pages load on first visit, keeping the first paint (the checklist) small.
const DoctorPage = lazy(() => import("./features/doctor/DoctorPage").then((m) => ({ default: m.DoctorPage })));
const DiagnosePage = lazy(() => import("./features/diagnose/DiagnosePage").then((m) => ({ default: m.DiagnosePage })));
const QualityPage = lazy(() => import("./features/quality/QualityPage").then((m) => ({ default: m.QualityPage })));
const VersionsPage = lazy(() => import("./features/versions/VersionsPage").then((m) => ({ default: m.VersionsPage })));
const NumbersPage = lazy(() => import("./features/numbers/NumbersPage").then((m) => ({ default: m.NumbersPage })));
const TemplatesPage = lazy(() => import("./features/templates/TemplatesPage").then((m) => ({ default: m.TemplatesPage })));
const TemplateEditorPage = lazy(() => import("./features/templates/TemplateEditorPage").then((m) => ({ default: m.TemplateEditorPage })));
const WebhooksPage = lazy(() => import("./features/webhooks/WebhooksPage").then((m) => ({ default: m.WebhooksPage })));
const AuditPage = lazy(() => import("./features/audit/AuditPage").then((m) => ({ default: m.AuditPage })));
const SendPage = lazy(() => import("./features/send/SendPage").then((m) => ({ default: m.SendPage })));
const BusinessProfilePage = lazy(() => import("./features/businessProfile/BusinessProfilePage").then((m) => ({ default: m.BusinessProfilePage })));
const MessagesPage = lazy(() => import("./features/messages/MessagesPage").then((m) => ({ default: m.MessagesPage })));

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
        <Route path="numbers" element={<NumbersPage />} />
        <Route path="numbers/:numberId" element={<NumbersPage />} />
        <Route path="business-profile" element={<BusinessProfilePage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="profiles" element={<ProfilesPage />} />
        <Route path="templates" element={<TemplatesPage />} />
        <Route path="templates/new" element={<TemplateEditorPage />} />
        <Route path="templates/:templateId" element={<TemplatesPage />} />
        <Route path="templates/:templateId/edit" element={<TemplateEditorPage />} />
        <Route path="send" element={<SendPage />} />
        <Route path="doctor" element={<DoctorPage />} />
        <Route path="diagnose" element={<DiagnosePage />} />
        <Route path="quality" element={<QualityPage />} />
        <Route path="versions" element={<VersionsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="messages" element={<MessagesPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
