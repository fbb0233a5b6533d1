//! Logs as JSON lines Terraform understands.
//!
//! Terraform reads a provider's stderr line by line. A line that is a JSON object in the shape
//! written by HashiCorp's `go-hclog` is parsed and shown as a structured log entry; anything else
//! is shown raw at DEBUG. The shape is:
//!
//! ```json
//! {"@level":"info","@message":"created","@module":"provider","@timestamp":"2026-11-21T05:28:19.898123Z","tf_rpc":"ApplyResourceChange","id":"a1b2c3"}
//! ```
//!
//! - `@level`: one of `trace`, `debug`, `info`, `warn`, `error` (not `warning`).
//! - `@message`: the event's `message` field (the format string of `tracing::info!("...")`).
//! - `@module`: always `provider`. Terraform names the sub-logger after it, so lines appear as
//!   `provider.terraform-provider-apigateway: ...`, which is what plugin SDKs produce for
//!   provider-authored lines (`sdk.proto` etc. are reserved for SDK internals, which we have none
//!   of).
//! - `@timestamp`: UTC, RFC 3339 with exactly six fractional digits and a trailing `Z`.
//! - Every other key becomes a `key=value` pair in Terraform's output: the fields of every span
//!   enclosing the event (root first, inner spans overriding outer ones on a key clash), then the
//!   event's own fields (which override span fields). Numbers stay numbers, booleans stay
//!   booleans, strings and `Debug`/`Display` values become strings. Field names starting with `@`
//!   are dropped so they cannot spoof the four keys above. Fields whose name contains `secret`,
//!   `token`, `password` or `access_key` (any case) are written as `"[redacted]"`.
//!
//! Why not `tracing_subscriber::fmt().json()`: it writes `timestamp`, `level` (upper case),
//! `fields.message`, `target` and nests span data under `span`/`spans`, so Terraform would not
//! recognise a single key and would show every line raw. Hence [`TerraformJsonLayer`], a small
//! hand-written [`Layer`].
//!
//! Which lines are written: Terraform filters provider logs with `TF_LOG_PROVIDER`, falling back
//! to `TF_LOG` ([`level_from_env`]). When both say "off" no subscriber is installed at all, so
//! `tracing` macros cost a relaxed atomic load. Otherwise events above the chosen level are
//! rejected per call site (cached by `tracing`), never formatted.

use std::fmt;
use std::io::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Number, Value};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::Registry;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

/// The `@module` written on every line.
const MODULE: &str = "provider";

/// What a field's value is replaced with when its name looks like a secret.
const REDACTED: &str = "[redacted]";

/// Substrings (lower case) of field names whose values are never written.
const SECRET_NAME_PARTS: [&str; 4] = ["secret", "token", "password", "access_key"];

/// The log level Terraform asked for, read from the process environment.
///
/// `TF_LOG_PROVIDER` wins when set to a non-empty value (including `off`); otherwise `TF_LOG`
/// decides. See [`parse_level`] for how a value is read. `None` means logging is off.
pub fn level_from_env() -> Option<Level> {
    let provider = std::env::var("TF_LOG_PROVIDER").ok();
    let global = std::env::var("TF_LOG").ok();
    parse_level(provider.as_deref(), global.as_deref())
}

/// The pure logic behind [`level_from_env`]: `tf_log_provider` and `tf_log` are the values of
/// `TF_LOG_PROVIDER` and `TF_LOG` (`None` when unset).
///
/// The first value that is non-empty after trimming is used, the way Terraform's own
/// `providerLogLevel` does:
/// - `trace`, `debug`, `info`, `warn`, `error` (any case): that level;
/// - `json`: TRACE (Terraform's `TF_LOG=JSON` means "everything, as JSON");
/// - `off`: `None`;
/// - anything else: TRACE, as Terraform does for an invalid level (Terraform itself prints the
///   warning about it, so we do not repeat it).
///
/// When neither value is set (or both are empty) logging is off (`None`).
pub fn parse_level(tf_log_provider: Option<&str>, tf_log: Option<&str>) -> Option<Level> {
    let value = [tf_log_provider, tf_log]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|v| !v.is_empty())?;
    match value.to_ascii_lowercase().as_str() {
        "off" => None,
        "error" => Some(Level::ERROR),
        "warn" => Some(Level::WARN),
        "info" => Some(Level::INFO),
        "debug" => Some(Level::DEBUG),
        // "trace", "json" and anything unrecognised.
        _ => Some(Level::TRACE),
    }
}

