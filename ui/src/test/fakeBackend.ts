// An in-memory stand-in for the Rust backend, behaving plausibly enough for component tests and the mockIPC e2e page.
import type { AppInfo } from "../bindings/AppInfo";
import type { Checklist } from "../bindings/Checklist";
import type { ChecklistStep } from "../bindings/ChecklistStep";
import type { CommandError } from "../bindings/CommandError";
import type { FieldError } from "../bindings/FieldError";
import type { NewProfile } from "../bindings/NewProfile";
import type { Profile } from "../bindings/Profile";
import type { ProfileList } from "../bindings/ProfileList";
import type { SandboxInfo } from "../bindings/SandboxInfo";
import type { SetScenarioRequest } from "../bindings/SetScenarioRequest";
import type { TokenType } from "../bindings/TokenType";
import type { SetTokenRequest } from "../bindings/SetTokenRequest";
import type { StepId } from "../bindings/StepId";
import type { StepState } from "../bindings/StepState";
import type { TokenReport } from "../bindings/TokenReport";
import type { TokenState } from "../bindings/TokenState";

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
  defaultApiVersion: "v26.0",
  apiVersions: [
    { name: "v26.0", released: "2026-07-29", availableUntil: null, status: "current" },
    { name: "v25.0", released: "2026-02-18", availableUntil: "2028-07-29", status: "current" },
    { name: "v24.0", released: "2025-10-08", availableUntil: "2028-02-18", status: "current" },
    { name: "v23.0", released: "2025-05-29", availableUntil: "2027-10-08", status: "current" },
    { name: "v22.0", released: "2025-01-21", availableUntil: "2027-05-20", status: "current" },
    { name: "v21.0", released: "2024-10-02", availableUntil: "2027-01-21", status: "expiringSoon" },
    { name: "v20.0", released: "2024-05-21", availableUntil: "2026-09-24", status: "expired" },
  ],
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
  { id: "numberInWaba", title: "Phone number in the WABA", meaning: "The profile's phone-number ID is one of the numbers of its WhatsApp Business Account.", checkedBy: "Numbers" },
  { id: "ownershipVerified", title: "Ownership verified", meaning: "The number proved it is yours with an SMS or voice code (code_verification_status VERIFIED).", checkedBy: "Numbers" },
  { id: "twoStepPin", title: "Two-step verification PIN set", meaning: "A six-digit PIN protects the number; it is set with POST /{phone-number-id} {\"pin\"}.", checkedBy: "Numbers" },
  { id: "registered", title: "Registered and CONNECTED", meaning: "POST /{phone-number-id}/register succeeded and the number's status is CONNECTED on the Cloud API.", checkedBy: "Numbers" },
  { id: "wabaSubscribed", title: "WABA subscribed to the app", meaning: "POST /{waba-id}/subscribed_apps links the WABA to your app so its webhooks reach you.", checkedBy: "Webhooks" },
  { id: "webhookVerified", title: "Webhook verified", meaning: "Your callback URL answered Meta's verification challenge and checks the X-Hub-Signature-256 of each delivery.", checkedBy: "Webhooks" },
  { id: "approvedTemplate", title: "An approved template", meaning: "At least one message template is APPROVED, so you can start conversations outside the 24-hour window.", checkedBy: "Templates" },
  { id: "testMessage", title: "A test message delivered", meaning: "A message sent from the console reached a phone and its delivered status webhook arrived.", checkedBy: "Test send" },
];

