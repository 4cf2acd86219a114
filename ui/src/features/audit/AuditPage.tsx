// Audit log page: every action the console took for the admin, newest first, with the keyed hash chain's
// verdict (intact; which entries were changed, deleted, moved or cut off; or why it could not be checked:
// the key is missing from the keychain or another one), what the chain does and does not prove, and
// CSV/JSON export.
import { KeyRound, ScrollText, ShieldAlert, ShieldCheck } from "lucide-react";
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

const countEntries = (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`;

/** The oldest entries, from before the chain was keyed: said plainly, as they prove less. */
function UnkeyedNote({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <p className="muted" data-testid="audit-unkeyed">
      The oldest {countEntries(count)} {count === 1 ? "was" : "were"} recorded before the log was keyed, so {count === 1 ? "it is" : "they are"} checked
      with an unkeyed hash only: anyone who could edit the database then could have rewritten {count === 1 ? "it" : "them"}. Changing{" "}
      {count === 1 ? "it" : "them"} now would show, because the keyed entries start from {count === 1 ? "its" : "their"} last hash.
    </p>
  );
}

function Verdict({ verification }: { verification: AuditVerification }) {
  if (verification.intact) {
    return (
      <div className="callout callout--pass audit-verdict" data-testid="audit-verdict" data-intact="true" data-key={verification.key} role="status">
        <ShieldCheck size={18} aria-hidden />
        <div className="callout__body">
          <p className="callout__title">
            Intact: {countEntries(verification.entriesChecked)}, every hash checks out
          </p>
          <p className="muted">
            Each entry is signed together with the one before it, using a key kept in your OS keychain, so an entry edited, deleted, moved or
            cut off without that key would show here.
          </p>
          <UnkeyedNote count={verification.unkeyedEntries} />
        </div>
      </div>
    );
  }
  if (verification.findings.length === 0) {
    // Nothing is broken that could be checked, but the key needed to check the rest is not usable.
    return (
      <div className="callout callout--warn audit-verdict" data-testid="audit-verdict" data-intact="false" data-key={verification.key} role="alert">
        <KeyRound size={18} aria-hidden />
        <div className="callout__body">
          <p className="callout__title">The log could not be checked: {verification.key === "mismatch" ? "the keychain holds another audit key" : "its key is not available"}</p>
          {verification.keyProblem && <p data-testid="audit-key-problem">{verification.keyProblem}</p>}
          <p className="muted">
            {countEntries(verification.unverifiedEntries)} could not be checked and {verification.entriesChecked} could. This is not a sign of
            tampering; new actions are not recorded until the key is back.
          </p>
          <UnkeyedNote count={verification.unkeyedEntries} />
        </div>
      </div>
    );
  }
  return (
    <div className="callout callout--fail audit-verdict" data-testid="audit-verdict" data-intact="false" data-key={verification.key} role="alert">
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
        {verification.keyProblem && <p data-testid="audit-key-problem">{verification.keyProblem}</p>}
        <p className="muted">
          {verification.entriesChecked} {verification.entriesChecked === 1 ? "entry was" : "entries were"} checked. Flagged rows are marked below; keep an
          export of the log before anything else changes it.
        </p>
        <UnkeyedNote count={verification.unkeyedEntries} />
      </div>
    </div>
  );
}

/** What the chain proves, and what it does not: shown with every verdict. */
function WhatItProves() {
  return (
    <section className="card audit-proof" data-testid="audit-proof" aria-label="What the chain proves">
      <p>
        <strong>What this proves.</strong> Every entry carries an HMAC-SHA256 over its own fields and the entry before it, made with a key that
        lives in your OS keychain, not in the database. Someone who can change the database file but cannot read your keychain cannot edit,
        delete, reorder or cut off entries without it showing here.
      </p>
      <p className="muted">
        <strong>What it does not prove.</strong> It does not stop someone who has both the database and the keychain key (for example a program
        running as you), and it cannot tell the whole file swapped for an older copy of itself. It only covers what this console did: actions
        taken elsewhere (WhatsApp Manager, the Graph API Explorer, other tools using the same token) never reach it.
      </p>
    </section>
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
          <WhatItProves />
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
