// Quality page: the current rating from the newest reading, the history chart, the guide; an empty state before any reading.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { QualityPoint } from "../../bindings/QualityPoint";
import { SAMPLE_TOKEN } from "../../test/fakeBackend";
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

  it("takes the current rating from the newest reading and draws the history", async () => {
    renderApp({ route: "/quality", overrides: { quality_history: () => HISTORY } });

    const current = await screen.findByTestId("quality-current");
    expect(current).toHaveAttribute("data-rating", "YELLOW");
    expect(current).toHaveTextContent("Yellow");
    expect(current).toHaveTextContent("TIER_2K");
    expect(await screen.findByTestId("quality-chart")).toHaveAccessibleName("Quality rating over 2 readings");
  });

  it("records a reading each time the doctor reads the number", async () => {
    const { user } = renderApp({ route: "/doctor", tokens: { sandbox: SAMPLE_TOKEN } });

    await user.click(await screen.findByTestId("doctor-run"));
    await screen.findByTestId("doctor-summary");
    await user.click(screen.getByRole("link", { name: "Quality" }));
    expect(await screen.findByTestId("quality-current")).toHaveAttribute("data-rating", "NA");
  });
});
