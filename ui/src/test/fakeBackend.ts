// An in-memory stand-in for the Rust backend, behaving plausibly enough for component tests and the mockIPC e2e page.
import type { AppInfo } from "../bindings/AppInfo";
import type { AuditAction } from "../bindings/AuditAction";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { AuditLog } from "../bindings/AuditLog";
import type { Check } from "../bindings/Check";
import type { CheckId } from "../bindings/CheckId";
import type { Checklist } from "../bindings/Checklist";
import type { ChecklistStep } from "../bindings/ChecklistStep";
import type { CommandError } from "../bindings/CommandError";
import type { Diagnosis } from "../bindings/Diagnosis";
import type { DoctorReport } from "../bindings/DoctorReport";
import type { ExportedFile } from "../bindings/ExportedFile";
import type { FieldError } from "../bindings/FieldError";
import type { NewProfile } from "../bindings/NewProfile";
import type { Profile } from "../bindings/Profile";
import type { ProfileList } from "../bindings/ProfileList";
import type { QualityGuide } from "../bindings/QualityGuide";
import type { QualityPoint } from "../bindings/QualityPoint";
import type { SandboxInfo } from "../bindings/SandboxInfo";
import type { TokenType } from "../bindings/TokenType";
import type { StepId } from "../bindings/StepId";
import type { StepState } from "../bindings/StepState";
import type { TokenReport } from "../bindings/TokenReport";
import type { TokenSaved } from "../bindings/TokenSaved";
import type { TokenState } from "../bindings/TokenState";
import { doctorMarkdown, doctorReport, judgeChecks, worldOf } from "./fakeDoctor";
import { diagnosisFor, emptyMetaSaid, fakeDiagnose } from "./fakeDiagnose";
import { createFakeNumbers } from "./fakeNumbers";
import { dispatch, isCommandName, type CommandHandlers } from "./commandHandlers";
import { describeVersion } from "../lib/versionStatus";
import { FIX_ACTION_TABLE } from "./fixActionTable";

const GRAPH_TOKEN_TYPE: Record<TokenType, string> = { systemUser: "SYSTEM_USER", user: "USER", page: "PAGE", app: "APP", unknown: "unknown" };

export const SAMPLE_TOKEN = "EAAsandbox0sample0token0for0WABAConsole";

const NEW_TOKEN_FIX =
  "In Meta Business Settings > Users > System users, pick an admin system user, click Generate token, choose your app, set expiry to Never, tick whatsapp_business_management and whatsapp_business_messaging, then paste the new token here.";
const PASTE_TOKEN = "Open the Token page and paste the System User token.";
const SCOPES = ["whatsapp_business_management", "whatsapp_business_messaging"];

export const APP_INFO: AppInfo = {
  version: "0.1.0",
  dataDir: "/home/admin/.local/share/dev.wabaconsole.app",
  logDir: "/home/admin/.local/share/dev.wabaconsole.app/logs",
  keychainService: "dev.wabaconsole.app",
  defaultApiVersion: "v27.0",
  provisioningPoll: { firstMs: 2000, maxMs: 30_000, giveUpAfterMs: 600_000 },
  apiVersions: [
    { name: "v27.0", released: "2026-11-04", availableUntil: null, status: "current" },
    { name: "v26.0", released: "2026-07-29", availableUntil: "2028-11-04", status: "current" },
    { name: "v25.0", released: "2026-02-18", availableUntil: "2028-07-29", status: "current" },
    { name: "v24.0", released: "2025-10-08", availableUntil: "2028-02-18", status: "current" },
    { name: "v23.0", released: "2025-05-29", availableUntil: "2027-10-08", status: "current" },
    { name: "v22.0", released: "2025-01-21", availableUntil: "2027-05-20", status: "current" },
    { name: "v21.0", released: "2024-10-02", availableUntil: "2027-01-21", status: "expiringSoon" },
    { name: "v20.0", released: "2024-05-21", availableUntil: "2026-09-24", status: "expired" },
  ],
  apiVersionsUpdated: "2026-12-01",
  dataRegions: [
    ["AU", "Australia"], ["ID", "Indonesia"], ["IN", "India"], ["JP", "Japan"], ["SG", "Singapore"], ["KR", "South Korea"], ["DE", "Germany (EU)"],
    ["CH", "Switzerland"], ["GB", "United Kingdom"], ["BR", "Brazil"], ["BH", "Bahrain"], ["ZA", "South Africa"], ["AE", "United Arab Emirates"], ["CA", "Canada"],
  ].map(([code, country]) => ({ code: code ?? "", country: country ?? "" })),
  fixActions: FIX_ACTION_TABLE,
};

