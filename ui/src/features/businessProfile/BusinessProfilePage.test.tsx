// Business profile page with answers the recording does not have (typed by the command map), the rest replayed: the
// sidebar entry, an unapproved name and an unset industry, errors placed under their fields (`websites.1` under the second
// website given) and warnings calmer, the unsaved form kept per profile and restored, a save clearing a field and a save
// Meta refuses keeping the form, an upload followed through its states and one that fails keeping the old photo, and a
// command's error under its field; typed fields applied over a newer read (a change made elsewhere not reverted), typing
// during a save kept, the components following Meta's read-back, and a name in review read again on the review backoff
// with Meta's name-update webhook shown. The recorded journey is in BusinessProfileRecorded.test.tsx.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { BusinessProfile } from "../../bindings/BusinessProfile";
import type { CommandError } from "../../bindings/CommandError";
import type { ConversationalAutomation } from "../../bindings/ConversationalAutomation";
import type { PhotoUploadProgress } from "../../bindings/PhotoUploadProgress";
import type { ProfileDraftReport } from "../../bindings/ProfileDraftReport";
import type { ProfileDraftCheck } from "../../bindings/ProfileDraftCheck";
import type { ProfilePage } from "../../bindings/ProfilePage";
import { withFakeTimers } from "../../test/fakeTimers";
import { renderApp, type Overrides } from "../../test/renderApp";
import { recordedAnswer } from "../../test/replay";

/** The sandbox number's page as recorded; the tests below change what they need. */
const PAGE: ProfilePage = recordedAnswer("get_profile_page", { profileId: "sandbox" });
const PROFILE: BusinessProfile = PAGE.profile;

const NO_FINDINGS: ProfileDraftReport = {
  changes: { about: null, address: null, description: null, email: null, websites: null, vertical: null },
  diff: [],
  errors: [],
  warnings: [],
};

/** The page read as PAGE, with `more` answers; every other command is replayed. */
function page(more: Overrides = {}, read: ProfilePage = PAGE): Overrides {
  return { get_profile_page: () => read, ...more };
}

function open(overrides: Overrides) {
  return renderApp({ route: "/business-profile", withToken: true, overrides });
}

const aboutInput = () => screen.findByTestId("profile-about-input", {}, { timeout: 5000 });

/** Replaces a field's text in one change, as a paste over the selected text does. */
function typeInto(field: HTMLElement, text: string) {
  fireEvent.change(field, { target: { value: text } });
}

const PNG_BYTES = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));

