//! List resources (Terraform >= 1.14, `terraform query`): the objects AWS holds of a type, as
//! identities Terraform can import, for bulk adoption of APIs built by hand or elsewhere.
//!
//! Each lister enumerates with AWS's list call (every page) and names each object by the
//! resource type's own import ID; the provider turns that into the identity (and, when
//! Terraform asks for the resource object, reads the whole object as a refresh would).

use async_trait::async_trait;

use crate::aws::cache::all_pages;
use crate::aws::{Aws, AwsError};
use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::{Attribute, Block, Schema};
use crate::tfvalue::{Path, Value};

/// The largest page AWS serves.
const PAGE: i32 = 500;

/// One object a list found: its import ID and the name `terraform query` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The resource type's import ID of the object.
    pub import_id: String,
    /// A human name, e.g. `GET /pets`.
    pub display_name: String,
}

/// The list resource of one managed resource type (same type name).
#[async_trait]
pub trait Lister: Send + Sync + std::fmt::Debug {
    /// The resource type it lists, e.g. `apigateway_method`.
    fn type_name(&self) -> &'static str;
    /// The `config { ... }` a `list` block takes.
    fn schema(&self) -> Schema;
    /// Every object, in AWS's order.
    async fn list(&self, aws: &Aws, config: &Value) -> Result<Vec<Listed>, Diagnostics>;
}

/// Every list resource this provider serves.
pub fn all() -> Vec<Box<dyn Lister>> {
    vec![
        Box::new(RestApis),
        Box::new(Resources),
        Box::new(Methods),
        Box::new(Stages),
        Box::new(Deployments),
        Box::new(ApiKeys),
        Box::new(UsagePlans),
        Box::new(InApi(ApiKind::Models)),
        Box::new(InApi(ApiKind::Authorizers)),
        Box::new(InApi(ApiKind::RequestValidators)),
        Box::new(InApi(ApiKind::GatewayResponses)),
        Box::new(InApi(ApiKind::DocumentationParts)),
        Box::new(InApi(ApiKind::DocumentationVersions)),
        Box::new(InApi(ApiKind::Integrations)),
        Box::new(InApi(ApiKind::MethodResponses)),
        Box::new(InApi(ApiKind::IntegrationResponses)),
        Box::new(InApi(ApiKind::MethodSettings)),
        Box::new(InRegion(RegionKind::ClientCertificates)),
        Box::new(InRegion(RegionKind::VpcLinks)),
        Box::new(InRegion(RegionKind::DomainNames)),
        Box::new(UsagePlanKeys),
        Box::new(BasePathMappings),
    ]
}

/// The other kinds of objects inside one REST API, listed from the API's read snapshots.
#[derive(Debug, Clone, Copy)]
pub enum ApiKind {
    /// `apigateway_model` (GetModels).
    Models,
    /// `apigateway_authorizer` (GetAuthorizers).
    Authorizers,
    /// `apigateway_request_validator` (GetRequestValidators).
    RequestValidators,
    /// `apigateway_gateway_response`: the customised ones (GetGatewayResponses).
    GatewayResponses,
    /// `apigateway_documentation_part` (GetDocumentationParts).
    DocumentationParts,
    /// `apigateway_documentation_version` (GetDocumentationVersions).
    DocumentationVersions,
    /// `apigateway_integration` (GetResources with methods embedded).
    Integrations,
    /// `apigateway_method_response` (the same).
    MethodResponses,
    /// `apigateway_integration_response` (the same).
    IntegrationResponses,
    /// `apigateway_method_settings` (GetStages).
    MethodSettings,
}

/// A lister of [`ApiKind`] objects.
#[derive(Debug)]
pub struct InApi(pub ApiKind);

/// The keys of a map, sorted (none when absent).
fn sorted_keys<V>(map: Option<&std::collections::HashMap<String, V>>) -> Vec<String> {
    let mut keys: Vec<String> = map.map(|m| m.keys().cloned().collect()).unwrap_or_default();
    keys.sort();
    keys
}

fn listed(import_id: String, display_name: impl Into<String>) -> Listed {
    Listed {
        import_id,
        display_name: display_name.into(),
    }
}

