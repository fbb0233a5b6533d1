//! Schemas: what a resource's (or the provider's) configuration looks like, and the small
//! named behaviours attached to attributes.
//!
//! A schema is plain data built with chained calls:
//!
//! ```
//! use terraform_provider_apigateway::schema::{Attribute, Block, validators::one_of};
//! let block = Block::new("An API Gateway method.")
//!     .attribute(Attribute::string("http_method", "The HTTP verb.").required().requires_replace()
//!         .validator(one_of(&["GET", "POST"])));
//! assert_eq!(block.attributes.len(), 1);
//! ```
//!
//! Behaviour lives in the generic code that reads these declarations: [`plan`] computes the
//! planned state obeying Terraform's plan rules, [`validate`] runs validators on configuration.

pub mod docs;
pub mod plan;
pub mod validate;
pub mod validators;

use std::fmt;
use std::sync::Arc;

use crate::diag::Diagnostics;
use crate::tfvalue::{Path, Type, Value};

/// A resource's or provider's schema.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Bumped when stored state needs upgrading.
    pub version: i64,
    /// The top-level block.
    pub block: Block,
}

impl Schema {
    /// A schema at version 0.
    pub fn new(block: Block) -> Self {
        Self { version: 0, block }
    }

    /// The type of the objects this schema describes.
    pub fn value_type(&self) -> Type {
        self.block.value_type()
    }
}

/// A block: attributes and nested blocks.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Markdown description.
    pub description: String,
    /// Attributes, in declaration order.
    pub attributes: Vec<Attribute>,
    /// Nested blocks, in declaration order.
    pub blocks: Vec<NestedBlock>,
}

impl Block {
    /// An empty block described by `description` (markdown).
    pub fn new(description: &str) -> Self {
        Self {
            description: description.to_owned(),
            ..Self::default()
        }
    }

    /// Adds an attribute.
    #[must_use]
    pub fn attribute(mut self, attr: Attribute) -> Self {
        self.attributes.push(attr);
        self
    }

    /// Adds a nested block.
    #[must_use]
    pub fn block(mut self, block: NestedBlock) -> Self {
        self.blocks.push(block);
        self
    }

    /// The attribute called `name`.
    pub fn find_attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The object type of this block's values.
    pub fn value_type(&self) -> Type {
        let attrs = self
            .attributes
            .iter()
            .map(|a| (a.name.clone(), a.ty.clone()));
        let blocks = self.blocks.iter().map(|b| (b.name.clone(), b.value_type()));
        Type::object(attrs.chain(blocks))
    }
}

/// How a nested block repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    /// At most one, as an object (null when absent).
    Single,
    /// Exactly one, as an object that is never null.
    Group,
    /// An ordered list of blocks.
    List,
    /// An unordered set of blocks.
    Set,
}

/// A nested block type.
#[derive(Debug, Clone)]
pub struct NestedBlock {
    /// The block type name as written in HCL.
    pub name: String,
    /// How it repeats.
    pub nesting: Nesting,
    /// What's inside.
    pub block: Block,
    /// Fewest blocks allowed (List/Set).
    pub min_items: i64,
    /// Most blocks allowed (List/Set); 0 means no limit.
    pub max_items: i64,
}

impl NestedBlock {
    /// A list block, at most `max_items` long (0 = unbounded).
    pub fn list(name: &str, max_items: i64, block: Block) -> Self {
        Self {
            name: name.to_owned(),
            nesting: Nesting::List,
            block,
            min_items: 0,
            max_items,
        }
    }

    /// A set of blocks, any number (elements are matched by their values).
    pub fn set(name: &str, block: Block) -> Self {
        Self {
            name: name.to_owned(),
            nesting: Nesting::Set,
            block,
            min_items: 0,
            max_items: 0,
        }
    }

    /// The type of this block's value in its parent object.
    pub fn value_type(&self) -> Type {
        let obj = self.block.value_type();
        match self.nesting {
            Nesting::Single | Nesting::Group => obj,
            Nesting::List => Type::list(obj),
            Nesting::Set => Type::set(obj),
        }
    }
}

/// Whether an attribute is set by the user, by the provider, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// The user must set it.
    Required,
    /// The user may set it; null otherwise.
    Optional,
    /// The user may set it; otherwise the provider (or AWS) chooses it.
    OptionalComputed,
    /// Only the provider sets it.
    Computed,
}

/// A behaviour during planning, attached to an attribute.
#[derive(Debug, Clone)]
pub enum PlanModifier {
    /// A change to this attribute destroys and recreates the object.
    RequiresReplace,
    /// A computed value that never changes once known: keep the prior value instead of
    /// showing "(known after apply)" on every update.
    UseStateForUnknown,
    /// The value used when the configuration leaves the attribute unset.
    Default(Value),
}

/// Checks a known, non-null configuration value.
pub trait Validator: Send + Sync {
    /// What the validator allows, in a few words (used in docs and diagnostics).
    fn description(&self) -> String;
    /// Adds an error diagnostic at `path` if `value` is not allowed. Unknown values never
    /// reach here; maps and lists may still contain unknown elements, which must be allowed.
    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics);
}

