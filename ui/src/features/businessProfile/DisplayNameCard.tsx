// Part 3 of the Business profile page, the display name: the verified name and its review as Meta reports them, what an
// unapproved name does to the messaging limit, the guidelines that get names rejected, and a new name checked as typed
// (a failing finding blocks it) and requested behind a confirmation, since Meta counts every change. While a review runs
// the page reads Meta again on a backoff; Meta's newest name-update webhook, once the receiver stored
// one, is shown with its decision.
import { BadgeCheck, Send, TriangleAlert } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import type { NameUpdate } from "../../bindings/NameUpdate";
import type { ProfilePage } from "../../bindings/ProfilePage";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyableUrl } from "../../components/CopyableUrl";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { ErrorCard } from "../../components/ErrorCard";
import { ExplainedChip } from "../../components/ExplainedChip";
import { Spinner } from "../../components/Loading";
import { RelativeTime } from "../../components/RelativeTime";
import { Chip, type Tone } from "../../components/StatusChip";
import { CheckedField } from "./fields";
import { nameInReview, useDisplayNameCheck, useFollowNameReview, useRequestDisplayName } from "./queries";

/** The tone of a name-update webhook's decision; DEFERRED and PENDING are still open. */
const DECISION_TONE: Record<string, Tone> = { APPROVED: "pass", REJECTED: "fail", DEFERRED: "warn", PENDING: "warn" };

