//! `apigateway_request_validator`: which parts of a request API Gateway checks before the
//! integration runs. A method uses it through its `request_validator_id`.
//!
//! Calls: CreateRequestValidator, GetRequestValidator, UpdateRequestValidator (patch
//! operations) and DeleteRequestValidator; one per operation. State `id`: the validator id AWS
//! assigns; import ID `REST-API-ID/REQUEST-VALIDATOR-ID`.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_request_validator::CreateRequestValidatorOutput;
use aws_sdk_apigateway::operation::create_request_validator::builders::CreateRequestValidatorFluentBuilder;
use aws_sdk_apigateway::operation::get_request_validator::GetRequestValidatorOutput;
use aws_sdk_apigateway::operation::update_request_validator::UpdateRequestValidatorOutput;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::{Aws, AwsError, not_found_as_none};

use super::decl::{
    Bool, Decl, Declared, Field, Identity, Input, Lit, Sdk, Seen, Str, Update, aws, fields, set,
};
use super::keys::{ApiChild, ApiId, ImportForm};

/// The `apigateway_request_validator` resource type.
#[derive(Debug)]
pub struct RequestValidator;

impl Sdk for RequestValidator {
    type Create = CreateRequestValidatorFluentBuilder;
    type Created = CreateRequestValidatorOutput;
    type Got = GetRequestValidatorOutput;
    type Updated = UpdateRequestValidatorOutput;
    type Item = aws_sdk_apigateway::types::RequestValidator;
}

fields! { RequestValidator;
    ID: Str = Field::new("id", "The id of the request validator, which AWS assigns.")
        .computed()
        .keep_prior()
        .read(aws!(id)),
    NAME: Str = Field::new("name", "Name of the request validator, e.g. `body-and-params`.")
        .required()
        .aws(aws!(name), set!(set_name))
        .patch("/name"),
    VALIDATE_REQUEST_BODY: Bool = Field::new(
        "validate_request_body",
        "Whether the request body is checked against the method's request model.",
    )
    .default(Lit::Bool(false))
    .aws(aws!(validate_request_body), set!(set_validate_request_body))
    .patch("/validateRequestBody"),
    VALIDATE_REQUEST_PARAMETERS: Bool = Field::new(
        "validate_request_parameters",
        "Whether the method's required request parameters (query strings, headers, path) are \
         checked.",
    )
    .default(Lit::Bool(false))
    .aws(aws!(validate_request_parameters), set!(set_validate_request_parameters))
    .patch("/validateRequestParameters"),
}

