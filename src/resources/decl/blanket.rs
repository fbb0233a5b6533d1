//! [`Declared`]: a resource type as its declarations, its calls and its quirks; and the one
//! [`Resource`] implementation every declared type gets from them.

use std::collections::BTreeMap;
use std::fmt;

use async_trait::async_trait;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::cache::Source;
use crate::aws::{Aws, AwsError, ErrorKind, locks, not_found_as_none, retry};
use crate::diag::{Diagnostic, Diagnostics};
use crate::resources::keys::{Ident, ImportForm, Key};
use crate::resources::{IdentityAttribute, Resource, adopt_found, publish, timeouts};
use crate::schema::{Attribute, Block, Presence, Schema};
use crate::tfvalue::Value;

use super::{Answer, Decl, Sdk, policy, tags};

/// Where the state `id` comes from.
#[derive(Debug, Clone, Copy)]
pub enum Identity<K> {
    /// Derived from the key (the official provider's format), so known at plan time.
    Named {
        /// The id of a key.
        id: fn(&K) -> String,
        /// The `id` attribute's description.
        doc: &'static str,
    },
    /// Assigned by AWS on create: a declared field called `id`.
    Assigned,
}

/// How an update reaches AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// One `Update*` call with the patch operations derived from the declarations.
    Patch,
    /// The create call again: it is an upsert that replaces the whole object.
    Put,
}

/// What the refresh snapshot knows of an object.
#[derive(Debug)]
pub enum Seen<T> {
    /// It is there, as this item.
    Found(T),
    /// It is not there.
    Gone,
    /// The snapshot cannot tell: ask the `Get*` call.
    Ask,
}

impl<T: Clone> Seen<T> {
    /// What an API's list snapshot (`None`: the API is gone) says of the item `pick` finds.
    pub fn in_list(all: Option<std::sync::Arc<Vec<T>>>, pick: impl FnMut(&&T) -> bool) -> Self {
        Seen::from(all.as_deref().into_iter().flatten().find(pick).cloned())
    }
}

impl<T> From<Option<T>> for Seen<T> {
    fn from(item: Option<T>) -> Self {
        item.map_or(Seen::Gone, Seen::Found)
    }
}

/// The planned values, for the create (or Put) call: [`Input::fill`] puts every declared
/// field into the SDK's fluent builder.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a, R: Sdk> {
    planned: &'a Value,
    fields: &'static [&'static Decl<R>],
}

impl<R: Sdk> Input<'_, R> {
    /// `builder` with every declared field's setter applied to its planned value.
    pub fn fill(&self, builder: R::Create) -> R::Create {
        self.fields.iter().fold(builder, |b, d| match d.set {
            Some(set) => set(b, self.planned.get(d.spec.name)),
            None => b,
        })
    }

    /// The whole plan (for what a resource sends itself).
    pub fn planned(&self) -> &Value {
        self.planned
    }
}

