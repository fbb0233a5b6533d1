//! The gRPC services. Every RPC has the same four beats: a log span, convert in, call the
//! [`Core`], convert out. Problems travel as diagnostics; a gRPC error is never returned for
//! something a user can fix.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use tonic::{Request, Response, Status};
use tracing::Instrument;

use crate::diag::Diagnostics;
use crate::tfvalue::Value;

use super::convert::{self, decode, diagnostics, encode};
use super::core::Core;
use super::proto::controller::{self, grpc_controller_server::GrpcController};
use super::proto::tfplugin6 as pb;
use pb::provider_server::Provider;

/// The `tfplugin6.Provider` service.
#[derive(Debug, Clone)]
pub struct ProviderService {
    core: Arc<Core>,
    /// Built once: the schema answer never changes in a process.
    schema: Arc<pb::get_provider_schema::Response>,
}

static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

/// A span for one RPC, with the fields Terraform's SDKs also log.
fn rpc_span(rpc: &'static str, resource_type: &str) -> tracing::Span {
    let id = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
    if resource_type.is_empty() {
        tracing::debug_span!("rpc", tf_rpc = rpc, tf_req_id = id)
    } else {
        tracing::debug_span!(
            "rpc",
            tf_rpc = rpc,
            tf_resource_type = resource_type,
            tf_req_id = id
        )
    }
}

/// Runs an RPC body inside its span, logging its start and end.
async fn traced<T>(
    rpc: &'static str,
    resource_type: &str,
    body: impl Future<Output = T>,
) -> Result<Response<T>, Status> {
    let span = rpc_span(rpc, resource_type);
    async move {
        let started = Instant::now();
        tracing::debug!("received request");
        let out = body.await;
        tracing::debug!(
            tf_req_duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "served request"
        );
        Ok(Response::new(out))
    }
    .instrument(span)
    .await
}

fn server_capabilities() -> pb::ServerCapabilities {
    pb::ServerCapabilities {
        plan_destroy: true,
        get_provider_schema_optional: false,
        move_resource_state: true,
        generate_resource_config: false,
    }
}

/// Identity data for the wire.
fn identity_data(
    entry: &crate::provider::Entry,
    state: &Value,
) -> Result<Option<pb::ResourceIdentityData>, Diagnostics> {
    entry
        .identity_of(state)
        .map(|identity| {
            Ok(pb::ResourceIdentityData {
                identity_data: Some(encode(&identity, &entry.identity_ty, "identity")?),
            })
        })
        .transpose()
}

impl ProviderService {
    /// The service over `core`.
    pub fn new(core: Arc<Core>) -> Self {
        let resource_schemas = core
            .registry
            .iter()
            .map(|(name, e)| (name.to_owned(), convert::schema(&e.schema)))
            .collect();
        let data_source_schemas = core
            .registry
            .data_sources()
            .map(|(name, e)| (name.to_owned(), convert::schema(&e.schema)))
            .collect();
        let list_resource_schemas = core
            .registry
            .lists()
            .map(|(name, e)| (name.to_owned(), convert::schema(&e.schema)))
            .collect();
        let schema = pb::get_provider_schema::Response {
            provider: Some(convert::schema(&core.provider_schema)),
            resource_schemas,
            data_source_schemas,
            list_resource_schemas,
            server_capabilities: Some(server_capabilities()),
            ..Default::default()
        };
        Self {
            core,
            schema: Arc::new(schema),
        }
    }
}

#[tonic::async_trait]
impl Provider for ProviderService {
    async fn get_metadata(
        &self,
        _: Request<pb::get_metadata::Request>,
    ) -> Result<Response<pb::get_metadata::Response>, Status> {
        traced("GetMetadata", "", async {
            pb::get_metadata::Response {
                server_capabilities: Some(server_capabilities()),
                resources: self
                    .core
                    .registry
                    .iter()
                    .map(|(name, _)| pb::get_metadata::ResourceMetadata {
                        type_name: name.to_owned(),
                    })
                    .collect(),
                data_sources: self
                    .core
                    .registry
                    .data_sources()
                    .map(|(name, _)| pb::get_metadata::DataSourceMetadata {
                        type_name: name.to_owned(),
                    })
                    .collect(),
                list_resources: self
                    .core
                    .registry
                    .lists()
                    .map(|(name, _)| pb::get_metadata::ListResourceMetadata {
                        type_name: name.to_owned(),
                    })
                    .collect(),
                ..Default::default()
            }
        })
        .await
    }

