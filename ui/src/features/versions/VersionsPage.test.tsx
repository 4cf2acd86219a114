// API versions page: the profile's version and Meta's table, a warning before (and after) the profile's version
// stops being served, and "Run doctor against" that opens the doctor on that version and runs it.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { RunDoctorRequest } from "../../bindings/RunDoctorRequest";
import { renderApp } from "../../test/renderApp";
import { createReplay, type Replay } from "../../test/replay";

/** A real profile on `apiVersion`, added and made the active one (as the recorder did). */
function onVersion(apiVersion: string): Replay {
  const replay = createReplay();
  replay.run("add_profile", {
    profile: { name: "Acme support", appId: "634974688087057", wabaId: "102290129340398", phoneNumberId: "106540352242922", apiVersion, baseUrl: null },
  });
  replay.run("set_active_profile", { profileId: "p2" });
  return replay;
}

describe("VersionsPage", () => {
  it("warns when the profile's version expires within 90 days and offers the doctor on the newest", async () => {
    const requests: RunDoctorRequest[] = [];
    const { user } = renderApp({
      route: "/versions",
      replay: onVersion("v21.0"),
      overrides: {
        run_doctor: (args, replay) => {
          requests.push(args.request);
          return replay.run("run_doctor", args);
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
    // The new profile has no token yet: the doctor says so, on v27.0.
    expect(await screen.findByTestId("check-tokenValid")).toHaveAttribute("data-state", "fail");
    expect(screen.getByTestId("doctor-version")).toHaveTextContent("v27.0");
    expect(requests).toEqual([{ profileId: "p2", apiVersion: "v27.0" }]);
  });

  it("says plainly when the profile's version has expired", async () => {
    renderApp({ route: "/versions", replay: onVersion("v20.0") });

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
    renderApp({ route: "/versions", replay: onVersion("v28.0") });

    const note = await screen.findByTestId("versions-warning");
    expect(note).toHaveAttribute("data-status", "newer");
    expect(note).toHaveTextContent("v28.0 is newer than this console knows.");
    expect(note).toHaveTextContent(/last updated on .*2026/);
    const mine = screen.getByTestId("versions-profile");
    expect(within(mine).getByText("Newer than this console knows")).toBeInTheDocument();
    expect(mine).not.toHaveTextContent("Unknown");
  });
});
