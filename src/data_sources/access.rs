//! Data sources of API access and custom domains: `apigateway_api_key`, `apigateway_api_keys`,
//! `apigateway_vpc_link`, `apigateway_domain_name`, and `apigateway_sdk` (a generated client
//! SDK of a stage).

use std::collections::BTreeMap;

use async_trait::async_trait;
use aws_sdk_apigateway::types::{EndpointConfiguration, VpcLink};
use base64::Engine as _;

use super::{DataSource, argument, reading, unique_by_name};
use crate::aws::cache::all_pages;
use crate::aws::{Aws, AwsError};
use crate::diag::Diagnostics;
use crate::resources::decl::IntoAws as _;
use crate::resources::domain_name::CLOUDFRONT_HOSTED_ZONE;
use crate::schema::validators::{OneOf, one_of};
use crate::schema::{Attribute, Block, Schema};
use crate::tfvalue::{Path, Type, Value};

/// The largest page AWS serves.
const PAGE: i32 = 500;

/// Tags as the resources read them, and an empty map (not null) when AWS answers none.
fn tags_value(tags: Option<&std::collections::HashMap<String, String>>) -> Value {
    match tags.aws() {
        Value::Null => Value::Map(BTreeMap::new()),
        v => v,
    }
}

fn date(d: Option<&aws_smithy_types::DateTime>) -> Value {
    Value::opt_string(
        d.and_then(|d| d.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
            .as_deref(),
    )
}

/// The attributes of one API key, shared by `apigateway_api_key` and `apigateway_api_keys`.
fn key_attributes(block: Block) -> Block {
    block
        .attribute(Attribute::string("name", "Name of the API key.").computed())
        .attribute(Attribute::string("description", "Description of the API key.").computed())
        .attribute(Attribute::bool("enabled", "Whether callers can use the key.").computed())
        .attribute(
            Attribute::string(
                "customer_id",
                "AWS Marketplace customer id, for keys sold through the SaaS Marketplace.",
            )
            .computed(),
        )
        .attribute(
            Attribute::string("created_date", "When the key was created (RFC 3339).").computed(),
        )
        .attribute(
            Attribute::string(
                "last_updated_date",
                "When the key was last changed (RFC 3339).",
            )
            .computed(),
        )
        .attribute(Attribute::string_map("tags", "Tags of the API key.").computed())
}

/// The attributes of an API key from any SDK shape of one (`ApiKey`, `GetApiKeyOutput`:
/// the same accessors).
macro_rules! key_value {
    ($k:expr) => {{
        let k = $k;
        vec![
            ("id", Value::opt_string(k.id())),
            ("name", Value::opt_string(k.name())),
            ("description", Value::opt_string(k.description())),
            ("enabled", Value::Bool(k.enabled())),
            ("customer_id", Value::opt_string(k.customer_id())),
            ("created_date", date(k.created_date())),
            ("last_updated_date", date(k.last_updated_date())),
            ("tags", tags_value(k.tags())),
            ("value", Value::opt_string(k.value())),
        ]
    }};
}

/// `apigateway_api_key`: an API key by its id, with its value.
#[derive(Debug)]
pub struct ApiKeyLookup;

#[async_trait]
impl DataSource for ApiKeyLookup {
    fn type_name(&self) -> &'static str {
        "apigateway_api_key"
    }

    fn schema(&self) -> Schema {
        Schema::new(key_attributes(
            Block::new("An API key by its id, with its value (sensitive).")
                .attribute(Attribute::string("id", "Id of the API key.").required())
                .attribute(
                    Attribute::string("value", "The key's value. Sensitive.")
                        .computed()
                        .sensitive(),
                ),
        ))
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let id = argument(config, "id")?;
        let out = aws
            .client
            .get_api_key()
            .api_key(id)
            .include_value(true)
            .send()
            .await
            .map_err(|e| reading("API Key", id)(AwsError::from(e)))?;
        Ok(Value::object(key_value!(&out)))
    }
}

/// `apigateway_api_keys`: every API key of the region (GetApiKeys, every page), optionally
/// of one Marketplace customer, with their values only when asked.
#[derive(Debug)]
pub struct ApiKeysLookup;

