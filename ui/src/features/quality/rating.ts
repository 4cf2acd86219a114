// How a quality rating reads on the Quality page: its words and its height on the history chart. Its tone comes
// from the quality guide (RatingInfo.tone, from waba_core::graph_states), not from a table here.
import type { QualityGuide } from "../../bindings/QualityGuide";
import type { Tone } from "../../components/StatusChip";

export interface RatingLook {
  tone: Tone;
  label: string;
  /** Height on the chart: GREEN 3, YELLOW 2, RED 1, not rated 0. */
  level: number;
}

const LOOKS: Record<string, Omit<RatingLook, "tone">> = {
  GREEN: { label: "Green", level: 3 },
  YELLOW: { label: "Yellow", level: 2 },
  RED: { label: "Red", level: 1 },
  NA: { label: "Not rated", level: 0 },
  UNKNOWN: { label: "Not rated", level: 0 },
};

/** The rating's look; its tone is the guide's (neutral until the guide has arrived, or for a rating it lacks). */
export function ratingLook(rating: string | null, guide: QualityGuide | undefined): RatingLook {
  const tone = guide?.ratings.find((r) => r.rating === rating)?.tone ?? "neutral";
  const look = (rating && LOOKS[rating]) || { label: rating ?? "Not sent", level: 0 };
  return { ...look, tone };
}

export const LEVEL_NAMES = ["NA", "RED", "YELLOW", "GREEN"] as const;

/** "TIER_2K" reads "2K / day", "TIER_UNLIMITED" reads "Unlimited". */
export function limitLabel(limit: string | null): string {
  if (!limit) return "—";
  const tier = limit.replace(/^TIER_/, "");
  return tier === "UNLIMITED" ? "Unlimited" : `${tier} / day`;
}
