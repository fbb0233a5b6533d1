//! The JSON decoder for Terraform's JSON value encoding (cty's JSON format).
//!
//! Terraform uses it for stored state (`UpgradeResourceState.raw_state.json`) and may use it
//! for `DynamicValue.json`. The rules:
//!
//! - `null` is null at any type (JSON cannot carry unknowns).
//! - Objects: attributes missing from the JSON are null; attributes the type does not have
//!   are *ignored*, since state written under an older schema may hold attributes removed
//!   since.
//! - Numbers keep their precision: an integer becomes [`Number::Int`] / [`Number::UInt`], a
//!   number whose decimal text is exactly a float64 becomes [`Number::Float`], and anything
//!   else stays [`Number::Decimal`] with its text (so `0.1`, which no float64 equals, is sent
//!   back to Terraform as the decimal it stored).
//! - Like cty, primitives are converted leniently: a string holding a number or `"true"` /
//!   `"false"` is accepted for `number` / `bool`, and a number or bool for `string`.
//! - Lists, sets and tuples are arrays; maps are objects; a `dynamic` value is
//!   `{"value": <value>, "type": <type JSON>}`.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::msgpack::{Failure, MAX_DEPTH, is_decimal};
use super::{DecodeError, Number, Path, PathStep, Type, Value};

/// Decodes JSON `bytes` as a value of type `ty`.
///
/// # Errors
///
/// When the bytes are not JSON or the JSON does not fit the type; the error's path names
/// the failing element.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, DecodeError> {
    let json: Json = serde_json::from_slice(bytes)
        .map_err(|e| DecodeError::new(Path::root(), format!("invalid JSON: {e}")))?;
    decode_value(&json, ty)
}

/// Decodes an already parsed JSON value as a value of type `ty`.
///
/// # Errors
///
/// When the JSON does not fit the type (or nests deeper than
/// [`MAX_DEPTH`]); the error's path names the failing element.
pub fn decode_value(json: &Json, ty: &Type) -> Result<Value, DecodeError> {
    value(json, ty, 0).map_err(Failure::into_decode_error)
}

fn describe(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a bool",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn mismatch(wanted: &str, found: &Json) -> Failure {
    Failure::new(format!("{wanted} is required, found {}", describe(found)))
}

fn index_step(i: usize) -> PathStep {
    PathStep::Index(i64::try_from(i).unwrap_or(i64::MAX))
}

fn value(json: &Json, ty: &Type, depth: usize) -> Result<Value, Failure> {
    match json {
        Json::Null => return Ok(Value::Null),
        Json::Array(_) | Json::Object(_) if depth >= MAX_DEPTH => {
            return Err(Failure::new(format!(
                "value nested more than {MAX_DEPTH} levels deep"
            )));
        }
        _ => {}
    }
    match ty {
        Type::Bool => match json {
            Json::Bool(b) => Ok(Value::Bool(*b)),
            Json::String(s) if s == "true" => Ok(Value::Bool(true)),
            Json::String(s) if s == "false" => Ok(Value::Bool(false)),
            other => Err(mismatch("a bool", other)),
        },
        Type::Number => match json {
            Json::Number(n) => number(n.as_str()).map(Value::Number),
            Json::String(s) => number(s).map(Value::Number),
            other => Err(mismatch("a number", other)),
        },
        Type::String => match json {
            Json::String(s) => Ok(Value::String(s.clone())),
            Json::Number(n) => Ok(Value::String(n.as_str().to_owned())),
            Json::Bool(b) => Ok(Value::String(b.to_string())),
            other => Err(mismatch("a string", other)),
        },
        Type::List(elem) => match json {
            Json::Array(items) => elements(items, |_| elem, depth).map(Value::List),
            other => Err(mismatch("a list (array)", other)),
        },
        Type::Set(elem) => match json {
            Json::Array(items) => elements(items, |_| elem, depth).map(Value::Set),
            other => Err(mismatch("a set (array)", other)),
        },
        Type::Tuple(elems) => match json {
            Json::Array(items) if items.len() == elems.len() => {
                elements(items, |i| elems.get(i).unwrap_or(&Type::Dynamic), depth).map(Value::Tuple)
            }
            Json::Array(items) => Err(Failure::new(format!(
                "a tuple of {} elements is required, found {}",
                elems.len(),
                items.len()
            ))),
            other => Err(mismatch("a tuple (array)", other)),
        },
        Type::Map(elem) => match json {
            Json::Object(entries) => entries
                .iter()
                .map(|(key, item)| {
                    let v = value(item, elem, depth + 1)
                        .map_err(|f| f.at(PathStep::Key(key.clone())))?;
                    Ok((key.clone(), v))
                })
                .collect::<Result<_, _>>()
                .map(Value::Map),
            other => Err(mismatch("a map (object)", other)),
        },
        Type::Object(attrs) => match json {
            Json::Object(entries) => attrs
                .iter()
                .map(|(name, attr_type)| {
                    let v = match entries.get(name) {
                        Some(item) => value(item, attr_type, depth + 1)
                            .map_err(|f| f.at(PathStep::Attribute(name.clone())))?,
                        None => Value::Null,
                    };
                    Ok((name.clone(), v))
                })
                .collect::<Result<BTreeMap<_, _>, _>>()
                .map(Value::Object),
            other => Err(mismatch("an object", other)),
        },
        Type::Dynamic => match json {
            Json::Object(wrapper) => dynamic(wrapper, depth),
            other => Err(mismatch(
                r#"a dynamic value ({"value": …, "type": …})"#,
                other,
            )),
        },
    }
}