const SCENARIOS = [
  { name: "fresh", summary: "A new number: the sample token works, nothing is registered yet." },
  { name: "healthy", summary: "A finished setup: registered, subscribed, with an approved template." },
  { name: "expiringToken", summary: "The sample token is a user token that expires within a day." },
];

const STEPS: { id: StepId; title: string; meaning: string; checkedBy: string }[] = [
  { id: "metaApp", title: "Meta app with the WhatsApp product", meaning: "A Business-type app in developers.facebook.com with the WhatsApp product added; its ID is the profile's App ID.", checkedBy: "Token" },
  { id: "systemUser", title: "System User with both WhatsApp permissions", meaning: "An admin system user in Business Settings, assigned this WABA, whose token carries whatsapp_business_management and whatsapp_business_messaging.", checkedBy: "Token" },
  { id: "token", title: "Token valid, never expiring, reaches this WABA", meaning: "The token stored in the keychain is valid, does not expire, and its grants include this profile's WABA.", checkedBy: "Token" },
  { id: "numberInWaba", title: "Phone number in the WABA", meaning: "The profile's phone-number ID is one of the numbers of its WhatsApp Business Account.", checkedBy: "Doctor" },
  { id: "ownershipVerified", title: "Ownership verified", meaning: "The number proved it is yours with an SMS or voice code (code_verification_status VERIFIED).", checkedBy: "Doctor" },
  { id: "twoStepPin", title: "Two-step verification PIN set", meaning: "A six-digit PIN protects the number; it is set with POST /{phone-number-id} {\"pin\"} (there is no /two_step_verification endpoint).", checkedBy: "Doctor" },
  { id: "registered", title: "Registered and CONNECTED", meaning: "POST /{phone-number-id}/register succeeded and the number's status is CONNECTED on the Cloud API.", checkedBy: "Doctor" },
  { id: "wabaSubscribed", title: "WABA subscribed to the app", meaning: "POST /{waba-id}/subscribed_apps links the WABA to your app so its webhooks reach you.", checkedBy: "Doctor" },
  { id: "webhookVerified", title: "Webhook verified", meaning: "Your callback URL answered Meta's verification challenge and checks the X-Hub-Signature-256 of each delivery.", checkedBy: "Doctor" },
  { id: "approvedTemplate", title: "An approved template", meaning: "At least one message template is APPROVED, so you can start conversations outside the 24-hour window.", checkedBy: "Doctor" },
  { id: "testMessage", title: "A test message delivered", meaning: "A message sent from the console reached a phone and its delivered status webhook arrived.", checkedBy: "Test send" },
];

function commandError(code: CommandError["code"], message: string, action: string | null = null): CommandError {
  return { code, message, action, details: null };
}

/** What waba-graph says when the connection fails (Meta, or the sandbox, cannot be reached). */
export function unreachable(): CommandError {
  return {
    code: "unreachable",
    message: "Could not reach graph.facebook.com: the connection was refused or the network is down.",
    action: "Check the internet connection (and any proxy or firewall), then try again.",
    details: { kind: "transport", url: "https://graph.facebook.com/v26.0/debug_token", reason: "connection refused" },
  };
}

/** The backend's answer when the check before storing a token cannot reach Meta: nothing stored, and why. */
function cannotCheckToken(error: CommandError): CommandError {
  return {
    ...error,
    message: `The token could not be checked with Meta, so it was not stored and the profile keeps its current token: ${error.message}`,
    action: "Retry when Meta can be reached, or store the token unverified (--unverified in the CLI); the checklist checks it on its next run.",
  };
}

function invalidFields(fields: FieldError[]): CommandError {
  return {
    code: "invalidInput",
    message: fields.map((f) => `${f.field}: ${f.message}`).join("; "),
    action: "Correct the highlighted field and try again; nothing you typed was lost.",
    details: { kind: "fields", fields },
  };
}

