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

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use aws_sdk_apigateway::types::{MethodResponse as AwsMethodResponse, PatchOperation};

use crate::aws::{Aws, AwsError, ErrorKind, locks, patch, retry};
use crate::diag::Diagnostics;
use crate::schema::validators::{MapValues, map_values};
use crate::schema::{Attribute, Block, Schema};
use crate::tfvalue::{Type, Value};

use super::{
    Resource, adopt_existing, bad_import_id, bool_map_state, checks, import_parts, required_str,
    string_map_state,
};

const TYPE_NAME: &str = "apigateway_method_response";
const OBJECT: &str = "method response";
const IMPORT_FORMAT: &str = "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE";
const IMPORT_EXAMPLE: &str = "a1b2c3d4e5/x1y2z3/GET/200";

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
                    "`agmr-REST-API-ID-RESOURCE-ID-HTTP-METHOD-STATUS-CODE`, known at plan time.",
                )
                .computed()
                .use_state_for_unknown(),
            )
            .attribute(
                Attribute::string("rest_api_id", "Id of the REST API.")
                    .required()
                    .requires_replace(),
            )
            .attribute(
                Attribute::string("resource_id", "Id of the resource the method belongs to.")
                    .required()
                    .requires_replace(),
            )
            .attribute(
                Attribute::string("http_method", "The HTTP verb of the method.")
                    .required()
                    .requires_replace()
                    .validator(checks::http_method()),
            )
            .attribute(
                Attribute::string(
                    "status_code",
                    "The HTTP status code of this response, e.g. `200`.",
                )
                .required()
                .requires_replace()
                .validator(checks::status_code()),
            )
            .attribute(
                Attribute::string_map(
                    "response_models",
                    "Models of the response body by content type, e.g. \
                     `{ \"application/json\" = \"Empty\" }`. Every REST API has the models `Empty` \
                     and `Error`; others must be created in the API first.",
                )
                .validator(checks::content_type_keys())
                .validator(model_names()),
            )
            .attribute(
                Attribute::new(
                    "response_parameters",
                    Type::map(Type::Bool),
                    "Headers the response may carry, by key `method.response.header.NAME`; the \
                     value says whether the header is required. An integration response maps \
                     values onto these headers.",
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
        if let Ok(key) = Key::of(planned) {
            planned.set("id", Value::from(key.state_id()));
        }
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let key = Key::of(planned)?;
        let parameters = bool_map(planned.get("response_parameters"));
        let models = planned
            .get("response_models")
            .to_string_map()
            .map(|m| m.into_iter().collect::<HashMap<_, _>>());
        let _write = locks::rest_api(key.api).await;
        let result = retry::on_conflict(|| async {
            aws.client
                .put_method_response()
                .rest_api_id(key.api)
                .resource_id(key.resource)
                .http_method(key.method)
                .status_code(key.status)
                .set_response_parameters(parameters.clone())
                .set_response_models(models.clone())
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await;
        match result {
            Ok(out) => Ok(key.state(
                out.status_code(),
                out.response_parameters(),
                out.response_models(),
                planned,
            )),
            // AWS answers 409 ConflictException when the response already exists (an apply
            // interrupted after the Put, or an object made outside Terraform). Adopt it when it
            // already is what the plan wants; otherwise say how to import it.
            Err(e) if is_already_exists(&e) => {
                // Straight from AWS: the failed Put dropped any snapshot of this API anyway.
                let existing = find(aws, &key, Source::Direct)
                    .await
                    .map_err(|e| e.diagnostic("Reading existing", OBJECT, &key.to_string()))?
                    .ok_or_else(|| {
                        // Deleted between the Put and the Get: a retry of the apply creates it.
                        e.diagnostic("Creating", OBJECT, &key.to_string())
                    })?;
                let existing = key.state(
                    existing.status_code(),
                    existing.response_parameters(),
                    existing.response_models(),
                    planned,
                );
                adopt_existing(TYPE_NAME, &key.to_string(), planned, existing)
            }
            Err(e) => Err(e.diagnostic("Creating", OBJECT, &key.to_string()).into()),
        }
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let key = Key::of(state)?;
        let found = find(aws, &key, Source::Snapshot)
            .await
            .map_err(|e| e.diagnostic("Reading", OBJECT, &key.to_string()))?;
        Ok(found.map(|out| {
            key.state(
                out.status_code(),
                out.response_parameters(),
                out.response_models(),
                state,
            )
        }))
    }

    async fn update(
        &self,
        aws: &Aws,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let key = Key::of(prior)?;
        let ops = patch_operations(prior, planned);
        if ops.is_empty() {
            // Only the spelling of "empty" changed (null vs `{}`): nothing to send.
            return Ok(planned.clone());
        }
        let _write = locks::rest_api(key.api).await;
        let out = retry::on_conflict(|| async {
            aws.client
                .update_method_response()
                .rest_api_id(key.api)
                .resource_id(key.resource)
                .http_method(key.method)
                .status_code(key.status)
                .set_patch_operations(Some(ops.clone()))
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await
        .map_err(|e| e.diagnostic("Updating", OBJECT, &key.to_string()))?;
        Ok(key.state(
            out.status_code(),
            out.response_parameters(),
            out.response_models(),
            planned,
        ))
    }

    async fn delete(&self, aws: &Aws, state: &Value) -> Result<(), Diagnostics> {
        let key = Key::of(state)?;
        let _write = locks::rest_api(key.api).await;
        let result = retry::on_conflict(|| async {
            aws.client
                .delete_method_response()
                .rest_api_id(key.api)
                .resource_id(key.resource)
                .http_method(key.method)
                .status_code(key.status)
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if e.is_not_found() => Ok(()),
            Err(e) => Err(e.diagnostic("Deleting", OBJECT, &key.to_string()).into()),
        }
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let [api, resource, method, status] =
            import_parts::<4>(TYPE_NAME, id, IMPORT_FORMAT, IMPORT_EXAMPLE)?;
        // Checked here so a typo (`get`, `20`) fails the import with the format, instead of
        // importing something the configuration would then have to replace.
        let problem = if !checks::HTTP_METHODS.contains(&method) {
            Some(format!(
                "{method:?} is not an HTTP method; use one of {}.",
                checks::HTTP_METHODS.join(", ")
            ))
        } else {
            checks::check_status_code(status)
                .err()
                .map(|reason| format!("{status:?} is {reason}."))
        };
        if let Some(problem) = problem {
            let mut out = Diagnostics::new();
            for mut d in bad_import_id(TYPE_NAME, id, IMPORT_FORMAT, IMPORT_EXAMPLE) {
                d.detail = format!("{} {problem}", d.detail);
                out.push(d);
            }
            return Err(out);
        }
        let key = Key {
            api,
            resource,
            method,
            status,
        };
        Ok(Value::object([
            ("id", Value::from(key.state_id())),
            ("rest_api_id", Value::from(api)),
            ("resource_id", Value::from(resource)),
            ("http_method", Value::from(method)),
            ("status_code", Value::from(status)),
        ]))
    }
}

/// What identifies a method response in API Gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key<'a> {
    api: &'a str,
    resource: &'a str,
    method: &'a str,
    status: &'a str,
}

impl<'a> Key<'a> {
    /// The identity attributes of a plan or state.
    fn of(value: &'a Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            api: required_str(value, "rest_api_id")?,
            resource: required_str(value, "resource_id")?,
            method: required_str(value, "http_method")?,
            status: required_str(value, "status_code")?,
        })
    }

    /// The state `id`, in the format the hashicorp/aws provider uses.
    fn state_id(&self) -> String {
        format!(
            "agmr-{}-{}-{}-{}",
            self.api, self.resource, self.method, self.status
        )
    }

    /// The Terraform state from an AWS answer (Put, Get and Update answer alike). `reference`
    /// (the plan or prior state) decides how an empty map is spelled: `{}` stays `{}` and an
    /// unset map stays null. An empty model name comes back from AWS as `null`, which the
    /// client's interceptor has already turned into `""`.
    fn state(
        &self,
        status: Option<&str>,
        parameters: Option<&HashMap<String, bool>>,
        models: Option<&HashMap<String, String>>,
        reference: &Value,
    ) -> Value {
        Value::object([
            ("id", Value::from(self.state_id())),
            ("rest_api_id", Value::from(self.api)),
            ("resource_id", Value::from(self.resource)),
            ("http_method", Value::from(self.method)),
            ("status_code", Value::from(status.unwrap_or(self.status))),
            (
                "response_models",
                string_map_state(models, reference.get("response_models")),
            ),
            (
                "response_parameters",
                bool_map_state(parameters, reference.get("response_parameters")),
            ),
        ])
    }
}

/// The import ID `REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE`; also how diagnostics name
/// the object.
impl std::fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}",
            self.api, self.resource, self.method, self.status
        )
    }
}

