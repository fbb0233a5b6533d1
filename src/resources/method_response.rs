//! `apigateway_method_response`: one status code a method can answer with, the headers it may
//! carry and the models of its body.
//!
//! Calls: PutMethodResponse (create), GetMethodResponse (read), UpdateMethodResponse with patch
//! operations (update), DeleteMethodResponse (delete); at most one per operation. During a
//! refresh, reads are answered from the REST API's read snapshot ([`crate::aws::cache`]: one
//! `GetResources?embed=methods` for all of the API's methods and their responses). State `id`:
//! `agmr-REST-API-ID-RESOURCE-ID-HTTP-METHOD-STATUS-CODE`; import ID
//! `REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE`.
//!
//! Writes are serialised per REST API ([`locks::rest_api`]): AWS answers parallel method
//! response writes to one API with "concurrent modification" conflicts. Writes to different
//! APIs still run in parallel.
//!
//! There are no cross-attribute rules: every constraint AWS puts on a method response concerns
//! a single attribute and is checked by that attribute's validators.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::get_method_response::GetMethodResponseOutput;
use aws_sdk_apigateway::operation::put_method_response::PutMethodResponseOutput;
use aws_sdk_apigateway::operation::put_method_response::builders::PutMethodResponseFluentBuilder;
use aws_sdk_apigateway::operation::update_method_response::UpdateMethodResponseOutput;
use aws_sdk_apigateway::types::{MethodResponse as Item, PatchOperation};

use crate::aws::{Aws, AwsError};
use crate::schema::validators::{MapValues, map_values};

use super::checks;
use super::decl::{
    BoolMap, Declared, Field, Identity, Input, Sdk, Seen, StrMap, Update, aws, fields, set,
};
use super::keys::{ResponseKey, WithKey};

/// The `apigateway_method_response` resource type.
#[derive(Debug)]
pub struct MethodResponse;

impl Sdk for MethodResponse {
    type Create = PutMethodResponseFluentBuilder;
    type Created = PutMethodResponseOutput;
    type Got = GetMethodResponseOutput;
    type Updated = UpdateMethodResponseOutput;
    type Item = Item;
}

fields! { MethodResponse;
    RESPONSE_MODELS: StrMap = Field::new(
        "response_models",
        "Models of the response body by content type, e.g. `{ \"application/json\" = \"Empty\" }`. \
         Every REST API has the models `Empty` and `Error`; other models must exist in the API. \
         Changes are made in place.",
    )
    .validators(&[&checks::CONTENT_TYPE_KEYS, &MODEL_NAMES])
    .aws(aws!(response_models), set!(set_response_models))
    .patch("/responseModels"),
    RESPONSE_PARAMETERS: BoolMap = Field::new(
        "response_parameters",
        "Headers the response may carry; the value says whether the header is required \
         (`true`) or optional (`false`). An integration response maps values onto these \
         headers. Changes are made in place.",
    )
    .validators(&[&checks::METHOD_RESPONSE_PARAMETER_KEYS])
    .aws(aws!(response_parameters), set!(set_response_parameters))
    .patch("/responseParameters"),
}

