//! Vocabularies from `patterns/` (document types, type words, issuers), embedded at build
//! time and replaceable at run time with a directory of files of the same names.

use std::collections::HashMap;
use std::path::Path;

const DOC_TYPES: &str = include_str!("../../../patterns/doc_types.tsv");
const TYPE_WORDS: &str = include_str!("../../../patterns/type_words.tsv");
const ISSUERS: &str = include_str!("../../../patterns/issuers.tsv");

/// Environment variable naming a directory that overrides the embedded vocabularies.
pub const PATTERNS_ENV: &str = "VANBAN_PATTERNS";

/// The vocabularies the extractor works from.
#[derive(Clone, Debug, Default)]
pub struct Patterns {
    /// Upper-cased type code (`QĐ`, `CTR`) -> canonical type name.
    pub doc_types: HashMap<String, String>,
    /// (type word in lower case, canonical name), longest first.
    pub type_words: Vec<(String, String)>,
    /// Upper-cased issuer abbreviation -> full name(s).
    pub issuers: HashMap<String, String>,
}

/// Errors reading a patterns directory.
#[derive(Debug, thiserror::Error)]
pub enum PatternsError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is not `field<TAB>field`.
    #[error("{file}:{line}: expected at least two tab-separated fields")]
    Syntax {
        /// The file name.
        file: String,
        /// 1-based line.
        line: usize,
    },
}

/// Upper case with `Ð` (U+00D0) and `ð` read as `Đ`, the form every code and key uses.
pub fn upper_key(s: &str) -> String {
    s.chars()
        .flat_map(char::to_uppercase)
        .map(|c| if c == '\u{d0}' { 'Đ' } else { c })
        .collect()
}

fn rows<'a>(file: &str, text: &'a str) -> Result<Vec<(&'a str, &'a str)>, PatternsError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut it = line.split('\t');
        match (it.next(), it.next()) {
            (Some(a), Some(b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                out.push((a.trim(), b.trim()))
            }
            _ => {
                return Err(PatternsError::Syntax {
                    file: file.to_string(),
                    line: i + 1,
                })
            }
        }
    }
    Ok(out)
}

impl Patterns {
    /// The vocabularies embedded at build time.
    pub fn builtin() -> Self {
        // The embedded files are checked by the tests; fall back to empty on a syntax error
        // rather than panic.
        Self::parse(DOC_TYPES, TYPE_WORDS, ISSUERS).unwrap_or_default()
    }

    /// Read `doc_types.tsv`, `type_words.tsv` and `issuers.tsv` from `dir`; a file missing
    /// from `dir` keeps its embedded version.
    pub fn from_dir(dir: &Path) -> Result<Self, PatternsError> {
        let read = |name: &str, default: &str| -> Result<String, PatternsError> {
            let p = dir.join(name);
            if p.exists() {
                std::fs::read_to_string(&p).map_err(|source| PatternsError::Io {
                    path: p.display().to_string(),
                    source,
                })
            } else {
                Ok(default.to_string())
            }
        };
        Self::parse(
            &read("doc_types.tsv", DOC_TYPES)?,
            &read("type_words.tsv", TYPE_WORDS)?,
            &read("issuers.tsv", ISSUERS)?,
        )
    }

    /// Parse the three tables from their text.
    pub fn parse(doc_types: &str, type_words: &str, issuers: &str) -> Result<Self, PatternsError> {
        let mut p = Patterns::default();
        for (code, name) in rows("doc_types.tsv", doc_types)? {
            p.doc_types
                .entry(upper_key(code))
                .or_insert_with(|| name.to_string());
        }
        for (word, name) in rows("type_words.tsv", type_words)? {
            p.type_words.push((word.to_lowercase(), name.to_string()));
        }
        p.type_words
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        for (abbr, name) in rows("issuers.tsv", issuers)? {
            p.issuers
                .entry(upper_key(abbr))
                .and_modify(|n| {
                    n.push_str(" / ");
                    n.push_str(name)
                })
                .or_insert_with(|| name.to_string());
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
        let p = Patterns::parse(DOC_TYPES, TYPE_WORDS, ISSUERS).expect("embedded tables");
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
        assert!(p.issuers.contains_key("UBND"));
        assert!(p.issuers.contains_key("TTG"));
        assert!(p.type_words[0].0.chars().count() >= p.type_words[1].0.chars().count());
    }

    #[test]
    fn bad_line_is_an_error() {
        assert!(Patterns::parse("QĐ Quyết định", "", "").is_err());
    }
}
