// Real-window tests: the built app (Rust core, SQLite, OS keychain, embedded sandbox) driven
// through tauri-driver + WebKitWebDriver. Run by scripts/test under Xvfb and a private Secret
// Service; each test starts the app on an empty data folder of its own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  SAMPLE_TOKEN,
  SHOTS,
  openApp,
  close,
  stepState,
  waitStepState,
  goTo,
  pasteToken,
  fill,
  click,
  invokeInWindow,
  sandboxControl,
  sendRegistration,
  webviewErrors,
  headingMatches,
  paste,
  findingRules,
  storeSandboxAppSecret,
  startReceiver,
  routeWabaToReceiver,
  pick,
  waitNewestStatus,
  solidPng,
} from "./window.mjs";

test("first start: the Sandbox profile, paste the token, token steps pass", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "healthy" });
  t.after(() => close(browser));
  assert.equal(await browser.getTitle(), "WABA Console");
  const switcher = await browser.$('[data-testid="profile-switcher"]');
  await switcher.waitForExist({ timeout: 20000 });
  assert.match(await switcher.getText(), /Sandbox/);
  await waitStepState(browser, "token", "fail");
  assert.equal(await stepState(browser, "registered"), "notChecked");

  await goTo(browser, "Token");
  const card = await pasteToken(browser, SAMPLE_TOKEN);
  assert.match(await card.getText(), /System user/i);
  assert.equal(await (await browser.$('[data-testid="token-input"]')).getValue(), "", "the token leaves the form once saved");

  await goTo(browser, "Checklist");
  for (const id of ["metaApp", "systemUser", "token"]) await waitStepState(browser, id, "pass");
  assert.match(
    await (await browser.$('[data-testid="checklist-progress"]')).getText(),
    /13 of 15/,
    "with the healthy scenario everything passes but the test message and the status webhook (nothing received yet)",
  );
  await waitStepState(browser, "statusWebhook", "notChecked");
  await browser.saveScreenshot(path.join(SHOTS, "app-checklist-token-passed.png"));
});

test("expired-token scenario: the failure and its fix, and the refused token is not stored", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "expired-token" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  const card = await pasteToken(browser, SAMPLE_TOKEN);
  await browser.waitUntil(async () => /expired/i.test(await card.getText()), { timeout: 10000 });
  assert.match(await card.getText(), /expiry to Never/);
  assert.match(await (await browser.$('[data-testid="token-not-stored"]')).getText(), /not stored/);
  assert.equal(await (await browser.$('[data-testid="token-input"]')).getValue(), SAMPLE_TOKEN, "the refused token stays in the field");
  await browser.pause(300);
  await browser.saveScreenshot(path.join(SHOTS, "app-token-expired-not-stored.png"));

  // Meta refused it, so the profile still has no token: the checklist says so and how to fix it.
  await goTo(browser, "Checklist");
  await waitStepState(browser, "token", "fail");
  const step = await browser.$('[data-testid="step-token"]');
  assert.match(await step.getText(), /No token is stored/);
  assert.match(await step.getText(), /paste the System User token/);
  await browser.saveScreenshot(path.join(SHOTS, "app-checklist-expired-token.png"));
});

test("bad input: an empty token and a phone number as an ID get clear messages, values kept", async (t) => {
  const browser = await openApp();
  t.after(() => close(browser));
  await goTo(browser, "Token");
  const input = await browser.$('[data-testid="token-input"]');
  await input.waitForExist({ timeout: 15000 });
  await input.setValue("   ");
  await (await browser.$('[data-testid="token-save"]')).click();
  await browser.waitUntil(async () => /token is empty/i.test(await (await browser.$("main")).getText()), {
    timeout: 10000,
    timeoutMsg: "no message for an empty token",
  });

  await goTo(browser, "Profiles");
  const form = await browser.$('[data-testid="add-profile-form"]');
  if (!(await form.isExisting())) await (await browser.$("button*=Add profile")).click();
  await (await browser.$('[data-testid="add-profile-form"]')).waitForExist({ timeout: 10000 });
  await (await browser.$('input[name="name"]')).setValue("Acme");
  await (await browser.$('input[name="appId"]')).setValue("634974688087057");
  await (await browser.$('input[name="wabaId"]')).setValue("102290129340398");
  await (await browser.$('input[name="phoneNumberId"]')).setValue("+1 415 555 0100");
  await (await browser.$('[data-testid="add-profile-form"] button[type="submit"]')).click();
  await browser.waitUntil(async () => /looks like a phone number/.test(await (await browser.$("main")).getText()), {
    timeout: 10000,
    timeoutMsg: "no field message for a phone number typed as an ID",
  });
  assert.equal(await (await browser.$('input[name="phoneNumberId"]')).getValue(), "+1 415 555 0100");
  assert.equal(await (await browser.$('input[name="name"]')).getValue(), "Acme", "other fields keep their values");
  await browser.pause(300); // let WebKit paint the answer before the screenshot
  await browser.saveScreenshot(path.join(SHOTS, "app-profile-field-error.png"));
});

