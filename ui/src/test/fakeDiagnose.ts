// The fake backend's diagnoser: reads bare codes, Graph error responses, webhooks and log text like
// waba-core/src/diagnose.rs, with a small catalogue (131047, 190, 190/463, 100, 100/33).
import type { DiagnoseResult } from "../bindings/DiagnoseResult";
import type { Diagnosis } from "../bindings/Diagnosis";
import type { ErrorSource } from "../bindings/ErrorSource";
import type { FixAction } from "../bindings/FixAction";
import type { MetaSaid } from "../bindings/MetaSaid";
import { FIX_ACTIONS } from "./fixActionTable";

const ERROR_CODES_URL = "https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes";
const TOKEN_DEBUG = "https://developers.facebook.com/docs/facebook-login/access-tokens/debugging-and-error-handling";
const GRAPH_ERRORS = "https://developers.facebook.com/docs/graph-api/guides/error-handling";
const PASTE_HINT =
  'Paste the error response ({"error":{...}}), the status webhook (with statuses[].errors[]), or just the code, such as 131047 or 100/33.';
const NEW_TOKEN =
  "Generate a System User token: Meta Business Settings > Users > System users > an admin system user > Generate token; choose your app, expiry Never, and tick whatsapp_business_management and whatsapp_business_messaging.";
const ASSIGN_WABA = "Make sure the WABA is assigned to that system user (Assign assets > WhatsApp accounts, full control).";
const PASTE_TOKEN = 'Paste the new token with "Replace the token"; the console checks it with debug_token.';
const RETRY_TOKEN = { canHelp: true, when: "Retry once a working token is stored; the same token keeps failing." };
const RETRY_FIX = { canHelp: true, when: "Retrying the same request fails the same way; retry after the fix." };
const NOTE_IDS =
  "The seed says phone-number IDs start with 120 and have 11-12 digits, and WABA IDs 9-10 digits. Both are wrong: Graph IDs are opaque numeric strings, 15-17 digits in practice, with any prefix. Judge an ID by what GET /{waba-id}/phone_numbers returns, not by its shape.";

type Entry = Omit<Diagnosis, "code" | "subcode" | "known" | "fromMeta" | "actionLabel" | "context"> & { code: number; subcode: number | null };

const TOKEN_190: Omit<Entry, "subcode" | "title" | "meaning" | "causes"> = {
  code: 190,
  category: "authorization",
  fix: [NEW_TOKEN, ASSIGN_WABA, PASTE_TOKEN],
  retry: RETRY_TOKEN,
  channel: "sync",
  httpStatus: 401,
  docUrl: TOKEN_DEBUG,
  action: "replaceToken",
  seedNote: null,
  uncertain: false,
};

const CATALOGUE: Entry[] = [
  {
    ...TOKEN_190,
    subcode: null,
    title: "Access token has expired",
    meaning: "The token is expired or otherwise invalid. Graph's error_subcode, when sent, says why (458, 459, 460, 463, 464, 467, 492).",
    causes: [
      "A temporary or personal user token was used where a never-expiring System User token belongs.",
      "The token was revoked or regenerated, or the session behind it ended.",
      'Only part of the token was pasted (Meta then says "Cannot parse access token").',
    ],
  },
  {
    ...TOKEN_190,
    subcode: 463,
    title: "Expired",
    meaning: 'The token\'s lifetime ended (Meta\'s message: "Session has expired on ...").',
    causes: [
      "A temporary 24-hour token from App Dashboard > WhatsApp > API Setup.",
      "A personal user token (short-lived or 60-day) instead of a System User token set to never expire.",
    ],
  },
  {
    code: 131047,
    subcode: null,
    title: "Re-engagement message",
    category: "sending",
    meaning: "More than 24 hours have passed since the user last messaged this number, so only an approved template may be sent.",
    causes: [
      "A free-form message (text, media, interactive) outside the 24-hour customer-service window.",
      "First contact: the user has never written to this number, so the first message must be a template.",
      "The window was checked when a batch started, not right before each send.",
    ],
    fix: [
      "Send an approved template instead.",
      "Once the user replies, free-form messages are allowed again for 24 hours.",
      "Track the time of each user's last inbound message and check it right before sending.",
    ],
    retry: { canHelp: true, when: "The same free-form message fails until the user writes again; send a template now." },
    channel: "both",
    httpStatus: 400,
    docUrl: ERROR_CODES_URL,
    action: "sendTemplate",
    seedNote: null,
    uncertain: false,
  },
  {
    code: 100,
    subcode: null,
    title: "Invalid parameter",
    category: "other",
    meaning:
      "A parameter is unknown, misspelled, of the wrong type or length, or the phone-number ID does not match on registration. Template creation reports its reason as a 2388xxx subcode with a user title and message.",
    causes: [
      "A misspelled field, or a field this API version does not know.",
      "A value of the wrong format or length (Meta's details name it).",
      "A WABA ID where a phone-number ID belongs, or the reverse.",
    ],
    fix: [
      "Read Meta's details on this card: they usually name the parameter or the reason.",
      "Compare the request with the endpoint's reference for the API version in use.",
    ],
    retry: RETRY_FIX,
    channel: "sync",
    httpStatus: 400,
    docUrl: ERROR_CODES_URL,
    action: null,
    seedNote: null,
    uncertain: false,
  },
  {
    code: 100,
    subcode: 33,
    title: "Object does not exist, cannot be loaded due to missing permissions, or does not support this operation",
    category: "other",
    meaning:
      "Graph cannot find the object in the URL for this token (\"Unsupported get/post request. Object with ID '...' does not exist ...\", type GraphMethodException).",
    causes: [
      "A WABA ID was used where a phone-number ID belongs, or the reverse (the most common case).",
      "The phone number itself (its digits) was used instead of its phone-number ID.",
      "The token's system user does not have this WABA or number assigned.",
    ],
    fix: [
      "Check the IDs: take the phone-number ID from GET /{waba-id}/phone_numbers (or App Dashboard > WhatsApp > API Setup), never the E.164 number.",
      "Check that the token's system user has the WABA assigned.",
      "Use the right object for the edge: /register and /messages on the phone-number ID; /phone_numbers, /message_templates and /subscribed_apps on the WABA ID.",
    ],
    retry: RETRY_FIX,
    channel: "sync",
    httpStatus: 400,
    docUrl: GRAPH_ERRORS,
    action: "checkIds",
    seedNote: NOTE_IDS,
    uncertain: false,
  },
];

