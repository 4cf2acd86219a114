// Templates page: the WABA's templates as last synced from Meta (the local cache), with the count against the WABA's
// limit, the editor's kept drafts, filters that go through list_templates, a virtualized list and, at
// /templates/:templateId, that template's detail beside it. A profile that never synced is synced once on its first visit.
import { CheckCircle2, FileText, Plus, RefreshCw, SearchX } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import type { Profile } from "../../bindings/Profile";
import type { TemplateCount } from "../../bindings/TemplateCount";
import type { TemplateFilter } from "../../bindings/TemplateFilter";
import type { TemplateListing } from "../../bindings/TemplateListing";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine, Skeleton, Spinner } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { RelativeTime } from "../../components/RelativeTime";
import type { DeletedState } from "./DeleteTemplateDialog";
import { TemplateDetail } from "./TemplateDetail";
import { TemplateList } from "./TemplateList";
import { TemplateListDrafts } from "./TemplateListDrafts";
import { NO_FILTERS, TemplateListToolbar, type ToolbarFilters } from "./TemplateListToolbar";
import { everyTemplate, useSyncTemplates, useTemplateList } from "./queries";
import "./templates.css";

/** How long the search waits for typing to pause before it filters. */
const SEARCH_DEBOUNCE_MS = 200;
/** Past this share of the WABA's limit the meter warns. */
const WARN_FROM = 0.9;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return settled;
}

function CountMeter({ count }: { count: TemplateCount }) {
  const share = count.limit ? Math.min(1, count.count / count.limit) : null;
  const tone = share !== null && share > WARN_FROM ? "warn" : "ok";
  return (
    <div className={`templates-count templates-count--${tone}`} data-testid="template-count" data-tone={tone}>
      <span className="templates-count__text">{count.summary}</span>
      {share !== null && count.limit !== null && (
        <div
          className="progress templates-count__meter"
          role="meter"
          aria-label="Templates used of the WABA's limit"
          aria-valuemin={0}
          aria-valuemax={count.limit}
          aria-valuenow={count.count}
        >
          <div className="progress__bar" style={{ width: `${Math.max(share * 100, 0.5)}%` }} />
        </div>
      )}
    </div>
  );
}

function SyncLine({ listing, syncing }: { listing: TemplateListing | undefined; syncing: boolean }) {
  if (syncing) {
    return (
      <span className="muted templates-synced" data-testid="templates-synced">
        Syncing with Meta…
      </span>
    );
  }
  if (!listing) return null;
  return (
    <span className="muted templates-synced" data-testid="templates-synced">
      {listing.syncedAt ? (
        <>
          Synced <RelativeTime iso={listing.syncedAt} />
        </>
      ) : (
        "Never synced"
      )}
    </span>
  );
}

const isFiltered = (f: ToolbarFilters, search: string) => Boolean(f.status ?? f.category ?? f.language) || search !== "";

