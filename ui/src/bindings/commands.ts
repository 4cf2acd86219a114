// Generated from the command declarations in crates/waba-core/src/ipc.rs by `cargo test -p waba-core`. Do not edit by hand.
import type { AppInfo } from "./AppInfo";
import type { AppWebhookConfig } from "./AppWebhookConfig";
import type { AttemptBudget } from "./AttemptBudget";
import type { AuditLog } from "./AuditLog";
import type { BudgetRequest } from "./BudgetRequest";
import type { BurstProgress } from "./BurstProgress";
import type { BurstRequest } from "./BurstRequest";
import type { BusinessProfile } from "./BusinessProfile";
import type { CheckIdRequest } from "./CheckIdRequest";
import type { CheckLinkRequest } from "./CheckLinkRequest";
import type { Checklist } from "./Checklist";
import type { ComposeRequest } from "./ComposeRequest";
import type { ConversationalAutomation } from "./ConversationalAutomation";
import type { CreateTemplateRequest } from "./CreateTemplateRequest";
import type { DeleteTemplateRequest } from "./DeleteTemplateRequest";
import type { DeregisterRequest } from "./DeregisterRequest";
import type { DiagnoseResult } from "./DiagnoseResult";
import type { DisplayName } from "./DisplayName";
import type { DisplayNameFinding } from "./DisplayNameFinding";
import type { DisplayNameRequest } from "./DisplayNameRequest";
import type { DoctorReport } from "./DoctorReport";
import type { EditLimits } from "./EditLimits";
import type { EditTemplateRequest } from "./EditTemplateRequest";
import type { ExportFormat } from "./ExportFormat";
import type { ExportedFile } from "./ExportedFile";
import type { FieldError } from "./FieldError";
import type { FunnelReport } from "./FunnelReport";
import type { FunnelRequest } from "./FunnelRequest";
import type { GraphCall } from "./GraphCall";
import type { GraphRequest } from "./GraphRequest";
import type { IdCheck } from "./IdCheck";
import type { LinkCheck } from "./LinkCheck";
import type { LintReport } from "./LintReport";
import type { LintRequest } from "./LintRequest";
import type { MarkReadRequest } from "./MarkReadRequest";
import type { MessageDetail } from "./MessageDetail";
import type { MessageLogPage } from "./MessageLogPage";
import type { MessageLogQuery } from "./MessageLogQuery";
import type { MessageRef } from "./MessageRef";
import type { NewProfile } from "./NewProfile";
import type { NumberHealth } from "./NumberHealth";
import type { NumberOverrideRequest } from "./NumberOverrideRequest";
import type { NumberRequest } from "./NumberRequest";
import type { PhotoCheck } from "./PhotoCheck";
import type { PhotoCheckRequest } from "./PhotoCheckRequest";
import type { PhotoUploadProgress } from "./PhotoUploadProgress";
import type { PhotoUploadRequest } from "./PhotoUploadRequest";
import type { ProbeReport } from "./ProbeReport";
import type { ProbeRequest } from "./ProbeRequest";
import type { Profile } from "./Profile";
import type { ProfileDraftCheck } from "./ProfileDraftCheck";
import type { ProfileDraftReport } from "./ProfileDraftReport";
import type { ProfileList } from "./ProfileList";
import type { ProfilePage } from "./ProfilePage";
import type { QualityGuide } from "./QualityGuide";
import type { QualityPoint } from "./QualityPoint";
import type { ReceiverStatus } from "./ReceiverStatus";
import type { RegisterRequest } from "./RegisterRequest";
import type { RequestCodeRequest } from "./RequestCodeRequest";
import type { RunDoctorRequest } from "./RunDoctorRequest";
import type { SandboxInfo } from "./SandboxInfo";
import type { SaveAutomationRequest } from "./SaveAutomationRequest";
import type { SaveDraftRequest } from "./SaveDraftRequest";
import type { SaveProfileRequest } from "./SaveProfileRequest";
import type { SendLimits } from "./SendLimits";
import type { SendPreview } from "./SendPreview";
import type { SentMessage } from "./SentMessage";
import type { SetAppSecretRequest } from "./SetAppSecretRequest";
import type { SetAppWebhookRequest } from "./SetAppWebhookRequest";
import type { SetPinRequest } from "./SetPinRequest";
import type { SetScenarioRequest } from "./SetScenarioRequest";
import type { SetSendLimitsRequest } from "./SetSendLimitsRequest";
import type { SetTokenRequest } from "./SetTokenRequest";
import type { StartReceiverRequest } from "./StartReceiverRequest";
import type { SubscribeRequest } from "./SubscribeRequest";
import type { SubscriptionsOverview } from "./SubscriptionsOverview";
import type { TemplateCreated } from "./TemplateCreated";
import type { TemplateDeleted } from "./TemplateDeleted";
import type { TemplateDraftInfo } from "./TemplateDraftInfo";
import type { TemplateEdited } from "./TemplateEdited";
import type { TemplateFilter } from "./TemplateFilter";
import type { TemplateInfo } from "./TemplateInfo";
import type { TemplateListing } from "./TemplateListing";
import type { TemplateRef } from "./TemplateRef";
import type { TestEventSent } from "./TestEventSent";
import type { TokenSaved } from "./TokenSaved";
import type { UploadMediaRequest } from "./UploadMediaRequest";
import type { UploadedMedia } from "./UploadedMedia";
import type { VerifyCodeRequest } from "./VerifyCodeRequest";
import type { WabaSubscriptions } from "./WabaSubscriptions";
import type { WebhookEventFilter } from "./WebhookEventFilter";
import type { WebhookEventList } from "./WebhookEventList";
import type { WebhookRouting } from "./WebhookRouting";

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
  /**
   * The window's first interactive paint of `page` (its route) after launch, sent once by the
   * page when its content is on screen: logged as a startup figure, and timed by `scripts/bench`.
   */
  report_first_paint: { args: { page: string }; answer: null };
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
  /**
   * Keeps the profile's app secret in the keychain (replacing one); never shown again.
   */
  set_app_secret: { args: { request: SetAppSecretRequest }; answer: null };
  /**
   * Whether one was stored.
   */
  clear_app_secret: { args: { profileId: string }; answer: boolean };
  /**
   * Whether the profile has an app secret in the keychain. Local.
   */
  app_secret_stored: { args: { profileId: string }; answer: boolean };
  /**
   * The window's webhook receiver: running (where, for which profile) or the port it would use.
   */
  local_receiver_status: { args: Record<string, never>; answer: ReceiverStatus };
  /**
   * Starts it (replacing one running) with the profile's stored app secret; 127.0.0.1 unless
   * `listenOnAllInterfaces`.
   */
  start_local_receiver: { args: { request: StartReceiverRequest }; answer: ReceiverStatus };
  stop_local_receiver: { args: Record<string, never>; answer: ReceiverStatus };
  /**
   * Signs a sample status webhook with the profile's app secret and posts it to the running
   * receiver, which stores it before answering.
   */
  send_test_webhook_event: { args: { profileId: string }; answer: TestEventSent };
  /**
   * Stored webhook events, newest first. Local, no Graph call.
   */
  webhook_events: { args: { filter: WebhookEventFilter }; answer: WebhookEventList };
  /**
   * The WABA's subscribed apps, the app's webhook configuration (with the app secret stored)
   * and which callback Meta uses for the profile's number.
   */
  subscriptions_overview: { args: { profileId: string }; answer: SubscriptionsOverview };
  /**
   * Subscribes the profile's app to the WABA; with `overrideCallback`, also sets the WABA's
   * override (Meta verifies it with a GET challenge first: 2200/2201); without, clears it.
   * Audited; never retried.
   */
  subscribe_app: { args: { request: SubscribeRequest }; answer: WabaSubscriptions };
  /**
   * No webhook of the WABA reaches the app afterwards. Audited.
   */
  unsubscribe_app: { args: { profileId: string }; answer: WabaSubscriptions };
  /**
   * Sets the app's callback, verify token and fields with the app access token (Meta verifies
   * the callback first). Audited; the answer is the configuration read back.
   */
  set_app_webhook: { args: { request: SetAppWebhookRequest }; answer: AppWebhookConfig };
  /**
   * The three callback levels of a number (`phoneNumberId` null: the profile's) and the winner.
   */
  webhook_routing: { args: { profileId: string; phoneNumberId: string | null }; answer: WebhookRouting };
  /**
   * Sets (verified first) or, with `overrideCallback` null, clears a number's override.
   * Audited; the answer is the routing read back.
   */
  set_number_override: { args: { request: NumberOverrideRequest }; answer: WebhookRouting };
  /**
   * Does what Meta does to a callback (HTTPS, certificate, challenge, wrong token, signed and
   * forged POSTs) and explains each result; kept as the profile's last probe. Each exchange
   * waits at most 10 s, as Meta does, so a slow endpoint takes up to about 50 s.
   */
  probe_webhook: { args: { request: ProbeRequest }; answer: ProbeReport };
  /**
   * The profile's most recent probe, if any. Local.
   */
  last_webhook_probe: { args: { profileId: string }; answer: ProbeReport | null };
  /**
   * Checks a message to one recipient without sending it: the recipient, the 24-hour window
   * (from the stored inbound webhooks), every finding and the exact request. No Graph call.
   */
  preview_send: { args: { request: ComposeRequest }; answer: SendPreview };
  /**
   * Checks first (an error refuses it with `sendBlocked`, nothing sent), reserves it in the
   * log, paces it by the number's limits, retries throttling and Meta's transient errors with
   * backoff a few times; a send that got no answer is never sent again (`unknown` in the log
   * until its first status). A refusal answers the Graph error; the log keeps it as refused.
   */
  send_message: { args: { request: ComposeRequest }; answer: SentMessage };
  /**
   * Fetches a media link as Meta's fetcher would (no credentials): status, type and size
   * against the kind's limits.
   */
  check_media_link: { args: { request: CheckLinkRequest }; answer: LinkCheck };
  /**
   * Checks the file's type and size for its kind, then uploads it to the number's media.
   */
  upload_media: { args: { request: UploadMediaRequest }; answer: UploadedMedia };
  /**
   * The pace the console keeps for the profile's number. Local.
   */
  send_limits: { args: { profileId: string }; answer: SendLimits };
  set_send_limits: { args: { request: SetSendLimitsRequest }; answer: SendLimits };
  /**
   * A page of the message log, newest first. Local, no Graph call.
   */
  message_log: { args: { query: MessageLogQuery }; answer: MessageLogPage };
  /**
   * One message with its timeline and request. Local.
   */
  message_detail: { args: { message: MessageRef }; answer: MessageDetail };
  /**
   * Accepted, sent, delivered, read and failed counts of a period. Local.
   */
  delivery_funnel: { args: { request: FunnelRequest }; answer: FunnelReport };
  /**
   * Marks an inbound message as read (`status: read` to the number's messages). Audited.
   */
  mark_message_read: { args: { request: MarkReadRequest }; answer: null };
  /**
   * Starts sending `count` copies of a template in the background, paced by the number's
   * limits; follow it with `burst_progress`.
   */
  start_burst: { args: { request: BurstRequest }; answer: BurstProgress };
  burst_progress: { args: { burstId: string }; answer: BurstProgress };
  /**
   * Stops after the sends in flight; what was sent stays in the log.
   */
  cancel_burst: { args: { burstId: string }; answer: BurstProgress };
  /**
   * The number's business profile, display name and conversational components, read fresh
   * from Meta (two reads), with Meta's limits for every field.
   */
  get_profile_page: { args: { profileId: string }; answer: ProfilePage };
  /**
   * What saving the typed profile would change, and every value Meta would refuse. Local.
   */
  check_profile_draft: { args: { draft: ProfileDraftCheck }; answer: ProfileDraftReport };
  /**
   * Checks the changes first (a limit refuses it with `invalidInput`, nothing sent), then
   * sends only them; answers the profile read back. Audited.
   */
  save_business_profile: { args: { request: SaveProfileRequest }; answer: BusinessProfile };
  /**
   * Format (from the bytes), size and dimensions of a picked photo. Local.
   */
  check_profile_photo: { args: { request: PhotoCheckRequest }; answer: PhotoCheck };
  /**
   * Checks the photo (an error refuses it, nothing sent), then in the background opens a
   * Resumable Upload session, sends the bytes and sets the handle on the profile; follow it
   * with `profile_photo_upload_progress`. A failure leaves the old photo in place. Audited.
   */
  start_profile_photo_upload: { args: { request: PhotoUploadRequest }; answer: PhotoUploadProgress };
  profile_photo_upload_progress: { args: { uploadId: string }; answer: PhotoUploadProgress };
  /**
   * The guidelines a typed display name breaks (`current`: the number's name now). Local.
   */
  check_display_name: { args: { name: string; current: string | null }; answer: Array<DisplayNameFinding> };
  /**
   * Checks the name first (a failing finding refuses it), then asks Meta to review it; the
   * answer is the display name read back. Audited.
   */
  request_display_name: { args: { request: DisplayNameRequest }; answer: DisplayName };
  /**
   * Every value of the set Meta would refuse. Local.
   */
  check_automation: { args: { automation: ConversationalAutomation }; answer: Array<FieldError> };
  /**
   * Checks first (`invalidInput`, nothing sent), then replaces the number's welcome message,
   * ice breakers and commands; answers the set read back. Audited.
   */
  save_conversational_automation: { args: { request: SaveAutomationRequest }; answer: ConversationalAutomation };
  /**
   * The request a Graph call the window shows would send, with the profile's IDs and every
   * secret as a placeholder, for "Copy as curl". The call's arguments are checked as the call
   * itself checks them. Nothing is sent.
   */
  describe_graph_call: { args: { profileId: string; call: GraphCall }; answer: GraphRequest };
};

