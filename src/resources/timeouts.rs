//! The `timeouts` block of types whose writes AWS finishes later (a VPC link becomes
//! available minutes after its create, a REST API or a domain name with an enhanced security
//! policy is `UPDATING` for a while): `create`, `update` and `delete`, each a duration such as
//! `"30s"`, `"20m"` or `"1h30m"`, as in Terraform's own providers; and [`poll_until`], the
//! wait they bound.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::aws::Aws;
use crate::schema::validators::{StringCheck, string_check};
use crate::schema::{Attribute, Block};
use crate::tfvalue::{Type, Value};

/// The block's name.
pub const TIMEOUTS: &str = "timeouts";

/// The first and the longest pause between two polls of [`poll_until`].
pub const FIRST_POLL: Duration = Duration::from_millis(500);
pub const LONGEST_POLL: Duration = Duration::from_secs(10);

/// What one poll found.
#[derive(Debug)]
pub enum Step<T> {
    /// The wait is over.
    Done(T),
    /// Still in this status: poll again.
    Waiting(String),
}

/// Polls (`poll`) with pauses growing from [`FIRST_POLL`] to [`LONGEST_POLL`] until it says
/// [`Step::Done`] or fails, for at most `limit`. The error says why not: what `poll` said, the
/// time ran out (naming the last status and the `timeouts` block), or Terraform is stopping
/// (a stop ends a pause at once). Each pause is logged at INFO with `what` and the status.
pub async fn poll_until<T, F, Fut>(
    aws: &Aws,
    what: &str,
    limit: Duration,
    mut poll: F,
) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Step<T>, String>>,
{
    let start = Instant::now();
    let mut pause = FIRST_POLL;
    loop {
        let status = match poll().await? {
            Step::Done(found) => return Ok(found),
            Step::Waiting(status) => status,
        };
        let waited = start.elapsed();
        if waited >= limit {
            return Err(format!(
                "it is still {status} after {}s (the `timeouts` block sets how long to wait)",
                limit.as_secs()
            ));
        }
        tracing::info!(status, waited_s = waited.as_secs(), "waiting for {what}");
        tokio::select! {
            () = tokio::time::sleep(pause.min(limit.saturating_sub(waited))) => {}
            () = aws.transport.stop_requested() => {
                return Err(format!("the wait ended because Terraform is stopping (it was {status})"));
            }
        }
        pause = (pause * 2).min(LONGEST_POLL);
    }
}

const DURATION: StringCheck = string_check("a duration such as `30s`, `20m` or `1h30m`", |s| {
    parse(s).map(drop)
});

/// The block's schema: the three waits, each optional.
pub fn schema() -> Block {
    schema_of(&["create", "update", "delete"])
}

/// The block of `aws_api_gateway_domain_name`: `create` and `update`.
pub fn create_update() -> Block {
    schema_of(&["create", "update"])
}

/// The block of `aws_api_gateway_rest_api_put`: `create` alone.
pub fn create_only() -> Block {
    schema_of(&["create"])
}

fn schema_of(waits: &[&str]) -> Block {
    waits.iter().fold(Block::default(), |block, which| {
        let article = if which.starts_with('u') { "an" } else { "a" };
        let doc = format!("How long to wait for {article} {which} to finish.");
        block.attribute(Attribute::new(which, Type::String, &doc).validator(DURATION))
    })
}

/// The block as the configuration wrote it, for the state: the timeouts are the
/// configuration's alone (AWS knows nothing of them); an empty list when unset.
pub fn as_written(reference: &Value) -> Value {
    let written = reference.get(TIMEOUTS);
    if written.is_wholly_known() && !written.is_null() {
        written.clone()
    } else {
        Value::List(Vec::new())
    }
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
    configured(v, which).unwrap_or(default)
}

/// The wait `which` when the state or plan sets it.
pub fn configured(v: &Value, which: &str) -> Option<Duration> {
    v.get(TIMEOUTS)
        .as_elements()
        .and_then(<[Value]>::first)
        .and_then(|t| t.get(which).as_str())
        .and_then(|s| parse(s).ok())
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
