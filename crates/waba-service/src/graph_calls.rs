//! "Copy as curl" for every Graph call the window shows: a [`GraphCall`] named by the window,
//! described with the profile's IDs by the same `describe_<call>` the real call sends.
//!
//! The arguments go through the checks the real call applies first (a callback URL, a code, a
//! region, the fields of an app subscription), so a call the console would refuse is refused here
//! with the same field error instead of being shown as something it would never send. Nothing is
//! sent and nothing secret is read: the description holds placeholders only.

use waba_core::graph_call::GraphCall;
use waba_core::graph_request::GraphRequest;
use waba_core::versions::parse_version;
use waba_core::{CommandError, FieldError};
use waba_graph::TemplateQuery;

use crate::business_profile::{checked_automation, checked_changes, checked_display_name};
use crate::console::Console;
use crate::doctor;
use crate::numbers::{checked_code, checked_region};
use crate::subscriptions::{check_callback, checked_fields, number_id};
use crate::templates::{create_body, deleted_name, edit_body};

impl Console {
    /// The request `call` sends for the profile, as the window shows it (its `curl` reads the
    /// token from `$WA_TOKEN`). No Graph call.
    pub async fn describe_graph_call(
        &self,
        profile_id: &str,
        call: &GraphCall,
    ) -> Result<GraphRequest, CommandError> {
        let mut profile = self.profile(profile_id).await?;
        if let GraphCall::DoctorRead { api_version, .. } = call {
            profile.api_version = parse_version(api_version).map_err(|m| {
                CommandError::invalid_fields(vec![FieldError::new("apiVersion", m)])
            })?;
        }
        let client = self.graph(&profile).await?;
        let invalid = |e: FieldError| CommandError::invalid_fields(vec![e]);
        Ok(match call {
            GraphCall::DoctorRead { read, .. } => doctor::describe_read(&client, &profile, *read),
            GraphCall::SetPin { phone_number_id } => client.describe_set_pin(phone_number_id),
            GraphCall::RequestCode {
                phone_number_id,
                method,
                language,
            } => client.describe_request_code(phone_number_id, method.as_graph(), language.trim()),
            GraphCall::VerifyCode {
                phone_number_id,
                code,
            } => client.describe_verify_code(phone_number_id, checked_code(code)?),
            GraphCall::Register {
                phone_number_id,
                region,
            } => client.describe_register(
                phone_number_id,
                checked_region(region.as_deref())?.as_deref(),
            ),
            GraphCall::Deregister { phone_number_id } => {
                client.describe_deregister(phone_number_id)
            }
            GraphCall::SyncTemplates => {
                client.describe_list_templates(&profile.waba_id, &TemplateQuery::default())
            }
            GraphCall::Template { template_id } => client.describe_template(template_id.trim()),
            GraphCall::CreateTemplate { draft } => {
                client.describe_create_template(&profile.waba_id, &create_body(draft)?)
            }
            GraphCall::EditTemplate {
                template_id,
                category,
                components,
                message_send_ttl_seconds,
            } => client.describe_edit_template(
                template_id.trim(),
                &edit_body(
                    category.as_ref(),
                    components.as_deref(),
                    *message_send_ttl_seconds,
                )?,
            ),
            GraphCall::DeleteTemplate { name, hsm_id } => {
                let name = deleted_name(name)?;
                let hsm_id = hsm_id.as_deref().map(str::trim).filter(|id| !id.is_empty());
                client.describe_delete_template(&profile.waba_id, name, hsm_id)
            }
            GraphCall::SubscribeApp {
                override_callback_uri,
            } => {
                let url = override_callback_uri
                    .as_deref()
                    .map(|url| check_callback("overrideCallbackUri", url))
                    .transpose()
                    .map_err(invalid)?;
                client.describe_subscribe_app(&profile.waba_id, url.as_deref())
            }
            GraphCall::UnsubscribeApp => client.describe_unsubscribe_app(&profile.waba_id),
            GraphCall::SetAppWebhook {
                callback_url,
                fields,
            } => {
                let url = check_callback("callbackUrl", callback_url).map_err(invalid)?;
                client.describe_set_app_subscription(
                    &profile.app_id,
                    &url,
                    &checked_fields(fields)?,
                )
            }
            GraphCall::SetNumberOverride {
                phone_number_id,
                override_callback_uri,
            } => {
                let number = number_id(&profile, phone_number_id.as_deref())?;
                let url = override_callback_uri
                    .as_deref()
                    .map(|url| check_callback("overrideCallbackUri", url))
                    .transpose()
                    .map_err(invalid)?;
                client.describe_set_number_webhook_override(&number, url.as_deref())
            }
            GraphCall::SaveBusinessProfile { changes } => client.describe_update_business_profile(
                &profile.phone_number_id,
                &checked_changes(changes)?,
            ),
            GraphCall::RequestDisplayName { new_name } => client.describe_request_display_name(
                &profile.phone_number_id,
                checked_display_name(new_name, None)?,
            ),
            GraphCall::SaveAutomation { automation } => client.describe_save_automation(
                &profile.phone_number_id,
                checked_automation(automation)?,
            ),
        })
    }
}