const STATUS_131047 = JSON.stringify({
  object: "whatsapp_business_account",
  entry: [{
    id: "102290129340398",
    changes: [{
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata: { display_phone_number: "15550100199", phone_number_id: "106540352242922" },
        statuses: [{
          id: "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3RjY3",
          status: "failed",
          timestamp: "1764158400",
          recipient_id: "16505551234",
          errors: [{
            code: 131047,
            title: "Re-engagement message",
            message: "Re-engagement message",
            error_data: { details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
            href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
          }],
        }],
      },
    }],
  }],
});

test("diagnose: a pasted 131047 status webhook becomes a card with its fix", async (t) => {
  const browser = await openApp();
  t.after(() => close(browser));
  await goTo(browser, "Diagnose");
  const input = await browser.$('[data-testid="diagnose-input"]');
  await input.waitForExist({ timeout: 15000 });
  // setValue types key by key; put the JSON in directly, as a paste would.
  await browser.execute((el, text) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
    setter.call(el, text);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, input, STATUS_131047);
  await (await browser.$('[data-testid="diagnose-submit"]')).click();
  const card = await browser.$('[data-testid="diagnosis-card"][data-code="131047"]');
  await card.waitForExist({ timeout: 15000 });
  const text = await card.getText();
  assert.match(text, /Re-engagement/);
  assert.match(text, /template/i);
  assert.match(text, /16505551234/, "the card names the recipient from the webhook");
  await browser.pause(300);
  await browser.saveScreenshot(path.join(SHOTS, "app-diagnose-131047.png"));
});

test("doctor on the fresh scenario: the failing steps with their fix buttons", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "fresh" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);
  await goTo(browser, "Doctor");
  const run = await browser.$('[data-testid="doctor-run"]');
  await run.waitForClickable({ timeout: 15000 });
  await run.click();
  const registered = await browser.$('[data-testid="check-registered"]');
  await registered.waitForExist({ timeout: 20000 });
  await browser.waitUntil(async () => (await registered.getAttribute("data-state")) === "fail", { timeout: 20000 });
  assert.equal(await (await browser.$('[data-testid="check-tokenValid"]')).getAttribute("data-state"), "pass");
  for (const [check, action] of [["registered", "registerNumber"], ["ownershipVerified", "verifyOwnership"], ["twoStepPin", "setPin"], ["wabaSubscribed", "subscribeWaba"]]) {
    const row = await browser.$(`[data-testid="check-${check}"]`);
    assert.equal(await row.getAttribute("data-state"), "fail", check);
    assert.ok(await row.$(`[data-testid="fix-action-${action}"]`).isExisting(), `${check} has its ${action} button`);
  }
  assert.match(await registered.getText(), /REGISTERED" is not a status/);
  await browser.pause(300);
  await browser.saveScreenshot(path.join(SHOTS, "app-doctor-fresh.png"));
});

