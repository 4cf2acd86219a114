// No secret leaks from the window, the real-window half of the canary test (the terminal's half is
// crates/waba-cli/tests/canary.rs): a canary token and a canary app secret, made fresh for this run and accepted by the
// embedded sandbox like its own samples (WABA_SIM_EXTRA_TOKENS, WABA_SIM_APP_SECRET), go through a whole scripted
// session of the built app driven through its window (a refused canary token, then the canary token and its checks, the
// checklist, the doctor and its exports, the number registered with a PIN, a template linted and submitted, the webhook
// receiver checking the sandbox's webhooks signed with the canary app secret, a test send and its statuses, the
// business profile, the audit log and its exports, a few "copy as curl" commands). Every IPC message crossing the
// window's boundary is recorded in the page (its fetches to the ipc: protocol with their answers, every callback answer
// or event, the clipboard's writes), and the page's text and HTML are kept after each step. Then every file of the
// app's folders (the data folder with the SQLite database and its -wal and -shm, the log and the web view's storage and
// cache under the app's own XDG folders, the export folder; each read while the app runs and after it exits), the app's
// standard output and error, the pages and every IPC message (the two requests that hand a secret in on purpose,
// set_token and set_app_secret, without that field) are searched as raw bytes for each canary, its URL-encoded form,
// its UTF-16 and its base64 (standard and URL-safe, at every alignment); a hit names where. Run under
// scripts/with-test-keychain and Xvfb.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  APP,
  SHOTS,
  openApp,
  close,
  dataDirOf,
  outputOf,
  goTo,
  fill,
  click,
  paste,
  invokeInWindow,
  sandboxControl,
  sendRegistration,
  waitStepState,
  webviewErrors,
  findingRules,
  startReceiver,
  routeWabaToReceiver,
  pick,
  waitNewestStatus,
} from "./window.mjs";

const READER = "16505551234";
const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `n` random letters and digits. */
function randomBase62(n) {
  return [...randomBytes(n)].map((b) => BASE62[b % 62]).join("");
}

/** This run's secrets: a token and an app secret the sandbox accepts, and a token it refuses (never to be quoted either). */
function makeCanaries() {
  return {
    token: `EAAJ${randomBase62(160)}`,
    refusedToken: `EAAJ${randomBase62(120)}`,
    appSecret: randomBytes(16).toString("hex"),
  };
}

function allCanaries(canaries) {
  return [
    ["the canary token", canaries.token],
    ["the refused canary token", canaries.refusedToken],
    ["the canary app secret", canaries.appSecret],
  ];
}

/** Base64 of `bytes`' whole 3-byte groups (what follows the last group cannot change them). */
function base64Groups(bytes, urlSafe) {
  const whole = bytes.subarray(0, bytes.length - (bytes.length % 3));
  return whole.toString(urlSafe ? "base64url" : "base64");
}

/**
 * Every form a secret could be written in, as bytes: as is, URL-encoded, UTF-16 (as the web view stores text; either byte order, the secret being ASCII), and its base64
 * in either alphabet at each of the three alignments it can have inside a longer encoded text (the characters that also
 * depend on the neighbouring bytes left out).
 */
function forms(secret) {
  const found = [["raw", Buffer.from(secret)]];
  const encoded = [...Buffer.from(secret)].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("");
  if (encoded !== secret) found.push(["URL-encoded", Buffer.from(encoded)]);
  found.push(["UTF-16", Buffer.from(secret, "utf16le")]);
  for (const [name, urlSafe] of [["base64", false], ["URL-safe base64", true]]) {
    for (const [offset, skip] of [[0, 0], [1, 2], [2, 3]]) {
      const text = base64Groups(Buffer.concat([Buffer.alloc(offset), Buffer.from(secret)]), urlSafe);
      found.push([`${name} at offset ${offset}`, Buffer.from(text.slice(skip))]);
    }
  }
  return found;
}

