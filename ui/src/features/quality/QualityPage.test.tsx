// Quality page: the current rating from the newest reading, the history chart, the guide; an empty state before any reading.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { QualityPoint } from "../../bindings/QualityPoint";
import { renderApp } from "../../test/renderApp";

const HISTORY: QualityPoint[] = [
  { at: "2026-11-10T09:00:00Z", phoneNumberId: "106540352242922", rating: "GREEN", messagingLimit: "TIER_250", source: "read" },
  { at: "2026-11-20T09:00:00Z", phoneNumberId: "106540352242922", rating: "YELLOW", messagingLimit: "TIER_2K", source: "read" },
];

describe("QualityPage", () => {
  it("invites a doctor run before the first reading, and shows the guide", async () => {
    renderApp({ route: "/quality" });

    expect(await screen.findByText("Run the doctor to record the first reading.")).toBeInTheDocument();
    expect(screen.getByTestId("quality-current")).toHaveAttribute("data-rating", "none");
    expect(screen.getByRole("link", { name: "Open the doctor" })).toHaveAttribute("href", "/doctor");
    const ratings = await screen.findByRole("table", { name: "What each rating means" });
    expect(within(ratings).getAllByRole("row")).toHaveLength(6);
    expect(screen.getByRole("region", { name: "What lowers it" })).toHaveTextContent("blocking the number");
    expect(screen.getByRole("table", { name: "Messaging limits" })).toHaveTextContent("TIER_2K");
    expect(screen.getByTestId("quality-seed-corrections")).toHaveTextContent("contacts check");
  });

  it("says limits are per portfolio and a low rating neither flags the number nor lowers its limit", async () => {
    renderApp({ route: "/quality" });

    expect(await screen.findByText(/no longer lowers that cap or flags the number/)).toBeInTheDocument();
    const limits = await screen.findByRole("table", { name: "Messaging limits" });
    expect(within(limits).getAllByRole("row").map((r) => r.querySelector("td")?.textContent)).toEqual([
      undefined,
      "TIER_250",
      "TIER_2K",
      "TIER_10K",
      "TIER_100K",
      "TIER_UNLIMITED",
    ]);
    expect(limits).not.toHaveTextContent("TIER_1K");
    expect(screen.getByTestId("quality-limits-note")).toHaveTextContent("Per business portfolio, shared by all its numbers");
    const ratings = screen.getByRole("table", { name: "What each rating means" });
    const red = within(ratings).getAllByRole("row").find((r) => r.textContent?.startsWith("RED"));
    expect(red).toHaveTextContent("keeps its messaging limit");
    expect(red).not.toHaveTextContent("can be lowered");
    expect(ratings).not.toHaveTextContent("within about 7 days");
    expect(screen.getByTestId("quality-seed-corrections")).toHaveTextContent("cannot be FLAGGED");
  });

  it("takes the current rating from the newest reading and draws the history", async () => {
    renderApp({ route: "/quality", overrides: { quality_history: () => HISTORY } });

    const current = await screen.findByTestId("quality-current");
    expect(current).toHaveAttribute("data-rating", "YELLOW");
    expect(current).toHaveTextContent("Yellow");
    expect(current).toHaveTextContent("TIER_2K");
    expect(await screen.findByTestId("quality-chart")).toHaveAccessibleName("Quality rating over 2 readings");
  });

  it("draws the history as an SVG step line with limit labels, a tooltip from the keyboard and a table of the readings", async () => {
    const history: QualityPoint[] = [
      ...HISTORY,
      { at: "2026-11-25T09:00:00Z", phoneNumberId: "106540352242922", rating: "RED", messagingLimit: "TIER_2K", source: "webhook" },
    ];
    const { user } = renderApp({ route: "/quality", overrides: { quality_history: () => history } });

    const chart = await screen.findByTestId("quality-chart");
    expect(chart).toHaveAttribute("role", "img");
    expect(chart).toHaveAccessibleDescription(/^From Green \(limit 250 \/ day\) on .* to Red \(limit 2K \/ day\) on /);
    const svg = chart.querySelector("svg");
    expect(svg?.querySelectorAll("circle")).toHaveLength(3);
    expect([...(svg?.querySelectorAll(".quality-chart__label") ?? [])].map((t) => t.textContent)).toEqual(["250 / day", "2K / day"]);
    // Two horizontal runs and two drops (GREEN to YELLOW, YELLOW to RED).
    expect(svg?.querySelectorAll(".quality-chart__line line")).toHaveLength(4);

    chart.focus();
    expect(await screen.findByTestId("quality-tooltip")).toHaveTextContent("Red");
    expect(screen.getByTestId("quality-tooltip")).toHaveTextContent("from a webhook");
    await user.keyboard("{Home}");
    expect(screen.getByTestId("quality-tooltip")).toHaveTextContent("Green");
    expect(screen.getByTestId("quality-tooltip")).toHaveTextContent("Messaging limit 250 / day");
    await user.keyboard("{ArrowRight}");
    expect(screen.getByTestId("quality-tooltip")).toHaveTextContent("Yellow");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("quality-tooltip")).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Show the readings as a table" }));
    const rows = within(screen.getByRole("table", { name: "Quality readings, newest first" })).getAllByRole("row");
    expect(rows).toHaveLength(4);
    expect(rows[1]).toHaveTextContent("RED");
    expect(rows[3]).toHaveTextContent("TIER_250");
  });

  it("records a reading each time the doctor reads the number", async () => {
    const { user } = renderApp({ route: "/doctor", withToken: true });

    await user.click(await screen.findByTestId("doctor-run"));
    await screen.findByTestId("doctor-summary");
    await user.click(screen.getByRole("link", { name: "Quality" }));
    expect(await screen.findByTestId("quality-current")).toHaveAttribute("data-rating", "NA");
  });
});
