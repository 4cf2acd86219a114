// Query keys and hooks for data several features share: app info, profiles, the active profile, sandbox info, the checklist,
// the doctor's last report, quality and the audit log.
import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AttemptKind } from "../bindings/AttemptKind";
import type { DoctorReport } from "../bindings/DoctorReport";
import type { RunDoctorRequest } from "../bindings/RunDoctorRequest";
import { ipc } from "../ipc";

export const queryKeys = {
  appInfo: ["appInfo"] as const,
  profiles: ["profiles"] as const,
  sandboxInfo: ["sandboxInfo"] as const,
  checklists: ["checklist"] as const,
  checklist: (profileId: string) => ["checklist", profileId] as const,
  doctor: (profileId: string) => ["doctor", profileId] as const,
  qualityGuide: ["qualityGuide"] as const,
  qualityHistories: ["qualityHistory"] as const,
  qualityHistory: (profileId: string) => ["qualityHistory", profileId] as const,
  audit: ["audit"] as const,
  numbers: (profileId: string) => ["numbers", profileId] as const,
  numberHealth: (profileId: string, phoneNumberId: string) => ["numbers", profileId, phoneNumberId] as const,
  attemptBudget: (phoneNumberId: string, kind: AttemptKind) => ["attemptBudget", phoneNumberId, kind] as const,
};

/** How many audit entries the Audit log page asks for. */
export const AUDIT_LIMIT = 1000;

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

/** The last doctor report of a profile: never fetched by itself, only written by useRunDoctor, and kept for the session. */
export function useDoctorReport(profileId: string) {
  return useQuery<DoctorReport>({ queryKey: queryKeys.doctor(profileId), queryFn: skipToken, gcTime: Infinity, staleTime: Infinity });
}

/** Runs the doctor (an explicit action: it calls Meta) and keeps the report as the profile's last one. */
export function useRunDoctor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RunDoctorRequest) => ipc.runDoctor(request),
    onSuccess: (report, request) => {
      queryClient.setQueryData(queryKeys.doctor(request.profileId), report);
      return Promise.all([
        // The run read the number again: its checklist and quality history are out of date.
        queryClient.invalidateQueries({ queryKey: queryKeys.checklist(request.profileId), refetchType: "none" }),
        queryClient.invalidateQueries({ queryKey: queryKeys.qualityHistory(request.profileId) }),
      ]);
    },
  });
}

export function useQualityGuide() {
  return useQuery({ queryKey: queryKeys.qualityGuide, queryFn: ipc.qualityGuide, staleTime: Infinity });
}

export function useQualityHistory(profileId: string) {
  return useQuery({ queryKey: queryKeys.qualityHistory(profileId), queryFn: () => ipc.qualityHistory(profileId) });
}

export function useAuditLog() {
  // The log grows with every action; read it fresh on each visit.
  return useQuery({ queryKey: queryKeys.audit, queryFn: () => ipc.auditLog(AUDIT_LIMIT), staleTime: 0 });
}

/** The WABA's numbers: read from Meta, so only on a visit or Refresh. */
export function useNumbers(profileId: string) {
  return useQuery({ queryKey: queryKeys.numbers(profileId), queryFn: () => ipc.listNumbers(profileId), staleTime: 60_000 });
}

export function useNumberHealth(profileId: string, phoneNumberId: string) {
  return useQuery({
    queryKey: queryKeys.numberHealth(profileId, phoneNumberId),
    queryFn: () => ipc.numberHealth({ profileId, phoneNumberId }),
    staleTime: 60_000,
  });
}

/** Local (the console's own count), so always read fresh. */
export function useAttemptBudget(phoneNumberId: string, kind: AttemptKind) {
  return useQuery({ queryKey: queryKeys.attemptBudget(phoneNumberId, kind), queryFn: () => ipc.attemptBudget({ phoneNumberId, kind }), staleTime: 0 });
}