describe("BusinessProfilePage", () => {
  it("is in the sidebar under Setup, after Numbers, and has nothing to save before an edit", async () => {
    open(page());
    expect(await aboutInput()).toHaveValue(PROFILE.about);
    const links = within(screen.getByRole("navigation")).getAllByRole("link").map((l) => l.textContent);
    expect(links.indexOf("Business profile")).toBe(links.indexOf("Numbers") + 1);
    expect(screen.getByTestId("preview-about")).toHaveTextContent(PROFILE.about ?? "");
    expect(screen.getByTestId("preview-vertical")).toHaveTextContent("Professional services");
    expect(screen.getByTestId("profile-save-button")).toBeDisabled();
    expect(screen.getByTestId("profile-save-reason")).toHaveTextContent("Nothing changed yet");
    expect(screen.queryByTestId("profile-unsaved")).not.toBeInTheDocument();
  });

  it("shows the number, not an unapproved name, in the chat header, the LIMITED explanation, and an unset industry as Not set", async () => {
    const pending: ProfilePage = {
      ...PAGE,
      profile: { ...PROFILE, vertical: "UNDEFINED" },
      displayName: {
        ...PAGE.displayName,
        nameStatus: { value: "PENDING_REVIEW", tone: "warn", meaning: "Meta is reviewing the name." },
        approved: false,
        summary: "Meta is reviewing the name.",
      },
    };
    open(page({}, pending));
    await aboutInput();
    expect(screen.getByTestId("preview-name")).toHaveTextContent("+1 555-010-0199");
    expect(screen.getByTestId("name-limited")).toHaveTextContent(PAGE.rules.limitedByName);
    expect(screen.getByTestId("profile-vertical")).toHaveTextContent("Not set");
    expect(screen.queryByTestId("preview-vertical")).not.toBeInTheDocument();
  });

  it("previews what is typed at once, and puts each error under its field, websites.N under the N+1th website given", async () => {
    const drafts: unknown[] = [];
    let report: ProfileDraftReport = {
      ...NO_FINDINGS,
      diff: [{ field: "websites", label: "Websites", before: "https://sandbox.example/1", after: "https://sandbox.example/1\nnot a site" }],
      errors: [{ field: "websites.1", message: "\"not a site\" is not a web address Meta accepts." }],
      warnings: [{ field: "websites.0", message: "\"http://a.example\" uses http://." }],
    };
    const { user } = open(page({ check_profile_draft: ({ draft }) => (drafts.push(draft), report) }));
    typeInto(await aboutInput(), "Typed just now");
    expect(screen.getByTestId("preview-about")).toHaveTextContent("Typed just now");

    await user.click(screen.getByTestId("profile-add-website"));
    // A third row is not offered: two is Meta's limit.
    expect(screen.queryByTestId("profile-add-website")).not.toBeInTheDocument();
    const rows = () => screen.getAllByTestId("profile-website");
    typeInto(within(rows()[1] as HTMLElement).getByRole("textbox"), "not a site");

    await waitFor(() => expect(within(rows()[1] as HTMLElement).getByTestId("field-error")).toHaveTextContent("is not a web address"));
    expect(within(rows()[1] as HTMLElement).getByRole("textbox")).toHaveAttribute("aria-invalid", "true");
    expect(within(rows()[0] as HTMLElement).getByTestId("field-warning")).toHaveTextContent("uses http://");
    expect(screen.getByTestId("profile-save-button")).toBeDisabled();
    await waitFor(() => expect(screen.getByTestId("profile-save-reason")).toHaveTextContent("1 field to fix before saving"));
    expect(screen.getByTestId("profile-unsaved")).toHaveTextContent("Unsaved changes");
    // The check compares the profile as read with the form as typed.
    expect(drafts.at(-1)).toEqual({ current: PROFILE, edited: { ...PROFILE, about: "Typed just now", websites: [...PROFILE.websites, "not a site"] } });

    // With the first row blank, the backend numbers the websites given: "not a site" is websites.0, still the second row.
    report = { ...report, errors: [{ field: "websites.0", message: "\"not a site\" is still not a web address." }], warnings: [] };
    typeInto(within(rows()[0] as HTMLElement).getByRole("textbox"), "");
    await waitFor(() => expect(within(rows()[1] as HTMLElement).getByTestId("field-error")).toHaveTextContent("is still not a web address"));
    expect(within(rows()[0] as HTMLElement).queryByTestId("field-error")).not.toBeInTheDocument();
    expect(drafts.at(-1)).toEqual({ current: PROFILE, edited: { ...PROFILE, about: "Typed just now", websites: ["not a site"] } });
  });

  it("keeps unsaved changes per profile across visits, until they are discarded", async () => {
    const changed: ProfileDraftReport = { ...NO_FINDINGS, diff: [{ field: "about", label: "About", before: PROFILE.about, after: "Kept" }] };
    const first = open(page({ check_profile_draft: () => changed }));
    typeInto(await aboutInput(), "Kept");
    await screen.findByTestId("profile-unsaved");
    first.unmount();

    const { user } = open(page({ check_profile_draft: () => changed }));
    expect(await aboutInput()).toHaveValue("Kept");
    expect(await screen.findByTestId("profile-unsaved")).toBeInTheDocument();
    await user.click(screen.getByTestId("profile-discard"));
    expect(screen.getByTestId("profile-about-input")).toHaveValue(PROFILE.about);
    expect(localStorage.getItem("waba.businessProfile.draft.sandbox")).toBeNull();
  });

  it("applies only the fields typed over a newer read, so a change made elsewhere is shown, not reverted", async () => {
    const drafts: ProfileDraftCheck[] = [];
    let read = PAGE;
    const overrides: Overrides = { get_profile_page: () => read, check_profile_draft: ({ draft }) => (drafts.push(draft), NO_FINDINGS) };
    const first = open(overrides);
    typeInto(await aboutInput(), "Typed before the read");
    await waitFor(() => expect(drafts).toHaveLength(1));

    // Someone sets the email from the CLI; "Read again" shows it, and the check sends it as it is now.
    const fromCli: BusinessProfile = { ...PROFILE, email: "cli@luckyshrub.example" };
    expect(PROFILE.email).not.toBe(fromCli.email);
    read = { ...PAGE, profile: fromCli };
    await first.user.click(screen.getByTestId("profile-refresh"));
    await waitFor(() => expect(screen.getByTestId("profile-email-input")).toHaveValue(fromCli.email));
    expect(screen.getByTestId("profile-about-input")).toHaveValue("Typed before the read");
    await waitFor(() => expect(drafts.at(-1)).toEqual({ current: fromCli, edited: { ...fromCli, about: "Typed before the read" } }));
    first.unmount();

    // A later visit puts the kept draft over that visit's read too.
    const moved: BusinessProfile = { ...fromCli, address: "2 New Street" };
    read = { ...PAGE, profile: moved };
    open(overrides);
    expect(await aboutInput()).toHaveValue("Typed before the read");
    expect(screen.getByTestId("profile-address-input")).toHaveValue("2 New Street");
    await waitFor(() => expect(drafts.at(-1)).toEqual({ current: moved, edited: { ...moved, about: "Typed before the read" } }));
  });

  it("keeps what is typed while a save runs, and clears only the fields saved", async () => {
    let finish: (profile: BusinessProfile) => void = () => {};
    const report: ProfileDraftReport = { ...NO_FINDINGS, changes: { ...NO_FINDINGS.changes, about: "Sent" }, diff: [{ field: "about", label: "About", before: PROFILE.about, after: "Sent" }] };
    const { user } = open(
      page({
        check_profile_draft: () => report,
        save_business_profile: () => new Promise<BusinessProfile>((resolve) => (finish = resolve)),
      }),
    );
    typeInto(await aboutInput(), "Sent");
    await waitFor(() => expect(screen.getByTestId("profile-save-button")).toBeEnabled());
    await user.click(screen.getByTestId("profile-save-button"));
    await user.click(within(await screen.findByTestId("profile-save-dialog")).getByTestId("confirm-save-button"));
    await waitFor(() => expect(screen.getByTestId("profile-save-reason")).toHaveTextContent("Saving…"));

    typeInto(screen.getByTestId("profile-address-input"), "Typed during the save");
    finish({ ...PROFILE, about: "Sent" });
    await waitFor(() => expect(screen.getByTestId("profile-save-reason")).not.toHaveTextContent("Saving…"));
    expect(screen.getByTestId("profile-about-input")).toHaveValue("Sent");
    expect(screen.getByTestId("profile-address-input")).toHaveValue("Typed during the save");
    const kept = JSON.parse(localStorage.getItem("waba.businessProfile.draft.sandbox") ?? "null") as { base: { about: string }; typed: { about: string; address: string } };
    expect(kept.typed.address).toBe("Typed during the save");
    expect(kept.base.about).toBe("Sent");
    expect(screen.getByTestId("profile-discard")).toBeInTheDocument();
  });

  it("confirms the diff before saving, saves only the changes, and shows the profile read back", async () => {
    const changes = { ...NO_FINDINGS.changes, about: "New about", email: "" };
    const report: ProfileDraftReport = {
      ...NO_FINDINGS,
      changes,
      diff: [
        { field: "about", label: "About", before: PROFILE.about, after: "New about" },
        { field: "email", label: "Email", before: PROFILE.email, after: null },
      ],
    };
    const saved: unknown[] = [];
    const { user } = open(
      page({
        check_profile_draft: () => report,
        save_business_profile: ({ request }) => (saved.push(request), { ...PROFILE, about: "New about", email: null }),
      }),
    );
    typeInto(await aboutInput(), "New about");
    typeInto(screen.getByTestId("profile-email-input"), "");
    await waitFor(() => expect(screen.getByTestId("profile-save-button")).toBeEnabled());
    await user.click(screen.getByTestId("profile-save-button"));

    const dialog = await screen.findByTestId("profile-save-dialog");
    const rows = within(dialog).getByTestId("profile-diff");
    expect(rows).toHaveTextContent("About");
    expect(rows).toHaveTextContent("New about");
    expect(rows).toHaveTextContent(`Email${PROFILE.email ?? ""} → cleared`);
    expect(within(dialog).getByTestId("profile-copy-curl")).toBeInTheDocument();
    expect(saved).toEqual([]);

    await user.click(within(dialog).getByTestId("confirm-save-button"));
    await waitFor(() => expect(saved).toEqual([{ profileId: "sandbox", changes }]));
    await waitFor(() => expect(screen.getByTestId("profile-save-reason")).toHaveTextContent("Saved"));
    expect(screen.getByTestId("profile-about-input")).toHaveValue("New about");
    expect(screen.getByTestId("profile-email-input")).toHaveValue("");
    expect(localStorage.getItem("waba.businessProfile.draft.sandbox")).toBeNull();
  });

  it("keeps the form when Meta refuses the save, with the diagnosis", async () => {
    const refused: CommandError = { code: "invalidInput", message: "Meta refused the about text.", action: "Shorten it, then save again.", details: null };
    const report: ProfileDraftReport = { ...NO_FINDINGS, changes: { ...NO_FINDINGS.changes, about: "Refused" }, diff: [{ field: "about", label: "About", before: PROFILE.about, after: "Refused" }] };
    const { user } = open(
      page({
        check_profile_draft: () => report,
        save_business_profile: () => {
          throw refused;
        },
      }),
    );
    typeInto(await aboutInput(), "Refused");
    await waitFor(() => expect(screen.getByTestId("profile-save-button")).toBeEnabled());
    await user.click(screen.getByTestId("profile-save-button"));
    await user.click(within(await screen.findByTestId("profile-save-dialog")).getByTestId("confirm-save-button"));
    expect(await screen.findByTestId("profile-save-error")).toHaveTextContent("Meta refused the about text.");
    expect(screen.getByTestId("profile-about-input")).toHaveValue("Refused");
    expect(localStorage.getItem("waba.businessProfile.draft.sandbox")).toContain("Refused");
  });

  it("checks a picked photo, previews it in the round crop, uploads it and shows the new photo once done", async () => {
    const newUrl = "http://127.0.0.1:41017/__sandbox/profile-photos/new";
    const newPhoto = `data:image/png;base64,${btoa(String.fromCharCode(...PNG_BYTES))}`;
    // Meta's read once the photo is set: the backend fetched it as data.
    let read = PAGE;
    const states: PhotoUploadProgress["state"][] = ["uploading", "setting", "done"];
    const progress = (state: PhotoUploadProgress["state"]): PhotoUploadProgress => ({
      uploadId: "upload-1",
      state,
      sentBytes: state === "uploading" ? 0 : PNG_BYTES.length,
      totalBytes: PNG_BYTES.length,
      error: null,
      profile: state === "done" ? { ...PROFILE, profilePictureUrl: newUrl } : null,
      requests: [],
    });
    const afterUpload: ProfilePage = { ...PAGE, profile: { ...PROFILE, profilePictureUrl: newUrl }, photoDataUrl: newPhoto };
    const started: unknown[] = [];
    const { user } = open({
      get_profile_page: () => read,
      check_profile_photo: ({ request }) => ({ fileName: request.fileName, format: "png", width: 640, height: 640, sizeBytes: PNG_BYTES.length, errors: [], warnings: ["A transparent background shows as black."] }),
      start_profile_photo_upload: ({ request }) => (started.push(request), progress("uploading")),
      profile_photo_upload_progress: () => {
        const state = states.shift() ?? "done";
        if (state === "done") read = afterUpload;
        return progress(state);
      },
    });
    await aboutInput();
    expect(screen.getByTestId("photo-upload-button")).toBeDisabled();
    await user.upload(screen.getByTestId("photo-file-input"), new File([PNG_BYTES], "logo.png", { type: "image/png" }));

    expect(await screen.findByTestId("photo-check")).toHaveTextContent("PNG · 640 × 640 px");
    expect(screen.getByTestId("photo-check")).toHaveTextContent("A transparent background shows as black.");
    const crop = within(screen.getByTestId("photo-crop-preview")).getByRole("img");
    expect(crop.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    expect(screen.getByTestId("preview-photo").getAttribute("src")).toMatch(/^data:image\/png;base64,/);

    await user.click(screen.getByTestId("photo-upload-button"));
    await waitFor(() => expect(screen.getByTestId("photo-upload-state")).toHaveAttribute("data-state", "done"), { timeout: 5000 });
    expect(screen.getByTestId("photo-upload-state")).toHaveTextContent("Done");
    expect(started).toEqual([{ profileId: "sandbox", fileName: "logo.png", dataBase64: btoa(String.fromCharCode(...PNG_BYTES)) }]);
    // The page is read again and shows Meta's new photo.
    await waitFor(() => expect(screen.getByTestId("current-photo")).toHaveAttribute("src", newPhoto));
    expect(screen.getByTestId("preview-photo")).toHaveAttribute("src", newPhoto);
  });

  it("blocks the upload of a photo the check refuses, and says the old photo stays when an upload fails", async () => {
    const failure: CommandError = { code: "graph", message: "Meta refused the photo.", action: "Pick another photo.", details: null };
    let blocked = true;
    const { user } = open(
      page({
        check_profile_photo: ({ request }) => ({
          fileName: request.fileName,
          format: "png",
          width: 100,
          height: 100,
          sizeBytes: PNG_BYTES.length,
          errors: blocked ? ["The photo is 100 × 100 px: WhatsApp needs at least 192 × 192."] : [],
          warnings: [],
        }),
        start_profile_photo_upload: () => ({ uploadId: "upload-2", state: "uploading", sentBytes: 0, totalBytes: PNG_BYTES.length, error: null, profile: null, requests: [] }),
        profile_photo_upload_progress: () => ({ uploadId: "upload-2", state: "failed", sentBytes: 0, totalBytes: PNG_BYTES.length, error: failure, profile: null, requests: [] }),
      }),
    );
    await aboutInput();
    const file = new File([PNG_BYTES], "tiny.png", { type: "image/png" });
    await user.upload(screen.getByTestId("photo-file-input"), file);
    expect(await screen.findByText(/WhatsApp needs at least 192/)).toBeInTheDocument();
    expect(screen.getByTestId("photo-upload-button")).toBeDisabled();

    blocked = false;
    await user.upload(screen.getByTestId("photo-file-input"), file);
    await waitFor(() => expect(screen.getByTestId("photo-upload-button")).toBeEnabled());
    await user.click(screen.getByTestId("photo-upload-button"));
    await waitFor(() => expect(screen.getByTestId("photo-upload-state")).toHaveAttribute("data-state", "failed"));
    expect(screen.getByText("Meta refused the photo.")).toBeInTheDocument();
    expect(screen.getByTestId("photo-upload-kept")).toHaveTextContent("The old photo is still in place");
    expect(screen.getByTestId("current-photo")).toHaveAttribute("src", PAGE.photoDataUrl);
  });

  it("starts the components from their empty state, previews the ice breakers, and saves the set", async () => {
    const saved: unknown[] = [];
    const { user } = open(
      page({
        check_automation: ({ automation }) => (automation.commands.some((c) => c.commandName.includes(" ")) ? [{ field: "commands.0.commandName", message: "A command name has no spaces." }] : []),
        save_conversational_automation: ({ request }) => (saved.push(request), request.automation),
      }),
    );
    await aboutInput();
    expect(within(screen.getByTestId("automation-card")).getByText("Nothing set yet")).toBeInTheDocument();
    await user.click(screen.getByTestId("automation-start-prompt"));
    const prompt = within(screen.getByTestId("automation-prompt")).getByRole("textbox");
    typeInto(prompt, "Where is my order?");
    expect(screen.getByTestId("preview-prompt")).toHaveTextContent("Where is my order?");
    await user.click(screen.getByTestId("welcome-message-toggle"));
    expect(screen.getByTestId("preview-welcome")).toBeInTheDocument();

    await user.click(screen.getByTestId("automation-add-command"));
    const command = screen.getByTestId("automation-command");
    typeInto(within(command).getByLabelText("Command 1 name"), "track order");
    typeInto(within(command).getByLabelText("Hint"), "Track an order");
    expect(await within(command).findByText("A command name has no spaces.")).toBeInTheDocument();
    expect(screen.getByTestId("automation-save-button")).toBeDisabled();

    typeInto(within(command).getByLabelText("Command 1 name"), "track");
    await waitFor(() => expect(screen.getByTestId("automation-save-button")).toBeEnabled());
    await user.click(screen.getByTestId("automation-save-button"));
    const automation = { enableWelcomeMessage: true, prompts: ["Where is my order?"], commands: [{ commandName: "track", commandDescription: "Track an order" }] };
    await waitFor(() => expect(saved).toEqual([{ profileId: "sandbox", automation }]));
    expect(await screen.findByTestId("automation-saved")).toBeInTheDocument();
    expect(screen.getByTestId("automation-save-button")).toBeDisabled();
  });

  it("shows the components as Meta read them back after a save, and a later read of them once nothing is unsaved", async () => {
    let read = PAGE;
    // Meta drops the question mark: the read-back is what the number has.
    const readBack: ConversationalAutomation = { enableWelcomeMessage: false, prompts: ["Where is my order"], commands: [] };
    const { user } = open({ get_profile_page: () => read, check_automation: () => [], save_conversational_automation: () => readBack });
    await aboutInput();
    const card = screen.getByTestId("automation-card");
    await user.click(screen.getByTestId("automation-start-prompt"));
    const prompt = () => within(screen.getByTestId("automation-prompt")).getByRole("textbox");
    typeInto(prompt(), "Where is my order?");
    expect(within(card).getByText("Unsaved changes")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("automation-save-button")).toBeEnabled());
    await user.click(screen.getByTestId("automation-save-button"));

    await waitFor(() => expect(prompt()).toHaveValue("Where is my order"));
    expect(within(card).queryByText("Unsaved changes")).not.toBeInTheDocument();
    expect(screen.getByTestId("automation-saved")).toBeInTheDocument();

    read = { ...PAGE, automation: { ...readBack, prompts: ["Set in WhatsApp Manager"] } };
    await user.click(screen.getByTestId("profile-refresh"));
    await waitFor(() => expect(prompt()).toHaveValue("Set in WhatsApp Manager"));
    expect(within(card).queryByText("Unsaved changes")).not.toBeInTheDocument();
  });

  it("says what went wrong when the page cannot be read", async () => {
    const offline: CommandError = { code: "unreachable", message: "Meta could not be reached.", action: "Check the connection, then try again.", details: null };
    open({
      get_profile_page: () => {
        throw offline;
      },
    });
    expect(await screen.findByTestId("error-card", {}, { timeout: 5000 })).toHaveTextContent("Meta could not be reached.");
    await act(async () => {});
  });
});

