//! Decode, repair and normalise Vietnamese text extracted from administrative documents.
//!
//! Pipeline: decode (any supported encoding, mojibake) -> character repair (NFC, misplaced
//! tone marks, Ð, odd spaces) -> layout repair (hard wraps, page furniture) -> tone style.
//! Every stage records an offset map, so spans in the result map back to the original bytes.

mod decode;
pub mod flat;
mod html;
mod layout;
mod markup;
mod numdate;
mod ocr;
mod offsets;
mod pdfpage;
mod scan;
mod tone;
mod unicode;
mod viet;
pub mod views;

pub use numdate::{find_dates, parse_date_prefix, parse_number, DateError, PartialDate};

use offsets::{Map, StageRepair};
use serde::Serialize;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

pub use ocr::OcrLexicon;
pub use vanban_model::Encoding;

/// Which of the two accepted tone-mark placements to canonicalise to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToneStyle {
    /// Leave tone placement as written.
    #[default]
    Keep,
    /// hoà, thuỷ (Quyết định 1989/QĐ-BGDĐT, 2018).
    Modern,
    /// hòa, thủy.
    Traditional,
}

/// Options for [`repair_bytes`] and [`repair_pages`].
#[derive(Clone, Debug)]
pub struct RepairOptions {
    /// Tone-mark placement to canonicalise to.
    pub tone: ToneStyle,
    /// Join hard-wrapped lines and drop PDF-extraction blank lines.
    pub layout: bool,
}

impl Default for RepairOptions {
    fn default() -> Self {
        Self {
            tone: ToneStyle::Keep,
            layout: true,
        }
    }
}

/// One change made to the text, in original coordinates.
#[derive(Clone, Debug, Serialize)]
pub struct Repair {
    /// What kind of repair: `nfc`, `combining-mark` (tone mark moved to its vowel), `eth`
    /// (Ð -> Đ), `space`, `zero-width`, `soft-hyphen`, `dash`, `join-line` (hard wrap joined),
    /// `hyphen` (symbol split after a hyphen rejoined), `blank-line` (extraction blank lines
    /// dropped at a paragraph break), `page-header`, `page-number`, `tone`, `markup`, `ocr` (an OCR confusion undone).
    pub kind: &'static str,
    /// Start byte offset in the original.
    pub start: usize,
    /// End byte offset in the original.
    pub end: usize,
    /// The original text.
    pub before: String,
    /// The replacement text.
    pub after: String,
}

/// A span in the original source (the model's [`vanban_model::Span`]).
pub use vanban_model::Span as SourceSpan;

/// Errors that stop a source from being decoded at all.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// Nothing to read.
    #[error("empty file")]
    Empty,
    /// Looks like binary data, not text in any supported encoding.
    #[error("binary data, not text: {0}")]
    Binary(String),
}

/// Repaired text plus everything needed to report spans in original coordinates.
#[derive(Clone, Debug)]
pub struct Repaired {
    /// The repaired, NFC text.
    pub text: String,
    /// Detected source encoding.
    pub encoding: Encoding,
    /// Every repair made, with original offsets.
    pub repairs: Vec<Repair>,
    /// Best-effort notes (e.g. invalid bytes replaced).
    pub warnings: Vec<String>,
    original_len: usize,
    original_line_starts: Vec<usize>,
    page_starts: Vec<usize>,
    /// Stage maps, first (decoding) to last; each maps its output to its input.
    maps: Vec<Map>,
}

impl Repaired {
    /// Map a byte range of [`Repaired::text`] back to the original source.
    pub fn source_span(&self, range: Range<usize>) -> SourceSpan {
        let (start, end) = self.original_range(range);
        let (page, base) = match self.page_starts.partition_point(|&p| p <= start) {
            0 => (None, 0),
            i => (
                Some(i as u32),
                self.page_starts.get(i - 1).copied().unwrap_or(0),
            ),
        };
        let line_idx = self.original_line_starts.partition_point(|&l| l <= start);
        let base_line = self.original_line_starts.partition_point(|&l| l <= base);
        SourceSpan {
            start: start - base,
            end: end - base,
            line: (line_idx + 1).saturating_sub(base_line).max(1) as u32,
            page,
        }
    }