/// Install a global subscriber writing Terraform's JSON lines to stderr, keeping events at
/// `level` or more severe.
///
/// With `None` (logging off) nothing is installed, so start-up and every `tracing` macro pay
/// (almost) nothing. Calling it when a global subscriber already exists does nothing.
pub fn init(level: Option<Level>) {
    let Some(level) = level else { return };
    let subscriber = Registry::default().with(TerraformJsonLayer::stderr(level));
    // Fails only if a global subscriber is already set; keeping that one is the right outcome.
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// The line sink used by [`TerraformJsonLayer::stderr`]: one `write_all` per line. `Stderr`
/// holds its lock for the whole `write_all`, so lines from concurrent threads never interleave.
/// Errors (stderr closed) are ignored: there is nowhere left to report them.
fn write_stderr(line: &[u8]) {
    let _ = std::io::stderr().write_all(line);
}

/// A [`Layer`] turning each enabled `tracing` event into one line of Terraform's JSON log format
/// (see the [module documentation](self)).
///
/// `W` is the line sink: it is called once per event with the complete line, trailing `\n`
/// included, and must write it in one go (tests collect lines in a `Mutex<Vec<u8>>`;
/// [`TerraformJsonLayer::stderr`] writes to stderr). The layer never writes to stdout, which
/// belongs to the plugin handshake.
///
/// Filtering: events are kept when at `max_level` or more severe. Spans are kept at the same
/// levels and, in addition, always when they come from this crate, so that the context they carry
/// (`tf_rpc`, `tf_resource_type`, `tf_req_id`, ...) is attached to a WARN event even when the
/// span itself is at INFO.
pub struct TerraformJsonLayer<W> {
    max_level: Level,
    sink: W,
}

impl<W> fmt::Debug for TerraformJsonLayer<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TerraformJsonLayer")
            .field("max_level", &self.max_level)
            .finish_non_exhaustive()
    }
}

impl TerraformJsonLayer<fn(&[u8])> {
    /// A layer writing to the process's stderr (where Terraform reads provider logs).
    pub fn stderr(max_level: Level) -> Self {
        Self::new(max_level, write_stderr)
    }
}

impl<W> TerraformJsonLayer<W>
where
    W: Fn(&[u8]) + Send + Sync + 'static,
{
    /// A layer keeping events at `max_level` or more severe and handing each line to `sink`.
    pub fn new(max_level: Level, sink: W) -> Self {
        Self { max_level, sink }
    }

    /// Whether a call site (span or event) is recorded at all. Libraries (h2, hyper, the AWS
    /// SDK) only get through at WARN or above: their debug and trace output is noise to a
    /// Terraform user and could carry request headers such as a session token.
    fn wants(&self, metadata: &Metadata<'_>) -> bool {
        let own = is_own_target(metadata.target());
        if metadata.is_span() {
            return own || *metadata.level() <= self.max_level.min(Level::WARN);
        }
        let ceiling = if own {
            self.max_level
        } else {
            self.max_level.min(Level::WARN)
        };
        *metadata.level() <= ceiling
    }
}

/// Whether `target` (a module path by default) belongs to this crate.
fn is_own_target(target: &str) -> bool {
    let own = env!("CARGO_CRATE_NAME");
    target
        .strip_prefix(own)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
}

/// The fields recorded on a span, kept in the span's extensions until it closes.
#[derive(Debug, Default)]
struct SpanFields(Map<String, Value>);