export type CommandName = keyof Commands;
export type CommandArgs<C extends CommandName> = Commands[C]["args"];
export type CommandAnswer<C extends CommandName> = Commands[C]["answer"];

/** Every command name, in declaration order. */
export const COMMAND_NAMES = [
  "app_info",
  "log_webview_error",
  "report_first_paint",
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
  "set_app_secret",
  "clear_app_secret",
  "app_secret_stored",
  "local_receiver_status",
  "start_local_receiver",
  "stop_local_receiver",
  "send_test_webhook_event",
  "webhook_events",
  "subscriptions_overview",
  "subscribe_app",
  "unsubscribe_app",
  "set_app_webhook",
  "webhook_routing",
  "set_number_override",
  "probe_webhook",
  "last_webhook_probe",
  "preview_send",
  "send_message",
  "check_media_link",
  "upload_media",
  "send_limits",
  "set_send_limits",
  "message_log",
  "message_detail",
  "delivery_funnel",
  "mark_message_read",
  "start_burst",
  "burst_progress",
  "cancel_burst",
  "get_profile_page",
  "check_profile_draft",
  "save_business_profile",
  "check_profile_photo",
  "start_profile_photo_upload",
  "profile_photo_upload_progress",
  "check_display_name",
  "request_display_name",
  "check_automation",
  "save_conversational_automation",
  "describe_graph_call",
] as const satisfies readonly CommandName[];