/// A resource type as declarations, calls and quirks. Implementing it is all a type needs:
/// it then is a [`Resource`]. Every hook has a default; an override starts with a one-line
/// comment saying why AWS needs it.
#[async_trait]
pub trait Declared: Sdk {
    /// The type name, e.g. `apigateway_request_validator`.
    const TYPE_NAME: &'static str;
    /// How messages name an object of this type, e.g. `method response`.
    const OBJECT: &'static str;
    /// The resource's description (markdown).
    const DESCRIPTION: &'static str;
    /// What identifies an object: its identity attributes and import ID.
    type Key: Key;
    /// What the create call needs: the key itself, or the API the object is created in.
    type Parent: Ident;
    /// Where the state `id` comes from.
    const IDENTITY: Identity<Self::Key>;
    /// The import ID's format and an example.
    const IMPORT: ImportForm = <Self::Key as Key>::IMPORT;
    /// Every attribute but the identity and a derived `id`.
    const FIELDS: &'static [&'static Decl<Self>];
    /// How an update reaches AWS.
    const UPDATE: Update;
    /// A create answered "already exists" adopts the object when it already is what the plan
    /// wants (an apply interrupted after the create), else says how to import it.
    const ADOPT: bool = false;
    /// Writes to one REST API are made one at a time (AWS answers parallel ones with
    /// "concurrent modification").
    const SERIAL_WRITES: bool = false;
    /// Part of what a REST API serves: a planned change makes a deployment planned after it
    /// redeploy (see [`crate::resources::publish`]).
    const PUBLISHED: bool = false;
    /// The state holds an execution ARN, which needs the account id: it is asked of STS (once
    /// per process) before the create, so a failure there never leaves an object unsaved.
    const NEEDS_ACCOUNT: bool = false;
    /// Whether the type has `tags` and `tags_all` (declared as fields, with an `arn`): see
    /// [`tags`](super::tags).
    const TAGGABLE: bool = false;
    /// Appended to a create's NotFound error, whose AWS text does not say what to do.
    const MISSING_PARENT_HINT: &'static str = "";
    /// Whether the delete call takes the object out of AWS (not so for an import, which AWS
    /// cannot take back): a create that fails after its call is then undone with it.
    const DELETES: bool = true;

    /// The create (or Put) call; `input.fill(builder)` adds the planned fields.
    async fn call_create(
        &self,
        aws: &Aws,
        parent: &Self::Parent,
        input: Input<'_, Self>,
    ) -> Result<Self::Created, AwsError>;

    /// The `Get*` call.
    async fn call_get(&self, aws: &Aws, key: &Self::Key) -> Result<Self::Got, AwsError>;

    /// The `Update*` call with patch operations. Types updated by Put never make it.
    async fn call_update(
        &self,
        _aws: &Aws,
        _key: &Self::Key,
        _ops: Vec<PatchOperation>,
    ) -> Result<Self::Updated, AwsError> {
        Err(AwsError {
            kind: ErrorKind::Other,
            code: None,
            message: format!(
                "{} is updated by its Put call, not by patch operations",
                Self::TYPE_NAME
            ),
        })
    }

    /// The `Delete*` call.
    async fn call_delete(&self, aws: &Aws, key: &Self::Key) -> Result<(), AwsError>;

    /// The object in the API's refresh snapshot (see [`crate::aws::cache`]).
    async fn snapshot(&self, _aws: &Aws, _key: &Self::Key) -> Result<Seen<Self::Item>, AwsError> {
        Ok(Seen::Ask)
    }

    /// What to do about a failed create or Put, appended to AWS's message (by default
    /// [`Declared::MISSING_PARENT_HINT`] on NotFound).
    fn write_hint(&self, e: &AwsError) -> &'static str {
        if e.is_not_found() {
            Self::MISSING_PARENT_HINT
        } else {
            ""
        }
    }

    /// How a failed create names the object (the parent's import ID by default).
    fn creating_id(&self, parent: &Self::Parent, _planned: &Value) -> String {
        parent.to_string()
    }

    /// Rules across attributes, checked at plan time (never reject unknown values).
    fn check(&self, _config: &Value, _diags: &mut Diagnostics) {}

    /// Changes to the generic plan.
    fn adjust_plan(
        &self,
        _prior: &Value,
        _config: &Value,
        _planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
    }

    /// Changes to the state the declarations derived from `answer`.
    fn quirks(&self, _answer: &Answer<'_, Self>, _reference: &Value, _state: &mut Value) {}

    /// Completes a state with what needs AWS or the provider's settings (default: nothing).
    async fn complete(
        &self,
        _aws: &Aws,
        _reference: &Value,
        _state: &mut Value,
    ) -> Result<(), Diagnostics> {
        Ok(())
    }

    /// Whether what AWS answered is an object (some answers exist only in name).
    fn exists(&self, _answer: &Answer<'_, Self>, _reference: &Value) -> bool {
        true
    }

    /// Changes to the derived patch operations (fields with a manual path, ordering).
    fn patch_quirks(
        &self,
        _prior: &Value,
        _planned: &Value,
        derived: Vec<PatchOperation>,
    ) -> Vec<PatchOperation> {
        derived
    }

    /// See [`Resource::private_after_read`]. Private data Terraform keeps with the object's state (users never see it), after a
    /// read that found `state`: from what was stored before. Default: unchanged.
    async fn private_after_read(
        &self,
        _aws: &Aws,
        _state: &Value,
        private: Vec<u8>,
    ) -> Result<Vec<u8>, Diagnostics> {
        Ok(private)
    }

    /// Adjusts a plan by the prior private data (default: nothing).
    fn plan_private(
        &self,
        _prior: &Value,
        _private: &[u8],
        _planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
    }

    /// Private data after an apply that produced `state` (default: the planned private data).
    fn private_after_apply(&self, _state: &Value, planned_private: Vec<u8>) -> Vec<u8> {
        planned_private
    }

    /// Whether this update is made by the create call (a new object AWS gives a new id), not
    /// by patch operations (default: never).
    fn update_by_create(&self, _prior: &Value, _planned: &Value) -> bool {
        false
    }

    /// Runs after a create or update call answered `answer`, with the new state (which holds
    /// what the plan says, e.g. the `timeouts` block): e.g. waits until AWS has finished the
    /// change. The error is why the write failed; the blanket names the object, and after a
    /// create deletes it again (see [`Declared::DELETES`]). Default: nothing.
    /// `which` is the write's wait in a `timeouts` block: `create` or `update`.
    async fn after_write(
        &self,
        _aws: &Aws,
        _key: &Self::Key,
        _which: &'static str,
        _answer: &Answer<'_, Self>,
        _state: &Value,
    ) -> Result<(), String> {
        Ok(())
    }

    /// Runs after a successful update, with the prior and the new state (default: nothing).
    async fn after_update(
        &self,
        _aws: &Aws,
        _prior: &Value,
        _state: &Value,
    ) -> Result<(), Diagnostics> {
        Ok(())
    }

    /// Whether this create or update (`prior` null for a create) needs a second write after
    /// the create call or the patch (default: never). See [`Declared::rewrite`].
    fn rewrites(&self, _prior: &Value, _planned: &Value) -> bool {
        false
    }

    /// The second write [`Declared::rewrites`] asks for (a REST API's OpenAPI import): its
    /// answer becomes the state. A failed rewrite of a create deletes the new object again.
    async fn rewrite(
        &self,
        _aws: &Aws,
        _key: &Self::Key,
        _planned: &Value,
    ) -> Result<Self::Updated, Diagnostics> {
        Err(Diagnostic::error(
            "Provider error",
            format!("{} has no second write", Self::TYPE_NAME),
        )
        .into())
    }

    /// Runs after a successful delete call, with the state that was deleted (default:
    /// nothing); e.g. waits until AWS has finished deleting.
    async fn after_delete(&self, _aws: &Aws, _state: &Value) -> Result<(), Diagnostics> {
        Ok(())
    }

    /// Checks the state an update produced against the plan (default: nothing).
    fn check_update(
        &self,
        _key: &Self::Key,
        _planned: &Value,
        _state: &Value,
    ) -> Result<(), Diagnostics> {
        Ok(())
    }

    /// A create answered "already exists" (with [`Declared::ADOPT`]): by default, read the
    /// object and adopt it when it already is what the plan wants.
    async fn adopt(
        &self,
        aws: &Aws,
        planned: &Value,
        creating: Diagnostic,
    ) -> Result<Value, Diagnostics> {
        let key = Self::Key::from_state(planned)?;
        let found = find(self, aws, &key, planned, Source::Direct).await;
        adopt_found(Self::TYPE_NAME, &key.to_string(), planned, creating, found)
    }
}

