//! Scenarios for `apigateway_integration_response`.

use super::Scenario;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[];
