// Numbers page: the WABA's numbers, and for the selected one (the profile's own by default) its health panel,
// ownership code, two-step PIN, registration with its attempt budget, deregister, and an ID checker.
import { Phone, RefreshCw } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { NumberHealth } from "../../bindings/NumberHealth";
import type { Profile } from "../../bindings/Profile";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { CopyableUrl } from "../../components/CopyableUrl";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine, Skeleton, Spinner } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { ExplainedChip } from "../../components/ExplainedChip";
import { Chip } from "../../components/StatusChip";
import { useNumberHealth, useNumbers } from "../../lib/queries";
import { HealthPanel } from "./HealthPanel";
import { IdCheckCard } from "./IdCheckCard";
import { DeregisterCard, RegisterCard } from "./RegisterCard";
import { OwnershipCard, PinCard } from "./SetupCards";
import "./numbers.css";

function useSecondsSince(at: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return Math.max(0, Math.round((now - at) / 1000));
}

function ReadAgo({ at }: { at: number }) {
  const seconds = useSecondsSince(at);
  const text = seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min`;
  return (
    <span className="muted numbers-read" data-testid="numbers-read-ago">
      read {text} ago
    </span>
  );
}

function NumbersTable({ numbers, profile, selected }: { numbers: NumberHealth[]; profile: Profile; selected: string }) {
  const navigate = useNavigate();
  return (
    <div className="card table-wrap">
      <table className="table numbers-table" data-testid="numbers-table">
        <caption className="visually-hidden">The WABA&apos;s phone numbers</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Verified name</th>
            <th scope="col">Phone-number ID</th>
            <th scope="col">Status</th>
            <th scope="col">Quality</th>
            <th scope="col">Ownership</th>
          </tr>
        </thead>
        <tbody>
          {numbers.map((n) => {
            const own = n.id === profile.phoneNumberId;
            return (
              <tr
                key={n.id}
                className={n.id === selected ? "is-active" : undefined}
                data-testid={`number-row-${n.id}`}
                aria-selected={n.id === selected}
                onClick={(e) => {
                  // Clicks on the copy button copy; anywhere else selects the row.
                  if (!(e.target as HTMLElement).closest("button, a")) void navigate(`/numbers/${n.id}`);
                }}
              >
                <td>
                  <div className="numbers-table__name">
                    <Link to={`/numbers/${n.id}`} className="numbers-table__link mono" aria-current={n.id === selected ? "true" : undefined}>
                      {n.displayPhoneNumber ?? n.id}
                    </Link>
                    {own && <Chip tone="accent">This profile</Chip>}
                  </div>
                </td>
                <td>{n.verifiedName ?? <span className="muted">—</span>}</td>
                <td>
                  <CopyableUrl url={n.id} />
                </td>
                <td>
                  <ExplainedChip explained={n.status} />
                </td>
                <td>
                  <ExplainedChip explained={n.qualityRating} absent="Not sent" />
                </td>
                <td>
                  <ExplainedChip explained={n.codeVerificationStatus} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function NumberDetail({ profile, numberId }: { profile: Profile; numberId: string }) {
  const health = useNumberHealth(profile.id, numberId);
  if (health.isPending) {
    return (
      <section className="card card__body stack" aria-busy>
        <LoadingLine>Reading the number from Meta…</LoadingLine>
        <Skeleton width="50%" />
        <Skeleton width="70%" />
      </section>
    );
  }
  if (health.isError) return <ErrorCard error={health.error} onRetry={() => void health.refetch()} />;
  const h = health.data;
  return (
    <div className="stack numbers-detail">
      <HealthPanel health={h} own={h.id === profile.phoneNumberId} />
      <div className="numbers-grid">
        <OwnershipCard profile={profile} health={h} />
        <PinCard profile={profile} health={h} />
      </div>
      <RegisterCard profile={profile} health={h} />
      <DeregisterCard profile={profile} health={h} />
    </div>
  );
}

function ProfileNumbers({ profile }: { profile: Profile }) {
  const { numberId } = useParams();
  const numbers = useNumbers(profile.id);
  const selected = numberId ?? profile.phoneNumberId;

  return (
    <>
      <PageHeader
        eyebrow={profile.name}
        title="Numbers"
        description="The phone numbers of this WhatsApp Business Account: their health, ownership code, two-step PIN and registration on the Cloud API."
        actions={
          <div className="row">
            {numbers.dataUpdatedAt > 0 && <ReadAgo at={numbers.dataUpdatedAt} />}
            <button type="button" className="btn" data-testid="numbers-refresh" onClick={() => void numbers.refetch()} disabled={numbers.isFetching}>
              {numbers.isFetching ? <Spinner /> : <RefreshCw size={16} aria-hidden />}
              Refresh
            </button>
          </div>
        }
      />
      <div className="stack" style={{ gap: "var(--space-6)" }}>
        {numbers.isPending ? (
          <section className="card card__body stack" aria-busy>
            <LoadingLine>Reading the WABA&apos;s numbers from Meta…</LoadingLine>
            <Skeleton width="80%" />
            <Skeleton width="60%" />
          </section>
        ) : numbers.isError ? (
          <ErrorCard error={numbers.error} onRetry={() => void numbers.refetch()} />
        ) : numbers.data.length === 0 ? (
          <section className="card">
            <EmptyState icon={Phone} title="This WABA has no phone numbers yet">
              Add a number in WhatsApp Manager (Phone numbers › Add phone number), then refresh.
            </EmptyState>
          </section>
        ) : (
          <NumbersTable numbers={numbers.data} profile={profile} selected={selected} />
        )}
        <NumberDetail key={selected} profile={profile} numberId={selected} />
        <IdCheckCard profile={profile} />
      </div>
    </>
  );
}

export function NumbersPage() {
  return <ActiveProfileGate>{(profile) => <ProfileNumbers key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
