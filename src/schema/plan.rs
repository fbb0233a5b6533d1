//! The generic half of planning: turns Terraform's proposed new state into a planned state
//! that obeys the plan rules (protocol.md §6), from the schema's declarations alone.
//!
//! Rules, in order:
//! 1. Start from `proposed_new_state` (config values, with prior values in computed slots).
//! 2. A [`PlanModifier::Default`] fills attributes the configuration leaves null.
//! 3. If the object is new or anything changed, every computed attribute the configuration
//!    leaves null becomes unknown ("known after apply")...
//! 4. ...unless it is [`PlanModifier::UseStateForUnknown`], which keeps the prior value.
//! 5. Any [`PlanModifier::RequiresReplace`] attribute whose planned value differs from the
//!    prior one (or is unknown) is reported for replacement.

use crate::tfvalue::{Path, Value};

use super::{Block, Nesting, PlanModifier};

/// The planned state and the attributes that force replacement.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// The planned new state.
    pub state: Value,
    /// Paths whose change requires replacing the object.
    pub requires_replace: Vec<Path>,
}

/// Plans a create or update of an object of `block`. `prior` is null for a create.
/// Destroys (a null `proposed`) are not planned here.
pub fn plan(block: &Block, prior: &Value, proposed: &Value, config: &Value) -> Planned {
    let mut state = proposed.clone();
    apply_defaults(block, config, &mut state);
    if prior.is_null() || state != *prior {
        mark_computed_unknown(block, config, prior, &mut state);
    }
    let mut requires_replace = Vec::new();
    if !prior.is_null() {
        collect_replacements(block, prior, &state, &Path::root(), &mut requires_replace);
    }
    Planned {
        state,
        requires_replace,
    }
}

/// Visits each nested-block object of `block` present in `planned`, with the matching
/// configuration and prior objects (by position for lists).
fn for_each_nested(
    block: &Block,
    config: &Value,
    prior: &Value,
    planned: &mut Value,
    mut f: impl FnMut(&Block, &Value, &Value, &mut Value),
) {
    for nested in &block.blocks {
        let cfg = config.get(&nested.name);
        let pri = prior.get(&nested.name);
        let Some(value) = planned.get_mut(&nested.name) else {
            continue;
        };
        match (nested.nesting, value) {
            (Nesting::Single | Nesting::Group, v @ Value::Object(_)) => {
                f(&nested.block, cfg, pri, v)
            }
            (Nesting::List, Value::List(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let c = cfg
                        .as_elements()
                        .and_then(|e| e.get(i))
                        .unwrap_or(&Value::Null);
                    let p = pri
                        .as_elements()
                        .and_then(|e| e.get(i))
                        .unwrap_or(&Value::Null);
                    f(&nested.block, c, p, item);
                }
            }
            // Set elements have no stable identity to match prior against config; none of
            // this provider's set blocks hold computed attributes.
            _ => {}
        }
    }
}

fn apply_defaults(block: &Block, config: &Value, planned: &mut Value) {
    if !matches!(planned, Value::Object(_)) {
        return;
    }
    for attr in &block.attributes {
        if let Some(default) = attr.default()
            && config.get(&attr.name).is_null()
        {
            planned.set(&attr.name, default.clone());
        }
    }
    for_each_nested(block, config, &Value::Null, planned, |b, c, _, p| {
        apply_defaults(b, c, p)
    });
}

fn mark_computed_unknown(block: &Block, config: &Value, prior: &Value, planned: &mut Value) {
    if !matches!(planned, Value::Object(_)) {
        return;
    }
    for attr in &block.attributes {
        if !attr.is_computed() || attr.default().is_some() || !config.get(&attr.name).is_null() {
            continue;
        }
        let keep_prior = attr
            .plan_modifiers
            .iter()
            .any(|m| matches!(m, PlanModifier::UseStateForUnknown))
            && !prior.is_null();
        let value = if keep_prior {
            prior.get(&attr.name).clone()
        } else {
            Value::Unknown
        };
        planned.set(&attr.name, value);
    }
    for_each_nested(block, config, prior, planned, mark_computed_unknown);
}

