// The fake backend's phone numbers: a small state machine per number like the sandbox's (waba-sim registration):
// ownership code, two-step PIN, register with Meta's 10-per-72-h limit and the console's confirmation past 7,
// provisioning (PENDING for a read, or for `provisioningMs` of time, then CONNECTED), deregister, and "what is this ID?".
import type { AttemptBudget } from "../bindings/AttemptBudget";
import type { AttemptKind } from "../bindings/AttemptKind";
import type { CommandError } from "../bindings/CommandError";
import type { Diagnosis } from "../bindings/Diagnosis";
import type { IdCheck } from "../bindings/IdCheck";
import type { NumberHealth } from "../bindings/NumberHealth";
import type { Profile } from "../bindings/Profile";
import type { AuditAction } from "../bindings/AuditAction";
import { FIX_ACTIONS } from "./fixActionTable";
import { diagnosisFor, emptyMetaSaid } from "./fakeDiagnose";
import { worldOf, type World } from "./fakeDoctor";
import type { CommandHandlers } from "./commandHandlers";
import type { Explained } from "../bindings/Explained";
import type { Tone } from "../bindings/Tone";

/** The code the fake "SMS" always carries. */
export const FAKE_OWNERSHIP_CODE = "123456";
export const ATTEMPT_LIMIT = 10;
export const CONFIRM_FROM = 7;
const WINDOW_HOURS = 72;
/** Reads of the number after a register that still say PENDING. */
const PROVISIONING_READS = 1;

const STATUS_MEANING: Record<string, string> = {
  CONNECTED: "Registered on the Cloud API: it can send and receive messages.",
  PENDING: "Added to the WABA but not registered yet (or registration is still being provisioned).",
  DISCONNECTED: "The number lost its connection to the platform; register it again.",
};

/** Tones of the values this fake produces (the real ones come from waba_core::graph_states). */
const TONE: Record<string, Tone> = {
  CONNECTED: "pass", PENDING: "warn", DISCONNECTED: "fail", VERIFIED: "pass", NOT_VERIFIED: "warn", EXPIRED: "fail",
  GREEN: "pass", YELLOW: "warn", RED: "warn", AVAILABLE: "pass", LIMITED: "warn", BLOCKED: "fail", CLOUD_API: "pass", NOT_APPLICABLE: "warn",
};

function explained(value: string, meaning = STATUS_MEANING[value] ?? ""): Explained<string> {
  return { value, tone: TONE[value] ?? "neutral", meaning };
}

interface NumberState {
  id: string;
  displayNumber: string;
  verifiedName: string;
  codeVerification: string;
  /** The PIN the number is protected with (null: no two-step verification yet). */
  pin: string | null;
  codeSent: boolean;
  status: string;
  platformType: string;
  pendingReads: number;
  /** When the last register call succeeded (provisioning by time). */
  registeredAt: number | null;
  rating: string;
  /** Display-name review: a connected number whose name is not approved is LIMITED (as in the sandbox). */
  nameStatus: string;
  messagingLimit: string;
  attempts: Record<AttemptKind, Date[]>;
}

type Catalogue = Pick<Diagnosis, "title" | "meaning" | "causes" | "fix" | "action" | "category">;

const REGISTER_ERRORS: Record<number, Catalogue & { message: string }> = {
  133005: {
    message: "Two step verification PIN Mismatch",
    title: "Two-step verification PIN mismatch",
    meaning: "The number has a two-step PIN and the PIN sent with /register is not it.",
    causes: ["A typo in the PIN.", "Someone set another PIN in WhatsApp Manager or with POST /{phone-number-id}."],
    fix: ["Type the current PIN again.", "Forgot it? Set a new one with the 2FA PIN card (POST /{phone-number-id} {\"pin\"}), then register with it."],
    action: "setPin",
    category: "integrity",
  },
  133006: {
    message: "Phone number needs to be verified before registering",
    title: "Phone number ownership not verified",
    meaning: "Only numbers whose ownership is VERIFIED (an SMS or voice code, valid 14 days) can register.",
    causes: ["The code was never requested and verified.", "The verification is older than 14 days (EXPIRED)."],
    fix: ["Request a code by SMS or voice on this page.", "Type the six-digit code and verify it, then register again."],
    action: "verifyOwnership",
    category: "integrity",
  },
  133016: {
    message: "Account register deregister rate limit exceeded",
    title: "Register/deregister limit reached",
    meaning: "A number can be registered (or deregistered) 10 times in 72 hours.",
    causes: ["Repeated register attempts, usually retries after another error."],
    fix: ["Wait until the oldest attempt leaves the 72-hour window.", "Fix the cause of the earlier failures before trying again."],
    action: null,
    category: "throttling",
  },
};

