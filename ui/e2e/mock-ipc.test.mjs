// Light end-to-end test: the built app in Chromium with mockIPC answered by the replay of answers recorded from the Rust
// service (e2e/mock-main.tsx), driven by playwright-core. A call with no recorded answer fails the test.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const PORT = 4173 + Math.floor(Math.random() * 1000);
const URL = `http://127.0.0.1:${PORT}/e2e/mock.html`;
const SHOTS = new globalThis.URL("../test-results/", import.meta.url).pathname;
let server, browser;

async function waitHttp(url, ms = 20000) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not up: ${url}`);
}

async function openApp(colorScheme = "light") {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
  page.on("pageerror", (e) => assert.fail(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.text().startsWith("No recorded answer") || m.text().startsWith("No recording applies")) assert.fail(m.text());
  });
  await page.goto(URL);
  return page;
}

async function screenshot(page, name) {
  await page.mouse.move(1270, 890); // away from anything with a hover style
  await page.screenshot({ path: `${SHOTS}${name}.png`, animations: "disabled" });
}

const step = (page, id, state) => page.locator(`[data-testid="step-${id}"][data-state="${state}"]`);

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Spawn vite's JS entry directly: killing `npx` would orphan vite and hang `node --test`.
  server = spawn(
    process.execPath,
    ["node_modules/vite/bin/vite.js", "preview", "--mode", "e2e", "--outDir", "dist-e2e", "--port", String(PORT), "--strictPort", "--host", "127.0.0.1"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  await waitHttp(URL);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test("a fresh sandbox fails the token step; the sample token makes the token steps pass", async () => {
  const page = await openApp();
  await step(page, "token", "fail").waitFor();
  assert.match(await page.getByTestId("checklist-progress").innerText(), /0 of 15\s+steps pass/);
  await screenshot(page, "checklist-no-token");

  await page.getByRole("link", { name: "Token", exact: true }).click();
  const sample = await page.locator(".callout code").innerText();
  await page.getByTestId("token-input").fill(sample);
  await page.getByTestId("token-save").click();
  await page.locator('[data-testid="token-card"][data-valid="true"]').waitFor();
  assert.equal(await page.getByTestId("token-input").inputValue(), "");
  await screenshot(page, "token");

  await page.getByRole("link", { name: "Checklist", exact: true }).click();
  for (const id of ["metaApp", "systemUser", "token", "numberInWaba", "displayName", "approvedTemplate"]) await step(page, id, "pass").waitFor();
  assert.match(await page.getByTestId("checklist-progress").innerText(), /6 of 15\s+steps pass/);
  await screenshot(page, "checklist-light");
  await page.close();
});

test("a wrong token is refused with Meta's 190 and not stored, shown in the card", async () => {
  const page = await openApp();
  await page.goto(`${URL}#/token`);
  await page.getByTestId("token-input").fill("EAAnot-a-real-token");
  await page.getByTestId("token-input").press("Enter");
  const card = page.locator('[data-testid="token-card"][data-valid="false"]');
  await card.waitFor();
  assert.match(await card.getByTestId("error-card").innerText(), /Invalid OAuth access token/);
  assert.match(await page.getByTestId("token-not-stored").innerText(), /not stored/);
  assert.equal(await page.getByTestId("token-input").inputValue(), "EAAnot-a-real-token");
  await page.close();
});

test("adding a profile with a phone number as WABA ID shows the field error and keeps the values", async () => {
  const page = await openApp();
  await page.goto(`${URL}#/profiles`);
  await page.getByRole("button", { name: "Add profile" }).click();
  const form = page.getByTestId("add-profile-form");
  await form.locator('input[name="name"]').fill("Acme support");
  await form.locator('input[name="appId"]').fill("634974688087057");
  await form.locator('input[name="wabaId"]').fill("+1 415-555-0100");
  await form.locator('input[name="phoneNumberId"]').fill("106540352242922");
  await form.getByRole("button", { name: "Add profile" }).click();
  await form.getByText(/looks like a phone number, not its WABA ID/).waitFor();
  assert.match(await page.locator("main").innerText(), /looks like a phone number/, "dialogs belong to the page's main");
  assert.equal(await form.locator('input[name="wabaId"]').getAttribute("aria-invalid"), "true");
  assert.equal(await form.locator('input[name="name"]').inputValue(), "Acme support");
  assert.equal(await form.locator('input[name="wabaId"]').inputValue(), "+1 415-555-0100");
  await screenshot(page, "profiles-form-error");

  await form.locator('input[name="wabaId"]').fill("102290129340398");
  await form.locator('input[name="wabaId"]').press("Enter");
  await form.waitFor({ state: "detached" });
  await page.getByTestId("profile-row-p2").waitFor();
  await screenshot(page, "profiles");
  await page.close();
});

