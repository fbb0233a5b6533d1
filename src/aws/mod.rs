//! The AWS side: building the API Gateway client from the provider configuration, and turning
//! AWS errors into diagnostics that name the object and quote AWS.

pub mod cache;
pub mod locks;
pub mod nulls;
pub mod patch;
pub mod retry;
pub mod transport;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_credential_types::Credentials;
use aws_sdk_apigateway::error::{ProvideErrorMetadata, SdkError};

use crate::diag::{Diagnostic, Diagnostics};

/// Where requests go and who makes them; every field is optional and falls back to the
/// standard AWS configuration chain (environment, shared files, SSO, IMDS).
#[derive(Clone, Default)]
pub struct Settings {
    /// AWS region.
    pub region: Option<String>,
    /// Endpoint URL of every service (e.g. a local emulator that serves them all on one port).
    pub endpoint: Option<String>,
    /// API Gateway's endpoint URL (`endpoints { apigateway }`), over `endpoint`.
    pub apigateway_endpoint: Option<String>,
    /// STS's endpoint URL (`endpoints { sts }`), over `endpoint`.
    pub sts_endpoint: Option<String>,
    /// Shared config profile name.
    pub profile: Option<String>,
    /// Static access key id (with `secret_key`).
    pub access_key: Option<String>,
    /// Static secret key.
    pub secret_key: Option<String>,
    /// Session token for temporary static credentials.
    pub token: Option<String>,
    /// Retries after the first attempt.
    pub max_retries: Option<u32>,
    /// `default_tags { tags }`: tags every taggable resource gets unless it sets the key.
    pub default_tags: BTreeMap<String, String>,
    /// `assume_role { ... }`: call AWS as this role.
    pub assume_role: Option<AssumeRole>,
    /// `standard` or `adaptive`.
    pub retry_mode: Option<String>,
    /// Shared config files instead of the default one.
    pub shared_config_files: Vec<String>,
    /// Shared credentials files instead of the default one.
    pub shared_credentials_files: Vec<String>,
    /// The only accounts the provider may change (checked at configuration).
    pub allowed_account_ids: Vec<String>,
    /// Accounts the provider must not change.
    pub forbidden_account_ids: Vec<String>,
    /// Never ask STS for the account id (ARNs get an empty account).
    pub skip_requesting_account_id: bool,
    /// A PEM file of extra certificate authorities.
    pub custom_ca_bundle: Option<String>,
    /// Proxy for `http://` endpoints.
    pub http_proxy: Option<String>,
    /// Proxy for `https://` endpoints.
    pub https_proxy: Option<String>,
    /// Hosts that bypass the proxies.
    pub no_proxy: Option<String>,
}

/// `assume_role { ... }` of the provider block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumeRole {
    /// The role.
    pub role_arn: String,
    /// The session's name.
    pub session_name: Option<String>,
    /// The external id the trust policy asks for.
    pub external_id: Option<String>,
    /// How long the credentials last.
    pub duration: Option<Duration>,
    /// A session policy (JSON).
    pub policy: Option<String>,
    /// Managed session policies.
    pub policy_arns: Vec<String>,
    /// Session tags.
    pub tags: BTreeMap<String, String>,
}

/// Deliberately hides the secrets.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("apigateway_endpoint", &self.apigateway_endpoint)
            .field("sts_endpoint", &self.sts_endpoint)
            .field("profile", &self.profile)
            .field("access_key", &self.access_key.as_ref().map(|_| "[set]"))
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "[redacted]"),
            )
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("default_tags", &self.default_tags)
            .field("max_retries", &self.max_retries)
            .field("assume_role", &self.assume_role)
            .field("retry_mode", &self.retry_mode)
            .field("shared_config_files", &self.shared_config_files)
            .field("shared_credentials_files", &self.shared_credentials_files)
            .field("allowed_account_ids", &self.allowed_account_ids)
            .field("forbidden_account_ids", &self.forbidden_account_ids)
            .field(
                "skip_requesting_account_id",
                &self.skip_requesting_account_id,
            )
            .field("custom_ca_bundle", &self.custom_ca_bundle)
            .field("http_proxy", &self.http_proxy.as_ref().map(|_| "[set]"))
            .field("https_proxy", &self.https_proxy.as_ref().map(|_| "[set]"))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

