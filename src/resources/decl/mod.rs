//! Resources as declarations: each attribute of a resource type is declared once, as a
//! [`Field`], and the generic code here derives from the declarations what a resource used to
//! write by hand: the schema, the state from an AWS answer, the patch operations of an update,
//! the SDK input of a create or Put, the projection of the refresh snapshot, and the import.
//!
//! A resource module then holds only what is its own: its key, its calls (one line each), its
//! cross-attribute rules and its real AWS quirks (hooks of [`Declared`], each with a one-line
//! why). `docs/ARCHITECTURE.md` ("Adding a resource") walks through writing one.
//!
//! How a field is read from AWS: the `Put*`/`Create*`, `Get*` and `Update*` answers and the
//! snapshot item are distinct SDK types that share accessor names. An [`Answer`] holds any of
//! them, and a getter written once with [`aws!`](crate::aws_get) matches on it, calling the
//! accessor on each concrete type. [`IntoAws`] turns the SDK's return shapes into a [`Value`],
//! so the policies (in [`policy`]) see only values and are compiled once.

#[cfg(test)]
mod audit;
mod blanket;
pub mod policy;
pub mod tags;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;

use aws_sdk_apigateway::types::PatchOperation;

use crate::schema::{Attribute, Block as SchemaBlock, NestedBlock, Presence, Validator};
use crate::tfvalue::{Number, Path, Type, Value};

pub use blanket::{Declared, Identity, Input, Seen, Update, find, input, patch, state};

/// The SDK types of one resource: the fluent builder of its create (or Put) call and the
/// answers that carry its attributes.
pub trait Sdk: Sized + Send + Sync + fmt::Debug + 'static {
    /// The fluent builder of the create call (`Create*` or `Put*`), which [`Input`] fills.
    type Create: Send;
    /// The create call's answer.
    type Created: Send + Sync;
    /// The `Get*` answer.
    type Got: Send + Sync;
    /// The `Update*` answer (the Put's answer for a type updated by Put).
    type Updated: Send + Sync;
    /// The element of the refresh snapshot (the `Get*` answer again when there is none).
    type Item: Send + Sync;
}

