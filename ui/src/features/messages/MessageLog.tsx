// The message log: every message the console sent (or tried to), newest first, filtered by status, recipient, type, dates
// and a search (the filters the CLI's `waba messages list` takes too). Pages of LOG_PAGE_SIZE are read only as the list
// scrolls near its end (keyset paging), and only the visible rows are rendered, so a log of a million messages scrolls as
// smoothly as one of ten. Arrow keys move the selection, Enter opens the message.
import { useVirtualizer } from "@tanstack/react-virtual";
import { Clock, Search, Send } from "lucide-react";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router";
import type { LoggedMessage } from "../../bindings/LoggedMessage";
import type { MessageKind } from "../../bindings/MessageKind";
import type { MessageStatus } from "../../bindings/MessageStatus";
import type { Profile } from "../../bindings/Profile";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine } from "../../components/Loading";
import { RelativeTime } from "../../components/RelativeTime";
import { Select } from "../../components/Select";
import { Chip } from "../../components/StatusChip";
import { useDebounced } from "../../lib/useDebounced";
import { KIND_LABEL, MessageStatusChip, STALE_EXPLANATION, STATUSES, STATUS_LOOK } from "./MessageStatusChip";
import { isInFlight, useMessageLog, useStatusPolling, type LogFilter } from "./queries";

const ROW_HEIGHT = 56;
const OVERSCAN = 8;
/** How close to the end of the loaded rows the next page is read. */
const PREFETCH_ROWS = 20;
/** How long the recipient and the search wait for the typing to pause. */
const TYPING_DEBOUNCE_MS = 300;
const ALL = "all";

const KINDS = Object.keys(KIND_LABEL) as MessageKind[];

interface FilterInputs {
  status: MessageStatus | null;
  kind: MessageKind | null;
  recipient: string;
  since: string;
  until: string;
  search: string;
}

const NO_FILTER: FilterInputs = { status: null, kind: null, recipient: "", since: "", until: "", search: "" };

const orNull = (text: string) => (text.trim() === "" ? null : text.trim());

function Pricing({ message }: { message: LoggedMessage }) {
  if (message.pricingCategory === null && message.billable === null) return <span className="message-row__pricing muted">—</span>;
  return (
    <span className="message-row__pricing">
      {message.pricingCategory ?? "—"}
      {message.billable !== null && <span className="muted"> · {message.billable ? "billable" : "free"}</span>}
    </span>
  );
}

