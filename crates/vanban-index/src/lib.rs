//! Tantivy index of extracted documents (issue 5).
//!
//! PLACEHOLDER SKELETON: being implemented.
