// Audit log page: every action the console took for the admin, newest first, with the hash chain's verdict
// (intact, or which entries were changed or deleted) and CSV/JSON export.
import { ScrollText, ShieldAlert, ShieldCheck } from "lucide-react";
import type { AuditVerification } from "../../bindings/AuditVerification";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { ExportButtons } from "../../components/ExportButtons";
import { LoadingLine, Skeleton } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { ipc } from "../../ipc";
import { useAuditLog } from "../../lib/queries";
import { AuditTable } from "./AuditTable";
import "./audit.css";

function Verdict({ verification }: { verification: AuditVerification }) {
  if (verification.intact) {
    return (
      <div className="callout callout--pass audit-verdict" data-testid="audit-verdict" data-intact="true" role="status">
        <ShieldCheck size={18} aria-hidden />
        <div className="callout__body">
          <p className="callout__title">
            Intact: {verification.entriesChecked} {verification.entriesChecked === 1 ? "entry" : "entries"}, every hash checks out
          </p>
          <p className="muted">Each entry carries the hash of the one before it, so an edited or deleted entry would show here.</p>
        </div>
      </div>
    );
  }
  return (
    <div className="callout callout--fail audit-verdict" data-testid="audit-verdict" data-intact="false" role="alert">
      <ShieldAlert size={18} aria-hidden />
      <div className="callout__body">
        <p className="callout__title">The log was changed after it was recorded</p>
        <ul className="audit-findings">
          {verification.findings.map((f, i) => (
            <li key={`${f.kind}-${f.entryId}-${i}`} data-kind={f.kind}>
              {f.message}
            </li>
          ))}
        </ul>
        <p className="muted">
          {verification.entriesChecked} {verification.entriesChecked === 1 ? "entry was" : "entries were"} checked. Flagged rows are marked below; keep an
          export of the log before anything else changes it.
        </p>
      </div>
    </div>
  );
}

export function AuditPage() {
  const log = useAuditLog();
  const flags = new Map<number, string>();
  for (const f of log.data?.verification.findings ?? []) {
    if (f.entryId !== null) flags.set(f.entryId, flags.has(f.entryId) ? `${flags.get(f.entryId)} ${f.message}` : f.message);
  }
  const entries = log.data?.entries ?? [];
  const shown = entries.length;
  const total = log.data?.verification.entriesChecked ?? 0;

  return (
    <>
      <PageHeader
        eyebrow="All profiles"
        title="Audit log"
        description="Every action WABA Console took on your behalf, with its outcome, Graph error code and duration. Never a token or PIN."
      />
      {log.isPending && (
        <div className="stack">
          <LoadingLine>Reading the audit log and checking its hashes…</LoadingLine>
          <Skeleton height={56} />
          <Skeleton height={240} />
        </div>
      )}
      {log.isError && <ErrorCard error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && (
        <div className="stack" style={{ gap: "var(--space-5)" }}>
          <Verdict verification={log.data.verification} />
          <div className="audit-toolbar">
            <p className="muted audit-toolbar__count">
              {shown < total ? `The newest ${shown} of ${total} entries; the export holds them all.` : `${shown} ${shown === 1 ? "entry" : "entries"}, newest first.`}
            </p>
            <ExportButtons
              choices={[
                { format: "csv", label: "Export CSV" },
                { format: "json", label: "Export JSON" },
              ]}
              onExport={ipc.exportAudit}
            />
          </div>
          {shown === 0 ? (
            <div className="card">
              <EmptyState icon={ScrollText} title="Nothing recorded yet">
                Adding a profile, storing a token or switching profiles is recorded here.
              </EmptyState>
            </div>
          ) : (
            <section className="card audit-card" aria-label="Entries">
              <AuditTable entries={entries} flags={flags} />
            </section>
          )}
        </div>
      )}
    </>
  );
}
