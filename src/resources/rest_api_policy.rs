//! `apigateway_rest_api_policy`: a REST API's resource policy as an object of its own, for
//! configurations that write the policy apart from the API (it can name the API's ARN then).
//!
//! The policy is an attribute of the REST API: a create or an update is one UpdateRestApi
//! (`replace /policy`), a read is GetRestApi's `policy` (none means gone), and a delete is an
//! UpdateRestApi that empties it. State `id`: the REST API id, as in the hashicorp/aws provider;
//! import ID `REST-API-ID`.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::get_rest_api::GetRestApiOutput;
use aws_sdk_apigateway::operation::update_rest_api::UpdateRestApiOutput;
use aws_sdk_apigateway::operation::update_rest_api::builders::UpdateRestApiFluentBuilder;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::{Aws, AwsError, patch};
use crate::tfvalue::Value;

use super::checks;
use super::decl::{
    Answer, Decl, Declared, Field, Identity, Input, Policy, Sdk, Str, Update, aws, fields,
};
use super::keys::ApiId;

/// The `apigateway_rest_api_policy` resource type.
#[derive(Debug)]
pub struct RestApiPolicy;

impl Sdk for RestApiPolicy {
    type Create = UpdateRestApiFluentBuilder;
    type Created = UpdateRestApiOutput;
    type Got = GetRestApiOutput;
    type Updated = UpdateRestApiOutput;
    type Item = GetRestApiOutput;
}

fields! { RestApiPolicy;
    POLICY: Str = Field::new(
        "policy",
        "The resource policy: a JSON IAM policy document, e.g. `jsonencode({...})` or a \
         `data.aws_iam_policy_document`'s `json`; `execute-api:/*` stands for the API's own \
         ARN. Compared as a policy, so AWS's escaping, key order and ARN rewriting never show as \
         a change. Changed in place.",
    )
    .required()
    .policy(Policy::PolicyAsWritten)
    .validators(&[&checks::JSON_DOCUMENT])
    .aws(aws!(policy), send_policy)
    .patch("/policy"),
}

#[async_trait]
impl Declared for RestApiPolicy {
    const TYPE_NAME: &'static str = "apigateway_rest_api_policy";
    const OBJECT: &'static str = "REST API Policy";
    const DESCRIPTION: &'static str = "The resource policy of an API Gateway REST API, managed apart \
        from the API: who may invoke it, from where.";
    type Key = ApiId;
    type Parent = ApiId;
    const IDENTITY: Identity<ApiId> = Identity::Named {
        id: |key| key.0.clone(),
        doc: "The REST API id, as in the hashicorp/aws provider.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    // Every write is an UpdateRestApi of the API.
    const SERIAL_WRITES: bool = true;

    // The create is an UpdateRestApi that sets the policy.
    async fn call_create(
        &self,
        aws: &Aws,
        api: &ApiId,
        input: Input<'_, Self>,
    ) -> Result<UpdateRestApiOutput, AwsError> {
        let call = aws.client.update_rest_api().rest_api_id(&api.0);
        Ok(input.fill(call).send().await?)
    }

    async fn call_get(&self, aws: &Aws, api: &ApiId) -> Result<GetRestApiOutput, AwsError> {
        Ok(aws.client.get_rest_api().rest_api_id(&api.0).send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        api: &ApiId,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateRestApiOutput, AwsError> {
        let call = aws.client.update_rest_api().rest_api_id(&api.0);
        Ok(call.set_patch_operations(Some(ops)).send().await?)
    }

    // The policy cannot be deleted, only emptied.
    async fn call_delete(&self, aws: &Aws, api: &ApiId) -> Result<(), AwsError> {
        let ops = vec![patch::replace("/policy", Some(""))];
        self.call_update(aws, api, ops).await.map(drop)
    }

    // A REST API without a policy has none to manage: gone.
    fn exists(&self, answer: &Answer<'_, Self>, _reference: &Value) -> bool {
        aws!(for Self, policy)(answer)
            .as_str()
            .is_some_and(|p| !p.is_empty())
    }
}

/// The planned policy as the create's patch operation.
fn send_policy(builder: UpdateRestApiFluentBuilder, policy: &Value) -> UpdateRestApiFluentBuilder {
    builder.patch_operations(patch::replace("/policy", policy.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::decl::policy::same_policy;
    use crate::resources::testing::{api, object, requests};

    const WRITTEN: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["execute-api:Invoke"],"Resource":"execute-api:/*"}]}"#;

    #[test]
    fn aws_rewriting_a_policy_is_the_same_policy() {
        // How AWS answers it: quotes escaped, keys reordered, the action list of one as its
        // element, the short resource as the API's ARN.
        let answered = r#"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Resource\":\"arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*\",\"Action\":\"execute-api:Invoke\",\"Principal\":\"*\",\"Effect\":\"Allow\"}]}"#;
        assert!(same_policy(answered, WRITTEN));
        let other = WRITTEN.replace("Allow", "Deny");
        assert!(!same_policy(answered, &other));
        let narrower = WRITTEN.replace("execute-api:/*", "execute-api:/*/GET/pets");
        assert!(!same_policy(answered, &narrower));
    }

    #[tokio::test]
    async fn create_is_one_update_rest_api_and_the_state_keeps_the_written_policy() {
        let answer = r#"{"id":"a1","name":"x","policy":"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Resource\\\":\\\"arn:aws:execute-api:us-east-1:1:a1/*\\\",\\\"Action\\\":\\\"execute-api:Invoke\\\",\\\"Principal\\\":\\\"*\\\",\\\"Effect\\\":\\\"Allow\\\"}]}"}"#;
        let (aws, calls) = api(vec![(200, None, answer)]).await;
        let planned = object(
            &RestApiPolicy,
            &[("rest_api_id", "a1".into()), ("policy", WRITTEN.into())],
        );
        let state = RestApiPolicy.create(&aws, &planned).await.unwrap();
        assert_eq!(POLICY.get(&state), Some(WRITTEN));
        assert_eq!(state.get("id").as_str(), Some("a1"));
        let log = requests(&calls);
        assert_eq!(log.len(), 1, "{log:?}");
        assert!(log[0].starts_with("PATCH /restapis/a1"), "{log:?}");
        assert!(log[0].contains("/policy"), "{log:?}");
    }

    #[tokio::test]
    async fn an_api_without_a_policy_has_none_to_read() {
        let (aws, _) = api(vec![(200, None, r#"{"id":"a1","name":"x"}"#)]).await;
        let prior = object(
            &RestApiPolicy,
            &[
                ("rest_api_id", "a1".into()),
                ("id", "a1".into()),
                ("policy", WRITTEN.into()),
            ],
        );
        assert!(RestApiPolicy.read(&aws, &prior).await.unwrap().is_none());
    }
}
