// Relative times read naturally in both directions.
import { describe, expect, it } from "vitest";
import { formatRelative } from "./format";

const NOW = Date.parse("2026-11-26T12:00:00Z");

describe("formatRelative", () => {
  it("rounds to the largest sensible unit", () => {
    expect(formatRelative("2026-11-26T11:59:50Z", NOW)).toBe("just now");
    expect(formatRelative("2026-11-26T11:57:00Z", NOW)).toBe("3 minutes ago");
    expect(formatRelative("2026-11-27T08:00:00Z", NOW)).toBe("in 20 hours");
    expect(formatRelative("2026-11-24T12:00:00Z", NOW)).toBe("2 days ago");
    expect(formatRelative("2028-07-29T00:00:00Z", NOW)).toBe("in 2 years");
  });
});
