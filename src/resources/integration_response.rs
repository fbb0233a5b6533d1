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

use async_trait::async_trait;
use aws_sdk_apigateway::operation::get_integration_response::GetIntegrationResponseOutput;
use aws_sdk_apigateway::operation::put_integration_response::PutIntegrationResponseOutput;
use aws_sdk_apigateway::operation::put_integration_response::builders::PutIntegrationResponseFluentBuilder;
use aws_sdk_apigateway::types::{ContentHandlingStrategy, IntegrationResponse as Item};

use crate::aws::{Aws, AwsError};

use super::checks::{self, CONTENT_HANDLING};
use super::decl::{
    Decl, Declared, Field, Identity, Input, Sdk, Seen, Str, StrMap, Update, aws, fields, set,
};
use super::keys::{ResponseKey, WithKey};
use crate::schema::validators::{OneOf, one_of};

/// The `apigateway_integration_response` resource type.
#[derive(Debug)]
pub struct IntegrationResponse;

impl Sdk for IntegrationResponse {
    type Create = PutIntegrationResponseFluentBuilder;
    type Created = PutIntegrationResponseOutput;
    type Got = GetIntegrationResponseOutput;
    type Updated = PutIntegrationResponseOutput;
    type Item = Item;
}

const CONTENT_HANDLING_VALUES: OneOf = one_of(CONTENT_HANDLING);

fields! { IntegrationResponse;
    // `""` and unset both mean "the default response"; AWS is never sent an empty pattern (as
    // the official provider never sends one), and the state keeps the user's spelling.
    SELECTION_PATTERN: Str = Field::new(
        "selection_pattern",
        "Regular expression that selects this response: matched against the backend's HTTP \
         status code for HTTP and AWS integrations (and the status code a MOCK integration's \
         request template chooses), or against the error message for Lambda. Unset or `\"\"` \
         makes this the default response, used when no other pattern matches; give each method \
         one default response.",
    )
    .aws(aws!(selection_pattern), set!(set_selection_pattern)),
    RESPONSE_TEMPLATES: StrMap = Field::new(
        "response_templates",
        "Mapping templates that transform the integration's response body, by content type. An \
         empty template `\"\"` is allowed and kept as written.",
    )
    .validators(&[&checks::CONTENT_TYPE_KEYS])
    .aws(aws!(response_templates), set!(set_response_templates)),
    RESPONSE_PARAMETERS: StrMap = Field::new(
        "response_parameters",
        "Method response headers to set, by `method.response.header.NAME`. The header must be \
         declared in the method response's `response_parameters`.",
    )
    .validators(&[&checks::METHOD_RESPONSE_PARAMETER_KEYS, &checks::INTEGRATION_RESPONSE_PARAMETER_VALUES])
    .aws(aws!(response_parameters), set!(set_response_parameters)),
    CONTENT_HANDLING_FIELD: Str = Field::new(
        "content_handling",
        "Converts the response payload: `CONVERT_TO_BINARY` (base64-encoded text to binary) or \
         `CONVERT_TO_TEXT` (binary to base64-encoded text). Unset passes the payload through \
         unchanged.",
    )
    .validators(&[&CONTENT_HANDLING_VALUES])
    .aws(aws!(|o| o.content_handling().map(ContentHandlingStrategy::as_str)), set!(set_content_handling)),
}

#[async_trait]
impl Declared for IntegrationResponse {
    const TYPE_NAME: &'static str = "apigateway_integration_response";
    const OBJECT: &'static str = "Integration Response";
    const DESCRIPTION: &'static str = "How the answer of a method's integration is turned into the \
        method's response for one status code: which backend answers select it \
        (`selection_pattern`), which response headers it sets and how it transforms the body.";
    type Key = ResponseKey;
    type Parent = ResponseKey;
    const IDENTITY: Identity<ResponseKey> = Identity::Named {
        id: ResponseKey::integration_response_id,
        doc: "`agir-REST-API-ID-RESOURCE-ID-HTTP-METHOD-STATUS-CODE`, the official provider's \
              format. Known at plan time whenever the four identifying arguments are.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    // PutIntegrationResponse is an upsert that replaces the whole object (AWS answers no
    // "already exists", so a re-run apply simply writes the same object again).
    const UPDATE: Update = Update::Put;
    const PUBLISHED: bool = true;
    // AWS's NotFound text ("Invalid Integration identifier specified", ...) does not say what to do.
    const MISSING_PARENT_HINT: &'static str = " An integration response needs the method, the \
        method's integration and a method response with the same status code to exist first. \
        Reference them from this resource (or add `depends_on`) so Terraform creates them before it.";

    async fn call_create(
        &self,
        aws: &Aws,
        key: &ResponseKey,
        input: Input<'_, Self>,
    ) -> Result<PutIntegrationResponseOutput, AwsError> {
        Ok(input
            .fill(aws.client.put_integration_response().key(key))
            .send()
            .await?)
    }

    async fn call_get(
        &self,
        aws: &Aws,
        key: &ResponseKey,
    ) -> Result<GetIntegrationResponseOutput, AwsError> {
        Ok(aws
            .client
            .get_integration_response()
            .key(key)
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &ResponseKey) -> Result<(), AwsError> {
        aws.client
            .delete_integration_response()
            .key(key)
            .send()
            .await?;
        Ok(())
    }

    // API Gateway deletes an integration's responses with it, so a response is also gone when
    // its integration, method, resource or API is.
    async fn snapshot(&self, aws: &Aws, key: &ResponseKey) -> Result<Seen<Item>, AwsError> {
        let method = key.method.snapshot_method(aws).await?;
        Ok(Seen::from(method.and_then(|m| {
            m.method_integration?
                .integration_responses?
                .remove(&key.status_code)
        })))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use aws_sdk_apigateway::types::ContentHandlingStrategy;

    use super::*;
    use crate::diag::Diagnostics;
    use crate::resources::Resource;
    use crate::resources::decl;
    use crate::resources::keys::{Key, MethodKey};
    use crate::resources::testing::{
        self, Answer, api, api_with_snapshots, assert_one_snapshot_load, requests, strings,
    };
    use crate::schema::plan::plan;
    use crate::schema::validate::validate_config;
    use crate::tfvalue::Value;

    /// The attributes of an integration response as AWS answers them.
    struct Fields {
        selection_pattern: Option<String>,
        response_templates: Option<HashMap<String, String>>,
        response_parameters: Option<HashMap<String, String>>,
        content_handling: Option<String>,
    }

    /// The state from AWS's answer `fields` for `key`, with `reference` deciding the spelling
    /// of "empty".
    fn state(key: &ResponseKey, fields: Fields, reference: &Value) -> Value {
        let item = Item::builder()
            .status_code(&key.status_code)
            .set_selection_pattern(fields.selection_pattern)
            .set_response_templates(fields.response_templates)
            .set_response_parameters(fields.response_parameters)
            .set_content_handling(
                fields
                    .content_handling
                    .as_deref()
                    .map(ContentHandlingStrategy::from),
            )
            .build();
        let mut reference = match reference {
            Value::Object(_) => reference.clone(),
            _ => Value::object(key.identity()),
        };
        for (name, value) in key.identity() {
            reference.set(name, value);
        }
        decl::state(&IntegrationResponse, &decl::Answer::Item(&item), &reference)
    }

    /// The PutIntegrationResponse request for the planned object.
    fn put_request(
        aws: &Aws,
        key: &ResponseKey,
        planned: &Value,
    ) -> PutIntegrationResponseFluentBuilder {
        decl::input::<IntegrationResponse>(planned)
            .fill(aws.client.put_integration_response().key(key))
    }

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
