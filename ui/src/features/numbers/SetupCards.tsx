// The ownership code and two-step PIN cards of a number: each sends one Graph call and re-reads the number after.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BadgeCheck, KeyRound, MessageSquareText } from "lucide-react";
import { useState, type FormEvent } from "react";
import type { CodeMethod } from "../../bindings/CodeMethod";
import type { NumberHealth } from "../../bindings/NumberHealth";
import type { Profile } from "../../bindings/Profile";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Loading";
import { fieldErrors, ipc } from "../../ipc";
import { queryKeys } from "../../lib/queries";
import { SIX_DIGITS } from "./status";

/** After a change to a number: its panel, the WABA's table, and the checklist (its steps read the number). */
export function useRefreshNumber(profile: Profile, phoneNumberId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.numberHealth(profile.id, phoneNumberId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.numbers(profile.id), exact: true }),
      queryClient.invalidateQueries({ queryKey: queryKeys.checklist(profile.id), refetchType: "none" }),
    ]);
}

export function OwnershipCard({ profile, health }: { profile: Profile; health: NumberHealth }) {
  const refresh = useRefreshNumber(profile, health.id);
  const [method, setMethod] = useState<CodeMethod>("sms");
  const [language, setLanguage] = useState("en_US");
  const [code, setCode] = useState("");
  const [codeProblem, setCodeProblem] = useState<string>();
  const request = useMutation({ mutationFn: ipc.requestCode });
  const verify = useMutation({
    mutationFn: ipc.verifyCode,
    onSuccess: () => {
      setCode("");
      return refresh();
    },
  });
  const verified = health.codeVerificationStatus?.value === "VERIFIED";

  function sendCode(event: FormEvent) {
    event.preventDefault();
    if (!request.isPending) request.mutate({ profileId: profile.id, phoneNumberId: health.id, method, language: language.trim() });
  }

  function submitCode(event: FormEvent) {
    event.preventDefault();
    const cleaned = code.replace(/[\s-]/g, "");
    if (!SIX_DIGITS.test(cleaned)) {
      setCodeProblem("The code is six digits, as in the SMS or call.");
      return;
    }
    setCodeProblem(undefined);
    if (!verify.isPending) verify.mutate({ profileId: profile.id, phoneNumberId: health.id, code: cleaned });
  }

  const languageError = fieldErrors(request.error).language;
  const codeError = codeProblem ?? fieldErrors(verify.error).code;
  return (
    <section className="card" data-testid="ownership-card" aria-labelledby="ownership-title">
      <div className="card__header">
        <h2 className="card__title numbers-title" id="ownership-title">
          <BadgeCheck size={17} aria-hidden />
          Ownership
        </h2>
      </div>
      <div className="card__body stack">
        <p className="muted numbers-explain">
          Meta registers only numbers that proved they are yours: a six-digit code by SMS or voice call, checked with{" "}
          <code>POST /{"{phone-number-id}"}/verify_code</code>. The proof lasts 14 days.
        </p>
        {verified ? (
          <p className="callout callout--pass numbers-inline" data-testid="ownership-verified">
            <BadgeCheck size={16} aria-hidden />
            <span>Ownership is VERIFIED. Register within 14 days of the code, or request a new one.</span>
          </p>
        ) : (
          <>
            <form className="stack numbers-form" onSubmit={sendCode} noValidate aria-label="Request a code">
              <fieldset className="numbers-radio">
                <legend className="field__label">Send the code by</legend>
                {(["sms", "voice"] as const).map((m) => (
                  <label key={m} className="numbers-radio__option">
                    <input type="radio" name="code-method" value={m} checked={method === m} onChange={() => setMethod(m)} />
                    {m === "sms" ? "SMS" : "Voice call"}
                  </label>
                ))}
              </fieldset>
              <Field id="code-language" label="Language" error={languageError} hint="Of the SMS or call, such as en_US, pt_BR or de.">
                {(control) => (
                  <input {...control} className="input input--mono numbers-input--short" value={language} onChange={(e) => setLanguage(e.target.value)} spellCheck={false} />
                )}
              </Field>
              {request.error && !languageError && <ErrorCard error={request.error} />}
              <div className="row">
                <button type="submit" className="btn" data-testid="request-code" disabled={request.isPending}>
                  {request.isPending ? <Spinner /> : <MessageSquareText size={16} aria-hidden />}
                  {request.isSuccess ? "Send another code" : "Request code"}
                </button>
                <CopyCurlButton
                  profileId={profile.id}
                  call={{ kind: "requestCode", phoneNumberId: health.id, method, language: language.trim() }}
                  what="Request an ownership code"
                  testId="copy-curl-request-code"
                />
                {request.isSuccess && (
                  <span className="muted" role="status">
                    Code sent by {request.variables.method === "sms" ? "SMS" : "voice call"} to {health.displayPhoneNumber ?? "the number"}.
                  </span>
                )}
              </div>
            </form>
            <form className="stack numbers-form" onSubmit={submitCode} noValidate aria-label="Verify the code">
              <Field id="verify-code" label="Code from the SMS or call" error={codeError}>
                {(control) => (
                  <input
                    {...control}
                    className="input input--mono numbers-input--short"
                    data-testid="verify-code-input"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={7}
                    placeholder="000000"
                    value={code}
                    onChange={(e) => setCode(e.target.value)}
                  />
                )}
              </Field>
              {verify.error && !fieldErrors(verify.error).code && <ErrorCard error={verify.error} />}
              <div className="row">
                <button type="submit" className="btn btn--primary" data-testid="verify-code" disabled={verify.isPending}>
                  {verify.isPending ? <Spinner /> : <BadgeCheck size={16} aria-hidden />}
                  Verify
                </button>
                <CopyCurlButton
                  profileId={profile.id}
                  call={{ kind: "verifyCode", phoneNumberId: health.id, code: code.replace(/[\s-]/g, "") }}
                  what="Verify the ownership code"
                  testId="copy-curl-verify-code"
                />
              </div>
            </form>
          </>
        )}
      </div>
    </section>
  );
}

