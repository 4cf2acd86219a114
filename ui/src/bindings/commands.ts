// Generated from the command declarations in crates/waba-core/src/ipc.rs by `cargo test -p waba-core`. Do not edit by hand.
import type { AppInfo } from "./AppInfo";
import type { AttemptBudget } from "./AttemptBudget";
import type { AuditLog } from "./AuditLog";
import type { BudgetRequest } from "./BudgetRequest";
import type { CheckIdRequest } from "./CheckIdRequest";
import type { Checklist } from "./Checklist";
import type { CreateTemplateRequest } from "./CreateTemplateRequest";
import type { DeleteTemplateRequest } from "./DeleteTemplateRequest";
import type { DeregisterRequest } from "./DeregisterRequest";
import type { DiagnoseResult } from "./DiagnoseResult";
import type { DoctorReport } from "./DoctorReport";
import type { EditLimits } from "./EditLimits";
import type { EditTemplateRequest } from "./EditTemplateRequest";
import type { ExportFormat } from "./ExportFormat";
import type { ExportedFile } from "./ExportedFile";
import type { IdCheck } from "./IdCheck";
import type { LintReport } from "./LintReport";
import type { LintRequest } from "./LintRequest";
import type { NewProfile } from "./NewProfile";
import type { NumberHealth } from "./NumberHealth";
import type { NumberRequest } from "./NumberRequest";
import type { Profile } from "./Profile";
import type { ProfileList } from "./ProfileList";
import type { QualityGuide } from "./QualityGuide";
import type { QualityPoint } from "./QualityPoint";
import type { RegisterRequest } from "./RegisterRequest";
import type { RequestCodeRequest } from "./RequestCodeRequest";
import type { RunDoctorRequest } from "./RunDoctorRequest";
import type { SandboxInfo } from "./SandboxInfo";
import type { SaveDraftRequest } from "./SaveDraftRequest";
import type { SetPinRequest } from "./SetPinRequest";
import type { SetScenarioRequest } from "./SetScenarioRequest";
import type { SetTokenRequest } from "./SetTokenRequest";
import type { TemplateCreated } from "./TemplateCreated";
import type { TemplateDeleted } from "./TemplateDeleted";
import type { TemplateDraftInfo } from "./TemplateDraftInfo";
import type { TemplateEdited } from "./TemplateEdited";
import type { TemplateFilter } from "./TemplateFilter";
import type { TemplateInfo } from "./TemplateInfo";
import type { TemplateListing } from "./TemplateListing";
import type { TemplateRef } from "./TemplateRef";
import type { TokenSaved } from "./TokenSaved";
import type { VerifyCodeRequest } from "./VerifyCodeRequest";