fn collect_replacements(
    block: &Block,
    prior: &Value,
    planned: &Value,
    at: &Path,
    out: &mut Vec<Path>,
) {
    for attr in block.attributes.iter().filter(|a| a.is_requires_replace()) {
        let (p, n) = (prior.get(&attr.name), planned.get(&attr.name));
        if n.is_unknown() || p != n {
            out.push(at.with_attr(&attr.name));
        }
    }
    for nested in &block.blocks {
        let (p, n) = (prior.get(&nested.name), planned.get(&nested.name));
        match nested.nesting {
            Nesting::Single | Nesting::Group => {
                collect_replacements(&nested.block, p, n, &at.with_attr(&nested.name), out);
            }
            Nesting::List => {
                let (pe, ne) = (
                    p.as_elements().unwrap_or(&[]),
                    n.as_elements().unwrap_or(&[]),
                );
                for i in 0..pe.len().max(ne.len()) {
                    let pi = pe.get(i).unwrap_or(&Value::Null);
                    let ni = ne.get(i).unwrap_or(&Value::Null);
                    collect_replacements(
                        &nested.block,
                        pi,
                        ni,
                        &at.with_attr(&nested.name).with_index(i),
                        out,
                    );
                }
            }
            Nesting::Set => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Attribute, NestedBlock};

    fn block() -> Block {
        Block::new("test")
            .attribute(
                Attribute::string("id", "")
                    .computed()
                    .use_state_for_unknown(),
            )
            .attribute(Attribute::string("name", "").required().requires_replace())
            .attribute(Attribute::string("description", ""))
            .attribute(Attribute::string("updated", "").computed())
            .attribute(Attribute::bool("flag", "").default_value(Value::Bool(false)))
            .attribute(Attribute::string("mode", "").optional_computed())
            .block(NestedBlock::list(
                "tls",
                1,
                Block::new("")
                    .attribute(Attribute::bool("insecure", "").default_value(Value::Bool(false))),
            ))
    }

    fn obj(pairs: &[(&str, Value)]) -> Value {
        let mut v = Value::object([
            ("id", Value::Null),
            ("name", Value::Null),
            ("description", Value::Null),
            ("updated", Value::Null),
            ("flag", Value::Null),
            ("mode", Value::Null),
            ("tls", Value::List(vec![])),
        ]);
        for (k, val) in pairs {
            v.set(k, val.clone());
        }
        v
    }

    #[test]
    fn create_marks_computed_unknown_and_applies_defaults() {
        let config = obj(&[("name", "a".into())]);
        let p = plan(&block(), &Value::Null, &config, &config);
        assert_eq!(p.state.get("id"), &Value::Unknown);
        assert_eq!(p.state.get("updated"), &Value::Unknown);
        assert_eq!(p.state.get("mode"), &Value::Unknown);
        assert_eq!(p.state.get("flag"), &Value::Bool(false));
        assert_eq!(p.state.get("description"), &Value::Null);
        assert!(p.requires_replace.is_empty());
    }

    #[test]
    fn no_change_keeps_prior_state_exactly() {
        let prior = obj(&[
            ("id", "x".into()),
            ("name", "a".into()),
            ("updated", "t1".into()),
            ("flag", false.into()),
            ("mode", "m".into()),
        ]);
        let config = obj(&[("name", "a".into())]);
        // Terraform proposes prior values for computed attributes the config leaves null.
        let mut proposed = config.clone();
        for k in ["id", "updated", "flag", "mode"] {
            proposed.set(k, prior.get(k).clone());
        }
        let p = plan(&block(), &prior, &proposed, &config);
        assert_eq!(p.state, prior);
        assert!(p.requires_replace.is_empty());
    }

    #[test]
    fn update_keeps_use_state_for_unknown_and_unknowns_the_rest() {
        let prior = obj(&[
            ("id", "x".into()),
            ("name", "a".into()),
            ("updated", "t1".into()),
            ("flag", false.into()),
        ]);
        let config = obj(&[("name", "a".into()), ("description", "new".into())]);
        let mut proposed = config.clone();
        for k in ["id", "updated", "flag", "mode"] {
            proposed.set(k, prior.get(k).clone());
        }
        let p = plan(&block(), &prior, &proposed, &config);
        assert_eq!(p.state.get("id"), &Value::from("x"));
        assert_eq!(p.state.get("updated"), &Value::Unknown);
        assert_eq!(p.state.get("description"), &Value::from("new"));
        assert!(p.requires_replace.is_empty());
    }

    #[test]
    fn requires_replace_on_change_and_on_unknown() {
        let prior = obj(&[
            ("id", "x".into()),
            ("name", "a".into()),
            ("flag", false.into()),
        ]);
        for new_name in [Value::from("b"), Value::Unknown] {
            let config = obj(&[("name", new_name.clone())]);
            let p = plan(&block(), &prior, &config, &config);
            assert_eq!(p.requires_replace, vec![Path::attr("name")]);
        }
    }

    #[test]
    fn defaults_reach_nested_blocks() {
        let tls = Value::List(vec![Value::object([("insecure", Value::Null)])]);
        let config = obj(&[("name", "a".into()), ("tls", tls)]);
        let p = plan(&block(), &Value::Null, &config, &config);
        let items = p.state.get("tls").as_elements().unwrap().to_vec();
        assert_eq!(items[0].get("insecure"), &Value::Bool(false));
    }
}
