//! Cross-reference checks: issuer spellings that look like typos of another key
//! (`SKHHCN` / `SKHCHN` vs `SKHCN`) reported as `same_as` candidates with the evidence.

use crate::model::{FileRecord, Reference, Warning, WarningKind};
use std::collections::BTreeMap;

/// Edit distance between two strings, in characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

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

/// Pairs of distinct keys with the same number, type code and date whose remaining symbol
/// differs by 1-2 edits. Each pair is reported once, with the texts as evidence.
pub fn same_as<'a>(
    refs: impl IntoIterator<Item = (&'a str, &'a Reference)>,
) -> Vec<(String, String, String)> {
    let mut groups: Groups = BTreeMap::new();
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
    let mut out = Vec::new();
    for (_, keys) in groups {
        let ks: Vec<_> = keys.into_iter().collect();
        for i in 0..ks.len() {
            for j in i + 1..ks.len() {
                let (ka, (ta, xa, sa)) = &ks[i];
                let (kb, (tb, xb, sb)) = &ks[j];
                let d = levenshtein(ta, tb);
                if (1..=2).contains(&d) {
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
    }
    out
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

/// `same_as` warnings across a batch: each pair spanning two files is added to both
/// records (pairs within one file were already reported by [`same_as_in_file`]).
pub fn same_as_batch(records: &mut [FileRecord]) {
    let pairs = same_as(
        records
            .iter()
            .flat_map(|rec| rec.references.iter().map(move |r| (rec.source.as_str(), r))),
    );
    for (a, b, message) in pairs {
        for rec in records.iter_mut() {
            let has = |k: &str| rec.references.iter().any(|r| r.key == k);
            let (ha, hb) = (has(&a), has(&b));
            if (ha || hb) && !(ha && hb) {
                rec.warnings.push(Warning {
                    kind: WarningKind::SameAs,
                    message: message.clone(),
                    span: None,
                    keys: vec![a.clone(), b.clone()],
                });
            }
        }
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
        assert_eq!(levenshtein("SKHCN", "SKHHCN"), 1);
        assert_eq!(levenshtein("SKHCN", "SKHCHN"), 1);
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
        same_as_batch(&mut recs);
        assert_eq!(recs[0].warnings.len(), 1);
        assert_eq!(recs[1].warnings.len(), 1);
        assert!(recs[1].warnings[0].message.contains(" in a"));
    }
}