/** Every IPC command by name: the argument object `invoke` sends, and the answer. */
export type Commands = {
  /**
   * Facts about this install (version, folders, keychain namespace, API versions).
   */
  app_info: { args: Record<string, never>; answer: AppInfo };
  /**
   * Writes an error of the web view itself (uncaught, unhandled rejection, caught by a page's
   * error boundary: `kind` is `error`, `unhandledrejection` or `boundary`) to the log file.
   */
  log_webview_error: { args: { kind: string; message: string; source: string | null; page: string | null }; answer: null };
  list_profiles: { args: Record<string, never>; answer: ProfileList };
  add_profile: { args: { profile: NewProfile }; answer: Profile };
  /**
   * Also removes every keychain entry the profile owns (token and kept PINs).
   */
  remove_profile: { args: { profileId: string }; answer: null };
  set_active_profile: { args: { profileId: string }; answer: null };
  sandbox_info: { args: Record<string, never>; answer: SandboxInfo };
  set_sandbox_scenario: { args: { request: SetScenarioRequest }; answer: Profile };
  /**
   * Checks a pasted token with Meta before it reaches the keychain; a refused token comes back
   * with `stored: false`, and `storeUnverified` stores it when Meta cannot be reached.
   */
  set_token: { args: { request: SetTokenRequest }; answer: TokenSaved };
  clear_token: { args: { profileId: string }; answer: null };
  /**
   * The setup checklist; runs the live token check, so it can take a second or more.
   */
  get_checklist: { args: { profileId: string }; answer: Checklist };
  /**
   * Explains whatever was pasted (a Graph error response, a webhook, an errors array or a bare
   * code); with a profile, each card also says what that account's state means for the error.
   */
  diagnose: { args: { input: string; profileId: string | null }; answer: DiagnoseResult };
  /**
   * Runs every readiness check at once; `apiVersion` tries another version than the profile's.
   */
  run_doctor: { args: { request: RunDoctorRequest }; answer: DoctorReport };
  /**
   * Writes the report (Markdown or JSON) to the Downloads folder.
   */
  export_doctor: { args: { report: DoctorReport; format: ExportFormat }; answer: ExportedFile };
  /**
   * The newest `limit` entries (newest first) and the hash chain's verdict.
   */
  audit_log: { args: { limit: number }; answer: AuditLog };
  /**
   * Writes the whole audit log (CSV or JSON) to the Downloads folder.
   */
  export_audit: { args: { format: ExportFormat }; answer: ExportedFile };
  quality_guide: { args: Record<string, never>; answer: QualityGuide };
  /**
   * Oldest first.
   */
  quality_history: { args: { profileId: string }; answer: Array<QualityPoint> };
  /**
   * Every number of the profile's WABA, each with its health.
   */
  list_numbers: { args: { profileId: string }; answer: Array<NumberHealth> };
  /**
   * One number's health panel (`phoneNumberId` null: the profile's own number).
   */
  number_health: { args: { request: NumberRequest }; answer: NumberHealth };
  /**
   * The register or deregister calls made for a number in the last 72 h. Local, no Graph call.
   */
  attempt_budget: { args: { request: BudgetRequest }; answer: AttemptBudget };
  /**
   * The PIN goes straight to Meta (POST /{phone-number-id} {"pin"}); kept only if asked.
   */
  set_pin: { args: { request: SetPinRequest }; answer: null };
  request_code: { args: { request: RequestCodeRequest }; answer: null };
  verify_code: { args: { request: VerifyCodeRequest }; answer: null };
  /**
   * Uses one of the number's 10 register attempts per 72 h; refused past the 7th unless
   * `confirmed`. Never retried.
   */
  register_number: { args: { request: RegisterRequest }; answer: AttemptBudget };
  deregister_number: { args: { request: DeregisterRequest }; answer: AttemptBudget };
  /**
   * What an ID typed for a field really is (a WABA, a number, a phone number typed by mistake).
   */
  check_id: { args: { request: CheckIdRequest }; answer: IdCheck };
  /**
   * Reads every template of the WABA (all pages) into the local cache, with Meta's count and
   * limit, and answers the whole cached list.
   */
  sync_templates: { args: { profileId: string }; answer: TemplateListing };
  /**
   * The cached list, filtered. Local, no Graph call (`syncedAt` says how old it is).
   */
  list_templates: { args: { filter: TemplateFilter }; answer: TemplateListing };
  /**
   * One template by ID, or a name's languages (or the one given), read fresh from Meta.
   */
  get_template: { args: { template: TemplateRef }; answer: Array<TemplateInfo> };
  /**
   * Lints Meta's create JSON as typed (valid JSON or not); with a profile, against its synced
   * templates for duplicates. Local, no Graph call.
   */
  lint_template: { args: { request: LintRequest }; answer: LintReport };
  /**
   * Keeps a draft as typed until it is submitted or discarded, across restarts.
   */
  save_template_draft: { args: { request: SaveDraftRequest }; answer: TemplateDraftInfo };
  /**
   * The profile's kept drafts, most recently changed first.
   */
  list_template_drafts: { args: { profileId: string }; answer: Array<TemplateDraftInfo> };
  discard_template_draft: { args: { draftId: string }; answer: null };
  /**
   * Lints first: errors refuse it (`templateLintFailed`), warnings need `confirmWarnings`
   * (`confirmationRequired`). The template is cached as Meta answered (PENDING, usually).
   */
  create_template: { args: { request: CreateTemplateRequest }; answer: TemplateCreated };
  /**
   * Meta's edit limits for a template and the console's own count of its edits. Local.
   */
  template_edit_limits: { args: { profileId: string; templateId: string }; answer: EditLimits };
  /**
   * Refused locally (`editLimitReached`) when the console knows the limit is reached.
   */
  edit_template: { args: { request: EditTemplateRequest }; answer: TemplateEdited };
  /**
   * By name (every language) or one language; needs `confirmed` (`confirmationRequired`
   * otherwise, whose message says a deleted approved name is blocked for 30 days).
   */
  delete_template: { args: { request: DeleteTemplateRequest }; answer: TemplateDeleted };
};

export type CommandName = keyof Commands;
export type CommandArgs<C extends CommandName> = Commands[C]["args"];
export type CommandAnswer<C extends CommandName> = Commands[C]["answer"];

/** Every command name, in declaration order. */
export const COMMAND_NAMES = [
  "app_info",
  "log_webview_error",
  "list_profiles",
  "add_profile",
  "remove_profile",
  "set_active_profile",
  "sandbox_info",
  "set_sandbox_scenario",
  "set_token",
  "clear_token",
  "get_checklist",
  "diagnose",
  "run_doctor",
  "export_doctor",
  "audit_log",
  "export_audit",
  "quality_guide",
  "quality_history",
  "list_numbers",
  "number_health",
  "attempt_budget",
  "set_pin",
  "request_code",
  "verify_code",
  "register_number",
  "deregister_number",
  "check_id",
  "sync_templates",
  "list_templates",
  "get_template",
  "lint_template",
  "save_template_draft",
  "list_template_drafts",
  "discard_template_draft",
  "create_template",
  "template_edit_limits",
  "edit_template",
  "delete_template",
] as const satisfies readonly CommandName[];
