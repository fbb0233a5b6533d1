//! The process side of the plugin protocol: go-plugin's handshake, the private Unix socket,
//! TLS, and the lifecycle (Shutdown, parent death, signals).

use std::io::Write as _;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{Notify, mpsc, watch};
use tokio_rustls::TlsAcceptor;
use tokio_stream::wrappers::ReceiverStream;
use tonic::transport::server::Connected;

use super::core::Core;
use super::proto::controller::grpc_controller_server::GrpcControllerServer;
use super::proto::tfplugin6::provider_server::ProviderServer;
use super::rpc::{Controller, ProviderService};
use super::tls;

/// The environment variable go-plugin sets to prove Terraform started the process.
pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
/// Its value (the same for every Terraform provider).
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/// The only plugin protocol version served.
pub const PROTOCOL_VERSION: u32 = 6;
/// Largest gRPC message in either direction. Terraform allows 2 GiB; tonic's 4 MiB default
/// would fail large plans, so use what Terraform's Go SDKs use.
pub const MAX_MESSAGE_SIZE: usize = 256 * 1024 * 1024;
/// How long a TLS handshake may take before the connection is dropped.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long in-flight RPCs get to finish after Shutdown before the process exits anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);
/// How often the parent process is checked for; when Terraform dies, the provider follows.
const PARENT_POLL: Duration = Duration::from_millis(500);

/// What a person sees when running the binary by hand.
pub const RUN_BY_HAND: &str = "This binary is a plugin for Terraform (provider seed/apigateway). \
It is not meant to be run directly: Terraform starts it. Install it with a dev_overrides block \
in your Terraform CLI configuration (see the README), or run it with --debug to attach Terraform \
to it through TF_REATTACH_PROVIDERS. --version prints the version, --help the usage.";

/// Picks the protocol version from go-plugin's `PLUGIN_PROTOCOL_VERSIONS` (a comma-separated
/// set, in any order). `None` (the variable is unset) means the default, 6.
pub fn negotiate(offered: Option<&str>) -> Result<u32, String> {
    let Some(list) = offered else {
        return Ok(PROTOCOL_VERSION);
    };
    let wanted = PROTOCOL_VERSION.to_string();
    if list.split(',').any(|v| v.trim() == wanted) {
        Ok(PROTOCOL_VERSION)
    } else {
        Err(format!(
            "Terraform offered plugin protocol version(s) {list:?}, but this provider speaks only \
             version {PROTOCOL_VERSION} (Terraform 1.0 or newer)."
        ))
    }
}

/// The handshake line go-plugin reads from stdout.
pub fn handshake_line(socket: &Path, cert_der: Option<&[u8]>) -> String {
    let mut line = format!("1|{PROTOCOL_VERSION}|unix|{}|grpc", socket.display());
    if let Some(der) = cert_der {
        line.push('|');
        line.push_str(&tls::handshake_cert(der));
    }
    line
}

/// How the server was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Started by Terraform: handshake on stdout, TLS when asked, SIGINT ignored.
    Plugin,
    /// Started by a person with `--debug`: plaintext, prints TF_REATTACH_PROVIDERS.
    Debug,
}

/// A private directory holding the socket, removed when dropped.
#[derive(Debug)]
struct SocketDir(PathBuf);

impl SocketDir {
    fn create() -> std::io::Result<Self> {
        let base = std::env::var_os("PLUGIN_UNIX_SOCKET_DIR")
            .filter(|d| !d.is_empty())
            .map_or_else(std::env::temp_dir, PathBuf::from);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = base.join(format!("tf-apigateway-{}-{nanos:08x}", std::process::id()));
        // 0700: only this user can even reach the socket.
        std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
        Ok(Self(dir))
    }
}

impl Drop for SocketDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A served connection: plaintext (no client certificate configured) or TLS.
enum Conn {
    Plain(UnixStream),
    Tls(Box<tokio_rustls::server::TlsStream<UnixStream>>),
}

impl Connected for Conn {
    type ConnectInfo = ();
    fn connect_info(&self) -> Self::ConnectInfo {}
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_flush(cx),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }
    fn is_write_vectored(&self) -> bool {
        match self {
            Conn::Plain(s) => s.is_write_vectored(),
            Conn::Tls(s) => s.is_write_vectored(),
        }
    }
}