function LogRow({
  message,
  highlighted,
  opened,
  top,
  onOpen,
}: {
  message: LoggedMessage;
  highlighted: boolean;
  opened: boolean;
  top: number;
  onOpen: () => void;
}) {
  return (
    <div
      role="option"
      id={`message-${message.id}`}
      aria-selected={opened}
      className={`virtual-list__row message-row${opened ? " is-opened" : ""}${highlighted ? " is-highlighted" : ""}`}
      data-testid="message-row"
      data-id={message.id}
      data-status={message.status}
      style={{ height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
      onClick={onOpen}
    >
      <span className="message-row__recipient">
        <span className="mono">+{message.recipient}</span>
        <span className="message-row__summary muted" title={message.summary}>
          {message.summary}
        </span>
      </span>
      <span className="message-row__kind">{KIND_LABEL[message.kind]}</span>
      <span className="muted">
        <RelativeTime iso={message.createdAt} />
      </span>
      <span className="message-row__status">
        <MessageStatusChip status={message.status} />
        {message.stale && (
          <span title={STALE_EXPLANATION} data-testid="message-stale">
            <Chip tone="warn" icon={Clock}>
              No status yet
            </Chip>
          </span>
        )}
      </span>
      <Pricing message={message} />
      <span className="message-row__attempts" title="Graph calls the send took, retries included">
        {message.attempts}
      </span>
    </div>
  );
}

function LogList({
  messages,
  hasMore,
  loadingMore,
  onNearEnd,
  openedId,
  onOpen,
}: {
  messages: LoggedMessage[];
  hasMore: boolean;
  loadingMore: boolean;
  onNearEnd: () => void;
  openedId: number | null;
  onOpen: (id: number) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [highlight, setHighlight] = useState<number | null>(openedId);
  // A message opened from elsewhere (the URL, the browser's Back) takes the selection with it.
  const [followed, setFollowed] = useState(openedId);
  if (followed !== openedId) {
    setFollowed(openedId);
    if (openedId !== null) setHighlight(openedId);
  }
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: messages.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;
  const highlightIndex = messages.findIndex((m) => m.id === (highlight ?? openedId));

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= messages.length - PREFETCH_ROWS) onNearEnd();
  }, [hasMore, loadingMore, lastIndex, messages.length, onNearEnd]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Enter") {
      const current = messages[highlightIndex];
      if (current) {
        event.preventDefault();
        onOpen(current.id);
      }
      return;
    }
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 8) / ROW_HEIGHT));
    const moves: Record<string, number> = {
      ArrowDown: highlightIndex + 1,
      ArrowUp: highlightIndex - 1,
      PageDown: highlightIndex + page,
      PageUp: highlightIndex - page,
      Home: 0,
      End: messages.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const index = Math.max(0, Math.min(messages.length - 1, target));
    const next = messages[index];
    if (!next) return;
    setHighlight(next.id);
    virtualizer.scrollToIndex(index);
  }

  const active = highlightIndex >= 0 ? messages[highlightIndex] : undefined;
  return (
    <div
      ref={scrollRef}
      role="listbox"
      tabIndex={0}
      aria-label="Messages, newest first (arrow keys move the selection, Enter opens it)"
      aria-activedescendant={active ? `message-${active.id}` : undefined}
      className="virtual-list message-log__scroll"
      data-testid="message-list"
      onKeyDown={onKeyDown}
    >
      <div className="virtual-list__body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const message = messages[item.index];
          if (!message) {
            return (
              <div key="more" className="virtual-list__row message-row message-row--more" style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
                <LoadingLine>Reading older messages…</LoadingLine>
              </div>
            );
          }
          return (
            <LogRow
              key={message.id}
              message={message}
              highlighted={message.id === active?.id}
              opened={message.id === openedId}
              top={item.start}
              onOpen={() => {
                setHighlight(message.id);
                onOpen(message.id);
              }}
            />
          );
        })}
      </div>
    </div>
  );
}

function Filters({ inputs, onChange }: { inputs: FilterInputs; onChange: (inputs: FilterInputs) => void }) {
  const set = (change: Partial<FilterInputs>) => onChange({ ...inputs, ...change });
  const clearOnEscape = (field: "recipient" | "search") => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Escape" && inputs[field] !== "") {
      e.preventDefault();
      set({ [field]: "" });
    }
  };
  return (
    <form role="search" className="message-filters" aria-label="Filter the message log" onSubmit={(e) => e.preventDefault()}>
      <label className="message-filters__field">
        <span className="message-filters__label">Status</span>
        <Select
          aria-label="Status"
          data-testid="filter-status"
          value={inputs.status ?? ALL}
          onValueChange={(v) => set({ status: v === ALL ? null : (v as MessageStatus) })}
          options={[{ value: ALL, label: "Any status" }, ...STATUSES.map((s) => ({ value: s, label: STATUS_LOOK[s].label }))]}
        />
      </label>
      <label className="message-filters__field">
        <span className="message-filters__label">Type</span>
        <Select
          aria-label="Type"
          data-testid="filter-kind"
          value={inputs.kind ?? ALL}
          onValueChange={(v) => set({ kind: v === ALL ? null : (v as MessageKind) })}
          options={[{ value: ALL, label: "Any type" }, ...KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))]}
        />
      </label>
      <label className="message-filters__field">
        <span className="message-filters__label">Recipient</span>
        <input
          className="input"
          inputMode="tel"
          placeholder="+1 650 555 1234"
          data-testid="filter-recipient"
          value={inputs.recipient}
          onChange={(e) => set({ recipient: e.target.value })}
          onKeyDown={clearOnEscape("recipient")}
        />
      </label>
      <label className="message-filters__field">
        <span className="message-filters__label">From</span>
        <input className="input" type="date" data-testid="filter-since" value={inputs.since} max={inputs.until || undefined} onChange={(e) => set({ since: e.target.value })} />
      </label>
      <label className="message-filters__field">
        <span className="message-filters__label">To (inclusive)</span>
        <input className="input" type="date" data-testid="filter-until" value={inputs.until} min={inputs.since || undefined} onChange={(e) => set({ until: e.target.value })} />
      </label>
      <label className="message-filters__field message-filters__search">
        <span className="message-filters__label">Search</span>
        <Search size={16} aria-hidden className="message-filters__search-icon" />
        <input
          className="input"
          type="search"
          placeholder="Text, template, file or number"
          data-testid="filter-search"
          value={inputs.search}
          onChange={(e) => set({ search: e.target.value })}
          onKeyDown={clearOnEscape("search")}
        />
      </label>
    </form>
  );
}

