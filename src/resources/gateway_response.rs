//! `apigateway_gateway_response`: the customisation of one of a REST API's gateway responses
//! (what API Gateway answers itself, without reaching an integration: 401, 403, 429, ...).
//!
//! Calls: PutGatewayResponse (create and update: an upsert that replaces the whole
//! customisation), GetGatewayResponse (or, during a refresh, the API's GetGatewayResponses
//! snapshot), DeleteGatewayResponse (resets the type to its default).
//! State `id`: `aggr-REST-API-ID-RESPONSE-TYPE`; import ID `REST-API-ID/RESPONSE-TYPE`.
//!
//! Every response type always exists in API Gateway. One that was never customised (or was
//! reset by DeleteGatewayResponse) answers GetGatewayResponse with `defaultResponse: true`;
//! this resource treats that as "gone", so an out-of-band reset shows as a recreate.
//!
//! AWS fills what a Put leaves out: the type's own status code and the template
//! `{"application/json": "{\"message\":$context.error.messageString}"}`. Both attributes are
//! therefore optional + computed, and when the configuration leaves them out the plan shows
//! those AWS defaults (known at plan time, from the response type) and the Put sends them
//! explicitly. The state then always equals what AWS holds, a removed attribute goes back to
//! the default, and drift on an unconfigured attribute still shows.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_apigateway::types::GatewayResponseType;

use crate::aws::{Aws, AwsError, not_found_as_none, retry};
use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::validators::one_of;
use crate::schema::{Attribute, Block, Schema};
use crate::tfvalue::Value;

use super::{Resource, bad_import_id, checks, import_parts, map_state, required_str};

const OBJECT: &str = "Gateway Response";
const TYPE_NAME: &str = "apigateway_gateway_response";
const IMPORT_FORMAT: &str = "REST-API-ID/RESPONSE-TYPE";
const IMPORT_EXAMPLE: &str = "a1b2c3d4e5/UNAUTHORIZED";

/// The media type of the template AWS adds when a Put sends none.
pub const DEFAULT_TEMPLATE_TYPE: &str = "application/json";
/// The template AWS adds when a Put sends none (the same for every response type).
pub const DEFAULT_TEMPLATE: &str = r#"{"message":$context.error.messageString}"#;

/// The `apigateway_gateway_response` resource type.
#[derive(Debug)]
pub struct GatewayResponse;

