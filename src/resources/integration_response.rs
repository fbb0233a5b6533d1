//! `apigateway_integration_response`: how the answer of a method's integration becomes the
//! method's response for one status code (selection pattern, header mappings, body templates).
//!
//! Calls: PutIntegrationResponse (create, and update: it is an upsert that replaces the whole
//! object, so an update sends the whole planned object), DeleteIntegrationResponse, and for
//! reads the API's read snapshot (`GetResources?embed=methods`, one call for all integration
//! responses of an API during a refresh, see [`crate::aws::cache`]) or GetIntegrationResponse
//! when snapshots are off. State `id`: `agir-REST-API-ID-RESOURCE-ID-HTTP-METHOD-STATUS-CODE`;
//! import ID `REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE`.
//!
//! API Gateway deletes an integration's responses whenever the integration is deleted or
//! replaced (a PutIntegration on an existing integration). Read reports such a response as
//! gone, so the next plan shows it "will be created".

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_apigateway::operation::put_integration_response::builders::PutIntegrationResponseFluentBuilder;
use aws_sdk_apigateway::types::ContentHandlingStrategy;

use crate::aws::{Aws, AwsError, not_found_as_none, retry};
use crate::diag::Diagnostics;
use crate::schema::validators::one_of;
use crate::schema::{Attribute, Block, Schema};
use crate::tfvalue::Value;

use super::checks::{self, CONTENT_HANDLING};
use super::keys::ResponseKey;
use super::{Resource, map_state, non_empty, string_map, string_state};

