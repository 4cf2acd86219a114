// The live feed of the webhook events the receiver stored for the profile's WABA: read every few seconds while the window
// is visible, filtered by kind and searched (by webhook_events, the filter the CLI uses too), listed newest first and
// virtualized; the selected event shows its parsed essentials and, behind a toggle, the value exactly as Meta sent it.
import { useVirtualizer } from "@tanstack/react-virtual";
import { ChevronRight, Inbox, Radio, Search } from "lucide-react";
import { useRef, useState, type KeyboardEvent } from "react";
import type { Profile } from "../../bindings/Profile";
import type { StoredWebhookEvent } from "../../bindings/StoredWebhookEvent";
import type { WebhookEventFilter } from "../../bindings/WebhookEventFilter";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine } from "../../components/Loading";
import { RelativeTime } from "../../components/RelativeTime";
import { formatDateTime } from "../../lib/format";
import { useDebounced } from "../../lib/useDebounced";
import { EventDetail, eventOf, kindTone } from "./EventDetail";
import { Chip } from "../../components/StatusChip";
import { FEED_LIMIT, useWebhookEvents } from "./queries";

const ROW_HEIGHT = 48;
const OVERSCAN = 8;
/** How long the search waits for the typing to pause before it reads the events again. */
const SEARCH_DEBOUNCE_MS = 300;

/** The kind filters: a kind prefix each (the console's kinds are `message.text`, `status.read`, `template.status`, ...). */
const KIND_FILTERS: { label: string; prefix: string | null }[] = [
  { label: "All", prefix: null },
  { label: "Messages", prefix: "message." },
  { label: "Statuses", prefix: "status." },
  { label: "Templates", prefix: "template." },
  { label: "Account", prefix: "account." },
  { label: "Phone number", prefix: "phone." },
];

function FeedRow({ stored, selected, top, onSelect }: { stored: StoredWebhookEvent; selected: boolean; top: number; onSelect: () => void }) {
  const event = eventOf(stored);
  const phone = event?.displayPhoneNumber ?? stored.phoneNumberId;
  return (
    <div
      role="option"
      id={`event-${stored.id}`}
      aria-selected={selected}
      className={`virtual-list__row event-row${selected ? " is-selected" : ""}`}
      data-testid="event-row"
      data-kind={stored.kind}
      style={{ height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
      onClick={onSelect}
    >
      <span className="event-row__time" title={formatDateTime(stored.receivedAt)}>
        <RelativeTime iso={stored.receivedAt} />
      </span>
      <span className="event-row__kind">
        <Chip tone={kindTone(stored.kind)}>{stored.kind}</Chip>
      </span>
      <span className="event-row__summary" title={stored.summary}>
        {stored.summary}
      </span>
      <span className="event-row__phone mono">{phone ?? <span className="muted">—</span>}</span>
    </div>
  );
}

function FeedList({ events, selectedId, onSelect }: { events: StoredWebhookEvent[]; selectedId: number | undefined; onSelect: (id: number) => void }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const selectedIndex = events.findIndex((e) => e.id === selectedId);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex + 1,
      ArrowUp: selectedIndex - 1,
      Home: 0,
      End: events.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const index = Math.max(0, Math.min(events.length - 1, target));
    const next = events[index];
    if (!next) return;
    onSelect(next.id);
    virtualizer.scrollToIndex(index);
  }

  return (
    <div
      ref={scrollRef}
      role="listbox"
      tabIndex={0}
      aria-label="Webhook events, newest first (arrow keys move the selection)"
      aria-activedescendant={selectedId === undefined ? undefined : `event-${selectedId}`}
      className="virtual-list event-feed__scroll"
      onKeyDown={onKeyDown}
    >
      <div className="virtual-list__body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const stored = events[item.index];
          if (!stored) return null;
          return <FeedRow key={stored.id} stored={stored} selected={stored.id === selectedId} top={item.start} onSelect={() => onSelect(stored.id)} />;
        })}
      </div>
    </div>
  );
}

