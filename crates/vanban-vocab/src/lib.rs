//! The vocabularies of vanban, as data: every word list the extractors match lives in a file
//! under `patterns/` (this crate's directory; the repository's top-level `patterns` points
//! here), is embedded at build time, and can be replaced at run time by a file of the same
//! relative path in a directory given with `--patterns`.
//!
//! One reader for all of them: `#` starts a comment line, blank lines are skipped, columns are
//! separated by tabs, text is NFC. A malformed line is an error naming `file:line`. What a
//! column means is up to the consumer crate, which reports its own errors through
//! [`Row::error`] so they carry the same `file:line`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// A vocabulary file: its path under `patterns/`, the minimum number of columns of a row, and
/// its embedded text.
struct File {
    name: &'static str,
    min_cols: usize,
    text: &'static str,
}

macro_rules! file {
    ($name:literal, $cols:expr) => {
        File {
            name: $name,
            min_cols: $cols,
            text: include_str!(concat!("../patterns/", $name)),
        }
    };
}

/// Every vocabulary file, with its shape.
const FILES: &[File] = &[
    file!("doc_types.tsv", 2),
    file!("type_words.tsv", 2),
    file!("issuers.tsv", 2),
    file!("provinces.tsv", 3),
    file!("localities.tsv", 2),
    file!("laws.tsv", 3),
    file!("header.tsv", 2),
    file!("relations/cues.tsv", 2),
    file!("relations/words.tsv", 2),
    file!("effective.tsv", 2),
    file!("metrics/indexes.tsv", 2),
    file!("metrics/units.txt", 1),
    file!("metrics/amount_units.txt", 1),
    file!("metrics/grades.txt", 1),
    file!("metrics/target_cues.txt", 1),
    file!("metrics/not_before.txt", 1),
    file!("metrics/words.tsv", 2),
    file!("ocr/words.txt", 1),
    file!("ocr/codes.txt", 1),
];

/// A vocabulary file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    /// The file exists but could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is malformed (too few columns, or a value the consumer does not accept).
    #[error("{file}:{line}: {message}")]
    Line {
        /// The file, as given (patterns-relative for the embedded ones).
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The directory given with `--patterns` is not a directory.
    #[error("{0}: not a directory of vocabularies")]
    NotADirectory(String),
}

/// One data line of a vocabulary file.
#[derive(Clone, Debug)]
pub struct Row {
    /// The file it comes from (for messages).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// The tab-separated columns, trimmed, NFC.
    pub cols: Vec<String>,
}

impl Row {
    /// Column `i`, or "" when the row is shorter.
    pub fn col(&self, i: usize) -> &str {
        self.cols.get(i).map_or("", String::as_str)
    }

    /// An error about this row, located at its `file:line`.
    pub fn error(&self, message: impl Into<String>) -> VocabError {
        VocabError::Line {
            file: self.file.clone(),
            line: self.line,
            message: message.into(),
        }
    }
}

/// Every vocabulary, read and checked for shape.
#[derive(Clone, Debug)]
pub struct Vocabulary {
    tables: BTreeMap<&'static str, Vec<Row>>,
    /// Files taken from the override directory (for `--patterns` reports).
    overridden: Vec<PathBuf>,
}

fn parse(file: &str, text: &str, min_cols: usize) -> Result<Vec<Row>, VocabError> {
    let mut rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<String> = line
            .split('\t')
            .map(|c| c.trim().nfc().collect::<String>())
            .collect();
        let filled = cols.iter().take_while(|c| !c.is_empty()).count();
        if filled < min_cols {
            return Err(VocabError::Line {
                file: file.to_string(),
                line: i + 1,
                message: format!(
                    "expected {min_cols} tab-separated column(s), found {filled}: {:?}",
                    line
                ),
            });
        }
        rows.push(Row {
            file: file.to_string(),
            line: i + 1,
            cols,
        });
    }
    Ok(rows)
}

impl Vocabulary {
    /// The vocabularies embedded at build time (checked by this crate's tests).
    pub fn builtin() -> &'static Vocabulary {
        static V: OnceLock<Vocabulary> = OnceLock::new();
        V.get_or_init(|| {
            Vocabulary::load(None).unwrap_or_else(|e| panic!("built-in vocabulary: {e}"))
        })
    }

    /// The embedded vocabularies, with every file present under `dir` (same relative path,
    /// e.g. `relations/cues.tsv`) taking the place of the embedded one.
    pub fn load(dir: Option<&Path>) -> Result<Vocabulary, VocabError> {
        if let Some(d) = dir {
            if !d.is_dir() {
                return Err(VocabError::NotADirectory(d.display().to_string()));
            }
        }
        let mut tables = BTreeMap::new();
        let mut overridden = Vec::new();
        for f in FILES {
            let path = dir.map(|d| d.join(f.name)).filter(|p| p.is_file());
            let rows = match path {
                Some(p) => {
                    let text = std::fs::read_to_string(&p).map_err(|source| VocabError::Io {
                        path: p.display().to_string(),
                        source,
                    })?;
                    let rows = parse(&p.display().to_string(), &text, f.min_cols)?;
                    overridden.push(p);
                    rows
                }
                None => parse(&format!("patterns/{}", f.name), f.text, f.min_cols)?,
            };
            tables.insert(f.name, rows);
        }
        Ok(Vocabulary { tables, overridden })
    }

    /// The rows of one file (`"relations/cues.tsv"`); empty for an unknown name.
    pub fn rows(&self, name: &str) -> &[Row] {
        self.tables.get(name).map_or(&[], Vec::as_slice)
    }

    /// The first column of every row of a one-column list file.
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.rows(name).iter().map(|r| r.col(0)).collect()
    }

    /// The second column of the rows of a `list<TAB>phrase` file whose first column is `list`.
    pub fn named_list(&self, name: &str, list: &str) -> Vec<&str> {
        self.rows(name)
            .iter()
            .filter(|r| r.col(0) == list)
            .map(|r| r.col(1))
            .collect()
    }

    /// The files read from the override directory.
    pub fn overridden(&self) -> &[PathBuf] {
        &self.overridden
    }

    /// The names of every vocabulary file.
    pub fn file_names() -> impl Iterator<Item = &'static str> {
        FILES.iter().map(|f| f.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_parse() {
        let v = Vocabulary::load(None).expect("embedded vocabularies");
        for name in Vocabulary::file_names() {
            assert!(!v.rows(name).is_empty(), "{name} is empty");
        }
        assert!(v.list("metrics/units.txt").contains(&"hồ sơ"));
    }

    #[test]
    fn override_replaces_one_file_and_errors_name_file_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("metrics")).expect("mkdir");
        std::fs::write(dir.path().join("metrics/units.txt"), "# units\nhồ sơ\n").expect("write");
        let v = Vocabulary::load(Some(dir.path())).expect("load");
        assert_eq!(v.list("metrics/units.txt"), ["hồ sơ"]);
        assert!(!v.rows("doc_types.tsv").is_empty());
        assert_eq!(v.overridden().len(), 1);

        std::fs::write(
            dir.path().join("issuers.tsv"),
            "# x\n\nQH\tQuốc hội\nUBND\n",
        )
        .expect("write");
        let e = Vocabulary::load(Some(dir.path())).expect_err("bad line");
        let msg = e.to_string();
        assert!(msg.contains("issuers.tsv:4:"), "{msg}");
    }

    #[test]
    fn missing_directory_is_an_error() {
        assert!(Vocabulary::load(Some(Path::new("/nonexistent/vanban-patterns"))).is_err());
    }
}
