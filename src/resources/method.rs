//! `apigateway_method`: one HTTP verb on a resource (`GET /pets`) and how callers are
//! authorised and validated before the request reaches the integration.
//!
//! Calls: PutMethod (create), UpdateMethod (patch operations, for every in-place change),
//! DeleteMethod, and for reads the API's read snapshot (`GetResources?embed=methods`, one call
//! for all methods of an API during a refresh) or GetMethod when snapshots are off. State `id`:
//! `agm-REST-API-ID-RESOURCE-ID-HTTP-METHOD`; import ID `REST-API-ID/RESOURCE-ID/HTTP-METHOD`.
//!
//! A method is never Put a second time: real AWS answers 409 "Method already exists for this
//! resource", and both emulators instead overwrite it and drop its integration and responses.

use std::collections::BTreeMap;

use async_trait::async_trait;
use aws_sdk_apigateway::operation::get_method::GetMethodOutput;
use aws_sdk_apigateway::operation::put_method::PutMethodOutput;
use aws_sdk_apigateway::operation::put_method::builders::PutMethodFluentBuilder;
use aws_sdk_apigateway::operation::update_method::UpdateMethodOutput;
use aws_sdk_apigateway::types::{Method as Item, PatchOperation};

use crate::aws::{Aws, AwsError, patch};
use crate::diag::Diagnostics;
use crate::schema::validators::{OneOf, one_of};
use crate::tfvalue::Value;

use super::checks::{self, AUTHORIZATION_TYPES};
use super::decl::{
    Answer, Bool, BoolMap, Decl, Declared, Field, Identity, Input, Lit, Policy, Sdk, Seen, Str,
    StrMap, StrSet, Update, aws, fields, policy, set,
};
use super::keys::{MethodKey, WithKey};

/// Authorization types that only work with an authorizer (`authorizer_id`).
const NEEDS_AUTHORIZER: &[&str] = &["CUSTOM", "COGNITO_USER_POOLS"];
/// The only authorization type that takes scopes.
const SCOPED_AUTHORIZATION: &str = "COGNITO_USER_POOLS";
/// Parameter locations whose names must not repeat one another (AWS's rule, see
/// [`check_unique_parameter_names`]).
const UNIQUE_NAME_LOCATIONS: &[&str] = &["querystring", "path", "header"];
const AUTHORIZATION_VALUES: OneOf = one_of(AUTHORIZATION_TYPES);

/// The `apigateway_method` resource type.
#[derive(Debug)]
pub struct Method;

impl Sdk for Method {
    type Create = PutMethodFluentBuilder;
    type Created = PutMethodOutput;
    type Got = GetMethodOutput;
    type Updated = UpdateMethodOutput;
    type Item = Item;
}

