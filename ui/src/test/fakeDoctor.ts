// The fake backend's doctor: the fifteen checks judged against a simulated WABA per sandbox scenario,
// with the same titles, dependencies, evidence shapes, fixes and actions as waba-service/src/doctor.rs.
import type { Check } from "../bindings/Check";
import type { CheckId } from "../bindings/CheckId";
import type { CheckState } from "../bindings/CheckState";
import type { DoctorReport } from "../bindings/DoctorReport";
import type { Evidence } from "../bindings/Evidence";
import type { FixAction } from "../bindings/FixAction";
import type { Profile } from "../bindings/Profile";
import type { TokenReport } from "../bindings/TokenReport";
import type { VersionStatus } from "../bindings/VersionStatus";

export const CHECK_TITLES: Record<CheckId, string> = {
  tokenValid: "Token valid",
  tokenNeverExpires: "Token never expires",
  tokenScopes: "System User token with both WhatsApp permissions",
  tokenWabaAccess: "Token reaches this WABA",
  phoneInWaba: "Phone-number ID belongs to the WABA",
  ownershipVerified: "Ownership verified",
  twoStepPin: "Two-step verification PIN set",
  registered: "Registered and CONNECTED",
  canSend: "Health: can send messages",
  apiVersion: "API version supported",
  wabaSubscribed: "WABA subscribed to the app",
  webhookVerified: "Webhook callback verified",
  approvedTemplate: "At least one approved template",
  quality: "Quality rating and messaging limit",
  recentThrottling: "Recent throttling",
};

/** The checks each check needs to pass first. */
const NEEDS: Record<CheckId, CheckId[]> = {
  tokenValid: [],
  tokenNeverExpires: ["tokenValid"],
  tokenScopes: ["tokenValid"],
  tokenWabaAccess: ["tokenValid"],
  phoneInWaba: ["tokenValid"],
  ownershipVerified: ["tokenValid", "phoneInWaba"],
  twoStepPin: ["tokenValid", "phoneInWaba"],
  registered: ["tokenValid", "phoneInWaba"],
  canSend: ["tokenValid", "phoneInWaba"],
  apiVersion: [],
  wabaSubscribed: ["tokenValid"],
  webhookVerified: ["tokenValid", "phoneInWaba"],
  approvedTemplate: ["tokenValid"],
  quality: ["tokenValid", "phoneInWaba"],
  recentThrottling: [],
};

export const CHECK_IDS = Object.keys(CHECK_TITLES) as CheckId[];
export const GRAPH_CALLS = 6;

/** The simulated account behind a sandbox scenario. */
export interface World {
  displayNumber: string;
  codeVerification: string;
  pinEnabled: boolean;
  status: string;
  platformType: string;
  canSend: string;
  subscribedAppName: string | null;
  webhook: string | null;
  templates: { name: string; language: string; status: string }[];
  rating: string;
  messagingLimit: string;
}

const HEALTHY: World = {
  displayNumber: "+1 555-010-0199",
  codeVerification: "VERIFIED",
  pinEnabled: true,
  status: "CONNECTED",
  platformType: "CLOUD_API",
  canSend: "AVAILABLE",
  subscribedAppName: "Sandbox app",
  webhook: "https://hooks.example.com/whatsapp",
  templates: [
    { name: "hello_world", language: "en_US", status: "APPROVED" },
    { name: "order_update", language: "en_US", status: "PENDING" },
  ],
  rating: "GREEN",
  messagingLimit: "TIER_2K",
};

const FRESH: World = {
  displayNumber: "+1 555-010-0199",
  codeVerification: "NOT_VERIFIED",
  pinEnabled: false,
  status: "PENDING",
  platformType: "NOT_APPLICABLE",
  canSend: "BLOCKED",
  subscribedAppName: null,
  webhook: null,
  templates: [],
  rating: "NA",
  messagingLimit: "TIER_250",
};