/// Retries after the first attempt when the configuration does not say.
pub const DEFAULT_MAX_RETRIES: u32 = 8;
/// How long one HTTP attempt may take before it is abandoned (and retried).
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// [`ATTEMPT_TIMEOUT`], unless `APIGW_ATTEMPT_TIMEOUT_MS` overrides it (reliability tests
/// use a short one to exercise hung endpoints quickly).
fn attempt_timeout() -> Duration {
    std::env::var("APIGW_ATTEMPT_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map_or(ATTEMPT_TIMEOUT, Duration::from_millis)
}

/// The account id of [`Aws::from_client`] (scripted tests).
pub const TEST_ACCOUNT: &str = "123456789012";

/// How long connecting may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A configured connection to API Gateway.
#[derive(Debug, Clone)]
pub struct Aws {
    /// The SDK client.
    pub client: aws_sdk_apigateway::Client,
    /// The region requests go to (for ARNs).
    pub region: String,
    /// Read snapshots for refreshes (see [`cache`]).
    pub cache: Arc<cache::Cache>,
    /// Rate limiting and call counts (see [`transport`]).
    pub transport: Arc<transport::Shared>,
    /// STS, for the account id in execution ARNs.
    pub sts: aws_sdk_sts::Client,
    /// The account id, asked of STS at most once per process, when first needed.
    pub account: Arc<tokio::sync::OnceCell<String>>,
    /// The provider's `default_tags`.
    pub default_tags: Arc<BTreeMap<String, String>>,
}

impl Aws {
    /// An `Aws` around an already built client (unit tests, benchmarks): no read snapshots,
    /// no rate limiting beyond what `client` does itself.
    pub fn from_client(client: aws_sdk_apigateway::Client, region: &str) -> Aws {
        let cache = Arc::new(cache::Cache::disabled());
        let sts = aws_sdk_sts::Client::from_conf(
            aws_sdk_sts::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(aws_sdk_sts::config::Region::new(region.to_owned()))
                .build(),
        );
        Aws {
            client,
            sts,
            // Scripted tests never ask STS: the account is known.
            account: Arc::new(tokio::sync::OnceCell::new_with(Some(
                TEST_ACCOUNT.to_owned(),
            ))),
            region: region.to_owned(),
            default_tags: Arc::default(),
            transport: Arc::new(transport::Shared::new(
                transport::RateLimiter::new(0.0, 1.0),
                Arc::clone(&cache),
            )),
            cache,
        }
    }

    /// Builds the client. Nothing is sent to AWS here: credentials are resolved on first use.
    pub async fn connect(settings: &Settings) -> Result<Aws, String> {
        let cache = Arc::new(cache::Cache::new());
        let options = transport::HttpOptions::from_settings(settings)?;
        let http = transport::Governed::with_options(
            transport::RateLimiter::from_env(),
            Arc::clone(&cache),
            &options,
        )?;
        Self::connect_with(settings, http, cache).await
    }

    /// [`Aws::connect`] over a given HTTP client and read cache (the benchmark measures the
    /// provider's whole client stack over an in-process responder this way).
    pub async fn connect_with(
        settings: &Settings,
        http: transport::Governed,
        cache: Arc<cache::Cache>,
    ) -> Result<Aws, String> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(region) = &settings.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        if let Some(profile) = &settings.profile {
            loader = loader.profile_name(profile);
        }
        // aws-config names these types by aliases of aws-runtime's, which is not a direct
        // dependency; `profile_files` takes them as they are.
        #[allow(deprecated)]
        if !settings.shared_config_files.is_empty() || !settings.shared_credentials_files.is_empty()
        {
            use aws_config::profile::profile_file::{ProfileFileKind, ProfileFiles};
            let mut files = ProfileFiles::builder()
                .include_default_config_file(settings.shared_config_files.is_empty())
                .include_default_credentials_file(settings.shared_credentials_files.is_empty());
            for f in &settings.shared_config_files {
                files = files.with_file(ProfileFileKind::Config, f);
            }
            for f in &settings.shared_credentials_files {
                files = files.with_file(ProfileFileKind::Credentials, f);
            }
            loader = loader.profile_files(files.build());
        }
        if let (Some(ak), Some(sk)) = (&settings.access_key, &settings.secret_key) {
            let creds = Credentials::new(ak, sk, settings.token.clone(), None, "provider-config");
            loader = loader.credentials_provider(creds);
        }
        // `endpoint` is the shorthand for every service (LocalStack serves them all on one
        // port); `endpoints { apigateway, sts }` override it per service.
        if let Some(endpoint) = &settings.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        let http = http.with_attempt_timeout(attempt_timeout());
        let transport = http.shared();
        loader = loader.sleep_impl(http.sleep()).http_client(http);
        let attempts = settings
            .max_retries
            .unwrap_or(DEFAULT_MAX_RETRIES)
            .saturating_add(1);
        let mode = settings
            .retry_mode
            .clone()
            .or_else(|| std::env::var("AWS_RETRY_MODE").ok())
            .unwrap_or_default();
        let retry = if mode.eq_ignore_ascii_case("adaptive") {
            RetryConfig::adaptive()
        } else {
            RetryConfig::standard()
        };
        loader = loader
            .retry_config(retry.with_max_attempts(attempts))
            // The attempt timeout is the transport's (see `transport::StopAwareSleep`).
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .build(),
            );
        let mut config = loader.load().await;
        if let Some(role) = &settings.assume_role {
            config = assume_role(config, role, settings.sts_endpoint.as_deref()).await?;
        }
        let Some(region) = config.region().map(ToString::to_string) else {
            return Err(
                "no AWS region is configured: set `region` in the provider block, or \
                        AWS_REGION in the environment, or a region in the AWS profile"
                    .to_owned(),
            );
        };
        let mut apigw = aws_sdk_apigateway::config::Builder::from(&config)
            .interceptor(nulls::EmptyTemplateNulls);
        if let Some(url) = &settings.apigateway_endpoint {
            apigw = apigw.endpoint_url(url);
        }
        let mut sts = aws_sdk_sts::config::Builder::from(&config);
        if let Some(url) = &settings.sts_endpoint {
            sts = sts.endpoint_url(url);
        }
        Ok(Aws {
            client: aws_sdk_apigateway::Client::from_conf(apigw.build()),
            sts: aws_sdk_sts::Client::from_conf(sts.build()),
            // `skip_requesting_account_id`: ARNs get an empty account, never an STS call.
            account: Arc::new(if settings.skip_requesting_account_id {
                tokio::sync::OnceCell::new_with(Some(String::new()))
            } else {
                tokio::sync::OnceCell::new()
            }),
            default_tags: Arc::new(settings.default_tags.clone()),
            region,
            cache,
            transport,
        })
    }

    /// The account id of the credentials: one STS GetCallerIdentity per process, made the
    /// first time an execution ARN is needed, never at start-up.
    pub async fn account_id(&self) -> Result<&str, AwsError> {
        let id = self
            .account
            .get_or_try_init(|| async {
                let out = self
                    .sts
                    .get_caller_identity()
                    .send()
                    .await
                    .map_err(AwsError::from)?;
                out.account().map(str::to_owned).ok_or_else(|| AwsError {
                    kind: ErrorKind::Other,
                    code: None,
                    message: "STS GetCallerIdentity answered no account".to_owned(),
                })
            })
            .await?;
        Ok(id)
    }

    /// The account id once known (after [`Aws::account_id`]).
    pub fn known_account(&self) -> Option<&str> {
        self.account.get().map(String::as_str)
    }

    /// `arn:aws:execute-api:REGION:ACCOUNT:API-ID` and `suffix` (e.g. `/STAGE`), once the
    /// account is known.
    pub fn execution_arn(&self, rest_api_id: &str, suffix: &str) -> Option<String> {
        let account = self.known_account()?;
        Some(format!(
            "arn:aws:execute-api:{}:{account}:{rest_api_id}{suffix}",
            self.region
        ))
    }
}