#[async_trait]
impl Declared for RequestValidator {
    const TYPE_NAME: &'static str = "apigateway_request_validator";
    const OBJECT: &'static str = "Request Validator";
    const DESCRIPTION: &'static str = "A request validator of a REST API: which parts of a request \
        API Gateway checks before the integration runs. A method uses it through its \
        `request_validator_id`.";
    type Key = ApiChild;
    type Parent = ApiId;
    const IDENTITY: Identity<ApiChild> = Identity::Assigned;
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/REQUEST-VALIDATOR-ID",
        example: "a1b2c3d4e5/v1w2x3",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const PUBLISHED: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        api: &ApiId,
        input: Input<'_, Self>,
    ) -> Result<CreateRequestValidatorOutput, AwsError> {
        Ok(input
            .fill(aws.client.create_request_validator().rest_api_id(&api.0))
            .send()
            .await?)
    }

    async fn call_get(
        &self,
        aws: &Aws,
        key: &ApiChild,
    ) -> Result<GetRequestValidatorOutput, AwsError> {
        let call = aws.client.get_request_validator();
        Ok(call
            .rest_api_id(&key.rest_api_id)
            .request_validator_id(&key.id)
            .send()
            .await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &ApiChild,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateRequestValidatorOutput, AwsError> {
        let call = aws
            .client
            .update_request_validator()
            .rest_api_id(&key.rest_api_id);
        Ok(call
            .request_validator_id(&key.id)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    // A refresh reads every validator of the API with one GetRequestValidators.
    async fn snapshot(
        &self,
        aws: &Aws,
        key: &ApiChild,
    ) -> Result<Seen<aws_sdk_apigateway::types::RequestValidator>, AwsError> {
        let all = not_found_as_none(aws.cache.validators(&aws.client, &key.rest_api_id).await)?;
        let same =
            |v: &&aws_sdk_apigateway::types::RequestValidator| v.id() == Some(key.id.as_str());
        Ok(Seen::in_list(all, same))
    }

    async fn call_delete(&self, aws: &Aws, key: &ApiChild) -> Result<(), AwsError> {
        let call = aws
            .client
            .delete_request_validator()
            .rest_api_id(&key.rest_api_id);
        call.request_validator_id(&key.id).send().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};
    use crate::schema::plan::plan;
    use crate::tfvalue::Value;

    const PATH: &str = "/restapis/a/requestvalidators";

    fn config(name: &str, body: Value) -> Value {
        object(
            &RequestValidator,
            &[
                ("rest_api_id", "a".into()),
                ("name", name.into()),
                ("validate_request_body", body),
            ],
        )
    }

    fn planned(name: &str, body: Value) -> Value {
        let c = config(name, body);
        plan(&RequestValidator.schema().block, &Value::Null, &c, &c).state
    }

    #[tokio::test]
    async fn create_is_one_call_and_the_state_is_the_answer() {
        let answer = r#"{"id":"v1","name":"body","validateRequestBody":true,"validateRequestParameters":false}"#;
        let (aws, calls) = api(vec![(201, None, answer)]).await;
        let p = planned("body", Value::Bool(true));
        assert!(p.get("id").is_unknown());
        assert_eq!(
            p.get("validate_request_parameters"),
            &Value::Bool(false),
            "the default is planned"
        );
        let state = RequestValidator.create(&aws, &p).await.unwrap();
        assert_eq!(state.get("id").as_str(), Some("v1"));
        assert_eq!(state.get("rest_api_id").as_str(), Some("a"));
        assert_eq!(state.get("validate_request_body"), &Value::Bool(true));
        assert_eq!(
            state.get("validate_request_parameters"),
            &Value::Bool(false)
        );
        let calls = requests(&calls);
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert!(calls[0].starts_with(&format!("POST {PATH} ")), "{calls:?}");
        assert!(
            calls[0].contains(r#""validateRequestBody":true"#),
            "{calls:?}"
        );
    }

    #[tokio::test]
    async fn update_is_one_patch_of_what_changed_and_a_no_op_makes_no_call() {
        let answer = r#"{"id":"v1","name":"renamed","validateRequestBody":false,"validateRequestParameters":false}"#;
        let (aws, calls) = api(vec![(200, None, answer)]).await;
        let mut prior = planned("body", Value::Bool(true));
        prior.set("id", "v1".into());
        let mut next = planned("renamed", Value::Bool(false));
        next.set("id", "v1".into());
        let state = RequestValidator.update(&aws, &prior, &next).await.unwrap();
        assert_eq!(state, next);
        assert_eq!(
            RequestValidator.update(&aws, &next, &next).await.unwrap(),
            next
        );
        let calls = requests(&calls);
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert!(
            calls[0].starts_with(&format!("PATCH {PATH}/v1 ")),
            "{calls:?}"
        );
        assert!(
            calls[0].contains(r#"{"op":"replace","path":"/name","value":"renamed"}"#),
            "{calls:?}"
        );
        assert!(
            calls[0].contains(r#"{"op":"replace","path":"/validateRequestBody","value":"false"}"#),
            "{calls:?}"
        );
        assert!(!calls[0].contains("validateRequestParameters"), "{calls:?}");
    }

    #[tokio::test]
    async fn a_missing_validator_reads_as_none_and_deletes_as_done() {
        let gone = (
            404,
            Some("NotFoundException"),
            r#"{"message":"Invalid Request Validator identifier specified"}"#,
        );
        let (aws, calls) = api(vec![gone, gone]).await;
        let imported = RequestValidator.import("a/v1").unwrap();
        assert_eq!(RequestValidator.read(&aws, &imported).await.unwrap(), None);
        RequestValidator.delete(&aws, &imported).await.unwrap();
        assert_eq!(
            requests(&calls),
            [format!("GET {PATH}/v1"), format!("DELETE {PATH}/v1")]
        );
    }

    #[test]
    fn import_takes_the_official_format() {
        let v = RequestValidator.import("a/v1").unwrap();
        assert_eq!(v.get("rest_api_id").as_str(), Some("a"));
        assert_eq!(v.get("id").as_str(), Some("v1"));
        for bad in ["", "v1", "a/v1/x", "a/", "/v1"] {
            let d = RequestValidator.import(bad).unwrap_err().into_vec();
            assert!(
                d[0].detail.contains("REST-API-ID/REQUEST-VALIDATOR-ID"),
                "{bad}: {}",
                d[0].detail
            );
        }
    }

    #[test]
    fn a_new_api_replaces_and_the_id_is_kept_on_updates() {
        let block = RequestValidator.schema().block;
        let mut prior = planned("body", Value::Bool(true));
        prior.set("id", "v1".into());
        let renamed = config("renamed", Value::Bool(true));
        let p = plan(&block, &prior, &renamed, &renamed);
        assert!(p.requires_replace.is_empty());
        assert_eq!(p.state.get("id").as_str(), Some("v1"));
        let mut moved = renamed.clone();
        moved.set("rest_api_id", "b".into());
        let p = plan(&block, &prior, &moved, &moved);
        let replaced: Vec<String> = p.requires_replace.iter().map(ToString::to_string).collect();
        assert_eq!(replaced, ["rest_api_id"]);
        let mut d = Diagnostics::new();
        RequestValidator.validate(&renamed, &mut d);
        assert!(d.into_vec().is_empty());
    }
}
