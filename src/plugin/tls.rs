//! Strict mutual TLS for the plugin server (go-plugin "AutoMTLS").
//!
//! When Terraform starts a provider it puts its own client certificate, PEM-encoded, in
//! `PLUGIN_CLIENT_CERT`. The provider must then serve gRPC over TLS with a freshly generated,
//! self-signed server certificate (SAN DNS `localhost`, positive serial, `serverAuth` EKU) and
//! announce that certificate in field 6 of the handshake line (see [`handshake_cert`]).
//! Terraform trusts exactly that certificate; the provider must trust exactly Terraform's.
//!
//! # The client-certificate trap
//!
//! Terraform's client certificate is ECDSA **P-521** with SHA-512 and carries
//! `basicConstraints CA:TRUE`. The obvious rustls set-ups all fail or are silently insecure:
//!
//! - rustls on the *ring* provider cannot verify P-521 signatures, so required client auth
//!   fails the handshake ("certificate required"). This module uses the aws-lc-rs provider,
//!   whose signature algorithms include `ECDSA_NISTP521_SHA512`.
//! - rustls' `WebPkiClientVerifier` builds a chain to a root store; rustls-webpki rejects a
//!   CA certificate presented as an end entity (`CaUsedAsEndEntity`), even when that same
//!   certificate is the trust anchor.
//! - The work-around seen in existing Rust crates, `client_auth_optional(true)` (or
//!   `allow_unauthenticated`), makes the handshake succeed by no longer authenticating the
//!   client at all: anyone who can reach the socket can drive the provider and its cloud
//!   credentials. This module never does that.
//!
//! Instead, [`server_tls`] installs a custom [`ClientCertVerifier`] that *requires* a client
//! certificate, accepts it only if its DER is byte-for-byte the one from `PLUGIN_CLIENT_CERT`
//! (pinning: no chain building, so the CA flag is irrelevant), and verifies the handshake
//! signature with that certificate's public key using aws-lc-rs's algorithms, so presenting
//! the (public) certificate without its private key gets nowhere. Parsing the certificate
//! for signature verification (`webpki::EndEntityCert`) does not look at the CA flag; only
//! chain building does, and it is never used here.
//!
//! The server also advertises ALPN `h2`: grpc-go in Terraform ≥ 1.12 and OpenTofu ≥ 1.11
//! refuses TLS servers that do not negotiate it.

use std::fmt;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use rcgen::{
    CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose, SanType, SerialNumber,
};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use rustls::server::NoServerSessionStorage;
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{
    CertificateError, DigitallySignedStruct, DistinguishedName as TlsDn, SignatureScheme,
};

/// The DNS name in the server certificate. go-plugin's client verifies the server against
/// the name `localhost`, whatever the address it dials.
const SERVER_NAME: &str = "localhost";

/// How far back the server certificate's validity starts (tolerates clock adjustments).
const NOT_BEFORE_SLACK: Duration = Duration::from_secs(24 * 60 * 60);

/// How long the server certificate stays valid. Terraform connects once, right after the
/// handshake line; a provider process never lives anywhere near this long.
const VALIDITY: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// What the server needs for TLS: the config for the acceptor and the DER of its own
/// certificate (for the handshake line).
#[derive(Debug, Clone)]
pub struct ServerTls {
    /// The rustls server configuration: aws-lc-rs provider, TLS 1.2 and 1.3, ALPN `h2`,
    /// mandatory client authentication pinned to the expected client certificate.
    /// Feed it to `tokio_rustls::TlsAcceptor::from`.
    pub config: Arc<rustls::ServerConfig>,
    /// The DER encoding of the freshly generated, self-signed server certificate; announce
    /// it in the handshake line with [`handshake_cert`].
    pub cert_der: Vec<u8>,
}