test("numbers: the fresh number goes from not registered to CONNECTED through the window", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "fresh" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);
  const panel = await sendRegistration(browser, { delaySeconds: 3600 });

  // PENDING for an hour of sandbox time: the progress stays until the clock moves.
  const progress = await browser.$('[data-testid="register-progress"][data-state="following"]');
  await progress.waitForExist({ timeout: 15000 });
  await browser.waitUntil(async () => /\(now PENDING\)/.test(await progress.getText()), {
    timeout: 15000,
    timeoutMsg: "the progress never showed the PENDING read",
  });
  await browser.saveScreenshot(path.join(SHOTS, "app-register-progress.png"));
  await sandboxControl(browser, "/__sandbox/clock/advance", { seconds: 3601 });

  await (await browser.$('[data-testid="register-done"]')).waitForExist({ timeout: 60000 });
  await browser.waitUntil(async () => (await panel.getAttribute("data-status")) === "CONNECTED", { timeout: 20000 });
  await browser.pause(300);
  await browser.saveScreenshot(path.join(SHOTS, "app-numbers-connected.png"));

  await goTo(browser, "Checklist");
  for (const id of ["numberInWaba", "ownershipVerified", "twoStepPin", "registered", "canSend"]) await waitStepState(browser, id, "pass");
});

/**
 * Every page of the sidebar and what shows it rendered with its content. A new page in the sidebar fails the test until
 * it is added here, so this list stays complete.
 */
const PAGES = [
  { label: "Checklist", heading: /Sandbox/, ready: '[data-testid="step-registered"][data-state="pass"]' },
  { label: "Token", heading: /^Token$/, ready: '[data-testid="token-card"][data-valid="true"]' },
  { label: "Numbers", heading: /^Numbers$/, ready: '[data-testid="number-health"][data-status="CONNECTED"]' },
  { label: "Business profile", heading: /^Business profile$/, ready: '[data-testid="preview-about"]' },
  { label: "Webhooks", heading: /^Webhooks$/, ready: '[data-testid="subscription-state"][data-subscribed="false"]' },
  { label: "Profiles", heading: /^Profiles$/, ready: '[data-testid^="profile-row-"]' },
  { label: "Templates", heading: /^Templates$/, ready: '[data-testid^="template-row-"][data-status="APPROVED"]' },
  { label: "Send", heading: /^Send a test message$/, ready: '[data-testid="request-panel"] [data-testid="request-json"]' },
  { label: "Messages", heading: /^Messages$/, ready: '[data-testid="message-row"][data-status]' },
  { label: "Doctor", heading: /^Doctor$/, ready: '[data-testid="doctor-summary"]' },
  { label: "Diagnose", heading: /^Explain an error$/, ready: '[data-testid="diagnose-input"]' },
  { label: "Quality", heading: /^Quality$/, ready: '[data-testid="quality-chart"] svg circle' },
  { label: "API versions", heading: /^API versions$/, ready: '[data-testid="versions-profile"]' },
  { label: "Audit log", heading: /^Audit log$/, ready: '[data-testid="audit-verdict"][data-intact="true"]' },
];

test("every page of the sidebar renders in its populated state without a web view error", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "fresh" });
  t.after(() => close(browser));
  await (await browser.$('[data-testid="profile-switcher"]')).waitForExist({ timeout: 20000 });
  assert.deepEqual(await webviewErrors(browser), [], "the error handlers are installed from the start");

  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);
  await sendRegistration(browser, { delaySeconds: 0 });
  await (await browser.$('[data-testid="register-done"]')).waitForExist({ timeout: 60000 });
  // The doctor reads the number, which records a quality reading.
  await goTo(browser, "Doctor");
  await click(browser, "doctor-run");
  await (await browser.$('[data-testid="doctor-summary"]')).waitForExist({ timeout: 30000 });

  // A message in the log, sent as the Send page sends it, so the Messages page has a row to show.
  const { activeId } = await invokeInWindow(browser, "list_profiles");
  await invokeInWindow(browser, "send_message", {
    request: {
      profileId: activeId,
      to: "16505551234",
      message: { type: "template", name: "hello_world", language: "en_US", components: [] },
      sendOutsideWindow: false,
    },
  });

  const labels = await browser.$$("nav a").map((a) => a.getText());
  assert.deepEqual([...labels].sort(), PAGES.map((p) => p.label).sort(), "every sidebar page is in PAGES");

  for (const page of PAGES) {
    await goTo(browser, page.label);
    // Looked up afresh each time: the previous page's heading is replaced while the new page renders.
    await browser.waitUntil(() => headingMatches(browser, page.heading), {
      timeout: 20000,
      timeoutMsg: `${page.label}: its heading never showed`,
    });
    await (await browser.$(page.ready)).waitForExist({ timeout: 20000, timeoutMsg: `${page.label}: ${page.ready} never showed` });
    assert.equal(await (await browser.$('[data-testid="page-error"]')).isExisting(), false, `${page.label} shows the error card`);
    assert.deepEqual(await webviewErrors(browser), [], `${page.label}: web view errors`);
    await browser.pause(200); // let WebKit paint before the screenshot
    await browser.saveScreenshot(path.join(SHOTS, `app-page-${page.label.toLowerCase().replace(/\W+/g, "-")}.png`));
  }
});

