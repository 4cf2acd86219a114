// The real-window tests' driver: starts the built app (Rust core, SQLite, OS keychain, embedded
// sandbox) through tauri-driver + WebKitWebDriver, each on an empty data folder of its own, and the
// steps the tests share (navigation, forms, the window's own IPC, the embedded sandbox's control
// API). Every app it started is stopped after the test file.
import { after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { tmpdir } from "node:os";
import path from "node:path";
import { remote } from "webdriverio";

export const APP = path.resolve(process.env.TAURI_APP ?? "../target/debug/waba-console");
export const SAMPLE_TOKEN = "EAAWsandboxTokenForWabaConsoleTestsOnly";
/** The embedded sandbox's control secret (X-Sandbox-Secret) for the apps these tests start; a test value, not a credential. */
export const CONTROL_SECRET = `e2e-control-${process.pid}`;
export const SHOTS = path.resolve("test-results");
mkdirSync(SHOTS, { recursive: true });

let port = 4444 + Math.floor(Math.random() * 500);
const running = [];
/** Every app openApp started, by its browser, also after it was closed (for dataDirOf and outputOf). */
const sessions = new WeakMap();

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

/**
 * Starts tauri-driver (and through it the app) with an empty data folder and `env`. With `captureOutput`, the app's
 * standard output and error (which WebKitWebDriver would send to /dev/null) go to files, through a launcher that execs
 * the app with them, and the drivers' are kept too, for `outputOf`.
 */
export async function openApp(env = {}, { captureOutput = false } = {}) {
  port += 1;
  const dataDir = mkdtempSync(path.join(tmpdir(), "waba-e2e-"));
  // Each driver gets its own WebKitWebDriver port too, so a previous one still exiting never collides.
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1000)], {
    stdio: ["ignore", captureOutput ? "pipe" : "inherit", captureOutput ? "pipe" : "inherit"],
    env: { ...process.env, WABA_DATA_DIR: dataDir, WABA_SIM_CONTROL_SECRET: CONTROL_SECRET, ...env },
  });
  const output = { stdout: [], stderr: [], closed: null, dir: null };
  let application = APP;
  if (captureOutput) {
    output.dir = mkdtempSync(path.join(tmpdir(), "waba-e2e-stdio-"));
    application = path.join(output.dir, "launch");
    const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
    const out = (name) => quote(path.join(output.dir, name));
    writeFileSync(application, `#!/bin/sh\nexec ${quote(APP)} "$@" >${out("app.stdout")} 2>${out("app.stderr")}\n`, { mode: 0o755 });
    // Still shown as with inherited output, and kept; `closed` once every process holding the pipes is gone.
    for (const stream of ["stdout", "stderr"]) {
      driver[stream].on("data", (chunk) => {
        output[stream].push(chunk);
        process[stream].write(chunk);
      });
    }
    output.closed = new Promise((resolve) => driver.once("close", resolve));
  }
  await waitHttp(`http://127.0.0.1:${port}/status`);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application }, "wdio:enforceWebDriverClassic": true },
  });
  const session = { driver, browser, dataDir, output: captureOutput ? output : null };
  running.push(session);
  sessions.set(browser, session);
  return browser;
}

/** The data folder (WABA_DATA_DIR) the app of `browser` was started with; still known after `close`. */
export function dataDirOf(browser) {
  const session = sessions.get(browser);
  assert.ok(session, "an app started by openApp");
  return session.dataDir;
}

/**
 * What the app of `browser` (`app.stdout`, `app.stderr`: the files its output goes to) and its drivers printed so far
 * (after `close`, all of it); only for an app opened with `captureOutput`.
 */
export function outputOf(browser) {
  const output = sessions.get(browser)?.output;
  assert.ok(output, "an app started by openApp with captureOutput");
  const file = (name) => path.join(output.dir, name);
  return {
    app: { stdout: file("app.stdout"), stderr: file("app.stderr") },
    appStdout: existsSync(file("app.stdout")) ? readFileSync(file("app.stdout")) : Buffer.alloc(0),
    appStderr: existsSync(file("app.stderr")) ? readFileSync(file("app.stderr")) : Buffer.alloc(0),
    driverStdout: Buffer.concat(output.stdout),
    driverStderr: Buffer.concat(output.stderr),
  };
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
  // Captured output is complete once the pipes close (the app's web processes hold them until they exit).
  if (session.output) await Promise.race([session.output.closed, new Promise((r) => setTimeout(r, 10000).unref())]);
}

export async function close(browser) {
  const i = running.findIndex((s) => s.browser === browser);
  if (i >= 0) await stop(running.splice(i, 1)[0]);
}

after(async () => {
  for (const s of running.splice(0)) await stop(s);
});

export async function stepState(browser, id) {
  const step = await browser.$(`[data-testid="step-${id}"]`);
  await step.waitForExist({ timeout: 20000 });
  return step.getAttribute("data-state");
}

export async function waitStepState(browser, id, state) {
  await browser.waitUntil(async () => (await stepState(browser, id)) === state, {
    timeout: 20000,
    timeoutMsg: `step ${id} never became ${state}`,
  });
}

export async function goTo(browser, label) {
  const link = await browser.$(`//nav//a[normalize-space()="${label}"]`);
  await link.waitForClickable({ timeout: 10000 });
  await link.click();
}

export async function pasteToken(browser, token) {
  const input = await browser.$('[data-testid="token-input"]');
  await input.waitForExist({ timeout: 15000 });
  await input.setValue(token);
  await (await browser.$('[data-testid="token-save"]')).click();
  const card = await browser.$('[data-testid="token-card"]');
  await card.waitForExist({ timeout: 20000 });
  return card;
}