const OBJECT: &str = "Integration Response";

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
                    "`agir-REST-API-ID-RESOURCE-ID-HTTP-METHOD-STATUS-CODE`, the official \
                        provider's format. Known at plan time whenever the four identifying \
                        arguments are.",
                )
                .computed()
                .use_state_for_unknown(),
            )
            .attribute(
                Attribute::string(
                    "rest_api_id",
                    "Id of the REST API. Changing it replaces the integration response.",
                )
                .required()
                .requires_replace(),
            )
            .attribute(
                Attribute::string(
                    "resource_id",
                    "Id of the resource (path) the method belongs to. Changing it replaces \
                    the integration response.",
                )
                .required()
                .requires_replace(),
            )
            .attribute(
                Attribute::string(
                    "http_method",
                    "HTTP method of the method: `GET`, `PUT`, `POST`, `DELETE`, `PATCH`, \
                        `OPTIONS`, `HEAD` or `ANY`. Changing it replaces the integration \
                        response.",
                )
                .required()
                .requires_replace()
                .validator(&checks::HTTP_METHOD),
            )
            .attribute(
                Attribute::string(
                    "status_code",
                    "Status code of the method response this integration response produces, a \
                        three-digit code from `100` to `599` (`[1-5]\\d\\d`); a method response \
                        with this status code must exist. Changing it replaces the integration \
                        response (the old one is deleted).",
                )
                .required()
                .requires_replace()
                .validator(&checks::STATUS_CODE),
            )
            .attribute(Attribute::string(
                "selection_pattern",
                "Regular expression that selects this response: matched against the \
                    backend's HTTP status code for HTTP and AWS integrations (and the status \
                    code a MOCK integration's request template chooses), or against the \
                    error message for Lambda. Unset or `\"\"` makes this the default \
                    response, used when no other pattern matches; give each method one \
                    default response.",
            ))
            .attribute(
                Attribute::string_map(
                    "response_templates",
                    "Mapping templates that transform the integration's response body, by \
                        content type. Keys are media types of the form `type/subtype` (e.g. \
                        `application/json`). An empty template `\"\"` is allowed and kept as \
                        written.",
                )
                .validator(&checks::CONTENT_TYPE_KEYS),
            )
            .attribute(
                Attribute::string_map(
                    "response_parameters",
                    "Method response headers to set. Keys are `method.response.header.NAME`; \
                        values are `integration.response.header.NAME`, \
                        `integration.response.multivalueheader.NAME`, \
                        `integration.response.body` or `integration.response.body.JSONPath`, \
                        `context.VAR`, `stageVariables.VAR`, or a static value in single quotes \
                        such as `'*'`. The header must be declared in the method response's \
                        `response_parameters`.",
                )
                .validator(&checks::METHOD_RESPONSE_PARAMETER_KEYS)
                .validator(&checks::INTEGRATION_RESPONSE_PARAMETER_VALUES),
            )
            .attribute(
                Attribute::string(
                    "content_handling",
                    "Converts the response payload: `CONVERT_TO_BINARY` (base64-encoded text \
                        to binary) or `CONVERT_TO_TEXT` (binary to base64-encoded text). Unset \
                        passes the payload through unchanged.",
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
        if let Ok(key) = ResponseKey::from_state(planned) {
            planned.set("id", Value::from(key.integration_response_id()));
        }
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        // PutIntegrationResponse is an upsert: AWS answers no "already exists" conflict (unlike
        // PutMethod), so an interrupted apply that is re-run simply writes the same object again.
        put(aws, planned, "Creating").await
    }

    async fn read(&self, aws: &Aws, state_in: &Value) -> Result<Option<Value>, Diagnostics> {
        let key = ResponseKey::from_state(state_in)?;
        find(aws, &key, state_in).await
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
        let key = ResponseKey::from_state(state_in)?;
        let method = &key.method;
        // Already gone (possibly with its integration, method or API) is what a delete wants.
        retry::delete(aws, OBJECT, &key.to_string(), || async {
            aws.client
                .delete_integration_response()
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
        let key = ResponseKey::from_import_id(self.type_name(), id)?;
        Ok(Value::object(key.attributes(key.integration_response_id())))
    }
}

/// The integration response as a state (`reference` decides how "empty" is spelled, see
/// [`state`]), or `None` when it no longer exists. From the API's read snapshot when snapshots
/// are on (one `GetResources?embed=methods` for every integration response of the API during
/// a refresh, see [`crate::aws::cache`]; it carries every attribute this resource reads), else
/// GetIntegrationResponse. API Gateway deletes an integration's responses with it, so a
/// response is also gone when its integration, method, resource or API is.
async fn find(
    aws: &Aws,
    key: &ResponseKey,
    reference: &Value,
) -> Result<Option<Value>, Diagnostics> {
    let method = &key.method;
    let fields = if aws.cache.enabled() {
        method.snapshot_method(aws).await.map(|found| {
            let responses = found?.method_integration?.integration_responses?;
            Some(fields!(responses.get(&key.status_code)?))
        })
    } else {
        let result = aws
            .client
            .get_integration_response()
            .rest_api_id(&method.rest_api_id)
            .resource_id(&method.resource_id)
            .http_method(&method.http_method)
            .status_code(&key.status_code)
            .send()
            .await
            .map_err(AwsError::from);
        // NotFound: "Invalid Response status code specified", "Invalid Integration identifier
        // specified", "Invalid Method identifier specified", "Invalid Resource identifier
        // specified" or "Invalid Rest API Id specified".
        not_found_as_none(result).map(|out| out.map(|o| fields!(o)))
    };
    fields
        .map(|found| found.map(|f| state(key, f, reference)))
        .map_err(|e| e.diagnostic("Reading", OBJECT, &key.to_string()).into())
}

/// Writes the planned object with one PutIntegrationResponse and returns the new state built
/// from AWS's answer (which is the whole stored object; no Get needed).
async fn put(aws: &Aws, planned: &Value, action: &str) -> Result<Value, Diagnostics> {
    let key = ResponseKey::from_state(planned)?;
    let out = retry::on_conflict(aws, || async {
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
fn put_request(
    aws: &Aws,
    key: &ResponseKey,
    planned: &Value,
) -> PutIntegrationResponseFluentBuilder {
    aws.client
        .put_integration_response()
        .rest_api_id(&key.method.rest_api_id)
        .resource_id(&key.method.resource_id)
        .http_method(&key.method.http_method)
        .status_code(&key.status_code)
        // `""` and unset both mean "the default response"; AWS is never sent an empty pattern
        // (as the official provider never sends one), and the state keeps the user's spelling.
        .set_selection_pattern(non_empty(planned.get("selection_pattern")))
        .set_response_templates(string_map(planned.get("response_templates")))
        .set_response_parameters(string_map(planned.get("response_parameters")))
        .set_content_handling(
            planned
                .get("content_handling")
                .as_str()
                .map(ContentHandlingStrategy::from),
        )
}

/// The attributes of an integration response as AWS answers them.
#[derive(Debug, Default)]
struct Fields {
    selection_pattern: Option<String>,
    response_templates: Option<HashMap<String, String>>,
    response_parameters: Option<HashMap<String, String>>,
    content_handling: Option<String>,
}

/// Copies the fields out of a Put or Get answer or the snapshot's item (SDK types with the
/// same accessors).
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
fn state(key: &ResponseKey, fields: Fields, reference: &Value) -> Value {
    let attributes = [
        (
            "selection_pattern",
            string_state(fields.selection_pattern, reference.get("selection_pattern")),
        ),
        (
            "response_templates",
            map_state(
                fields.response_templates.as_ref(),
                reference.get("response_templates"),
            ),
        ),
        (
            "response_parameters",
            map_state(
                fields.response_parameters.as_ref(),
                reference.get("response_parameters"),
            ),
        ),
        (
            "content_handling",
            Value::opt_string(fields.content_handling),
        ),
    ];
    Value::object(
        key.attributes(key.integration_response_id())
            .into_iter()
            .chain(attributes),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::keys::MethodKey;
    use crate::resources::testing::{
        self, Answer, api, api_with_snapshots, assert_one_snapshot_load, requests, strings,
    };
    use crate::schema::plan::plan;
    use crate::schema::validate::validate_config;

    fn key() -> ResponseKey {
        ResponseKey {
            method: MethodKey {
                rest_api_id: "api1".into(),
                resource_id: "res1".into(),
                http_method: "GET".into(),
            },
            status_code: "200".into(),
        }
    }

    /// A full object of this schema with `pairs` set and everything else null.
    fn object(pairs: &[(&str, Value)]) -> Value {
        testing::object(&IntegrationResponse, pairs)
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
        assert_eq!(key().integration_response_id(), "agir-api1-res1-GET-200");
        assert_eq!(key().to_string(), "api1/res1/GET/200");
    }

    #[test]
    fn import_takes_four_parts_and_fills_the_identity() {
        let v = IntegrationResponse.import("api1/res1/GET/200").unwrap();
        assert_eq!(ResponseKey::from_state(&v).unwrap(), key());
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
                d[0].detail.contains(ResponseKey::IMPORT_FORMAT),
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
            ("response_templates", strings(&[("application/json", "")])),
            (
                "response_parameters",
                strings(&[(
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
            ("response_templates", strings(&[])),
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
            ("response_templates", strings(&[("application/json", "")])),
            ("response_parameters", strings(&[])),
        ]);
        let s = state(&key(), aws_answer(), &planned);
        assert_eq!(s.get("selection_pattern"), &Value::from(""));
        assert_eq!(
            s.get("response_templates"),
            &strings(&[("application/json", "")])
        );
        assert_eq!(s.get("response_parameters"), &strings(&[]));
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
        config.set("response_templates", strings(&[("application/json", "")]));
        config.set("selection_pattern", "".into());
        config.set(
            "response_parameters",
            strings(&[("method.response.header.A", "'*'")]),
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
        bad.set("response_templates", strings(&[("json", "")]));
        bad.set(
            "response_parameters",
            strings(&[
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
            strings(&[
                ("application/json", ""),
                ("text/html; charset=utf-8", "<p/>"),
            ]),
        );
        ok.set(
            "response_parameters",
            strings(&[
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

    const PATH: &str = "/restapis/api1/resources/res1/methods/GET/integration/responses/200";
    /// GetResources?embed=methods as LocalStack answers it for the API of [`key`]: GET has an
    /// integration with two responses (the empty template as JSON `null`), POST a method
    /// response but no integration.
    const RESOURCES: &str = r##"{"item":[{"id":"root","path":"/"},{"id":"res1","parentId":"root","pathPart":"items","path":"/items","resourceMethods":{"GET":{"httpMethod":"GET","authorizationType":"NONE","methodResponses":{"200":{"statusCode":"200"},"500":{"statusCode":"500"}},"methodIntegration":{"type":"MOCK","integrationResponses":{"200":{"statusCode":"200","responseParameters":{"method.response.header.X-A":"'*'"},"responseTemplates":{"application/json":null,"text/plain":"#set($a = 1)"},"contentHandling":"CONVERT_TO_TEXT"},"500":{"statusCode":"500","selectionPattern":"5\\d{2}"}}}},"POST":{"httpMethod":"POST","authorizationType":"NONE","methodResponses":{"200":{"statusCode":"200"}}}}}]}"##;
    /// GetIntegrationResponse for the 200 response of [`RESOURCES`].
    const RESPONSE_200: &str = r##"{"statusCode":"200","selectionPattern":"","responseParameters":{"method.response.header.X-A":"'*'"},"responseTemplates":{"application/json":null,"text/plain":"#set($a = 1)"},"contentHandling":"CONVERT_TO_TEXT"}"##;

    /// The state of the 200 response of [`RESOURCES`], read after an import.
    fn imported_200() -> Value {
        let mut expected = IntegrationResponse.import("api1/res1/GET/200").unwrap();
        for (name, value) in [
            ("selection_pattern", Value::Null),
            (
                "response_templates",
                strings(&[("application/json", ""), ("text/plain", "#set($a = 1)")]),
            ),
            (
                "response_parameters",
                strings(&[("method.response.header.X-A", "'*'")]),
            ),
            ("content_handling", "CONVERT_TO_TEXT".into()),
        ] {
            expected.set(name, value);
        }
        expected
    }

    #[tokio::test]
    async fn reads_during_a_refresh_share_one_snapshot_of_the_api() {
        let (aws, log) = api_with_snapshots(vec![(200, None, RESOURCES)]).await;
        let imported = IntegrationResponse.import("api1/res1/GET/200").unwrap();
        let state = IntegrationResponse.read(&aws, &imported).await.unwrap();
        assert_eq!(state, Some(imported_200()));
        let other = IntegrationResponse.import("api1/res1/GET/500").unwrap();
        let state = IntegrationResponse
            .read(&aws, &other)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(state.get("selection_pattern").as_str(), Some("5\\d{2}"));
        assert_eq!(state.get("response_templates"), &Value::Null);
        assert_eq!(state.get("content_handling"), &Value::Null);
        // Gone: a status code without an integration response, a method without an
        // integration, a method and a resource that do not exist.
        for id in [
            "api1/res1/GET/404",
            "api1/res1/POST/200",
            "api1/res1/PUT/200",
            "api1/res2/GET/200",
        ] {
            let gone = IntegrationResponse.import(id).unwrap();
            assert_eq!(
                IntegrationResponse.read(&aws, &gone).await.unwrap(),
                None,
                "{id}"
            );
        }
        assert_one_snapshot_load(&log, "api1");
    }

    #[tokio::test]
    async fn without_snapshots_a_read_is_one_get_with_the_same_state() {
        let (aws, log) = api(vec![(200, None, RESPONSE_200)]).await;
        let imported = IntegrationResponse.import("api1/res1/GET/200").unwrap();
        let state = IntegrationResponse.read(&aws, &imported).await.unwrap();
        assert_eq!(state, Some(imported_200()));
        assert_eq!(requests(&log), [format!("GET {PATH}")]);
    }

    #[tokio::test]
    async fn a_vanished_response_reads_as_none_and_deletes_as_done() {
        let gone: Answer = (
            404,
            Some("NotFoundException"),
            r#"{"message":"Invalid Response status code specified"}"#,
        );
        let (aws, log) = api(vec![gone, gone]).await;
        let imported = IntegrationResponse.import("api1/res1/GET/200").unwrap();
        assert_eq!(
            IntegrationResponse.read(&aws, &imported).await.unwrap(),
            None
        );
        IntegrationResponse.delete(&aws, &imported).await.unwrap();
        assert_eq!(
            requests(&log),
            [format!("GET {PATH}"), format!("DELETE {PATH}")]
        );
    }

    #[tokio::test]
    async fn a_refresh_of_a_deleted_api_finds_nothing() {
        let (aws, _) = api_with_snapshots(vec![(
            404,
            Some("NotFoundException"),
            r#"{"message":"Invalid Rest API Id specified"}"#,
        )])
        .await;
        let imported = IntegrationResponse.import("api1/res1/GET/200").unwrap();
        assert_eq!(
            IntegrationResponse.read(&aws, &imported).await.unwrap(),
            None
        );
    }
}
