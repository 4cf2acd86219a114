// Quality page: the number's current rating and messaging limit, their history, and the guide to what
// each rating means, what lowers it, how to recover, and how messaging limits grow.
import { Gauge, Lightbulb, Stethoscope, TrendingDown, TrendingUp } from "lucide-react";
import { Link } from "react-router";
import type { Profile } from "../../bindings/Profile";
import type { QualityGuide } from "../../bindings/QualityGuide";
import type { QualityPoint } from "../../bindings/QualityPoint";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine, Skeleton } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { RelativeTime } from "../../components/RelativeTime";
import { Chip } from "../../components/StatusChip";
import { useQualityGuide, useQualityHistory } from "../../lib/queries";
import { QualityChart } from "./QualityChart";
import { limitLabel, ratingLook } from "./rating";
import "./quality.css";

function RatingChip({ rating, guide }: { rating: string | null; guide: QualityGuide | undefined }) {
  const look = ratingLook(rating, guide);
  return (
    <Chip tone={look.tone}>
      <span className="mono">{rating ?? "—"}</span>
    </Chip>
  );
}

function Current({ latest, guide }: { latest: QualityPoint | undefined; guide: QualityGuide | undefined }) {
  if (!latest) {
    return (
      <section className="card quality-current" data-testid="quality-current" data-rating="none" aria-label="Current rating">
        <p className="quality-current__label">Current rating</p>
        <p className="quality-current__value muted">No reading yet</p>
        <p className="muted quality-current__note">The doctor records the rating and messaging limit each time it reads the number.</p>
      </section>
    );
  }
  const look = ratingLook(latest.rating, guide);
  const meaning = guide?.ratings.find((r) => r.rating === latest.rating)?.meaning;
  return (
    <section className={`card quality-current quality-current--${look.tone}`} data-testid="quality-current" data-rating={latest.rating ?? "none"} aria-label="Current rating">
      <p className="quality-current__label">Current rating</p>
      <p className="quality-current__value">
        <span className={`quality-current__dot quality-dot--${look.tone}`} aria-hidden />
        {look.label}
        <RatingChip rating={latest.rating} guide={guide} />
      </p>
      {meaning && <p className="quality-current__note">{meaning}</p>}
      <dl className="quality-current__facts">
        <div>
          <dt>Messaging limit</dt>
          <dd>
            <span className="mono">{latest.messagingLimit ?? "not sent"}</span>
            {latest.messagingLimit && <span className="muted"> · {limitLabel(latest.messagingLimit)}</span>}
          </dd>
        </div>
        <div>
          <dt>Read</dt>
          <dd>
            <RelativeTime iso={latest.at} /> <span className="muted">{latest.source === "webhook" ? "from a webhook" : "by the doctor"}</span>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function History({ history, guide }: { history: QualityPoint[]; guide: QualityGuide | undefined }) {
  return (
    <section className="card quality-history" aria-labelledby="quality-history-title">
      <header className="card__header">
        <h2 className="card__title" id="quality-history-title">
          History
        </h2>
        {history.length > 0 && (
          <span className="muted quality-history__count">
            {history.length} {history.length === 1 ? "reading" : "readings"}
          </span>
        )}
      </header>
      {history.length === 0 ? (
        <EmptyState
          icon={Gauge}
          title="No readings yet"
          action={
            <Link className="btn btn--primary" to="/doctor">
              <Stethoscope size={16} aria-hidden />
              Open the doctor
            </Link>
          }
        >
          Run the doctor to record the first reading.
        </EmptyState>
      ) : (
        <div className="card__body">
          <QualityChart history={history} guide={guide} />
        </div>
      )}
    </section>
  );
}

function Guide({ guide }: { guide: QualityGuide }) {
  return (
    <>
      <section className="card table-wrap" aria-labelledby="quality-ratings-title">
        <header className="card__header">
          <h2 className="card__title" id="quality-ratings-title">
            What each rating means
          </h2>
        </header>
        <table className="table guide-table" aria-labelledby="quality-ratings-title">
          <thead>
            <tr>
              <th scope="col">Rating</th>
              <th scope="col">Meaning</th>
              <th scope="col">Impact</th>
              <th scope="col">Recovery</th>
            </tr>
          </thead>
          <tbody>
            {guide.ratings.map((r) => (
              <tr key={r.rating}>
                <td>
                  <RatingChip rating={r.rating} guide={guide} />
                </td>
                <td>{r.meaning}</td>
                <td>{r.impact}</td>
                <td>{r.recovery}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <div className="quality-columns">
        <section className="card card__body stack" aria-labelledby="quality-lowers" style={{ gap: "var(--space-3)" }}>
          <h2 className="card__title quality-columns__title" id="quality-lowers">
            <TrendingDown size={17} aria-hidden className="quality-columns__icon quality-columns__icon--down" />
            What lowers it
          </h2>
          <ul className="quality-list">
            {guide.lowersIt.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
        <section className="card card__body stack" aria-labelledby="quality-improves" style={{ gap: "var(--space-3)" }}>
          <h2 className="card__title quality-columns__title" id="quality-improves">
            <TrendingUp size={17} aria-hidden className="quality-columns__icon quality-columns__icon--up" />
            How to improve it
          </h2>
          <ul className="quality-list">
            {guide.improvesIt.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      </div>

      <section className="card table-wrap" aria-labelledby="quality-limits-title">
        <header className="card__header">
          <h2 className="card__title" id="quality-limits-title">
            Messaging limits
          </h2>
          <span className="muted quality-history__count" data-testid="quality-limits-note">
            Per business portfolio, shared by all its numbers (whatsapp_business_manager_messaging_limit): unique users outside a customer-service window, per
            rolling 24 h
          </span>
        </header>
        <table className="table guide-table" aria-labelledby="quality-limits-title">
          <thead>
            <tr>
              <th scope="col">Limit</th>
              <th scope="col">What it allows</th>
              <th scope="col">Note</th>
              <th scope="col">How to go up</th>
            </tr>
          </thead>
          <tbody>
            {guide.limits.map((l) => (
              <tr key={l.rating}>
                <td className="mono guide-table__limit">{l.rating}</td>
                <td>{l.meaning}</td>
                <td>{l.impact || <span className="muted">—</span>}</td>
                <td>{l.recovery || <span className="muted">The top tier.</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {guide.seedCorrections.length > 0 && (
        <div className="callout callout--info" data-testid="quality-seed-corrections">
          <Lightbulb size={18} aria-hidden />
          <div className="callout__body">
            <h2 className="callout__title">Where the common guide is wrong</h2>
            <ul className="quality-list">
              {guide.seedCorrections.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </>
  );
}

function ProfileQuality({ profile }: { profile: Profile }) {
  const guide = useQualityGuide();
  const history = useQualityHistory(profile.id);
  const points = history.data ?? [];
  return (
    <>
      <PageHeader
        eyebrow={profile.name}
        title="Quality"
        description="Meta rates each number by how recipients react to its messages, and caps how many people the business portfolio (all its numbers together) can start conversations with per day. Since 7 Oct 2025 a falling rating no longer lowers that cap or flags the number; it keeps the cap from growing. Both are read by the doctor and kept here."
      />
      <div className="stack" style={{ gap: "var(--space-6)" }}>
        {history.isError && <ErrorCard error={history.error} onRetry={() => void history.refetch()} />}
        {history.isPending ? (
          <LoadingLine>Loading the quality history…</LoadingLine>
        ) : (
          history.data && (
            <div className="quality-top">
              <Current latest={points.at(-1)} guide={guide.data} />
              <History history={points} guide={guide.data} />
            </div>
          )
        )}
        {guide.isError && <ErrorCard error={guide.error} onRetry={() => void guide.refetch()} />}
        {guide.isPending && <Skeleton height={200} />}
        {guide.data && <Guide guide={guide.data} />}
      </div>
    </>
  );
}

export function QualityPage() {
  return <ActiveProfileGate>{(profile) => <ProfileQuality key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
