//! The identities of the objects that hang off a method: a [`MethodKey`] names a method and
//! its integration, a [`ResponseKey`] one of the method's responses and the integration
//! response for the same status code.
//!
//! A key is read from a plan or state, parsed from an import ID, shown as that import ID in
//! messages (`Display`), and builds the state `id` in the format of the hashicorp/aws
//! provider's resource for the same object.

use std::fmt;
use std::marker::PhantomData;

use aws_sdk_apigateway::types::{GatewayResponseType, Method};

use crate::aws::{Aws, AwsError};
use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::validators::{OneOf, StringCheck, one_of, string_check};
use crate::tfvalue::Value;

use super::checks::{
    HTTP_METHOD as HTTP_METHOD_CHECK, HTTP_METHODS, RESPONSE_TYPES,
    STATUS_CODE as STATUS_CODE_CHECK, check_status_code,
};
use super::decl::Spec;
use super::{bad_import_id, import_parts, required_str};

/// What identifies a method, and so its integration: its API, resource and verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodKey {
    /// The REST API id.
    pub rest_api_id: String,
    /// The resource id.
    pub resource_id: String,
    /// The HTTP verb.
    pub http_method: String,
}

impl MethodKey {
    /// The import ID format (the `Display` form).
    pub const IMPORT_FORMAT: &'static str = "REST-API-ID/RESOURCE-ID/HTTP-METHOD";
    /// An import ID for messages.
    const IMPORT_EXAMPLE: &'static str = "a1b2c3d4e5/x1y2z3/GET";

    /// The key from a state or plan; an error when any part is not a known string.
    pub fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            rest_api_id: required_str(value, "rest_api_id")?.to_owned(),
            resource_id: required_str(value, "resource_id")?.to_owned(),
            http_method: required_str(value, "http_method")?.to_owned(),
        })
    }

    /// The key from an import ID of resource type `type_name`; an error that shows the format
    /// when the ID is malformed or names a verb API Gateway does not know (`get`, `FETCH`),
    /// so a typo fails the import instead of importing something the configuration would
    /// then have to replace.
    pub fn from_import_id(type_name: &str, id: &str) -> Result<Self, Diagnostics> {
        let [api, resource, verb] =
            import_parts::<3>(type_name, id, Self::IMPORT_FORMAT, Self::IMPORT_EXAMPLE)?;
        let key = Self::parts(api, resource, verb);
        if let Some(problem) = key.import_problem() {
            return Err(bad_import_id(
                type_name,
                id,
                Some(&problem),
                Self::IMPORT_FORMAT,
                Self::IMPORT_EXAMPLE,
            ));
        }
        Ok(key)
    }

    fn parts(rest_api_id: &str, resource_id: &str, http_method: &str) -> Self {
        Self {
            rest_api_id: rest_api_id.to_owned(),
            resource_id: resource_id.to_owned(),
            http_method: http_method.to_owned(),
        }
    }

    /// What makes the key impossible in API Gateway, if anything.
    fn import_problem(&self) -> Option<String> {
        let verb = &self.http_method;
        (!HTTP_METHODS.contains(&verb.as_str())).then(|| {
            format!(
                "{verb:?} is not an HTTP method API Gateway knows ({})",
                HTTP_METHODS.join(", ")
            )
        })
    }

    /// The state `id` of a method, as the `aws_api_gateway_method` resource has it.
    pub fn method_id(&self) -> String {
        format!("agm-{}", self.dashed())
    }

    /// The state `id` of an integration, as the `aws_api_gateway_integration` resource has it.
    pub fn integration_id(&self) -> String {
        format!("agi-{}", self.dashed())
    }

    fn dashed(&self) -> String {
        format!(
            "{}-{}-{}",
            self.rest_api_id, self.resource_id, self.http_method
        )
    }

    /// The method from the API's read snapshot (see [`crate::aws::cache`]), with its method
    /// responses, integration and integration responses; `None` when the method, its
    /// resource or its API does not exist.
    pub async fn snapshot_method(&self, aws: &Aws) -> Result<Option<Method>, AwsError> {
        aws.cache
            .method(
                &aws.client,
                &self.rest_api_id,
                &self.resource_id,
                &self.http_method,
            )
            .await
    }

    /// The state attributes `id` (given) and the identity: all an import knows, and how
    /// every state of a method or integration begins.
    pub fn attributes(&self, id: String) -> Vec<(&'static str, Value)> {
        let mut attributes = vec![("id", Value::from(id))];
        attributes.extend(Key::identity(self));
        attributes
    }
}

/// The import ID `REST-API-ID/RESOURCE-ID/HTTP-METHOD`, also how messages name the object.
impl fmt::Display for MethodKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}",
            self.rest_api_id, self.resource_id, self.http_method
        )
    }
}

/// What identifies a method response, and so the integration response for the same status
/// code: the method and the status code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseKey {
    /// The method the response belongs to.
    pub method: MethodKey,
    /// The HTTP status code, e.g. `200`.
    pub status_code: String,
}

impl ResponseKey {
    /// The import ID format (the `Display` form).
    pub const IMPORT_FORMAT: &'static str = "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE";
    /// An import ID for messages.
    const IMPORT_EXAMPLE: &'static str = "a1b2c3d4e5/x1y2z3/GET/200";