describe("BusinessProfilePage following a display name review", () => {
  const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
  // The page is lazy; load it with real time, so fake time never outruns the import.
  beforeAll(() => import("./BusinessProfilePage"));
  withFakeTimers();

  it("reads the page again on the review backoff while a name is pending, then shows Meta's webhook and stops", async () => {
    const start = Date.now();
    const reads: number[] = [];
    const pending: ProfilePage = {
      ...PAGE,
      displayName: {
        ...PAGE.displayName,
        newDisplayName: "Lucky Shrub Garden",
        newNameStatus: { value: "PENDING_REVIEW", tone: "warn", meaning: "Meta is reviewing the name." },
        lastUpdate: null,
      },
    };
    const decided: ProfilePage = {
      ...PAGE,
      displayName: {
        ...PAGE.displayName,
        verifiedName: "Lucky Shrub Garden",
        lastUpdate: {
          decision: "REJECTED",
          requestedName: "Lucky Shrub Garden",
          rejectionReason: "NAME_FORMATTING",
          meaning: "Meta rejected the name: fix its formatting, then request it again.",
          receivedAt: new Date(start + 30_000).toISOString(),
        },
      },
    };
    renderApp({
      route: "/business-profile",
      withToken: true,
      userOptions: { advanceTimers: (ms) => vi.advanceTimersByTime(ms) },
      overrides: {
        get_profile_page: () => {
          reads.push(Date.now() - start);
          return reads.length < 4 ? pending : decided;
        },
      },
    });
    await advance(0);
    expect(await screen.findByTestId("name-review-follow")).toHaveTextContent("after 5 s, then less and less often (at most every 5 min) for up to 60 min");
    expect(screen.getByTestId("display-name-card")).not.toHaveTextContent("The status above follows the review");
    expect(reads).toEqual([0]);

    // The follow starts once the page shows the review, so the gaps between reads are the schedule's: 5 s, 10 s, 20 s.
    const gaps = () => reads.slice(1).map((at, i) => at - (reads[i] ?? 0));
    await advance(4_900);
    expect(reads).toHaveLength(1);
    await advance(200);
    expect(reads).toHaveLength(2);
    await advance(30_000);
    expect(gaps().slice(1)).toEqual([10_000, 20_000]);
    expect(gaps()[0]).toBeGreaterThanOrEqual(5000);
    expect(gaps()[0]).toBeLessThan(5200);

    // The fourth read has Meta's decision: the webhook the receiver stored is shown, and nothing more is read.
    const note = await screen.findByTestId("name-update");
    expect(note).toHaveAttribute("data-decision", "REJECTED");
    expect(within(note).getByText("REJECTED").closest(".chip")).toHaveClass("chip--fail");
    expect(note).toHaveTextContent("for “Lucky Shrub Garden”");
    expect(note).toHaveTextContent("Meta rejected the name: fix its formatting");
    expect(note).toHaveTextContent("NAME_FORMATTING");
    expect(within(note).getByRole("time")).toHaveAttribute("dateTime", decided.displayName.lastUpdate?.receivedAt);
    expect(screen.queryByTestId("name-review-follow")).not.toBeInTheDocument();
    await advance(2 * 3600_000);
    expect(reads).toHaveLength(4);
  });
});
