//! Find references, named laws, document metadata and relations in repaired Vietnamese text.
//!
//! Per file: the document header (own number, type, dates, signer) -> numbered references
//! (`refs`) -> named laws and pinpoints (`named`) -> warnings (`checks`) -> relations. The
//! vocabularies come from `vanban-vocab` (see [`patterns`]); metrics are another crate's
//! job (`vanban-metrics`), joined into the record by the pipeline.

pub mod checks;
pub mod dates;
pub mod effective;
pub mod header;
pub mod locality;
pub mod model;
pub mod named;
pub mod patterns;
pub mod refs;
pub mod relations;
mod rx;

pub use model::*;
use patterns::Patterns;
use std::sync::OnceLock;
use vanban_text::Repaired;
use vanban_vocab::{VocabError, Vocabulary};

/// A ready-to-use extractor: vocabularies plus compiled patterns.
pub struct Extractor {
    finder: refs::Finder,
    relations: relations::Vocab,
    localities: locality::Localities,
    laws: named::Laws,
    effective: effective::Effective,
}

impl Extractor {
    /// An extractor over the given vocabularies; a row it cannot use is an error at its
    /// `file:line`.
    pub fn new(vocabulary: &Vocabulary) -> Result<Self, VocabError> {
        let patterns = Patterns::from_vocabulary(vocabulary)?;
        let relations = relations::Vocab::new(vocabulary, &patterns.document_words)?;
        let localities = locality::Localities::from_vocabulary(vocabulary)?;
        let laws = named::Laws::from_vocabulary(vocabulary)?;
        let effective = effective::Effective::new(vocabulary, &patterns.document_words)?;
        Ok(Extractor {
            finder: refs::Finder::new(patterns),
            relations,
            localities,
            laws,
            effective,
        })
    }