test("a page that throws shows its error card, is logged, and the rest of the window keeps working", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "healthy" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN); // the checklist's token steps now say when they were checked
  await goTo(browser, "Diagnose");
  await (await browser.$('[data-testid="diagnose-input"]')).waitForExist({ timeout: 15000 });

  // Break date formatting, which the Checklist page needs to render (a stand-in for any render-time bug).
  await browser.execute(() => {
    window.__realFormat = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, "format");
    Object.defineProperty(Intl.DateTimeFormat.prototype, "format", {
      configurable: true,
      get() {
        throw new TypeError("date formatting is broken (test)");
      },
    });
  });
  await goTo(browser, "Checklist");
  const card = await browser.$('[data-testid="page-error"]');
  await card.waitForExist({ timeout: 15000 });
  assert.match(await card.getText(), /This page stopped working: date formatting is broken \(test\)/);
  assert.match(await card.getText(), /waba-console\.log/);
  const errors = await webviewErrors(browser);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].kind, "boundary");
  assert.equal(errors[0].page, "/");
  await browser.pause(300);
  await browser.saveScreenshot(path.join(SHOTS, "app-page-error.png"));

  // The log file has it (the path the card shows, from app_info).
  const { logDir } = await invokeInWindow(browser, "app_info");
  const logFile = path.join(logDir, "waba-console.log");
  await browser.waitUntil(() => existsSync(logFile) && readFileSync(logFile, "utf8").includes("date formatting is broken (test)"), {
    timeout: 10000,
    timeoutMsg: `${logFile} does not have the page's error`,
  });
  assert.match(readFileSync(logFile, "utf8"), /ERROR webview: .*kind="boundary".*page="\/"/);

  // The sidebar works (Diagnose formats no dates); after the fix, "Reload this page" brings the page back.
  await goTo(browser, "Diagnose");
  await (await browser.$('[data-testid="diagnose-input"]')).waitForExist({ timeout: 15000 });
  assert.equal(await (await browser.$('[data-testid="page-error"]')).isExisting(), false);
  await goTo(browser, "Checklist");
  await (await browser.$('[data-testid="page-error"]')).waitForExist({ timeout: 15000 });
  await browser.execute(() => Object.defineProperty(Intl.DateTimeFormat.prototype, "format", window.__realFormat));
  await click(browser, "page-error-reload");
  await waitStepState(browser, "token", "pass");
  assert.equal(await (await browser.$('[data-testid="page-error"]')).isExisting(), false);
});

test("numbers: a wrong PIN shows the 133005 diagnosis and the attempt is counted", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "healthy" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);
  await goTo(browser, "Numbers");
  await fill(browser, "register-pin", "111111");
  await click(browser, "register-submit");
  const card = await browser.$('[data-testid="register-card"] [data-testid="error-card"]');
  await card.waitForExist({ timeout: 20000 });
  assert.match(await card.getText(), /133005/);
  await browser.waitUntil(async () => /1 of 10/.test(await (await browser.$('[data-testid="register-budget"]')).getText()), {
    timeout: 15000,
    timeoutMsg: "the failed attempt was not counted",
  });
  await browser.pause(300);
  await browser.saveScreenshot(path.join(SHOTS, "app-register-wrong-pin.png"));
});

