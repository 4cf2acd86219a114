// How a Graph API version's lifecycle status reads and which chip tone it gets, and what the console's
// table says of a version it may not list (one released after the table was last updated reads "newer").
import type { ApiVersionInfo } from "../bindings/ApiVersionInfo";
import type { VersionStatus } from "../bindings/VersionStatus";
import type { Tone } from "../components/StatusChip";

export const VERSION_STATUS: Record<VersionStatus, { tone: Tone; label: string }> = {
  current: { tone: "pass", label: "Current" },
  expiringSoon: { tone: "warn", label: "Expiring soon" },
  expired: { tone: "fail", label: "Expired" },
  newer: { tone: "info", label: "Newer than this console knows" },
  unknown: { tone: "neutral", label: "Unknown" },
};

/** `v27.0` → 27; anything not shaped `vNN.0` → null. */
function major(name: string): number | null {
  const m = /^v(\d+)\.0$/.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * The table's entry for `name`, or (as `waba_core::versions::describe` answers) an entry without dates:
 * `newer` when its major number is above every version in the table, else `unknown`.
 */
export function describeVersion(name: string, table: ApiVersionInfo[]): ApiVersionInfo {
  const known = table.find((v) => v.name === name);
  if (known) return known;
  const wanted = major(name);
  const newest = Math.max(...table.map((v) => major(v.name) ?? 0));
  const status: VersionStatus = wanted !== null && table.length > 0 && wanted > newest ? "newer" : "unknown";
  return { name, released: null, availableUntil: null, status };
}
