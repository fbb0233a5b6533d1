//! `apigateway_authorizer`: who may call a method: a Lambda function (`TOKEN`, `REQUEST`) or a
//! Cognito user pool (`COGNITO_USER_POOLS`). A method uses it through `authorizer_id`.
//!
//! Calls: CreateAuthorizer, GetAuthorizer, UpdateAuthorizer (patch operations), DeleteAuthorizer;
//! one per operation. State `id`: the authorizer id AWS assigns; import ID
//! `REST-API-ID/AUTHORIZER-ID`.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_authorizer::CreateAuthorizerOutput;
use aws_sdk_apigateway::operation::create_authorizer::builders::CreateAuthorizerFluentBuilder;
use aws_sdk_apigateway::operation::get_authorizer::GetAuthorizerOutput;
use aws_sdk_apigateway::operation::update_authorizer::UpdateAuthorizerOutput;
use aws_sdk_apigateway::types::{AuthorizerType, PatchOperation};

use crate::aws::{Aws, AwsError, not_found_as_none};
use crate::diag::Diagnostics;
use crate::schema::validators::{IntBetween, OneOf, int_between, one_of};
use crate::tfvalue::Value;

use super::decl::{
    Decl, Declared, Field, Identity, Input, Lit, Num, Policy, Sdk, Seen, Str, StrSet, Update, aws,
    fields, set,
};
use super::keys::{ApiChild, ApiId, Ident, ImportForm};

const TYPES: OneOf = one_of(&["TOKEN", "REQUEST", "COGNITO_USER_POOLS"]);
const TTL: IntBetween = int_between(0, 3600);
/// The identity source AWS and the hashicorp/aws provider assume.
const AUTHORIZATION_HEADER: &str = "method.request.header.Authorization";

/// The `apigateway_authorizer` resource type.
#[derive(Debug)]
pub struct Authorizer;

impl Sdk for Authorizer {
    type Create = CreateAuthorizerFluentBuilder;
    type Created = CreateAuthorizerOutput;
    type Got = GetAuthorizerOutput;
    type Updated = UpdateAuthorizerOutput;
    type Item = aws_sdk_apigateway::types::Authorizer;
}

