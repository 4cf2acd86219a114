// The Business profile form as typed, kept in localStorage per profile so unsaved changes survive leaving the page (or
// the app) until they are saved or discarded, and where each of the backend's findings goes on the form. No profile rule
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

/** The unsaved form of an earlier visit, or null. */
export function loadForm(profileId: string): ProfileForm | null {
  try {
    const kept = localStorage.getItem(STORAGE_PREFIX + profileId);
    if (!kept) return null;
    const form = JSON.parse(kept) as Partial<ProfileForm>;
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    const websites = Array.isArray(form.websites) ? form.websites.map(text) : [];
    return {
      about: text(form.about),
      address: text(form.address),
      description: text(form.description),
      email: text(form.email),
      websites: websites.length ? websites : [""],
      vertical: text(form.vertical),
    };
  } catch {
    return null;
  }
}

/** Keeps the form (null forgets it). */
export function keepForm(profileId: string, form: ProfileForm | null) {
  try {
    if (form) localStorage.setItem(STORAGE_PREFIX + profileId, JSON.stringify(form));
    else localStorage.removeItem(STORAGE_PREFIX + profileId);
  } catch {
    // Storage full or unavailable: the form still lives in the page while it is open.
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
