//! Read snapshots: refreshing a large API without one call per object.
//!
//! API Gateway's control plane allows about 10 calls per second for a whole account, so a
//! plan that reads 300 objects one by one takes 30 s before it shows anything. During a
//! refresh, the first read of an API's methods, method responses, integrations or integration
//! responses loads all of them with `GetResources?embed=methods` (a few pages at most), and
//! the first read of a gateway response loads all 21 types with `GetGatewayResponses`; the
//! other reads are answered from those snapshots.
//!
//! A snapshot lives only inside one provider process and is dropped for an API as soon as
//! anything writes to that API (the transport layer reports every write, see
//! [`super::transport`]), so a read never sees an object older than a write this process made.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_sdk_apigateway::types::{GatewayResponse, Resource};
use tokio::sync::OnceCell;

use super::AwsError;

/// Page size for the snapshot loads (the API's maximum).
const PAGE_SIZE: i32 = 500;

type Cell<T> = Arc<OnceCell<Arc<Vec<T>>>>;

#[derive(Debug, Default)]
struct ApiEntry {
    resources: Option<Cell<Resource>>,
    gateway_responses: Option<Cell<GatewayResponse>>,
}

/// The snapshots of one provider process, by REST API id.
#[derive(Debug, Default)]
pub struct Cache {
    apis: Mutex<HashMap<String, ApiEntry>>,
    /// Off for operations that must see AWS directly (none yet); on by default.
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

    /// Drops everything known about `rest_api_id`.
    pub fn invalidate(&self, rest_api_id: &str) {
        self.lock().remove(rest_api_id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, ApiEntry>> {
        self.apis
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Every resource of the API with its methods embedded (each method with its method
    /// responses, integration and integration responses). Loaded once; concurrent callers
    /// wait for the same load.
    pub async fn resources(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
    ) -> Result<Arc<Vec<Resource>>, AwsError> {
        let cell = {
            let mut apis = self.lock();
            let entry = apis.entry(rest_api_id.to_owned()).or_default();
            Arc::clone(entry.resources.get_or_insert_with(Default::default))
        };
        let value = cell
            .get_or_try_init(|| async {
                let mut items = Vec::new();
                let mut position: Option<String> = None;
                loop {
                    let page = client
                        .get_resources()
                        .rest_api_id(rest_api_id)
                        .embed("methods")
                        .limit(PAGE_SIZE)
                        .set_position(position.clone())
                        .send()
                        .await
                        .map_err(AwsError::from)?;
                    items.extend(page.items().iter().cloned());
                    match page.position() {
                        Some(p) if !p.is_empty() && Some(p) != position.as_deref() => {
                            position = Some(p.to_owned())
                        }
                        _ => break,
                    }
                }
                tracing::debug!(
                    rest_api_id,
                    resources = items.len(),
                    "loaded the API's resources and methods"
                );
                Ok::<_, AwsError>(Arc::new(items))
            })
            .await?;
        Ok(Arc::clone(value))
    }

    /// All gateway responses of the API (customised and default ones).
    pub async fn gateway_responses(
        &self,
        client: &aws_sdk_apigateway::Client,
        rest_api_id: &str,
    ) -> Result<Arc<Vec<GatewayResponse>>, AwsError> {
        let cell = {
            let mut apis = self.lock();
            let entry = apis.entry(rest_api_id.to_owned()).or_default();
            Arc::clone(entry.gateway_responses.get_or_insert_with(Default::default))
        };
        let value = cell
            .get_or_try_init(|| async {
                let mut items = Vec::new();
                let mut position: Option<String> = None;
                loop {
                    let page = client
                        .get_gateway_responses()
                        .rest_api_id(rest_api_id)
                        .limit(PAGE_SIZE)
                        .set_position(position.clone())
                        .send()
                        .await
                        .map_err(AwsError::from)?;
                    items.extend(page.items().iter().cloned());
                    match page.position() {
                        Some(p) if !p.is_empty() && Some(p) != position.as_deref() => {
                            position = Some(p.to_owned())
                        }
                        _ => break,
                    }
                }
                Ok::<_, AwsError>(Arc::new(items))
            })
            .await?;
        Ok(Arc::clone(value))
    }
}
