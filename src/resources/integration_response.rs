//! `apigateway_integration_response`: how the answer of a method's integration becomes the
//! method's response for one status code (selection pattern, header mappings, body templates).
//!
//! Calls: PutIntegrationResponse (create, and update: it is an upsert that replaces the whole
//! object, so an update sends the whole planned object), GetIntegrationResponse,
//! DeleteIntegrationResponse. State `id`: `agir-REST-API-ID-RESOURCE-ID-HTTP-METHOD-STATUS-CODE`;
//! import ID `REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE`.
//!
//! API Gateway deletes an integration's responses whenever the integration is deleted or
//! replaced (a PutIntegration on an existing integration). Read reports such a response as
//! gone, so the next plan shows it "will be created".

use std::collections::HashMap;
use std::fmt;

use async_trait::async_trait;
use aws_sdk_apigateway::operation::put_integration_response::builders::PutIntegrationResponseFluentBuilder;
use aws_sdk_apigateway::types::ContentHandlingStrategy;

use crate::aws::{Aws, AwsError, retry};
use crate::diag::Diagnostics;
use crate::schema::validators::one_of;
use crate::schema::{Attribute, Block, Schema};
use crate::tfvalue::Value;

use super::checks::{self, CONTENT_HANDLING, HTTP_METHODS};
use super::{Resource, bad_import_id, import_parts, required_str, string_map_state};

const OBJECT: &str = "Integration Response";
const IMPORT_FORMAT: &str = "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE";
const IMPORT_EXAMPLE: &str = "a1b2c3d4e5/x1y2z3/GET/200";

/// Added to a "not found" answer of PutIntegrationResponse, whose AWS text ("Invalid Integration
/// identifier specified", "Invalid Response status code specified", ...) does not say what to do.
const MISSING_PARENT_HINT: &str = " An integration response needs the method, the method's \
    integration and a method response with the same status code to exist first. Reference them \
    from this resource (or add `depends_on`) so Terraform creates them before it.";

/// The `apigateway_integration_response` resource type.
#[derive(Debug)]
pub struct IntegrationResponse;

