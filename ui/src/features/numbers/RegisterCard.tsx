// Register a number (one of Meta's 10 attempts per 72 h, confirmed past the 7th, never retried), then follow its
// provisioning until CONNECTED; and the danger zone's deregister.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Clock, PlugZap, RotateCw, TriangleAlert, Unplug } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { AttemptBudget } from "../../bindings/AttemptBudget";
import type { NumberHealth } from "../../bindings/NumberHealth";
import type { PollSchedule } from "../../bindings/PollSchedule";
import type { Profile } from "../../bindings/Profile";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Loading";
import { RelativeTime } from "../../components/RelativeTime";
import { Select } from "../../components/Select";
import { fieldErrors, ipc } from "../../ipc";
import { nextPollDelay } from "../../lib/poll";
import { queryKeys, useAppInfo, useAttemptBudget } from "../../lib/queries";
import { SIX_DIGITS } from "./status";

const NO_REGION = "none";

function BudgetLine({ budget, testId }: { budget: AttemptBudget | undefined; testId: string }) {
  if (!budget) return <p className="muted" data-testid={testId}>Counting this number&apos;s recent attempts…</p>;
  const tone = budget.used >= budget.limit ? "fail" : budget.needsConfirmation ? "warn" : "neutral";
  return (
    <p className={`numbers-budget numbers-budget--${tone}`} data-testid={testId} data-used={budget.used}>
      <strong>
        {budget.used} of {budget.limit}
      </strong>{" "}
      attempts used in the last {budget.windowHours} h
      {budget.freesUpAt && budget.used > 0 && (
        <span className="muted">
          {" "}
          · the oldest leaves the window <RelativeTime iso={budget.freesUpAt} />
        </span>
      )}
    </p>
  );
}

function elapsedLabel(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m ? `${m} min ${s} s` : `${s} s`;
}