#[async_trait]
impl Declared for MethodResponse {
    const TYPE_NAME: &'static str = "apigateway_method_response";
    const OBJECT: &'static str = "method response";
    const DESCRIPTION: &'static str = "A response of an API Gateway method: one HTTP status code the \
        method can answer with, the headers that response may carry and the models of its body. \
        The method (`apigateway_method`) must exist first.";
    type Key = ResponseKey;
    type Parent = ResponseKey;
    const IDENTITY: Identity<ResponseKey> = Identity::Named {
        id: ResponseKey::method_response_id,
        doc: "The method response's id, `agmr-REST-API-ID-RESOURCE-ID-HTTP-METHOD-STATUS-CODE` \
              (the format of the hashicorp/aws provider). It is derived from the arguments, so it \
              is known at plan time whenever they are.",
    };
    const FIELDS: &'static [&'static super::decl::Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const PUBLISHED: bool = true;
    // AWS answers 409 ConflictException when the response already exists (an apply interrupted
    // after the Put, or an object made outside Terraform).
    const ADOPT: bool = true;
    // AWS answers parallel method-response writes to one API with "concurrent modification".
    const SERIAL_WRITES: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        key: &ResponseKey,
        input: Input<'_, Self>,
    ) -> Result<PutMethodResponseOutput, AwsError> {
        Ok(input
            .fill(aws.client.put_method_response().key(key))
            .send()
            .await?)
    }

    async fn call_get(
        &self,
        aws: &Aws,
        key: &ResponseKey,
    ) -> Result<GetMethodResponseOutput, AwsError> {
        Ok(aws.client.get_method_response().key(key).send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &ResponseKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateMethodResponseOutput, AwsError> {
        Ok(aws
            .client
            .update_method_response()
            .key(key)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &ResponseKey) -> Result<(), AwsError> {
        aws.client.delete_method_response().key(key).send().await?;
        Ok(())
    }

    async fn snapshot(&self, aws: &Aws, key: &ResponseKey) -> Result<Seen<Item>, AwsError> {
        let method = key.method.snapshot_method(aws).await?;
        Ok(Seen::from(method.and_then(|m| {
            m.method_responses?.remove(&key.status_code)
        })))
    }
}

/// Values of `response_models`: model names. AWS allows only letters and digits in a model
/// name (CreateModel), so anything else can never refer to a model.
const MODEL_NAMES: MapValues = map_values(
    "model names made of letters and digits, e.g. `Empty`",
    check_model_name,
);

fn check_model_name(s: &str) -> Result<(), String> {
    // An empty name is left for AWS to judge: it stores it and answers it as `null`.
    if s.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err("not a model name (letters and digits only)".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use std::collections::HashMap;

    use super::*;
    use crate::aws::patch::show;
    use crate::diag::Diagnostics;
    use crate::diag::Severity;
    use crate::resources::Resource;
    use crate::resources::decl;
    use crate::resources::keys::Key;
    use crate::resources::keys::MethodKey;
    use crate::resources::testing::{
        Answer, CONCURRENT_MODIFICATION, api, api_with_snapshots, assert_one_snapshot_load, bools,
        requests, strings,
    };
    use crate::schema::plan::plan;
    use crate::schema::validate::validate_config;
    use crate::tfvalue::Value;

    /// The attributes of a method response as AWS answers them.
    struct Fields {
        response_parameters: Option<HashMap<String, bool>>,
        response_models: Option<HashMap<String, String>>,
    }

    /// The state from AWS's answer `fields` for `key`, with `reference` deciding the spelling
    /// of "empty".
    fn state(key: &ResponseKey, fields: Fields, reference: &Value) -> Value {
        let item = Item::builder()
            .status_code(&key.status_code)
            .set_response_parameters(fields.response_parameters)
            .set_response_models(fields.response_models)
            .build();
        let mut reference = match reference {
            Value::Object(_) => reference.clone(),
            _ => Value::object(key.identity()),
        };
        for (name, value) in key.identity() {
            reference.set(name, value);
        }
        decl::state(&MethodResponse, &decl::Answer::Item(&item), &reference)
    }

    fn patch_operations(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
        decl::patch(&MethodResponse, prior, planned)
    }

    fn object(models: Value, parameters: Value) -> Value {
        Value::object([
            ("id", Value::from("agmr-a-r-GET-200")),
            ("rest_api_id", Value::from("a")),
            ("resource_id", Value::from("r")),
            ("http_method", Value::from("GET")),
            ("status_code", Value::from("200")),
            ("response_models", models),
            ("response_parameters", parameters),
        ])
    }

    #[test]
    fn patch_operations_escape_keys_and_spell_booleans() {
        let prior = object(
            strings(&[("application/json", "Empty"), ("text/plain", "Empty")]),
            bools(&[
                ("method.response.header.A", true),
                ("method.response.header.B", false),
            ]),
        );
        let planned = object(
            strings(&[("application/json", "Error"), ("application/xml", "Empty")]),
            bools(&[
                ("method.response.header.A", false),
                ("method.response.header.C", true),
            ]),
        );
        assert_eq!(
            show(&patch_operations(&prior, &planned)),
            [
                "remove /responseModels/text~1plain -",
                "replace /responseModels/application~1json Error",
                "add /responseModels/application~1xml Empty",
                "remove /responseParameters/method.response.header.B -",
                "replace /responseParameters/method.response.header.A false",
                "add /responseParameters/method.response.header.C true",
            ]
        );
    }

    #[test]
    fn null_and_empty_maps_need_no_operations() {
        let prior = object(Value::Null, Value::Null);
        let planned = object(Value::Map(BTreeMap::new()), Value::Map(BTreeMap::new()));
        assert!(patch_operations(&prior, &planned).is_empty());
        assert!(patch_operations(&planned, &prior).is_empty());
        // Clearing a map removes every key.
        let full = object(
            strings(&[("application/json", "Empty")]),
            bools(&[("method.response.header.A", true)]),
        );
        assert_eq!(
            show(&patch_operations(&full, &prior)),
            [
                "remove /responseModels/application~1json -",
                "remove /responseParameters/method.response.header.A -",
            ]
        );
    }

    #[test]
    fn import_parses_the_official_format() {
        let v = MethodResponse.import("api1/res1/GET/200").unwrap();
        assert_eq!(v.get("rest_api_id").as_str(), Some("api1"));
        assert_eq!(v.get("resource_id").as_str(), Some("res1"));
        assert_eq!(v.get("http_method").as_str(), Some("GET"));
        assert_eq!(v.get("status_code").as_str(), Some("200"));
        assert_eq!(v.get("id").as_str(), Some("agmr-api1-res1-GET-200"));
    }

    #[test]
    fn import_rejects_malformed_ids_showing_the_format() {
        for bad in [
            "",
            "api1/res1/GET",
            "api1/res1/GET/200/x",
            "api1//GET/200",
            "agmr-api1-res1-GET-200",
            "api1/res1/get/200",
            "api1/res1/FETCH/200",
            "api1/res1/GET/20",
            "api1/res1/GET/600",
        ] {
            let d = MethodResponse.import(bad).unwrap_err().into_vec();
            assert_eq!(d.len(), 1, "{bad}");
            assert!(
                d[0].detail.contains(ResponseKey::IMPORT_FORMAT),
                "{bad}: {}",
                d[0].detail
            );
            assert!(
                d[0].detail
                    .contains("terraform import apigateway_method_response.example"),
                "{bad}"
            );
        }
        let d = MethodResponse
            .import("api1/res1/get/200")
            .unwrap_err()
            .into_vec();
        assert!(d[0].detail.contains("\"get\" is not an HTTP method"));
    }

    #[test]
    fn state_keeps_the_users_spelling_of_empty() {
        let key = ResponseKey {
            method: MethodKey {
                rest_api_id: "a".into(),
                resource_id: "r".into(),
                http_method: "GET".into(),
            },
            status_code: "200".into(),
        };
        let empty = Value::Map(BTreeMap::new());
        let reference = object(empty.clone(), Value::Null);
        let answer = Fields {
            response_parameters: None,
            response_models: Some(HashMap::new()),
        };
        let s = state(&key, answer, &reference);
        assert_eq!(s.get("response_models"), &empty);
        assert_eq!(s.get("response_parameters"), &Value::Null);
        assert_eq!(s.get("id").as_str(), Some("agmr-a-r-GET-200"));

        let params = HashMap::from([("method.response.header.A".to_owned(), true)]);
        let models = HashMap::from([("application/json".to_owned(), String::new())]);
        let answer = Fields {
            response_parameters: Some(params),
            response_models: Some(models),
        };
        let s = state(&key, answer, &Value::Null);
        assert_eq!(
            s.get("response_parameters"),
            &bools(&[("method.response.header.A", true)])
        );
        assert_eq!(
            s.get("response_models"),
            &strings(&[("application/json", "")])
        );
    }

    fn config(status: &str, models: Value, parameters: Value) -> Value {
        Value::object([
            ("id", Value::Null),
            ("rest_api_id", Value::from("a")),
            ("resource_id", Value::from("r")),
            ("http_method", Value::from("GET")),
            ("status_code", Value::from(status)),
            ("response_models", models),
            ("response_parameters", parameters),
        ])
    }

    fn errors(config: &Value) -> Vec<(String, String)> {
        let mut diags = Diagnostics::new();
        validate_config(&MethodResponse.schema().block, config, &mut diags);
        MethodResponse.validate(config, &mut diags);
        diags
            .into_vec()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.path.map(|p| p.to_string()).unwrap_or_default(), d.detail))
            .collect()
    }

    #[test]
    fn validation_names_the_attribute_and_what_is_allowed() {
        assert!(
            errors(&config(
                "200",
                strings(&[
                    ("application/json", "Empty"),
                    ("text/plain; charset=utf-8", "")
                ]),
                bools(&[("method.response.header.Access-Control-Allow-Origin", true)]),
            ))
            .is_empty()
        );
        let e = errors(&config("20", Value::Null, Value::Null));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, "status_code");
        assert!(e[0].1.contains("[1-5]"), "{}", e[0].1);

        let e = errors(&config("200", strings(&[("json", "Empty")]), Value::Null));
        assert_eq!(e[0].0, "response_models[\"json\"]");
        let e = errors(&config(
            "200",
            strings(&[("application/json", "My-Model")]),
            Value::Null,
        ));
        assert_eq!(e[0].0, "response_models[\"application/json\"]");
        assert!(e[0].1.contains("letters and digits"));

        let e = errors(&config(
            "200",
            Value::Null,
            bools(&[("method.response.querystring.x", true)]),
        ));
        assert_eq!(
            e[0].0,
            "response_parameters[\"method.response.querystring.x\"]"
        );
        assert!(e[0].1.contains("method.response.header.NAME"));
    }

    #[test]
    fn unknown_values_are_never_rejected() {
        let mut c = config("200", Value::Unknown, Value::Unknown);
        c.set("status_code", Value::Unknown);
        c.set("http_method", Value::Unknown);
        assert!(errors(&c).is_empty());
        let models = Value::Map(BTreeMap::from([(
            "application/json".to_owned(),
            Value::Unknown,
        )]));
        assert!(errors(&config("200", models, Value::Null)).is_empty());
    }

    #[test]
    fn plan_knows_the_id_and_replaces_on_identity_changes() {
        let block = MethodResponse.schema().block;
        let cfg = config("200", Value::Null, Value::Null);
        let planned = plan(&block, &Value::Null, &cfg, &cfg);
        let mut state = planned.state;
        assert!(state.get("id").is_unknown());
        MethodResponse.modify_plan(&Value::Null, &cfg, &mut state, &mut Diagnostics::new());
        assert_eq!(state.get("id").as_str(), Some("agmr-a-r-GET-200"));

        // Unknown identity (an API not created yet): the id stays unknown.
        let mut cfg_unknown = cfg.clone();
        cfg_unknown.set("rest_api_id", Value::Unknown);
        let mut s = plan(&block, &Value::Null, &cfg_unknown, &cfg_unknown).state;
        MethodResponse.modify_plan(&Value::Null, &cfg_unknown, &mut s, &mut Diagnostics::new());
        assert!(s.get("id").is_unknown());

        let prior = state;
        let mut next = config("201", Value::Null, Value::Null);
        next.set("id", prior.get("id").clone());
        let p = plan(
            &block,
            &prior,
            &next,
            &config("201", Value::Null, Value::Null),
        );
        assert_eq!(
            p.requires_replace
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["status_code"]
        );
        let mut s = p.state;
        MethodResponse.modify_plan(&prior, &next, &mut s, &mut Diagnostics::new());
        assert_eq!(s.get("id").as_str(), Some("agmr-a-r-GET-201"));

        // A change of a map alone is an in-place update.
        let with_models = config(
            "200",
            strings(&[("application/json", "Empty")]),
            Value::Null,
        );
        let mut proposed = with_models.clone();
        proposed.set("id", prior.get("id").clone());
        let mut prior200 = prior.clone();
        prior200.set("status_code", Value::from("200"));
        let p = plan(&block, &prior200, &proposed, &with_models);
        assert!(p.requires_replace.is_empty());
        assert_eq!(p.state.get("id").as_str(), Some("agmr-a-r-GET-200"));
    }

    const PATH: &str = "/restapis/a/resources/r/methods/GET/responses/200";

    fn planned() -> Value {
        let mut p = config(
            "200",
            strings(&[("application/json", "Empty")]),
            Value::Map(BTreeMap::new()),
        );
        p.set("id", Value::from("agmr-a-r-GET-200"));
        p
    }

    /// AWS's answer for the response [`planned`] describes.
    const ANSWER: &str = r#"{"statusCode":"200","responseModels":{"application/json":"Empty"}}"#;
    const EXISTS: Answer = (
        409,
        Some("ConflictException"),
        r#"{"message":"Response already exists for this resource"}"#,
    );

    #[tokio::test]
    async fn create_is_one_put_and_the_state_is_the_answer() {
        let (aws, calls) = api(vec![(201, None, ANSWER)]).await;
        let state = MethodResponse.create(&aws, &planned()).await.unwrap();
        assert_eq!(state, planned());
        let calls = requests(&calls);
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert!(calls[0].starts_with(&format!("PUT {PATH} ")), "{calls:?}");
        assert!(calls[0].contains(r#""responseModels":{"application/json":"Empty"}"#));
    }

    #[tokio::test]
    async fn create_adopts_an_existing_equal_response() {
        let (aws, calls) = api(vec![EXISTS, (200, None, ANSWER)]).await;
        let state = MethodResponse.create(&aws, &planned()).await.unwrap();
        assert_eq!(state, planned());
        let calls = requests(&calls);
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[1], format!("GET {PATH}"));
    }

    #[tokio::test]
    async fn create_refuses_a_different_existing_response_with_the_import_command() {
        let (aws, _) = api(vec![
            EXISTS,
            (
                200,
                None,
                r#"{"statusCode":"200","responseModels":{"application/json":"Error"}}"#,
            ),
        ])
        .await;
        let d = MethodResponse
            .create(&aws, &planned())
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            d[0].detail
                .contains("terraform import apigateway_method_response.<name> a/r/GET/200"),
            "{}",
            d[0].detail
        );
    }

    #[tokio::test]
    async fn concurrent_modification_is_retried_not_adopted() {
        let (aws, calls) = api(vec![CONCURRENT_MODIFICATION, (201, None, ANSWER)]).await;
        let state = MethodResponse.create(&aws, &planned()).await.unwrap();
        assert_eq!(state, planned());
        let calls = requests(&calls);
        assert_eq!(calls.len(), 2);
        assert!(calls.iter().all(|c| c.starts_with("PUT ")), "{calls:?}");
    }

    #[tokio::test]
    async fn update_is_one_patch_with_the_changes() {
        let (aws, calls) = api(vec![(
            200,
            None,
            r#"{"statusCode":"200","responseModels":{"application/json":"Empty"},"responseParameters":{"method.response.header.X":true}}"#,
        )])
        .await;
        let prior = planned();
        let mut next = planned();
        next.set(
            "response_parameters",
            bools(&[("method.response.header.X", true)]),
        );
        let state = MethodResponse.update(&aws, &prior, &next).await.unwrap();
        assert_eq!(state, next);
        let calls = requests(&calls);
        assert_eq!(calls.len(), 1);
        assert!(calls[0].starts_with(&format!("PATCH {PATH} ")));
        assert!(
            calls[0].contains(
                r#"{"op":"add","path":"/responseParameters/method.response.header.X","value":"true"}"#
            ),
            "{}",
            calls[0]
        );
    }

    #[tokio::test]
    async fn read_of_a_missing_response_is_none_and_delete_of_it_succeeds() {
        let not_found = (
            404,
            Some("NotFoundException"),
            r#"{"message":"Invalid Response status code specified"}"#,
        );
        let (aws, calls) = api(vec![not_found, not_found]).await;
        assert_eq!(MethodResponse.read(&aws, &planned()).await.unwrap(), None);
        MethodResponse.delete(&aws, &planned()).await.unwrap();
        assert_eq!(
            requests(&calls),
            [format!("GET {PATH}"), format!("DELETE {PATH}")]
        );
    }

    #[tokio::test]
    async fn read_fills_an_imported_state() {
        let (aws, _) = api(vec![(
            200,
            None,
            r#"{"statusCode":"200","responseModels":{"application/json":null},"responseParameters":{"method.response.header.X":false}}"#,
        )])
        .await;
        // An import knows only the identity; the read completes every attribute, and AWS's
        // `null` for an empty model name becomes "".
        let imported = MethodResponse.import("a/r/GET/200").unwrap();
        let state = MethodResponse.read(&aws, &imported).await.unwrap().unwrap();
        assert_eq!(
            state,
            object(
                strings(&[("application/json", "")]),
                bools(&[("method.response.header.X", false)])
            )
        );
    }

    #[tokio::test]
    async fn reads_during_a_refresh_share_one_snapshot_of_the_api() {
        let (aws, calls) = api_with_snapshots(vec![(
            200,
            None,
            r#"{"item":[{"id":"r","path":"/items","resourceMethods":{"GET":{"httpMethod":"GET","methodResponses":{"200":{"statusCode":"200","responseModels":{"application/json":"Empty"}}}}}}]}"#,
        )])
        .await;
        let state = MethodResponse.read(&aws, &planned()).await.unwrap();
        assert_eq!(state, Some(planned()));
        let mut other = planned();
        other.set("status_code", Value::from("404"));
        assert_eq!(MethodResponse.read(&aws, &other).await.unwrap(), None);
        let mut other = planned();
        other.set("http_method", Value::from("POST"));
        assert_eq!(MethodResponse.read(&aws, &other).await.unwrap(), None);
        assert_one_snapshot_load(&calls, "a");
    }

    #[tokio::test]
    async fn a_refresh_of_a_deleted_api_finds_nothing() {
        let (aws, _) = api_with_snapshots(vec![(
            404,
            Some("NotFoundException"),
            r#"{"message":"Invalid API identifier specified"}"#,
        )])
        .await;
        assert_eq!(MethodResponse.read(&aws, &planned()).await.unwrap(), None);
    }
}
