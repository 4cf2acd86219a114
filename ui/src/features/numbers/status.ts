// How a number's Graph states read: status, ownership and can-send chips. There is no FLAGGED entry: Meta
// retired that state on 7 Oct 2025 (a low-quality number stays CONNECTED), so it reads as an unknown status.
import type { Tone } from "../../components/StatusChip";

const STATUS_TONE: Record<string, Tone> = {
  CONNECTED: "pass",
  PENDING: "warn",
  RATE_LIMITED: "warn",
  UNVERIFIED: "warn",
  RESTRICTED: "fail",
  BANNED: "fail",
  DISCONNECTED: "fail",
  DELETED: "fail",
  MIGRATED: "neutral",
};

export function statusTone(status: string | null): Tone {
  return (status && STATUS_TONE[status]) || "neutral";
}

export function ownershipTone(status: string | null): Tone {
  if (status === "VERIFIED") return "pass";
  if (status === "EXPIRED") return "fail";
  return "warn";
}

export function canSendTone(canSend: string | null): Tone {
  if (canSend === "AVAILABLE") return "pass";
  if (canSend === "LIMITED") return "warn";
  if (canSend === "BLOCKED") return "fail";
  return "neutral";
}

/** Six digits exactly (a PIN or an ownership code); leading zeros count. */
export const SIX_DIGITS = /^\d{6}$/;

/** The regions Local Storage supports (data_localization_region). */
export const REGIONS: { value: string; label: string }[] = [
  { value: "AU", label: "Australia" },
  { value: "ID", label: "Indonesia" },
  { value: "IN", label: "India" },
  { value: "JP", label: "Japan" },
  { value: "SG", label: "Singapore" },
  { value: "KR", label: "South Korea" },
  { value: "DE", label: "Germany (EU)" },
  { value: "CH", label: "Switzerland" },
  { value: "GB", label: "United Kingdom" },
  { value: "BR", label: "Brazil" },
  { value: "BH", label: "Bahrain" },
  { value: "ZA", label: "South Africa" },
  { value: "AE", label: "United Arab Emirates" },
  { value: "CA", label: "Canada" },
];
