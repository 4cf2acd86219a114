// The token card: what Meta said about the stored token (type, app, expiry, permissions, WABA access) and what to fix.
import { Check, CircleDashed, TriangleAlert, X, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import type { Profile } from "../../bindings/Profile";
import type { TokenReport } from "../../bindings/TokenReport";
import type { TokenType } from "../../bindings/TokenType";
import { ErrorCard } from "../../components/ErrorCard";
import { FixBox } from "../../components/FixBox";
import { RelativeTime } from "../../components/RelativeTime";
import { StatusChip } from "../../components/StatusChip";
import { formatDateTime, isPast } from "../../lib/format";

type Verdict = "pass" | "warn" | "fail" | "unknown";

const VERDICT_ICON: Record<Verdict, LucideIcon> = { pass: Check, warn: TriangleAlert, fail: X, unknown: CircleDashed };

const TOKEN_TYPE: Record<TokenType, string> = {
  systemUser: "System user",
  user: "User",
  page: "Page",
  app: "App",
  unknown: "Unknown",
};

const SCOPES = [
  ["whatsapp_business_management", "hasManagement"],
  ["whatsapp_business_messaging", "hasMessaging"],
] as const;

function Fact({ verdict, children }: { verdict: Verdict; children: ReactNode }) {
  const Icon = VERDICT_ICON[verdict];
  return (
    <span className={`verdict verdict--${verdict}`}>
      <Icon size={15} strokeWidth={2.5} aria-label={verdict === "unknown" ? "unknown" : verdict === "pass" ? "yes" : "no"} />
      <span>{children}</span>
    </span>
  );
}

function Expiry({ report }: { report: TokenReport }) {
  if (report.neverExpires) return <Fact verdict="pass">Never expires</Fact>;
  if (!report.expiresAt) return <Fact verdict="unknown">Unknown</Fact>;
  const past = isPast(report.expiresAt);
  return (
    <Fact verdict={past ? "fail" : "warn"}>
      {past ? "Expired" : "Expires"} {formatDateTime(report.expiresAt)} (<RelativeTime iso={report.expiresAt} />)
    </Fact>
  );
}

function App({ report, profile }: { report: TokenReport; profile: Profile }) {
  const name = `${report.application ?? "Unnamed app"} (${report.appId ?? "no app ID"})`;
  if (report.appMatchesProfile === true) return <Fact verdict="pass">{name}, matches this profile</Fact>;
  if (report.appMatchesProfile === false) {
    return (
      <Fact verdict="fail">
        {name}, but this profile names app <span className="mono">{profile.appId}</span>
      </Fact>
    );
  }
  return <Fact verdict="unknown">{report.appId ? name : "Meta did not say which app issued it"}</Fact>;
}

function WabaAccess({ report, profile }: { report: TokenReport; profile: Profile }) {
  const access = report.wabaAccess;
  switch (access.state) {
    case "granted":
      return <Fact verdict="pass">Granted for WABA {profile.wabaId}</Fact>;
    case "unrestricted":
      return <Fact verdict="pass">Unrestricted: follows the system user&apos;s assigned accounts</Fact>;
    case "notGranted":
      return (
        <Fact verdict="fail">
          Not granted: the token reaches {access.grantedIds.length ? access.grantedIds.join(", ") : "no WABA"}, not {profile.wabaId}
        </Fact>
      );
    case "unknown":
      return <Fact verdict="unknown">Unknown</Fact>;
  }
}

function Facts({ report, profile }: { report: TokenReport; profile: Profile }) {
  return (
    <dl className="facts">
      <dt>Type</dt>
      <dd>
        <Fact verdict={report.tokenType === "systemUser" ? "pass" : "fail"}>{TOKEN_TYPE[report.tokenType]}</Fact>
      </dd>
      <dt>App</dt>
      <dd>
        <App report={report} profile={profile} />
      </dd>
      <dt>Expiry</dt>
      <dd>
        <Expiry report={report} />
      </dd>
      <dt>Permissions</dt>
      <dd className="stack" style={{ gap: "var(--space-1)" }}>
        {SCOPES.map(([scope, key]) => (
          <Fact key={scope} verdict={report[key] ? "pass" : "fail"}>
            <span className="mono">{scope}</span>
          </Fact>
        ))}
      </dd>
      <dt>WABA access</dt>
      <dd>
        <WabaAccess report={report} profile={profile} />
      </dd>
      {report.wabaName && (
        <>
          <dt>WhatsApp account</dt>
          <dd>{report.wabaName}</dd>
        </>
      )}
    </dl>
  );
}

/** `title`: what the report is about; "Stored token" unless it is a pasted token Meta refused (and that was not stored). */
export function TokenCard({ report, profile, title = "Stored token" }: { report: TokenReport; profile: Profile; title?: string }) {
  return (
    <section className="card" data-testid="token-card" data-valid={report.valid} aria-labelledby="token-card-title">
      <header className="card__header">
        <div className="row">
          <h2 className="card__title" id="token-card-title">
            {title}
          </h2>
          <StatusChip state={report.valid ? "pass" : "fail"} label={report.valid ? "Valid" : "Invalid"} />
        </div>
        <span className="muted token-card__checked">
          Checked <RelativeTime iso={report.checkedAt} />
        </span>
      </header>
      <div className="card__body stack">
        {report.rejection ? <ErrorCard error={report.rejection} /> : <Facts report={report} profile={profile} />}
        {report.wabaReadError && <ErrorCard error={report.wabaReadError} />}
        {report.findings.length > 0 && (
          <section className="stack" style={{ gap: "var(--space-2)" }} aria-label="What to fix">
            <h3 className="token-card__subtitle">What to fix</h3>
            {report.findings.map((finding) => (
              <FixBox key={`${finding.topic}-${finding.title}`} tone={finding.severity} title={finding.title}>
                {finding.fix}
              </FixBox>
            ))}
          </section>
        )}
      </div>
    </section>
  );
}