/// Any answer of AWS that carries a resource's attributes.
pub enum Answer<'a, R: Sdk> {
    /// From the create call.
    Created(&'a R::Created),
    /// From the `Get*` call.
    Got(&'a R::Got),
    /// From the `Update*` call (or the Put of an update).
    Updated(&'a R::Updated),
    /// From the refresh snapshot.
    Item(&'a R::Item),
}

/// Reads one attribute out of an answer (written with [`aws!`](crate::aws_get)).
pub type Get<R> = for<'a, 'b> fn(&'b Answer<'a, R>) -> Value;
/// Puts one planned attribute into the create (or Put) call (written with
/// [`set!`](crate::aws_set)).
pub type Set<R> = fn(<R as Sdk>::Create, &Value) -> <R as Sdk>::Create;

/// The SDK's answer shapes as a [`Value`]. Absent is null.
pub trait IntoAws {
    /// The value.
    fn aws(self) -> Value;
}

impl IntoAws for Value {
    fn aws(self) -> Value {
        self
    }
}

impl IntoAws for Option<&str> {
    fn aws(self) -> Value {
        self.map_or(Value::Null, Value::from)
    }
}

impl IntoAws for bool {
    fn aws(self) -> Value {
        Value::Bool(self)
    }
}

impl IntoAws for Option<bool> {
    fn aws(self) -> Value {
        self.map_or(Value::Null, Value::Bool)
    }
}

impl IntoAws for Option<i32> {
    fn aws(self) -> Value {
        self.map_or(Value::Null, |n| Value::Number(Number::Int(n.into())))
    }
}

impl IntoAws for Option<&HashMap<String, String>> {
    fn aws(self) -> Value {
        self.map_or(Value::Null, |m| {
            Value::Map(
                m.iter()
                    .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                    .collect(),
            )
        })
    }
}

impl IntoAws for Option<&HashMap<String, bool>> {
    fn aws(self) -> Value {
        self.map_or(Value::Null, |m| {
            Value::Map(
                m.iter()
                    .map(|(k, v)| (k.clone(), Value::Bool(*v)))
                    .collect(),
            )
        })
    }
}

impl IntoAws for &[String] {
    fn aws(self) -> Value {
        Value::List(self.iter().map(|s| Value::from(s.as_str())).collect())
    }
}

impl IntoAws for Option<&DateTime> {
    fn aws(self) -> Value {
        self.and_then(|d| d.fmt(Format::DateTime).ok())
            .map_or(Value::Null, Value::String)
    }
}

/// A planned value as the argument of an SDK setter. Unknown, null and empty values (`""`,
/// `{}`, `[]`) are `None`: AWS wants them left out, and the state keeps the user's spelling.
pub trait FromPlan: Sized {
    /// The setter's argument.
    fn from_plan(value: &Value) -> Self;
}

impl FromPlan for Option<String> {
    fn from_plan(value: &Value) -> Self {
        value.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
    }
}

impl FromPlan for Option<bool> {
    fn from_plan(value: &Value) -> Self {
        value.as_bool()
    }
}

impl FromPlan for Option<i32> {
    fn from_plan(value: &Value) -> Self {
        value.as_i64().and_then(|n| i32::try_from(n).ok())
    }
}

impl FromPlan for Option<HashMap<String, String>> {
    fn from_plan(value: &Value) -> Self {
        let map = value.to_string_map()?;
        (!map.is_empty()).then(|| map.into_iter().collect())
    }
}

impl FromPlan for Option<HashMap<String, bool>> {
    fn from_plan(value: &Value) -> Self {
        let map: HashMap<String, bool> = value
            .as_entries()?
            .iter()
            .map(|(k, v)| Some((k.clone(), v.as_bool()?)))
            .collect::<Option<_>>()?;
        (!map.is_empty()).then_some(map)
    }
}

impl FromPlan for Option<Vec<String>> {
    fn from_plan(value: &Value) -> Self {
        value.to_string_vec().filter(|v| !v.is_empty())
    }
}

/// The SDK's enums, sent from a known string (the schema's validator allows only their values).
macro_rules! plan_enums {
    ($($t:ty),* $(,)?) => {$(
        impl FromPlan for Option<$t> {
            fn from_plan(value: &Value) -> Self {
                value.as_str().filter(|s| !s.is_empty()).map(<$t>::from)
            }
        }
    )*};
}
plan_enums!(
    aws_sdk_apigateway::types::ContentHandlingStrategy,
    aws_sdk_apigateway::types::ApiKeySourceType,
    aws_sdk_apigateway::types::ConnectionType,
    aws_sdk_apigateway::types::IntegrationType,
    aws_sdk_apigateway::types::CacheClusterSize,
    aws_sdk_apigateway::types::AuthorizerType,
    aws_sdk_apigateway::types::SecurityPolicy,
    aws_sdk_apigateway::types::AccessAssociationSourceType,
    aws_sdk_apigateway::types::EndpointAccessMode,
    aws_sdk_apigateway::types::RoutingMode,
    aws_sdk_apigateway::types::ResponseTransferMode,
);

/// `aws!(accessor)` or `aws!(|o| expression)`: a [`Get`] calling the accessor on whichever
/// answer it is given. Inside [`fields!`](crate::declare_fields), which names the type being
/// declared `Declaring`; elsewhere `aws!(for Type, accessor)`.
#[macro_export]
macro_rules! aws_get {
    (for $t:ty, $acc:ident) => {
        $crate::aws_get!(for $t, |o| o.$acc())
    };
    (for $t:ty, |$o:ident| $e:expr) => {
        |a: &$crate::resources::decl::Answer<'_, $t>| match a {
            $crate::resources::decl::Answer::Created($o) => $crate::resources::decl::IntoAws::aws($e),
            $crate::resources::decl::Answer::Got($o) => $crate::resources::decl::IntoAws::aws($e),
            $crate::resources::decl::Answer::Updated($o) => $crate::resources::decl::IntoAws::aws($e),
            $crate::resources::decl::Answer::Item($o) => $crate::resources::decl::IntoAws::aws($e),
        }
    };
    ($acc:ident) => {
        $crate::aws_get!(for Declaring, |o| o.$acc())
    };
    (|$o:ident| $e:expr) => {
        $crate::aws_get!(for Declaring, |$o| $e)
    };
}
pub use aws_get as aws;

/// `set!(set_accessor)`: a [`Set`] calling the builder's setter with the planned value.
#[macro_export]
macro_rules! aws_set {
    ($setter:ident) => {
        |b: <Declaring as $crate::resources::decl::Sdk>::Create, v| {
            b.$setter($crate::resources::decl::FromPlan::from_plan(v))
        }
    };
}
pub use aws_set as set;

/// One list of fields: a `static` handle per field and the table `FIELDS`, in order (the
/// schema's order, and the order of the patch operations within a phase).
#[macro_export]
macro_rules! declare_fields {
    ($r:ty; $($(#[$m:meta])* $n:ident: $k:ty = $e:expr,)*) => {
        $($(#[$m])* static $n: $crate::resources::decl::Field<$r, $k> = {
            #[allow(dead_code)]
            type Declaring = $r;
            $e
        };)*
        static FIELDS: &[&$crate::resources::decl::Decl<$r>] = &[$(&$n.decl),*];
    };
}
pub use declare_fields as fields;

/// A field's Terraform type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `string`
    Str,
    /// `bool`
    Bool,
    /// `number` (an integer)
    Num,
    /// `map(string)`
    StrMap,
    /// `map(bool)`
    BoolMap,
    /// `set(string)`
    StrSet,
    /// `list(string)`
    StrList,
    /// A nested block, at most one (a list in the state).
    Block,
    /// A computed `list(object({...}))` of these number attributes (an attribute, not a
    /// block: what AWS reports, e.g. the account's throttle settings).
    NumObjects(&'static [&'static str]),
}

impl Ty {
    fn terraform(self) -> Type {
        match self {
            Ty::Str => Type::String,
            Ty::Bool => Type::Bool,
            Ty::Num => Type::Number,
            Ty::StrMap => Type::map(Type::String),
            Ty::BoolMap => Type::map(Type::Bool),
            Ty::StrSet => Type::set(Type::String),
            Ty::StrList => Type::list(Type::String),
            Ty::Block => Type::list(Type::Dynamic),
            Ty::NumObjects(names) => Type::list(Type::object(
                names.iter().map(|n| ((*n).to_owned(), Type::Number)),
            )),
        }
    }

    fn is_map(self) -> bool {
        matches!(self, Ty::StrMap | Ty::BoolMap)
    }

    fn is_collection(self) -> bool {
        matches!(self, Ty::StrSet | Ty::StrList)
    }
}

/// A constant of a declaration (a default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lit {
    /// A string.
    Str(&'static str),
    /// A bool.
    Bool(bool),
    /// An integer.
    Int(i64),
}

impl Lit {
    /// As a value.
    pub fn value(self) -> Value {
        match self {
            Lit::Str(s) => Value::from(s),
            Lit::Bool(b) => Value::Bool(b),
            Lit::Int(n) => Value::Number(Number::Int(n)),
        }
    }
}

/// How AWS's answer becomes state, given the reference (the plan on a write, the prior state
/// on a read), and which values count as "the same" when patch operations are derived. The
/// rules are in [`policy::apply`] and [`policy::effective`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// AWS's value; when it has none, the user's `""` if written, else null.
    AsAnswered,
    /// AWS's `""` or none is the user's `""` or null (AWS cannot tell them apart); `""` and
    /// null are the same.
    EmptyIsUnset,
    /// AWS's value, else this default (AWS leaves its default out of some answers).
    AwsDefault(Lit),
    /// AWS's value, else the known reference value, else the default or null.
    KeepWhenSilent(Option<Lit>),
    /// AWS's entries; none is the user's `{}` or null, which are the same.
    MapAsWritten,
    /// AWS's elements in the reference's order; none is the user's `[]` or null, which are
    /// the same.
    SetAsWritten,
    /// A JSON document: AWS's text, unless it means the same JSON as the reference's, whose
    /// spelling (whitespace, key order) is kept, so AWS's rewriting never shows as a change; a
    /// respelling in the configuration sends nothing.
    JsonAsWritten,
    /// An IAM policy document (a REST API's resource policy): AWS answers it with its quotes
    /// backslash-escaped and rewrites it (its own key order, a list of one as the element, the
    /// short `execute-api:/…` resources as full ARNs). AWS's text, unescaped, unless it means
    /// the same policy as the reference's, whose spelling is kept; a respelling in the
    /// configuration sends nothing (see [`policy::same_policy`]).
    PolicyAsWritten,
    /// Set by the resource's `quirks` hook (null until then).
    Custom,
}

/// The patch operations of one field from the prior and the planned state.
pub type PatchWith = fn(&Value, &Value) -> Vec<PatchOperation>;

/// How an update changes a field.
#[derive(Debug, Clone, Copy)]
pub enum Patch {
    /// Not by a patch: the field requires replacement, is computed, or the type is updated
    /// by Put.
    None,
    /// By patch operations at this JSON pointer (map keys and set elements are appended as
    /// escaped segments).
    Path(&'static str),
    /// By operations the resource's `patch_quirks` hook writes.
    Manual,
    /// By this function's operations, in the field's place among the scalars (a block).
    With(PatchWith),
}

/// Everything about a field that is not SDK-typed.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The Terraform name.
    pub name: &'static str,
    /// Markdown description (the docs and Terraform show it).
    pub description: &'static str,
    /// The Terraform type.
    pub ty: Ty,
    /// Required, optional, computed.
    pub presence: Presence,
    /// Hidden in output and never logged.
    pub sensitive: bool,
    /// A change replaces the object.
    pub replace: bool,
    /// A computed value keeps its prior value on updates (`UseStateForUnknown`).
    pub keep_prior: bool,
    /// The value planned when the configuration leaves it unset.
    pub default: Option<Lit>,
    /// Plan-time checks of the configured value.
    pub validators: &'static [&'static dyn Validator],
    /// How the answer becomes state.
    pub policy: Policy,
    /// How an update changes it.
    pub patch: Patch,
    /// The schema of a [`Ty::Block`] field.
    pub nested: Option<fn() -> SchemaBlock>,
    /// The block is a set of any number of blocks, not at most one.
    pub nested_set: bool,
    /// For a computed block: whether an element is what AWS sets by itself (an import into a
    /// Terraform without the legacy type system flag leaves such a block out).
    pub aws_default_block: Option<fn(&Value) -> bool>,
    /// Deprecated, with this message (Terraform warns when it is configured).
    pub deprecated: Option<&'static str>,
}