test("templates: a body starting with {{1}} is caught as typed, fixed, submitted, and approved on the sandbox clock", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "healthy" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);
  await goTo(browser, "Templates");
  await (await browser.$('[data-testid^="template-row-"][data-status="REJECTED"]')).waitForExist({ timeout: 20000 });
  await browser.saveScreenshot(path.join(SHOTS, "app-templates-list.png"));

  await (await browser.$("a*=New template")).click();
  await fill(browser, "template-name", "pickup_ready");
  // Typed key by key, as the admin would: the finding shows while typing, before any submit.
  await fill(browser, "template-body", "{{1}}, your order is ready for pickup.");
  await browser.waitUntil(async () => (await findingRules(browser)).includes("variable-at-edge"), {
    timeout: 15000,
    timeoutMsg: "the variable-at-edge finding never showed",
  });
  const submit = await browser.$('[data-testid="template-submit"]');
  assert.equal(await submit.isEnabled(), false, "an error blocks the submit");
  assert.match(await (await browser.$('[data-testid="template-submit-reason"]')).getText(), /variable-at-edge|error/i);
  await (await browser.$('[data-testid="finding"][data-rule="variable-at-edge"]')).scrollIntoView({ block: "center" });
  await browser.pause(200);
  await browser.saveScreenshot(path.join(SHOTS, "app-template-editor-finding.png"));

  await paste(browser, "template-body", "Hi {{1}}, your order is ready for pickup at the front desk.");
  await fill(browser, "template-body-example-1", "Maria");
  await browser.waitUntil(async () => (await findingRules(browser)).length === 0 && (await submit.isEnabled()), {
    timeout: 15000,
    timeoutMsg: `the draft never linted clean: ${JSON.stringify(await findingRules(browser))}`,
  });
  await submit.click();

  // The detail of the new template: PENDING until the sandbox's reviewer decides on its clock.
  const detail = await browser.$('[data-testid="template-detail"]');
  await detail.waitForExist({ timeout: 20000 });
  await browser.waitUntil(async () => (await detail.getAttribute("data-status")) === "PENDING", { timeout: 20000, timeoutMsg: "the created template is not PENDING" });
  assert.match(await detail.getText(), /pickup_ready/);
  await sandboxControl(browser, "/__sandbox/clock/advance", { seconds: 120 });
  await browser.waitUntil(async () => (await detail.getAttribute("data-status")) === "APPROVED", {
    timeout: 90000,
    timeoutMsg: "the template never turned APPROVED after the sandbox clock moved",
  });
  const rowApproved = () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid^="template-row-"]')].some((r) => r.textContent.includes("pickup_ready") && r.getAttribute("data-status") === "APPROVED"),
    );
  await browser.waitUntil(rowApproved, { timeout: 20000, timeoutMsg: "the list row did not follow the approval" });
  assert.deepEqual(await webviewErrors(browser), [], "web view errors");
  await browser.pause(200);
  await browser.saveScreenshot(path.join(SHOTS, "app-template-approved.png"));
});

test("webhooks: subscribe the sandbox WABA, run the receiver, a test event and a customer message reach the feed, the checklist passes", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "fresh" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);
  await goTo(browser, "Webhooks");

  // The fresh sandbox WABA is not subscribed to the app: subscribe it from the page.
  const subscription = await browser.$('[data-testid="subscription-state"]');
  await browser.waitUntil(async () => (await subscription.getAttribute("data-subscribed")) === "false", { timeout: 20000, timeoutMsg: "the subscription state never showed" });
  await click(browser, "subscribe-button");
  await browser.waitUntil(async () => (await subscription.getAttribute("data-subscribed")) === "true", { timeout: 20000, timeoutMsg: "the WABA never read as subscribed" });

  // The app secret (the sandbox's public test secret) and the receiver on a free port.
  await storeSandboxAppSecret(browser);
  await startReceiver(browser);
  const url = (await (await browser.$('[data-testid="receiver-url"]')).getText()).trim();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/webhook$/);

  // The console's signed test event is stored and shows in the feed.
  await click(browser, "send-test-event");
  await (await browser.$('[data-testid="test-event-result"]')).waitForExist({ timeout: 15000 });
  await (await browser.$('[data-testid="event-row"][data-kind="status.sent"]')).waitForExist({ timeout: 20000, timeoutMsg: "the test event never reached the feed" });

  // The fresh app has no webhook yet: give it the receiver as its callback with the fields that matter (messages
  // among them), then route the WABA's webhooks to the receiver too (each verified by the sandbox with a GET challenge).
  await click(browser, "app-webhook-use-receiver");
  await paste(browser, "app-webhook-verify-token", "e2e-verify-token");
  await click(browser, "app-webhook-save");
  await (await browser.$('[data-testid="routing-level-app"][data-winner="true"]')).waitForExist({
    timeout: 20000,
    timeoutMsg: "the app's callback never became the winning callback",
  });
  await routeWabaToReceiver(browser);
  const inboundSent = await sandboxControl(browser, "/__sandbox/webhooks/inbound", { from: "16505551234", text: "Is my order on its way?" });
  assert.equal(inboundSent.sent, true, `the sandbox had nowhere to send it: ${JSON.stringify(inboundSent)}`);
  const inbound = await browser.$('[data-testid="event-row"][data-kind="message.text"]');
  await inbound.waitForExist({ timeout: 30000, timeoutMsg: "the sandbox's webhook never reached the feed" });
  await inbound.click();
  await click(browser, "event-raw-toggle");
  await browser.waitUntil(async () => /Is my order on its way\?/.test(await (await browser.$('[data-testid="event-raw"]')).getText()), {
    timeout: 10000,
    timeoutMsg: "the raw JSON of the event is not shown",
  });
  assert.deepEqual(await webviewErrors(browser), [], "web view errors");
  await browser.pause(200);
  await browser.saveScreenshot(path.join(SHOTS, "app-webhooks-feed.png"));

  await goTo(browser, "Checklist");
  for (const id of ["wabaSubscribed", "webhookVerified", "statusWebhook"]) await waitStepState(browser, id, "pass");
  await browser.saveScreenshot(path.join(SHOTS, "app-checklist-webhooks.png"));
});