/** "5 s", "5 min". */
function durationLabel(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

function NameUpdateNote({ update }: { update: NameUpdate }) {
  return (
    <div className="stack" style={{ gap: "var(--space-1)" }} data-testid="name-update" data-decision={update.decision}>
      <p className="row">
        <Chip tone={DECISION_TONE[update.decision] ?? "neutral"}>
          <span className="mono">{update.decision}</span>
        </Chip>
        <span className="muted">
          Meta&apos;s name-update webhook{update.requestedName ? ` for “${update.requestedName}”` : ""}, received <RelativeTime iso={update.receivedAt} />
        </span>
      </p>
      <p data-testid="name-update-meaning">
        {update.meaning}
        {update.rejectionReason && (
          <>
            {" "}
            (Meta: <span className="mono">{update.rejectionReason}</span>)
          </>
        )}
      </p>
    </div>
  );
}

/** While Meta reviews the name: reads the page again on the review backoff, and says so. */
function NameReviewFollow({ profileId }: { profileId: string }) {
  const schedule = useFollowNameReview(profileId);
  return (
    <p className="muted" role="status" data-testid="name-review-follow">
      While Meta reviews the name, this page reads Meta again
      {schedule
        ? `: after ${durationLabel(schedule.firstMs)}, then less and less often (at most every ${durationLabel(schedule.maxMs)}) for up to ${durationLabel(schedule.giveUpAfterMs)}, `
        : " on a backoff "}
      while this window is visible; Read again checks at once. Meta&apos;s name-update webhook shows here once the receiver (see the{" "}
      <Link to="/webhooks">Webhooks page</Link>) has stored one.
    </p>
  );
}

export function DisplayNameCard({ page }: { page: ProfilePage }) {
  const { displayName, rules } = page;
  const [name, setName] = useState("");
  const [confirming, setConfirming] = useState(false);
  const typed = name.trim();
  const check = useDisplayNameCheck(typed ? typed : null, displayName.verifiedName);
  const request = useRequestDisplayName(page.profileId);
  const findings = check.answer ?? [];
  const fails = findings.filter((f) => f.severity === "fail");
  const reason = request.isPending
    ? "Sending the request…"
    : !typed
      ? "Type the new name first."
      : check.query.isError
        ? "The name could not be checked: see why above."
        : !check.current
          ? "Checking the name…"
          : fails.length
            ? "Meta rejects names like this one: fix what is said under the field."
            : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason === null) setConfirming(true);
  }

  return (
    <section className="card" aria-labelledby="bp-name-title" data-testid="display-name-card">
      <header className="card__header">
        <h2 className="card__title" id="bp-name-title">
          Display name
        </h2>
        <ExplainedChip explained={displayName.nameStatus} absent="NO STATUS" testId="name-status" />
      </header>
      <div className="card__body stack">
        <dl className="facts">
          <dt>Verified name</dt>
          <dd data-testid="verified-name">{displayName.verifiedName ?? <span className="muted">None yet</span>}</dd>
          {(displayName.newDisplayName || displayName.newNameStatus) && (
            <>
              <dt>Requested name</dt>
              <dd className="row" data-testid="new-display-name">
                {displayName.newDisplayName ?? <span className="muted">—</span>}
                <ExplainedChip explained={displayName.newNameStatus} absent="NO STATUS" testId="new-name-status" />
              </dd>
            </>
          )}
        </dl>
        <p data-testid="name-summary">{displayName.summary}</p>
        {displayName.lastUpdate && <NameUpdateNote update={displayName.lastUpdate} />}
        {nameInReview(displayName) && <NameReviewFollow profileId={page.profileId} />}
        {!displayName.approved && (
          <div className="callout callout--warn" data-testid="name-limited">
            <TriangleAlert size={18} aria-hidden />
            <div className="callout__body">
              <p>{rules.limitedByName}</p>
            </div>
          </div>
        )}
        <div className="stack bp-guidelines" style={{ gap: "var(--space-2)" }}>
          <h3 className="bp-subtitle">What gets a name rejected</h3>
          <ul className="bp-list">
            {rules.displayNameGuidelines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p className="muted">{rules.nameReviewHow}</p>
          <p className="bp-manager">
            <span className="muted">WhatsApp Manager, in your browser: </span>
            <CopyableUrl url={displayName.managerUrl} />
          </p>
        </div>
        <form className="stack" onSubmit={submit} noValidate aria-label="Request a new name">
          <CheckedField
            id="display-name-new"
            label="Request a new name"
            value={name}
            errors={typed ? fails.map((f) => f.message) : []}
            warnings={typed ? findings.filter((f) => f.severity === "warn").map((f) => f.message) : []}
            hint={`Meta reviews each new name; a number has at most ${rules.maxNameChangesPer30Days} name changes in 30 days.`}
          >
            {(control) => <input {...control} className="input" type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="display-name-input" />}
          </CheckedField>
          {check.query.isError && <ErrorCard error={check.query.error} />}
          {request.error && <ErrorCard error={request.error} />}
          {request.isSuccess && (
            <p className="bp-ok" role="status" data-testid="display-name-requested">
              <BadgeCheck size={15} aria-hidden />
              Requested: Meta reviews “{request.variables}” now. The page reads Meta again on a backoff while the review runs, and shows Meta&apos;s
              name-update webhook once the receiver has stored one.
            </p>
          )}
          <div className="row bp-actions">
            <button type="submit" className="btn btn--primary" disabled={reason !== null} aria-describedby="display-name-reason" data-testid="display-name-submit">
              {request.isPending ? <Spinner /> : <Send size={15} aria-hidden />}
              Request the new name
            </button>
            {typed && <CopyCurlButton profileId={page.profileId} call={{ kind: "requestDisplayName", newName: typed }} what="Request a new display name" testId="display-name-copy-curl" />}
            <span id="display-name-reason" className="muted">
              {reason}
            </span>
          </div>
        </form>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        testId="display-name-dialog"
        confirmTestId="confirm-name-button"
        title={`Request “${typed}” as the display name?`}
        description={`Meta reviews the new name before customers see it, and the request uses one of the ${rules.maxNameChangesPer30Days} name changes a number has in 30 days.`}
        confirmLabel="Request the name"
        onConfirm={() =>
          request.mutate(typed, {
            onSuccess: () => setName(""),
          })
        }
      />
    </section>
  );
}