#[async_trait]
impl DataSource for ApiKeysLookup {
    fn type_name(&self) -> &'static str {
        "apigateway_api_keys"
    }

    fn schema(&self) -> Schema {
        let item = key_attributes(
            Block::new("")
                .attribute(Attribute::string("id", "Id of the API key.").computed())
                .attribute(Attribute::string("value", "The key's value.").computed()),
        );
        let item_type = Type::object(
            item.attributes
                .iter()
                .map(|a| (a.name.clone(), a.ty.clone())),
        );
        Schema::new(
            Block::new(
                "Every API key of the provider's region (GetApiKeys, every page); with \
                 `include_values`, their values too (then `items` is sensitive).",
            )
            .attribute(Attribute::string(
                "customer_id",
                "Only the keys of this AWS Marketplace customer.",
            ))
            .attribute(Attribute::bool(
                "include_values",
                "Whether `items` holds the keys' values. Default `false`.",
            ))
            .attribute(Attribute::string("id", "The region.").computed())
            .attribute(
                Attribute::new(
                    "items",
                    Type::list(item_type),
                    "The API keys: `id`, `name`, `value` (with `include_values`), \
                     `description`, `enabled`, `customer_id`, `created_date`, \
                     `last_updated_date`, `tags`.",
                )
                .computed()
                .sensitive(),
            ),
        )
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let customer = config
            .get("customer_id")
            .as_str()
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        let values = config.get("include_values").as_bool().unwrap_or(false);
        let keys = all_pages(|position| {
            let customer = customer.clone();
            async move {
                let out = aws
                    .client
                    .get_api_keys()
                    .limit(PAGE)
                    .set_customer_id(customer)
                    .include_values(values)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(AwsError::from)?;
                Ok((out.items, out.position))
            }
        })
        .await
        .map_err(reading("API Keys", &aws.region))?;
        let items = keys
            .iter()
            .map(|k| {
                let mut attrs = key_value!(k);
                if !values {
                    for (name, v) in &mut attrs {
                        if *name == "value" {
                            *v = Value::Null;
                        }
                    }
                }
                Value::object(attrs)
            })
            .collect();
        Ok(Value::object([
            ("customer_id", Value::opt_string(customer.as_deref())),
            ("include_values", config.get("include_values").clone()),
            ("id", Value::from(aws.region.as_str())),
            ("items", Value::List(items)),
        ]))
    }
}

/// `apigateway_vpc_link`: a VPC link by its name.
#[derive(Debug)]
pub struct VpcLinkLookup;

#[async_trait]
impl DataSource for VpcLinkLookup {
    fn type_name(&self) -> &'static str {
        "apigateway_vpc_link"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new(
                "A VPC link found by its name. Names are not unique: none or several links \
                 with the name is an error that says how many.",
            )
            .attribute(Attribute::string("name", "Name of the VPC link to find.").required())
            .attribute(Attribute::string("id", "The VPC link id.").computed())
            .attribute(Attribute::string("description", "Description of the link.").computed())
            .attribute(
                Attribute::string("status", "`AVAILABLE`, `PENDING`, `DELETING` or `FAILED`.")
                    .computed(),
            )
            .attribute(
                Attribute::string("status_message", "AWS's message about the status.").computed(),
            )
            .attribute(
                Attribute::new(
                    "target_arns",
                    Type::set(Type::String),
                    "The Network Load Balancer the link reaches.",
                )
                .computed(),
            )
            .attribute(Attribute::string_map("tags", "Tags of the VPC link.").computed()),
        )
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let name = argument(config, "name")?;
        let links = all_pages(|position| async move {
            let out = aws
                .client
                .get_vpc_links()
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items, out.position))
        })
        .await
        .map_err(reading("VPC Links", name))?;
        let link = unique_by_name(
            "VPC link",
            &aws.region,
            links,
            name,
            VpcLink::name,
            VpcLink::id,
        )?;
        Ok(Value::object([
            ("name", Value::from(name)),
            ("id", Value::opt_string(link.id())),
            ("description", Value::opt_string(link.description())),
            (
                "status",
                Value::opt_string(link.status().map(|s| s.as_str())),
            ),
            ("status_message", Value::opt_string(link.status_message())),
            (
                "target_arns",
                Value::Set(
                    link.target_arns()
                        .iter()
                        .map(|t| Value::from(t.as_str()))
                        .collect(),
                ),
            ),
            ("tags", tags_value(link.tags())),
        ]))
    }
}