test("sends: a template to a sandbox recipient is delivered then read in the log, a reply opens the window, then free text goes", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "healthy" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);

  // Statuses arrive only by webhook: the app secret, the receiver, and the WABA's webhooks routed to it.
  await goTo(browser, "Webhooks");
  await storeSandboxAppSecret(browser);
  await startReceiver(browser);
  await routeWabaToReceiver(browser);

  // A recipient who never wrote: only a template can reach them. They leave it unread for now.
  await sandboxControl(browser, "/__sandbox/recipients/16505551234", { reads: false });
  await goTo(browser, "Send");
  await paste(browser, "send-to", "16505551234");
  await (await browser.$('[data-testid="window-state"][data-state="neverWrote"]')).waitForExist({ timeout: 15000, timeoutMsg: "the window was not read" });
  await (await browser.$('[data-testid="tracking"]')).waitForExist({ timeout: 15000 });
  await click(browser, "type-template");
  const sync = await browser.$('[data-testid="sync-templates"]');
  if (await sync.isExisting()) await sync.click();
  await pick(browser, "template-picker", "hello_world");
  await browser.waitUntil(async () => /hello_world/.test(await (await browser.$('[data-testid="request-json"]')).getText()), {
    timeout: 15000,
    timeoutMsg: "the request JSON never showed the template",
  });
  await click(browser, "send-button");
  await (await browser.$('[data-testid="send-outcome"][data-status="accepted"]')).waitForExist({ timeout: 20000, timeoutMsg: "the template was not accepted" });

  // The sandbox delivers it a second later on its clock; the log follows without a reload.
  await goTo(browser, "Messages");
  await waitNewestStatus(browser, "accepted", "sent", "delivered");
  await sandboxControl(browser, "/__sandbox/clock/advance", { seconds: 2 });
  await waitNewestStatus(browser, "delivered");
  await (await browser.$('[data-testid="message-row"]')).click();
  const wamid = (await (await browser.$('[data-testid="message-wamid"]')).getText()).match(/wamid\.[A-Za-z0-9+/=_-]+/)?.[0];
  assert.ok(wamid, "the detail shows the message's wamid");
  // Then the recipient opens it: Meta's read status for that message.
  await sandboxControl(browser, "/__sandbox/webhooks/status", { to: "16505551234", status: "read", messageId: wamid });
  await waitNewestStatus(browser, "read");
  await browser.waitUntil(async () => /delivered[\s\S]*read/i.test(await (await browser.$('[data-testid="message-timeline"]')).getText()), {
    timeout: 30000,
    timeoutMsg: "the timeline does not show delivered then read",
  });
  await browser.saveScreenshot(path.join(SHOTS, "app-messages-read.png"));

  // The customer writes back: the window opens, and free text goes.
  const reply = await sandboxControl(browser, "/__sandbox/recipients/16505551234/reply", { text: "Thanks, got it!" });
  assert.equal(reply.sent, true, `the sandbox had nowhere to send the reply: ${JSON.stringify(reply)}`);
  await goTo(browser, "Send");
  // The page comes back as it was left (the template), then switches to free text.
  await (await browser.$('[data-testid="template-picker"]')).waitForExist({ timeout: 15000, timeoutMsg: "the kept draft did not come back" });
  await click(browser, "type-text");
  await paste(browser, "text-body", "Glad it arrived. Anything else?");
  await (await browser.$('[data-testid="window-state"][data-state="open"]')).waitForExist({ timeout: 30000, timeoutMsg: "the reply never opened the window" });
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="send-button"]')).isEnabled()), {
    timeout: 15000,
    timeoutMsg: "free text stayed blocked inside the window",
  });
  await click(browser, "send-button");
  await (await browser.$('[data-testid="send-outcome"][data-status="accepted"]')).waitForExist({ timeout: 20000, timeoutMsg: "the free text was not accepted" });
  assert.deepEqual(await webviewErrors(browser), [], "web view errors");
  await browser.pause(200);
  await browser.saveScreenshot(path.join(SHOTS, "app-send-free-text.png"));
});