/// The state from AWS's answer: the identity from `reference` (it requires replacement, so
/// the plan, the prior state and an import all hold it), `id`, each field by its policy, then
/// the type's quirks.
pub fn state<R: Declared>(r: &R, answer: &Answer<'_, R>, reference: &Value) -> Value {
    let mut attrs: Vec<(&str, Value)> = R::Key::ATTRS
        .iter()
        .map(|a| (a.name, reference.get(a.name).clone()))
        .collect();
    if let Identity::Named { id, .. } = R::IDENTITY
        && let Ok(key) = R::Key::from_state(reference)
    {
        attrs.push(("id", Value::from(id(&key))));
    }
    for d in R::FIELDS {
        let aws = d.get.map_or(Value::Null, |get| get(answer));
        attrs.push((
            d.spec.name,
            policy::apply(&d.spec, aws, reference.get(d.spec.name)),
        ));
    }
    let mut v = Value::object(attrs);
    r.quirks(answer, reference, &mut v);
    v
}

/// The patch operations of an update from `prior` to `planned`.
pub fn patch<R: Declared>(r: &R, prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let derived = policy::patch(R::FIELDS.iter().map(|d| &d.spec), prior, planned);
    r.patch_quirks(prior, planned, derived)
}

/// The planned values for the create (or Put) call.
pub fn input<R: Declared>(planned: &Value) -> Input<'_, R> {
    Input {
        planned,
        fields: R::FIELDS,
    }
}