/// What kind of failure an AWS error is, which decides what the provider does with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The object does not exist (404 NotFoundException).
    NotFound,
    /// 409 ConflictException: already exists, or a concurrent modification.
    Conflict,
    /// A hard quota (LimitExceededException): retrying will not help.
    LimitExceeded,
    /// 429 TooManyRequestsException after the SDK's own retries.
    Throttled,
    /// Anything else.
    Other,
}

/// An AWS call failure: its kind, AWS's error code and message.
#[derive(Debug, Clone)]
pub struct AwsError {
    /// How to treat it.
    pub kind: ErrorKind,
    /// AWS's error code, e.g. `NotFoundException`, when there is one.
    pub code: Option<String>,
    /// AWS's message, or a description of the transport failure.
    pub message: String,
}

impl AwsError {
    /// The error of an operation abandoned because Terraform asked the provider to stop.
    pub fn cancelled() -> Self {
        AwsError {
            kind: ErrorKind::Other,
            code: None,
            message: transport::CANCELLED.to_owned(),
        }
    }

    /// Whether AWS says the object does not exist.
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound
    }

    /// Whether this is the transient "concurrent modification" conflict worth retrying.
    pub fn is_concurrent_modification(&self) -> bool {
        // AWS: "Unable to complete operation due to concurrent modification. Please try again later."
        self.kind == ErrorKind::Conflict && self.message.contains("concurrent modification")
    }

    /// Whether a create failed because the object already exists (a 409 that is not the
    /// transient conflict [`retry::on_conflict`] retries), e.g. "Method already exists for
    /// this resource".
    pub fn is_already_exists(&self) -> bool {
        self.kind == ErrorKind::Conflict && !self.is_concurrent_modification()
    }

    /// For `map_err`: the error as [`AwsError::diagnostic`] of `action` on `object` (`id`).
    pub fn failed(action: &str, object: &str, id: &str) -> impl Fn(AwsError) -> Diagnostics {
        let (action, object, id) = (action.to_owned(), object.to_owned(), id.to_owned());
        move |e| e.diagnostic(&action, &object, &id).into()
    }

    /// A diagnostic "<action> API Gateway <object> (<id>): <AWS code>: <AWS message>".
    pub fn diagnostic(&self, action: &str, object: &str, id: &str) -> Diagnostic {
        let cause = match &self.code {
            Some(code) => format!("{code}: {}", self.message),
            None => self.message.clone(),
        };
        let hint = match self.kind {
            ErrorKind::LimitExceeded => {
                " This is an AWS quota; raise it or remove objects, then apply again."
            }
            ErrorKind::Throttled => {
                " AWS kept throttling after all retries; apply again or raise `max_retries`."
            }
            _ => "",
        };
        Diagnostic::error(
            format!("{action} API Gateway {object} failed"),
            format!("{action} API Gateway {object} ({id}): {cause}.{hint}"),
        )
    }
}

