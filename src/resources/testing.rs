//! What the resources' unit tests share: a scripted stand-in for API Gateway (for the paths
//! LocalStack cannot show, such as a 409 on create, and to count the calls an operation
//! makes), and builders of attribute values.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::aws::Aws;
use crate::aws::cache::Cache;
use crate::tfvalue::Value;

use super::Resource;

/// One scripted answer: status, `x-amzn-ErrorType` header (errors only), JSON body.
pub(crate) type Answer = (u16, Option<&'static str>, &'static str);

/// The requests the scripted API received, each "METHOD PATH" and, when there is a body,
/// " BODY".
pub(crate) type Requests = Arc<Mutex<Vec<String>>>;

/// AWS's answer to a write that collides with another one: retried, never taken for "already
/// exists".
pub(crate) const CONCURRENT_MODIFICATION: Answer = (
    409,
    Some("ConflictException"),
    r#"{"message":"Unable to complete operation due to concurrent modification. Please try again later."}"#,
);

/// A scripted API Gateway that serves `answers` in order (then 500s), with read snapshots off
/// as in [`Aws::from_client`]: every read is a call of its own.
pub(crate) async fn api(answers: Vec<Answer>) -> (Aws, Requests) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let requests = Requests::default();
    let log = Arc::clone(&requests);
    tokio::spawn(async move {
        let mut answers = answers.into_iter();
        while let Ok((mut sock, _)) = listener.accept().await {
            let Some(request) = request(&mut sock).await else {
                continue;
            };
            log.lock().unwrap().push(request);
            let (status, kind, body) = answers.next().unwrap_or((500, None, "{}"));
            let kind = kind.map_or(String::new(), |k| format!("x-amzn-ErrorType: {k}\r\n"));
            let reply = format!(
                "HTTP/1.1 {status} S\r\ncontent-type: application/json\r\n{kind}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = sock.write_all(reply.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    let config = aws_sdk_apigateway::Config::builder()
        .behavior_version(aws_sdk_apigateway::config::BehaviorVersion::latest())
        .region(aws_sdk_apigateway::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_apigateway::config::Credentials::new(
            "k", "s", None, None, "scripted",
        ))
        .endpoint_url(&endpoint)
        .retry_config(aws_sdk_apigateway::config::retry::RetryConfig::disabled())
        .interceptor(crate::aws::nulls::EmptyTemplateNulls)
        .build();
    let client = aws_sdk_apigateway::Client::from_conf(config);
    let mut aws = Aws::from_client(client, "us-east-1");
    // STS at the same scripted API (its account is known until a test forgets it).
    aws.sts = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::Config::builder()
            .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
            .region(aws_sdk_sts::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_sts::config::Credentials::new(
                "k", "s", None, None, "scripted",
            ))
            .endpoint_url(&endpoint)
            .retry_config(aws_sdk_sts::config::retry::RetryConfig::disabled())
            .build(),
    );
    (aws, requests)
}

/// Like [`api`], with read snapshots on, as during a refresh.
pub(crate) async fn api_with_snapshots(answers: Vec<Answer>) -> (Aws, Requests) {
    let (mut aws, requests) = api(answers).await;
    aws.cache = Arc::new(Cache::new());
    (aws, requests)
}

/// The requests so far.
pub(crate) fn requests(log: &Requests) -> Vec<String> {
    log.lock().unwrap().clone()
}

/// Asserts that the scripted API was asked once, and that was the load of the read snapshot
/// of `rest_api_id`'s resources (`GetResources?embed=methods`).
pub(crate) fn assert_one_snapshot_load(log: &Requests, rest_api_id: &str) {
    let log = requests(log);
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(
        log[0].starts_with(&format!("GET /restapis/{rest_api_id}/resources")),
        "{log:?}"
    );
}

/// "METHOD PATH" and, when there is one, " BODY".
async fn request(sock: &mut TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let (head_len, body_len) = loop {
        let n = sock.read(&mut buf).await.ok().filter(|n| *n > 0)?;
        data.extend_from_slice(&buf[..n]);
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..i]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0usize);
            break (i + 4, len);
        }
    };
    while data.len() < head_len + body_len {
        let n = sock.read(&mut buf).await.ok().filter(|n| *n > 0)?;
        data.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&data[..head_len]).into_owned();
    let mut first = head.lines().next()?.split(' ');
    let line = format!("{} {}", first.next()?, first.next()?);
    let body = String::from_utf8_lossy(&data[head_len..]).into_owned();
    Some(if body.is_empty() {
        line
    } else {
        format!("{line} {body}")
    })
}

/// A full object of `resource`'s schema: every attribute null, then `pairs`.
pub(crate) fn object(resource: &dyn Resource, pairs: &[(&str, Value)]) -> Value {
    let mut v = Value::object(
        resource
            .schema()
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

/// A `map(string)` value.
pub(crate) fn strings(entries: &[(&str, &str)]) -> Value {
    Value::string_map(Some(entries.iter().copied()))
}

/// A `map(bool)` value.
pub(crate) fn bools(entries: &[(&str, bool)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::Bool(*v)))
            .collect(),
    )
}
