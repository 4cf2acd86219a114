// Business profile page against the "business-profile" recording of the healthy sandbox: the profile as read, the form
// checked as typed (140 characters of about, a third website kept from an earlier visit, a javascript: site, a plain-http
// one); then, in one visit as the recorder took it, a new about saved after its diff and curl, photos checked (a good one,
// a small one, a wide one, not an image) and the good one uploaded and shown, display names checked and one requested,
// its review decided on the sandbox clock, and the welcome message, ice breakers and a command saved.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BusinessProfile } from "../../bindings/BusinessProfile";
import type { PhotoCheckRequest } from "../../bindings/PhotoCheckRequest";
import { renderApp, storeSandboxToken } from "../../test/renderApp";
import { createReplay, recordedAnswer, type Recording } from "../../test/replay";
import recording from "../../test/recorded/business-profile.json";

const PAGE = recordedAnswer("get_profile_page", { profileId: "sandbox" });
const CURRENT: BusinessProfile = PAGE.profile;
const ABOUT = "Succulents and cacti, shipped in 48 h.";

/** The photos the recorder picked, as it sent them. */
const PICKS: PhotoCheckRequest[] = (recording as Recording).steps.flatMap((step) =>
  "command" in step && step.command === "check_profile_photo" ? [(step.args as { request: PhotoCheckRequest }).request] : [],
);

function pick(fileName: string): File {
  const request = PICKS.find((p) => p.fileName === fileName);
  if (!request) throw new Error(`the recording picks no ${fileName}`);
  return new File([Uint8Array.from(atob(request.dataBase64), (c) => c.charCodeAt(0))], fileName, { type: "image/png" });
}

const checkOf = (edits: Partial<BusinessProfile>) => recordedAnswer("check_profile_draft", { draft: { current: CURRENT, edited: { ...CURRENT, ...edits } } });

/** The healthy sandbox with its token, as the recorder set it up. */
function healthy() {
  const replay = createReplay();
  storeSandboxToken(replay);
  replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
  return replay;
}

const open = () => renderApp({ route: "/business-profile", replay: healthy() });
const aboutInput = () => screen.findByTestId("profile-about-input", {}, { timeout: 5000 });
const change = (field: HTMLElement, value: string) => fireEvent.change(field, { target: { value } });
const reason = () => screen.getByTestId("profile-save-reason");

afterEach(() => {
  vi.restoreAllMocks();
});