#[async_trait]
impl Resource for GatewayResponse {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new(
                "The customisation of one gateway response of an API Gateway REST API: the status code, \
                 headers and body API Gateway sends when it answers a request itself (for example a \
                 missing API key or a throttled request). Destroying it resets the type to AWS's default.",
            )
            .attribute(
                Attribute::string("id", "The gateway response's id, `aggr-REST-API-ID-RESPONSE-TYPE` (the format \
                    of the hashicorp/aws provider). It is derived from the arguments, so it \
                    is known at plan time whenever they are.")
                    .computed()
                    .use_state_for_unknown(),
            )
            .attribute(
                Attribute::string("rest_api_id", "Id of the REST API. Changing it replaces the gateway response: the old \
                    API's type is reset to its default and the new API's customised.")
                    .required()
                    .requires_replace(),
            )
            .attribute(
                Attribute::string("response_type", "The response type to customise, one of `DEFAULT_4XX`, `DEFAULT_5XX`, \
                    `RESOURCE_NOT_FOUND`, `UNAUTHORIZED`, `INVALID_API_KEY`, \
                    `ACCESS_DENIED`, `AUTHORIZER_FAILURE`, `AUTHORIZER_CONFIGURATION_ERROR`, \
                    `INVALID_SIGNATURE`, `EXPIRED_TOKEN`, `MISSING_AUTHENTICATION_TOKEN`, \
                    `INTEGRATION_FAILURE`, `INTEGRATION_TIMEOUT`, `API_CONFIGURATION_ERROR`, \
                    `UNSUPPORTED_MEDIA_TYPE`, `BAD_REQUEST_PARAMETERS`, `BAD_REQUEST_BODY`, \
                    `REQUEST_TOO_LARGE`, `THROTTLED`, `QUOTA_EXCEEDED` or `WAF_FILTERED` \
                    (upper case, checked at plan time). Changing it replaces the gateway \
                    response: the old type is reset to its default and the new one \
                    customised.")
                    .required()
                    .requires_replace()
                    .validator(one_of(checks::RESPONSE_TYPES)),
            )
            .attribute(
                Attribute::string(
                    "status_code",
                    "The HTTP status code of the response, a three-digit code from `100` to \
                        `599` (AWS's pattern `[1-5]\\d\\d`). Changed in place. When unset, the \
                        type's own status code, which the plan shows: `400` for \
                        `BAD_REQUEST_PARAMETERS` and `BAD_REQUEST_BODY`; `401` for \
                        `UNAUTHORIZED`; `403` for `INVALID_API_KEY`, `ACCESS_DENIED`, \
                        `INVALID_SIGNATURE`, `EXPIRED_TOKEN`, `MISSING_AUTHENTICATION_TOKEN` and \
                        `WAF_FILTERED`; `404` for `RESOURCE_NOT_FOUND`; `413` for \
                        `REQUEST_TOO_LARGE`; `415` for `UNSUPPORTED_MEDIA_TYPE`; `429` for \
                        `THROTTLED` and `QUOTA_EXCEEDED`; `500` for `AUTHORIZER_FAILURE`, \
                        `AUTHORIZER_CONFIGURATION_ERROR` and `API_CONFIGURATION_ERROR`; `504` \
                        for `INTEGRATION_FAILURE` and `INTEGRATION_TIMEOUT`; none for \
                        `DEFAULT_4XX` and `DEFAULT_5XX`.",
                )
                .optional_computed()
                .validator(&checks::STATUS_CODE),
            )
            .attribute(
                Attribute::string_map(
                    "response_templates",
                    "Mapping templates of the response body, by media type, e.g. `{ \
                        \"application/json\" = \
                        \"{\\\"message\\\":$context.error.messageString}\" }`. Keys must be \
                        media types `type/subtype` (parameters such as `; charset=utf-8` are \
                        allowed). Changed in place. When unset, AWS's default template `{ \
                        \"application/json\" = \
                        \"{\\\"message\\\":$context.error.messageString}\" }`, which the plan \
                        shows.",
                )
                .optional_computed()
                .validator(&checks::CONTENT_TYPE_KEYS),
            )
            .attribute(
                Attribute::string_map(
                    "response_parameters",
                    "Headers, query strings and path parameters of the response. Keys are \
                        `gatewayresponse.header.NAME`, `gatewayresponse.querystring.NAME` or \
                        `gatewayresponse.path.NAME`; values are a quoted static value such as \
                        `\"'*'\"`, a request parameter \
                        `method.request.{header|querystring|path|multivalueheader|multivaluequerystring}.NAME`, \
                        `context.NAME` or `stageVariables.NAME`. Both are checked at plan time. \
                        Changed in place.",
                )
                .validator(&checks::GATEWAY_RESPONSE_PARAMETER_KEYS)
                .validator(&checks::GATEWAY_RESPONSE_PARAMETER_VALUES),
            ),
        )
    }

    fn modify_plan(
        &self,
        _prior: &Value,
        config: &Value,
        planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
        // The id is derived from the identity, so it is known whenever the identity is.
        if let (Some(api), Some(kind)) = (
            planned.get("rest_api_id").as_str(),
            planned.get("response_type").as_str(),
        ) {
            let id = state_id(api, kind);
            planned.set("id", Value::from(id));
        } else {
            // An identity known only after apply also forces a replacement.
            planned.set("id", Value::Unknown);
        }
        // Unset attributes plan AWS's defaults (see the module docs): a second plan is clean,
        // a removed value goes back to the default, and drift still shows.
        if config.get("status_code").is_null() {
            let status = match planned.get("response_type") {
                Value::String(kind) => Value::opt_string(default_status_code(kind)),
                _ => Value::Unknown,
            };
            planned.set("status_code", status);
        }
        if config.get("response_templates").is_null() {
            planned.set("response_templates", default_templates());
        }
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        // PutGatewayResponse is an upsert: it never answers "already exists", so there is
        // nothing to adopt, and a re-run of an interrupted apply simply writes it again.
        put(aws, planned, "Creating").await
    }

    async fn read(&self, aws: &Aws, state_in: &Value) -> Result<Option<Value>, Diagnostics> {
        let api = required_str(state_in, "rest_api_id")?;
        let kind = required_str(state_in, "response_type")?;
        find(aws, api, kind, state_in).await
    }

    async fn update(
        &self,
        aws: &Aws,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        // UpdateGatewayResponse cannot add or remove a status code ("Invalid patch path
        // /statusCode"), while a Put replaces the whole customisation with the plan.
        put(aws, planned, "Updating").await
    }

    async fn delete(&self, aws: &Aws, state_in: &Value) -> Result<(), Diagnostics> {
        let api = required_str(state_in, "rest_api_id")?;
        let kind = required_str(state_in, "response_type")?;
        // NotFound: "Gateway response type not defined on api" (already the default) or
        // "Invalid API identifier specified" (the API is gone).
        retry::delete(aws, OBJECT, &import_id(api, kind), || async {
            aws.client
                .delete_gateway_response()
                .rest_api_id(api)
                .response_type(GatewayResponseType::from(kind))
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await?;
        Ok(())
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let [api, kind] = import_parts::<2>(TYPE_NAME, id, IMPORT_FORMAT, IMPORT_EXAMPLE)?;
        if !checks::RESPONSE_TYPES.contains(&kind) {
            let mut diags = bad_import_id(TYPE_NAME, id, None, IMPORT_FORMAT, IMPORT_EXAMPLE);
            diags.push(Diagnostic::error(
                "Unknown gateway response type",
                format!(
                    "{kind:?} is not a gateway response type. Allowed: {}.",
                    checks::RESPONSE_TYPES.join(", ")
                ),
            ));
            return Err(diags);
        }
        Ok(Value::object([
            ("id", Value::from(state_id(api, kind))),
            ("rest_api_id", Value::from(api)),
            ("response_type", Value::from(kind)),
        ]))
    }
}

/// The customisation as a state, or `None` when the type is AWS's default (never customised,
/// or reset) or the API is gone. From the API's read snapshot when snapshots are on (one
/// GetGatewayResponses for all 21 types during a refresh, see [`crate::aws::cache`]), else
/// GetGatewayResponse.
async fn find(
    aws: &Aws,
    api: &str,
    kind: &str,
    reference: &Value,
) -> Result<Option<Value>, Diagnostics> {
    let reading = |e: AwsError| -> Diagnostics {
        e.diagnostic("Reading", OBJECT, &import_id(api, kind))
            .into()
    };
    // NotFound ("Invalid API identifier specified ...") means the REST API, and with it the
    // customisation, is gone. Every type always exists; an uncustomised one is AWS's default,
    // not ours.
    if aws.cache.enabled() {
        let all = not_found_as_none(aws.cache.gateway_responses(&aws.client, api).await)
            .map_err(reading)?;
        return Ok(all
            .as_deref()
            .into_iter()
            .flatten()
            .find(|r| r.response_type().map(GatewayResponseType::as_str) == Some(kind))
            .filter(|r| !r.default_response())
            .map(|r| state(api, kind, &answer!(r), reference)));
    }
    let result = aws
        .client
        .get_gateway_response()
        .rest_api_id(api)
        .response_type(GatewayResponseType::from(kind))
        .send()
        .await
        .map_err(AwsError::from);
    Ok(not_found_as_none(result)
        .map_err(reading)?
        .filter(|out| !out.default_response())
        .map(|out| state(api, kind, &answer!(out), reference)))
}

/// PutGatewayResponse with the whole planned object; the answer is the new state.
async fn put(aws: &Aws, planned: &Value, action: &str) -> Result<Value, Diagnostics> {
    let api = required_str(planned, "rest_api_id")?;
    let kind = required_str(planned, "response_type")?;
    let request = PutRequest::from_plan(planned);
    let out = retry::on_conflict(aws, || async {
        aws.client
            .put_gateway_response()
            .rest_api_id(api)
            .response_type(GatewayResponseType::from(kind))
            .set_status_code(request.status_code.clone())
            .set_response_parameters(request.response_parameters.clone())
            .set_response_templates(request.response_templates.clone())
            .send()
            .await
            .map_err(AwsError::from)
    })
    .await
    .map_err(|e| e.diagnostic(action, OBJECT, &import_id(api, kind)))?;
    Ok(state(api, kind, &answer!(out), planned))
}

/// What a PutGatewayResponse sends for a plan: every known value; empty maps as absent (AWS
/// treats both alike: no parameters, the default template).
#[derive(Debug, Default, PartialEq)]
struct PutRequest {
    status_code: Option<String>,
    response_parameters: Option<HashMap<String, String>>,
    response_templates: Option<HashMap<String, String>>,
}

impl PutRequest {
    fn from_plan(planned: &Value) -> Self {
        let map = |name: &str| {
            planned
                .get(name)
                .to_string_map()
                .filter(|m| !m.is_empty())
                .map(|m| m.into_iter().collect::<HashMap<_, _>>())
        };
        Self {
            status_code: planned.get("status_code").as_str().map(str::to_owned),
            response_parameters: map("response_parameters"),
            response_templates: map("response_templates"),
        }
    }
}

/// The parts of a Put or Get answer that become state.
#[derive(Debug, Clone, Copy)]
struct Answer<'a> {
    status_code: Option<&'a str>,
    response_parameters: Option<&'a HashMap<String, String>>,
    response_templates: Option<&'a HashMap<String, String>>,
}