    /// The extractor over the embedded vocabularies (tests, benchmarks, examples).
    pub fn builtin() -> &'static Extractor {
        static E: OnceLock<Extractor> = OnceLock::new();
        E.get_or_init(|| {
            Extractor::new(Vocabulary::builtin())
                .unwrap_or_else(|e| panic!("built-in vocabulary: {e}"))
        })
    }

    /// The vocabularies in use.
    pub fn patterns(&self) -> &Patterns {
        &self.finder.patterns
    }

    /// Numbered references in `text` (no header handling, spans are repaired-text offsets
    /// with line 0): the hot path the benchmark measures.
    pub fn references(&self, text: &str) -> Vec<refs::Found> {
        self.finder.find(text, &[]).0
    }

    /// Extract everything from one repaired text. `source` is the path to report.
    pub fn extract(&self, source: &str, repaired: &Repaired) -> FileRecord {
        let text = repaired.text.as_str();
        let span = |r: std::ops::Range<usize>| repaired.source_span(r);
        let head = header::parse(text, &self.finder.patterns, &self.localities);
        let exclude: Vec<_> = head.own_range.iter().cloned().collect();
        let (found, located_warnings) = self.finder.find(text, &exclude);
        let mut warnings: Vec<Warning> = located_warnings
            .into_iter()
            .map(|(r, mut w)| {
                w.span = Some(span(r));
                w
            })
            .collect();
        let mut references: Vec<Reference> = Vec::with_capacity(found.len());
        let own_key = head.document.key.clone();
        let own_locality = head.document.locality.clone();
        for f in &found {
            let mut r = f.reference.clone();
            r.span = span(f.range.clone());
            r.is_self = own_key.as_deref() == Some(r.key.as_str());
            r.pinpoint = named::pinpoint_before(text, f.range.start);
            let after = vanban_text::views::ceil_char(text, f.symbol.end);
            let window = &text[after..vanban_text::views::floor_char(text, after + 240)];
            r.locality = if r.is_self {
                own_locality.clone()
            } else {
                self.localities
                    .of_reference(r.issuer.as_deref(), window, own_locality.as_deref())
                    // A local body's number cited bare ("số 14/2016/NQ-HĐND" in a list headed
                    // "Các Nghị quyết của Hội đồng nhân dân Thành phố sau đây") by a local
                    // document: its own province, the one a reader assumes.
                    .or_else(|| {
                        own_locality.clone().filter(|_| {
                            r.issuer
                                .as_deref()
                                .and_then(|i| self.localities.issuer_is_local(i))
                                == Some(true)
                        })
                    })
            };
            references.push(r);
        }
        let mut named = named::find_named(text, &found, &span);
        named.extend(named::tied_names(text, &found, &span));
        named::number_named(&mut named, &self.laws);
        warnings.extend(checks::same_as_in_file(&references));
        let mut document = head.document;
        document.span = head.own_range.clone().map(&span);
        document.effective_date =
            self.effective
                .find(text, document.kind.as_deref(), document.date.as_deref());
        let located: Vec<relations::Located<'_>> = found
            .iter()
            .zip(&references)
            .map(|(f, r)| relations::Located {
                range: f.range.clone(),
                reference: r,
            })
            .collect();
        let facts = relations::DocFacts {
            own_key: document.key.as_deref(),
            kind: document.kind.as_deref(),
        };
        let relations =
            relations::extract_relations(&self.relations, text, &located, &facts, &|r| {
                repaired.source_span(r)
            });
        drop(located);
        FileRecord {
            source: source.to_string(),
            encoding: Some(repaired.encoding),
            document: Some(document),
            references,
            named,
            relations,
            warnings,
            ..FileRecord::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> FileRecord {
        let r = vanban_text::repair_bytes(text.as_bytes(), &vanban_text::RepairOptions::default())
            .expect("repair");
        Extractor::builtin().extract("t.txt", &r)
    }

    #[test]
    fn named_laws_carry_the_number_the_text_ties_them_to() {
        let rec = run("Căn cứ Luật Điện lực số 61/2024/QH15 ngày 30 tháng 11 năm 2024;\nCăn cứ Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật số 87/2025/QH15;\nTheo Điều 5 Luật Điện lực năm 2024 và Luật Đất đai 2013, Luật Hải quan năm 2014.\n");
        let got: Vec<(&str, Option<i32>, Option<&str>)> = rec
            .named
            .iter()
            .map(|n| (n.name.as_str(), n.year, n.number.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Luật Điện lực", Some(2024), Some("61/2024/QH15")),
                ("Luật Điện lực", Some(2024), Some("61/2024/QH15")),
                ("Luật Đất đai", Some(2013), Some("45/2013/QH13")),
                ("Luật Hải quan", Some(2014), None),
            ],
            "{:#?}",
            rec.named
        );
        // The tied mention spans name and number, in the file's coordinates.
        assert_eq!(rec.named[0].text, "Luật Điện lực số 61/2024/QH15");
        assert_eq!(rec.named[2].pinpoint, None);
        assert_eq!(
            rec.named[1]
                .pinpoint
                .as_ref()
                .and_then(|p| p.article.as_deref()),
            Some("5")
        );
    }

    #[test]
    fn own_number_is_identity_and_self_mentions_are_marked() {
        let rec = run("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\n\nSố: 12/KH-UBND\n\nBắc Giang, ngày 03 tháng 02 năm 2022\n\nKẾ HOẠCH\nThực hiện chuyển đổi số\n\nCăn cứ khoản 9 Điều 19 Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ;\nCác sở triển khai Kế hoạch số 12/KH-UBND theo đúng tiến độ.\n");
        let d = rec.document.expect("document");
        assert_eq!(d.key.as_deref(), Some("12/KH-UBND"));
        assert_eq!(d.kind.as_deref(), Some("Kế hoạch"));
        assert_eq!(d.issuing_body, ["ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG"]);
        assert_eq!(d.date.as_deref(), Some("2022-02-03"));
        let keys: Vec<_> = rec
            .references
            .iter()
            .map(|r| (r.key.as_str(), r.is_self))
            .collect();
        assert_eq!(keys, [("61/2018/NĐ-CP", false), ("12/KH-UBND", true)]);
        let p = rec.references[0].pinpoint.clone().expect("pinpoint");
        assert_eq!(
            (p.article.as_deref(), p.clause.as_deref()),
            (Some("19"), Some("9"))
        );
        assert_eq!(rec.references[0].date.as_deref(), Some("2018-04-23"));
        let s = rec.references[0].span;
        assert_eq!(s.line, 11);
    }
}