/** A 190 answer as Meta sends it for a token it cannot parse. */
export function graphRejection(): CommandError {
  const graphMessage = "Invalid OAuth access token - Cannot parse access token";
  const fbtraceId = "AkX3vQmZ1pL9yD2f8sN0cRt";
  return {
    code: "graph",
    message: `Meta refused the token: ${graphMessage}.`,
    action: "Paste the token again, or generate a new System User token.",
    details: {
      kind: "graph",
      httpStatus: 401,
      code: 190,
      subcode: null,
      errorType: "OAuthException",
      graphMessage,
      details: null,
      fbtraceId,
      userTitle: null,
      userMsg: null,
      isTransient: false,
      wwwAuthenticate: `OAuth "Facebook Platform" "invalid_token" "${graphMessage}"`,
      raw: JSON.stringify({ error: { message: graphMessage, type: "OAuthException", code: 190, fbtrace_id: fbtraceId } }),
      diagnosis: diagnosisFor(190, null, { ...emptyMetaSaid("graphResponse"), message: graphMessage, fbtraceId }),
    },
  };
}

function baseReport(now: Date): Omit<TokenReport, "valid" | "tokenType" | "findings" | "rejection"> {
  return {
    checkedAt: now.toISOString(),
    appId: null,
    application: null,
    appMatchesProfile: null,
    expiresAt: null,
    neverExpires: false,
    scopes: [],
    hasManagement: false,
    hasMessaging: false,
    wabaAccess: { state: "unknown" },
    wabaName: null,
    wabaReadError: null,
  };
}

export function rejectedReport(now: Date): TokenReport {
  return {
    ...baseReport(now),
    valid: false,
    tokenType: "unknown",
    rejection: graphRejection(),
    findings: [{ topic: "validity", severity: "fail", title: "Meta does not accept this token (mistyped, revoked or from another app).", fix: NEW_TOKEN_FIX }],
  };
}

export function passingReport(profile: Profile, now: Date): TokenReport {
  return {
    ...baseReport(now),
    valid: true,
    tokenType: "systemUser",
    appId: profile.appId,
    application: "Sandbox app",
    appMatchesProfile: true,
    neverExpires: true,
    scopes: [...SCOPES, "business_management"],
    hasManagement: true,
    hasMessaging: true,
    wabaAccess: { state: "granted" },
    wabaName: "Lucky Shrub (sandbox)",
    rejection: null,
    findings: [],
  };
}

function expiringUserReport(profile: Profile, now: Date): TokenReport {
  const expires = new Date(now.getTime() + 20 * 3600 * 1000);
  return {
    ...passingReport(profile, now),
    tokenType: "user",
    neverExpires: false,
    expiresAt: expires.toISOString(),
    wabaAccess: { state: "unrestricted" },
    findings: [
      { topic: "expiry", severity: "warn", title: "The token expires in 20 h; the number stops working then.", fix: `Replace it with a System User token whose expiry is Never. ${NEW_TOKEN_FIX}` },
      { topic: "kind", severity: "fail", title: "This is a user token (from Graph API Explorer or the API Setup page). User tokens expire, usually within 24 hours.", fix: NEW_TOKEN_FIX },
    ],
  };
}

interface Verdict {
  state: StepState;
  summary: string;
  evidence?: string[];
  fix?: string;
}

function tokenStep(id: StepId, profile: Profile, token: TokenState): Verdict {
  if (token.state === "missing") {
    return id === "token"
      ? { state: "fail", summary: "No token is stored for this profile.", fix: PASTE_TOKEN }
      : { state: "notChecked", summary: "Checked from the token, which is not set yet.", fix: PASTE_TOKEN };
  }
  if (token.state === "unchecked") {
    return { state: "fail", summary: `Could not check the token: ${token.error.message}`, fix: token.error.action ?? "Retry once the problem is solved." };
  }
  const report = token.report;
  const findings = (topics: string[]) => report.findings.filter((f) => topics.includes(f.topic));
  if (report.rejection) {
    if (id !== "token") {
      return {
        state: "notChecked",
        summary: "Not checked: Meta refused the token, so it cannot say which app and user it belongs to.",
        fix: "Open the Token page and paste the System User token.",
      };
    }
    const first = report.findings[0];
    const graphMessage = report.rejection.details?.kind === "graph" ? report.rejection.details.graphMessage : report.rejection.message;
    return { state: "fail", summary: first?.title ?? report.rejection.message, evidence: [graphMessage], fix: first?.fix };
  }
  if (id === "metaApp") {
    return { state: "pass", summary: `The token was issued by app ${report.application} (${report.appId}).`, evidence: [`debug_token app_id = ${profile.appId}`] };
  }
  if (id === "systemUser") {
    const evidence = [`type = ${GRAPH_TOKEN_TYPE[report.tokenType]}`, `scopes = ${report.scopes.join(", ")}`];
    const failing = findings(["kind", "scopes"]).filter((f) => f.severity === "fail");
    return failing[0]
      ? { state: "fail", summary: failing.map((f) => f.title).join(" "), evidence, fix: failing[0].fix }
      : { state: "pass", summary: "A System User token with both WhatsApp permissions.", evidence };
  }
  const evidence = [
    report.expiresAt ? `expires_at = ${report.expiresAt}` : "expires_at = 0 (never)",
    report.wabaAccess.state === "granted" ? `granular scopes list WABA ${profile.wabaId}` : "granular scopes are not restricted to listed assets",
    ...(report.wabaName ? [`GET /${profile.wabaId} answered: ${report.wabaName}`] : []),
  ];
  const relevant = findings(["validity", "expiry", "wabaAccess"]);
  const worst = relevant.find((f) => f.severity === "fail") ?? relevant[0];
  return worst
    ? { state: worst.severity, summary: worst.title, evidence, fix: worst.fix }
    : { state: "pass", summary: "Valid, never expires, and reaches this WABA.", evidence };
}