    /// The key from a state or plan; an error when any part is not a known string.
    pub fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            method: MethodKey::from_state(value)?,
            status_code: required_str(value, "status_code")?.to_owned(),
        })
    }

    /// The key from an import ID of resource type `type_name`; like
    /// [`MethodKey::from_import_id`], and the status code must be one (`200`, not `20`).
    pub fn from_import_id(type_name: &str, id: &str) -> Result<Self, Diagnostics> {
        let [api, resource, verb, status] =
            import_parts::<4>(type_name, id, Self::IMPORT_FORMAT, Self::IMPORT_EXAMPLE)?;
        let key = Self {
            method: MethodKey::parts(api, resource, verb),
            status_code: status.to_owned(),
        };
        let problem = key.method.import_problem().or_else(|| {
            check_status_code(status)
                .err()
                .map(|reason| format!("{status:?} is {reason}"))
        });
        if let Some(problem) = problem {
            return Err(bad_import_id(
                type_name,
                id,
                Some(&problem),
                Self::IMPORT_FORMAT,
                Self::IMPORT_EXAMPLE,
            ));
        }
        Ok(key)
    }

    /// The state `id` of a method response, as the `aws_api_gateway_method_response`
    /// resource has it.
    pub fn method_response_id(&self) -> String {
        format!("agmr-{}-{}", self.method.dashed(), self.status_code)
    }

    /// The state `id` of an integration response, as the
    /// `aws_api_gateway_integration_response` resource has it.
    pub fn integration_response_id(&self) -> String {
        format!("agir-{}-{}", self.method.dashed(), self.status_code)
    }

    /// The state attributes `id` (given) and the identity (see [`MethodKey::attributes`]).
    pub fn attributes(&self, id: String) -> Vec<(&'static str, Value)> {
        let mut attributes = vec![("id", Value::from(id))];
        attributes.extend(Key::identity(self));
        attributes
    }
}

/// The import ID `REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE`, also how messages name
/// the object.
impl fmt::Display for ResponseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.method, self.status_code)
    }
}

/// What names an object (or the API it is created in) in calls and messages: read from a plan
/// or state, shown as its import ID.
pub trait Ident: fmt::Display + Sized + Send + Sync + 'static {
    /// From a plan or state; an error when a part is not a known string.
    fn from_state(value: &Value) -> Result<Self, Diagnostics>;
    /// The REST API the object belongs to.
    fn rest_api_id(&self) -> &str;
}

/// An import ID's format and an example of one, for messages.
#[derive(Debug, Clone, Copy)]
pub struct ImportForm {
    /// E.g. `REST-API-ID/RESOURCE-ID/HTTP-METHOD`.
    pub format: &'static str,
    /// E.g. `a1b2c3d4e5/x1y2z3/GET`.
    pub example: &'static str,
}

/// What identifies an object of a resource type: its identity attributes, declared once here
/// for every type with this key, and its import ID.
pub trait Key: Ident {
    /// The identity attributes (required; a change replaces the object), in schema order.
    const ATTRS: &'static [Spec];
    /// The import ID unless the resource type says otherwise.
    const IMPORT: ImportForm;
    /// From an import ID of `type_name` in `form`; an error that shows the format.
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics>;
    /// The identity attributes' values: all an import knows (with a derived `id`).
    fn identity(&self) -> Vec<(&'static str, Value)>;
}

const REST_API_ID: Spec = Spec::identity("rest_api_id", "Id of the REST API.", &[]);
const RESOURCE_ID: Spec = Spec::identity(
    "resource_id",
    "Id of the resource (the path) the method belongs to.",
    &[],
);
const HTTP_METHOD: Spec = Spec::identity(
    "http_method",
    "The HTTP verb of the method, in upper case.",
    &[&HTTP_METHOD_CHECK],
);
const STATUS_CODE: Spec = Spec::identity(
    "status_code",
    "The HTTP status code of the response, e.g. `\"200\"`.",
    &[&STATUS_CODE_CHECK],
);

impl Ident for MethodKey {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        MethodKey::from_state(value)
    }
    fn rest_api_id(&self) -> &str {
        &self.rest_api_id
    }
}

impl Key for MethodKey {
    const ATTRS: &'static [Spec] = &[REST_API_ID, RESOURCE_ID, HTTP_METHOD];
    const IMPORT: ImportForm = ImportForm {
        format: Self::IMPORT_FORMAT,
        example: Self::IMPORT_EXAMPLE,
    };
    fn from_import_id(type_name: &str, id: &str, _form: ImportForm) -> Result<Self, Diagnostics> {
        MethodKey::from_import_id(type_name, id)
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        vec![
            (REST_API_ID.name, Value::from(self.rest_api_id.as_str())),
            (RESOURCE_ID.name, Value::from(self.resource_id.as_str())),
            (HTTP_METHOD.name, Value::from(self.http_method.as_str())),
        ]
    }
}

impl Ident for ResponseKey {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        ResponseKey::from_state(value)
    }
    fn rest_api_id(&self) -> &str {
        &self.method.rest_api_id
    }
}

impl Key for ResponseKey {
    const ATTRS: &'static [Spec] = &[REST_API_ID, RESOURCE_ID, HTTP_METHOD, STATUS_CODE];
    const IMPORT: ImportForm = ImportForm {
        format: Self::IMPORT_FORMAT,
        example: Self::IMPORT_EXAMPLE,
    };
    fn from_import_id(type_name: &str, id: &str, _form: ImportForm) -> Result<Self, Diagnostics> {
        ResponseKey::from_import_id(type_name, id)
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        let mut attributes = Key::identity(&self.method);
        attributes.push((STATUS_CODE.name, Value::from(self.status_code.as_str())));
        attributes
    }
}

/// The API an object is created in (the create call's parent of an [`ApiChild`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiId(pub String);

impl Ident for ApiId {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self(required_str(value, REST_API_ID.name)?.to_owned()))
    }
    fn rest_api_id(&self) -> &str {
        &self.0
    }
}

impl Key for ApiId {
    const ATTRS: &'static [Spec] = &[REST_API_ID];
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID",
        example: "a1b2c3d4e5",
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        if id.is_empty() || id.contains('/') || id.chars().any(char::is_whitespace) {
            return Err(bad_import_id(
                type_name,
                id,
                None,
                form.format,
                form.example,
            ));
        }
        Ok(Self(id.to_owned()))
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        vec![(REST_API_ID.name, Value::from(self.0.as_str()))]
    }
}