/** Which secret, in which form, `haystack` (bytes) contains. */
function leaks(canaries, haystack) {
  const found = [];
  for (const [what, secret] of allCanaries(canaries)) {
    for (const [form, needle] of forms(secret)) if (haystack.includes(needle)) found.push(`${what} (${form})`);
  }
  return found;
}

/** Every file under `dir`, recursively (symbolic links not followed: what they point to is in the folder too). */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(file);
    return entry.isFile() ? [file] : [];
  });
}

/** The bytes of every file under `dirs` now, each named `${file} (${when})`; a file that vanished while read is skipped. */
function readAll(dirs, when) {
  const read = [];
  for (const file of dirs.flatMap(filesUnder)) {
    try {
      read.push([`${file} (${when})`, readFileSync(file)]);
    } catch (e) {
      if (e.code !== "ENOENT") throw e;
    }
  }
  return read;
}

/**
 * Installs the IPC recorder in the page: every fetch to the ipc: protocol (what @tauri-apps/api's invoke sends, and the
 * channel data it fetches) with its request body and its answer, every answer or event the backend hands to a callback
 * (the Map `__TAURI_INTERNALS__.callbacks` is the one its registerCallback fills), every postMessage of the fallback
 * path, and every text written to the clipboard. `__TAURI_INTERNALS__` and its invoke are frozen (non-writable, not
 * configurable), so the recorder wraps what they call instead. Each record: { kind, cmd, callback, text | base64 }.
 */
async function installIpcRecorder(browser) {
  const installed = await browser.execute(() => {
    if (window.__canaryIpc) return "already";
    const log = [];
    let pending = 0;
    window.__canaryIpc = log;
    window.__canaryIpcPending = () => pending;
    const bytesToBase64 = (buffer) => {
      const bytes = new Uint8Array(buffer);
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    const body = (value) => {
      if (value === undefined || value === null) return { text: "" };
      if (typeof value === "string") return { text: value };
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return { base64: bytesToBase64(value instanceof ArrayBuffer ? value : value.buffer) };
      try {
        return { text: JSON.stringify(value) ?? String(value) };
      } catch {
        return { text: String(value) };
      }
    };
    const realFetch = window.fetch;
    window.fetch = function (input, init) {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.startsWith("ipc:") && !url.startsWith("http://ipc.localhost")) return realFetch.call(this, input, init);
      const cmd = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
      const headers = new Headers(init?.headers ?? {});
      const callback = headers.get("Tauri-Callback");
      log.push({ kind: "request", cmd, callback, ...body(init?.body) });
      const answer = realFetch.call(this, input, init);
      pending += 1;
      answer
        .then((response) => response.clone().arrayBuffer().then((buffer) => log.push({ kind: "response", cmd, callback, ok: response.headers.get("Tauri-Response") === "ok", base64: bytesToBase64(buffer) })))
        .catch((e) => log.push({ kind: "response-failed", cmd, callback, text: String(e) }))
        .finally(() => {
          pending -= 1;
        });
      return answer;
    };
    const callbacks = window.__TAURI_INTERNALS__.callbacks;
    const realSet = callbacks.set;
    Object.defineProperty(callbacks, "set", {
      configurable: true,
      value(id, fn) {
        return realSet.call(this, id, (data) => {
          log.push({ kind: "callback", cmd: null, callback: String(id), ...body(data) });
          return fn(data);
        });
      },
    });
    const handler = window.webkit?.messageHandlers?.ipc;
    if (handler) {
      const realPost = handler.postMessage;
      Object.defineProperty(handler, "postMessage", {
        configurable: true,
        value(message) {
          log.push({ kind: "postMessage", cmd: null, callback: null, ...body(message) });
          return realPost.call(this, message);
        },
      });
    }
    if (navigator.clipboard) {
      const realWrite = navigator.clipboard.writeText;
      Object.defineProperty(navigator.clipboard, "writeText", {
        configurable: true,
        value(text) {
          log.push({ kind: "clipboard", cmd: null, callback: null, text: String(text) });
          return realWrite.call(this, text);
        },
      });
    }
    return "installed";
  });
  assert.equal(installed, "installed");
}

