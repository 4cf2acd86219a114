// Doctor page: run every readiness check of the active profile at once (optionally against another API
// version), then read the verdicts, the evidence and the fixes; export the report for a ticket.
import { Play, Stethoscope } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import type { AppInfo } from "../../bindings/AppInfo";
import type { DoctorReport } from "../../bindings/DoctorReport";
import type { Profile } from "../../bindings/Profile";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { LoadingLine, Skeleton, Spinner } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { Select, type SelectOption } from "../../components/Select";
import { Chip } from "../../components/StatusChip";
import { formatDate } from "../../lib/format";
import { useAppInfo, useDoctorReport, useRunDoctor } from "../../lib/queries";
import { describeVersion, VERSION_STATUS } from "../../lib/versionStatus";
import { CheckCard } from "./CheckCard";
import { DoctorSummary } from "./DoctorSummary";
import "./doctor.css";

/** How many checks the doctor runs (CheckId has sixteen variants); shown before the first report says it. */
const CHECK_COUNT = 16;

function versionOptions(appInfo: AppInfo | undefined, profile: Profile): SelectOption[] {
  const versions = appInfo?.apiVersions ?? [];
  const options: SelectOption[] = versions.map((v) => ({
    value: v.name,
    label: v.name === profile.apiVersion ? `${v.name} (this profile)` : v.name,
    description: v.availableUntil ? `Served until ${formatDate(v.availableUntil)}` : "Newest: no end date announced",
    adornment: <Chip tone={VERSION_STATUS[v.status].tone}>{VERSION_STATUS[v.status].label}</Chip>,
  }));
  if (!versions.some((v) => v.name === profile.apiVersion)) {
    const mine = describeVersion(profile.apiVersion, versions);
    options.unshift({
      value: profile.apiVersion,
      label: `${profile.apiVersion} (this profile)`,
      description: mine.status === "newer" ? "Released after the console's version table" : "Not in the console's version table",
      adornment: <Chip tone={VERSION_STATUS[mine.status].tone}>{VERSION_STATUS[mine.status].label}</Chip>,
    });
  }
  return options;
}

function Running({ count }: { count: number }) {
  return (
    <div className="stack" aria-busy>
      <section className="card doctor-summary doctor-running" data-testid="doctor-running">
        <LoadingLine>Checking {count} things at once…</LoadingLine>
        <Skeleton height={8} />
      </section>
      <ol className="checks" aria-hidden>
        {Array.from({ length: 5 }, (_, i) => (
          <li key={i} className="check check--skipped">
            <div className="check__card stack" style={{ gap: "var(--space-2)" }}>
              <Skeleton width="40%" height={16} />
              <Skeleton width="75%" />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Report({ report, onRerun, rerunning }: { report: DoctorReport; onRerun: () => void; rerunning: boolean }) {
  const titleOf = (id: string | null) => report.checks.find((c) => c.id === id)?.title ?? null;
  return (
    <div className="stack" style={{ gap: "var(--space-5)" }}>
      <DoctorSummary report={report} />
      <ol className="checks" aria-label="Checks">
        {report.checks.map((check) => (
          <CheckCard key={check.id} check={check} profileId={report.profileId} apiVersion={report.apiVersion} blockerTitle={titleOf(check.skippedBecause)} onRerun={onRerun} rerunning={rerunning} />
        ))}
      </ol>
    </div>
  );
}

function ProfileDoctor({ profile }: { profile: Profile }) {
  const appInfo = useAppInfo();
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(() => params.get("version") ?? profile.apiVersion);
  const last = useDoctorReport(profile.id);
  const run = useRunDoctor();
  const { mutate } = run;

  const start = (apiVersion: string) => mutate({ profileId: profile.id, apiVersion: apiVersion === profile.apiVersion ? null : apiVersion });

  // Arriving with ?run=1 (from API versions, or "Wait, then retry" elsewhere) runs once, then drops the flag.
  const autoRan = useRef(false);
  useEffect(() => {
    if (autoRan.current || params.get("run") !== "1") return;
    autoRan.current = true;
    const wanted = params.get("version") ?? profile.apiVersion;
    mutate({ profileId: profile.id, apiVersion: wanted === profile.apiVersion ? null : wanted });
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete("run");
        return next;
      },
      { replace: true },
    );
  }, [params, setParams, mutate, profile.id, profile.apiVersion]);

  const report = last.data;
  return (
    <>
      <PageHeader
        eyebrow={profile.name}
        title="Doctor"
        description="Every readiness check of this profile (token, number, registration, webhooks, templates, quality) in one run, with the evidence Meta gave and what to fix."
      />
      <div className="stack" style={{ gap: "var(--space-5)" }}>
        <form
          className="card doctor-run"
          aria-label="Run the doctor"
          onSubmit={(e) => {
            e.preventDefault();
            if (!run.isPending) start(version);
          }}
        >
          <Field
            id="doctor-version"
            label="Run against version"
            hint={
              version === profile.apiVersion
                ? `The profile's version. Pick another to try it before switching the profile to it.`
                : `A trial run: the profile stays on ${profile.apiVersion}.`
            }
          >
            {(control) => (
              <Select
                {...control}
                className="doctor-run__version"
                data-testid="doctor-version"
                value={version}
                onValueChange={setVersion}
                options={versionOptions(appInfo.data, profile)}
              />
            )}
          </Field>
          <button type="submit" className="btn btn--primary doctor-run__button" data-testid="doctor-run" disabled={run.isPending}>
            {run.isPending ? <Spinner /> : <Play size={15} aria-hidden />}
            {run.isPending ? "Running…" : report ? "Run again" : "Run doctor"}
          </button>
        </form>

        {run.isError && <ErrorCard error={run.error} onRetry={() => start(version)} />}
        {run.isPending ? (
          <Running count={report?.checks.length ?? CHECK_COUNT} />
        ) : report ? (
          <Report report={report} onRerun={() => start(version)} rerunning={run.isPending} />
        ) : (
          !run.isError && (
            <div className="card">
              <EmptyState icon={Stethoscope} title="The doctor has not run for this profile yet">
                Run it to check the token, the number, webhooks, templates and quality at once. It only reads: nothing changes at Meta.
              </EmptyState>
            </div>
          )
        )}
      </div>
    </>
  );
}

export function DoctorPage() {
  return <ActiveProfileGate>{(profile) => <ProfileDoctor key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
