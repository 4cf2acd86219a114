// Query keys and hooks of the Business profile page: the page read from Meta (on a visit), the local checks of what the
// admin types (profile fields, photo, display name, conversational components, each a moment after the typing pauses),
// and the changes (save, photo upload followed to its end, name request, components save), whose answers, read back by
// the backend, replace what the page shows.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { BusinessProfile } from "../../bindings/BusinessProfile";
import type { ConversationalAutomation } from "../../bindings/ConversationalAutomation";
import type { DisplayName } from "../../bindings/DisplayName";
import type { DisplayNameRequest } from "../../bindings/DisplayNameRequest";
import type { PhotoCheckRequest } from "../../bindings/PhotoCheckRequest";
import type { PhotoUploadProgress } from "../../bindings/PhotoUploadProgress";
import type { PhotoUploadRequest } from "../../bindings/PhotoUploadRequest";
import type { ProfileDraftCheck } from "../../bindings/ProfileDraftCheck";
import type { ProfilePage } from "../../bindings/ProfilePage";
import type { SaveAutomationRequest } from "../../bindings/SaveAutomationRequest";
import type { SaveProfileRequest } from "../../bindings/SaveProfileRequest";
import { ipc } from "../../ipc";
import { nextPollDelay } from "../../lib/poll";
import { useAppInfo } from "../../lib/queries";
import { useDebounced } from "../../lib/useDebounced";

/** How long the checks wait for typing to pause. */
export const CHECK_DEBOUNCE_MS = 150;
/** How often a running photo upload is asked where it is. */
export const UPLOAD_POLL_MS = 250;

export const businessProfileKeys = {
  page: (profileId: string) => ["businessProfile", profileId] as const,
  draft: (draft: ProfileDraftCheck) => ["businessProfile", "draft", draft] as const,
  displayName: (name: string, current: string | null) => ["businessProfile", "displayName", name, current] as const,
  automation: (automation: ConversationalAutomation) => ["businessProfile", "automation", automation] as const,
  upload: (uploadId: string) => ["businessProfile", "upload", uploadId] as const,
};

/** Read from Meta (two reads) on every visit, so the page shows what customers see now. */
export function useProfilePage(profileId: string) {
  return useQuery({ queryKey: businessProfileKeys.page(profileId), queryFn: () => ipc.getProfilePage(profileId), staleTime: 0 });
}

/** Whether Meta is reviewing the number's name, the current one or a requested one. */
export function nameInReview(displayName: DisplayName): boolean {
  return displayName.nameStatus?.value === "PENDING_REVIEW" || displayName.newNameStatus?.value === "PENDING_REVIEW";
}

/**
 * Reads the page again on AppInfo.templateReviewPoll's backoff (each read is two Graph reads) from the moment it is
 * called, only while the window is visible, each read put in the page shown; for as long as the caller is mounted, which
 * is while Meta reviews the name. The read (or request) that showed the review counts as the first, so the next one is
 * `firstMs` later; nothing is read after the schedule's give-up time. Not under the page's key: invalidating the page must
 * not start another read. Returns the schedule (undefined until the app's info is read: nothing is read before).
 */
export function useFollowNameReview(profileId: string) {
  const schedule = useAppInfo().data?.templateReviewPoll;
  const queryClient = useQueryClient();
  const [since] = useState(Date.now);
  useQuery({
    queryKey: ["businessProfileNameReview", profileId, since] as const,
    queryFn: async () => {
      const page = await ipc.getProfilePage(profileId);
      queryClient.setQueryData(businessProfileKeys.page(profileId), page);
      return page.readAt;
    },
    enabled: schedule !== undefined,
    initialData: "",
    initialDataUpdatedAt: since,
    staleTime: Infinity,
    gcTime: 0,
    refetchInterval: (query) => {
      if (schedule === undefined) return false;
      const { dataUpdateCount, errorUpdateCount, dataUpdatedAt, errorUpdatedAt } = query.state;
      return nextPollDelay(schedule, 1 + dataUpdateCount + errorUpdateCount, since, Math.max(dataUpdatedAt, errorUpdatedAt)) ?? false;
    },
  });
  return schedule;
}

/**
 * A local check of `value` a moment after it stops changing (null: nothing to check). The previous answer stays while the
 * next one is read; `current` says whether the answer shown is for `value` as it is now.
 */
