//! Test-only stand-in for the hashicorp/aws provider, for the e2e test of `moved` blocks from
//! `aws_api_gateway_*` to `apigateway_*` (Terraform needs the source provider installed to
//! load a state that mentions it). Built from this project's plugin core, it serves the
//! official provider's schemas of these types (`official-schemas.json`: every attribute and
//! block hashicorp/aws v6 declares, with its type, presence and nesting, such as v6's
//! per-resource `region`) and makes real objects in the emulator with this provider's
//! implementation of the same type: values are reshaped between the two schemas (shared
//! attributes kept, attributes only the official schema has kept as planned, `region` set to
//! the provider's). So the moved state is the shape hashicorp/aws stores. Never packaged.

use std::collections::BTreeMap;
use std::process::ExitCode;

use async_trait::async_trait;
use serde_json::Value as Json;
use terraform_provider_apigateway::aws::Aws;
use terraform_provider_apigateway::diag::Diagnostics;
use terraform_provider_apigateway::plugin::core::Core;
use terraform_provider_apigateway::plugin::serve::{self, Mode};
use terraform_provider_apigateway::provider::Registry;
use terraform_provider_apigateway::resources::{self, IdentityAttribute, Resource};
use terraform_provider_apigateway::schema::{
    Attribute, Block, NestedBlock, Nesting, Presence, Schema,
};
use terraform_provider_apigateway::tfvalue::{Type, Value};

/// hashicorp/aws's schemas of the aws_api_gateway_* resource types.
const OFFICIAL: &str = include_str!("official-schemas.json");

/// A block of hashicorp/aws's schema, from its JSON; where this provider's block (`ours`) has
/// an attribute of the same name and type, its plan behaviours and checks come along.
fn official_block(json: &Json, ours: Option<&Block>) -> Block {
    let mut block = Block::new("");
    for (name, a) in json["attributes"].as_object().into_iter().flatten() {
        let ty = Type::from_json(&a["type"]).unwrap_or(Type::String);
        let mut attr = Attribute::new(name, ty, "");
        attr.presence = match a["presence"].as_str() {
            Some("required") => Presence::Required,
            Some("optional_computed") => Presence::OptionalComputed,
            Some("computed") => Presence::Computed,
            _ => Presence::Optional,
        };
        attr.sensitive = a["sensitive"].as_bool() == Some(true);
        if a["deprecated"].as_bool() == Some(true) {
            attr.deprecated = Some("Deprecated in hashicorp/aws.".to_owned());
        }
        if let Some(o) = ours
            .and_then(|b| b.find_attribute(name))
            .filter(|o| o.ty == attr.ty)
        {
            attr.plan_modifiers.clone_from(&o.plan_modifiers);
            attr.validators.clone_from(&o.validators);
        }
        block.attributes.push(attr);
    }
    for (name, b) in json["blocks"].as_object().into_iter().flatten() {
        let inner = ours.and_then(|o| nested(o, name)).map(|n| &n.block);
        block.blocks.push(NestedBlock {
            name: name.clone(),
            nesting: match b["nesting"].as_str() {
                Some("single") => Nesting::Single,
                Some("set") => Nesting::Set,
                _ => Nesting::List,
            },
            block: official_block(&b["block"], inner),
            min_items: b["min_items"].as_i64().unwrap_or(0),
            max_items: b["max_items"].as_i64().unwrap_or(0),
        });
    }
    block
}

fn nested<'a>(block: &'a Block, name: &str) -> Option<&'a NestedBlock> {
    block.blocks.iter().find(|b| b.name == name)
}

