// The Business profile form as typed, kept in localStorage per profile (with the profile it was typed over, so only the
// fields typed are edits) so unsaved changes survive leaving the page (or the app) until they are saved or discarded, and
// where each of the backend's findings goes on the form. No profile rule
// lives here: the limits come with the page (`ProfileRules`), every check is `check_profile_draft`'s.
import type { AutomationCommand } from "../../bindings/AutomationCommand";
import type { BusinessProfile } from "../../bindings/BusinessProfile";
import type { ConversationalAutomation } from "../../bindings/ConversationalAutomation";
import type { FieldError } from "../../bindings/FieldError";

/** The editable fields, each as typed ("" for empty); the websites one row each, blank rows included. */
export interface ProfileForm {
  about: string;
  address: string;
  description: string;
  email: string;
  websites: string[];
  /** Meta's value; the value read (even `UNDEFINED`) until another is picked. */
  vertical: string;
}

const STORAGE_PREFIX = "waba.businessProfile.draft.";

export function formOf(profile: BusinessProfile): ProfileForm {
  return {
    about: profile.about ?? "",
    address: profile.address ?? "",
    description: profile.description ?? "",
    email: profile.email ?? "",
    websites: profile.websites.length ? [...profile.websites] : [""],
    vertical: profile.vertical ?? "",
  };
}

/**
 * The profile as it would be with the typed values: what `check_profile_draft` compares with the one read. A field left
 * as read is sent as read (an unset one stays null), and blank website rows are left out.
 */
export function editedProfile(current: BusinessProfile, form: ProfileForm): BusinessProfile {
  const text = (typed: string, read: string | null) => (typed === (read ?? "") ? read : typed);
  const websites = form.websites.filter((site) => site.trim());
  return {
    ...current,
    about: text(form.about, current.about),
    address: text(form.address, current.address),
    description: text(form.description, current.description),
    email: text(form.email, current.email),
    websites: JSON.stringify(websites) === JSON.stringify(current.websites) ? current.websites : websites,
    vertical: text(form.vertical, current.vertical),
  };
}

/**
 * The unsaved form: the values typed, and the form of the profile they were typed over. Only a field whose typed value
 * differs from `base` is an edit; every other field follows the newest read, so a change made elsewhere (the CLI, another
 * window) is shown, not reverted by a save.
 */
export interface ProfileDraft {
  base: ProfileForm;
  typed: ProfileForm;
}

type FormField = keyof ProfileForm;
const FORM_FIELDS: readonly FormField[] = ["about", "address", "description", "email", "websites", "vertical"];

const sameValue = (a: ProfileForm[FormField], b: ProfileForm[FormField]) => JSON.stringify(a) === JSON.stringify(b);

/** A form made field by field. */
function formFrom(choose: <F extends FormField>(field: F) => ProfileForm[F]): ProfileForm {
  return {
    about: choose("about"),
    address: choose("address"),
    description: choose("description"),
    email: choose("email"),
    websites: choose("websites"),
    vertical: choose("vertical"),
  };
}

/** The fields of `draft` typed over its base. */
export function editedFields(draft: ProfileDraft): FormField[] {
  return FORM_FIELDS.filter((field) => !sameValue(draft.typed[field], draft.base[field]));
}

/** The form to show and check: the typed fields over the form of `profile`, the newest read. */
export function formOfDraft(draft: ProfileDraft, profile: BusinessProfile): ProfileForm {
  const form = formOf(profile);
  const edited = editedFields(draft);
  return formFrom((field) => (edited.includes(field) ? draft.typed[field] : form[field]));
}

/** The draft after a save of `sent` that Meta read back as `saved`: a field still as sent is done, one typed since stays. */
export function afterSave(draft: ProfileDraft, sent: ProfileForm, saved: BusinessProfile): ProfileDraft | null {
  const base = formOf(saved);
  const typedSince = editedFields(draft).filter((field) => !sameValue(draft.typed[field], sent[field]) && !sameValue(draft.typed[field], base[field]));
  if (!typedSince.length) return null;
  return { base, typed: formFrom((field) => (typedSince.includes(field) ? draft.typed[field] : base[field])) };
}

/** A stored form, each field as a string (websites as strings), whatever was stored. */
function storedForm(kept: Partial<Record<FormField, unknown>>): ProfileForm {
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const websites = Array.isArray(kept.websites) ? kept.websites.map(text) : [];
  return {
    about: text(kept.about),
    address: text(kept.address),
    description: text(kept.description),
    email: text(kept.email),
    websites: websites.length ? websites : [""],
    vertical: text(kept.vertical),
  };
}

/**
 * The unsaved draft of an earlier visit, or null. A draft kept before drafts had a base (the bare form) is taken as typed
 * over `current`, the profile read now: each field that differs from it is an edit.
 */
export function loadDraft(profileId: string, current: BusinessProfile): ProfileDraft | null {
  try {
    const kept = localStorage.getItem(STORAGE_PREFIX + profileId);
    if (!kept) return null;
    const stored = JSON.parse(kept) as Partial<Record<"base" | "typed", unknown>> & Partial<Record<FormField, unknown>>;
    const isForm = (v: unknown): v is Partial<Record<FormField, unknown>> => typeof v === "object" && v !== null;
    if (isForm(stored.typed) && isForm(stored.base)) return { base: storedForm(stored.base), typed: storedForm(stored.typed) };
    return { base: formOf(current), typed: storedForm(stored) };
  } catch {
    return null;
  }
}

/** Keeps the draft (null forgets it). */
export function keepDraft(profileId: string, draft: ProfileDraft | null) {
  try {
    if (draft) localStorage.setItem(STORAGE_PREFIX + profileId, JSON.stringify(draft));
    else localStorage.removeItem(STORAGE_PREFIX + profileId);
  } catch {
    // Storage full or unavailable: the draft still lives in the page while it is open.
  }
}

/** The messages of `findings` about `field` exactly. */
export function messagesFor(findings: FieldError[] | undefined, field: string): string[] {
  return (findings ?? []).filter((f) => f.field === field).map((f) => f.message);
}

/**
 * The field the backend names a website row by: it numbers the websites given, blank rows left out, so the third row
 * after a blank second one is `websites.1`. Null for a blank row.
 */
export function websiteField(websites: string[], row: number): string | null {
  if (!websites[row]?.trim()) return null;
  const given = websites.slice(0, row).filter((site) => site.trim()).length;
  return `websites.${given}`;
}

/** A number's components before anything was set. */
export const NO_AUTOMATION: ConversationalAutomation = { enableWelcomeMessage: false, prompts: [], commands: [] };

export const EMPTY_COMMAND: AutomationCommand = { commandName: "", commandDescription: "" };

/** Whether two sets of components are the same, for "unsaved" and Save. */
export function sameAutomation(a: ConversationalAutomation, b: ConversationalAutomation): boolean {
  const sameList = <T,>(x: T[], y: T[], same: (p: T, q: T) => boolean) => x.length === y.length && x.every((item, i) => same(item, y[i] as T));
  return (
    a.enableWelcomeMessage === b.enableWelcomeMessage &&
    sameList(a.prompts, b.prompts, (p, q) => p === q) &&
    sameList(a.commands, b.commands, (p, q) => p.commandName === q.commandName && p.commandDescription === q.commandDescription)
  );
}

/** Characters as Meta counts them (code points, so an emoji is one). */
export function charCount(text: string): number {
  return [...text].length;
}