    async fn get_provider_schema(
        &self,
        _: Request<pb::get_provider_schema::Request>,
    ) -> Result<Response<pb::get_provider_schema::Response>, Status> {
        traced("GetProviderSchema", "", async { (*self.schema).clone() }).await
    }

    async fn validate_provider_config(
        &self,
        req: Request<pb::validate_provider_config::Request>,
    ) -> Result<Response<pb::validate_provider_config::Response>, Status> {
        let req = req.into_inner();
        traced("ValidateProviderConfig", "", async {
            let diags = match decode(
                req.config.as_ref(),
                self.core.provider_type(),
                "provider configuration",
            ) {
                Ok(config) => self.core.validate_provider(&config),
                Err(d) => d,
            };
            pb::validate_provider_config::Response {
                diagnostics: diagnostics(diags),
            }
        })
        .await
    }

    async fn configure_provider(
        &self,
        req: Request<pb::configure_provider::Request>,
    ) -> Result<Response<pb::configure_provider::Response>, Status> {
        let req = req.into_inner();
        traced("ConfigureProvider", "", async {
            tracing::debug!(terraform_version = %req.terraform_version, "configuring");
            self.core.set_terraform_version(&req.terraform_version);
            let diags = match decode(
                req.config.as_ref(),
                self.core.provider_type(),
                "provider configuration",
            ) {
                Ok(config) => self.core.configure(&config).await,
                Err(d) => d,
            };
            pb::configure_provider::Response {
                diagnostics: diagnostics(diags),
            }
        })
        .await
    }

    async fn validate_resource_config(
        &self,
        req: Request<pb::validate_resource_config::Request>,
    ) -> Result<Response<pb::validate_resource_config::Response>, Status> {
        let req = req.into_inner();
        traced("ValidateResourceConfig", &req.type_name, async {
            let diags = (|| {
                let entry = self.core.entry(&req.type_name)?;
                let config = decode(req.config.as_ref(), &entry.ty, "configuration")?;
                Ok::<_, Diagnostics>(self.core.validate_resource(entry, &config))
            })()
            .unwrap_or_else(|d| d);
            pb::validate_resource_config::Response {
                diagnostics: diagnostics(diags),
            }
        })
        .await
    }

    async fn validate_data_resource_config(
        &self,
        req: Request<pb::validate_data_resource_config::Request>,
    ) -> Result<Response<pb::validate_data_resource_config::Response>, Status> {
        let req = req.into_inner();
        traced("ValidateDataResourceConfig", &req.type_name, async {
            let diags = (|| {
                let entry = self.core.data_entry(&req.type_name)?;
                let config = decode(req.config.as_ref(), &entry.ty, "configuration")?;
                Ok::<_, Diagnostics>(self.core.validate_data(entry, &config))
            })()
            .unwrap_or_else(|d| d);
            pb::validate_data_resource_config::Response {
                diagnostics: diagnostics(diags),
            }
        })
        .await
    }

    async fn upgrade_resource_state(
        &self,
        req: Request<pb::upgrade_resource_state::Request>,
    ) -> Result<Response<pb::upgrade_resource_state::Response>, Status> {
        let req = req.into_inner();
        traced("UpgradeResourceState", &req.type_name, async {
            let result = (|| {
                let entry = self.core.entry(&req.type_name)?;
                let json = req
                    .raw_state
                    .as_ref()
                    .map(|r| r.json.as_slice())
                    .unwrap_or_default();
                let value = self.core.upgrade(entry, req.version, json)?;
                encode(&value, &entry.ty, "upgraded state")
            })();
            match result {
                Ok(state) => pb::upgrade_resource_state::Response {
                    upgraded_state: Some(state),
                    diagnostics: vec![],
                },
                Err(d) => pb::upgrade_resource_state::Response {
                    upgraded_state: None,
                    diagnostics: diagnostics(d),
                },
            }
        })
        .await
    }