    /// Byte range in the original (file, or concatenated pages) for a range of the text.
    pub fn original_range(&self, range: Range<usize>) -> (usize, usize) {
        let mut s = floor_boundary(&self.text, range.start.min(self.text.len()));
        let mut e = ceil_boundary(&self.text, range.end.min(self.text.len())).max(s);
        let empty = s == e;
        for m in self.maps.iter().rev() {
            s = m.start(s);
            e = if empty { s } else { m.end(e) };
        }
        let s = s.min(self.original_len);
        (s, e.clamp(s, self.original_len))
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Decode raw file bytes, repair and normalise them.
pub fn repair_bytes(bytes: &[u8], opts: &RepairOptions) -> Result<Repaired, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    let original = simdutf8::basic::from_utf8(bytes).ok();
    let d = decode::decode(bytes, original)?;
    Ok(run(
        d,
        original,
        false,
        bytes.len(),
        Vec::new(),
        opts,
        false,
    ))
}

/// [`repair_vec`] for a web page saved as HTML: tags, scripts, styles and navigation are
/// dropped by the first stage (see `html.rs`), and spans point into the saved file.
pub fn repair_html(bytes: Vec<u8>, opts: &RepairOptions) -> Result<Repaired, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) || simdutf8::basic::from_utf8(&bytes).is_err() {
        let original = simdutf8::basic::from_utf8(&bytes).ok();
        let d = decode::decode(&bytes, original)?;
        return Ok(run(d, original, false, bytes.len(), Vec::new(), opts, true));
    }
    // SAFETY: validated as UTF-8 just above.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    let len = text.len();
    let (d, source) = decode::decode_string(text)?;
    let identity = source.is_none();
    Ok(run(
        d,
        source.as_deref(),
        identity,
        len,
        Vec::new(),
        opts,
        true,
    ))
}

/// [`repair_bytes`] for a buffer the caller no longer needs: plain UTF-8 (the common case)
/// becomes the text without a copy, and clean text comes back as the very same buffer.
pub fn repair_vec(bytes: Vec<u8>, opts: &RepairOptions) -> Result<Repaired, TextError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) || simdutf8::basic::from_utf8(&bytes).is_err() {
        return repair_bytes(&bytes, opts);
    }
    // SAFETY: `simdutf8` has just validated these bytes as UTF-8 (std's own check would
    // read the whole buffer again, about 20 times slower on Vietnamese text here).
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    let len = text.len();
    let (d, source) = decode::decode_string(text)?;
    let identity = source.is_none();
    Ok(run(
        d,
        source.as_deref(),
        identity,
        len,
        Vec::new(),
        opts,
        false,
    ))
}

/// Repair the per-page text of a PDF; spans then carry page numbers.
pub fn repair_pages(pages: &[String], opts: &RepairOptions) -> Repaired {
    let mut s = String::with_capacity(pages.iter().map(|p| p.len() + 1).sum());
    let mut starts = Vec::with_capacity(pages.len());
    for p in pages {
        starts.push(s.len());
        s.push_str(p);
        s.push('\u{c}');
    }
    let len = s.len();
    let d = decode::from_text(s.clone());
    run(d, Some(&s), false, len, starts, opts, false)
}

/// [`repair_pages`] for a PDF some of whose pages (`ocr_pages`, 0-based) were read by OCR:
/// those pages also get the OCR repair (see `ocr.rs`), each change a repair of kind `ocr`.
pub fn repair_ocr_pages(
    pages: &[String],
    ocr_pages: &[usize],
    lexicon: &OcrLexicon,
    opts: &RepairOptions,
) -> Repaired {
    let mut s = String::with_capacity(pages.iter().map(|p| p.len() + 1).sum());
    let mut starts = Vec::with_capacity(pages.len());
    for p in pages {
        starts.push(s.len());
        s.push_str(p);
        s.push('\u{c}');
    }
    let len = s.len();
    let d = decode::from_text(s.clone());
    let ocr = OcrStage {
        pages: ocr_pages,
        lexicon,
    };
    run_with(d, Some(&s), false, len, starts, opts, false, Some(ocr))
}

/// The OCR stage's pages and lexicon.
struct OcrStage<'a> {
    pages: &'a [usize],
    lexicon: &'a OcrLexicon,
}