export function worldOf(profile: Profile): World {
  return profile.scenario === "fresh" ? FRESH : HEALTHY;
}

type Verdict = [CheckState, string, Evidence[], string | null, FixAction | null];

interface Inputs {
  profile: Profile;
  apiVersion: string;
  versionStatus: VersionStatus;
  availableUntil: string | null;
  /** The token check of the stored token; null when none is stored. */
  token: TokenReport | null;
  now: Date;
  /** The number as the Numbers page left it; the scenario's when absent. */
  world?: World;
}

export function judgeChecks({ profile, apiVersion, versionStatus, availableUntil, token, now, world: numberWorld }: Inputs): Check[] {
  const at = now.toISOString();
  const ev = (source: string, answer: string): Evidence => ({ source, answer, at });
  const call = (path: string) => `GET /${apiVersion}/${path}`;
  const phoneCall = (fields: string) => call(`${profile.phoneNumberId}?fields=${fields}`);
  const debug = call("debug_token");
  const world = numberWorld ?? worldOf(profile);
  const finding = (topics: string[]) => token?.findings.find((f) => topics.includes(f.topic));

  const verdicts: Record<CheckId, () => Verdict> = {
    tokenValid: () => {
      if (!token) return ["fail", "No token is stored for this profile.", [ev("OS keychain", "no token stored")], "Open the Token page and paste the System User token.", "replaceToken"];
      if (token.rejection) {
        const said = token.rejection.details?.kind === "graph" ? token.rejection.details.graphMessage : "is_valid: false";
        const f = finding(["validity"]);
        return ["fail", f?.title ?? token.rejection.message, [ev(debug, said)], f?.fix ?? null, "replaceToken"];
      }
      return ["pass", "Meta accepts the token.", [ev(debug, "is_valid: true")], null, null];
    },
    tokenNeverExpires: () => {
      const evidence = [ev(debug, token?.expiresAt ? `expires_at: ${token.expiresAt}` : "expires_at: 0 (never)")];
      const f = finding(["expiry"]);
      return f ? ["warn", f.title, evidence, f.fix, "replaceToken"] : ["pass", "The token never expires.", evidence, null, null];
    },
    tokenScopes: () => {
      const type = token?.tokenType === "systemUser" ? "SYSTEM_USER" : (token?.tokenType ?? "unknown").toUpperCase();
      const evidence = [ev(debug, `type: ${type}, scopes: ${token?.scopes.join(", ") ?? ""}`)];
      const fails = token?.findings.filter((f) => f.severity === "fail" && (f.topic === "kind" || f.topic === "scopes")) ?? [];
      return fails[0]
        ? ["fail", fails.map((f) => f.title).join(" "), evidence, fails[0].fix, "replaceToken"]
        : ["pass", "A System User token with both WhatsApp permissions.", evidence, null, null];
    },
    tokenWabaAccess: () => {
      const granted = token?.wabaAccess.state === "granted" ? `granular_scopes list ${profile.wabaId}` : "granular_scopes not restricted to assets";
      const evidence = [ev(debug, granted), ...(token?.wabaName ? [ev(call(profile.wabaId), `name: ${token.wabaName}`)] : [])];
      return ["pass", `The token reads WABA ${profile.wabaId}.`, evidence, null, null];
    },
    phoneInWaba: () => [
      "pass",
      `${profile.phoneNumberId} is ${world.displayNumber} in this WABA.`,
      [ev(call(`${profile.wabaId}/phone_numbers`), `${profile.phoneNumberId} (${world.displayNumber})`)],
      null,
      null,
    ],
    ownershipVerified: () => {
      const evidence = [ev(phoneCall("code_verification_status"), world.codeVerification)];
      return world.codeVerification === "VERIFIED"
        ? ["pass", "Ownership of the number is verified.", evidence, null, null]
        : [
            "fail",
            `Ownership is ${world.codeVerification}: the number cannot be registered until it is verified.`,
            evidence,
            "Request a code by SMS or voice (POST /{phone-number-id}/request_code) and enter it (verify_code). A verification lasts 14 days.",
            "verifyOwnership",
          ];
    },
    twoStepPin: () => {
      const evidence = [ev(phoneCall("is_pin_enabled"), `Some(${world.pinEnabled})`)];
      return world.pinEnabled
        ? ["pass", "A two-step verification PIN is set.", evidence, null, null]
        : [
            "fail",
            "No two-step verification PIN is set.",
            evidence,
            'Set a six-digit PIN with POST /{phone-number-id} {"pin": "NNNNNN"} (the seed\'s /two_step_verification path does not exist); registering also sets it.',
            "setPin",
          ];
    },
    registered: () => {
      const evidence = [ev(phoneCall("status,platform_type"), `status: ${world.status}, platform_type: ${world.platformType}`)];
      return world.status === "CONNECTED"
        ? ["pass", "Registered on the Cloud API and CONNECTED.", evidence, null, null]
        : [
            "fail",
            `Not registered (status ${world.status}). "REGISTERED" is not a status Graph uses; CONNECTED is the goal.`,
            evidence,
            "Register the number: POST /{phone-number-id}/register with messaging_product and the PIN. Meta allows 10 register calls per 72 h.",
            "registerNumber",
          ];
    },
    canSend: () => {
      if (world.canSend === "AVAILABLE") {
        return ["pass", "Meta reports the number can send messages.", [ev(phoneCall("health_status"), "can_send_message: AVAILABLE")], null, null];
      }
      return [
        "fail",
        `Meta reports the number cannot send messages (${world.canSend}).`,
        [
          ev(phoneCall("health_status"), `can_send_message: ${world.canSend}`),
          ev(phoneCall("health_status"), `PHONE_NUMBER ${profile.phoneNumberId}: Phone number is not registered (141000)`),
        ],
        "Register the phone number on the Cloud API.",
        "registerNumber",
      ];
    },
    apiVersion: () => {
      const until = availableUntil ?? "not announced";
      const evidence = [ev("built-in version table (Meta's changelog)", `${apiVersion}: available until ${until}`)];
      const advice = "Switch the profile to v27.0 (run the doctor against it first).";
      switch (versionStatus) {
        case "current":
          return ["pass", `${apiVersion} is served until ${until}.`, evidence, null, null];
        case "expiringSoon":
          return ["warn", `${apiVersion} stops being served on ${until}.`, evidence, advice, null];
        case "expired":
          return ["fail", `${apiVersion} expired on ${until}; Meta serves the oldest live version instead, which can change behaviour.`, evidence, advice, null];
        case "newer":
          return ["pass", `${apiVersion} is newer than this console knows (its version table was last updated on 2026-12-01); Meta's changelog has its end date.`, evidence, null, null];
        case "unknown":
          return ["warn", `${apiVersion} is not in the console's table (older than every version it lists, or mistyped).`, evidence, advice, null];
      }
    },
    wabaSubscribed: () => {
      const source = call(`${profile.wabaId}/subscribed_apps`);
      return world.subscribedAppName
        ? ["pass", `The WABA is subscribed to app ${profile.appId}.`, [ev(source, `${world.subscribedAppName} (${profile.appId})`)], null, null]
        : [
            "fail",
            `App ${profile.appId} is not subscribed to the WABA, so its webhooks never arrive.`,
            [ev(source, "data: []")],
            "Subscribe the app: POST /{waba-id}/subscribed_apps (before setting any override_callback_uri).",
            "subscribeWaba",
          ];
    },
    webhookVerified: () => {
      const source = phoneCall("webhook_configuration");
      return world.webhook
        ? [
            "pass",
            `Webhooks for this number go to ${world.webhook} (the app callback wins: phone number over WABA over app). Meta saved it only after its verification challenge succeeded.`,
            [ev(source, `app: ${world.webhook}`)],
            null,
            null,
          ]
        : [
            "fail",
            "No webhook callback URL is set for this number, its WABA or the app.",
            [ev(source, "none")],
            "In the App Dashboard > WhatsApp > Configuration, enter your HTTPS callback URL and verify token; Meta saves it once your endpoint answers the hub.challenge.",
            null,
          ];
    },
    approvedTemplate: () => {
      const listed = world.templates.map((t) => `${t.name} (${t.language}, ${t.status})`);
      const evidence = [ev(call(`${profile.wabaId}/message_templates`), listed.length ? listed.join(", ") : "data: []")];
      const approved = world.templates.filter((t) => t.status === "APPROVED").map((t) => t.name);
      return approved.length
        ? ["pass", `${approved.length} approved: ${approved.join(", ")}.`, evidence, null, null]
        : [
            "fail",
            "No template is APPROVED, so the number cannot start a conversation.",
            evidence,
            "Create a template (a UTILITY one is approved fastest) and wait for Meta's review; the first message to any user must be a template.",
            null,
          ];
    },
    quality: () => {
      const meaning =
        world.rating === "GREEN"
          ? "High quality: recipients rarely block or report your messages."
          : "Not rated yet: the number has not sent enough messages for Meta to judge.";
      return [
        "pass",
        `Quality ${world.rating}: ${meaning} Messaging limit ${world.messagingLimit}.`,
        [ev(phoneCall("quality_rating,whatsapp_business_manager_messaging_limit"), `quality_rating: ${world.rating}, messaging limit: ${world.messagingLimit}`)],
        null,
        null,
      ];
    },
    // Mirrors the backend until the console sends messages: nothing to judge yet.
    recentThrottling: () => ["notChecked", "No sends yet: throttling (130429, 131056, 131048) shows in the answers to messages sent, and the console has not sent any, so there is nothing to check.", [], null, null],
  };

  const checks: Check[] = [];
  for (const id of CHECK_IDS) {
    const blocker = NEEDS[id].find((need) => checks.find((c) => c.id === need)?.state !== "pass");
    if (blocker) {
      checks.push({
        id,
        title: CHECK_TITLES[id],
        state: "skipped",
        summary: `Skipped: "${CHECK_TITLES[blocker]}" did not pass.`,
        evidence: [],
        fix: null,
        action: null,
        skippedBecause: blocker,
      });
      continue;
    }
    const [state, summary, evidence, fix, action] = verdicts[id]();
    checks.push({ id, title: CHECK_TITLES[id], state, summary, evidence, fix, action, skippedBecause: null });
  }
  return checks;
}

