//! Listing metric values across documents, shared by `vanban metrics` and the web page's
//! `/metrics`: which values a query selects (metric index, indicator words, kind), their
//! order, the CSV rows, and the series and scale of a trend chart. The renderers (the CLI's
//! table and standalone SVG, the page's HTML and styled SVG) stay with their callers.

use std::collections::BTreeMap;
use vanban_model::Metric;
use vanban_text::fold;

/// The metric index names of the vocabulary (`patterns/metrics/indexes.tsv`).
pub fn metric_names() -> Vec<String> {
    let mut v: Vec<String> = vanban_vocab::Vocabulary::builtin()
        .rows("metrics/indexes.tsv")
        .iter()
        .map(|r| r.col(0).to_owned())
        .collect();
    v.dedup();
    v
}

/// The canonical metric index of a name or any of its spellings (`Chỉ số CCHC` -> `PAR
/// INDEX`), also by its first word (`par`).
pub fn known_metric(given: &str) -> Option<String> {
    let g = fold(given.trim());
    let rows = vanban_vocab::Vocabulary::builtin().rows("metrics/indexes.tsv");
    rows.iter()
        .find(|r| fold(r.col(1)) == g || fold(r.col(0)) == g)
        .or_else(|| {
            rows.iter()
                .find(|r| fold(r.col(0)).split_whitespace().next() == Some(g.as_str()))
        })
        .map(|r| r.col(0).to_owned())
}

/// Does the metric's index name match the one asked for (`par` matches `PAR INDEX`)?
pub fn index_matches(want: &str, got: Option<&str>) -> bool {
    let Some(got) = got else {
        return false;
    };
    let (w, g) = (fold(want.trim()), fold(got));
    g == w || g.split_whitespace().next() == Some(w.as_str())
}

/// Which values a listing keeps.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Metric index name (canonical or as typed).
    pub index: Option<String>,
    /// Folded words the indicator must all contain.
    pub words: Vec<String>,
    /// Metric kind (`percent`, `rank`, ...).
    pub kind: Option<String>,
}

impl Filter {
    /// A filter from the words a person typed (`indicator` is folded and split here).
    pub fn new(index: Option<String>, indicator: Option<&str>, kind: Option<String>) -> Filter {
        Filter {
            index,
            words: indicator
                .map(|s| fold(s).split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
            kind,
        }
    }

    /// Is this value kept?
    pub fn keeps(&self, m: &Metric) -> bool {
        if self
            .index
            .as_deref()
            .is_some_and(|w| !index_matches(w, m.index.as_deref()))
        {
            return false;
        }
        if self.kind.as_deref().is_some_and(|k| k != m.kind.as_str()) {
            return false;
        }
        self.words.is_empty() || indicator_matches(&self.words, m)
    }
}

fn indicator_matches(words: &[String], m: &Metric) -> bool {
    // The evidence clause only stands in when no indicator was found: it often holds other
    // values' subjects too.
    let hay = fold(m.indicator.as_deref().unwrap_or(&m.text));
    words.iter().all(|w| hay.contains(w.as_str()))
}

/// The listing order: by document, then by period (undated last within a document), then by
/// position.
pub fn order(a: (&str, &Metric), b: (&str, &Metric)) -> std::cmp::Ordering {
    a.0.cmp(b.0)
        .then(
            a.1.year
                .unwrap_or(i32::MAX)
                .cmp(&b.1.year.unwrap_or(i32::MAX)),
        )
        .then(a.1.span.start.cmp(&b.1.span.start))
}

/// A number as listings print it: integers without a fraction.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The header row of the CSV listing.
pub const CSV_HEADER: &str = "document,period,year,kind,value,unit,numerator,denominator,rank,grade,index,row,target,compared_to,indicator,line";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One CSV row (no line end) of a value found in `doc`.
pub fn csv_row(doc: &str, m: &Metric) -> String {
    let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
    let fields = [
        doc.to_string(),
        m.period.clone().unwrap_or_default(),
        m.year.map(|y| y.to_string()).unwrap_or_default(),
        m.kind.to_string(),
        num(m.value),
        m.unit.clone().unwrap_or_default(),
        opt(m.numerator),
        opt(m.denominator),
        m.rank.map(|r| r.to_string()).unwrap_or_default(),
        m.grade.clone().unwrap_or_default(),
        m.index.clone().unwrap_or_default(),
        m.row.clone().unwrap_or_default(),
        m.target.to_string(),
        opt(m.compared_to),
        m.indicator.clone().unwrap_or_default(),
        m.span.line.to_string(),
    ];
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    line.join(",")
}

/// Shorten to `n` characters with an ellipsis.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{t}…")
    }
}