/// The object as a state, or `None` when it does not exist. From the API's refresh snapshot
/// when `source` allows and snapshots are on, else (or when the snapshot cannot tell) the
/// `Get*` call, where NotFound (the object, or what it belongs to, is gone) is `None`.
pub async fn find<R: Declared>(
    r: &R,
    aws: &Aws,
    key: &R::Key,
    reference: &Value,
    source: Source,
) -> Result<Option<Value>, Diagnostics> {
    let reading =
        |e: AwsError| Diagnostics::from(e.diagnostic("Reading", R::OBJECT, &key.to_string()));
    let found = |answer: Answer<'_, R>| {
        r.exists(&answer, reference)
            .then(|| state(r, &answer, reference))
    };
    let mut found = 'found: {
        if aws.cache.serves(source) {
            match r.snapshot(aws, key).await.map_err(reading)? {
                Seen::Found(item) => break 'found found(Answer::Item(&item)),
                Seen::Gone => break 'found None,
                Seen::Ask => {}
            }
        }
        let got = not_found_as_none(r.call_get(aws, key).await).map_err(reading)?;
        got.and_then(|g| found(Answer::Got(&g)))
    };
    if let Some(state) = found.as_mut() {
        settle(r, aws, reference, state).await?;
    }
    Ok(found)
}

/// What the answer alone cannot say: the tags split by the provider's defaults, then the
/// type's `complete` hook.
async fn settle<R: Declared>(
    r: &R,
    aws: &Aws,
    reference: &Value,
    state: &mut Value,
) -> Result<(), Diagnostics> {
    if R::TAGGABLE {
        tags::split(state, reference, &aws.default_tags);
    }
    r.complete(aws, reference, state).await
}

/// Holds the API's write lock when the type's writes must not overlap.
async fn write_lock<R: Declared>(rest_api_id: &str) -> Option<tokio::sync::OwnedMutexGuard<()>> {
    if R::SERIAL_WRITES {
        Some(locks::rest_api(rest_api_id).await)
    } else {
        None
    }
}

/// The create (or Put) call under the conflict retry, and the state from its answer.
async fn put<R: Declared>(
    r: &R,
    aws: &Aws,
    planned: &Value,
    action: &str,
) -> Result<Value, Diagnostics> {
    let parent = R::Parent::from_state(planned)?;
    if R::NEEDS_ACCOUNT
        && let Err(e) = aws.account_id().await
    {
        let mut d = e.diagnostic(action, R::OBJECT, &r.creating_id(&parent, planned));
        d.detail
            .push_str(" (asking STS for the account id of the execution ARN)");
        return Err(d.into());
    }
    let _write = write_lock::<R>(parent.rest_api_id()).await;
    let result = retry::on_conflict(aws, || r.call_create(aws, &parent, input(planned))).await;
    match result {
        Ok(out) => {
            let mut new = state(r, &Answer::Created(&out), planned);
            settle(r, aws, planned, &mut new).await?;
            if action == "Creating" && r.rewrites(&Value::Null, planned) {
                let key = R::Key::from_state(&new)?;
                return rewrite_created(r, aws, &key, planned).await;
            }
            written(r, aws, action, &Answer::Created(&out), new).await
        }
        Err(e) if R::ADOPT && action == "Creating" && e.is_already_exists() => {
            r.adopt(
                aws,
                planned,
                e.diagnostic(action, R::OBJECT, &r.creating_id(&parent, planned)),
            )
            .await
        }
        Err(e) => {
            let mut d = e.diagnostic(action, R::OBJECT, &r.creating_id(&parent, planned));
            d.detail.push_str(r.write_hint(&e));
            Err(d.into())
        }
    }
}

/// The second write of a create; when it fails the new object is deleted again, so a failed
/// apply leaves nothing behind (Terraform records no state for a failed create).
async fn rewrite_created<R: Declared>(
    r: &R,
    aws: &Aws,
    key: &R::Key,
    planned: &Value,
) -> Result<Value, Diagnostics> {
    match r.rewrite(aws, key, planned).await {
        Ok(out) => {
            let mut new = state(r, &Answer::Updated(&out), planned);
            settle(r, aws, planned, &mut new).await?;
            written(r, aws, "Creating", &Answer::Updated(&out), new).await
        }
        Err(failed) => Err(undo_create(r, aws, key, failed).await),
    }
}

