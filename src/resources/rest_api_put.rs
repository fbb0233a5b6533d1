//! `apigateway_rest_api_put`: an OpenAPI definition imported into an existing REST API, apart
//! from the `apigateway_rest_api` that made it (as the hashicorp/aws provider's
//! `aws_api_gateway_rest_api_put`).
//!
//! A create is one PutRestApi in overwrite mode; every argument replaces the put (a new
//! import); a read is GetRestApi (the API gone means the put is gone; the definition itself is
//! not read back); a delete changes nothing in AWS (the API keeps what was imported). State
//! `id` and import ID: the REST API id.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::get_rest_api::GetRestApiOutput;
use aws_sdk_apigateway::operation::put_rest_api::PutRestApiOutput;
use aws_sdk_apigateway::operation::put_rest_api::builders::PutRestApiFluentBuilder;
use aws_sdk_apigateway::primitives::Blob;
use aws_sdk_apigateway::types::PutMode;

use crate::aws::{Aws, AwsError};
use crate::tfvalue::Value;

use super::checks;
use super::decl::{
    Answer, Block, Bool, Decl, Declared, Field, Identity, Input, Lit, Policy, Sdk, Str, StrMap,
    Update, fields,
};
use super::keys::ApiId;
use super::rest_api::{STATUS_WAIT, settled};
use super::timeouts;

/// The `apigateway_rest_api_put` resource type.
#[derive(Debug)]
pub struct RestApiPut;

impl Sdk for RestApiPut {
    type Create = PutRestApiFluentBuilder;
    type Created = PutRestApiOutput;
    type Got = GetRestApiOutput;
    type Updated = PutRestApiOutput;
    type Item = GetRestApiOutput;
}

fields! { RestApiPut;
    BODY: Str = Field::new(
        "body",
        "The OpenAPI 3 or Swagger 2 definition (JSON or YAML) to import, in overwrite mode: it \
         replaces the API's resources, methods and models. Its `info.title` renames the API on \
         AWS. Not read back from AWS.",
    )
    .required()
    .replace()
    .policy(Policy::Custom)
    .validators(&[&checks::OPENAPI_BODY])
    .send(|b: PutRestApiFluentBuilder, v| b.body(Blob::new(v.as_str().unwrap_or_default().as_bytes()))),
    FAIL_ON_WARNINGS: Bool = Field::new(
        "fail_on_warnings",
        "Whether AWS fails the import when it finds warnings. Defaults to `false`.",
    )
    .default(Lit::Bool(false))
    .replace()
    .policy(Policy::Custom)
    .send(|b: PutRestApiFluentBuilder, v| b.set_fail_on_warnings(v.as_bool().filter(|f| *f))),
    PARAMETERS: StrMap = Field::new(
        "parameters",
        "Import settings, e.g. `{ basepath = \"prepend\" }` or `{ ignore = \"documentation\" }`.",
    )
    .replace()
    .policy(Policy::Custom)
    .send(|b: PutRestApiFluentBuilder, v| {
        b.set_parameters(v.to_string_map().filter(|m| !m.is_empty()).map(|m| m.into_iter().collect()))
    }),
    TRIGGERS: StrMap = Field::new(
        "triggers",
        "Arbitrary values; a change imports the body again.",
    )
    .replace()
    .policy(Policy::Custom)
    .manual(),
    TIMEOUTS: Block = Field::new(
        timeouts::TIMEOUTS,
        "How long the put waits until the API's status is `AVAILABLE` (AWS applies an enhanced \
         security policy for a while): 60 minutes by default.",
    )
    .nested(timeouts::create_only)
    .policy(Policy::Custom)
    .manual(),
}

