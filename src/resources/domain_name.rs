//! `apigateway_domain_name`: a custom domain name for REST APIs (`api.example.com`), with its
//! TLS certificate; `apigateway_base_path_mapping` routes its paths to API stages.
//!
//! Calls: CreateDomainName, GetDomainName, UpdateDomainName (patch operations),
//! DeleteDomainName; tags with TagResource/UntagResource. State `id` and import ID: the domain
//! name, or `DOMAIN-NAME/DOMAIN-NAME-ID` for a private domain, as in the official provider.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_domain_name::CreateDomainNameOutput;
use aws_sdk_apigateway::operation::create_domain_name::builders::CreateDomainNameFluentBuilder;
use aws_sdk_apigateway::operation::get_domain_name::GetDomainNameOutput;
use aws_sdk_apigateway::operation::update_domain_name::UpdateDomainNameOutput;
use aws_sdk_apigateway::types::{
    DomainNameStatus, EndpointAccessMode, EndpointConfiguration, EndpointType, IpAddressType,
    MutualTlsAuthentication, MutualTlsAuthenticationInput, PatchOperation, RoutingMode,
    SecurityPolicy,
};

use crate::aws::{Aws, AwsError, patch};
use crate::diag::Diagnostics;
use crate::schema::validators::{OneOf, one_of};
use crate::schema::{Attribute, Block as SchemaBlock};
use crate::tfvalue::{Type, Value};

use super::checks;
use super::decl::tags;
use super::decl::{
    Answer, Block, Decl, Declared, Field, Identity, Input, Policy, Sdk, Str, StrMap, Update, aws,
    fields, set,
};
use super::keys::{DomainKey, NoParent};
use super::rest_api::STATUS_WAIT;
use super::timeouts::{self, Step};

/// Every security policy the SDK knows (AWS's list).
const SECURITY_POLICIES: OneOf = one_of(SecurityPolicy::values());
const ACCESS_MODES: OneOf = one_of(EndpointAccessMode::values());
const ROUTING_MODES: OneOf = one_of(RoutingMode::values());
const ENDPOINT_TYPES: OneOf = one_of(&["EDGE", "REGIONAL", "PRIVATE"]);
const IP_ADDRESS_TYPES: OneOf = one_of(&["ipv4", "dualstack"]);
/// CloudFront's hosted zone, the alias target of every edge-optimized domain.
/// The Route 53 hosted zone of every CloudFront distribution (edge-optimized domains).
pub(crate) const CLOUDFRONT_HOSTED_ZONE: &str = "Z2FDTNDATAQYW2";
const TYPES: &str = "types";
const IP_ADDRESS_TYPE: &str = "ip_address_type";
const TRUSTSTORE_URI: &str = "truststore_uri";
const TRUSTSTORE_VERSION: &str = "truststore_version";

/// The `apigateway_domain_name` resource type.
#[derive(Debug)]
pub struct DomainName;

impl Sdk for DomainName {
    type Create = CreateDomainNameFluentBuilder;
    type Created = CreateDomainNameOutput;
    type Got = GetDomainNameOutput;
    type Updated = UpdateDomainNameOutput;
    type Item = GetDomainNameOutput;
}