/** The doctor check that decides a step, for the steps the doctor covers. */
const DOCTOR_CHECK: Partial<Record<StepId, CheckId>> = {
  numberInWaba: "phoneInWaba",
  ownershipVerified: "ownershipVerified",
  twoStepPin: "twoStepPin",
  registered: "registered",
  wabaSubscribed: "wabaSubscribed",
  webhookVerified: "webhookVerified",
  approvedTemplate: "approvedTemplate",
};

/** The checklist: the token steps from the token's state, the others from the doctor's checks (empty: not run). */
export function buildChecklist(profile: Profile, token: TokenState, checks: Check[] = []): Checklist {
  const checkedAt = token.state === "checked" ? token.report.checkedAt : null;
  const steps: ChecklistStep[] = STEPS.map((def) => {
    const tokenStepId = def.id === "metaApp" || def.id === "systemUser" || def.id === "token";
    const check = checks.find((c) => c.id === DOCTOR_CHECK[def.id]);
    const live = tokenStepId || check !== undefined;
    let verdict: Verdict;
    let action: ChecklistStep["action"] = null;
    if (tokenStepId) {
      verdict = tokenStep(def.id, profile, token);
      if (verdict.state === "fail") action = "replaceToken";
    } else if (check) {
      verdict = {
        state: check.state === "skipped" ? "notChecked" : check.state,
        summary: check.summary,
        evidence: check.evidence.map((e) => `${e.source} → ${e.answer}`),
        fix: check.fix ?? undefined,
      };
      action = check.action;
    } else {
      verdict = { state: "notChecked", summary: `Not checked yet: the ${def.checkedBy} page will check this.` };
    }
    return {
      ...def,
      state: verdict.state,
      summary: verdict.summary,
      evidence: verdict.evidence ?? [],
      fix: verdict.fix ?? null,
      checkedAt: live ? checkedAt : null,
      action,
    };
  });
  return { profileId: profile.id, steps, passed: steps.filter((s) => s.state === "pass").length, total: steps.length, token };
}

function validateId(field: string, label: string, input: string): FieldError | null {
  const value = input.trim();
  if (!value) return { field, message: `${label} is required.` };
  if (/^\d+$/.test(value)) return null;
  if (/^[+\d][\d\s+\-().]*$/.test(value) && /[+\s\-().]/.test(value)) {
    return { field, message: `${value} looks like a phone number, not its ${label}. Meta shows the numeric ${label} in WhatsApp Manager and under WhatsApp > API Setup in the app dashboard.` };
  }
  return { field, message: `${label} must contain digits only (for example 106540352242922); "${value}" has other characters. Copy the ID again without spaces or letters.` };
}

function validateProfile(p: NewProfile): FieldError[] {
  const errors: (FieldError | null)[] = [
    p.name.trim() ? null : { field: "name", message: 'Name is required, for example "Acme support line".' },
    validateId("appId", "App ID", p.appId),
    validateId("wabaId", "WABA ID", p.wabaId),
    validateId("phoneNumberId", "phone-number ID", p.phoneNumberId),
    /^v\d+\.0$/.test(p.apiVersion.trim())
      ? null
      : { field: "apiVersion", message: `API version must look like v27.0 (a "v", the major number, ".0"); "${p.apiVersion}" does not.` },
    !p.baseUrl?.trim() || /^https?:\/\/[^\s/:]+/.test(p.baseUrl.trim())
      ? null
      : { field: "baseUrl", message: `Base URL must start with https:// or http://; "${p.baseUrl}" does not.` },
  ];
  return errors.filter((e): e is FieldError => e !== null);
}