impl Spec {
    /// An optional identity attribute: a change replaces the object.
    pub const fn optional_identity(
        name: &'static str,
        description: &'static str,
        validators: &'static [&'static dyn Validator],
    ) -> Spec {
        let mut spec = Spec::identity(name, description, validators);
        spec.presence = Presence::Optional;
        spec
    }

    /// An identity attribute: required, and a change replaces the object.
    pub const fn identity(
        name: &'static str,
        description: &'static str,
        validators: &'static [&'static dyn Validator],
    ) -> Spec {
        Spec {
            name,
            description,
            ty: Ty::Str,
            presence: Presence::Required,
            sensitive: false,
            replace: true,
            keep_prior: false,
            default: None,
            validators,
            policy: Policy::Custom,
            patch: Patch::None,
            nested: None,
            nested_set: false,
            aws_default_block: None,
            deprecated: None,
        }
    }
}

impl fmt::Debug for dyn Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Validator({})", self.description())
    }
}

impl Spec {
    /// A nested block that AWS sets when the configuration leaves it out (optional+computed).
    pub fn computed_block(&self) -> bool {
        self.nested.is_some() && self.presence == Presence::OptionalComputed
    }

    /// The nested block of a [`Ty::Block`] field.
    pub fn nested_block(&self) -> Option<NestedBlock> {
        self.nested.map(|block| {
            let mut block = block();
            self.description.clone_into(&mut block.description);
            if self.nested_set {
                NestedBlock::set(self.name, block)
            } else {
                NestedBlock::list(self.name, 1, block)
            }
        })
    }