impl fmt::Display for ApiId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An object of a REST API with an id AWS assigns (a request validator, a model, ...):
/// `rest_api_id` and the state `id`; import ID `REST-API-ID/ID`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChild {
    /// The REST API id.
    pub rest_api_id: String,
    /// The object's id.
    pub id: String,
}

impl Ident for ApiChild {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            rest_api_id: required_str(value, REST_API_ID.name)?.to_owned(),
            id: required_str(value, "id")?.to_owned(),
        })
    }
    fn rest_api_id(&self) -> &str {
        &self.rest_api_id
    }
}

impl Key for ApiChild {
    const ATTRS: &'static [Spec] = &[REST_API_ID];
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/ID",
        example: "a1b2c3d4e5/x1y2z3",
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        let [rest_api_id, child] = import_parts::<2>(type_name, id, form.format, form.example)?;
        Ok(Self {
            rest_api_id: rest_api_id.to_owned(),
            id: child.to_owned(),
        })
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        vec![
            (REST_API_ID.name, Value::from(self.rest_api_id.as_str())),
            ("id", Value::from(self.id.as_str())),
        ]
    }
}

/// `REST-API-ID/ID`
impl fmt::Display for ApiChild {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.rest_api_id, self.id)
    }
}

/// What identifies a documentation part: its API and the id AWS assigns, held in
/// `documentation_part_id` (the state `id` is `REST-API-ID/DOC-PART-ID`, as in the hashicorp/aws
/// provider); import ID `REST-API-ID/DOC-PART-ID`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPartKey {
    /// The REST API id.
    pub rest_api_id: String,
    /// The documentation part id.
    pub part_id: String,
}

/// The attribute holding a documentation part's own id.
pub const DOC_PART_ID: &str = "documentation_part_id";

impl Ident for DocPartKey {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            rest_api_id: required_str(value, REST_API_ID.name)?.to_owned(),
            part_id: required_str(value, DOC_PART_ID)?.to_owned(),
        })
    }
    fn rest_api_id(&self) -> &str {
        &self.rest_api_id
    }
}

impl Key for DocPartKey {
    const ATTRS: &'static [Spec] = &[REST_API_ID];
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/DOC-PART-ID",
        example: "a1b2c3d4e5/p1q2r3",
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        let [rest_api_id, part] = import_parts::<2>(type_name, id, form.format, form.example)?;
        Ok(Self {
            rest_api_id: rest_api_id.to_owned(),
            part_id: part.to_owned(),
        })
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        vec![
            (REST_API_ID.name, Value::from(self.rest_api_id.as_str())),
            (DOC_PART_ID, Value::from(self.part_id.as_str())),
        ]
    }
}

/// `REST-API-ID/DOC-PART-ID`
impl fmt::Display for DocPartKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.rest_api_id, self.part_id)
    }
}

const RESPONSE_TYPE: Spec = Spec::identity(
    "response_type",
    "The response type to customise, in upper case; a change replaces the gateway response \
     (the old type is reset to its default).",
    &[&RESPONSE_TYPE_CHECK],
);
const RESPONSE_TYPE_CHECK: OneOf = one_of(RESPONSE_TYPES);

/// What identifies a gateway response: its API and response type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayKey {
    /// The REST API id.
    pub rest_api_id: String,
    /// The response type, e.g. `UNAUTHORIZED`.
    pub response_type: String,
}

impl GatewayKey {
    /// The state `id`, as the `aws_api_gateway_gateway_response` resource has it.
    pub fn gateway_response_id(&self) -> String {
        format!("aggr-{}-{}", self.rest_api_id, self.response_type)
    }

    /// The response type as the SDK's enum.
    pub fn kind(&self) -> GatewayResponseType {
        GatewayResponseType::from(self.response_type.as_str())
    }

    /// The response type of a plan or state, when known.
    pub fn response_type_in(value: &Value) -> Option<&str> {
        value.get(RESPONSE_TYPE.name).as_str()
    }
}

impl Ident for GatewayKey {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            rest_api_id: required_str(value, REST_API_ID.name)?.to_owned(),
            response_type: required_str(value, RESPONSE_TYPE.name)?.to_owned(),
        })
    }
    fn rest_api_id(&self) -> &str {
        &self.rest_api_id
    }
}

impl Key for GatewayKey {
    const ATTRS: &'static [Spec] = &[REST_API_ID, RESPONSE_TYPE];
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/RESPONSE-TYPE",
        example: "a1b2c3d4e5/UNAUTHORIZED",
    };
    /// A type API Gateway does not know is a second diagnostic that lists the types.
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        let [api, kind] = import_parts::<2>(type_name, id, form.format, form.example)?;
        if !RESPONSE_TYPES.contains(&kind) {
            let mut diags = bad_import_id(type_name, id, None, form.format, form.example);
            diags.push(Diagnostic::error(
                "Unknown gateway response type",
                format!(
                    "{kind:?} is not a gateway response type. Allowed: {}.",
                    RESPONSE_TYPES.join(", ")
                ),
            ));
            return Err(diags);
        }
        Ok(Self {
            rest_api_id: api.to_owned(),
            response_type: kind.to_owned(),
        })
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        vec![
            (REST_API_ID.name, Value::from(self.rest_api_id.as_str())),
            (RESPONSE_TYPE.name, Value::from(self.response_type.as_str())),
        ]
    }
}

/// `REST-API-ID/RESPONSE-TYPE`
impl fmt::Display for GatewayKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.rest_api_id, self.response_type)
    }
}

