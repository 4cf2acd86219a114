// How a Graph API version's lifecycle status reads and which chip tone it gets.
import type { VersionStatus } from "../bindings/VersionStatus";
import type { Tone } from "../components/StatusChip";

export const VERSION_STATUS: Record<VersionStatus, { tone: Tone; label: string }> = {
  current: { tone: "pass", label: "Current" },
  expiringSoon: { tone: "warn", label: "Expiring soon" },
  expired: { tone: "fail", label: "Expired" },
  unknown: { tone: "neutral", label: "Unknown" },
};