#[async_trait]
impl Lister for InApi {
    fn type_name(&self) -> &'static str {
        match self.0 {
            ApiKind::Models => "apigateway_model",
            ApiKind::Authorizers => "apigateway_authorizer",
            ApiKind::RequestValidators => "apigateway_request_validator",
            ApiKind::GatewayResponses => "apigateway_gateway_response",
            ApiKind::DocumentationParts => "apigateway_documentation_part",
            ApiKind::DocumentationVersions => "apigateway_documentation_version",
            ApiKind::Integrations => "apigateway_integration",
            ApiKind::MethodResponses => "apigateway_method_response",
            ApiKind::IntegrationResponses => "apigateway_integration_response",
            ApiKind::MethodSettings => "apigateway_method_settings",
        }
    }
    fn schema(&self) -> Schema {
        in_api(self.type_name().trim_start_matches("apigateway_"))
    }
    async fn list(&self, aws: &Aws, config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let api = api_of(config)?;
        let (c, client) = (&aws.cache, &aws.client);
        let fail = reading(self.type_name(), api);
        let mut found = Vec::new();
        match self.0 {
            ApiKind::Models => {
                for m in c.models(client, api).await.map_err(fail)?.iter() {
                    if let Some(n) = m.name() {
                        found.push(listed(format!("{api}/{n}"), n));
                    }
                }
            }
            ApiKind::Authorizers => {
                for a in c.authorizers(client, api).await.map_err(fail)?.iter() {
                    if let Some(id) = a.id() {
                        found.push(listed(format!("{api}/{id}"), a.name().unwrap_or(id)));
                    }
                }
            }
            ApiKind::RequestValidators => {
                for v in c.validators(client, api).await.map_err(fail)?.iter() {
                    if let Some(id) = v.id() {
                        found.push(listed(format!("{api}/{id}"), v.name().unwrap_or(id)));
                    }
                }
            }
            ApiKind::GatewayResponses => {
                for g in c.gateway_responses(client, api).await.map_err(fail)?.iter() {
                    if let Some(t) = g.response_type().filter(|_| !g.default_response()) {
                        found.push(listed(format!("{api}/{}", t.as_str()), t.as_str()));
                    }
                }
            }
            ApiKind::DocumentationParts => {
                for d in c
                    .documentation_parts(client, api)
                    .await
                    .map_err(fail)?
                    .iter()
                {
                    if let Some(id) = d.id() {
                        let at = d.location().map_or_else(String::new, |l| {
                            format!("{} {}", l.r#type().as_str(), l.path().unwrap_or_default())
                        });
                        found.push(listed(format!("{api}/{id}"), at.trim().to_owned()));
                    }
                }
            }
            ApiKind::DocumentationVersions => {
                for d in c
                    .documentation_versions(client, api)
                    .await
                    .map_err(fail)?
                    .iter()
                {
                    if let Some(v) = d.version() {
                        found.push(listed(format!("{api}/{v}"), v));
                    }
                }
            }
            ApiKind::MethodSettings => {
                for s in c.stages(client, api).await.map_err(fail)?.iter() {
                    let (Some(stage), Some(settings)) = (s.stage_name(), s.method_settings())
                    else {
                        continue;
                    };
                    let mut paths: Vec<&String> = settings.keys().collect();
                    paths.sort();
                    for path in paths {
                        found.push(listed(
                            format!("{api}/{stage}/{path}"),
                            format!("{stage} {path}"),
                        ));
                    }
                }
            }
            ApiKind::Integrations | ApiKind::MethodResponses | ApiKind::IntegrationResponses => {
                for r in c.resources(client, api).await.map_err(fail)?.iter() {
                    let (Some(id), Some(methods)) = (r.id(), r.resource_methods()) else {
                        continue;
                    };
                    let path = r.path().unwrap_or_default();
                    let mut verbs: Vec<(&String, _)> = methods.iter().collect();
                    verbs.sort_by(|a, b| a.0.cmp(b.0));
                    for (verb, m) in verbs {
                        let base = format!("{api}/{id}/{verb}");
                        match self.0 {
                            ApiKind::Integrations if m.method_integration().is_some() => {
                                found.push(listed(base, format!("{verb} {path}")));
                            }
                            ApiKind::MethodResponses => {
                                for code in sorted_keys(m.method_responses()) {
                                    found.push(listed(
                                        format!("{base}/{code}"),
                                        format!("{verb} {path} {code}"),
                                    ));
                                }
                            }
                            ApiKind::IntegrationResponses => {
                                let responses = m
                                    .method_integration()
                                    .and_then(|i| i.integration_responses());
                                for code in sorted_keys(responses) {
                                    found.push(listed(
                                        format!("{base}/{code}"),
                                        format!("{verb} {path} {code}"),
                                    ));
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        Ok(found)
    }
}

/// The other kinds of objects of a region.
#[derive(Debug, Clone, Copy)]
pub enum RegionKind {
    /// `apigateway_client_certificate` (GetClientCertificates).
    ClientCertificates,
    /// `apigateway_vpc_link` (GetVpcLinks).
    VpcLinks,
    /// `apigateway_domain_name` (GetDomainNames).
    DomainNames,
}

/// A lister of [`RegionKind`] objects.
#[derive(Debug)]
pub struct InRegion(pub RegionKind);

#[async_trait]
impl Lister for InRegion {
    fn type_name(&self) -> &'static str {
        match self.0 {
            RegionKind::ClientCertificates => "apigateway_client_certificate",
            RegionKind::VpcLinks => "apigateway_vpc_link",
            RegionKind::DomainNames => "apigateway_domain_name",
        }
    }
    fn schema(&self) -> Schema {
        in_region()
    }
    async fn list(&self, aws: &Aws, _config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let fail = reading(self.type_name(), &aws.region);
        let client = &aws.client;
        Ok(match self.0 {
            RegionKind::ClientCertificates => all_pages(|position| async move {
                let out = client
                    .get_client_certificates()
                    .limit(PAGE)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(AwsError::from)?;
                Ok((out.items, out.position))
            })
            .await
            .map_err(fail)?
            .iter()
            .filter_map(|c| {
                let id = c.client_certificate_id()?;
                Some(listed(
                    id.to_owned(),
                    c.description().filter(|d| !d.is_empty()).unwrap_or(id),
                ))
            })
            .collect(),
            RegionKind::VpcLinks => all_pages(|position| async move {
                let out = client
                    .get_vpc_links()
                    .limit(PAGE)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(AwsError::from)?;
                Ok((out.items, out.position))
            })
            .await
            .map_err(fail)?
            .iter()
            .filter_map(|l| {
                let id = l.id()?;
                Some(listed(
                    id.to_owned(),
                    format!("{} ({id})", l.name().unwrap_or_default()),
                ))
            })
            .collect(),
            RegionKind::DomainNames => all_pages(|position| async move {
                let out = client
                    .get_domain_names()
                    .limit(PAGE)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(AwsError::from)?;
                Ok((out.items, out.position))
            })
            .await
            .map_err(fail)?
            .iter()
            .filter_map(|d| {
                let name = d.domain_name()?;
                let id = match d.domain_name_id() {
                    Some(private) => format!("{name}/{private}"),
                    None => name.to_owned(),
                };
                Some(listed(id, name))
            })
            .collect(),
        })
    }
}

/// `apigateway_usage_plan_key`: the API keys of one usage plan.
#[derive(Debug)]
pub struct UsagePlanKeys;

#[async_trait]
impl Lister for UsagePlanKeys {
    fn type_name(&self) -> &'static str {
        "apigateway_usage_plan_key"
    }
    fn schema(&self) -> Schema {
        Schema::new(Block::new("Every API key of one usage plan.").attribute(
            Attribute::string("usage_plan_id", "Id of the usage plan to list.").required(),
        ))
    }
    async fn list(&self, aws: &Aws, config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let plan = config.get("usage_plan_id").as_str().ok_or_else(|| {
            Diagnostics::from(
                Diagnostic::error("Missing argument", "`usage_plan_id` has no known value.")
                    .at(Path::attr("usage_plan_id")),
            )
        })?;
        let keys = all_pages(|position| async move {
            let out = aws
                .client
                .get_usage_plan_keys()
                .usage_plan_id(plan)
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items, out.position))
        })
        .await
        .map_err(reading("Usage Plan Keys", plan))?;
        Ok(keys
            .iter()
            .filter_map(|k| {
                let id = k.id()?;
                Some(listed(
                    format!("{plan}/{id}"),
                    format!("{} ({id})", k.name().unwrap_or_default()),
                ))
            })
            .collect())
    }
}

/// `apigateway_base_path_mapping`: the mappings of one custom domain name.
#[derive(Debug)]
pub struct BasePathMappings;

#[async_trait]
impl Lister for BasePathMappings {
    fn type_name(&self) -> &'static str {
        "apigateway_base_path_mapping"
    }
    fn schema(&self) -> Schema {
        Schema::new(
            Block::new("Every base path mapping of one custom domain name.")
                .attribute(Attribute::string("domain_name", "The domain name to list.").required())
                .attribute(Attribute::string(
                    "domain_name_id",
                    "For a private domain name: its id.",
                )),
        )
    }
    async fn list(&self, aws: &Aws, config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let domain = config.get("domain_name").as_str().ok_or_else(|| {
            Diagnostics::from(
                Diagnostic::error("Missing argument", "`domain_name` has no known value.")
                    .at(Path::attr("domain_name")),
            )
        })?;
        let private = config
            .get("domain_name_id")
            .as_str()
            .filter(|p| !p.is_empty());
        let mappings = all_pages(|position| async move {
            let out = aws
                .client
                .get_base_path_mappings()
                .domain_name(domain)
                .set_domain_name_id(private.map(str::to_owned))
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items, out.position))
        })
        .await
        .map_err(reading("Base Path Mappings", domain))?;
        Ok(mappings
            .iter()
            .map(|m| {
                let base = m.base_path().filter(|b| *b != "(none)").unwrap_or_default();
                let mut id = format!("{domain}/{base}");
                if let Some(p) = private {
                    id = format!("{id}/{p}");
                }
                listed(
                    id,
                    format!(
                        "/{base} -> {} {}",
                        m.rest_api_id().unwrap_or_default(),
                        m.stage().unwrap_or_default()
                    ),
                )
            })
            .collect())
    }
}

