// API versions page: which Graph API version the profile uses, how long Meta serves each version, a warning
// before the profile's version stops working, and a way to try another version with the doctor first.
import { Info, Stethoscope, TriangleAlert, XCircle } from "lucide-react";
import { Link } from "react-router";
import type { ApiVersionInfo } from "../../bindings/ApiVersionInfo";
import type { AppInfo } from "../../bindings/AppInfo";
import type { Profile } from "../../bindings/Profile";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { Chip } from "../../components/StatusChip";
import { formatDate } from "../../lib/format";
import { useAppInfo } from "../../lib/queries";
import { describeVersion, VERSION_STATUS } from "../../lib/versionStatus";
import "./versions.css";

const DAY_MS = 24 * 3600 * 1000;

/** Whole days from today to an ISO calendar date (negative once past). */
function daysUntil(isoDate: string, now = new Date()): number {
  const [y, m, d] = isoDate.split("-").map(Number);
  const end = new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((end.getTime() - today.getTime()) / DAY_MS);
}

function inDays(days: number): string {
  if (days === 0) return "today";
  if (days > 0) return days === 1 ? "tomorrow" : `in ${days} days`;
  return days === -1 ? "yesterday" : `${-days} days ago`;
}

function newestOf(versions: ApiVersionInfo[]): ApiVersionInfo | undefined {
  return [...versions].sort((a, b) => (b.released ?? "").localeCompare(a.released ?? ""))[0];
}

function RunDoctorLink({ version, primary = false }: { version: string; primary?: boolean }) {
  return (
    <Link
      className={`btn btn--sm ${primary ? "btn--primary" : ""}`}
      to={`/doctor?version=${encodeURIComponent(version)}&run=1`}
      data-testid={`run-doctor-${version}`}
    >
      <Stethoscope size={14} aria-hidden />
      Run doctor against {version}
    </Link>
  );
}

function ExpiryWarning({ info, newest, updated }: { info: ApiVersionInfo; newest: ApiVersionInfo | undefined; updated: string }) {
  const status = info.status;
  if (status === "current") return null;
  if (status === "newer") {
    return (
      <div className="callout callout--info" data-testid="versions-warning" data-status={status}>
        <Info size={18} aria-hidden />
        <div className="callout__body">
          <p className="callout__title">{info.name} is newer than this console knows.</p>
          <p className="muted">
            The console&apos;s version table was last updated on {formatDate(updated)}, before {info.name} was released, so it has no dates for it. Meta&apos;s
            changelog says how long it is served.
          </p>
        </div>
      </div>
    );
  }
  const expired = status === "expired";
  const Icon = expired ? XCircle : TriangleAlert;
  let headline: string;
  if (status === "unknown") headline = `${info.name} is not in the console's version table: it is older than every version the table lists, or mistyped.`;
  else if (expired && info.availableUntil) headline = `${info.name} stopped being served on ${formatDate(info.availableUntil)} (${inDays(daysUntil(info.availableUntil))}).`;
  else if (info.availableUntil) headline = `${info.name} stops being served on ${formatDate(info.availableUntil)} (${inDays(daysUntil(info.availableUntil))}).`;
  else headline = `${info.name} has no announced end date.`;
  return (
    <div className={`callout ${expired ? "callout--fail" : "callout--warn"}`} role="alert" data-testid="versions-warning" data-status={status}>
      <Icon size={18} aria-hidden />
      <div className="callout__body">
        <p className="callout__title">{headline}</p>
        <p className="muted">
          {expired
            ? "Meta answers calls to an expired version with the oldest version it still serves, which can change how requests behave. "
            : "Calls keep working until then; after that Meta silently serves a newer version. "}
          {newest && `Switch this profile to ${newest.name}, after running the doctor against it.`}
        </p>
        {newest && (
          <div>
            <RunDoctorLink version={newest.name} primary />
          </div>
        )}
      </div>
    </div>
  );
}