/// Why TLS could not be set up.
#[derive(Debug)]
pub enum TlsError {
    /// `PLUGIN_CLIENT_CERT` has no PEM `CERTIFICATE` block (or the PEM text is malformed).
    NoClientCert {
        /// What the PEM parser reported.
        detail: String,
    },
    /// `PLUGIN_CLIENT_CERT` holds more than one certificate; go-plugin always sends one,
    /// and pinning a set would be a guess at intent.
    SeveralClientCerts {
        /// How many certificates were found.
        count: usize,
    },
    /// Generating the server's key pair or self-signed certificate failed.
    CertGeneration(rcgen::Error),
    /// rustls refused the configuration (for example the generated key).
    Config(rustls::Error),
    /// The set-up thread could not be started or did not finish.
    Setup(String),
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoClientCert { detail } => write!(
                f,
                "PLUGIN_CLIENT_CERT does not hold a PEM certificate ({detail}); \
                 it should contain one \"-----BEGIN CERTIFICATE-----\" block"
            ),
            Self::SeveralClientCerts { count } => write!(
                f,
                "PLUGIN_CLIENT_CERT holds {count} certificates; exactly one was expected"
            ),
            Self::CertGeneration(e) => {
                write!(f, "could not generate the TLS server certificate: {e}")
            }
            Self::Config(e) => write!(f, "could not build the TLS server configuration: {e}"),
            Self::Setup(detail) => write!(f, "could not set up TLS: {detail}"),
        }
    }
}

impl std::error::Error for TlsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::NoClientCert { .. } | Self::SeveralClientCerts { .. } | Self::Setup(_) => None,
            Self::CertGeneration(e) => Some(e),
            Self::Config(e) => Some(e),
        }
    }
}

/// Parse the value of `PLUGIN_CLIENT_CERT`: PEM text holding exactly one `CERTIFICATE`
/// block. Other PEM sections (keys, comments) are ignored.
pub fn load_client_cert(pem: &str) -> Result<CertificateDer<'static>, TlsError> {
    let mut certs = Vec::with_capacity(1);
    for item in CertificateDer::pem_slice_iter(pem.as_bytes()) {
        let cert = item.map_err(|e| TlsError::NoClientCert {
            detail: e.to_string(),
        })?;
        certs.push(cert);
    }
    match certs.len() {
        0 => Err(TlsError::NoClientCert {
            detail: "no CERTIFICATE block found".to_owned(),
        }),
        1 => Ok(certs.swap_remove(0)),
        count => Err(TlsError::SeveralClientCerts { count }),
    }
}

/// Build a strict server config accepting only the exact client certificate in
/// `client_cert_pem` (the `PLUGIN_CLIENT_CERT` env var's value).
///
/// Generates a fresh ECDSA P-256 key and self-signed certificate for the server, offers TLS
/// 1.2 and 1.3 with ALPN `h2`, and requires the client to present the pinned certificate and
/// prove possession of its private key. The plugin server uses [`start_server_tls`] instead,
/// which does the same work on a thread of its own.
pub fn server_tls(client_cert_pem: &str) -> Result<ServerTls, TlsError> {
    let pending = start_server_tls(client_cert_pem)?;
    let cert_der = pending.certificate()?;
    let config = pending.config()?;
    Ok(ServerTls { config, cert_der })
}

/// The server's TLS set-up, under way on a thread of its own (see [`start_server_tls`]).
#[derive(Debug)]
pub struct PendingTls {
    /// The server certificate's DER (or why it could not be made), sent as soon as it exists.
    certificate: mpsc::Receiver<Result<Vec<u8>, TlsError>>,
    /// The finished configuration; `None` when the certificate already reported the failure.
    config: thread::JoinHandle<Option<Result<Arc<rustls::ServerConfig>, TlsError>>>,
}

/// Parses `client_cert_pem` (so a bad `PLUGIN_CLIENT_CERT` is reported at once) and starts
/// generating the server's key, certificate and rustls configuration on another thread.
///
/// In a fresh process this is most of the work before the handshake line (aws-lc's first
/// use, key generation and signing, ~0.3-0.4 ms here); on its own thread it overlaps the rest
/// of start-up (async runtime, socket). The handshake line needs only the certificate
/// ([`PendingTls::certificate`]); the configuration ([`PendingTls::config`]) is finished while
/// Terraform reads the line and dials.
pub fn start_server_tls(client_cert_pem: &str) -> Result<PendingTls, TlsError> {
    let client_cert = load_client_cert(client_cert_pem)?;
    let (send_certificate, certificate) = mpsc::sync_channel(1);
    let config = thread::Builder::new()
        .name("tls-setup".to_owned())
        .spawn(move || {
            let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
            match generate_server_cert(&provider) {
                Ok((cert_der, key_der)) => {
                    let _ = send_certificate.send(Ok(cert_der.clone()));
                    Some(server_config(provider, client_cert, cert_der, key_der))
                }
                Err(e) => {
                    let _ = send_certificate.send(Err(e));
                    None
                }
            }
        })
        .map_err(|e| TlsError::Setup(format!("cannot start a thread: {e}")))?;
    Ok(PendingTls {
        certificate,
        config,
    })
}

