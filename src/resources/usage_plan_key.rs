//! `apigateway_usage_plan_key`: an API key added to a usage plan, so callers with the key may
//! call the plan's API stages.
//!
//! Calls: CreateUsagePlanKey, GetUsagePlanKey, DeleteUsagePlanKey; every argument replaces
//! the object. State `id`: the API key id, as in the official provider; import ID
//! `USAGE-PLAN-ID/USAGE-PLAN-KEY-ID`.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_usage_plan_key::CreateUsagePlanKeyOutput;
use aws_sdk_apigateway::operation::create_usage_plan_key::builders::CreateUsagePlanKeyFluentBuilder;
use aws_sdk_apigateway::operation::get_usage_plan_key::GetUsagePlanKeyOutput;

use crate::aws::{Aws, AwsError};
use crate::schema::validators::{OneOf, one_of};

use super::decl::{Decl, Declared, Field, Identity, Input, Sdk, Str, Update, aws, fields, set};
use super::keys::PlanKey;

const KEY_TYPES: OneOf = one_of(&["API_KEY"]);

/// The `apigateway_usage_plan_key` resource type.
#[derive(Debug)]
pub struct UsagePlanKey;

impl Sdk for UsagePlanKey {
    type Create = CreateUsagePlanKeyFluentBuilder;
    type Created = CreateUsagePlanKeyOutput;
    type Got = GetUsagePlanKeyOutput;
    type Updated = GetUsagePlanKeyOutput;
    type Item = GetUsagePlanKeyOutput;
}

fields! { UsagePlanKey;
    KEY_TYPE: Str = Field::new("key_type", "The type of the key: `API_KEY`.")
        .required()
        .replace()
        .validators(&[&KEY_TYPES])
        .aws(aws!(r#type), set!(set_key_type)),
    NAME: Str = Field::new("name", "Name of the API key.")
        .computed()
        .read(aws!(name)),
    VALUE: Str = Field::new("value", "Value of the API key. Sensitive.")
        .computed()
        .sensitive()
        .read(aws!(value)),
}

#[async_trait]
impl Declared for UsagePlanKey {
    const TYPE_NAME: &'static str = "apigateway_usage_plan_key";
    const OBJECT: &'static str = "Usage Plan Key";
    const DESCRIPTION: &'static str = "An API key in a usage plan: callers with the key may call \
        the plan's API stages, within its limits.";
    type Key = PlanKey;
    type Parent = PlanKey;
    const IDENTITY: Identity<PlanKey> = Identity::Named {
        id: |key| key.key_id.clone(),
        doc: "The API key id, as in the hashicorp/aws provider.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    // Every argument replaces the object: no update is ever made.
    const UPDATE: Update = Update::Patch;
    const MISSING_PARENT_HINT: &'static str = " Check that the usage plan and the API key exist.";

    async fn call_create(
        &self,
        aws: &Aws,
        key: &PlanKey,
        input: Input<'_, Self>,
    ) -> Result<CreateUsagePlanKeyOutput, AwsError> {
        let call = aws
            .client
            .create_usage_plan_key()
            .usage_plan_id(&key.usage_plan_id)
            .key_id(&key.key_id);
        Ok(input.fill(call).send().await?)
    }

    async fn call_get(&self, aws: &Aws, key: &PlanKey) -> Result<GetUsagePlanKeyOutput, AwsError> {
        Ok(aws
            .client
            .get_usage_plan_key()
            .usage_plan_id(&key.usage_plan_id)
            .key_id(&key.key_id)
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &PlanKey) -> Result<(), AwsError> {
        aws.client
            .delete_usage_plan_key()
            .usage_plan_id(&key.usage_plan_id)
            .key_id(&key.key_id)
            .send()
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};

    #[tokio::test]
    async fn create_is_one_call_and_the_value_is_read() {
        let answer =
            r#"{"id":"k1","type":"API_KEY","name":"caller","value":"abcdefghijklmnopqrstuvwxyz"}"#;
        let (aws, calls) = api(vec![(201, None, answer)]).await;
        let planned = object(
            &UsagePlanKey,
            &[
                ("usage_plan_id", "p1".into()),
                ("key_id", "k1".into()),
                ("key_type", "API_KEY".into()),
            ],
        );
        let state = UsagePlanKey.create(&aws, &planned).await.unwrap();
        assert_eq!(state.get("id").as_str(), Some("k1"));
        assert_eq!(NAME.get(&state), Some("caller"));
        assert_eq!(VALUE.get(&state), Some("abcdefghijklmnopqrstuvwxyz"));
        let log = requests(&calls);
        assert_eq!(log.len(), 1, "{log:?}");
        assert!(log[0].starts_with("POST /usageplans/p1/keys "), "{log:?}");
    }

    #[test]
    fn import_ids_name_the_plan_and_the_key() {
        let state = UsagePlanKey.import("p1/k1").unwrap();
        assert_eq!(state.get("usage_plan_id").as_str(), Some("p1"));
        assert_eq!(state.get("key_id").as_str(), Some("k1"));
        assert_eq!(state.get("id").as_str(), Some("k1"));
        let err = UsagePlanKey.import("k1").unwrap_err().into_vec();
        assert!(
            err[0].detail.contains("USAGE-PLAN-ID/USAGE-PLAN-KEY-ID"),
            "{}",
            err[0].detail
        );
    }
}
