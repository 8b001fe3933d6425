//! Metric values (`docs/spec/metrics.md`).

use crate::Span;
use serde::{Deserialize, Serialize};

/// What a metric value is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum MetricKind {
    /// `70,7%`.
    Percent,
    /// `41/58 TTHC`.
    Ratio,
    /// `281 hồ sơ`.
    #[default]
    Count,
    /// `1.000 triệu đồng`.
    Amount,
    /// `xếp thứ 2`.
    Rank,
}

impl MetricKind {
    /// Every kind.
    pub const ALL: [MetricKind; 5] = [
        MetricKind::Percent,
        MetricKind::Ratio,
        MetricKind::Count,
        MetricKind::Amount,
        MetricKind::Rank,
    ];

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Percent => "percent",
            MetricKind::Ratio => "ratio",
            MetricKind::Count => "count",
            MetricKind::Amount => "amount",
            MetricKind::Rank => "rank",
        }
    }

    /// Parse a kind name.
    pub fn parse(s: &str) -> Option<MetricKind> {
        let s = s.trim().to_ascii_lowercase();
        MetricKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for MetricKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One metric record; field names follow `docs/spec/metrics.md`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// `percent`, `ratio`, `count`, `amount`, `rank`.
    pub kind: MetricKind,
    /// The parsed number.
    pub value: f64,
    /// `%` or the noun counted.
    pub unit: Option<String>,
    /// Ratio numerator.
    pub numerator: Option<f64>,
    /// Ratio denominator; for a rank, the number ranked ("of N").
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
    /// True when the value is a coded answer (`Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub coded: bool,
    /// The decoded answer of a coded value (`Kết hợp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Period the value belongs to.
    pub period: Option<String>,
    /// Year the value belongs to.
    pub year: Option<i32>,
    /// Evidence text.
    pub text: String,
    /// Where the evidence is.
    pub span: Span,
}