    async fn read_resource(
        &self,
        req: Request<pb::read_resource::Request>,
    ) -> Result<Response<pb::read_resource::Response>, Status> {
        let req = req.into_inner();
        traced("ReadResource", &req.type_name, async {
            let result = async {
                let entry = self.core.entry(&req.type_name)?;
                let state = decode(req.current_state.as_ref(), &entry.ty, "current state")?;
                let (new, private) = self.core.read(entry, &state, req.private.clone()).await?;
                let new = new.unwrap_or(Value::Null);
                Ok::<_, Diagnostics>((
                    encode(&new, &entry.ty, "state")?,
                    private,
                    identity_data(entry, &new)?,
                ))
            }
            .await;
            match result {
                Ok((new_state, private, new_identity)) => pb::read_resource::Response {
                    new_state: Some(new_state),
                    private,
                    new_identity,
                    ..Default::default()
                },
                // Keep the current state when reading fails, so nothing is forgotten.
                Err(d) => pb::read_resource::Response {
                    new_state: req.current_state,
                    private: req.private,
                    diagnostics: diagnostics(d),
                    ..Default::default()
                },
            }
        })
        .await
    }

    async fn plan_resource_change(
        &self,
        req: Request<pb::plan_resource_change::Request>,
    ) -> Result<Response<pb::plan_resource_change::Response>, Status> {
        let req = req.into_inner();
        traced("PlanResourceChange", &req.type_name, async {
            let result = (|| {
                let entry = self.core.entry(&req.type_name)?;
                let prior = decode(req.prior_state.as_ref(), &entry.ty, "prior state")?;
                let proposed = decode(
                    req.proposed_new_state.as_ref(),
                    &entry.ty,
                    "proposed new state",
                )?;
                let config = decode(req.config.as_ref(), &entry.ty, "configuration")?;
                let plan = self
                    .core
                    .plan(entry, &prior, &proposed, &config, &req.prior_private)?;
                Ok::<_, Diagnostics>((
                    encode(&plan.planned, &entry.ty, "planned state")?,
                    plan.requires_replace,
                    plan.warnings,
                    entry.resource.legacy_type_system(),
                    identity_data(entry, &plan.planned)?,
                ))
            })();
            match result {
                Ok((planned, replace, warnings, legacy_type_system, planned_identity)) => {
                    pb::plan_resource_change::Response {
                        planned_state: Some(planned),
                        requires_replace: replace.iter().map(convert::attribute_path).collect(),
                        planned_private: req.prior_private,
                        diagnostics: diagnostics(warnings),
                        legacy_type_system,
                        planned_identity,
                        ..Default::default()
                    }
                }
                Err(d) => pb::plan_resource_change::Response {
                    diagnostics: diagnostics(d),
                    ..Default::default()
                },
            }
        })
        .await
    }

    async fn apply_resource_change(
        &self,
        req: Request<pb::apply_resource_change::Request>,
    ) -> Result<Response<pb::apply_resource_change::Response>, Status> {
        let req = req.into_inner();
        traced("ApplyResourceChange", &req.type_name, async {
            let entry = match self.core.entry(&req.type_name) {
                Ok(e) => e,
                Err(d) => {
                    return pb::apply_resource_change::Response {
                        new_state: req.prior_state,
                        diagnostics: diagnostics(d),
                        ..Default::default()
                    };
                }
            };
            let decoded =
                decode(req.prior_state.as_ref(), &entry.ty, "prior state").and_then(|p| {
                    Ok((
                        p,
                        decode(req.planned_state.as_ref(), &entry.ty, "planned state")?,
                    ))
                });
            let (prior, planned) = match decoded {
                Ok(v) => v,
                Err(d) => {
                    return pb::apply_resource_change::Response {
                        new_state: req.prior_state,
                        diagnostics: diagnostics(d),
                        ..Default::default()
                    };
                }
            };
            let (state, mut diags) = self.core.apply(entry, &prior, &planned).await;
            let private = entry
                .resource
                .private_after_apply(&state, req.planned_private);
            let new_identity = match identity_data(entry, &state) {
                Ok(identity) => identity,
                Err(d) => {
                    diags.extend(d);
                    None
                }
            };
            let new_state = match encode(&state, &entry.ty, "new state") {
                Ok(s) => Some(s),
                Err(d) => {
                    diags.extend(d);
                    req.prior_state
                }
            };
            pb::apply_resource_change::Response {
                new_state,
                private,
                diagnostics: diagnostics(diags),
                legacy_type_system: entry.resource.legacy_type_system(),
                new_identity,
            }
        })
        .await
    }

