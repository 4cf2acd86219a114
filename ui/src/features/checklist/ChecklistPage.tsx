// Home page: the eleven setup steps for the active profile, with overall progress and a live re-check.
import { KeyRound, RefreshCw } from "lucide-react";
import { useEffect } from "react";
import { Link } from "react-router";
import type { Checklist } from "../../bindings/Checklist";
import type { Profile } from "../../bindings/Profile";
import type { StepState } from "../../bindings/StepState";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine, Skeleton, Spinner } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { ProfileKindChip } from "../../components/ProfileKindChip";
import { STATE_TONE } from "../../components/StatusChip";
import { ipc } from "../../ipc";
import { useChecklist } from "../../lib/queries";
import { StepCard } from "./StepCard";
import "./checklist.css";

const STEP_COUNT = 11;

function legendLabel(state: StepState, count: number): string {
  switch (state) {
    case "pass":
      return `${count} passed`;
    case "warn":
      return `${count} ${count === 1 ? "warning" : "warnings"}`;
    case "fail":
      return `${count} failed`;
    case "notChecked":
      return `${count} not checked yet`;
  }
}

function Progress({ checklist, refreshing }: { checklist: Checklist; refreshing: boolean }) {
  const counts = checklist.steps.reduce<Partial<Record<StepState, number>>>((acc, s) => ({ ...acc, [s.state]: (acc[s.state] ?? 0) + 1 }), {});
  const percent = checklist.total ? Math.round((checklist.passed / checklist.total) * 100) : 0;
  return (
    <section className="card progress-card" data-testid="checklist-progress" aria-label="Progress">
      <div className="progress-card__top">
        <p className="progress-card__headline">
          <strong>
            {checklist.passed} of {checklist.total}
          </strong>{" "}
          steps pass
        </p>
        {refreshing && <LoadingLine>Re-checking with Meta…</LoadingLine>}
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Steps passed"
        aria-valuemin={0}
        aria-valuemax={checklist.total}
        aria-valuenow={checklist.passed}
      >
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <ul className="progress-card__legend">
        {(["pass", "warn", "fail", "notChecked"] as const).map((state) => (
          <li key={state} className={`legend legend--${STATE_TONE[state].tone}`}>
            <span className="legend__dot" aria-hidden />
            {legendLabel(state, counts[state] ?? 0)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function TokenCallToAction() {
  return (
    <div className="callout callout--accent cta">
      <KeyRound size={20} aria-hidden />
      <div className="callout__body">
        <h2 className="callout__title">Start with your System User token</h2>
        <p className="muted">
          The console checks your setup with Meta using the token of the profile. Nothing can be checked until one is stored.
        </p>
      </div>
      <Link className="btn btn--primary" to="/token">
        Paste your token
      </Link>
    </div>
  );
}

function ChecklistSkeleton() {
  return (
    <>
      <section className="card progress-card" aria-busy>
        <LoadingLine>Checking your setup with Meta…</LoadingLine>
        <Skeleton height={8} />
      </section>
      <ol className="steps" aria-hidden>
        {Array.from({ length: STEP_COUNT }, (_, i) => (
          <li key={i} className="step step--notChecked">
            <span className="step__number">{i + 1}</span>
            <div className="step__card stack" style={{ gap: "var(--space-2)" }}>
              <Skeleton width="45%" height={16} />
              <Skeleton width="80%" />
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}

/** Whether this launch's first paint of the checklist was reported already. */
let firstPaintReported = false;

/** Reports the first frame after the steps are rendered, once per launch: the app's start-up figure. */
function useReportFirstPaint(rendered: boolean) {
  useEffect(() => {
    if (!rendered || firstPaintReported) return;
    firstPaintReported = true;
    requestAnimationFrame(() => void ipc.reportFirstPaint("/").catch(() => undefined));
  }, [rendered]);
}

function ProfileChecklist({ profile }: { profile: Profile }) {
  const checklist = useChecklist(profile.id);
  useReportFirstPaint(checklist.data !== undefined);
  return (
    <>
      <PageHeader
        eyebrow="Setup checklist"
        title={
          <>
            {profile.name}
            <ProfileKindChip profile={profile} />
          </>
        }
        description="Every step between a Meta account and a delivered test message, checked against the API with this profile's token."
        actions={
          <button type="button" className="btn" onClick={() => void checklist.refetch()} disabled={checklist.isFetching}>
            {checklist.isFetching ? <Spinner /> : <RefreshCw size={16} aria-hidden />}
            Re-check
          </button>
        }
      />
      {checklist.isPending && <ChecklistSkeleton />}
      {checklist.isError && <ErrorCard error={checklist.error} onRetry={() => void checklist.refetch()} />}
      {checklist.data && (
        <div className="stack" style={{ gap: "var(--space-6)" }}>
          <Progress checklist={checklist.data} refreshing={checklist.isFetching} />
          {checklist.data.token.state === "missing" && <TokenCallToAction />}
          <ol className="steps">
            {checklist.data.steps.map((step, i) => (
              <StepCard key={step.id} step={step} number={i + 1} />
            ))}
          </ol>
        </div>
      )}
    </>
  );
}

export function ChecklistPage() {
  return <ActiveProfileGate>{(profile) => <ProfileChecklist key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
