//! Tags, as the hashicorp/aws provider has them: `tags` is what the resource's configuration
//! says; `tags_all` is what AWS holds, the provider's `default_tags` merged under the
//! resource's own (the resource wins for the same key). A taggable type declares both fields
//! (with `tags_all` sent by its create call) and an `arn`; the generic code here plans
//! `tags_all`, splits AWS's answer back into the two, and writes a change with TagResource and
//! UntagResource (API Gateway's update operations take no tags).

use std::collections::BTreeMap;

use crate::aws::{Aws, AwsError};
use crate::tfvalue::Value;

/// The attribute names (fixed by the hashicorp/aws provider).
pub const TAGS: &str = "tags";
/// See [`TAGS`].
pub const TAGS_ALL: &str = "tags_all";
/// The ARN TagResource takes.
pub const ARN: &str = "arn";

/// The description of `tags`.
pub const TAGS_DOC: &str = "Tags of the object. The provider's `default_tags` are added under \
    them (a key set here wins). Changed in place with TagResource and UntagResource.";
/// The description of `tags_all`.
pub const TAGS_ALL_DOC: &str = "All tags of the object: the provider's `default_tags` merged \
    with `tags`.";

type Tags = BTreeMap<String, String>;

fn map(tags: &Tags) -> Value {
    Value::string_map(Some(tags.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
}

/// Plans `tags_all` from the configuration's `tags` and the provider's defaults: unknown
/// while any tag value is.
pub fn plan(config: &Value, planned: &mut Value, defaults: &Tags) {
    let own = config.get(TAGS);
    let all = if own.is_null() {
        Some(defaults.clone())
    } else {
        own.to_string_map().map(|own| {
            let mut all = defaults.clone();
            all.extend(own);
            all
        })
    };
    planned.set(TAGS_ALL, all.as_ref().map_or(Value::Unknown, map));
}

/// Splits AWS's tags (already in `state`'s `tags_all`, null when AWS answered none) into
/// `tags_all` and `tags`: a default tag with its default value belongs to `tags` only when the
/// reference (the plan, or the prior state) has it there. `tags` stays null when the reference's
/// is null and nothing but defaults is left, and `{}` when written so.
pub fn split(state: &mut Value, reference: &Value, defaults: &Tags) {
    let all = state.get(TAGS_ALL).to_string_map().unwrap_or_default();
    let written = reference.get(TAGS);
    let wrote = written.to_string_map().unwrap_or_default();
    let own: Tags = all
        .iter()
        .filter(|(k, v)| defaults.get(*k) != Some(*v) || wrote.get(*k) == Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let tags = if own.is_empty() && written.is_null() {
        Value::Null
    } else {
        map(&own)
    };
    state.set(TAGS_ALL, map(&all));
    state.set(TAGS, tags);
}

/// Whether an update changes the tags AWS holds.
pub fn changed(prior: &Value, planned: &Value) -> bool {
    prior.get(TAGS_ALL).to_string_map().unwrap_or_default()
        != planned.get(TAGS_ALL).to_string_map().unwrap_or_default()
}

/// Writes the change from `prior`'s `tags_all` to `planned`'s: one UntagResource for the keys
/// that go, one TagResource for the keys that are new or changed (each only when needed).
pub async fn write(aws: &Aws, arn: &str, prior: &Value, planned: &Value) -> Result<(), AwsError> {
    let old = prior.get(TAGS_ALL).to_string_map().unwrap_or_default();
    let new = planned.get(TAGS_ALL).to_string_map().unwrap_or_default();
    let gone: Vec<String> = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .cloned()
        .collect();
    if !gone.is_empty() {
        aws.client
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(gone))
            .send()
            .await?;
    }
    let set: std::collections::HashMap<String, String> = new
        .into_iter()
        .filter(|(k, v)| old.get(k) != Some(v))
        .collect();
    if !set.is_empty() {
        aws.client
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(set))
            .send()
            .await?;
    }
    Ok(())
}

/// After a successful tag write, the tags are the planned ones (the update's answer, or an
/// emulator's, may predate the write).
pub fn keep_written(state: &mut Value, planned: &Value) {
    state.set(TAGS_ALL, planned.get(TAGS_ALL).clone());
    state.set(TAGS, planned.get(TAGS).clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(entries: &[(&str, &str)]) -> Value {
        Value::string_map(Some(entries.iter().copied()))
    }

    fn defaults() -> Tags {
        [("team", "api"), ("env", "prod")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn tags_all_merges_defaults_under_the_resource_own_tags() {
        let mut planned = Value::object([(TAGS, Value::Null), (TAGS_ALL, Value::Unknown)]);
        let config = Value::object([(TAGS, tags(&[("env", "test"), ("app", "pets")]))]);
        plan(&config, &mut planned, &defaults());
        assert_eq!(
            planned.get(TAGS_ALL),
            &tags(&[("app", "pets"), ("env", "test"), ("team", "api")])
        );
        plan(
            &Value::object([(TAGS, Value::Null)]),
            &mut planned,
            &defaults(),
        );
        assert_eq!(
            planned.get(TAGS_ALL),
            &tags(&[("env", "prod"), ("team", "api")])
        );
        let unknown =
            Value::object([(TAGS, Value::Map([("a".to_owned(), Value::Unknown)].into()))]);
        plan(&unknown, &mut planned, &defaults());
        assert!(planned.get(TAGS_ALL).is_unknown());
        plan(
            &Value::object([(TAGS, Value::Null)]),
            &mut planned,
            &Tags::new(),
        );
        assert_eq!(planned.get(TAGS_ALL), &tags(&[]));
    }

    #[test]
    fn aws_tags_split_back_into_own_and_all() {
        let answer = || {
            Value::object([
                (TAGS, Value::Null),
                (
                    TAGS_ALL,
                    tags(&[
                        ("app", "pets"),
                        ("env", "prod"),
                        ("team", "api"),
                        ("x", "1"),
                    ]),
                ),
            ])
        };
        // Written: app; a default written with its default value too (env). `x` came from
        // outside Terraform and shows in `tags` (drift); `team` is only a default.
        let reference = Value::object([(TAGS, tags(&[("app", "pets"), ("env", "prod")]))]);
        let mut state = answer();
        split(&mut state, &reference, &defaults());
        assert_eq!(
            state.get(TAGS),
            &tags(&[("app", "pets"), ("env", "prod"), ("x", "1")])
        );
        // Nothing written, only defaults left: null, as configured.
        let mut state = Value::object([(TAGS, Value::Null), (TAGS_ALL, tags(&[("team", "api")]))]);
        split(
            &mut state,
            &Value::object([(TAGS, Value::Null)]),
            &defaults(),
        );
        assert!(state.get(TAGS).is_null());
        // AWS answered no tags at all: `tags_all` is `{}`, `tags` as written.
        let mut state = Value::object([(TAGS, Value::Null), (TAGS_ALL, Value::Null)]);
        split(
            &mut state,
            &Value::object([(TAGS, tags(&[]))]),
            &Tags::new(),
        );
        assert_eq!(state.get(TAGS_ALL), &tags(&[]));
        assert_eq!(state.get(TAGS), &tags(&[]));
    }
}
