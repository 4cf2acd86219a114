// What each FixAction button says and does: go to a page of the console, re-run the doctor, show an
// outside address to copy (the app has no external opener), or wait for the page that will do it.
import type { FixAction } from "../bindings/FixAction";

export type FixBehaviour =
  /** Navigate to a page of the console. */
  | { kind: "route"; path: string }
  /** Run the doctor again (on the Doctor page: in place; elsewhere: open it and run). */
  | { kind: "rerun" }
  /** An outside page: shown as selectable text with a Copy button. */
  | { kind: "external"; url: string }
  /** The page that performs it does not exist yet: a disabled button that says which page brings it. */
  | { kind: "unavailable"; page: string };

export interface FixActionInfo {
  /** The button text (the same words as FixAction::label in waba-core). */
  label: string;
  behaviour: FixBehaviour;
}

export const FIX_ACTIONS: Record<FixAction, FixActionInfo> = {
  replaceToken: { label: "Replace the token", behaviour: { kind: "route", path: "/token" } },
  checkIds: { label: "Check the WABA and phone-number IDs", behaviour: { kind: "route", path: "/profiles" } },
  waitAndRetry: { label: "Wait, then retry", behaviour: { kind: "rerun" } },
  openMetaStatus: { label: "Open Meta's status page", behaviour: { kind: "external", url: "https://metastatus.com" } },
  openWhatsAppManager: {
    label: "Open WhatsApp Manager",
    behaviour: { kind: "external", url: "https://business.facebook.com/wa/manage/home/" },
  },
  registerNumber: { label: "Register this number", behaviour: { kind: "route", path: "/numbers" } },
  verifyOwnership: { label: "Verify number ownership", behaviour: { kind: "route", path: "/numbers" } },
  setPin: { label: "Set a new two-step PIN", behaviour: { kind: "route", path: "/numbers" } },
  subscribeWaba: { label: "Subscribe the app to this WABA", behaviour: { kind: "unavailable", page: "Webhooks" } },
  sendTemplate: { label: "Send a template instead", behaviour: { kind: "unavailable", page: "Test send" } },
  pickTemplate: { label: "Pick an approved template", behaviour: { kind: "unavailable", page: "Templates" } },
  manageAllowList: { label: "Manage the allowed recipients", behaviour: { kind: "unavailable", page: "Test send" } },
};