test("the business profile: a new about text and photo show in the preview and in a fresh read from Meta", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "healthy" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);
  const { activeId } = await invokeInWindow(browser, "list_profiles");
  const before = await invokeInWindow(browser, "get_profile_page", { profileId: activeId });
  assert.ok(before.profile.profilePictureUrl, "the healthy sandbox number has a photo");

  await goTo(browser, "Business profile");
  await (await browser.$('[data-testid="profile-about-input"]')).waitForExist({ timeout: 20000 });
  const about = "Succulents and cacti, shipped in 48 h.";
  await paste(browser, "profile-about-input", about);
  // The preview follows the typing, before anything is saved.
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="preview-about"]')).getText()).includes(about), {
    timeout: 15000,
    timeoutMsg: "the preview does not show the typed about text",
  });
  await click(browser, "profile-save-button");
  await click(browser, "confirm-save-button");
  await browser.waitUntil(async () => (await invokeInWindow(browser, "get_profile_page", { profileId: activeId })).profile.about === about, {
    timeout: 20000,
    timeoutMsg: "a fresh read does not have the saved about text",
  });

  // A photo from this computer: checked, shown in the round crop, uploaded, set.
  const dir = mkdtempSync(path.join(tmpdir(), "waba-photo-"));
  const file = path.join(dir, "shop-logo.png");
  writeFileSync(file, solidPng(640, [46, 125, 50]));
  const input = await browser.$('[data-testid="photo-file-input"]');
  await input.waitForExist({ timeout: 15000 });
  await input.setValue(file);
  await click(browser, "photo-upload-button");
  await (await browser.$('[data-testid="photo-upload-state"][data-state="done"]')).waitForExist({ timeout: 30000, timeoutMsg: "the upload never finished" });
  const after = await invokeInWindow(browser, "get_profile_page", { profileId: activeId });
  assert.notEqual(after.profile.profilePictureUrl, before.profile.profilePictureUrl, "Meta's read has a new photo");
  assert.equal(after.profile.about, about);

  // Away and back: the page reads Meta afresh and its preview shows both.
  await goTo(browser, "Checklist");
  await goTo(browser, "Business profile");
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="preview-about"]')).getText()).includes(about), {
    timeout: 15000,
    timeoutMsg: "the preview lost the saved about text",
  });
  const photo = await browser.$('[data-testid="preview-photo"]');
  await browser.waitUntil(async () => (await photo.getProperty("naturalWidth")) > 0, { timeout: 15000, timeoutMsg: "the preview's photo did not load" });
  assert.equal(await photo.getProperty("naturalWidth"), 640, "the preview shows the uploaded 640×640 photo");
  assert.deepEqual(await webviewErrors(browser), [], "web view errors");
  await browser.pause(200);
  await browser.saveScreenshot(path.join(SHOTS, "app-business-profile.png"));
});