/// The new state after [`Declared::after_write`] (a failed create's object deleted again).
async fn written<R: Declared>(
    r: &R,
    aws: &Aws,
    action: &str,
    answer: &Answer<'_, R>,
    new: Value,
) -> Result<Value, Diagnostics> {
    let key = R::Key::from_state(&new)?;
    let which = if action == "Creating" {
        "create"
    } else {
        "update"
    };
    let Err(reason) = r.after_write(aws, &key, which, answer, &new).await else {
        return Ok(new);
    };
    let failed = Diagnostic::error(
        format!("{action} API Gateway {} failed", R::OBJECT),
        format!("{action} API Gateway {} ({key}): {reason}.", R::OBJECT),
    );
    if action == "Creating" {
        Err(undo_create(r, aws, &key, failed.into()).await)
    } else {
        Err(failed.into())
    }
}

/// `failed`, after the object a failed create made is deleted again (when its delete call
/// can), so a failed apply leaves nothing behind; the errors say what became of it.
async fn undo_create<R: Declared>(
    r: &R,
    aws: &Aws,
    key: &R::Key,
    failed: Diagnostics,
) -> Diagnostics {
    if !R::DELETES {
        return failed;
    }
    let note = match r.call_delete(aws, key).await {
        Ok(()) => format!(
            " The new {} ({key}) was deleted again, so nothing is left behind.",
            R::OBJECT
        ),
        Err(e) => format!(
            " Deleting the new {} ({key}) failed as well ({}): delete it by hand.",
            R::OBJECT,
            e.message
        ),
    };
    let mut diags = Diagnostics::new();
    for mut d in failed.into_vec() {
        if d.severity == crate::diag::Severity::Error {
            d.detail.push_str(&note);
        }
        diags.push(d);
    }
    diags
}