/// The [`Answer`] in a Put or Get answer or the snapshot's item (SDK types with the same
/// accessors).
macro_rules! answer {
    ($out:expr) => {{
        let out = &$out;
        Answer {
            status_code: out.status_code(),
            response_parameters: out.response_parameters(),
            response_templates: out.response_templates(),
        }
    }};
}
use answer;

/// The state from an answer. `reference` (the plan, or the prior state on a read) decides
/// what AWS cannot tell: whether "no parameters" was written `{}` or left out, and whether
/// templates holding only AWS's default were written `{}`.
fn state(api: &str, kind: &str, answer: &Answer<'_>, reference: &Value) -> Value {
    // LocalStack answers `"statusCode": ""` after a status code was removed from DEFAULT_4XX;
    // an empty code means none.
    let status = answer.status_code.filter(|s| !s.is_empty());
    let templates = match (
        answer.response_templates,
        reference.get("response_templates"),
    ) {
        (Some(t), Value::Map(r)) if r.is_empty() && is_default_templates(t) => {
            Value::Map(Default::default())
        }
        (t, r) => map_state(t, r),
    };
    Value::object([
        ("id", Value::from(state_id(api, kind))),
        ("rest_api_id", Value::from(api)),
        ("response_type", Value::from(kind)),
        ("status_code", Value::opt_string(status)),
        ("response_templates", templates),
        (
            "response_parameters",
            map_state(
                answer.response_parameters,
                reference.get("response_parameters"),
            ),
        ),
    ])
}

