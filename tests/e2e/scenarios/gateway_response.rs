//! Scenarios for `apigateway_gateway_response`.

use super::Scenario;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[];
