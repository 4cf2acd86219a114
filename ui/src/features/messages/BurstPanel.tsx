// The burst: N copies of an approved template sent to a list of recipients (the sandbox's test recipients when the list is
// empty), paced by the number's limits, with a progress bar and live figures read about four times a second: sends per
// second against the allowed rate, throttling answers (130429) and failures by code. Cancel stops it at any time; the
// final figures stay on screen until the next burst.
import { Ban, Gauge, Rocket } from "lucide-react";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import type { BurstProgress } from "../../bindings/BurstProgress";
import type { BurstState } from "../../bindings/BurstState";
import type { Profile } from "../../bindings/Profile";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { LoadingLine, Spinner } from "../../components/Loading";
import { Select } from "../../components/Select";
import { Chip, type Tone } from "../../components/StatusChip";
import { fieldErrors } from "../../ipc";
import { messageKeys, useApprovedTemplates, useBurstProgress, useCancelBurst, useStartBurst } from "./queries";

/** The most copies one burst sends (the backend's limit too). */
const MAX_COUNT = 10_000;

const STATE_LOOK: Record<BurstState, { label: string; tone: Tone }> = {
  running: { label: "Running", tone: "info" },
  done: { label: "Done", tone: "pass" },
  cancelled: { label: "Cancelled", tone: "warn" },
  failed: { label: "Stopped by an error", tone: "fail" },
};

const templateValue = (name: string, language: string) => `${name}\u0000${language}`;

function countError(text: string): string | undefined {
  const count = Number(text);
  if (text.trim() === "" || !Number.isInteger(count)) return "Type a whole number of messages.";
  if (count < 1 || count > MAX_COUNT) return `A burst sends 1 to ${MAX_COUNT.toLocaleString()} messages.`;
  return undefined;
}

