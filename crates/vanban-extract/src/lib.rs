//! Find references, named laws, document metadata and relations in repaired Vietnamese text.
//!
//! Pipeline per file: the document header (own number, type, dates, signer) -> numbered
//! references (`refs`) -> named laws and pinpoints (`named`) -> warnings (`checks`) ->
//! relations -> metrics. The vocabularies come from `patterns/` (see [`patterns`]).

pub mod checks;
pub mod dates;
pub mod document;
pub mod model;
pub mod named;
pub mod patterns;
pub mod refs;
pub mod relations;

pub use model::*;
use patterns::{Patterns, PatternsError};
use std::path::Path;
use std::sync::OnceLock;
use vanban_text::Repaired;

/// A ready-to-use extractor: vocabularies plus compiled patterns.
#[derive(Debug)]
pub struct Extractor {
    finder: refs::Finder,
}

static GLOBAL: OnceLock<Extractor> = OnceLock::new();

impl Extractor {
    /// An extractor over the given vocabularies.
    pub fn new(patterns: Patterns) -> Self {
        Extractor {
            finder: refs::Finder::new(patterns),
        }
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
        let head = document::parse(text, &self.finder.patterns);
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
        for f in &found {
            let mut r = f.reference.clone();
            r.span = span(f.range.clone());
            r.is_self = own_key.as_deref() == Some(r.key.as_str());
            r.pinpoint = named::pinpoint_before(text, f.range.start);
            references.push(r);
        }
        let named = named::find_named(text, &found, &span);
        warnings.extend(checks::same_as_in_file(&references));
        let mut document = head.document;
        document.span = head.own_range.clone().map(&span);
        let located: Vec<relations::Located<'_>> = found
            .iter()
            .zip(&references)
            .map(|(f, r)| relations::Located {
                range: f.range.clone(),
                reference: r,
            })
            .collect();
        let relations = relations::extract_relations(text, &located, &|r| repaired.source_span(r));
        drop(located);
        FileRecord {
            source: source.to_string(),
            encoding: Some(format!("{:?}", repaired.encoding).to_lowercase()),
            document: Some(document),
            references,
            named,
            relations,
            metrics: vanban_metrics::extract(repaired),
            warnings,
            ..FileRecord::default()
        }
    }
}

/// Use the vocabularies in `dir` (files missing there keep their embedded version) for every
/// later [`extract`] call. Must be called before the first extraction; returns an error if
/// the files cannot be read, or if the extractor was already initialised.
pub fn set_patterns_dir(dir: &Path) -> Result<(), PatternsError> {
    let p = Patterns::from_dir(dir)?;
    GLOBAL
        .set(Extractor::new(p))
        .map_err(|_| PatternsError::Io {
            path: dir.display().to_string(),
            source: std::io::Error::other("patterns already loaded"),
        })
}

/// The process-wide extractor: `VANBAN_PATTERNS` (a directory) if set and readable, else the
/// embedded vocabularies.
pub fn global() -> &'static Extractor {
    GLOBAL.get_or_init(|| {
        let p = std::env::var_os(patterns::PATTERNS_ENV)
            .and_then(|d| Patterns::from_dir(Path::new(&d)).ok())
            .unwrap_or_else(Patterns::builtin);
        Extractor::new(p)
    })
}

/// Extract everything from one repaired text. `source` is the path to report.
pub fn extract(source: &str, repaired: &Repaired) -> FileRecord {
    global().extract(source, repaired)
}