fields! { Authorizer;
    ID: Str = Field::new("id", "The authorizer id, which AWS assigns.").computed().keep_prior().read(aws!(id)),
    NAME: Str = Field::new("name", "Name of the authorizer. Changed in place.")
        .required()
        .aws(aws!(name), set!(set_name))
        .patch("/name"),
    TYPE: Str = Field::new(
        "type",
        "`TOKEN` (a Lambda function checks a token), `REQUEST` (a Lambda function checks the \
         request's headers, query strings and variables) or `COGNITO_USER_POOLS`. Changed in place.",
    )
    .default(Lit::Str("TOKEN"))
    .policy(Policy::AwsDefault(Lit::Str("TOKEN")))
    .validators(&[&TYPES])
    .aws(aws!(|o| o.r#type().map(AuthorizerType::as_str)), set!(set_type))
    .patch("/type"),
    AUTHORIZER_URI: Str = Field::new(
        "authorizer_uri",
        "The Lambda function's invocation URI (its `invoke_arn`); required for `TOKEN` and \
         `REQUEST`. Changed in place.",
    )
    .aws(aws!(authorizer_uri), set!(set_authorizer_uri))
    .patch("/authorizerUri"),
    AUTHORIZER_CREDENTIALS: Str = Field::new(
        "authorizer_credentials",
        "ARN of the IAM role API Gateway assumes to call the function; unset uses the function's \
         resource-based permission. Changed in place.",
    )
    .aws(aws!(authorizer_credentials), set!(set_authorizer_credentials))
    .patch("/authorizerCredentials"),
    AUTHORIZER_RESULT_TTL_IN_SECONDS: Num = Field::new(
        "authorizer_result_ttl_in_seconds",
        "How long API Gateway caches the authorizer's answer, in seconds; `0` disables the cache. \
         Changed in place.",
    )
    .default(Lit::Int(300))
    .policy(Policy::AwsDefault(Lit::Int(300)))
    .validators(&[&TTL])
    .aws(aws!(authorizer_result_ttl_in_seconds), set!(set_authorizer_result_ttl_in_seconds))
    .patch("/authorizerResultTtlInSeconds"),
    IDENTITY_SOURCE: Str = Field::new(
        "identity_source",
        "Where the caller's identity is read, e.g. `method.request.header.Authorization`; for \
         `REQUEST`, a comma-separated list of headers, query strings and variables. Changed in \
         place.",
    )
    .default(Lit::Str(AUTHORIZATION_HEADER))
    .policy(Policy::AwsDefault(Lit::Str(AUTHORIZATION_HEADER)))
    .aws(aws!(identity_source), set!(set_identity_source))
    .patch("/identitySource"),
    IDENTITY_VALIDATION_EXPRESSION: Str = Field::new(
        "identity_validation_expression",
        "A regular expression a `TOKEN` must match before the function is called. Changed in place.",
    )
    .aws(aws!(identity_validation_expression), set!(set_identity_validation_expression))
    .patch("/identityValidationExpression"),
    PROVIDER_ARNS: StrSet = Field::new(
        "provider_arns",
        "ARNs of the Cognito user pools; required for `COGNITO_USER_POOLS`. Changed in place, \
         pool by pool.",
    )
    .aws(aws!(provider_arns), set!(set_provider_arns))
    .patch("/providerARNs"),
    // AWS does not answer the ARN: made from the region, the API and the id (`complete`).
    ARN: Str = Field::new(
        "arn",
        "ARN of the authorizer, `arn:aws:apigateway:REGION::/restapis/REST-API-ID/authorizers/ID`.",
    )
    .computed()
    .keep_prior()
    .policy(Policy::Custom),
}

#[async_trait]
impl Declared for Authorizer {
    const TYPE_NAME: &'static str = "apigateway_authorizer";
    const OBJECT: &'static str = "Authorizer";
    const DESCRIPTION: &'static str = "An authorizer of an API Gateway REST API: a Lambda function or \
        a Cognito user pool that decides who may call the methods that use it.";
    type Key = ApiChild;
    type Parent = ApiId;
    const IDENTITY: Identity<ApiChild> = Identity::Assigned;
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/AUTHORIZER-ID",
        example: "a1b2c3d4e5/x1y2z3",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const PUBLISHED: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        api: &ApiId,
        input: Input<'_, Self>,
    ) -> Result<CreateAuthorizerOutput, AwsError> {
        Ok(input
            .fill(aws.client.create_authorizer().rest_api_id(&api.0))
            .send()
            .await?)
    }

    async fn call_get(&self, aws: &Aws, key: &ApiChild) -> Result<GetAuthorizerOutput, AwsError> {
        let call = aws.client.get_authorizer().rest_api_id(&key.rest_api_id);
        Ok(call.authorizer_id(&key.id).send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &ApiChild,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateAuthorizerOutput, AwsError> {
        let call = aws.client.update_authorizer().rest_api_id(&key.rest_api_id);
        Ok(call
            .authorizer_id(&key.id)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    // A refresh reads every authorizer of the API with one GetAuthorizers.
    async fn snapshot(
        &self,
        aws: &Aws,
        key: &ApiChild,
    ) -> Result<Seen<aws_sdk_apigateway::types::Authorizer>, AwsError> {
        let all = not_found_as_none(aws.cache.authorizers(&aws.client, &key.rest_api_id).await)?;
        let same = |a: &&aws_sdk_apigateway::types::Authorizer| a.id() == Some(key.id.as_str());
        Ok(Seen::in_list(all, same))
    }

    async fn call_delete(&self, aws: &Aws, key: &ApiChild) -> Result<(), AwsError> {
        let call = aws.client.delete_authorizer().rest_api_id(&key.rest_api_id);
        call.authorizer_id(&key.id).send().await?;
        Ok(())
    }

    // AWS refuses these at apply ("Authorizer URI is required", "ProviderARNs need to be
    // specified for COGNITO_USER_POOLS"); say so at plan time.
    fn check(&self, config: &Value, diags: &mut Diagnostics) {
        let ty = match TYPE.raw(config) {
            Value::Null => "TOKEN",
            v => match v.as_str() {
                Some(t) => t,
                None => return, // unknown
            },
        };
        if ty == "COGNITO_USER_POOLS" {
            if PROVIDER_ARNS.raw(config).is_null()
                || PROVIDER_ARNS.get(config).is_some_and(|a| a.is_empty())
            {
                diags.attr_error(
                    &PROVIDER_ARNS.path(),
                    "Missing provider_arns",
                    "type = \"COGNITO_USER_POOLS\" needs provider_arns: the ARNs of the user pools.",
                );
            }
        } else if AUTHORIZER_URI.raw(config).is_null() {
            diags.attr_error(
                &AUTHORIZER_URI.path(),
                "Missing authorizer_uri",
                format!("type = {ty:?} needs authorizer_uri: the Lambda function's invoke_arn."),
            );
        }
    }

    async fn complete(
        &self,
        aws: &Aws,
        _reference: &Value,
        state: &mut Value,
    ) -> Result<(), Diagnostics> {
        let key = ApiChild::from_state(state)?;
        let (region, api, id) = (&aws.region, key.rest_api_id(), &key.id);
        ARN.put(
            state,
            Value::from(format!(
                "arn:aws:apigateway:{region}::/restapis/{api}/authorizers/{id}"
            )),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};
    use crate::schema::plan::plan;

    fn config(pairs: &[(&str, Value)]) -> Value {
        let mut c = object(
            &Authorizer,
            &[("rest_api_id", "a".into()), ("name", "auth".into())],
        );
        for (k, v) in pairs {
            c.set(k, v.clone());
        }
        c
    }

    fn errors(config: &Value) -> Vec<String> {
        let mut d = Diagnostics::new();
        Authorizer.validate(config, &mut d);
        d.into_vec()
            .into_iter()
            .map(|d| d.path.map(|p| p.to_string()).unwrap_or_default())
            .collect()
    }

    #[test]
    fn each_type_needs_its_source() {
        assert_eq!(errors(&config(&[])), ["authorizer_uri"]);
        assert!(errors(&config(&[("authorizer_uri", "arn:x".into())])).is_empty());
        assert_eq!(
            errors(&config(&[("type", "COGNITO_USER_POOLS".into())])),
            ["provider_arns"]
        );
        let pools = Value::Set(vec!["arn:aws:cognito-idp:us-east-1:1:userpool/p".into()]);
        assert!(
            errors(&config(&[
                ("type", "COGNITO_USER_POOLS".into()),
                ("provider_arns", pools)
            ]))
            .is_empty()
        );
        assert!(errors(&config(&[("type", Value::Unknown)])).is_empty());
    }

    #[tokio::test]
    async fn create_plans_the_defaults_and_is_one_call() {
        let answer = r#"{"id":"z1","name":"auth","type":"TOKEN","authorizerUri":"arn:x","identitySource":"method.request.header.Authorization","authorizerResultTtlInSeconds":300}"#;
        let (aws, calls) = api(vec![(201, None, answer)]).await;
        let c = config(&[("authorizer_uri", "arn:x".into())]);
        let planned = plan(&Authorizer.schema().block, &Value::Null, &c, &c).state;
        assert_eq!(TYPE.get(&planned), Some("TOKEN"));
        assert_eq!(AUTHORIZER_RESULT_TTL_IN_SECONDS.get(&planned), Some(300));
        let state = Authorizer.create(&aws, &planned).await.unwrap();
        assert_eq!(ID.get(&state), Some("z1"));
        assert_eq!(
            ARN.get(&state),
            Some("arn:aws:apigateway:us-east-1::/restapis/a/authorizers/z1")
        );
        assert_eq!(IDENTITY_SOURCE.get(&state), Some(AUTHORIZATION_HEADER));
        assert_eq!(requests(&calls).len(), 1);
    }
}
