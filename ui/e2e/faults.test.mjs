// Real-window fault tests: the built app against its embedded sandbox with faults injected (an HTML 500, a reset
// connection, JSON cut short, a call never answered, latency, an answer lost after a send ran). Each Graph-reaching
// action started from the UI comes back within its timeout with a state in the window that says what happened, the
// window stays usable while a call is pending, no web view error is recorded, a send that may have reached Meta is never
// sent twice, and once the faults are cleared the same action succeeds again. Run as app.test.mjs is (scripts/test).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  CONTROL_SECRET,
  SAMPLE_TOKEN,
  SHOTS,
  openApp,
  close,
  stepState,
  goTo,
  pasteToken,
  click,
  invokeInWindow,
  sandboxControl,
  webviewErrors,
  headingMatches,
  paste,
  pick,
} from "./window.mjs";

/** The app's Graph timeout (a call never answered comes back as a timeout error after it). */
const GRAPH_TIMEOUT_MS = 20000;
/** "Every call until cleared" for the count-based faults of the read tests. */
const EVERY_CALL = 1000;
/** How the sandbox counts the sends it received (`requests.byRoute`). */
const SEND_ROUTE = "POST /{version}/{id}/messages";
const RECIPIENT = "16505551234";

async function sandboxUrl(browser, route) {
  const { baseUrl } = await invokeInWindow(browser, "sandbox_info");
  assert.ok(baseUrl, "the embedded sandbox is running");
  return new URL(route, baseUrl);
}

/** `GET /__sandbox`: the sandbox's state, with its request counts. */
async function sandboxState(browser) {
  const response = await fetch(await sandboxUrl(browser, "/__sandbox"));
  assert.equal(response.status, 200);
  return response.json();
}

/** `DELETE /__sandbox/faults`: every fault, the latency and the path filter cleared. */
/** Waits until the sandbox holds no Graph call, so a count of calls in flight afterwards is of the next action. */
async function waitNoneInFlight(browser) {
  let inFlight = null;
  await browser.waitUntil(
    async () => {
      inFlight = (await sandboxState(browser)).requests.inFlight;
      return inFlight === 0;
    },
    { timeout: 30000, timeoutMsg: `the sandbox still holds ${inFlight} calls` },
  );
}

async function clearFaults(browser) {
  const response = await fetch(await sandboxUrl(browser, "/__sandbox/faults"), {
    method: "DELETE",
    headers: { "Content-Type": "application/json", "X-Sandbox-Secret": CONTROL_SECRET },
  });
  const text = await response.text();
  assert.equal(response.status, 200, `clearing the faults: ${text}`);
  const faults = JSON.parse(text);
  assert.equal(faults.latencyMs, 0, text);
}

async function armFaults(browser, faults) {
  return sandboxControl(browser, "/__sandbox/faults", faults);
}

async function text(browser, selector) {
  const el = await browser.$(selector);
  return (await el.isExisting()) ? el.getText() : "";
}

/** A screenshot of the window with `selector` in view, once the web view has rendered two frames since. */
async function shot(browser, selector, name) {
  const el = await browser.$(selector);
  if (await el.isExisting()) await el.scrollIntoView({ block: "center" });
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.saveScreenshot(path.join(SHOTS, name));
}

async function assertNoWebviewErrors(browser, when) {
  assert.deepEqual(await webviewErrors(browser), [], `web view errors ${when}`);
}

// ---- The checklist ----

const recheckButton = (browser) => browser.$('//main//button[contains(normalize-space(), "Re-check")]');

/** The checklist at rest: shown with the token step reading `state`, its Re-check not running. */
async function waitChecklistIdle(browser, state) {
  await browser.waitUntil(
    async () => (await stepState(browser, "token")) === state && (await (await recheckButton(browser)).isEnabled()),
    { timeout: 60000, timeoutMsg: `the checklist never settled with its token step ${state}: ${await text(browser, '[data-testid="step-token"]')}` },
  );
}

/** Clicks Re-check and waits (up to `timeout`) for the token step to read `state`; answers its text and how long it took. */
async function recheck(browser, state, timeout = 60000) {
  const button = await recheckButton(browser);
  await button.waitForClickable({ timeout: 15000 });
  const started = Date.now();
  await button.click();
  await waitStepStateWithin(browser, "token", state, timeout);
  return { text: await text(browser, '[data-testid="step-token"]'), ms: Date.now() - started };
}