/** What the recorder holds so far, taken out of the page; fails if the page lost it (a reload would miss messages). */
async function takeIpc(browser, { settle = false } = {}) {
  if (settle) {
    await browser.waitUntil(() => browser.execute(() => (window.__canaryIpcPending ? window.__canaryIpcPending() === 0 : true)), {
      timeout: 30000,
      timeoutMsg: "IPC answers are still being read",
    });
  }
  const records = await browser.execute(() => (window.__canaryIpc ? window.__canaryIpc.splice(0) : null));
  assert.ok(records, "the IPC recorder is still in the page (it was not reloaded)");
  return records;
}

function recordBytes(record) {
  return record.base64 !== undefined ? Buffer.from(record.base64, "base64") : Buffer.from(record.text ?? "", "utf8");
}

function recordJson(record) {
  try {
    return JSON.parse(recordBytes(record).toString("utf8"));
  } catch {
    return undefined;
  }
}

test("the finder sees each form of a secret anywhere in a text", () => {
  const canaries = makeCanaries();
  assert.deepEqual(leaks(canaries, Buffer.from("nothing secret here")), []);
  for (const offset of [0, 1, 2]) {
    const text = Buffer.concat([Buffer.from("xyz".slice(0, offset)), Buffer.from(canaries.appSecret), Buffer.from("tail")]);
    for (const urlSafe of [false, true]) {
      const embedded = `Basic ${base64Groups(text, urlSafe)}==`;
      assert.notDeepEqual(leaks(canaries, Buffer.from(embedded)), [], `offset ${offset}: ${embedded}`);
    }
  }
  const query = `access_token=634974688087057%7C${canaries.appSecret}&x=1`;
  assert.deepEqual(leaks(canaries, Buffer.from(query)), ["the canary app secret (raw)"]);
  assert.ok(leaks(canaries, Buffer.from(JSON.stringify({ token: canaries.refusedToken }))).some((l) => l.startsWith("the refused canary token")));
  assert.deepEqual(leaks(canaries, Buffer.from(`k\0${canaries.token}`, "utf16le")), ["the canary token (UTF-16)"]);
});

