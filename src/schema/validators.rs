//! Validators attached to attributes. Each names what it allows, so the same words appear in
//! the schema description and in the diagnostic a user sees.

use crate::diag::Diagnostics;
use crate::tfvalue::{Path, Value};

use super::Validator;

/// The string is one of a fixed set of values.
#[derive(Debug, Clone)]
pub struct OneOf(&'static [&'static str]);

/// A validator accepting exactly `allowed`.
pub const fn one_of(allowed: &'static [&'static str]) -> OneOf {
    OneOf(allowed)
}

impl Validator for OneOf {
    fn description(&self) -> String {
        list_words(self.0)
    }

    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics) {
        if let Some(s) = value.as_str()
            && !self.0.contains(&s)
        {
            diags.attr_error(
                path,
                "Invalid attribute value",
                format!(
                    "{path} is {s:?}; allowed values are {}.",
                    list_words(self.0)
                ),
            );
        }
    }
}

/// An integer within an inclusive range.
#[derive(Debug, Clone)]
pub struct IntBetween(i64, i64);

/// A validator accepting integers from `min` to `max` inclusive.
pub const fn int_between(min: i64, max: i64) -> IntBetween {
    IntBetween(min, max)
}

impl Validator for IntBetween {
    fn description(&self) -> String {
        format!("an integer from {} to {}", self.0, self.1)
    }

    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics) {
        let Value::Number(n) = value else { return };
        match n.as_i64() {
            Some(i) if (self.0..=self.1).contains(&i) => {}
            _ => diags.attr_error(
                path,
                "Invalid attribute value",
                format!("{path} must be {}; got {}.", self.description(), n.as_f64()),
            ),
        }
    }
}

/// A number (integer or not) within an inclusive range.
#[derive(Debug, Clone)]
pub struct NumBetween(f64, f64);

/// A validator accepting numbers from `min` to `max` inclusive.
pub const fn num_between(min: f64, max: f64) -> NumBetween {
    NumBetween(min, max)
}

impl Validator for NumBetween {
    fn description(&self) -> String {
        format!("a number from {} to {}", self.0, self.1)
    }

    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics) {
        let Value::Number(n) = value else { return };
        let x = n.as_f64();
        if !(self.0..=self.1).contains(&x) {
            diags.attr_error(
                path,
                "Invalid attribute value",
                format!("{path} must be {}; got {x}.", self.description()),
            );
        }
    }
}

/// A string checked by a function returning why it is wrong.
#[derive(Clone)]
pub struct StringCheck {
    description: &'static str,
    check: fn(&str) -> Result<(), String>,
}

impl std::fmt::Debug for StringCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StringCheck({})", self.description)
    }
}

/// A validator for strings: `check` returns `Err(reason)` for a bad value; `description`
/// says what is allowed.
pub const fn string_check(
    description: &'static str,
    check: fn(&str) -> Result<(), String>,
) -> StringCheck {
    StringCheck { description, check }
}

impl Validator for StringCheck {
    fn description(&self) -> String {
        self.description.to_owned()
    }

    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics) {
        if let Some(s) = value.as_str()
            && let Err(reason) = (self.check)(s)
        {
            diags.attr_error(
                path,
                "Invalid attribute value",
                format!("{path} is {s:?}: {reason}. Allowed: {}.", self.description),
            );
        }
    }
}

/// Checks every key of a map (unknown maps and elements are skipped).
#[derive(Clone, Debug)]
pub struct MapKeys(StringCheck);

/// A validator applying `check` to each key of a map.
pub const fn map_keys(description: &'static str, check: fn(&str) -> Result<(), String>) -> MapKeys {
    MapKeys(string_check(description, check))
}

impl Validator for MapKeys {
    fn description(&self) -> String {
        format!("keys that are {}", self.0.description)
    }

    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics) {
        let Value::Map(entries) = value else { return };
        for key in entries.keys() {
            if let Err(reason) = (self.0.check)(key) {
                diags.attr_error(
                    &path.with_key(key),
                    "Invalid map key",
                    format!(
                        "{path} has the key {key:?}: {reason}. Allowed: {}.",
                        self.0.description
                    ),
                );
            }
        }
    }
}

/// Checks every known string value of a map.
#[derive(Clone, Debug)]
pub struct MapValues(StringCheck);

/// A validator applying `check` to each known value of a map.
pub const fn map_values(
    description: &'static str,
    check: fn(&str) -> Result<(), String>,
) -> MapValues {
    MapValues(string_check(description, check))
}

impl Validator for MapValues {
    fn description(&self) -> String {
        format!("values that are {}", self.0.description)
    }

    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics) {
        let Value::Map(entries) = value else { return };
        for (key, v) in entries {
            self.0.validate(v, &path.with_key(key), diags);
        }
    }
}

/// "`A`, `B` or `C`"
fn list_words(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(v: &dyn Validator, value: &Value) -> Vec<String> {
        let mut d = Diagnostics::new();
        v.validate(value, &Path::attr("x"), &mut d);
        d.into_vec().into_iter().map(|d| d.detail).collect()
    }

    #[test]
    fn one_of_names_the_allowed_values() {
        let v = one_of(&["GET", "POST", "PUT"]);
        assert!(errors(&v, &Value::from("GET")).is_empty());
        let e = errors(&v, &Value::from("FETCH"));
        assert_eq!(
            e,
            ["x is \"FETCH\"; allowed values are `GET`, `POST` or `PUT`."]
        );
    }

    #[test]
    fn int_between_is_inclusive() {
        let v = int_between(50, 300_000);
        assert!(errors(&v, &Value::from(50)).is_empty());
        assert!(errors(&v, &Value::from(300_000)).is_empty());
        assert_eq!(errors(&v, &Value::from(49)).len(), 1);
    }

    #[test]
    fn map_checks_point_at_the_key_and_skip_unknowns() {
        let v = map_keys("lowercase", |k| {
            if k.chars().all(|c| c.is_ascii_lowercase()) {
                Ok(())
            } else {
                Err("not lowercase".into())
            }
        });
        let m = Value::Map(
            [
                ("ok".to_owned(), Value::Unknown),
                ("BAD".to_owned(), Value::Null),
            ]
            .into(),
        );
        let mut d = Diagnostics::new();
        v.validate(&m, &Path::attr("m"), &mut d);
        let d = d.into_vec();
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].path.as_ref().map(ToString::to_string).as_deref(),
            Some("m[\"BAD\"]")
        );
        let vals = map_values("short", |s| {
            if s.len() < 3 {
                Ok(())
            } else {
                Err("too long".into())
            }
        });
        let m = Value::Map(
            [
                ("a".to_owned(), Value::Unknown),
                ("b".to_owned(), Value::from("long")),
            ]
            .into(),
        );
        assert_eq!(errors(&vals, &m).len(), 1);
    }
}
