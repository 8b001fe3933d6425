//! Typed citation graph between documents (issue 6).
//!
//! PLACEHOLDER SKELETON: being implemented.
