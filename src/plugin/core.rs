//! The protocol choreography, written once for every resource: validation, planning, apply
//! dispatch, read, import and state upgrade, at the level of values. Also cancellation
//! (StopProvider) and turning a panic inside a handler into a diagnostic.

use std::cell::Cell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};

use tokio::sync::watch;

use crate::aws::Aws;
use crate::diag::{Diagnostic, Diagnostics};
use crate::provider::{self, DataEntry, Entry, ListEntry, Registry};
use crate::schema::{self, Schema};
use crate::tfvalue::{self, Path, Type, Value};

/// The provider's state for one process.
#[derive(Debug)]
pub struct Core {
    /// Resource types.
    pub registry: Registry,
    /// The provider block's schema and type.
    pub provider_schema: Schema,
    provider_ty: Type,
    /// Set once by ConfigureProvider.
    aws: OnceLock<Result<Aws, Diagnostics>>,
    /// Whether Terraform honours `legacy_type_system` (set by ConfigureProvider; computed
    /// blocks are filled in only then, see [`Resource::computed_blocks`]).
    legacy_type_system: OnceLock<bool>,
    /// Bumped by StopProvider; operations in flight when it changes are cancelled.
    stop: watch::Sender<u64>,
}

/// How long an operation may go on after StopProvider before it is abandoned: a little more
/// than the grace the transport gives requests already sent.
const STOP_BACKSTOP: std::time::Duration =
    crate::aws::transport::STOP_GRACE.saturating_add(std::time::Duration::from_secs(2));

/// The outcome of planning.
#[derive(Debug)]
pub struct PlanResult {
    /// Planned state (null when destroying).
    pub planned: Value,
    /// Attributes whose change replaces the object.
    pub requires_replace: Vec<Path>,
    /// Warnings for the user (why a deployment redeploys, an attribute AWS ignores).
    pub warnings: Diagnostics,
}

impl Core {
    /// A core serving `registry`.
    pub fn new(registry: Registry) -> Arc<Self> {
        let provider_schema = provider::schema();
        let provider_ty = provider_schema.value_type();
        Arc::new(Self {
            registry,
            provider_schema,
            provider_ty,
            aws: OnceLock::new(),
            legacy_type_system: OnceLock::new(),
            stop: watch::channel(0).0,
        })
    }

    /// The resource called `type_name`, or a diagnostic saying it does not exist.
    pub fn entry(&self, type_name: &str) -> Result<&Entry, Diagnostics> {
        self.registry.get(type_name).ok_or_else(|| {
            Diagnostic::error(
                "Unknown resource type",
                format!("This provider has no resource type {type_name:?}."),
            )
            .into()
        })
    }

    /// The provider block's value type.
    pub fn provider_type(&self) -> &Type {
        &self.provider_ty
    }

    /// ValidateProviderConfig.
    pub fn validate_provider(&self, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        schema::validate::validate_config(&self.provider_schema.block, config, &mut diags);
        provider::validate(config, &mut diags);
        diags
    }

    /// ConfigureProvider: validates and connects. A second call is ignored.
    pub async fn configure(&self, config: &Value) -> Diagnostics {
        let diags = self.validate_provider(config);
        if diags.has_errors() {
            let _ = self.aws.set(Err(diags.clone()));
            return diags;
        }
        let result = provider::configure(config).await;
        let out = match &result {
            Ok(aws) => {
                tracing::debug!(region = %aws.region, "configured the API Gateway client");
                diags
            }
            Err(d) => d.clone(),
        };
        let _ = self.aws.set(result);
        out
    }

    /// Records the Terraform version ConfigureProvider names.
    pub fn set_terraform_version(&self, version: &str) {
        let _ = self
            .legacy_type_system
            .set(honours_legacy_type_system(version));
    }

    /// Whether computed blocks are filled in when the configuration leaves them out.
    fn fills_computed_blocks(&self) -> bool {
        self.legacy_type_system.get().copied().unwrap_or(true)
    }

    /// Configures the provider with an already built connection (benchmarks drive the core
    /// in-process with an instant HTTP responder). A second call is ignored.
    pub fn configure_with(&self, aws: Aws) {
        let _ = self.aws.set(Ok(aws));
    }

    fn aws(&self) -> Result<&Aws, Diagnostics> {
        match self.aws.get() {
            Some(Ok(aws)) => Ok(aws),
            Some(Err(d)) => Err(d.clone()),
            None => Err(Diagnostic::error(
                "Provider not configured",
                "Terraform called the provider before configuring it; this is a bug in Terraform or the provider.",
            )
            .into()),
        }
    }

