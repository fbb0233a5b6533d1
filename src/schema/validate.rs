//! Runs the schema's validators over a configuration.

use crate::diag::Diagnostics;
use crate::tfvalue::{Path, Value};

use super::{Block, Nesting};

/// Validates every known, non-null attribute value in `config` (an object of `block`),
/// recursing into nested blocks. Unknown values are never rejected: they may come from
/// resources that do not exist yet.
pub fn validate_config(block: &Block, config: &Value, diags: &mut Diagnostics) {
    validate_at(block, config, &Path::root(), diags);
}

fn validate_at(block: &Block, config: &Value, at: &Path, diags: &mut Diagnostics) {
    for attr in &block.attributes {
        let value = config.get(&attr.name);
        if value.is_null() || value.is_unknown() {
            continue;
        }
        let path = at.with_attr(&attr.name);
        for v in &attr.validators {
            v.0.validate(value, &path, diags);
        }
    }
    for nested in &block.blocks {
        let value = config.get(&nested.name);
        let path = at.with_attr(&nested.name);
        match nested.nesting {
            Nesting::Single | Nesting::Group => validate_at(&nested.block, value, &path, diags),
            // Set elements have no index Terraform can point at; the block name is the path.
            Nesting::List | Nesting::Set => {
                for (i, item) in value.as_elements().unwrap_or(&[]).iter().enumerate() {
                    let item_path = if nested.nesting == Nesting::List {
                        path.with_index(i)
                    } else {
                        path.clone()
                    };
                    validate_at(&nested.block, item, &item_path, diags);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::validators::one_of;
    use crate::schema::{Attribute, NestedBlock};

    #[test]
    fn validators_run_on_known_values_only_with_paths() {
        let block = Block::new("")
            .attribute(Attribute::string("m", "").validator(one_of(&["A"])))
            .block(NestedBlock::list(
                "b",
                0,
                Block::new("").attribute(Attribute::string("n", "").validator(one_of(&["B"]))),
            ));
        let cfg = Value::object([
            ("m", Value::Unknown),
            (
                "b",
                Value::List(vec![
                    Value::object([("n", "B".into())]),
                    Value::object([("n", "X".into())]),
                ]),
            ),
        ]);
        let mut d = Diagnostics::new();
        validate_config(&block, &cfg, &mut d);
        let d = d.into_vec();
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].path.as_ref().map(ToString::to_string).as_deref(),
            Some("b[1].n")
        );
    }
}