/// The series of a trend chart: values with a year, one series per (index or indicator,
/// kind), each sorted by year.
pub fn series<'a>(
    values: impl IntoIterator<Item = &'a Metric>,
) -> BTreeMap<(String, String), Vec<(i32, f64)>> {
    let mut series: BTreeMap<(String, String), Vec<(i32, f64)>> = BTreeMap::new();
    for m in values {
        let Some(y) = m.year else { continue };
        let name = m
            .index
            .clone()
            .or_else(|| m.indicator.as_deref().map(|s| clip(s, 40)))
            .unwrap_or_else(|| m.kind.to_string());
        series
            .entry((name, m.kind.to_string()))
            .or_default()
            .push((y, m.value));
    }
    for pts in series.values_mut() {
        pts.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    }
    series
}

/// The axes of a trend chart over some points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// First year.
    pub x0: i32,
    /// Last year (one more than `x0` at least).
    pub x1: i32,
    /// Lowest value (0 at most).
    pub y0: f64,
    /// Highest value (above `y0`).
    pub y1: f64,
    /// Only rankings: drawn best (1) at the top.
    pub ranks_only: bool,
}

impl Scale {
    /// The scale of these points; `None` when there are none.
    pub fn of(points: &[(i32, f64)], ranks_only: bool) -> Option<Scale> {
        let (mut x0, mut x1) = (i32::MAX, i32::MIN);
        let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
        for &(x, y) in points {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        if points.is_empty() {
            return None;
        }
        if x0 == x1 {
            x0 -= 1;
            x1 += 1;
        }
        y0 = y0.min(0.0);
        if y1 <= y0 {
            y1 = y0 + 1.0;
        }
        Some(Scale {
            x0,
            x1,
            y0,
            y1,
            ranks_only,
        })
    }

    /// The x of a year in a plot area starting at `left`, `width` wide.
    pub fn x(&self, year: i32, left: f64, width: f64) -> f64 {
        left + (year - self.x0) as f64 / (self.x1 - self.x0) as f64 * width
    }

    /// The y of a value in a plot area starting at `top`, `height` high.
    pub fn y(&self, v: f64, top: f64, height: f64) -> f64 {
        let f = (v - self.y0) / (self.y1 - self.y0);
        if self.ranks_only {
            top + f * height
        } else {
            top + (1.0 - f) * height
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vanban_model::MetricKind;

    #[test]
    fn index_names_match_loosely() {
        assert!(index_matches("PAR INDEX", Some("PAR INDEX")));
        assert!(index_matches("par", Some("PAR INDEX")));
        assert!(index_matches("papi", Some("PAPI")));
        assert!(!index_matches("PAPI", Some("PAR INDEX")));
        assert!(!index_matches("PAPI", None));
        assert_eq!(known_metric("par").as_deref(), Some("PAR INDEX"));
    }

    #[test]
    fn filter_csv_series_and_scale() {
        let mk = |y: Option<i32>, v: f64, ind: &str| Metric {
            kind: MetricKind::Percent,
            value: v,
            year: y,
            indicator: Some(ind.into()),
            ..Metric::default()
        };
        let ms = [
            mk(Some(2022), 70.5, "Hồ sơ trực tuyến"),
            mk(Some(2021), 60.0, "Hồ sơ trực tuyến"),
            mk(None, 5.0, "Hồ sơ, \"quá hạn\""),
        ];
        let f = Filter::new(None, Some("ho so truc tuyen"), Some("percent".into()));
        assert_eq!(ms.iter().filter(|m| f.keeps(m)).count(), 2);
        assert!(!Filter::new(None, None, Some("rank".into())).keeps(&ms[0]));
        let row = csv_row("/a.txt", &ms[2]);
        assert_eq!(CSV_HEADER.split(',').count(), 16);
        assert!(row.contains("\"Hồ sơ, \"\"quá hạn\"\"\""), "{row}");
        let s = series(&ms);
        let pts = &s[&("Hồ sơ trực tuyến".to_string(), "percent".to_string())];
        assert_eq!(pts, &vec![(2021, 60.0), (2022, 70.5)]);
        let sc = Scale::of(pts, false).unwrap();
        assert_eq!((sc.x0, sc.x1, sc.y0), (2021, 2022, 0.0));
        assert_eq!(sc.y(70.5, 10.0, 100.0), 10.0);
        assert_eq!(sc.x(2022, 5.0, 50.0), 55.0);
        assert!(Scale::of(&[], false).is_none());
    }
}