/// Where [`find`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The API's read snapshot when the cache is on (refreshes), else AWS.
    Snapshot,
    /// GetMethodResponse, always.
    Direct,
}

/// The method response as AWS has it, or `None` when it does not exist. AWS answers
/// NotFoundException "Invalid Response status code specified" for a missing response, and
/// "Invalid Method identifier specified" / "Invalid Resource identifier specified" / "Invalid
/// API identifier specified" when what it belongs to is gone, which takes it along: all mean
/// `None`.
async fn find(
    aws: &Aws,
    key: &Key<'_>,
    source: Source,
) -> Result<Option<AwsMethodResponse>, AwsError> {
    if source == Source::Snapshot && aws.cache.enabled() {
        let resources = match aws.cache.resources(&aws.client, key.api).await {
            Ok(resources) => resources,
            Err(e) if e.is_not_found() => return Ok(None),
            Err(e) => return Err(e),
        };
        return Ok(resources
            .iter()
            .find(|r| r.id() == Some(key.resource))
            .and_then(|r| r.resource_methods()?.get(key.method))
            .and_then(|m| m.method_responses()?.get(key.status))
            .cloned());
    }
    let result = aws
        .client
        .get_method_response()
        .rest_api_id(key.api)
        .resource_id(key.resource)
        .http_method(key.method)
        .status_code(key.status)
        .send()
        .await;
    match result.map_err(AwsError::from) {
        Ok(out) => Ok(Some(
            AwsMethodResponse::builder()
                .set_status_code(out.status_code)
                .set_response_parameters(out.response_parameters)
                .set_response_models(out.response_models)
                .build(),
        )),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether a create failed because the response already exists, as opposed to the transient
/// "concurrent modification" conflict that [`retry::on_conflict`] already retried.
fn is_already_exists(e: &AwsError) -> bool {
    e.kind == ErrorKind::Conflict && !e.is_concurrent_modification()
}

/// A known `map(bool)` as the SDK wants it; `None` when null.
fn bool_map(value: &Value) -> Option<HashMap<String, bool>> {
    value
        .as_entries()?
        .iter()
        .map(|(k, v)| Some((k.clone(), v.as_bool()?)))
        .collect()
}

/// A `map(bool)` with the values as API Gateway's patch operations spell them.
fn bool_strings(value: &Value) -> BTreeMap<String, String> {
    bool_map(value)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect()
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
        &bool_strings(prior.get("response_parameters")),
        &bool_strings(planned.get("response_parameters")),
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
    use super::*;
    use crate::diag::Severity;
    use crate::schema::plan::plan;
    use crate::schema::validate::validate_config;
    use aws_sdk_apigateway::types::Op;

    fn show(ops: &[PatchOperation]) -> Vec<String> {
        ops.iter()
            .map(|o| {
                format!(
                    "{} {} {}",
                    o.op().map_or("?", Op::as_str),
                    o.path().unwrap_or(""),
                    o.value().unwrap_or("-")
                )
            })
            .collect()
    }

    fn bools(entries: &[(&str, bool)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| ((*k).to_owned(), Value::Bool(*v)))
                .collect(),
        )
    }

    fn strings(entries: &[(&str, &str)]) -> Value {
        Value::string_map(Some(entries.iter().copied()))
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
                d[0].detail.contains(IMPORT_FORMAT),
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
        let key = Key {
            api: "a",
            resource: "r",
            method: "GET",
            status: "200",
        };
        let empty = Value::Map(BTreeMap::new());
        let reference = object(empty.clone(), Value::Null);
        let s = key.state(Some("200"), None, Some(&HashMap::new()), &reference);
        assert_eq!(s.get("response_models"), &empty);
        assert_eq!(s.get("response_parameters"), &Value::Null);
        assert_eq!(s.get("id").as_str(), Some("agmr-a-r-GET-200"));

        let params = HashMap::from([("method.response.header.A".to_owned(), true)]);
        let models = HashMap::from([("application/json".to_owned(), String::new())]);
        let s = key.state(Some("200"), Some(&params), Some(&models), &Value::Null);
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

    /// A fake API Gateway: answers requests from a script and records what it was asked.
    mod fake {
        use std::sync::{Arc, Mutex};

        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        use tokio::net::TcpListener;

        use crate::aws::Aws;

        /// One scripted answer: status, `x-amzn-ErrorType` (for errors), JSON body.
        pub type Answer = (u16, Option<&'static str>, &'static str);

        /// Serves `answers` in order; returns the client and the log of "METHOD PATH" lines
        /// (with the request body after a space for bodies).
        pub async fn serve(answers: Vec<Answer>) -> (Aws, Arc<Mutex<Vec<String>>>) {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let log = Arc::new(Mutex::new(Vec::new()));
            let seen = Arc::clone(&log);
            tokio::spawn(async move {
                let mut answers = answers.into_iter();
                while let Ok((mut sock, _)) = listener.accept().await {
                    let Some(request) = read_request(&mut sock).await else {
                        continue;
                    };
                    seen.lock().unwrap().push(request);
                    let (status, error, body) = answers.next().unwrap_or((500, None, "{}"));
                    let error = error
                        .map(|e| format!("x-amzn-ErrorType: {e}\r\n"))
                        .unwrap_or_default();
                    let text = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{error}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = sock.write_all(text.as_bytes()).await;
                    let _ = sock.shutdown().await;
                }
            });
            let config = aws_sdk_apigateway::Config::builder()
                .behavior_version(aws_sdk_apigateway::config::BehaviorVersion::latest())
                .region(aws_sdk_apigateway::config::Region::new("us-east-1"))
                .credentials_provider(aws_sdk_apigateway::config::Credentials::new(
                    "test", "test", None, None, "fake",
                ))
                .endpoint_url(format!("http://{addr}"))
                .retry_config(aws_sdk_apigateway::config::retry::RetryConfig::disabled())
                .interceptor(crate::aws::nulls::EmptyTemplateNulls)
                .build();
            let aws = Aws::from_client(aws_sdk_apigateway::Client::from_conf(config), "us-east-1");
            (aws, log)
        }

        async fn read_request(sock: &mut tokio::net::TcpStream) -> Option<String> {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let head_end = loop {
                let n = sock.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
            };
            let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().ok())?
                })
                .unwrap_or(0);
            while buf.len() < head_end + length {
                let n = sock.read(&mut chunk).await.ok()?;
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let first = head.lines().next()?;
            let mut parts = first.split(' ');
            let line = format!("{} {}", parts.next()?, parts.next()?);
            let body = String::from_utf8_lossy(&buf[head_end..]).into_owned();
            Some(if body.is_empty() {
                line
            } else {
                format!("{line} {body}")
            })
        }
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

    fn log(log: &std::sync::Mutex<Vec<String>>) -> Vec<String> {
        log.lock().unwrap().clone()
    }

    #[tokio::test]
    async fn create_is_one_put_and_the_state_is_the_answer() {
        let (aws, calls) = fake::serve(vec![(
            201,
            None,
            r#"{"statusCode":"200","responseModels":{"application/json":"Empty"}}"#,
        )])
        .await;
        let state = MethodResponse.create(&aws, &planned()).await.unwrap();
        assert_eq!(state, planned());
        let calls = log(&calls);
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert!(calls[0].starts_with(&format!("PUT {PATH} ")), "{calls:?}");
        assert!(calls[0].contains(r#""responseModels":{"application/json":"Empty"}"#));
    }

    #[tokio::test]
    async fn create_adopts_an_existing_equal_response() {
        let (aws, calls) = fake::serve(vec![
            (
                409,
                Some("ConflictException"),
                r#"{"message":"Response already exists for this resource"}"#,
            ),
            (
                200,
                None,
                r#"{"statusCode":"200","responseModels":{"application/json":"Empty"}}"#,
            ),
        ])
        .await;
        let state = MethodResponse.create(&aws, &planned()).await.unwrap();
        assert_eq!(state, planned());
        let calls = log(&calls);
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[1], format!("GET {PATH}"));
    }

    #[tokio::test]
    async fn create_refuses_a_different_existing_response_with_the_import_command() {
        let (aws, _) = fake::serve(vec![
            (
                409,
                Some("ConflictException"),
                r#"{"message":"Response already exists for this resource"}"#,
            ),
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
        let (aws, calls) = fake::serve(vec![
            (
                409,
                Some("ConflictException"),
                r#"{"message":"Unable to complete operation due to concurrent modification. Please try again later."}"#,
            ),
            (
                201,
                None,
                r#"{"statusCode":"200","responseModels":{"application/json":"Empty"}}"#,
            ),
        ])
        .await;
        let state = MethodResponse.create(&aws, &planned()).await.unwrap();
        assert_eq!(state, planned());
        let calls = log(&calls);
        assert_eq!(calls.len(), 2);
        assert!(calls.iter().all(|c| c.starts_with("PUT ")), "{calls:?}");
    }

    #[tokio::test]
    async fn update_is_one_patch_with_the_changes() {
        let (aws, calls) = fake::serve(vec![(
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
        let calls = log(&calls);
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
        let (aws, calls) = fake::serve(vec![not_found, not_found]).await;
        assert_eq!(MethodResponse.read(&aws, &planned()).await.unwrap(), None);
        MethodResponse.delete(&aws, &planned()).await.unwrap();
        assert_eq!(
            log(&calls),
            [format!("GET {PATH}"), format!("DELETE {PATH}")]
        );
    }

    #[tokio::test]
    async fn read_fills_an_imported_state() {
        let (aws, _) = fake::serve(vec![(
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
        let (mut aws, calls) = fake::serve(vec![(
            200,
            None,
            r#"{"item":[{"id":"r","path":"/items","resourceMethods":{"GET":{"httpMethod":"GET","methodResponses":{"200":{"statusCode":"200","responseModels":{"application/json":"Empty"}}}}}}]}"#,
        )])
        .await;
        aws.cache = std::sync::Arc::new(crate::aws::cache::Cache::new());
        let state = MethodResponse.read(&aws, &planned()).await.unwrap();
        assert_eq!(state, Some(planned()));
        let mut other = planned();
        other.set("status_code", Value::from("404"));
        assert_eq!(MethodResponse.read(&aws, &other).await.unwrap(), None);
        let mut other = planned();
        other.set("http_method", Value::from("POST"));
        assert_eq!(MethodResponse.read(&aws, &other).await.unwrap(), None);
        let calls = log(&calls);
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert!(
            calls[0].starts_with("GET /restapis/a/resources"),
            "{calls:?}"
        );
    }

    #[tokio::test]
    async fn a_refresh_of_a_deleted_api_finds_nothing() {
        let (mut aws, _) = fake::serve(vec![(
            404,
            Some("NotFoundException"),
            r#"{"message":"Invalid API identifier specified"}"#,
        )])
        .await;
        aws.cache = std::sync::Arc::new(crate::aws::cache::Cache::new());
        assert_eq!(MethodResponse.read(&aws, &planned()).await.unwrap(), None);
    }
}