export function MessageLog({ profile, openedId, onOpen }: { profile: Profile; openedId: number | null; onOpen: (id: number) => void }) {
  const [inputs, setInputs] = useState<FilterInputs>(NO_FILTER);
  const recipient = useDebounced(inputs.recipient, TYPING_DEBOUNCE_MS);
  const search = useDebounced(inputs.search, TYPING_DEBOUNCE_MS);
  const filter: LogFilter = {
    profileId: profile.id,
    status: inputs.status,
    recipient: orNull(recipient),
    kind: inputs.kind,
    since: orNull(inputs.since),
    until: orNull(inputs.until),
    search: orNull(search),
  };
  const log = useMessageLog(filter);
  const pages = log.data?.pages ?? [];
  const messages = pages.flatMap((p) => p.messages);
  const total = pages[0]?.total ?? 0;
  const filtered = JSON.stringify(inputs) !== JSON.stringify(NO_FILTER);

  // The newest messages still waiting for Meta are read again with a backoff; one flagged stale (no status for minutes)
  // is left to its detail, which keeps polling while it is open.
  const newest = pages[0]?.messages ?? [];
  const waiting = newest.filter((m) => isInFlight(m.status) && !m.stale);
  useStatusPolling(waiting.length > 0, waiting.map((m) => `${m.id}:${m.status}`).join(","), () => log.refetch());

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = log;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  return (
    <section className="card" aria-labelledby="message-log-title" data-testid="message-log">
      <header className="card__header">
        <h2 className="card__title" id="message-log-title">
          Message log
        </h2>
        {log.data && (
          <span className="muted message-log__count" data-testid="message-count">
            {filtered
              ? `${total} ${total === 1 ? "message matches" : "messages match"} these filters`
              : `${total} ${total === 1 ? "message" : "messages"}, newest first`}
          </span>
        )}
      </header>
      <div className="card__body stack">
        <Filters inputs={inputs} onChange={setInputs} />
        {log.isPending && <LoadingLine>Reading the message log…</LoadingLine>}
        {log.isError && !log.isFetchNextPageError && <ErrorCard error={log.error} onRetry={() => void log.refetch()} />}
        {log.data &&
          (messages.length === 0 ? (
            filtered ? (
              <EmptyState
                icon={Search}
                title="No message matches these filters"
                action={
                  <button type="button" className="btn" data-testid="clear-filters" onClick={() => setInputs(NO_FILTER)}>
                    Clear the filters
                  </button>
                }
              >
                Widen the dates or clear a filter; the search looks in the message&apos;s text, template or file name and in the recipient&apos;s digits.
              </EmptyState>
            ) : (
              <EmptyState
                icon={Send}
                title="No message sent yet"
                action={
                  <Link className="btn btn--primary" to="/send">
                    Open the Send page
                  </Link>
                }
              >
                Send one from the Send page: every message the console sends is logged here with its statuses.
              </EmptyState>
            )
          ) : (
            <div className="message-log">
              <div className="message-log__head" aria-hidden>
                <span className="column-heading">Recipient</span>
                <span className="column-heading message-row__kind">Type</span>
                <span className="column-heading">When</span>
                <span className="column-heading">Status</span>
                <span className="column-heading message-row__pricing">Pricing</span>
                <span className="column-heading message-row__attempts">Attempts</span>
              </div>
              <LogList messages={messages} hasMore={hasNextPage} loadingMore={isFetchingNextPage} onNearEnd={loadMore} openedId={openedId} onOpen={onOpen} />
            </div>
          ))}
        {log.isFetchNextPageError && <ErrorCard error={log.error} onRetry={() => void fetchNextPage()} />}
      </div>
    </section>
  );
}