function Versions({ profile, appInfo }: { profile: Profile; appInfo: AppInfo }) {
  const versions = appInfo.apiVersions;
  const info = describeVersion(profile.apiVersion, versions);
  const listed = versions.includes(info);
  const newest = newestOf(versions);
  const v21 = versions.find((v) => v.name === "v21.0");
  const status = info.status;
  return (
    <div className="stack" style={{ gap: "var(--space-5)" }}>
      <ExpiryWarning info={info} newest={newest} updated={appInfo.apiVersionsUpdated} />

      <section className="card versions-profile" data-testid="versions-profile" aria-label="This profile's version">
        <div>
          <p className="versions-profile__label">This profile uses</p>
          <p className="versions-profile__value">
            <span className="mono">{profile.apiVersion}</span>
            <Chip tone={VERSION_STATUS[status].tone}>{VERSION_STATUS[status].label}</Chip>
          </p>
        </div>
        <p className="muted versions-profile__until">
          {info.availableUntil
            ? `Served until ${formatDate(info.availableUntil)} (${inDays(daysUntil(info.availableUntil))}).`
            : listed
              ? "Meta has not announced an end date yet."
              : status === "newer"
                ? "Newer than the console's version table."
                : "Not in the console's version table."}
        </p>
      </section>

      {newest && (
        <div className="callout callout--info" data-testid="versions-newest">
          <Info size={18} aria-hidden />
          <div className="callout__body">
            <p>
              <strong>{newest.name} is the newest Graph API version</strong>
              {newest.released && <> (released {formatDate(newest.released)})</>}, and new profiles use it. The common guide&apos;s
              “v21 is current” is out of date
              {v21?.availableUntil ? `: v21.0 is served only until ${formatDate(v21.availableUntil)}.` : "."}
            </p>
          </div>
        </div>
      )}

      <section className="card table-wrap" aria-labelledby="versions-table-title">
        <header className="card__header">
          <h2 className="card__title" id="versions-table-title">
            Meta&apos;s version table
          </h2>
          <span className="muted versions-table__note" data-testid="versions-updated">
            Graph has no endpoint that lists versions; this table ships with the console and was last updated on {formatDate(appInfo.apiVersionsUpdated)}.
          </span>
        </header>
        <table className="table versions-table" aria-labelledby="versions-table-title">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Released</th>
              <th scope="col">Available until</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Try it</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const mine = v.name === profile.apiVersion;
              const days = v.availableUntil ? daysUntil(v.availableUntil) : null;
              return (
                <tr key={v.name} className={mine ? "is-active" : undefined} data-testid={`version-row-${v.name}`} data-status={v.status}>
                  <td>
                    <span className="row">
                      <span className="mono versions-table__name">{v.name}</span>
                      {mine && <Chip tone="accent">This profile</Chip>}
                      {v === newest && !mine && <Chip tone="info">Newest</Chip>}
                    </span>
                  </td>
                  <td>{v.released ? formatDate(v.released) : <span className="muted">—</span>}</td>
                  <td>
                    {v.availableUntil ? (
                      <span>
                        {formatDate(v.availableUntil)}
                        {days !== null && <span className="muted versions-table__days"> · {inDays(days)}</span>}
                      </span>
                    ) : (
                      <span className="muted">Not announced</span>
                    )}
                  </td>
                  <td>
                    <Chip tone={VERSION_STATUS[v.status].tone}>{VERSION_STATUS[v.status].label}</Chip>
                  </td>
                  <td className="versions-table__action">
                    <RunDoctorLink version={v.name} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function ProfileVersions({ profile }: { profile: Profile }) {
  const appInfo = useAppInfo();
  return (
    <>
      <PageHeader
        eyebrow={profile.name}
        title="API versions"
        description="Meta serves each Graph API version for about two years. A version warns here 90 days before it stops; try a newer one with the doctor before switching the profile to it."
      />
      {appInfo.isPending && <LoadingLine>Loading the version table…</LoadingLine>}
      {appInfo.isError && <ErrorCard error={appInfo.error} onRetry={() => void appInfo.refetch()} />}
      {appInfo.data && <Versions profile={profile} appInfo={appInfo.data} />}
    </>
  );
}

export function VersionsPage() {
  return <ActiveProfileGate>{(profile) => <ProfileVersions key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
