// Query keys and hooks of the Messages page: the message log (pages read on demand, newest first), one message's detail,
// the delivery funnel of a period, the approved templates a burst can send, a burst and its live figures, and the inbound
// messages the receiver stored with "mark as read". All local reads but the burst's sends and mark-as-read, which call Meta.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { BurstProgress } from "../../bindings/BurstProgress";
import type { BurstRequest } from "../../bindings/BurstRequest";
import type { FunnelRequest } from "../../bindings/FunnelRequest";
import type { MessageLogQuery } from "../../bindings/MessageLogQuery";
import type { MessageStatus } from "../../bindings/MessageStatus";
import type { PollSchedule } from "../../bindings/PollSchedule";
import type { TemplateFilter } from "../../bindings/TemplateFilter";
import type { WebhookEventFilter } from "../../bindings/WebhookEventFilter";
import { ipc } from "../../ipc";
import { queryKeys } from "../../lib/queries";
import { pollDelay } from "../../lib/poll";

/** The log's filters, without the paging (`beforeId`, `limit`), which the infinite query adds. */
export type LogFilter = Omit<MessageLogQuery, "beforeId" | "limit">;

export const messageKeys = {
  all: (profileId: string) => ["messages", profileId] as const,
  logs: (profileId: string) => ["messages", profileId, "log"] as const,
  log: (filter: LogFilter) => ["messages", filter.profileId, "log", filter] as const,
  detail: (profileId: string, messageId: number) => ["messages", profileId, "detail", messageId] as const,
  funnel: (request: FunnelRequest) => ["messages", request.profileId, "funnel", request] as const,
  burst: (burstId: string) => ["messages", "burst", burstId] as const,
  inbound: (filter: WebhookEventFilter) => ["messages", "inbound", filter] as const,
  approvedTemplates: (profileId: string) => ["messages", profileId, "approvedTemplates"] as const,
};

/** How many messages one page of the log holds. */
export const LOG_PAGE_SIZE = 100;
/** How often a running burst's figures are read (about four times a second). */
export const BURST_POLL_MS = 250;
/** The newest inbound messages listed. */
export const INBOUND_LIMIT = 50;
/** How often the inbound list is read while the window is visible. */
export const INBOUND_POLL_MS = 5_000;

/** How the log and an open message are read again while a message waits for its statuses: soon at first (sent, delivered
 *  and read follow each other within seconds), then less and less often. The statuses come only by webhook, so a read is
 *  local and cheap; the wait restarts whenever a status moves. */
// Never given up: polling ends when the message settles, or (for the log) when it is flagged stale.
export const STATUS_POLL: PollSchedule = { firstMs: 2_000, maxMs: 30_000, giveUpAfterMs: Number.MAX_SAFE_INTEGER };

/**
 * The statuses a message can still leave (Meta has more to say about it): a delivered message is read when the recipient
 * opens it (never, if they turned read receipts off). Polling is a local read of the log, no Graph call.
 */
const IN_FLIGHT: ReadonlySet<MessageStatus> = new Set(["pending", "accepted", "sent", "delivered", "unknown"]);

export function isInFlight(status: MessageStatus): boolean {
  return IN_FLIGHT.has(status);
}

/**
 * Calls `refetch` again and again while `active`, waiting as STATUS_POLL says after each read, and only while the window
 * is visible (a hidden window resumes with a read when shown again). A new `signature` (a status moved) restarts the
 * backoff from its first, short wait.
 */
export function useStatusPolling(active: boolean, signature: string, refetch: () => Promise<unknown>) {
  const refetchRef = useRef(refetch);
  useEffect(() => {
    refetchRef.current = refetch;
  });
  useEffect(() => {
    if (!active) return;
    let reads = 0;
    let timer: number | undefined;
    let reading = false;
    let stopped = false;
    const wait = () => {
      reads += 1;
      timer = window.setTimeout(read, pollDelay(STATUS_POLL, reads));
    };
    const read = () => {
      timer = undefined;
      if (document.visibilityState === "hidden") return;
      reading = true;
      void refetchRef.current().finally(() => {
        reading = false;
        if (!stopped) wait();
      });
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible" && timer === undefined && !reading) read();
    };
    wait();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [active, signature]);
}

/** The log the filter takes, a page at a time: the next (older) page is read only when the list scrolls near its end. */
export function useMessageLog(filter: LogFilter) {
  return useInfiniteQuery({
    queryKey: messageKeys.log(filter),
    queryFn: ({ pageParam }) => ipc.messageLog({ ...filter, beforeId: pageParam, limit: LOG_PAGE_SIZE }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextBeforeId,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useMessageDetail(profileId: string, messageId: number | null) {
  return useQuery({
    queryKey: messageKeys.detail(profileId, messageId ?? -1),
    queryFn: () => ipc.messageDetail({ profileId, messageId: messageId ?? -1 }),
    enabled: messageId !== null,
    staleTime: 0,
  });
}

export function useDeliveryFunnel(request: FunnelRequest, enabled: boolean) {
  return useQuery({
    queryKey: messageKeys.funnel(request),
    queryFn: () => ipc.deliveryFunnel(request),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The approved templates of the local cache (synced on the Templates page): what a burst can send. */
export function useApprovedTemplates(profileId: string) {
  const filter: TemplateFilter = { profileId, status: "APPROVED", category: null, language: null, search: null };
  return useQuery({ queryKey: messageKeys.approvedTemplates(profileId), queryFn: () => ipc.listTemplates(filter) });
}

/** Starts a burst; its first figures seed its progress query, which then reads them while it runs. */
export function useStartBurst() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: BurstRequest) => ipc.startBurst(request),
    onSuccess: (progress: BurstProgress) => queryClient.setQueryData(messageKeys.burst(progress.burstId), progress),
  });
}

/** A burst's figures, read about four times a second while it runs; the final ones stay. */
export function useBurstProgress(burstId: string | null) {
  return useQuery({
    queryKey: messageKeys.burst(burstId ?? ""),
    queryFn: () => ipc.burstProgress(burstId ?? ""),
    enabled: burstId !== null,
    staleTime: Infinity,
    refetchInterval: (query) => (query.state.data?.state === "running" ? BURST_POLL_MS : false),
    refetchIntervalInBackground: false,
  });
}

/** Cancels a burst; its answer is its figures at that moment. The log holds what was sent. */
export function useCancelBurst(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (burstId: string) => ipc.cancelBurst(burstId),
    onSuccess: (progress: BurstProgress) =>
      Promise.all([
        queryClient.setQueryData(messageKeys.burst(progress.burstId), progress),
        queryClient.invalidateQueries({ queryKey: messageKeys.all(profileId) }),
      ]),
  });
}

/** The inbound messages the receiver stored for the WABA (kinds `message.*`), newest first, read every few seconds. */
export function useInboundMessages(wabaId: string) {
  const filter: WebhookEventFilter = { wabaId, kind: null, kindPrefix: "message.", field: null, search: null, limit: INBOUND_LIMIT };
  return useQuery({
    queryKey: messageKeys.inbound(filter),
    queryFn: () => ipc.webhookEvents(filter),
    staleTime: 0,
    refetchInterval: INBOUND_POLL_MS,
    refetchIntervalInBackground: false,
  });
}

/** Marks an inbound message as read; the audit log has a new entry. */
export function useMarkRead(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (wamid: string) => ipc.markMessageRead({ profileId, wamid }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.audit, refetchType: "none" }),
  });
}