    async fn import_resource_state(
        &self,
        req: Request<pb::import_resource_state::Request>,
    ) -> Result<Response<pb::import_resource_state::Response>, Status> {
        let req = req.into_inner();
        traced("ImportResourceState", &req.type_name, async {
            let result = (|| {
                let entry = self.core.entry(&req.type_name)?;
                // `import { identity = {...} }` (Terraform >= 1.12) sends identity data and no
                // import ID.
                let given = req
                    .identity
                    .as_ref()
                    .and_then(|i| i.identity_data.as_ref())
                    .filter(|_| req.id.is_empty());
                let state = match given {
                    Some(data) => {
                        let identity = decode(Some(data), &entry.identity_ty, "identity")?;
                        entry.resource.import_identity(&identity)?
                    }
                    None => self.core.import(entry, &req.id)?,
                };
                let private = if entry.resource.computed_blocks().is_empty() {
                    Vec::new()
                } else {
                    super::core::IMPORTED.to_vec()
                };
                Ok::<_, Diagnostics>((
                    encode(&state, &entry.ty, "imported state")?,
                    private,
                    identity_data(entry, &state)?,
                ))
            })();
            match result {
                Ok((state, private, identity)) => pb::import_resource_state::Response {
                    imported_resources: vec![pb::import_resource_state::ImportedResource {
                        type_name: req.type_name.clone(),
                        state: Some(state),
                        private,
                        identity,
                    }],
                    ..Default::default()
                },
                Err(d) => pb::import_resource_state::Response {
                    diagnostics: diagnostics(d),
                    ..Default::default()
                },
            }
        })
        .await
    }

    async fn get_resource_identity_schemas(
        &self,
        _: Request<pb::get_resource_identity_schemas::Request>,
    ) -> Result<Response<pb::get_resource_identity_schemas::Response>, Status> {
        traced("GetResourceIdentitySchemas", "", async {
            pb::get_resource_identity_schemas::Response {
                identity_schemas: self
                    .core
                    .registry
                    .iter()
                    .map(|(name, entry)| {
                        (name.to_owned(), convert::identity_schema(&entry.identity))
                    })
                    .collect(),
                diagnostics: Vec::new(),
            }
        })
        .await
    }

    async fn upgrade_resource_identity(
        &self,
        req: Request<pb::upgrade_resource_identity::Request>,
    ) -> Result<Response<pb::upgrade_resource_identity::Response>, Status> {
        let req = req.into_inner();
        traced("UpgradeResourceIdentity", &req.type_name, async {
            let result = (|| {
                let entry = self.core.entry(&req.type_name)?;
                let json = req
                    .raw_identity
                    .as_ref()
                    .map(|r| r.json.as_slice())
                    .unwrap_or_default();
                // One identity version so far: the stored identity is read as it is.
                let identity =
                    crate::tfvalue::json::decode(json, &entry.identity_ty).map_err(|e| {
                        Diagnostics::from(crate::diag::Diagnostic::error(
                            "Cannot read stored identity",
                            format!(
                                "The stored identity of this {} (version {}) cannot be read: {e}.",
                                req.type_name, req.version
                            ),
                        ))
                    })?;
                encode(&identity, &entry.identity_ty, "identity")
            })();
            match result {
                Ok(data) => pb::upgrade_resource_identity::Response {
                    upgraded_identity: Some(pb::ResourceIdentityData {
                        identity_data: Some(data),
                    }),
                    diagnostics: Vec::new(),
                },
                Err(d) => pb::upgrade_resource_identity::Response {
                    upgraded_identity: None,
                    diagnostics: diagnostics(d),
                },
            }
        })
        .await
    }

    async fn move_resource_state(
        &self,
        req: Request<pb::move_resource_state::Request>,
    ) -> Result<Response<pb::move_resource_state::Response>, Status> {
        let req = req.into_inner();
        traced("MoveResourceState", &req.target_type_name, async {
            let result = (|| {
                let json = req
                    .source_state
                    .as_ref()
                    .map(|r| r.json.as_slice())
                    .unwrap_or_default();
                let state = self.core.move_state(
                    &req.source_provider_address,
                    &req.source_type_name,
                    json,
                    &req.target_type_name,
                )?;
                let entry = self.core.entry(&req.target_type_name)?;
                Ok::<_, Diagnostics>((
                    encode(&state, &entry.ty, "moved state")?,
                    identity_data(entry, &state)?,
                    super::core::moved_private(json),
                ))
            })();
            match result {
                Ok((state, identity, private)) => pb::move_resource_state::Response {
                    target_state: Some(state),
                    target_identity: identity,
                    target_private: private,
                    ..Default::default()
                },
                Err(d) => pb::move_resource_state::Response {
                    diagnostics: diagnostics(d),
                    ..Default::default()
                },
            }
        })
        .await
    }