/// `apigateway_domain_name`: a custom domain name by its name (and a private one's id).
#[derive(Debug)]
pub struct DomainNameLookup;

/// CloudFront's hosted zone, the alias target of every edge-optimized domain.
fn endpoint_value(ec: Option<&EndpointConfiguration>) -> Value {
    Value::List(
        ec.filter(|e| !e.types().is_empty())
            .map(|e| {
                Value::object([(
                    "types",
                    Value::List(e.types().iter().map(|t| Value::from(t.as_str())).collect()),
                )])
            })
            .into_iter()
            .collect(),
    )
}

#[async_trait]
impl DataSource for DomainNameLookup {
    fn type_name(&self) -> &'static str {
        "apigateway_domain_name"
    }

    fn schema(&self) -> Schema {
        let computed = |name: &str, doc: &str| Attribute::string(name, doc).computed();
        Schema::new(
            Block::new("A custom domain name of REST APIs, by its name.")
                .attribute(
                    Attribute::string("domain_name", "The domain name to look up.").required(),
                )
                .attribute(
                    Attribute::string(
                        "domain_name_id",
                        "For a private domain: its id (several private domains can share a name).",
                    )
                    .optional_computed(),
                )
                .attribute(computed(
                    "id",
                    "The domain name (`DOMAIN-NAME/DOMAIN-NAME-ID` for a private one).",
                ))
                .attribute(computed("arn", "ARN of the domain name."))
                .attribute(computed(
                    "certificate_arn",
                    "ACM certificate of an edge-optimized domain.",
                ))
                .attribute(computed(
                    "certificate_name",
                    "Name of an edge-optimized domain's uploaded certificate.",
                ))
                .attribute(computed(
                    "certificate_upload_date",
                    "When the certificate was uploaded (RFC 3339).",
                ))
                .attribute(computed(
                    "cloudfront_domain_name",
                    "The CloudFront distribution an edge-optimized domain points to.",
                ))
                .attribute(computed(
                    "cloudfront_zone_id",
                    "CloudFront's hosted zone id (`Z2FDTNDATAQYW2`), for a Route 53 alias.",
                ))
                .attribute(
                    Attribute::new(
                        "endpoint_configuration",
                        Type::list(Type::object([("types", Type::list(Type::String))])),
                        "The endpoint type: `EDGE`, `REGIONAL` or `PRIVATE`.",
                    )
                    .computed(),
                )
                .attribute(computed(
                    "regional_certificate_arn",
                    "ACM certificate of a regional domain.",
                ))
                .attribute(computed(
                    "regional_certificate_name",
                    "Name of a regional domain's certificate.",
                ))
                .attribute(computed(
                    "regional_domain_name",
                    "The name a regional domain's DNS record points to.",
                ))
                .attribute(computed(
                    "regional_zone_id",
                    "The hosted zone of `regional_domain_name`, for a Route 53 alias.",
                ))
                .attribute(computed("security_policy", "The TLS version and ciphers."))
                .attribute(computed(
                    "policy",
                    "A private domain's resource policy (JSON).",
                ))
                .attribute(Attribute::string_map("tags", "Tags of the domain name.").computed()),
        )
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let name = argument(config, "domain_name")?;
        let private = config
            .get("domain_name_id")
            .as_str()
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        let shown = match &private {
            Some(p) => format!("{name}/{p}"),
            None => name.to_owned(),
        };
        let d = aws
            .client
            .get_domain_name()
            .domain_name(name)
            .set_domain_name_id(private.clone())
            .send()
            .await
            .map_err(|e| reading("Domain Name", &shown)(AwsError::from(e)))?;
        let arn = d.domain_name_arn().map_or_else(
            || format!("arn:aws:apigateway:{}::/domainnames/{name}", aws.region),
            str::to_owned,
        );
        Ok(Value::object([
            ("domain_name", Value::from(name)),
            (
                "domain_name_id",
                Value::opt_string(d.domain_name_id().or(private.as_deref())),
            ),
            ("id", Value::from(shown.as_str())),
            ("arn", Value::from(arn)),
            ("certificate_arn", Value::opt_string(d.certificate_arn())),
            ("certificate_name", Value::opt_string(d.certificate_name())),
            ("certificate_upload_date", date(d.certificate_upload_date())),
            (
                "cloudfront_domain_name",
                Value::opt_string(d.distribution_domain_name()),
            ),
            ("cloudfront_zone_id", Value::from(CLOUDFRONT_HOSTED_ZONE)),
            (
                "endpoint_configuration",
                endpoint_value(d.endpoint_configuration()),
            ),
            (
                "regional_certificate_arn",
                Value::opt_string(d.regional_certificate_arn()),
            ),
            (
                "regional_certificate_name",
                Value::opt_string(d.regional_certificate_name()),
            ),
            (
                "regional_domain_name",
                Value::opt_string(d.regional_domain_name()),
            ),
            (
                "regional_zone_id",
                Value::opt_string(d.regional_hosted_zone_id()),
            ),
            (
                "security_policy",
                Value::opt_string(d.security_policy().map(|p| p.as_str())),
            ),
            ("policy", Value::opt_string(d.policy())),
            ("tags", tags_value(d.tags())),
        ]))
    }
}

