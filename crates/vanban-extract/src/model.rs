//! The records this crate produces: the shared model (`vanban-model`).

pub use vanban_model::*;