/// `value`, a value of block `from`, as a value of block `to`: what both blocks have is kept
/// (nested blocks converted between nestings); the rest comes from `fill` (a value of `to`)
/// when given, else is null (an empty collection for a list or set block).
fn reshape(value: &Value, from: &Block, to: &Block, fill: Option<&Value>) -> Value {
    if value.is_null() || value.is_unknown() {
        return value.clone();
    }
    let kept = |name: &str| fill.map(|f| f.get(name).clone());
    let mut object = BTreeMap::new();
    for attr in &to.attributes {
        let v = match from.find_attribute(&attr.name) {
            Some(a) if a.ty == attr.ty => value.get(&attr.name).clone(),
            _ => kept(&attr.name).unwrap_or(Value::Null),
        };
        object.insert(attr.name.clone(), v);
    }
    for b in &to.blocks {
        let v = match nested(from, &b.name) {
            Some(fb) => {
                let v = value.get(&b.name);
                if v.is_unknown() {
                    Value::Unknown
                } else {
                    let elements: Vec<Value> = match fb.nesting {
                        Nesting::Single | Nesting::Group if v.is_null() => Vec::new(),
                        Nesting::Single | Nesting::Group => vec![v.clone()],
                        Nesting::List | Nesting::Set => {
                            v.as_elements().unwrap_or_default().to_vec()
                        }
                    };
                    let mut elements: Vec<Value> = elements
                        .iter()
                        .map(|e| reshape(e, &fb.block, &b.block, None))
                        .collect();
                    match b.nesting {
                        Nesting::Single | Nesting::Group => {
                            if elements.is_empty() {
                                Value::Null
                            } else {
                                elements.swap_remove(0)
                            }
                        }
                        Nesting::List => Value::List(elements),
                        Nesting::Set => Value::Set(elements),
                    }
                }
            }
            None => kept(&b.name).unwrap_or(match b.nesting {
                Nesting::Single | Nesting::Group => Value::Null,
                Nesting::List => Value::List(Vec::new()),
                Nesting::Set => Value::Set(Vec::new()),
            }),
        };
        object.insert(b.name.clone(), v);
    }
    Value::Object(object)
}

/// A resource type of this provider served under its official name and schema.
#[derive(Debug)]
struct Official {
    inner: Box<dyn Resource>,
    name: &'static str,
    ours: Block,
    official: Schema,
}

impl Official {
    fn ours(&self, value: &Value) -> Value {
        reshape(value, &self.official.block, &self.ours, None)
    }

    /// `value` of this provider as the official shape, what only the official schema has
    /// taken from `fill`.
    fn official(&self, value: &Value, fill: Option<&Value>) -> Value {
        reshape(value, &self.ours, &self.official.block, fill)
    }

    /// After an apply or a read: hashicorp/aws stores the provider's region in `region`, and
    /// the other attributes only it has (newer AWS features this test never sets) as null.
    fn settled(&self, mut value: Value, aws: &Aws) -> Value {
        for attr in &self.official.block.attributes {
            if self.ours.find_attribute(&attr.name).is_some() {
                continue;
            }
            let v = value.get(&attr.name);
            if attr.name == "region" && (v.is_null() || v.is_unknown()) {
                value.set("region", Value::from(aws.region.as_str()));
            } else if v.is_unknown() {
                value.set(&attr.name, Value::Null);
            }
        }
        value
    }

    fn planned_from(&self, ours: &Value, planned: &Value) -> Value {
        self.official(ours, Some(planned))
    }
}

