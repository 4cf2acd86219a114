// API versions page: the profile's version and Meta's table, a warning before (and after) the profile's version
// stops being served, and "Run doctor against" that opens the doctor on that version and runs it.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { CommandError } from "../../bindings/CommandError";
import type { Profile } from "../../bindings/Profile";
import type { ProfileList } from "../../bindings/ProfileList";
import type { RunDoctorRequest } from "../../bindings/RunDoctorRequest";
import { renderApp } from "../../test/renderApp";

function onVersion(apiVersion: string): ProfileList {
  const profile: Profile = {
    id: "sandbox",
    name: "Sandbox",
    kind: "sandbox",
    appId: "634974688087057",
    wabaId: "102290129340398",
    phoneNumberId: "106540352242922",
    apiVersion,
    baseUrl: null,
    scenario: "fresh",
    createdAt: "2026-11-20T09:00:00Z",
  };
  return { profiles: [profile], activeId: "sandbox" };
}

describe("VersionsPage", () => {
  it("warns when the profile's version expires within 90 days and offers the doctor on the newest", async () => {
    const requests: RunDoctorRequest[] = [];
    const { user } = renderApp({
      route: "/versions",
      overrides: {
        list_profiles: () => onVersion("v21.0"),
        run_doctor: (args) => {
          requests.push(args.request);
          const noToken: CommandError = { code: "noToken", message: "No token is stored for this profile.", action: null, details: null };
          throw noToken;
        },
      },
    });

    const warning = await screen.findByTestId("versions-warning");
    expect(warning).toHaveAttribute("data-status", "expiringSoon");
    expect(warning).toHaveTextContent(/v21\.0 stops being served on .+2027 \((in \d+ days|tomorrow|today)\)/);
    expect(warning).toHaveTextContent("Switch this profile to v27.0");
    expect(screen.getByTestId("versions-profile")).toHaveTextContent("v21.0");
    expect(within(screen.getByTestId("versions-profile")).getByText("Expiring soon")).toBeInTheDocument();
    expect(screen.getByTestId("versions-newest")).toHaveTextContent("v27.0 is the newest Graph API version");
    expect(screen.getByTestId("versions-newest")).toHaveTextContent("“v21 is current” is out of date");

    const rows = screen.getAllByTestId(/^version-row-/);
    expect(rows).toHaveLength(11);
    expect(within(screen.getByTestId("version-row-v20.0")).getByText("Expired")).toBeInTheDocument();
    expect(within(screen.getByTestId("version-row-v21.0")).getByText("This profile")).toBeInTheDocument();

    await user.click(within(warning).getByRole("link", { name: "Run doctor against v27.0" }));
    expect(await screen.findByRole("heading", { name: "Doctor" })).toBeInTheDocument();
    expect(await screen.findByTestId("error-card")).toHaveTextContent("No token is stored for this profile.");
    expect(requests).toEqual([{ profileId: "sandbox", apiVersion: "v27.0" }]);
  });

  it("says plainly when the profile's version has expired", async () => {
    renderApp({ route: "/versions", overrides: { list_profiles: () => onVersion("v20.0") } });

    const warning = await screen.findByTestId("versions-warning");
    expect(warning).toHaveAttribute("data-status", "expired");
    expect(warning).toHaveTextContent(/v20\.0 stopped being served on .+2026/);
    expect(warning).toHaveTextContent("oldest version it still serves");
  });

  it("shows no warning for a current version, and when the table was last updated", async () => {
    renderApp({ route: "/versions" });

    expect(await screen.findByTestId("versions-profile")).toHaveTextContent("v27.0");
    expect(screen.queryByTestId("versions-warning")).not.toBeInTheDocument();
    expect(screen.getByTestId("versions-updated")).toHaveTextContent(/last updated on .*2026/);
    expect(within(screen.getByTestId("version-row-v26.0")).getByText(/2028/)).toBeInTheDocument();
  });

  it("calls a version released after the table newer, not unknown", async () => {
    renderApp({ route: "/versions", overrides: { list_profiles: () => onVersion("v28.0") } });

    const note = await screen.findByTestId("versions-warning");
    expect(note).toHaveAttribute("data-status", "newer");
    expect(note).toHaveTextContent("v28.0 is newer than this console knows.");
    expect(note).toHaveTextContent(/last updated on .*2026/);
    const mine = screen.getByTestId("versions-profile");
    expect(within(mine).getByText("Newer than this console knows")).toBeInTheDocument();
    expect(mine).not.toHaveTextContent("Unknown");
  });
});