const STAGE_NAME: Spec = Spec::identity(
    "stage_name",
    "Name of the stage, e.g. `prod`: letters, digits, hyphens and underscores, at most 128; it is \
     the first segment of the invoke URL's path.",
    &[&STAGE_NAME_CHECK],
);
const STAGE_NAME_CHECK: StringCheck = string_check(
    "letters, digits, `-` and `_`, 1 to 128 characters",
    check_stage_name,
);

fn check_stage_name(s: &str) -> Result<(), String> {
    if s.is_empty() || s.len() > 128 {
        return Err("it must be 1 to 128 characters long".to_owned());
    }
    match s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        Some(c) => Err(format!("{c:?} is not allowed")),
        None => Ok(()),
    }
}

/// What identifies a stage: its API and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageKey {
    /// The REST API id.
    pub rest_api_id: String,
    /// The stage name.
    pub stage_name: String,
}

impl StageKey {
    /// The state `id`, as the `aws_api_gateway_stage` resource has it.
    pub fn stage_id(&self) -> String {
        format!("ags-{}-{}", self.rest_api_id, self.stage_name)
    }
}

impl Ident for StageKey {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            rest_api_id: required_str(value, REST_API_ID.name)?.to_owned(),
            stage_name: required_str(value, STAGE_NAME.name)?.to_owned(),
        })
    }
    fn rest_api_id(&self) -> &str {
        &self.rest_api_id
    }
}

impl Key for StageKey {
    const ATTRS: &'static [Spec] = &[REST_API_ID, STAGE_NAME];
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/STAGE-NAME",
        example: "a1b2c3d4e5/prod",
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        let [api, stage] = import_parts::<2>(type_name, id, form.format, form.example)?;
        if let Err(reason) = check_stage_name(stage) {
            let problem = format!("{stage:?} is not a stage name: {reason}");
            return Err(bad_import_id(
                type_name,
                id,
                Some(&problem),
                form.format,
                form.example,
            ));
        }
        Ok(Self {
            rest_api_id: api.to_owned(),
            stage_name: stage.to_owned(),
        })
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        vec![
            (REST_API_ID.name, Value::from(self.rest_api_id.as_str())),
            (STAGE_NAME.name, Value::from(self.stage_name.as_str())),
        ]
    }
}

/// `REST-API-ID/STAGE-NAME`
impl fmt::Display for StageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.rest_api_id, self.stage_name)
    }
}

const METHOD_PATH: Spec = Spec::identity(
    "method_path",
    "The method the settings apply to: `*/*` for every method of the stage, or \
     `RESOURCE-PATH/HTTP-METHOD` without the leading `/`, e.g. `pets/GET` or `pets/{id}/*` \
     (`trimprefix(apigateway_resource.NAME.path, \"/\")`).",
    &[&METHOD_PATH_CHECK],
);
const METHOD_PATH_CHECK: StringCheck = string_check(
    "`*/*` or `RESOURCE-PATH/HTTP-METHOD`, e.g. `pets/GET`",
    check_method_path,
);

fn check_method_path(s: &str) -> Result<(), String> {
    if s == "*/*" {
        return Ok(());
    }
    let Some((path, verb)) = s.rsplit_once('/') else {
        return Err("it has no `/` between the resource path and the HTTP method".to_owned());
    };
    if path.is_empty() || path.starts_with('/') {
        return Err("the resource path must not be empty or start with `/`".to_owned());
    }
    // AWS refuses settings for an `ANY` method ("Invalid method setting path").
    if verb != "*" && (verb == "ANY" || !HTTP_METHODS.contains(&verb)) {
        return Err(format!(
            "{verb:?} is not an HTTP method other than `ANY` (or `*`)"
        ));
    }
    Ok(())
}

/// What identifies the method settings of one method of a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsKey {
    /// The stage.
    pub stage: StageKey,
    /// `*/*` or `RESOURCE-PATH/HTTP-METHOD`.
    pub method_path: String,
}

impl SettingsKey {
    /// The state `id`, as the `aws_api_gateway_method_settings` resource has it.
    pub fn settings_id(&self) -> String {
        format!(
            "{}-{}-{}",
            self.stage.rest_api_id, self.stage.stage_name, self.method_path
        )
    }

    /// The key of these settings in AWS's `methodSettings` map, which is also their patch path
    /// without the leading `/`: the resource path escaped (`/` → `~1`), then `/` and the verb.
    pub fn aws_key(&self) -> String {
        match self.method_path.rsplit_once('/') {
            Some((path, verb)) if self.method_path != "*/*" => {
                format!("{}/{verb}", crate::aws::patch::escape(&format!("/{path}")))
            }
            _ => self.method_path.clone(),
        }
    }
}

impl Ident for SettingsKey {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            stage: StageKey::from_state(value)?,
            method_path: required_str(value, METHOD_PATH.name)?.to_owned(),
        })
    }
    fn rest_api_id(&self) -> &str {
        &self.stage.rest_api_id
    }
}

impl Key for SettingsKey {
    const ATTRS: &'static [Spec] = &[REST_API_ID, STAGE_NAME, METHOD_PATH];
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/STAGE-NAME/METHOD-PATH",
        example: "a1b2c3d4e5/prod/pets/GET",
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        let bad = |problem: Option<&str>| {
            bad_import_id(type_name, id, problem, form.format, form.example)
        };
        let mut parts = id.splitn(3, '/');
        let (Some(api), Some(stage), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad(None));
        };
        if api.is_empty() || stage.is_empty() || id.chars().any(char::is_whitespace) {
            return Err(bad(None));
        }
        if let Err(reason) = check_method_path(path) {
            return Err(bad(Some(&format!(
                "{path:?} is not a method path: {reason}"
            ))));
        }
        Ok(Self {
            stage: StageKey {
                rest_api_id: api.to_owned(),
                stage_name: stage.to_owned(),
            },
            method_path: path.to_owned(),
        })
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        let mut attributes = self.stage.identity();
        attributes.push((METHOD_PATH.name, Value::from(self.method_path.as_str())));
        attributes
    }
}

