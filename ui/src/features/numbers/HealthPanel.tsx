// A number's health panel: status and what it means, ownership, quality, the portfolio's messaging limit, PIN,
// whether it can send and take calls, and what Meta says limits (additional info) or blocks (errors) it. Every value
// arrives explained ({ value, tone, meaning }) from Rust; this file has no table of its own.
import { Phone } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { NumberHealth } from "../../bindings/NumberHealth";
import type { Explained } from "../../bindings/Explained";
import { CopyableUrl } from "../../components/CopyableUrl";
import { ExplainedChip } from "../../components/ExplainedChip";
import { Chip } from "../../components/StatusChip";
import { limitLabel } from "../quality/rating";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="health__fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const dash = <span className="muted">—</span>;

/** Meta's own sentences about the number (health_status additional_info or errors); nothing when there are none. */
function MetaSays({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <div className="health__issues" data-testid={testId}>
      <h3 className="health__subtitle">{title}</h3>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

/** A value with its meaning beside it (for the facts whose meaning the admin needs to read, not hover). */
function Stacked({ explained, testId }: { explained: Explained<string> | null; testId: string }) {
  if (!explained) return dash;
  return (
    <span className="health__stack">
      <ExplainedChip explained={explained} testId={testId} />
      <span className="muted health__note">{explained.meaning}</span>
    </span>
  );
}

/** A plain value (mono text) with its meaning as the tooltip, for facts that are not good or bad. */
function Plain({ explained, testId }: { explained: Explained<string> | null; testId: string }) {
  if (!explained) return dash;
  return (
    <span className="mono" title={explained.meaning} data-testid={testId}>
      {explained.value}
    </span>
  );
}

export function HealthPanel({ health, own }: { health: NumberHealth; own: boolean }) {
  const statusTone = health.status?.tone ?? "neutral";
  return (
    <section className="card health" data-testid="number-health" data-status={health.status?.value ?? "unknown"} aria-labelledby="health-title">
      <div className="health__head">
        <span className={`health__icon health__icon--${statusTone}`}>
          <Phone size={18} aria-hidden />
        </span>
        <div className="health__title-block">
          <h2 className="health__title" id="health-title">
            {health.displayPhoneNumber ?? health.id}
            {own && <Chip tone="accent">This profile&apos;s number</Chip>}
          </h2>
          <p className="muted">{health.verifiedName ?? "No verified name"}</p>
        </div>
        <ExplainedChip explained={health.status} testId="health-status" />
      </div>
      <p className="health__meaning">{health.status?.meaning ?? "Meta did not return the number's status."}</p>
      <dl className="health__facts">
        <Fact label="Phone-number ID">
          <CopyableUrl url={health.id} />
        </Fact>
        <Fact label="Ownership">
          <ExplainedChip explained={health.codeVerificationStatus} testId="health-ownership" />
        </Fact>
        <Fact label="Quality rating">
          <Stacked explained={health.qualityRating} testId="health-quality" />
        </Fact>
        <Fact label="Display name">
          <span className="row">
            {health.nameStatus ? <ExplainedChip explained={health.nameStatus} testId="health-name-status" /> : dash}
            {own && (
              <Link to="/business-profile" data-testid="health-business-profile">
                Business profile
              </Link>
            )}
          </span>
        </Fact>
        <Fact label="Messaging limit">
          <span className="health__stack">
            <span>
              {health.messagingLimit ? <Plain explained={health.messagingLimit} testId="health-limit" /> : <span className="mono">—</span>}
              {health.messagingLimit && <span className="muted"> · {limitLabel(health.messagingLimit.value)}</span>}
            </span>
            <span className="muted health__note" data-testid="health-limit-note">
              {health.messagingLimitIsDeprecatedTier
                ? "Deprecated per-number tier (messaging_limit_tier); limits are per business portfolio now (whatsapp_business_manager_messaging_limit)."
                : "Shared by every number of the business portfolio."}{" "}
              A falling quality rating does not lower it.
            </span>
          </span>
        </Fact>
        <Fact label="Throughput">
          <Plain explained={health.throughput} testId="health-throughput" />
        </Fact>
        <Fact label="Platform">{health.platformType ? <ExplainedChip explained={health.platformType} testId="health-platform" /> : dash}</Fact>
        <Fact label="Account mode">
          <Plain explained={health.accountMode} testId="health-account-mode" />
        </Fact>
        <Fact label="Two-step PIN">
          {health.isPinEnabled === null ? dash : <Chip tone={health.isPinEnabled ? "pass" : "warn"}>{health.isPinEnabled ? "Set" : "Not set"}</Chip>}
        </Fact>
        <Fact label="Can send">
          <ExplainedChip explained={health.canSend} testId="health-can-send" />
        </Fact>
        <Fact label="Calls over SIP">{health.canReceiveCallSip ? <ExplainedChip explained={health.canReceiveCallSip} testId="health-call-sip" /> : dash}</Fact>
      </dl>
      <MetaSays title="What Meta says limits sending" items={health.healthNotes} testId="health-notes" />
      <MetaSays title="What Meta says blocks sending" items={health.healthIssues} testId="health-issues" />
    </section>
  );
}
