//! The IPC commands, declared once: each command's name, its arguments (one struct per command,
//! deserialized from the whole argument object `invoke` sends, camelCase, unknown keys refused)
//! and its answer.
//!
//! Everything else is derived from this table: `src-tauri/build.rs` makes the window's capability
//! (one `allow-<command>` per command) from [`COMMANDS`]; each Tauri command takes its
//! `Args<...Args>` and answers [`Command::Answer`], and a test in `src-tauri` invokes every
//! declared name through the registered handler list; `cargo test -p waba-core` writes the
//! TypeScript command map `ui/src/bindings/commands.ts` ([`typescript`]), against which
//! `ui/src/ipc` and the UI tests' replay of recorded answers are type-checked.

use std::any::TypeId;
use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use ts_rs::{Config, TypeVisitor, TS};

use crate::app::{
    AppInfo, ExportFormat, ExportedFile, RunDoctorRequest, SandboxInfo, SetAppSecretRequest,
    SetScenarioRequest, SetTokenRequest, TokenSaved,
};
use crate::audit::AuditLog;
use crate::business_profile::{
    BusinessProfile, ConversationalAutomation, DisplayName, DisplayNameFinding, DisplayNameRequest,
    PhotoCheck, PhotoCheckRequest, PhotoUploadProgress, PhotoUploadRequest, ProfileDraftCheck,
    ProfileDraftReport, ProfilePage, SaveAutomationRequest, SaveProfileRequest,
};
use crate::checklist::Checklist;
use crate::diagnose::DiagnoseResult;
use crate::doctor::DoctorReport;
use crate::error::FieldError;
use crate::graph_call::GraphCall;
use crate::graph_request::GraphRequest;
use crate::numbers::{
    AttemptBudget, BudgetRequest, CheckIdRequest, DeregisterRequest, IdCheck, NumberHealth,
    NumberRequest, RegisterRequest, RequestCodeRequest, SetPinRequest, VerifyCodeRequest,
};
use crate::probe::{ProbeReport, ProbeRequest};
use crate::profile::{NewProfile, Profile, ProfileList};
use crate::quality::{QualityGuide, QualityPoint};
use crate::receiver::{
    ReceiverStatus, StartReceiverRequest, TestEventSent, WebhookEventFilter, WebhookEventList,
};
use crate::send::{
    BurstProgress, BurstRequest, CheckLinkRequest, ComposeRequest, FunnelReport, FunnelRequest,
    LinkCheck, MarkReadRequest, MessageDetail, MessageLogPage, MessageLogQuery, MessageRef,
    SendLimits, SendPreview, SentMessage, SetSendLimitsRequest, UploadMediaRequest, UploadedMedia,
};
use crate::subscriptions::{
    AppWebhookConfig, NumberOverrideRequest, SetAppWebhookRequest, SubscribeRequest,
    SubscriptionsOverview, WabaSubscriptions, WebhookRouting,
};
use crate::template_lint::LintReport;
use crate::templates::{
    CreateTemplateRequest, DeleteTemplateRequest, EditLimits, EditTemplateRequest, LintRequest,
    SaveDraftRequest, TemplateCreated, TemplateDeleted, TemplateDraftInfo, TemplateEdited,
    TemplateFilter, TemplateInfo, TemplateListing, TemplateRef,
};

/// A command's arguments type names the command and its answer.
pub trait Command: for<'de> Deserialize<'de> {
    /// The name the window invokes (and the Tauri command function's name).
    const NAME: &'static str;
    /// What the command answers when it succeeds (`()` crosses as `null`).
    type Answer;
}

/// A Rust type as TypeScript sees it, read from its `ts_rs::TS` implementation.
#[derive(Clone, Copy)]
pub struct TsType {
    name: fn(&Config) -> String,
    imports: fn(&Config, &mut BTreeMap<String, PathBuf>),
}

impl TsType {
    pub const fn of<T: TS + 'static>() -> Self {
        Self {
            name: <T as TS>::name,
            imports: imports_of::<T>,
        }
    }

    /// The type's TypeScript name, e.g. `string | null` or `Array<QualityPoint>`.
    pub fn name(&self, cfg: &Config) -> String {
        (self.name)(cfg)
    }
}

impl std::fmt::Debug for TsType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name(&Config::default()))
    }
}