export async function fill(browser, testid, value) {
  const input = await browser.$(`[data-testid="${testid}"]`);
  await input.waitForExist({ timeout: 15000 });
  await input.setValue(value);
}

export async function click(browser, testid) {
  const el = await browser.$(`[data-testid="${testid}"]`);
  await el.waitForClickable({ timeout: 15000 });
  await el.click();
}

/** What an IPC command answers in the window (the app's own invoke, as the UI calls it). */
export async function invokeInWindow(browser, command, args = {}) {
  const answer = await browser.executeAsync((cmd, a, done) => {
    window.__TAURI_INTERNALS__.invoke(cmd, a).then((value) => done({ value }), (error) => done({ error }));
  }, command, args);
  if ("error" in answer) throw new Error(`${command} failed: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

/** POSTs to the embedded sandbox's control API (its base URL from sandbox_info, the secret the app was started with). */
export async function sandboxControl(browser, route, body) {
  const { baseUrl } = await invokeInWindow(browser, "sandbox_info");
  assert.ok(baseUrl, "the embedded sandbox is running");
  const response = await fetch(new URL(route, baseUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Sandbox-Secret": CONTROL_SECRET },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `${route}: ${text}`);
  return JSON.parse(text);
}

/** The fresh number's path up to a sent registration: ownership code, PIN, then register with the sandbox provisioning for `delaySeconds`. */
export async function sendRegistration(browser, { delaySeconds }) {
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
  // Sandbox time, not wall time: the number stays PENDING until the test moves the sandbox's clock past it.
  await sandboxControl(browser, "/__sandbox/provisioning", { delaySeconds });
  await fill(browser, "register-pin", "024680");
  await click(browser, "register-submit");
  const card = await browser.$('[data-testid="register-card"]');
  await browser.waitUntil(async () => ["progress", "done"].includes(await card.getAttribute("data-phase")), {
    timeout: 20000,
    timeoutMsg: `the registration was not sent: ${await card.getText().catch(() => "(no register card)")}`,
  });
  return panel;
}

/** The web view errors the app recorded (uncaught, unhandled rejections, caught by a page's error boundary). */
export async function webviewErrors(browser) {
  return browser.execute(() => window.__wabaWebviewErrors ?? null);
}

/** Whether the page's heading reads `pattern`; a heading replaced while it is read counts as not yet. */
export async function headingMatches(browser, pattern) {
  try {
    const text = await browser.execute(() => document.querySelector("main h1")?.textContent ?? null);
    return text !== null && pattern.test(text.trim());
  } catch {
    return false;
  }
}

/** Sets a text field's value as a paste would (one input event), for text with characters WebDriver would type slowly. */
export async function paste(browser, testid, text) {
  const el = await browser.$(`[data-testid="${testid}"]`);
  await el.waitForExist({ timeout: 15000 });
  await browser.execute((node, value) => {
    const proto = node instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value").set.call(node, value);
    node.dispatchEvent(new Event("input", { bubbles: true }));
  }, el, text);
}

/** The linter's findings the editor shows, as rule ids. */
export async function findingRules(browser) {
  return browser.$$('[data-testid="finding"]').map((f) => f.getAttribute("data-rule"));
}

/** On the Webhooks page: stores the sandbox's public test app secret. */
export async function storeSandboxAppSecret(browser) {
  await click(browser, "app-secret-use-sample");
  await click(browser, "app-secret-save");
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="app-secret-state"]')).getAttribute("data-stored")) === "true", {
    timeout: 15000,
    timeoutMsg: "the app secret never read as stored",
  });
}

/** On the Webhooks page: starts the receiver on a free port with the tests' verify token. */
export async function startReceiver(browser) {
  // As a paste would (one input event): WebDriver's clear does not reach React's state of a filled field.
  await paste(browser, "receiver-port", "0");
  await paste(browser, "receiver-verify-token", "e2e-verify-token");
  await click(browser, "receiver-start");
  await (await browser.$('[data-testid="receiver-state"][data-running="true"]')).waitForExist({
    timeout: 15000,
    timeoutMsg: `the receiver never started: ${await (await browser.$('[data-testid="receiver-state"]')).getText().catch(() => "(no receiver state)")}`,
  });
}

/** On the Webhooks page: the WABA's override set to the running receiver (verified by the sandbox's GET challenge). */
export async function routeWabaToReceiver(browser) {
  await click(browser, "override-use-receiver");
  await paste(browser, "override-waba-verify-token", "e2e-verify-token");
  await click(browser, "override-waba-save");
  await (await browser.$('[data-testid="routing-level-waba"][data-winner="true"]')).waitForExist({
    timeout: 20000,
    timeoutMsg: "the WABA override never became the winning callback",
  });
}

/** Picks `label` in the Radix select `testid` (its trigger, then the option as a user clicks it). */
export async function pick(browser, testid, label) {
  await click(browser, testid);
  const option = await browser.$(`//*[@role="option"][contains(normalize-space(), "${label}")]`);
  await option.waitForClickable({ timeout: 15000, timeoutMsg: `${testid}: no option ${label}` });
  await option.click();
}

/** Waits until the log's newest message reads one of `statuses`. */
export async function waitNewestStatus(browser, ...statuses) {
  let seen = null;
  try {
    await browser.waitUntil(
      async () => {
        seen = await browser.execute(() => document.querySelector('[data-testid="message-row"]')?.getAttribute("data-status") ?? null);
        return statuses.includes(seen);
      },
      { timeout: 60000 },
    );
  } catch {
    throw new Error(`the newest message never read ${statuses.join(" or ")}: it reads ${seen}`);
  }
}

/** A valid opaque RGB PNG of `size`×`size`, one colour (real CRCs and zlib data, so WebKit decodes it). */
export function solidPng(size, [r, g, b]) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = table[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const check = Buffer.alloc(4);
    check.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, check]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}