/// Accepts connections, completing TLS (each handshake in its own task so a slow or hostile
/// client cannot hold up others) and passing on only those that succeed.
fn accept_loop(
    listener: UnixListener,
    acceptor: Option<TlsAcceptor>,
) -> ReceiverStream<std::io::Result<Conn>> {
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            };
            let tx = tx.clone();
            match &acceptor {
                None => {
                    if tx.send(Ok(Conn::Plain(stream))).await.is_err() {
                        return;
                    }
                }
                Some(acceptor) => {
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream))
                            .await
                        {
                            Ok(Ok(tls)) => {
                                let _ = tx.send(Ok(Conn::Tls(Box::new(tls)))).await;
                            }
                            Ok(Err(e)) => {
                                tracing::warn!(error = %e, "refused a connection: TLS handshake failed")
                            }
                            Err(_) => {
                                tracing::warn!("refused a connection: TLS handshake timed out")
                            }
                        }
                    });
                }
            }
        }
    });
    ReceiverStream::new(rx)
}

/// What is started before the async runtime exists: the protocol check and, under
/// Terraform, the TLS set-up on a thread of its own (it is most of the work before the
/// handshake line, and overlaps the rest).
#[derive(Debug)]
pub struct Startup {
    mode: Mode,
    tls: Option<tls::PendingTls>,
}

impl Startup {
    /// Checks what go-plugin asked for and starts the TLS set-up when Terraform sent a client
    /// certificate. The error is a message for stderr.
    pub fn begin(mode: Mode) -> Result<Self, String> {
        if mode == Mode::Plugin {
            negotiate(std::env::var("PLUGIN_PROTOCOL_VERSIONS").ok().as_deref())?;
        }
        let client_cert = match mode {
            Mode::Plugin => std::env::var("PLUGIN_CLIENT_CERT")
                .ok()
                .filter(|c| !c.trim().is_empty()),
            Mode::Debug => None,
        };
        let tls = client_cert
            .map(|pem| tls::start_server_tls(&pem))
            .transpose()
            .map_err(|e| e.to_string())?;
        Ok(Self { mode, tls })
    }
}

/// Serves until Shutdown, SIGTERM or the parent's death; returns the exit code.
///
/// `core` is built only after the handshake line is out: Terraform waits for that line, and
/// nothing needs the resources' schemas before the first RPC.
pub async fn serve(startup: Startup, core: impl FnOnce() -> Arc<Core>) -> i32 {
    match serve_inner(startup, core).await {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("terraform-provider-apigateway: {message}");
            1
        }
    }
}

async fn serve_inner(startup: Startup, core: impl FnOnce() -> Arc<Core>) -> Result<(), String> {
    let Startup { mode, tls } = startup;
    let dir =
        SocketDir::create().map_err(|e| format!("cannot create the socket directory: {e}"))?;
    let socket = dir.0.join("plugin.sock");
    let listener = UnixListener::bind(&socket)
        .map_err(|e| format!("cannot listen on {}: {e}", socket.display()))?;
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| format!("cannot restrict {}: {e}", socket.display()))?;

    let stop = Arc::new(Notify::new());
    // Before the handshake: a SIGTERM right after it must still remove the socket.
    on_terminate(Arc::clone(&stop));
    match mode {
        Mode::Plugin => {
            ignore_interrupts();
            watch_parent(Arc::clone(&stop));
            let cert_der = tls
                .as_ref()
                .map(tls::PendingTls::certificate)
                .transpose()
                .map_err(|e| e.to_string())?;
            let line = handshake_line(&socket, cert_der.as_deref());
            // The one and only line on stdout: go-plugin reads it, then stdout is never written again.
            let mut out = std::io::stdout().lock();
            writeln!(out, "{line}")
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write the handshake: {e}"))?;
        }
        Mode::Debug => {
            // Registered now, not when the task first runs: Ctrl-C right after the
            // instructions must already stop the server cleanly.
            let mut sigint =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
            let stop = Arc::clone(&stop);
            tokio::spawn(async move {
                let _ = sigint.recv().await;
                stop.notify_one();
            });
            eprintln!("{}", reattach_instructions(&socket));
        }
    }

    let acceptor = match tls {
        Some(pending) => Some(TlsAcceptor::from(
            pending.config().map_err(|e| e.to_string())?,
        )),
        None => None,
    };
    let incoming = accept_loop(listener, acceptor);
    let core = core();
    let service = ProviderServer::new(ProviderService::new(Arc::clone(&core)))
        .max_decoding_message_size(MAX_MESSAGE_SIZE)
        .max_encoding_message_size(MAX_MESSAGE_SIZE);
    let controller = GrpcControllerServer::new(Controller {
        shutdown: Arc::clone(&stop),
    });
    let (done_tx, mut done_rx) = watch::channel(false);
    let server = tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(service)
            .add_service(controller)
            .serve_with_incoming_shutdown(incoming, async move {
                let _ = done_rx.wait_for(|d| *d).await;
            }),
    );
    stop.notified().await;
    let calls = core.aws_calls();
    tracing::debug!(
        aws_calls_total = calls.values().sum::<u64>(),
        aws_calls = %serde_json::to_string(&calls).unwrap_or_default(),
        peak_rss_kb = peak_rss_kb().unwrap_or(0),
        "shutting down"
    );
    let _ = done_tx.send(true);
    // Give in-flight answers (the Shutdown reply itself) a moment, but never hang: Terraform
    // kills providers that take longer than 2 s to exit.
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, server).await;
    drop(dir);
    Ok(())
}