impl PendingTls {
    /// Waits for the server certificate and returns its DER (for the handshake line).
    pub fn certificate(&self) -> Result<Vec<u8>, TlsError> {
        self.certificate
            .recv()
            .map_err(|_| TlsError::Setup("the set-up thread stopped unexpectedly".to_owned()))?
    }

    /// Waits for the finished configuration. Call after [`Self::certificate`] succeeded.
    pub fn config(self) -> Result<Arc<rustls::ServerConfig>, TlsError> {
        match self.config.join() {
            Ok(Some(result)) => result,
            Ok(None) => Err(TlsError::Setup(
                "the server certificate could not be generated".to_owned(),
            )),
            Err(_) => Err(TlsError::Setup("the set-up thread panicked".to_owned())),
        }
    }
}

/// The rustls server configuration: aws-lc-rs, TLS 1.2 and 1.3, ALPN `h2`, the client pinned
/// to `client_cert`, no session resumption.
fn server_config(
    provider: Arc<CryptoProvider>,
    client_cert: CertificateDer<'static>,
    cert_der: Vec<u8>,
    key_der: Vec<u8>,
) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let verifier = Arc::new(PinnedClientCert {
        expected: client_cert,
        algorithms: provider.signature_verification_algorithms,
    });
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Config)?
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            vec![CertificateDer::from(cert_der)],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key_der)),
        )
        .map_err(TlsError::Config)?;
    config.alpn_protocols = vec![b"h2".to_vec()];
    // Terraform opens one connection per process; resumption would only add state (and a
    // path on which the client certificate is not presented again).
    config.session_storage = Arc::new(NoServerSessionStorage {});
    config.send_tls13_tickets = 0;
    Ok(Arc::new(config))
}

/// The handshake-line form of a cert: base64 standard alphabet WITHOUT padding
/// (go-plugin decodes with `RawStdEncoding`; a padded value fails with
/// "illegal base64 data").
pub fn handshake_cert(cert_der: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(cert_der)
}

/// Generate the server's ECDSA P-256 key and self-signed certificate; returns
/// `(certificate DER, PKCS#8 key DER)`.
fn generate_server_cert(provider: &CryptoProvider) -> Result<(Vec<u8>, Vec<u8>), TlsError> {
    let key_pair =
        KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(TlsError::CertGeneration)?;

    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, SERVER_NAME);
    params.distinguished_name = dn;
    params.subject_alt_names = vec![SanType::DnsName(
        SERVER_NAME.try_into().map_err(TlsError::CertGeneration)?,
    )];
    params.serial_number = Some(random_serial(provider)?);
    // rcgen wants `time::OffsetDateTime`; build it from the epoch so that the `time` crate
    // need not be a direct dependency.
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let epoch = rcgen::date_time_ymd(1970, 1, 1);
    params.not_before = epoch + since_epoch.saturating_sub(NOT_BEFORE_SLACK);
    params.not_after = epoch + since_epoch + VALIDITY;
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];

    let cert = params
        .self_signed(&key_pair)
        .map_err(TlsError::CertGeneration)?;
    Ok((cert.der().to_vec(), key_pair.serialize_der()))
}

/// A random, positive, non-zero 128-bit serial number.
fn random_serial(provider: &CryptoProvider) -> Result<SerialNumber, TlsError> {
    let mut bytes = vec![0u8; 16];
    provider
        .secure_random
        .fill(&mut bytes)
        .map_err(|e| TlsError::Config(e.into()))?;
    // Clear the sign bit (DER INTEGERs are signed) and set the next one so the value is
    // never zero and always 16 bytes long.
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    Ok(SerialNumber::from(bytes))
}