/// `decoded_is_original`: the decoded text is the source itself (so repairs can quote it);
/// `html`: the source is an HTML page.
fn run(
    d: decode::Decoded,
    original: Option<&str>,
    decoded_is_original: bool,
    original_len: usize,
    page_starts: Vec<usize>,
    opts: &RepairOptions,
    html: bool,
) -> Repaired {
    run_with(
        d,
        original,
        decoded_is_original,
        original_len,
        page_starts,
        opts,
        html,
        None,
    )
}

/// [`run`] with the OCR stage for some pages.
#[allow(clippy::too_many_arguments)]
fn run_with(
    d: decode::Decoded,
    original: Option<&str>,
    decoded_is_original: bool,
    original_len: usize,
    page_starts: Vec<usize>,
    opts: &RepairOptions,
    html: bool,
    ocr: Option<OcrStage<'_>>,
) -> Repaired {
    let decode::Decoded {
        text: mut cur,
        map,
        encoding,
        mut warnings,
        repairs: decode_repairs,
    } = d;
    // Line starts in original coordinates: after each newline and at each page start.
    let mut original_line_starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', cur.as_bytes()).map(|i| map.start(i + 1)))
        .collect();
    if !page_starts.is_empty() {
        original_line_starts.extend(page_starts.iter().copied());
        original_line_starts.sort_unstable();
        original_line_starts.dedup();
    }
    let mut maps = vec![map];
    let mut staged: Vec<(usize, StageRepair)> =
        decode_repairs.into_iter().map(|r| (0, r)).collect();
    let mut apply = |maps: &mut Vec<Map>, b: offsets::Builder<'_>| {
        let (out, m, reps) = b.finish();
        let k = maps.len();
        staged.extend(reps.into_iter().map(|r| (k, r)));
        out.inspect(|_| maps.push(m))
    };
    // The first stage to change the text hands back the source it read, for quoting repairs.
    let mut source: Option<String> = None;
    let mut replace = |cur: &mut String, o: String| {
        let old = std::mem::replace(cur, o);
        if decoded_is_original && source.is_none() {
            source = Some(old);
        }
    };
    // Stray NUL and control bytes in a text file (a damaged save, a bad copy) are removed,
    // with a warning: the text around them keeps its references.
    if page_starts.is_empty() {
        let stray = decode::count_bytes(cur.as_bytes(), decode::is_stray_control);
        if stray > 0 {
            let mut b = offsets::Builder::new(&cur);
            let bytes = cur.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if decode::is_stray_control(bytes[i]) {
                    let s = i;
                    while i < bytes.len() && decode::is_stray_control(bytes[i]) {
                        i += 1;
                    }
                    b.replace(s..i, "", Some("control"));
                } else {
                    i += 1;
                }
            }
            if let Some(o) = apply(&mut maps, b) {
                replace(&mut cur, o);
            }
            warnings.push(format!(
                "{stray} stray control byte(s) (NUL and others) removed"
            ));
        }
    }
    // Saved web pages lose their tags, scripts and navigation first.
    if html {
        if let Some(o) = apply(&mut maps, html::repair(&cur)) {
            replace(&mut cur, o);
        }
    }
    // Web copies (Markdown tables, emphasis, rules) are read without their markup.
    if page_starts.is_empty() {
        if let Some(o) = apply(&mut maps, markup::repair(&cur)) {
            replace(&mut cur, o);
        }
    }
    // PDF text first loses the damage that comes from PDF itself, page by page. Each page is
    // followed by its form feed (see `repair_pages`), which is not part of the page.
    if !page_starts.is_empty() {
        let pages: Vec<Range<usize>> = page_starts
            .iter()
            .enumerate()
            .map(|(k, &s)| {
                let next = page_starts.get(k + 1).copied().unwrap_or(cur.len());
                s..next.saturating_sub(1).max(s)
            })
            .collect();
        for stage in [
            pdfpage::Stage::Chars,
            pdfpage::Stage::Join,
            pdfpage::Stage::PageNumber,
        ] {
            if let Some(o) = apply(&mut maps, pdfpage::repair(&cur, &pages, stage)) {
                replace(&mut cur, o);
            }
        }
    }
    // Tone places found while scanning for character repairs, valid while nothing changed.
    let mut tone_places = (opts.tone != ToneStyle::Keep).then(|| scan::TonePlaces::new(opts.tone));
    let mut changed = false;
    if let Some(o) = apply(
        &mut maps,
        unicode::repair(&cur, opts.tone, tone_places.as_mut()),
    ) {
        replace(&mut cur, o);
        changed = true;
    }
    // OCR confusions on OCR'd pages, once characters are normalised (NFC, marks on their
    // vowels) and before lines are joined.
    if let Some(o) = ocr.as_ref().filter(|o| !o.pages.is_empty()) {
        if let Some(out) = apply(&mut maps, ocr::repair(&cur, o.pages, o.lexicon)) {
            replace(&mut cur, out);
            changed = true;
        }
    }
    if opts.layout {
        if let Some(o) = apply(&mut maps, layout::repair(&cur)) {
            replace(&mut cur, o);
            changed = true;
        }
    }
    if opts.tone != ToneStyle::Keep {
        let b = match &tone_places {
            Some(places) if !changed => tone::repair_at(&cur, opts.tone, &places.at),
            _ => tone::repair(&cur, opts.tone),
        };
        if let Some(o) = apply(&mut maps, b) {
            replace(&mut cur, o);
        }
    }
    let original = original.or(source.as_deref());
    let mut repairs: Vec<Repair> = staged
        .into_iter()
        .map(|(k, r)| {
            let (mut s, mut e) = (r.src.start, r.src.end);
            for m in maps[..k].iter().rev() {
                s = m.start(s);
                e = if r.src.is_empty() { s } else { m.end(e) };
            }
            let e = e.max(s);
            Repair {
                kind: r.kind,
                start: s,
                end: e,
                before: original
                    .and_then(|o| o.get(s..e))
                    .map_or(r.before, str::to_string),
                after: r.after,
            }
        })
        .collect();
    repairs.sort_by_key(|r| (r.start, r.end));
    Repaired {
        text: cur,
        encoding,
        repairs,
        warnings,
        original_len,
        original_line_starts,
        page_starts,
        maps,
    }
}