    /// The schema attribute. `object` names the resource in the "replaces" sentence.
    pub fn attribute(&self, object: &str) -> Attribute {
        let description = if self.replace && !self.description.contains("replaces") {
            format!("{} Changing it replaces the {object}.", self.description)
        } else {
            self.description.to_owned()
        };
        let mut a = Attribute::new(self.name, self.ty.terraform(), &description);
        a.presence = self.presence;
        a.sensitive = self.sensitive;
        a.deprecated = self.deprecated.map(str::to_owned);
        if self.replace {
            a = a.requires_replace();
        }
        if self.keep_prior {
            a = a.use_state_for_unknown();
        }
        if let Some(d) = self.default {
            a = a.default_value(d.value());
        }
        for v in self.validators {
            a = a.validator(*v);
        }
        a
    }

    /// Whether the user can set it.
    pub fn is_configurable(&self) -> bool {
        self.presence != Presence::Computed
    }
}

/// A field of resource `R`: its [`Spec`] and how it is read from AWS and sent to AWS.
pub struct Decl<R: Sdk> {
    /// The SDK-independent part.
    pub spec: Spec,
    /// Reads it from an answer (`None`: the `quirks` hook sets it).
    pub get: Option<Get<R>>,
    /// Puts it into the create (or Put) call (`None`: computed, or sent by the resource).
    pub set: Option<Set<R>>,
}