/// The exported types `T`'s TypeScript name mentions: `T` itself and its type parameters.
fn imports_of<T: TS + 'static>(cfg: &Config, out: &mut BTreeMap<String, PathBuf>) {
    struct Visit<'a>(&'a Config, &'a mut BTreeMap<String, PathBuf>);
    impl TypeVisitor for Visit<'_> {
        fn visit<U: TS + 'static + ?Sized>(&mut self) {
            if let Some(path) = U::output_path() {
                self.1.insert(U::ident(self.0), path);
            }
            U::visit_generics(self);
        }
    }
    Visit(cfg, out).visit::<T>();
}

/// One argument: its Rust field name (the wire name is its camelCase) and its type.
#[derive(Debug, Clone, Copy)]
pub struct ArgSpec {
    pub field: &'static str,
    pub ty: TsType,
}

impl ArgSpec {
    /// The key the window sends it under.
    pub fn wire_name(&self) -> String {
        camel_case(self.field)
    }
}

/// One command as the declaration states it.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub name: &'static str,
    pub doc: &'static [&'static str],
    pub args: &'static [ArgSpec],
    pub answer: TsType,
    args_type: fn() -> TypeId,
}

impl CommandSpec {
    /// Whether `C` is this command's arguments type.
    pub fn takes<C: 'static>(&self) -> bool {
        (self.args_type)() == TypeId::of::<C>()
    }
}

/// serde's `rename_all = "camelCase"` for snake_case field names.
fn camel_case(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident($args:ident { $($field:ident: $ty:ty),* $(,)? }) -> $answer:ty;
    )*) => {
        $(
            #[doc = concat!("The arguments of `", stringify!($name), "`.")]
            $(#[doc = $doc])*
            #[derive(Debug, Deserialize)]
            #[serde(rename_all = "camelCase", deny_unknown_fields)]
            pub struct $args {
                $(pub $field: $ty,)*
            }

            impl Command for $args {
                const NAME: &'static str = stringify!($name);
                type Answer = $answer;
            }
        )*

        /// Every command, in declaration order.
        pub const COMMANDS: &[CommandSpec] = &[$(
            CommandSpec {
                name: stringify!($name),
                doc: &[$($doc),*],
                args: &[$(ArgSpec { field: stringify!($field), ty: TsType::of::<$ty>() }),*],
                answer: TsType::of::<$answer>(),
                args_type: TypeId::of::<$args>,
            },
        )*];
    };
}