function commandError(code: CommandError["code"], message: string, action: string | null = null): CommandError {
  return { code, message, action, details: null };
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

export function buildChecklist(profile: Profile, token: TokenState): Checklist {
  const checkedAt = token.state === "checked" ? token.report.checkedAt : null;
  const steps: ChecklistStep[] = STEPS.map((def) => {
    const live = def.id === "metaApp" || def.id === "systemUser" || def.id === "token";
    const verdict: Verdict = live
      ? tokenStep(def.id, profile, token)
      : { state: "notChecked", summary: `Not checked yet: the ${def.checkedBy} page will check this.` };
    return {
      ...def,
      state: verdict.state,
      summary: verdict.summary,
      evidence: verdict.evidence ?? [],
      fix: verdict.fix ?? null,
      checkedAt: live ? checkedAt : null,
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
      : { field: "apiVersion", message: `API version must look like v26.0 (a "v", the major number, ".0"); "${p.apiVersion}" does not.` },
    !p.baseUrl?.trim() || /^https?:\/\/[^\s/:]+/.test(p.baseUrl.trim())
      ? null
      : { field: "baseUrl", message: `Base URL must start with https:// or http://; "${p.baseUrl}" does not.` },
  ];
  return errors.filter((e): e is FieldError => e !== null);
}

export interface FakeBackendOptions {
  /** Delay of every answer, in ms (the checklist takes three times as long: it "calls Meta"). */
  latencyMs?: number;
  now?: () => Date;
}

export function createFakeBackend({ latencyMs = 0, now = () => new Date() }: FakeBackendOptions = {}) {
  const profiles: Profile[] = [
    {
      id: "sandbox",
      name: "Sandbox",
      kind: "sandbox",
      appId: "634974688087057",
      wabaId: "102290129340398",
      phoneNumberId: "106540352242922",
      apiVersion: "v26.0",
      baseUrl: null,
      scenario: "fresh",
      createdAt: "2026-11-20T09:00:00Z",
    },
  ];
  let activeId: string | null = "sandbox";
  const tokens = new Map<string, string>();
  const reports = new Map<string, TokenReport>();

  function profileById(id: unknown): Profile {
    const profile = profiles.find((p) => p.id === id);
    if (!profile) throw commandError("notFound", `There is no profile with ID ${String(id)}.`, "Pick a profile on the Profiles page.");
    return profile;
  }

  function check(profile: Profile): TokenReport {
    const token = tokens.get(profile.id);
    if (profile.kind !== "sandbox" || token !== SAMPLE_TOKEN) return rejectedReport(now());
    return profile.scenario === "expiringToken" ? expiringUserReport(profile, now()) : passingReport(profile, now());
  }

  function tokenState(profile: Profile): TokenState {
    const report = reports.get(profile.id);
    return report ? { state: "checked", report } : { state: "missing" };
  }

  const commands: Record<string, (args: Record<string, unknown>) => unknown> = {
    app_info: () => APP_INFO,
    list_profiles: (): ProfileList => ({ profiles: structuredClone(profiles), activeId }),
    add_profile: ({ profile }) => {
      const draft = profile as NewProfile;
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
      return created;
    },
    remove_profile: ({ profileId }) => {
      const profile = profileById(profileId);
      if (profile.kind === "sandbox") throw commandError("invalidInput", "The sandbox profile cannot be removed.");
      profiles.splice(profiles.indexOf(profile), 1);
      tokens.delete(profile.id);
      reports.delete(profile.id);
      if (activeId === profile.id) activeId = profiles[0]?.id ?? null;
      return null;
    },
    set_active_profile: ({ profileId }) => {
      activeId = profileById(profileId).id;
      return null;
    },
    sandbox_info: (): SandboxInfo => ({ scenarios: SCENARIOS, sampleToken: SAMPLE_TOKEN, baseUrl: "http://127.0.0.1:41017" }),
    set_sandbox_scenario: ({ request }) => {
      const { profileId, scenario } = request as SetScenarioRequest;
      const profile = profileById(profileId);
      if (!SCENARIOS.some((s) => s.name === scenario)) throw commandError("notFound", `There is no sandbox scenario named ${scenario}.`);
      profile.scenario = scenario;
      if (tokens.has(profile.id)) reports.set(profile.id, check(profile));
      return profile;
    },
    set_token: ({ request }) => {
      const { profileId, token } = request as SetTokenRequest;
      const profile = profileById(profileId);
      const cleaned = token.trim().replace(/^Bearer /, "").trim();
      if (!cleaned) {
        throw invalidFields([{ field: "token", message: "The token is empty. Paste the System User token from Meta Business Settings > System users > Generate token." }]);
      }
      if (/\s/.test(cleaned)) {
        throw invalidFields([{ field: "token", message: "The token contains spaces or line breaks, so more than the token was pasted. Copy only the token (it starts with EAA) and paste it again." }]);
      }
      tokens.set(profile.id, cleaned);
      const report = check(profile);
      reports.set(profile.id, report);
      return report;
    },
    clear_token: ({ profileId }) => {
      const profile = profileById(profileId);
      tokens.delete(profile.id);
      reports.delete(profile.id);
      return null;
    },
    get_checklist: ({ profileId }) => {
      const profile = profileById(profileId);
      if (tokens.has(profile.id)) reports.set(profile.id, check(profile));
      return buildChecklist(profile, tokenState(profile));
    },
  };

  /** The mockIPC handler: answers like the backend, rejecting with a CommandError. */
  async function handle(command: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const delay = command === "get_checklist" || command === "set_token" ? latencyMs * 3 : latencyMs;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const run = commands[command];
    if (!run) throw commandError("internal", `The fake backend has no command ${command}.`);
    return structuredClone(run(args));
  }

  return { handle, tokens };
}
