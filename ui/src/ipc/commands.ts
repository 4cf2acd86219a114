// The only module that talks to Tauri: one typed function per backend command; every rejection becomes a CommandError.
import { invoke } from "@tauri-apps/api/core";
import type { BudgetRequest } from "../bindings/BudgetRequest";
import type { CheckIdRequest } from "../bindings/CheckIdRequest";
import type { DeregisterRequest } from "../bindings/DeregisterRequest";
import type { NumberRequest } from "../bindings/NumberRequest";
import type { RegisterRequest } from "../bindings/RegisterRequest";
import type { RequestCodeRequest } from "../bindings/RequestCodeRequest";
import type { SetPinRequest } from "../bindings/SetPinRequest";
import type { VerifyCodeRequest } from "../bindings/VerifyCodeRequest";
import type { CreateTemplateRequest } from "../bindings/CreateTemplateRequest";
import type { DeleteTemplateRequest } from "../bindings/DeleteTemplateRequest";
import type { EditTemplateRequest } from "../bindings/EditTemplateRequest";
import type { LintRequest } from "../bindings/LintRequest";
import type { SaveDraftRequest } from "../bindings/SaveDraftRequest";
import type { TemplateFilter } from "../bindings/TemplateFilter";
import type { TemplateRef } from "../bindings/TemplateRef";
import type { DoctorReport } from "../bindings/DoctorReport";
import type { NewProfile } from "../bindings/NewProfile";
import type { RunDoctorRequest } from "../bindings/RunDoctorRequest";
import type { SetScenarioRequest } from "../bindings/SetScenarioRequest";
import type { SetTokenRequest } from "../bindings/SetTokenRequest";
import type { SetAppSecretRequest } from "../bindings/SetAppSecretRequest";
import type { StartReceiverRequest } from "../bindings/StartReceiverRequest";
import type { WebhookEventFilter } from "../bindings/WebhookEventFilter";
import type { SubscribeRequest } from "../bindings/SubscribeRequest";
import type { SetAppWebhookRequest } from "../bindings/SetAppWebhookRequest";
import type { NumberOverrideRequest } from "../bindings/NumberOverrideRequest";
import type { ProbeRequest } from "../bindings/ProbeRequest";
import type { MessageLogQuery } from "../bindings/MessageLogQuery";
import type { MessageRef } from "../bindings/MessageRef";
import type { FunnelRequest } from "../bindings/FunnelRequest";
import type { MarkReadRequest } from "../bindings/MarkReadRequest";
import type { BurstRequest } from "../bindings/BurstRequest";
import type { GraphCall } from "../bindings/GraphCall";
import type { ComposeRequest } from "../bindings/ComposeRequest";
import type { CheckLinkRequest } from "../bindings/CheckLinkRequest";
import type { UploadMediaRequest } from "../bindings/UploadMediaRequest";
import type { SetSendLimitsRequest } from "../bindings/SetSendLimitsRequest";
import type { ProfileDraftCheck } from "../bindings/ProfileDraftCheck";
import type { SaveProfileRequest } from "../bindings/SaveProfileRequest";
import type { PhotoCheckRequest } from "../bindings/PhotoCheckRequest";
import type { PhotoUploadRequest } from "../bindings/PhotoUploadRequest";
import type { DisplayNameRequest } from "../bindings/DisplayNameRequest";
import type { ConversationalAutomation } from "../bindings/ConversationalAutomation";
import type { SaveAutomationRequest } from "../bindings/SaveAutomationRequest";
import type { CommandAnswer, CommandArgs, CommandName } from "../bindings/commands";
import { toCommandError } from "./errors";

export type WebviewErrorKind = "error" | "unhandledrejection" | "boundary";

/** A command's arguments as `call` takes them: none for a command declared without arguments. */
type CallArgs<C extends CommandName> = CommandArgs<C> extends Record<string, never> ? [] : [args: CommandArgs<C>];

/**
 * Invokes `command` as declared in Rust (waba_core::ipc, exported to bindings/commands.ts): the name, the argument
 * object and the answer are checked against the declaration, so a renamed command or argument fails the type check.
 */