/// `REST-API-ID/STAGE-NAME/METHOD-PATH`
impl fmt::Display for SettingsKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.stage, self.method_path)
    }
}

const MODEL_NAME: Spec = Spec::identity(
    "name",
    "Name of the model, e.g. `Pet`: letters and digits only (methods refer to it by this name).",
    &[&MODEL_NAME_CHECK],
);
const MODEL_NAME_CHECK: StringCheck =
    string_check("letters and digits, e.g. `Pet`", check_model_name);

/// AWS allows only letters and digits in a model name (CreateModel).
pub fn check_model_name(s: &str) -> Result<(), String> {
    if s.is_empty() {
        Err("it is empty".to_owned())
    } else if s.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err("only letters and digits are allowed".to_owned())
    }
}

/// The name part of a key made of a REST API and a name (AWS addresses these objects by
/// name): its attribute, import ID and the rule AWS applies to it.
pub trait NameSpec: Send + Sync + fmt::Debug + 'static {
    /// The name attribute (required; a change replaces the object).
    const SPEC: Spec;
    /// The import ID, `REST-API-ID/NAME`.
    const IMPORT: ImportForm;
    /// What the name is, for messages: "a model name".
    const WHAT: &'static str;
    /// Why AWS refuses `s`, if it does.
    fn check(s: &str) -> Result<(), String>;
}

/// What identifies an object of a REST API that AWS addresses by name.
pub struct ApiNamed<N> {
    /// The REST API id.
    pub rest_api_id: String,
    /// The name.
    pub name: String,
    kind: PhantomData<N>,
}

impl<N> ApiNamed<N> {
    fn new(rest_api_id: &str, name: &str) -> Self {
        Self {
            rest_api_id: rest_api_id.to_owned(),
            name: name.to_owned(),
            kind: PhantomData,
        }
    }
}

impl<N> fmt::Debug for ApiNamed<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiNamed({}/{})", self.rest_api_id, self.name)
    }
}

impl<N> Clone for ApiNamed<N> {
    fn clone(&self) -> Self {
        Self::new(&self.rest_api_id, &self.name)
    }
}

impl<N> PartialEq for ApiNamed<N> {
    fn eq(&self, other: &Self) -> bool {
        self.rest_api_id == other.rest_api_id && self.name == other.name
    }
}

impl<N> Eq for ApiNamed<N> {}

impl<N: NameSpec> Ident for ApiNamed<N> {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self::new(
            required_str(value, REST_API_ID.name)?,
            required_str(value, N::SPEC.name)?,
        ))
    }
    fn rest_api_id(&self) -> &str {
        &self.rest_api_id
    }
}

impl<N: NameSpec> Key for ApiNamed<N> {
    const ATTRS: &'static [Spec] = &[REST_API_ID, N::SPEC];
    const IMPORT: ImportForm = N::IMPORT;
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        let [api, name] = import_parts::<2>(type_name, id, form.format, form.example)?;
        if let Err(reason) = N::check(name) {
            let problem = format!("{name:?} is not {}: {reason}", N::WHAT);
            return Err(bad_import_id(
                type_name,
                id,
                Some(&problem),
                form.format,
                form.example,
            ));
        }
        Ok(Self::new(api, name))
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        vec![
            (REST_API_ID.name, Value::from(self.rest_api_id.as_str())),
            (N::SPEC.name, Value::from(self.name.as_str())),
        ]
    }
}

/// `REST-API-ID/NAME`
impl<N> fmt::Display for ApiNamed<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.rest_api_id, self.name)
    }
}

/// A model's name.
#[derive(Debug)]
pub struct ModelName;

impl NameSpec for ModelName {
    const SPEC: Spec = MODEL_NAME;
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/MODEL-NAME",
        example: "a1b2c3d4e5/Pet",
    };
    const WHAT: &'static str = "a model name";
    fn check(s: &str) -> Result<(), String> {
        check_model_name(s)
    }
}

/// What identifies a model: its API and name.
pub type ModelKey = ApiNamed<ModelName>;

const DOC_VERSION: Spec = Spec::identity(
    "version",
    "The documentation version, e.g. `1.0.0` (a stage shows it through its \
     `documentation_version`).",
    &[&DOC_VERSION_CHECK],
);
const DOC_VERSION_CHECK: StringCheck = string_check(
    "a version without `/` or whitespace, e.g. `1.0.0`",
    check_doc_version,
);

fn check_doc_version(s: &str) -> Result<(), String> {
    if s.is_empty() {
        Err("it is empty".to_owned())
    } else if s.contains('/') || s.chars().any(char::is_whitespace) {
        Err("`/` and whitespace are not allowed".to_owned())
    } else {
        Ok(())
    }
}

/// A documentation version's name.
#[derive(Debug)]
pub struct DocVersionName;

impl NameSpec for DocVersionName {
    const SPEC: Spec = DOC_VERSION;
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/VERSION",
        example: "a1b2c3d4e5/1.0.0",
    };
    const WHAT: &'static str = "a documentation version";
    fn check(s: &str) -> Result<(), String> {
        check_doc_version(s)
    }
}

/// What identifies a documentation version: its API and version.
pub type DocVersionKey = ApiNamed<DocVersionName>;

/// What identifies a REST API: its id, which is also the state `id` and the import ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestApiKey(pub String);

impl Ident for RestApiKey {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self(required_str(value, "id")?.to_owned()))
    }
    fn rest_api_id(&self) -> &str {
        &self.0
    }
}