fn reading(what: &str, scope: &str) -> impl Fn(AwsError) -> Diagnostics {
    AwsError::failed("Listing", what, scope)
}

fn in_region() -> Schema {
    Schema::new(Block::new(
        "No arguments: every object of the provider's region.",
    ))
}

fn in_api(what: &str) -> Schema {
    Schema::new(
        Block::new(&format!("Every {what} of one REST API."))
            .attribute(Attribute::string("rest_api_id", "Id of the REST API to list.").required()),
    )
}

fn api_of(config: &Value) -> Result<&str, Diagnostics> {
    config.get("rest_api_id").as_str().ok_or_else(|| {
        Diagnostic::error("Missing argument", "`rest_api_id` has no known value.")
            .at(Path::attr("rest_api_id"))
            .into()
    })
}

/// `apigateway_rest_api`: the REST APIs of the region.
#[derive(Debug)]
pub struct RestApis;

#[async_trait]
impl Lister for RestApis {
    fn type_name(&self) -> &'static str {
        "apigateway_rest_api"
    }
    fn schema(&self) -> Schema {
        in_region()
    }
    async fn list(&self, aws: &Aws, _config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let apis = all_pages(|position| async move {
            let out = aws
                .client
                .get_rest_apis()
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items, out.position))
        })
        .await
        .map_err(reading("REST APIs", &aws.region))?;
        Ok(apis
            .iter()
            .filter_map(|a| {
                let id = a.id()?;
                Some(Listed {
                    import_id: id.to_owned(),
                    display_name: format!("{} ({id})", a.name().unwrap_or_default()),
                })
            })
            .collect())
    }
}

