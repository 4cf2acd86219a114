// Query keys and hooks of the Send page: the preview of the message as typed (local, keyed by the whole request, a moment
// after the admin stops typing), the send, a link's check, an upload, and the number's send limits.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CheckLinkRequest } from "../../bindings/CheckLinkRequest";
import type { ComposeRequest } from "../../bindings/ComposeRequest";
import type { SendLimits } from "../../bindings/SendLimits";
import type { UploadMediaRequest } from "../../bindings/UploadMediaRequest";
import { ipc } from "../../ipc";
import { useDebounced } from "../../lib/useDebounced";

/** How long the preview waits for typing to pause. */
export const PREVIEW_DEBOUNCE_MS = 250;

export const sendKeys = {
  preview: (request: ComposeRequest) => ["sendPreview", request] as const,
  limits: (profileId: string) => ["sendLimits", profileId] as const,
  linkCheck: (request: CheckLinkRequest) => ["linkCheck", request.kind, request.url] as const,
};

/**
 * The checks of the request as typed (recipient, window, findings, the exact call). The previous answer stays on screen
 * while the next one is read; `current` says whether the answer shown is for the request as it is now. `ready` false
 * waits (a template's values cannot be checked before the cached templates are read).
 */
export function useSendPreview(request: ComposeRequest, ready: boolean) {
  const typed = JSON.stringify(request);
  // Nothing settles while not ready, so the first check is of the request once it is.
  const settled = useDebounced(ready ? typed : "", PREVIEW_DEBOUNCE_MS);
  const checked = settled ? (JSON.parse(settled) as ComposeRequest) : request;
  const query = useQuery({
    queryKey: sendKeys.preview(checked),
    queryFn: () => ipc.previewSend(checked),
    placeholderData: keepPreviousData,
    enabled: settled !== "",
    // The window moves with the clock and each inbound message: a visit checks again.
    staleTime: 0,
  });
  const current = settled === typed && !query.isPlaceholderData && !query.isFetching;
  return { query, current };
}

export function useSendMessage() {
  return useMutation({ mutationFn: (request: ComposeRequest) => ipc.sendMessage(request) });
}

/**
 * A media link fetched as Meta's fetcher would meet it. The field asks for it (`enabled`) when the admin leaves it; the
 * page reads the same answer (`enabled` false) so a link the check blocks blocks Send.
 */
export function useLinkCheck(request: CheckLinkRequest, enabled: boolean) {
  return useQuery({ queryKey: sendKeys.linkCheck(request), queryFn: () => ipc.checkMediaLink(request), enabled, staleTime: 60_000 });
}

export function useUploadMedia() {
  return useMutation({ mutationFn: (request: UploadMediaRequest) => ipc.uploadMedia(request) });
}

export function useSendLimits(profileId: string) {
  return useQuery({ queryKey: sendKeys.limits(profileId), queryFn: () => ipc.sendLimits(profileId), staleTime: 0 });
}

export function useSetSendLimits(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (limits: SendLimits) => ipc.setSendLimits({ profileId, limits }),
    onSuccess: (limits) => queryClient.setQueryData(sendKeys.limits(profileId), limits),
  });
}