fields! { Method;
    AUTHORIZATION: Str = Field::new(
        "authorization",
        "How callers are authorised: `NONE` (open), `AWS_IAM` (requests signed with AWS \
         Signature Version 4), `CUSTOM` (a Lambda authorizer) or `COGNITO_USER_POOLS` (a Cognito \
         user pool authorizer). Changed in place.",
    )
    .required()
    .policy(Policy::AsAnswered)
    .validators(&[&AUTHORIZATION_VALUES])
    .aws(aws!(authorization_type), set!(set_authorization_type))
    .manual(),
    AUTHORIZER_ID: Str = Field::new(
        "authorizer_id",
        "Id of the authorizer. Required when `authorization` is `CUSTOM` or \
         `COGNITO_USER_POOLS`, and not allowed with `NONE` or `AWS_IAM` (AWS does not use it \
         there). Changed in place.",
    )
    .aws(aws!(authorizer_id), set!(set_authorizer_id))
    .manual(),
    AUTHORIZATION_SCOPES: StrSet = Field::new(
        "authorization_scopes",
        "OAuth scopes; a caller's access token must carry at least one of them. Only allowed \
         when `authorization` is `COGNITO_USER_POOLS` (AWS rejects them for any other type). \
         Changed in place: only the added and removed scopes are sent.",
    )
    .aws(aws!(authorization_scopes), set!(set_authorization_scopes))
    .manual(),
    API_KEY_REQUIRED: Bool = Field::new(
        "api_key_required",
        "Whether callers must send a valid API key (`x-api-key` header) of a usage plan. \
         Changed in place.",
    )
    .default(Lit::Bool(false))
    .policy(Policy::AwsDefault(Lit::Bool(false)))
    .aws(aws!(api_key_required), set!(set_api_key_required))
    .patch("/apiKeyRequired"),
    // AWS clears these two with a value-less replace; an empty string is rejected for
    // `requestValidatorId` ("Invalid Request Validator identifier specified").
    OPERATION_NAME: Str = Field::new(
        "operation_name",
        "A friendly name for the operation, e.g. `ListPets`; generated SDKs use it as the \
         function name. Changed in place; removing it clears it in AWS.",
    )
    .aws(aws!(operation_name), set!(set_operation_name))
    .patch("/operationName"),
    REQUEST_MODELS: StrMap = Field::new(
        "request_models",
        "Models of the request body by content type, e.g. `{ \"application/json\" = \"Empty\" \
         }`; values are model names. Every REST API has the models `Empty` and `Error`; other \
         models must exist in the API. Changed in place, key by key.",
    )
    .validators(&[&checks::CONTENT_TYPE_KEYS])
    .aws(aws!(request_models), set!(set_request_models))
    .patch("/requestModels"),
    REQUEST_PARAMETERS: BoolMap = Field::new(
        "request_parameters",
        "Request parameters the method accepts, with whether each is required (`true`) or \
         optional (`false`), e.g. `method.request.querystring.page`. A name may appear only once \
         across `querystring`, `path` and `header` (AWS's rule). Integrations map these onto \
         the backend request. Changed in place, key by key.",
    )
    .validators(&[&checks::METHOD_REQUEST_PARAMETER_KEYS])
    .aws(aws!(request_parameters), set!(set_request_parameters))
    .patch("/requestParameters"),
    REQUEST_VALIDATOR_ID: Str = Field::new(
        "request_validator_id",
        "Id of the request validator (`apigateway_request_validator`) that checks the \
         parameters and/or the body before the integration is called. Changed in place; \
         removing it detaches the validator.",
    )
    .aws(aws!(request_validator_id), set!(set_request_validator_id))
    .patch("/requestValidatorId"),
}

#[async_trait]
impl Declared for Method {
    const TYPE_NAME: &'static str = "apigateway_method";
    const OBJECT: &'static str = "Method";
    const DESCRIPTION: &'static str = "A method (HTTP verb) of an API Gateway REST API resource: \
        who may call it and which request parameters and models it accepts. The backend is \
        attached with `apigateway_integration`.";
    type Key = MethodKey;
    type Parent = MethodKey;
    const IDENTITY: Identity<MethodKey> = Identity::Named {
        id: MethodKey::method_id,
        doc: "The method's id, `agm-REST-API-ID-RESOURCE-ID-HTTP-METHOD` (the format of the \
              hashicorp/aws provider). It is derived from the arguments, so it is known at plan \
              time whenever they are.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const PUBLISHED: bool = true;
    // AWS: 409 "Method already exists for this resource" (an apply interrupted after AWS
    // created the method, or a method made outside Terraform).
    const ADOPT: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        key: &MethodKey,
        input: Input<'_, Self>,
    ) -> Result<PutMethodOutput, AwsError> {
        Ok(input.fill(aws.client.put_method().key(key)).send().await?)
    }