function ProfileTemplates({ profile }: { profile: Profile }) {
  const { templateId } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const deleted = (location.state as DeletedState | null)?.deleted;

  const all = useTemplateList(everyTemplate(profile.id));
  const sync = useSyncTemplates(profile.id);
  const { mutate: runSync } = sync;

  const [filters, setFilters] = useState<ToolbarFilters>(NO_FILTERS);
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const filter: TemplateFilter = { ...everyTemplate(profile.id), ...filters, search: search || null };
  const shown = useTemplateList(filter);
  const filtered = isFiltered(filters, search);

  // A profile that never synced has an empty cache: read Meta once, on the first visit (never again on its own).
  const autoSynced = useRef(false);
  const neverSynced = all.data?.syncedAt === null;
  useEffect(() => {
    if (neverSynced && !autoSynced.current) {
      autoSynced.current = true;
      runSync();
    }
  }, [neverSynced, runSync]);

  function clearFilters() {
    setFilters(NO_FILTERS);
    setSearchText("");
  }

  const listing = all.data;
  // Never synced: the first sync is running, or about to (the effect above starts it after this render).
  const firstSync = listing?.syncedAt === null && (sync.isPending || sync.isIdle);
  const selected = templateId ? listing?.templates.find((t) => t.id === templateId) : undefined;

  let body;
  if (all.isPending || firstSync) {
    body = (
      <section className="card card__body stack" aria-busy>
        <LoadingLine>{firstSync ? "Reading your templates from Meta…" : "Reading the synced templates…"}</LoadingLine>
        <Skeleton width="80%" />
        <Skeleton width="60%" />
      </section>
    );
  } else if (all.isError) {
    body = <ErrorCard error={all.error} onRetry={() => void all.refetch()} />;
  } else if (!listing?.syncedAt) {
    // The first sync failed (its error is shown above); nothing is cached yet.
    body = (
      <section className="card">
        <EmptyState icon={FileText} title="No templates read yet" action={<SyncButton onSync={() => runSync()} syncing={sync.isPending} />}>
          The console has not read this WABA&apos;s templates from Meta yet. Sync now to read them.
        </EmptyState>
      </section>
    );
  } else if (listing.cached === 0) {
    body = (
      <section className="card">
        <EmptyState icon={FileText} title="This WABA has no templates yet" action={<NewTemplateLink />}>
          The first message to anyone must be an approved template. Create one, and the console follows Meta&apos;s review.
        </EmptyState>
      </section>
    );
  } else {
    const rows = shown.data?.templates ?? [];
    body = (
      <div className={`templates-layout${templateId ? " templates-layout--detail" : ""}`}>
        <section className="card templates-list-card" aria-label="Templates">
          <TemplateListToolbar
            listing={listing}
            filters={filters}
            onFiltersChange={setFilters}
            searchText={searchText}
            onSearchTextChange={setSearchText}
            shown={rows.length}
            filtered={filtered}
            onClear={clearFilters}
            busy={shown.isFetching}
          />
          {shown.isError ? (
            <div className="card__body">
              <ErrorCard error={shown.error} onRetry={() => void shown.refetch()} />
            </div>
          ) : rows.length === 0 && !shown.isPending ? (
            <EmptyState
              icon={SearchX}
              title="No template matches these filters"
              action={
                <button type="button" className="btn" onClick={clearFilters}>
                  Clear filters
                </button>
              }
            >
              Change the search or the filters, or clear them to see all {listing.cached} templates.
            </EmptyState>
          ) : (
            <TemplateList templates={rows} selectedId={templateId} compact={Boolean(templateId)} onOpen={(id) => void navigate(`/templates/${encodeURIComponent(id)}`)} />
          )}
        </section>
        {templateId && <TemplateDetail key={templateId} profile={profile} templateId={templateId} template={selected} listing={listing} />}
      </div>
    );
  }

  return (
    <>
      <PageHeader
        eyebrow={profile.name}
        title="Templates"
        description="The message templates of this WhatsApp Business Account: their status in Meta's review, quality, and why Meta rejected one and how to fix it."
        actions={
          <div className="row">
            <SyncLine listing={listing} syncing={sync.isPending} />
            <SyncButton onSync={() => runSync()} syncing={sync.isPending} />
            <NewTemplateLink />
          </div>
        }
      />
      <div className="stack templates-page">
        {listing?.count && <CountMeter count={listing.count} />}
        {sync.isError && <ErrorCard error={sync.error} onRetry={() => runSync()} />}
        {deleted && (
          <p className="callout callout--pass templates-inline" role="status" data-testid="template-deleted">
            <CheckCircle2 size={16} aria-hidden />
            <span>{deleted}</span>
          </p>
        )}
        <TemplateListDrafts profile={profile} />
        {body}
      </div>
    </>
  );
}

function SyncButton({ onSync, syncing }: { onSync: () => void; syncing: boolean }) {
  return (
    <button type="button" className="btn" data-testid="templates-sync" onClick={onSync} disabled={syncing}>
      {syncing ? <Spinner /> : <RefreshCw size={16} aria-hidden />}
      {syncing ? "Syncing…" : "Sync now"}
    </button>
  );
}

function NewTemplateLink() {
  return (
    <Link className="btn btn--primary" to="/templates/new" data-testid="template-new">
      <Plus size={16} aria-hidden />
      New template
    </Link>
  );
}

export function TemplatesPage() {
  return <ActiveProfileGate>{(profile) => <ProfileTemplates key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
