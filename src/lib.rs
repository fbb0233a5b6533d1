//! terraform-provider-apigateway: a Terraform provider for Amazon API Gateway REST APIs.
//!
//! Layout (dependencies point down the list):
//! - [`plugin`]: the only code that knows gRPC and protobuf: handshake, TLS, the RPC handlers.
//! - [`provider`]: provider configuration and the list of resources.
//! - [`resources`]: one module per resource type.
//! - [`schema`], [`tfvalue`], [`diag`], [`aws`]: the building blocks resources use.
//! - [`logging`]: log lines in the JSON shape Terraform understands.

pub mod logging;
pub mod plugin;
pub mod tfvalue;