fn elements<'t>(
    items: &[Json],
    elem_type: impl Fn(usize) -> &'t Type,
    depth: usize,
) -> Result<Vec<Value>, Failure> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| value(item, elem_type(i), depth + 1).map_err(|f| f.at(index_step(i))))
        .collect()
}

fn dynamic(wrapper: &serde_json::Map<String, Json>, depth: usize) -> Result<Value, Failure> {
    let type_json = wrapper
        .get("type")
        .ok_or_else(|| Failure::new(r#"a dynamic value needs its "type""#))?;
    let ty = Type::from_json(type_json)
        .map_err(|e| Failure::new(format!("invalid type of a dynamic value: {e}")))?;
    let inner = value(wrapper.get("value").unwrap_or(&Json::Null), &ty, depth + 1)?;
    Ok(Value::Dynamic(ty, Box::new(inner)))
}

/// A number from its decimal text, in the most exact form (see the module documentation).
fn number(text: &str) -> Result<Number, Failure> {
    if !is_decimal(text) {
        return Err(Failure::new(format!("{text:?} is not a valid number")));
    }
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Number::Int(i));
    }
    if let Ok(u) = text.parse::<u64>() {
        return Ok(Number::UInt(u));
    }
    Ok(exact_f64(text).map_or_else(|| Number::Decimal(text.to_owned()), Number::Float))
}

