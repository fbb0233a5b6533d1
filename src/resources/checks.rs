//! API Gateway's rules for values, as validators that run at plan time. Each check returns
//! why a value is wrong; the validator wrappers in [`crate::schema::validators`] turn that
//! into a diagnostic naming the attribute (and the map key) and what is allowed.

use crate::schema::validators::{
    MapKeys, MapValues, OneOf, StringCheck, map_keys, map_values, one_of, string_check,
};

/// HTTP methods a method can have.
pub const HTTP_METHODS: &[&str] = &[
    "GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY",
];
/// Method authorization types.
pub const AUTHORIZATION_TYPES: &[&str] = &["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"];
/// Integration types.
pub const INTEGRATION_TYPES: &[&str] = &["HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"];
/// Passthrough behaviours of an integration.
pub const PASSTHROUGH_BEHAVIORS: &[&str] = &["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"];
/// Content handling strategies.
pub const CONTENT_HANDLING: &[&str] = &["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"];
/// Connection types of an integration.
pub const CONNECTION_TYPES: &[&str] = &["INTERNET", "VPC_LINK"];
/// Gateway response types.
pub const RESPONSE_TYPES: &[&str] = &[
    "DEFAULT_4XX",
    "DEFAULT_5XX",
    "RESOURCE_NOT_FOUND",
    "UNAUTHORIZED",
    "INVALID_API_KEY",
    "ACCESS_DENIED",
    "AUTHORIZER_FAILURE",
    "AUTHORIZER_CONFIGURATION_ERROR",
    "INVALID_SIGNATURE",
    "EXPIRED_TOKEN",
    "MISSING_AUTHENTICATION_TOKEN",
    "INTEGRATION_FAILURE",
    "INTEGRATION_TIMEOUT",
    "API_CONFIGURATION_ERROR",
    "UNSUPPORTED_MEDIA_TYPE",
    "BAD_REQUEST_PARAMETERS",
    "BAD_REQUEST_BODY",
    "REQUEST_TOO_LARGE",
    "THROTTLED",
    "QUOTA_EXCEEDED",
    "WAF_FILTERED",
];

/// `http_method`
pub const HTTP_METHOD: OneOf = one_of(HTTP_METHODS);

/// A status code `[1-5]\d\d`.
pub const STATUS_CODE: StringCheck = string_check(
    "a three-digit HTTP status code from 100 to 599",
    check_status_code,
);

/// Keys of a template or model map: a media type `type/subtype`.
pub const CONTENT_TYPE_KEYS: MapKeys = map_keys(
    "media types of the form `type/subtype`, e.g. `application/json`",
    check_content_type,
);

/// Keys of a method's `request_parameters`.
pub const METHOD_REQUEST_PARAMETER_KEYS: MapKeys = map_keys(
    "`method.request.{querystring|path|header|multivalueheader|multivaluequerystring}.NAME`",
    check_method_request_parameter,
);

/// Keys of a method response's `response_parameters`.
pub const METHOD_RESPONSE_PARAMETER_KEYS: MapKeys = map_keys(
    "`method.response.header.NAME`",
    check_method_response_parameter,
);

/// Keys of an integration's `request_parameters`.
pub const INTEGRATION_REQUEST_PARAMETER_KEYS: MapKeys = map_keys(
    "`integration.request.{querystring|path|header|multivalueheader|multivaluequerystring}.NAME`",
    check_integration_request_parameter,
);

/// Values of an integration's `request_parameters`.
pub const INTEGRATION_REQUEST_PARAMETER_VALUES: MapValues = map_values(
    "`method.request.{querystring|path|header|multivalueheader|multivaluequerystring}.NAME`, `method.request.body[.JSONPath]`, `context.NAME`, `stageVariables.NAME` or a quoted static value like `'text'`",
    check_integration_request_value,
);

/// Values of an integration response's `response_parameters`.
pub const INTEGRATION_RESPONSE_PARAMETER_VALUES: MapValues = map_values(
    "`integration.response.header.NAME`, `integration.response.multivalueheader.NAME`, `integration.response.body[.JSONPath]`, `context.NAME`, `stageVariables.NAME` or a quoted static value like `'*'`",
    check_integration_response_value,
);

/// Keys of a gateway response's `response_parameters`.
pub const GATEWAY_RESPONSE_PARAMETER_KEYS: MapKeys = map_keys(
    "`gatewayresponse.{header|querystring|path}.NAME`",
    check_gateway_response_parameter,
);

/// Values of a gateway response's `response_parameters`.
pub const GATEWAY_RESPONSE_PARAMETER_VALUES: MapValues = map_values(
    "`method.request.{querystring|path|header|multivalueheader|multivaluequerystring}.NAME`, `context.NAME`, `stageVariables.NAME` or a quoted static value like `'*'`",
    check_gateway_response_value,
);