#[async_trait]
impl Resource for IntegrationResponse {
    fn type_name(&self) -> &'static str {
        "apigateway_integration_response"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new(
                "How the answer of a method's integration is turned into the method's response for \
                 one status code: which backend answers select it (`selection_pattern`), which \
                 response headers it sets and how it transforms the body.",
            )
            .attribute(
                Attribute::string(
                    "id",
                    "`agir-REST-API-ID-RESOURCE-ID-HTTP-METHOD-STATUS-CODE`, the official provider's id format.",
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
                Attribute::string("resource_id", "Id of the resource (path) the method belongs to.")
                    .required()
                    .requires_replace(),
            )
            .attribute(
                Attribute::string(
                    "http_method",
                    "HTTP method of the method whose integration answers.",
                )
                .required()
                .requires_replace()
                .validator(checks::http_method()),
            )
            .attribute(
                Attribute::string(
                    "status_code",
                    "Status code of the method response this integration response produces; a \
                     method response with this status code must exist.",
                )
                .required()
                .requires_replace()
                .validator(checks::status_code()),
            )
            .attribute(Attribute::string(
                "selection_pattern",
                "Regular expression that selects this response: matched against the backend's \
                 HTTP status code (HTTP and AWS integrations) or the error message (Lambda). \
                 Unset or `\"\"` makes it the default response, used when no other pattern matches.",
            ))
            .attribute(
                Attribute::string_map(
                    "response_templates",
                    "Mapping templates that transform the integration's response body, by content \
                     type (e.g. `application/json`). An empty template `\"\"` is kept as written.",
                )
                .validator(checks::content_type_keys()),
            )
            .attribute(
                Attribute::string_map(
                    "response_parameters",
                    "Method response headers to set, as `method.response.header.NAME` = a mapping \
                     expression: `integration.response.header.NAME`, \
                     `integration.response.body[.JSONPath]`, `context.VAR`, `stageVariables.VAR` \
                     or a static value in single quotes such as `'*'`.",
                )
                .validator(checks::method_response_parameter_keys())
                .validator(checks::integration_response_parameter_values()),
            )
            .attribute(
                Attribute::string(
                    "content_handling",
                    "Converts the response payload: `CONVERT_TO_BINARY` (base64 text to binary) or \
                     `CONVERT_TO_TEXT` (binary to base64 text). Unset passes the payload through \
                     unchanged.",
                )
                .validator(one_of(CONTENT_HANDLING)),
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
        // The id is a function of the identity, so the plan can show it instead of
        // "(known after apply)" whenever the identity is known.
        if let Ok(key) = Key::of(planned) {
            planned.set("id", Value::from(key.state_id()));
        }
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        // PutIntegrationResponse is an upsert: AWS answers no "already exists" conflict (unlike
        // PutMethod), so an interrupted apply that is re-run simply writes the same object again.
        put(aws, planned, "Creating").await
    }

    async fn read(&self, aws: &Aws, state_in: &Value) -> Result<Option<Value>, Diagnostics> {
        let key = Key::of(state_in)?;
        let answer = aws
            .client
            .get_integration_response()
            .rest_api_id(&key.rest_api_id)
            .resource_id(&key.resource_id)
            .http_method(&key.http_method)
            .status_code(&key.status_code)
            .send()
            .await;
        match answer {
            Ok(out) => Ok(Some(state(&key, fields!(out), state_in))),
            // Any of "Invalid Response status code specified", "Invalid Integration identifier
            // specified", "Invalid Method identifier specified", "Invalid Resource identifier
            // specified" or "Invalid Rest API Id specified": the response no longer exists.
            Err(e) => {
                let e = AwsError::from(e);
                if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.diagnostic("Reading", OBJECT, &key.to_string()).into())
                }
            }
        }
    }

    async fn update(
        &self,
        aws: &Aws,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        // Only the non-identity attributes can change here (the identity forces replacement);
        // Put replaces the whole object, which is exactly the planned one.
        put(aws, planned, "Updating").await
    }

    async fn delete(&self, aws: &Aws, state_in: &Value) -> Result<(), Diagnostics> {
        let key = Key::of(state_in)?;
        let result = retry::on_conflict(|| async {
            aws.client
                .delete_integration_response()
                .rest_api_id(&key.rest_api_id)
                .resource_id(&key.resource_id)
                .http_method(&key.http_method)
                .status_code(&key.status_code)
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await;
        match result {
            Ok(_) => Ok(()),
            // Already gone, possibly with its integration, method or API.
            Err(e) if e.is_not_found() => Ok(()),
            Err(e) => Err(e.diagnostic("Deleting", OBJECT, &key.to_string()).into()),
        }
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let [api, resource, method, code] =
            import_parts::<4>(self.type_name(), id, IMPORT_FORMAT, IMPORT_EXAMPLE)?;
        if !HTTP_METHODS.contains(&method) || checks::check_status_code(code).is_err() {
            return Err(bad_import_id(
                self.type_name(),
                id,
                IMPORT_FORMAT,
                IMPORT_EXAMPLE,
            ));
        }
        let key = Key {
            rest_api_id: api.to_owned(),
            resource_id: resource.to_owned(),
            http_method: method.to_owned(),
            status_code: code.to_owned(),
        };
        Ok(Value::object([
            ("id", Value::from(key.state_id())),
            ("rest_api_id", Value::from(api)),
            ("resource_id", Value::from(resource)),
            ("http_method", Value::from(method)),
            ("status_code", Value::from(code)),
        ]))
    }
}

/// Which integration response: the four identity attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    rest_api_id: String,
    resource_id: String,
    http_method: String,
    status_code: String,
}

