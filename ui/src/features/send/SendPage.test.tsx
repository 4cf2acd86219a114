// Send page, against the "send", "send-window" and "send-limits" recordings: the recipient parsed as typed (country, E.164,
// Mexico's old mobile 1, digits without a +, words), a text to a recipient who never wrote blocked by the 24-hour window
// with the key rule, sent anyway knowingly or turned into a template, the request's JSON and curl copied, order_update
// filled in and sent, the draft kept across pages; inside the window a button title over the limit blocking Send, and a
// text sent with Ctrl+Enter; the send limits refused field by field and saved.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { renderApp, storeSandboxToken } from "../../test/renderApp";
import { createReplay, recordedAnswer } from "../../test/replay";
import { emptyDraft, type ComposeDraft } from "./compose";

const READER = "16505551234";
const SANDBOX_APP_SECRET = recordedAnswer("sandbox_info", {}).sampleAppSecret;
/** The receiver's address as the recordings hold it. */
const RECEIVER = "http://127.0.0.1:41017/webhook";

/** The healthy sandbox with its token and the templates synced, the receiver not running ("send"). */
function synced() {
  const replay = createReplay();
  storeSandboxToken(replay);
  replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
  replay.run("sync_templates", { profileId: "sandbox" });
  return replay;
}

/** The healthy sandbox with the receiver as the app's webhook, after the reader wrote to the number ("send-window"). */
function afterTheyWrote() {
  const replay = createReplay();
  storeSandboxToken(replay);
  replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
  replay.run("set_app_secret", { request: { profileId: "sandbox", appSecret: SANDBOX_APP_SECRET } });
  replay.run("start_local_receiver", { request: { profileId: "sandbox", port: 0, listenOnAllInterfaces: false, verifyToken: "console-verify-token" } });
  replay.run("set_app_webhook", { request: { profileId: "sandbox", callbackUrl: RECEIVER, verifyToken: "console-verify-token", fields: ["messages"] } });
  return replay;
}

/** order_update (en_US) to the reader, filled in as the template-send test fills it. */
const ORDER_UPDATE = {
  profileId: "sandbox",
  to: READER,
  message: {
    type: "template" as const,
    name: "order_update",
    language: "en_US",
    components: [
      { type: "body" as const, parameters: [{ type: "text" as const, text: "Maria" }, { type: "text" as const, text: "A-1042" }] },
      { type: "button" as const, subType: "url" as const, index: 0, parameters: [{ type: "text" as const, text: "A-1042" }] },
    ],
  },
  sendOutsideWindow: false,
};

/** A draft kept from an earlier visit, as the page keeps it for the session. */
function keepDraft(draft: ComposeDraft) {
  sessionStorage.setItem("waba.send.draft.sandbox", JSON.stringify(draft));
}

const requestPanel = () => screen.getByTestId("request-panel");
const requestJson = () => screen.getByTestId("request-json");
const sendButton = () => screen.getByTestId("send-button");

/** The recipient field, once the page (loaded on first visit) is there. */
const recipientField = () => screen.findByTestId("send-to", {}, { timeout: 5000 });

/** Waits until the checks shown are the ones of the form as it is now. */
async function checked() {
  await waitFor(() => expect(requestPanel()).toHaveAttribute("data-stale", "false"));
}

/** Replaces a field's text in one change, as a paste over the selected text does, and waits for its checks. */
async function enter(user: UserEvent, field: HTMLElement, text: string) {
  const input = field as HTMLInputElement;
  input.focus();
  input.setSelectionRange(0, input.value.length);
  await user.paste(text);
  await waitFor(() => expect(input).toHaveValue(text));
  await checked();
}

beforeEach(() => sessionStorage.clear());

