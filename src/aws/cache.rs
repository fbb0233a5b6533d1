//! Read snapshots: refreshing a large API without one call per object.
//!
//! API Gateway's control plane allows about 10 calls per second for a whole account, so a
//! plan that reads 300 objects one by one takes 30 s before it shows anything. During a
//! refresh, the first read of an API's methods, method responses, integrations or integration
//! responses loads all of them with `GetResources?embed=methods` (a few pages at most), and
//! the first read of a gateway response loads all 21 types with `GetGatewayResponses`, and
//! the first read of a stage or of method settings loads every stage with `GetStages`, and
//! models, authorizers, request validators, documentation parts and documentation versions
//! load with their list calls; the other reads are answered from those snapshots.
//!
//! A snapshot lives only inside one provider process and is dropped for an API as soon as
//! anything writes to that API (the transport layer reports every write, see
//! [`super::transport`]), so a read never sees an object older than a write this process made.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use aws_sdk_apigateway::types::{
    Authorizer, DocumentationPart, DocumentationVersion, GatewayResponse, Method, Model,
    RequestValidator, Resource, Stage,
};
use tokio::sync::OnceCell;

use super::{AwsError, not_found_as_none};

/// Page size for the snapshot loads (the API's maximum).
const PAGE_SIZE: i32 = 500;

type Cell<T> = Arc<OnceCell<Arc<Vec<T>>>>;

#[derive(Debug, Default)]
struct ApiEntry {
    resources: Option<Cell<Resource>>,
    gateway_responses: Option<Cell<GatewayResponse>>,
    stages: Option<Cell<Stage>>,
    models: Option<Cell<Model>>,
    authorizers: Option<Cell<Authorizer>>,
    validators: Option<Cell<RequestValidator>>,
    documentation_parts: Option<Cell<DocumentationPart>>,
    documentation_versions: Option<Cell<DocumentationVersion>>,
}

/// The snapshot in `cell` of the API's entry, loaded with every page of the list call `op`
/// (`GetModels`, `GetAuthorizers`, ...: the same shape for each).
macro_rules! paged {
    ($cache:ident, $client:ident, $api:ident, $cell:ident, $op:ident) => {
        $cache
            .snapshot(
                $api,
                |entry| &mut entry.$cell,
                |position| async move {
                    let page = $client
                        .$op()
                        .rest_api_id($api)
                        .limit(PAGE_SIZE)
                        .set_position(position)
                        .send()
                        .await
                        .map_err(AwsError::from)?;
                    Ok((page.items, page.position))
                },
            )
            .await
    };
}

/// Where a finder looks for an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The API's read snapshot when snapshots are on (reads during a refresh), else AWS.
    Snapshot,
    /// AWS itself, always: what is there right now (e.g. after a create found the object
    /// already there; the failed write dropped the API's snapshot anyway).
    Direct,
}

/// The snapshots of one provider process, by REST API id.
#[derive(Debug, Default)]
pub struct Cache {
    apis: Mutex<HashMap<String, ApiEntry>>,
    /// Set for connections built around a given client (`Aws::from_client`: unit tests,
    /// benchmarks), where every read must be a call of its own; off otherwise.
    disabled: bool,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache that never holds anything (every read goes to AWS).
    pub fn disabled() -> Self {
        Self {
            disabled: true,
            ..Self::default()
        }
    }

    /// Whether reads may use snapshots.
    pub fn enabled(&self) -> bool {
        !self.disabled
    }

    /// Whether a finder asked to look in `source` answers from a snapshot.
    pub fn serves(&self, source: Source) -> bool {
        source == Source::Snapshot && self.enabled()
    }

