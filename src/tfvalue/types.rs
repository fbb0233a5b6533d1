//! cty types and their JSON form (the `type` field of a schema attribute).

use std::collections::BTreeMap;

use serde_json::Value as Json;

/// A Terraform (cty) type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// `bool`
    Bool,
    /// `number`: arbitrary precision decimal.
    Number,
    /// `string`
    String,
    /// `dynamic`: the type is carried by the value (see [`crate::tfvalue::Value::Dynamic`]).
    Dynamic,
    /// `list(T)`
    List(Box<Type>),
    /// `set(T)`
    Set(Box<Type>),
    /// `map(T)`
    Map(Box<Type>),
    /// `object({...})`: every attribute is always present on the wire.
    Object(BTreeMap<String, Type>),
    /// `tuple([...])`
    Tuple(Vec<Type>),
}

impl Type {
    /// `list(elem)`
    pub fn list(elem: Type) -> Self {
        Self::List(Box::new(elem))
    }

    /// `set(elem)`
    pub fn set(elem: Type) -> Self {
        Self::Set(Box::new(elem))
    }

    /// `map(elem)`
    pub fn map(elem: Type) -> Self {
        Self::Map(Box::new(elem))
    }

    /// `object({...})` from `(name, type)` pairs.
    pub fn object<I, S>(attrs: I) -> Self
    where
        I: IntoIterator<Item = (S, Type)>,
        S: Into<String>,
    {
        Self::Object(attrs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The type in cty's JSON notation: `"string"`, `["map","string"]`, `["object",{...}]`.
    pub fn to_json(&self) -> Json {
        match self {
            Type::Bool => Json::from("bool"),
            Type::Number => Json::from("number"),
            Type::String => Json::from("string"),
            Type::Dynamic => Json::from("dynamic"),
            Type::List(e) => Json::Array(vec![Json::from("list"), e.to_json()]),
            Type::Set(e) => Json::Array(vec![Json::from("set"), e.to_json()]),
            Type::Map(e) => Json::Array(vec![Json::from("map"), e.to_json()]),
            Type::Object(attrs) => Json::Array(vec![
                Json::from("object"),
                Json::Object(
                    attrs
                        .iter()
                        .map(|(k, t)| (k.clone(), t.to_json()))
                        .collect(),
                ),
            ]),
            Type::Tuple(elems) => Json::Array(vec![
                Json::from("tuple"),
                Json::Array(elems.iter().map(Type::to_json).collect()),
            ]),
        }
    }

    /// The type's JSON notation as bytes, ready for a schema's `type` field.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        // Serializing a serde_json::Value cannot fail.
        serde_json::to_vec(&self.to_json()).unwrap_or_default()
    }

    /// Parses cty's JSON notation (used inside msgpack-encoded dynamic values).
    pub fn from_json(json: &Json) -> Result<Self, String> {
        match json {
            Json::String(s) => match s.as_str() {
                "bool" => Ok(Type::Bool),
                "number" => Ok(Type::Number),
                "string" => Ok(Type::String),
                "dynamic" => Ok(Type::Dynamic),
                other => Err(format!("unknown primitive type {other:?}")),
            },
            Json::Array(parts) => {
                let (kind, arg) = match parts.as_slice() {
                    [Json::String(kind), arg] => (kind.as_str(), arg),
                    // An object type may carry a third element listing optional attributes;
                    // it only matters for type conversion, never for values on the wire.
                    [Json::String(kind), arg, _] if kind == "object" => (kind.as_str(), arg),
                    _ => return Err(format!("malformed type {json}")),
                };
                match (kind, arg) {
                    ("list", e) => Ok(Type::list(Type::from_json(e)?)),
                    ("set", e) => Ok(Type::set(Type::from_json(e)?)),
                    ("map", e) => Ok(Type::map(Type::from_json(e)?)),
                    ("object", Json::Object(attrs)) => Ok(Type::Object(
                        attrs
                            .iter()
                            .map(|(k, t)| Ok((k.clone(), Type::from_json(t)?)))
                            .collect::<Result<_, String>>()?,
                    )),
                    ("tuple", Json::Array(elems)) => Ok(Type::Tuple(
                        elems
                            .iter()
                            .map(Type::from_json)
                            .collect::<Result<_, _>>()?,
                    )),
                    _ => Err(format!("malformed type {json}")),
                }
            }
            _ => Err(format!("malformed type {json}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_the_cty_json_form() {
        let cases = [
            (Type::Bool, r#""bool""#),
            (Type::Number, r#""number""#),
            (Type::String, r#""string""#),
            (Type::Dynamic, r#""dynamic""#),
            (Type::list(Type::String), r#"["list","string"]"#),
            (Type::set(Type::Number), r#"["set","number"]"#),
            (Type::map(Type::Bool), r#"["map","bool"]"#),
            (
                Type::object([("b", Type::Bool), ("a", Type::map(Type::String))]),
                r#"["object",{"a":["map","string"],"b":"bool"}]"#,
            ),
            (
                Type::Tuple(vec![Type::String, Type::list(Type::Dynamic)]),
                r#"["tuple",["string",["list","dynamic"]]]"#,
            ),
        ];
        for (ty, json) in cases {
            assert_eq!(String::from_utf8(ty.to_json_bytes()).unwrap(), json);
            let parsed: Json = serde_json::from_str(json).unwrap();
            assert_eq!(Type::from_json(&parsed).unwrap(), ty);
        }
    }

    #[test]
    fn malformed_types_are_rejected() {
        for bad in [
            r#""float""#,
            r#"["list"]"#,
            r#"["object",[]]"#,
            "3",
            r#"["vec","string"]"#,
        ] {
            let parsed: Json = serde_json::from_str(bad).unwrap();
            assert!(Type::from_json(&parsed).is_err(), "{bad}");
        }
    }
}
