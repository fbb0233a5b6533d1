//! The plugin protocol server.

pub mod tls;