    /// AWS calls made by this process so far, by method and path shape (empty before
    /// ConfigureProvider).
    pub fn aws_calls(&self) -> std::collections::BTreeMap<String, u64> {
        match self.aws.get() {
            Some(Ok(aws)) => aws.transport.calls(),
            _ => Default::default(),
        }
    }

    /// The data source called `type_name`, or a diagnostic saying it does not exist.
    pub fn data_entry(&self, type_name: &str) -> Result<&DataEntry, Diagnostics> {
        self.registry.data(type_name).ok_or_else(|| {
            Diagnostic::error(
                "Unknown data source",
                format!("This provider has no data source {type_name:?}."),
            )
            .into()
        })
    }

    /// The list resource `type_name`.
    pub fn list_entry(&self, type_name: &str) -> Result<&ListEntry, Diagnostics> {
        self.registry.list(type_name).ok_or_else(|| {
            Diagnostic::error(
                "Unknown list resource",
                format!(
                    "This provider cannot list {type_name:?}. It lists: {}.",
                    self.registry
                        .lists()
                        .map(|(n, _)| n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .into()
        })
    }

    /// MoveResourceState: the hashicorp/aws provider's state of `aws_api_gateway_X` (its
    /// stored JSON) as this provider's state of `apigateway_X`. The attribute names are the
    /// same; every attribute whose stored value fits this provider's type is kept, the rest
    /// is null until the next refresh reads the object from AWS.
    pub fn move_state(
        &self,
        source_provider: &str,
        source_type: &str,
        source_state: &[u8],
        target_type: &str,
    ) -> Result<Value, Diagnostics> {
        let entry = self.entry(target_type)?;
        let expected = target_type.replacen("apigateway_", "aws_api_gateway_", 1);
        let from_aws =
            source_provider == "hashicorp/aws" || source_provider.ends_with("/hashicorp/aws");
        if !from_aws || source_type != expected {
            return Err(Diagnostic::error(
                "Cannot move this resource",
                format!(
                    "{target_type} can be moved from {expected} of the hashicorp/aws provider \
                     only, not from {source_type} of {source_provider}. Every \
                     aws_api_gateway_* type moves to the apigateway_* type of the same name."
                ),
            )
            .into());
        }
        let json: serde_json::Value = serde_json::from_slice(source_state).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "Cannot read the moved state",
                format!("The stored state of {source_type} is not JSON: {e}."),
            ))
        })?;
        let Type::Object(attributes) = entry.ty.as_ref() else {
            return Err(
                Diagnostic::error("Provider error", "a resource type is not an object").into(),
            );
        };
        let state = Value::Object(
            attributes
                .iter()
                .map(|(name, ty)| {
                    let v = json
                        .get(name)
                        .and_then(|j| moved_value(j, ty))
                        .unwrap_or(Value::Null);
                    (name.clone(), v)
                })
                .collect(),
        );
        // A type whose official state keeps no `id` (aws_api_gateway_rest_api_put): this
        // provider's id is derived from the identity the state holds.
        let mut state = state;
        if let (true, Some(identity)) = (state.get("id").is_null(), entry.identity_of(&state)) {
            let partial = entry.resource.import_identity(&identity)?;
            state.set("id", partial.get("id").clone());
        }
        if state.get("id").is_null() {
            return Err(Diagnostic::error(
                "Cannot read the moved state",
                format!("The stored state of {source_type} has no `id`."),
            )
            .into());
        }
        Ok(state)
    }

    /// ValidateListResourceConfig.
    pub fn validate_list(&self, entry: &ListEntry, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        schema::validate::validate_config(&entry.schema.block, config, &mut diags);
        diags
    }

    /// ListResource: what AWS holds of the type, each with its identity and, with
    /// `include_object`, its whole state (read as an import's refresh reads it). At most
    /// `limit` objects when `limit` > 0.
    pub async fn list(
        &self,
        list: &ListEntry,
        entry: &Entry,
        config: &Value,
        include_object: bool,
        limit: i64,
    ) -> Result<Vec<Found>, Diagnostics> {
        let diags = self.validate_list(list, config);
        if diags.has_errors() {
            return Err(diags);
        }
        let aws = self.aws()?;
        let listed = self.guarded(list.lister.list(aws, config)).await?;
        let limit = usize::try_from(limit)
            .ok()
            .filter(|l| *l > 0)
            .unwrap_or(usize::MAX);
        let mut found = Vec::new();
        for item in listed.into_iter().take(limit) {
            let partial = entry.resource.import(&item.import_id)?;
            let object = if include_object {
                match self.read(entry, &partial, IMPORTED.to_vec()).await?.0 {
                    Some(state) => Some(state),
                    // Gone between the list and the read.
                    None => continue,
                }
            } else {
                None
            };
            let Some(identity) = entry.identity_of(object.as_ref().unwrap_or(&partial)) else {
                continue;
            };
            found.push(Found {
                display_name: item.display_name,
                identity,
                object,
            });
        }
        Ok(found)
    }

    /// ValidateDataResourceConfig.
    pub fn validate_data(&self, entry: &DataEntry, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        schema::validate::validate_config(&entry.schema.block, config, &mut diags);
        entry.source.validate(config, &mut diags);
        diags
    }

    /// ReadDataSource: the configuration checked again (values unknown at validation may be
    /// known now), then the lookup.
    pub async fn read_data(&self, entry: &DataEntry, config: &Value) -> Result<Value, Diagnostics> {
        let diags = self.validate_data(entry, config);
        if diags.has_errors() {
            return Err(diags);
        }
        let aws = self.aws()?;
        self.guarded(entry.source.read(aws, config)).await
    }

    /// ValidateResourceConfig.
    pub fn validate_resource(&self, entry: &Entry, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        schema::validate::validate_config(&entry.schema.block, config, &mut diags);
        entry.resource.validate(config, &mut diags);
        diags
    }

    /// PlanResourceChange.
    pub fn plan(
        &self,
        entry: &Entry,
        prior: &Value,
        proposed: &Value,
        config: &Value,
        prior_private: &[u8],
    ) -> Result<PlanResult, Diagnostics> {
        if proposed.is_null() {
            if !prior.is_null() {
                entry.resource.note_change(prior, &Value::Null);
            }
            return Ok(PlanResult {
                planned: Value::Null,
                requires_replace: Vec::new(),
                warnings: Diagnostics::new(),
            });
        }
        let mut diags = Diagnostics::new();
        // Validators run again at plan time: values unknown during validate may be known now.
        schema::validate::validate_config(&entry.schema.block, config, &mut diags);
        entry.resource.validate(config, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
        // Validation's warnings were shown by ValidateResourceConfig already.
        let mut diags = Diagnostics::new();
        let planned = schema::plan::plan(&entry.schema.block, prior, proposed, config);
        let mut state = planned.state;
        entry
            .resource
            .modify_plan(prior, config, &mut state, &mut diags);
        if !self.fills_computed_blocks() {
            without_unwritten_blocks(entry.resource.as_ref(), config, &mut state);
        }
        if let Ok(aws) = self.aws() {
            entry
                .resource
                .plan_tags(config, &mut state, &aws.default_tags);
        }
        if !prior.is_null() {
            entry
                .resource
                .plan_private(prior, prior_private, &mut state, &mut diags);
        }
        if state != *prior {
            entry.resource.note_change(prior, &state);
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(PlanResult {
            planned: state,
            requires_replace: planned.requires_replace,
            warnings: diags,
        })
    }

    /// ApplyResourceChange: dispatches to create, update or delete. Always returns the best
    /// known state, with the diagnostics: on a failed delete or update the prior state, on a
    /// failed create null (nothing was created).
    pub async fn apply(
        &self,
        entry: &Entry,
        prior: &Value,
        planned: &Value,
    ) -> (Value, Diagnostics) {
        let aws = match self.aws() {
            Ok(aws) => aws,
            Err(d) => return (prior.clone(), d),
        };
        let r = &entry.resource;
        let (fallback, result) = if planned.is_null() {
            (
                prior.clone(),
                self.guarded(async { r.delete(aws, prior).await.map(|()| Value::Null) })
                    .await,
            )
        } else if prior.is_null() {
            (Value::Null, self.guarded(r.create(aws, planned)).await)
        } else {
            (
                prior.clone(),
                self.guarded(r.update(aws, prior, planned)).await,
            )
        };
        match result {
            Ok(mut state) => {
                if !self.fills_computed_blocks() {
                    without_unwritten_blocks(r.as_ref(), planned, &mut state);
                }
                let diags = check_apply_result(&state);
                if diags.has_errors() {
                    return (fallback, diags);
                }
                // AWS's values are what exists: recorded, with an error naming each attribute
                // that differs from the plan (Terraform skips its own generic check then).
                let diags = differences(
                    &entry.schema.block,
                    &entry.resource.computed_blocks(),
                    planned,
                    &state,
                );
                (state, diags)
            }
            Err(d) => (fallback, d),
        }
    }

    /// ReadResource: `Ok(None)` means the object is gone; with the object, its private data.
    pub async fn read(
        &self,
        entry: &Entry,
        state: &Value,
        private: Vec<u8>,
    ) -> Result<(Option<Value>, Vec<u8>), Diagnostics> {
        if state.is_null() {
            return Ok((None, private));
        }
        let aws = self.aws()?;
        let private = check_moved_region(aws, entry, state, private)?;
        let Some(mut new) = self.guarded(entry.resource.read(aws, state)).await? else {
            return Ok((None, private));
        };
        let private = if private == IMPORTED {
            if !self.fills_computed_blocks() {
                without_default_blocks(entry.resource.as_ref(), &mut new);
            }
            Vec::new()
        } else {
            if !self.fills_computed_blocks() {
                without_unwritten_blocks(entry.resource.as_ref(), state, &mut new);
            }
            private
        };
        let private = self
            .guarded(entry.resource.private_after_read(aws, &new, private))
            .await?;
        Ok((Some(new), private))
    }

    /// ImportResourceState: the partial state Terraform then completes with a read.
    pub fn import(&self, entry: &Entry, id: &str) -> Result<Value, Diagnostics> {
        entry.resource.import(id)
    }

    /// UpgradeResourceState: stored JSON (possibly from an older schema) to the current type;
    /// attributes added since come back null, attributes since removed are dropped.
    pub fn upgrade(&self, entry: &Entry, version: i64, json: &[u8]) -> Result<Value, Diagnostics> {
        if version > entry.schema.version {
            return Err(Diagnostic::error(
                "State from a newer provider",
                format!(
                    "The stored state has schema version {version}, newer than this provider's {}. Use a newer provider.",
                    entry.schema.version
                ),
            )
            .into());
        }
        if json.is_empty() {
            return Err(Diagnostic::error(
                "Unsupported state format",
                "The stored state is in the legacy flatmap format, which this provider never wrote.",
            )
            .into());
        }
        tfvalue::json::decode(json, &entry.ty).map_err(|e| {
            let d = Diagnostic::error(
                "Cannot read stored state",
                format!("The stored state could not be decoded: {e}."),
            );
            if e.path.is_empty() {
                d.into()
            } else {
                d.at(e.path).into()
            }
        })
    }

    /// StopProvider: nothing new is sent to AWS, requests on the wire get a short grace to
    /// answer (their result is what lets Terraform save the object), and operations still
    /// running after that are abandoned. The server keeps serving.
    pub fn stop(&self) {
        if let Some(Ok(aws)) = self.aws.get() {
            aws.transport.stop();
        }
        self.stop.send_modify(|n| *n += 1);
    }

    /// Runs a resource operation: cancelled by StopProvider, a panic becomes a diagnostic.
    pub async fn guarded<T>(
        &self,
        fut: impl Future<Output = Result<T, Diagnostics>> + Send,
    ) -> Result<T, Diagnostics> {
        let mut stopped = self.stop.subscribe();
        tokio::select! {
            r = CatchPanic(Box::pin(fut)) => r.unwrap_or_else(|msg| Err(Diagnostic::error(
                "Provider internal error",
                format!("The provider panicked: {msg}. This is a bug in the provider; please report it with the log (TF_LOG=debug)."),
            ).into())),
            () = async {
                let _ = stopped.changed().await;
                // The transport refuses new requests at once and gives those on the wire
                // their grace; this only bounds waits outside it (retry backoff).
                tokio::time::sleep(STOP_BACKSTOP).await;
            } => Err(Diagnostic::error(
                "Operation cancelled",
                "Terraform asked the provider to stop (interrupt); the operation was abandoned. Run the command again to finish it.",
            ).into()),
        }
    }
}

/// New state must be wholly known and agree with every known planned value.
/// An error per attribute whose known planned value AWS's answer does not show, naming it and
/// quoting both values (unless sensitive).
/// Empties each computed block of `r` that `reference` leaves out (for a Terraform that does
/// not honour the legacy type system flag).
fn without_unwritten_blocks(
    r: &dyn crate::resources::Resource,
    reference: &Value,
    value: &mut Value,
) {
    for name in r.computed_blocks() {
        let unwritten = reference
            .get(name)
            .as_elements()
            .is_none_or(<[Value]>::is_empty);
        if unwritten && !value.is_null() {
            value.set(name, Value::List(Vec::new()));
        }
    }
}

/// Empties each computed block of `r` that holds only what AWS sets by itself.
fn without_default_blocks(r: &dyn crate::resources::Resource, value: &mut Value) {
    for name in r.computed_blocks() {
        let default = value
            .get(name)
            .as_elements()
            .is_some_and(|e| e.iter().all(|e| r.is_aws_default_block(name, e)));
        if default {
            value.set(name, Value::List(Vec::new()));
        }
    }
}

/// Whether a Terraform of this version honours `legacy_type_system` under protocol 6: from
/// protocol 6.2, Terraform 1.2 (hashicorp/terraform#30375). An unreadable version is taken
/// as a newer one.
pub fn honours_legacy_type_system(terraform_version: &str) -> bool {
    let mut parts = terraform_version.trim_start_matches('v').split('.');
    let number = |p: Option<&str>| p.and_then(|p| p.parse::<u64>().ok());
    match (number(parts.next()), number(parts.next())) {
        (Some(major), Some(minor)) => (major, minor) >= (1, 2),
        _ => true,
    }
}

/// The private data of an imported object until its first read: that read records the
/// computed blocks that are not AWS's default even on a Terraform that honours no legacy type
/// system (so an imported private API keeps its endpoint block, and an imported EDGE API plans
/// clean against a configuration without one).
pub const IMPORTED: &[u8] = b"\0imported";

/// The private data of an object moved from hashicorp/aws until its first read: this prefix
/// then the region its stored state named (hashicorp/aws v6 keeps a `region` per resource).
/// The move itself runs on an unconfigured provider; the first read, configured, checks that
/// the object is in this provider's region before it looks for it there.
pub const MOVED_FROM_REGION: &[u8] = b"\0moved-from-region:";

/// The private data MoveResourceState returns for a moved state.
pub fn moved_private(state_json: &[u8]) -> Vec<u8> {
    serde_json::from_slice::<serde_json::Value>(state_json)
        .ok()
        .and_then(|j| j.get("region")?.as_str().map(str::to_owned))
        .filter(|r| !r.is_empty())
        .map(|region| [MOVED_FROM_REGION, region.as_bytes()].concat())
        .unwrap_or_default()
}

/// A moved attribute's stored value as this provider's type, when it fits. A block the
/// official provider nests as a single object (`timeouts`) is a list of at most one here.
fn moved_value(json: &serde_json::Value, ty: &Type) -> Option<Value> {
    match (json, ty) {
        (serde_json::Value::Object(_), Type::List(_)) => {
            tfvalue::json::decode_value(&serde_json::Value::Array(vec![json.clone()]), ty).ok()
        }
        _ => tfvalue::json::decode_value(json, ty).ok(),
    }
}

/// One object a list found.
#[derive(Debug, Clone)]
pub struct Found {
    /// What `terraform query` shows.
    pub display_name: String,
    /// Its identity data.
    pub identity: Value,
    /// Its whole state, when asked for.
    pub object: Option<Value>,
}

/// A computed block planned empty (left out of the configuration) takes what AWS answers.
fn differences(
    block: &schema::Block,
    computed_blocks: &[&str],
    planned: &Value,
    state: &Value,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (name, want, got) in crate::resources::decl::policy::mismatches(planned, state) {
        let left_to_aws = computed_blocks.contains(&name.as_str())
            && planned
                .get(&name)
                .as_elements()
                .is_none_or(<[Value]>::is_empty);
        if left_to_aws {
            continue;
        }
        let sensitive = block
            .attributes
            .iter()
            .any(|a| a.name == name && a.sensitive);
        let (want, got) = if sensitive {
            (
                "(sensitive value)".to_owned(),
                "a different (sensitive) value".to_owned(),
            )
        } else {
            (want, got)
        };
        diags.push(
            Diagnostic::error(
                format!("API Gateway holds a different {name} than planned"),
                format!(
                    "After the apply, API Gateway holds {name} = {got}, but the plan said {want}. \
                     AWS accepted the request without applying this value (an emulator may \
                     ignore some settings). The state records what API Gateway holds; the next \
                     plan shows the difference."
                ),
            )
            .at(Path::attr(&name)),
        );
    }
    diags
}

fn check_apply_result(state: &Value) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if !state.is_wholly_known() {
        diags.push(Diagnostic::error(
            "Provider produced an incomplete result",
            "The new state still holds unknown values. This is a bug in the provider; please report it.",
        ));
    }
    diags
}

