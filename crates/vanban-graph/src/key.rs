//! Document keys: the model's normal forms (`vanban_model::key`).

pub use vanban_model::key::*;
