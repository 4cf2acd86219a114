// The fix-action table as AppInfo.fixActions carries it (FixAction::table in waba-core), for the hand-written fakes
// until they are replaced by recorded answers. The window itself reads it from AppInfo only.
import type { FixAction } from "../bindings/FixAction";
import type { FixActionInfo } from "../bindings/FixActionInfo";

export const FIX_ACTION_TABLE: FixActionInfo[] = [
  { action: "replaceToken", label: "Replace the token", behaviour: { kind: "route", path: "/token" } },
  { action: "registerNumber", label: "Register this number", behaviour: { kind: "route", path: "/numbers" } },
  { action: "verifyOwnership", label: "Verify number ownership", behaviour: { kind: "route", path: "/numbers" } },
  { action: "setPin", label: "Set a new two-step PIN", behaviour: { kind: "route", path: "/numbers" } },
  { action: "sendTemplate", label: "Send a template instead", behaviour: { kind: "unavailable", page: "Test send" } },
  { action: "pickTemplate", label: "Pick an approved template", behaviour: { kind: "unavailable", page: "Templates" } },
  { action: "manageAllowList", label: "Manage the allowed recipients", behaviour: { kind: "unavailable", page: "Test send" } },
  { action: "openMetaStatus", label: "Open Meta's status page", behaviour: { kind: "external", url: "https://metastatus.com" } },
  { action: "subscribeWaba", label: "Subscribe the app to this WABA", behaviour: { kind: "unavailable", page: "Webhooks" } },
  { action: "checkIds", label: "Check the WABA and phone-number IDs", behaviour: { kind: "route", path: "/profiles" } },
  { action: "waitAndRetry", label: "Wait, then retry", behaviour: { kind: "rerun" } },
  { action: "openWhatsAppManager", label: "Open WhatsApp Manager", behaviour: { kind: "external", url: "https://business.facebook.com/wa/manage/home/" } },
];

export const FIX_ACTIONS = Object.fromEntries(FIX_ACTION_TABLE.map((a) => [a.action, a])) as Record<FixAction, FixActionInfo>;