fields! { DomainName;
    CERTIFICATE_ARN: Str = Field::new(
        "certificate_arn",
        "ARN of an ACM certificate (in us-east-1) for an edge-optimized domain.",
    )
    .aws(aws!(certificate_arn), set!(set_certificate_arn))
    .patch("/certificateArn"),
    CERTIFICATE_NAME: Str = Field::new(
        "certificate_name",
        "Name of an uploaded certificate (with `certificate_body`) for an edge-optimized domain.",
    )
    .aws(aws!(certificate_name), set!(set_certificate_name))
    .patch("/certificateName"),
    CERTIFICATE_BODY: Str = Field::new(
        "certificate_body",
        "PEM body of an uploaded certificate (edge-optimized; prefer `certificate_arn`).",
    )
    .replace()
    .policy(Policy::Custom)
    .send(set!(set_certificate_body)),
    CERTIFICATE_CHAIN: Str = Field::new(
        "certificate_chain",
        "PEM chain of intermediate certificates for `certificate_body`.",
    )
    .replace()
    .policy(Policy::Custom)
    .send(set!(set_certificate_chain)),
    CERTIFICATE_PRIVATE_KEY: Str = Field::new(
        "certificate_private_key",
        "PEM private key of `certificate_body`. Sensitive.",
    )
    .replace()
    .sensitive()
    .policy(Policy::Custom)
    .send(set!(set_certificate_private_key)),
    REGIONAL_CERTIFICATE_ARN: Str = Field::new(
        "regional_certificate_arn",
        "ARN of an ACM certificate in the provider's region, for a regional domain.",
    )
    .aws(aws!(regional_certificate_arn), set!(set_regional_certificate_arn))
    .patch("/regionalCertificateArn"),
    REGIONAL_CERTIFICATE_NAME: Str = Field::new(
        "regional_certificate_name",
        "Name of the regional certificate.",
    )
    .aws(aws!(regional_certificate_name), set!(set_regional_certificate_name))
    .patch("/regionalCertificateName"),
    SECURITY_POLICY: Str = Field::new(
        "security_policy",
        "The TLS version and ciphers: `TLS_1_0`, `TLS_1_2` or one of AWS's `SecurityPolicy_*` \
         policies. AWS chooses when left out.",
    )
    .optional_computed()
    .keep_prior()
    .validators(&[&SECURITY_POLICIES])
    .aws(aws!(|o| o.security_policy().map(SecurityPolicy::as_str)), set!(set_security_policy))
    .patch("/securityPolicy"),
    ENDPOINT_ACCESS_MODE: Str = Field::new(
        "endpoint_access_mode",
        "`BASIC` or `STRICT` (with an enhanced `SecurityPolicy_*` policy, STRICT also checks \
         the request's host and certificate names). AWS chooses when left out.",
    )
    .optional_computed()
    .keep_prior()
    .validators(&[&ACCESS_MODES])
    .aws(
        aws!(|o| o.endpoint_access_mode().map(EndpointAccessMode::as_str)),
        set!(set_endpoint_access_mode)
    )
    .patch("/endpointAccessMode"),
    ROUTING_MODE: Str = Field::new(
        "routing_mode",
        "How requests to the domain find their API: `BASE_PATH_MAPPING_ONLY`, \
         `ROUTING_RULE_ONLY` or `ROUTING_RULE_THEN_BASE_PATH_MAPPING`. AWS chooses \
         (`BASE_PATH_MAPPING_ONLY`) when left out.",
    )
    .optional_computed()
    .keep_prior()
    .validators(&[&ROUTING_MODES])
    .aws(aws!(|o| o.routing_mode().map(RoutingMode::as_str)), set!(set_routing_mode))
    .patch("/routingMode"),
    OWNERSHIP_VERIFICATION_CERTIFICATE_ARN: Str = Field::new(
        "ownership_verification_certificate_arn",
        "ARN of the public certificate that proves ownership of the domain, for mutual TLS with \
         an imported or private certificate.",
    )
    .optional_computed()
    .keep_prior()
    .aws(aws!(ownership_verification_certificate_arn), set!(set_ownership_verification_certificate_arn))
    .patch("/ownershipVerificationCertificateArn"),
    POLICY: Str = Field::new(
        "policy",
        "For a private domain: the resource policy (JSON) saying which VPC endpoints may invoke \
         it. Compared as a policy.",
    )
    .policy(Policy::PolicyAsWritten)
    .validators(&[&checks::JSON_DOCUMENT])
    .aws(aws!(policy), set!(set_policy))
    .patch("/policy"),
    ENDPOINT_CONFIGURATION: Block = Field::new(
        "endpoint_configuration",
        "Which kind of endpoint serves the domain: `EDGE`, `REGIONAL` or `PRIVATE`. When left \
         out the state shows what AWS holds.",
    )
    .computed_block(is_edge)
    .nested(endpoint_schema)
    .send(send_endpoint)
    .patch_with(endpoint_patch),
    MUTUAL_TLS_AUTHENTICATION: Block = Field::new(
        "mutual_tls_authentication",
        "Mutual TLS: callers must present a certificate the truststore (an S3 object) trusts.",
    )
    .nested(mtls_schema)
    .send(send_mtls)
    .patch_with(mtls_patch),
    DOMAIN_NAME_ID: Str = Field::new(
        "domain_name_id",
        "The id AWS gives a private domain name (empty for public ones).",
    )
    .computed()
    .keep_prior()
    .read(aws!(domain_name_id)),
    ARN: Str = Field::new("arn", "ARN of the domain name.")
        .computed()
        .keep_prior()
        .policy(Policy::Custom),
    CERTIFICATE_UPLOAD_DATE: Str = Field::new(
        "certificate_upload_date",
        "When the certificate was uploaded (RFC 3339).",
    )
    .computed()
    .read(aws!(certificate_upload_date)),
    CLOUDFRONT_DOMAIN_NAME: Str = Field::new(
        "cloudfront_domain_name",
        "The CloudFront distribution's name an edge-optimized domain's DNS record points to.",
    )
    .computed()
    .read(aws!(distribution_domain_name)),
    CLOUDFRONT_ZONE_ID: Str = Field::new(
        "cloudfront_zone_id",
        "CloudFront's hosted zone id, for a Route 53 alias record.",
    )
    .computed()
    .policy(Policy::Custom),
    REGIONAL_DOMAIN_NAME: Str = Field::new(
        "regional_domain_name",
        "The name a regional domain's DNS record points to.",
    )
    .computed()
    .read(aws!(regional_domain_name)),
    REGIONAL_ZONE_ID: Str = Field::new(
        "regional_zone_id",
        "The hosted zone id of `regional_domain_name`, for a Route 53 alias record.",
    )
    .computed()
    .read(aws!(regional_hosted_zone_id)),
    TAGS: StrMap = Field::new(tags::TAGS, tags::TAGS_DOC)
        .policy(Policy::Custom)
        .manual(),
    TAGS_ALL: StrMap = Field::new(tags::TAGS_ALL, tags::TAGS_ALL_DOC)
        .computed()
        .aws(aws!(tags), set!(set_tags)),
    TIMEOUTS: Block = Field::new(
        timeouts::TIMEOUTS,
        "How long a create or an update waits until the domain name's status is `AVAILABLE` \
         (AWS applies an enhanced security policy for a while): 60 minutes each by default.",
    )
    .nested(timeouts::create_update)
    .policy(Policy::Custom)
    .manual(),
}