describe("SendPage", () => {
  it("parses the recipient as typed: the country, the E.164 digits on the wire, Mexico's old mobile 1, digits without a +, and words", async () => {
    const { user } = renderApp({ route: "/send", replay: synced() });
    const to = await recipientField();
    await checked();
    // Nothing typed yet is not an error: the Send button says what is missing.
    expect(screen.queryByTestId("recipient-error")).not.toBeInTheDocument();

    await enter(user, to, "+52 1 55 1234 5678");
    expect(screen.getByTestId("recipient-international")).toHaveTextContent("+52 55 1234 5678");
    expect(screen.getByTestId("recipient-country")).toHaveTextContent("Mexico");
    expect(screen.getByTestId("recipient-e164")).toHaveTextContent("525512345678");
    const [mexico, ...others] = screen.getAllByTestId("recipient-hint");
    expect(others).toEqual([]);
    expect(mexico).toHaveAttribute("data-trap", "mexico-mobile-one");
    expect(mexico).toHaveTextContent("Mexico's old mobile prefix, dropped in 2019");
    expect(mexico).toHaveTextContent("not documented by Meta");
    expect(screen.getByTestId("recipient")).toHaveTextContent("webhooks may report it as 5215512345678");
    expect(requestJson()).toHaveTextContent('"to": "525512345678"');

    await enter(user, to, READER);
    expect(screen.getByTestId("recipient-country")).toHaveTextContent("United States");
    expect(screen.getByTestId("recipient-international")).toHaveTextContent("+1 650-555-1234");
    expect(screen.getByTestId("recipient-hint")).toHaveAttribute("data-trap", "no-plus");
    expect(screen.getByTestId("recipient-hint")).toHaveTextContent("without a + the first digits are the country code");

    await enter(user, to, "call me maybe");
    expect(screen.getByTestId("recipient-error")).toHaveTextContent('"call me maybe" is not a phone number');
    expect(to).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("recipient")).not.toBeInTheDocument();
    expect(sendButton()).toBeDisabled();
    expect(screen.getByTestId("send-reason")).toHaveTextContent('"call me maybe" is not a phone number');
  });

  it("blocks a text to a recipient who never wrote with the key rule; sending anyway is a deliberate choice, or the message becomes a template", async () => {
    const { user } = renderApp({ route: "/send", replay: synced() });
    await enter(user, await recipientField(), READER);
    await enter(user, screen.getByTestId("text-body"), "Hello there");

    const panel = screen.getByTestId("window-panel");
    expect(within(panel).getByTestId("window-state")).toHaveAttribute("data-state", "neverWrote");
    expect(within(panel).getByTestId("window-state")).toHaveTextContent("Never wrote to this number");
    expect(within(panel).getByTestId("window-finding")).toHaveAttribute("data-severity", "error");
    expect(within(panel).getByTestId("window-finding")).toHaveTextContent("has never written to this number, so only a template can reach them");
    expect(within(panel).getByTestId("key-rule")).toHaveTextContent("The first message to anyone must be an approved template.");
    expect(sendButton()).toBeDisabled();
    expect(screen.getByTestId("send-reason")).toHaveTextContent("has never written to this number");

    // Knowingly: the finding becomes a warning and Send is allowed, with what Meta may do later said beside it.
    const anyway = within(panel).getByTestId("send-anyway");
    expect(anyway.closest("label")).toHaveTextContent("fail it with 131047");
    await user.click(anyway);
    await checked();
    expect(within(panel).getByTestId("window-finding")).toHaveAttribute("data-severity", "warning");
    expect(sendButton()).toBeEnabled();
    expect(screen.getByTestId("checks-summary")).toHaveTextContent("Ready to send, with 1 warning");

    // Or a template instead: the type switches, and the window no longer blocks anything.
    await user.click(within(panel).getByTestId("use-template"));
    await checked();
    expect(screen.getByTestId("type-template")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("template-picker")).toBeInTheDocument();
    expect(screen.queryByTestId("window-finding")).not.toBeInTheDocument();
    expect(screen.getByTestId("window-state")).toHaveAttribute("data-state", "neverWrote");
    expect(requestJson()).toHaveTextContent('"type": "template"');
    // The text typed before is kept for when the admin comes back to it.
    await user.click(screen.getByTestId("type-text"));
    expect(screen.getByTestId("text-body")).toHaveValue("Hello there");
  });

  it("shows the exact request beside the form and copies its JSON and its curl, the token as $WA_TOKEN", async () => {
    const { user } = renderApp({ route: "/send", replay: synced() });
    await enter(user, await recipientField(), READER);
    await enter(user, screen.getByTestId("text-body"), "Hello there");

    expect(screen.getByTestId("request-line")).toHaveTextContent("POST http://127.0.0.1:41017/v27.0/106540352242922/messages");
    const body = JSON.parse(requestJson().textContent ?? "") as Record<string, unknown>;
    expect(body).toEqual({ messaging_product: "whatsapp", recipient_type: "individual", to: READER, type: "text", text: { body: "Hello there", preview_url: false } });

    await user.click(screen.getByTestId("copy-curl"));
    expect(await screen.findByTestId("copy-curl-status")).toHaveTextContent("Copied");
    const curl = await navigator.clipboard.readText();
    expect(curl).toMatch(/^curl -X POST 'http:\/\/127\.0\.0\.1:41017\/v27\.0\/106540352242922\/messages'/);
    expect(curl).toContain('-H "Authorization: Bearer $WA_TOKEN"');
    expect(curl).toContain('"body":"Hello there"');
    expect(curl).not.toContain("EAAW");

    await user.click(screen.getByTestId("copy-json"));
    await waitFor(() => expect(screen.getByTestId("copy-json-status")).toHaveTextContent("Copied"));
    expect(JSON.parse(await navigator.clipboard.readText())).toEqual(body);

    // Statuses come only by webhook: without the receiver the page says so, and where to start it.
    const tracking = screen.getByTestId("tracking");
    expect(tracking).toHaveAttribute("data-receiver", "false");
    expect(tracking).toHaveTextContent("the log will show \"accepted\" and nothing more");
    expect(within(tracking).getByRole("link")).toHaveAttribute("href", "/webhooks");
  });

  it("sends order_update filled in value by value, each value checked against the template, and keeps the form", async () => {
    const { user, replay } = renderApp({ route: "/send", replay: synced() });
    await enter(user, await recipientField(), READER);
    await user.click(screen.getByTestId("type-template"));
    await checked();

    const picker = document.querySelector<HTMLSelectElement>('select[name="template"]');
    expect(picker).not.toBeNull();
    fireEvent.change(picker!, { target: { value: "order_update:en_US" } });
    await checked();
    // A field per value: the two body variables and the end of the Track order button's URL, each empty for now.
    const [name, order, track] = ["template-value-body:1", "template-value-body:2", "template-value-button:0"].map((id) => screen.getByTestId(id));
    expect(track?.closest(".field")).toHaveTextContent('Button "Track order": the end of its URL');
    for (const field of [name, order, track]) expect(field?.closest(".field")).toHaveTextContent("The value is empty");
    expect(sendButton()).toBeDisabled();
    expect(screen.getByTestId("template-preview")).toHaveTextContent("Hi {{1}}, your order {{2}} has shipped");

    await enter(user, name!, "Maria");
    await enter(user, order!, "A-1042");
    expect(screen.getByTestId("template-preview")).toHaveTextContent("Hi Maria, your order A-1042 has shipped");
    expect(sendButton()).toBeDisabled();
    await enter(user, track!, "A-1042");
    expect(screen.getByTestId("checks-summary")).toHaveTextContent("Ready to send: every check passes");
    expect(sendButton()).toBeEnabled();

    await user.click(sendButton());
    const outcome = await screen.findByTestId("send-outcome");
    expect(outcome).toHaveAttribute("data-status", "accepted");
    expect(outcome).toHaveTextContent("Meta accepted the message");
    expect(outcome).toHaveTextContent("order_update (en_US) to +16505551234");
    expect(within(outcome).getByTestId("sent-wamid").textContent).toMatch(/^wamid\./);
    expect(within(outcome).getByTestId("open-in-log")).toHaveAttribute("href", "/messages?id=1");
    expect(replay.calls.filter((c) => c.command === "send_message").map((c) => c.args)).toEqual([{ request: ORDER_UPDATE }]);
    // The form stays as it was, for the next test send.
    expect(name).toHaveValue("Maria");
    expect(screen.getByTestId("send-to")).toHaveValue(READER);
  });

  it("shows Meta's refusal diagnosed, and says the message is in the log as refused", async () => {
    const replay = synced();
    replay.run("send_message", { request: ORDER_UPDATE });
    keepDraft({ ...emptyDraft(), to: READER, type: "template", template: { ...emptyDraft().template, name: "no_such_template", language: "en_US" } });
    const { user } = renderApp({ route: "/send", replay });
    await recipientField();
    await checked();
    // Kept from an earlier visit, the template is no longer in the cached list: the page says so, Meta has the last word.
    expect(screen.getByText("no_such_template (en_US) is not in the cached list", { exact: false })).toBeInTheDocument();
    await user.click(sendButton());
    const outcome = await screen.findByTestId("send-outcome");
    expect(outcome).toHaveAttribute("data-code", "graph");
    expect(within(outcome).getByTestId("error-card")).toHaveTextContent("Template name does not exist in the translation");
    expect(within(outcome).getByTestId("diagnosis-card")).toHaveAttribute("data-code", "132001");
    expect(outcome).toHaveTextContent("The message is in the Messages log as refused");
    expect(within(outcome).getByRole("link", { name: "Messages log" })).toHaveAttribute("href", "/messages");
  });

  it("keeps what was typed when the admin leaves the page and comes back", async () => {
    const { user } = renderApp({ route: "/send", replay: synced() });
    await enter(user, await recipientField(), READER);
    await enter(user, screen.getByTestId("text-body"), "Hello there");

    await user.click(screen.getByRole("link", { name: "Templates" }));
    await screen.findByTestId("templates-list");
    await user.click(screen.getByRole("link", { name: "Send" }));
    expect(await recipientField()).toHaveValue(READER);
    expect(screen.getByTestId("text-body")).toHaveValue("Hello there");
    await checked();
    expect(screen.getByTestId("window-state")).toHaveAttribute("data-state", "neverWrote");
  });
});

