//! Metric values stated in Vietnamese reports (see `docs/spec/metrics.md`): percentages,
//! ratios, counts, amounts and rankings in running text, and the rows of statistics tables.
//!
//! Vocabularies (counted nouns, money units, index names, grades, goal cues, table header
//! words) are data in `patterns/metrics/` (`vanban-vocab`); [`Vocab::from_vocabulary`] builds
//! them from a vocabulary set, overrides included.

pub mod listing;
pub mod number;
mod prose;
mod table;
mod vocab;

pub use vanban_model::{Metric, MetricKind};
use vanban_text::Repaired;
pub use vocab::Vocab;

/// Extract every metric from a repaired text, with the built-in vocabularies.
pub fn extract(repaired: &Repaired) -> Vec<Metric> {
    extract_with(repaired, Vocab::builtin())
}

/// Extract every metric from a repaired text with the given vocabularies.
pub fn extract_with(repaired: &Repaired, v: &Vocab) -> Vec<Metric> {
    extract_text(&repaired.text, v)
        .into_iter()
        .map(|(mut m, r)| {
            m.span = repaired.source_span(r);
            m
        })
        .collect()
}

/// Is the document a plan (`KẾ HOẠCH` as its title near the top)? Its values are goals.
fn is_plan(text: &str) -> bool {
    let mut end = text.len().min(1500);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].lines().any(|l| {
        let t = l.trim().trim_matches('*').trim();
        t == "KẾ HOẠCH" || t.starts_with("KẾ HOẠCH ")
    })
}

/// Extract from plain text: each metric with its evidence byte range in `text`.
pub fn extract_text(text: &str, v: &Vocab) -> Vec<(Metric, std::ops::Range<usize>)> {
    let tables = table::find(text, v);
    let mut out: Vec<(Metric, std::ops::Range<usize>)> = Vec::new();
    // Prose outside the tables.
    let f = vanban_text::flat::flatten(text, &tables.lines);
    let plan = is_plan(text);
    let prose = prose::extract(&f.s, v, plan);
    // Records are large: room for all of them at once rather than growing and moving.
    out.reserve_exact(prose.len() + tables.rows.len() + tables.notes.len());
    for x in prose {
        out.push((x.metric, f.orig_range(x.range)));
    }
    // Table rows, and the notes column read as prose.
    for r in tables.rows {
        out.push((r.metric, r.range));
    }
    for n in &tables.notes {
        let Some(cell) = text.get(n.clone()) else {
            continue;
        };
        for x in prose::extract(cell, v, false) {
            out.push((x.metric, n.start + x.range.start..n.start + x.range.end));
        }
    }
    out.sort_by_key(|(_, r)| (r.start, r.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any slice of real text, cut anywhere (at character boundaries), is read without panic
    /// and every evidence range lies inside it on character boundaries.
    #[test]
    fn never_panics_on_cut_text() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .collect()
            })
            .unwrap_or_default();
        texts.push("7.6.3.\t%\t82,2\t\n1/\t/2\t=\t= 9\n\u{a0}\u{2028}%%/ 1.000.000,5 tỷ".into());
        let v = Vocab::builtin();
        for t in &texts {
            let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).step_by(211).collect();
            for (k, &a) in bounds.iter().enumerate() {
                let b = bounds.get(k + 3).copied().unwrap_or(t.len());
                let piece = &t[a..b];
                for (_, r) in extract_text(piece, v) {
                    assert!(r.start <= r.end && r.end <= piece.len());
                    assert!(piece.is_char_boundary(r.start) && piece.is_char_boundary(r.end));
                }
            }
        }
    }

    #[test]
    fn builtin_vocabularies_load() {
        let v = Vocab::builtin();
        assert!(v.units.phrases.iter().any(|u| u == "hồ sơ"));
        assert!(v.index_names.iter().any(|n| n == "PAR INDEX"));
        assert!(!v.subject_tails.is_empty() && !v.table_headers.is_empty());
        assert!(v.period_words.iter().any(|w| w == "quý"));
    }
}