/// `apigateway_resource`: the resources (paths) of an API, but its root.
#[derive(Debug)]
pub struct Resources;

#[async_trait]
impl Lister for Resources {
    fn type_name(&self) -> &'static str {
        "apigateway_resource"
    }
    fn schema(&self) -> Schema {
        in_api("resource (path, but the root)")
    }
    async fn list(&self, aws: &Aws, config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let api = api_of(config)?;
        let all = aws
            .cache
            .resources(&aws.client, api)
            .await
            .map_err(reading("Resources", api))?;
        Ok(all
            .iter()
            .filter(|r| r.parent_id().is_some())
            .filter_map(|r| {
                Some(Listed {
                    import_id: format!("{api}/{}", r.id()?),
                    display_name: r.path().unwrap_or_default().to_owned(),
                })
            })
            .collect())
    }
}

/// `apigateway_method`: the methods of every resource of an API.
#[derive(Debug)]
pub struct Methods;

#[async_trait]
impl Lister for Methods {
    fn type_name(&self) -> &'static str {
        "apigateway_method"
    }
    fn schema(&self) -> Schema {
        in_api("method")
    }
    async fn list(&self, aws: &Aws, config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let api = api_of(config)?;
        let all = aws
            .cache
            .resources(&aws.client, api)
            .await
            .map_err(reading("Methods", api))?;
        let mut found = Vec::new();
        for r in all.iter() {
            let (Some(id), Some(methods)) = (r.id(), r.resource_methods()) else {
                continue;
            };
            let mut verbs: Vec<&String> = methods.keys().collect();
            verbs.sort();
            for verb in verbs {
                found.push(Listed {
                    import_id: format!("{api}/{id}/{verb}"),
                    display_name: format!("{verb} {}", r.path().unwrap_or_default()),
                });
            }
        }
        Ok(found)
    }
}