async function waitStepStateWithin(browser, id, state, timeout) {
  await browser.waitUntil(async () => (await stepState(browser, id)) === state, {
    timeout,
    timeoutMsg: `step ${id} never became ${state}: ${await text(browser, `[data-testid="step-${id}"]`)}`,
  });
}

const RECHECKING = /Re-checking with Meta/;

// ---- The doctor ----

/** Runs the doctor and waits for its report with the token check reading `state`; answers that check's text. */
async function runDoctor(browser, state) {
  await click(browser, "doctor-run");
  const check = await browser.$(`[data-testid="check-tokenValid"][data-state="${state}"]`);
  await check.waitForExist({
    timeout: 60000,
    timeoutMsg: `the doctor's token check never read ${state}: ${await text(browser, "main")}`,
  });
  await (await browser.$('[data-testid="doctor-summary"]')).waitForExist({ timeout: 15000 });
  return check.getText();
}

/** A pasted Graph error: the Diagnose page is local, so it answers while a Graph call is still pending. */
const PASTED_ERROR = JSON.stringify({
  error: { message: "(#131047) Re-engagement message", type: "OAuthException", code: 131047, fbtrace_id: "AbCdEfGh" },
});

test("reads under faults: the checklist and the doctor diagnose each fault, the window stays usable, then recover", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "healthy" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);
  await goTo(browser, "Checklist");
  await waitChecklistIdle(browser, "pass");
  await assertNoWebviewErrors(browser, "before any fault");

  // An HTML 500 page instead of Graph JSON, for every call of the re-check.
  await armFaults(browser, { html500Next: EVERY_CALL });
  const html = await recheck(browser, "fail");
  t.diagnostic(`HTML 500 (${html.ms} ms): ${html.text}`);
  assert.match(html.text, /Could not check the token/);
  assert.match(html.text, /HTTP 500/);
  assert.match(html.text, /text\/html/);
  assert.match(html.text, /instead of Graph JSON/);
  assert.match(html.text, /proxy or a web page/i, "the fix names what an HTML page means");
  assert.ok(html.ms < GRAPH_TIMEOUT_MS, `an HTML 500 came back after ${html.ms} ms, as if it had waited for the timeout`);
  // The token may be fine: no "Replace the token" on a transport failure, and the steps read from the token are not
  // checked rather than failed.
  assert.equal(await (await browser.$('[data-testid="step-token"] [data-testid="fix-action-replaceToken"]')).isExisting(), false, "Replace the token offered");
  for (const id of ["metaApp", "systemUser"]) assert.equal(await stepState(browser, id), "notChecked", `${id} reads failed`);
  await shot(browser, '[data-testid="step-token"]', "faults-checklist-html500.png");
  await assertNoWebviewErrors(browser, "after the HTML 500");
  await clearFaults(browser);
  await recheck(browser, "pass");

  // Reset connections, through the doctor.
  await goTo(browser, "Doctor");
  await armFaults(browser, { resetNext: EVERY_CALL });
  const reset = await runDoctor(browser, "fail");
  t.diagnostic(`reset: ${reset}`);
  assert.match(reset, /Could not check the token/);
  assert.match(reset, /Could not reach/);
  assert.match(reset, /network connection/, "the fix says to check the network");
  assert.equal(await (await browser.$('[data-testid="check-tokenValid"] [data-testid^="fix-action-"]')).isExisting(), false, "the doctor offers no in-app fix for a network fault");
  // The checks that need the token wait for it, and say so.
  const scopes = await browser.$('[data-testid="check-tokenScopes"]');
  assert.equal(await scopes.getAttribute("data-state"), "skipped");
  assert.match(await scopes.getText(), /Skipped because “Token valid” did not pass/);
  await shot(browser, '[data-testid="doctor-summary"]', "faults-doctor-reset.png");
  await assertNoWebviewErrors(browser, "after the reset connections");
  await clearFaults(browser);
  const healed = await runDoctor(browser, "pass");
  assert.doesNotMatch(healed, /Could not reach/);

  // JSON cut in half on the way (a 200 that says JSON).
  await goTo(browser, "Checklist");
  await waitChecklistIdle(browser, "pass"); // the doctor's run made it stale: showing it re-read it, with no fault armed
  await armFaults(browser, { malformedJsonNext: EVERY_CALL });
  const malformed = await recheck(browser, "fail");
  t.diagnostic(`malformed JSON (${malformed.ms} ms): ${malformed.text}`);
  assert.match(malformed.text, /cut short or garbled/);
  assert.match(malformed.text, /HTTP 200 said JSON/);
  assert.match(malformed.text, /not valid JSON/);
  assert.ok(malformed.ms < GRAPH_TIMEOUT_MS, `malformed JSON came back after ${malformed.ms} ms`);
  await shot(browser, '[data-testid="step-token"]', "faults-checklist-malformed-json.png");
  await assertNoWebviewErrors(browser, "after the malformed JSON");
  await clearFaults(browser);
  await recheck(browser, "pass");

  // A few seconds of latency on every call (under the timeout): the re-check shows it is running, the window is usable
  // meanwhile, and the answer arrives.
  const LATENCY_MS = 5000;
  await waitNoneInFlight(browser);
  await armFaults(browser, { latencyMs: LATENCY_MS });
  const slowStart = Date.now();
  await (await recheckButton(browser)).click();
  await browser.waitUntil(async () => RECHECKING.test(await text(browser, '[data-testid="checklist-progress"]')), {
    timeout: 15000,
    timeoutMsg: "the checklist does not say it is re-checking",
  });
  await goTo(browser, "Audit log");
  await browser.waitUntil(() => headingMatches(browser, /^Audit log$/), { timeout: 15000, timeoutMsg: "the Audit log heading never showed" });
  const slowInFlight = (await sandboxState(browser)).requests.inFlight;
  assert.ok(slowInFlight > 0, `another page opened while the slow re-check was pending (${Date.now() - slowStart} ms in, ${slowInFlight} in flight)`);
  await goTo(browser, "Checklist");
  await browser.waitUntil(() => headingMatches(browser, /Sandbox/), { timeout: 15000, timeoutMsg: "the checklist heading never came back" });
  await waitChecklistIdle(browser, "pass");
  const slowMs = Date.now() - slowStart;
  t.diagnostic(`latency ${LATENCY_MS} ms: the re-check passed after ${slowMs} ms; ${slowInFlight} calls in flight while the Audit log showed`);
  assert.ok(slowMs >= LATENCY_MS, `the re-check took ${slowMs} ms: the latency did not apply`);
  assert.ok(slowMs < GRAPH_TIMEOUT_MS + 10000, `the re-check took ${slowMs} ms`);
  assert.doesNotMatch(await text(browser, '[data-testid="checklist-progress"]'), RECHECKING);
  await assertNoWebviewErrors(browser, "after the latency");
  await clearFaults(browser);

  // Calls never answered: the re-check is pending for the whole timeout; meanwhile another page works (a local
  // command answers), and coming back shows it still running; then it comes back as a timeout.
  await waitNoneInFlight(browser);
  await armFaults(browser, { neverAnswerNext: EVERY_CALL });
  const hangStart = Date.now();
  await (await recheckButton(browser)).click();
  await browser.waitUntil(async () => (await sandboxState(browser)).requests.inFlight > 0, {
    timeout: 15000,
    timeoutMsg: "the re-check's calls never reached the sandbox",
  });
  assert.equal(await (await recheckButton(browser)).isEnabled(), false, "Re-check is disabled while it runs");
  await goTo(browser, "Diagnose");
  await browser.waitUntil(() => headingMatches(browser, /^Explain an error$/), { timeout: 15000, timeoutMsg: "the Diagnose heading never showed" });
  await paste(browser, "diagnose-input", PASTED_ERROR);
  await click(browser, "diagnose-submit");
  const card = await browser.$('[data-testid="diagnosis-card"][data-code="131047"]');
  await card.waitForExist({ timeout: 15000, timeoutMsg: "a local command did not answer while a Graph call hung" });
  assert.match(await card.getText(), /Re-engagement/);
  const usableAfter = Date.now() - hangStart;
  assert.ok((await sandboxState(browser)).requests.inFlight > 0, `the Diagnose page answered ${usableAfter} ms in, while the calls were still pending`);
  await goTo(browser, "Checklist");
  await browser.waitUntil(() => headingMatches(browser, /Sandbox/), { timeout: 15000, timeoutMsg: "the checklist heading never came back" });
  const hanging = (await sandboxState(browser)).requests.inFlight;
  if (Date.now() - hangStart < GRAPH_TIMEOUT_MS - 3000) {
    assert.ok(hanging > 0, "the never-answered calls are still pending");
    assert.match(await text(browser, '[data-testid="checklist-progress"]'), RECHECKING, "the checklist still says it is re-checking");
    await shot(browser, '[data-testid="checklist-progress"]', "faults-checklist-never-answers-pending.png");
  }
  await waitStepStateWithin(browser, "token", "fail", GRAPH_TIMEOUT_MS * 3);
  const hangMs = Date.now() - hangStart;
  const timedOut = await text(browser, '[data-testid="step-token"]');
  t.diagnostic(`never answers (${hangMs} ms; the Diagnose page answered ${usableAfter} ms in): ${timedOut}`);
  assert.match(timedOut, /Could not check the token/);
  assert.match(timedOut, /did not answer within 20 seconds/);
  assert.match(timedOut, /internet connection/, "the fix says what to check");
  assert.ok(hangMs >= GRAPH_TIMEOUT_MS - 2000, `the timeout came after ${hangMs} ms, before the app's ${GRAPH_TIMEOUT_MS} ms`);
  assert.ok(hangMs < GRAPH_TIMEOUT_MS * 3, `the re-check took ${hangMs} ms`);
  await waitChecklistIdle(browser, "fail");
  await waitNoneInFlight(browser); // the app gave up on them: their connections are closed, none is left hanging
  await shot(browser, '[data-testid="step-token"]', "faults-checklist-never-answers.png");
  await assertNoWebviewErrors(browser, "after the unanswered calls");
  await clearFaults(browser);
  await recheck(browser, "pass");
  await assertNoWebviewErrors(browser, "at the end");
});