function actionLabel(action: FixAction | null): string | null {
  return action ? FIX_ACTIONS[action].label : null;
}

export function emptyMetaSaid(where: ErrorSource = "bareCode"): MetaSaid {
  return { message: null, details: null, fbtraceId: null, userTitle: null, userMsg: null, where, recipient: null, messageId: null };
}

export function diagnosisFor(code: number, subcode: number | null, said: MetaSaid): Diagnosis {
  const entry =
    CATALOGUE.find((e) => e.code === code && subcode !== null && e.subcode === subcode) ??
    CATALOGUE.find((e) => e.code === code && e.subcode === null);
  if (entry) return { ...entry, code, subcode, known: true, actionLabel: actionLabel(entry.action), fromMeta: said, context: [] };
  return {
    code,
    subcode,
    known: false,
    title: said.userTitle ?? said.message ?? `Error ${code}`,
    category: null,
    meaning: `Code ${code} is not in WABA Console's catalogue, so the console cannot explain it beyond what Meta sent.`,
    causes: [
      "A code Meta added recently, a product the console does not cover (calling, groups, commerce), or a code from a provider or proxy rather than Meta.",
    ],
    fix: [
      "Read Meta's message and details on this card: they usually name the parameter or the reason.",
      "Look the code up on Meta's error-code page.",
      "If it keeps failing, contact Meta Direct Support and quote the fbtrace_id.",
    ],
    retry: { canHelp: false, when: "Unknown: retry only if Meta's details point to a temporary problem." },
    channel: null,
    httpStatus: null,
    docUrl: ERROR_CODES_URL,
    action: null,
    actionLabel: null,
    seedNote: null,
    uncertain: false,
    fromMeta: said,
    context: [],
  };
}

const problem = (inputKind: string, text: string): DiagnoseResult => ({ diagnoses: [], inputKind, problem: text });

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : null);
const int = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) ? v : typeof v === "string" && /^\d{1,10}$/.test(v) ? Number(v) : null);

function fromErrorObject(e: Json, where: ErrorSource, recipient: string | null = null, messageId: string | null = null): Diagnosis | null {
  const code = int(e.code);
  if (code === null) return null;
  const data = e.error_data;
  return diagnosisFor(code, int(e.error_subcode), {
    message: str(e.message) ?? str(e.title),
    details: isObject(data) ? str(data.details) : str(data),
    fbtraceId: str(e.fbtrace_id),
    userTitle: str(e.error_user_title),
    userMsg: str(e.error_user_msg),
    where,
    recipient,
    messageId,
  });
}

function walk(value: unknown, out: Diagnosis[]): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, out);
    return;
  }
  if (!isObject(value)) return;
  if (isObject(value.error)) {
    const d = fromErrorObject(value.error, "graphResponse");
    if (d) out.push(d);
  }
  if (Array.isArray(value.errors)) {
    const status = typeof value.status === "string";
    for (const e of value.errors) {
      if (!isObject(e)) continue;
      const d = status ? fromErrorObject(e, "statusWebhook", str(value.recipient_id), str(value.id)) : fromErrorObject(e, "valueErrors");
      if (d) out.push(d);
    }
  }
  if (int(value.code) !== null && !("error" in value) && !("errors" in value) && !("statuses" in value)) {
    const d = fromErrorObject(value, "type" in value || "fbtrace_id" in value ? "graphResponse" : "errorObject");
    if (d) out.push(d);
  }
  for (const [key, child] of Object.entries(value)) {
    if (key !== "error" && key !== "errors" && typeof child === "object" && child !== null) walk(child, out);
  }
}