/// Client-certificate verifier that pins one exact certificate (see the module docs).
#[derive(Debug)]
struct PinnedClientCert {
    /// The DER of the only certificate accepted.
    expected: CertificateDer<'static>,
    /// The aws-lc-rs signature verification algorithms (include ECDSA P-521/SHA-512).
    algorithms: WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for PinnedClientCert {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[TlsDn] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        // go-plugin sends no intermediates; pinning the leaf makes any it sent irrelevant.
        _intermediates: &[CertificateDer<'_>],
        // Pinning replaces validity checks: the certificate was handed to us moments ago
        // by the process that started us.
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.expected.as_ref() {
            Ok(ClientCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rcgen::BasicConstraints;
    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::pki_types::ServerName;
    use rustls::sign::{CertifiedKey, SingleCertAndKey};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::{TlsAcceptor, TlsConnector};

    /// A certificate and key shaped like the one go-plugin generates for Terraform.
    struct ClientIdentity {
        pem: String,
        cert: CertificateDer<'static>,
        key: PrivatePkcs8KeyDer<'static>,
    }

    fn terraform_like_client_cert() -> ClientIdentity {
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).unwrap();
        let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, "localhost");
        dn.push(DnType::OrganizationName, "HashiCorp");
        params.distinguished_name = dn;
        params.serial_number = Some(SerialNumber::from(vec![0x12, 0x34, 0x56, 0x78]));
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
        ClientIdentity {
            pem: cert.pem(),
            cert: cert.der().clone(),
            key: PrivatePkcs8KeyDer::from(key.serialize_der()),
        }
    }

    fn provider() -> Arc<CryptoProvider> {
        Arc::new(rustls::crypto::aws_lc_rs::default_provider())
    }

    /// Client-side verifier trusting exactly the server certificate from the handshake line
    /// (the Terraform side's behaviour, minus the name/EKU checks covered separately).
    #[derive(Debug)]
    struct PinnedServer {
        expected: Vec<u8>,
        algorithms: WebPkiSupportedAlgorithms,
    }

    impl ServerCertVerifier for PinnedServer {
        fn verify_server_cert(
            &self,
            end_entity: &CertificateDer<'_>,
            _intermediates: &[CertificateDer<'_>],
            _server_name: &ServerName<'_>,
            _ocsp_response: &[u8],
            _now: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            if end_entity.as_ref() == self.expected.as_slice() {
                Ok(ServerCertVerified::assertion())
            } else {
                Err(rustls::Error::InvalidCertificate(
                    CertificateError::UnknownIssuer,
                ))
            }
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.algorithms.supported_schemes()
        }
    }

    /// Which client certificate (if any) the test client presents.
    enum Presents {
        Nothing,
        /// This certificate, signing with this key (possibly not the certificate's key).
        Cert(CertificateDer<'static>, PrivatePkcs8KeyDer<'static>),
    }

    fn client_config(
        server: &ServerTls,
        version: &'static rustls::SupportedProtocolVersion,
        presents: Presents,
    ) -> rustls::ClientConfig {
        let provider = provider();
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[version])
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(PinnedServer {
                expected: server.cert_der.clone(),
                algorithms: provider.signature_verification_algorithms,
            }));
        let mut config = match presents {
            Presents::Nothing => builder.with_no_client_auth(),
            Presents::Cert(cert, key) => {
                // `CertifiedKey::new` does not check that key and certificate match, so a
                // client can sign with the wrong key (case d).
                let signing_key = provider
                    .key_provider
                    .load_private_key(PrivateKeyDer::Pkcs8(key))
                    .unwrap();
                let certified = CertifiedKey::new(vec![cert], signing_key);
                builder.with_client_cert_resolver(Arc::new(SingleCertAndKey::from(certified)))
            }
        };
        config.alpn_protocols = vec![b"h2".to_vec()];
        config
    }

    type ServerStream = tokio_rustls::server::TlsStream<tokio::io::DuplexStream>;
    type ClientStream = tokio_rustls::client::TlsStream<tokio::io::DuplexStream>;

    /// Run a handshake over an in-memory pipe; returns (server result, client result).
    async fn handshake(
        server: &ServerTls,
        client: rustls::ClientConfig,
    ) -> (std::io::Result<ServerStream>, std::io::Result<ClientStream>) {
        let (client_io, server_io) = tokio::io::duplex(64 * 1024);
        let acceptor = TlsAcceptor::from(server.config.clone());
        let connector = TlsConnector::from(Arc::new(client));
        let name = ServerName::try_from("localhost").unwrap();
        tokio::join!(
            acceptor.accept(server_io),
            connector.connect(name, client_io)
        )
    }

    /// The rustls error inside a handshake's `io::Error`.
    fn rustls_error(e: &std::io::Error) -> &rustls::Error {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            .unwrap_or_else(|| panic!("not a rustls error: {e:?}"))
    }

    fn versions() -> [&'static rustls::SupportedProtocolVersion; 2] {
        [&rustls::version::TLS13, &rustls::version::TLS12]
    }

    // (a)
    #[tokio::test]
    async fn exact_client_cert_is_accepted_with_alpn_h2() {
        let client = terraform_like_client_cert();
        let server = server_tls(&client.pem).unwrap();
        for version in versions() {
            let config = client_config(
                &server,
                version,
                Presents::Cert(client.cert.clone(), client.key.clone_key()),
            );
            let (server_side, client_side) = handshake(&server, config).await;
            let mut server_stream = server_side.unwrap();
            let mut client_stream = client_side.unwrap();

            let (_, conn) = server_stream.get_ref();
            assert_eq!(conn.alpn_protocol(), Some(&b"h2"[..]));
            assert_eq!(conn.protocol_version(), Some(version.version));
            let presented = conn.peer_certificates().unwrap();
            assert_eq!(presented, std::slice::from_ref(&client.cert));
            assert_eq!(client_stream.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));

            client_stream.write_all(b"ping").await.unwrap();
            client_stream.flush().await.unwrap();
            let mut buf = [0u8; 4];
            server_stream.read_exact(&mut buf).await.unwrap();
            assert_eq!(&buf, b"ping");
            server_stream.write_all(b"pong").await.unwrap();
            server_stream.flush().await.unwrap();
            client_stream.read_exact(&mut buf).await.unwrap();
            assert_eq!(&buf, b"pong");
        }
    }

