//! The scenarios, one file per resource type. Each scenario is a plain function that panics
//! on failure; the runner calls it once per Terraform version.

mod access;
mod authorizer;
mod body;
mod core;
mod data_sources;
mod deployment;
mod documentation;
mod domains;
mod examples;
mod gateway_response;
mod identity;
mod install;
mod integration;
mod integration_response;
mod links;
mod method;
mod method_response;
mod model;
mod moved;
mod policy;
mod provider_block;
mod query;
mod reliability;
mod request_validator;
mod stage;

use crate::Ctx;

/// A scenario.
pub type Scenario = fn(&Ctx);

/// Every scenario, by name.
pub fn all() -> Vec<(&'static str, Scenario)> {
    [
        core::ALL,
        method::ALL,
        method_response::ALL,
        integration::ALL,
        integration_response::ALL,
        gateway_response::ALL,
        request_validator::ALL,
        model::ALL,
        authorizer::ALL,
        policy::ALL,
        body::ALL,
        access::ALL,
        links::ALL,
        domains::ALL,
        documentation::ALL,
        data_sources::ALL,
        deployment::ALL,
        stage::ALL,
        examples::ALL,
        install::ALL,
        identity::ALL,
        provider_block::ALL,
        query::ALL,
        moved::ALL,
        reliability::ALL,
    ]
    .concat()
}
