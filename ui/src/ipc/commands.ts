// The only module that talks to Tauri: one typed function per backend command; every rejection becomes a CommandError.
import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { AppInfo } from "../bindings/AppInfo";
import type { AttemptBudget } from "../bindings/AttemptBudget";
import type { BudgetRequest } from "../bindings/BudgetRequest";
import type { CheckIdRequest } from "../bindings/CheckIdRequest";
import type { DeregisterRequest } from "../bindings/DeregisterRequest";
import type { IdCheck } from "../bindings/IdCheck";
import type { NumberHealth } from "../bindings/NumberHealth";
import type { NumberRequest } from "../bindings/NumberRequest";
import type { RegisterRequest } from "../bindings/RegisterRequest";
import type { RequestCodeRequest } from "../bindings/RequestCodeRequest";
import type { SetPinRequest } from "../bindings/SetPinRequest";
import type { VerifyCodeRequest } from "../bindings/VerifyCodeRequest";
import type { AuditLog } from "../bindings/AuditLog";
import type { Checklist } from "../bindings/Checklist";
import type { DiagnoseResult } from "../bindings/DiagnoseResult";
import type { DoctorReport } from "../bindings/DoctorReport";
import type { ExportedFile } from "../bindings/ExportedFile";
import type { NewProfile } from "../bindings/NewProfile";
import type { Profile } from "../bindings/Profile";
import type { ProfileList } from "../bindings/ProfileList";
import type { QualityGuide } from "../bindings/QualityGuide";
import type { QualityPoint } from "../bindings/QualityPoint";
import type { RunDoctorRequest } from "../bindings/RunDoctorRequest";
import type { SandboxInfo } from "../bindings/SandboxInfo";
import type { SetScenarioRequest } from "../bindings/SetScenarioRequest";
import type { SetTokenRequest } from "../bindings/SetTokenRequest";
import type { TokenSaved } from "../bindings/TokenSaved";
import { toCommandError } from "./errors";

export type WebviewErrorKind = "error" | "unhandledrejection" | "boundary";

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (rejection) {
    throw toCommandError(rejection);
  }
}

export const appInfo = () => call<AppInfo>("app_info");
/** Writes an error of the web view itself (uncaught, unhandled rejection, caught by a page's error boundary) to the log file. */
export const logWebviewError = (report: { kind: WebviewErrorKind; message: string; source: string | null; page: string | null }) =>
  call<null>("log_webview_error", report);
export const listProfiles = () => call<ProfileList>("list_profiles");
export const addProfile = (profile: NewProfile) => call<Profile>("add_profile", { profile });
export const removeProfile = (profileId: string) => call<null>("remove_profile", { profileId });
export const setActiveProfile = (profileId: string) => call<null>("set_active_profile", { profileId });
export const sandboxInfo = () => call<SandboxInfo>("sandbox_info");
export const setSandboxScenario = (request: SetScenarioRequest) => call<Profile>("set_sandbox_scenario", { request });
/**
 * The token goes straight to the backend, which checks it with Meta before it reaches the keychain; it is never stored or
 * logged here. A refused token comes back with `stored: false`; `storeUnverified` stores it when Meta cannot be reached.
 */
export const setToken = (request: SetTokenRequest) => call<TokenSaved>("set_token", { request });
export const clearToken = (profileId: string) => call<null>("clear_token", { profileId });
/** Runs the live token check, so it can take a second or more. */
export const getChecklist = (profileId: string) => call<Checklist>("get_checklist", { profileId });
/** Runs every readiness check at once (about six Graph reads in parallel); `apiVersion` tries another version than the profile's. */
export const runDoctor = (request: RunDoctorRequest) => call<DoctorReport>("run_doctor", { request });
/** Writes the report to the Downloads folder. */
export const exportDoctor = (report: DoctorReport, format: "markdown" | "json") =>
  call<ExportedFile>("export_doctor", { report, format });
/** Explains whatever was pasted: a Graph error response, a webhook, an errors array or a bare code. Local, no Graph call. */
/** With a profile, each card also says what that account's state means for the error. */
export const diagnose = (input: string, profileId: string | null) =>
  call<DiagnoseResult>("diagnose", { input, profileId });
/** The newest `limit` entries (newest first) and the hash chain's verdict. */
export const auditLog = (limit: number) => call<AuditLog>("audit_log", { limit });
export const exportAudit = (format: "csv" | "json") => call<ExportedFile>("export_audit", { format });
export const qualityGuide = () => call<QualityGuide>("quality_guide");
/** Oldest first. */
export const qualityHistory = (profileId: string) => call<QualityPoint[]>("quality_history", { profileId });
/** Every number of the profile's WABA, each with its health. */
export const listNumbers = (profileId: string) => call<NumberHealth[]>("list_numbers", { profileId });
/** One number's health panel (`phoneNumberId` null: the profile's own number). */
export const numberHealth = (request: NumberRequest) => call<NumberHealth>("number_health", { request });
/** How many register or deregister calls the console made for a number in the last 72 h. Local, no Graph call. */
export const attemptBudget = (request: BudgetRequest) => call<AttemptBudget>("attempt_budget", { request });
/** The PIN goes straight to Meta (POST /{phone-number-id} {"pin"}); it is never stored or logged. */
export const setPin = (request: SetPinRequest) => call<null>("set_pin", { request });
export const requestCode = (request: RequestCodeRequest) => call<null>("request_code", { request });
export const verifyCode = (request: VerifyCodeRequest) => call<null>("verify_code", { request });
/** Uses one of the number's 10 register attempts per 72 h; refused locally past the 7th unless `confirmed`. Never retried. */
export const registerNumber = (request: RegisterRequest) => call<AttemptBudget>("register_number", { request });
export const deregisterNumber = (request: DeregisterRequest) => call<AttemptBudget>("deregister_number", { request });
/** What an ID typed for a field really is (a WABA, a number, a phone number typed by mistake, ...). */
export const checkId = (request: CheckIdRequest) => call<IdCheck>("check_id", { request });
