//! terraform-provider-apigateway: a Terraform provider for Amazon API Gateway REST APIs.
//!
//! Layout (dependencies point down the list):
//! - [`plugin`]: the only code that knows gRPC and protobuf: handshake, TLS, the RPC handlers,
//!   apply dispatch, cancellation.
//! - [`provider`]: the provider's configuration and the registry of resources.
//! - [`resources`]: one module per resource type, behind the [`resources::Resource`] trait.
//! - [`schema`], [`tfvalue`], [`diag`], [`aws`]: the building blocks resources use.
//! - [`logging`]: log lines in the JSON shape Terraform understands.

pub mod aws;
pub mod data_sources;
pub mod diag;
pub mod logging;
pub mod plugin;
pub mod provider;
pub mod resources;
pub mod schema;
pub mod tfvalue;