    /// Drops everything known about `rest_api_id`.
    pub fn invalidate(&self, rest_api_id: &str) {
        self.lock().remove(rest_api_id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, ApiEntry>> {
        self.apis
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The snapshot of `rest_api_id` in the cell `kind` picks from the API's entry, loaded
    /// with [`all_pages`] of `page` the first time. Concurrent callers wait for the same load;
    /// a failed load is tried again by the next caller.
    async fn snapshot<T, F, Fut>(
        &self,
        rest_api_id: &str,
        kind: impl FnOnce(&mut ApiEntry) -> &mut Option<Cell<T>>,
        page: F,
    ) -> Result<Arc<Vec<T>>, AwsError>
    where
        F: FnMut(Option<String>) -> Fut,
        Fut: Future<Output = Result<Page<T>, AwsError>>,
    {
        let cell = {
            let mut apis = self.lock();
            let entry = apis.entry(rest_api_id.to_owned()).or_default();
            Arc::clone(kind(entry).get_or_insert_with(Default::default))
        };
        let value = cell
            .get_or_try_init(|| async {
                let items = all_pages(page).await?;
                tracing::debug!(
                    rest_api_id,
                    items = items.len(),
                    item_type = std::any::type_name::<T>(),
                    "loaded a read snapshot"
                );
                Ok::<_, AwsError>(Arc::new(items))
            })
            .await?;
        Ok(Arc::clone(value))
    }

    /// Every resource of the API with its methods embedded (each method with its method
    /// responses, integration and integration responses).
    pub async fn resources(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
    ) -> Result<Arc<Vec<Resource>>, AwsError> {
        self.snapshot(
            rest_api_id,
            |entry| &mut entry.resources,
            |position| async move {
                let page = client
                    .get_resources()
                    .rest_api_id(rest_api_id)
                    .embed("methods")
                    .limit(PAGE_SIZE)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(AwsError::from)?;
                Ok((page.items, page.position))
            },
        )
        .await
    }

    /// The resource `resource_id` from the API's snapshot (see [`Cache::resources`]); `None`
    /// when the API or the resource does not exist.
    pub async fn resource(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
        resource_id: &str,
    ) -> Result<Option<Resource>, AwsError> {
        let Some(resources) = not_found_as_none(self.resources(client, rest_api_id).await)? else {
            return Ok(None);
        };
        Ok(resources
            .iter()
            .find(|r| r.id() == Some(resource_id))
            .cloned())
    }

    /// The method `http_method` of resource `resource_id` from the API's snapshot, with its
    /// method responses, integration and integration responses; `None` when the API, the
    /// resource or the method does not exist.
    pub async fn method(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<Option<Method>, AwsError> {
        let Some(resources) = not_found_as_none(self.resources(client, rest_api_id).await)? else {
            return Ok(None);
        };
        Ok(resources
            .iter()
            .find(|r| r.id() == Some(resource_id))
            .and_then(|r| r.resource_methods()?.get(http_method))
            .cloned())
    }

    /// All stages of the API, each with its method settings (`GetStages`, one call, not
    /// paginated).
    pub async fn stages(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
    ) -> Result<Arc<Vec<Stage>>, AwsError> {
        self.snapshot(
            rest_api_id,
            |entry| &mut entry.stages,
            |_| async move {
                let out = client
                    .get_stages()
                    .rest_api_id(rest_api_id)
                    .send()
                    .await
                    .map_err(AwsError::from)?;
                Ok((out.item, None))
            },
        )
        .await
    }

    /// All models of the API (`GetModels`, paginated).
    pub async fn models(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
    ) -> Result<Arc<Vec<Model>>, AwsError> {
        paged!(self, client, rest_api_id, models, get_models)
    }

    /// All authorizers of the API (`GetAuthorizers`, paginated).
    pub async fn authorizers(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
    ) -> Result<Arc<Vec<Authorizer>>, AwsError> {
        paged!(self, client, rest_api_id, authorizers, get_authorizers)
    }

    /// All request validators of the API (`GetRequestValidators`, paginated).
    pub async fn validators(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
    ) -> Result<Arc<Vec<RequestValidator>>, AwsError> {
        paged!(
            self,
            client,
            rest_api_id,
            validators,
            get_request_validators
        )
    }

    /// All documentation parts of the API (`GetDocumentationParts`, paginated).
    pub async fn documentation_parts(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
    ) -> Result<Arc<Vec<DocumentationPart>>, AwsError> {
        paged!(
            self,
            client,
            rest_api_id,
            documentation_parts,
            get_documentation_parts
        )
    }

    /// All documentation versions of the API (`GetDocumentationVersions`, paginated).
    pub async fn documentation_versions(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
    ) -> Result<Arc<Vec<DocumentationVersion>>, AwsError> {
        paged!(
            self,
            client,
            rest_api_id,
            documentation_versions,
            get_documentation_versions
        )
    }

    /// All gateway responses of the API (customised and default ones).
    pub async fn gateway_responses(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
    ) -> Result<Arc<Vec<GatewayResponse>>, AwsError> {
        paged!(
            self,
            client,
            rest_api_id,
            gateway_responses,
            get_gateway_responses
        )
    }
}

/// One page of a list: its items and the position of the next page.
pub(crate) type Page<T> = (Option<Vec<T>>, Option<String>);

/// Every item of a paginated list, where `page(position)` answers one [`Page`]. Stops at an
/// empty position, and at one that repeats (which would otherwise be asked for forever).
pub(crate) async fn all_pages<T, F, Fut>(mut page: F) -> Result<Vec<T>, AwsError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, AwsError>>,
{
    let mut items = Vec::new();
    let mut position: Option<String> = None;
    loop {
        let (page_items, next) = page(position.clone()).await?;
        items.extend(page_items.unwrap_or_default());
        match next {
            Some(p) if !p.is_empty() && Some(&p) != position.as_ref() => position = Some(p),
            _ => break,
        }
    }
    Ok(items)
}
