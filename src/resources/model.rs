//! `apigateway_model`: a JSON schema of a REST API that request and response bodies refer to
//! by name (`request_models`, `response_models`) and request validators check bodies against.
//!
//! Calls: CreateModel, GetModel, UpdateModel (patch `/description`, `/schema`), DeleteModel;
//! one per operation. State `id`: the model id AWS assigns; import ID `REST-API-ID/MODEL-NAME`
//! (AWS addresses a model by its name).

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_model::CreateModelOutput;
use aws_sdk_apigateway::operation::create_model::builders::CreateModelFluentBuilder;
use aws_sdk_apigateway::operation::get_model::GetModelOutput;
use aws_sdk_apigateway::operation::update_model::UpdateModelOutput;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::{Aws, AwsError, not_found_as_none};
use crate::schema::validators::{StringCheck, string_check};

use super::checks;
use super::decl::{
    Decl, Declared, Field, Identity, Input, Policy, Sdk, Seen, Str, Update, aws, fields, set,
};
use super::keys::ModelKey;

const CONTENT_TYPE: StringCheck = string_check(
    "a media type of the form `type/subtype`, e.g. `application/json`",
    checks::check_content_type,
);

/// The `apigateway_model` resource type.
#[derive(Debug)]
pub struct Model;

impl Sdk for Model {
    type Create = CreateModelFluentBuilder;
    type Created = CreateModelOutput;
    type Got = GetModelOutput;
    type Updated = UpdateModelOutput;
    type Item = aws_sdk_apigateway::types::Model;
}

fields! { Model;
    ID: Str = Field::new("id", "The model id, which AWS assigns.").computed().keep_prior().read(aws!(id)),
    CONTENT_TYPE_FIELD: Str = Field::new(
        "content_type",
        "The media type the schema describes, e.g. `application/json`.",
    )
    .required()
    .replace()
    .validators(&[&CONTENT_TYPE])
    .aws(aws!(content_type), set!(set_content_type)),
    DESCRIPTION: Str = Field::new("description", "Description of the model. Changed in place.")
        .aws(aws!(description), set!(set_description))
        .patch("/description"),
    // AWS stores the schema as sent but reformats it in some answers: compared as JSON.
    SCHEMA: Str = Field::new(
        "schema",
        "The JSON schema (draft 4) of the model, e.g. `jsonencode({ type = \"object\" })`. \
         Compared as JSON: whitespace and key order never show as a change. Changed in place.",
    )
    .policy(Policy::JsonAsWritten)
    .validators(&[&checks::JSON_DOCUMENT])
    .aws(aws!(schema), set!(set_schema))
    .patch("/schema"),
}

