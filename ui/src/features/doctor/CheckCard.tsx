// One doctor check: its verdict, the evidence Meta gave (call → answer, when), each Graph read it judged to copy as curl,
// how to fix it, and the in-app fix.
import type { Check } from "../../bindings/Check";
import type { DoctorRead } from "../../bindings/DoctorRead";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { FixActionButton } from "../../components/FixActionButton";
import { PageLinks } from "../../components/PageLinks";
import { FixBox } from "../../components/FixBox";
import { RelativeTime } from "../../components/RelativeTime";
import { StatusChip } from "../../components/StatusChip";

/** Each read as Graph names it, to tell a check's reads apart (the token check reads two). */
const READ_LABELS: Record<DoctorRead, string> = {
  debugToken: "debug_token",
  waba: "the WABA",
  phoneNumbers: "the WABA's numbers",
  phoneNumber: "the number",
  templates: "the templates",
  subscribedApps: "subscribed_apps",
  appSubscriptions: "the app's subscriptions",
  businessProfile: "the business profile",
};

interface Props {
  check: Check;
  profileId: string;
  /** The version the doctor ran with: its reads are copied as they were sent. */
  apiVersion: string;
  /** The title of the check this one waited for, when it was skipped. */
  blockerTitle: string | null;
  onRerun: () => void;
  rerunning: boolean;
}

export function CheckCard({ check, profileId, apiVersion, blockerTitle, onRerun, rerunning }: Props) {
  const fixTone = check.state === "fail" || check.state === "warn" ? check.state : null;
  const titleId = `check-${check.id}-title`;
  return (
    <li className={`check check--${check.state}`} data-testid={`check-${check.id}`} data-state={check.state}>
      <article className="check__card" aria-labelledby={titleId}>
        <header className="check__head">
          <h2 className="check__title" id={titleId}>
            {check.title}
          </h2>
          <StatusChip state={check.state} />
        </header>
        {check.state === "skipped" ? (
          <p className="check__skipped" data-testid="skipped-reason">
            Skipped because “{blockerTitle ?? "an earlier check"}” did not pass.
          </p>
        ) : (
          <p className="check__summary">{check.summary}</p>
        )}
        {check.evidence.length > 0 && (
          <ul className="evidence" aria-label="Evidence">
            {check.evidence.map((e, i) => (
              <li key={`${e.source}-${i}`} className="evidence__row">
                <span className="evidence__text">
                  <span className="evidence__source">{e.source}</span>
                  <span className="evidence__arrow" aria-label="answered">
                    {" → "}
                  </span>
                  <span className="evidence__answer">{e.answer}</span>
                </span>
                <span className="evidence__at">
                  <RelativeTime iso={e.at} />
                </span>
              </li>
            ))}
          </ul>
        )}
        {check.reads.length > 0 && (
          <div className="check__reads" role="group" aria-label="Graph calls this check judged">
            {check.reads.map((read) => (
              <CopyCurlButton
                key={read}
                profileId={profileId}
                call={{ kind: "doctorRead", read, apiVersion }}
                what={`${check.title}: the read of ${READ_LABELS[read]}`}
                label={check.reads.length > 1 ? `Copy ${READ_LABELS[read]} as curl` : "Copy the read as curl"}
                testId={`copy-curl-${read}`}
              />
            ))}
          </div>
        )}
        <PageLinks links={check.links} label="Pages this check is about" />
        {fixTone && check.fix && <FixBox tone={fixTone}>{check.fix}</FixBox>}
        {fixTone && check.action && (
          <div className="check__action">
            <FixActionButton action={check.action} onRerun={onRerun} rerunning={rerunning} />
          </div>
        )}
      </article>
    </li>
  );
}