/// Search-key folding: lower case, no tones or diacritics, đ -> d (as tantivy's
/// `LowerCaser` + `AsciiFoldingFilter` do for every Vietnamese letter).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Other scripts are decomposed a char at a time, which leaves their marks out of
    // canonical order across chars ("\u{c48}\u{9cd}"); such output is put in order at the end.
    let mut other = false;
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for l in c.to_lowercase() {
            let (base, _) = viet::split_tone(l);
            match base {
                'ă' | 'â' => out.push('a'),
                'ê' => out.push('e'),
                'ô' | 'ơ' => out.push('o'),
                'ư' => out.push('u'),
                'đ' | 'ð' => out.push('d'),
                b if b.is_ascii() => out.push(b),
                _ => {
                    // Anything else: drop combining diacritics after canonical decomposition.
                    other = true;
                    for d in std::iter::once(l).nfd() {
                        if !('\u{300}'..='\u{36f}').contains(&d) {
                            out.extend(d.to_lowercase());
                        }
                    }
                }
            }
        }
    }
    if other {
        out = out.nfd().collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_carry_page_and_page_offsets() {
        let pages = vec![
            "BÁO CÁO SỐ 5\nKết quả thực hiện công tác cải cách hành chính của tỉnh trong \nnăm qua theo Kế hoạch số \n1\n".to_string(),
            "BÁO CÁO SỐ 5\n184/KH-UBND ngày 07/12/2021 của UBND tỉnh đã được triển khai đầy \nđủ và kịp thời tới các phòng ban.\n2\n".to_string(),
        ];
        let r = repair_pages(&pages, &RepairOptions::default());
        assert!(
            r.text.contains("Kế hoạch số 184/KH-UBND ngày 07/12/2021"),
            "{}",
            r.text
        );
        assert_eq!(r.text.matches("BÁO CÁO SỐ 5").count(), 0, "{}", r.text);
        let i = r.text.find("184/KH-UBND").unwrap();
        let span = r.source_span(i..i + "184/KH-UBND".len());
        assert_eq!(span.page, Some(2));
        assert_eq!(span.line, 2);
        assert_eq!(&pages[1][span.start..span.end], "184/KH-UBND");
        let i = r.text.find("Kết quả").unwrap();
        let span = r.source_span(i..i + "Kết quả".len());
        assert_eq!((span.page, span.line), (Some(1), 2));
        assert_eq!(&pages[0][span.start..span.end], "Kết quả");
    }

    #[test]
    fn pdf_page_damage_is_repaired_on_every_page_and_mapped_into_the_page_text() {
        let pages = vec![
            "Căn cứ Quyết định số 766/QĐ-\nTTg ngày 23/6/2022\n1".to_string(),
            "\u{fb01}le s\u{1}ố 184/\nKH-UBND và Quyết định số\n411/QĐ-TTg\n2".to_string(),
        ];
        let r = repair_pages(
            &pages,
            &RepairOptions {
                layout: false,
                ..Default::default()
            },
        );
        assert_eq!(
            r.text,
            "Căn cứ Quyết định số 766/QĐ-TTg\nngày 23/6/2022\u{c}file số 184/KH-UBND\nvà Quyết \
             định số\n411/QĐ-TTg\u{c}"
        );
        for (sym, page, raw) in [
            ("766/QĐ-TTg", 1, "766/QĐ-\nTTg"),
            ("184/KH-UBND", 2, "184/\nKH-UBND"),
            ("411/QĐ-TTg", 2, "411/QĐ-TTg"),
        ] {
            let at = r.text.find(sym).expect(sym);
            let s = r.source_span(at..at + sym.len());
            assert_eq!(s.page, Some(page));
            assert_eq!(&pages[page as usize - 1][s.start..s.end], raw);
        }
        let kinds: Vec<&str> = r.repairs.iter().map(|x| x.kind).collect();
        for k in ["pdf-char", "symbol-join", "page-number"] {
            assert!(kinds.contains(&k), "{kinds:?}");
        }
    }

    #[test]
    fn bom_and_utf16_map_to_file_bytes() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("Số 184/KH-UBND\nngày 07/12/2021".as_bytes());
        let r = repair_bytes(
            &b,
            &RepairOptions {
                layout: false,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(r.encoding, Encoding::Utf8Bom);
        let i = r.text.find("ngày").unwrap();
        let s = r.source_span(i..i + "ngày".len());
        assert_eq!(&b[s.start..s.end], "ngày".as_bytes());
        assert_eq!(s.line, 2);

        let text = "Căn cứ\nKế hoạch";
        let mut b = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let r = repair_bytes(
            &b,
            &RepairOptions {
                layout: false,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(r.encoding, Encoding::Utf16Le);
        assert_eq!(r.text, text);
        let i = r.text.find("Kế").unwrap();
        let s = r.source_span(i..i + "Kế".len());
        assert_eq!((s.start, s.end, s.line), (2 + 7 * 2, 2 + 9 * 2, 2));
    }

    #[test]
    fn stray_nul_and_control_bytes_are_removed_with_a_warning_and_mapped() {
        let mut b = "Căn cứ Kế hoạch số 184/KH-UBND ngày 07/12/2021.\n"
            .repeat(40)
            .into_bytes();
        b.insert(10, 0);
        b.insert(500, 0x01);
        b.insert(501, 0);
        let r = repair_bytes(&b, &RepairOptions::default()).expect("text, not binary");
        assert!(!r.text.bytes().any(|c| c == 0 || c == 1));
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(
            r.warnings[0].contains("3 stray control"),
            "{:?}",
            r.warnings
        );
        let i = r.text.rfind("184/KH-UBND").expect("reference kept");
        let s = r.source_span(i..i + "184/KH-UBND".len());
        assert_eq!(&b[s.start..s.end], b"184/KH-UBND");
        assert!(r.repairs.iter().any(|x| x.kind == "control"));
    }

    #[test]
    fn known_binary_formats_are_named() {
        let doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0 some text".to_vec();
        match repair_bytes(&doc, &RepairOptions::default()) {
            Err(TextError::Binary(why)) => assert!(why.contains("Word 97"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_and_binary() {
        assert!(matches!(
            repair_bytes(b"", &RepairOptions::default()),
            Err(TextError::Empty)
        ));
        let bin: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        assert!(matches!(
            repair_bytes(&bin, &RepairOptions::default()),
            Err(TextError::Binary(_))
        ));
    }
}