test("the theme toggle switches to dark and remembers it", async () => {
  const page = await openApp("light");
  await step(page, "token", "fail").waitFor();
  await page.getByTestId("theme-toggle").click();
  await page.getByTestId("theme-dark").click();
  assert.equal(await page.locator("html").getAttribute("data-theme"), "dark");
  const background = await page.evaluate("getComputedStyle(document.body).backgroundColor");
  assert.equal(background, "rgb(14, 16, 20)");

  await page.reload();
  await step(page, "token", "fail").waitFor();
  assert.equal(await page.locator("html").getAttribute("data-theme"), "dark");
  await page.getByRole("link", { name: "Token", exact: true }).click();
  await page.getByTestId("token-use-sample").click();
  await page.getByTestId("token-save").click();
  await page.locator('[data-testid="token-card"][data-valid="true"]').waitFor();
  await page.getByRole("link", { name: "Checklist", exact: true }).click();
  await step(page, "token", "pass").waitFor();
  await screenshot(page, "checklist-dark");
  await page.close();
});

const check = (page, id, state) => page.locator(`[data-testid="check-${id}"][data-state="${state}"]`);

test("the doctor on the fresh sandbox: failing checks with their fix buttons, and an export", async () => {
  const page = await openApp();
  await page.goto(`${URL}#/token`);
  await page.getByTestId("token-use-sample").click();
  await page.getByTestId("token-save").click();
  await page.locator('[data-testid="token-card"][data-valid="true"]').waitFor();

  await page.getByRole("link", { name: "Doctor", exact: true }).click();
  await page.getByText("The doctor has not run for this profile yet").waitFor();
  await page.getByTestId("doctor-run").click();
  await page.getByTestId("doctor-running").waitFor();
  await check(page, "registered", "fail").waitFor();
  assert.match(await page.getByTestId("doctor-summary").innerText(), /6 of 21 checks fail/);
  assert.match(await page.getByTestId("doctor-graph-calls").innerText(), /7 Graph calls sent at once/);
  await check(page, "tokenValid", "pass").waitFor();
  for (const [id, action] of [
    ["ownershipVerified", "verifyOwnership"],
    ["twoStepPin", "setPin"],
    ["registered", "registerNumber"],
  ]) {
    const link = check(page, id, "fail").getByTestId(`fix-action-${action}`);
    assert.equal(await link.getAttribute("href"), "#/numbers", `${action} opens the Numbers page`);
  }
  assert.equal(await check(page, "wabaSubscribed", "fail").getByTestId("fix-action-subscribeWaba").getAttribute("href"), "#/webhooks", "subscribing is done on the Webhooks page");
  for (const id of ["webhookVerified", "canSend"]) await check(page, id, "fail").waitFor();
  await check(page, "approvedTemplate", "pass").waitFor();
  assert.match(await check(page, "registered", "fail").innerText(), /"REGISTERED" is not a status/);
  await screenshot(page, "doctor");
  await page.evaluate(() => document.querySelector('[data-testid="check-ownershipVerified"]').scrollIntoView({ block: "start" }));
  await screenshot(page, "doctor-failures");

  await page.getByTestId("export-markdown").click();
  assert.match(await page.getByTestId("export-saved").innerText(), /Saved to \/home\/admin\/Downloads\/waba-doctor-sandbox-\d{8}-\d{6}\.md/);

  // The checklist now takes the onboarding steps from the doctor, and links there.
  await page.getByRole("link", { name: "Checklist", exact: true }).click();
  await step(page, "registered", "fail").waitFor();
  await step(page, "wabaSubscribed", "fail").getByRole("link", { name: /Checked on the Webhooks page/ }).waitFor();
  await page.close();
});