export async function call<C extends CommandName>(command: C, ...args: CallArgs<C>): Promise<CommandAnswer<C>> {
  try {
    return await invoke<CommandAnswer<C>>(command, args[0]);
  } catch (rejection) {
    throw toCommandError(rejection);
  }
}

export const appInfo = () => call("app_info");
/** Writes an error of the web view itself (uncaught, unhandled rejection, caught by a page's error boundary) to the log file. */
export const logWebviewError = (report: { kind: WebviewErrorKind; message: string; source: string | null; page: string | null }) =>
  call("log_webview_error", report);
/** The window's first interactive paint of `page` after launch (a startup figure in the log; timed by scripts/bench). */
export const reportFirstPaint = (page: string) => call("report_first_paint", { page });
export const listProfiles = () => call("list_profiles");
export const addProfile = (profile: NewProfile) => call("add_profile", { profile });
export const removeProfile = (profileId: string) => call("remove_profile", { profileId });
export const setActiveProfile = (profileId: string) => call("set_active_profile", { profileId });
export const sandboxInfo = () => call("sandbox_info");
export const setSandboxScenario = (request: SetScenarioRequest) => call("set_sandbox_scenario", { request });
/**
 * The token goes straight to the backend, which checks it with Meta before it reaches the keychain; it is never stored or
 * logged here. A refused token comes back with `stored: false`; `storeUnverified` stores it when Meta cannot be reached.
 */
export const setToken = (request: SetTokenRequest) => call("set_token", { request });
export const clearToken = (profileId: string) => call("clear_token", { profileId });
/** Runs the live token check, so it can take a second or more. */
export const getChecklist = (profileId: string) => call("get_checklist", { profileId });
/** Runs every readiness check at once (about six Graph reads in parallel); `apiVersion` tries another version than the profile's. */
export const runDoctor = (request: RunDoctorRequest) => call("run_doctor", { request });
/** Writes the report to the Downloads folder. */
export const exportDoctor = (report: DoctorReport, format: "markdown" | "json") =>
  call("export_doctor", { report, format });
/** Explains whatever was pasted: a Graph error response, a webhook, an errors array or a bare code. Local, no Graph call. */
/** With a profile, each card also says what that account's state means for the error. */
export const diagnose = (input: string, profileId: string | null) =>
  call("diagnose", { input, profileId });