test("a canary token and app secret appear in no IPC message, page, output or file of a whole window session", async (t) => {
  const canaries = makeCanaries();
  // The app's own folders: data (WABA_DATA_DIR), exports, and the XDG folders where its log and the web view's
  // storage and cache go, all of this run's, so everything in them is this session's.
  const root = mkdtempSync(path.join(tmpdir(), "waba-canary-"));
  const exportDir = path.join(root, "exports");
  const xdg = { XDG_DATA_HOME: path.join(root, "xdg-data"), XDG_CACHE_HOME: path.join(root, "xdg-cache"), XDG_CONFIG_HOME: path.join(root, "xdg-config") };
  for (const dir of [exportDir, ...Object.values(xdg)]) mkdirSync(dir, { recursive: true });
  const browser = await openApp(
    {
      WABA_SANDBOX_SCENARIO: "fresh",
      WABA_SIM_EXTRA_TOKENS: canaries.token,
      WABA_SIM_APP_SECRET: canaries.appSecret,
      WABA_EXPORT_DIR: exportDir,
      ...xdg,
    },
    { captureOutput: true },
  );
  t.after(() => close(browser));
  const dataDir = dataDirOf(browser);
  const folders = [dataDir, exportDir, ...Object.values(xdg)];

  // The recorder goes in as soon as the page is up; what the page asked before that is asked again at the end.
  await (await browser.$('[data-testid="profile-switcher"]')).waitForExist({ timeout: 30000 });
  await installIpcRecorder(browser);
  const ipc = [];
  // At each step, the recorder's messages and the page as it then stands (its text and HTML).
  const pages = [];
  const take = async (step, options) => {
    ipc.push(...(await takeIpc(browser, options)));
    pages.push([step, await browser.execute(() => ({ text: document.body.innerText, html: document.documentElement.outerHTML }))]);
  };
  const { activeId } = await invokeInWindow(browser, "list_profiles");

  // The refused token first: Meta (the sandbox) does not know it, it is not stored.
  await goTo(browser, "Token");
  await paste(browser, "token-input", canaries.refusedToken);
  await click(browser, "token-save");
  await (await browser.$('[data-testid="token-not-stored"]')).waitForExist({ timeout: 30000, timeoutMsg: "the refused canary token was not refused" });
  // Then the canary token, as pasted: checked with the sandbox, stored, gone from the form.
  await paste(browser, "token-input", canaries.token);
  await click(browser, "token-save");
  await (await browser.$('[data-testid="token-card"][data-valid="true"]')).waitForExist({ timeout: 30000, timeoutMsg: "the canary token was not accepted" });
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="token-input"]')).getValue()) === "", {
    timeout: 15000,
    timeoutMsg: "the token stayed in the form once saved",
  });
  await take("token");

  // The checklist's token steps pass with it (a live check with the canary token).
  await goTo(browser, "Checklist");
  for (const id of ["metaApp", "systemUser", "token"]) await waitStepState(browser, id, "pass");

  // The doctor on the fresh number (its failing checks with their fixes), a read's curl, and both exports.
  await goTo(browser, "Doctor");
  await click(browser, "doctor-run");
  await (await browser.$('[data-testid="doctor-summary"]')).waitForExist({ timeout: 60000 });
  assert.equal(await (await browser.$('[data-testid="check-tokenValid"]')).getAttribute("data-state"), "pass", "the doctor's token check passed");
  await copyCurl(browser, '[data-testid^="copy-curl-"][data-testid$="-copy"]');
  await exportBoth(browser, exportDir, "doctor (fresh number)");
  await take("doctor");

  // The number: ownership code, PIN, registration (the sandbox provisions it at once), then CONNECTED.
  const panel = await sendRegistration(browser, { delaySeconds: 0 });
  await (await browser.$('[data-testid="register-done"]')).waitForExist({ timeout: 60000, timeoutMsg: "the registration never finished" });
  await browser.waitUntil(async () => (await panel.getAttribute("data-status")) === "CONNECTED", { timeout: 30000, timeoutMsg: "the number never read CONNECTED" });
  await take("numbers");

  // Templates: a draft linted as typed, fixed, its create call as curl, submitted, approved on the sandbox clock.
  await goTo(browser, "Templates");
  await (await browser.$('[data-testid^="template-row-"]')).waitForExist({ timeout: 30000 });
  await (await browser.$("a*=New template")).click();
  await fill(browser, "template-name", "canary_pickup");
  await paste(browser, "template-body", "{{1}}, your order is ready for pickup.");
  await browser.waitUntil(async () => (await findingRules(browser)).includes("variable-at-edge"), { timeout: 30000, timeoutMsg: "the linter never ran on the draft" });
  await paste(browser, "template-body", "Hi {{1}}, your order is ready for pickup at the front desk.");
  await fill(browser, "template-body-example-1", "Maria");
  const submit = await browser.$('[data-testid="template-submit"]');
  await browser.waitUntil(async () => (await findingRules(browser)).length === 0 && (await submit.isEnabled()), {
    timeout: 30000,
    timeoutMsg: `the draft never linted clean: ${JSON.stringify(await findingRules(browser))}`,
  });
  await copyCurl(browser, '[data-testid="copy-curl-create-template-copy"]');
  await submit.click();
  const detail = await browser.$('[data-testid="template-detail"]');
  await detail.waitForExist({ timeout: 30000, timeoutMsg: "the template was not created" });
  await sandboxControl(browser, "/__sandbox/clock/advance", { seconds: 120 });
  await browser.waitUntil(async () => (await detail.getAttribute("data-status")) === "APPROVED", { timeout: 90000, timeoutMsg: "the template never turned APPROVED" });
  await take("templates");

  // Webhooks: the WABA subscribed (its curl copied first), the canary app secret pasted and stored, the receiver
  // started, the console's signed test event stored, the app's callback and the WABA's override set to the receiver
  // (which reads and writes the app's configuration with the app access token built from the canary app secret).
  await goTo(browser, "Webhooks");
  const subscription = await browser.$('[data-testid="subscription-state"]');
  await browser.waitUntil(async () => (await subscription.getAttribute("data-subscribed")) === "false", { timeout: 30000, timeoutMsg: "the subscription state never showed" });
  await copyCurl(browser, '[data-testid="copy-curl-subscribe-copy"]');
  await click(browser, "subscribe-button");
  await browser.waitUntil(async () => (await subscription.getAttribute("data-subscribed")) === "true", { timeout: 30000, timeoutMsg: "the WABA never read as subscribed" });
  await paste(browser, "app-secret-input", canaries.appSecret);
  await click(browser, "app-secret-save");
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="app-secret-state"]')).getAttribute("data-stored")) === "true", {
    timeout: 30000,
    timeoutMsg: "the canary app secret never read as stored",
  });
  await (await browser.$('[data-testid="app-secret-saved"]')).waitForExist({ timeout: 15000 });
  assert.equal(await (await browser.$('[data-testid="app-secret-input"]')).getValue(), "", "the app secret leaves the form once saved");
  await startReceiver(browser);
  await click(browser, "send-test-event");
  await (await browser.$('[data-testid="event-row"][data-kind="status.sent"]')).waitForExist({ timeout: 30000, timeoutMsg: "the signed test event never reached the feed" });
  await click(browser, "app-webhook-use-receiver");
  await paste(browser, "app-webhook-verify-token", "e2e-verify-token");
  await click(browser, "app-webhook-save");
  await (await browser.$('[data-testid="routing-level-app"][data-winner="true"]')).waitForExist({
    timeout: 30000,
    timeoutMsg: "the app's callback (set with the canary app secret's app token) never became the winning callback",
  });
  await routeWabaToReceiver(browser);
  // A customer's message, signed by the sandbox with the canary app secret: stored only if the receiver checks it so.
  const inbound = await sandboxControl(browser, "/__sandbox/webhooks/inbound", { from: READER, text: "Canary session, is my order ready?" });
  assert.equal(inbound.sent, true, `the sandbox had nowhere to send it: ${JSON.stringify(inbound)}`);
  const inboundRow = await browser.$('[data-testid="event-row"][data-kind="message.text"]');
  await inboundRow.waitForExist({ timeout: 30000, timeoutMsg: "the sandbox's signed webhook never reached the feed" });
  await inboundRow.click();
  await click(browser, "event-raw-toggle");
  await browser.waitUntil(async () => /is my order ready\?/.test(await (await browser.$('[data-testid="event-raw"]')).getText()), { timeout: 15000, timeoutMsg: "the raw event is not shown" });
  await take("webhooks");

  // A send: the approved template to the reader (inside the window the customer just opened), then its statuses,
  // which arrive only as the sandbox's signed webhooks.
  await goTo(browser, "Send");
  await paste(browser, "send-to", READER);
  await (await browser.$('[data-testid="tracking"]')).waitForExist({ timeout: 30000 });
  await click(browser, "type-template");
  const sync = await browser.$('[data-testid="sync-templates"]');
  if (await sync.isExisting()) await sync.click();
  await pick(browser, "template-picker", "hello_world");
  await browser.waitUntil(async () => /hello_world/.test(await (await browser.$('[data-testid="request-json"]')).getText()), { timeout: 30000, timeoutMsg: "the request never showed the template" });
  await click(browser, "send-button");
  await (await browser.$('[data-testid="send-outcome"][data-status="accepted"]')).waitForExist({ timeout: 30000, timeoutMsg: "the template was not accepted" });
  await goTo(browser, "Messages");
  await waitNewestStatus(browser, "accepted", "sent", "delivered", "read");
  await sandboxControl(browser, "/__sandbox/clock/advance", { seconds: 5 });
  await waitNewestStatus(browser, "delivered", "read");
  await (await browser.$('[data-testid="message-row"]')).click();
  await (await browser.$('[data-testid="message-timeline"]')).waitForExist({ timeout: 30000 });
  await take("send and messages");

  // The business profile: a new about text, saved and read back from Meta.
  await goTo(browser, "Business profile");
  await (await browser.$('[data-testid="profile-about-input"]')).waitForExist({ timeout: 30000 });
  const about = "Canary plants, shipped in 48 h.";
  await paste(browser, "profile-about-input", about);
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="preview-about"]')).getText()).includes(about), { timeout: 30000, timeoutMsg: "the preview does not follow the typing" });
  await click(browser, "profile-save-button");
  await copyCurl(browser, '[data-testid="profile-copy-curl-copy"]');
  await click(browser, "confirm-save-button");
  await browser.waitUntil(async () => (await invokeInWindow(browser, "get_profile_page", { profileId: activeId })).profile.about === about, {
    timeout: 30000,
    timeoutMsg: "a fresh read does not have the saved about text",
  });
  await take("business profile");

  // The other pages, each read once, then the doctor on the connected number and its exports again, and the audit log
  // (its chain intact) and both of its exports.
  for (const [label, ready] of [
    ["Quality", '[data-testid="quality-chart"]'],
    ["API versions", '[data-testid="versions-profile"]'],
    ["Profiles", '[data-testid^="profile-row-"]'],
    ["Diagnose", '[data-testid="diagnose-input"]'],
    ["Checklist", '[data-testid="step-registered"][data-state="pass"]'],
  ]) {
    await goTo(browser, label);
    await (await browser.$(ready)).waitForExist({ timeout: 30000, timeoutMsg: `${label}: ${ready} never showed` });
  }
  await goTo(browser, "Doctor");
  await click(browser, "doctor-run");
  await (await browser.$('[data-testid="check-registered"][data-state="pass"]')).waitForExist({ timeout: 60000, timeoutMsg: "the doctor did not see the number registered" });
  await exportBoth(browser, exportDir, "doctor (connected number)");
  await goTo(browser, "Audit log");
  await (await browser.$('[data-testid="audit-verdict"][data-intact="true"]')).waitForExist({ timeout: 30000, timeoutMsg: "the audit chain is not intact" });
  await exportBoth(browser, exportDir, "audit log");

  // What the page asked before the recorder was in, asked again through it.
  for (const [command, args] of [
    ["app_info", {}],
    ["list_profiles", {}],
    ["sandbox_info", {}],
    ["get_checklist", { profileId: activeId }],
    ["app_secret_stored", { profileId: activeId }],
    ["local_receiver_status", {}],
    ["audit_log", { limit: 500 }],
    ["webhook_events", { filter: { wabaId: null, kind: null, kindPrefix: null, field: null, search: null, limit: 500 } }],
  ]) {
    await invokeInWindow(browser, command, args);
  }
  assert.deepEqual(await webviewErrors(browser), [], "web view errors");
  await browser.saveScreenshot(path.join(SHOTS, "canary-session-end.png"));

  // The page as it stands at the end, and the recorder's last messages.
  await take("audit log (the end)", { settle: true });

  // The app's standard output and error are the files captured here (so a leak there would be seen).
  const { app: appOutput } = outputOf(browser);
  // This session's app: the process running APP with this session's data folder.
  const appPid = spawnSync("pgrep", ["-f", APP], { encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean)
    .find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(`WABA_DATA_DIR=${dataDir}`);
      } catch {
        return false; // gone meanwhile
      }
    });
  assert.ok(appPid, "this session's app is running");
  assert.equal(readlinkSync(`/proc/${appPid}/fd/1`), appOutput.stdout, "the app's standard output is captured");
  assert.equal(readlinkSync(`/proc/${appPid}/fd/2`), appOutput.stderr, "the app's standard error is captured");

  const whileRunning = readAll(folders, "while the app ran");
  await close(browser);
  const afterExit = readAll(folders, "after the app exited");
  const output = outputOf(browser);

  // The session really ran with the canaries: the token was accepted and used for every Graph call the page made, the
  // app secret signed and checked the webhooks (asserted above as the flow went), and here: what the IPC says of it.
  const called = (cmd) => ipc.some((r) => r.kind === "request" && r.cmd === cmd);
  for (const cmd of ["set_token", "get_checklist", "run_doctor", "register_number", "create_template", "set_app_secret", "start_local_receiver", "send_message", "save_business_profile", "export_doctor", "export_audit", "describe_graph_call"]) {
    assert.ok(called(cmd), `the session called ${cmd}: ${[...new Set(ipc.map((r) => r.cmd))].join(", ")}`);
  }
  const tokenRequests = ipc.filter((r) => r.kind === "request" && r.cmd === "set_token");
  assert.ok(
    tokenRequests.some((r) => recordBytes(r).includes(canaries.token)),
    "the recorder saw the canary token go to set_token (so it sees what crosses the IPC)",
  );
  const sent = ipc.filter((r) => r.kind === "response" && r.cmd === "send_message" && r.ok).map(recordJson);
  assert.ok(
    sent.some((answer) => /^wamid\./.test(answer?.message?.wamid ?? "")),
    `the recorder saw the send answered with a wamid: ${JSON.stringify(sent).slice(0, 500)}`,
  );
  const events = eventsOf(ipc);
  assert.ok(events.has("message.text") && events.has("status.sent"), `the receiver stored signed webhooks: ${[...events].join(", ")}`);
  const exported = filesUnder(exportDir);
  assert.ok(exported.length >= 4, `the exports were written: ${exported.join(", ")}`);
  const searchedFiles = afterExit.map(([name]) => name);
  assert.ok(searchedFiles.some((name) => /\.db \(/.test(name)), `the database is searched: ${searchedFiles.filter((name) => !name.includes("mesa_shader_cache")).join("\n")}`);
  assert.ok(
    afterExit.some(([name, bytes]) => name.startsWith(xdg.XDG_DATA_HOME) && /\/logs\/waba-console\.[^/]*\.log \(/.test(name) && bytes.includes("WABA Console starting")),
    `the app's log is searched: ${searchedFiles.filter((name) => !name.includes("mesa_shader_cache")).join("\n")}`,
  );

  // The search: everything, but the two requests that hand a secret to the backend on purpose only without it.
  const carriesSecretIn = (r) => r.kind === "request" && (r.cmd === "set_token" || r.cmd === "set_app_secret");
  const searched = [
    ...whileRunning,
    ...afterExit,
    ["the app's standard output", output.appStdout],
    ["the app's standard error", output.appStderr],
    ["tauri-driver's and WebKitWebDriver's standard output", output.driverStdout],
    ["tauri-driver's and WebKitWebDriver's standard error", output.driverStderr],
    ...pages.flatMap(([step, page]) => [
      [`the page's text after the ${step} step (document.body.innerText)`, Buffer.from(page.text)],
      [`the page's HTML after the ${step} step (outerHTML)`, Buffer.from(page.html)],
    ]),
    ...ipc.flatMap((r, i) => (carriesSecretIn(r) ? [] : [[`IPC ${r.kind} #${i} ${r.cmd ?? `(callback ${r.callback})`}`, recordBytes(r)]])),
  ];
  // A set_token/set_app_secret request carries its secret in its own field and nothing else: searched without it.
  for (const r of ipc.filter(carriesSecretIn)) {
    const json = recordJson(r);
    assert.ok(json?.request, `${r.cmd}: a JSON request`);
    const rest = { ...json.request };
    delete rest.token;
    delete rest.appSecret;
    searched.push([`IPC request ${r.cmd} (its other fields)`, Buffer.from(JSON.stringify(rest))]);
  }
  const found = searched.flatMap(([name, bytes]) => leaks(canaries, bytes).map((leak) => `${leak} in ${name}`));
  assert.deepEqual(found, [], `secrets leaked:\n${found.join("\n")}`);
  const counts = new Map();
  for (const r of ipc) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const kinds = [...counts].map(([kind, n]) => `${n} ${kind}`);
  const commands = new Set(ipc.filter((r) => r.kind === "request").map((r) => r.cmd));
  t.diagnostic(`searched ${searched.length} sources (${afterExit.length} files after exit, ${ipc.length} IPC messages: ${kinds.join(", ")}; ${commands.size} commands) for 3 canaries in ${forms("x").length} forms each`);
  rmSync(root, { recursive: true, force: true });
});