#[async_trait]
impl Declared for Model {
    const TYPE_NAME: &'static str = "apigateway_model";
    const OBJECT: &'static str = "Model";
    const DESCRIPTION: &'static str = "A model of an API Gateway REST API: a named JSON schema \
        that methods use for request and response bodies.";
    type Key = ModelKey;
    type Parent = ModelKey;
    const IDENTITY: Identity<ModelKey> = Identity::Assigned;
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const PUBLISHED: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        key: &ModelKey,
        input: Input<'_, Self>,
    ) -> Result<CreateModelOutput, AwsError> {
        let call = aws
            .client
            .create_model()
            .rest_api_id(&key.rest_api_id)
            .name(&key.name);
        Ok(input.fill(call).send().await?)
    }

    async fn call_get(&self, aws: &Aws, key: &ModelKey) -> Result<GetModelOutput, AwsError> {
        let call = aws
            .client
            .get_model()
            .rest_api_id(&key.rest_api_id)
            .model_name(&key.name);
        Ok(call.send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &ModelKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateModelOutput, AwsError> {
        let call = aws
            .client
            .update_model()
            .rest_api_id(&key.rest_api_id)
            .model_name(&key.name);
        Ok(call.set_patch_operations(Some(ops)).send().await?)
    }

    // A refresh reads every model of the API with one GetModels.
    async fn snapshot(
        &self,
        aws: &Aws,
        key: &ModelKey,
    ) -> Result<Seen<aws_sdk_apigateway::types::Model>, AwsError> {
        let all = not_found_as_none(aws.cache.models(&aws.client, &key.rest_api_id).await)?;
        let named = |m: &&aws_sdk_apigateway::types::Model| m.name() == Some(key.name.as_str());
        Ok(Seen::in_list(all, named))
    }

    async fn call_delete(&self, aws: &Aws, key: &ModelKey) -> Result<(), AwsError> {
        let call = aws
            .client
            .delete_model()
            .rest_api_id(&key.rest_api_id)
            .model_name(&key.name);
        call.send().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::patch::show;
    use crate::resources::testing::{api, object, requests};
    use crate::resources::{Resource, decl};
    use crate::tfvalue::Value;

    fn state(schema: &str) -> Value {
        object(
            &Model,
            &[
                ("id", "m1".into()),
                ("rest_api_id", "a".into()),
                ("name", "Pet".into()),
                ("content_type", "application/json".into()),
                ("schema", schema.into()),
            ],
        )
    }

    #[test]
    fn a_respelt_schema_sends_nothing_and_a_changed_one_is_one_operation() {
        let prior = state(r#"{"type": "object", "required": ["id"]}"#);
        let same = state(r#"{ "required":["id"], "type":"object" }"#);
        assert!(decl::patch(&Model, &prior, &same).is_empty());
        let other = state(r#"{"type": "array"}"#);
        assert_eq!(
            show(&decl::patch(&Model, &prior, &other)),
            [r#"replace /schema {"type": "array"}"#]
        );
    }

    #[tokio::test]
    async fn aws_reformatting_keeps_the_written_schema_and_a_read_is_one_get() {
        let answer = r#"{"id":"m1","name":"Pet","contentType":"application/json","schema":"{\n  \"type\" : \"object\",\n  \"required\" : [ \"id\" ]\n}"}"#;
        let (aws, calls) = api(vec![(200, None, answer)]).await;
        let written = state(r#"{"type":"object","required":["id"]}"#);
        let read = Model.read(&aws, &written).await.unwrap().unwrap();
        assert_eq!(read, written);
        assert_eq!(requests(&calls), ["GET /restapis/a/models/Pet"]);
    }

    #[test]
    fn names_and_import_ids_are_checked() {
        assert!(Model.import("a/Pet").is_ok());
        for bad in ["a", "a/Pet-2", "a/", "/Pet"] {
            let d = Model.import(bad).unwrap_err().into_vec();
            assert!(
                d[0].detail.contains("REST-API-ID/MODEL-NAME"),
                "{bad}: {}",
                d[0].detail
            );
        }
    }

    #[tokio::test]
    async fn a_refresh_reads_every_model_of_the_api_with_one_call() {
        let models = r#"{"item":[
            {"id":"m1","name":"Pet","contentType":"application/json","schema":"{}"},
            {"id":"m2","name":"Error","contentType":"application/json","schema":"{}"}]}"#;
        let (aws, calls) =
            crate::resources::testing::api_with_snapshots(vec![(200, None, models)]).await;
        let prior = |name: &str| {
            object(
                &Model,
                &[
                    ("rest_api_id", "a1".into()),
                    ("name", name.into()),
                    ("id", "x".into()),
                    ("content_type", "application/json".into()),
                    ("schema", "{}".into()),
                ],
            )
        };
        let pet = Model.read(&aws, &prior("Pet")).await.unwrap().unwrap();
        let error = Model.read(&aws, &prior("Error")).await.unwrap().unwrap();
        assert_eq!(pet.get("id").as_str(), Some("m1"));
        assert_eq!(error.get("id").as_str(), Some("m2"));
        assert!(Model.read(&aws, &prior("Gone")).await.unwrap().is_none());
        assert_eq!(requests(&calls), ["GET /restapis/a1/models?limit=500"]);
    }
}