/** The newest `limit` entries (newest first) and the hash chain's verdict. */
export const auditLog = (limit: number) => call("audit_log", { limit });
export const exportAudit = (format: "csv" | "json") => call("export_audit", { format });
export const qualityGuide = () => call("quality_guide");
/** Oldest first. */
export const qualityHistory = (profileId: string) => call("quality_history", { profileId });
/** Every number of the profile's WABA, each with its health. */
export const listNumbers = (profileId: string) => call("list_numbers", { profileId });
/** One number's health panel (`phoneNumberId` null: the profile's own number). */
export const numberHealth = (request: NumberRequest) => call("number_health", { request });
/** How many register or deregister calls the console made for a number in the last 72 h. Local, no Graph call. */
export const attemptBudget = (request: BudgetRequest) => call("attempt_budget", { request });
/** The PIN goes straight to Meta (POST /{phone-number-id} {"pin"}); it is never stored or logged. */
export const setPin = (request: SetPinRequest) => call("set_pin", { request });
export const requestCode = (request: RequestCodeRequest) => call("request_code", { request });
export const verifyCode = (request: VerifyCodeRequest) => call("verify_code", { request });
/** Uses one of the number's 10 register attempts per 72 h; refused locally past the 7th unless `confirmed`. Never retried. */
export const registerNumber = (request: RegisterRequest) => call("register_number", { request });
export const deregisterNumber = (request: DeregisterRequest) => call("deregister_number", { request });
/** What an ID typed for a field really is (a WABA, a number, a phone number typed by mistake, ...). */
export const checkId = (request: CheckIdRequest) => call("check_id", { request });
/** Reads every template of the WABA from Meta (all pages) into the local cache; answers the whole cached list. */
export const syncTemplates = (profileId: string) => call("sync_templates", { profileId });
/** The cached list, filtered. Local, no Graph call. */
export const listTemplates = (filter: TemplateFilter) => call("list_templates", { filter });
/** One template by ID (or a name's languages), read fresh from Meta and written to the cache. */
export const getTemplate = (template: TemplateRef) => call("get_template", { template });
/** Lints the text as typed (Meta's create JSON or not yet valid JSON). Local, no Graph call: fast enough for every keystroke. */
export const lintTemplate = (request: LintRequest) => call("lint_template", { request });
export const saveTemplateDraft = (request: SaveDraftRequest) => call("save_template_draft", { request });
export const listTemplateDrafts = (profileId: string) => call("list_template_drafts", { profileId });
export const discardTemplateDraft = (draftId: string) => call("discard_template_draft", { draftId });
/** Lints first: errors refuse it, warnings need `confirmWarnings`. Uses one of Meta's 100 creations an hour. */
export const createTemplate = (request: CreateTemplateRequest) => call("create_template", { request });
/** Meta's edit limits and the console's own count of edits. Local. */
export const templateEditLimits = (profileId: string, templateId: string) => call("template_edit_limits", { profileId, templateId });
export const editTemplate = (request: EditTemplateRequest) => call("edit_template", { request });
/** Refused with `confirmationRequired` unless `confirmed`: a deleted APPROVED name is blocked for 30 days. */
export const deleteTemplate = (request: DeleteTemplateRequest) => call("delete_template", { request });
/** The app secret goes straight to the keychain (never stored or logged here, never shown again). */
export const setAppSecret = (request: SetAppSecretRequest) => call("set_app_secret", { request });
/** Answers whether there was one to remove. */
export const clearAppSecret = (profileId: string) => call("clear_app_secret", { profileId });
/** Local: whether the keychain holds the profile's app secret. */
export const appSecretStored = (profileId: string) => call("app_secret_stored", { profileId });
/** The window's webhook receiver: running (where, since when, for which profile) or the port it would use. */
export const localReceiverStatus = () => call("local_receiver_status");
/** Starts the receiver (replacing one running) with the profile's stored app secret; port 0 picks any free port. */
export const startLocalReceiver = (request: StartReceiverRequest) => call("start_local_receiver", { request });
export const stopLocalReceiver = () => call("stop_local_receiver");
/** Signs a sample status webhook with the profile's app secret and posts it to the running receiver. */
export const sendTestWebhookEvent = (profileId: string) => call("send_test_webhook_event", { profileId });
/** Stored webhook events, newest first. Local, no Graph call: cheap enough to poll. */
export const webhookEvents = (filter: WebhookEventFilter) => call("webhook_events", { filter });
/** The WABA's subscribed apps, the app's webhook configuration (with the app secret stored) and which callback Meta uses
 *  for the profile's number: three Graph reads. */
export const subscriptionsOverview = (profileId: string) => call("subscriptions_overview", { profileId });
/** With `overrideCallback`, also sets the WABA's override (Meta verifies it first); without one, clears it. Never retried. */
export const subscribeApp = (request: SubscribeRequest) => call("subscribe_app", { request });
/** No webhook of the WABA reaches the app afterwards. */
export const unsubscribeApp = (profileId: string) => call("unsubscribe_app", { profileId });
/** Sets the app's callback, verify token and fields with the app access token; answers the configuration read back. */
export const setAppWebhook = (request: SetAppWebhookRequest) => call("set_app_webhook", { request });
/** Sets (verified by Meta first) or, with `overrideCallback` null, clears a number's override; answers the routing. */
export const setNumberOverride = (request: NumberOverrideRequest) => call("set_number_override", { request });
/** Calls the callback the way Meta does and explains each result; up to about 40 s against a slow endpoint. */
export const probeWebhook = (request: ProbeRequest) => call("probe_webhook", { request });
/** The profile's most recent probe report, or null. Local. */
export const lastWebhookProbe = (profileId: string) => call("last_webhook_probe", { profileId });
/** A page of the message log, newest first (keyset: pass the answer's `nextBeforeId` as `beforeId`). Local, no Graph call. */
export const messageLog = (query: MessageLogQuery) => call("message_log", { query });
/** One logged message with its timeline, the meaning of its status and the request as sent. Local. */
export const messageDetail = (message: MessageRef) => call("message_detail", { message });
/** The accepted, sent, delivered, read and failed counts of a period (by default the last 7 days). Local. */
export const deliveryFunnel = (request: FunnelRequest) => call("delivery_funnel", { request });
/** Marks an inbound message as read (the sender sees blue ticks). Audited. */
export const markMessageRead = (request: MarkReadRequest) => call("mark_message_read", { request });
/** Starts N copies of a template in the background, paced by the number's limits; follow it with `burstProgress`. */
export const startBurst = (request: BurstRequest) => call("start_burst", { request });
export const burstProgress = (burstId: string) => call("burst_progress", { burstId });
/** Stops after the sends in flight; what was sent stays in the log. */
export const cancelBurst = (burstId: string) => call("cancel_burst", { burstId });
/** The request a Graph call shown in the window sends (profile IDs filled in, every secret a `$WA_…` placeholder), with its curl.
 *  Checked as the call itself checks its arguments; nothing is sent. */
