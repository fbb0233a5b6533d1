//! Publishing changes without `triggers`: what this provider process has seen planned for each
//! REST API, so a deployment planned after those objects redeploys, and which deployments a
//! redeploy left behind, so the stage that moves off one deletes it.
//!
//! Terraform plans (and, during apply, plans again and applies) a resource after everything it
//! depends on, in one provider process per walk. Every object that is part of what a REST API
//! serves notes its planned change here (see [`crate::resources::Resource::note_change`]); a
//! deployment that depends on those objects (by reference or `depends_on`) finds the notes
//! when it is planned and plans a new deployment, saying why.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, MutexGuard};

/// Per REST API: what changes, e.g. "apigateway_method a1b2/x1y2/GET updated".
static PENDING: Mutex<BTreeMap<String, BTreeSet<String>>> = Mutex::new(BTreeMap::new());
/// Per REST API: deployments a redeploy replaced.
static SUPERSEDED: Mutex<BTreeMap<String, BTreeSet<String>>> = Mutex::new(BTreeMap::new());

fn lock(
    m: &'static Mutex<BTreeMap<String, BTreeSet<String>>>,
) -> MutexGuard<'static, BTreeMap<String, BTreeSet<String>>> {
    // A panic elsewhere while holding the lock leaves the notes usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Notes a planned change to `rest_api_id`'s served definition.
pub fn note(rest_api_id: &str, change: String) {
    if rest_api_id.is_empty() {
        return;
    }
    lock(&PENDING)
        .entry(rest_api_id.to_owned())
        .or_default()
        .insert(change);
}

/// The changes planned so far to `rest_api_id`'s served definition.
pub fn pending(rest_api_id: &str) -> Vec<String> {
    lock(&PENDING)
        .get(rest_api_id)
        .map(|s| s.iter().cloned().collect())
        .unwrap_or_default()
}

/// Notes that a redeploy of `rest_api_id` replaced `deployment_id`.
pub fn supersede(rest_api_id: &str, deployment_id: &str) {
    lock(&SUPERSEDED)
        .entry(rest_api_id.to_owned())
        .or_default()
        .insert(deployment_id.to_owned());
}

/// Whether a redeploy replaced `deployment_id` (and forgets it: one stage deletes it).
pub fn take_superseded(rest_api_id: &str, deployment_id: &str) -> bool {
    lock(&SUPERSEDED)
        .get_mut(rest_api_id)
        .is_some_and(|s| s.remove(deployment_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_per_api_and_superseded_ids_are_taken_once() {
        note("publish-test-a", "apigateway_method x updated".to_owned());
        note("publish-test-a", "apigateway_method x updated".to_owned());
        note("", "ignored".to_owned());
        assert_eq!(pending("publish-test-a"), ["apigateway_method x updated"]);
        assert!(pending("publish-test-b").is_empty());
        supersede("publish-test-a", "d1");
        assert!(!take_superseded("publish-test-b", "d1"));
        assert!(take_superseded("publish-test-a", "d1"));
        assert!(!take_superseded("publish-test-a", "d1"));
    }
}