impl Key for RestApiKey {
    const ATTRS: &'static [Spec] = &[];
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID",
        example: "a1b2c3d4e5",
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        if id.is_empty() || id.contains('/') || id.chars().any(char::is_whitespace) {
            return Err(bad_import_id(
                type_name,
                id,
                None,
                form.format,
                form.example,
            ));
        }
        Ok(Self(id.to_owned()))
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        vec![("id", Value::from(self.0.as_str()))]
    }
}

impl fmt::Display for RestApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How an object that lives outside any REST API and is named by an id AWS assigns (an API
/// key, a usage plan, a client certificate, a VPC link) shows its import ID.
pub trait OwnIdForm: Send + Sync + 'static {
    /// E.g. `API-KEY-ID`.
    const FORMAT: &'static str;
    /// E.g. `a1b2c3d4e5`.
    const EXAMPLE: &'static str;
    /// Whether the id is an ARN (which holds `/`).
    const ARN: bool = false;
}

/// The key of an object outside any REST API, named by its AWS-assigned `id` (also its import
/// ID). Writes to it take no REST API lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnId<F: OwnIdForm>(pub String, PhantomData<F>);

impl<F: OwnIdForm> OwnId<F> {
    /// The key of the object with this id.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into(), PhantomData)
    }
}

impl<F: OwnIdForm> Ident for OwnId<F> {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self::new(required_str(value, "id")?))
    }
    fn rest_api_id(&self) -> &str {
        ""
    }
}

impl<F: OwnIdForm> Key for OwnId<F> {
    const ATTRS: &'static [Spec] = &[];
    const IMPORT: ImportForm = ImportForm {
        format: F::FORMAT,
        example: F::EXAMPLE,
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        let shape = if F::ARN {
            id.starts_with("arn:")
        } else {
            !id.contains('/')
        };
        if id.is_empty() || !shape || id.chars().any(char::is_whitespace) {
            return Err(bad_import_id(
                type_name,
                id,
                None,
                form.format,
                form.example,
            ));
        }
        Ok(Self::new(id))
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        vec![("id", Value::from(self.0.as_str()))]
    }
}

impl<F: OwnIdForm> fmt::Display for OwnId<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const USAGE_PLAN_ID: Spec = Spec::identity("usage_plan_id", "Id of the usage plan.", &[]);
const KEY_ID: Spec = Spec::identity("key_id", "Id of the API key.", &[]);

/// A usage plan key: the plan and the API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanKey {
    /// The usage plan.
    pub usage_plan_id: String,
    /// The API key.
    pub key_id: String,
}

impl Ident for PlanKey {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            usage_plan_id: required_str(value, USAGE_PLAN_ID.name)?.to_owned(),
            key_id: required_str(value, KEY_ID.name)?.to_owned(),
        })
    }
    // Not in a REST API: no API lock.
    fn rest_api_id(&self) -> &str {
        ""
    }
}

impl Key for PlanKey {
    const ATTRS: &'static [Spec] = &[KEY_ID, USAGE_PLAN_ID];
    const IMPORT: ImportForm = ImportForm {
        format: "USAGE-PLAN-ID/USAGE-PLAN-KEY-ID",
        example: "a1b2c3/k1l2m3n4o5",
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        let [usage_plan_id, key_id] = import_parts(type_name, id, form.format, form.example)?;
        Ok(Self {
            usage_plan_id: usage_plan_id.to_owned(),
            key_id: key_id.to_owned(),
        })
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        vec![
            (KEY_ID.name, Value::from(self.key_id.as_str())),
            (USAGE_PLAN_ID.name, Value::from(self.usage_plan_id.as_str())),
        ]
    }
}

impl fmt::Display for PlanKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.usage_plan_id, self.key_id)
    }
}

const DOMAIN_NAME: Spec = Spec::identity(
    "domain_name",
    "The custom domain name, e.g. `api.example.com`.",
    &[],
);
const BASE_PATH: Spec = Spec::optional_identity(
    "base_path",
    "The path after the domain name that selects the API, e.g. `v1`; empty (or left out) maps \
     the domain's root. Letters, digits, `$-_.+!*'()` and `/` between segments.",
    &[&BASE_PATH_CHECK],
);
const DOMAIN_NAME_ID: Spec = Spec::optional_identity(
    "domain_name_id",
    "The id of a private custom domain name (its `domain_name_id`).",
    &[],
);

/// The characters AWS takes in a base path (`$-_.+!*'()`, letters and digits), with `/` only
/// between segments.
const BASE_PATH_CHECK: StringCheck = string_check(
    "letters, digits, `$-_.+!*'()`, and `/` between segments",
    |s| {
        if s.starts_with('/') || s.ends_with('/') || s.contains("//") {
            return Err("a `/` must be between two segments".to_owned());
        }
        match s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "$-_.+!*'()/".contains(*c)))
        {
            Some(c) => Err(format!("{c:?} is not allowed")),
            None => Ok(()),
        }
    },
);

/// An optional string of a state: `None` when null or empty; an error while unknown.
fn optional_part(value: &Value, name: &str) -> Result<Option<String>, Diagnostics> {
    match value.get(name) {
        Value::Unknown => Err(Diagnostic::error(
            "Value not known yet",
            format!("`{name}` is not known until apply."),
        )
        .into()),
        v => Ok(v.as_str().filter(|s| !s.is_empty()).map(str::to_owned)),
    }
}

/// A custom domain name; private domains also have an id AWS assigns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainKey {
    /// The domain name.
    pub domain_name: String,
    /// A private domain's `domain_name_id`.
    pub domain_name_id: Option<String>,
}

