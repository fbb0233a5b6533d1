//! `apigateway_api_key`: a key callers send in `x-api-key`, granted access by usage plans.
//!
//! Calls: CreateApiKey, GetApiKey (`includeValue`), UpdateApiKey (patch operations),
//! DeleteApiKey; tags with TagResource/UntagResource. State `id` and import ID: the API key id.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_api_key::CreateApiKeyOutput;
use aws_sdk_apigateway::operation::create_api_key::builders::CreateApiKeyFluentBuilder;
use aws_sdk_apigateway::operation::get_api_key::GetApiKeyOutput;
use aws_sdk_apigateway::operation::update_api_key::UpdateApiKeyOutput;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::{Aws, AwsError};
use crate::diag::Diagnostics;
use crate::schema::validators::{StringCheck, string_check};
use crate::tfvalue::Value;

use super::decl::tags;
use super::decl::{
    Bool, Decl, Declared, Field, Identity, Input, Lit, Policy, Sdk, Str, StrMap, Update, aws,
    fields, set,
};
use super::keys::{NoParent, OwnId, OwnIdForm};

/// `apigateway_api_key`'s import ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyId;

impl OwnIdForm for ApiKeyId {
    const FORMAT: &'static str = "API-KEY-ID";
    const EXAMPLE: &'static str = "a1b2c3d4e5";
}

/// AWS's rule for a key value it is given: 20 to 128 characters.
const KEY_VALUE: StringCheck = string_check("20 to 128 characters", |s| {
    if (20..=128).contains(&s.chars().count()) {
        Ok(())
    } else {
        Err(format!("it has {} characters", s.chars().count()))
    }
});

/// The `apigateway_api_key` resource type.
#[derive(Debug)]
pub struct ApiKey;

impl Sdk for ApiKey {
    type Create = CreateApiKeyFluentBuilder;
    type Created = CreateApiKeyOutput;
    type Got = GetApiKeyOutput;
    type Updated = UpdateApiKeyOutput;
    type Item = GetApiKeyOutput;
}

fields! { ApiKey;
    ID: Str = Field::new("id", "The API key id.").computed().keep_prior().read(aws!(id)),
    NAME: Str = Field::new("name", "Name of the API key.")
        .required()
        .aws(aws!(name), set!(set_name))
        .patch("/name"),
    DESCRIPTION: Str = Field::new(
        "description",
        "Description of the API key. Defaults to `Managed by Terraform`, as in the official \
         provider.",
    )
    .default(Lit::Str("Managed by Terraform"))
    .aws(aws!(description), set!(set_description))
    .patch("/description"),
    ENABLED: Bool = Field::new(
        "enabled",
        "Whether callers may use the key. Defaults to `true`.",
    )
    .default(Lit::Bool(true))
    .aws(aws!(enabled), set!(set_enabled))
    .patch("/enabled"),
    VALUE: Str = Field::new(
        "value",
        "The key's value, 20 to 128 characters; when left out AWS generates one, which the \
         state records. Sensitive. Changing it replaces the key.",
    )
    .optional_computed()
    .keep_prior()
    .replace()
    .sensitive()
    .validators(&[&KEY_VALUE])
    .aws(aws!(value), set!(set_value)),
    CUSTOMER_ID: Str = Field::new(
        "customer_id",
        "An AWS Marketplace customer identifier, for keys sold through SaaS integrations.",
    )
    .aws(aws!(customer_id), set!(set_customer_id))
    .patch("/customerId"),
    // AWS does not answer the ARN: it is made from the region and the id (`complete`).
    ARN: Str = Field::new("arn", "ARN of the API key, `arn:aws:apigateway:REGION::/apikeys/ID`.")
        .computed()
        .keep_prior()
        .policy(Policy::Custom),
    CREATED_DATE: Str = Field::new("created_date", "When the key was created (RFC 3339).")
        .computed()
        .keep_prior()
        .read(aws!(created_date)),
    LAST_UPDATED_DATE: Str = Field::new(
        "last_updated_date",
        "When the key was last changed (RFC 3339).",
    )
    .computed()
    .read(aws!(last_updated_date)),
    TAGS: StrMap = Field::new(tags::TAGS, tags::TAGS_DOC)
        .policy(Policy::Custom)
        .manual(),
    TAGS_ALL: StrMap = Field::new(tags::TAGS_ALL, tags::TAGS_ALL_DOC)
        .computed()
        .aws(aws!(tags), set!(set_tags)),
}