    async fn validate_list_resource_config(
        &self,
        req: Request<pb::validate_list_resource_config::Request>,
    ) -> Result<Response<pb::validate_list_resource_config::Response>, Status> {
        let req = req.into_inner();
        traced("ValidateListResourceConfig", &req.type_name, async {
            let result = (|| {
                let entry = self.core.list_entry(&req.type_name)?;
                let config = decode(req.config.as_ref(), &entry.ty, "list configuration")?;
                Ok::<_, Diagnostics>(self.core.validate_list(entry, &config))
            })();
            pb::validate_list_resource_config::Response {
                diagnostics: diagnostics(result.unwrap_or_else(|d| d)),
            }
        })
        .await
    }

    async fn list_resource(
        &self,
        req: Request<pb::list_resource::Request>,
    ) -> Result<Response<tonic::codegen::BoxStream<pb::list_resource::Event>>, Status> {
        let req = req.into_inner();
        let events = traced("ListResource", &req.type_name, async {
            let result = async {
                let list = self.core.list_entry(&req.type_name)?;
                let entry = self.core.entry(&req.type_name)?;
                let config = decode(req.config.as_ref(), &list.ty, "list configuration")?;
                let found = self
                    .core
                    .list(list, entry, &config, req.include_resource_object, req.limit)
                    .await?;
                let mut events = Vec::with_capacity(found.len());
                for f in found {
                    events.push(pb::list_resource::Event {
                        identity: Some(pb::ResourceIdentityData {
                            identity_data: Some(encode(
                                &f.identity,
                                &entry.identity_ty,
                                "identity",
                            )?),
                        }),
                        display_name: f.display_name,
                        resource_object: f
                            .object
                            .map(|o| encode(&o, &entry.ty, "resource object"))
                            .transpose()?,
                        diagnostic: Vec::new(),
                    });
                }
                Ok::<_, Diagnostics>(events)
            }
            .await;
            match result {
                Ok(events) => events,
                Err(d) => vec![pb::list_resource::Event {
                    diagnostic: diagnostics(d),
                    ..Default::default()
                }],
            }
        })
        .await?
        .into_inner();
        let stream: tonic::codegen::BoxStream<pb::list_resource::Event> =
            Box::pin(tokio_stream::iter(events.into_iter().map(Ok)));
        Ok(Response::new(stream))
    }

    async fn read_data_source(
        &self,
        req: Request<pb::read_data_source::Request>,
    ) -> Result<Response<pb::read_data_source::Response>, Status> {
        let req = req.into_inner();
        traced("ReadDataSource", &req.type_name, async {
            let result = async {
                let entry = self.core.data_entry(&req.type_name)?;
                let config = decode(req.config.as_ref(), &entry.ty, "configuration")?;
                let state = self.core.read_data(entry, &config).await?;
                encode(&state, &entry.ty, "state")
            }
            .await;
            match result {
                Ok(state) => pb::read_data_source::Response {
                    state: Some(state),
                    ..Default::default()
                },
                Err(d) => pb::read_data_source::Response {
                    diagnostics: diagnostics(d),
                    ..Default::default()
                },
            }
        })
        .await
    }

    async fn stop_provider(
        &self,
        _: Request<pb::stop_provider::Request>,
    ) -> Result<Response<pb::stop_provider::Response>, Status> {
        traced("StopProvider", "", async {
            tracing::info!("stop requested: cancelling operations in flight");
            self.core.stop();
            pb::stop_provider::Response {
                error: String::new(),
            }
        })
        .await
    }
}

/// go-plugin's `GRPCController`: Terraform calls Shutdown when it is done with the plugin.
#[derive(Debug, Clone)]
pub struct Controller {
    /// Signalled once Shutdown has been answered.
    pub shutdown: Arc<tokio::sync::Notify>,
}

#[tonic::async_trait]
impl GrpcController for Controller {
    async fn shutdown(
        &self,
        _: Request<controller::Empty>,
    ) -> Result<Response<controller::Empty>, Status> {
        traced("Shutdown", "", async {
            self.shutdown.notify_one();
            controller::Empty {}
        })
        .await
    }
}
