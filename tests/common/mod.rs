//! Shared harness for the protocol tests: starts the real provider binary the way Terraform
//! does (magic cookie, protocol versions, a P-521 client certificate like go-plugin's), reads
//! its handshake line, and connects a gRPC client over the Unix socket with mutual TLS.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use hyper_util::rt::TokioIo;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use terraform_provider_apigateway::plugin::proto::controller::grpc_controller_client::GrpcControllerClient;
use terraform_provider_apigateway::plugin::proto::tfplugin6::provider_client::ProviderClient;
use tokio::net::UnixStream;
use tokio_rustls::TlsConnector;
use tonic::transport::{Channel, Endpoint, Uri};

pub const COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// A client identity shaped like the one go-plugin generates for Terraform:
/// ECDSA P-521 / SHA-512, CA:TRUE, SAN localhost.
pub struct Identity {
    pub pem: String,
    pub der: CertificateDer<'static>,
    pub key_der: Vec<u8>,
}

pub fn terraform_like_identity() -> Identity {
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params
        .distinguished_name
        .push(DnType::OrganizationName, "HashiCorp");
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
        KeyUsagePurpose::KeyCertSign,
    ];
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ClientAuth,
        ExtendedKeyUsagePurpose::ServerAuth,
    ];
    let cert = params.self_signed(&key).unwrap();
    Identity {
        pem: cert.pem(),
        der: cert.der().clone(),
        key_der: key.serialize_der(),
    }
}

/// A running provider process.
pub struct Plugin {
    pub child: Child,
    pub line: String,
    pub socket: PathBuf,
    pub server_cert: Option<Vec<u8>>,
    pub identity: Option<Identity>,
    pub stdout: BufReader<std::process::ChildStdout>,
}

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_terraform-provider-apigateway")
}

/// Starts the provider like Terraform does; `tls` decides whether a client cert is offered.
pub fn start(tls: bool) -> Plugin {
    start_with(tls, &[])
}

pub fn start_with(tls: bool, extra_env: &[(&str, &str)]) -> Plugin {
    let identity = tls.then(terraform_like_identity);
    let mut cmd = Command::new(binary());
    cmd.env_clear()
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "5,6")
        .env("PLUGIN_MIN_PORT", "10000")
        .env("PLUGIN_MAX_PORT", "25000")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(id) = &identity {
        cmd.env("PLUGIN_CLIENT_CERT", &id.pem);
    }
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let line = line.trim_end().to_owned();
    let fields: Vec<&str> = line.split('|').collect();
    assert!(fields.len() >= 5, "bad handshake line {line:?}");
    let server_cert = fields.get(5).map(|c| {
        base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(c)
            .unwrap()
    });
    let socket = PathBuf::from(fields[3]);
    Plugin {
        child,
        socket,
        server_cert,
        identity,
        line,
        stdout,
    }
}

impl Plugin {
    /// How the client authenticates itself.
    pub fn tls_config(&self, present: Option<&Identity>) -> rustls::ClientConfig {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ExactServerCert {
                der: self.server_cert.clone().expect("server speaks TLS"),
                provider,
            }));
        let mut config = match present {
            Some(id) => builder
                .with_client_auth_cert(
                    vec![id.der.clone()],
                    PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(id.key_der.clone())),
                )
                .unwrap(),
            None => builder.with_no_client_auth(),
        };
        config.alpn_protocols = vec![b"h2".to_vec()];
        config
    }

    /// A TLS connection presenting `present`; returns the stream (or the handshake error).
    pub async fn tls_connect(
        &self,
        present: Option<&Identity>,
    ) -> std::io::Result<tokio_rustls::client::TlsStream<UnixStream>> {
        let connector = TlsConnector::from(Arc::new(self.tls_config(present)));
        let stream = UnixStream::connect(&self.socket).await?;
        connector
            .connect(ServerName::try_from("localhost").unwrap(), stream)
            .await
    }

    /// A gRPC channel the way Terraform connects (TLS with its certificate when the server
    /// speaks TLS, plaintext otherwise).
    pub async fn channel(&self) -> Channel {
        let socket = self.socket.clone();
        let tls = self
            .server_cert
            .is_some()
            .then(|| Arc::new(self.tls_config(self.identity.as_ref())));
        Endpoint::try_from("http://localhost")
            .unwrap()
            .connect_with_connector(tower::service_fn(move |_: Uri| {
                let socket = socket.clone();
                let tls = tls.clone();
                async move {
                    let stream = UnixStream::connect(&socket).await?;
                    let io: Box<dyn Io> = match tls {
                        Some(config) => Box::new(
                            TlsConnector::from(config)
                                .connect(ServerName::try_from("localhost").unwrap(), stream)
                                .await?,
                        ),
                        None => Box::new(stream),
                    };
                    Ok::<_, std::io::Error>(TokioIo::new(io))
                }
            }))
            .await
            .unwrap()
    }

    pub async fn provider(&self) -> ProviderClient<Channel> {
        ProviderClient::new(self.channel().await)
            .max_decoding_message_size(256 << 20)
            .max_encoding_message_size(256 << 20)
    }

    pub async fn controller(&self) -> GrpcControllerClient<Channel> {
        GrpcControllerClient::new(self.channel().await)
    }

    /// Waits up to `limit` for the process to exit; its exit status if it did.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for Plugin {
    fn drop(&mut self) {
        // SIGTERM lets the provider remove its socket directory; SIGKILL only if it lingers.
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            if self.wait_exit(Duration::from_secs(2)).is_none() {
                let _ = self.child.kill();
            }
        }
        let _ = self.child.wait();
    }
}

pub trait Io: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin> Io for T {}

/// Trusts exactly the certificate from the handshake line, as go-plugin does.
#[derive(Debug)]
struct ExactServerCert {
    der: Vec<u8>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl ServerCertVerifier for ExactServerCert {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.der.as_slice() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(
                "unexpected server certificate".into(),
            ))
        }
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            m,
            c,
            d,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            m,
            c,
            d,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