#[async_trait]
impl<R: Declared> Resource for R {
    fn type_name(&self) -> &'static str {
        R::TYPE_NAME
    }

    fn schema(&self) -> Schema {
        let object = R::OBJECT.to_lowercase();
        let mut block = Block::new(R::DESCRIPTION);
        if let Identity::Named { doc, .. } = R::IDENTITY {
            block = block.attribute(
                Attribute::string("id", doc)
                    .computed()
                    .use_state_for_unknown(),
            );
        }
        for spec in R::Key::ATTRS {
            block = block.attribute(spec.attribute(&object));
        }
        for d in R::FIELDS {
            block = match d.spec.nested_block() {
                Some(nested) => block.block(nested),
                None => block.attribute(d.spec.attribute(&object)),
            };
        }
        Schema::new(block)
    }

    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        self.check(config, diags);
    }

    fn is_aws_default_block(&self, name: &str, element: &Value) -> bool {
        R::FIELDS
            .iter()
            .find(|d| d.spec.name == name)
            .and_then(|d| d.spec.aws_default_block)
            .is_some_and(|is_default| is_default(element))
    }

    fn computed_blocks(&self) -> Vec<&'static str> {
        R::FIELDS
            .iter()
            .filter(|d| d.spec.computed_block())
            .map(|d| d.spec.name)
            .collect()
    }

    fn plan_tags(&self, config: &Value, planned: &mut Value, defaults: &BTreeMap<String, String>) {
        if R::TAGGABLE {
            tags::plan(config, planned, defaults);
        }
    }

    fn note_change(&self, prior: &Value, planned: &Value) {
        if !R::PUBLISHED {
            return;
        }
        let (action, source) = match (prior.is_null(), planned.is_null()) {
            (true, _) => ("created", planned),
            (_, true) => ("destroyed", prior),
            _ => ("updated", planned),
        };
        // A new object's key may not be known yet; what it is created in usually is.
        let named = R::Key::from_state(source)
            .map(|k| (k.rest_api_id().to_owned(), k.to_string()))
            .or_else(|_| {
                R::Parent::from_state(source).map(|p| (p.rest_api_id().to_owned(), String::new()))
            });
        if let Ok((api, name)) = named {
            let what = [R::TYPE_NAME, name.as_str(), action]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            publish::note(&api, what);
        }
    }

    fn modify_plan(
        &self,
        prior: &Value,
        config: &Value,
        planned: &mut Value,
        diags: &mut Diagnostics,
    ) {
        // A derived id is known as soon as the identity is: other resources can use it at
        // plan time, and a replacement shows the new id.
        // While the identity is unknown (it forces a replacement) so is the new id.
        if let Identity::Named { id, .. } = R::IDENTITY {
            let known = R::Key::from_state(planned).map(|key| Value::from(id(&key)));
            planned.set("id", known.unwrap_or(Value::Unknown));
        }
        // A computed block the configuration leaves out keeps what AWS holds: removing it
        // stops managing it, as in the official provider (a create plans none and records
        // AWS's).
        for d in R::FIELDS.iter().filter(|d| d.spec.computed_block()) {
            let name = d.spec.name;
            let unset = config
                .get(name)
                .as_elements()
                .is_none_or(<[Value]>::is_empty);
            if unset && !prior.is_null() {
                planned.set(name, prior.get(name).clone());
            }
        }
        self.adjust_plan(prior, config, planned, diags);
    }

    async fn private_after_read(
        &self,
        aws: &Aws,
        state: &Value,
        private: Vec<u8>,
    ) -> Result<Vec<u8>, Diagnostics> {
        Declared::private_after_read(self, aws, state, private).await
    }

    fn plan_private(
        &self,
        prior: &Value,
        private: &[u8],
        planned: &mut Value,
        diags: &mut Diagnostics,
    ) {
        Declared::plan_private(self, prior, private, planned, diags);
    }

    fn private_after_apply(&self, state: &Value, planned_private: Vec<u8>) -> Vec<u8> {
        Declared::private_after_apply(self, state, planned_private)
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        put(self, aws, planned, "Creating").await
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let key = R::Key::from_state(state)?;
        find(self, aws, &key, state, Source::Snapshot).await
    }

    async fn update(
        &self,
        aws: &Aws,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        if R::UPDATE == Update::Put || self.update_by_create(prior, planned) {
            // The identity replaces the object, so only what the Put sends can differ.
            let state = put(self, aws, planned, "Updating").await?;
            self.after_update(aws, prior, &state).await?;
            return Ok(state);
        }
        let key = R::Key::from_state(prior)?;
        // Tags are not patched: TagResource and UntagResource, before the other changes.
        let retag = R::TAGGABLE && tags::changed(prior, planned);
        if retag {
            let arn = prior.get(tags::ARN).as_str().unwrap_or_default().to_owned();
            tags::write(aws, &arn, prior, planned)
                .await
                .map_err(|e| e.diagnostic("Tagging", R::OBJECT, &key.to_string()))?;
        }
        let ops = patch(self, prior, planned);
        if self.rewrites(prior, planned) {
            // The second write answers the whole object: no read before it.
            if !ops.is_empty() {
                let _write = write_lock::<R>(key.rest_api_id()).await;
                retry::on_conflict(aws, || self.call_update(aws, &key, ops.clone()))
                    .await
                    .map_err(|e| e.diagnostic("Updating", R::OBJECT, &key.to_string()))?;
            }
            let out = self.rewrite(aws, &key, planned).await?;
            let mut state = state(self, &Answer::Updated(&out), planned);
            settle(self, aws, planned, &mut state).await?;
            if retag {
                tags::keep_written(&mut state, planned);
            }
            self.check_update(&key, planned, &state)?;
            let state = written(self, aws, "Updating", &Answer::Updated(&out), state).await?;
            self.after_update(aws, prior, &state).await?;
            return Ok(state);
        }
        if ops.is_empty() {
            // Nothing AWS stores changes (the spelling of "empty", or a block added with the
            // values AWS already has): nothing to send. What the plan left unknown is read.
            if planned.is_wholly_known() {
                return Ok(planned.clone());
            }
            return match find(self, aws, &key, planned, Source::Direct).await? {
                Some(mut state) => {
                    if retag {
                        tags::keep_written(&mut state, planned);
                    }
                    Ok(state)
                }
                None => Err(Diagnostic::error(
                    format!("Updating API Gateway {} failed", R::OBJECT),
                    format!(
                        "Updating API Gateway {} ({key}): it no longer exists.",
                        R::OBJECT
                    ),
                )
                .into()),
            };
        }
        let _write = write_lock::<R>(key.rest_api_id()).await;
        let out = retry::on_conflict(aws, || self.call_update(aws, &key, ops.clone()))
            .await
            .map_err(|e| e.diagnostic("Updating", R::OBJECT, &key.to_string()))?;
        let mut state = state(self, &Answer::Updated(&out), planned);
        settle(self, aws, planned, &mut state).await?;
        if retag {
            tags::keep_written(&mut state, planned);
        }
        self.check_update(&key, planned, &state)?;
        let state = written(self, aws, "Updating", &Answer::Updated(&out), state).await?;
        self.after_update(aws, prior, &state).await?;
        Ok(state)
    }

    async fn delete(&self, aws: &Aws, state: &Value) -> Result<(), Diagnostics> {
        let key = R::Key::from_state(state)?;
        let _write = write_lock::<R>(key.rest_api_id()).await;
        // Already gone (possibly with what it belongs to) is what a delete wants.
        let id = key.to_string();
        let deleting = retry::delete(aws, R::OBJECT, &id, || self.call_delete(aws, &key));
        // A `timeouts` block's `delete` bounds the call and its retries.
        match timeouts::configured(state, "delete") {
            Some(limit) => tokio::time::timeout(limit, deleting).await.map_err(|_| {
                Diagnostic::error(
                    format!("Deleting API Gateway {} failed", R::OBJECT),
                    format!(
                        "Deleting API Gateway {} ({key}): AWS did not finish it within {}s \
                         (the `timeouts` block's `delete`).",
                        R::OBJECT,
                        limit.as_secs()
                    ),
                )
            })??,
            None => deleting.await?,
        }
        self.after_delete(aws, state).await
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let key = R::Key::from_import_id(R::TYPE_NAME, id, R::IMPORT)?;
        Ok(imported::<R>(&key))
    }

    // What names an object: the attributes an import ID sets (its identity attributes, or
    // `id` for a type named by its AWS id), as the key's own example import ID shows them.
    fn identity_attributes(&self) -> Vec<IdentityAttribute> {
        let names: Vec<&'static str> =
            match R::Key::from_import_id(R::TYPE_NAME, R::IMPORT.example, R::IMPORT) {
                Ok(key) => key.identity().into_iter().map(|(n, _)| n).collect(),
                Err(_) => R::Key::ATTRS.iter().map(|s| s.name).collect(),
            };
        if names.is_empty() {
            // A singleton (the account): its fixed id.
            return vec![IdentityAttribute {
                name: "id",
                required: false,
                description: format!("Always `{}`.", R::IMPORT.format),
            }];
        }
        names
            .into_iter()
            .map(|name| {
                let spec = R::Key::ATTRS.iter().find(|s| s.name == name);
                IdentityAttribute {
                    name,
                    required: spec.is_none_or(|s| s.presence == Presence::Required),
                    description: spec.map_or_else(
                        || {
                            format!(
                                "The object's id, as in the import ID `{}`.",
                                R::IMPORT.format
                            )
                        },
                        |s| s.description.to_owned(),
                    ),
                }
            })
            .collect()
    }

    fn import_identity(&self, identity: &Value) -> Result<Value, Diagnostics> {
        let key = R::Key::from_state(identity).map_err(|d| {
            let mut out = Diagnostics::new();
            for diag in d.into_vec() {
                out.push(Diagnostic::error(
                    "Invalid import identity",
                    format!(
                        "{} The identity of {} has the attributes {}.",
                        diag.detail,
                        R::TYPE_NAME,
                        self.identity_attributes()
                            .iter()
                            .map(|a| format!("`{}`", a.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            out
        })?;
        Ok(imported::<R>(&key))
    }
}

/// The partial state an import of `key` gives: its identity attributes and a derived `id`.
fn imported<R: Declared>(key: &R::Key) -> Value {
    let mut attrs = key.identity();
    if let Identity::Named { id, .. } = R::IDENTITY {
        attrs.push(("id", Value::from(id(key))));
    }
    Value::object(attrs)
}

impl<R: Sdk> fmt::Debug for Answer<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Answer::Created(_) => "Answer::Created",
            Answer::Got(_) => "Answer::Got",
            Answer::Updated(_) => "Answer::Updated",
            Answer::Item(_) => "Answer::Item",
        })
    }
}