#[async_trait]
impl Resource for Official {
    fn type_name(&self) -> &'static str {
        self.name
    }
    fn schema(&self) -> Schema {
        self.official.clone()
    }
    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        self.inner.validate(&self.ours(config), diags);
    }
    fn modify_plan(
        &self,
        prior: &Value,
        config: &Value,
        planned: &mut Value,
        diags: &mut Diagnostics,
    ) {
        let mut ours = self.ours(planned);
        self.inner
            .modify_plan(&self.ours(prior), &self.ours(config), &mut ours, diags);
        *planned = self.planned_from(&ours, planned);
    }
    fn note_change(&self, prior: &Value, planned: &Value) {
        self.inner
            .note_change(&self.ours(prior), &self.ours(planned));
    }
    fn plan_tags(&self, config: &Value, planned: &mut Value, defaults: &BTreeMap<String, String>) {
        let mut ours = self.ours(planned);
        self.inner
            .plan_tags(&self.ours(config), &mut ours, defaults);
        *planned = self.planned_from(&ours, planned);
    }
    async fn private_after_read(
        &self,
        aws: &Aws,
        state: &Value,
        private: Vec<u8>,
    ) -> Result<Vec<u8>, Diagnostics> {
        self.inner
            .private_after_read(aws, &self.ours(state), private)
            .await
    }
    fn plan_private(
        &self,
        prior: &Value,
        private: &[u8],
        planned: &mut Value,
        diags: &mut Diagnostics,
    ) {
        let mut ours = self.ours(planned);
        self.inner
            .plan_private(&self.ours(prior), private, &mut ours, diags);
        *planned = self.planned_from(&ours, planned);
    }
    fn private_after_apply(&self, state: &Value, planned_private: Vec<u8>) -> Vec<u8> {
        self.inner
            .private_after_apply(&self.ours(state), planned_private)
    }
    fn computed_blocks(&self) -> Vec<&'static str> {
        self.inner
            .computed_blocks()
            .into_iter()
            .filter(|b| nested(&self.official.block, b).is_some())
            .collect()
    }
    /// As hashicorp/aws's SDKv2 types: its defaults are planned for attributes that are
    /// optional only (`api_key_required = false`), which only the legacy type system allows.
    fn legacy_type_system(&self) -> bool {
        true
    }
    fn is_aws_default_block(&self, name: &str, element: &Value) -> bool {
        match (nested(&self.official.block, name), nested(&self.ours, name)) {
            (Some(from), Some(to)) => self
                .inner
                .is_aws_default_block(name, &reshape(element, &from.block, &to.block, None)),
            _ => false,
        }
    }
    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let state = self.inner.create(aws, &self.ours(planned)).await?;
        Ok(self.settled(self.official(&state, Some(planned)), aws))
    }
    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let read = self.inner.read(aws, &self.ours(state)).await?;
        Ok(read.map(|r| self.settled(self.official(&r, Some(state)), aws)))
    }
    async fn update(
        &self,
        aws: &Aws,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let state = self
            .inner
            .update(aws, &self.ours(prior), &self.ours(planned))
            .await?;
        Ok(self.settled(self.official(&state, Some(planned)), aws))
    }
    async fn delete(&self, aws: &Aws, state: &Value) -> Result<(), Diagnostics> {
        self.inner.delete(aws, &self.ours(state)).await
    }
    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        Ok(self.official(&self.inner.import(id)?, None))
    }
    fn identity_attributes(&self) -> Vec<IdentityAttribute> {
        self.inner.identity_attributes()
    }
    fn import_identity(&self, identity: &Value) -> Result<Value, Diagnostics> {
        Ok(self.official(&self.inner.import_identity(identity)?, None))
    }
}

/// Every type of this provider that hashicorp/aws has, under the official name and schema.
fn registry() -> Registry {
    let official: Json = serde_json::from_str(OFFICIAL).unwrap_or_default();
    Registry::with(
        resources::all()
            .into_iter()
            .filter_map(|inner| {
                let name = inner
                    .type_name()
                    .replacen("apigateway_", "aws_api_gateway_", 1);
                let json = official["resources"].get(&name)?;
                let ours = inner.schema().block;
                let schema = Schema {
                    version: json["version"].as_i64().unwrap_or(0),
                    block: official_block(&json["block"], Some(&ours)),
                };
                let name: &'static str = Box::leak(name.into_boxed_str());
                Some(Box::new(Official {
                    inner,
                    name,
                    ours,
                    official: schema,
                }) as Box<dyn Resource>)
            })
            .collect(),
    )
}

fn main() -> ExitCode {
    let startup = match serve::Startup::begin(Mode::Plugin) {
        Ok(startup) => startup,
        Err(message) => {
            eprintln!("aws-standin: {message}");
            return ExitCode::from(1);
        }
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return ExitCode::from(1);
    };
    let code = runtime.block_on(serve::serve(startup, || Core::new(registry())));
    runtime.shutdown_background();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