/**
 * Clicks the first "copy as curl" button matching `selector` and waits until its command was copied (the feedback says
 * so) or shown in its dialog (no clipboard), whose own Close button then closes it.
 */
async function copyCurl(browser, selector) {
  const button = await browser.$(selector);
  await button.waitForClickable({ timeout: 30000, timeoutMsg: `no ${selector}` });
  const testId = (await button.getAttribute("data-testid")).replace(/-copy$/, "");
  await button.click();
  const shown = () =>
    browser.execute((id) => {
      const dialog = document.querySelector(`[data-testid="${id}-dialog"]`);
      if (dialog?.querySelector(`[data-testid="${id}-command"]`)) return "dialog";
      return document.querySelector(`[data-testid="${id}"] .copy-curl__feedback`)?.textContent ? "copied" : null;
    }, testId);
  await browser.waitUntil(async () => (await shown()) !== null, { timeout: 30000, timeoutMsg: `${testId}: the command was neither copied nor shown` });
  if ((await shown()) === "dialog") {
    const state = () => browser.execute((id) => document.querySelector(`[data-testid="${id}-dialog"]`)?.getAttribute("data-state") ?? "gone", testId);
    const closeButton = await browser.$(`[data-testid="${testId}-dialog"] .dialog__footer button:not(.btn--primary)`);
    await closeButton.waitForClickable({ timeout: 15000 });
    await closeButton.click();
    await browser.waitUntil(async () => ["gone", "closed"].includes(await state()), {
      timeout: 15000,
      timeoutMsg: `${testId}: the dialog did not close (${await state()})`,
    });
  }
}

/** Clicks each export button in sight and waits for its file in `exportDir`. */
async function exportBoth(browser, exportDir, what) {
  const buttons = await browser.$$('[data-testid^="export-"]:not([data-testid="export-saved"])');
  assert.ok(buttons.length >= 2, `${what}: its export buttons`);
  for (const button of buttons) {
    const before = filesUnder(exportDir).length;
    await button.waitForClickable({ timeout: 30000 });
    await button.click();
    await browser.waitUntil(async () => filesUnder(exportDir).length > before, {
      timeout: 30000,
      timeoutMsg: `${what}: ${await button.getAttribute("data-testid")} wrote no new file in ${exportDir}`,
    });
  }
}

/** The kinds of the webhook events the receiver stored, from the answers of webhook_events the page received. */
function eventsOf(ipc) {
  const kinds = new Set();
  for (const r of ipc.filter((x) => x.kind === "response" && x.cmd === "webhook_events" && x.ok)) {
    const json = recordJson(r);
    const list = Array.isArray(json) ? json : (json?.events ?? []);
    for (const e of list) if (e?.kind) kinds.add(e.kind);
  }
  return kinds;
}