function NoEventsYet() {
  return (
    <EmptyState icon={Inbox} title="No webhook event stored yet">
      Events appear here within seconds of arriving. To get some: store the app secret and start the receiver above; route a callback to it
      (a tunnel to Meta, or the WABA override with “Use the local receiver” on the sandbox); or press “Send a test event”.
    </EmptyState>
  );
}

export function EventFeed({ profile }: { profile: Profile }) {
  const [prefix, setPrefix] = useState<string | null>(null);
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const filter: WebhookEventFilter = { wabaId: profile.wabaId, kind: null, kindPrefix: prefix, field: null, search: search === "" ? null : search, limit: FEED_LIMIT };
  const events = useWebhookEvents(filter);
  const [selectedId, setSelectedId] = useState<number>();
  const list = events.data?.events ?? [];
  const selected = list.find((e) => e.id === selectedId);
  const filtered = prefix !== null || search !== "";

  return (
    <section className="card" aria-labelledby="event-feed-title" data-testid="event-feed">
      <header className="card__header">
        <h2 className="card__title" id="event-feed-title">
          Event feed
        </h2>
        <span className="muted webhooks-live">
          <Radio size={14} aria-hidden /> Live: read every few seconds while this window is visible
        </span>
      </header>
      <div className="card__body stack">
        <form role="search" className="event-feed__toolbar" aria-label="Filter webhook events" onSubmit={(e) => e.preventDefault()}>
          <div className="event-feed__kinds" role="group" aria-label="Kind">
            {KIND_FILTERS.map((f) => (
              <button
                key={f.label}
                type="button"
                className={`btn btn--sm${prefix === f.prefix ? " btn--primary" : ""}`}
                aria-pressed={prefix === f.prefix}
                data-testid={`event-filter-${f.prefix ?? "all"}`}
                onClick={() => setPrefix(f.prefix)}
              >
                {f.label}
              </button>
            ))}
          </div>
          <label className="event-feed__search">
            <span className="visually-hidden">Search event summaries</span>
            <Search size={16} aria-hidden className="event-feed__search-icon" />
            <input
              className="input"
              type="search"
              placeholder="Search summaries"
              data-testid="event-search"
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Escape") {
                  e.preventDefault();
                  setSearchText("");
                }
              }}
            />
          </label>
        </form>
        {events.isPending && <LoadingLine>Reading the stored events…</LoadingLine>}
        {events.isError && <ErrorCard error={events.error} onRetry={() => void events.refetch()} />}
        {events.data && (
          <>
            {events.data.total > 0 && (
              <p className="muted event-feed__count" data-testid="event-count">
                {events.data.total > list.length
                  ? `The newest ${list.length} of ${events.data.total} events.`
                  : `${events.data.total} ${events.data.total === 1 ? "event" : "events"}.`}
              </p>
            )}
            {list.length === 0 ? (
              filtered ? (
                <EmptyState
                  icon={Search}
                  title="No event matches this filter"
                  action={
                    <button
                      type="button"
                      className="btn"
                      onClick={() => {
                        setPrefix(null);
                        setSearchText("");
                      }}
                    >
                      Show every event
                    </button>
                  }
                />
              ) : (
                <NoEventsYet />
              )
            ) : (
              <div className="event-feed">
                <div className="event-feed__head" aria-hidden>
                  <span>Received</span>
                  <span>Kind</span>
                  <span>Summary</span>
                  <span>Number</span>
                </div>
                <FeedList events={list} selectedId={selectedId} onSelect={setSelectedId} />
              </div>
            )}
            {selected ? (
              <EventDetail key={selected.id} stored={selected} />
            ) : (
              list.length > 0 && (
                <p className="muted event-feed__pick">
                  <ChevronRight size={14} aria-hidden /> Select an event to see what it says and the JSON Meta sent.
                </p>
              )
            )}
          </>
        )}
      </div>
    </section>
  );
}
