// Part 3 of the Webhooks page, the probe: the console calls the admin's callback URL the way Meta does (HTTPS, the
// certificate, the verification challenge, a wrong verify token, a signed and a forged event) and explains each result
// with its evidence and fix. The profile's last report shows on load.
import { CheckCircle2, CircleSlash, Radar, TriangleAlert, XCircle, type LucideIcon } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import type { ProbeReport } from "../../bindings/ProbeReport";
import type { ProbeState } from "../../bindings/ProbeState";
import type { Profile } from "../../bindings/Profile";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { LoadingLine, Spinner } from "../../components/Loading";
import { RelativeTime } from "../../components/RelativeTime";
import { Chip, type Tone } from "../../components/StatusChip";
import { fieldErrors } from "../../ipc";
import { useLastProbe, useRunProbe } from "./queries";

const STATE: Record<ProbeState, { tone: Tone; label: string; icon: LucideIcon }> = {
  pass: { tone: "pass", label: "Passed", icon: CheckCircle2 },
  warn: { tone: "warn", label: "Warning", icon: TriangleAlert },
  fail: { tone: "fail", label: "Failed", icon: XCircle },
  skipped: { tone: "neutral", label: "Not run", icon: CircleSlash },
};

/** While the probe runs: how long it has taken so far (mounted afresh for each run). */
function ProbeProgress() {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const id = window.setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => window.clearInterval(id);
  }, []);
  return (
    <div data-testid="probe-running">
      <LoadingLine>Probing like Meta… {seconds} s. Each call waits up to 10 s, so a slow endpoint takes up to about 50 s.</LoadingLine>
    </div>
  );
}

function Report({ report, latest }: { report: ProbeReport; latest: boolean }) {
  return (
    <section className="stack" style={{ gap: "var(--space-3)" }} aria-labelledby="probe-report-title" data-testid="probe-report" data-passed={report.passed}>
      <div className="row">
        <h3 className="webhooks-subtitle" id="probe-report-title">
          {latest ? "Result" : "Last probe"}
        </h3>
        <Chip tone={report.passed ? "pass" : "fail"}>{report.passed ? "Meta would accept it" : "Meta would not accept it"}</Chip>
        <span className="muted">
          <span className="mono">{report.callbackUrl}</span>, <RelativeTime iso={report.checkedAt} />
        </span>
      </div>
      <p data-testid="probe-summary">{report.summary}</p>
      <ol className="webhooks-steps">
        {report.steps.map((step) => {
          const state = STATE[step.state];
          return (
            <li key={step.id} className={`webhooks-step webhooks-step--${step.state}`} data-testid="probe-step" data-step={step.id} data-state={step.state}>
              <div className="webhooks-step__head">
                <strong>{step.title}</strong>
                <Chip tone={state.tone} icon={state.icon}>
                  {state.label}
                </Chip>
              </div>
              <p>{step.summary}</p>
              {step.detail && <p className="mono webhooks-step__detail">{step.detail}</p>}
              {step.fix && (
                <p className="webhooks-step__fix">
                  <strong>What to do</strong> {step.fix}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function ProbeCard({ profile }: { profile: Profile }) {
  const last = useLastProbe(profile.id);
  const probe = useRunProbe(profile.id);
  const [url, setUrl] = useState("");
  const [verifyToken, setVerifyToken] = useState("");
  const errors = fieldErrors(probe.error);
  const otherError = probe.error && Object.keys(errors).length === 0 ? probe.error : null;
  const report = last.data ?? null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (probe.isPending) return;
    probe.mutate({ callbackUrl: url, verifyToken });
  }

  return (
    <section className="card" aria-labelledby="probe-title" data-testid="probe-card">
      <header className="card__header">
        <h2 className="card__title" id="probe-title">
          3. Probe your callback URL
        </h2>
      </header>
      <form onSubmit={submit} noValidate aria-label="Probe a callback URL">
        <div className="card__body stack">
          <p className="muted">
            Before you give Meta a callback, the console does what Meta does: an https:// URL with a trusted certificate, the verification GET
            answered 200 with the raw challenge within 10 s, a wrong verify token refused, a signed messages event accepted and a forged one
            refused. The signed event is signed with the app secret (part 1).
          </p>
          <div className="webhooks-form-row webhooks-form-row--url">
            <Field id="probe-url" label="Callback URL" error={errors.callbackUrl}>
              {(control) => (
                <input
                  {...control}
                  className="input input--mono"
                  type="url"
                  data-testid="probe-url"
                  placeholder="https://example.com/webhook"
                  autoComplete="off"
                  spellCheck={false}
                  value={url}
                  onChange={(e) => setUrl(e.target.value)}
                />
              )}
            </Field>
            <Field id="probe-verify-token" label="Verify token" error={errors.verifyToken}>
              {(control) => (
                <input
                  {...control}
                  className="input input--mono"
                  type="password"
                  data-testid="probe-verify-token"
                  autoComplete="off"
                  spellCheck={false}
                  value={verifyToken}
                  onChange={(e) => setVerifyToken(e.target.value)}
                />
              )}
            </Field>
          </div>
          {probe.isPending && <ProbeProgress />}
          {otherError && <ErrorCard error={otherError} />}
          {last.isError && <ErrorCard error={last.error} onRetry={() => void last.refetch()} />}
          {!probe.isPending &&
            (report ? (
              <Report report={report} latest={probe.isSuccess} />
            ) : (
              last.isSuccess && (
                <EmptyState icon={Radar} title="No probe yet">
                  Give the callback URL and verify token you will save at Meta, then run the probe.
                </EmptyState>
              )
            ))}
        </div>
        <div className="card__footer">
          <button type="submit" className="btn btn--primary" data-testid="probe-run" disabled={probe.isPending}>
            {probe.isPending ? <Spinner /> : <Radar size={15} aria-hidden />}
            {probe.isPending ? "Probing…" : "Run probe"}
          </button>
        </div>
      </form>
    </section>
  );
}