/// `aggr-API-TYPE`, the official provider's state id.
fn state_id(api: &str, kind: &str) -> String {
    format!("aggr-{api}-{kind}")
}

/// `API/TYPE`, the import ID; also how diagnostics name the object.
fn import_id(api: &str, kind: &str) -> String {
    format!("{api}/{kind}")
}

/// The status code AWS gives a response type when none is set (AWS's table of gateway
/// response types; `DEFAULT_4XX` and `DEFAULT_5XX` have none).
pub fn default_status_code(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "BAD_REQUEST_PARAMETERS" | "BAD_REQUEST_BODY" => "400",
        "UNAUTHORIZED" => "401",
        "INVALID_API_KEY"
        | "ACCESS_DENIED"
        | "INVALID_SIGNATURE"
        | "EXPIRED_TOKEN"
        | "MISSING_AUTHENTICATION_TOKEN"
        | "WAF_FILTERED" => "403",
        "RESOURCE_NOT_FOUND" => "404",
        "REQUEST_TOO_LARGE" => "413",
        "UNSUPPORTED_MEDIA_TYPE" => "415",
        "THROTTLED" | "QUOTA_EXCEEDED" => "429",
        "AUTHORIZER_FAILURE" | "AUTHORIZER_CONFIGURATION_ERROR" | "API_CONFIGURATION_ERROR" => {
            "500"
        }
        "INTEGRATION_FAILURE" | "INTEGRATION_TIMEOUT" => "504",
        _ => return None,
    })
}