impl<E, R> From<SdkError<E, R>> for AwsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    fn from(err: SdkError<E, R>) -> Self {
        let code = err.code().map(str::to_owned);
        let message = match err.message() {
            Some(m) => m.to_owned(),
            None => transport_message(&err),
        };
        let kind = match code.as_deref() {
            Some("NotFoundException") => ErrorKind::NotFound,
            Some("ConflictException") => ErrorKind::Conflict,
            Some("LimitExceededException") => ErrorKind::LimitExceeded,
            Some("TooManyRequestsException") => ErrorKind::Throttled,
            _ => ErrorKind::Other,
        };
        AwsError {
            kind,
            code,
            message,
        }
    }
}

/// A call's result with NotFound as `None`: a read finds nothing, a delete has nothing left
/// to do. API Gateway answers NotFoundException for the object and for anything it belongs to
/// ("Invalid Method identifier specified", "Invalid API identifier specified", ...), which
/// takes the object along.
pub fn not_found_as_none<T>(result: Result<T, AwsError>) -> Result<Option<T>, AwsError> {
    match result {
        Ok(out) => Ok(Some(out)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The innermost useful text of an error without an AWS message (timeouts, connection errors).
fn transport_message<E, R>(err: &SdkError<E, R>) -> String
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        // The transport's own errors say all there is to say; the SDK's wrappers around them
        // ("dispatch failure: timeout: ...") add nothing.
        if let Some(unreachable) = s.downcast_ref::<transport::Unreachable>() {
            return unreachable.to_string();
        }
        if let Some(timed_out) = s.downcast_ref::<transport::TimedOut>() {
            return timed_out.to_string();
        }
        if s.to_string() == transport::CANCELLED {
            return transport::CANCELLED.to_owned();
        }
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}
/// The configuration with the credentials of `role`, assumed (STS AssumeRole, through
/// aws-config's assume-role provider) with the credentials `config` found. The role is
/// assumed once here, so a refusal is a clear configuration error, not a failure of the
/// first change.
async fn assume_role(
    config: aws_config::SdkConfig,
    role: &AssumeRole,
    sts_endpoint: Option<&str>,
) -> Result<aws_config::SdkConfig, String> {
    use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
    let mut sts_config = config.to_builder();
    if let Some(url) = sts_endpoint {
        sts_config = sts_config.endpoint_url(url);
    }
    let session_name = role.session_name.clone().unwrap_or_else(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        format!("terraform-provider-apigateway-{secs}")
    });
    let mut builder = aws_config::sts::AssumeRoleProvider::builder(&role.role_arn)
        .session_name(session_name)
        .configure(&sts_config.build());
    if let Some(id) = &role.external_id {
        builder = builder.external_id(id);
    }
    if let Some(policy) = &role.policy {
        builder = builder.policy(policy);
    }
    if !role.policy_arns.is_empty() {
        builder = builder.policy_arns(role.policy_arns.clone());
    }
    if let Some(d) = role.duration {
        builder = builder.session_length(d);
    }
    if !role.tags.is_empty() {
        builder = builder.tags(role.tags.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }
    let provider = builder.build().await;
    provider.provide_credentials().await.map_err(|e| {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(inner) = source {
            message = format!("{message}: {inner}");
            source = inner.source();
        }
        format!("assuming the role {} failed: {message}", role.role_arn)
    })?;
    Ok(config
        .into_builder()
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build())
}
