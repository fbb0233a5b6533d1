//! Code generated from `proto/` at build time. Nothing outside [`crate::plugin`] uses it.

#![allow(
    missing_docs,
    missing_debug_implementations,
    unused_qualifications,
    clippy::all,
    clippy::pedantic
)]

/// Terraform plugin protocol 6.
pub mod tfplugin6 {
    tonic::include_proto!("tfplugin6");
}

/// go-plugin's controller service.
pub mod controller {
    tonic::include_proto!("plugin");
}