function useCheckAsTyped<T, A>(value: T | null, key: (value: T) => readonly unknown[], check: (value: T) => Promise<A>) {
  const typed = value === null ? "" : JSON.stringify(value);
  const settled = useDebounced(typed, CHECK_DEBOUNCE_MS);
  const checked = settled ? (JSON.parse(settled) as T) : null;
  const query = useQuery({
    queryKey: checked === null ? ["businessProfile", "unchecked"] : key(checked),
    queryFn: () => check(checked as T),
    // Nothing is checked once the value is gone (a field cleared while its last check was still settling).
    enabled: checked !== null && typed !== "",
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const current = typed !== "" && settled === typed && !query.isPlaceholderData && !query.isFetching;
  return { query, current, answer: typed === "" ? undefined : query.data };
}

/** The typed profile against the one read: the diff to confirm, errors (blocking) and warnings. Null: not edited. */
export function useDraftCheck(draft: ProfileDraftCheck | null) {
  return useCheckAsTyped(draft, businessProfileKeys.draft, ipc.checkProfileDraft);
}

/** The guidelines a typed new name breaks (`current`: the number's name now). Null: nothing typed. */
export function useDisplayNameCheck(name: string | null, current: string | null) {
  return useCheckAsTyped(
    name === null ? null : { name, current },
    (typed) => businessProfileKeys.displayName(typed.name, typed.current),
    (typed) => ipc.checkDisplayName(typed.name, typed.current),
  );
}

/** What Meta would refuse in the components as edited. Null: not edited. */
export function useAutomationCheck(automation: ConversationalAutomation | null) {
  return useCheckAsTyped(automation, businessProfileKeys.automation, ipc.checkAutomation);
}

/** Writes one part of the page, as the backend read it back after a change, into the page shown. */
function useUpdatePage(profileId: string) {
  const queryClient = useQueryClient();
  return (update: (page: ProfilePage) => ProfilePage) =>
    queryClient.setQueryData<ProfilePage>(businessProfileKeys.page(profileId), (page) => (page ? update(page) : page));
}

export function useSaveProfile(profileId: string) {
  const update = useUpdatePage(profileId);
  return useMutation({
    mutationFn: (changes: SaveProfileRequest["changes"]) => ipc.saveBusinessProfile({ profileId, changes }),
    onSuccess: (profile: BusinessProfile) => update((page) => ({ ...page, profile })),
  });
}

export function useCheckPhoto() {
  return useMutation({ mutationFn: (request: PhotoCheckRequest) => ipc.checkProfilePhoto(request) });
}

/**
 * Starts an upload and follows it every UPLOAD_POLL_MS until it is done or failed; once done, the page is read again, so
 * it shows the photo Meta now has (fetched by the backend as a data: URL: the window loads no remote images).
 */
export function usePhotoUpload(profileId: string) {
  const queryClient = useQueryClient();
  async function showWhenDone(answer: PhotoUploadProgress) {
    if (answer.state === "done") await queryClient.invalidateQueries({ queryKey: businessProfileKeys.page(profileId) });
  }
  const start = useMutation({ mutationFn: (request: PhotoUploadRequest) => ipc.startProfilePhotoUpload(request), onSuccess: showWhenDone });
  const uploadId = start.data?.uploadId;
  const progress = useQuery({
    queryKey: businessProfileKeys.upload(uploadId ?? ""),
    queryFn: async () => {
      const answer = await ipc.profilePhotoUploadProgress(uploadId ?? "");
      await showWhenDone(answer);
      return answer;
    },
    enabled: uploadId !== undefined && start.data?.state !== "done" && start.data?.state !== "failed",
    refetchInterval: (query) => (query.state.data?.state === "done" || query.state.data?.state === "failed" ? false : UPLOAD_POLL_MS),
    staleTime: Infinity,
    gcTime: 0,
  });
  /** The newest word on the upload: the poll's, else the start's. */
  const latest = progress.data ?? start.data;
  return { start, progress, latest };
}

export function useRequestDisplayName(profileId: string) {
  const update = useUpdatePage(profileId);
  return useMutation({
    mutationFn: (newName: DisplayNameRequest["newName"]) => ipc.requestDisplayName({ profileId, newName }),
    onSuccess: (displayName) => update((page) => ({ ...page, displayName })),
  });
}

export function useSaveAutomation(profileId: string) {
  const update = useUpdatePage(profileId);
  return useMutation({
    mutationFn: (automation: SaveAutomationRequest["automation"]) => ipc.saveConversationalAutomation({ profileId, automation }),
    onSuccess: (automation) => update((page) => ({ ...page, automation })),
  });
}
