//! The provider: its configuration block, the configured AWS connection, and the resource
//! registry.

use std::collections::HashMap;
use std::sync::Arc;

use crate::aws::{AssumeRole, Aws, Settings};
use crate::data_sources::DataSource;
use crate::diag::{Diagnostic, Diagnostics};
use crate::resources::{self, Resource};
use crate::schema::validators::{OneOf, StringCheck, int_between, one_of, string_check};
use crate::schema::{Attribute, Block, NestedBlock, Schema};
use crate::tfvalue::{Path, Type, Value};

/// The provider block's schema.
pub fn schema() -> Schema {
    Schema::new(
        Block::new(
            "Manages Amazon API Gateway REST APIs. Every setting left unset falls back to the \
             standard AWS configuration chain (environment variables, shared config and \
             credentials files, SSO, instance metadata).",
        )
        .attribute(Attribute::string("region", "AWS region, e.g. `eu-west-1`. Falls back to `AWS_REGION` / `AWS_DEFAULT_REGION` and the profile."))
        .attribute(
            Attribute::string(
                "endpoint",
                "Endpoint URL of every service the provider calls (API Gateway, and STS for the \
                 account id), e.g. `http://127.0.0.1:4566` for a local emulator. `endpoints` \
                 overrides it per service.",
            )
            .validator(ENDPOINT_URL),
        )
        .attribute(Attribute::string("profile", "Shared config/credentials profile name. Falls back to `AWS_PROFILE`."))
        .attribute(Attribute::string("access_key", "Access key id for static credentials; needs `secret_key`."))
        .attribute(Attribute::string("secret_key", "Secret access key for static credentials; needs `access_key`.").sensitive())
        .attribute(Attribute::string("token", "Session token for temporary static credentials.").sensitive())
        .attribute(
            Attribute::number(
                "max_retries",
                &format!(
                    "How many times a failed or throttled AWS call is retried (default {}).",
                    crate::aws::DEFAULT_MAX_RETRIES
                ),
            )
            .validator(int_between(0, 100)),
        )
        .attribute(
            Attribute::string(
                "retry_mode",
                "How retries are paced: `standard` (exponential backoff) or `adaptive` (also \
                 slows down the client when AWS throttles). Falls back to `AWS_RETRY_MODE`.",
            )
            .validator(RETRY_MODES),
        )
        .attribute(Attribute::new(
            "shared_config_files",
            Type::list(Type::String),
            "AWS shared config files to read instead of `~/.aws/config`.",
        ))
        .attribute(Attribute::new(
            "shared_credentials_files",
            Type::list(Type::String),
            "AWS shared credentials files to read instead of `~/.aws/credentials`.",
        ))
        .attribute(
            Attribute::new(
                "allowed_account_ids",
                Type::set(Type::String),
                "The only AWS accounts the provider may change; checked (with one STS \
                 GetCallerIdentity) when the provider is configured, before any write. \
                 Conflicts with `forbidden_account_ids`.",
            )
            .validator(ACCOUNT_IDS),
        )
        .attribute(
            Attribute::new(
                "forbidden_account_ids",
                Type::set(Type::String),
                "AWS accounts the provider must never change; checked like \
                 `allowed_account_ids`.",
            )
            .validator(ACCOUNT_IDS),
        )
        .attribute(Attribute::bool(
            "skip_credentials_validation",
            "Accepted for the hashicorp/aws provider's configurations: this provider never \
             validates credentials with STS at start-up (the first AWS call does).",
        ))
        .attribute(Attribute::bool(
            "skip_requesting_account_id",
            "Never ask STS for the account id: ARNs that contain it (`execution_arn`) are \
             built with an empty account, as the hashicorp/aws provider does. Conflicts with \
             `allowed_account_ids` and `forbidden_account_ids`.",
        ))
        .attribute(Attribute::string(
            "custom_ca_bundle",
            "Path of a PEM file of certificate authorities to trust for AWS's endpoints, on top of \
             the system's. Defaults to the `AWS_CA_BUNDLE` environment variable.",
        ))
        .attribute(
            Attribute::string(
                "http_proxy",
                "Proxy URL for `http://` endpoints (environment variables are not read).",
            )
            .validator(ENDPOINT_URL),
        )
        .attribute(
            Attribute::string(
                "https_proxy",
                "Proxy URL for `https://` endpoints, AWS's (environment variables are not read).",
            )
            .validator(ENDPOINT_URL),
        )
        .attribute(Attribute::string(
            "no_proxy",
            "Hosts that bypass the proxies, comma-separated.",
        ))
        .block(NestedBlock::list(
            "assume_role",
            1,
            Block::new(
                "Assume this IAM role (STS AssumeRole, with aws-config's assume-role provider) \
                 with the credentials found otherwise, and call AWS as the role.",
            )
            .attribute(Attribute::string("role_arn", "ARN of the role.").validator(ROLE_ARN))
            .attribute(Attribute::string(
                "session_name",
                "The session's name (CloudTrail shows it). Default: generated.",
            ))
            .attribute(Attribute::string(
                "external_id",
                "The external id the role's trust policy asks for.",
            ))
            .attribute(
                Attribute::string(
                    "duration",
                    "How long the credentials last: a duration such as `1h` or `15m` (15 \
                     minutes to 12 hours). Default: 1 hour.",
                )
                .validator(DURATION),
            )
            .attribute(Attribute::string(
                "policy",
                "An IAM policy (JSON) that further limits the session.",
            ))
            .attribute(Attribute::new(
                "policy_arns",
                Type::set(Type::String),
                "ARNs of managed policies that further limit the session.",
            ))
            .attribute(Attribute::new(
                "tags",
                Type::map(Type::String),
                "Session tags.",
            )),
        ))
        .block(NestedBlock::list(
            "default_tags",
            1,
            Block::new(
                "Tags every taggable resource of this provider gets, as in the hashicorp/aws \
                 provider: a resource's own `tags` win for the same key, and its `tags_all` \
                 shows the result.",
            )
            .attribute(Attribute::new(
                "tags",
                Type::map(Type::String),
                "The tags.",
            )),
        ))
        .block(NestedBlock::list(
            "endpoints",
            1,
            Block::new("Endpoint URLs per service, as in the hashicorp/aws provider; each over `endpoint`.")
                .attribute(Attribute::string("apigateway", "API Gateway's endpoint URL.").validator(ENDPOINT_URL))
                .attribute(
                    Attribute::string("sts", "STS's endpoint URL (the account id in execution ARNs).")
                        .validator(ENDPOINT_URL),
                ),
        )),
    )
}

