//! List resources (Terraform >= 1.14, `terraform query`): the objects AWS holds of a type, as
//! identities Terraform can import, for bulk adoption of APIs built by hand or elsewhere.
//!
//! Each lister enumerates with AWS's list call (every page) and names each object by the
//! resource type's own import ID; the provider turns that into the identity (and, when
//! Terraform asks for the resource object, reads the whole object as a refresh would).

use async_trait::async_trait;

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
    ]
}

fn reading(what: &str, scope: &str) -> impl Fn(AwsError) -> Diagnostics {
    let (what, scope) = (what.to_owned(), scope.to_owned());
    move |e| e.diagnostic("Listing", &what, &scope).into()
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

/// Every page of a list call: `page(position)` answers (items, next position).
async fn pages<T, F, Fut>(mut page: F) -> Result<Vec<T>, AwsError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), AwsError>>,
{
    let mut all = Vec::new();
    let mut position: Option<String> = None;
    loop {
        let (items, next) = page(position.clone()).await?;
        all.extend(items);
        match next {
            Some(p) if !p.is_empty() && Some(&p) != position.as_ref() => position = Some(p),
            _ => return Ok(all),
        }
    }
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
        let apis = pages(|position| async move {
            let out = aws
                .client
                .get_rest_apis()
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items.unwrap_or_default(), out.position))
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
        let all = pages(|position| async move {
            let out = aws
                .client
                .get_deployments()
                .rest_api_id(api)
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items.unwrap_or_default(), out.position))
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
        let keys = pages(|position| async move {
            let out = aws
                .client
                .get_api_keys()
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items.unwrap_or_default(), out.position))
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
        let plans = pages(|position| async move {
            let out = aws
                .client
                .get_usage_plans()
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items.unwrap_or_default(), out.position))
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
}