impl DomainKey {
    /// The domain name a (planned) state names; empty while unknown.
    pub fn name_in(value: &Value) -> String {
        value
            .get(DOMAIN_NAME.name)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Sets a new state's `id` from its domain name and the `domain_name_id` AWS answered (a
    /// plan does not know it yet).
    pub fn settle_id(state: &mut Value) {
        if let Ok(key) = Self::from_state(state) {
            state.set("id", Value::from(key.to_string()));
        }
    }
}

impl Ident for DomainKey {
    // `domain_name_id` is AWS's (computed): unknown in a plan, where only the name counts.
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        let domain_name_id = match value.get(DOMAIN_NAME_ID.name) {
            Value::Unknown => None,
            _ => optional_part(value, DOMAIN_NAME_ID.name)?,
        };
        Ok(Self {
            domain_name: required_str(value, DOMAIN_NAME.name)?.to_owned(),
            domain_name_id,
        })
    }
    fn rest_api_id(&self) -> &str {
        ""
    }
}

impl Key for DomainKey {
    const ATTRS: &'static [Spec] = &[DOMAIN_NAME];
    const IMPORT: ImportForm = ImportForm {
        format: "DOMAIN-NAME or DOMAIN-NAME/DOMAIN-NAME-ID",
        example: "api.example.com",
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        let (domain, private) = match id.split_once('/') {
            Some((d, p)) => (d, Some(p)),
            None => (id, None),
        };
        let bad = |p: &str| p.is_empty() || p.contains('/') || p.chars().any(char::is_whitespace);
        if bad(domain) || private.is_some_and(bad) {
            return Err(bad_import_id(
                type_name,
                id,
                None,
                form.format,
                form.example,
            ));
        }
        Ok(Self {
            domain_name: domain.to_owned(),
            domain_name_id: private.map(str::to_owned),
        })
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        let mut parts = vec![(DOMAIN_NAME.name, Value::from(self.domain_name.as_str()))];
        if let Some(id) = &self.domain_name_id {
            parts.push((DOMAIN_NAME_ID.name, Value::from(id.as_str())));
        }
        parts
    }
}

impl fmt::Display for DomainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.domain_name_id {
            Some(id) => write!(f, "{}/{id}", self.domain_name),
            None => f.write_str(&self.domain_name),
        }
    }
}

/// A base path mapping: the domain, the base path (empty for the root) and, for a private
/// domain, its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingKey {
    /// The domain name.
    pub domain_name: String,
    /// The base path, `""` for the root (AWS's `(none)`).
    pub base_path: String,
    /// A private domain's `domain_name_id`.
    pub domain_name_id: Option<String>,
}

impl MappingKey {
    /// The base path as AWS's calls take it: `(none)` for the root.
    pub fn aws_base_path(&self) -> &str {
        if self.base_path.is_empty() {
            "(none)"
        } else {
            &self.base_path
        }
    }
}

impl Ident for MappingKey {
    fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            domain_name: required_str(value, DOMAIN_NAME.name)?.to_owned(),
            base_path: optional_part(value, BASE_PATH.name)?.unwrap_or_default(),
            domain_name_id: optional_part(value, DOMAIN_NAME_ID.name)?,
        })
    }
    fn rest_api_id(&self) -> &str {
        ""
    }
}

impl Key for MappingKey {
    const ATTRS: &'static [Spec] = &[DOMAIN_NAME, BASE_PATH, DOMAIN_NAME_ID];
    const IMPORT: ImportForm = ImportForm {
        format: "DOMAIN-NAME/BASE-PATH or DOMAIN-NAME/BASE-PATH/DOMAIN-NAME-ID",
        example: "api.example.com/v1",
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        let mut parts = id.splitn(3, '/');
        let domain = parts.next().unwrap_or_default();
        let Some(base) = parts.next() else {
            return Err(bad_import_id(
                type_name,
                id,
                None,
                form.format,
                form.example,
            ));
        };
        let private = parts.next().filter(|p| !p.is_empty());
        if domain.is_empty() || id.chars().any(char::is_whitespace) {
            return Err(bad_import_id(
                type_name,
                id,
                None,
                form.format,
                form.example,
            ));
        }
        let base = if base == "(none)" { "" } else { base };
        Ok(Self {
            domain_name: domain.to_owned(),
            base_path: base.to_owned(),
            domain_name_id: private.map(str::to_owned),
        })
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        let opt = |s: &str| {
            if s.is_empty() {
                Value::Null
            } else {
                Value::from(s)
            }
        };
        vec![
            (DOMAIN_NAME.name, Value::from(self.domain_name.as_str())),
            (BASE_PATH.name, opt(&self.base_path)),
            (
                DOMAIN_NAME_ID.name,
                opt(self.domain_name_id.as_deref().unwrap_or_default()),
            ),
        ]
    }
}

impl fmt::Display for MappingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.domain_name, self.base_path)?;
        if let Some(id) = &self.domain_name_id {
            write!(f, "/{id}")?;
        }
        Ok(())
    }
}

/// The key of the one API Gateway account (settings) of a region: the official provider's
/// fixed `id`, `api-gateway-account`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountKey;

/// The account's state `id` and import ID.
pub const ACCOUNT_ID: &str = "api-gateway-account";

impl Ident for AccountKey {
    fn from_state(_value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self)
    }
    fn rest_api_id(&self) -> &str {
        ""
    }
}

impl Key for AccountKey {
    const ATTRS: &'static [Spec] = &[];
    const IMPORT: ImportForm = ImportForm {
        format: ACCOUNT_ID,
        example: ACCOUNT_ID,
    };
    fn from_import_id(type_name: &str, id: &str, form: ImportForm) -> Result<Self, Diagnostics> {
        if id == ACCOUNT_ID {
            Ok(Self)
        } else {
            Err(bad_import_id(
                type_name,
                id,
                Some("there is one account per region"),
                form.format,
                form.example,
            ))
        }
    }
    fn identity(&self) -> Vec<(&'static str, Value)> {
        Vec::new()
    }
}

impl fmt::Display for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ACCOUNT_ID)
    }
}