commands! {
    /// Facts about this install (version, folders, keychain namespace, API versions).
    app_info(AppInfoArgs {}) -> AppInfo;
    /// Writes an error of the web view itself (uncaught, unhandled rejection, caught by a page's
    /// error boundary: `kind` is `error`, `unhandledrejection` or `boundary`) to the log file.
    log_webview_error(LogWebviewErrorArgs {
        kind: String,
        message: String,
        source: Option<String>,
        page: Option<String>,
    }) -> ();
    /// The window's first interactive paint of `page` (its route) after launch, sent once by the
    /// page when its content is on screen: logged as a startup figure, and timed by `scripts/bench`.
    report_first_paint(ReportFirstPaintArgs { page: String }) -> ();

    list_profiles(ListProfilesArgs {}) -> ProfileList;
    add_profile(AddProfileArgs { profile: NewProfile }) -> Profile;
    /// Also removes every keychain entry the profile owns (token and kept PINs).
    remove_profile(RemoveProfileArgs { profile_id: String }) -> ();
    set_active_profile(SetActiveProfileArgs { profile_id: String }) -> ();

    sandbox_info(SandboxInfoArgs {}) -> SandboxInfo;
    set_sandbox_scenario(SetSandboxScenarioArgs { request: SetScenarioRequest }) -> Profile;

    /// Checks a pasted token with Meta before it reaches the keychain; a refused token comes back
    /// with `stored: false`, and `storeUnverified` stores it when Meta cannot be reached.
    set_token(SetTokenArgs { request: SetTokenRequest }) -> TokenSaved;
    clear_token(ClearTokenArgs { profile_id: String }) -> ();

    /// The setup checklist; runs the live token check, so it can take a second or more.
    get_checklist(GetChecklistArgs { profile_id: String }) -> Checklist;

    /// Explains whatever was pasted (a Graph error response, a webhook, an errors array or a bare
    /// code); with a profile, each card also says what that account's state means for the error.
    diagnose(DiagnoseArgs { input: String, profile_id: Option<String> }) -> DiagnoseResult;

    /// Runs every readiness check at once; `apiVersion` tries another version than the profile's.
    run_doctor(RunDoctorArgs { request: RunDoctorRequest }) -> DoctorReport;
    /// Writes the report (Markdown or JSON) to the Downloads folder.
    export_doctor(ExportDoctorArgs { report: DoctorReport, format: ExportFormat }) -> ExportedFile;

    /// The newest `limit` entries (newest first) and the hash chain's verdict.
    audit_log(AuditLogArgs { limit: u32 }) -> AuditLog;
    /// Writes the whole audit log (CSV or JSON) to the Downloads folder.
    export_audit(ExportAuditArgs { format: ExportFormat }) -> ExportedFile;

    quality_guide(QualityGuideArgs {}) -> QualityGuide;
    /// Oldest first.
    quality_history(QualityHistoryArgs { profile_id: String }) -> Vec<QualityPoint>;

    /// Every number of the profile's WABA, each with its health.
    list_numbers(ListNumbersArgs { profile_id: String }) -> Vec<NumberHealth>;
    /// One number's health panel (`phoneNumberId` null: the profile's own number).
    number_health(NumberHealthArgs { request: NumberRequest }) -> NumberHealth;
    /// The register or deregister calls made for a number in the last 72 h. Local, no Graph call.
    attempt_budget(AttemptBudgetArgs { request: BudgetRequest }) -> AttemptBudget;
    /// The PIN goes straight to Meta (POST /{phone-number-id} {"pin"}); kept only if asked.
    set_pin(SetPinArgs { request: SetPinRequest }) -> ();
    request_code(RequestCodeArgs { request: RequestCodeRequest }) -> ();
    verify_code(VerifyCodeArgs { request: VerifyCodeRequest }) -> ();
    /// Uses one of the number's 10 register attempts per 72 h; refused past the 7th unless
    /// `confirmed`. Never retried.
    register_number(RegisterNumberArgs { request: RegisterRequest }) -> AttemptBudget;
    deregister_number(DeregisterNumberArgs { request: DeregisterRequest }) -> AttemptBudget;
    /// What an ID typed for a field really is (a WABA, a number, a phone number typed by mistake).
    check_id(CheckIdArgs { request: CheckIdRequest }) -> IdCheck;

    /// Reads every template of the WABA (all pages) into the local cache, with Meta's count and
    /// limit, and answers the whole cached list.
    sync_templates(SyncTemplatesArgs { profile_id: String }) -> TemplateListing;
    /// The cached list, filtered. Local, no Graph call (`syncedAt` says how old it is).
    list_templates(ListTemplatesArgs { filter: TemplateFilter }) -> TemplateListing;
    /// One template by ID, or a name's languages (or the one given), read fresh from Meta.
    get_template(GetTemplateArgs { template: TemplateRef }) -> Vec<TemplateInfo>;
    /// Lints Meta's create JSON as typed (valid JSON or not); with a profile, against its synced
    /// templates for duplicates. Local, no Graph call.
    lint_template(LintTemplateArgs { request: LintRequest }) -> LintReport;
    /// Keeps a draft as typed until it is submitted or discarded, across restarts.
    save_template_draft(SaveTemplateDraftArgs { request: SaveDraftRequest }) -> TemplateDraftInfo;
    /// The profile's kept drafts, most recently changed first.
    list_template_drafts(ListTemplateDraftsArgs { profile_id: String }) -> Vec<TemplateDraftInfo>;
    discard_template_draft(DiscardTemplateDraftArgs { draft_id: String }) -> ();
    /// Lints first: errors refuse it (`templateLintFailed`), warnings need `confirmWarnings`
    /// (`confirmationRequired`). The template is cached as Meta answered (PENDING, usually).
    create_template(CreateTemplateArgs { request: CreateTemplateRequest }) -> TemplateCreated;
    /// Meta's edit limits for a template and the console's own count of its edits. Local.
    template_edit_limits(TemplateEditLimitsArgs { profile_id: String, template_id: String }) -> EditLimits;
    /// Refused locally (`editLimitReached`) when the console knows the limit is reached.
    edit_template(EditTemplateArgs { request: EditTemplateRequest }) -> TemplateEdited;
    /// By name (every language) or one language; needs `confirmed` (`confirmationRequired`
    /// otherwise, whose message says a deleted approved name is blocked for 30 days).
    delete_template(DeleteTemplateArgs { request: DeleteTemplateRequest }) -> TemplateDeleted;

    /// Keeps the profile's app secret in the keychain (replacing one); never shown again.
    set_app_secret(SetAppSecretArgs { request: SetAppSecretRequest }) -> ();
    /// Whether one was stored.
    clear_app_secret(ClearAppSecretArgs { profile_id: String }) -> bool;
    /// Whether the profile has an app secret in the keychain. Local.
    app_secret_stored(AppSecretStoredArgs { profile_id: String }) -> bool;

    /// The window's webhook receiver: running (where, for which profile) or the port it would use.
    local_receiver_status(LocalReceiverStatusArgs {}) -> ReceiverStatus;
    /// Starts it (replacing one running) with the profile's stored app secret; 127.0.0.1 unless
    /// `listenOnAllInterfaces`.
    start_local_receiver(StartLocalReceiverArgs { request: StartReceiverRequest }) -> ReceiverStatus;
    stop_local_receiver(StopLocalReceiverArgs {}) -> ReceiverStatus;
    /// Signs a sample status webhook with the profile's app secret and posts it to the running
    /// receiver, which stores it before answering.
    send_test_webhook_event(SendTestWebhookEventArgs { profile_id: String }) -> TestEventSent;
    /// Stored webhook events, newest first. Local, no Graph call.
    webhook_events(WebhookEventsArgs { filter: WebhookEventFilter }) -> WebhookEventList;

    /// The WABA's subscribed apps, the app's webhook configuration (with the app secret stored)
    /// and which callback Meta uses for the profile's number.
    subscriptions_overview(SubscriptionsOverviewArgs { profile_id: String }) -> SubscriptionsOverview;
    /// Subscribes the profile's app to the WABA; with `overrideCallback`, also sets the WABA's
    /// override (Meta verifies it with a GET challenge first: 2200/2201); without, clears it.
    /// Audited; never retried.
    subscribe_app(SubscribeAppArgs { request: SubscribeRequest }) -> WabaSubscriptions;
    /// No webhook of the WABA reaches the app afterwards. Audited.
    unsubscribe_app(UnsubscribeAppArgs { profile_id: String }) -> WabaSubscriptions;
    /// Sets the app's callback, verify token and fields with the app access token (Meta verifies
    /// the callback first). Audited; the answer is the configuration read back.
    set_app_webhook(SetAppWebhookArgs { request: SetAppWebhookRequest }) -> AppWebhookConfig;
    /// The three callback levels of a number (`phoneNumberId` null: the profile's) and the winner.
    webhook_routing(WebhookRoutingArgs { profile_id: String, phone_number_id: Option<String> }) -> WebhookRouting;
    /// Sets (verified first) or, with `overrideCallback` null, clears a number's override.
    /// Audited; the answer is the routing read back.
    set_number_override(SetNumberOverrideArgs { request: NumberOverrideRequest }) -> WebhookRouting;
    /// Does what Meta does to a callback (HTTPS, certificate, challenge, wrong token, signed and
    /// forged POSTs) and explains each result; kept as the profile's last probe. Each exchange
    /// waits at most 10 s, as Meta does, so a slow endpoint takes up to about 50 s.
    probe_webhook(ProbeWebhookArgs { request: ProbeRequest }) -> ProbeReport;
    /// The profile's most recent probe, if any. Local.
    last_webhook_probe(LastWebhookProbeArgs { profile_id: String }) -> Option<ProbeReport>;

    /// Checks a message to one recipient without sending it: the recipient, the 24-hour window
    /// (from the stored inbound webhooks), every finding and the exact request. No Graph call.
    preview_send(PreviewSendArgs { request: ComposeRequest }) -> SendPreview;
    /// Checks first (an error refuses it with `sendBlocked`, nothing sent), reserves it in the
    /// log, paces it by the number's limits, retries throttling and Meta's transient errors with
    /// backoff a few times; a send that got no answer is never sent again (`unknown` in the log
    /// until its first status). A refusal answers the Graph error; the log keeps it as refused.
    send_message(SendMessageArgs { request: ComposeRequest }) -> SentMessage;
    /// Fetches a media link as Meta's fetcher would (no credentials): status, type and size
    /// against the kind's limits.
    check_media_link(CheckMediaLinkArgs { request: CheckLinkRequest }) -> LinkCheck;
    /// Checks the file's type and size for its kind, then uploads it to the number's media.
    upload_media(UploadMediaArgs { request: UploadMediaRequest }) -> UploadedMedia;
    /// The pace the console keeps for the profile's number. Local.
    send_limits(SendLimitsArgs { profile_id: String }) -> SendLimits;
    set_send_limits(SetSendLimitsArgs { request: SetSendLimitsRequest }) -> SendLimits;
    /// A page of the message log, newest first. Local, no Graph call.
    message_log(MessageLogArgs { query: MessageLogQuery }) -> MessageLogPage;
    /// One message with its timeline and request. Local.
    message_detail(MessageDetailArgs { message: MessageRef }) -> MessageDetail;
    /// Accepted, sent, delivered, read and failed counts of a period. Local.
    delivery_funnel(DeliveryFunnelArgs { request: FunnelRequest }) -> FunnelReport;
    /// Marks an inbound message as read (`status: read` to the number's messages). Audited.
    mark_message_read(MarkMessageReadArgs { request: MarkReadRequest }) -> ();
    /// Starts sending `count` copies of a template in the background, paced by the number's
    /// limits; follow it with `burst_progress`.
    start_burst(StartBurstArgs { request: BurstRequest }) -> BurstProgress;
    burst_progress(BurstProgressArgs { burst_id: String }) -> BurstProgress;
    /// Stops after the sends in flight; what was sent stays in the log.
    cancel_burst(CancelBurstArgs { burst_id: String }) -> BurstProgress;

    /// The number's business profile, display name and conversational components, read fresh
    /// from Meta (two reads), with Meta's limits for every field.
    get_profile_page(GetProfilePageArgs { profile_id: String }) -> ProfilePage;
    /// What saving the typed profile would change, and every value Meta would refuse. Local.
    check_profile_draft(CheckProfileDraftArgs { draft: ProfileDraftCheck }) -> ProfileDraftReport;
    /// Checks the changes first (a limit refuses it with `invalidInput`, nothing sent), then
    /// sends only them; answers the profile read back. Audited.
    save_business_profile(SaveBusinessProfileArgs { request: SaveProfileRequest }) -> BusinessProfile;
    /// Format (from the bytes), size and dimensions of a picked photo. Local.
    check_profile_photo(CheckProfilePhotoArgs { request: PhotoCheckRequest }) -> PhotoCheck;
    /// Checks the photo (an error refuses it, nothing sent), then in the background opens a
    /// Resumable Upload session, sends the bytes and sets the handle on the profile; follow it
    /// with `profile_photo_upload_progress`. A failure leaves the old photo in place. Audited.
    start_profile_photo_upload(StartProfilePhotoUploadArgs { request: PhotoUploadRequest }) -> PhotoUploadProgress;
    profile_photo_upload_progress(ProfilePhotoUploadProgressArgs { upload_id: String }) -> PhotoUploadProgress;
    /// The guidelines a typed display name breaks (`current`: the number's name now). Local.
    check_display_name(CheckDisplayNameArgs { name: String, current: Option<String> }) -> Vec<DisplayNameFinding>;
    /// Checks the name first (a failing finding refuses it), then asks Meta to review it; the
    /// answer is the display name read back. Audited.
    request_display_name(RequestDisplayNameArgs { request: DisplayNameRequest }) -> DisplayName;
    /// Every value of the set Meta would refuse. Local.
    check_automation(CheckAutomationArgs { automation: ConversationalAutomation }) -> Vec<FieldError>;
    /// Checks first (`invalidInput`, nothing sent), then replaces the number's welcome message,
    /// ice breakers and commands; answers the set read back. Audited.
    save_conversational_automation(SaveConversationalAutomationArgs { request: SaveAutomationRequest }) -> ConversationalAutomation;

    /// The request a Graph call the window shows would send, with the profile's IDs and every
    /// secret as a placeholder, for "Copy as curl". The call's arguments are checked as the call
    /// itself checks them. Nothing is sent.
    describe_graph_call(DescribeGraphCallArgs { profile_id: String, call: GraphCall }) -> GraphRequest;
}

