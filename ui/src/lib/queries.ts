// Query keys and hooks for data several features share: app info, profiles, the active profile, sandbox info, the checklist.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ipc } from "../ipc";

export const queryKeys = {
  appInfo: ["appInfo"] as const,
  profiles: ["profiles"] as const,
  sandboxInfo: ["sandboxInfo"] as const,
  checklists: ["checklist"] as const,
  checklist: (profileId: string) => ["checklist", profileId] as const,
};

export function useAppInfo() {
  return useQuery({ queryKey: queryKeys.appInfo, queryFn: ipc.appInfo, staleTime: Infinity });
}

export function useSandboxInfo() {
  return useQuery({ queryKey: queryKeys.sandboxInfo, queryFn: ipc.sandboxInfo });
}

export function useProfiles() {
  return useQuery({ queryKey: queryKeys.profiles, queryFn: ipc.listProfiles });
}

/** The profile list plus the active profile (null when none is active). */
export function useActiveProfile() {
  const query = useProfiles();
  const profile = query.data?.profiles.find((p) => p.id === query.data.activeId) ?? null;
  return { query, profile };
}

export function useChecklist(profileId: string) {
  return useQuery({ queryKey: queryKeys.checklist(profileId), queryFn: () => ipc.getChecklist(profileId) });
}

export function useSetActiveProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ipc.setActiveProfile,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.profiles }),
        // Checklists refresh when next shown, not all at once against Meta.
        queryClient.invalidateQueries({ queryKey: queryKeys.checklists, refetchType: "none" }),
      ]),
  });
}
