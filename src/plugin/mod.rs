//! The plugin protocol server: the only module that knows gRPC, protobuf and go-plugin.
//!
//! - [`serve`]: handshake, private Unix socket, lifecycle.
//! - [`tls`]: strict mutual TLS with Terraform's one client certificate.
//! - [`rpc`]: the gRPC services, four beats per RPC.
//! - [`core`]: the protocol choreography at the level of values.
//! - [`convert`]: protobuf messages to and from the provider's types.

pub mod convert;
pub mod core;
pub mod proto;
pub mod rpc;
pub mod serve;
pub mod tls;
