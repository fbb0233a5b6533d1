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

use async_trait::async_trait;
use aws_sdk_apigateway::operation::get_gateway_response::GetGatewayResponseOutput;
use aws_sdk_apigateway::operation::put_gateway_response::PutGatewayResponseOutput;
use aws_sdk_apigateway::operation::put_gateway_response::builders::PutGatewayResponseFluentBuilder;
use aws_sdk_apigateway::types::{GatewayResponse as Item, GatewayResponseType};

use crate::aws::{Aws, AwsError, not_found_as_none};
use crate::diag::Diagnostics;
use crate::tfvalue::Value;

use super::checks;
use super::decl::{
    Answer, Decl, Declared, Field, Identity, Input, Sdk, Seen, Str, StrMap, Update, aws, fields,
    set,
};
use super::keys::{GatewayKey, Ident};

/// The media type of the template AWS adds when a Put sends none.
pub const DEFAULT_TEMPLATE_TYPE: &str = "application/json";
/// The template AWS adds when a Put sends none (the same for every response type).
pub const DEFAULT_TEMPLATE: &str = r#"{"message":$context.error.messageString}"#;

/// The `apigateway_gateway_response` resource type.
#[derive(Debug)]
pub struct GatewayResponse;

impl Sdk for GatewayResponse {
    type Create = PutGatewayResponseFluentBuilder;
    type Created = PutGatewayResponseOutput;
    type Got = GetGatewayResponseOutput;
    type Updated = PutGatewayResponseOutput;
    type Item = Item;
}

fields! { GatewayResponse;
    // LocalStack answers `"statusCode": ""` after a status code was removed from DEFAULT_4XX;
    // an empty code means none (the validator keeps `""` out of the configuration).
    STATUS_CODE: Str = Field::new(
        "status_code",
        "The HTTP status code of the response. Changed in place. When unset, the type's own \
         status code, which the plan shows: `400` for `BAD_REQUEST_PARAMETERS` and \
         `BAD_REQUEST_BODY`; `401` for `UNAUTHORIZED`; `403` for `INVALID_API_KEY`, \
         `ACCESS_DENIED`, `INVALID_SIGNATURE`, `EXPIRED_TOKEN`, `MISSING_AUTHENTICATION_TOKEN` \
         and `WAF_FILTERED`; `404` for `RESOURCE_NOT_FOUND`; `413` for `REQUEST_TOO_LARGE`; \
         `415` for `UNSUPPORTED_MEDIA_TYPE`; `429` for `THROTTLED` and `QUOTA_EXCEEDED`; `500` \
         for `AUTHORIZER_FAILURE`, `AUTHORIZER_CONFIGURATION_ERROR` and \
         `API_CONFIGURATION_ERROR`; `504` for `INTEGRATION_FAILURE` and `INTEGRATION_TIMEOUT`; \
         none for `DEFAULT_4XX` and `DEFAULT_5XX`.",
    )
    .optional_computed()
    .validators(&[&checks::STATUS_CODE])
    .aws(aws!(status_code), set!(set_status_code)),
    RESPONSE_TEMPLATES: StrMap = Field::new(
        "response_templates",
        "Mapping templates of the response body, by media type, e.g. `{ \"application/json\" = \
         \"{\\\"message\\\":$context.error.messageString}\" }`. Changed in place. When unset, AWS's \
         default template `{ \"application/json\" = \
         \"{\\\"message\\\":$context.error.messageString}\" }`, which the plan shows.",
    )
    .optional_computed()
    .validators(&[&checks::CONTENT_TYPE_KEYS])
    .aws(aws!(response_templates), set!(set_response_templates)),
    RESPONSE_PARAMETERS: StrMap = Field::new(
        "response_parameters",
        "Headers, query strings and path parameters of the response, e.g. `{ \
         \"gatewayresponse.header.Access-Control-Allow-Origin\" = \"'*'\" }`. Changed in place.",
    )
    .validators(&[&checks::GATEWAY_RESPONSE_PARAMETER_KEYS, &checks::GATEWAY_RESPONSE_PARAMETER_VALUES])
    .aws(aws!(response_parameters), set!(set_response_parameters)),
}

#[async_trait]
impl Declared for GatewayResponse {
    const TYPE_NAME: &'static str = "apigateway_gateway_response";
    const OBJECT: &'static str = "Gateway Response";
    const DESCRIPTION: &'static str = "The customisation of one gateway response of an API Gateway \
        REST API: the status code, headers and body API Gateway sends when it answers a request \
        itself (for example a missing API key or a throttled request). Destroying it resets the \
        type to AWS's default.";
    type Key = GatewayKey;
    type Parent = GatewayKey;
    const IDENTITY: Identity<GatewayKey> = Identity::Named {
        id: GatewayKey::gateway_response_id,
        doc: "The gateway response's id, `aggr-REST-API-ID-RESPONSE-TYPE` (the format of the \
              hashicorp/aws provider). It is derived from the arguments, so it is known at plan \
              time whenever they are.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    // UpdateGatewayResponse cannot add or remove a status code ("Invalid patch path
    // /statusCode"), while PutGatewayResponse, an upsert, replaces the whole customisation.
    const UPDATE: Update = Update::Put;
    const PUBLISHED: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        key: &GatewayKey,
        input: Input<'_, Self>,
    ) -> Result<PutGatewayResponseOutput, AwsError> {
        Ok(input
            .fill(
                aws.client
                    .put_gateway_response()
                    .rest_api_id(&key.rest_api_id)
                    .response_type(key.kind()),
            )
            .send()
            .await?)
    }

