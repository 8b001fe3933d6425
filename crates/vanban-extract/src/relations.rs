//! Typed relations between the document and its references, and between references
//! (see `docs/spec/relations.md`). PLACEHOLDER SKELETON (issue 6): being implemented.

use crate::model::{Reference, Relation, Span};
use std::ops::Range;

/// A reference together with where it stands in the repaired text.
pub struct Located<'a> {
    /// Byte range in the repaired text.
    pub range: Range<usize>,
    /// The extracted reference.
    pub reference: &'a Reference,
}

/// Find the relations stated in `text` among `refs` (in order of appearance).
/// `to_span` maps a repaired-text range to original coordinates.
pub fn extract_relations(
    text: &str,
    refs: &[Located<'_>],
    to_span: &dyn Fn(Range<usize>) -> Span,
) -> Vec<Relation> {
    let _ = (text, refs, to_span);
    Vec::new()
}