/** A schedule's duration: "2 s", "30 s", "10 min", "1 min 30 s". */
function secondsLabel(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} min` : elapsedLabel(seconds);
}

/**
 * Follows the number after a register call with the schedule the backend declares (AppInfo.provisioningPoll): a read at
 * once, then waits that double up to a cap, and none after the give-up time, so a slow provisioning never runs into
 * Meta's 200 management calls an hour. Stops at CONNECTED; after the give-up time it says "still PENDING" and reads
 * again only when asked. Errors while reading are shown and following goes on. Never registers again.
 */
export function RegisterProgress({
  profile,
  numberId,
  schedule,
  onConnected,
  onCancel,
}: {
  profile: Profile;
  numberId: string;
  schedule: PollSchedule;
  onConnected: (h: NumberHealth) => void;
  onCancel: () => void;
}) {
  const [started] = useState(Date.now);
  const [now, setNow] = useState(Date.now);
  const connected = useRef(onConnected);
  useEffect(() => {
    connected.current = onConnected;
  });

  const queryClient = useQueryClient();
  // Its own key (not under "numbers"), so invalidating the numbers never sends an extra read; one per run.
  const queryKey = ["provisioning", profile.id, numberId, started] as const;
  const poll = useQuery({
    queryKey,
    queryFn: () => ipc.numberHealth({ profileId: profile.id, phoneNumberId: numberId }),
    gcTime: 0,
    staleTime: Infinity,
    refetchIntervalInBackground: true,
    refetchInterval: (query) => {
      if (query.state.data?.status?.value === "CONNECTED") return false;
      const { dataUpdateCount, errorUpdateCount, dataUpdatedAt, errorUpdatedAt } = query.state;
      const reads = dataUpdateCount + errorUpdateCount;
      return nextPollDelay(schedule, reads, started, Math.max(dataUpdatedAt, errorUpdatedAt)) ?? false;
    },
  });
  const { dataUpdatedAt, errorUpdatedAt } = poll;
  const reads = (queryClient.getQueryState(queryKey)?.dataUpdateCount ?? 0) + poll.errorUpdateCount;
  const lastAt = Math.max(dataUpdatedAt, errorUpdatedAt);
  const last = poll.data;
  const isConnected = last?.status?.value === "CONNECTED";
  const nextDelay = reads === 0 ? 0 : nextPollDelay(schedule, reads, started, lastAt);
  const gaveUp = !isConnected && reads > 0 && nextDelay === null;
  // The error of the newest read only: an older failure followed by a good read is not shown.
  const readError = poll.isError && errorUpdatedAt >= dataUpdatedAt ? poll.error : null;

  useEffect(() => {
    if (last?.status?.value === "CONNECTED") connected.current(last);
  }, [last]);

  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(tick);
  }, []);

  const elapsed = now - started;
  const status = last?.status ? (
    <>
      {" "}
      (now <span className="mono">{last.status.value}</span>)
    </>
  ) : null;
  return (
    <div className={`register-progress stack${gaveUp ? " register-progress--gave-up" : ""}`} data-testid="register-progress" data-state={gaveUp ? "gaveUp" : "following"} data-reads={reads} role="status" aria-live="polite">
      <div className="row numbers-spread">
        <strong className="row">
          {gaveUp ? <Clock size={16} aria-hidden /> : <Spinner />}
          {gaveUp ? `Still ${last?.status?.value ?? "not CONNECTED"} after ${secondsLabel(schedule.giveUpAfterMs)}` : "Registration sent: waiting for the number to become CONNECTED"}
        </strong>
        <span className="muted mono" data-testid="register-elapsed">
          {elapsedLabel(Math.max(0, Math.round(elapsed / 1000)))}
        </span>
      </div>
      {gaveUp ? (
        <p className="muted" data-testid="register-gave-up">
          The registration was sent and is not sent again. Meta sometimes takes longer to provision a number; the console stopped reading
          it on its own so as not to use up the WABA&apos;s management calls. Check again in a few minutes, or refresh the numbers later.
          {lastAt > 0 && (
            <>
              {" "}
              Last read <RelativeTime iso={new Date(lastAt).toISOString()} />.
            </>
          )}
        </p>
      ) : (
        <>
          <div className="progress progress--indeterminate" role="progressbar" aria-label="Provisioning the number" aria-busy>
            <div className="progress__bar" />
          </div>
          <p className="muted">
            Meta provisions the number on the Cloud API; this can take a few minutes. The console reads its status after{" "}
            {secondsLabel(schedule.firstMs)}, then less and less often (at most every {secondsLabel(schedule.maxMs)}), for up to{" "}
            {secondsLabel(schedule.giveUpAfterMs)}
            {status}.
            {nextDelay !== null && reads > 0 && !poll.isFetching && (
              <span data-testid="register-next-read"> Next read in {secondsLabel(Math.max(0, lastAt + nextDelay - now))}.</span>
            )}
          </p>
        </>
      )}
      {readError && (
        <p className="callout callout--warn numbers-inline" data-testid="register-poll-warning">
          <TriangleAlert size={16} aria-hidden />
          <span>
            Could not read the number just now ({readError.message}
            {readError.code === "rateLimited" && readError.action ? ` ${readError.action}` : ""}).{" "}
            {gaveUp ? "The registration is not sent again." : "Still waiting; the registration is not sent again."}
          </span>
        </p>
      )}
      <div className="row">
        {gaveUp && (
          <button type="button" className="btn btn--sm btn--primary" data-testid="register-check-again" disabled={poll.isFetching} onClick={() => void poll.refetch()}>
            {poll.isFetching ? <Spinner /> : <RotateCw size={14} aria-hidden />}
            Check again
          </button>
        )}
        <button type="button" className="btn btn--sm" onClick={onCancel}>
          {gaveUp ? "Close" : "Stop waiting"}
        </button>
      </div>
    </div>
  );
}

type Phase = { kind: "form" } | { kind: "progress" } | { kind: "stopped" } | { kind: "done"; health: NumberHealth };

export function RegisterCard({ profile, health }: { profile: Profile; health: NumberHealth }) {
  const queryClient = useQueryClient();
  const budget = useAttemptBudget(health.id, "register");
  const [pin, setPin] = useState("");
  const [useKept, setUseKept] = useState(false);
  const [region, setRegion] = useState(NO_REGION);
  const [problem, setProblem] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "form" });

  const appInfo = useAppInfo().data;
  const schedule = appInfo?.provisioningPoll;
  const regions = appInfo?.dataRegions ?? [];
  const register = useMutation({
    mutationFn: ipc.registerNumber,
    gcTime: 0,
    onSuccess: (after) => {
      setPin("");
      queryClient.setQueryData(queryKeys.attemptBudget(health.id, "register"), after);
      setPhase({ kind: "progress" });
    },
    onError: (error) => {
      // The count moved on since the budget was read (another window, the CLI): ask now, as the budget line would have.
      if (error.code === "confirmationRequired") setConfirming(true);
      return queryClient.invalidateQueries({ queryKey: queryKeys.attemptBudget(health.id, "register") });
    },
  });

  function send(confirmed: boolean) {
    if (register.isPending) return;
    register.mutate({ profileId: profile.id, phoneNumberId: health.id, pin: useKept ? null : pin, dataLocalizationRegion: region === NO_REGION ? null : region, confirmed });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!useKept && !SIX_DIGITS.test(pin)) {
      setProblem("The PIN must be exactly six digits (0–9).");
      return;
    }
    setProblem(undefined);
    if (budget.data?.needsConfirmation) setConfirming(true);
    else send(false);
  }

  function onConnected(connected: NumberHealth) {
    setPhase({ kind: "done", health: connected });
    queryClient.setQueryData(queryKeys.numberHealth(profile.id, health.id), connected);
    void Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.numbers(profile.id), exact: true }),
      queryClient.invalidateQueries({ queryKey: queryKeys.checklist(profile.id) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.doctor(profile.id) }),
    ]);
  }

  const used = budget.data?.used ?? 0;
  const limit = budget.data?.limit ?? 10;
  const exhausted = used >= limit;
  const pinError = problem ?? fieldErrors(register.error).pin;
  // A refusal that only asks for confirmation is the dialog, not an error.
  const otherError = register.error && !fieldErrors(register.error).pin && register.error.code !== "confirmationRequired" ? register.error : null;

  return (
    <form className="card register-card" onSubmit={submit} noValidate aria-labelledby="register-title" data-testid="register-card" data-phase={phase.kind}>
      <div className="card__header">
        <h2 className="card__title numbers-title" id="register-title">
          <PlugZap size={17} aria-hidden />
          Register on the Cloud API
        </h2>
      </div>
      <div className="card__body stack">
        <p className="muted numbers-explain">
          <code>POST /{"{phone-number-id}"}/register</code> with the two-step PIN. If no PIN is set yet, this call sets it. Ownership must be
          VERIFIED first. Meta allows 10 register calls per number in 72 hours; the console asks before the 8th and never retries on its own.
        </p>
        <BudgetLine budget={budget.data} testId="register-budget" />
        {phase.kind === "progress" &&
          (schedule ? (
            <RegisterProgress profile={profile} numberId={health.id} schedule={schedule} onConnected={onConnected} onCancel={() => setPhase({ kind: "stopped" })} />
          ) : (
            <p className="muted row" data-testid="register-progress" role="status">
              <Spinner />
              Registration sent; loading how often to read the number…
            </p>
          ))}
        {phase.kind === "done" && (
          <p className="callout callout--pass numbers-inline" data-testid="register-done" role="status">
            <CheckCircle2 size={16} aria-hidden />
            <span>
              <strong>{phase.health.displayPhoneNumber ?? "The number"} is CONNECTED.</strong> It can send and receive messages on the Cloud
              API. The checklist and the doctor read it again next time.
            </span>
          </p>
        )}
        {phase.kind === "stopped" && (
          <p className="callout callout--info numbers-inline" data-testid="register-stopped">
            <TriangleAlert size={16} aria-hidden />
            <span>Stopped waiting. The registration was sent; refresh the numbers later to see when it is CONNECTED.</span>
          </p>
        )}
        {(phase.kind === "form" || phase.kind === "stopped") && (
          <div className="numbers-fields">
            <Field id="register-pin" label="Two-step PIN" error={pinError} hint={health.isPinEnabled ? "The number's current PIN." : "No PIN yet: this one becomes the PIN."}>
              {(control) => (
                <input
                  {...control}
                  className="input input--mono numbers-input--short"
                  type="password"
                  inputMode="numeric"
                  maxLength={6}
                  autoComplete="off"
                  data-testid="register-pin"
                  value={pin}
                  disabled={useKept}
                  onChange={(e) => setPin(e.target.value)}
                />
              )}
            </Field>
            <label className="checkbox">
              <input type="checkbox" checked={useKept} onChange={(e) => setUseKept(e.target.checked)} data-testid="register-use-kept-pin" />
              <span>Use the PIN kept in the keychain</span>
            </label>
            <Field id="register-region" label="Data localization region" optional hint="Local Storage keeps message data at rest in that country. Changing it later takes a deregister and a register.">
              {(control) => (
                <Select
                  id={control.id}
                  aria-describedby={control["aria-describedby"]}
                  data-testid="register-region"
                  value={region}
                  onValueChange={setRegion}
                  options={[{ value: NO_REGION, label: "None (default storage)" }, ...regions.map((r) => ({ value: r.code, label: `${r.code} · ${r.country}` }))]}
                />
              )}
            </Field>
          </div>
        )}
        {otherError && <ErrorCard error={otherError} />}
      </div>
      {(phase.kind === "form" || phase.kind === "stopped") && (
        <div className="card__footer">
          <button type="submit" className="btn btn--primary" data-testid="register-submit" disabled={register.isPending || exhausted || !budget.data}>
            {register.isPending ? <Spinner /> : <PlugZap size={16} aria-hidden />}
            {register.isPending ? "Registering…" : "Register"}
          </button>
          {exhausted && <span className="muted">Meta&apos;s limit is reached for now.</span>}
          <CopyCurlButton
            profileId={profile.id}
            call={{ kind: "register", phoneNumberId: health.id, region: region === NO_REGION ? null : region }}
            what={`Register ${health.displayPhoneNumber ?? health.id}`}
            testId="copy-curl-register"
          />
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        testId="register-confirm"
        title={`Use register attempt ${used + 1} of ${limit}?`}
        description={`This number was already registered ${used} times in the last 72 hours. After ${limit}, Meta refuses every register call (133016) until the oldest attempt is 72 hours old. Register only if the cause of the earlier failures is fixed.`}
        confirmLabel={`Use attempt ${used + 1}`}
        onConfirm={() => send(true)}
      />
    </form>
  );
}

export function DeregisterCard({ profile, health }: { profile: Profile; health: NumberHealth }) {
  const queryClient = useQueryClient();
  const budget = useAttemptBudget(health.id, "deregister");
  const deregister = useMutation({
    mutationFn: ipc.deregisterNumber,
    onSuccess: (after) => {
      queryClient.setQueryData(queryKeys.attemptBudget(health.id, "deregister"), after);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.numberHealth(profile.id, health.id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.numbers(profile.id), exact: true }),
        queryClient.invalidateQueries({ queryKey: queryKeys.checklist(profile.id), refetchType: "none" }),
      ]);
    },
    onError: () => queryClient.invalidateQueries({ queryKey: queryKeys.attemptBudget(health.id, "deregister") }),
  });
  const used = budget.data?.used ?? 0;
  const limit = budget.data?.limit ?? 10;
  const name = health.displayPhoneNumber ?? health.id;
  return (
    <section className="card danger-zone" aria-labelledby="deregister-title" data-testid="deregister-card">
      <div className="card__body stack">
        <h2 className="card__title numbers-title danger-zone__title" id="deregister-title">
          <Unplug size={17} aria-hidden />
          Danger zone: deregister
        </h2>
        <p className="muted numbers-explain">
          <code>POST /{"{phone-number-id}"}/deregister</code> takes the number off the Cloud API: it stops sending and receiving until it is
          registered again. The number and its history stay; Local Storage is switched off. Deregistering counts against its own 10 per 72 h.
        </p>
        <BudgetLine budget={budget.data} testId="deregister-budget" />
        {deregister.error && <ErrorCard error={deregister.error} />}
        {deregister.isSuccess && (
          <p className="callout callout--info numbers-inline" role="status">
            <CheckCircle2 size={16} aria-hidden />
            <span>{name} is deregistered. Register it again to send.</span>
          </p>
        )}
        <div>
          <ConfirmDialog
            testId="deregister-confirm"
            title={`Deregister ${name}?`}
            description={`${name} (${health.verifiedName ?? health.id}) stops sending and receiving messages until it is registered again. This is deregister attempt ${used + 1} of ${limit} in 72 hours.`}
            confirmLabel="Deregister"
            onConfirm={() => deregister.mutate({ profileId: profile.id, phoneNumberId: health.id, confirmed: true })}
          >
            <button type="button" className="btn btn--ghost btn--ghost-danger" data-testid="deregister" disabled={deregister.isPending || used >= limit || !budget.data}>
              {deregister.isPending ? <Spinner /> : <Unplug size={15} aria-hidden />}
              Deregister…
            </button>
          </ConfirmDialog>
          <CopyCurlButton profileId={profile.id} call={{ kind: "deregister", phoneNumberId: health.id }} what={`Deregister ${name}`} testId="copy-curl-deregister" />
        </div>
      </div>
    </section>
  );
}