export const QUALITY_GUIDE: QualityGuide = {
  ratings: [
    { rating: "GREEN", tone: "pass", meaning: "High quality: recipients rarely block or report your messages.", impact: "No restrictions; with steady use the business portfolio's messaging limit scales up automatically.", recovery: "Keep doing what you do: message opted-in users with relevant content." },
    { rating: "YELLOW", tone: "warn", meaning: "Medium quality: blocks and reports are rising.", impact: "The number keeps sending and the portfolio keeps its messaging limit (a lower rating no longer lowers it); the limit does not scale up while quality is not high, and low-quality templates may be paused.", recovery: "Stop the campaign causing blocks and tighten opt-in; the rating recovers as recipients react better. There is no deadline after which the number is flagged or its limit cut." },
    { rating: "RED", tone: "warn", meaning: "Low quality: many recipients block or report your messages.", impact: "The number stays CONNECTED and the portfolio keeps its messaging limit (since 7 Oct 2025 a low rating neither flags the number nor lowers the limit), but the limit will not scale up, the number loses the 1 000 messages/second upgrade, and low-quality templates may be paused or disabled.", recovery: "Stop marketing sends, review templates and audience, and let the rating recover; contact Meta support only if the number's status shows a restriction or ban." },
    { rating: "NA", tone: "neutral", meaning: "Not rated yet: the number has not sent enough messages for Meta to judge.", impact: "No restriction.", recovery: "Nothing to do; the rating appears after the first conversations." },
    { rating: "UNKNOWN", tone: "neutral", meaning: "Not rated yet (some API answers and samples say UNKNOWN instead of NA).", impact: "No restriction.", recovery: "Nothing to do; the rating appears after the first conversations." },
  ],
  lowersIt: [
    "Recipients blocking the number or reporting messages as spam (the main signal).",
    "Messages to people who did not opt in, or too many marketing messages.",
    "Sending to numbers that are not on WhatsApp (131026 failures) over and over.",
    "Content that breaks WhatsApp's Business and Commerce policies.",
  ],
  improvesIt: [
    "Only message users who opted in, and make opting out easy; honour 131050 (stopped marketing).",
    "Keep templates relevant and transactional where possible; watch each template's quality score.",
    "Do not retry numbers that failed with 131026; remove them from your lists.",
    "Spread campaigns out and check the rating (doctor or health panel) after each one.",
  ],
  limits: [
    { rating: "TIER_250", tone: "neutral", meaning: "250 unique users outside a customer-service window per rolling 24 h, for the whole business portfolio.", impact: "Start of every new business portfolio.", recovery: "Verify the business (or complete partner-led verification), or deliver 2 000 messages outside a service window to unique users in 30 days with high-quality templates, to reach 2 000." },
    { rating: "TIER_2K", tone: "neutral", meaning: "2 000 unique users per 24 h (the step after 250 since 7 Oct 2025, replacing 1 000).", impact: "", recovery: "Raised automatically (within about 6 h) when at least half the limit was used in the last 7 days with high-quality messages." },
    { rating: "TIER_10K", tone: "neutral", meaning: "10 000 unique users per 24 h.", impact: "", recovery: "Raised automatically on the same terms." },
    { rating: "TIER_100K", tone: "neutral", meaning: "100 000 unique users per 24 h.", impact: "", recovery: "Raised automatically on the same terms." },
    { rating: "TIER_UNLIMITED", tone: "neutral", meaning: "No daily cap on unique users.", impact: "Also a condition for the 1 000 messages/second throughput upgrade.", recovery: "" },
  ],
  seedCorrections: [
    'The seed suggests validating numbers with a "WhatsApp contacts check" (POST /{phone-id}/contacts). Cloud API has no such endpoint; that was the On-Premises API, retired in October 2025. The only signal that a number is not on WhatsApp is a 131026 failure after sending.',
    "Messaging limits are per business portfolio since 7 Oct 2025, shared by all its numbers, and go 250, 2 000, 10 000, 100 000, unlimited: the 1 000 step (TIER_1K) is gone. Read whatsapp_business_manager_messaging_limit (TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED); messaging_limit_tier is deprecated.",
    "The common guide says a YELLOW number must improve within 7 days or drop to RED with its rate cut, and lists a FLAGGED status. Since 7 Oct 2025 a number cannot be FLAGGED and a falling rating does not lower the messaging limit; quality decides whether the limit scales up and whether the number gets the 1 000 messages/second upgrade.",
  ],
};

