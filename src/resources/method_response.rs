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

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::cache::Source;
use crate::aws::{Aws, AwsError, locks, not_found_as_none, patch, retry};
use crate::diag::Diagnostics;
use crate::schema::validators::{MapValues, map_values};
use crate::schema::{Attribute, Block, Schema};
use crate::tfvalue::{Type, Value};

use super::keys::ResponseKey;
use super::{Resource, adopt_found, bool_map, bool_map_strings, checks, map_state};

const TYPE_NAME: &str = "apigateway_method_response";
const OBJECT: &str = "method response";

/// The `apigateway_method_response` resource type.
#[derive(Debug)]
pub struct MethodResponse;

#[async_trait]
impl Resource for MethodResponse {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new(
                "A response of an API Gateway method: one HTTP status code the method can answer \
                 with, the headers that response may carry and the models of its body. The method \
                 (`apigateway_method`) must exist first.",
            )
            .attribute(
                Attribute::string(
                    "id",
                    "The method response's id, \
                        `agmr-REST-API-ID-RESOURCE-ID-HTTP-METHOD-STATUS-CODE` (the format of \
                        the hashicorp/aws provider). It is derived from the arguments, so it is \
                        known at plan time whenever they are.",
                )
                .computed()
                .use_state_for_unknown(),
            )
            .attribute(
                Attribute::string(
                    "rest_api_id",
                    "Id of the REST API. Changing it replaces the method response.",
                )
                .required()
                .requires_replace(),
            )
            .attribute(
                Attribute::string(
                    "resource_id",
                    "Id of the resource the method belongs to. Changing it replaces the \
                    method response.",
                )
                .required()
                .requires_replace(),
            )
            .attribute(
                Attribute::string(
                    "http_method",
                    "The HTTP verb of the method: one of `GET`, `PUT`, `POST`, `DELETE`, \
                    `PATCH`, `OPTIONS`, `HEAD` or `ANY` (upper case). Changing it replaces \
                    the method response.",
                )
                .required()
                .requires_replace()
                .validator(checks::http_method()),
            )
            .attribute(
                Attribute::string(
                    "status_code",
                    "The HTTP status code of this response, a three-digit code from `100` to \
                        `599` (AWS's pattern `[1-5]\\d\\d`), e.g. `\"200\"`. Changing it \
                        replaces the method response: the old status code is deleted and the new \
                        one created.",
                )
                .required()
                .requires_replace()
                .validator(checks::status_code()),
            )
            .attribute(
                Attribute::string_map(
                    "response_models",
                    "Models of the response body by content type, e.g. `{ \
                        \"application/json\" = \"Empty\" }`. Keys must be media types \
                        `type/subtype` (parameters such as `; charset=utf-8` are allowed); \
                        values are model names, which contain only letters and digits. Every \
                        REST API has the models `Empty` and `Error`; other models must exist in \
                        the API. Changes are made in place.",
                )
                .validator(checks::content_type_keys())
                .validator(model_names()),
            )
            .attribute(
                Attribute::new(
                    "response_parameters",
                    Type::map(Type::Bool),
                    "Headers the response may carry. Keys are `method.response.header.NAME`; \
                        the value says whether the header is required (`true`) or optional \
                        (`false`). An integration response maps values onto these headers. \
                        Changes are made in place.",
                )
                .validator(checks::method_response_parameter_keys()),
            ),
        )
    }

    fn modify_plan(
        &self,
        _prior: &Value,
        _config: &Value,
        planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
        // The id is derived from the identity, so it is known as soon as the identity is:
        // other resources can use it at plan time, and a replacement shows the new id.
        if let Ok(key) = ResponseKey::from_state(planned) {
            planned.set("id", Value::from(key.method_response_id()));
        }
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let key = ResponseKey::from_state(planned)?;
        let method = &key.method;
        let parameters = bool_map(planned.get("response_parameters"));
        let models = planned
            .get("response_models")
            .to_string_map()
            .map(|m| m.into_iter().collect::<HashMap<_, _>>());
        let _write = locks::rest_api(&method.rest_api_id).await;
        let result = retry::on_conflict(aws, || async {
            aws.client
                .put_method_response()
                .rest_api_id(&method.rest_api_id)
                .resource_id(&method.resource_id)
                .http_method(&method.http_method)
                .status_code(&key.status_code)
                .set_response_parameters(parameters.clone())
                .set_response_models(models.clone())
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await;
        match result {
            Ok(out) => Ok(state(&key, fields!(out), planned)),
            // AWS answers 409 ConflictException when the response already exists (an apply
            // interrupted after the Put, or an object made outside Terraform). Adopt it when it
            // already is what the plan wants; otherwise say how to import it.
            Err(e) if e.is_already_exists() => adopt_found(
                TYPE_NAME,
                &key.to_string(),
                planned,
                e.diagnostic("Creating", OBJECT, &key.to_string()),
                find(aws, &key, planned, Source::Direct).await,
            ),
            Err(e) => Err(e.diagnostic("Creating", OBJECT, &key.to_string()).into()),
        }
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let key = ResponseKey::from_state(state)?;
        find(aws, &key, state, Source::Snapshot).await
    }

    async fn update(
        &self,
        aws: &Aws,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let key = ResponseKey::from_state(prior)?;
        let method = &key.method;
        let ops = patch_operations(prior, planned);
        if ops.is_empty() {
            // Only the spelling of "empty" changed (null vs `{}`): nothing to send.
            return Ok(planned.clone());
        }
        let _write = locks::rest_api(&method.rest_api_id).await;
        let out = retry::on_conflict(aws, || async {
            aws.client
                .update_method_response()
                .rest_api_id(&method.rest_api_id)
                .resource_id(&method.resource_id)
                .http_method(&method.http_method)
                .status_code(&key.status_code)
                .set_patch_operations(Some(ops.clone()))
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await
        .map_err(|e| e.diagnostic("Updating", OBJECT, &key.to_string()))?;
        Ok(state(&key, fields!(out), planned))
    }

    async fn delete(&self, aws: &Aws, state: &Value) -> Result<(), Diagnostics> {
        let key = ResponseKey::from_state(state)?;
        let method = &key.method;
        let _write = locks::rest_api(&method.rest_api_id).await;
        // Already gone (possibly with its method, resource or API) is what a delete wants.
        retry::delete(aws, OBJECT, &key.to_string(), || async {
            aws.client
                .delete_method_response()
                .rest_api_id(&method.rest_api_id)
                .resource_id(&method.resource_id)
                .http_method(&method.http_method)
                .status_code(&key.status_code)
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await?;
        Ok(())
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let key = ResponseKey::from_import_id(TYPE_NAME, id)?;
        Ok(Value::object(key.attributes(key.method_response_id())))
    }
}

/// The method response as a state (`reference` decides how "empty" is spelled, see
/// [`state`]), or `None` when it does not exist. From the API's read snapshot for
/// [`Source::Snapshot`] when snapshots are on (one `GetResources?embed=methods` for all the
/// API's methods and their responses during a refresh, see [`crate::aws::cache`]), else
/// GetMethodResponse. AWS answers NotFoundException "Invalid Response status code specified"
/// for a missing response, and "Invalid Method identifier specified" / "Invalid Resource
/// identifier specified" / "Invalid API identifier specified" when what it belongs to is gone,
/// which takes it along: all mean `None`.
async fn find(
    aws: &Aws,
    key: &ResponseKey,
    reference: &Value,
    source: Source,
) -> Result<Option<Value>, Diagnostics> {
    let method = &key.method;
    let fields = if aws.cache.serves(source) {
        method.snapshot_method(aws).await.map(|found| {
            let responses = found?.method_responses?;
            Some(fields!(responses.get(&key.status_code)?))
        })
    } else {
        let result = aws
            .client
            .get_method_response()
            .rest_api_id(&method.rest_api_id)
            .resource_id(&method.resource_id)
            .http_method(&method.http_method)
            .status_code(&key.status_code)
            .send()
            .await
            .map_err(AwsError::from);
        not_found_as_none(result).map(|out| out.map(|o| fields!(o)))
    };
    fields
        .map(|found| found.map(|f| state(key, f, reference)))
        .map_err(|e| e.diagnostic("Reading", OBJECT, &key.to_string()).into())
}

/// The attributes of a method response as AWS answers them.
#[derive(Debug, Default)]
struct Fields {
    response_parameters: Option<HashMap<String, bool>>,
    response_models: Option<HashMap<String, String>>,
}

/// Copies the fields out of a Put, Get or Update answer or the snapshot's item (SDK types
/// with the same accessors).
macro_rules! fields {
    ($out:expr) => {{
        let out = &$out;
        Fields {
            response_parameters: out.response_parameters().cloned(),
            response_models: out.response_models().cloned(),
        }
    }};
}
use fields;

/// The Terraform state from AWS's answer. `reference` (the plan or prior state) decides how an
/// empty map is spelled: `{}` stays `{}` and an unset map stays null. An empty model name
/// comes back from AWS as `null`, which the client's interceptor has already turned into `""`.
fn state(key: &ResponseKey, fields: Fields, reference: &Value) -> Value {
    let attributes = [
        (
            "response_models",
            map_state(
                fields.response_models.as_ref(),
                reference.get("response_models"),
            ),
        ),
        (
            "response_parameters",
            map_state(
                fields.response_parameters.as_ref(),
                reference.get("response_parameters"),
            ),
        ),
    ];
    Value::object(
        key.attributes(key.method_response_id())
            .into_iter()
            .chain(attributes),
    )
}

/// The UpdateMethodResponse operations that turn `prior` into `planned`: per key, `remove`
/// a dropped one, `add` a new one, `replace` a changed value. Keys are escaped per RFC 6901
/// (`application/json` → `/responseModels/application~1json`); booleans are sent as
/// `"true"`/`"false"`.
fn patch_operations(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let models = |v: &Value| v.get("response_models").to_string_map().unwrap_or_default();
    let mut ops = patch::map_diff("/responseModels", &models(prior), &models(planned));
    ops.extend(patch::map_diff(
        "/responseParameters",
        &bool_map_strings(prior.get("response_parameters")),
        &bool_map_strings(planned.get("response_parameters")),
    ));
    ops
}

/// Values of `response_models`: model names. AWS allows only letters and digits in a model
/// name (CreateModel), so anything else can never refer to a model.
fn model_names() -> MapValues {
    map_values(
        "model names made of letters and digits, e.g. `Empty`",
        check_model_name,
    )
}

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

    use super::*;
    use crate::aws::patch::show;
    use crate::diag::Severity;
    use crate::resources::keys::MethodKey;
    use crate::resources::testing::{
        Answer, CONCURRENT_MODIFICATION, api, api_with_snapshots, assert_one_snapshot_load, bools,
        requests, strings,
    };
    use crate::schema::plan::plan;
    use crate::schema::validate::validate_config;

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
