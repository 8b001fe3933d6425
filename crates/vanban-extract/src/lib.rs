//! Find references, named laws, document metadata and relations in repaired Vietnamese text.
//!
//! PLACEHOLDER SKELETON (issue 3): `extract` is being implemented.

pub mod model;
pub mod relations;

pub use model::*;
use vanban_text::Repaired;

/// Extract everything from one repaired text. `source` is the path to report.
pub fn extract(source: &str, repaired: &Repaired) -> FileRecord {
    FileRecord {
        source: source.to_string(),
        encoding: Some(format!("{:?}", repaired.encoding).to_lowercase()),
        metrics: vanban_metrics::extract(repaired),
        ..FileRecord::default()
    }
}
