//! msgpack codec