/// `[1-5]\d\d`
pub fn check_status_code(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    if b.len() == 3
        && (b'1'..=b'5').contains(&b[0])
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
    {
        Ok(())
    } else {
        Err("not a status code matching [1-5]\\d\\d".to_owned())
    }
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$&^_.+-*".contains(&c))
}

/// `type/subtype`, optionally with `; parameters`.
pub fn check_content_type(s: &str) -> Result<(), String> {
    let essence = s.split(';').next().unwrap_or_default().trim();
    match essence.split_once('/') {
        Some((t, sub)) if is_token(t) && is_token(sub) => Ok(()),
        _ => Err("not a media type of the form type/subtype".to_owned()),
    }
}

/// A parameter name after the location: non-empty, no whitespace.
fn check_name(name: &str, what: &str) -> Result<(), String> {
    if name.is_empty() {
        Err(format!("the {what} name is empty"))
    } else if name.chars().any(char::is_whitespace) {
        Err(format!("the {what} name contains whitespace"))
    } else {
        Ok(())
    }
}

const REQUEST_LOCATIONS: &[&str] = &[
    "querystring",
    "path",
    "header",
    "multivalueheader",
    "multivaluequerystring",
];

fn check_located(s: &str, prefix: &str, locations: &[&str]) -> Result<(), String> {
    let rest = s
        .strip_prefix(prefix)
        .ok_or_else(|| format!("does not start with `{prefix}`"))?;
    let (location, name) = rest
        .split_once('.')
        .ok_or_else(|| "has no parameter name".to_owned())?;
    if !locations.contains(&location) {
        return Err(format!(
            "`{location}` is not a parameter location ({})",
            locations.join(", ")
        ));
    }
    check_name(name, "parameter")
}

/// `method.request.{location}.NAME`
pub fn check_method_request_parameter(s: &str) -> Result<(), String> {
    check_located(s, "method.request.", REQUEST_LOCATIONS)
}

/// An element of an integration's `cache_key_parameters`: a method request parameter
/// (`method.request.{location}.NAME`) or an integration request parameter
/// (`integration.request.{location}.NAME`), where NAME may be `*`. The API reference says "request
/// parameters"; AWS also takes the integration's own names, and the hashicorp/aws acceptance
/// tests configure `integration.request.path.proxy`, `integration.request.header.Host` and
/// `integration.request.querystring.*`, which this must not refuse.
pub fn check_cache_key_parameter(s: &str) -> Result<(), String> {
    if s.starts_with("integration.request.") {
        check_integration_request_parameter(s)
    } else if s.starts_with("method.request.") {
        check_method_request_parameter(s)
    } else {
        Err("does not start with `method.request.` or `integration.request.`".to_owned())
    }
}

/// `method.response.header.NAME`
pub fn check_method_response_parameter(s: &str) -> Result<(), String> {
    check_located(s, "method.response.", &["header"])
}

/// `integration.request.{location}.NAME`
pub fn check_integration_request_parameter(s: &str) -> Result<(), String> {
    check_located(s, "integration.request.", REQUEST_LOCATIONS)
}

/// `gatewayresponse.{header|querystring|path}.NAME`
pub fn check_gateway_response_parameter(s: &str) -> Result<(), String> {
    check_located(s, "gatewayresponse.", &["header", "querystring", "path"])
}

/// A quoted static value `'...'`.
fn is_static(s: &str) -> bool {
    s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'')
}

/// `context.X` or `stageVariables.X`
fn is_context_or_stage(s: &str) -> bool {
    ["context.", "stageVariables."].iter().any(|p| {
        s.strip_prefix(p)
            .is_some_and(|n| check_name(n, "variable").is_ok())
    })
}

/// A body reference `PREFIX` or `PREFIX.JSONPath`.
fn is_body(s: &str, prefix: &str) -> bool {
    s == prefix
        || s.strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.') && rest.len() > 1)
}

fn check_integration_request_value(s: &str) -> Result<(), String> {
    if is_static(s)
        || is_context_or_stage(s)
        || is_body(s, "method.request.body")
        || check_method_request_parameter(s).is_ok()
    {
        Ok(())
    } else {
        Err("not a method request parameter, body, context or stage variable, or quoted static value".to_owned())
    }
}

fn check_integration_response_value(s: &str) -> Result<(), String> {
    if is_static(s)
        || is_context_or_stage(s)
        || is_body(s, "integration.response.body")
        || check_located(s, "integration.response.", &["header", "multivalueheader"]).is_ok()
    {
        Ok(())
    } else {
        Err("not an integration response header or body, context or stage variable, or quoted static value".to_owned())
    }
}

fn check_gateway_response_value(s: &str) -> Result<(), String> {
    if is_static(s) || is_context_or_stage(s) || check_method_request_parameter(s).is_ok() {
        Ok(())
    } else {
        Err(
            "not a method request parameter, context or stage variable, or quoted static value"
                .to_owned(),
        )
    }
}

/// A JSON document: model schemas and policies.
pub const JSON_DOCUMENT: StringCheck = string_check("a JSON document", check_json);