    async fn call_get(&self, aws: &Aws, key: &MethodKey) -> Result<GetMethodOutput, AwsError> {
        Ok(aws.client.get_method().key(key).send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &MethodKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateMethodOutput, AwsError> {
        Ok(aws
            .client
            .update_method()
            .key(key)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &MethodKey) -> Result<(), AwsError> {
        aws.client.delete_method().key(key).send().await?;
        Ok(())
    }

    async fn snapshot(&self, aws: &Aws, key: &MethodKey) -> Result<Seen<Item>, AwsError> {
        Ok(Seen::from(key.snapshot_method(aws).await?))
    }

    // AWS rejects these pairs at apply; say so at plan time.
    fn check(&self, config: &Value, diags: &mut Diagnostics) {
        let authorizer = AUTHORIZER_ID.raw(config);
        let has_authorizer = match authorizer {
            Value::String(s) => !s.is_empty(),
            Value::Null => false,
            _ => true, // unknown: it will be known at apply; assume it is set
        };
        if let Some(auth) = AUTHORIZATION.get(config) {
            if NEEDS_AUTHORIZER.contains(&auth) && !has_authorizer {
                // AWS: "Invalid authorizer ID specified. Setting the authorization type to CUSTOM
                // or COGNITO_USER_POOLS requires a valid authorizer."
                diags.attr_error(
                    &AUTHORIZER_ID.path(),
                    "Missing authorizer_id",
                    format!(
                        "authorization = {auth:?} needs authorizer_id: the id of the authorizer that \
                         checks callers (AWS rejects the method otherwise)."
                    ),
                );
            }
            if !NEEDS_AUTHORIZER.contains(&auth)
                && AUTHORIZER_ID.get(config).is_some_and(|s| !s.is_empty())
            {
                // AWS uses an authorizer only with CUSTOM and COGNITO_USER_POOLS; an id given
                // with another type has no effect and cannot be kept in step with the
                // configuration (the state drops it, see `quirks`).
                diags.attr_error(
                    &AUTHORIZER_ID.path(),
                    "authorizer_id not used",
                    format!(
                        "authorizer_id is only used when authorization is `CUSTOM` or \
                         `COGNITO_USER_POOLS`; authorization is {auth:?}. Remove authorizer_id or \
                         change authorization."
                    ),
                );
            }
            if auth != SCOPED_AUTHORIZATION
                && AUTHORIZATION_SCOPES
                    .get(config)
                    .is_some_and(|s| !s.is_empty())
            {
                // AWS: "Invalid Method authorization type specified. Authorization Scopes are only
                // valid for COGNITO_USER_POOLS authorization type"
                diags.attr_error(
                    &AUTHORIZATION_SCOPES.path(),
                    "authorization_scopes not allowed",
                    format!(
                        "authorization_scopes are only valid when authorization is \
                         `COGNITO_USER_POOLS`; authorization is {auth:?}."
                    ),
                );
            }
        }
        check_unique_parameter_names(REQUEST_PARAMETERS.raw(config), diags);
    }

    // AWS keeps an authorizer id only for the types that use one; a leftover id on a `NONE` or
    // `AWS_IAM` method has no effect, and the configuration cannot hold one.
    fn quirks(&self, _answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        if !AUTHORIZATION
            .get(state)
            .is_some_and(|t| NEEDS_AUTHORIZER.contains(&t))
        {
            let none = policy::apply(
                &AUTHORIZER_ID.decl.spec,
                Value::Null,
                AUTHORIZER_ID.raw(reference),
            );
            AUTHORIZER_ID.put(state, none);
        }
    }

    // AWS validates the authorization type with its authorizer and scopes, so the order is:
    // scopes removed while the method is still `COGNITO_USER_POOLS`, the type changed together
    // with its authorizer, and scopes added once the type allows them.
    fn patch_quirks(
        &self,
        prior: &Value,
        planned: &Value,
        derived: Vec<PatchOperation>,
    ) -> Vec<PatchOperation> {
        let mut ops = Vec::new();
        let scopes = |v: &Value| -> Vec<String> {
            AUTHORIZATION_SCOPES
                .get(v)
                .unwrap_or_default()
                .into_iter()
                .map(str::to_owned)
                .collect()
        };
        let (old_scopes, new_scopes) = (scopes(prior), scopes(planned));
        // Scopes are a list of values, not addressable keys: `add`/`remove` take the scope as the
        // value of the path `/authorizationScopes` (AWS allows only these two operations there).
        for scope in old_scopes.iter().filter(|s| !new_scopes.contains(s)) {
            ops.push(patch::remove_value("/authorizationScopes", scope));
        }
        let new_auth = AUTHORIZATION.get(planned);
        let auth_changed = new_auth.is_some() && AUTHORIZATION.get(prior) != new_auth;
        if auth_changed {
            ops.push(patch::replace("/authorizationType", new_auth));
        }
        let needs_authorizer = new_auth.is_some_and(|a| NEEDS_AUTHORIZER.contains(&a));
        // Switching to CUSTOM or COGNITO_USER_POOLS must name the authorizer in the same call,
        // even an unchanged one. Cleared with an empty value, as the `aws_api_gateway_method`
        // resource does: AWS accepts it and then answers without an authorizer id.
        if authorizer(prior) != authorizer(planned) || (auth_changed && needs_authorizer) {
            ops.push(patch::replace(
                "/authorizerId",
                Some(authorizer(planned).unwrap_or("")),
            ));
        }
        for scope in new_scopes.iter().filter(|s| !old_scopes.contains(s)) {
            ops.push(patch::add("/authorizationScopes", Some(scope)));
        }
        ops.extend(derived);
        ops
    }
}

/// A known, non-empty authorizer id.
fn authorizer(v: &Value) -> Option<&str> {
    AUTHORIZER_ID.get(v).filter(|s| !s.is_empty())
}

/// AWS rejects request parameters whose names repeat across locations: "Parameter names must
/// be unique across querystring, header and path" (e.g. `method.request.path.id` and
/// `method.request.querystring.id`).
fn check_unique_parameter_names(parameters: &Value, diags: &mut Diagnostics) {
    let Some(entries) = parameters.as_entries() else {
        return;
    };
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for key in entries.keys() {
        let Some((location, name)) = key
            .strip_prefix("method.request.")
            .and_then(|rest| rest.split_once('.'))
        else {
            continue; // a malformed key: the key validator reports it
        };
        if !UNIQUE_NAME_LOCATIONS.contains(&location) {
            continue;
        }
        if let Some(first) = seen.insert(name, key) {
            diags.attr_error(
                &REQUEST_PARAMETERS.path().with_key(key),
                "Duplicate request parameter name",
                format!(
                    "request_parameters has {first:?} and {key:?}: parameter names must be unique \
                     across querystring, header and path (AWS rejects the method otherwise)."
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::aws::patch::show;
    use crate::resources::testing::{
        Answer, CONCURRENT_MODIFICATION, api, api_with_snapshots, assert_one_snapshot_load, bools,
        object, requests, strings,
    };
    use crate::resources::{Resource, decl, string_set_state};
    use crate::schema::plan::plan;
    use crate::schema::validate::validate_config;
    use crate::tfvalue::Path;

    /// The attributes of a method as AWS answers them.
    #[derive(Debug, Default, Clone)]
    struct Fields {
        authorization_type: Option<String>,
        authorizer_id: Option<String>,
        authorization_scopes: Vec<String>,
        api_key_required: bool,
        operation_name: Option<String>,
        request_models: Option<HashMap<String, String>>,
        request_parameters: Option<HashMap<String, bool>>,
        request_validator_id: Option<String>,
    }

    impl Fields {
        /// The state from this answer, with `reference` deciding the spelling of "empty".
        fn into_state(self, key: &MethodKey, reference: &Value) -> Value {
            let item = Item::builder()
                .set_authorization_type(self.authorization_type)
                .set_authorizer_id(self.authorizer_id)
                .set_authorization_scopes(Some(self.authorization_scopes))
                .api_key_required(self.api_key_required)
                .set_operation_name(self.operation_name)
                .set_request_models(self.request_models)
                .set_request_parameters(self.request_parameters)
                .set_request_validator_id(self.request_validator_id)
                .build();
            let mut reference = reference.clone();
            for (name, value) in crate::resources::keys::Key::identity(key) {
                reference.set(name, value);
            }
            decl::state(&Method, &decl::Answer::Item(&item), &reference)
        }
    }

    fn patch_operations(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
        decl::patch(&Method, prior, planned)
    }

    /// A full object of this schema: every attribute null, then `pairs`.
    fn obj(pairs: &[(&str, Value)]) -> Value {
        object(&Method, pairs)
    }

    fn base() -> Value {
        obj(&[
            ("id", "agm-api-res-GET".into()),
            ("rest_api_id", "api".into()),
            ("resource_id", "res".into()),
            ("http_method", "GET".into()),
            ("authorization", "NONE".into()),
            ("api_key_required", false.into()),
        ])
    }

    fn set(items: &[&str]) -> Value {
        Value::Set(items.iter().map(|s| Value::from(*s)).collect())
    }

    fn errors(config: &Value) -> Vec<(String, String)> {
        let mut d = Diagnostics::new();
        validate_config(&Method.schema().block, config, &mut d);
        Method.validate(config, &mut d);
        d.into_vec()
            .into_iter()
            .map(|d| (d.path.map(|p| p.to_string()).unwrap_or_default(), d.detail))
            .collect()
    }

    #[test]
    fn no_change_means_no_operations() {
        assert!(patch_operations(&base(), &base()).is_empty());
        // Only the spelling of empty differs.
        let mut planned = base();
        planned.set("operation_name", "".into());
        planned.set("request_models", Value::Map(BTreeMap::new()));
        planned.set("authorization_scopes", Value::Set(Vec::new()));
        assert!(patch_operations(&base(), &planned).is_empty());
    }

    #[test]
    fn every_updatable_attribute_patches() {
        let mut prior = base();
        prior.set("operation_name", "ListPets".into());
        prior.set("request_validator_id", "v1".into());
        prior.set(
            "request_models",
            strings(&[("application/json", "Empty"), ("text/plain", "Empty")]),
        );
        prior.set(
            "request_parameters",
            bools(&[
                ("method.request.querystring.page", true),
                ("method.request.header.X-Old", false),
            ]),
        );
        let mut planned = base();
        planned.set("api_key_required", true.into());
        planned.set("operation_name", "GetPets".into());
        planned.set("request_validator_id", "v2".into());
        planned.set(
            "request_models",
            strings(&[("application/json", "Error"), ("application/xml", "Empty")]),
        );
        planned.set(
            "request_parameters",
            bools(&[
                ("method.request.querystring.page", false),
                ("method.request.path.id", true),
            ]),
        );
        assert_eq!(
            show(&patch_operations(&prior, &planned)),
            [
                "replace /apiKeyRequired true",
                "replace /operationName GetPets",
                "replace /requestValidatorId v2",
                "remove /requestModels/text~1plain -",
                "replace /requestModels/application~1json Error",
                "add /requestModels/application~1xml Empty",
                "remove /requestParameters/method.request.header.X-Old -",
                "add /requestParameters/method.request.path.id true",
                "replace /requestParameters/method.request.querystring.page false",
            ]
        );
    }

    #[test]
    fn clearing_optional_strings_sends_no_value() {
        let mut prior = base();
        prior.set("operation_name", "ListPets".into());
        prior.set("request_validator_id", "v1".into());
        let mut planned = base();
        planned.set("request_validator_id", "".into());
        assert_eq!(
            show(&patch_operations(&prior, &planned)),
            ["replace /operationName -", "replace /requestValidatorId -"]
        );
    }

    #[test]
    fn switching_to_cognito_names_the_authorizer_then_adds_scopes() {
        let mut prior = base();
        prior.set("authorization", "CUSTOM".into());
        prior.set("authorizer_id", "auth1".into());
        let mut planned = base();
        planned.set("authorization", "COGNITO_USER_POOLS".into());
        planned.set("authorizer_id", "auth1".into());
        planned.set("authorization_scopes", set(&["read", "write"]));
        assert_eq!(
            show(&patch_operations(&prior, &planned)),
            [
                "replace /authorizationType COGNITO_USER_POOLS",
                "replace /authorizerId auth1",
                "add /authorizationScopes read",
                "add /authorizationScopes write",
            ]
        );
    }

    #[test]
    fn switching_to_none_removes_scopes_first_and_clears_the_authorizer() {
        let mut prior = base();
        prior.set("authorization", "COGNITO_USER_POOLS".into());
        prior.set("authorizer_id", "pool1".into());
        prior.set("authorization_scopes", set(&["read", "write"]));
        let planned = base();
        assert_eq!(
            show(&patch_operations(&prior, &planned)),
            [
                "remove /authorizationScopes read",
                "remove /authorizationScopes write",
                "replace /authorizationType NONE",
                "replace /authorizerId ",
            ]
        );
    }

    #[test]
    fn scope_changes_touch_only_the_difference() {
        let mut prior = base();
        prior.set("authorization", "COGNITO_USER_POOLS".into());
        prior.set("authorizer_id", "pool1".into());
        prior.set("authorization_scopes", set(&["a", "b"]));
        let mut planned = prior.clone();
        planned.set("authorization_scopes", set(&["b", "c/d"]));
        assert_eq!(
            show(&patch_operations(&prior, &planned)),
            [
                "remove /authorizationScopes a",
                "add /authorizationScopes c/d"
            ]
        );
    }

    #[test]
    fn state_keeps_the_users_spelling_of_empty() {
        let key = MethodKey {
            rest_api_id: "api".into(),
            resource_id: "res".into(),
            http_method: "GET".into(),
        };
        let fields = Fields {
            authorization_type: Some("NONE".into()),
            operation_name: Some(String::new()), // LocalStack after a cleared name
            authorizer_id: Some("stale".into()), // ignored for NONE
            ..Fields::default()
        };
        let mut reference = base();
        reference.set("request_models", Value::Map(BTreeMap::new()));
        reference.set("authorization_scopes", Value::Set(Vec::new()));
        reference.set("request_validator_id", "".into());
        let state = fields.clone().into_state(&key, &reference);
        assert_eq!(state.get("id").as_str(), Some("agm-api-res-GET"));
        assert_eq!(state.get("request_models"), &Value::Map(BTreeMap::new()));
        assert_eq!(state.get("request_parameters"), &Value::Null);
        assert_eq!(state.get("authorization_scopes"), &Value::Set(Vec::new()));
        assert_eq!(state.get("operation_name"), &Value::Null);
        assert_eq!(state.get("request_validator_id"), &Value::from(""));
        assert_eq!(state.get("authorizer_id"), &Value::Null);
        assert_eq!(state.get("api_key_required"), &Value::Bool(false));
        assert_eq!(state, fields.into_state(&key, &state), "a read is stable");
    }

    #[test]
    fn scope_sets_follow_the_reference_order_when_equal() {
        let reference = set(&["b", "a"]);
        assert_eq!(
            string_set_state(vec!["a".into(), "b".into()], &reference),
            reference
        );
        assert_eq!(
            string_set_state(vec!["c".into(), "a".into()], &reference),
            set(&["a", "c"])
        );
        assert_eq!(string_set_state(Vec::new(), &Value::Null), Value::Null);
        assert_eq!(
            string_set_state(vec!["x".into()], &Value::Null),
            set(&["x"])
        );
    }

    #[test]
    fn import_id_has_three_parts_and_a_known_verb() {
        let v = Method.import("api1/res1/POST").unwrap();
        assert_eq!(v.get("id").as_str(), Some("agm-api1-res1-POST"));
        assert_eq!(v.get("rest_api_id").as_str(), Some("api1"));
        assert_eq!(v.get("resource_id").as_str(), Some("res1"));
        assert_eq!(v.get("http_method").as_str(), Some("POST"));
        for bad in [
            "api1/res1",
            "api1/res1/GET/x",
            "/res1/GET",
            "api1//GET",
            "",
            "agm-a-b-GET",
        ] {
            let d = Method.import(bad).unwrap_err().into_vec();
            assert!(
                d[0].detail.contains(MethodKey::IMPORT_FORMAT),
                "{bad}: {}",
                d[0].detail
            );
        }
        let d = Method.import("api1/res1/FETCH").unwrap_err().into_vec();
        assert!(
            d[0].detail.contains("\"FETCH\" is not an HTTP method"),
            "{}",
            d[0].detail
        );
        assert!(d[0].detail.contains(MethodKey::IMPORT_FORMAT));
    }

    #[test]
    fn validation_names_the_attribute() {
        // (attributes set on a valid config, the error's path, words in its detail)
        type Case<'a> = (&'a [(&'a str, Value)], &'a str, &'a str);
        let cases: &[Case<'_>] = &[
            (
                &[("http_method", "FETCH".into())],
                "http_method",
                "allowed values",
            ),
            (
                &[("authorization", "OAUTH".into())],
                "authorization",
                "COGNITO_USER_POOLS",
            ),
            (
                &[("authorization", "CUSTOM".into())],
                "authorizer_id",
                "needs authorizer_id",
            ),
            (
                &[
                    ("authorization", "COGNITO_USER_POOLS".into()),
                    ("authorizer_id", "".into()),
                ],
                "authorizer_id",
                "needs authorizer_id",
            ),
            (
                &[("authorizer_id", "a1".into())],
                "authorizer_id",
                "only used when",
            ),
            (
                &[("authorization_scopes", set(&["read"]))],
                "authorization_scopes",
                "only valid when",
            ),
            (
                &[("request_models", strings(&[("json", "Empty")]))],
                "request_models[\"json\"]",
                "type/subtype",
            ),
            (
                &[("request_parameters", bools(&[("querystring.page", true)]))],
                "request_parameters[\"querystring.page\"]",
                "method.request.",
            ),
            (
                &[(
                    "request_parameters",
                    bools(&[
                        ("method.request.path.id", true),
                        ("method.request.querystring.id", false),
                    ]),
                )],
                "request_parameters[\"method.request.querystring.id\"]",
                "must be unique",
            ),
        ];
        for (pairs, path, words) in cases {
            let mut config = base();
            for (k, v) in *pairs {
                config.set(k, v.clone());
            }
            let errs = errors(&config);
            assert_eq!(errs.len(), 1, "{pairs:?}: {errs:?}");
            assert_eq!(errs[0].0, *path, "{errs:?}");
            assert!(errs[0].1.contains(words), "{errs:?}");
        }
    }

    #[test]
    fn validation_accepts_good_and_unknown_values() {
        let mut cognito = base();
        cognito.set("authorization", "COGNITO_USER_POOLS".into());
        cognito.set("authorizer_id", Value::Unknown);
        cognito.set("authorization_scopes", set(&["read"]));
        cognito.set(
            "request_parameters",
            bools(&[
                ("method.request.path.id", true),
                ("method.request.multivalueheader.id", false),
            ]),
        );
        assert!(errors(&cognito).is_empty(), "{:?}", errors(&cognito));
        let mut unknown = base();
        unknown.set("authorization", Value::Unknown);
        unknown.set("authorizer_id", "a1".into());
        unknown.set("authorization_scopes", Value::Unknown);
        assert!(errors(&unknown).is_empty(), "{:?}", errors(&unknown));
        let mut empty = base();
        empty.set("authorization_scopes", Value::Set(Vec::new()));
        empty.set("authorizer_id", "".into());
        assert!(errors(&empty).is_empty(), "{:?}", errors(&empty));
    }

    #[test]
    fn plan_knows_the_id_and_defaults_api_key_required() {
        let config = obj(&[
            ("rest_api_id", "api".into()),
            ("resource_id", "res".into()),
            ("http_method", "GET".into()),
            ("authorization", "NONE".into()),
        ]);
        let mut planned = plan(&Method.schema().block, &Value::Null, &config, &config).state;
        assert_eq!(planned.get("id"), &Value::Unknown);
        assert_eq!(planned.get("api_key_required"), &Value::Bool(false));
        Method.modify_plan(&Value::Null, &config, &mut planned, &mut Diagnostics::new());
        assert_eq!(planned.get("id").as_str(), Some("agm-api-res-GET"));

        let mut later = config.clone();
        later.set("rest_api_id", Value::Unknown);
        let mut planned = plan(&Method.schema().block, &Value::Null, &later, &later).state;
        Method.modify_plan(&Value::Null, &later, &mut planned, &mut Diagnostics::new());
        assert_eq!(planned.get("id"), &Value::Unknown);
    }

    #[test]
    fn identity_changes_require_replacement_and_others_do_not() {
        let prior = base();
        for attr in ["rest_api_id", "resource_id", "http_method"] {
            let mut config = prior.clone();
            config.set(attr, "POST".into());
            let p = plan(&Method.schema().block, &prior, &config, &config);
            assert_eq!(p.requires_replace, vec![Path::attr(attr)], "{attr}");
        }
        let mut config = prior.clone();
        config.set("authorization", "AWS_IAM".into());
        config.set("operation_name", "x".into());
        let p = plan(&Method.schema().block, &prior, &config, &config);
        assert!(p.requires_replace.is_empty());
    }

    const PATH: &str = "/restapis/api/resources/res/methods/GET";
    const EXISTS: Answer = (
        409,
        Some("ConflictException"),
        r#"{"message":"Method already exists for this resource"}"#,
    );
    const GONE: Answer = (
        404,
        Some("NotFoundException"),
        r#"{"message":"Invalid Method identifier specified"}"#,
    );
    /// AWS's answer for the method [`planned_method`] describes.
    const METHOD: &str = r#"{"httpMethod":"GET","authorizationType":"NONE","apiKeyRequired":false,"operationName":"ListPets","requestParameters":{"method.request.querystring.page":true},"methodIntegration":{"type":"MOCK","requestTemplates":{"application/json":null}}}"#;

    fn planned_method() -> Value {
        let mut p = base();
        p.set("operation_name", "ListPets".into());
        p.set(
            "request_parameters",
            bools(&[("method.request.querystring.page", true)]),
        );
        p
    }

    #[tokio::test]
    async fn create_is_one_put_and_the_state_is_its_answer() {
        let (aws, log) = api(vec![(201, None, METHOD)]).await;
        let state = Method.create(&aws, &planned_method()).await.unwrap();
        assert_eq!(state, planned_method());
        let log = requests(&log);
        assert_eq!(log.len(), 1, "{log:?}");
        assert!(log[0].starts_with(&format!("PUT {PATH} ")), "{log:?}");
        assert!(log[0].contains(r#""authorizationType":"NONE""#), "{log:?}");
        assert!(
            log[0].contains(r#""requestParameters":{"method.request.querystring.page":true}"#),
            "{log:?}"
        );
        assert!(!log[0].contains("requestModels"), "unset maps are not sent");
    }

    #[tokio::test]
    async fn create_adopts_an_existing_method_that_matches() {
        let (aws, log) = api(vec![EXISTS, (200, None, METHOD)]).await;
        let state = Method.create(&aws, &planned_method()).await.unwrap();
        assert_eq!(state, planned_method());
        assert_eq!(requests(&log)[1], format!("GET {PATH}"));
    }

    #[tokio::test]
    async fn create_refuses_a_different_existing_method_and_says_how_to_import_it() {
        let (aws, _) = api(vec![EXISTS, (200, None, METHOD)]).await;
        let mut planned = planned_method();
        planned.set("authorization", "AWS_IAM".into());
        let d = Method.create(&aws, &planned).await.unwrap_err().into_vec();
        assert!(
            d[0].detail
                .contains("terraform import apigateway_method.<name> api/res/GET"),
            "{}",
            d[0].detail
        );
    }

    #[tokio::test]
    async fn concurrent_modification_is_retried_not_adopted() {
        let (aws, log) = api(vec![CONCURRENT_MODIFICATION, (201, None, METHOD)]).await;
        let state = Method.create(&aws, &planned_method()).await.unwrap();
        assert_eq!(state, planned_method());
        let log = requests(&log);
        assert_eq!(log.len(), 2);
        assert!(log.iter().all(|r| r.starts_with("PUT ")), "{log:?}");
    }

    #[tokio::test]
    async fn update_is_one_patch_and_the_state_is_its_answer() {
        let (aws, log) = api(vec![(
            200,
            None,
            r#"{"httpMethod":"GET","authorizationType":"NONE","apiKeyRequired":true,"operationName":"ListPets","requestParameters":{"method.request.querystring.page":true}}"#,
        )])
        .await;
        let mut planned = planned_method();
        planned.set("api_key_required", true.into());
        let state = Method
            .update(&aws, &planned_method(), &planned)
            .await
            .unwrap();
        assert_eq!(state, planned);
        let log = requests(&log);
        assert_eq!(log.len(), 1);
        assert_eq!(
            log[0],
            format!(
                r#"PATCH {PATH} {{"patchOperations":[{{"op":"replace","path":"/apiKeyRequired","value":"true"}}]}}"#
            )
        );
    }

    #[tokio::test]
    async fn a_vanished_method_reads_as_none_and_deletes_as_done() {
        let (aws, log) = api(vec![GONE, GONE]).await;
        assert_eq!(Method.read(&aws, &planned_method()).await.unwrap(), None);
        Method.delete(&aws, &planned_method()).await.unwrap();
        assert_eq!(
            requests(&log),
            [format!("GET {PATH}"), format!("DELETE {PATH}")]
        );
    }

    #[tokio::test]
    async fn a_read_completes_an_imported_state() {
        // The embedded integration's `null` template would fail deserialization without the
        // interceptor.
        let (aws, _) = api(vec![(200, None, METHOD)]).await;
        let imported = Method.import("api/res/GET").unwrap();
        let state = Method.read(&aws, &imported).await.unwrap().unwrap();
        assert_eq!(state, planned_method());
    }

    #[tokio::test]
    async fn a_refresh_reads_every_method_of_the_api_with_one_call() {
        let (aws, log) = api_with_snapshots(vec![(
            200,
            None,
            r#"{"item":[{"id":"res","path":"/items","resourceMethods":{"GET":{"httpMethod":"GET","authorizationType":"NONE","apiKeyRequired":false,"operationName":"ListPets","requestParameters":{"method.request.querystring.page":true}}}}]}"#,
        )])
        .await;
        let state = Method.read(&aws, &planned_method()).await.unwrap();
        assert_eq!(state, Some(planned_method()));
        for (attr, other) in [("http_method", "POST"), ("resource_id", "res2")] {
            let mut missing = planned_method();
            missing.set(attr, other.into());
            assert_eq!(Method.read(&aws, &missing).await.unwrap(), None, "{attr}");
        }
        assert_one_snapshot_load(&log, "api");
    }
}
