//! The extractor's view of the vocabularies (`vanban-vocab`): document type codes, type words,
//! issuers, and the words of headers and signature blocks.

use std::collections::HashMap;
use vanban_vocab::{VocabError, Vocabulary};

pub use vanban_model::key::upper_key;

/// The vocabularies the extractor works from.
#[derive(Clone, Debug, Default)]
pub struct Patterns {
    /// Upper-cased type code (`QĐ`, `CTR`) -> canonical type name.
    pub doc_types: HashMap<String, String>,
    /// (type word in lower case, canonical name), longest first: the words that give a kind.
    pub type_words: Vec<(String, String)>,
    /// Every word naming documents, lower case: the kind words plus generic ones ("văn
    /// bản"), for rules that only need to know a type phrase when they see one.
    pub document_words: Vec<String>,
    /// Upper-cased issuer abbreviation -> full name(s).
    pub issuers: HashMap<String, String>,
    /// Lines of the national and Party mottos, lower case.
    pub motto: Vec<String>,
    /// Prefixes of a signing-capacity line (`KT.`, `TM.`).
    pub capacity: Vec<String>,
    /// Titles a signing-capacity line ends with (`GIÁM ĐỐC`).
    pub titles: Vec<String>,
}

impl Patterns {
    /// The built-in vocabularies.
    pub fn builtin() -> Self {
        // The embedded files are checked by this crate's tests.
        Self::from_vocabulary(Vocabulary::builtin()).unwrap_or_default()
    }

    /// Build from a vocabulary set; a row the extractor cannot use is an error at its
    /// `file:line`.
    pub fn from_vocabulary(v: &Vocabulary) -> Result<Self, VocabError> {
        let mut p = Patterns::default();
        for r in v.rows("doc_types.tsv") {
            p.doc_types
                .entry(upper_key(r.col(0)))
                .or_insert_with(|| r.col(1).to_string());
        }
        for r in v.rows("type_words.tsv") {
            let word = r.col(0).to_lowercase();
            match r.col(2) {
                "" => p.type_words.push((word.clone(), r.col(1).to_string())),
                "generic" => {}
                other => return Err(r.error(format!("unknown role {other:?} (expected generic)"))),
            }
            p.document_words.push(word);
        }
        p.type_words
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        for r in v.rows("issuers.tsv") {
            p.issuers
                .entry(upper_key(r.col(0)))
                .and_modify(|n| {
                    n.push_str(" / ");
                    n.push_str(r.col(1))
                })
                .or_insert_with(|| r.col(1).to_string());
        }
        for r in v.rows("header.tsv") {
            let list = match r.col(0) {
                "motto" => &mut p.motto,
                "capacity" => &mut p.capacity,
                "title" => &mut p.titles,
                other => return Err(r.error(format!("unknown list {other:?}"))),
            };
            list.push(r.col(1).to_string());
        }
        Ok(p)
    }

    /// Canonical type name of a code (`KH` -> `Kế hoạch`), Đ-sensitive.
    pub fn kind_of_code(&self, code: &str) -> Option<&str> {
        self.doc_types.get(&upper_key(code)).map(String::as_str)
    }

    /// Canonical type name of a type word as written (`kế hoạch` -> `Kế hoạch`).
    pub fn kind_of_word(&self, word: &str) -> Option<&str> {
        let w = word
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        self.type_words
            .iter()
            .find(|(t, _)| *t == w)
            .map(|(_, k)| k.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_parse() {
        let p = Patterns::from_vocabulary(Vocabulary::builtin()).expect("embedded tables");
        assert_eq!(p.kind_of_code("HĐ"), Some("Hợp đồng"));
        assert_eq!(p.kind_of_code("HD"), Some("Hướng dẫn"));
        assert_eq!(p.kind_of_code("ĐA"), Some("Đề án"));
        assert_eq!(p.kind_of_code("DA"), Some("Dự án"));
        assert_eq!(p.kind_of_code("CTr"), Some("Chương trình"));
        assert_eq!(p.kind_of_code("QÐ"), Some("Quyết định"));
        assert_eq!(p.kind_of_word("KẾ  HOẠCH"), Some("Kế hoạch"));
        assert_eq!(
            p.kind_of_word("chương trình hành động"),
            Some("Chương trình")
        );
        assert_eq!(p.kind_of_word("văn bản"), None);
        assert!(p.document_words.iter().any(|w| w == "văn bản"));
        assert!(p.issuers.contains_key("UBND"));
        assert!(p.issuers.contains_key("TTG"));
        assert!(p.type_words[0].0.chars().count() >= p.type_words[1].0.chars().count());
        assert!(p.motto.iter().any(|m| m.contains("hạnh phúc")));
    }

    #[test]
    fn bad_role_is_an_error_at_its_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("type_words.tsv"),
            "# x\nKế hoạch\tKế hoạch\tbogus\n",
        )
        .expect("write");
        let v = Vocabulary::load(Some(dir.path())).expect("shape is fine");
        let e = Patterns::from_vocabulary(&v).expect_err("bad role");
        assert!(e.to_string().contains("type_words.tsv:2:"), "{e}");
    }
}