impl<R: Sdk> fmt::Debug for Decl<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decl")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

/// The Terraform type of a [`Field`], with how resource code reads it.
pub trait Kind: 'static {
    /// The Terraform type.
    const TY: Ty;
    /// The policy unless the declaration says otherwise.
    const POLICY: Policy;
    /// The typed value read from a plan or state.
    type Read<'v>;
    /// The typed value, if known and not null.
    fn read(v: &Value) -> Option<Self::Read<'_>>;
}

/// A `string` field (read as `&str`); "empty is unset" unless declared otherwise.
#[derive(Debug)]
pub struct Str;
/// A `bool` field.
#[derive(Debug)]
pub struct Bool;
/// A `number` field (an integer).
#[derive(Debug)]
pub struct Num;
/// A `map(string)` field.
#[derive(Debug)]
pub struct StrMap;
/// A `map(bool)` field.
#[derive(Debug)]
pub struct BoolMap;
/// A `set(string)` field.
#[derive(Debug)]
pub struct StrSet;
/// A `list(string)` field.
#[derive(Debug)]
pub struct StrList;

impl Kind for Str {
    const TY: Ty = Ty::Str;
    const POLICY: Policy = Policy::EmptyIsUnset;
    type Read<'v> = &'v str;
    fn read(v: &Value) -> Option<&str> {
        v.as_str()
    }
}

impl Kind for Bool {
    const TY: Ty = Ty::Bool;
    const POLICY: Policy = Policy::AsAnswered;
    type Read<'v> = bool;
    fn read(v: &Value) -> Option<bool> {
        v.as_bool()
    }
}

impl Kind for Num {
    const TY: Ty = Ty::Num;
    const POLICY: Policy = Policy::AsAnswered;
    type Read<'v> = i64;
    fn read(v: &Value) -> Option<i64> {
        v.as_i64()
    }
}