function BurstFigures({ progress }: { progress: BurstProgress }) {
  const done = Math.min(progress.sent, progress.requested);
  const percent = progress.requested === 0 ? 0 : Math.round((done / progress.requested) * 100);
  const look = STATE_LOOK[progress.state];
  const failed = progress.failures.reduce((n, f) => n + f.count, 0);
  return (
    <section className="stack burst-figures" aria-label="Burst progress" data-testid="burst-progress" data-state={progress.state}>
      <div className="row">
        <span data-testid="burst-state">
          <Chip tone={look.tone}>{look.label}</Chip>
        </span>
        <span className="muted">
          {done} of {progress.requested} sent in {progress.seconds.toFixed(1)} s
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Messages sent"
        aria-valuemin={0}
        aria-valuemax={progress.requested}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${progress.requested} sent`}
      >
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <dl className="facts facts--inline burst-figures__facts">
        <div>
          <dt className="muted">Sent per second</dt>
          <dd data-testid="burst-rate">
            {progress.achievedPerSecond.toFixed(1)} <span className="muted">of {progress.allowedPerSecond} allowed</span>
          </dd>
        </div>
        <div>
          <dt className="muted">Accepted by Meta</dt>
          <dd data-testid="burst-accepted">{progress.accepted}</dd>
        </div>
        <div>
          <dt className="muted" title="Meta's 130429 (rate limit hit) answers; each was retried with backoff">
            Throttled (130429)
          </dt>
          <dd data-testid="burst-throttled">{progress.throttled}</dd>
        </div>
        <div>
          <dt className="muted">Failed</dt>
          <dd data-testid="burst-failed">{failed}</dd>
        </div>
      </dl>
      {progress.failures.length > 0 && (
        <table className="table" data-testid="burst-failures">
          <caption className="visually-hidden">Failures by error code</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">What it is</th>
              <th scope="col">Messages</th>
            </tr>
          </thead>
          <tbody>
            {progress.failures.map((f) => (
              <tr key={f.code ?? "none"}>
                <td className="mono">{f.code ?? "no answer"}</td>
                <td>{f.title}</td>
                <td>{f.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {progress.note && (
        <p className="callout callout--warn" data-testid="burst-note">
          {progress.note}
        </p>
      )}
      {progress.error && (
        <p className="callout callout--fail" data-testid="burst-error">
          {progress.error}
        </p>
      )}
      <p className="muted burst-figures__recipients">
        To {progress.recipients.map((r) => `+${r}`).join(", ")}. Each message is in the log (the Log tab) with its statuses.
      </p>
    </section>
  );
}

export function BurstPanel({ profile }: { profile: Profile }) {
  const id = useId();
  const templates = useApprovedTemplates(profile.id);
  const [template, setTemplate] = useState<string>();
  const [countText, setCountText] = useState("10");
  const [recipientsText, setRecipientsText] = useState("");
  const [burstId, setBurstId] = useState<string | null>(null);
  const [countTouched, setCountTouched] = useState(false);
  const start = useStartBurst();
  const cancel = useCancelBurst(profile.id);
  const progress = useBurstProgress(burstId);
  const queryClient = useQueryClient();

  const state = progress.data?.state;
  const wasRunning = useRef(false);
  useEffect(() => {
    // The log and the funnel hold the burst's messages once it ends.
    if (wasRunning.current && state !== "running") void queryClient.invalidateQueries({ queryKey: messageKeys.all(profile.id) });
    wasRunning.current = state === "running";
  }, [state, queryClient, profile.id]);

  const approved = templates.data?.templates ?? [];
  const options = approved.map((t) => ({ value: templateValue(t.name, t.language), label: `${t.name} · ${t.language}`, description: t.category?.value ?? undefined }));
  const chosen = approved.find((t) => templateValue(t.name, t.language) === template);
  const recipients = recipientsText
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const sandbox = profile.kind === "sandbox";
  const serverFields = fieldErrors(start.error);
  const countProblem = countError(countText);
  const running = state === "running";
  const [confirming, setConfirming] = useState(false);

  function launch(confirmed: boolean) {
    if (!chosen) return;
    start.mutate(
      { profileId: profile.id, template: chosen.name, language: chosen.language, count: Number(countText), to: recipients, parameters: [], confirmed },
      { onSuccess: (first) => setBurstId(first.burstId) },
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setCountTouched(true);
    if (!chosen || countProblem) return;
    // On a real account a burst reaches real people and is billed: the admin confirms it first.
    if (sandbox) launch(false);
    else setConfirming(true);
  }

  if (templates.isPending) return <LoadingLine>Reading the approved templates…</LoadingLine>;
  if (templates.isError) return <ErrorCard error={templates.error} onRetry={() => void templates.refetch()} />;

  return (
    <section className="card" aria-labelledby="burst-title" data-testid="burst">
      <header className="card__header">
        <h2 className="card__title" id="burst-title">
          Burst
        </h2>
        <span className="muted">
          <Gauge size={14} aria-hidden /> Paced by the number&apos;s limits, so Meta should not throttle it
        </span>
      </header>
      <div className="card__body stack">
        {approved.length === 0 ? (
          <EmptyState
            icon={Rocket}
            title="No approved template in the console's cache"
            action={
              <Link className="btn" to="/templates">
                Open the Templates page
              </Link>
            }
          >
            A burst sends an approved template. Sync the templates (or create one and wait for Meta&apos;s review) on the Templates page.
          </EmptyState>
        ) : (
          <form className="stack burst-form" onSubmit={submit} noValidate>
            <div className="burst-form__row">
              <Field id={`${id}-template`} label="Template" error={serverFields.template ?? serverFields.language}>
                {(control) => (
                  <Select
                    {...control}
                    data-testid="burst-template"
                    placeholder="Pick an approved template"
                    value={template ?? ""}
                    onValueChange={setTemplate}
                    options={options}
                  />
                )}
              </Field>
              <Field id={`${id}-count`} label="Copies" error={(countTouched ? countProblem : undefined) ?? serverFields.count}>
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    type="number"
                    min={1}
                    max={MAX_COUNT}
                    data-testid="burst-count"
                    value={countText}
                    onChange={(e) => setCountText(e.target.value)}
                    onBlur={() => setCountTouched(true)}
                  />
                )}
              </Field>
            </div>
            <Field
              id={`${id}-to`}
              label="Recipients"
              optional={sandbox}
              error={serverFields.to}
              hint={
                sandbox
                  ? "One number per line, as you would type it. Leave it empty to send to the sandbox's test recipients."
                  : "One number per line, as you would type it. A test number can only message its allow-listed recipients (131030)."
              }
            >
              {(control) => (
                <textarea
                  {...control}
                  className="input burst-form__recipients"
                  rows={3}
                  data-testid="burst-recipients"
                  placeholder={sandbox ? "Empty: the sandbox's test recipients" : "+1 650 555 1234"}
                  value={recipientsText}
                  onChange={(e) => setRecipientsText(e.target.value)}
                />
              )}
            </Field>
            <div className="row">
              <button
                type="submit"
                className="btn btn--primary"
                data-testid="burst-start"
                disabled={!chosen || start.isPending || running || (!sandbox && recipients.length === 0)}
              >
                {start.isPending ? <Spinner /> : <Rocket size={16} aria-hidden />}
                Start the burst
              </button>
              {running && burstId && (
                <button type="button" className="btn btn--danger" data-testid="burst-cancel" disabled={cancel.isPending} onClick={() => cancel.mutate(burstId)}>
                  <Ban size={16} aria-hidden />
                  Cancel
                </button>
              )}
              {!chosen && <span className="muted">Pick a template first.</span>}
            </div>
          </form>
        )}
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          testId="burst-confirm"
          title={`Send ${countText} real messages?`}
          description={`This burst sends ${countText} copies of ${chosen?.name ?? "the template"} to ${recipients.length} real recipient(s) on this number. Each one is a billable template message.`}
          confirmLabel="Send the burst"
          onConfirm={() => launch(true)}
        />
        {start.isError && Object.keys(serverFields).length === 0 && <ErrorCard error={start.error} />}
        {cancel.isError && <ErrorCard error={cancel.error} />}
        {progress.isError && <ErrorCard error={progress.error} onRetry={() => void progress.refetch()} />}
        {progress.data && <BurstFigures progress={progress.data} />}
      </div>
    </section>
  );
}