#[async_trait]
impl Declared for RestApiPut {
    const TYPE_NAME: &'static str = "apigateway_rest_api_put";
    const OBJECT: &'static str = "REST API Put";
    const DESCRIPTION: &'static str = "An OpenAPI definition imported into an API Gateway REST API \
        (PutRestApi, overwrite mode). Destroying it leaves the API as it is.";
    type Key = ApiId;
    type Parent = ApiId;
    const IDENTITY: Identity<ApiId> = Identity::Named {
        id: |key| key.0.clone(),
        doc: "The REST API id, as in the hashicorp/aws provider.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    // Every argument replaces the put: no update is ever made.
    const UPDATE: Update = Update::Patch;
    const SERIAL_WRITES: bool = true;
    const PUBLISHED: bool = true;
    const DELETES: bool = false;

    async fn call_create(
        &self,
        aws: &Aws,
        api: &ApiId,
        input: Input<'_, Self>,
    ) -> Result<PutRestApiOutput, AwsError> {
        let call = aws
            .client
            .put_rest_api()
            .rest_api_id(&api.0)
            .mode(PutMode::Overwrite);
        let out = input.fill(call).send().await?;
        for warning in out.warnings() {
            tracing::warn!(rest_api_id = %api.0, %warning, "AWS warned while importing the body");
        }
        Ok(out)
    }

    async fn call_get(&self, aws: &Aws, api: &ApiId) -> Result<GetRestApiOutput, AwsError> {
        Ok(aws.client.get_rest_api().rest_api_id(&api.0).send().await?)
    }

    // The import is applied for a while when the API has an enhanced security policy.
    async fn after_write(
        &self,
        aws: &Aws,
        api: &ApiId,
        which: &'static str,
        answer: &Answer<'_, Self>,
        state: &Value,
    ) -> Result<(), String> {
        let (status, message) = match answer {
            Answer::Created(o) | Answer::Updated(o) => (o.api_status(), o.api_status_message()),
            Answer::Got(o) | Answer::Item(o) => (o.api_status(), o.api_status_message()),
        };
        let limit = timeouts::get(state, which, STATUS_WAIT);
        settled(aws, &api.0, status, message, limit).await
    }

    // The import cannot be undone: the API keeps the definition.
    async fn call_delete(&self, _aws: &Aws, _api: &ApiId) -> Result<(), AwsError> {
        Ok(())
    }

    // Nothing AWS answers is part of the state: the arguments as written (an import has none
    // but the id; `fail_on_warnings` then reads as its default).
    fn quirks(&self, _answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        let as_written = |v: &Value| {
            if v.is_wholly_known() {
                v.clone()
            } else {
                Value::Null
            }
        };
        BODY.put(state, as_written(BODY.raw(reference)));
        PARAMETERS.put(state, as_written(PARAMETERS.raw(reference)));
        TRIGGERS.put(state, as_written(TRIGGERS.raw(reference)));
        TIMEOUTS.put(state, timeouts::as_written(reference));
        let fail = FAIL_ON_WARNINGS.raw(reference);
        FAIL_ON_WARNINGS.put(
            state,
            if !fail.is_unknown() && !fail.is_null() {
                fail.clone()
            } else {
                Value::from(false)
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests, strings};

    const BODY_V1: &str = "openapi: 3.0.1\ninfo:\n  title: t\n  version: '1'\npaths: {}\n";

    /// A create is one PutRestApi in overwrite mode with the body and parameters; a delete
    /// makes no call.
    #[tokio::test]
    async fn create_is_one_put_and_delete_calls_nothing() {
        let answer = r#"{"id":"a1","name":"t","rootResourceId":"r"}"#;
        let (aws, calls) = api(vec![(200, None, answer)]).await;
        let planned = object(
            &RestApiPut,
            &[
                ("rest_api_id", "a1".into()),
                ("body", BODY_V1.into()),
                ("fail_on_warnings", true.into()),
                ("parameters", strings(&[("basepath", "ignore")])),
                ("triggers", strings(&[("v", "1")])),
            ],
        );
        let state = RestApiPut.create(&aws, &planned).await.unwrap();
        assert_eq!(state.get("id").as_str(), Some("a1"));
        assert_eq!(BODY.get(&state), Some(BODY_V1));
        assert_eq!(FAIL_ON_WARNINGS.get(&state), Some(true));
        RestApiPut.delete(&aws, &state).await.unwrap();
        let log = requests(&calls);
        assert_eq!(log.len(), 1, "{log:?}");
        assert!(log[0].starts_with("PUT /restapis/a1?"), "{log:?}");
        for part in ["mode=overwrite", "failonwarnings=true", "basepath=ignore"] {
            assert!(log[0].contains(part), "{part}: {log:?}");
        }
    }

    #[test]
    fn every_argument_replaces_the_put() {
        let schema = RestApiPut.schema();
        for name in [
            "rest_api_id",
            "body",
            "fail_on_warnings",
            "parameters",
            "triggers",
        ] {
            let a = schema
                .block
                .attributes
                .iter()
                .find(|a| a.name == name)
                .unwrap();
            assert!(
                a.plan_modifiers
                    .iter()
                    .any(|m| matches!(m, crate::schema::PlanModifier::RequiresReplace)),
                "{name}"
            );
        }
    }
}
