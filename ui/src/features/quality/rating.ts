// How a quality rating reads: its chip tone, its words, and its height on the history chart.
import type { Tone } from "../../components/StatusChip";

export interface RatingLook {
  tone: Tone;
  label: string;
  /** Height on the chart: GREEN 3, YELLOW 2, RED 1, not rated 0. */
  level: number;
}

const LOOKS: Record<string, RatingLook> = {
  GREEN: { tone: "pass", label: "Green", level: 3 },
  YELLOW: { tone: "warn", label: "Yellow", level: 2 },
  RED: { tone: "fail", label: "Red", level: 1 },
  NA: { tone: "neutral", label: "Not rated", level: 0 },
  UNKNOWN: { tone: "neutral", label: "Not rated", level: 0 },
};

export function ratingLook(rating: string | null): RatingLook {
  return (rating && LOOKS[rating]) || { tone: "neutral", label: rating ?? "Not sent", level: 0 };
}

export const LEVEL_NAMES = ["NA", "RED", "YELLOW", "GREEN"] as const;

/** "TIER_2K" reads "2K / day", "TIER_UNLIMITED" reads "Unlimited". */
export function limitLabel(limit: string | null): string {
  if (!limit) return "—";
  const tier = limit.replace(/^TIER_/, "");
  return tier === "UNLIMITED" ? "Unlimited" : `${tier} / day`;
}