/// The parent of an object created in no REST API (a REST API itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoParent;

impl Ident for NoParent {
    fn from_state(_value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self)
    }
    /// None: writes to a new API need no lock.
    fn rest_api_id(&self) -> &str {
        ""
    }
}

impl fmt::Display for NoParent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("new")
    }
}

/// Sets a key's parts on an SDK call's fluent builder.
pub trait WithKey<K> {
    /// The builder with the key's parts set.
    #[must_use]
    fn key(self, key: &K) -> Self;
}

macro_rules! with_method_key {
    ($($b:ty),* $(,)?) => {$(
        impl WithKey<MethodKey> for $b {
            fn key(self, k: &MethodKey) -> Self {
                self.rest_api_id(&k.rest_api_id).resource_id(&k.resource_id).http_method(&k.http_method)
            }
        }
    )*};
}

macro_rules! with_response_key {
    ($($b:ty),* $(,)?) => {$(
        with_method_key!($b);
        impl WithKey<ResponseKey> for $b {
            fn key(self, k: &ResponseKey) -> Self {
                WithKey::<MethodKey>::key(self, &k.method).status_code(&k.status_code)
            }
        }
    )*};
}

with_method_key!(
    builders::PutMethodFluentBuilder,
    builders::GetMethodFluentBuilder,
    builders::UpdateMethodFluentBuilder,
    builders::DeleteMethodFluentBuilder,
    builders::PutIntegrationFluentBuilder,
    builders::GetIntegrationFluentBuilder,
    builders::UpdateIntegrationFluentBuilder,
    builders::DeleteIntegrationFluentBuilder,
);
with_response_key!(
    builders::PutMethodResponseFluentBuilder,
    builders::GetMethodResponseFluentBuilder,
    builders::UpdateMethodResponseFluentBuilder,
    builders::DeleteMethodResponseFluentBuilder,
    builders::PutIntegrationResponseFluentBuilder,
    builders::GetIntegrationResponseFluentBuilder,
    builders::DeleteIntegrationResponseFluentBuilder,
);

/// The SDK's fluent builders the keys are set on.
mod builders {
    pub use aws_sdk_apigateway::operation::delete_integration::builders::DeleteIntegrationFluentBuilder;
    pub use aws_sdk_apigateway::operation::delete_integration_response::builders::DeleteIntegrationResponseFluentBuilder;
    pub use aws_sdk_apigateway::operation::delete_method::builders::DeleteMethodFluentBuilder;
    pub use aws_sdk_apigateway::operation::delete_method_response::builders::DeleteMethodResponseFluentBuilder;
    pub use aws_sdk_apigateway::operation::get_integration::builders::GetIntegrationFluentBuilder;
    pub use aws_sdk_apigateway::operation::get_integration_response::builders::GetIntegrationResponseFluentBuilder;
    pub use aws_sdk_apigateway::operation::get_method::builders::GetMethodFluentBuilder;
    pub use aws_sdk_apigateway::operation::get_method_response::builders::GetMethodResponseFluentBuilder;
    pub use aws_sdk_apigateway::operation::put_integration::builders::PutIntegrationFluentBuilder;
    pub use aws_sdk_apigateway::operation::put_integration_response::builders::PutIntegrationResponseFluentBuilder;
    pub use aws_sdk_apigateway::operation::put_method::builders::PutMethodFluentBuilder;
    pub use aws_sdk_apigateway::operation::put_method_response::builders::PutMethodResponseFluentBuilder;
    pub use aws_sdk_apigateway::operation::update_integration::builders::UpdateIntegrationFluentBuilder;
    pub use aws_sdk_apigateway::operation::update_method::builders::UpdateMethodFluentBuilder;
    pub use aws_sdk_apigateway::operation::update_method_response::builders::UpdateMethodResponseFluentBuilder;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response_key() -> ResponseKey {
        ResponseKey {
            method: MethodKey::parts("api1", "res1", "GET"),
            status_code: "200".into(),
        }
    }

    #[test]
    fn ids_use_the_official_formats() {
        let key = response_key();
        assert_eq!(key.method.method_id(), "agm-api1-res1-GET");
        assert_eq!(key.method.integration_id(), "agi-api1-res1-GET");
        assert_eq!(key.method_response_id(), "agmr-api1-res1-GET-200");
        assert_eq!(key.integration_response_id(), "agir-api1-res1-GET-200");
        assert_eq!(key.method.to_string(), "api1/res1/GET");
        assert_eq!(key.to_string(), "api1/res1/GET/200");
    }

    #[test]
    fn import_ids_round_trip_and_name_the_problem() {
        let key = response_key();
        assert_eq!(
            ResponseKey::from_import_id("t", &key.to_string()).unwrap(),
            key
        );
        assert_eq!(
            MethodKey::from_import_id("t", &key.method.to_string()).unwrap(),
            key.method
        );
        let state = Value::object(key.attributes(key.method_response_id()));
        assert_eq!(ResponseKey::from_state(&state).unwrap(), key);
        let d = ResponseKey::from_import_id("apigateway_x", "a/r/GET/20")
            .unwrap_err()
            .into_vec();
        assert_eq!(d.len(), 1);
        assert!(d[0].detail.contains("\"20\" is not a status code"), "{d:?}");
        assert!(d[0].detail.contains(ResponseKey::IMPORT_FORMAT), "{d:?}");
        let d = MethodKey::from_import_id("apigateway_x", "a/r/get")
            .unwrap_err()
            .into_vec();
        assert!(
            d[0].detail.contains("\"get\" is not an HTTP method"),
            "{d:?}"
        );
        assert!(
            d[0].detail
                .contains("terraform import apigateway_x.example a1b2c3d4e5/x1y2z3/GET"),
            "{d:?}"
        );
    }
}
