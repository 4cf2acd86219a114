// A number's health panel: status and what it means, ownership, quality, the portfolio's messaging limit, PIN,
// whether it can send and take calls, and what Meta says limits (additional info) or blocks (errors) it.
import { Phone } from "lucide-react";
import type { ReactNode } from "react";
import type { NumberHealth } from "../../bindings/NumberHealth";
import { CopyableUrl } from "../../components/CopyableUrl";
import { Chip } from "../../components/StatusChip";
import { useQualityGuide } from "../../lib/queries";
import { limitLabel, ratingLook } from "../quality/rating";
import { canSendTone, ownershipTone, statusTone } from "./status";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="health__fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const dash = <span className="muted">—</span>;

export function HealthPanel({ health, own }: { health: NumberHealth; own: boolean }) {
  const guide = useQualityGuide();
  const rating = ratingLook(health.qualityRating);
  const ratingMeaning = guide.data?.ratings.find((r) => r.rating === health.qualityRating)?.meaning;
  return (
    <section className="card health" data-testid="number-health" data-status={health.status ?? "unknown"} aria-labelledby="health-title">
      <div className="health__head">
        <span className={`health__icon health__icon--${statusTone(health.status)}`}>
          <Phone size={18} aria-hidden />
        </span>
        <div className="health__title-block">
          <h2 className="health__title" id="health-title">
            {health.displayPhoneNumber ?? health.id}
            {own && <Chip tone="accent">This profile&apos;s number</Chip>}
          </h2>
          <p className="muted">{health.verifiedName ?? "No verified name"}</p>
        </div>
        <Chip tone={statusTone(health.status)}>
          <span className="mono">{health.status ?? "UNKNOWN"}</span>
        </Chip>
      </div>
      <p className="health__meaning">{health.statusMeaning}</p>
      <dl className="health__facts">
        <Fact label="Phone-number ID">
          <CopyableUrl url={health.id} />
        </Fact>
        <Fact label="Ownership">
          <Chip tone={ownershipTone(health.codeVerificationStatus)}>
            <span className="mono">{health.codeVerificationStatus ?? "UNKNOWN"}</span>
          </Chip>
        </Fact>
        <Fact label="Quality rating">
          <span className="health__stack">
            <Chip tone={rating.tone}>{rating.label}</Chip>
            {ratingMeaning && <span className="muted health__note">{ratingMeaning}</span>}
          </span>
        </Fact>
        <Fact label="Display name">{health.nameStatus ? <span className="mono">{health.nameStatus}</span> : dash}</Fact>
        <Fact label="Messaging limit">
          <span className="health__stack">
            <span>
              <span className="mono">{health.messagingLimit ?? "—"}</span>
              {health.messagingLimit && <span className="muted"> · {limitLabel(health.messagingLimit)}</span>}
            </span>
            <span className="muted health__note" data-testid="health-limit-note">
              {health.messagingLimitIsDeprecatedTier
                ? "Deprecated per-number tier (messaging_limit_tier); limits are per business portfolio now (whatsapp_business_manager_messaging_limit)."
                : "Shared by every number of the business portfolio."}{" "}
              A falling quality rating does not lower it.
            </span>
          </span>
        </Fact>
        <Fact label="Throughput">{health.throughput ? <span className="mono">{health.throughput}</span> : dash}</Fact>
        <Fact label="Platform">{health.platformType ? <span className="mono">{health.platformType}</span> : dash}</Fact>
        <Fact label="Account mode">{health.accountMode ? <span className="mono">{health.accountMode}</span> : dash}</Fact>
        <Fact label="Two-step PIN">
          {health.isPinEnabled === null ? dash : <Chip tone={health.isPinEnabled ? "pass" : "warn"}>{health.isPinEnabled ? "Set" : "Not set"}</Chip>}
        </Fact>
        <Fact label="Can send">
          <Chip tone={canSendTone(health.canSend)}>
            <span className="mono">{health.canSend ?? "UNKNOWN"}</span>
          </Chip>
        </Fact>
        <Fact label="Calls over SIP">
          {health.canReceiveCallSip ? (
            <Chip tone={canSendTone(health.canReceiveCallSip)}>
              <span className="mono">{health.canReceiveCallSip}</span>
            </Chip>
          ) : (
            dash
          )}
        </Fact>
      </dl>
      {health.healthNotes.length > 0 && (
        <div className="health__issues" data-testid="health-notes">
          <h3 className="health__subtitle">What Meta says limits sending</h3>
          <ul>
            {health.healthNotes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      )}
      {health.healthIssues.length > 0 && (
        <div className="health__issues" data-testid="health-issues">
          <h3 className="health__subtitle">What Meta says blocks sending</h3>
          <ul>
            {health.healthIssues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
