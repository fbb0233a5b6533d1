//! Checks every declared resource type against the rules of the declarations, so a mistake in
//! a declaration fails `cargo test` instead of a user's apply.

use std::collections::BTreeSet;

use crate::resources::keys::Key;
use crate::resources::{
    account, all, api_key, authorizer, base_path_mapping, client_certificate, deployment,
    documentation_part, documentation_version, domain_name, domain_name_access_association,
    gateway_response, integration, integration_response, method, method_response, method_settings,
    model, request_validator, resource, rest_api, rest_api_policy, rest_api_put, stage, usage_plan,
    usage_plan_key, vpc_link,
};
use crate::schema::Presence;

use super::{Declared, Identity, Lit, Patch, Policy, Ty, Update, tags};

/// The types still written by hand (each is ported in its own commit).
const HAND_WRITTEN: &[&str] = &[];

/// The resource files that are declarations, which must read attributes through their
/// handles: an attribute name in a string literal is a misspelling waiting to happen.
const DECLARED_SOURCES: &[(&str, &str)] = &[
    ("method_response.rs", include_str!("../method_response.rs")),
    (
        "integration_response.rs",
        include_str!("../integration_response.rs"),
    ),
    (
        "gateway_response.rs",
        include_str!("../gateway_response.rs"),
    ),
    ("resource.rs", include_str!("../resource.rs")),
    ("method.rs", include_str!("../method.rs")),
    ("integration.rs", include_str!("../integration.rs")),
    ("rest_api.rs", include_str!("../rest_api.rs")),
    ("deployment.rs", include_str!("../deployment.rs")),
    ("stage.rs", include_str!("../stage.rs")),
    ("method_settings.rs", include_str!("../method_settings.rs")),
    ("model.rs", include_str!("../model.rs")),
    ("authorizer.rs", include_str!("../authorizer.rs")),
    ("rest_api_policy.rs", include_str!("../rest_api_policy.rs")),
    ("rest_api_put.rs", include_str!("../rest_api_put.rs")),
    ("api_key.rs", include_str!("../api_key.rs")),
    ("usage_plan.rs", include_str!("../usage_plan.rs")),
    ("usage_plan_key.rs", include_str!("../usage_plan_key.rs")),
    (
        "client_certificate.rs",
        include_str!("../client_certificate.rs"),
    ),
    ("vpc_link.rs", include_str!("../vpc_link.rs")),
    ("account.rs", include_str!("../account.rs")),
    ("domain_name.rs", include_str!("../domain_name.rs")),
    (
        "base_path_mapping.rs",
        include_str!("../base_path_mapping.rs"),
    ),
    (
        "domain_name_access_association.rs",
        include_str!("../domain_name_access_association.rs"),
    ),
    (
        "documentation_version.rs",
        include_str!("../documentation_version.rs"),
    ),
    (
        "documentation_part.rs",
        include_str!("../documentation_part.rs"),
    ),
    (
        "request_validator.rs",
        include_str!("../request_validator.rs"),
    ),
];

fn lit_fits(lit: Lit, ty: Ty) -> bool {
    matches!(
        (lit, ty),
        (Lit::Str(_), Ty::Str) | (Lit::Bool(_), Ty::Bool) | (Lit::Int(_), Ty::Num)
    )
}

/// What is wrong with `R`'s declarations.
fn problems<R: Declared>() -> Vec<String> {
    let mut out = Vec::new();
    let mut names = BTreeSet::new();
    let mut paths = BTreeSet::new();
    for spec in R::Key::ATTRS {
        names.insert(spec.name);
    }
    let mut has_id = false;
    for d in R::FIELDS {
        let s = &d.spec;
        let n = s.name;
        has_id |= n == "id";
        if !names.insert(n) {
            out.push(format!(
                "{n}: declared twice (or also an identity attribute)"
            ));
        }
        if n.is_empty()
            || !n
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            out.push(format!("{n}: not snake_case"));
        }
        if s.description.trim().is_empty() {
            out.push(format!("{n}: no description"));
        }
        let fits = match s.policy {
            Policy::MapAsWritten => matches!(s.ty, Ty::StrMap | Ty::BoolMap),
            Policy::SetAsWritten => s.ty == Ty::StrSet,
            Policy::EmptyIsUnset | Policy::JsonAsWritten | Policy::PolicyAsWritten => {
                s.ty == Ty::Str
            }
            Policy::Custom => s.ty != Ty::Block || s.nested.is_some(),
            Policy::AwsDefault(l) | Policy::KeepWhenSilent(Some(l)) => lit_fits(l, s.ty),
            Policy::AsAnswered | Policy::KeepWhenSilent(None) => true,
        };
        if !fits {
            out.push(format!(
                "{n}: policy {:?} does not fit type {:?}",
                s.policy, s.ty
            ));
        }
        if let Some(default) = s.default {
            if !lit_fits(default, s.ty) {
                out.push(format!("{n}: default {default:?} is not a {:?}", s.ty));
            }
            if let Policy::AwsDefault(aws) | Policy::KeepWhenSilent(Some(aws)) = s.policy
                && aws != default
            {
                out.push(format!(
                    "{n}: plan default {default:?} differs from AWS's {aws:?}"
                ));
            }
        }
        if matches!(s.policy, Policy::KeepWhenSilent(_))
            && !(s.presence == Presence::OptionalComputed || s.replace)
        {
            out.push(format!(
                "{n}: KeepWhenSilent needs an optional+computed or replacing attribute"
            ));
        }
        if d.get.is_none() && s.policy != Policy::Custom {
            out.push(format!("{n}: no getter and not Custom"));
        }
        let configurable = s.is_configurable();
        if configurable && d.set.is_none() && !matches!(s.patch, Patch::Manual) {
            out.push(format!("{n}: configurable but never sent"));
        }
        match (R::UPDATE, s.patch) {
            (Update::Patch, Patch::None) if configurable && !s.replace => {
                out.push(format!(
                    "{n}: configurable, not replacing, and no patch path"
                ));
            }
            (Update::Put, Patch::Path(_) | Patch::Manual | Patch::With(_)) => {
                out.push(format!("{n}: a patch path on a type updated by Put"));
            }
            (_, Patch::Path(p)) => {
                if !p.starts_with('/') || p.ends_with('/') || !paths.insert(p) {
                    out.push(format!("{n}: {p:?} is not a unique JSON pointer"));
                }
                if s.replace || !configurable {
                    out.push(format!(
                        "{n}: a patch path on an attribute that is never updated"
                    ));
                }
            }
            _ => {}
        }
    }
    let declared = |name: &str| R::FIELDS.iter().any(|d| d.spec.name == name);
    let tag_fields = [tags::TAGS, tags::TAGS_ALL, tags::ARN];
    if R::TAGGABLE && !tag_fields.iter().all(|n| declared(n)) {
        out.push("taggable: it must declare `tags`, `tags_all` and `arn`".to_owned());
    }
    if !R::TAGGABLE && declared(tags::TAGS) {
        out.push("declares `tags` but is not TAGGABLE: they would never be written".to_owned());
    }
    match R::IDENTITY {
        Identity::Named { .. } if has_id => {
            out.push("`id` is derived: it must not be declared".to_owned())
        }
        Identity::Assigned if !has_id => out.push("`id` is assigned by AWS: declare it".to_owned()),
        _ => {}
    }
    out.into_iter()
        .map(|p| format!("{}: {p}", R::TYPE_NAME))
        .collect()
}

