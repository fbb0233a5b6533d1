//! The reference part of a resource's documentation page, rendered from its schema, so the
//! docs cannot drift from the code.
//!
//! A page is a template (`templates/resources/NAME.md.tmpl`) holding the hand-written parts
//! (example, import, differences from the official provider) and two placeholders that this
//! module fills: [`ARGUMENTS`] with the arguments the user sets, and [`ATTRIBUTES`] with the
//! values only the provider sets. `tests/docs.rs` fails when a committed page differs from its
//! rendering; `scripts/docs.sh` rewrites the pages.

use super::{Attribute, Block, NestedBlock, Nesting, Presence};
use crate::tfvalue::Type;

/// Replaced by the list of arguments.
pub const ARGUMENTS: &str = "{{ .Arguments }}";
/// Replaced by the list of read-only attributes.
pub const ATTRIBUTES: &str = "{{ .Attributes }}";

/// The page from its template: both placeholders filled from `block`.
pub fn render(template: &str, block: &Block) -> String {
    template
        .replace(ARGUMENTS, arguments(block).trim_end())
        .replace(ATTRIBUTES, attributes(block).trim_end())
}

/// One line per argument (an attribute the user may set, or a nested block with its own
/// arguments indented below it), in declaration order.
pub fn arguments(block: &Block) -> String {
    let mut out = String::new();
    write_arguments(block, 0, &mut out);
    out
}

/// One line per read-only attribute, in declaration order.
pub fn attributes(block: &Block) -> String {
    block
        .attributes
        .iter()
        .filter(|a| a.presence == Presence::Computed)
        .map(|a| format!("- `{}` {}\n", a.name, a.full_description()))
        .collect()
}

fn write_arguments(block: &Block, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    for a in block.attributes.iter().filter(|a| a.is_configurable()) {
        out.push_str(&format!("{indent}{}\n", argument(a)));
    }
    for b in &block.blocks {
        out.push_str(&format!("{indent}{}\n", nested(b)));
        write_arguments(&b.block, depth + 1, out);
    }
}

fn argument(a: &Attribute) -> String {
    let presence = if a.presence == Presence::Required {
        "Required"
    } else {
        "Optional"
    };
    let sensitive = if a.sensitive { ", Sensitive" } else { "" };
    format!(
        "- `{}` ({}, {presence}{sensitive}) {}",
        a.name,
        type_name(&a.ty),
        a.full_description()
    )
    .trim_end()
    .to_owned()
}

fn nested(b: &NestedBlock) -> String {
    let count = match (b.nesting, b.min_items, b.max_items) {
        (Nesting::List | Nesting::Set, 1, 1) | (Nesting::Group, ..) => "Required, exactly one",
        (Nesting::List | Nesting::Set, _, 1) | (Nesting::Single, ..) => "Optional, at most one",
        (Nesting::List | Nesting::Set, 0, _) => "Optional, any number",
        (Nesting::List | Nesting::Set, ..) => "Required, at least one",
    };
    format!("- `{}` (Block, {count}) {}", b.name, b.block.description)
        .trim_end()
        .to_owned()
}

/// The type as the docs name it: `String`, `List of String`, `Map of Boolean`, ...
pub fn type_name(ty: &Type) -> String {
    match ty {
        Type::Bool => "Boolean".to_owned(),
        Type::Number => "Number".to_owned(),
        Type::String => "String".to_owned(),
        Type::Dynamic => "Dynamic".to_owned(),
        Type::List(e) => format!("List of {}", type_name(e)),
        Type::Set(e) => format!("Set of {}", type_name(e)),
        Type::Map(e) => format!("Map of {}", type_name(e)),
        Type::Object(_) => "Object".to_owned(),
        Type::Tuple(_) => "Tuple".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::NestedBlock;

    #[test]
    fn arguments_attributes_and_blocks_render_in_declaration_order() {
        let block = Block::new("x")
            .attribute(Attribute::string("id", "The id.").computed())
            .attribute(Attribute::string("name", "The name.").required())
            .attribute(Attribute::new("tags", Type::map(Type::String), "Tags.").optional_computed())
            .attribute(Attribute::string("secret", "A secret.").sensitive())
            .block(NestedBlock::list(
                "tls",
                1,
                Block::new("TLS settings.").attribute(Attribute::bool("skip", "Skip checks.")),
            ));
        assert_eq!(
            arguments(&block),
            "- `name` (String, Required) The name.\n\
             - `tags` (Map of String, Optional) Tags.\n\
             - `secret` (String, Optional, Sensitive) A secret.\n\
             - `tls` (Block, Optional, at most one) TLS settings.\n  \
             - `skip` (Boolean, Optional) Skip checks.\n"
        );
        assert_eq!(attributes(&block), "- `id` The id.\n");
        assert_eq!(
            render(
                "# x\n\n{{ .Arguments }}\n\nmore\n\n{{ .Attributes }}\n",
                &block
            ),
            format!(
                "# x\n\n{}\n\nmore\n\n- `id` The id.\n",
                arguments(&block).trim_end()
            )
        );
    }
}
