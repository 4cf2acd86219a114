// Real-window tests: the built app (Rust core, SQLite, OS keychain, embedded sandbox) driven
// through tauri-driver + WebKitWebDriver. Run by scripts/test under Xvfb and a private Secret
// Service; each test starts the app on an empty data folder of its own.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { remote } from "webdriverio";

const APP = path.resolve(process.env.TAURI_APP ?? "../target/debug/waba-console");
const SAMPLE_TOKEN = "EAAWsandboxTokenForWabaConsoleTestsOnly";
const SHOTS = path.resolve("test-results");
mkdirSync(SHOTS, { recursive: true });

let port = 4444 + Math.floor(Math.random() * 500);
const running = [];

async function waitHttp(url, ms = 20000) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tauri-driver did not come up at ${url}`);
}

/** Starts tauri-driver (and through it the app) with an empty data folder and `env`. */
async function openApp(env = {}) {
  port += 1;
  const dataDir = mkdtempSync(path.join(tmpdir(), "waba-e2e-"));
  // Each driver gets its own WebKitWebDriver port too, so a previous one still exiting never collides.
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1000)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, WABA_DATA_DIR: dataDir, ...env },
  });
  await waitHttp(`http://127.0.0.1:${port}/status`);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: APP }, "wdio:enforceWebDriverClassic": true },
  });
  const session = { driver, browser };
  running.push(session);
  return browser;
}

/** Whether an instance of the app is still running (zombies have no command line, so don't count). */
function appRunning() {
  return spawnSync("pgrep", ["-f", APP]).status === 0;
}

async function stop(session) {
  await session.browser.deleteSession().catch(() => {});
  const exited = new Promise((resolve) => session.driver.once("exit", resolve));
  session.driver.kill();
  await exited;
  // The app is single-instance: the next test's app would hand over to a lingering one and exit.
  for (let waited = 0; appRunning() && waited < 10000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (appRunning()) spawnSync("pkill", ["-f", APP]);
}

async function close(browser) {
  const i = running.findIndex((s) => s.browser === browser);
  if (i >= 0) await stop(running.splice(i, 1)[0]);
}

after(async () => {
  for (const s of running.splice(0)) await stop(s);
});

async function stepState(browser, id) {
  const step = await browser.$(`[data-testid="step-${id}"]`);
  await step.waitForExist({ timeout: 20000 });
  return step.getAttribute("data-state");
}

async function waitStepState(browser, id, state) {
  await browser.waitUntil(async () => (await stepState(browser, id)) === state, {
    timeout: 20000,
    timeoutMsg: `step ${id} never became ${state}`,
  });
}

async function goTo(browser, label) {
  const link = await browser.$(`//nav//a[normalize-space()="${label}"]`);
  await link.waitForClickable({ timeout: 10000 });
  await link.click();
}

async function pasteToken(browser, token) {
  const input = await browser.$('[data-testid="token-input"]');
  await input.waitForExist({ timeout: 15000 });
  await input.setValue(token);
  await (await browser.$('[data-testid="token-save"]')).click();
  const card = await browser.$('[data-testid="token-card"]');
  await card.waitForExist({ timeout: 20000 });
  return card;
}

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
  assert.match(await (await browser.$('[data-testid="checklist-progress"]')).getText(), /11 of 12/, "with the healthy scenario everything but the test message passes");
  await browser.saveScreenshot(path.join(SHOTS, "app-checklist-token-passed.png"));
});

test("expired-token scenario: the failure and its fix", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "expired-token" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  const card = await pasteToken(browser, SAMPLE_TOKEN);
  await browser.waitUntil(async () => /expired/i.test(await card.getText()), { timeout: 10000 });
  assert.match(await card.getText(), /expiry to Never/);

  await goTo(browser, "Checklist");
  await waitStepState(browser, "token", "fail");
  const step = await browser.$('[data-testid="step-token"]');
  assert.match(await step.getText(), /The token has expired\./);
  assert.match(await step.getText(), /Generate token/);
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

async function fill(browser, testid, value) {
  const input = await browser.$(`[data-testid="${testid}"]`);
  await input.waitForExist({ timeout: 15000 });
  await input.setValue(value);
}

async function click(browser, testid) {
  const el = await browser.$(`[data-testid="${testid}"]`);
  await el.waitForClickable({ timeout: 15000 });
  await el.click();
}

test("numbers: the fresh number goes from not registered to CONNECTED through the window", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "fresh" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);
  await goTo(browser, "Numbers");
  const panel = await browser.$('[data-testid="number-health"]');
  await panel.waitForExist({ timeout: 20000 });
  assert.equal(await panel.getAttribute("data-status"), "PENDING");

  await click(browser, "request-code");
  await fill(browser, "verify-code-input", "123456");
  await click(browser, "verify-code");
  await fill(browser, "pin-input", "024680");
  await click(browser, "set-pin");
  await browser.waitUntil(async () => /0 of 10/.test(await (await browser.$('[data-testid="register-budget"]')).getText()), {
    timeout: 15000,
    timeoutMsg: "the register budget is not shown",
  });
  await fill(browser, "register-pin", "024680");
  await click(browser, "register-submit");
  await (await browser.$('[data-testid="register-progress"]')).waitForExist({ timeout: 15000 });
  await browser.saveScreenshot(path.join(SHOTS, "app-register-progress.png"));
  await (await browser.$('[data-testid="register-done"]')).waitForExist({ timeout: 60000 });
  await browser.waitUntil(async () => (await panel.getAttribute("data-status")) === "CONNECTED", { timeout: 20000 });
  await browser.pause(300);
  await browser.saveScreenshot(path.join(SHOTS, "app-numbers-connected.png"));

  await goTo(browser, "Checklist");
  for (const id of ["numberInWaba", "ownershipVerified", "twoStepPin", "registered", "canSend"]) await waitStepState(browser, id, "pass");
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