/// The command declared under `name`.
pub fn command(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// `ui/src/bindings/commands.ts`: the command map the UI's `ipc` module and the tests' replay are
/// typed against (`Commands[name]` is `{ args, answer }`).
pub fn typescript(cfg: &Config) -> String {
    let mut imports = BTreeMap::new();
    for command in COMMANDS {
        for arg in command.args {
            (arg.ty.imports)(cfg, &mut imports);
        }
        (command.answer.imports)(cfg, &mut imports);
    }
    let mut ts = String::from(
        "// Generated from the command declarations in crates/waba-core/src/ipc.rs by \
         `cargo test -p waba-core`. Do not edit by hand.\n",
    );
    for (name, path) in &imports {
        let module = path.with_extension("");
        ts.push_str(&format!(
            "import type {{ {name} }} from \"./{}\";\n",
            module.display()
        ));
    }
    ts.push_str(
        "\n/** Every IPC command by name: the argument object `invoke` sends, and the answer. */\n\
         export type Commands = {\n",
    );
    for command in COMMANDS {
        if !command.doc.is_empty() {
            ts.push_str("  /**\n");
            for line in command.doc {
                ts.push_str(&format!("   *{}\n", line.trim_end()));
            }
            ts.push_str("   */\n");
        }
        let args = if command.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> = command
                .args
                .iter()
                .map(|a| format!("{}: {}", a.wire_name(), a.ty.name(cfg)))
                .collect();
            format!("{{ {} }}", fields.join("; "))
        };
        ts.push_str(&format!(
            "  {}: {{ args: {args}; answer: {} }};\n",
            command.name,
            command.answer.name(cfg)
        ));
    }
    ts.push_str(
        "};\n\n\
         export type CommandName = keyof Commands;\n\
         export type CommandArgs<C extends CommandName> = Commands[C][\"args\"];\n\
         export type CommandAnswer<C extends CommandName> = Commands[C][\"answer\"];\n\n\
         /** Every command name, in declaration order. */\n\
         export const COMMAND_NAMES = [\n",
    );
    for command in COMMANDS {
        ts.push_str(&format!("  \"{}\",\n", command.name));
    }
    ts.push_str("] as const satisfies readonly CommandName[];\n");
    ts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes the command map next to the ts-rs bindings (`TS_RS_EXPORT_DIR`, as ts-rs does), so
    /// `cargo test` refreshes it with them and scripts/test's freshness check covers it.
    #[test]
    fn export_command_map() {
        let cfg = Config::from_env();
        let path = cfg.out_dir().join("commands.ts");
        std::fs::create_dir_all(cfg.out_dir()).unwrap();
        std::fs::write(&path, typescript(&cfg)).unwrap();
    }

    #[test]
    fn names_are_unique_snake_case_and_match_their_args_type() {
        let mut seen = std::collections::BTreeSet::new();
        for c in COMMANDS {
            assert!(seen.insert(c.name), "{} is declared twice", c.name);
            assert!(
                c.name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{}",
                c.name
            );
        }
        assert_eq!(command(SetTokenArgs::NAME).unwrap().name, "set_token");
        assert!(command("set_token").unwrap().takes::<SetTokenArgs>());
        assert!(!command("clear_token").unwrap().takes::<SetTokenArgs>());
        assert!(command("no_such_command").is_none());
    }

    #[test]
    fn arguments_are_read_by_their_camel_case_names_and_unknown_ones_refused() {
        let args: DiagnoseArgs =
            serde_json::from_value(serde_json::json!({ "input": "131047", "profileId": "p1" }))
                .unwrap();
        assert_eq!(args.profile_id.as_deref(), Some("p1"));
        // An optional argument may be left out...
        let args: DiagnoseArgs =
            serde_json::from_value(serde_json::json!({ "input": "131047" })).unwrap();
        assert_eq!(args.profile_id, None);
        // ...but one sent under another name is refused rather than read as absent.
        let renamed = serde_json::from_value::<DiagnoseArgs>(
            serde_json::json!({ "input": "131047", "profile": "p1" }),
        )
        .unwrap_err();
        assert!(renamed.to_string().contains("unknown field `profile`"));
        serde_json::from_value::<AppInfoArgs>(serde_json::json!({})).unwrap();
        assert_eq!(
            command("diagnose").unwrap().args[1].wire_name(),
            "profileId"
        );
    }

    #[test]
    fn the_command_map_states_each_commands_args_and_answer() {
        let ts = typescript(&Config::default());
        assert!(ts.contains("import type { TokenSaved } from \"./TokenSaved\";"));
        assert!(
            ts.contains("  set_token: { args: { request: SetTokenRequest }; answer: TokenSaved };")
        );
        assert!(ts.contains("  app_info: { args: Record<string, never>; answer: AppInfo };"));
        assert!(ts.contains(
            "  diagnose: { args: { input: string; profileId: string | null }; answer: DiagnoseResult };"
        ));
        assert!(ts.contains(
            "  quality_history: { args: { profileId: string }; answer: Array<QualityPoint> };"
        ));
        assert!(ts.contains("  clear_token: { args: { profileId: string }; answer: null };"));
        assert_eq!(ts.matches("\n  \"").count(), COMMANDS.len());
    }
}