describe("BusinessProfilePage, recorded", () => {
  it("shows the sandbox number's profile as read", async () => {
    open();
    expect(await aboutInput()).toHaveValue(CURRENT.about ?? "");
    expect(screen.getByTestId("preview-about")).toHaveTextContent(CURRENT.about ?? "");
    expect(screen.getByTestId("preview-name")).toHaveTextContent(PAGE.displayName.approved ? (PAGE.displayName.verifiedName ?? "") : (PAGE.displayPhoneNumber ?? ""));
    // The backend fetched Meta's photo: the window shows it as data, never from a remote URL.
    expect(PAGE.photoDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(screen.getByTestId("preview-photo")).toHaveAttribute("src", PAGE.photoDataUrl ?? "");
    expect(screen.getByTestId("verified-name")).toHaveTextContent(PAGE.displayName.verifiedName ?? "");
  });

  it("refuses an about over 139 characters and a javascript: site, warns on http://, and shows Meta's words under the field", async () => {
    open();
    const about = await aboutInput();
    change(about, "a".repeat(140));
    const tooLong = checkOf({ about: "a".repeat(140) }).errors[0]?.message ?? "";
    expect(await screen.findByText(tooLong)).toBeInTheDocument();
    expect(about).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(reason()).toHaveTextContent("1 field to fix before saving"));
    change(about, CURRENT.about ?? "");

    const site = within(screen.getAllByTestId("profile-website")[0] as HTMLElement).getByRole("textbox");
    change(site, "javascript:alert(1)");
    expect(await screen.findByText(checkOf({ websites: ["javascript:alert(1)"] }).errors[0]?.message ?? "")).toBeInTheDocument();
    change(site, "http://luckyshrub.example");
    const warning = checkOf({ websites: ["http://luckyshrub.example"] }).warnings[0]?.message ?? "";
    expect(await screen.findByTestId("field-warning")).toHaveTextContent(warning);
    await waitFor(() => expect(screen.getByTestId("profile-save-button")).toBeEnabled());
  });

  it("shows a third website kept from an earlier visit, with the refusal, until it is discarded", async () => {
    const websites = [...CURRENT.websites, "https://luckyshrub.example/shop", "https://luckyshrub.example/blog"];
    localStorage.setItem(
      "waba.businessProfile.draft.sandbox",
      JSON.stringify({ about: CURRENT.about, address: CURRENT.address, description: CURRENT.description, email: CURRENT.email, websites, vertical: CURRENT.vertical }),
    );
    const { user } = open();
    await aboutInput();
    expect(await screen.findByText(checkOf({ websites }).errors.find((e) => e.field === "websites")?.message ?? "")).toBeInTheDocument();
    expect(screen.getAllByTestId("profile-website")).toHaveLength(3);
    expect(screen.queryByTestId("profile-add-website")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("profile-discard"));
    expect(screen.getAllByTestId("profile-website")).toHaveLength(Math.max(CURRENT.websites.length, 1));
  });

  it("saves a new about, uploads a photo, requests a display name and saves the components, in one visit", async () => {
    const { user, replay } = open();
    change(await aboutInput(), ABOUT);
    expect(screen.getByTestId("preview-about")).toHaveTextContent(ABOUT);
    await waitFor(() => expect(screen.getByTestId("profile-save-button")).toBeEnabled());
    expect(screen.getByTestId("profile-unsaved")).toBeInTheDocument();
    await user.click(screen.getByTestId("profile-save-button"));
    const dialog = await screen.findByTestId("profile-save-dialog");
    expect(within(dialog).getByTestId("profile-diff")).toHaveTextContent(`${CURRENT.about ?? ""} → ${ABOUT}`);
    await user.click(within(dialog).getByTestId("profile-copy-curl-show"));
    expect(await screen.findByTestId("profile-copy-curl-command")).toHaveTextContent("whatsapp_business_profile");
    await user.keyboard("{Escape}");
    await user.click(within(await screen.findByTestId("profile-save-dialog")).getByTestId("confirm-save-button"));
    await waitFor(() => expect(reason()).toHaveTextContent("Saved"));
    expect(screen.getByTestId("profile-about-input")).toHaveValue(ABOUT);
    expect(screen.queryByTestId("profile-unsaved")).not.toBeInTheDocument();

    // Photos: the unusable ones are refused before anything is sent; the good one is uploaded.
    const input = screen.getByTestId("photo-file-input");
    for (const name of ["icon.png", "banner.png", "notes.png"]) {
      await user.upload(input, pick(name));
      await waitFor(() => expect(screen.getByTestId("photo-check")).toHaveAttribute("data-blocked", "true"));
      expect(screen.getByTestId("photo-upload-button")).toBeDisabled();
    }
    expect(screen.getByTestId("photo-check")).toHaveTextContent("not an image");
    await user.upload(input, pick("lucky-shrub.png"));
    await waitFor(() => expect(screen.getByTestId("photo-check")).toHaveAttribute("data-blocked", "false"));
    expect(screen.getByTestId("photo-check")).toHaveTextContent("PNG · 640 × 640 px");
    expect(screen.getByTestId("preview-photo").getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    await user.click(screen.getByTestId("photo-upload-button"));
    await waitFor(() => expect(screen.getByTestId("photo-upload-state")).toHaveAttribute("data-state", "done"));
    // A fresh read: Meta's new photo is the one uploaded.
    const uploaded = `data:image/png;base64,${PICKS.find((p) => p.fileName === "lucky-shrub.png")?.dataBase64}`;
    expect(uploaded).not.toBe(PAGE.photoDataUrl);
    await waitFor(() => expect(screen.getByTestId("current-photo")).toHaveAttribute("src", uploaded));
    expect(screen.getByTestId("preview-photo")).toHaveAttribute("src", uploaded);

    // Display name: a Meta product name is refused as typed; an allowed one is requested after the confirmation.
    const name = screen.getByTestId("display-name-input");
    change(name, "Lucky Shrub WhatsApp");
    const fail = recordedAnswer("check_display_name", { name: "Lucky Shrub WhatsApp", current: PAGE.displayName.verifiedName }).find((f) => f.severity === "fail");
    expect(await screen.findByText(fail?.message ?? "")).toBeInTheDocument();
    expect(screen.getByTestId("display-name-submit")).toBeDisabled();
    change(name, "Lucky Shrub Garden");
    await waitFor(() => expect(screen.getByTestId("display-name-submit")).toBeEnabled());
    await user.click(screen.getByTestId("display-name-submit"));
    const nameDialog = await screen.findByTestId("display-name-dialog");
    expect(nameDialog).toHaveTextContent(`one of the ${PAGE.rules.maxNameChangesPer30Days} name changes`);
    await user.click(within(nameDialog).getByTestId("confirm-name-button"));
    expect(await screen.findByTestId("new-display-name")).toHaveTextContent("Lucky Shrub Garden");
    expect(screen.getByTestId("new-name-status")).toHaveTextContent("PENDING_REVIEW");
    expect(name).toHaveValue("");

    // A minute later the sandbox's review has decided; the page read again shows it.
    const later = Date.now() + 61_000;
    vi.spyOn(Date, "now").mockReturnValue(later);
    await user.click(screen.getByTestId("profile-refresh"));
    await waitFor(() => expect(screen.getByTestId("verified-name")).toHaveTextContent("Lucky Shrub Garden"));
    expect(screen.getByTestId("preview-name")).toHaveTextContent("Lucky Shrub Garden");

    // The components, from their empty state; every edit at once, so the set is checked as it ends up, as recorded.
    const card = screen.getByTestId("automation-card");
    expect(within(card).getByText("Nothing set yet")).toBeInTheDocument();
    const rows = (id: string) => within(card).queryAllByTestId(id);
    fireEvent.click(within(card).getByTestId("automation-start-prompt"));
    fireEvent.click(within(card).getByTestId("welcome-message-toggle"));
    fireEvent.click(within(card).getByTestId("automation-add-prompt"));
    fireEvent.click(within(card).getByTestId("automation-add-command"));
    ["Book a flight", "Plan a vacation"].forEach((text, i) => change(within(rows("automation-prompt")[i] as HTMLElement).getByRole("textbox"), text));
    const command = rows("automation-command")[0] as HTMLElement;
    change(within(command).getByLabelText("Command 1 name"), "tickets");
    change(within(command).getByLabelText("Hint"), "Book flight tickets");
    expect(screen.getAllByTestId("preview-prompt").map((p) => p.textContent)).toEqual(["Book a flight", "Plan a vacation"]);
    expect(screen.getByTestId("preview-welcome")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("automation-save-button")).toBeEnabled());
    await user.click(screen.getByTestId("automation-save-button"));
    expect(await screen.findByTestId("automation-saved")).toBeInTheDocument();
    expect(replay.path.map((step) => step.slice(0, step.indexOf("(")))).toEqual([
      "set_token",
      "set_sandbox_scenario",
      "save_business_profile",
      "start_profile_photo_upload",
      "request_display_name",
      "save_conversational_automation",
    ]);
  });
});
