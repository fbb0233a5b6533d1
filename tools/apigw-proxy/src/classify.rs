//! Maps an HTTP request (method + path + query) to the API Gateway (REST API, v1)
//! control-plane operation it invokes.
//!
//! The table follows the `http` bindings of the AWS API model as serialised by the
//! Rust SDK (`aws-sdk-apigateway`), so it names operations exactly as AWS does
//! (`PutMethod`, `GetResources`, ...). Requests that match no binding are
//! [`Operation::Other`]; they are still forwarded and counted.

use std::fmt;
use std::str::FromStr;

use hyper::Method;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares the [`Operation`] enum together with its name table, so the list of
/// names used for stats keys and fault filters can never drift from the enum.
macro_rules! operations {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {
        /// An API Gateway control-plane operation, named as in the AWS API reference.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Operation {
            $($(#[$doc])* $name,)+
        }

        impl Operation {
            /// Every operation, [`Operation::Other`] included.
            pub const ALL: &'static [Operation] = &[$(Operation::$name,)+];

            /// The AWS operation name, e.g. `"PutMethod"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Operation::$name => stringify!($name),)+
                }
            }
        }
    };
}

operations! {
    // REST APIs
    CreateRestApi, GetRestApis, ImportRestApi, GetRestApi, PutRestApi, UpdateRestApi, DeleteRestApi,
    // Resources
    GetResources, CreateResource, GetResource, UpdateResource, DeleteResource,
    // Methods
    PutMethod, GetMethod, UpdateMethod, DeleteMethod, TestInvokeMethod,
    // Method responses
    PutMethodResponse, GetMethodResponse, UpdateMethodResponse, DeleteMethodResponse,
    // Integrations
    PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration,
    // Integration responses
    PutIntegrationResponse, GetIntegrationResponse, UpdateIntegrationResponse,
    DeleteIntegrationResponse,
    // Gateway responses
    GetGatewayResponses, PutGatewayResponse, GetGatewayResponse, UpdateGatewayResponse,
    DeleteGatewayResponse,
    // Authorizers
    GetAuthorizers, CreateAuthorizer, GetAuthorizer, UpdateAuthorizer, DeleteAuthorizer,
    TestInvokeAuthorizer,
    // Request validators
    GetRequestValidators, CreateRequestValidator, GetRequestValidator, UpdateRequestValidator,
    DeleteRequestValidator,
    // Models
    GetModels, CreateModel, GetModel, UpdateModel, DeleteModel, GetModelTemplate,
    // Deployments
    GetDeployments, CreateDeployment, GetDeployment, UpdateDeployment, DeleteDeployment,
    // Stages
    GetStages, CreateStage, GetStage, UpdateStage, DeleteStage, FlushStageCache,
    FlushStageAuthorizersCache, GetExport, GetSdk,
    // Documentation
    GetDocumentationParts, CreateDocumentationPart, ImportDocumentationParts,
    GetDocumentationPart, UpdateDocumentationPart, DeleteDocumentationPart,
    GetDocumentationVersions, CreateDocumentationVersion, GetDocumentationVersion,
    UpdateDocumentationVersion, DeleteDocumentationVersion,
    // Tags
    GetTags, TagResource, UntagResource,
    // Account
    GetAccount, UpdateAccount,
    // API keys
    GetApiKeys, CreateApiKey, ImportApiKeys, GetApiKey, UpdateApiKey, DeleteApiKey,
    // Client certificates
    GetClientCertificates, GenerateClientCertificate, GetClientCertificate,
    UpdateClientCertificate, DeleteClientCertificate,
    // Custom domain names
    GetDomainNames, CreateDomainName, GetDomainName, UpdateDomainName, DeleteDomainName,
    GetBasePathMappings, CreateBasePathMapping, GetBasePathMapping, UpdateBasePathMapping,
    DeleteBasePathMapping, GetDomainNameAccessAssociations, CreateDomainNameAccessAssociation,
    DeleteDomainNameAccessAssociation, RejectDomainNameAccessAssociation,
    // SDK types
    GetSdkTypes, GetSdkType,
    // Usage plans
    GetUsagePlans, CreateUsagePlan, GetUsagePlan, UpdateUsagePlan, DeleteUsagePlan,
    GetUsagePlanKeys, CreateUsagePlanKey, GetUsagePlanKey, DeleteUsagePlanKey, GetUsage,
    UpdateUsage,
    // VPC links
    GetVpcLinks, CreateVpcLink, GetVpcLink, UpdateVpcLink, DeleteVpcLink,
    /// Anything that matches no API Gateway binding.
    Other,
}