    // (b)
    #[tokio::test]
    async fn client_without_cert_is_refused() {
        let client = terraform_like_client_cert();
        let server = server_tls(&client.pem).unwrap();
        for version in versions() {
            let config = client_config(&server, version, Presents::Nothing);
            let (server_side, _) = handshake(&server, config).await;
            let err = server_side.err().unwrap();
            assert_eq!(rustls_error(&err), &rustls::Error::NoCertificatesPresented);
        }
    }

    // (c)
    #[tokio::test]
    async fn different_client_cert_is_refused() {
        let expected = terraform_like_client_cert();
        let other = terraform_like_client_cert();
        let server = server_tls(&expected.pem).unwrap();
        for version in versions() {
            let config = client_config(
                &server,
                version,
                Presents::Cert(other.cert.clone(), other.key.clone_key()),
            );
            let (server_side, _) = handshake(&server, config).await;
            let err = server_side.err().unwrap();
            assert_eq!(
                rustls_error(&err),
                &rustls::Error::InvalidCertificate(
                    CertificateError::ApplicationVerificationFailure
                )
            );
        }
    }

    // (d)
    #[tokio::test]
    async fn right_cert_with_wrong_key_is_refused() {
        let expected = terraform_like_client_cert();
        let impostor = terraform_like_client_cert();
        let server = server_tls(&expected.pem).unwrap();
        for version in versions() {
            let config = client_config(
                &server,
                version,
                Presents::Cert(expected.cert.clone(), impostor.key.clone_key()),
            );
            let (server_side, _) = handshake(&server, config).await;
            let err = server_side.err().unwrap();
            assert_eq!(
                rustls_error(&err),
                &rustls::Error::InvalidCertificate(CertificateError::BadSignature)
            );
        }
    }

    // (e)
    #[tokio::test]
    async fn plaintext_is_refused() {
        let client = terraform_like_client_cert();
        let server = server_tls(&client.pem).unwrap();
        let (mut client_io, server_io) = tokio::io::duplex(64 * 1024);
        let acceptor = TlsAcceptor::from(server.config.clone());
        // An HTTP/2 client preface, as a plaintext gRPC client would send it.
        client_io
            .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
            .await
            .unwrap();
        let result = acceptor.accept(server_io).await;
        assert!(result.is_err(), "plaintext bytes completed a TLS handshake");
    }

    // (f)
    #[test]
    fn handshake_cert_is_unpadded_standard_base64() {
        let client = terraform_like_client_cert();
        let server = server_tls(&client.pem).unwrap();
        for der in [
            server.cert_der.as_slice(),
            b"a",
            b"ab",
            b"abc",
            &[0xfb, 0xff, 0xfe],
        ] {
            let line = handshake_cert(der);
            assert!(!line.contains('='), "{line}");
            assert!(!line.contains('-') && !line.contains('_'), "{line}");
            let decoded = base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(&line)
                .unwrap();
            assert_eq!(decoded, der);
        }
    }

