//! Publishing changes without `triggers`: what this provider process has seen planned for each
//! REST API, so a deployment planned after those objects redeploys, and which deployments a
//! redeploy left behind, so the stage that moves off one deletes it.
//!
//! Terraform plans (and, during apply, plans again and applies) a resource after everything it
//! depends on, in one provider process per walk. Every object that is part of what a REST API
//! serves notes its planned change here (see [`crate::resources::Resource::note_change`]); a
//! deployment that depends on those objects (by reference or `depends_on`) finds the notes
//! when it is planned and plans a new deployment, saying why.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aws_sdk_apigateway::types::{Method, Resource};
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

/// The deployments of `rest_api_id` that redeploys replaced and that are not deleted yet.
pub fn superseded(rest_api_id: &str) -> Vec<String> {
    lock(&SUPERSEDED)
        .get(rest_api_id)
        .map(|s| s.iter().cloned().collect())
        .unwrap_or_default()
}

/// Forgets a replaced deployment (it was deleted).
pub fn forget_superseded(rest_api_id: &str, deployment_id: &str) {
    if let Some(s) = lock(&SUPERSEDED).get_mut(rest_api_id) {
        s.remove(deployment_id);
    }
}

/// Per deployment id: the fingerprint of the API taken right before it was created.
static MADE_FROM: Mutex<BTreeMap<String, BTreeSet<String>>> = Mutex::new(BTreeMap::new());

/// Notes the fingerprint of the API a new deployment was made from.
pub fn made_from(deployment_id: &str, fingerprint: String) {
    lock(&MADE_FROM).insert(deployment_id.to_owned(), BTreeSet::from([fingerprint]));
}

/// The fingerprint noted for a deployment this process created (and forgets it).
pub fn take_made_from(deployment_id: &str) -> Option<String> {
    lock(&MADE_FROM)
        .remove(deployment_id)
        .and_then(|s| s.into_iter().next())
}

/// A digest of what an API serves through its resources: every resource path, and every
/// method with its settings, method responses, integration and integration responses (the
/// `GetResources?embed=methods` answer, which the refresh loads anyway). Maps are taken in key
/// order, so the same API always gives the same digest. A deployment records the digest of
/// the API it was made from; a refresh that finds another one knows the API changed since.
pub fn fingerprint(resources: &[Resource]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for r in resources {
        let path = r.path().unwrap_or_default();
        lines.push(format!("resource {path}"));
        let methods = r.resource_methods().map(sorted).unwrap_or_default();
        for (verb, m) in methods {
            lines.push(method_line(path, verb, m));
        }
    }
    lines.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in lines.join("\n").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn sorted<V>(m: &HashMap<String, V>) -> Vec<(&String, &V)> {
    let mut v: Vec<_> = m.iter().collect();
    v.sort_by_key(|(k, _)| *k);
    v
}

/// One method, every field in a fixed order.
fn method_line(path: &str, verb: &str, m: &Method) -> String {
    let mut out = format!(
        "method {path} {verb} auth={:?} authorizer={:?} scopes={:?} key={} validator={:?} op={:?} params={:?} models={:?}",
        m.authorization_type(),
        m.authorizer_id(),
        m.authorization_scopes(),
        m.api_key_required().unwrap_or(false),
        m.request_validator_id(),
        m.operation_name(),
        m.request_parameters().map(sorted),
        m.request_models().map(sorted),
    );
    for (code, r) in m.method_responses().map(sorted).unwrap_or_default() {
        out.push_str(&format!(
            " | response {code} params={:?} models={:?}",
            r.response_parameters().map(sorted),
            r.response_models().map(sorted),
        ));
    }
    if let Some(i) = m.method_integration() {
        out.push_str(&format!(
            " | integration type={:?} verb={:?} uri={:?} connection={:?}/{:?} credentials={:?} params={:?} templates={:?} passthrough={:?} handling={:?} timeout={} cache={:?}/{:?} tls={:?}",
            i.r#type(),
            i.http_method(),
            i.uri(),
            i.connection_type(),
            i.connection_id(),
            i.credentials(),
            i.request_parameters().map(sorted),
            i.request_templates().map(sorted),
            i.passthrough_behavior(),
            i.content_handling(),
            i.timeout_in_millis(),
            i.cache_namespace(),
            i.cache_key_parameters(),
            i.tls_config().map(|t| t.insecure_skip_verification()),
        ));
        for (code, r) in i.integration_responses().map(sorted).unwrap_or_default() {
            out.push_str(&format!(
                " | integration response {code} pattern={:?} params={:?} templates={:?} handling={:?}",
                r.selection_pattern(),
                r.response_parameters().map(sorted),
                r.response_templates().map(sorted),
                r.content_handling(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_and_superseded_ids_are_per_api_until_forgotten() {
        note("publish-test-a", "apigateway_method x updated".to_owned());
        note("publish-test-a", "apigateway_method x updated".to_owned());
        note("", "ignored".to_owned());
        assert_eq!(pending("publish-test-a"), ["apigateway_method x updated"]);
        assert!(pending("publish-test-b").is_empty());
        supersede("publish-test-a", "d1");
        assert!(superseded("publish-test-b").is_empty());
        assert_eq!(superseded("publish-test-a"), ["d1"]);
        forget_superseded("publish-test-a", "d1");
        assert!(superseded("publish-test-a").is_empty());
    }

    fn api(template: &str, order: bool) -> Vec<Resource> {
        use aws_sdk_apigateway::types::{Integration, IntegrationResponse};
        let mut templates = HashMap::new();
        let mut params = HashMap::new();
        let pairs = [("a", "1"), ("b", "2"), ("c", "3")];
        let pairs: Vec<_> = if order {
            pairs.to_vec()
        } else {
            pairs.iter().rev().copied().collect()
        };
        for (k, v) in pairs {
            params.insert(format!("method.response.header.{k}"), v.to_owned());
        }
        templates.insert("application/json".to_owned(), template.to_owned());
        let response = IntegrationResponse::builder()
            .status_code("200")
            .set_response_templates(Some(templates))
            .set_response_parameters(Some(params))
            .build();
        let method = Method::builder()
            .http_method("GET")
            .authorization_type("NONE")
            .method_integration(
                Integration::builder()
                    .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
                    .integration_responses("200", response)
                    .build(),
            )
            .build();
        vec![
            Resource::builder().id("r0").path("/").build(),
            Resource::builder()
                .id("r1")
                .path("/pets")
                .resource_methods("GET", method)
                .build(),
        ]
    }

    #[test]
    fn the_fingerprint_follows_what_is_served_not_the_order_aws_answers_in() {
        let one = fingerprint(&api("{\"v\": 1}", true));
        assert_eq!(one, fingerprint(&api("{\"v\": 1}", false)));
        let mut reversed = api("{\"v\": 1}", true);
        reversed.reverse();
        assert_eq!(one, fingerprint(&reversed));
        assert_ne!(one, fingerprint(&api("{\"v\": 2}", true)));
        assert_ne!(one, fingerprint(&api("{\"v\": 1}", true)[..1]));
    }
}
