//! The one shared model of vanban: the records every stage produces and every consumer reads
//! (the JSON contract of `vanban extract`, `docs/spec/*.md`, `schema/extract.schema.json`),
//! the enums behind their string fields, and the normal forms of document keys.
//!
//! Field and variant names are used by other tools: add, don't rename.

pub mod key;
mod metric;
mod record;
mod rel;
mod span;

pub use metric::{Metric, MetricKind};
pub use record::{
    Document, Encoding, FileRecord, NamedRef, OcrPage, Pinpoint, Reference, Relation, Warning,
    WarningKind,
};
pub use rel::Rel;
pub use span::Span;
