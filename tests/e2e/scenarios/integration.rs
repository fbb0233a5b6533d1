//! Scenarios for `apigateway_integration`.

use super::Scenario;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[];