export function PinCard({ profile, health }: { profile: Profile; health: NumberHealth }) {
  const refresh = useRefreshNumber(profile, health.id);
  const [pin, setPin] = useState("");
  const [remember, setRemember] = useState(false);
  const [problem, setProblem] = useState<string>();
  const save = useMutation({
    mutationFn: ipc.setPin,
    // The variables hold the PIN: drop them as soon as nothing observes the mutation.
    gcTime: 0,
    onSuccess: () => {
      setPin("");
      return refresh();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!SIX_DIGITS.test(pin)) {
      setProblem("The PIN must be exactly six digits (0–9).");
      return;
    }
    setProblem(undefined);
    if (!save.isPending) save.mutate({ profileId: profile.id, phoneNumberId: health.id, pin, remember });
  }

  const pinError = problem ?? fieldErrors(save.error).pin;
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="pin-title" data-testid="pin-card">
      <div className="card__header">
        <h2 className="card__title numbers-title" id="pin-title">
          <KeyRound size={17} aria-hidden />
          Two-step verification PIN
        </h2>
      </div>
      <div className="card__body stack">
        <p className="muted numbers-explain">
          Set with <code>POST /{"{phone-number-id}"}</code> and the body <code>{'{"pin":"123456"}'}</code>. The{" "}
          <code>/two_step_verification</code> path found in many guides does not exist. The API can replace a forgotten PIN, but it
          cannot turn two-step verification off: that is done in WhatsApp Manager.
        </p>
        <Field id="pin" label={health.isPinEnabled ? "New PIN (replaces the current one)" : "PIN"} error={pinError} hint="Six digits. It goes to Meta and is never stored or shown again.">
          {(control) => (
            <input
              {...control}
              className="input input--mono numbers-input--short"
              type="password"
              inputMode="numeric"
              maxLength={6}
              autoComplete="off"
              data-testid="pin-input"
              value={pin}
              onChange={(e) => {
                setPin(e.target.value);
                if (save.isSuccess) save.reset();
              }}
            />
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} data-testid="pin-remember" />
          <span>Keep this PIN in the OS keychain for the register step (never in the console's files)</span>
        </label>
        {save.error && !fieldErrors(save.error).pin && <ErrorCard error={save.error} />}
        {save.isSuccess && (
          <p className="callout callout--pass numbers-inline" role="status" data-testid="pin-saved">
            <BadgeCheck size={16} aria-hidden />
            <span>
              {save.variables?.remember
                ? "PIN set and kept in the OS keychain: the register step can use it."
                : "PIN set. Use it to register the number; it is not kept anywhere in the console."}
            </span>
          </p>
        )}
      </div>
      <div className="card__footer">
        <button type="submit" className="btn btn--primary" data-testid="set-pin" disabled={save.isPending}>
          {save.isPending ? <Spinner /> : <KeyRound size={16} aria-hidden />}
          Set PIN
        </button>
        <CopyCurlButton profileId={profile.id} call={{ kind: "setPin", phoneNumberId: health.id }} what="Set the PIN" testId="copy-curl-set-pin" />
      </div>
    </form>
  );
}