function describe(value: unknown): string {
  if (isObject(value)) {
    if (isObject(value.error)) return "a Graph API error response";
    if ("entry" in value || value.object === "whatsapp_business_account") return "a webhook body";
    if ("field" in value && "value" in value) return "one webhook change (field and value)";
    if (typeof value.status === "string") return "one status from a status webhook";
    if (int(value.code) !== null) return "a webhook error object";
    if (["statuses", "messages", "errors", "metadata"].some((k) => k in value)) return "the value object of a webhook";
    return "a JSON object";
  }
  if (Array.isArray(value)) return value.length && value.every((v) => isObject(v) && int(v.code) !== null) ? "a list of webhook errors" : "a JSON list";
  return "a JSON value";
}

function scan(text: string): [number, number | null][] {
  const found: [number, number | null][] = [];
  for (const m of text.matchAll(/\(#(\d{1,10})\)|["']?\bcode["']?\s*[:=]\s*["']?(\d{1,10})/gi)) {
    const code = Number(m[1] ?? m[2]);
    if (!found.some(([c]) => c === code)) found.push([code, null]);
  }
  const sub = /subcode["']?\s*[:=]\s*(\d{1,10})/i.exec(text);
  if (found.length === 1 && sub && found[0]) found[0][1] = Number(sub[1]);
  return found;
}

/** `context` stands for what the service adds from the active profile's own state. */
export function fakeDiagnose(input: string, context: (d: Diagnosis) => string[] = () => []): DiagnoseResult {
  const result = read(input);
  return { ...result, diagnoses: result.diagnoses.map((d) => ({ ...d, context: context(d) })) };
}

function read(input: string): DiagnoseResult {
  const text = input.trim();
  if (!text) return problem("nothing", `Nothing was pasted. ${PASTE_HINT}`);

  const tokens = text.split(/[\s/,;]+/).filter((t) => t && !/^(sub)?code$/i.test(t));
  if (tokens.length >= 1 && tokens.length <= 2 && tokens.every((t) => /^[(#:]*\d+[):]*$/.test(t))) {
    const numbers = tokens.map((t) => t.replace(/\D/g, ""));
    const long = numbers.find((n) => n.length > 10);
    if (long) {
      return problem("a long number", `${long} has ${long.length} digits: that is an ID or a phone number, not an error code (codes have at most 7 digits). ${PASTE_HINT}`);
    }
    const [code, subcode] = numbers.map(Number);
    return {
      diagnoses: [diagnosisFor(code ?? 0, subcode ?? null, emptyMetaSaid())],
      inputKind: subcode === undefined ? "an error code typed by hand" : "an error code and subcode typed by hand",
      problem: null,
    };
  }

  if (text.startsWith("<")) {
    return problem("an HTML page", "This is an HTML page, not an answer from Meta's Graph API: a proxy, CDN, firewall or captive portal answered instead of Meta. Graph always answers JSON.");
  }

  if (text.startsWith("{") || text.startsWith("[")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const codes = scan(text);
      const reason = e instanceof Error ? e.message : String(e);
      return {
        diagnoses: codes.map(([code, subcode]) => diagnosisFor(code, subcode, { ...emptyMetaSaid("text"), message: text.slice(0, 200) })),
        inputKind: "text that looks like JSON but is not valid JSON",
        problem: codes.length
          ? `This is not valid JSON (${reason}); the code below was read from the text, so some details may be missing.`
          : `This is not valid JSON (${reason}) and no error code could be found in it. ${PASTE_HINT}`,
      };
    }
    const diagnoses: Diagnosis[] = [];
    walk(value, diagnoses);
    const inputKind = describe(value);
    if (!diagnoses.length) {
      return problem(inputKind, `This is ${inputKind}, but it holds no error: nothing failed in it. ${PASTE_HINT}`);
    }
    return { diagnoses, inputKind, problem: null };
  }

  const codes = scan(text);
  if (!codes.length) return problem("text", `No error code was found in this text. ${PASTE_HINT}`);
  return {
    diagnoses: codes.map(([code, subcode]) => diagnosisFor(code, subcode, { ...emptyMetaSaid("text"), message: text.split("\n")[0] ?? text })),
    inputKind: `text mentioning error ${codes[0]?.[0]}`,
    problem: null,
  };
}