thread_local! {
    /// Set while a guarded handler is being polled, so the panic hook knows the panic will
    /// be caught and reported as a diagnostic rather than crash the process.
    static IN_GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is polling a guarded operation (for the panic hook).
pub fn panic_is_caught() -> bool {
    IN_GUARDED.with(Cell::get)
}

/// Polls the inner future, catching a panic as `Err(message)`.
struct CatchPanic<'a, T>(Pin<Box<dyn Future<Output = T> + Send + 'a>>);

impl<T> Future for CatchPanic<'_, T> {
    type Output = Result<T, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let was = IN_GUARDED.with(|g| g.replace(true));
        let inner = &mut self.0;
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| inner.as_mut().poll(cx)));
        IN_GUARDED.with(|g| g.set(was));
        match result {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Err(payload) => Poll::Ready(Err(panic_message(payload.as_ref()))),
        }
    }
}

/// After a move from hashicorp/aws: the object must be in this provider's region (it is
/// looked for there, and not finding it would plan a second one). Otherwise the private data
/// as it is.
fn check_moved_region(
    aws: &Aws,
    entry: &Entry,
    state: &Value,
    private: Vec<u8>,
) -> Result<Vec<u8>, Diagnostics> {
    let Some(region) = private.strip_prefix(MOVED_FROM_REGION) else {
        return Ok(private);
    };
    let region = String::from_utf8_lossy(region);
    if region == aws.region {
        return Ok(Vec::new());
    }
    Err(Diagnostic::error(
        "Moved object is in another region",
        format!(
            "{} {:?} was moved from hashicorp/aws state that puts it in region {region}, but \
             this provider configuration manages region {}. Give the resource a provider \
             configuration with region = \"{region}\" (for example `provider = \
             apigateway.{}` with an aliased provider block) and plan again.",
            entry.resource.type_name(),
            state.get("id").as_str().unwrap_or_default(),
            aws.region,
            region.replace('-', "_"),
        ),
    )
    .into())
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The official provider's stored state of aws_api_gateway_method (schema version 0,
    /// with its `region` and the attributes this provider also has) becomes this provider's
    /// state; other sources and mismatched types are refused, saying what can be moved.
    #[test]
    fn official_state_moves_and_other_sources_are_refused() {
        let core = Core::new(Registry::new());
        let official = br#"{"id":"agm-a1-r1-GET","region":"us-east-1","rest_api_id":"a1",
            "resource_id":"r1","http_method":"GET","authorization":"NONE","authorizer_id":"",
            "api_key_required":false,"authorization_scopes":null,"operation_name":"",
            "request_models":{"application/json":"Empty"},"request_parameters":{},
            "request_validator_id":""}"#;
        for source in ["registry.terraform.io/hashicorp/aws", "hashicorp/aws"] {
            let state = core
                .move_state(
                    source,
                    "aws_api_gateway_method",
                    official,
                    "apigateway_method",
                )
                .unwrap();
            assert_eq!(state.get("id").as_str(), Some("agm-a1-r1-GET"));
            assert_eq!(state.get("http_method").as_str(), Some("GET"));
            assert_eq!(
                state.get("request_models").to_string_map().unwrap()["application/json"],
                "Empty"
            );
        }
        let wrong_type = core
            .move_state(
                "registry.terraform.io/hashicorp/aws",
                "aws_api_gateway_resource",
                official,
                "apigateway_method",
            )
            .unwrap_err()
            .into_vec();
        assert!(
            wrong_type[0]
                .detail
                .contains("from aws_api_gateway_method of the hashicorp/aws"),
            "{}",
            wrong_type[0].detail
        );
        let wrong_provider = core
            .move_state(
                "registry.terraform.io/example/aws",
                "aws_api_gateway_method",
                official,
                "apigateway_method",
            )
            .unwrap_err()
            .into_vec();
        assert!(wrong_provider[0].detail.contains("example/aws"));
    }

    /// A stored value of the official provider for `ty` (Terraform's JSON type syntax).
    fn sample(name: &str, ty: &serde_json::Value) -> serde_json::Value {
        use serde_json::json;
        match ty {
            serde_json::Value::String(t) if t == "string" => json!(format!("{name}-1")),
            serde_json::Value::String(t) if t == "number" => json!(7),
            serde_json::Value::String(t) if t == "bool" => json!(true),
            serde_json::Value::Array(pair) => match (pair[0].as_str(), &pair[1]) {
                (Some("list" | "set"), elem) => json!([sample(name, elem)]),
                (Some("map"), elem) => json!({ "k": sample(name, elem) }),
                (Some("object"), serde_json::Value::Object(attrs)) => attrs
                    .iter()
                    .map(|(k, t)| (k.clone(), sample(k, t)))
                    .collect(),
                _ => panic!("type {ty}"),
            },
            _ => panic!("type {ty}"),
        }
    }

    /// A stored state of the official provider for a block of its schema: every attribute
    /// and nested block filled.
    fn official_state(block: &serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        let mut state: serde_json::Map<_, _> = block["attributes"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, a)| (k.clone(), sample(k, &a["type"])))
            .collect();
        for (k, b) in block["blocks"].as_object().unwrap() {
            let inner = serde_json::Value::Object(official_state(&b["block"]));
            let v = match b["nesting"].as_str() {
                Some("single") => inner,
                _ => serde_json::Value::Array(vec![inner]),
            };
            state.insert(k.clone(), v);
        }
        state
    }

    /// Every type of hashicorp/aws (the schemas it serves, tools/aws-standin/
    /// official-schemas.json) moves: its stored state, every attribute and block filled,
    /// becomes this provider's state with every attribute the two schemas share kept (so no
    /// shared attribute has an incompatible type) and an `id` (derived from the identity for
    /// a type whose official state has none).
    #[test]
    fn every_official_type_moves_keeping_every_shared_attribute() {
        let official: serde_json::Value = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tools/aws-standin/official-schemas.json"
        )))
        .unwrap();
        let core = Core::new(Registry::new());
        let resources = official["resources"].as_object().unwrap();
        assert_eq!(resources.len(), 26);
        for (source_type, schema) in resources {
            let target = source_type.replacen("aws_api_gateway_", "apigateway_", 1);
            let stored = official_state(&schema["block"]);
            let json = serde_json::to_vec(&stored).unwrap();
            let state = core
                .move_state(
                    "registry.terraform.io/hashicorp/aws",
                    source_type,
                    &json,
                    &target,
                )
                .unwrap_or_else(|d| panic!("{source_type}: {:?}", d.into_vec()));
            assert!(state.get("id").as_str().is_some(), "{source_type}");
            let Type::Object(ours) = core.entry(&target).unwrap().ty.as_ref().clone() else {
                panic!("{target}")
            };
            for (name, value) in &stored {
                if ours.contains_key(name) {
                    assert!(
                        !state.get(name).is_null(),
                        "{source_type}.{name} = {value} is lost in the move"
                    );
                }
            }
            assert_eq!(
                moved_private(&json),
                [MOVED_FROM_REGION, b"region-1"].concat(),
                "{source_type}"
            );
        }
    }

    /// The first read after a move checks the region the official state named: another
    /// region is an error naming both (and no AWS call is made); the same region reads on,
    /// and the marker is dropped.
    #[tokio::test]
    async fn the_first_read_after_a_move_checks_the_region() {
        let (aws, requests) = crate::resources::testing::api(vec![(
            200,
            None,
            r#"{"id":"a1","name":"moved","rootResourceId":"r1","createdDate":1}"#,
        )])
        .await;
        let core = Core::new(Registry::new());
        let entry = core.entry("apigateway_rest_api").unwrap();
        let state = core
            .move_state(
                "hashicorp/aws",
                "aws_api_gateway_rest_api",
                br#"{"id":"a1","name":"moved","region":"us-west-2"}"#,
                "apigateway_rest_api",
            )
            .unwrap();
        let west = [MOVED_FROM_REGION, b"us-west-2"].concat();
        let err = check_moved_region(&aws, entry, &state, west)
            .unwrap_err()
            .into_vec();
        assert!(
            err[0].detail.contains("region us-west-2")
                && err[0].detail.contains("manages region us-east-1")
                && err[0].detail.contains("\"a1\""),
            "{}",
            err[0].detail
        );
        let east = [MOVED_FROM_REGION, b"us-east-1"].concat();
        assert!(
            check_moved_region(&aws, entry, &state, east)
                .unwrap()
                .is_empty()
        );
        let other = b"kept".to_vec();
        assert_eq!(
            check_moved_region(&aws, entry, &state, other.clone()).unwrap(),
            other
        );
        assert!(requests.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_panic_in_a_handler_becomes_a_diagnostic() {
        let core = Core::new(Registry::with(vec![]));
        let r: Result<(), Diagnostics> = core
            .guarded(async {
                #[allow(clippy::panic)]
                if !panic_is_caught() {
                    Ok(())
                } else {
                    panic!("boom")
                }
            })
            .await;
        let d = r.unwrap_err().into_vec();
        assert!(d[0].detail.contains("boom"), "{}", d[0].detail);
        assert!(!panic_is_caught());
    }

    #[tokio::test(start_paused = true)]
    async fn stop_lets_work_finish_within_the_grace() {
        let core = Core::new(Registry::with(vec![]));
        let c2 = Arc::clone(&core);
        let finishing = tokio::spawn(async move {
            c2.guarded(async {
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                Ok::<_, Diagnostics>("saved")
            })
            .await
        });
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        core.stop();
        assert_eq!(finishing.await.unwrap().unwrap(), "saved");
    }

    #[tokio::test(start_paused = true)]
    async fn stop_cancels_in_flight_work_and_later_work_runs() {
        let core = Core::new(Registry::with(vec![]));
        let c2 = Arc::clone(&core);
        let pending = tokio::spawn(async move {
            c2.guarded(async {
                tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                Ok::<_, Diagnostics>(())
            })
            .await
        });
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        core.stop();
        let r = pending.await.unwrap();
        assert!(r.unwrap_err().into_vec()[0].summary.contains("cancelled"));
        assert_eq!(
            core.guarded(async { Ok::<_, Diagnostics>(5) })
                .await
                .unwrap(),
            5
        );
    }

    #[test]
    fn unknown_left_after_apply_is_an_error() {
        let planned = Value::object([("a", Value::Unknown)]);
        assert!(check_apply_result(&planned).has_errors());
        assert!(!check_apply_result(&Value::object([("a", "x".into())])).has_errors());
    }

    #[test]
    fn a_value_aws_did_not_apply_is_named_with_both_values_unless_sensitive() {
        let block = schema::Block::new("t")
            .attribute(schema::Attribute::string("cert", "c"))
            .attribute(schema::Attribute::string("secret", "s").sensitive())
            .attribute(schema::Attribute::string("later", "l").computed());
        let planned = Value::object([
            ("cert", "cc1".into()),
            ("secret", "hunter2".into()),
            ("later", Value::Unknown),
        ]);
        let state = Value::object([
            ("cert", Value::Null),
            ("secret", "other".into()),
            ("later", "x".into()),
        ]);
        let d = differences(&block, &[], &planned, &state).into_vec();
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].summary.contains("different cert"), "{}", d[0].summary);
        assert!(
            d[0].detail
                .contains("holds cert = null, but the plan said \"cc1\""),
            "{}",
            d[0].detail
        );
        assert_eq!(d[0].path, Some(Path::attr("cert")));
        assert!(
            !d[1].detail.contains("hunter2") && !d[1].detail.contains("\"other\""),
            "{}",
            d[1].detail
        );
        assert!(
            differences(&block, &[], &planned, &planned)
                .into_vec()
                .is_empty()
        );
    }

    /// A computed block left out of the configuration (planned empty) takes AWS's value
    /// without an error; a written one that AWS did not apply is still reported.
    #[test]
    fn a_computed_block_left_out_takes_what_aws_holds() {
        let block = schema::Block::new("t");
        let element = |t: &str| {
            Value::List(vec![Value::object([(
                "types",
                Value::List(vec![t.into()]),
            )])])
        };
        let left_out = Value::object([("ec", Value::List(Vec::new()))]);
        let answered = Value::object([("ec", element("EDGE"))]);
        assert!(
            differences(&block, &["ec"], &left_out, &answered)
                .into_vec()
                .is_empty()
        );
        assert_eq!(
            differences(&block, &[], &left_out, &answered)
                .into_vec()
                .len(),
            1
        );
        let written = Value::object([("ec", element("REGIONAL"))]);
        assert_eq!(
            differences(&block, &["ec"], &written, &answered)
                .into_vec()
                .len(),
            1
        );
    }
}