/// A validator declared as a `static` (the resource declarations hold these).
impl<T: Validator + ?Sized> Validator for &'static T {
    fn description(&self) -> String {
        (**self).description()
    }
    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics) {
        (**self).validate(value, path, diags);
    }
}

/// A shared validator.
#[derive(Clone)]
pub struct ValidatorRef(pub Arc<dyn Validator>);

impl fmt::Debug for ValidatorRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Validator({})", self.0.description())
    }
}

/// One attribute.
#[derive(Debug, Clone)]
pub struct Attribute {
    /// The name as written in HCL.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Markdown description.
    pub description: String,
    /// Required, optional, computed.
    pub presence: Presence,
    /// Hidden in Terraform's output and never logged.
    pub sensitive: bool,
    /// A deprecation message, if deprecated.
    pub deprecated: Option<String>,
    /// Planning behaviours.
    pub plan_modifiers: Vec<PlanModifier>,
    /// Configuration checks.
    pub validators: Vec<ValidatorRef>,
}

impl Attribute {
    /// An optional attribute of type `ty`.
    pub fn new(name: &str, ty: Type, description: &str) -> Self {
        Self {
            name: name.to_owned(),
            ty,
            description: description.to_owned(),
            presence: Presence::Optional,
            sensitive: false,
            deprecated: None,
            plan_modifiers: Vec::new(),
            validators: Vec::new(),
        }
    }

    /// An optional string.
    pub fn string(name: &str, description: &str) -> Self {
        Self::new(name, Type::String, description)
    }

    /// An optional bool.
    pub fn bool(name: &str, description: &str) -> Self {
        Self::new(name, Type::Bool, description)
    }

    /// An optional number.
    pub fn number(name: &str, description: &str) -> Self {
        Self::new(name, Type::Number, description)
    }

    /// An optional `map(string)`.
    pub fn string_map(name: &str, description: &str) -> Self {
        Self::new(name, Type::map(Type::String), description)
    }

    /// Must be set.
    #[must_use]
    pub fn required(mut self) -> Self {
        self.presence = Presence::Required;
        self
    }

    /// May be set; the provider fills it otherwise.
    #[must_use]
    pub fn optional_computed(mut self) -> Self {
        self.presence = Presence::OptionalComputed;
        self
    }

    /// Set by the provider only.
    #[must_use]
    pub fn computed(mut self) -> Self {
        self.presence = Presence::Computed;
        self
    }

    /// Hidden from output and logs.
    #[must_use]
    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// Changing it replaces the object.
    #[must_use]
    pub fn requires_replace(mut self) -> Self {
        self.plan_modifiers.push(PlanModifier::RequiresReplace);
        self
    }

    /// Keep the prior value on updates instead of "(known after apply)".
    #[must_use]
    pub fn use_state_for_unknown(mut self) -> Self {
        self.plan_modifiers.push(PlanModifier::UseStateForUnknown);
        self
    }

    /// The value planned when the configuration leaves it unset (makes it optional+computed).
    #[must_use]
    pub fn default_value(mut self, value: Value) -> Self {
        self.presence = Presence::OptionalComputed;
        self.plan_modifiers.push(PlanModifier::Default(value));
        self
    }

    /// Adds a validator.
    #[must_use]
    pub fn validator(mut self, v: impl Validator + 'static) -> Self {
        self.validators.push(ValidatorRef(Arc::new(v)));
        self
    }

    /// Whether the user can set it.
    pub fn is_configurable(&self) -> bool {
        self.presence != Presence::Computed
    }

    /// Whether the provider may choose its value.
    pub fn is_computed(&self) -> bool {
        matches!(
            self.presence,
            Presence::Computed | Presence::OptionalComputed
        )
    }

    /// Its default, if it has one.
    pub fn default(&self) -> Option<&Value> {
        self.plan_modifiers.iter().find_map(|m| match m {
            PlanModifier::Default(v) => Some(v),
            _ => None,
        })
    }

    /// Whether a change replaces the object.
    pub fn is_requires_replace(&self) -> bool {
        self.plan_modifiers
            .iter()
            .any(|m| matches!(m, PlanModifier::RequiresReplace))
    }

    /// Whether the prior value is kept for unknown plans.
    pub fn is_use_state_for_unknown(&self) -> bool {
        self.plan_modifiers
            .iter()
            .any(|m| matches!(m, PlanModifier::UseStateForUnknown))
    }

    /// The full description for Terraform and docs, with what the validators allow.
    pub fn full_description(&self) -> String {
        let mut text = self.description.clone();
        for v in &self.validators {
            text.push_str(&format!(" Allowed: {}.", v.0.description()));
        }
        if let Some(default) = self.default() {
            match default {
                Value::String(s) => text.push_str(&format!(" Defaults to `{s:?}`.")),
                Value::Bool(b) => text.push_str(&format!(" Defaults to `{b}`.")),
                Value::Number(n) => text.push_str(&format!(" Defaults to `{}`.", n.as_f64())),
                _ => {}
            }
        }
        if self.is_requires_replace() && !self.description.contains("replaces") {
            text.push_str(" Changing it replaces the object.");
        }
        text
    }
}
