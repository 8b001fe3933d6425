//! The records of `vanban extract` (see `docs/spec/references.md` and
//! `schema/extract.schema.json`).

use crate::{Metric, Rel, Span};
use serde::{Deserialize, Serialize};

/// One JSON Lines record: everything extracted from one input file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FileRecord {
    /// The input path as given.
    pub source: String,
    /// Detected encoding of the text (`utf8`, `tcvn3`, ...; PDFs give their text layer's).
    pub encoding: Option<Encoding>,
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
    /// Pages whose text was read by OCR (scans, page images), with the engine's confidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocr: Vec<OcrPage>,
    /// Why the file could not be read, or null.
    pub error: Option<String>,
}

/// A page read by OCR.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct OcrPage {
    /// Page number, from 1.
    pub page: u32,
    /// Mean word confidence of the engine, 0-100.
    pub confidence: f32,
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
    /// Province or city of its issuer when it can be told: from its own words ("của UBND
    /// tỉnh Lai Châu"), or the citing document's for a local body named without its province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
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
    /// The law's number (`45/2013/QH13`) when the text ties the name to it or the table of
    /// laws (`patterns/laws.tsv`) lists it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
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
    /// Province or centrally-run city of a local issuer (`Đồng Nai`), null for national
    /// issuers or when it cannot be told (docs/spec/identity.md).
    #[serde(default)]
    pub locality: Option<String>,
    /// Place of issue (`Hưng Yên`).
    pub place: Option<String>,
    /// Date, ISO; with month precision `YYYY-MM`, year precision `YYYY`.
    pub date: Option<String>,
    /// When the document takes effect, ISO (docs/spec/validity.md), or null when the text
    /// does not say.
    #[serde(default)]
    pub effective_date: Option<String>,
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
    /// The relation type.
    pub rel: Rel,
    /// Cited key.
    pub to: String,
    /// The sentence stating it.
    pub evidence: String,
    /// Where the evidence is.
    pub span: Span,
    /// The parts of `to` the edge touches, as written ("khoản 3 Điều 8"); empty when the
    /// whole document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisions: Vec<String>,
    /// When the edge takes effect, ISO, when the text states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
}

/// Something suspicious found while extracting.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Warning {
    /// Machine-readable kind.
    pub kind: WarningKind,
    /// Human-readable message.
    pub message: String,
    /// Where, if it has a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// For `same_as`: the keys believed to be one document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
}

/// Machine-readable kind of a [`Warning`].
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// The type word and the type code of a symbol disagree.
    TypeMismatch,
    /// The stated date's year contradicts the year in the symbol.
    DateYearMismatch,
    /// A date with day and month but no year.
    DateWithoutYear,
    /// A date that cannot exist (31/02).
    ImpossibleDate,
    /// Two keys that look like spellings of one document.
    SameAs,
    /// A PDF page read by the fallback text path.
    PdfFallback,
    /// A PDF without any text layer.
    NoTextLayer,
    /// Any other PDF reading problem.
    #[default]
    Pdf,
    /// Bytes that could not be decoded exactly (replaced, or control bytes removed).
    Decode,
    /// OCR not installed, a page that could not be read by OCR, or a low-confidence page.
    Ocr,
    /// A file format read with reservations (Word or web page parts skipped).
    Format,
}

impl WarningKind {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::TypeMismatch => "type_mismatch",
            WarningKind::DateYearMismatch => "date_year_mismatch",
            WarningKind::DateWithoutYear => "date_without_year",
            WarningKind::ImpossibleDate => "impossible_date",
            WarningKind::SameAs => "same_as",
            WarningKind::PdfFallback => "pdf_fallback",
            WarningKind::NoTextLayer => "no_text_layer",
            WarningKind::Pdf => "pdf",
            WarningKind::Decode => "decode",
            WarningKind::Ocr => "ocr",
            WarningKind::Format => "format",
        }
    }
}

impl std::fmt::Display for WarningKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The byte encoding a source's text was detected to be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    #[serde(rename = "utf8")]
    Utf8,
    /// UTF-8 with a byte-order mark.
    #[serde(rename = "utf8bom")]
    Utf8Bom,
    /// UTF-16 little endian (with BOM).
    #[serde(rename = "utf16le")]
    Utf16Le,
    /// UTF-16 big endian (with BOM).
    #[serde(rename = "utf16be")]
    Utf16Be,
    /// Windows-1258 (Vietnamese code page, combining tones).
    #[serde(rename = "windows1258")]
    Windows1258,
    /// TCVN3 / ABC (.VnTime fonts).
    #[serde(rename = "tcvn3")]
    Tcvn3,
    /// VNI (VNI-Times fonts).
    #[serde(rename = "vni")]
    Vni,
    /// UTF-8 text that is really TCVN3 read as Windows-1252/Latin-1.
    #[serde(rename = "tcvn3mojibake")]
    Tcvn3Mojibake,
    /// UTF-8 text that is really VNI read as Windows-1252/Latin-1.
    #[serde(rename = "vnimojibake")]
    VniMojibake,
}

impl Encoding {
    /// The name `vanban normalize --json` prints (kebab case: `utf8-bom`, `tcvn3-mojibake`).
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Utf8Bom => "utf8-bom",
            Encoding::Utf16Le => "utf16-le",
            Encoding::Utf16Be => "utf16-be",
            Encoding::Windows1258 => "windows1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Tcvn3Mojibake => "tcvn3-mojibake",
            Encoding::VniMojibake => "vni-mojibake",
        }
    }
}
