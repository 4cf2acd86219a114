// Query keys and hooks of the Webhooks page: the app secret's presence, the WABA's subscription and routing (Graph reads,
// on a visit and after a change), the probe and its last report, the window's local receiver, its test event and the
// feed of stored events (local, polled while the window is visible).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CallbackOverride } from "../../bindings/CallbackOverride";
import type { ProbeReport } from "../../bindings/ProbeReport";
import type { ProbeRequest } from "../../bindings/ProbeRequest";
import type { ReceiverStatus } from "../../bindings/ReceiverStatus";
import type { SetAppWebhookRequest } from "../../bindings/SetAppWebhookRequest";
import type { StartReceiverRequest } from "../../bindings/StartReceiverRequest";
import type { WebhookEventFilter } from "../../bindings/WebhookEventFilter";
import { ipc } from "../../ipc";
import { queryKeys } from "../../lib/queries";

export const webhookKeys = {
  profile: (profileId: string) => ["webhooks", profileId] as const,
  appSecret: (profileId: string) => ["webhooks", profileId, "appSecret"] as const,
  overview: (profileId: string) => ["webhooks", profileId, "overview"] as const,
  lastProbe: (profileId: string) => ["webhooks", profileId, "lastProbe"] as const,
  receiver: ["webhooks", "receiver"] as const,
  allEvents: ["webhooks", "events"] as const,
  events: (filter: WebhookEventFilter) => ["webhooks", "events", filter] as const,
};

/** How often the feed reads the stored events while the window is visible (paused while it is hidden). */
export const FEED_POLL_MS = 3_000;
/** The newest events the feed lists. */
export const FEED_LIMIT = 500;

export function useAppSecretStored(profileId: string) {
  return useQuery({ queryKey: webhookKeys.appSecret(profileId), queryFn: () => ipc.appSecretStored(profileId), staleTime: 0 });
}

/** Stores the pasted app secret; the mutation forgets its variables (the secret) as soon as nothing observes it. */
export function useSetAppSecret(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (appSecret: string) => ipc.setAppSecret({ profileId, appSecret }),
    gcTime: 0,
    // The overview reads the app's webhook with the secret: it is read again too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.profile(profileId) }),
  });
}

export function useClearAppSecret(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => ipc.clearAppSecret(profileId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.profile(profileId) }),
  });
}

export function useReceiverStatus() {
  return useQuery({ queryKey: webhookKeys.receiver, queryFn: ipc.localReceiverStatus, staleTime: 0 });
}

/** Start (or restart) and stop answer the receiver's new status, which replaces the one shown. The verify token is in the
 *  start's variables, so they are dropped as soon as nothing observes the mutation. */
export function useStartReceiver() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: StartReceiverRequest) => ipc.startLocalReceiver(request),
    gcTime: 0,
    onSuccess: (status: ReceiverStatus) => queryClient.setQueryData(webhookKeys.receiver, status),
  });
}

export function useStopReceiver() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ipc.stopLocalReceiver,
    onSuccess: (status: ReceiverStatus) => queryClient.setQueryData(webhookKeys.receiver, status),
  });
}

/** The signed test event: the feed reads again at once, and the checklist's "a status webhook received" is out of date. */
export function useSendTestEvent(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => ipc.sendTestWebhookEvent(profileId),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: webhookKeys.allEvents }),
        queryClient.invalidateQueries({ queryKey: queryKeys.checklist(profileId), refetchType: "none" }),
      ]),
  });
}

/** The stored events the filter takes, read every few seconds while the window is visible; the previous answer stays on
 *  screen while a new filter is read. */
export function useWebhookEvents(filter: WebhookEventFilter) {
  return useQuery({
    queryKey: webhookKeys.events(filter),
    queryFn: () => ipc.webhookEvents(filter),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: FEED_POLL_MS,
    refetchIntervalInBackground: false,
  });
}

/** The WABA's subscription, the app's webhook configuration and the routing of the profile's number: Graph reads (three),
 *  so read on a visit and after a change, not polled. */
export function useSubscriptionsOverview(profileId: string) {
  return useQuery({ queryKey: webhookKeys.overview(profileId), queryFn: () => ipc.subscriptionsOverview(profileId), staleTime: 60_000 });
}

/** After a change to the subscription or a callback: the overview is read again, and the checklist's webhook steps are out
 *  of date (read when next shown). */
function useOverviewChange<TVariables, TAnswer>(profileId: string, mutationFn: (variables: TVariables) => Promise<TAnswer>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // The variables may hold a verify token.
    gcTime: 0,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: webhookKeys.overview(profileId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.checklist(profileId), refetchType: "none" }),
      ]),
  });
}

/** Subscribes the app to the WABA; with a callback, that is the WABA's override (Meta verifies it first), without one a
 *  previous override is cleared. */
export function useSubscribe(profileId: string) {
  return useOverviewChange(profileId, (overrideCallback: CallbackOverride | null) => ipc.subscribeApp({ profileId, overrideCallback }));
}

export function useUnsubscribe(profileId: string) {
  return useOverviewChange(profileId, () => ipc.unsubscribeApp(profileId));
}

export function useSetAppWebhook(profileId: string) {
  return useOverviewChange(profileId, (request: Omit<SetAppWebhookRequest, "profileId">) => ipc.setAppWebhook({ profileId, ...request }));
}

/** Sets (a callback) or clears (null) the profile's number's own override. */
export function useSetNumberOverride(profileId: string) {
  return useOverviewChange(profileId, (overrideCallback: CallbackOverride | null) => ipc.setNumberOverride({ profileId, phoneNumberId: null, overrideCallback }));
}

/** The profile's last probe report (local), shown on load. */
export function useLastProbe(profileId: string) {
  return useQuery({ queryKey: webhookKeys.lastProbe(profileId), queryFn: () => ipc.lastWebhookProbe(profileId), staleTime: 0 });
}

/** Runs the probe (up to about 50 s against a slow endpoint: five exchanges of at most 10 s); its report becomes the last one, and the checklist's
 *  "webhook verified" is out of date. */
export function useRunProbe(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: Omit<ProbeRequest, "profileId">) => ipc.probeWebhook({ profileId, ...request }),
    gcTime: 0,
    onSuccess: (report: ProbeReport) => {
      queryClient.setQueryData(webhookKeys.lastProbe(profileId), report);
      return queryClient.invalidateQueries({ queryKey: queryKeys.checklist(profileId), refetchType: "none" });
    },
  });
}