impl<S, W> Layer<S> for TerraformJsonLayer<W>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: Fn(&[u8]) + Send + Sync + 'static,
{
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if self.wants(metadata) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        self.wants(metadata)
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = SpanFields::default();
        attrs.record(&mut JsonVisitor::new(&mut fields.0, None));
        span.extensions_mut().insert(fields);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(fields) = extensions.get_mut::<SpanFields>() {
            values.record(&mut JsonVisitor::new(&mut fields.0, None));
        } else {
            let mut fields = SpanFields::default();
            values.record(&mut JsonVisitor::new(&mut fields.0, None));
            extensions.insert(fields);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut line = Map::new();
        line.insert(
            "@level".into(),
            Value::from(level_name(*event.metadata().level())),
        );
        line.insert("@message".into(), Value::from(""));
        line.insert("@module".into(), Value::from(MODULE));
        line.insert(
            "@timestamp".into(),
            Value::from(format_timestamp(SystemTime::now())),
        );

        if let Some(scope) = ctx.event_scope(event) {
            for span in scope.from_root() {
                if let Some(fields) = span.extensions().get::<SpanFields>() {
                    for (key, value) in &fields.0 {
                        line.insert(key.clone(), value.clone());
                    }
                }
            }
        }

        let mut message = None;
        event.record(&mut JsonVisitor::new(&mut line, Some(&mut message)));
        if let Some(message) = message {
            line.insert("@message".into(), Value::from(message));
        }

        let Ok(mut bytes) = serde_json::to_vec(&Value::Object(line)) else {
            return;
        };
        bytes.push(b'\n');
        (self.sink)(&bytes);
    }
}

/// The `@level` value for a `tracing` level.
fn level_name(level: Level) -> &'static str {
    match level {
        Level::ERROR => "error",
        Level::WARN => "warn",
        Level::INFO => "info",
        Level::DEBUG => "debug",
        _ => "trace",
    }
}

/// Whether a field's value must not be written, judged by its name.
fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_NAME_PARTS.iter().any(|part| lower.contains(part))
}

/// Records `tracing` fields into a JSON object, applying the naming and redaction rules.
struct JsonVisitor<'a> {
    fields: &'a mut Map<String, Value>,
    /// When set (events), the `message` field goes here instead of into `fields`.
    message: Option<&'a mut Option<String>>,
}

impl<'a> JsonVisitor<'a> {
    fn new(fields: &'a mut Map<String, Value>, message: Option<&'a mut Option<String>>) -> Self {
        Self { fields, message }
    }

    fn put(&mut self, field: &Field, value: Value) {
        let name = field.name();
        if name == "message"
            && let Some(message) = self.message.as_deref_mut()
        {
            *message = Some(match value {
                Value::String(s) => s,
                other => other.to_string(),
            });
            return;
        }
        if name.starts_with('@') {
            return;
        }
        let value = if is_secret_name(name) {
            Value::from(REDACTED)
        } else {
            value
        };
        self.fields.insert(name.to_owned(), value);
    }
}

impl Visit for JsonVisitor<'_> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        let value =
            Number::from_f64(value).map_or_else(|| Value::from(value.to_string()), Value::Number);
        self.put(field, value);
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, Value::from(value));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, Value::from(value));
    }

    fn record_i128(&mut self, field: &Field, value: i128) {
        let value =
            Number::from_i128(value).map_or_else(|| Value::from(value.to_string()), Value::Number);
        self.put(field, value);
    }

    fn record_u128(&mut self, field: &Field, value: u128) {
        let value =
            Number::from_u128(value).map_or_else(|| Value::from(value.to_string()), Value::Number);
        self.put(field, value);
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, Value::from(value));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, Value::from(value));
    }

    /// Errors are written as their `Display` text followed by each source's, joined by `": "`
    /// (AWS SDK errors keep the useful part in their sources).
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        let mut text = value.to_string();
        let mut source = value.source();
        while let Some(error) = source {
            text.push_str(": ");
            text.push_str(&error.to_string());
            source = error.source();
        }
        self.put(field, Value::from(text));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put(field, Value::from(format!("{value:?}")));
    }
}

