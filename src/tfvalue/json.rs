//! JSON decoder