/// `apigateway_sdk`: a client SDK API Gateway generates for a deployed stage (GetSdk).
#[derive(Debug)]
pub struct SdkLookup;

const SDK_TYPES: OneOf = one_of(&[
    "java",
    "javascript",
    "android",
    "objectivec",
    "swift",
    "ruby",
]);

/// The parameters AWS requires for each SDK type (its GetSdk reference).
const REQUIRED_PARAMETERS: &[(&str, &[&str])] = &[
    (
        "android",
        &["groupId", "artifactId", "artifactVersion", "invokerPackage"],
    ),
    ("java", &["serviceName", "javaPackageName"]),
    ("objectivec", &["classPrefix"]),
    ("swift", &["classPrefix"]),
];

#[async_trait]
impl DataSource for SdkLookup {
    fn type_name(&self) -> &'static str {
        "apigateway_sdk"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new(
                "A client SDK API Gateway generates for a deployed stage (GetSdk): a zip \
                 archive.",
            )
            .attribute(Attribute::string("rest_api_id", "Id of the REST API.").required())
            .attribute(Attribute::string("stage_name", "The stage the SDK calls.").required())
            .attribute(
                Attribute::string(
                    "sdk_type",
                    "The SDK's language: `java`, `javascript`, `android`, `objectivec`, \
                     `swift` or `ruby`.",
                )
                .required()
                .validator(&SDK_TYPES),
            )
            .attribute(Attribute::string_map(
                "parameters",
                "The SDK type's settings: `classPrefix` for `objectivec` and `swift`; \
                 `groupId`, `artifactId`, `artifactVersion` and `invokerPackage` for `android`; \
                 `serviceName` and `javaPackageName` for `java`.",
            ))
            .attribute(Attribute::string("id", "`REST-API-ID:STAGE-NAME`.").computed())
            .attribute(
                Attribute::string(
                    "body",
                    "The archive as a string (as the official provider gives it; bytes that \
                     are not UTF-8 are replaced, so use `body_base64` to write the file).",
                )
                .computed(),
            )
            .attribute(
                Attribute::string(
                    "body_base64",
                    "The archive, exactly, base64-encoded (for `filebase64`-style use, e.g. \
                     `local_file`'s `content_base64`).",
                )
                .computed(),
            )
            .attribute(Attribute::string("content_type", "Its content type.").computed())
            .attribute(
                Attribute::string("content_disposition", "Its content disposition.").computed(),
            ),
        )
    }

    // The parameters AWS requires for the SDK type, checked at plan.
    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        let Some(kind) = config.get("sdk_type").as_str() else {
            return;
        };
        let parameters = config.get("parameters");
        if !parameters.is_wholly_known() {
            return;
        }
        let given = parameters.to_string_map().unwrap_or_default();
        for (_, needed) in REQUIRED_PARAMETERS.iter().filter(|(k, _)| *k == kind) {
            let missing: Vec<&str> = needed
                .iter()
                .copied()
                .filter(|p| !given.contains_key(*p))
                .collect();
            if !missing.is_empty() {
                diags.attr_error(
                    &Path::attr("parameters"),
                    "Missing SDK parameters",
                    format!(
                        "A `{kind}` SDK needs the parameters {}; missing: {}.",
                        needed.join(", "),
                        missing.join(", ")
                    ),
                );
            }
        }
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let api = argument(config, "rest_api_id")?;
        let stage = argument(config, "stage_name")?;
        let kind = argument(config, "sdk_type")?;
        let parameters = config
            .get("parameters")
            .to_string_map()
            .map(|m| m.into_iter().collect());
        let out = aws
            .client
            .get_sdk()
            .rest_api_id(api)
            .stage_name(stage)
            .sdk_type(kind)
            .set_parameters(parameters)
            .send()
            .await
            .map_err(|e| reading("SDK", &format!("{api}/{stage}"))(AwsError::from(e)))?;
        let bytes = out.body().map(|b| b.as_ref().to_vec()).unwrap_or_default();
        let mut state = config.clone();
        state.set("id", Value::from(format!("{api}:{stage}")));
        state.set(
            "body",
            Value::from(String::from_utf8_lossy(&bytes).into_owned()),
        );
        state.set(
            "body_base64",
            Value::from(base64::engine::general_purpose::STANDARD.encode(&bytes)),
        );
        state.set(
            "content_type",
            Value::from(out.content_type().unwrap_or_default()),
        );
        state.set(
            "content_disposition",
            Value::from(out.content_disposition().unwrap_or_default()),
        );
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::testing::{api, requests};

    #[tokio::test]
    async fn an_api_key_is_read_with_its_value() {
        let key = r#"{"id":"k1","name":"partner","value":"abcdefghijklmnopqrstuvwxyz","enabled":true,"createdDate":1700000000,"tags":{"team":"api"}}"#;
        let (aws, calls) = api(vec![(200, None, key)]).await;
        let found = ApiKeyLookup
            .read(&aws, &Value::object([("id", Value::from("k1"))]))
            .await
            .unwrap();
        assert_eq!(
            found.get("value").as_str(),
            Some("abcdefghijklmnopqrstuvwxyz")
        );
        assert_eq!(found.get("enabled").as_bool(), Some(true));
        assert_eq!(
            found.get("created_date").as_str(),
            Some("2023-11-14T22:13:20Z")
        );
        assert_eq!(
            found
                .get("tags")
                .to_string_map()
                .unwrap()
                .get("team")
                .map(String::as_str),
            Some("api")
        );
        let log = requests(&calls);
        assert!(
            log[0].starts_with("GET /apikeys/k1?includeValue=true"),
            "{log:?}"
        );
        let schema = ApiKeyLookup.schema();
        let value = schema.block.attributes.iter().find(|a| a.name == "value");
        assert!(value.is_some_and(|a| a.sensitive));
    }

    /// Every page is read; values only when asked for.
    #[tokio::test]
    async fn api_keys_read_every_page_and_values_only_when_asked() {
        let page1 =
            r#"{"item":[{"id":"k1","name":"a","value":"v1","enabled":true}],"position":"p2"}"#;
        let page2 = r#"{"item":[{"id":"k2","name":"b","value":"v2","enabled":false}]}"#;
        let (aws, calls) = api(vec![
            (200, None, page1),
            (200, None, page2),
            (200, None, page1),
            (200, None, page2),
        ])
        .await;
        let config = |values: bool| Value::object([("include_values", Value::Bool(values))]);
        let without = ApiKeysLookup.read(&aws, &config(false)).await.unwrap();
        let items = without.get("items").as_elements().unwrap().to_vec();
        assert_eq!(items.len(), 2);
        assert!(items[0].get("value").is_null());
        let with = ApiKeysLookup.read(&aws, &config(true)).await.unwrap();
        assert_eq!(
            with.get("items").as_elements().unwrap()[1]
                .get("value")
                .as_str(),
            Some("v2")
        );
        let log = requests(&calls);
        assert_eq!(log.len(), 4, "{log:?}");
        assert!(log[1].contains("position=p2"), "{log:?}");
        assert!(log[2].contains("includeValues=true"), "{log:?}");
    }

    #[tokio::test]
    async fn a_vpc_link_is_found_by_a_unique_name() {
        let page = r#"{"item":[{"id":"l1","name":"internal","status":"AVAILABLE","targetArns":["arn:nlb"]},{"id":"l2","name":"twice"},{"id":"l3","name":"twice"}]}"#;
        let (aws, _) = api(vec![
            (200, None, page),
            (200, None, page),
            (200, None, page),
        ])
        .await;
        let config = |name: &str| Value::object([("name", Value::from(name))]);
        let found = VpcLinkLookup.read(&aws, &config("internal")).await.unwrap();
        assert_eq!(found.get("id").as_str(), Some("l1"));
        assert_eq!(found.get("status").as_str(), Some("AVAILABLE"));
        let twice = VpcLinkLookup
            .read(&aws, &config("twice"))
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            twice[0].detail.contains("2 VPC links"),
            "{}",
            twice[0].detail
        );
        assert!(twice[0].detail.contains("l2, l3"), "{}", twice[0].detail);
        let none = VpcLinkLookup
            .read(&aws, &config("nope"))
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            none[0].detail.contains("None of the 3 VPC links"),
            "{}",
            none[0].detail
        );
    }

    #[tokio::test]
    async fn a_domain_name_is_read_with_its_zone_ids() {
        let d = r#"{"domainName":"api.example.com","regionalDomainName":"d-1.execute-api.us-east-1.amazonaws.com","regionalHostedZoneId":"Z1","endpointConfiguration":{"types":["REGIONAL"]},"securityPolicy":"TLS_1_2"}"#;
        let (aws, _) = api(vec![(200, None, d)]).await;
        let found = DomainNameLookup
            .read(
                &aws,
                &Value::object([("domain_name", Value::from("api.example.com"))]),
            )
            .await
            .unwrap();
        assert_eq!(found.get("id").as_str(), Some("api.example.com"));
        assert_eq!(found.get("regional_zone_id").as_str(), Some("Z1"));
        assert_eq!(
            found.get("cloudfront_zone_id").as_str(),
            Some("Z2FDTNDATAQYW2")
        );
        assert_eq!(
            found.get("arn").as_str(),
            Some("arn:aws:apigateway:us-east-1::/domainnames/api.example.com")
        );
    }

    /// LocalStack cannot generate SDKs (GetSdk answers 501), so the read is proven against a
    /// scripted API Gateway: the archive's bytes reach `body_base64` exactly.
    #[tokio::test]
    async fn an_sdk_is_read_exactly_and_its_parameters_are_checked_at_plan() {
        let (aws, calls) = api(vec![(200, None, "PK\u{3}\u{4}archive")]).await;
        let config = Value::object([
            ("rest_api_id", Value::from("a1")),
            ("stage_name", Value::from("prod")),
            ("sdk_type", Value::from("javascript")),
            ("parameters", Value::Null),
        ]);
        let found = SdkLookup.read(&aws, &config).await.unwrap();
        assert_eq!(found.get("id").as_str(), Some("a1:prod"));
        assert_eq!(
            found.get("body_base64").as_str(),
            Some(
                base64::engine::general_purpose::STANDARD
                    .encode(b"PK\x03\x04archive")
                    .as_str()
            )
        );
        let log = requests(&calls);
        assert!(
            log[0].starts_with("GET /restapis/a1/stages/prod/sdks/javascript"),
            "{log:?}"
        );

        let android = Value::object([
            ("rest_api_id", Value::from("a1")),
            ("stage_name", Value::from("prod")),
            ("sdk_type", Value::from("android")),
            (
                "parameters",
                Value::Map(
                    [("groupId".to_owned(), Value::from("g"))]
                        .into_iter()
                        .collect(),
                ),
            ),
        ]);
        let mut diags = Diagnostics::new();
        SdkLookup.validate(&android, &mut diags);
        let text = format!("{:?}", diags.into_vec());
        assert!(
            text.contains("artifactId, artifactVersion, invokerPackage"),
            "{text}"
        );
    }
}