/// AWS's default templates as a state value.
fn default_templates() -> Value {
    Value::string_map(Some([(DEFAULT_TEMPLATE_TYPE, DEFAULT_TEMPLATE)]))
}

/// Whether `templates` is exactly what AWS fills in when a Put sends none.
fn is_default_templates(templates: &HashMap<String, String>) -> bool {
    templates.len() == 1
        && templates
            .get(DEFAULT_TEMPLATE_TYPE)
            .is_some_and(|t| t == DEFAULT_TEMPLATE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::plan::plan;
    use crate::schema::validate::validate_config;

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn value_map(pairs: &[(&str, &str)]) -> Value {
        Value::string_map(Some(pairs.iter().copied()))
    }

    /// A configuration: every attribute present, null unless given.
    fn config(pairs: &[(&str, Value)]) -> Value {
        let mut v = Value::object([
            ("id", Value::Null),
            ("rest_api_id", "api1".into()),
            ("response_type", "UNAUTHORIZED".into()),
            ("status_code", Value::Null),
            ("response_templates", Value::Null),
            ("response_parameters", Value::Null),
        ]);
        for (k, val) in pairs {
            v.set(k, val.clone());
        }
        v
    }

    /// The full plan of `config` from `prior`, as the plugin computes it.
    fn planned(prior: &Value, config: &Value) -> Value {
        // Terraform's proposed new state: config, with prior values in computed slots it
        // leaves null.
        let mut proposed = config.clone();
        for name in ["id", "status_code", "response_templates"] {
            if config.get(name).is_null() {
                proposed.set(name, prior.get(name).clone());
            }
        }
        let block = GatewayResponse.schema().block;
        let mut state = plan(&block, prior, &proposed, config).state;
        GatewayResponse.modify_plan(prior, config, &mut state, &mut Diagnostics::new());
        state
    }

    fn errors(config: &Value) -> Vec<String> {
        let mut d = Diagnostics::new();
        validate_config(&GatewayResponse.schema().block, config, &mut d);
        GatewayResponse.validate(config, &mut d);
        d.into_vec()
            .into_iter()
            .map(|d| {
                format!(
                    "{}: {}",
                    d.path.map(|p| p.to_string()).unwrap_or_default(),
                    d.detail
                )
            })
            .collect()
    }

    #[test]
    fn unset_attributes_plan_the_aws_defaults_of_the_type() {
        let p = planned(&Value::Null, &config(&[]));
        assert_eq!(p.get("id").as_str(), Some("aggr-api1-UNAUTHORIZED"));
        assert_eq!(p.get("status_code").as_str(), Some("401"));
        assert_eq!(
            p.get("response_templates"),
            &value_map(&[(DEFAULT_TEMPLATE_TYPE, DEFAULT_TEMPLATE)])
        );
        assert_eq!(p.get("response_parameters"), &Value::Null);

        let p = planned(
            &Value::Null,
            &config(&[("response_type", "DEFAULT_4XX".into())]),
        );
        assert_eq!(
            p.get("status_code"),
            &Value::Null,
            "DEFAULT_4XX has no code"
        );

        // A response type known only after apply: the code is too.
        let p = planned(&Value::Null, &config(&[("response_type", Value::Unknown)]));
        assert!(p.get("status_code").is_unknown());
        assert!(p.get("id").is_unknown());
    }

    #[test]
    fn configured_values_are_planned_as_written() {
        let cfg = config(&[
            ("status_code", "418".into()),
            ("response_templates", value_map(&[("text/plain", "no")])),
            ("response_parameters", Value::Map(Default::default())),
        ]);
        let p = planned(&Value::Null, &cfg);
        assert_eq!(p.get("status_code").as_str(), Some("418"));
        assert_eq!(
            p.get("response_templates"),
            &value_map(&[("text/plain", "no")])
        );
        assert_eq!(
            p.get("response_parameters"),
            &Value::Map(Default::default())
        );
    }

    #[test]
    fn drift_on_an_unset_attribute_is_planned_back_to_the_default() {
        let cfg = config(&[]);
        let clean = planned(&Value::Null, &cfg);
        let mut prior = clean.clone();
        assert_eq!(planned(&prior, &cfg), prior, "second plan is clean");
        prior.set("status_code", "418".into());
        prior.set("response_templates", value_map(&[("text/plain", "x")]));
        let p = planned(&prior, &cfg);
        assert_eq!(p.get("status_code").as_str(), Some("401"));
        assert_eq!(
            p.get("response_templates"),
            &value_map(&[(DEFAULT_TEMPLATE_TYPE, DEFAULT_TEMPLATE)])
        );
    }

    #[test]
    fn put_sends_the_whole_plan_and_leaves_out_empty_maps() {
        let p = planned(
            &Value::Null,
            &config(&[
                (
                    "response_parameters",
                    value_map(&[("gatewayresponse.header.A", "'a'")]),
                ),
                ("response_templates", Value::Map(Default::default())),
            ]),
        );
        assert_eq!(
            PutRequest::from_plan(&p),
            PutRequest {
                status_code: Some("401".into()),
                response_parameters: Some(map(&[("gatewayresponse.header.A", "'a'")])),
                response_templates: None,
            }
        );
        let p = planned(
            &Value::Null,
            &config(&[("response_type", "DEFAULT_5XX".into())]),
        );
        let r = PutRequest::from_plan(&p);
        assert_eq!(r.status_code, None);
        assert_eq!(
            r.response_templates,
            Some(map(&[(DEFAULT_TEMPLATE_TYPE, DEFAULT_TEMPLATE)]))
        );
    }

    #[test]
    fn state_from_the_answer_matches_the_plan() {
        let params = map(&[("gatewayresponse.header.A", "'a'")]);
        let templates = map(&[("application/json", ""), ("text/plain", "x")]);
        let answer = Answer {
            status_code: Some("418"),
            response_parameters: Some(&params),
            response_templates: Some(&templates),
        };
        let cfg = config(&[
            ("status_code", "418".into()),
            (
                "response_parameters",
                value_map(&[("gatewayresponse.header.A", "'a'")]),
            ),
            (
                "response_templates",
                value_map(&[("application/json", ""), ("text/plain", "x")]),
            ),
        ]);
        let p = planned(&Value::Null, &cfg);
        assert_eq!(state("api1", "UNAUTHORIZED", &answer, &p), p);
    }

    #[test]
    fn empty_maps_keep_the_users_spelling() {
        let none = HashMap::new();
        let defaults = map(&[(DEFAULT_TEMPLATE_TYPE, DEFAULT_TEMPLATE)]);
        let answer = Answer {
            status_code: Some("401"),
            response_parameters: Some(&none),
            response_templates: Some(&defaults),
        };
        // `{}` written for both maps.
        let cfg = config(&[
            ("response_parameters", Value::Map(Default::default())),
            ("response_templates", Value::Map(Default::default())),
        ]);
        let p = planned(&Value::Null, &cfg);
        assert_eq!(state("api1", "UNAUTHORIZED", &answer, &p), p);
        // Both left out.
        let p = planned(&Value::Null, &config(&[]));
        assert_eq!(state("api1", "UNAUTHORIZED", &answer, &p), p);
        // `{}` written, but someone put a real template there: that is drift.
        let custom = map(&[(DEFAULT_TEMPLATE_TYPE, "{}")]);
        let drifted = Answer {
            response_templates: Some(&custom),
            ..answer
        };
        let s = state("api1", "UNAUTHORIZED", &drifted, &p);
        assert_eq!(
            s.get("response_templates"),
            &value_map(&[(DEFAULT_TEMPLATE_TYPE, "{}")])
        );
    }

    #[test]
    fn an_empty_status_code_means_none() {
        let answer = Answer {
            status_code: Some(""),
            response_parameters: None,
            response_templates: None,
        };
        let s = state("api1", "DEFAULT_4XX", &answer, &Value::Null);
        assert_eq!(s.get("status_code"), &Value::Null);
        assert_eq!(s.get("response_templates"), &Value::Null);
        assert_eq!(s.get("id").as_str(), Some("aggr-api1-DEFAULT_4XX"));
    }

    #[test]
    fn import_ids_are_checked() {
        let v = GatewayResponse.import("api1/THROTTLED").unwrap();
        assert_eq!(v.get("rest_api_id").as_str(), Some("api1"));
        assert_eq!(v.get("response_type").as_str(), Some("THROTTLED"));
        assert_eq!(v.get("id").as_str(), Some("aggr-api1-THROTTLED"));
        for bad in [
            "api1",
            "api1/",
            "/THROTTLED",
            "a/b/THROTTLED",
            "",
            "aggr-api1-THROTTLED",
        ] {
            let d = GatewayResponse.import(bad).unwrap_err().into_vec();
            assert!(
                d[0].detail.contains(IMPORT_FORMAT),
                "{bad}: {}",
                d[0].detail
            );
        }
        let d = GatewayResponse
            .import("api1/throttled")
            .unwrap_err()
            .into_vec();
        assert!(
            d[0].detail
                .contains("terraform import apigateway_gateway_response.example")
        );
        assert!(d[1].detail.contains("THROTTLED"), "{}", d[1].detail);
    }

    #[test]
    fn every_type_has_a_known_default_status() {
        for kind in checks::RESPONSE_TYPES {
            let code = default_status_code(kind);
            if kind.starts_with("DEFAULT_") {
                assert_eq!(code, None, "{kind}");
            } else {
                let code = code.unwrap_or_else(|| panic!("{kind} has no default"));
                assert!(checks::check_status_code(code).is_ok(), "{kind}");
            }
        }
        assert_eq!(default_status_code("NOT_A_TYPE"), None);
    }

    #[test]
    fn invalid_values_are_rejected_naming_the_attribute() {
        let e = errors(&config(&[("response_type", "NOPE".into())]));
        assert!(
            e[0].starts_with("response_type") && e[0].contains("`THROTTLED`"),
            "{e:?}"
        );
        let e = errors(&config(&[("status_code", "600".into())]));
        assert!(e[0].starts_with("status_code"), "{e:?}");
        let e = errors(&config(&[(
            "response_templates",
            value_map(&[("json", "x")]),
        )]));
        assert!(e[0].starts_with("response_templates[\"json\"]"), "{e:?}");
        let e = errors(&config(&[(
            "response_parameters",
            value_map(&[("gatewayresponse.body.x", "'a'")]),
        )]));
        assert!(
            e[0].starts_with("response_parameters[\"gatewayresponse.body.x\"]"),
            "{e:?}"
        );
        let e = errors(&config(&[(
            "response_parameters",
            value_map(&[("gatewayresponse.header.X", "unquoted")]),
        )]));
        assert!(
            e[0].contains("response_parameters[\"gatewayresponse.header.X\"]"),
            "{e:?}"
        );
        // Unknown values are never rejected.
        assert!(
            errors(&config(&[
                ("response_type", Value::Unknown),
                ("status_code", Value::Unknown),
                ("response_parameters", Value::Unknown),
            ]))
            .is_empty()
        );
        assert!(errors(&config(&[])).is_empty());
    }
}