const RETRY_MODES: OneOf = one_of(&["standard", "adaptive"]);

const ACCOUNT_IDS: StringCheck = string_check("12-digit AWS account ids", |s| {
    if s.len() == 12 && s.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err("an AWS account id is 12 digits".to_owned())
    }
});

const ROLE_ARN: StringCheck = string_check("an IAM role ARN", |s| {
    if s.starts_with("arn:") && s.contains(":iam::") && s.contains(":role/") {
        Ok(())
    } else {
        Err("not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)".to_owned())
    }
});

const DURATION: StringCheck = string_check("a duration from 15m to 12h, e.g. `1h30m`", |s| {
    let d = parse_duration(s)?;
    if (15 * 60..=12 * 3600).contains(&d.as_secs()) {
        Ok(())
    } else {
        Err("STS allows 15 minutes to 12 hours".to_owned())
    }
});

/// A duration as Go writes one (`1h30m`, `900s`, `45m`): numbers with `h`, `m` or `s`.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let mut total = 0u64;
    let mut number = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return Err(format!("unexpected {c:?}; use h, m and s")),
        };
        let n: u64 = number
            .parse()
            .map_err(|_| format!("a number must come before {c:?}"))?;
        total = total.saturating_add(n.saturating_mul(unit));
        number.clear();
    }
    if !number.is_empty() || s.is_empty() {
        return Err("every number needs a unit (h, m or s)".to_owned());
    }
    Ok(std::time::Duration::from_secs(total))
}

const ENDPOINT_URL: StringCheck = string_check(
    "an absolute `http://` or `https://` URL with a host",
    check_endpoint,
);

fn check_endpoint(s: &str) -> Result<(), String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(|| "the URL must start with http:// or https://".to_owned())?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Err("the URL has no host".to_owned());
    }
    if s.chars().any(char::is_whitespace) {
        return Err("the URL contains whitespace".to_owned());
    }
    Ok(())
}

