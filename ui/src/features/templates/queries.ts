// Query keys and hooks of the Templates feature. The list is the local cache (no Graph call); Meta is read only by a sync,
// by one template's refresh while it is in review, and by create, edit and delete.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TemplateFilter } from "../../bindings/TemplateFilter";
import { ipc } from "../../ipc";

export const templateKeys = {
  all: (profileId: string) => ["templates", profileId] as const,
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

export function useTemplateDrafts(profileId: string) {
  return useQuery({ queryKey: templateKeys.drafts(profileId), queryFn: () => ipc.listTemplateDrafts(profileId) });
}

/** Local (the console's own count of edits), so always read fresh. */
export function useEditLimits(profileId: string, templateId: string) {
  return useQuery({ queryKey: templateKeys.editLimits(profileId, templateId), queryFn: () => ipc.templateEditLimits(profileId, templateId), staleTime: 0 });
}