describe("SendPage before the templates are synced", () => {
  it("offers to sync the templates from Meta, then lists them to pick one", async () => {
    const replay = createReplay();
    storeSandboxToken(replay);
    const { user } = renderApp({ route: "/send", replay });
    await recipientField();
    await checked();
    await user.click(screen.getByTestId("type-template"));
    expect(await screen.findByText("No templates synced yet")).toBeInTheDocument();
    await user.click(screen.getByTestId("sync-templates"));
    await screen.findByTestId("template-picker");
    expect(replay.calls.filter((c) => c.command === "sync_templates")).toHaveLength(1);
    fireEvent.change(document.querySelector<HTMLSelectElement>('select[name="template"]')!, { target: { value: "hello_world:en_US" } });
    await checked();
    expect(screen.getByText("This template takes no values: it is sent as written.")).toBeInTheDocument();
    expect(screen.getByTestId("template-preview")).toHaveTextContent("Welcome and congratulations!!");
    expect(JSON.parse(requestJson().textContent ?? "")).toMatchObject({ type: "template", template: { name: "hello_world", language: { code: "en_US" } } });
  });
});

describe("SendPage inside the 24-hour window", () => {
  it("says the window is open, and a reply button's title over Meta's limit blocks Send with the reason, next to the field", async () => {
    keepDraft({ ...emptyDraft(), to: READER, type: "buttons", buttons: { body: "Pick a slot", header: "", footer: "", buttons: [{ id: "am", title: "Morning" }] } });
    const { user } = renderApp({ route: "/send", replay: afterTheyWrote() });
    await recipientField();
    await checked();
    expect(screen.getByTestId("window-state")).toHaveAttribute("data-state", "open");
    expect(screen.getByTestId("window-state")).toHaveTextContent("the window is open until");
    expect(screen.queryByTestId("window-finding")).not.toBeInTheDocument();
    expect(screen.getByTestId("tracking")).toHaveAttribute("data-receiver", "true");
    expect(sendButton()).toBeEnabled();

    const title = screen.getByLabelText<HTMLInputElement>("Button 1 title");
    title.focus();
    title.setSelectionRange(title.value.length, title.value.length);
    await user.paste(", before lunch");
    await checked();
    const field = title.closest(".field") as HTMLElement;
    expect(within(field).getByText("21 / 20")).toHaveAttribute("data-over", "true");
    const finding = within(field).getByTestId("send-finding");
    expect(finding).toHaveAttribute("data-path", "/buttons/0/title");
    expect(finding).toHaveTextContent("The button title is 21 characters long: Meta allows at most 20.");
    expect(title).toHaveAttribute("aria-invalid", "true");
    expect(sendButton()).toBeDisabled();
    expect(screen.getByTestId("send-reason")).toHaveTextContent("The button title is 21 characters long");
    expect(screen.getByTestId("checks-summary")).toHaveTextContent("1 problem blocks the send");
  });

  it("sends a text inside the window with Ctrl+Enter", async () => {
    keepDraft({ ...emptyDraft(), to: READER, text: { body: "Thanks for writing: it ships today.", previewUrl: false } });
    const { user, replay } = renderApp({ route: "/send", replay: afterTheyWrote() });
    await recipientField();
    await checked();
    expect(sendButton()).toBeEnabled();
    await user.click(screen.getByTestId("text-body"));
    await user.keyboard("{Control>}{Enter}{/Control}");
    const outcome = await screen.findByTestId("send-outcome");
    expect(outcome).toHaveTextContent("Thanks for writing: it ships today. to +16505551234");
    expect(within(outcome).getByTestId("open-in-log")).toHaveAttribute("href", "/messages?id=1");
    expect(replay.calls.filter((c) => c.command === "send_message")).toHaveLength(1);
    // Ctrl+Enter sent it; it did not add a line to the text.
    expect(screen.getByTestId("text-body")).toHaveValue("Thanks for writing: it ships today.");
  });
});