const EXPORT_DIR = "/home/admin/Downloads";

/** A stand-in for the SHA-256 chain: 64 hex characters that change with every field and the previous hash. */
function fakeHash(input: string): string {
  let out = "";
  for (let round = 0; round < 8; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < input.length; i++) h = Math.imul(h ^ input.charCodeAt(i), 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

export interface FakeBackendOptions {
  /** Delay of every answer, in ms (the checklist and the doctor take three times as long: they "call Meta"). */
  latencyMs?: number;
  now?: () => Date;
  /** Quality readings already recorded, by profile ID (oldest first). */
  qualityHistory?: Record<string, QualityPoint[]>;
  /** How long a registered number stays PENDING (ms of `now()`); without it, for one read. */
  provisioningMs?: number;
}

export function createFakeBackend({ latencyMs = 0, now = () => new Date(), qualityHistory = {}, provisioningMs }: FakeBackendOptions = {}) {
  const profiles: Profile[] = [
    {
      id: "sandbox",
      name: "Sandbox",
      kind: "sandbox",
      appId: "634974688087057",
      wabaId: "102290129340398",
      phoneNumberId: "106540352242922",
      apiVersion: "v27.0",
      baseUrl: null,
      scenario: "fresh",
      createdAt: "2026-11-20T09:00:00Z",
    },
  ];
  let activeId: string | null = "sandbox";
  const tokens = new Map<string, string>();
  const reports = new Map<string, TokenReport>();
  const quality = new Map<string, QualityPoint[]>(Object.entries(structuredClone(qualityHistory)));
  const audit: AuditEntry[] = [];

  function record(action: AuditAction, profile: Profile | null, target: string | null, ok = true, graphCode: number | null = null) {
    const prev = audit.at(-1)?.hash ?? "0".repeat(64);
    const entry: Omit<AuditEntry, "hash"> = {
      id: audit.length + 1,
      at: now().toISOString(),
      profileId: profile?.id ?? null,
      action,
      target,
      outcome: ok ? "ok" : "failed",
      graphCode,
      durationMs: action === "tokenSet" ? 412 : 3,
    };
    audit.push({ ...entry, hash: fakeHash(prev + JSON.stringify(entry)) });
  }
  // The first start creates the sandbox profile.
  record("profileAdded", profiles[0] ?? null, "Sandbox");
  if (audit[0]) audit[0].at = "2026-11-20T09:00:00Z";

  function profileById(id: unknown): Profile {
    const profile = profiles.find((p) => p.id === id);
    if (!profile) throw commandError("notFound", `There is no profile with ID ${String(id)}.`, "Pick a profile on the Profiles page.");
    return profile;
  }

  /** Tests switch Meta off to see what a call that cannot reach it does. */
  const meta = { offline: false };

  const numbers = createFakeNumbers({ now, profileById, record, provisioningMs });

  /** Meta's verdict on `token` (by default the profile's stored one). */
  function check(profile: Profile, token: string | undefined = tokens.get(profile.id)): TokenReport {
    if (profile.kind !== "sandbox" || token !== SAMPLE_TOKEN) return rejectedReport(now());
    return profile.scenario === "expiringToken" ? expiringUserReport(profile, now()) : passingReport(profile, now());
  }

  function tokenState(profile: Profile): TokenState {
    const report = reports.get(profile.id);
    return report ? { state: "checked", report } : { state: "missing" };
  }

  /** The doctor's inputs for `profile` at `apiVersion`: the version's status and a fresh token check. */
  function doctorInputs(profile: Profile, apiVersion: string) {
    const version = describeVersion(apiVersion, APP_INFO.apiVersions);
    const token = tokens.has(profile.id) ? check(profile) : null;
    if (token) reports.set(profile.id, token);
    return {
      profile,
      apiVersion,
      versionStatus: version.status,
      availableUntil: version.availableUntil,
      token,
      now: now(),
      world: numbers.worldFor(profile),
    } as const;
  }

  function recordQuality(profile: Profile, checks: Check[]) {
    if (checks.find((c) => c.id === "phoneInWaba")?.state !== "pass") return;
    const world = worldOf(profile);
    const history = quality.get(profile.id) ?? [];
    history.push({ at: now().toISOString(), phoneNumberId: profile.phoneNumberId, rating: world.rating, messagingLimit: world.messagingLimit, source: "read" });
    quality.set(profile.id, history);
  }

  function exported(kind: string, subject: string, extension: string, contents: string): ExportedFile {
    const name = ["waba", kind, slug(subject), stamp(now())].filter(Boolean).join("-");
    return { path: `${EXPORT_DIR}/${name}.${extension}`, bytes: new TextEncoder().encode(contents).length };
  }

  /** What the active profile's own state says about an error, as the service adds it. */
  function diagnosisContext(d: Diagnosis, profile: Profile): string[] {
    if (d.code === 131047 || d.code === 132001) {
      const approved = worldOf(profile).templates.filter((t) => t.status === "APPROVED");
      return approved.length
        ? [`${profile.name} has approved templates you can send instead: ${approved.map((t) => `${t.name} (${t.language})`).join(", ")}.`]
        : [`${profile.name} has no approved template yet: create one (a UTILITY template is approved fastest) before you can reach this user.`];
    }
    if (d.code === 190) {
      const report = reports.get(profile.id);
      if (!report) return [`No token is stored for ${profile.name}.`];
      return report.valid
        ? [`The token stored for ${profile.name} is valid now: this error came from another token or an earlier one.`]
        : [`The token stored for ${profile.name} is refused by Meta too.`];
    }
    return [];
  }

  function verification(): AuditLog["verification"] {
    return { intact: true, entriesChecked: audit.length, findings: [], key: "present", keyProblem: null, unkeyedEntries: 0, unverifiedEntries: 0 };
  }

  const commands: CommandHandlers = {
    app_info: () => APP_INFO,
    /** The window reports its own errors to the log file; the fake has no log. */
    log_webview_error: () => null,
    list_profiles: (): ProfileList => ({ profiles: structuredClone(profiles), activeId }),
    add_profile: ({ profile }) => {
      const draft = profile;
      const errors = validateProfile(draft);
      if (errors.length) throw invalidFields(errors);
      const created: Profile = {
        id: `p${profiles.length + 1}`,
        name: draft.name.trim(),
        kind: "real",
        appId: draft.appId.trim(),
        wabaId: draft.wabaId.trim(),
        phoneNumberId: draft.phoneNumberId.trim(),
        apiVersion: draft.apiVersion.trim(),
        baseUrl: draft.baseUrl?.trim().replace(/\/$/, "") || null,
        scenario: null,
        createdAt: now().toISOString(),
      };
      profiles.push(created);
      record("profileAdded", created, created.name);
      return created;
    },
    remove_profile: ({ profileId }) => {
      const profile = profileById(profileId);
      if (profile.kind === "sandbox") throw commandError("invalidInput", "The sandbox profile cannot be removed.");
      profiles.splice(profiles.indexOf(profile), 1);
      tokens.delete(profile.id);
      reports.delete(profile.id);
      if (activeId === profile.id) activeId = profiles[0]?.id ?? null;
      record("profileRemoved", profile, profile.name);
      return null;
    },
    set_active_profile: ({ profileId }) => {
      const profile = profileById(profileId);
      activeId = profile.id;
      record("profileActivated", profile, profile.name);
      return null;
    },
    sandbox_info: (): SandboxInfo => ({ scenarios: SCENARIOS, sampleToken: SAMPLE_TOKEN, baseUrl: "http://127.0.0.1:41017" }),
    set_sandbox_scenario: ({ request }) => {
      const { profileId, scenario } = request;
      const profile = profileById(profileId);
      if (!SCENARIOS.some((s) => s.name === scenario)) throw commandError("notFound", `There is no sandbox scenario named ${scenario}.`);
      profile.scenario = scenario;
      numbers.reset(profile.id);
      if (tokens.has(profile.id)) reports.set(profile.id, check(profile));
      record("scenarioChanged", profile, scenario);
      return profile;
    },
    set_token: ({ request }) => {
      const { profileId, token, storeUnverified } = request;
      const profile = profileById(profileId);
      const cleaned = token.trim().replace(/^Bearer /, "").trim();
      if (!cleaned) {
        throw invalidFields([{ field: "token", message: "The token is empty. Paste the System User token from Meta Business Settings > System users > Generate token." }]);
      }
      if (/\s/.test(cleaned)) {
        throw invalidFields([{ field: "token", message: "The token contains spaces or line breaks, so more than the token was pasted. Copy only the token (it starts with EAA) and paste it again." }]);
      }
      if (meta.offline) {
        if (!storeUnverified) {
          record("tokenSet", profile, profile.name, false);
          throw cannotCheckToken(unreachable());
        }
        tokens.set(profile.id, cleaned);
        reports.delete(profile.id);
        record("tokenSet", profile, `${profile.name} (unverified)`);
        return { stored: true, report: null } satisfies TokenSaved;
      }
      // Checked with Meta first: a token Meta refuses is never stored, and the profile keeps the token it had.
      const report = check(profile, cleaned);
      const rejection = report.rejection?.details;
      record("tokenSet", profile, profile.name, report.valid, rejection?.kind === "graph" ? rejection.code : null);
      if (!report.valid) return { stored: false, report } satisfies TokenSaved;
      tokens.set(profile.id, cleaned);
      reports.set(profile.id, report);
      return { stored: true, report } satisfies TokenSaved;
    },
    clear_token: ({ profileId }) => {
      const profile = profileById(profileId);
      tokens.delete(profile.id);
      reports.delete(profile.id);
      record("tokenCleared", profile, profile.name);
      return null;
    },
    get_checklist: ({ profileId }) => {
      const profile = profileById(profileId);
      const checks = judgeChecks(doctorInputs(profile, profile.apiVersion));
      return buildChecklist(profile, tokenState(profile), checks);
    },
    run_doctor: ({ request }): DoctorReport => {
      const { profileId, apiVersion } = request;
      const profile = profileById(profileId);
      const version = apiVersion?.trim() || profile.apiVersion;
      if (!/^v\d+\.0$/.test(version)) {
        throw invalidFields([{ field: "apiVersion", message: `API version must look like v27.0 (a "v", the major number, ".0"); "${version}" does not.` }]);
      }
      const report = doctorReport(doctorInputs(profile, version), tokens.has(profile.id) ? 180 + latencyMs * 3 : 4);
      recordQuality(profile, report.checks);
      return report;
    },
    export_doctor: ({ report, format }): ExportedFile => {
      const doctor = report;
      if (format === "markdown") return exported("doctor", doctor.profileName, "md", doctorMarkdown(doctor));
      if (format === "json") return exported("doctor", doctor.profileName, "json", JSON.stringify(doctor, null, 2));
      throw invalidFields([{ field: "format", message: `The doctor report can be exported as Markdown or JSON, not ${String(format)}.` }]);
    },
    diagnose: ({ input, profileId }) => {
      const active = profiles.find((p) => p.id === profileId);
      return fakeDiagnose(typeof input === "string" ? input : "", (d) => (active ? diagnosisContext(d, active) : []));
    },
    audit_log: ({ limit }): AuditLog => ({
      entries: audit.slice().reverse().slice(0, Number(limit ?? 1000)),
      verification: verification(),
    }),
    export_audit: ({ format }): ExportedFile => {
      const oldestFirst = audit.slice();
      if (format === "json") return exported("audit", "", "json", JSON.stringify({ entries: oldestFirst, verification: verification() }, null, 2));
      if (format === "csv") {
        const rows = oldestFirst.map((e) => [e.id, e.at, e.profileId ?? "", e.action, e.target ?? "", e.outcome, e.graphCode ?? "", e.durationMs, e.hash].join(","));
        return exported("audit", "", "csv", ["id,at,profile_id,action,target,outcome,graph_code,duration_ms,hash", ...rows].join("\n"));
      }
      throw invalidFields([{ field: "format", message: `The audit log can be exported as CSV or JSON, not ${String(format)}.` }]);
    },
    quality_guide: () => QUALITY_GUIDE,
    quality_history: ({ profileId }): QualityPoint[] => quality.get(profileById(profileId).id) ?? [],
    ...numbers.commands,
  };

  /** The mockIPC handler: answers like the backend, rejecting with a CommandError. */
  async function handle(command: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const slow = command === "get_checklist" || command === "set_token" || command === "run_doctor";
    const delay = slow ? latencyMs * 3 : latencyMs;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    if (!isCommandName(command)) throw commandError("internal", `The fake backend has no command ${command}.`);
    return structuredClone(dispatch(commands, command, args));
  }

  return { handle, tokens, audit, quality, meta };
}