/// Checks across provider attributes (the per-attribute ones run from the schema).
pub fn validate(config: &Value, diags: &mut Diagnostics) {
    let (ak, sk, token) = (
        config.get("access_key"),
        config.get("secret_key"),
        config.get("token"),
    );
    // Unknown values may become anything; only judge what is known.
    if ak.is_unknown() || sk.is_unknown() {
        return;
    }
    match (ak.is_null(), sk.is_null()) {
        (false, true) => diags.attr_error(
            &Path::attr("secret_key"),
            "Incomplete static credentials",
            "`access_key` is set but `secret_key` is not. Set both, or neither to use the AWS credential chain.",
        ),
        (true, false) => diags.attr_error(
            &Path::attr("access_key"),
            "Incomplete static credentials",
            "`secret_key` is set but `access_key` is not. Set both, or neither to use the AWS credential chain.",
        ),
        (true, true) if !token.is_null() && !token.is_unknown() => diags.attr_error(
            &Path::attr("token"),
            "Session token without credentials",
            "`token` only applies together with `access_key` and `secret_key`.",
        ),
        _ => {}
    }
    let set = |name: &str| {
        let v = config.get(name);
        !v.is_null() && !v.is_unknown() && v.as_elements().is_none_or(|e| !e.is_empty())
    };
    if set("allowed_account_ids") && set("forbidden_account_ids") {
        diags.attr_error(
            &Path::attr("forbidden_account_ids"),
            "Conflicting account lists",
            "Set `allowed_account_ids` or `forbidden_account_ids`, not both.",
        );
    }
    let skip = config.get("skip_requesting_account_id").as_bool() == Some(true);
    for list in ["allowed_account_ids", "forbidden_account_ids"] {
        if skip && set(list) {
            diags.attr_error(
                &Path::attr(list),
                "The account id is needed",
                format!(
                    "`{list}` is checked against the account id, which \
                     `skip_requesting_account_id = true` says not to ask for."
                ),
            );
        }
    }
    if let Some(role) = config
        .get("assume_role")
        .as_elements()
        .and_then(<[Value]>::first)
        && role.get("role_arn").is_null()
    {
        diags.attr_error(
            &Path::attr("assume_role"),
            "Missing role ARN",
            "`assume_role` needs `role_arn`.",
        );
    }
}