/// `apigateway_stage`: the stages of an API.
#[derive(Debug)]
pub struct Stages;

#[async_trait]
impl Lister for Stages {
    fn type_name(&self) -> &'static str {
        "apigateway_stage"
    }
    fn schema(&self) -> Schema {
        in_api("stage")
    }
    async fn list(&self, aws: &Aws, config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let api = api_of(config)?;
        let all = aws
            .cache
            .stages(&aws.client, api)
            .await
            .map_err(reading("Stages", api))?;
        Ok(all
            .iter()
            .filter_map(|s| {
                let name = s.stage_name()?;
                Some(Listed {
                    import_id: format!("{api}/{name}"),
                    display_name: name.to_owned(),
                })
            })
            .collect())
    }
}

/// `apigateway_deployment`: the deployments of an API.
#[derive(Debug)]
pub struct Deployments;

#[async_trait]
impl Lister for Deployments {
    fn type_name(&self) -> &'static str {
        "apigateway_deployment"
    }
    fn schema(&self) -> Schema {
        in_api("deployment")
    }
    async fn list(&self, aws: &Aws, config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let api = api_of(config)?;
        let all = all_pages(|position| async move {
            let out = aws
                .client
                .get_deployments()
                .rest_api_id(api)
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items, out.position))
        })
        .await
        .map_err(reading("Deployments", api))?;
        Ok(all
            .iter()
            .filter_map(|d| {
                let id = d.id()?;
                Some(Listed {
                    import_id: format!("{api}/{id}"),
                    display_name: match d.description().filter(|s| !s.is_empty()) {
                        Some(text) => format!("{id} ({text})"),
                        None => id.to_owned(),
                    },
                })
            })
            .collect())
    }
}

/// `apigateway_api_key`: the API keys of the region.
#[derive(Debug)]
pub struct ApiKeys;

#[async_trait]
impl Lister for ApiKeys {
    fn type_name(&self) -> &'static str {
        "apigateway_api_key"
    }
    fn schema(&self) -> Schema {
        in_region()
    }
    async fn list(&self, aws: &Aws, _config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let keys = all_pages(|position| async move {
            let out = aws
                .client
                .get_api_keys()
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items, out.position))
        })
        .await
        .map_err(reading("API Keys", &aws.region))?;
        Ok(keys
            .iter()
            .filter_map(|k| {
                let id = k.id()?;
                Some(Listed {
                    import_id: id.to_owned(),
                    display_name: format!("{} ({id})", k.name().unwrap_or_default()),
                })
            })
            .collect())
    }
}