impl Key {
    /// The key of a planned or stored object.
    fn of(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            rest_api_id: required_str(value, "rest_api_id")?.to_owned(),
            resource_id: required_str(value, "resource_id")?.to_owned(),
            http_method: required_str(value, "http_method")?.to_owned(),
            status_code: required_str(value, "status_code")?.to_owned(),
        })
    }

    /// The state `id`, in the official provider's format.
    fn state_id(&self) -> String {
        format!(
            "agir-{}-{}-{}-{}",
            self.rest_api_id, self.resource_id, self.http_method, self.status_code
        )
    }
}

/// The import ID format, also used to name the object in diagnostics.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}",
            self.rest_api_id, self.resource_id, self.http_method, self.status_code
        )
    }
}

/// Writes the planned object with one PutIntegrationResponse and returns the new state built
/// from AWS's answer (which is the whole stored object; no Get needed).
async fn put(aws: &Aws, planned: &Value, action: &str) -> Result<Value, Diagnostics> {
    let key = Key::of(planned)?;
    let out = retry::on_conflict(|| async {
        put_request(aws, &key, planned)
            .send()
            .await
            .map_err(AwsError::from)
    })
    .await
    .map_err(|e| {
        let mut d = e.diagnostic(action, OBJECT, &key.to_string());
        if e.is_not_found() {
            d.detail.push_str(MISSING_PARENT_HINT);
        }
        d
    })?;
    Ok(state(&key, fields!(out), planned))
}

/// The PutIntegrationResponse request for the planned object. The Put replaces the whole
/// integration response, so everything the plan holds is sent, and what it lacks is cleared.
fn put_request(aws: &Aws, key: &Key, planned: &Value) -> PutIntegrationResponseFluentBuilder {
    aws.client
        .put_integration_response()
        .rest_api_id(&key.rest_api_id)
        .resource_id(&key.resource_id)
        .http_method(&key.http_method)
        .status_code(&key.status_code)
        // `""` and unset both mean "the default response"; AWS is never sent an empty pattern
        // (as the official provider never sends one), and the state keeps the user's spelling.
        .set_selection_pattern(
            planned
                .get("selection_pattern")
                .as_str()
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        )
        .set_response_templates(string_map(planned.get("response_templates")))
        .set_response_parameters(string_map(planned.get("response_parameters")))
        .set_content_handling(
            planned
                .get("content_handling")
                .as_str()
                .map(ContentHandlingStrategy::from),
        )
}

/// A planned map for the SDK; `None` for null and for an empty map (AWS stores no entries
/// either way, and the state keeps the user's `{}` or null, see [`string_map_state`]).
fn string_map(value: &Value) -> Option<HashMap<String, String>> {
    value
        .to_string_map()
        .filter(|m| !m.is_empty())
        .map(|m| m.into_iter().collect())
}

/// The attributes of an integration response as AWS answers them.
#[derive(Debug, Default)]
struct Fields {
    selection_pattern: Option<String>,
    response_templates: Option<HashMap<String, String>>,
    response_parameters: Option<HashMap<String, String>>,
    content_handling: Option<String>,
}

/// Copies the fields out of a Put or Get answer (two SDK types with the same accessors).
macro_rules! fields {
    ($out:expr) => {{
        let out = &$out;
        Fields {
            selection_pattern: out.selection_pattern().map(str::to_owned),
            response_templates: out.response_templates().cloned(),
            response_parameters: out.response_parameters().cloned(),
            content_handling: out.content_handling().map(|c| c.as_str().to_owned()),
        }
    }};
}
use fields;

