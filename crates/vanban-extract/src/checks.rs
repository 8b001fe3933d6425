//! Cross-reference checks: issuer spellings that look like typos of another key
//! (`SKHHCN` / `SKHCHN` vs `SKHCN`) reported as `same_as` candidates with the evidence.

use crate::model::{FileRecord, Reference, Warning, WarningKind};
use std::collections::BTreeMap;

use vanban_model::key::typo_distance;

/// (number, type code, date) -> key -> (symbol tail, text, source).
type Groups = BTreeMap<(String, String, String), BTreeMap<String, (String, String, String)>>;

/// The issuer-bearing part of a key: everything after the number (and year).
fn signature(r: &Reference) -> Option<(String, String, String, String)> {
    let date = r.date.clone()?;
    let tail = r.key.split_once(['/', '-']).map(|(_, t)| t.to_string())?;
    Some((
        r.number.clone(),
        r.type_code.clone().unwrap_or_default().to_uppercase(),
        date,
        tail,
    ))
}

/// Group references by (number, type code, date), keeping each key's first mention.
fn add_to_groups<'a>(
    groups: &mut Groups,
    refs: impl IntoIterator<Item = (&'a str, &'a Reference)>,
) {
    for (src, r) in refs {
        if r.is_self {
            continue;
        }
        if let Some((n, t, d, tail)) = signature(r) {
            groups
                .entry((n, t, d))
                .or_default()
                .entry(r.key.clone())
                .or_insert_with(|| (tail, r.text.clone(), src.to_string()));
        }
    }
}

/// The pairs of one group whose symbol tails differ by a typo, in key order.
fn group_pairs(keys: &BTreeMap<String, (String, String, String)>) -> Vec<(String, String, String)> {
    let ks: Vec<_> = keys.iter().collect();
    let mut out = Vec::new();
    for i in 0..ks.len() {
        for j in i + 1..ks.len() {
            let (ka, (ta, xa, sa)) = ks[i];
            let (kb, (tb, xb, sb)) = ks[j];
            if let Some(d) = typo_distance(ta, tb) {
                let loc = |s: &str| {
                    if s.is_empty() {
                        String::new()
                    } else {
                        format!(" in {s}")
                    }
                };
                out.push((
                    ka.clone(),
                    kb.clone(),
                    format!(
                        "{ka} and {kb} have the same number, type and date and differ by {d} edit(s): {xa:?}{} / {xb:?}{}",
                        loc(sa),
                        loc(sb)
                    ),
                ));
            }
        }
    }
    out
}

/// Pairs of distinct keys with the same number, type code and date whose remaining symbol
/// differs by 1-2 edits. Each pair is reported once, with the texts as evidence.
pub fn same_as<'a>(
    refs: impl IntoIterator<Item = (&'a str, &'a Reference)>,
) -> Vec<(String, String, String)> {
    let mut groups: Groups = BTreeMap::new();
    add_to_groups(&mut groups, refs);
    groups.values().flat_map(group_pairs).collect()
}

/// `same_as` warnings within one file.
pub fn same_as_in_file(refs: &[Reference]) -> Vec<Warning> {
    same_as(refs.iter().map(|r| ("", r)))
        .into_iter()
        .map(|(a, b, message)| Warning {
            kind: WarningKind::SameAs,
            message,
            span: None,
            keys: vec![a, b],
        })
        .collect()
}

/// `same_as` warnings across a batch whose records stream out one by one: each record is
/// checked against every earlier one, and a pair spanning two files is added to the later
/// record of the pair (the earlier one is already out). Pairs within one file were reported
/// by [`same_as_in_file`].
#[derive(Debug, Default)]
pub struct BatchSameAs {
    groups: Groups,
}

impl BatchSameAs {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add `rec`'s references to the batch and warn it of typo pairs with earlier files.
    pub fn check(&mut self, rec: &mut FileRecord) {
        let mut touched: Vec<(String, String, String)> = Vec::new();
        add_to_groups(
            &mut self.groups,
            rec.references.iter().map(|r| (rec.source.as_str(), r)),
        );
        for r in &rec.references {
            if let Some((n, t, d, _)) = signature(r) {
                let g = (n, t, d);
                if !r.is_self && !touched.contains(&g) {
                    touched.push(g);
                }
            }
        }
        // In key order of the groups, as a whole-batch pass would list them.
        touched.sort();
        let has = |k: &str| rec.references.iter().any(|r| r.key == k);
        let mut warnings = Vec::new();
        for g in &touched {
            let Some(keys) = self.groups.get(g) else {
                continue;
            };
            for (a, b, message) in group_pairs(keys) {
                let (ha, hb) = (has(&a), has(&b));
                if (ha || hb) && !(ha && hb) {
                    warnings.push(Warning {
                        kind: WarningKind::SameAs,
                        message,
                        span: None,
                        keys: vec![a, b],
                    });
                }
            }
        }
        rec.warnings.extend(warnings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(key: &str, number: &str, code: &str, date: &str) -> Reference {
        Reference {
            key: key.into(),
            number: number.into(),
            type_code: if code.is_empty() {
                None
            } else {
                Some(code.into())
            },
            date: Some(date.into()),
            text: key.into(),
            ..Reference::default()
        }
    }

    #[test]
    fn typo_pairs() {
        assert_eq!(typo_distance("SKHCN", "SKHHCN"), Some(1));
        assert_eq!(typo_distance("SKHCN", "SKHCHN"), Some(1));
        let refs = [
            r("651/SKHCCN-VP", "651", "", "2024-08-16"),
            r("651/SKHCHN-VP", "651", "", "2024-08-16"),
            r("651/SNV-VP", "651", "", "2024-08-16"),
            r("39/QĐ-SKHHCN", "39", "QĐ", "2024-01-26"),
            r("39/QĐ-SKHCN", "39", "QĐ", "2024-02-26"),
        ];
        let w = same_as_in_file(&refs);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].keys, ["651/SKHCCN-VP", "651/SKHCHN-VP"]);
    }

    #[test]
    fn batch_pairs() {
        let mut recs = vec![
            FileRecord {
                source: "a".into(),
                references: vec![r("51/QĐ-SKHCN", "51", "QĐ", "2024-01-31")],
                ..Default::default()
            },
            FileRecord {
                source: "b".into(),
                references: vec![r("51/QĐ-SKHHCN", "51", "QĐ", "2024-01-31")],
                ..Default::default()
            },
        ];
        let mut batch = BatchSameAs::new();
        for r in &mut recs {
            batch.check(r);
        }
        // The first file is out before the second is read: the later one carries the pair.
        assert_eq!(recs[0].warnings.len(), 0);
        assert_eq!(recs[1].warnings.len(), 1);
        assert!(recs[1].warnings[0].message.contains(" in a"));
    }
}