/// `apigateway_usage_plan`: the usage plans of the region.
#[derive(Debug)]
pub struct UsagePlans;

#[async_trait]
impl Lister for UsagePlans {
    fn type_name(&self) -> &'static str {
        "apigateway_usage_plan"
    }
    fn schema(&self) -> Schema {
        in_region()
    }
    async fn list(&self, aws: &Aws, _config: &Value) -> Result<Vec<Listed>, Diagnostics> {
        let plans = all_pages(|position| async move {
            let out = aws
                .client
                .get_usage_plans()
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items, out.position))
        })
        .await
        .map_err(reading("Usage Plans", &aws.region))?;
        Ok(plans
            .iter()
            .filter_map(|p| {
                let id = p.id()?;
                Some(Listed {
                    import_id: id.to_owned(),
                    display_name: format!("{} ({id})", p.name().unwrap_or_default()),
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::testing::{api, requests};

    /// The listers name each object by its type's import ID, reading every page.
    #[tokio::test]
    async fn listers_name_objects_by_their_import_ids() {
        let (aws, calls) = api(vec![
            (
                200,
                None,
                r#"{"item":[{"stageName":"prod"},{"stageName":"test"}]}"#,
            ),
            (
                200,
                None,
                r#"{"item":[{"id":"d1","description":"first"}],"position":"p2"}"#,
            ),
            (200, None, r#"{"item":[{"id":"d2"}]}"#),
            (200, None, r#"{"item":[{"id":"k1","name":"partner"}]}"#),
            (200, None, r#"{"item":[{"id":"u1","name":"gold"}]}"#),
        ])
        .await;
        let config = Value::object([("rest_api_id", Value::from("a1"))]);
        let ids = |l: Vec<Listed>| {
            l.into_iter()
                .map(|l| (l.import_id, l.display_name))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(Stages.list(&aws, &config).await.unwrap()),
            [
                ("a1/prod".into(), "prod".into()),
                ("a1/test".into(), "test".into())
            ]
        );
        assert_eq!(
            ids(Deployments.list(&aws, &config).await.unwrap()),
            [
                ("a1/d1".into(), "d1 (first)".into()),
                ("a1/d2".into(), "d2".into())
            ]
        );
        assert_eq!(
            ids(ApiKeys.list(&aws, &Value::Null).await.unwrap()),
            [("k1".to_owned(), "partner (k1)".to_owned())]
        );
        assert_eq!(
            ids(UsagePlans.list(&aws, &Value::Null).await.unwrap()),
            [("u1".to_owned(), "gold (u1)".to_owned())]
        );
        let log = requests(&calls);
        assert_eq!(log.len(), 5, "{log:?}");
        assert!(log[2].contains("position=p2"), "{log:?}");
    }

    /// Customised gateway responses only (AWS lists its defaults too); a root mapping's import
    /// ID ends with `/`.
    #[tokio::test]
    async fn gateway_responses_and_mappings_follow_their_import_ids() {
        let (aws, _) = api(vec![
            (
                200,
                None,
                r#"{"item":[{"responseType":"DEFAULT_4XX","defaultResponse":false},{"responseType":"DEFAULT_5XX","defaultResponse":true}]}"#,
            ),
            (
                200,
                None,
                r#"{"item":[{"basePath":"(none)","restApiId":"a1","stage":"prod"},{"basePath":"v1","restApiId":"a1","stage":"prod"}]}"#,
            ),
        ])
        .await;
        let config = Value::object([("rest_api_id", Value::from("a1"))]);
        let found = InApi(ApiKind::GatewayResponses)
            .list(&aws, &config)
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].import_id, "a1/DEFAULT_4XX");
        let domain = Value::object([
            ("domain_name", Value::from("api.example.com")),
            ("domain_name_id", Value::Null),
        ]);
        let ids: Vec<String> = BasePathMappings
            .list(&aws, &domain)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.import_id)
            .collect();
        assert_eq!(ids, ["api.example.com/", "api.example.com/v1"]);
    }
}