#[test]
fn every_declaration_follows_the_rules() {
    macro_rules! audit {
        ($($t:ty),* $(,)?) => { [$((<$t>::TYPE_NAME, problems::<$t>())),*] };
    }
    let audited = audit!(
        method_response::MethodResponse,
        integration_response::IntegrationResponse,
        gateway_response::GatewayResponse,
        resource::ApiResource,
        method::Method,
        integration::Integration,
        request_validator::RequestValidator,
        rest_api::RestApi,
        deployment::Deployment,
        stage::Stage,
        method_settings::MethodSettings,
        model::Model,
        authorizer::Authorizer,
        rest_api_policy::RestApiPolicy,
        rest_api_put::RestApiPut,
        api_key::ApiKey,
        usage_plan::UsagePlan,
        usage_plan_key::UsagePlanKey,
        client_certificate::ClientCertificate,
        vpc_link::VpcLink,
        account::Account,
        domain_name::DomainName,
        base_path_mapping::BasePathMapping,
        domain_name_access_association::DomainNameAccessAssociation,
        documentation_version::DocumentationVersion,
        documentation_part::DocumentationPart,
    );
    let problems: Vec<&String> = audited.iter().flat_map(|(_, p)| p).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    // A new type is either audited here or knowingly hand-written.
    for r in all() {
        let name = r.type_name();
        assert!(
            audited.iter().any(|(n, _)| *n == name) || HAND_WRITTEN.contains(&name),
            "{name} is neither audited nor listed as hand-written"
        );
    }
}

#[test]
fn declared_resources_name_no_attribute_in_a_string() {
    for (file, text) in DECLARED_SOURCES {
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for needle in [".get(\"", ".set(\"", "Path::attr(\"", "required_str("] {
            assert!(
                !code.contains(needle),
                "{file} reads an attribute by a string ({needle}…); use its field handle"
            );
        }
    }
}

/// Every type has a resource identity (Terraform >= 1.12), read from the attributes that name
/// its objects, and importing by identity gives what importing by ID gives.
#[test]
fn every_type_has_an_identity_that_imports_as_its_import_id_does() {
    use crate::resources::Resource as _;
    let names = |r: &dyn crate::resources::Resource| {
        r.identity_attributes()
            .into_iter()
            .map(|a| (a.name, a.required))
            .collect::<Vec<_>>()
    };
    for r in all() {
        assert!(!r.identity_attributes().is_empty(), "{}", r.type_name());
    }
    assert_eq!(
        names(&method::Method),
        [
            ("rest_api_id", true),
            ("resource_id", true),
            ("http_method", true)
        ]
    );
    assert_eq!(names(&rest_api::RestApi), [("id", true)]);
    assert_eq!(names(&account::Account), [("id", false)]);
    assert_eq!(
        names(&base_path_mapping::BasePathMapping),
        [
            ("domain_name", true),
            ("base_path", false),
            ("domain_name_id", false)
        ]
    );
    let by_id = method::Method.import("a1/r1/GET").unwrap();
    let identity = crate::resources::identity_of(&method::Method.identity_attributes(), &by_id);
    assert_eq!(method::Method.import_identity(&identity).unwrap(), by_id);
    use crate::tfvalue::Value;
    let missing = Value::object([
        ("rest_api_id", Value::from("a1")),
        ("resource_id", Value::Null),
        ("http_method", Value::from("GET")),
    ]);
    let err = method::Method
        .import_identity(&missing)
        .unwrap_err()
        .into_vec();
    assert!(err[0].detail.contains("`resource_id`"), "{}", err[0].detail);
}
