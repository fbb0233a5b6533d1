//! `apigateway_account`: the API Gateway settings of the account in a region (one per
//! region): the IAM role API Gateway writes CloudWatch logs with, and what AWS reports (the
//! account's throttle limits, features, API key version).
//!
//! Calls: UpdateAccount (`replace /cloudwatchRoleArn`) for create and update, GetAccount;
//! destroy resets the role (UpdateAccount with no value), as the official provider does since
//! v6. A new role can take a while to be usable by API Gateway (IAM propagation): AWS's refusal
//! for that reason is retried for up to two minutes. State `id` and import ID:
//! `api-gateway-account`.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use aws_sdk_apigateway::operation::get_account::GetAccountOutput;
use aws_sdk_apigateway::operation::update_account::UpdateAccountOutput;
use aws_sdk_apigateway::operation::update_account::builders::UpdateAccountFluentBuilder;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::{Aws, AwsError, patch};
use crate::schema::validators::{StringCheck, string_check};
use crate::tfvalue::{Number, Value};

use super::decl::{
    Answer, Bool, Decl, Declared, Field, Identity, Input, Lit, NumObjects, Policy, Sdk, Str,
    StrSet, Update, aws, fields,
};
use super::keys::{ACCOUNT_ID, AccountKey, NoParent};

/// How long a role AWS does not accept yet is retried.
const PROPAGATION: Duration = Duration::from_secs(120);

const ROLE_ARN: StringCheck = string_check("an IAM role ARN, or empty", |s| {
    if s.is_empty() || (s.starts_with("arn:aws") && s.contains(":iam::") && s.contains(":role/")) {
        Ok(())
    } else {
        Err("not an IAM role ARN".to_owned())
    }
});

/// The `apigateway_account` resource type.
#[derive(Debug)]
pub struct Account;

impl Sdk for Account {
    type Create = UpdateAccountFluentBuilder;
    type Created = UpdateAccountOutput;
    type Got = GetAccountOutput;
    type Updated = UpdateAccountOutput;
    type Item = GetAccountOutput;
}

fields! { Account;
    CLOUDWATCH_ROLE_ARN: Str = Field::new(
        "cloudwatch_role_arn",
        "ARN of the IAM role API Gateway writes CloudWatch logs (stage access and execution \
         logs) with; empty for none. Destroying the resource resets it.",
    )
    .default(Lit::Str(""))
    .policy(Policy::AwsDefault(Lit::Str("")))
    .validators(&[&ROLE_ARN])
    .aws(aws!(cloudwatch_role_arn), send_role)
    .patch_with(role_patch),
    RESET_ON_DELETE: Bool = Field::new(
        "reset_on_delete",
        "Accepted for configurations written for the official provider, and has no effect: \
         destroy always resets `cloudwatch_role_arn`.",
    )
    .deprecated(
        "reset_on_delete has no effect: destroying apigateway_account always resets \
         cloudwatch_role_arn, as the official provider does since v6.0. Remove the argument.",
    )
    .policy(Policy::Custom)
    .manual(),
    API_KEY_VERSION: Str = Field::new("api_key_version", "The version of API keys the account uses.")
        .computed()
        .read(aws!(api_key_version)),
    FEATURES: StrSet = Field::new("features", "The features enabled for the account, e.g. `UsagePlans`.")
        .computed()
        .read(aws!(features)),
    THROTTLE_SETTINGS: NumObjects = Field::new(
        "throttle_settings",
        "The account's request limits in the region: `burst_limit` and `rate_limit`.",
    )
    .computed()
    .objects_of(&["burst_limit", "rate_limit"])
    .policy(Policy::Custom),
}