describe("SendPage media", () => {
  it("refuses a file Meta would not take before uploading it, uploads a PNG and sends it by its ID, and checks a link when the field is left", async () => {
    const replay = createReplay();
    storeSandboxToken(replay);
    const { user } = renderApp({ route: "/send", replay });
    await enter(user, await recipientField(), READER);
    await user.click(screen.getByTestId("type-media"));
    await checked();
    // Nothing picked yet: the field is quiet, the Send button says what is missing.
    expect(within(screen.getByTestId("send-media-source")).queryByTestId("send-finding")).not.toBeInTheDocument();
    expect(screen.getByTestId("send-reason")).toHaveTextContent("The media ID is empty");
    // The kind's limits are said before any file is picked, with the seed's mistake corrected.
    expect(screen.getByTestId("media-limits")).toHaveTextContent("JPEG or PNG, at most 5 MB (not 16 MB");

    // A text file as an image: refused with the kind's limits (5 MB for images, not the seed's 16 MB), nothing uploaded.
    await user.upload(screen.getByTestId("send-media-file"), new File(["hello"], "notes.txt", { type: "text/plain" }));
    const refusal = await within(screen.getByTestId("send-media-source")).findByTestId("send-finding");
    expect(refusal).toHaveAttribute("data-rule", "content-type");
    expect(refusal).toHaveTextContent("Meta does not accept text/plain");
    expect(refusal).toHaveTextContent("at most 5 MB (not 16 MB as the seed notes say");
    expect(replay.calls.filter((c) => c.command === "upload_media" && c.ok)).toHaveLength(0);

    // The eight bytes every PNG starts with: uploaded, then sent by the media ID Meta gave.
    await user.upload(screen.getByTestId("send-media-file"), new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], "photo.png", { type: "image/png" }));
    const uploaded = await screen.findByTestId("send-media-uploaded");
    expect(uploaded).toHaveTextContent("photo.png (image/png, 8 bytes) uploaded: media ID 1037543291500001");
    await checked();
    expect(JSON.parse(requestJson().textContent ?? "")).toMatchObject({ type: "image", image: { id: "1037543291500001" } });
    expect(screen.queryByText("Meta does not accept text/plain", { exact: false })).not.toBeInTheDocument();

    // By link: plain http is refused as typed, and the check when the field is left says the same without a fetch.
    await user.click(screen.getByTestId("send-media-mode-link"));
    await checked();
    const link = screen.getByTestId("send-media-link");
    await enter(user, link, "http://example.com/photo.jpg");
    const field = link.closest(".field") as HTMLElement;
    expect(within(field).getByTestId("send-finding")).toHaveTextContent("Meta fetches media over HTTPS only.");
    await user.tab();
    await waitFor(() => expect(screen.getByTestId("link-check")).toHaveAttribute("data-blocked", "true"));
    expect(replay.calls.filter((c) => c.command === "check_media_link")).toHaveLength(1);
    // What the check found is already under the field: it is not repeated.
    expect(within(screen.getByTestId("link-check")).queryByTestId("send-finding")).not.toBeInTheDocument();
    expect(within(field).getAllByTestId("send-finding")).toHaveLength(1);
    expect(sendButton()).toBeDisabled();
  });
});