export function doctorReport(inputs: Inputs, wallMs: number): DoctorReport {
  const checks = judgeChecks(inputs);
  const count = (state: CheckState) => checks.filter((c) => c.state === state).length;
  return {
    profileId: inputs.profile.id,
    profileName: inputs.profile.name,
    apiVersion: inputs.apiVersion,
    startedAt: inputs.now.toISOString(),
    wallMs,
    graphCalls: inputs.token ? GRAPH_CALLS : 0,
    checks,
    counts: { pass: count("pass"), warn: count("warn"), fail: count("fail"), skipped: count("skipped") },
  };
}

/** The report as the backend's Markdown export writes it. */
export function doctorMarkdown(report: DoctorReport): string {
  const { counts } = report;
  let out = `# WABA Console doctor: ${report.profileName}\n\nAPI version ${report.apiVersion} · run ${report.startedAt} · ${report.wallMs} ms · ${report.graphCalls} Graph calls\n\n**${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail, ${counts.skipped} skipped**\n`;
  for (const c of report.checks) {
    out += `\n## ${c.state.toUpperCase()} ${c.title}\n\n${c.summary}\n`;
    for (const e of c.evidence) out += `\n- \`${e.source}\` → ${e.answer} (${e.at})`;
    if (c.fix) out += `\n\n**Fix:** ${c.fix}`;
    out += "\n";
  }
  return out;
}