export function registerGraphError(code: number, id: string): CommandError {
  const entry = REGISTER_ERRORS[code];
  if (!entry) throw new Error(`no fake register error ${code}`);
  const fbtraceId = `AnUm${code}fake${id.slice(-4)}`;
  const said = { ...emptyMetaSaid("graphResponse"), message: entry.message, fbtraceId };
  const diagnosis: Diagnosis = {
    ...diagnosisFor(code, null, said),
    known: true,
    title: entry.title,
    meaning: entry.meaning,
    causes: entry.causes,
    fix: entry.fix,
    category: entry.category,
    retry: { canHelp: false, when: "Retrying sends the same answer and uses one of the 10 attempts; fix the cause first." },
    channel: "sync",
    httpStatus: 400,
    action: entry.action,
    actionLabel: entry.action ? FIX_ACTIONS[entry.action].label : null,
    docUrl: "https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes",
  };
  return {
    code: "graph",
    message: `Meta refused the registration: ${entry.message}.`,
    action: entry.fix[0] ?? null,
    details: {
      kind: "graph",
      httpStatus: 400,
      code,
      subcode: null,
      errorType: "OAuthException",
      graphMessage: entry.message,
      details: null,
      fbtraceId,
      userTitle: null,
      userMsg: null,
      isTransient: false,
      wwwAuthenticate: null,
      raw: JSON.stringify({ error: { message: entry.message, type: "OAuthException", code, fbtrace_id: fbtraceId } }),
      diagnosis,
    },
  };
}

function invalid(message: string, field?: string): CommandError {
  return {
    code: "invalidInput",
    message,
    action: null,
    details: field ? { kind: "fields", fields: [{ field, message }] } : null,
  };
}

/** A refusal of the console's own rails (no call to Meta), with what to do. */
function refusal(code: CommandError["code"], message: string, action: string): CommandError {
  return { code, message, action, details: null };
}

function notFound(message: string): CommandError {
  return { code: "notFound", message, action: "Pick a number from the table on the Numbers page.", details: null };
}

interface Context {
  now: () => Date;
  /** How long a registered number stays PENDING, in ms of `now()`; without it, for one read. */
  provisioningMs?: number;
  profileById: (id: unknown) => Profile;
  record: (action: AuditAction, profile: Profile | null, target: string | null, ok?: boolean, graphCode?: number | null) => void;
}