test("a pasted 131047 status webhook becomes a diagnosis card with its fix", async () => {
  const page = await openApp();
  await page.goto(`${URL}#/diagnose`);
  const webhook = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "102290129340398", changes: [{ field: "messages", value: {
      messaging_product: "whatsapp",
      metadata: { display_phone_number: "15550100199", phone_number_id: "106540352242922" },
      statuses: [{
        id: "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3RjY3", status: "failed", timestamp: "1764158400", recipient_id: "16505551234",
        errors: [{ code: 131047, title: "Re-engagement message", message: "Re-engagement message",
          error_data: { details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." } }],
      }],
    } }] }],
  });
  await page.getByTestId("diagnose-input").fill(webhook);
  await page.getByTestId("diagnose-input").press("Control+Enter");
  const card = page.locator('[data-testid="diagnosis-card"][data-code="131047"]');
  await card.waitFor();
  const text = await card.innerText();
  assert.match(text, /Re-engagement message/);
  assert.match(text, /Send an approved template instead/);
  assert.match(text, /16505551234/, "the card names the recipient from the webhook");
  assert.equal(await card.getByTestId("fix-action-sendTemplate").isDisabled(), true);
  assert.match(await page.getByTestId("diagnose-kind").innerText(), /a webhook body/);
  assert.equal(await page.getByTestId("diagnose-input").inputValue(), webhook, "the paste stays");

  await page.getByTestId("diagnose-input").fill("not an error at all");
  await page.getByTestId("diagnose-submit").click();
  await page.getByTestId("diagnose-problem").waitFor();

  await page.getByRole("button", { name: "131047 status webhook" }).click();
  await page.getByTestId("diagnose-submit").click();
  await card.waitFor();
  await screenshot(page, "diagnose");
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, "diagnose-card");
  await page.close();
});

test("quality, API versions and the audit log render with their data", async () => {
  const page = await openApp();
  // Some recorded actions for the audit log: a rejected token, the sample token, another scenario.
  await page.goto(`${URL}#/token`);
  await page.getByTestId("token-input").fill("EAAnot-a-real-token");
  await page.getByTestId("token-save").click();
  await page.locator('[data-testid="token-card"][data-valid="false"]').waitFor();
  await page.getByTestId("token-input").fill("");
  await page.getByTestId("token-use-sample").click();
  await page.getByTestId("token-save").click();
  await page.locator('[data-testid="token-card"][data-valid="true"]').waitFor();
  await page.getByRole("link", { name: "Profiles", exact: true }).click();
  await page.getByTestId("scenario-select").click();
  await page.getByRole("option", { name: /healthy/ }).click();
  await page.locator('[data-testid="profile-switcher"]', { hasText: "healthy" }).waitFor();

  await page.getByRole("link", { name: "Quality", exact: true }).click();
  await page.getByTestId("quality-chart").locator("svg circle").first().waitFor();
  assert.equal(await page.getByTestId("quality-chart").locator("svg circle").count(), 5);
  assert.equal(await page.getByTestId("quality-current").getAttribute("data-rating"), "GREEN");
  await page.getByTestId("quality-chart").locator(".quality-chart__hit").nth(3).hover();
  assert.match(await page.getByTestId("quality-tooltip").innerText(), /Yellow/);
  await screenshot(page, "quality");

  await page.getByRole("link", { name: "API versions", exact: true }).click();
  await page.getByTestId("versions-newest").waitFor();
  assert.equal(await page.getByTestId("versions-warning").count(), 0);
  await screenshot(page, "versions");
  await page.getByTestId("run-doctor-v21.0").click();
  await check(page, "apiVersion", "warn").waitFor();
  assert.match(await page.getByTestId("doctor-summary").innerText(), /v21\.0/);

  await page.getByRole("link", { name: "Audit log", exact: true }).click();
  const verdict = page.locator('[data-testid="audit-verdict"][data-intact="true"]');
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /Intact: 3 entries, every hash checks out/);
  assert.match(await page.getByTestId("audit-row-1").innerText(), /Token stored[\s\S]*190/);
  assert.match(await page.getByTestId("audit-row-3").innerText(), /Scenario changed[\s\S]*healthy/);
  await page.getByTestId("export-csv").click();
  await page.getByTestId("export-saved").waitFor();
  await screenshot(page, "audit");
  await page.close();
});

