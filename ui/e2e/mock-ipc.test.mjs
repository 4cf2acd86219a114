// Light end-to-end test: the built app in Chromium with mockIPC and the fake backend, driven by playwright-core.
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
  assert.match(await page.getByTestId("checklist-progress").innerText(), /0 of 11\s+steps pass/);
  await screenshot(page, "checklist-no-token");

  await page.getByRole("link", { name: "Token", exact: true }).click();
  const sample = await page.locator(".callout code").innerText();
  await page.getByTestId("token-input").fill(sample);
  await page.getByTestId("token-save").click();
  await page.locator('[data-testid="token-card"][data-valid="true"]').waitFor();
  assert.equal(await page.getByTestId("token-input").inputValue(), "");
  await screenshot(page, "token");

  await page.getByRole("link", { name: "Checklist", exact: true }).click();
  for (const id of ["metaApp", "systemUser", "token"]) await step(page, id, "pass").waitFor();
  assert.match(await page.getByTestId("checklist-progress").innerText(), /3 of 11\s+steps pass/);
  await screenshot(page, "checklist-light");
  await page.close();
});

test("a wrong token is stored but rejected with Meta's 190, shown in the card", async () => {
  const page = await openApp();
  await page.goto(`${URL}#/token`);
  await page.getByTestId("token-input").fill("EAAnot-a-real-token");
  await page.getByTestId("token-input").press("Enter");
  const card = page.locator('[data-testid="token-card"][data-valid="false"]');
  await card.waitFor();
  assert.match(await card.getByTestId("error-card").innerText(), /Invalid OAuth access token/);
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