/// Verbs that start operation names, longest first where one is a prefix of another.
const VERBS: &[&str] = &[
    "TestInvoke",
    "Generate",
    "Create",
    "Update",
    "Delete",
    "Import",
    "Reject",
    "Flush",
    "Put",
    "Get",
];

impl Operation {
    /// The kind of object the operation acts on: its name without the verb. So
    /// `PutMethodResponse`, `UpdateMethodResponse` and `DeleteMethodResponse` are all
    /// `"MethodResponse"`, and `CreateResource` is `"Resource"`. Names that start with
    /// no verb (`TagResource`, `Other`) are returned whole.
    pub fn object(self) -> &'static str {
        let name = self.as_str();
        VERBS
            .iter()
            .find_map(|verb| name.strip_prefix(verb))
            .filter(|rest| !rest.is_empty())
            .unwrap_or(name)
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for an operation name that is not in [`Operation::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOperation(pub String);

impl fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown API Gateway operation {:?}", self.0)
    }
}

impl std::error::Error for UnknownOperation {}

impl FromStr for Operation {
    type Err = UnknownOperation;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Operation::ALL
            .iter()
            .copied()
            .find(|op| op.as_str() == s)
            .ok_or_else(|| UnknownOperation(s.to_owned()))
    }
}

// Operations travel as their AWS names in the JSON fault configuration, so a typo
// in a filter is rejected instead of silently matching nothing.
impl Serialize for Operation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Operation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether `method` changes state (POST, PUT, PATCH, DELETE). Used by the
/// "writes only" fault filter: API Gateway's concurrent-modification conflicts and
/// most throttling hit writes.
pub fn is_write(method: &Method) -> bool {
    matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// The REST API a write goes to: the `{id}` of `/restapis/{id}` and every path below it,
/// for POST, PUT, PATCH and DELETE. `None` for reads and for writes outside one REST API
/// (`CreateRestApi`, `ImportRestApi`, `/apikeys`, ...).
pub fn rest_api_of_write<'p>(method: &Method, path: &'p str) -> Option<&'p str> {
    if !is_write(method) {
        return None;
    }
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    match segments.next() {
        Some("restapis") => segments.next(),
        _ => None,
    }
}

/// Classifies a request. `path` is the URI path (percent-encoded, as received;
/// identifiers are opaque so they need no decoding), `query` the raw query string.
pub fn classify(method: &Method, path: &str, query: Option<&str>) -> Operation {
    use Operation::*;

    // A trailing slash does not change the operation; empty segments never occur in
    // SDK-built paths, so dropping them keeps the match table simple.
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // Two operations share their method and path with another and differ only by
    // `?mode=import`.
    let import = query.is_some_and(|q| q.split('&').any(|kv| kv == "mode=import"));

    let m = method;
    match segments.as_slice() {
        // REST APIs
        ["restapis"] if *m == Method::GET => GetRestApis,
        ["restapis"] if *m == Method::POST && import => ImportRestApi,
        ["restapis"] if *m == Method::POST => CreateRestApi,
        ["restapis", _] => by_method(
            m,
            GetRestApi,
            None,
            Some(PutRestApi),
            UpdateRestApi,
            DeleteRestApi,
        ),

        // Resources, methods and everything below a method
        ["restapis", _, "resources"] if *m == Method::GET => GetResources,
        ["restapis", _, "resources", _] => by_method(
            m,
            GetResource,
            Some(CreateResource),
            None,
            UpdateResource,
            DeleteResource,
        ),
        ["restapis", _, "resources", _, "methods", _] => by_method(
            m,
            GetMethod,
            Some(TestInvokeMethod),
            Some(PutMethod),
            UpdateMethod,
            DeleteMethod,
        ),
        ["restapis", _, "resources", _, "methods", _, "responses", _] => by_method(
            m,
            GetMethodResponse,
            None,
            Some(PutMethodResponse),
            UpdateMethodResponse,
            DeleteMethodResponse,
        ),
        ["restapis", _, "resources", _, "methods", _, "integration"] => by_method(
            m,
            GetIntegration,
            None,
            Some(PutIntegration),
            UpdateIntegration,
            DeleteIntegration,
        ),
        [
            "restapis",
            _,
            "resources",
            _,
            "methods",
            _,
            "integration",
            "responses",
            _,
        ] => by_method(
            m,
            GetIntegrationResponse,
            None,
            Some(PutIntegrationResponse),
            UpdateIntegrationResponse,
            DeleteIntegrationResponse,
        ),

        // Gateway responses
        ["restapis", _, "gatewayresponses"] if *m == Method::GET => GetGatewayResponses,
        ["restapis", _, "gatewayresponses", _] => by_method(
            m,
            GetGatewayResponse,
            None,
            Some(PutGatewayResponse),
            UpdateGatewayResponse,
            DeleteGatewayResponse,
        ),

        // Collections under a REST API that follow the plain list/create/get/update/delete shape
        ["restapis", _, "authorizers"] => collection(m, GetAuthorizers, CreateAuthorizer),
        ["restapis", _, "authorizers", _] => by_method(
            m,
            GetAuthorizer,
            Some(TestInvokeAuthorizer),
            None,
            UpdateAuthorizer,
            DeleteAuthorizer,
        ),
        ["restapis", _, "requestvalidators"] => {
            collection(m, GetRequestValidators, CreateRequestValidator)
        }
        ["restapis", _, "requestvalidators", _] => item(
            m,
            GetRequestValidator,
            UpdateRequestValidator,
            DeleteRequestValidator,
        ),
        ["restapis", _, "models"] => collection(m, GetModels, CreateModel),
        ["restapis", _, "models", _] => item(m, GetModel, UpdateModel, DeleteModel),
        ["restapis", _, "models", _, "default_template"] if *m == Method::GET => GetModelTemplate,
        ["restapis", _, "deployments"] => collection(m, GetDeployments, CreateDeployment),
        ["restapis", _, "deployments", _] => {
            item(m, GetDeployment, UpdateDeployment, DeleteDeployment)
        }

        // Stages
        ["restapis", _, "stages"] => collection(m, GetStages, CreateStage),
        ["restapis", _, "stages", _] => item(m, GetStage, UpdateStage, DeleteStage),
        ["restapis", _, "stages", _, "cache", "data"] if *m == Method::DELETE => FlushStageCache,
        ["restapis", _, "stages", _, "cache", "authorizers"] if *m == Method::DELETE => {
            FlushStageAuthorizersCache
        }
        ["restapis", _, "stages", _, "exports", _] if *m == Method::GET => GetExport,
        ["restapis", _, "stages", _, "sdks", _] if *m == Method::GET => GetSdk,

        // Documentation
        ["restapis", _, "documentation", "parts"] if *m == Method::PUT => ImportDocumentationParts,
        ["restapis", _, "documentation", "parts"] => {
            collection(m, GetDocumentationParts, CreateDocumentationPart)
        }
        ["restapis", _, "documentation", "parts", _] => item(
            m,
            GetDocumentationPart,
            UpdateDocumentationPart,
            DeleteDocumentationPart,
        ),
        ["restapis", _, "documentation", "versions"] => {
            collection(m, GetDocumentationVersions, CreateDocumentationVersion)
        }
        ["restapis", _, "documentation", "versions", _] => item(
            m,
            GetDocumentationVersion,
            UpdateDocumentationVersion,
            DeleteDocumentationVersion,
        ),

        // Account-level resources
        ["tags", _] => by_method(m, GetTags, None, Some(TagResource), Other, UntagResource),
        ["account"] => by_method(m, GetAccount, None, None, UpdateAccount, Other),
        ["apikeys"] if *m == Method::POST && import => ImportApiKeys,
        ["apikeys"] => collection(m, GetApiKeys, CreateApiKey),
        ["apikeys", _] => item(m, GetApiKey, UpdateApiKey, DeleteApiKey),
        ["clientcertificates"] => collection(m, GetClientCertificates, GenerateClientCertificate),
        ["clientcertificates", _] => item(
            m,
            GetClientCertificate,
            UpdateClientCertificate,
            DeleteClientCertificate,
        ),
        ["domainnames"] => collection(m, GetDomainNames, CreateDomainName),
        ["domainnames", _] => item(m, GetDomainName, UpdateDomainName, DeleteDomainName),
        ["domainnames", _, "basepathmappings"] => {
            collection(m, GetBasePathMappings, CreateBasePathMapping)
        }
        ["domainnames", _, "basepathmappings", _] => item(
            m,
            GetBasePathMapping,
            UpdateBasePathMapping,
            DeleteBasePathMapping,
        ),
        ["domainnameaccessassociations"] => collection(
            m,
            GetDomainNameAccessAssociations,
            CreateDomainNameAccessAssociation,
        ),
        ["domainnameaccessassociations", _] if *m == Method::DELETE => {
            DeleteDomainNameAccessAssociation
        }
        ["rejectdomainnameaccessassociations"] if *m == Method::POST => {
            RejectDomainNameAccessAssociation
        }
        ["sdktypes"] if *m == Method::GET => GetSdkTypes,
        ["sdktypes", _] if *m == Method::GET => GetSdkType,
        ["usageplans"] => collection(m, GetUsagePlans, CreateUsagePlan),
        ["usageplans", _] => item(m, GetUsagePlan, UpdateUsagePlan, DeleteUsagePlan),
        ["usageplans", _, "usage"] if *m == Method::GET => GetUsage,
        ["usageplans", _, "keys"] => collection(m, GetUsagePlanKeys, CreateUsagePlanKey),
        ["usageplans", _, "keys", _] => {
            by_method(m, GetUsagePlanKey, None, None, Other, DeleteUsagePlanKey)
        }
        ["usageplans", _, "keys", _, "usage"] if *m == Method::PATCH => UpdateUsage,
        ["vpclinks"] => collection(m, GetVpcLinks, CreateVpcLink),
        ["vpclinks", _] => item(m, GetVpcLink, UpdateVpcLink, DeleteVpcLink),

        _ => Other,
    }
}

/// Picks the operation for `method` on one path; `None`/`Other` where the path has
/// no operation for that method.
fn by_method(
    method: &Method,
    get: Operation,
    post: Option<Operation>,
    put: Option<Operation>,
    patch: Operation,
    delete: Operation,
) -> Operation {
    match *method {
        Method::GET => get,
        Method::POST => post.unwrap_or(Operation::Other),
        Method::PUT => put.unwrap_or(Operation::Other),
        Method::PATCH => patch,
        Method::DELETE => delete,
        _ => Operation::Other,
    }
}

/// A collection path: GET lists, POST creates.
fn collection(method: &Method, list: Operation, create: Operation) -> Operation {
    match *method {
        Method::GET => list,
        Method::POST => create,
        _ => Operation::Other,
    }
}

/// An item path: GET reads, PATCH updates, DELETE deletes.
fn item(method: &Method, get: Operation, update: Operation, delete: Operation) -> Operation {
    by_method(method, get, None, None, update, delete)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Splits a request target into path and query the way the proxy does.
    fn classify_target(method: &str, target: &str) -> Operation {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (target, None),
        };
        classify(&method, path, query)
    }

    /// One example request per operation binding of the AWS model (all 124 of them,
    /// generated from the SDK's request serialisers).
    const TABLE: &[(&str, &str, Operation)] = {
        use Operation::*;
        &[
            ("GET", "/account", GetAccount),
            ("PATCH", "/account", UpdateAccount),
            ("POST", "/apikeys", CreateApiKey),
            ("GET", "/apikeys", GetApiKeys),
            ("POST", "/apikeys?mode=import&format=csv", ImportApiKeys),
            ("DELETE", "/apikeys/key001", DeleteApiKey),
            ("GET", "/apikeys/key001", GetApiKey),
            ("PATCH", "/apikeys/key001", UpdateApiKey),
            ("POST", "/clientcertificates", GenerateClientCertificate),
            ("GET", "/clientcertificates", GetClientCertificates),
            (
                "DELETE",
                "/clientcertificates/cert01",
                DeleteClientCertificate,
            ),
            ("GET", "/clientcertificates/cert01", GetClientCertificate),
            (
                "PATCH",
                "/clientcertificates/cert01",
                UpdateClientCertificate,
            ),
            (
                "POST",
                "/domainnameaccessassociations",
                CreateDomainNameAccessAssociation,
            ),
            (
                "GET",
                "/domainnameaccessassociations",
                GetDomainNameAccessAssociations,
            ),
            (
                "DELETE",
                "/domainnameaccessassociations/arn%3Aaws%3Aapigateway%3Aus-east-1%3A123%3A%2Fdomainnameaccessassociations%2Fx",
                DeleteDomainNameAccessAssociation,
            ),
            ("POST", "/domainnames", CreateDomainName),
            ("GET", "/domainnames", GetDomainNames),
            ("DELETE", "/domainnames/api.example.com", DeleteDomainName),
            ("GET", "/domainnames/api.example.com", GetDomainName),
            ("PATCH", "/domainnames/api.example.com", UpdateDomainName),
            (
                "POST",
                "/domainnames/api.example.com/basepathmappings",
                CreateBasePathMapping,
            ),
            (
                "GET",
                "/domainnames/api.example.com/basepathmappings",
                GetBasePathMappings,
            ),
            (
                "DELETE",
                "/domainnames/api.example.com/basepathmappings/v1",
                DeleteBasePathMapping,
            ),
            (
                "GET",
                "/domainnames/api.example.com/basepathmappings/v1",
                GetBasePathMapping,
            ),
            (
                "PATCH",
                "/domainnames/api.example.com/basepathmappings/v1",
                UpdateBasePathMapping,
            ),
            (
                "POST",
                "/rejectdomainnameaccessassociations",
                RejectDomainNameAccessAssociation,
            ),
            ("POST", "/restapis", CreateRestApi),
            ("GET", "/restapis", GetRestApis),
            ("POST", "/restapis?mode=import", ImportRestApi),
            ("DELETE", "/restapis/a1b2c3", DeleteRestApi),
            ("GET", "/restapis/a1b2c3", GetRestApi),
            ("PUT", "/restapis/a1b2c3", PutRestApi),
            ("PATCH", "/restapis/a1b2c3", UpdateRestApi),
            ("POST", "/restapis/a1b2c3/authorizers", CreateAuthorizer),
            ("GET", "/restapis/a1b2c3/authorizers", GetAuthorizers),
            (
                "DELETE",
                "/restapis/a1b2c3/authorizers/auth01",
                DeleteAuthorizer,
            ),
            ("GET", "/restapis/a1b2c3/authorizers/auth01", GetAuthorizer),
            (
                "POST",
                "/restapis/a1b2c3/authorizers/auth01",
                TestInvokeAuthorizer,
            ),
            (
                "PATCH",
                "/restapis/a1b2c3/authorizers/auth01",
                UpdateAuthorizer,
            ),
            ("POST", "/restapis/a1b2c3/deployments", CreateDeployment),
            ("GET", "/restapis/a1b2c3/deployments", GetDeployments),
            (
                "DELETE",
                "/restapis/a1b2c3/deployments/dep001",
                DeleteDeployment,
            ),
            ("GET", "/restapis/a1b2c3/deployments/dep001", GetDeployment),
            (
                "PATCH",
                "/restapis/a1b2c3/deployments/dep001",
                UpdateDeployment,
            ),
            (
                "POST",
                "/restapis/a1b2c3/documentation/parts",
                CreateDocumentationPart,
            ),
            (
                "GET",
                "/restapis/a1b2c3/documentation/parts",
                GetDocumentationParts,
            ),
            (
                "PUT",
                "/restapis/a1b2c3/documentation/parts",
                ImportDocumentationParts,
            ),
            (
                "DELETE",
                "/restapis/a1b2c3/documentation/parts/doc001",
                DeleteDocumentationPart,
            ),
            (
                "GET",
                "/restapis/a1b2c3/documentation/parts/doc001",
                GetDocumentationPart,
            ),
            (
                "PATCH",
                "/restapis/a1b2c3/documentation/parts/doc001",
                UpdateDocumentationPart,
            ),
            (
                "POST",
                "/restapis/a1b2c3/documentation/versions",
                CreateDocumentationVersion,
            ),
            (
                "GET",
                "/restapis/a1b2c3/documentation/versions",
                GetDocumentationVersions,
            ),
            (
                "DELETE",
                "/restapis/a1b2c3/documentation/versions/v1",
                DeleteDocumentationVersion,
            ),
            (
                "GET",
                "/restapis/a1b2c3/documentation/versions/v1",
                GetDocumentationVersion,
            ),
            (
                "PATCH",
                "/restapis/a1b2c3/documentation/versions/v1",
                UpdateDocumentationVersion,
            ),
            (
                "GET",
                "/restapis/a1b2c3/gatewayresponses",
                GetGatewayResponses,
            ),
            (
                "DELETE",
                "/restapis/a1b2c3/gatewayresponses/DEFAULT_4XX",
                DeleteGatewayResponse,
            ),
            (
                "GET",
                "/restapis/a1b2c3/gatewayresponses/DEFAULT_4XX",
                GetGatewayResponse,
            ),
            (
                "PUT",
                "/restapis/a1b2c3/gatewayresponses/DEFAULT_4XX",
                PutGatewayResponse,
            ),
            (
                "PATCH",
                "/restapis/a1b2c3/gatewayresponses/DEFAULT_4XX",
                UpdateGatewayResponse,
            ),
            ("POST", "/restapis/a1b2c3/models", CreateModel),
            ("GET", "/restapis/a1b2c3/models", GetModels),
            ("DELETE", "/restapis/a1b2c3/models/Empty", DeleteModel),
            ("GET", "/restapis/a1b2c3/models/Empty", GetModel),
            ("PATCH", "/restapis/a1b2c3/models/Empty", UpdateModel),
            (
                "GET",
                "/restapis/a1b2c3/models/Empty/default_template",
                GetModelTemplate,
            ),
            (
                "POST",
                "/restapis/a1b2c3/requestvalidators",
                CreateRequestValidator,
            ),
            (
                "GET",
                "/restapis/a1b2c3/requestvalidators",
                GetRequestValidators,
            ),
            (
                "DELETE",
                "/restapis/a1b2c3/requestvalidators/val001",
                DeleteRequestValidator,
            ),
            (
                "GET",
                "/restapis/a1b2c3/requestvalidators/val001",
                GetRequestValidator,
            ),
            (
                "PATCH",
                "/restapis/a1b2c3/requestvalidators/val001",
                UpdateRequestValidator,
            ),
            ("GET", "/restapis/a1b2c3/resources", GetResources),
            ("POST", "/restapis/a1b2c3/resources/r00t1d", CreateResource),
            (
                "DELETE",
                "/restapis/a1b2c3/resources/r00t1d",
                DeleteResource,
            ),
            ("GET", "/restapis/a1b2c3/resources/r00t1d", GetResource),
            ("PATCH", "/restapis/a1b2c3/resources/r00t1d", UpdateResource),
            (
                "DELETE",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET",
                DeleteMethod,
            ),
            (
                "GET",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET",
                GetMethod,
            ),
            (
                "PUT",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET",
                PutMethod,
            ),
            (
                "POST",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET",
                TestInvokeMethod,
            ),
            (
                "PATCH",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET",
                UpdateMethod,
            ),
            (
                "DELETE",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/integration",
                DeleteIntegration,
            ),
            (
                "GET",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/integration",
                GetIntegration,
            ),
            (
                "PUT",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/integration",
                PutIntegration,
            ),
            (
                "PATCH",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/integration",
                UpdateIntegration,
            ),
            (
                "DELETE",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/integration/responses/200",
                DeleteIntegrationResponse,
            ),
            (
                "GET",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/integration/responses/200",
                GetIntegrationResponse,
            ),
            (
                "PUT",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/integration/responses/200",
                PutIntegrationResponse,
            ),
            (
                "PATCH",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/integration/responses/200",
                UpdateIntegrationResponse,
            ),
            (
                "DELETE",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/responses/200",
                DeleteMethodResponse,
            ),
            (
                "GET",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/responses/200",
                GetMethodResponse,
            ),
            (
                "PUT",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/responses/200",
                PutMethodResponse,
            ),
            (
                "PATCH",
                "/restapis/a1b2c3/resources/r00t1d/methods/GET/responses/200",
                UpdateMethodResponse,
            ),
            ("POST", "/restapis/a1b2c3/stages", CreateStage),
            ("GET", "/restapis/a1b2c3/stages", GetStages),
            ("DELETE", "/restapis/a1b2c3/stages/prod", DeleteStage),
            ("GET", "/restapis/a1b2c3/stages/prod", GetStage),
            ("PATCH", "/restapis/a1b2c3/stages/prod", UpdateStage),
            (
                "DELETE",
                "/restapis/a1b2c3/stages/prod/cache/authorizers",
                FlushStageAuthorizersCache,
            ),
            (
                "DELETE",
                "/restapis/a1b2c3/stages/prod/cache/data",
                FlushStageCache,
            ),
            (
                "GET",
                "/restapis/a1b2c3/stages/prod/exports/oas30",
                GetExport,
            ),
            (
                "GET",
                "/restapis/a1b2c3/stages/prod/sdks/javascript",
                GetSdk,
            ),
            ("GET", "/sdktypes", GetSdkTypes),
            ("GET", "/sdktypes/javascript", GetSdkType),
            (
                "GET",
                "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fa1b2c3",
                GetTags,
            ),
            (
                "PUT",
                "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fa1b2c3",
                TagResource,
            ),
            (
                "DELETE",
                "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fa1b2c3",
                UntagResource,
            ),
            ("POST", "/usageplans", CreateUsagePlan),
            ("GET", "/usageplans", GetUsagePlans),
            ("DELETE", "/usageplans/plan01", DeleteUsagePlan),
            ("GET", "/usageplans/plan01", GetUsagePlan),
            ("PATCH", "/usageplans/plan01", UpdateUsagePlan),
            ("POST", "/usageplans/plan01/keys", CreateUsagePlanKey),
            ("GET", "/usageplans/plan01/keys", GetUsagePlanKeys),
            (
                "DELETE",
                "/usageplans/plan01/keys/key001",
                DeleteUsagePlanKey,
            ),
            ("GET", "/usageplans/plan01/keys/key001", GetUsagePlanKey),
            ("PATCH", "/usageplans/plan01/keys/key001/usage", UpdateUsage),
            ("GET", "/usageplans/plan01/usage", GetUsage),
            ("POST", "/vpclinks", CreateVpcLink),
            ("GET", "/vpclinks", GetVpcLinks),
            ("DELETE", "/vpclinks/vpc001", DeleteVpcLink),
            ("GET", "/vpclinks/vpc001", GetVpcLink),
            ("PATCH", "/vpclinks/vpc001", UpdateVpcLink),
        ]
    };

    #[test]
    fn every_binding_classifies() {
        let mut failures = Vec::new();
        for &(method, target, want) in TABLE {
            let got = classify_target(method, target);
            if got != want {
                failures.push(format!("{method} {target}: got {got}, want {want}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn table_covers_every_operation_once() {
        let in_table: Vec<Operation> = TABLE.iter().map(|&(_, _, op)| op).collect();
        let unique: BTreeSet<Operation> = in_table.iter().copied().collect();
        assert_eq!(unique.len(), in_table.len(), "an operation appears twice");
        let all: BTreeSet<Operation> = Operation::ALL
            .iter()
            .copied()
            .filter(|&op| op != Operation::Other)
            .collect();
        assert_eq!(unique, all, "every operation needs an example in TABLE");
    }

    #[test]
    fn the_brief_examples() {
        use Operation::*;
        let cases = [
            ("PUT", "/restapis/abc/resources/r1/methods/POST", PutMethod),
            ("GET", "/restapis/abc/resources", GetResources),
            (
                "PATCH",
                "/restapis/abc/resources/r1/methods/GET/responses/404",
                UpdateMethodResponse,
            ),
            (
                "DELETE",
                "/restapis/abc/gatewayresponses/MISSING_AUTHENTICATION_TOKEN",
                DeleteGatewayResponse,
            ),
            ("POST", "/restapis", CreateRestApi),
            ("GET", "/restapis/abc/gatewayresponses", GetGatewayResponses),
        ];
        for (method, target, want) in cases {
            assert_eq!(classify_target(method, target), want, "{method} {target}");
        }
    }

    #[test]
    fn query_strings_do_not_change_the_operation_except_import_mode() {
        use Operation::*;
        assert_eq!(
            classify_target("GET", "/restapis?limit=500&position=abc"),
            GetRestApis
        );
        assert_eq!(
            classify_target("GET", "/restapis/abc/resources?embed=methods&limit=500"),
            GetResources
        );
        assert_eq!(
            classify_target("POST", "/restapis?failonwarnings=true&mode=import"),
            ImportRestApi
        );
        // `mode=merge` is PutRestApi's parameter; on POST /restapis it is not an import.
        assert_eq!(
            classify_target("POST", "/restapis?mode=merge"),
            CreateRestApi
        );
        assert_eq!(
            classify_target("PUT", "/restapis/abc?mode=overwrite"),
            PutRestApi
        );
        assert_eq!(
            classify_target("POST", "/restapis?xmode=import"),
            CreateRestApi
        );
    }

    #[test]
    fn trailing_slash_is_ignored() {
        assert_eq!(classify_target("GET", "/restapis/"), Operation::GetRestApis);
        assert_eq!(
            classify_target("PUT", "/restapis/a/resources/r/methods/GET/"),
            Operation::PutMethod
        );
    }

    #[test]
    fn unknown_requests_are_other() {
        for (method, target) in [
            ("GET", "/"),
            ("GET", "/_localstack/health"),
            ("GET", "/restapisx"),
            ("PUT", "/restapis"),
            ("DELETE", "/restapis"),
            ("POST", "/restapis/abc"),
            ("OPTIONS", "/restapis/abc"),
            ("HEAD", "/restapis"),
            ("PUT", "/restapis/abc/resources"),
            ("PUT", "/restapis/abc/resources/r1"),
            (
                "POST",
                "/restapis/abc/resources/r1/methods/GET/responses/200",
            ),
            ("POST", "/restapis/abc/gatewayresponses/DEFAULT_4XX"),
            ("PUT", "/restapis/abc/authorizers/a1"),
            (
                "GET",
                "/restapis/abc/resources/r1/methods/GET/integration/responses",
            ),
            ("GET", "/restapis/abc/resources/r1/methods/GET/responses"),
            ("GET", "/restapis/abc/stages/prod/cache/data"),
            ("PATCH", "/tags/arn"),
            ("DELETE", "/account"),
            ("PATCH", "/usageplans/p/keys/k"),
            (
                "GET",
                "/restapis/abc/resources/r1/methods/GET/integration/responses/200/extra",
            ),
        ] {
            assert_eq!(
                classify_target(method, target),
                Operation::Other,
                "{method} {target}"
            );
        }
    }

    #[test]
    fn names_round_trip() {
        for &op in Operation::ALL {
            assert_eq!(op.as_str().parse::<Operation>(), Ok(op));
            assert_eq!(op.to_string(), op.as_str());
        }
        assert_eq!(
            "putMethod".parse::<Operation>(),
            Err(UnknownOperation("putMethod".into()))
        );
        assert_eq!(Operation::ALL.len(), 125);
    }

    #[test]
    fn objects() {
        use Operation::*;
        for (op, object) in [
            (PutMethodResponse, "MethodResponse"),
            (UpdateMethodResponse, "MethodResponse"),
            (DeleteMethodResponse, "MethodResponse"),
            (GetMethodResponse, "MethodResponse"),
            (PutMethod, "Method"),
            (TestInvokeMethod, "Method"),
            (CreateResource, "Resource"),
            (CreateRestApi, "RestApi"),
            (PutRestApi, "RestApi"),
            (ImportRestApi, "RestApi"),
            (PutIntegrationResponse, "IntegrationResponse"),
            (GenerateClientCertificate, "ClientCertificate"),
            (FlushStageCache, "StageCache"),
            (
                RejectDomainNameAccessAssociation,
                "DomainNameAccessAssociation",
            ),
            (TagResource, "TagResource"),
            (UntagResource, "UntagResource"),
            (Other, "Other"),
        ] {
            assert_eq!(op.object(), object, "{op}");
        }
        for &op in Operation::ALL {
            assert!(!op.object().is_empty(), "{op}");
        }
    }

    #[test]
    fn rest_api_of_writes() {
        let api = |method: Method, path| rest_api_of_write(&method, path);
        assert_eq!(
            api(Method::PUT, "/restapis/a1/resources/r1/methods/GET"),
            Some("a1")
        );
        assert_eq!(
            api(
                Method::DELETE,
                "/restapis/a1/resources/r1/methods/GET/responses/200"
            ),
            Some("a1")
        );
        assert_eq!(api(Method::PATCH, "/restapis/a1"), Some("a1"));
        assert_eq!(api(Method::DELETE, "/restapis/a1/"), Some("a1"));
        assert_eq!(api(Method::POST, "/restapis/a1/resources/r1"), Some("a1"));
        assert_eq!(api(Method::GET, "/restapis/a1/resources"), None, "a read");
        assert_eq!(api(Method::POST, "/restapis"), None, "CreateRestApi");
        assert_eq!(api(Method::POST, "/restapis/"), None);
        assert_eq!(api(Method::POST, "/apikeys"), None);
        assert_eq!(
            api(Method::DELETE, "/domainnames/d/basepathmappings/x"),
            None
        );
    }

    #[test]
    fn write_methods() {
        for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(is_write(&m), "{m}");
        }
        for m in [Method::GET, Method::HEAD, Method::OPTIONS] {
            assert!(!is_write(&m), "{m}");
        }
    }
}