#[async_trait]
impl Declared for DomainName {
    const TYPE_NAME: &'static str = "apigateway_domain_name";
    const OBJECT: &'static str = "Domain Name";
    const DESCRIPTION: &'static str = "A custom domain name for REST APIs, with its certificate.";
    type Key = DomainKey;
    type Parent = NoParent;
    const IDENTITY: Identity<DomainKey> = Identity::Named {
        id: |key| key.to_string(),
        doc: "The domain name, or `DOMAIN-NAME/DOMAIN-NAME-ID` for a private one.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const TAGGABLE: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        _: &NoParent,
        input: Input<'_, Self>,
    ) -> Result<CreateDomainNameOutput, AwsError> {
        let name = DomainKey::name_in(input.planned());
        let call = aws.client.create_domain_name().domain_name(name);
        Ok(input.fill(call).send().await?)
    }

    async fn call_get(&self, aws: &Aws, key: &DomainKey) -> Result<GetDomainNameOutput, AwsError> {
        Ok(aws
            .client
            .get_domain_name()
            .domain_name(&key.domain_name)
            .set_domain_name_id(key.domain_name_id.clone())
            .send()
            .await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &DomainKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateDomainNameOutput, AwsError> {
        Ok(aws
            .client
            .update_domain_name()
            .domain_name(&key.domain_name)
            .set_domain_name_id(key.domain_name_id.clone())
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &DomainKey) -> Result<(), AwsError> {
        aws.client
            .delete_domain_name()
            .domain_name(&key.domain_name)
            .set_domain_name_id(key.domain_name_id.clone())
            .send()
            .await?;
        Ok(())
    }

    fn creating_id(&self, _: &NoParent, planned: &Value) -> String {
        DomainKey::name_in(planned)
    }

    // AWS applies some writes for a while (`domainNameStatus` PENDING or UPDATING): the write
    // ends when the domain name is AVAILABLE (or waits for the user: a certificate to
    // reimport, ownership to verify).
    async fn after_write(
        &self,
        aws: &Aws,
        key: &DomainKey,
        which: &'static str,
        answer: &Answer<'_, Self>,
        state: &Value,
    ) -> Result<(), String> {
        let (status, message) = match answer {
            Answer::Created(o) => (o.domain_name_status(), o.domain_name_status_message()),
            Answer::Got(o) | Answer::Item(o) => {
                (o.domain_name_status(), o.domain_name_status_message())
            }
            Answer::Updated(o) => (o.domain_name_status(), o.domain_name_status_message()),
        };
        if let Step::Done(()) = status_step(status, message)? {
            return Ok(());
        }
        let limit = timeouts::get(state, which, STATUS_WAIT);
        let what = format!("domain name {key} to be AVAILABLE");
        timeouts::poll_until(aws, &what, limit, || async {
            let got = self
                .call_get(aws, key)
                .await
                .map_err(|e| format!("reading its status failed: {}", e.message))?;
            status_step(got.domain_name_status(), got.domain_name_status_message())
        })
        .await
    }

    // Certificates of one kind only: an ACM ARN or an upload, edge-optimized or regional.
    fn check(&self, config: &Value, diags: &mut Diagnostics) {
        type F = Field<DomainName, Str>;
        let set = |f: &F| !f.raw(config).is_null();
        let uploads: [&F; 4] = [
            &CERTIFICATE_BODY,
            &CERTIFICATE_CHAIN,
            &CERTIFICATE_NAME,
            &CERTIFICATE_PRIVATE_KEY,
        ];
        let regional: [&F; 2] = [&REGIONAL_CERTIFICATE_ARN, &REGIONAL_CERTIFICATE_NAME];
        let mut conflicts: Vec<(&F, &F)> = Vec::new();
        for other in uploads.iter().chain(&regional) {
            conflicts.push((&CERTIFICATE_ARN, other));
        }
        for other in uploads.iter().chain(&[&REGIONAL_CERTIFICATE_NAME]) {
            conflicts.push((&REGIONAL_CERTIFICATE_ARN, other));
        }
        conflicts.push((&REGIONAL_CERTIFICATE_NAME, &CERTIFICATE_NAME));
        for (a, b) in conflicts.into_iter().filter(|(a, b)| set(a) && set(b)) {
            let (a, b) = (a.name(), b.name());
            diags.attr_error(
                &crate::tfvalue::Path::attr(b),
                "Conflicting certificates",
                format!("`{b}` cannot be set together with `{a}`: give one certificate."),
            );
        }
    }

    fn quirks(&self, answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        let written = |f: &Field<DomainName, Str>| {
            let v = f.raw(reference);
            if v.is_wholly_known() {
                v.clone()
            } else {
                Value::Null
            }
        };
        let body = written(&CERTIFICATE_BODY);
        let chain = written(&CERTIFICATE_CHAIN);
        let key = written(&CERTIFICATE_PRIVATE_KEY);
        CERTIFICATE_BODY.put(state, body);
        CERTIFICATE_CHAIN.put(state, chain);
        CERTIFICATE_PRIVATE_KEY.put(state, key);
        let endpoint = aws!(for Self, |o| endpoint_value(o.endpoint_configuration()))(answer);
        ENDPOINT_CONFIGURATION.put(state, endpoint);
        let mtls = aws!(for Self, |o| mtls_value(o.mutual_tls_authentication()))(answer);
        MUTUAL_TLS_AUTHENTICATION.put(state, mtls);
        let arn = aws!(for Self, domain_name_arn)(answer);
        ARN.put(state, arn);
        CLOUDFRONT_ZONE_ID.put(state, Value::from(CLOUDFRONT_HOSTED_ZONE));
        TIMEOUTS.put(state, timeouts::as_written(reference));
    }

    // AWS answers the ARN only for private domains: the others' is made from the name.
    async fn complete(
        &self,
        aws: &Aws,
        _reference: &Value,
        state: &mut Value,
    ) -> Result<(), Diagnostics> {
        DomainKey::settle_id(state);
        if ARN.get(state).is_none() {
            let name = DomainKey::name_in(state);
            ARN.put(
                state,
                Value::from(format!(
                    "arn:aws:apigateway:{}::/domainnames/{name}",
                    aws.region
                )),
            );
        }
        Ok(())
    }
}

fn is_edge(element: &Value) -> bool {
    element.get(TYPES).to_string_vec() == Some(vec!["EDGE".to_owned()])
}

fn endpoint_schema() -> SchemaBlock {
    SchemaBlock::default()
        .attribute(
            Attribute::new(
                TYPES,
                Type::list(Type::String),
                "Exactly one of `EDGE`, `REGIONAL` or `PRIVATE`.",
            )
            .required()
            .validator(ENDPOINT_TYPES),
        )
        .attribute(
            Attribute::new(IP_ADDRESS_TYPE, Type::String, "`ipv4` or `dualstack`.")
                .optional_computed()
                .use_state_for_unknown()
                .validator(IP_ADDRESS_TYPES),
        )
}

fn mtls_schema() -> SchemaBlock {
    SchemaBlock::default()
        .attribute(
            Attribute::new(
                TRUSTSTORE_URI,
                Type::String,
                "S3 URI of the truststore, `s3://BUCKET/KEY`.",
            )
            .required(),
        )
        .attribute(Attribute::new(
            TRUSTSTORE_VERSION,
            Type::String,
            "Version of the truststore object (S3 versioning).",
        ))
}

fn first(v: &Value) -> Option<&Value> {
    v.as_elements().and_then(<[Value]>::first)
}

fn send_endpoint(b: CreateDomainNameFluentBuilder, v: &Value) -> CreateDomainNameFluentBuilder {
    let Some(block) = first(v) else { return b };
    let Some(types) = block.get(TYPES).to_string_vec() else {
        return b;
    };
    b.endpoint_configuration(
        EndpointConfiguration::builder()
            .set_types(Some(
                types
                    .iter()
                    .map(|t| EndpointType::from(t.as_str()))
                    .collect(),
            ))
            .set_ip_address_type(block.get(IP_ADDRESS_TYPE).as_str().map(IpAddressType::from))
            .build(),
    )
}

fn endpoint_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let (old, new) = (
        first(ENDPOINT_CONFIGURATION.raw(prior)),
        first(ENDPOINT_CONFIGURATION.raw(planned)),
    );
    let Some(new) = new else { return Vec::new() };
    let mut ops = Vec::new();
    let types = |b: Option<&Value>| b.and_then(|b| b.get(TYPES).to_string_vec());
    if let Some(t) = types(Some(new)).and_then(|t| t.first().cloned())
        && types(old).and_then(|o| o.first().cloned()).as_ref() != Some(&t)
    {
        ops.push(patch::replace("/endpointConfiguration/types/0", Some(&t)));
    }
    let ip = |b: Option<&Value>| b.and_then(|b| b.get(IP_ADDRESS_TYPE).as_str().map(str::to_owned));
    if let Some(want) = ip(Some(new))
        && ip(old).as_deref() != Some(want.as_str())
    {
        ops.push(patch::replace(
            "/endpointConfiguration/ipAddressType",
            Some(&want),
        ));
    }
    ops
}

fn send_mtls(b: CreateDomainNameFluentBuilder, v: &Value) -> CreateDomainNameFluentBuilder {
    let Some(block) = first(v) else { return b };
    b.mutual_tls_authentication(
        MutualTlsAuthenticationInput::builder()
            .set_truststore_uri(block.get(TRUSTSTORE_URI).as_str().map(str::to_owned))
            .set_truststore_version(block.get(TRUSTSTORE_VERSION).as_str().map(str::to_owned))
            .build(),
    )
}

/// The truststore's URI and version; a removed block empties the URI (AWS turns mutual TLS
/// off).
fn mtls_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let part = |v: &Value, name: &str| {
        first(MUTUAL_TLS_AUTHENTICATION.raw(v))
            .and_then(|b| b.get(name).as_str().map(str::to_owned))
    };
    let mut ops = Vec::new();
    for (name, path) in [
        (TRUSTSTORE_URI, "/mutualTlsAuthentication/truststoreUri"),
        (
            TRUSTSTORE_VERSION,
            "/mutualTlsAuthentication/truststoreVersion",
        ),
    ] {
        let (old, new) = (part(prior, name), part(planned, name));
        if old != new && (new.is_some() || name == TRUSTSTORE_URI) {
            ops.push(patch::replace(path, Some(new.as_deref().unwrap_or(""))));
        }
    }
    ops
}

fn endpoint_value(ec: Option<&EndpointConfiguration>) -> Value {
    let Some(ec) = ec.filter(|e| !e.types().is_empty()) else {
        return Value::List(Vec::new());
    };
    Value::List(vec![Value::object([
        (
            TYPES,
            Value::List(ec.types().iter().map(|t| Value::from(t.as_str())).collect()),
        ),
        (
            IP_ADDRESS_TYPE,
            Value::opt_string(ec.ip_address_type().map(IpAddressType::as_str)),
        ),
    ])])
}

fn mtls_value(m: Option<&MutualTlsAuthentication>) -> Value {
    let Some(m) = m.filter(|m| m.truststore_uri().is_some_and(|u| !u.is_empty())) else {
        return Value::List(Vec::new());
    };
    Value::List(vec![Value::object([
        (TRUSTSTORE_URI, Value::opt_string(m.truststore_uri())),
        (
            TRUSTSTORE_VERSION,
            Value::opt_string(m.truststore_version()),
        ),
    ])])
}

/// Whether a status a write answered (or a poll read) ends the wait: FAILED is an error
/// quoting AWS's message; PENDING and UPDATING go on; any other (or none, as LocalStack) ends it.
fn status_step(
    status: Option<&DomainNameStatus>,
    message: Option<&str>,
) -> Result<Step<()>, String> {
    match status {
        Some(DomainNameStatus::Failed) => Err(format!(
            "AWS reports it FAILED: {}",
            message.unwrap_or("(no status message)")
        )),
        Some(s @ (DomainNameStatus::Pending | DomainNameStatus::Updating)) => {
            Ok(Step::Waiting(s.as_str().to_owned()))
        }
        _ => Ok(Step::Done(())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};

    const UPDATING: &str = r#"{"domainName":"api.example.com","regionalCertificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/y","endpointConfiguration":{"types":["REGIONAL"]},"securityPolicy":"SecurityPolicy_TLS13_1_3_2025_09","domainNameStatus":"UPDATING"}"#;

    fn regional(certificate: &str) -> Value {
        object(
            &DomainName,
            &[
                ("id", "api.example.com".into()),
                ("domain_name", "api.example.com".into()),
                ("regional_certificate_arn", certificate.into()),
                (
                    "endpoint_configuration",
                    Value::List(vec![Value::object([(
                        TYPES,
                        Value::List(vec!["REGIONAL".into()]),
                    )])]),
                ),
                ("timeouts", Value::List(Vec::new())),
            ],
        )
    }

    /// An update AWS applies for a while (`domainNameStatus` UPDATING) waits for AVAILABLE:
    /// at most what the `timeouts` block's `update` says, then fails naming the status.
    #[tokio::test]
    async fn an_update_waits_for_available_within_the_timeout() {
        let (aws, calls) = api(vec![
            (200, None, UPDATING),
            (200, None, UPDATING),
            (200, None, UPDATING),
            (200, None, UPDATING),
        ])
        .await;
        let prior = regional("arn:aws:acm:us-east-1:123456789012:certificate/x");
        let mut planned = regional("arn:aws:acm:us-east-1:123456789012:certificate/y");
        planned.set(
            "timeouts",
            Value::List(vec![Value::object([
                ("create", Value::Null),
                ("update", Value::from("1s")),
            ])]),
        );
        let d = DomainName
            .update(&aws, &prior, &planned)
            .await
            .unwrap_err()
            .into_vec();
        assert_eq!(d[0].summary, "Updating API Gateway Domain Name failed");
        assert!(
            d[0].detail
                .contains("(api.example.com): it is still UPDATING after 1s"),
            "{}",
            d[0].detail
        );
        let log = requests(&calls);
        assert!(
            log[0].starts_with("PATCH /domainnames/api.example.com"),
            "{log:?}"
        );
        assert!(log.len() >= 3, "polled: {log:?}");
        assert!(
            log[1..]
                .iter()
                .all(|r| r == "GET /domainnames/api.example.com"),
            "{log:?}"
        );

        // AVAILABLE ends the wait; the block is kept as written.
        let available: &'static str = UPDATING.replace("UPDATING", "AVAILABLE").leak();
        let (aws, calls) = api(vec![(200, None, UPDATING), (200, None, available)]).await;
        let state = DomainName.update(&aws, &prior, &planned).await.unwrap();
        assert_eq!(state.get("timeouts"), planned.get("timeouts"));
        assert_eq!(requests(&calls).len(), 2);
    }

    /// A create AWS reports FAILED is an error quoting AWS's message, and the domain name is
    /// deleted again.
    #[tokio::test]
    async fn a_failed_create_quotes_aws_and_leaves_nothing_behind() {
        let failed = r#"{"domainName":"api.example.com","domainNameStatus":"FAILED","domainNameStatusMessage":"The certificate is not valid for this domain"}"#;
        let pending: &'static str = UPDATING.replace("UPDATING", "PENDING").leak();
        let (aws, calls) = api(vec![
            (201, None, pending),
            (200, None, failed),
            (202, None, ""),
        ])
        .await;
        let planned = regional("arn:aws:acm:us-east-1:123456789012:certificate/y");
        let d = DomainName
            .create(&aws, &planned)
            .await
            .unwrap_err()
            .into_vec();
        assert_eq!(d[0].summary, "Creating API Gateway Domain Name failed");
        assert!(
            d[0].detail
                .contains("AWS reports it FAILED: The certificate is not valid for this domain"),
            "{}",
            d[0].detail
        );
        assert!(d[0].detail.contains("was deleted again"), "{}", d[0].detail);
        let log = requests(&calls);
        assert!(
            log[2].starts_with("DELETE /domainnames/api.example.com"),
            "{log:?}"
        );
    }

    #[tokio::test]
    async fn a_regional_domain_is_one_create() {
        let answer = r#"{"domainName":"api.example.com","regionalDomainName":"d-abc.execute-api.us-east-1.amazonaws.com","regionalHostedZoneId":"Z1UJRXOUMOOFQ8","regionalCertificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/x","endpointConfiguration":{"types":["REGIONAL"]},"securityPolicy":"TLS_1_2","domainNameStatus":"AVAILABLE"}"#;
        let (aws, calls) = api(vec![(201, None, answer)]).await;
        let planned = object(
            &DomainName,
            &[
                ("domain_name", "api.example.com".into()),
                (
                    "regional_certificate_arn",
                    "arn:aws:acm:us-east-1:123456789012:certificate/x".into(),
                ),
                (
                    "endpoint_configuration",
                    Value::List(vec![Value::object([(
                        TYPES,
                        Value::List(vec!["REGIONAL".into()]),
                    )])]),
                ),
            ],
        );
        let state = DomainName.create(&aws, &planned).await.unwrap();
        assert_eq!(state.get("id").as_str(), Some("api.example.com"));
        assert_eq!(REGIONAL_ZONE_ID.get(&state), Some("Z1UJRXOUMOOFQ8"));
        assert_eq!(
            ARN.get(&state),
            Some("arn:aws:apigateway:us-east-1::/domainnames/api.example.com")
        );
        let log = requests(&calls);
        assert_eq!(log.len(), 1, "{log:?}");
        assert!(log[0].starts_with("POST /domainnames "), "{log:?}");
    }

    /// Updates are one UpdateDomainName: the certificate, the security policy, the endpoint
    /// type (AWS names its index), mutual TLS turned off by emptying the URI.
    #[test]
    fn updates_are_patch_operations() {
        let base = |policy: &str, kind: &str, mtls: bool| {
            let mut v = object(
                &DomainName,
                &[
                    ("domain_name", "api.example.com".into()),
                    ("regional_certificate_arn", "arn:c1".into()),
                    ("security_policy", policy.into()),
                    (
                        "endpoint_configuration",
                        Value::List(vec![Value::object([(
                            TYPES,
                            Value::List(vec![kind.into()]),
                        )])]),
                    ),
                ],
            );
            let block = if mtls {
                vec![Value::object([(
                    TRUSTSTORE_URI,
                    Value::from("s3://b/t.pem"),
                )])]
            } else {
                Vec::new()
            };
            v.set("mutual_tls_authentication", Value::List(block));
            v
        };
        let prior = base("TLS_1_0", "EDGE", true);
        let mut planned = base("TLS_1_2", "REGIONAL", false);
        planned.set("regional_certificate_arn", "arn:c2".into());
        assert_eq!(
            patch::show(&crate::resources::decl::patch(
                &DomainName,
                &prior,
                &planned
            )),
            [
                "replace /regionalCertificateArn arn:c2",
                "replace /securityPolicy TLS_1_2",
                "replace /endpointConfiguration/types/0 REGIONAL",
                "replace /mutualTlsAuthentication/truststoreUri ",
            ]
        );
    }

    /// `endpoint_access_mode` and `routing_mode`: AWS's values only, read from the answer,
    /// changed in place (UpdateDomainName, which LocalStack does not serve).
    #[test]
    fn access_and_routing_modes_are_checked_read_and_changed_in_place() {
        let mut diags = Diagnostics::new();
        for (check, bad) in [(&ACCESS_MODES, "LAX"), (&ROUTING_MODES, "API_MAPPING_ONLY")] {
            crate::schema::Validator::validate(
                check,
                &Value::from(bad),
                &crate::tfvalue::Path::attr("x"),
                &mut diags,
            );
        }
        assert_eq!(diags.into_vec().len(), 2);
        let got = GetDomainNameOutput::builder()
            .domain_name("api.example.com")
            .endpoint_access_mode(EndpointAccessMode::Basic)
            .routing_mode(RoutingMode::RoutingRuleThenBasePathMapping)
            .build();
        let reference = object(&DomainName, &[("domain_name", "api.example.com".into())]);
        let state = crate::resources::decl::state(&DomainName, &Answer::Got(&got), &reference);
        assert_eq!(ENDPOINT_ACCESS_MODE.get(&state), Some("BASIC"));
        assert_eq!(
            ROUTING_MODE.get(&state),
            Some("ROUTING_RULE_THEN_BASE_PATH_MAPPING")
        );
        let mut planned = state.clone();
        planned.set("endpoint_access_mode", "STRICT".into());
        planned.set("routing_mode", "ROUTING_RULE_ONLY".into());
        assert_eq!(
            patch::show(&crate::resources::decl::patch(
                &DomainName,
                &state,
                &planned
            )),
            [
                "replace /endpointAccessMode STRICT",
                "replace /routingMode ROUTING_RULE_ONLY"
            ]
        );
    }

    #[test]
    fn security_policies_are_awss_and_certificates_do_not_conflict() {
        let mut diags = Diagnostics::new();
        crate::schema::Validator::validate(
            &SECURITY_POLICIES,
            &Value::from("TLS_9_9"),
            &crate::tfvalue::Path::attr("security_policy"),
            &mut diags,
        );
        assert!(diags.has_errors());
        let config = object(
            &DomainName,
            &[
                ("domain_name", "api.example.com".into()),
                ("certificate_arn", "arn:a".into()),
                ("regional_certificate_arn", "arn:b".into()),
            ],
        );
        let mut diags = Diagnostics::new();
        DomainName.validate(&config, &mut diags);
        assert!(diags.has_errors());
    }

    #[test]
    fn private_domains_import_with_their_id() {
        let state = DomainName.import("api.example.com/abc123").unwrap();
        assert_eq!(state.get("domain_name_id").as_str(), Some("abc123"));
        assert_eq!(state.get("id").as_str(), Some("api.example.com/abc123"));
    }
}
