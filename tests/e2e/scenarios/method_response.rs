//! Scenarios for `apigateway_method_response`.

use super::Scenario;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[];