// ---- Sends ----

async function sendPosts(browser) {
  return (await sandboxState(browser)).requests.byRoute[SEND_ROUTE] ?? 0;
}

async function logRows(browser, profileId) {
  const page = await invokeInWindow(browser, "message_log", {
    query: { profileId, status: null, recipient: null, kind: null, since: null, until: null, search: null, beforeId: null, limit: null },
  });
  return page.messages;
}

/** The log ID of the message the send outcome shows (its "Follow it in the Messages log" link), or null. */
async function outcomeMessageId(browser) {
  return browser.execute(() => {
    const href = document.querySelector('[data-testid="send-outcome"] [data-testid="open-in-log"]')?.getAttribute("href") ?? "";
    const id = /[?&]id=(\d+)/.exec(href)?.[1];
    return id === undefined ? null : Number(id);
  });
}

/** Clicks Send once and waits for the outcome of a new message (one the previous outcome did not show). */
async function sendOnce(browser, previousId) {
  const button = await browser.$('[data-testid="send-button"]');
  await browser.waitUntil(() => button.isEnabled(), {
    timeout: 30000,
    timeoutMsg: `Send stayed disabled: ${await text(browser, '[data-testid="send-reason"]')}`,
  });
  await button.click();
  let id = null;
  await browser.waitUntil(
    async () => {
      id = await outcomeMessageId(browser);
      return id !== null && id !== previousId;
    },
    { timeout: 60000, timeoutMsg: `no outcome for the send: ${await text(browser, "main")}` },
  );
  const outcome = await browser.$('[data-testid="send-outcome"]');
  return { id, status: await outcome.getAttribute("data-status"), text: await outcome.getText() };
}