#[async_trait]
impl Declared for Account {
    const TYPE_NAME: &'static str = "apigateway_account";
    const OBJECT: &'static str = "Account";
    const DESCRIPTION: &'static str = "The API Gateway settings of the account in the \
        provider's region: the CloudWatch logging role, and the limits AWS reports.";
    type Key = AccountKey;
    type Parent = NoParent;
    const IDENTITY: Identity<AccountKey> = Identity::Named {
        id: |_| ACCOUNT_ID.to_owned(),
        doc: "`api-gateway-account`, as in the official provider.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;

    async fn call_create(
        &self,
        aws: &Aws,
        _: &NoParent,
        input: Input<'_, Self>,
    ) -> Result<UpdateAccountOutput, AwsError> {
        let call = input.fill(aws.client.update_account());
        propagated(|| call.clone().send()).await
    }

    async fn call_get(&self, aws: &Aws, _: &AccountKey) -> Result<GetAccountOutput, AwsError> {
        Ok(aws.client.get_account().send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        _: &AccountKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateAccountOutput, AwsError> {
        let call = aws.client.update_account().set_patch_operations(Some(ops));
        propagated(|| call.clone().send()).await
    }

    // The account cannot be deleted: its role is reset.
    async fn call_delete(&self, aws: &Aws, _: &AccountKey) -> Result<(), AwsError> {
        aws.client
            .update_account()
            .patch_operations(patch::replace("/cloudwatchRoleArn", None))
            .send()
            .await?;
        Ok(())
    }

    fn creating_id(&self, _: &NoParent, _planned: &Value) -> String {
        ACCOUNT_ID.to_owned()
    }

    fn quirks(&self, answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        let throttle = aws!(for Self, |o| Value::List(
            o.throttle_settings()
                .map(|t| {
                    Value::object([
                        ("burst_limit", Value::from(i64::from(t.burst_limit()))),
                        ("rate_limit", Value::Number(Number::Float(t.rate_limit()))),
                    ])
                })
                .into_iter()
                .collect()
        ))(answer);
        THROTTLE_SETTINGS.put(state, throttle);
        let written = RESET_ON_DELETE.raw(reference);
        let kept = if written.is_wholly_known() {
            written.clone()
        } else {
            Value::Null
        };
        RESET_ON_DELETE.put(state, kept);
    }
}

/// The role for the create's UpdateAccount; empty is no value (none).
fn send_role(b: UpdateAccountFluentBuilder, v: &Value) -> UpdateAccountFluentBuilder {
    let role = v.as_str().filter(|r| !r.is_empty());
    b.patch_operations(patch::replace("/cloudwatchRoleArn", role))
}

fn role_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let (old, new) = (
        CLOUDWATCH_ROLE_ARN.get(prior),
        CLOUDWATCH_ROLE_ARN.get(planned),
    );
    if old.unwrap_or_default() == new.unwrap_or_default() {
        return Vec::new();
    }
    vec![patch::replace(
        "/cloudwatchRoleArn",
        new.filter(|r| !r.is_empty()),
    )]
}

/// Runs `call`, again while AWS refuses a role it cannot use yet (a new role IAM has not
/// propagated), for up to [`PROPAGATION`].
async fn propagated<F, Fut, T, E>(mut call: F) -> Result<T, AwsError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
    AwsError: From<E>,
{
    let start = Instant::now();
    let mut pause = Duration::from_secs(2);
    loop {
        match call().await.map_err(AwsError::from) {
            Err(e)
                if (e.message.contains("does not have required permissions")
                    || e.message
                        .contains("could not successfully write to CloudWatch Logs"))
                    && start.elapsed() < PROPAGATION =>
            {
                tracing::info!(error = %e.message, "the role is not usable yet; retrying");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(15));
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};

    const ROLE: &str = "arn:aws:iam::123456789012:role/api-gw-logs";

    /// Create is one UpdateAccount setting the role; destroy resets it (a replace with no
    /// value); the throttle settings AWS reports are recorded.
    #[tokio::test]
    async fn create_sets_the_role_and_destroy_resets_it() {
        let answer = r#"{"cloudwatchRoleArn":"arn:aws:iam::123456789012:role/api-gw-logs","throttleSettings":{"burstLimit":5000,"rateLimit":10000.0},"features":["UsagePlans"],"apiKeyVersion":"4"}"#;
        let (aws, calls) = api(vec![(200, None, answer), (200, None, "{}")]).await;
        let planned = object(
            &Account,
            &[
                ("cloudwatch_role_arn", ROLE.into()),
                ("reset_on_delete", Value::Bool(false)),
            ],
        );
        let state = Account.create(&aws, &planned).await.unwrap();
        // The official provider's deprecated argument is kept as written, and changes nothing.
        assert_eq!(RESET_ON_DELETE.get(&state), Some(false));
        let schema = Account.schema();
        let reset = schema
            .block
            .attributes
            .iter()
            .find(|a| a.name == "reset_on_delete")
            .unwrap();
        assert!(reset.deprecated.is_some());
        assert_eq!(state.get("id").as_str(), Some("api-gateway-account"));
        assert_eq!(CLOUDWATCH_ROLE_ARN.get(&state), Some(ROLE));
        assert_eq!(
            THROTTLE_SETTINGS.get(&state).unwrap()[0]
                .get("burst_limit")
                .as_i64(),
            Some(5000)
        );
        Account.delete(&aws, &state).await.unwrap();
        let log = requests(&calls);
        assert_eq!(log.len(), 2, "{log:?}");
        assert!(log[0].starts_with("PATCH /account "), "{log:?}");
        assert!(log[0].contains(ROLE), "{log:?}");
        assert!(log[1].starts_with("PATCH /account "), "{log:?}");
        assert!(!log[1].contains(ROLE), "{log:?}");
    }

    #[test]
    fn only_the_fixed_id_imports() {
        assert!(Account.import("api-gateway-account").is_ok());
        let err = Account.import("123456789012").unwrap_err().into_vec();
        assert!(
            err[0].detail.contains("one account per region"),
            "{}",
            err[0].detail
        );
    }
}