/// Formats `time` as UTC RFC 3339 with exactly six fractional digits, e.g.
/// `2026-11-21T05:28:19.898123Z`. Sub-microsecond digits are truncated; times before 1970 are
/// written as the epoch.
pub fn format_timestamp(time: SystemTime) -> String {
    let since_epoch = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since_epoch.as_secs();
    let micros = since_epoch.subsec_micros();
    let (year, month, day) = civil_from_days(secs / 86_400);
    let second_of_day = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{micros:06}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60,
    )
}

/// (year, month 1..=12, day 1..=31) of the proleptic Gregorian date `days` days after
/// 1970-01-01. Howard Hinnant's `civil_from_days`, restricted to non-negative day counts.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Shift the epoch to 0000-03-01 so that leap days fall at the end of each year.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097; // [0, 146096]
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365; // [0, 399]
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100); // [0, 365]
    let month_from_march = (5 * day_of_year + 2) / 153; // [0, 11]
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex, PoisonError};
    use std::time::Duration;

    /// Runs `f` with a subscriber made of a [`TerraformJsonLayer`] at `level`, and returns each
    /// sink call (one per line) as raw bytes.
    fn capture_raw(level: Level, f: impl FnOnce()) -> Vec<Vec<u8>> {
        let calls: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
        let sink_calls = Arc::clone(&calls);
        let layer = TerraformJsonLayer::new(level, move |line: &[u8]| {
            sink_calls
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(line.to_vec());
        });
        tracing::subscriber::with_default(Registry::default().with(layer), f);
        let calls = calls.lock().unwrap_or_else(PoisonError::into_inner);
        calls.clone()
    }

    /// Like [`capture_raw`], parsing every line (which must be exactly one JSON object + `\n`).
    fn capture(level: Level, f: impl FnOnce()) -> Vec<Map<String, Value>> {
        capture_raw(level, f)
            .into_iter()
            .map(|bytes| {
                let text = String::from_utf8(bytes).expect("utf-8 line");
                let body = text.strip_suffix('\n').expect("line ends with a newline");
                assert!(!body.contains('\n'), "one line per event: {text:?}");
                match serde_json::from_str::<Value>(body).expect("valid JSON") {
                    Value::Object(map) => map,
                    other => panic!("not an object: {other}"),
                }
            })
            .collect()
    }

    fn assert_timestamp_shape(ts: &str) {
        let b = ts.as_bytes();
        assert_eq!(b.len(), 27, "{ts}");
        for (i, &c) in b.iter().enumerate() {
            let expected = match i {
                4 | 7 => Some(b'-'),
                10 => Some(b'T'),
                13 | 16 => Some(b':'),
                19 => Some(b'.'),
                26 => Some(b'Z'),
                _ => None,
            };
            match expected {
                Some(e) => assert_eq!(c, e, "{ts} at {i}"),
                None => assert!(c.is_ascii_digit(), "{ts} at {i}"),
            }
        }
    }

    #[test]
    fn line_has_exactly_the_expected_keys_and_types() {
        let lines = capture(Level::TRACE, || {
            tracing::info!(
                count = 3_u64,
                delta = -2_i64,
                ok = true,
                ratio = 0.5_f64,
                big = 170_141_183_460_469_231_731_687_303_715_884_105_727_i128,
                name = "widget",
                items = ?vec![1, 2],
                "hello {}",
                "world"
            );
        });
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        let keys: Vec<&str> = line.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "@level",
                "@message",
                "@module",
                "@timestamp",
                "count",
                "delta",
                "ok",
                "ratio",
                "big",
                "name",
                "items"
            ]
        );
        assert_eq!(line["@level"], "info");
        assert_eq!(line["@message"], "hello world");
        assert_eq!(line["@module"], "provider");
        assert_timestamp_shape(line["@timestamp"].as_str().expect("string timestamp"));
        assert_eq!(line["count"].as_u64(), Some(3));
        assert_eq!(line["delta"].as_i64(), Some(-2));
        assert_eq!(line["ok"], Value::Bool(true));
        assert_eq!(line["ratio"].as_f64(), Some(0.5));
        assert_eq!(line["big"].to_string(), i128::MAX.to_string());
        assert_eq!(line["name"], "widget");
        assert_eq!(line["items"], "[1, 2]");
    }

    #[test]
    fn each_level_has_its_name() {
        let lines = capture(Level::TRACE, || {
            tracing::error!("e");
            tracing::warn!("w");
            tracing::info!("i");
            tracing::debug!("d");
            tracing::trace!("t");
        });
        let levels: Vec<&str> = lines
            .iter()
            .map(|l| l["@level"].as_str().unwrap_or("?"))
            .collect();
        assert_eq!(levels, ["error", "warn", "info", "debug", "trace"]);
    }

    #[test]
    fn events_without_a_message_have_an_empty_one() {
        let lines = capture(Level::TRACE, || tracing::info!(answer = 42));
        assert_eq!(lines[0]["@message"], "");
        assert_eq!(lines[0]["answer"].as_i64(), Some(42));
    }

    #[test]
    fn errors_include_their_sources() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("service error")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let err = Outer(std::io::Error::other("throttled"));
        let lines = capture(Level::TRACE, || {
            tracing::error!(
                error = &err as &(dyn std::error::Error + 'static),
                "call failed"
            );
        });
        assert_eq!(lines[0]["error"], "service error: throttled");
    }

    #[test]
    fn span_fields_are_included_innermost_wins() {
        let lines = capture(Level::TRACE, || {
            let outer = tracing::info_span!(
                "rpc",
                tf_rpc = "ApplyResourceChange",
                tf_req_id = tracing::field::Empty,
                layer = "outer"
            );
            let _outer = outer.enter();
            outer.record("tf_req_id", "req-1");
            let inner = tracing::info_span!(
                "resource",
                tf_resource_type = "apigateway_rest_api",
                layer = "inner"
            );
            let _inner = inner.enter();
            tracing::info!(attempt = 2_u64, "creating");
            tracing::info!(layer = "event", "overridden");
        });
        assert_eq!(lines.len(), 2);
        let line = &lines[0];
        assert_eq!(line["tf_rpc"], "ApplyResourceChange");
        assert_eq!(line["tf_req_id"], "req-1");
        assert_eq!(line["tf_resource_type"], "apigateway_rest_api");
        assert_eq!(line["layer"], "inner");
        assert_eq!(line["attempt"].as_u64(), Some(2));
        assert_eq!(line["@message"], "creating");
        assert_eq!(lines[1]["layer"], "event");
    }

    #[test]
    fn fields_outside_a_span_are_not_included() {
        let lines = capture(Level::TRACE, || {
            {
                let span = tracing::info_span!("rpc", tf_rpc = "ReadResource");
                let _guard = span.enter();
            }
            tracing::info!("after");
        });
        assert!(!lines[0].contains_key("tf_rpc"));
    }

    #[test]
    fn level_filtering_discards_less_severe_events() {
        let lines = capture(Level::WARN, || {
            tracing::error!("e");
            tracing::warn!("w");
            tracing::info!("i");
            tracing::debug!("d");
            tracing::trace!("t");
        });
        let messages: Vec<&str> = lines
            .iter()
            .map(|l| l["@message"].as_str().unwrap_or("?"))
            .collect();
        assert_eq!(messages, ["e", "w"]);
    }

    #[test]
    fn own_spans_below_the_level_still_give_context() {
        let lines = capture(Level::WARN, || {
            let span = tracing::debug_span!("rpc", tf_rpc = "PlanResourceChange");
            let _guard = span.enter();
            tracing::info!("dropped");
            tracing::warn!("kept");
        });
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["@message"], "kept");
        assert_eq!(lines[0]["tf_rpc"], "PlanResourceChange");
    }

    #[test]
    fn foreign_spans_and_events_follow_the_level() {
        let lines = capture(Level::WARN, || {
            let span = tracing::info_span!(target: "h2::proto", "conn", peer = "x");
            let _guard = span.enter();
            tracing::info!(target: "h2::proto", "dropped");
            tracing::warn!("kept");
        });
        assert_eq!(lines.len(), 1);
        assert!(!lines[0].contains_key("peer"));
    }

    /// Even at TRACE (TF_LOG=trace), libraries are capped at WARN: their debug output could
    /// carry request headers such as a session token. Our own events pass at every level.
    #[test]
    fn library_events_below_warn_are_never_logged_even_at_trace() {
        let lines = capture(Level::TRACE, || {
            let span = tracing::trace_span!(target: "hyper::client", "conn", peer = "x");
            let _guard = span.enter();
            tracing::trace!(target: "hyper::client", "lib trace");
            tracing::debug!(target: "aws_smithy_runtime::client", "lib debug");
            tracing::info!(target: "h2::proto", "lib info");
            tracing::warn!(target: "h2::proto", "lib warn");
            tracing::error!(target: "rustls::conn", "lib error");
            tracing::trace!("own trace");
        });
        let messages: Vec<&str> = lines
            .iter()
            .map(|l| l["@message"].as_str().unwrap_or("?"))
            .collect();
        assert_eq!(messages, ["lib warn", "lib error", "own trace"]);
        assert!(
            lines.iter().all(|l| !l.contains_key("peer")),
            "a library span below WARN gives no context: {lines:?}"
        );
        assert!(is_own_target(module_path!()));
        assert!(is_own_target(env!("CARGO_CRATE_NAME")));
        assert!(!is_own_target("h2::proto"));
        assert!(!is_own_target(&format!(
            "{}_extra",
            env!("CARGO_CRATE_NAME")
        )));
    }

    #[test]
    fn secret_looking_fields_are_redacted() {
        let lines = capture(Level::TRACE, || {
            let span = tracing::info_span!("rpc", session_token = "span-secret-value");
            let _guard = span.enter();
            tracing::info!(
                secret_access_key = "AKIA-secret",
                Password = "hunter2",
                api_TOKEN = 12345_u64,
                client_secret = ?"debugged",
                aws_access_key = "key",
                access_key_id = "AKIA",
                region = "eu-west-1",
                "configured"
            );
        });
        let line = &lines[0];
        for key in [
            "session_token",
            "secret_access_key",
            "Password",
            "api_TOKEN",
            "client_secret",
            "aws_access_key",
            "access_key_id",
        ] {
            assert_eq!(line[key], "[redacted]", "{key}");
        }
        assert_eq!(line["region"], "eu-west-1");
        let text = serde_json::to_string(line).expect("serialises");
        for secret in [
            "span-secret-value",
            "AKIA-secret",
            "hunter2",
            "12345",
            "debugged",
        ] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }

    #[test]
    fn at_fields_cannot_spoof_the_reserved_keys() {
        let lines = capture(Level::TRACE, || {
            tracing::warn!(
                "@level" = "error",
                "@module" = "sdk.proto",
                "@timestamp" = 0,
                "real"
            );
        });
        let line = &lines[0];
        assert_eq!(line.len(), 4);
        assert_eq!(line["@level"], "warn");
        assert_eq!(line["@module"], "provider");
        assert_eq!(line["@message"], "real");
        assert_timestamp_shape(line["@timestamp"].as_str().expect("string"));
    }

    #[test]
    fn one_sink_call_per_line_across_threads() {
        let calls = capture_raw(Level::TRACE, || {
            let dispatch = tracing::dispatcher::get_default(Clone::clone);
            std::thread::scope(|scope| {
                for t in 0..8 {
                    let dispatch = dispatch.clone();
                    scope.spawn(move || {
                        tracing::dispatcher::with_default(&dispatch, || {
                            for i in 0..50 {
                                tracing::info!(
                                    thread = t,
                                    i,
                                    "concurrent line with some padding text"
                                );
                            }
                        });
                    });
                }
            });
        });
        assert_eq!(calls.len(), 400);
        for call in calls {
            assert_eq!(call.iter().filter(|&&b| b == b'\n').count(), 1);
            assert_eq!(call.last(), Some(&b'\n'));
            let _: Value = serde_json::from_slice(&call).expect("valid JSON line");
        }
    }

    fn ts(secs: u64, nanos: u32) -> String {
        format_timestamp(UNIX_EPOCH + Duration::new(secs, nanos))
    }

    #[test]
    fn timestamps_for_known_instants() {
        assert_eq!(ts(0, 0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(ts(951_782_400, 0), "2000-02-29T00:00:00.000000Z");
        assert_eq!(
            ts(1_795_000_000, 123_456_789),
            "2026-11-18T11:06:40.123456Z"
        );
        assert_eq!(
            ts(1_709_164_800, 999_999_999),
            "2024-02-29T00:00:00.999999Z"
        );
        assert_eq!(ts(1_735_689_599, 1_000), "2024-12-31T23:59:59.000001Z");
        assert_eq!(ts(4_107_456_000, 0), "2100-02-28T00:00:00.000000Z");
        assert_eq!(ts(4_107_542_400, 0), "2100-03-01T00:00:00.000000Z");
        assert_eq!(ts(253_402_300_799, 0), "9999-12-31T23:59:59.000000Z");
        assert_eq!(
            format_timestamp(UNIX_EPOCH - Duration::from_secs(10)),
            "1970-01-01T00:00:00.000000Z"
        );
        assert_timestamp_shape(&format_timestamp(SystemTime::now()));
    }

    #[test]
    fn civil_from_days_round_trips_day_by_day() {
        // Walk forward day by day from 1970-01-01 for ~400 years, checking each step.
        let days_in_month = |y: u64, m: u64| match m {
            2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let (mut y, mut m, mut d) = (1970, 1, 1);
        for days in 0..146_097 {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            d += 1;
            if d > days_in_month(y, m) {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }

    #[test]
    fn parse_level_rules() {
        assert_eq!(parse_level(None, None), None);
        assert_eq!(parse_level(Some(""), Some("")), None);
        assert_eq!(parse_level(None, Some("off")), None);
        assert_eq!(parse_level(None, Some("OFF")), None);
        assert_eq!(parse_level(None, Some("TRACE")), Some(Level::TRACE));
        assert_eq!(parse_level(None, Some("debug")), Some(Level::DEBUG));
        assert_eq!(parse_level(None, Some("Info")), Some(Level::INFO));
        assert_eq!(parse_level(None, Some("WARN")), Some(Level::WARN));
        assert_eq!(parse_level(None, Some("error")), Some(Level::ERROR));
        assert_eq!(parse_level(None, Some("JSON")), Some(Level::TRACE));
        assert_eq!(parse_level(None, Some("verbose")), Some(Level::TRACE));
        assert_eq!(parse_level(None, Some(" info ")), Some(Level::INFO));
        // TF_LOG_PROVIDER wins when set, including "off".
        assert_eq!(
            parse_level(Some("error"), Some("trace")),
            Some(Level::ERROR)
        );
        assert_eq!(parse_level(Some("off"), Some("trace")), None);
        assert_eq!(parse_level(Some("debug"), None), Some(Level::DEBUG));
        // ... and falls back to TF_LOG when empty.
        assert_eq!(parse_level(Some(""), Some("warn")), Some(Level::WARN));
        assert_eq!(parse_level(Some("  "), Some("warn")), Some(Level::WARN));
    }

    #[test]
    fn layer_debug_does_not_require_debug_sink() {
        let layer = TerraformJsonLayer::new(Level::INFO, |_: &[u8]| {});
        assert!(format!("{layer:?}").contains(&format!("{:?}", Level::INFO)));
    }
}