describe("SendPage send limits", () => {
  it("shows the number's pace, refuses a figure out of range under its field, and saves new limits", async () => {
    const replay = createReplay();
    storeSandboxToken(replay);
    const { user } = renderApp({ route: "/send", replay });
    const card = await screen.findByTestId("send-limits");
    await waitFor(() => expect(within(card).getByTestId("send-limits-summary")).toHaveTextContent("80 per second; one per 6 s to a recipient after 45"));
    await user.click(within(card).getByRole("button", { name: /Send limits/ }));
    const perSecond = await within(card).findByTestId("send-limit-messagesPerSecond");
    expect(perSecond).toHaveValue("80");

    // Not a whole number: said at once, nothing sent.
    await user.clear(perSecond);
    await user.type(perSecond, "8.5");
    await user.click(within(card).getByRole("button", { name: "Save the limits" }));
    expect(await within(card).findByText("Type a whole number, without decimals or signs.")).toBeInTheDocument();
    expect(replay.calls.some((c) => c.command === "set_send_limits")).toBe(false);

    await user.clear(perSecond);
    await user.type(perSecond, "0");
    await user.click(within(card).getByRole("button", { name: "Save the limits" }));
    expect(await within(card).findByText(/Messages per second must be 1 to 1000/)).toBeInTheDocument();
    expect(perSecond).toHaveAttribute("aria-invalid", "true");

    await user.clear(perSecond);
    await user.type(perSecond, "40");
    await user.click(within(card).getByRole("button", { name: "Save the limits" }));
    expect(await within(card).findByText(/Saved: the console paces this number's sends by these limits/)).toBeInTheDocument();
    expect(within(card).getByTestId("send-limits-summary")).toHaveTextContent("40 per second");
  });
});