test("sends under faults: a lost answer and JSON cut short each leave one message, unknown, never sent again; then it sends", async (t) => {
  const browser = await openApp({ WABA_SANDBOX_SCENARIO: "healthy" });
  t.after(() => close(browser));
  await goTo(browser, "Token");
  await pasteToken(browser, SAMPLE_TOKEN);
  const { activeId } = await invokeInWindow(browser, "list_profiles");

  await goTo(browser, "Send");
  await paste(browser, "send-to", RECIPIENT);
  await (await browser.$('[data-testid="window-state"][data-state="neverWrote"]')).waitForExist({ timeout: 15000, timeoutMsg: "the window was not read" });
  await click(browser, "type-template");
  const sync = await browser.$('[data-testid="sync-templates"]');
  if (await sync.isExisting()) await sync.click();
  await pick(browser, "template-picker", "hello_world");
  await browser.waitUntil(async () => /hello_world/.test(await text(browser, '[data-testid="request-json"]')), {
    timeout: 15000,
    timeoutMsg: "the request JSON never showed the template",
  });

  const postsBefore = await sendPosts(browser);
  const rowsBefore = (await logRows(browser, activeId)).length;

  // Each fault for the next send only: a send the app sent again would reach the sandbox and be counted.
  const unknownIds = [];
  for (const [fault, file] of [
    [{ loseAnswerNext: 1 }, "faults-send-lost-answer.png"],
    [{ malformedJsonNext: 1 }, "faults-send-malformed-json.png"],
  ]) {
    await armFaults(browser, { ...fault, onlyPath: "/messages" });
    const outcome = await sendOnce(browser, unknownIds.at(-1) ?? null);
    const name = Object.keys(fault)[0];
    assert.equal(outcome.status, "unknown", `${name}: ${outcome.text}`);
    assert.match(outcome.text, name === "malformedJsonNext" ? /Sent, but Meta's answer could not be read/ : /Sent, but no answer came/, name);
    assert.match(outcome.text, /not sent again/, name);
    assert.match(outcome.text, new RegExp(`\\+${RECIPIENT}`), name);
    t.diagnostic(`${name}: ${outcome.text}`);
    // What came instead of an answer: a closed connection, or an answer cut short.
    assert.match(outcome.text, name === "malformedJsonNext" ? /not valid JSON/ : /Could not reach|closed|no answer/i, name);
    unknownIds.push(outcome.id);
    const sent = (await sendPosts(browser)) - postsBefore;
    assert.equal(sent, unknownIds.length, `${name}: the sandbox received ${sent} sends for ${unknownIds.length} clicks`);
    const rows = await logRows(browser, activeId);
    assert.equal(rows.length - rowsBefore, unknownIds.length, `${name}: the log holds ${rows.length - rowsBefore} new messages`);
    const row = rows.find((m) => m.id === outcome.id);
    assert.ok(row, `${name}: the outcome's message ${outcome.id} is in the log`);
    assert.equal(row.status, "unknown", `${name}: ${JSON.stringify(row)}`);
    assert.equal(row.attempts, 1, `${name}: sent once: ${JSON.stringify(row)}`);
    assert.equal(row.recipient, RECIPIENT);
    t.diagnostic(`${name}: the log row: ${JSON.stringify({ status: row.status, attempts: row.attempts, error: row.error, wamid: row.wamid })}`);
    await shot(browser, '[data-testid="send-outcome"]', file);
    await assertNoWebviewErrors(browser, `after ${name}`);
    await clearFaults(browser);
  }

  // No faults: the same send is accepted with Meta's message ID.
  const ok = await sendOnce(browser, unknownIds.at(-1));
  assert.equal(ok.status, "accepted", ok.text);
  assert.match(ok.text, /Meta accepted the message/);
  assert.match(await text(browser, '[data-testid="sent-wamid"]'), /^wamid\./);

  // Three clicks, three sends: none of the unanswered ones was sent again since.
  assert.equal((await sendPosts(browser)) - postsBefore, 3, "sends the sandbox received");
  const all = await logRows(browser, activeId);
  const rows = all.slice(0, all.length - rowsBefore);
  assert.deepEqual(
    rows.map((m) => [m.id, m.status, m.attempts]),
    [
      [ok.id, "accepted", 1],
      [unknownIds[1], "unknown", 1],
      [unknownIds[0], "unknown", 1],
    ],
    "the log, newest first",
  );

  // The Messages page shows the same three, the unanswered ones as unknown.
  await goTo(browser, "Messages");
  await browser.waitUntil(() => headingMatches(browser, /^Messages$/), { timeout: 15000, timeoutMsg: "the Messages heading never showed" });
  await browser.waitUntil(async () => (await browser.$$('[data-testid="message-row"]').length) === rowsBefore + 3, {
    timeout: 20000,
    timeoutMsg: "the Messages page does not show the three messages",
  });
  const statuses = await browser.$$('[data-testid="message-row"]').map((r) => r.getAttribute("data-status"));
  assert.equal(statuses.filter((s) => s === "unknown").length, 2, JSON.stringify(statuses));
  await shot(browser, '[data-testid="message-row"]', "faults-messages-log.png");
  await assertNoWebviewErrors(browser, "at the end");
});