/// The Terraform state from AWS's answer. `reference` (the plan, or the prior state on a read)
/// decides what AWS cannot tell apart: `""` versus no selection pattern, `{}` versus no map.
/// Empty templates, which AWS answers as `null`, arrive here as `""` (see
/// [`crate::aws::nulls`]) and stay `""`.
fn state(key: &Key, fields: Fields, reference: &Value) -> Value {
    let selection_pattern = match fields.selection_pattern.filter(|p| !p.is_empty()) {
        Some(p) => Value::from(p),
        None if reference.get("selection_pattern").as_str() == Some("") => Value::from(""),
        None => Value::Null,
    };
    Value::object([
        ("id", Value::from(key.state_id())),
        ("rest_api_id", Value::from(key.rest_api_id.as_str())),
        ("resource_id", Value::from(key.resource_id.as_str())),
        ("http_method", Value::from(key.http_method.as_str())),
        ("status_code", Value::from(key.status_code.as_str())),
        ("selection_pattern", selection_pattern),
        (
            "response_templates",
            string_map_state(
                fields.response_templates.as_ref(),
                reference.get("response_templates"),
            ),
        ),
        (
            "response_parameters",
            string_map_state(
                fields.response_parameters.as_ref(),
                reference.get("response_parameters"),
            ),
        ),
        (
            "content_handling",
            Value::opt_string(fields.content_handling),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::plan::plan;
    use crate::schema::validate::validate_config;

    fn key() -> Key {
        Key {
            rest_api_id: "api1".into(),
            resource_id: "res1".into(),
            http_method: "GET".into(),
            status_code: "200".into(),
        }
    }

    fn map(pairs: &[(&str, &str)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
                .collect(),
        )
    }

    /// A full object of this schema with `pairs` set and everything else null.
    fn object(pairs: &[(&str, Value)]) -> Value {
        let mut v = Value::object(
            IntegrationResponse
                .schema()
                .block
                .attributes
                .iter()
                .map(|a| (a.name.clone(), Value::Null)),
        );
        for (k, val) in pairs {
            v.set(k, val.clone());
        }
        v
    }

    fn identity() -> Vec<(&'static str, Value)> {
        vec![
            ("rest_api_id", "api1".into()),
            ("resource_id", "res1".into()),
            ("http_method", "GET".into()),
            ("status_code", "200".into()),
        ]
    }

    fn offline_aws() -> Aws {
        let config = aws_sdk_apigateway::Config::builder()
            .behavior_version(aws_sdk_apigateway::config::BehaviorVersion::latest())
            .build();
        Aws::from_client(aws_sdk_apigateway::Client::from_conf(config), "us-east-1")
    }

    fn errors_at(config: &Value) -> Vec<String> {
        let mut d = Diagnostics::new();
        validate_config(&IntegrationResponse.schema().block, config, &mut d);
        IntegrationResponse.validate(config, &mut d);
        d.into_vec()
            .into_iter()
            .map(|d| {
                format!(
                    "{} | {}",
                    d.path.map(|p| p.to_string()).unwrap_or_default(),
                    d.detail
                )
            })
            .collect()
    }

    #[test]
    fn ids_use_the_official_formats() {
        assert_eq!(key().state_id(), "agir-api1-res1-GET-200");
        assert_eq!(key().to_string(), "api1/res1/GET/200");
    }

    #[test]
    fn import_takes_four_parts_and_fills_the_identity() {
        let v = IntegrationResponse.import("api1/res1/GET/200").unwrap();
        assert_eq!(Key::of(&v).unwrap(), key());
        assert_eq!(v.get("id").as_str(), Some("agir-api1-res1-GET-200"));
        for bad in [
            "",
            "api1/res1/GET",
            "api1/res1/GET/200/x",
            "api1//GET/200",
            "api1/res1/FETCH/200",
            "api1/res1/get/200",
            "api1/res1/GET/2000",
            "api1/res1/GET/abc",
            "agir-api1-res1-GET-200",
        ] {
            let d = IntegrationResponse.import(bad).unwrap_err().into_vec();
            assert!(
                d[0].detail.contains(IMPORT_FORMAT),
                "{bad}: {}",
                d[0].detail
            );
            assert!(
                d[0].detail
                    .contains("terraform import apigateway_integration_response.example a1b2c3d4e5/x1y2z3/GET/200"),
                "{bad}"
            );
        }
    }

    #[test]
    fn put_sends_the_whole_planned_object() {
        let aws = offline_aws();
        let planned = object(&[
            ("selection_pattern", "5\\d{2}".into()),
            ("response_templates", map(&[("application/json", "")])),
            (
                "response_parameters",
                map(&[(
                    "method.response.header.X-Id",
                    "integration.response.header.Id",
                )]),
            ),
            ("content_handling", "CONVERT_TO_TEXT".into()),
        ]);
        let req = put_request(&aws, &key(), &planned);
        let input = req.as_input();
        assert_eq!(input.get_rest_api_id().as_deref(), Some("api1"));
        assert_eq!(input.get_resource_id().as_deref(), Some("res1"));
        assert_eq!(input.get_http_method().as_deref(), Some("GET"));
        assert_eq!(input.get_status_code().as_deref(), Some("200"));
        assert_eq!(input.get_selection_pattern().as_deref(), Some("5\\d{2}"));
        assert_eq!(
            input.get_response_templates().as_ref().unwrap()["application/json"],
            ""
        );
        assert_eq!(
            input.get_response_parameters().as_ref().unwrap()["method.response.header.X-Id"],
            "integration.response.header.Id"
        );
        assert_eq!(
            input.get_content_handling(),
            &Some(ContentHandlingStrategy::ConvertToText)
        );
    }

    #[test]
    fn put_leaves_out_what_the_plan_lacks() {
        let aws = offline_aws();
        let planned = object(&[
            ("selection_pattern", "".into()),
            ("response_templates", map(&[])),
        ]);
        let req = put_request(&aws, &key(), &planned);
        let input = req.as_input();
        assert_eq!(input.get_selection_pattern(), &None);
        assert_eq!(input.get_response_templates(), &None);
        assert_eq!(input.get_response_parameters(), &None);
        assert_eq!(input.get_content_handling(), &None);
    }

    #[test]
    fn state_keeps_the_users_spelling_of_empty() {
        let empty = HashMap::new();
        let aws_answer = || Fields {
            selection_pattern: None,
            response_templates: Some(HashMap::from([("application/json".into(), String::new())])),
            response_parameters: Some(empty.clone()),
            content_handling: None,
        };
        // The user wrote `selection_pattern = ""` and `response_parameters = {}`.
        let planned = object(&[
            ("selection_pattern", "".into()),
            ("response_templates", map(&[("application/json", "")])),
            ("response_parameters", map(&[])),
        ]);
        let s = state(&key(), aws_answer(), &planned);
        assert_eq!(s.get("selection_pattern"), &Value::from(""));
        assert_eq!(
            s.get("response_templates"),
            &map(&[("application/json", "")])
        );
        assert_eq!(s.get("response_parameters"), &map(&[]));
        assert_eq!(s.get("content_handling"), &Value::Null);
        assert_eq!(s.get("id").as_str(), Some("agir-api1-res1-GET-200"));
        // The user left them unset.
        let s = state(&key(), aws_answer(), &object(&identity()));
        assert_eq!(s.get("selection_pattern"), &Value::Null);
        assert_eq!(s.get("response_parameters"), &Value::Null);
        // An empty pattern set out of band reads as the default response, like no pattern.
        let mut answer = aws_answer();
        answer.selection_pattern = Some(String::new());
        assert_eq!(
            state(&key(), answer, &Value::Null).get("selection_pattern"),
            &Value::Null
        );
    }

    #[test]
    fn applied_state_equals_the_plan_and_plans_clean_again() {
        let block = IntegrationResponse.schema().block;
        let mut config = object(&identity());
        config.set("response_templates", map(&[("application/json", "")]));
        config.set("selection_pattern", "".into());
        config.set(
            "response_parameters",
            map(&[("method.response.header.A", "'*'")]),
        );
        let mut planned = plan(&block, &Value::Null, &config, &config).state;
        IntegrationResponse.modify_plan(
            &Value::Null,
            &config,
            &mut planned,
            &mut Diagnostics::new(),
        );
        assert_eq!(planned.get("id").as_str(), Some("agir-api1-res1-GET-200"));
        // AWS's answer for that object, templates null → "" by the interceptor.
        let answer = Fields {
            selection_pattern: None,
            response_templates: Some(HashMap::from([("application/json".into(), String::new())])),
            response_parameters: Some(HashMap::from([(
                "method.response.header.A".into(),
                "'*'".into(),
            )])),
            content_handling: None,
        };
        let applied = state(&key(), answer, &planned);
        assert_eq!(applied, planned);
        // The next plan from that state proposes nothing.
        let mut replanned = plan(&block, &applied, &config, &config).state;
        IntegrationResponse.modify_plan(&applied, &config, &mut replanned, &mut Diagnostics::new());
        assert_eq!(replanned, applied);
    }

    #[test]
    fn id_stays_unknown_while_the_identity_is() {
        let mut planned = object(&identity());
        planned.set("rest_api_id", Value::Unknown);
        planned.set("id", Value::Unknown);
        IntegrationResponse.modify_plan(
            &Value::Null,
            &planned.clone(),
            &mut planned,
            &mut Diagnostics::new(),
        );
        assert!(planned.get("id").is_unknown());
    }

    #[test]
    fn plan_time_validation_names_the_attribute_and_key() {
        let mut bad = object(&identity());
        bad.set("http_method", "FETCH".into());
        bad.set("status_code", "2000".into());
        bad.set("content_handling", "CONVERT_TO_JSON".into());
        bad.set("response_templates", map(&[("json", "")]));
        bad.set(
            "response_parameters",
            map(&[
                ("method.response.body.x", "'a'"),
                (
                    "method.response.header.Ok",
                    "integration.response.querystring.x",
                ),
            ]),
        );
        let e = errors_at(&bad);
        let has =
            |path: &str, text: &str| e.iter().any(|m| m.starts_with(path) && m.contains(text));
        assert!(has("http_method |", "`GET`"), "{e:?}");
        assert!(has("status_code |", "[1-5]"), "{e:?}");
        assert!(
            has(
                "content_handling |",
                "`CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`"
            ),
            "{e:?}"
        );
        assert!(
            has("response_templates[\"json\"] |", "type/subtype"),
            "{e:?}"
        );
        assert!(
            has(
                "response_parameters[\"method.response.body.x\"] |",
                "method.response.header.NAME"
            ),
            "{e:?}"
        );
        assert!(
            has(
                "response_parameters[\"method.response.header.Ok\"] |",
                "integration.response.header.NAME"
            ),
            "{e:?}"
        );
        assert_eq!(e.len(), 6, "{e:?}");
    }

    #[test]
    fn unknown_values_are_never_rejected() {
        let mut config = object(&identity());
        config.set("rest_api_id", Value::Unknown);
        config.set("status_code", Value::Unknown);
        config.set(
            "response_parameters",
            Value::Map([("method.response.header.X".to_owned(), Value::Unknown)].into()),
        );
        config.set("response_templates", Value::Unknown);
        assert!(errors_at(&config).is_empty());
        let mut ok = object(&identity());
        ok.set(
            "response_templates",
            map(&[
                ("application/json", ""),
                ("text/html; charset=utf-8", "<p/>"),
            ]),
        );
        ok.set(
            "response_parameters",
            map(&[
                ("method.response.header.A", "'*'"),
                ("method.response.header.B", "integration.response.body.a.b"),
                ("method.response.header.C", "context.requestId"),
            ]),
        );
        ok.set("content_handling", "CONVERT_TO_BINARY".into());
        assert!(errors_at(&ok).is_empty(), "{:?}", errors_at(&ok));
    }

    #[test]
    fn identity_attributes_force_replacement() {
        let schema = IntegrationResponse.schema();
        for name in ["rest_api_id", "resource_id", "http_method", "status_code"] {
            let a = schema.block.find_attribute(name).unwrap();
            assert!(a.is_requires_replace(), "{name}");
        }
        for name in [
            "selection_pattern",
            "response_templates",
            "response_parameters",
            "content_handling",
        ] {
            let a = schema.block.find_attribute(name).unwrap();
            assert!(!a.is_requires_replace() && a.is_configurable(), "{name}");
        }
    }
}