/// The process's peak resident set size (VmHWM), for the shutdown log line.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The TF_REATTACH_PROVIDERS value for debug mode, with instructions.
fn reattach_instructions(socket: &Path) -> String {
    let value = serde_json::json!({
        "registry.terraform.io/seed/apigateway": {
            "Protocol": "grpc",
            "ProtocolVersion": PROTOCOL_VERSION,
            "Pid": std::process::id(),
            // Without "Test", Terraform assumes protocol 5 for reattached providers.
            "Test": true,
            "Addr": { "Network": "unix", "String": socket.display().to_string() },
        }
    });
    format!(
        "Provider serving in debug mode. In another terminal, run Terraform with:\n\n\
         \texport TF_REATTACH_PROVIDERS='{value}'\n\nPress Ctrl-C to stop the provider."
    )
}

/// go-plugin servers ignore SIGINT: the terminal sends it to the whole process group, and
/// Terraform asks the provider to stop through StopProvider instead.
fn ignore_interrupts() {
    if let Ok(mut sigint) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
    {
        tokio::spawn(async move {
            while sigint.recv().await.is_some() {
                tracing::debug!("ignoring SIGINT; Terraform will call StopProvider");
            }
        });
    }
}

/// SIGTERM shuts down cleanly (removing the socket) instead of dying mid-write.
fn on_terminate(stop: Arc<Notify>) {
    if let Ok(mut sigterm) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    {
        tokio::spawn(async move {
            if sigterm.recv().await.is_some() {
                stop.notify_one();
            }
        });
    }
}

/// Exits when the parent (Terraform) goes away, e.g. after `kill -9`: the process is then
/// re-parented, so its parent id changes.
fn watch_parent(stop: Arc<Notify>) {
    let parent = std::os::unix::process::parent_id();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(PARENT_POLL).await;
            if std::os::unix::process::parent_id() != parent {
                tracing::warn!("Terraform (the parent process) is gone; exiting");
                stop.notify_one();
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_treats_the_list_as_a_set() {
        for offered in ["6", "5,6", "6,5", " 5 , 6 ", "4,6,7"] {
            assert_eq!(negotiate(Some(offered)), Ok(6), "{offered}");
        }
        assert_eq!(negotiate(None), Ok(6));
        for offered in ["5", "", "4,5", "66"] {
            assert!(negotiate(Some(offered)).is_err(), "{offered}");
        }
    }

    #[test]
    fn handshake_line_has_five_or_six_fields() {
        let p = Path::new("/tmp/d/plugin.sock");
        assert_eq!(handshake_line(p, None), "1|6|unix|/tmp/d/plugin.sock|grpc");
        let line = handshake_line(p, Some(&[1, 2, 3, 4]));
        let fields: Vec<_> = line.split('|').collect();
        assert_eq!(fields.len(), 6);
        assert_eq!(fields[5], "AQIDBA");
    }

    #[test]
    fn reattach_value_is_valid_json_with_test_set() {
        let text = reattach_instructions(Path::new("/tmp/x.sock"));
        let json = text.split('\'').nth(1).unwrap();
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        let p = &v["registry.terraform.io/seed/apigateway"];
        assert_eq!(p["Test"], true);
        assert_eq!(p["ProtocolVersion"], 6);
        assert_eq!(p["Addr"]["String"], "/tmp/x.sock");
    }
}
