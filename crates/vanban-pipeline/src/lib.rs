//! The pipeline of vanban as a library: a file becomes repaired text, the text a
//! [`FileRecord`] (identity, references, relations, metrics, warnings), and a batch of paths a
//! stream of records in a stable order that never stops on a bad file.
//!
//! Shaped after eyecite's clean -> find -> resolve -> annotate: [`read`] cleans (decode, repair,
//! PDF page damage) into one [`vanban_text::Repaired`] with its offset maps; the extractors
//! find and resolve on it; the record annotates the source with exact spans. One resolved
//! [`Config`] is handed in; nothing here reads the environment.

pub mod batch;
mod config;
pub mod inputs;
mod ocr;
mod office;
pub mod read;

pub use config::{
    default_jobs, Config, OcrConfig, OcrMode, OcrProgress, PdfLimits, Slots,
    DEFAULT_MAX_FILE_BYTES, MAX_JOBS,
};
pub use vanban_model::FileRecord;

use std::path::Path;
use vanban_extract::Extractor;
use vanban_model::{Warning, WarningKind};
use vanban_vocab::{VocabError, Vocabulary};

/// Why a pipeline could not be set up (per-file problems go into records instead).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A vocabulary file is missing, unreadable or malformed.
    #[error("vocabulary: {0}")]
    Vocabulary(#[from] VocabError),
}

/// A configured pipeline: vocabularies loaded and compiled once, shared by every thread.
pub struct Pipeline {
    config: Config,
    vocabulary: Vocabulary,
    extractor: Extractor,
    metrics: Option<vanban_metrics::Vocab>,
}

/// One processed file: its record and, when it could be read, the repaired text (pages
/// separated by form feeds for PDFs) that the index stores.
pub struct Processed {
    /// The record (`error` set when the file could not be read).
    pub record: FileRecord,
    /// The repaired text.
    pub text: Option<String>,
}

impl Pipeline {
    /// Load and compile the vocabularies the configuration names.
    pub fn new(mut config: Config) -> Result<Pipeline, PipelineError> {
        let vocabulary = Vocabulary::load(config.patterns.as_deref())?;
        config.ocr.lexicon = std::sync::Arc::new(ocr_lexicon(&vocabulary));
        let extractor = Extractor::new(&vocabulary)?;
        let metrics = if config.metrics {
            Some(vanban_metrics::Vocab::from_vocabulary(&vocabulary)?)
        } else {
            None
        };
        Ok(Pipeline {
            config,
            vocabulary,
            extractor,
            metrics,
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The vocabularies in use.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Read and extract one file; never panics, never fails: errors go in the record.
    pub fn process(&self, path: &Path) -> Processed {
        self.finish(path, read::load(path, None, &self.config))
    }

    /// [`Pipeline::process`] for a file whose bytes the caller has already read (ingest
    /// hashes them first): a text file is not read a second time, and what is extracted is
    /// exactly what was hashed. PDFs are still opened by path, in the isolated worker.
    pub fn process_bytes(&self, path: &Path, bytes: Vec<u8>) -> Processed {
        self.finish(path, read::load(path, Some(bytes), &self.config))
    }

    fn finish(&self, path: &Path, loaded: Result<read::Loaded, String>) -> Processed {
        let source = path.display().to_string();
        match loaded {
            Ok(l) => {
                let mut rec = self.extractor.extract(&source, &l.repaired);
                if let Some(v) = &self.metrics {
                    rec.metrics = vanban_metrics::extract_with(&l.repaired, v);
                }
                rec.pages = l.pages;
                rec.ocr = l.ocr;
                rec.warnings.extend(l.warnings);
                rec.warnings
                    .extend(l.repaired.warnings.iter().map(|w| Warning {
                        kind: WarningKind::Decode,
                        message: w.clone(),
                        ..Warning::default()
                    }));
                Processed {
                    record: rec,
                    text: Some(l.repaired.text),
                }
            }
            Err(e) => Processed {
                record: error_record(source, e),
                text: None,
            },
        }
    }
}

/// The OCR repair's lexicon: type codes, issuer abbreviations, other symbol parts and the
/// common words, all from the vocabularies.
pub fn ocr_lexicon(v: &Vocabulary) -> vanban_text::OcrLexicon {
    let codes = v
        .list("doc_types.tsv")
        .into_iter()
        .chain(v.list("issuers.tsv"))
        .chain(v.list("ocr/codes.txt"));
    vanban_text::OcrLexicon::new(codes, v.list("ocr/words.txt"))
}

/// The record of a file that could not be read.
pub fn error_record(source: String, error: String) -> FileRecord {
    FileRecord {
        source,
        error: Some(error),
        ..FileRecord::default()
    }
}