fn check_json(s: &str) -> Result<(), String> {
    serde_json::from_str::<serde_json::Value>(s)
        .map(drop)
        .map_err(|e| format!("not JSON ({e})"))
}

/// An OpenAPI 3 or Swagger 2 definition, JSON or YAML: a JSON object, or YAML text, with a
/// top-level `openapi` or `swagger` key, within PutRestApi's 6 MB. AWS answers anything else
/// with BadRequestException at apply time (and some emulators with an internal error), so it is
/// caught at plan time. The YAML check looks only for the top-level key: a block mapping's keys
/// start in the first column.
pub const OPENAPI_BODY: StringCheck = string_check(
    "an OpenAPI 3 or Swagger 2 definition (JSON or YAML) with a top-level `openapi` or \
     `swagger` key, at most 6 MB",
    check_openapi_body,
);

fn check_openapi_body(s: &str) -> Result<(), String> {
    const LIMIT: usize = 6 * 1024 * 1024;
    if s.len() > LIMIT {
        return Err(format!("{} bytes is over the limit", s.len()));
    }
    let text = s.trim_start_matches('\u{feff}').trim();
    if text.starts_with('{') {
        let doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
        return if doc.get("openapi").is_some() || doc.get("swagger").is_some() {
            Ok(())
        } else {
            Err("the JSON object has no `openapi` or `swagger` key".to_owned())
        };
    }
    let top_level_version = text.lines().any(|line| {
        let key = line.split(':').next().unwrap_or_default().trim_end();
        let key = key.trim_matches(|c| c == '"' || c == '\'');
        line.contains(':') && !line.starts_with([' ', '\t']) && matches!(key, "openapi" | "swagger")
    });
    if top_level_version {
        Ok(())
    } else if text.is_empty() {
        Err("it is empty".to_owned())
    } else {
        Err(
            "no top-level `openapi:` or `swagger:` key (neither a JSON object nor OpenAPI YAML)"
                .to_owned(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_bodies() {
        for ok in [
            r#"{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{}}"#,
            r#"{"swagger":"2.0","info":{"title":"t"}}"#,
            "openapi: 3.0.1\ninfo:\n  title: t\npaths: {}\n",
            "---\n\"swagger\": \"2.0\"\ninfo:\n  title: t\n",
        ] {
            assert!(check_openapi_body(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "hello world",
            "[1, 2]",
            r#"{"foo": 1}"#,
            "{not json",
            "info:\n  openapi: 3.0.1\n",
            "this is: not: valid: [yaml",
        ] {
            assert!(check_openapi_body(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn status_codes() {
        for ok in ["100", "200", "404", "599"] {
            assert!(check_status_code(ok).is_ok(), "{ok}");
        }
        for bad in ["600", "099", "20", "2000", "abc", "", "2x0"] {
            assert!(check_status_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn content_types() {
        for ok in [
            "application/json",
            "text/plain; charset=utf-8",
            "*/*",
            "application/vnd.api+json",
        ] {
            assert!(check_content_type(ok).is_ok(), "{ok}");
        }
        for bad in ["json", "application/", "/json", "a b/c", ""] {
            assert!(check_content_type(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parameter_keys() {
        assert!(check_method_request_parameter("method.request.querystring.page").is_ok());
        assert!(check_method_request_parameter("method.request.multivalueheader.X-Ids").is_ok());
        assert!(check_method_request_parameter("method.request.body.x").is_err());
        assert!(check_method_request_parameter("method.request.path.").is_err());
        assert!(check_method_request_parameter("querystring.page").is_err());
        assert!(
            check_method_response_parameter("method.response.header.Access-Control-Allow-Origin")
                .is_ok()
        );
        assert!(check_method_response_parameter("method.response.querystring.x").is_err());
        assert!(check_integration_request_parameter("integration.request.path.id").is_ok());
        assert!(check_gateway_response_parameter("gatewayresponse.header.X-Trace").is_ok());
        assert!(check_gateway_response_parameter("gatewayresponse.body.x").is_err());
    }

    #[test]
    fn mapping_values() {
        for ok in [
            "'*'",
            "integration.response.header.X",
            "integration.response.body",
            "integration.response.body.a.b",
            "context.requestId",
            "stageVariables.v",
        ] {
            assert!(check_integration_response_value(ok).is_ok(), "{ok}");
        }
        for bad in [
            "*",
            "'unterminated",
            "integration.response.bodyx",
            "integration.response.querystring.x",
            "method.request.path.id",
        ] {
            assert!(check_integration_response_value(bad).is_err(), "{bad}");
        }
        for ok in [
            "method.request.path.id",
            "method.request.body",
            "method.request.body.id",
            "'static'",
            "context.requestId",
        ] {
            assert!(check_integration_request_value(ok).is_ok(), "{ok}");
        }
        assert!(check_integration_request_value("integration.response.body").is_err());
        assert!(check_gateway_response_value("method.request.header.Origin").is_ok());
        assert!(check_gateway_response_value("integration.response.body").is_err());
    }
}
