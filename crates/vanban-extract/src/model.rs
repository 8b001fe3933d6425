//! The JSON contract of `vanban extract` (see `docs/spec/references.md` and
//! `schema/extract.schema.json`). Field names are used by other tools: add, don't rename.

use serde::{Deserialize, Serialize};
pub use vanban_metrics::Metric;
pub use vanban_text::SourceSpan as Span;

/// One JSON Lines record: everything extracted from one input file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FileRecord {
    /// The input path as given.
    pub source: String,
    /// Detected encoding (`utf-8`, `tcvn3`, ...), or `pdf` for PDFs.
    pub encoding: Option<String>,
    /// The document's own metadata.
    pub document: Option<Document>,
    /// Numbered references, in order of appearance.
    pub references: Vec<Reference>,
    /// Laws and ordinances cited by name.
    pub named: Vec<NamedRef>,
    /// Typed relations (document -> reference and reference -> reference).
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Metric values (rankings, percentages, ratios, counts, amounts, table rows).
    #[serde(default)]
    pub metrics: Vec<Metric>,
    /// Things worth a human look (date/symbol contradictions, typos, fallbacks).
    pub warnings: Vec<Warning>,
    /// Page count for PDFs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// Why the file could not be read, or null.
    pub error: Option<String>,
}

/// A numbered reference to another document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Reference {
    /// The text as it stands (after repair).
    pub text: String,
    /// Canonical document type name (`Kế hoạch`, `Quyết định`, `Công văn`, ...).
    pub kind: String,
    /// Canonical symbol (see the spec's key rules), e.g. `184/KH-UBND`.
    pub key: String,
    /// The number as written, leading zeros dropped (`184`, `12b`).
    pub number: String,
    /// Year inside the symbol.
    pub year: Option<i32>,
    /// Type code of the symbol (`KH`, `QĐ`), if any.
    pub type_code: Option<String>,
    /// Issuer part of the symbol (`UBND`, `TW`, `SKHCN`).
    pub issuer: Option<String>,
    /// Issue date stated for it, ISO `YYYY-MM-DD`, or null.
    pub date: Option<String>,
    /// True when this is the document's own number.
    #[serde(rename = "self")]
    pub is_self: bool,
    /// Article / clause / point pinpoint (`khoản 9 Điều 19`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinpoint: Option<Pinpoint>,
    /// Where it is, in original coordinates.
    pub span: Span,
}

/// Article, clause and point cited inside a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pinpoint {
    /// Điều (article).
    pub article: Option<String>,
    /// Khoản (clause).
    pub clause: Option<String>,
    /// Điểm (point).
    pub point: Option<String>,
}

/// A law or ordinance cited by name ("Luật Đất đai năm 2013").
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct NamedRef {
    /// The text as it stands.
    pub text: String,
    /// `Luật`, `Bộ luật`, `Pháp lệnh`, `Hiến pháp`.
    pub kind: String,
    /// The name as written (`Luật Đất đai`).
    pub name: String,
    /// Year, if stated.
    pub year: Option<i32>,
    /// Date, ISO, if stated.
    pub date: Option<String>,
    /// Folded name plus year: `luat dat dai 2013`.
    pub key: String,
    /// Pinpoint, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinpoint: Option<Pinpoint>,
    /// Where it is.
    pub span: Span,
}

/// The document's own identity and header metadata.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Document {
    /// Own number as written (`Số: /BC-SKHCN`), if present.
    pub number: Option<String>,
    /// Own key if the number is filled in (`186/QĐ-UBND`), else null.
    pub key: Option<String>,
    /// Type code from the number line (`BC`), if any.
    pub type_code: Option<String>,
    /// Issuer part of the own symbol (`SKHCN`).
    pub issuer: Option<String>,
    /// Document type (`Báo cáo`, `Kế hoạch`, `Công văn` for V/v).
    pub kind: Option<String>,
    /// Issuing body lines (agency header).
    pub issuing_body: Vec<String>,
    /// Place of issue (`Hưng Yên`).
    pub place: Option<String>,
    /// Date, ISO; with month precision `YYYY-MM`, year precision `YYYY`.
    pub date: Option<String>,
    /// `day`, `month` or `year`.
    pub date_precision: Option<String>,
    /// Subject line (trích yếu) or V/v.
    pub subject: Option<String>,
    /// Kính gửi recipients.
    pub recipients: Vec<String>,
    /// Signer's name.
    pub signer: Option<String>,
    /// Signing capacity (`KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC`).
    pub signing_capacity: Option<String>,
    /// Nơi nhận entries.
    pub copies_to: Vec<String>,
    /// Where the own number stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A typed edge: `from` (null = the document itself) `rel` `to`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Relation {
    /// Citing key, or null for the document itself.
    pub from: Option<String>,
    /// `based_on`, `implements`, `amends`, `replaces`, `repeals`, `guides`, `issued_with`, `cites`.
    pub rel: String,
    /// Cited key.
    pub to: String,
    /// The sentence stating it.
    pub evidence: String,
    /// Where the evidence is.
    pub span: Span,
}

/// Something suspicious found while extracting.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Warning {
    /// Machine-readable kind: `date_year_mismatch`, `type_mismatch`, `impossible_date`,
    /// `same_as`, `pdf_fallback`, `no_text_layer`, `decode`, ...
    pub kind: String,
    /// Human-readable message.
    pub message: String,
    /// Where, if it has a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// For `same_as`: the keys believed to be one document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
}
