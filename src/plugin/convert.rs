//! Conversions between the protocol's messages and the provider's own types; one function
//! per direction and message, so no other module needs to know the generated types.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::schema::{Attribute, Block, NestedBlock, Nesting, Presence, Schema};
use crate::tfvalue::{self, Path, PathStep, Type, Value};

use super::proto::tfplugin6 as pb;
use pb::attribute_path::step::Selector;

/// A diagnostic for the wire.
pub fn diagnostic(d: Diagnostic) -> pb::Diagnostic {
    pb::Diagnostic {
        severity: match d.severity {
            Severity::Error => pb::diagnostic::Severity::Error,
            Severity::Warning => pb::diagnostic::Severity::Warning,
        } as i32,
        summary: d.summary,
        detail: d.detail,
        attribute: d.path.filter(|p| !p.is_empty()).map(|p| attribute_path(&p)),
    }
}

/// Diagnostics for the wire.
pub fn diagnostics(diags: Diagnostics) -> Vec<pb::Diagnostic> {
    diags.into_iter().map(diagnostic).collect()
}

/// An attribute path for the wire.
pub fn attribute_path(path: &Path) -> pb::AttributePath {
    pb::AttributePath {
        steps: path
            .steps()
            .iter()
            .map(|s| pb::attribute_path::Step {
                selector: Some(match s {
                    PathStep::Attribute(n) => Selector::AttributeName(n.clone()),
                    PathStep::Key(k) => Selector::ElementKeyString(k.clone()),
                    PathStep::Index(i) => Selector::ElementKeyInt(*i),
                }),
            })
            .collect(),
    }
}

/// Decodes a `DynamicValue` of type `ty`: msgpack when present, else JSON; absent → null.
pub fn decode(
    value: Option<&pb::DynamicValue>,
    ty: &Type,
    what: &str,
) -> Result<Value, Diagnostics> {
    let Some(dv) = value else {
        return Ok(Value::Null);
    };
    let result = if !dv.msgpack.is_empty() {
        tfvalue::msgpack::decode(&dv.msgpack, ty)
    } else if !dv.json.is_empty() {
        tfvalue::json::decode(&dv.json, ty)
    } else {
        return Ok(Value::Null);
    };
    result.map_err(|e| {
        let d = Diagnostic::error(
            format!("Invalid {what} from Terraform"),
            format!("The provider could not decode the {what}: {e}."),
        );
        if e.path.is_empty() {
            d.into()
        } else {
            d.at(e.path).into()
        }
    })
}

/// Encodes a value of type `ty` as msgpack for the wire.
pub fn encode(value: &Value, ty: &Type, what: &str) -> Result<pb::DynamicValue, Diagnostics> {
    tfvalue::msgpack::encode(value, ty)
        .map(|msgpack| pb::DynamicValue { msgpack, json: Vec::new() })
        .map_err(|e| {
            Diagnostic::error(
                format!("Provider produced an invalid {what}"),
                format!("This is a bug in the provider; please report it. The {what} could not be encoded: {e}."),
            )
            .into()
        })
}

/// A resource identity schema for the wire (version 0; every attribute a string).
pub fn identity_schema(
    attributes: &[crate::resources::IdentityAttribute],
) -> pb::ResourceIdentitySchema {
    pb::ResourceIdentitySchema {
        version: 0,
        identity_attributes: attributes
            .iter()
            .map(|a| pb::resource_identity_schema::IdentityAttribute {
                name: a.name.to_owned(),
                r#type: b"\"string\"".to_vec(),
                required_for_import: a.required,
                optional_for_import: !a.required,
                description: a.description.clone(),
            })
            .collect(),
    }
}

/// A schema for the wire.
pub fn schema(s: &Schema) -> pb::Schema {
    pb::Schema {
        version: s.version,
        block: Some(block(&s.block)),
    }
}

fn block(b: &Block) -> pb::schema::Block {
    pb::schema::Block {
        version: 0,
        attributes: b.attributes.iter().map(attribute).collect(),
        block_types: b.blocks.iter().map(nested_block).collect(),
        description: b.description.clone(),
        description_kind: pb::StringKind::Markdown as i32,
        deprecated: false,
        deprecation_message: String::new(),
    }
}

fn attribute(a: &Attribute) -> pb::schema::Attribute {
    pb::schema::Attribute {
        name: a.name.clone(),
        r#type: a.ty.to_json_bytes(),
        nested_type: None,
        description: a.full_description(),
        required: a.presence == Presence::Required,
        optional: matches!(a.presence, Presence::Optional | Presence::OptionalComputed),
        computed: a.is_computed(),
        sensitive: a.sensitive,
        description_kind: pb::StringKind::Markdown as i32,
        deprecated: a.deprecated.is_some(),
        write_only: false,
        deprecation_message: a.deprecated.clone().unwrap_or_default(),
    }
}

fn nested_block(n: &NestedBlock) -> pb::schema::NestedBlock {
    use pb::schema::nested_block::NestingMode;
    pb::schema::NestedBlock {
        type_name: n.name.clone(),
        block: Some(block(&n.block)),
        nesting: match n.nesting {
            Nesting::Single => NestingMode::Single,
            Nesting::Group => NestingMode::Group,
            Nesting::List => NestingMode::List,
            Nesting::Set => NestingMode::Set,
        } as i32,
        min_items: n.min_items,
        max_items: n.max_items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_steps() {
        let p = attribute_path(&Path::attr("a").with_key("k").with_index(2));
        let sel: Vec<_> = p.steps.into_iter().map(|s| s.selector).collect();
        assert_eq!(
            sel,
            vec![
                Some(Selector::AttributeName("a".into())),
                Some(Selector::ElementKeyString("k".into())),
                Some(Selector::ElementKeyInt(2)),
            ]
        );
    }

    #[test]
    fn presence_maps_to_flags() {
        let s = Schema::new(
            Block::new("d")
                .attribute(Attribute::string("r", "").required())
                .attribute(Attribute::string("o", ""))
                .attribute(Attribute::string("oc", "").optional_computed())
                .attribute(Attribute::string("c", "").computed().sensitive()),
        );
        let b = schema(&s).block.unwrap();
        let flags: Vec<_> = b
            .attributes
            .iter()
            .map(|a| (a.required, a.optional, a.computed, a.sensitive))
            .collect();
        assert_eq!(
            flags,
            [
                (true, false, false, false),
                (false, true, false, false),
                (false, true, true, false),
                (false, false, true, true)
            ]
        );
        assert_eq!(b.attributes[0].r#type, br#""string""#);
        assert_eq!(b.description_kind, pb::StringKind::Markdown as i32);
    }

    #[test]
    fn empty_dynamic_value_is_null_and_json_is_accepted() {
        let ty = Type::object([("a", Type::String)]);
        assert_eq!(decode(None, &ty, "config").unwrap(), Value::Null);
        let dv = pb::DynamicValue {
            msgpack: vec![],
            json: br#"{"a":"x"}"#.to_vec(),
        };
        assert_eq!(
            decode(Some(&dv), &ty, "config").unwrap().get("a").as_str(),
            Some("x")
        );
    }
}
