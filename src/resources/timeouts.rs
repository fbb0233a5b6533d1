//! The `timeouts` block of types whose writes AWS finishes later (a VPC link becomes
//! available minutes after its create): `create`, `update` and `delete`, each a duration such as
//! `"30s"`, `"20m"` or `"1h30m"`, as in Terraform's own providers.

use std::time::Duration;

use crate::schema::validators::{StringCheck, string_check};
use crate::schema::{Attribute, Block};
use crate::tfvalue::{Type, Value};

/// The block's name.
pub const TIMEOUTS: &str = "timeouts";

const DURATION: StringCheck = string_check("a duration such as `30s`, `20m` or `1h30m`", |s| {
    parse(s).map(drop)
});

/// The block's schema: the three waits, each optional.
pub fn schema() -> Block {
    let attr = |name: &str, what: &str| {
        Attribute::new(name, Type::String, &format!("How long to wait {what}.")).validator(DURATION)
    };
    Block::default()
        .attribute(attr("create", "for a create to finish"))
        .attribute(attr("update", "for an update to finish"))
        .attribute(attr("delete", "for a delete to finish"))
}

/// `"1h30m"`, `"20m"`, `"45s"`: hours, minutes and seconds, in that order, each at most once.
pub fn parse(s: &str) -> Result<Duration, String> {
    let mut total = 0u64;
    let mut digits = String::new();
    let mut last_unit = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let (rank, seconds) = match c {
            'h' => (1, 3600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => return Err(format!("{c:?} is not a unit (h, m or s)")),
        };
        if digits.is_empty() || rank <= last_unit {
            return Err("units go h, m, s, each after its number".to_owned());
        }
        let n: u64 = digits
            .parse()
            .map_err(|_| "the number is too large".to_owned())?;
        total = total.saturating_add(n.saturating_mul(seconds));
        digits.clear();
        last_unit = rank;
    }
    if !digits.is_empty() || last_unit == 0 {
        return Err("a number needs a unit (h, m or s)".to_owned());
    }
    Ok(Duration::from_secs(total))
}

/// The wait `which` (`create`, `update` or `delete`) the state or plan sets, else `default`.
pub fn get(v: &Value, which: &str, default: Duration) -> Duration {
    v.get(TIMEOUTS)
        .as_elements()
        .and_then(<[Value]>::first)
        .and_then(|t| t.get(which).as_str())
        .and_then(|s| parse(s).ok())
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse("20m"), Ok(Duration::from_secs(1200)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse("45s"), Ok(Duration::from_secs(45)));
        for bad in ["", "20", "m", "1m1h", "5d", "1.5h"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let v = Value::object([(
            TIMEOUTS,
            Value::List(vec![Value::object([("create", Value::from("2m"))])]),
        )]);
        assert_eq!(get(&v, "create", Duration::ZERO), Duration::from_secs(120));
        assert_eq!(
            get(&v, "delete", Duration::from_secs(7)),
            Duration::from_secs(7)
        );
    }
}