    async fn call_get(
        &self,
        aws: &Aws,
        key: &GatewayKey,
    ) -> Result<GetGatewayResponseOutput, AwsError> {
        Ok(aws
            .client
            .get_gateway_response()
            .rest_api_id(&key.rest_api_id)
            .response_type(key.kind())
            .send()
            .await?)
    }

    // NotFound: "Gateway response type not defined on api" (already the default) or "Invalid
    // API identifier specified" (the API is gone); both are what a delete wants.
    async fn call_delete(&self, aws: &Aws, key: &GatewayKey) -> Result<(), AwsError> {
        aws.client
            .delete_gateway_response()
            .rest_api_id(&key.rest_api_id)
            .response_type(key.kind())
            .send()
            .await?;
        Ok(())
    }

    // One GetGatewayResponses for all 21 types during a refresh; NotFound means the API is gone.
    async fn snapshot(&self, aws: &Aws, key: &GatewayKey) -> Result<Seen<Item>, AwsError> {
        let all = not_found_as_none(
            aws.cache
                .gateway_responses(&aws.client, key.rest_api_id())
                .await,
        )?;
        let kind = |r: &&Item| {
            r.response_type().map(GatewayResponseType::as_str) == Some(key.response_type.as_str())
        };
        Ok(Seen::in_list(all, kind))
    }

    // Every type always exists; one never customised (or reset) answers `defaultResponse: true`,
    // which is AWS's default, not ours: it reads as gone.
    fn exists(&self, answer: &Answer<'_, Self>, _reference: &Value) -> bool {
        aws!(for Self, default_response)(answer) != Value::Bool(true)
    }

    // AWS fills what a Put leaves out (the type's status code, the default template): the plan
    // shows those defaults, so a second plan is clean and a removed value goes back to them.
    fn adjust_plan(
        &self,
        _prior: &Value,
        config: &Value,
        planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
        if STATUS_CODE.raw(config).is_null() {
            let status = match GatewayKey::response_type_in(planned) {
                Some(kind) => Value::opt_string(default_status_code(kind)),
                None => Value::Unknown,
            };
            STATUS_CODE.put(planned, status);
        }
        if RESPONSE_TEMPLATES.raw(config).is_null() {
            RESPONSE_TEMPLATES.put(planned, default_templates());
        }
    }

    // AWS cannot tell `{}` from its default template: a written `{}` stays `{}` while AWS
    // holds exactly the default.
    fn quirks(&self, _answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        let written_empty = RESPONSE_TEMPLATES
            .get(reference)
            .is_some_and(|m| m.is_empty());
        if written_empty && RESPONSE_TEMPLATES.raw(state) == &default_templates() {
            RESPONSE_TEMPLATES.put(state, Value::Map(Default::default()));
        }
    }
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::resources::keys::Key;
    use crate::resources::{Resource, decl};
    use crate::schema::plan::plan;
    use crate::schema::validate::validate_config;

    const IMPORT_FORMAT: &str = GatewayKey::IMPORT.format;

    /// The parts of an answer that become state.
    #[derive(Debug, Clone, Copy)]
    struct Answer<'a> {
        status_code: Option<&'a str>,
        response_parameters: Option<&'a HashMap<String, String>>,
        response_templates: Option<&'a HashMap<String, String>>,
    }

    /// The state from `answer` for the type `kind` of API `api`.
    fn state(api: &str, kind: &str, answer: &Answer<'_>, reference: &Value) -> Value {
        let key = GatewayKey {
            rest_api_id: api.into(),
            response_type: kind.into(),
        };
        let item = Item::builder()
            .response_type(key.kind())
            .set_status_code(answer.status_code.map(str::to_owned))
            .set_response_parameters(answer.response_parameters.cloned())
            .set_response_templates(answer.response_templates.cloned())
            .build();
        let mut reference = match reference {
            Value::Object(_) => reference.clone(),
            _ => Value::object(key.identity()),
        };
        for (name, value) in key.identity() {
            reference.set(name, value);
        }
        decl::state(&GatewayResponse, &decl::Answer::Item(&item), &reference)
    }

    /// What a PutGatewayResponse sends for a plan.
    #[derive(Debug, Default, PartialEq)]
    struct PutRequest {
        status_code: Option<String>,
        response_parameters: Option<HashMap<String, String>>,
        response_templates: Option<HashMap<String, String>>,
    }

    impl PutRequest {
        fn from_plan(planned: &Value) -> Self {
            let config = aws_sdk_apigateway::Config::builder()
                .behavior_version(aws_sdk_apigateway::config::BehaviorVersion::latest())
                .build();
            let client = aws_sdk_apigateway::Client::from_conf(config);
            let request =
                decl::input::<GatewayResponse>(planned).fill(client.put_gateway_response());
            let input = request.as_input();
            Self {
                status_code: input.get_status_code().clone(),
                response_parameters: input.get_response_parameters().clone(),
                response_templates: input.get_response_templates().clone(),
            }
        }
    }

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