#[async_trait]
impl Declared for ApiKey {
    const TYPE_NAME: &'static str = "apigateway_api_key";
    const OBJECT: &'static str = "API Key";
    const DESCRIPTION: &'static str = "An API key: callers send its value in the `x-api-key` \
        header to methods with `api_key_required = true`, within the usage plans it belongs to.";
    type Key = OwnId<ApiKeyId>;
    type Parent = NoParent;
    const IDENTITY: Identity<OwnId<ApiKeyId>> = Identity::Assigned;
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const TAGGABLE: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        _: &NoParent,
        input: Input<'_, Self>,
    ) -> Result<CreateApiKeyOutput, AwsError> {
        Ok(input.fill(aws.client.create_api_key()).send().await?)
    }

    async fn call_get(
        &self,
        aws: &Aws,
        key: &OwnId<ApiKeyId>,
    ) -> Result<GetApiKeyOutput, AwsError> {
        Ok(aws
            .client
            .get_api_key()
            .api_key(&key.0)
            .include_value(true)
            .send()
            .await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &OwnId<ApiKeyId>,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateApiKeyOutput, AwsError> {
        Ok(aws
            .client
            .update_api_key()
            .api_key(&key.0)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &OwnId<ApiKeyId>) -> Result<(), AwsError> {
        aws.client.delete_api_key().api_key(&key.0).send().await?;
        Ok(())
    }

    // The id is not known before the create: messages name the key by its name.
    fn creating_id(&self, _: &NoParent, planned: &Value) -> String {
        NAME.get(planned).unwrap_or_default().to_owned()
    }

    // UpdateApiKey answers no value: the one the state holds (it never changes in place).
    fn quirks(&self, answer: &super::decl::Answer<'_, Self>, reference: &Value, state: &mut Value) {
        if VALUE.get(state).is_none()
            && let (super::decl::Answer::Updated(_), Some(v)) = (answer, VALUE.get(reference))
        {
            VALUE.put(state, Value::from(v));
        }
    }

    async fn complete(
        &self,
        aws: &Aws,
        _reference: &Value,
        state: &mut Value,
    ) -> Result<(), Diagnostics> {
        let id = ID.get(state).unwrap_or_default().to_owned();
        ARN.put(
            state,
            Value::from(format!("arn:aws:apigateway:{}::/apikeys/{id}", aws.region)),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};

    /// A key created without a value records the one AWS generated; the ARN is made from the
    /// region and the id; a rename is one UpdateApiKey that keeps the value.
    #[tokio::test]
    async fn a_generated_value_is_recorded_and_kept_by_updates() {
        let created = r#"{"id":"k1","name":"a","enabled":true,"description":"Managed by Terraform","value":"moAbBvJ4aWuUcg0QXIdCsjM9lROqr5eTk8fyLFGP","createdDate":1700000000,"lastUpdatedDate":1700000000}"#;
        let updated = r#"{"id":"k1","name":"b","enabled":true,"description":"Managed by Terraform","createdDate":1700000000,"lastUpdatedDate":1700000001}"#;
        let (aws, calls) = api(vec![(201, None, created), (200, None, updated)]).await;
        let planned = object(
            &ApiKey,
            &[
                ("name", "a".into()),
                ("enabled", true.into()),
                ("description", "Managed by Terraform".into()),
            ],
        );
        let state = ApiKey.create(&aws, &planned).await.unwrap();
        assert_eq!(
            VALUE.get(&state),
            Some("moAbBvJ4aWuUcg0QXIdCsjM9lROqr5eTk8fyLFGP")
        );
        assert_eq!(
            ARN.get(&state),
            Some("arn:aws:apigateway:us-east-1::/apikeys/k1")
        );
        let mut renamed = state.clone();
        NAME.put(&mut renamed, "b".into());
        LAST_UPDATED_DATE.put(&mut renamed, Value::Unknown);
        let after = ApiKey.update(&aws, &state, &renamed).await.unwrap();
        assert_eq!(VALUE.get(&after), VALUE.get(&state));
        let log = requests(&calls);
        assert_eq!(log.len(), 2, "{log:?}");
        assert!(log[0].starts_with("POST /apikeys "), "{log:?}");
        assert!(log[1].starts_with("PATCH /apikeys/k1 "), "{log:?}");
        assert!(log[1].contains("/name"), "{log:?}");
    }

    #[test]
    fn the_value_is_sensitive_and_checked() {
        let schema = ApiKey.schema();
        let value = schema
            .block
            .attributes
            .iter()
            .find(|a| a.name == "value")
            .unwrap();
        assert!(value.sensitive);
        let mut diags = Diagnostics::new();
        crate::schema::Validator::validate(
            &KEY_VALUE,
            &Value::from("short"),
            &crate::tfvalue::Path::attr("value"),
            &mut diags,
        );
        assert!(diags.has_errors());
    }
}
