//! Metric values stated in Vietnamese reports (see `docs/spec/metrics.md`).
//!
//! PLACEHOLDER SKELETON (issue 7): `extract` is being implemented.

use serde::{Deserialize, Serialize};
use vanban_text::{Repaired, SourceSpan};

/// One metric record; field names follow `docs/spec/metrics.md`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// `percent`, `ratio`, `count`, `amount`, `rank`.
    pub kind: String,
    /// The parsed number.
    pub value: f64,
    /// `%` or the noun counted.
    pub unit: Option<String>,
    /// Ratio numerator.
    pub numerator: Option<f64>,
    /// Ratio denominator.
    pub denominator: Option<f64>,
    /// Rank position.
    pub rank: Option<u32>,
    /// Grade ("xuất sắc", "tốt").
    pub grade: Option<String>,
    /// Named index (`PAR INDEX`, `PAPI`, ...).
    pub index: Option<String>,
    /// The subject phrase the number measures.
    pub indicator: Option<String>,
    /// True for goals.
    pub target: bool,
    /// Second value of an actual/target pair.
    pub compared_to: Option<f64>,
    /// Upper bound of a range (`10-15%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_to: Option<f64>,
    /// Appendix table row code (`7.6.3.`).
    pub row: Option<String>,
    /// Period the value belongs to.
    pub period: Option<String>,
    /// Year the value belongs to.
    pub year: Option<i32>,
    /// Evidence text.
    pub text: String,
    /// Where the evidence is.
    pub span: SourceSpan,
}

/// Extract every metric from a repaired text.
pub fn extract(repaired: &Repaired) -> Vec<Metric> {
    let _ = repaired;
    Vec::new()
}
