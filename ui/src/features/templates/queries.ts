// Query keys and hooks of the Templates feature. The list is the local cache (no Graph call); Meta is read only by a sync,
// by one template's refresh while it is in review, and by create, edit and delete.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateTemplateRequest } from "../../bindings/CreateTemplateRequest";
import type { EditTemplateRequest } from "../../bindings/EditTemplateRequest";
import type { TemplateFilter } from "../../bindings/TemplateFilter";
import { ipc, toCommandError } from "../../ipc";

export const templateKeys = {
  all: (profileId: string) => ["templates", profileId] as const,
  lists: (profileId: string) => ["templates", profileId, "list"] as const,
  list: (filter: TemplateFilter) => ["templates", filter.profileId, "list", filter] as const,
  drafts: (profileId: string) => ["templates", profileId, "drafts"] as const,
  editLimits: (profileId: string, templateId: string) => ["templates", profileId, "editLimits", templateId] as const,
};

/** The filter with nothing set: the whole cached list. */
export const everyTemplate = (profileId: string): TemplateFilter => ({ profileId, status: null, category: null, language: null, search: null });

/** The cached list, filtered; the previous answer stays on screen while a new filter is read. */
export function useTemplateList(filter: TemplateFilter) {
  return useQuery({ queryKey: templateKeys.list(filter), queryFn: () => ipc.listTemplates(filter), placeholderData: keepPreviousData });
}

/** Reads every template from Meta into the cache, then refreshes whatever shows the cache. */
export function useSyncTemplates(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => ipc.syncTemplates(profileId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all(profileId) }),
  });
}

/** The kept drafts; `fresh` reads them again on every mount (the editor opens a draft only from a fresh read). */
export function useTemplateDrafts(profileId: string, { fresh = false }: { fresh?: boolean } = {}) {
  return useQuery({
    queryKey: templateKeys.drafts(profileId),
    queryFn: () => ipc.listTemplateDrafts(profileId),
    ...(fresh ? { refetchOnMount: "always" as const } : {}),
  });
}

/** Local (the console's own count of edits), so always read fresh. */
export function useEditLimits(profileId: string, templateId: string) {
  return useQuery({ queryKey: templateKeys.editLimits(profileId, templateId), queryFn: () => ipc.templateEditLimits(profileId, templateId), staleTime: 0 });
}

/** Removes a kept draft; the strip of drafts reads them again. */
export function useDiscardDraft(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (draftId: string) => ipc.discardTemplateDraft(draftId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.drafts(profileId) }),
  });
}

/** One template read fresh from Meta (one Graph read) into the cache, then the list shows it. */
export function useRefreshTemplate(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (templateId: string) => ipc.getTemplate({ profileId, templateId, name: null, language: null }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all(profileId) }),
  });
}

/**
 * The words Rust asks the admin to confirm before a delete: the delete sent unconfirmed, whose `confirmationRequired`
 * refusal carries the warning (the 30-day block on an approved name). Nothing is deleted by this read.
 */
export function useDeleteWarning(profileId: string, name: string, language: string | null, enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: ["templateDeleteWarning", profileId, name, language] as const,
    queryFn: async () => {
      try {
        await ipc.deleteTemplate({ profileId, name, language, confirmed: false });
      } catch (rejection) {
        const refusal = toCommandError(rejection);
        if (refusal.code === "confirmationRequired") return refusal.message;
        throw refusal;
      }
      throw toCommandError(new Error("The delete was not refused without a confirmation; report this, the template may be gone. Sync now to see."));
    },
    staleTime: Infinity,
  });
}

/** The confirmed delete; the lists and drafts read the cache again (edit limits are not: the deleted template has none). */
export function useDeleteTemplate(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, language }: { name: string; language: string | null }) => ipc.deleteTemplate({ profileId, name, language, confirmed: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all(profileId), predicate: (query) => query.queryKey[2] !== "editLimits" }),
  });
}

/** Submits a draft to Meta for review; the list and the kept drafts are read again (the draft is gone once accepted). */
export function useCreateTemplate(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: Omit<CreateTemplateRequest, "profileId">) => ipc.createTemplate({ profileId, ...request }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all(profileId) }),
  });
}

/** Sends an edit of a synced template; its edit limits and the list are read again. */
export function useEditTemplate(profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: Omit<EditTemplateRequest, "profileId">) => ipc.editTemplate({ profileId, ...request }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all(profileId) }),
  });
}
