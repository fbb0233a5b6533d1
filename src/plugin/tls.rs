//! Strict mutual TLS.