test("numbers: a fresh number gets its code, a PIN and a registration, then turns CONNECTED", async () => {
  const page = await openApp();
  await page.goto(`${URL}#/token`);
  await page.getByTestId("token-use-sample").click();
  await page.getByTestId("token-save").click();
  await page.locator('[data-testid="token-card"][data-valid="true"]').waitFor();
  await page.getByRole("link", { name: "Numbers", exact: true }).click();
  const health = page.getByTestId("number-health");
  await page.locator('[data-testid="number-health"][data-status="PENDING"]').waitFor();
  assert.match(await health.innerText(), /NOT_VERIFIED/);
  await page.locator('[data-testid="register-budget"][data-used="0"]').waitFor();
  assert.match(await page.getByTestId("register-budget").innerText(), /0 of 10\s+attempts used in the last 72 h/);
  await screenshot(page, "numbers");

  // Registering before ownership is verified: Meta's 133006 with its diagnosis, and one attempt used.
  await page.getByTestId("register-pin").fill("135790");
  await page.getByTestId("register-submit").click();
  const error = page.getByTestId("register-card").getByTestId("error-card");
  await error.waitFor();
  assert.match(await error.innerText(), /re-verification needed/i);
  await page.getByTestId("register-budget").getByText("1 of 10").waitFor();

  await page.getByTestId("request-code").click();
  await page.getByText(/Code sent by SMS/).waitFor();
  await page.getByTestId("verify-code-input").fill("123456");
  await page.getByTestId("verify-code").click();
  await page.getByTestId("ownership-verified").waitFor();

  await page.getByTestId("pin-input").fill("12345");
  await page.getByTestId("set-pin").click();
  await page.getByText("The PIN must be exactly six digits (0–9).").waitFor();
  await page.getByTestId("pin-input").fill("135790");
  await page.getByTestId("set-pin").click();
  await page.getByTestId("pin-saved").waitFor();
  assert.equal(await page.getByTestId("pin-input").inputValue(), "");

  await page.getByTestId("register-pin").fill("135790");
  await page.getByTestId("register-submit").click();
  await page.getByTestId("register-progress").waitFor();
  await page.getByTestId("register-card").scrollIntoViewIfNeeded();
  await screenshot(page, "numbers-register-progress");
  await page.getByTestId("register-done").waitFor({ timeout: 15000 });
  await page.locator('[data-testid="number-health"][data-status="CONNECTED"]').waitFor();
  await page.getByTestId("register-card").scrollIntoViewIfNeeded();
  await screenshot(page, "numbers-register-done");

  // The checklist reads the number again: registered now passes.
  await page.getByRole("link", { name: "Checklist", exact: true }).click();
  for (const id of ["ownershipVerified", "twoStepPin", "registered"]) await step(page, id, "pass").waitFor();

  // The danger zone asks first, naming the number.
  await page.getByRole("link", { name: "Numbers", exact: true }).click();
  await page.getByTestId("deregister").click();
  const dialog = page.getByTestId("deregister-confirm");
  assert.match(await dialog.innerText(), /Deregister \+1 555-010-0199\?[\s\S]*deregister attempt 1 of 10/);
  await screenshot(page, "numbers-deregister-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.getByTestId("id-check-input").fill("102290129340398");
  await page.getByTestId("id-check-submit").click();
  await page.locator('[data-testid="id-check-result"][data-kind="waba"]').waitFor();
  await page.getByTestId("id-check").scrollIntoViewIfNeeded();
  await screenshot(page, "numbers-id-check");
  await page.close();
});

test("numbers in the dark theme", async () => {
  const page = await openApp("dark");
  await page.goto(`${URL}#/token`);
  await page.getByTestId("token-use-sample").click();
  await page.getByTestId("token-save").click();
  await page.locator('[data-testid="token-card"][data-valid="true"]').waitFor();
  await page.getByRole("link", { name: "Numbers", exact: true }).click();
  await page.getByTestId("theme-toggle").click();
  await page.getByTestId("theme-dark").click();
  await page.locator('[data-testid="number-health"][data-status="PENDING"]').waitFor();
  await page.getByTestId("register-budget").getByText("0 of 10").waitFor();
  await screenshot(page, "numbers-dark");
  await page.close();
});
