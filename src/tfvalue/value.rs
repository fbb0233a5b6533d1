//! The value tree.

use std::collections::BTreeMap;

use super::Type;

/// A cty number. Terraform sends an integer when the number is one, a float64 when that is
/// exact, and otherwise the decimal digits as a string; all three forms are kept as given so
/// nothing is rounded on the way through the provider.
#[derive(Debug, Clone)]
pub enum Number {
    /// A signed integer.
    Int(i64),
    /// An unsigned integer above `i64::MAX`.
    UInt(u64),
    /// A float64 (finite).
    Float(f64),
    /// Any other number, as its decimal text (e.g. `"1e400"`, 30 significant digits).
    Decimal(String),
}

impl Number {
    /// The number as an `i64`, when it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::Int(i) => Some(i),
            Number::UInt(u) => i64::try_from(u).ok(),
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            Number::Float(f) if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 => {
                Some(f as i64)
            }
            Number::Float(_) => None,
            Number::Decimal(ref s) => s.parse().ok(),
        }
    }

    /// The number as an `f64` (possibly rounded).
    pub fn as_f64(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        match *self {
            Number::Int(i) => i as f64,
            Number::UInt(u) => u as f64,
            Number::Float(f) => f,
            Number::Decimal(ref s) => s.parse().unwrap_or(f64::NAN),
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        use Number::{Decimal, Float, Int, UInt};
        match (self, other) {
            (Int(a), Int(b)) => a == b,
            (UInt(a), UInt(b)) => a == b,
            (Int(a), UInt(b)) | (UInt(b), Int(a)) => i128::from(*a) == i128::from(*b),
            (Float(a), Float(b)) => a == b,
            (Float(f), n @ (Int(_) | UInt(_))) | (n @ (Int(_) | UInt(_)), Float(f)) => {
                n.as_i64().is_some_and(|i| Float(*f).as_i64() == Some(i))
            }
            (Decimal(a), Decimal(b)) => a == b,
            _ => false,
        }
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Self {
        Number::Int(i)
    }
}

/// A Terraform value. Values are untyped: the [`Type`] they are read or written with comes
/// from the schema, so the same tree shape serves objects and maps, lists and sets.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`
    #[default]
    Null,
    /// Not known until apply.
    Unknown,
    /// A bool.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A list, in order.
    List(Vec<Value>),
    /// A set; element order is not significant (kept as received).
    Set(Vec<Value>),
    /// A map with string keys.
    Map(BTreeMap<String, Value>),
    /// An object with its attributes by name.
    Object(BTreeMap<String, Value>),
    /// A tuple, in order.
    Tuple(Vec<Value>),
    /// A known value of a `dynamic` attribute, with the concrete type it carries.
    Dynamic(Type, Box<Value>),
}

static NULL: Value = Value::Null;

impl Value {
    /// A string value.
    pub fn string(s: impl Into<String>) -> Self {
        Value::String(s.into())
    }

    /// A string value, or null for `None`.
    pub fn opt_string(s: Option<impl Into<String>>) -> Self {
        s.map_or(Value::Null, |s| Value::String(s.into()))
    }

    /// A map of strings, or null for `None`.
    pub fn string_map<K: Into<String>, V: Into<String>>(
        map: Option<impl IntoIterator<Item = (K, V)>>,
    ) -> Self {
        map.map_or(Value::Null, |m| {
            Value::Map(
                m.into_iter()
                    .map(|(k, v)| (k.into(), Value::String(v.into())))
                    .collect(),
            )
        })
    }

    /// An object from `(name, value)` pairs.
    pub fn object<I, S>(attrs: I) -> Self
    where
        I: IntoIterator<Item = (S, Value)>,
        S: Into<String>,
    {
        Value::Object(attrs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// Whether this is null.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is unknown (only this value, not its contents).
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// Whether this value and everything inside it is known.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => {
                v.iter().all(Value::is_wholly_known)
            }
            Value::Map(m) | Value::Object(m) => m.values().all(Value::is_wholly_known),
            Value::Dynamic(_, v) => v.is_wholly_known(),
            _ => true,
        }
    }

    /// An attribute of an object; null when this is not an object or has no such attribute.
    pub fn get(&self, name: &str) -> &Value {
        match self {
            Value::Object(m) => m.get(name).unwrap_or(&NULL),
            _ => &NULL,
        }
    }

    /// A mutable attribute of an object, inserting null if it is missing.
    /// Returns `None` when this is not an object.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        match self {
            Value::Object(m) => Some(m.entry(name.to_owned()).or_default()),
            _ => None,
        }
    }

    /// Sets an attribute of an object (no effect on other values).
    pub fn set(&mut self, name: &str, value: Value) {
        if let Value::Object(m) = self {
            m.insert(name.to_owned(), value);
        }
    }

    /// The string, if this is a known string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The bool, if this is a known bool.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an integer, if this is a known integral number.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The elements of a list, set or tuple.
    pub fn as_elements(&self) -> Option<&[Value]> {
        match self {
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => Some(v),
            _ => None,
        }
    }

    /// The entries of a map or object.
    pub fn as_entries(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(m) | Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// A known map or set of strings as owned strings; `None` if null, unknown, or any
    /// element is not a known string.
    pub fn to_string_map(&self) -> Option<BTreeMap<String, String>> {
        self.as_entries()?
            .iter()
            .map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
            .collect()
    }

    /// The elements of a known list or set of strings; `None` if any is not a known string.
    pub fn to_string_vec(&self) -> Option<Vec<String>> {
        self.as_elements()?
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect()
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Number(Number::Int(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value_across_forms() {
        assert_eq!(Number::Int(5), Number::UInt(5));
        assert_eq!(Number::Float(5.0), Number::Int(5));
        assert_ne!(Number::Float(5.5), Number::Int(5));
        assert_eq!(
            Number::Decimal("1e400".into()),
            Number::Decimal("1e400".into())
        );
    }

    #[test]
    fn wholly_known_looks_inside() {
        let v = Value::object([("a", Value::List(vec![Value::Unknown]))]);
        assert!(!v.is_wholly_known());
        assert!(Value::object([("a", Value::Null)]).is_wholly_known());
    }

    #[test]
    fn get_on_missing_attribute_is_null() {
        let v = Value::object([("a", Value::from("x"))]);
        assert_eq!(v.get("a").as_str(), Some("x"));
        assert!(v.get("b").is_null());
        assert!(Value::Null.get("a").is_null());
    }
}