/// The float64 whose value is exactly the decimal `text` (already validated), if there is one.
fn exact_f64(text: &str) -> Option<f64> {
    let f: f64 = text.parse().ok().filter(|f: &f64| f.is_finite())?;
    let (negative, digits, exp10) = decimal_parts(text)?;
    if digits == 0 {
        return Some(f);
    }
    // The decimal is digits × 10^exp10 = q × 2^e2 with q an integer.
    let (mut q, mut e2) = if exp10 >= 0 {
        let pow = 5_u128.checked_pow(u32::try_from(exp10).ok()?)?;
        (digits.checked_mul(pow)?, exp10)
    } else {
        let pow = 5_u128.checked_pow(exp10.unsigned_abs())?;
        if digits % pow != 0 {
            return None; // not a binary fraction
        }
        (digits / pow, exp10)
    };
    // The float is m × 2^e.
    let bits = f.to_bits();
    let biased = i32::try_from((bits >> 52) & 0x7ff).ok()?;
    let fraction = bits & ((1 << 52) - 1);
    let (mut m, mut e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    if m == 0 {
        return None; // a non-zero decimal that underflowed
    }
    let shift = q.trailing_zeros();
    q >>= shift;
    e2 += i32::try_from(shift).ok()?;
    let shift = m.trailing_zeros();
    m >>= shift;
    e += i32::try_from(shift).ok()?;
    (q == u128::from(m) && e2 == e && negative == f.is_sign_negative()).then_some(f)
}

/// Splits a valid decimal into sign, significant digits (trailing zeros removed) and power of
/// ten; `None` when the digits do not fit a `u128`.
fn decimal_parts(text: &str) -> Option<(bool, u128, i32)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (rest.get(..at)?, rest.get(at + 1..)?),
        None => (rest, "0"),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: u128 = 0;
    for b in int_part.bytes().chain(frac_part.bytes()) {
        digits = digits.checked_mul(10)?.checked_add(u128::from(b - b'0'))?;
    }
    // Saturate absurd exponents; they fail the power computation above.
    let exponent = exponent
        .parse::<i32>()
        .unwrap_or(if exponent.starts_with('-') {
            i32::MIN / 2
        } else {
            i32::MAX / 2
        });
    let mut exp10 = exponent.checked_sub(i32::try_from(frac_part.len()).ok()?)?;
    while digits != 0 && digits.is_multiple_of(10) {
        digits /= 10;
        exp10 = exp10.checked_add(1)?;
    }
    Some((negative, digits, exp10))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::tfvalue::msgpack::tests::arb_typed_value;
    use proptest::prelude::*;

    fn parse(text: &str, ty: &Type) -> Result<Value, DecodeError> {
        decode(text.as_bytes(), ty)
    }

    fn num(text: &str) -> Number {
        match parse(text, &Type::Number).unwrap() {
            Value::Number(n) => n,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn objects_fill_missing_and_ignore_removed_attributes() {
        let ty = Type::object([("a", Type::String), ("b", Type::Number)]);
        let v = parse(r#"{"a": "x", "old": [1, 2]}"#, &ty).unwrap();
        assert_eq!(
            v,
            Value::object([("a", Value::from("x")), ("b", Value::Null)])
        );
        assert_eq!(parse("null", &ty).unwrap(), Value::Null);
    }

    #[test]
    fn numbers_keep_their_precision() {
        assert!(matches!(num("-7"), Number::Int(-7)));
        assert!(matches!(
            num("18446744073709551615"),
            Number::UInt(u64::MAX)
        ));
        assert!(matches!(num("0.5"), Number::Float(f) if f == 0.5));
        assert!(matches!(num("-2.5e-3"), Number::Decimal(ref s) if s == "-2.5e-3"));
        assert!(matches!(num("1e20"), Number::Float(f) if f == 1e20));
        assert!(matches!(num("1.0"), Number::Float(f) if f == 1.0));
        assert!(matches!(num("0.0"), Number::Float(f) if f == 0.0));
        assert!(matches!(num("0.125"), Number::Float(f) if f == 0.125));
        assert!(matches!(num("4.9406564584124654e-324"), Number::Decimal(_)));
        // No float64 is exactly 0.1: keep the decimal Terraform stored.
        assert!(matches!(num("0.1"), Number::Decimal(ref s) if s == "0.1"));
        // (serde_json spells the exponent `e+400`.)
        assert!(matches!(num("1e400"), Number::Decimal(ref s) if s.ends_with("e+400")));
        assert!(matches!(num("1e-400"), Number::Decimal(_)));
        let big = "123456789012345678901234567890";
        assert!(matches!(num(big), Number::Decimal(ref s) if s == big));
        // 2^64 is exactly a float64.
        assert!(matches!(num("18446744073709551616"), Number::Float(f) if f == 2_f64.powi(64)));
        // 2^-50 written out in full (35 digits) is exact; its shortest form is not.
        let tiny = "8.8817841970012523233890533447265625e-16";
        assert!(matches!(num(tiny), Number::Float(f) if f == 2_f64.powi(-50)));
        assert!(matches!(
            num(&format!("{:e}", 2_f64.powi(-50))),
            Number::Decimal(_)
        ));
        // Exact floats whose expansion needs more than 38 digits stay decimal (still exact).
        assert!(matches!(
            num(&format!("{:.1074}", f64::from_bits(1))),
            Number::Decimal(_)
        ));
        // Strings holding numbers are accepted like cty does.
        assert!(matches!(num(r#""42""#), Number::Int(42)));
        assert!(parse(r#""4x""#, &Type::Number).is_err());
    }

    #[test]
    fn primitives_convert_like_cty() {
        assert_eq!(parse(r#""true""#, &Type::Bool).unwrap(), Value::Bool(true));
        assert_eq!(parse("12.50", &Type::String).unwrap(), Value::from("12.50"));
        assert_eq!(parse("false", &Type::String).unwrap(), Value::from("false"));
        assert!(parse(r#""yes""#, &Type::Bool).is_err());
        assert!(parse("[]", &Type::String).is_err());
    }

    #[test]
    fn collections_dynamic_and_paths() {
        let ty = Type::object([
            ("tags", Type::map(Type::String)),
            ("ids", Type::set(Type::Number)),
            ("pair", Type::Tuple(vec![Type::String, Type::Bool])),
            ("any", Type::Dynamic),
        ]);
        let v = parse(
            r#"{"tags": {"k": "v"}, "ids": [1, 2], "pair": ["a", true],
                "any": {"value": ["x"], "type": ["list", "string"]}}"#,
            &ty,
        )
        .unwrap();
        assert_eq!(
            v,
            Value::object([
                (
                    "tags",
                    Value::Map([("k".to_owned(), Value::from("v"))].into())
                ),
                ("ids", Value::Set(vec![1.into(), 2.into()])),
                ("pair", Value::Tuple(vec!["a".into(), true.into()])),
                (
                    "any",
                    Value::Dynamic(
                        Type::list(Type::String),
                        Box::new(Value::List(vec!["x".into()]))
                    )
                ),
            ])
        );

        let err = parse(r#"{"tags": {"k": ["v"]}}"#, &ty).unwrap_err();
        assert_eq!(err.path, Path::attr("tags").with_key("k"));
        assert_eq!(
            err.to_string(),
            r#"tags["k"]: a string is required, found an array"#
        );
        let err = parse(r#"{"ids": [1, "x"]}"#, &ty).unwrap_err();
        assert_eq!(err.path, Path::attr("ids").with_index(1));
        let err = parse(r#"{"pair": ["a"]}"#, &ty).unwrap_err();
        assert_eq!(err.path, Path::attr("pair"));
        let err = parse(r#"{"any": {"value": 1, "type": "float"}}"#, &ty).unwrap_err();
        assert_eq!(err.path, Path::attr("any"));
        let err = parse(r#"{"any": ["x"]}"#, &ty).unwrap_err();
        assert_eq!(err.path, Path::attr("any"));
        assert!(parse("{", &ty).is_err());
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let text = format!("{}{}", r#"{"value":"#.repeat(100), "null");
        let mut nested = text;
        for _ in 0..100 {
            nested.push_str(r#","type":"dynamic"}"#);
        }
        let err = parse(&nested, &Type::Dynamic).unwrap_err();
        assert!(err.message.contains("nested"), "{err}");
    }

    /// A test-only encoder into cty's JSON form (unknowns cannot be written).
    fn to_json(v: &Value, ty: &Type) -> Json {
        match (v, ty) {
            (Value::Bool(b), _) => Json::Bool(*b),
            (Value::Number(Number::Int(i)), _) => Json::from(*i),
            (Value::Number(Number::UInt(u)), _) => Json::from(*u),
            (Value::Number(Number::Float(f)), _) => Json::from(*f),
            (Value::Number(Number::Decimal(s)), _) => {
                serde_json::from_str(s).unwrap_or_else(|_| Json::String(s.clone()))
            }
            (Value::String(s), _) => Json::String(s.clone()),
            (Value::List(items) | Value::Set(items), Type::List(e) | Type::Set(e)) => {
                Json::Array(items.iter().map(|i| to_json(i, e)).collect())
            }
            (Value::Tuple(items), Type::Tuple(ts)) => {
                Json::Array(items.iter().zip(ts).map(|(i, t)| to_json(i, t)).collect())
            }
            (Value::Map(m), Type::Map(e)) => {
                Json::Object(m.iter().map(|(k, i)| (k.clone(), to_json(i, e))).collect())
            }
            (Value::Object(m), Type::Object(attrs)) => Json::Object(
                m.iter()
                    .map(|(k, i)| (k.clone(), to_json(i, &attrs[k])))
                    .collect(),
            ),
            (Value::Dynamic(t, inner), _) => {
                serde_json::json!({"value": to_json(inner, t), "type": t.to_json()})
            }
            _ => Json::Null,
        }
    }

    /// Numbers compared by value: decimals as integers or as the float64 nearest to them.
    fn normalize(v: Value) -> Value {
        match v {
            Value::Number(Number::Decimal(s)) => Value::Number(
                s.parse()
                    .map(Number::Int)
                    .or_else(|_| s.parse().map(Number::UInt))
                    .unwrap_or_else(|_| Number::Float(Number::Decimal(s).as_f64())),
            ),
            Value::List(items) => Value::List(items.into_iter().map(normalize).collect()),
            Value::Set(items) => Value::Set(items.into_iter().map(normalize).collect()),
            Value::Tuple(items) => Value::Tuple(items.into_iter().map(normalize).collect()),
            Value::Map(m) => Value::Map(m.into_iter().map(|(k, i)| (k, normalize(i))).collect()),
            Value::Object(m) => {
                Value::Object(m.into_iter().map(|(k, i)| (k, normalize(i))).collect())
            }
            Value::Dynamic(t, inner) => Value::Dynamic(t, Box::new(normalize(*inner))),
            other => other,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn json_round_trips((ty, value) in arb_typed_value(false)) {
            let json = to_json(&value, &ty);
            let text = serde_json::to_vec(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back = decode(&text, &ty).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(normalize(back), normalize(value));
        }

        #[test]
        fn exact_floats_are_recognised(bits in any::<u64>()) {
            let f = f64::from_bits(bits);
            prop_assume!(f.is_finite());
            // `{:e}` is the shortest text that parses back to the float; `{:.1100}` is its
            // full, exact expansion. The short text is exact when both denote the same decimal.
            let short = format!("{f:e}");
            let full = format!("{f:.1100}");
            let full = full.trim_end_matches('0').trim_end_matches('.');
            let same = match (decimal_parts(&short), decimal_parts(full)) {
                (Some((_, d1, e1)), Some((_, d2, e2))) => d1 == d2 && (d1 == 0 || e1 == e2),
                _ => false,
            };
            prop_assert_eq!(exact_f64(&short).map(f64::to_bits), same.then_some(bits), "{}", short);
            if decimal_parts(full).is_some() {
                prop_assert_eq!(exact_f64(full).map(f64::to_bits), Some(bits), "{}", full);
            }
        }
    }
}