impl Kind for StrMap {
    const TY: Ty = Ty::StrMap;
    const POLICY: Policy = Policy::MapAsWritten;
    type Read<'v> = &'v BTreeMap<String, Value>;
    fn read(v: &Value) -> Option<&BTreeMap<String, Value>> {
        v.as_entries()
    }
}

impl Kind for BoolMap {
    const TY: Ty = Ty::BoolMap;
    const POLICY: Policy = Policy::MapAsWritten;
    type Read<'v> = &'v BTreeMap<String, Value>;
    fn read(v: &Value) -> Option<&BTreeMap<String, Value>> {
        v.as_entries()
    }
}

impl Kind for StrSet {
    const TY: Ty = Ty::StrSet;
    const POLICY: Policy = Policy::SetAsWritten;
    type Read<'v> = Vec<&'v str>;
    fn read(v: &Value) -> Option<Vec<&str>> {
        v.as_elements()?.iter().map(Value::as_str).collect()
    }
}

impl Kind for StrList {
    const TY: Ty = Ty::StrList;
    const POLICY: Policy = Policy::AsAnswered;
    type Read<'v> = Vec<&'v str>;
    fn read(v: &Value) -> Option<Vec<&str>> {
        v.as_elements()?.iter().map(Value::as_str).collect()
    }
}

/// A computed list of objects of numbers (read as its elements); see [`Ty::NumObjects`].
#[derive(Debug)]
pub struct NumObjects;

impl Kind for NumObjects {
    const TY: Ty = Ty::NumObjects(&[]);
    const POLICY: Policy = Policy::Custom;
    type Read<'v> = &'v [Value];
    fn read(v: &Value) -> Option<&[Value]> {
        v.as_elements()
    }
}

/// A nested block, at most one (read as its elements).
#[derive(Debug)]
pub struct Block;

impl Kind for Block {
    const TY: Ty = Ty::Block;
    const POLICY: Policy = Policy::Custom;
    type Read<'v> = &'v [Value];
    fn read(v: &Value) -> Option<&[Value]> {
        v.as_elements()
    }
}

/// A declared field with its Terraform type: the handle resource code reads values through,
/// so a misspelt attribute name does not compile.
pub struct Field<R: Sdk, K: Kind> {
    /// The declaration.
    pub decl: Decl<R>,
    kind: PhantomData<fn() -> K>,
}

impl<R: Sdk, K: Kind> fmt::Debug for Field<R, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.decl.fmt(f)
    }
}

impl<R: Sdk, K: Kind> Field<R, K> {
    /// An optional field with its type's default policy and no AWS mapping yet.
    pub const fn new(name: &'static str, description: &'static str) -> Self {
        Self {
            decl: Decl {
                spec: Spec {
                    name,
                    description,
                    ty: K::TY,
                    presence: Presence::Optional,
                    sensitive: false,
                    replace: false,
                    keep_prior: false,
                    default: None,
                    validators: &[],
                    policy: K::POLICY,
                    patch: Patch::None,
                    nested: None,
                    nested_set: false,
                    aws_default_block: None,
                    deprecated: None,
                },
                get: None,
                set: None,
            },
            kind: PhantomData,
        }
    }

    /// The user must set it.
    pub const fn required(mut self) -> Self {
        self.decl.spec.presence = Presence::Required;
        self
    }

    /// The user may set it; AWS chooses it otherwise.
    pub const fn optional_computed(mut self) -> Self {
        self.decl.spec.presence = Presence::OptionalComputed;
        self
    }

    /// Only AWS sets it.
    pub const fn computed(mut self) -> Self {
        self.decl.spec.presence = Presence::Computed;
        self
    }

    /// A change replaces the object.
    pub const fn replace(mut self) -> Self {
        self.decl.spec.replace = true;
        self
    }

    /// Keeps its prior value on updates instead of "(known after apply)".
    pub const fn keep_prior(mut self) -> Self {
        self.decl.spec.keep_prior = true;
        self
    }