/// Settings from a validated, wholly known provider configuration.
pub fn settings(config: &Value) -> Settings {
    let s = |name: &str| {
        config
            .get(name)
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let endpoints = config
        .get("endpoints")
        .as_elements()
        .and_then(<[Value]>::first);
    let service = |name: &str| {
        endpoints
            .and_then(|e| e.get(name).as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let strings = |name: &str| config.get(name).to_string_vec().unwrap_or_default();
    let flag = |name: &str| config.get(name).as_bool() == Some(true);
    let assume_role = config
        .get("assume_role")
        .as_elements()
        .and_then(<[Value]>::first)
        .and_then(|r| {
            Some(AssumeRole {
                role_arn: r.get("role_arn").as_str()?.to_owned(),
                session_name: r.get("session_name").as_str().map(str::to_owned),
                external_id: r.get("external_id").as_str().map(str::to_owned),
                duration: r
                    .get("duration")
                    .as_str()
                    .and_then(|d| parse_duration(d).ok()),
                policy: r.get("policy").as_str().map(str::to_owned),
                policy_arns: r.get("policy_arns").to_string_vec().unwrap_or_default(),
                tags: r.get("tags").to_string_map().unwrap_or_default(),
            })
        });
    Settings {
        assume_role,
        retry_mode: s("retry_mode"),
        shared_config_files: strings("shared_config_files"),
        shared_credentials_files: strings("shared_credentials_files"),
        allowed_account_ids: strings("allowed_account_ids"),
        forbidden_account_ids: strings("forbidden_account_ids"),
        skip_requesting_account_id: flag("skip_requesting_account_id"),
        // As in the hashicorp/aws provider, the environment's AWS_CA_BUNDLE when unset.
        custom_ca_bundle: s("custom_ca_bundle").or_else(|| {
            std::env::var("AWS_CA_BUNDLE")
                .ok()
                .filter(|v| !v.is_empty())
        }),
        http_proxy: s("http_proxy"),
        https_proxy: s("https_proxy"),
        no_proxy: s("no_proxy"),
        region: s("region"),
        endpoint: s("endpoint"),
        apigateway_endpoint: service("apigateway"),
        sts_endpoint: service("sts"),
        profile: s("profile"),
        access_key: s("access_key"),
        secret_key: s("secret_key"),
        token: s("token"),
        max_retries: config
            .get("max_retries")
            .as_i64()
            .and_then(|n| u32::try_from(n).ok()),
        default_tags: config
            .get("default_tags")
            .as_elements()
            .and_then(<[Value]>::first)
            .and_then(|d| d.get("tags").to_string_map())
            .unwrap_or_default(),
    }
}

/// Connects from a provider configuration. Unknown values (the configuration depends on
/// resources not created yet) are an error diagnostic naming the attribute.
pub async fn configure(config: &Value) -> Result<Aws, Diagnostics> {
    let mut diags = Diagnostics::new();
    if let Some(entries) = config.as_entries() {
        for (name, value) in entries {
            if !value.is_wholly_known() {
                diags.push(
                    Diagnostic::error(
                        "Provider configuration depends on unknown values",
                        format!(
                            "`{name}` is not known until apply, so the provider cannot connect to AWS. \
                             Apply the resources it depends on first (terraform apply -target=...)."
                        ),
                    )
                    .at(Path::attr(name)),
                );
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let settings = settings(config);
    let aws = Aws::connect(&settings)
        .await
        .map_err(|e| Diagnostics::from(Diagnostic::error("Cannot configure the AWS client", e)))?;
    check_account(&aws, &settings).await?;
    Ok(aws)
}

/// `allowed_account_ids` / `forbidden_account_ids`: the credentials' account, asked of STS
/// once, before anything is written.
async fn check_account(aws: &Aws, settings: &Settings) -> Result<(), Diagnostics> {
    let (allowed, forbidden) = (
        &settings.allowed_account_ids,
        &settings.forbidden_account_ids,
    );
    if allowed.is_empty() && forbidden.is_empty() {
        return Ok(());
    }
    let account = aws.account_id().await.map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            "Cannot check the AWS account",
            format!(
                "`allowed_account_ids` / `forbidden_account_ids` need the account id of the \
                 credentials, but STS GetCallerIdentity failed: {}",
                e.message
            ),
        ))
    })?;
    if !allowed.is_empty() && !allowed.iter().any(|a| a == account) {
        return Err(Diagnostic::error(
            "AWS account not allowed",
            format!(
                "The credentials belong to account {account}, which is not in \
                 `allowed_account_ids` ({}). Nothing was changed.",
                allowed.join(", ")
            ),
        )
        .at(Path::attr("allowed_account_ids"))
        .into());
    }
    if forbidden.iter().any(|f| f == account) {
        return Err(Diagnostic::error(
            "AWS account forbidden",
            format!(
                "The credentials belong to account {account}, which `forbidden_account_ids` \
                 lists. Nothing was changed."
            ),
        )
        .at(Path::attr("forbidden_account_ids"))
        .into());
    }
    Ok(())
}

/// The resource types and data sources, by name, with their schemas built once.
#[derive(Debug)]
pub struct Registry {
    entries: HashMap<&'static str, Entry>,
    data: HashMap<&'static str, DataEntry>,
    lists: HashMap<&'static str, ListEntry>,
}

/// A list resource (`terraform query`) and its configuration schema.
#[derive(Debug, Clone)]
pub struct ListEntry {
    /// The implementation.
    pub lister: Arc<dyn resources::list::Lister>,
    /// The schema of its `config` block.
    pub schema: Arc<Schema>,
    /// The object type of that configuration.
    pub ty: Arc<Type>,
}

/// A data source and its schema.
#[derive(Debug, Clone)]
pub struct DataEntry {
    /// The implementation.
    pub source: Arc<dyn DataSource>,
    /// Its schema.
    pub schema: Arc<Schema>,
    /// The object type of its values.
    pub ty: Arc<Type>,
}

/// A resource type and its schema.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The implementation.
    pub resource: Arc<dyn Resource>,
    /// Its schema.
    pub schema: Arc<Schema>,
    /// The object type of its values (derived from the schema once).
    pub ty: Arc<Type>,
    /// Its resource identity's attributes (Terraform >= 1.12).
    pub identity: Arc<Vec<resources::IdentityAttribute>>,
    /// The type of its identity data.
    pub identity_ty: Arc<Type>,
}

impl Entry {
    /// The identity data of `state` (`None` when there is no object, or when part of its
    /// identity is not known yet, as in the plan of a create).
    pub fn identity_of(&self, state: &Value) -> Option<Value> {
        if state.is_null() {
            return None;
        }
        let identity = resources::identity_of(&self.identity, state);
        identity.is_wholly_known().then_some(identity)
    }
}

impl Registry {
    /// Every resource and data source of this provider.
    pub fn new() -> Self {
        let mut registry = Self::with(resources::all());
        registry.data = crate::data_sources::all()
            .into_iter()
            .map(|d| {
                let schema = d.schema();
                let ty = schema.value_type();
                let name = d.type_name();
                (
                    name,
                    DataEntry {
                        source: Arc::from(d),
                        schema: Arc::new(schema),
                        ty: Arc::new(ty),
                    },
                )
            })
            .collect();
        registry.lists = resources::list::all()
            .into_iter()
            .filter(|l| registry.entries.contains_key(l.type_name()))
            .map(|l| {
                let schema = l.schema();
                let ty = schema.value_type();
                (
                    l.type_name(),
                    ListEntry {
                        lister: Arc::from(l),
                        schema: Arc::new(schema),
                        ty: Arc::new(ty),
                    },
                )
            })
            .collect();
        registry
    }

    /// A registry of the given resources.
    pub fn with(list: Vec<Box<dyn Resource>>) -> Self {
        let entries = list
            .into_iter()
            .map(|r| {
                let schema = r.schema();
                let ty = schema.value_type();
                let name = r.type_name();
                let identity = r.identity_attributes();
                let identity_ty = resources::identity_type(&identity);
                (
                    name,
                    Entry {
                        resource: Arc::from(r),
                        schema: Arc::new(schema),
                        ty: Arc::new(ty),
                        identity: Arc::new(identity),
                        identity_ty: Arc::new(identity_ty),
                    },
                )
            })
            .collect();
        Self {
            entries,
            data: HashMap::new(),
            lists: HashMap::new(),
        }
    }

    /// The list resource called `name`.
    pub fn list(&self, name: &str) -> Option<&ListEntry> {
        self.lists.get(name)
    }

    /// All list resources, sorted by name.
    pub fn lists(&self) -> impl Iterator<Item = (&'static str, &ListEntry)> {
        let mut v: Vec<_> = self.lists.iter().map(|(k, e)| (*k, e)).collect();
        v.sort_by_key(|(k, _)| *k);
        v.into_iter()
    }

    /// The resource called `name`.
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.get(name)
    }

    /// The data source called `name`.
    pub fn data(&self, name: &str) -> Option<&DataEntry> {
        self.data.get(name)
    }

    /// All data sources, sorted by name.
    pub fn data_sources(&self) -> impl Iterator<Item = (&'static str, &DataEntry)> {
        let mut v: Vec<_> = self.data.iter().map(|(k, e)| (*k, e)).collect();
        v.sort_by_key(|(k, _)| *k);
        v.into_iter()
    }

    /// All resources, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Entry)> {
        let mut v: Vec<_> = self.entries.iter().map(|(k, e)| (*k, e)).collect();
        v.sort_by_key(|(k, _)| *k);
        v.into_iter()
    }
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::validate::validate_config;

    fn config(pairs: &[(&str, Value)]) -> Value {
        let mut v = Value::object(
            schema()
                .block
                .attributes
                .iter()
                .map(|a| (a.name.clone(), Value::Null)),
        );
        for (k, val) in pairs {
            v.set(k, val.clone());
        }
        v
    }

    fn problems(cfg: &Value) -> Vec<(String, String)> {
        let mut d = Diagnostics::new();
        validate_config(&schema().block, cfg, &mut d);
        validate(cfg, &mut d);
        d.into_vec()
            .into_iter()
            .map(|d| (d.path.map(|p| p.to_string()).unwrap_or_default(), d.detail))
            .collect()
    }

    #[test]
    fn secrets_are_sensitive() {
        let s = schema();
        for name in ["secret_key", "token"] {
            assert!(s.block.find_attribute(name).unwrap().sensitive, "{name}");
        }
    }

    #[test]
    fn malformed_endpoints_are_rejected_with_the_attribute() {
        for bad in [
            "localhost:4566",
            "ftp://x",
            "http://",
            "http://:80",
            "http://a b",
        ] {
            let p = problems(&config(&[("endpoint", bad.into())]));
            assert_eq!(p.len(), 1, "{bad}: {p:?}");
            assert_eq!(p[0].0, "endpoint");
        }
        for good in [
            "http://127.0.0.1:4566",
            "https://apigateway.eu-west-1.amazonaws.com/",
        ] {
            assert!(
                problems(&config(&[("endpoint", good.into())])).is_empty(),
                "{good}"
            );
        }
    }

    #[test]
    fn half_set_static_keys_are_rejected() {
        let p = problems(&config(&[("access_key", "AKIA".into())]));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "secret_key");
        let p = problems(&config(&[("secret_key", "s".into())]));
        assert_eq!(p[0].0, "access_key");
        let p = problems(&config(&[("token", "t".into())]));
        assert_eq!(p[0].0, "token");
        assert!(
            problems(&config(&[
                ("access_key", "a".into()),
                ("secret_key", Value::Unknown)
            ]))
            .is_empty()
        );
        assert!(
            problems(&config(&[
                ("access_key", "a".into()),
                ("secret_key", "s".into()),
                ("token", "t".into())
            ]))
            .is_empty()
        );
    }

    #[test]
    fn max_retries_range() {
        let p = problems(&config(&[("max_retries", Value::from(-1))]));
        assert_eq!(p[0].0, "max_retries");
        assert!(problems(&config(&[("max_retries", Value::from(3))])).is_empty());
    }
}