    // (g)
    #[test]
    fn garbage_pem_is_a_clear_error() {
        for garbage in [
            "",
            "hello",
            "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nAAAA\n",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        ] {
            let err = server_tls(garbage).unwrap_err();
            assert!(matches!(err, TlsError::NoClientCert { .. }), "{err:?}");
            let message = err.to_string();
            assert!(
                message.starts_with("PLUGIN_CLIENT_CERT does not hold a PEM certificate"),
                "{message}"
            );
        }
        let one = terraform_like_client_cert().pem;
        let err = server_tls(&format!("{one}{one}")).unwrap_err();
        assert!(
            matches!(err, TlsError::SeveralClientCerts { count: 2 }),
            "{err:?}"
        );
    }

    #[test]
    fn load_client_cert_round_trips_and_ignores_other_sections() {
        let client = terraform_like_client_cert();
        let pem = format!(
            "junk before\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n{}",
            client.pem
        );
        assert_eq!(load_client_cert(&pem).unwrap(), client.cert);
    }

    /// Terraform's client (go-plugin) puts the announced cert in its root pool and verifies the
    /// server as `localhost`; webpki doing the same checks the SAN, validity and EKU.
    #[test]
    fn server_cert_verifies_as_localhost_when_trusted_as_root() {
        let client = terraform_like_client_cert();
        let server = server_tls(&client.pem).unwrap();
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(CertificateDer::from(server.cert_der.clone()))
            .unwrap();
        let verifier = rustls::client::WebPkiServerVerifier::builder_with_provider(
            Arc::new(roots),
            provider(),
        )
        .build()
        .unwrap();
        let cert = CertificateDer::from(server.cert_der.clone());
        verifier
            .verify_server_cert(
                &cert,
                &[],
                &ServerName::try_from("localhost").unwrap(),
                &[],
                UnixTime::now(),
            )
            .unwrap();
        assert!(
            verifier
                .verify_server_cert(
                    &cert,
                    &[],
                    &ServerName::try_from("example.com").unwrap(),
                    &[],
                    UnixTime::now(),
                )
                .is_err()
        );
    }

    #[test]
    fn each_start_generates_a_new_server_cert_with_positive_serial() {
        let client = terraform_like_client_cert();
        let a = server_tls(&client.pem).unwrap();
        let b = server_tls(&client.pem).unwrap();
        assert_ne!(a.cert_der, b.cert_der);
        for der in [&a.cert_der, &b.cert_der] {
            // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version, serial INTEGER
            let (_, cert) = der_tlv(der, 0x30);
            let (_, tbs) = der_tlv(cert, 0x30);
            let (rest, _version) = der_tlv(tbs, 0xa0);
            let (_, serial) = der_tlv(rest, 0x02);
            assert_eq!(serial.len(), 16, "{serial:02x?}");
            assert_eq!(serial[0] & 0x80, 0, "negative serial {serial:02x?}");
            assert_ne!(serial[0], 0, "non-minimal serial {serial:02x?}");
        }
    }

    /// Split one DER TLV with the given tag off the front of `input`: (rest, contents).
    fn der_tlv(input: &[u8], tag: u8) -> (&[u8], &[u8]) {
        assert_eq!(input[0], tag);
        let (len, header) = match input[1] {
            short @ 0..=0x7f => (usize::from(short), 2),
            long => {
                let n = usize::from(long & 0x7f);
                let len = input[2..2 + n]
                    .iter()
                    .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
                (len, 2 + n)
            }
        };
        (&input[header + len..], &input[header..header + len])
    }

    #[test]
    fn verifier_supports_p521_sha512() {
        let verifier = PinnedClientCert {
            expected: terraform_like_client_cert().cert,
            algorithms: provider().signature_verification_algorithms,
        };
        assert!(
            verifier
                .supported_verify_schemes()
                .contains(&SignatureScheme::ECDSA_NISTP521_SHA512)
        );
        assert!(verifier.offer_client_auth());
        assert!(verifier.client_auth_mandatory());
        assert!(verifier.root_hint_subjects().is_empty());
    }
}