export function createFakeNumbers({ now, profileById, record, provisioningMs }: Context) {
  /** By profile, then by phone-number ID; built from the scenario on first use and dropped when it changes. */
  const wabas = new Map<string, Map<string, NumberState>>();
  /** PINs kept "in the keychain" by set_pin with `remember`, by phone-number ID. */
  const remembered = new Map<string, string>();

  function fromWorld(id: string, world: World): NumberState {
    return {
      id,
      displayNumber: world.displayNumber,
      verifiedName: "Sandbox Shop",
      codeVerification: world.codeVerification,
      pin: world.pinEnabled ? "000000" : null,
      codeSent: false,
      status: world.status,
      platformType: world.platformType,
      pendingReads: 0,
      registeredAt: null,
      rating: world.rating,
      nameStatus: "APPROVED",
      messagingLimit: world.messagingLimit,
      attempts: { register: [], deregister: [] },
    };
  }

  function numbersOf(profile: Profile): Map<string, NumberState> {
    let numbers = wabas.get(profile.id);
    if (!numbers) {
      numbers = new Map();
      numbers.set(profile.phoneNumberId, fromWorld(profile.phoneNumberId, worldOf(profile)));
      // A second, long-registered number of the same WABA.
      const other = fromWorld("109876543210987", { ...worldOf({ ...profile, scenario: "healthy" }), displayNumber: "+1 555-010-0142" });
      other.verifiedName = "Sandbox Support";
      other.rating = "YELLOW";
      other.nameStatus = "PENDING_REVIEW";
      numbers.set(other.id, other);
      wabas.set(profile.id, numbers);
    }
    return numbers;
  }

  function numberOf(profile: Profile, phoneNumberId: string | null): NumberState {
    const id = phoneNumberId ?? profile.phoneNumberId;
    const number = numbersOf(profile).get(id);
    if (!number) {
      throw notFound(`The number ${id} is not one of this WABA's numbers.`);
    }
    return number;
  }

  /** Any profile's number with this ID (budgets are per number, not per profile). */
  function findNumber(id: string): NumberState | undefined {
    for (const numbers of wabas.values()) {
      const n = numbers.get(id);
      if (n) return n;
    }
    return undefined;
  }

  function budget(number: NumberState | undefined, kind: AttemptKind): AttemptBudget {
    const since = now().getTime() - WINDOW_HOURS * 3600_000;
    const recent = (number?.attempts[kind] ?? []).filter((d) => d.getTime() > since);
    if (number) number.attempts[kind] = recent;
    const oldest = recent[0];
    return {
      kind,
      used: recent.length,
      limit: ATTEMPT_LIMIT,
      windowHours: WINDOW_HOURS,
      needsConfirmation: recent.length >= CONFIRM_FROM,
      freesUpAt: oldest ? new Date(oldest.getTime() + WINDOW_HOURS * 3600_000).toISOString() : null,
    };
  }

  function guard(number: NumberState, kind: AttemptKind, confirmed: boolean) {
    const b = budget(number, kind);
    const sentence = `This number used ${b.used} of its ${ATTEMPT_LIMIT} ${kind} attempts in the last 72 hours`;
    if (b.used >= ATTEMPT_LIMIT) {
      throw refusal(
        "attemptBudgetExhausted",
        `${sentence}: Meta would lock the number (133016), so the console did not call it.`,
        `Wait until ${b.freesUpAt ?? "the oldest attempt leaves the window"} before trying again.`,
      );
    }
    if (b.used >= CONFIRM_FROM && !confirmed) {
      throw refusal(
        "confirmationRequired",
        `${sentence}; at ${ATTEMPT_LIMIT} Meta locks the number for 72 hours (133016).`,
        "Confirm that you want to use another attempt (--yes in the CLI).",
      );
    }
  }

  function health(number: NumberState): NumberHealth {
    const connected = number.status === "CONNECTED";
    // As the sandbox answers: BLOCKED entities carry errors, LIMITED ones additional_info; quality changes neither.
    const limited = connected && number.nameStatus !== "APPROVED";
    const issues = connected
      ? []
      : [
          "PHONE_NUMBER (133010): The phone number is not registered on the WhatsApp Business Platform. Solution: Verify ownership of the number if needed (request_code, verify_code), then register it with POST /{phone-number-id}/register.",
        ];
    const notes = limited ? ["PHONE_NUMBER: Your display name has not been approved yet. Your message limit will increase after the display name is approved."] : [];
    return {
      id: number.id,
      displayPhoneNumber: number.displayNumber,
      verifiedName: number.verifiedName,
      status: explained(number.status, STATUS_MEANING[number.status] ?? "A status this console does not know; check WhatsApp Manager."),
      codeVerificationStatus: explained(number.codeVerification),
      qualityRating: explained(number.rating),
      nameStatus: explained(number.nameStatus),
      messagingLimit: explained(number.messagingLimit),
      messagingLimitIsDeprecatedTier: false,
      throughput: explained(connected ? "STANDARD" : "NOT_APPLICABLE"),
      platformType: explained(number.platformType),
      accountMode: explained("SANDBOX"),
      isPinEnabled: number.pin !== null,
      canSend: explained(connected ? (limited ? "LIMITED" : "AVAILABLE") : "BLOCKED"),
      healthIssues: issues,
      healthNotes: notes,
      canReceiveCallSip: explained(connected ? "AVAILABLE" : "BLOCKED"),
      readAt: now().toISOString(),
    };
  }

  /** What the doctor and the checklist see of the profile's own number. */
  function worldFor(profile: Profile): World {
    const base = worldOf(profile);
    const n = wabas.get(profile.id)?.get(profile.phoneNumberId);
    if (!n) return base;
    const connected = n.status === "CONNECTED";
    return { ...base, codeVerification: n.codeVerification, pinEnabled: n.pin !== null, status: n.status, platformType: n.platformType, canSend: connected ? "AVAILABLE" : "BLOCKED" };
  }

  const six = (value: string) => /^\d{6}$/.test(value);

  const commands = {
    list_numbers: ({ profileId }) => [...numbersOf(profileById(profileId)).values()].map(health),
    number_health: ({ request }) => {
      const { profileId, phoneNumberId } = request;
      const number = numberOf(profileById(profileId), phoneNumberId);
      const provisioning = provisioningMs !== undefined && number.registeredAt !== null && now().getTime() - number.registeredAt < provisioningMs;
      if (number.pendingReads > 0) {
        number.pendingReads -= 1;
      } else if (number.status === "PENDING" && number.platformType === "CLOUD_API" && !provisioning) {
        number.status = "CONNECTED";
      }
      return health(number);
    },
    attempt_budget: ({ request }) => {
      const { phoneNumberId, kind } = request;
      return budget(findNumber(phoneNumberId), kind);
    },
    set_pin: ({ request }) => {
      const { profileId, phoneNumberId, pin, remember } = request;
      const profile = profileById(profileId);
      const number = numberOf(profile, phoneNumberId);
      if (!six(pin)) throw invalid("The PIN must be exactly six digits.", "pin");
      number.pin = pin;
      if (remember) remembered.set(number.id, pin);
      else remembered.delete(number.id);
      record("pinSet", profile, number.id);
      return null;
    },
    request_code: ({ request }) => {
      const { profileId, phoneNumberId, language } = request;
      const profile = profileById(profileId);
      const number = numberOf(profile, phoneNumberId);
      if (!/^[a-z]{2}(_[A-Z]{2})?$/.test(language.trim())) throw invalid(`"${language}" is not a language code like en_US or pt_BR.`, "language");
      number.codeSent = true;
      record("codeRequested", profile, number.id);
      return null;
    },
    verify_code: ({ request }) => {
      const { profileId, phoneNumberId, code } = request;
      const profile = profileById(profileId);
      const number = numberOf(profile, phoneNumberId);
      const cleaned = code.replace(/[\s-]/g, "");
      if (!six(cleaned)) throw invalid("The code is six digits, as in the SMS or call.", "code");
      if (!number.codeSent || cleaned !== FAKE_OWNERSHIP_CODE) {
        record("codeVerified", profile, number.id, false);
        throw invalid(number.codeSent ? "That is not the code Meta sent. Check the SMS or call and type it again." : "Request a code first.", "code");
      }
      number.codeVerification = "VERIFIED";
      record("codeVerified", profile, number.id);
      return null;
    },
    register_number: ({ request }) => {
      const { profileId, phoneNumberId, pin: typed, dataLocalizationRegion, confirmed } = request;
      const profile = profileById(profileId);
      const number = numberOf(profile, phoneNumberId);
      const pin = typed ?? remembered.get(number.id);
      if (pin === undefined) throw invalid("Type the PIN: none is kept in the keychain for this number.", "pin");
      if (!six(pin)) throw invalid("The PIN must be exactly six digits.", "pin");
      if (dataLocalizationRegion !== null && !/^[A-Z]{2}$/.test(dataLocalizationRegion)) throw invalid("The region is a two-letter country code.", "dataLocalizationRegion");
      guard(number, "register", confirmed);
      number.attempts.register.push(now());
      let failure: number | null = null;
      if (number.codeVerification !== "VERIFIED") failure = 133006;
      else if (number.pin !== null && number.pin !== pin) failure = 133005;
      if (failure !== null) {
        record("register", profile, number.id, false, failure);
        throw registerGraphError(failure, number.id);
      }
      number.pin = pin;
      number.platformType = "CLOUD_API";
      number.status = "PENDING";
      number.pendingReads = provisioningMs === undefined ? PROVISIONING_READS : 0;
      number.registeredAt = now().getTime();
      record("register", profile, number.id);
      return budget(number, "register");
    },
    deregister_number: ({ request }) => {
      const { profileId, phoneNumberId, confirmed } = request;
      const profile = profileById(profileId);
      const number = numberOf(profile, phoneNumberId);
      guard(number, "deregister", confirmed);
      number.attempts.deregister.push(now());
      number.status = "PENDING";
      number.platformType = "NOT_APPLICABLE";
      record("deregister", profile, number.id);
      return budget(number, "deregister");
    },
    check_id: ({ request }): IdCheck => {
      const { profileId, input, field } = request;
      const profile = profileById(profileId);
      const numbers = [...numbersOf(profile).values()];
      const text = input.trim();
      const list = numbers.map(health);
      const asked = field === "wabaId" ? "WABA ID" : "phone-number ID";
      if (!text || !/^[+\d\s().-]+$/.test(text)) {
        return { input, kind: "invalid", fits: false, message: `"${input}" is not an ID: Graph IDs are digits only.`, numbers: [] };
      }
      if (/[+\s().-]/.test(text) || numbers.some((n) => n.displayNumber.replace(/\D/g, "") === text)) {
        return { input, kind: "phoneNumberLike", fits: false, message: `"${text}" looks like a phone number, not its ${asked}. Use the ID from the table below.`, numbers: list };
      }
      if (text === profile.wabaId) {
        const fits = field === "wabaId";
        return { input, kind: "waba", fits, message: fits ? "This is the WABA ID of this profile's WhatsApp Business Account." : "This is a WABA ID, not a phone-number ID. The WABA's numbers and their IDs are below.", numbers: fits ? [] : list };
      }
      const match = numbers.find((n) => n.id === text);
      if (match) {
        const fits = field === "phoneNumberId";
        return { input, kind: "phoneNumber", fits, message: fits ? `This is the phone-number ID of ${match.displayNumber} (${match.verifiedName}).` : `This is the phone-number ID of ${match.displayNumber}, not a WABA ID.`, numbers: fits ? [] : list };
      }
      return { input, kind: "notVisible", fits: false, message: `The token cannot see an object with ID ${text}: it does not exist, or the system user has not been assigned it.`, numbers: list };
    },
  } satisfies Partial<CommandHandlers>;

  return { commands, worldFor, reset: (profileId: string) => wabas.delete(profileId) };
}
