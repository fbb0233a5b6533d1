//! Scenarios for `apigateway_method`.

use super::Scenario;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[];