export const describeGraphCall = (profileId: string, graphCall: GraphCall) => call("describe_graph_call", { profileId, call: graphCall });
/** Every check of a message to one recipient (recipient, 24-hour window, findings, the exact request), without sending.
 *  Local, no Graph call: cheap enough for every pause in the typing. */
export const previewSend = (request: ComposeRequest) => call("preview_send", { request });
/** Checks first (an error refuses it with `sendBlocked`, nothing sent), then sends; a refusal by Meta stays in the log. */
export const sendMessage = (request: ComposeRequest) => call("send_message", { request });
/** Fetches a media link as Meta's fetcher would (no credentials): status, type and size against the kind's limits. */
export const checkMediaLink = (request: CheckLinkRequest) => call("check_media_link", { request });
/** Checks the file's type and size for its kind, then uploads it to the number's media. */
export const uploadMedia = (request: UploadMediaRequest) => call("upload_media", { request });
/** The pace the console keeps for the profile's number. Local. */
export const sendLimits = (profileId: string) => call("send_limits", { profileId });
export const setSendLimits = (request: SetSendLimitsRequest) => call("set_send_limits", { request });
/** The number's business profile, display name and conversational components, read fresh from Meta, with Meta's limits. */
export const getProfilePage = (profileId: string) => call("get_profile_page", { profileId });
/** What saving the typed profile would change (the diff to confirm) and every value Meta would refuse. Local. */
export const checkProfileDraft = (draft: ProfileDraftCheck) => call("check_profile_draft", { draft });
/** Sends only the changed fields (checked first); answers the profile read back. Audited. */
export const saveBusinessProfile = (request: SaveProfileRequest) => call("save_business_profile", { request });
/** Format (from the bytes), size and dimensions of a picked photo. Local. */
export const checkProfilePhoto = (request: PhotoCheckRequest) => call("check_profile_photo", { request });
/** Starts the photo's upload in the background; follow it with `profilePhotoUploadProgress`. A failure keeps the old photo. */
export const startProfilePhotoUpload = (request: PhotoUploadRequest) => call("start_profile_photo_upload", { request });
export const profilePhotoUploadProgress = (uploadId: string) => call("profile_photo_upload_progress", { uploadId });
/** The guidelines a typed display name breaks (`current`: the number's name now). Local. */
export const checkDisplayName = (name: string, current: string | null) => call("check_display_name", { name, current });
/** Asks Meta to review a new display name (checked first); answers the display name read back. Audited. */
export const requestDisplayName = (request: DisplayNameRequest) => call("request_display_name", { request });
/** Every value of the welcome message, ice breakers and commands Meta would refuse. Local. */
export const checkAutomation = (automation: ConversationalAutomation) => call("check_automation", { automation });
/** Replaces the number's welcome message, ice breakers and commands (checked first); answers the set read back. Audited. */
export const saveConversationalAutomation = (request: SaveAutomationRequest) => call("save_conversational_automation", { request });
