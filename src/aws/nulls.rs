//! The empty-template null: API Gateway stores an empty mapping template (`""`, the usual
//! Terraform case) and answers with JSON `null` for it, e.g.
//! `"responseTemplates": {"application/json": null}`. The Rust SDK's deserializer rejects a
//! null inside a map ("dense map cannot contain null values"), so PutIntegrationResponse,
//! GetIntegrationResponse, GetMethod, GetIntegration and GetResources (all of which can carry
//! such a map) would fail. This interceptor rewrites those nulls to `""` in the response body
//! before the SDK deserializes it. Only template and model maps are touched, where the empty
//! string is exactly what AWS means by null.

use std::pin::Pin;
use std::task::{Context, Poll};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use bytes::Bytes;
use http_body::{Body, Frame};
use serde_json::Value as Json;

/// Map-valued fields whose null values mean "empty string".
const STRING_MAPS: &[&str] = &[
    "requestTemplates",
    "responseTemplates",
    "requestModels",
    "responseModels",
];

/// The interceptor; add it to the API Gateway client's configuration.
#[derive(Debug, Default, Clone, Copy)]
pub struct EmptyTemplateNulls;

impl Intercept for EmptyTemplateNulls {
    fn name(&self) -> &'static str {
        "EmptyTemplateNulls"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response_mut();
        let body = response.take_body();
        *response.body_mut() = match body.bytes() {
            // Already in memory: fix it now.
            Some(bytes) => SdkBody::from(fix(bytes).unwrap_or_else(|| bytes.to_vec())),
            None => body.map(|b| SdkBody::from_body_1_x(Fixing::new(b))),
        };
        Ok(())
    }
}

/// The body with nulls in template/model maps replaced, or `None` if nothing needed fixing.
pub fn fix(body: &[u8]) -> Option<Vec<u8>> {
    // Cheap test first: most answers have no null at all.
    if !body.windows(4).any(|w| w == b"null") {
        return None;
    }
    let mut json: Json = serde_json::from_slice(body).ok()?;
    let mut changed = false;
    walk(&mut json, &mut changed);
    if changed {
        serde_json::to_vec(&json).ok()
    } else {
        None
    }
}

fn walk(value: &mut Json, changed: &mut bool) {
    match value {
        Json::Object(map) => {
            for (key, v) in map.iter_mut() {
                if STRING_MAPS.contains(&key.as_str())
                    && let Json::Object(entries) = v
                {
                    for entry in entries.values_mut().filter(|e| e.is_null()) {
                        *entry = Json::String(String::new());
                        *changed = true;
                    }
                } else {
                    walk(v, changed);
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|v| walk(v, changed)),
        _ => {}
    }
}

/// A body that reads all of `inner`, then yields it fixed as one frame.
struct Fixing {
    inner: SdkBody,
    buffer: Vec<u8>,
    done: bool,
}

impl Fixing {
    fn new(inner: SdkBody) -> Self {
        Self {
            inner,
            buffer: Vec::new(),
            done: false,
        }
    }
}

impl Body for Fixing {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if self.done {
            return Poll::Ready(None);
        }
        loop {
            match Pin::new(&mut self.inner).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        self.buffer.extend_from_slice(&data);
                    }
                }
                Poll::Ready(None) => {
                    self.done = true;
                    let body = std::mem::take(&mut self.buffer);
                    let body = fix(&body).unwrap_or(body);
                    return Poll::Ready(Some(Ok(Frame::data(Bytes::from(body)))));
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_in_template_maps_become_empty_strings() {
        let body = br#"{"statusCode":"200","responseTemplates":{"application/json":null,"text/xml":"<a/>"},"selectionPattern":null}"#;
        let fixed: Json = serde_json::from_slice(&fix(body).unwrap()).unwrap();
        assert_eq!(fixed["responseTemplates"]["application/json"], "");
        assert_eq!(fixed["responseTemplates"]["text/xml"], "<a/>");
        assert!(
            fixed["selectionPattern"].is_null(),
            "only map values are touched"
        );
    }

    #[test]
    fn nested_answers_are_fixed_and_clean_ones_left_alone() {
        let body = br#"{"item":[{"resourceMethods":{"GET":{"methodIntegration":{"integrationResponses":{"200":{"responseTemplates":{"application/json":null}}}}}}}]}"#;
        let fixed = String::from_utf8(fix(body).unwrap()).unwrap();
        assert!(fixed.contains(r#""application/json":"""#), "{fixed}");
        assert!(fix(br#"{"responseTemplates":{"a/b":"x"}}"#).is_none());
        assert!(fix(br#"{"requestParameters":{"method.request.path.id":null}}"#).is_none());
        assert!(fix(b"not json null").is_none());
    }

    #[tokio::test]
    async fn a_streamed_body_is_collected_and_fixed() {
        use http_body_util::BodyExt;
        let inner = SdkBody::from_body_1_x(http_body_util::StreamBody::new(
            futures_util::stream::iter(vec![
                Ok::<_, std::io::Error>(Frame::data(Bytes::from_static(
                    br#"{"responseTemplates":{"a/b""#,
                ))),
                Ok(Frame::data(Bytes::from_static(br#":null}}"#))),
            ]),
        ));
        let collected = Fixing::new(inner).collect().await.unwrap().to_bytes();
        assert_eq!(&collected[..], br#"{"responseTemplates":{"a/b":""}}"#);
    }
}