    /// Deprecated: accepted, and Terraform shows `message` when it is configured.
    pub const fn deprecated(mut self, message: &'static str) -> Self {
        self.decl.spec.deprecated = Some(message);
        self
    }

    /// Hidden in output and never logged.
    pub const fn sensitive(mut self) -> Self {
        self.decl.spec.sensitive = true;
        self
    }

    /// Planned when unset (which makes it optional and computed).
    pub const fn default(mut self, v: Lit) -> Self {
        self.decl.spec.default = Some(v);
        self.decl.spec.presence = Presence::OptionalComputed;
        self
    }

    /// Plan-time checks.
    pub const fn validators(mut self, v: &'static [&'static dyn Validator]) -> Self {
        self.decl.spec.validators = v;
        self
    }

    /// A policy other than the type's default.
    pub const fn policy(mut self, p: Policy) -> Self {
        self.decl.spec.policy = p;
        self
    }

    /// How it is read from AWS and sent to AWS.
    pub const fn aws(mut self, get: Get<R>, set: Set<R>) -> Self {
        self.decl.get = Some(get);
        self.decl.set = Some(set);
        self
    }

    /// How it is sent to AWS (its state is set by the `quirks` hook).
    pub const fn send(mut self, set: Set<R>) -> Self {
        self.decl.set = Some(set);
        self
    }

    /// How it is read from AWS (nothing is sent: a computed field, or one the resource sends).
    pub const fn read(mut self, get: Get<R>) -> Self {
        self.decl.get = Some(get);
        self
    }

    /// Updated by patch operations at `path`.
    pub const fn patch(mut self, path: &'static str) -> Self {
        self.decl.spec.patch = Patch::Path(path);
        self
    }

    /// Updated by operations the resource's `patch_quirks` hook writes.
    pub const fn manual(mut self) -> Self {
        self.decl.spec.patch = Patch::Manual;
        self
    }

    /// Updated by `f`'s operations, in this field's place among the scalars.
    pub const fn patch_with(mut self, f: PatchWith) -> Self {
        self.decl.spec.patch = Patch::With(f);
        self
    }

    /// A nested block (at most one) with this schema.
    pub const fn nested(mut self, block: fn() -> SchemaBlock) -> Self {
        self.decl.spec.nested = Some(block);
        self
    }

    /// The number attributes of a [`NumObjects`] field's objects.
    pub const fn objects_of(mut self, names: &'static [&'static str]) -> Self {
        self.decl.spec.ty = Ty::NumObjects(names);
        self
    }

    /// A set of nested blocks (any number) with this schema.
    pub const fn nested_set(mut self, block: fn() -> SchemaBlock) -> Self {
        self.decl.spec.nested = Some(block);
        self.decl.spec.nested_set = true;
        self
    }

    /// A computed block: AWS sets it when the configuration leaves it out, `is_default` tells
    /// AWS's own choice.
    pub const fn computed_block(mut self, is_default: fn(&Value) -> bool) -> Self {
        self.decl.spec.presence = Presence::OptionalComputed;
        self.decl.spec.aws_default_block = Some(is_default);
        self
    }

    /// The Terraform name.
    pub const fn name(&self) -> &'static str {
        self.decl.spec.name
    }

    /// Its value in a plan or state (null when absent).
    pub fn raw<'v>(&self, v: &'v Value) -> &'v Value {
        v.get(self.decl.spec.name)
    }

    /// Its typed value, when known and not null.
    pub fn get<'v>(&self, v: &'v Value) -> Option<K::Read<'v>> {
        K::read(self.raw(v))
    }

    /// Whether it is unknown in `v`.
    pub fn is_unknown(&self, v: &Value) -> bool {
        self.raw(v).is_unknown()
    }

    /// Sets it in a plan or state.
    pub fn put(&self, state: &mut Value, x: Value) {
        state.set(self.decl.spec.name, x);
    }

    /// Its path, for diagnostics.
    pub fn path(&self) -> Path {
        Path::attr(self.decl.spec.name)
    }
}
