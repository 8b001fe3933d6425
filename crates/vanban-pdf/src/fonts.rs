//! Fonts for the fast path, decoded once per document into flat per-code tables.
//!
//! Each builder follows pdf-extract 0.12.1's font constructor step by step (which keys it reads,
//! how it dereferences them, which tables win), because the fast path must give the text the
//! reference path gives. Where pdf-extract would panic, or needs something we do not carry
//! (core-font metrics, embedded Type1/CFF programs, embedded CMaps, Type3), the builder returns
//! `None` and pages that show text in that font go to pdf-extract. A code whose decoding would
//! make pdf-extract panic is marked so that showing it hands the page over as well.

use crate::glyphs;
use pdf_extract::{Dictionary, Document, Object};
use std::collections::HashMap;

/// Most codes a font may map or size; real fonts have at most 65,536.
const MAX_CODES: usize = 1 << 17;

/// `Glyph::len` of a code pdf-extract cannot decode.
const UNDECODABLE: u32 = u32::MAX;

/// One code of a font: its text (a range of [`Font::text`]) and its width in glyph units.
#[derive(Clone, Copy, Debug)]
pub struct Glyph {
    start: u32,
    len: u32,
    /// Advance width in thousandths of the font size.
    pub width: f64,
}

/// A font as far as text extraction needs it.
#[derive(Debug)]
pub struct Font {
    /// Two-byte codes (Identity-H/V) rather than one.
    pub two_byte: bool,
    text: String,
    glyphs: Vec<Glyph>,
    /// For codes past the table: no text, the default width.
    default: Glyph,
}

impl Font {
    /// The glyph for a code.
    #[inline]
    pub fn glyph(&self, code: u32) -> &Glyph {
        self.glyphs.get(code as usize).unwrap_or(&self.default)
    }

    /// The text of a glyph, `None` when pdf-extract could not decode it.
    #[inline]
    pub fn text(&self, g: &Glyph) -> Option<&str> {
        if g.len == UNDECODABLE {
            return None;
        }
        self.text
            .get(g.start as usize..g.start as usize + g.len as usize)
    }
}

/// Collects glyph texts into one string.
struct TextPool(String);

impl TextPool {
    fn glyph(&mut self, s: &str, width: f64) -> Glyph {
        let start = self.0.len() as u32;
        self.0.push_str(s);
        Glyph {
            start,
            len: s.len() as u32,
            width,
        }
    }
}

fn undecodable(width: f64) -> Glyph {
    Glyph {
        start: 0,
        len: UNDECODABLE,
        width,
    }
}

/// pdf-extract's `maybe_deref`: a reference must resolve (it panics otherwise, here `Err`).
fn deref<'a>(doc: &'a Document, o: &'a Object) -> Result<&'a Object, ()> {
    match o {
        Object::Reference(id) => doc.get_object(*id).map_err(|_| ()),
        o => Ok(o),
    }
}

/// pdf-extract's `maybe_get_obj`: absent is `Ok(None)`, a dangling reference `Err`.
fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Result<Option<&'a Object>, ()> {
    match d.get(key) {
        Ok(o) => deref(doc, o).map(Some),
        Err(_) => Ok(None),
    }
}

/// pdf-extract's `as_num`: an integer or real, not dereferenced.
fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// pdf-extract's `to_utf8` of one code through a 256-entry table; `None` where it panics
/// (a lone surrogate).
fn table_char(unit: u16) -> Option<char> {
    char::from_u32(u32::from(unit))
}

/// A base encoding by name, as UTF-16 units (pdf-extract's `encoding_to_unicode_table`).
fn base_encoding(name: &[u8]) -> Option<[u16; 256]> {
    let names = match name {
        b"MacRomanEncoding" => &glyphs::MAC_ROMAN,
        b"MacExpertEncoding" => &glyphs::MAC_EXPERT,
        b"WinAnsiEncoding" => &glyphs::WIN_ANSI,
        _ => return None,
    };
    let mut t = [0u16; 256];
    for (slot, n) in t.iter_mut().zip(names.iter()) {
        if let Some(n) = n {
            *slot = glyphs::name_to_unicode(n.as_bytes())?;
        }
    }
    Some(t)
}

/// pdf-extract's `get_unicode_map`: `Ok(None)` without a map, `Err` where it panics.
fn unicode_map(doc: &Document, font: &Dictionary) -> Result<Option<HashMap<u32, String>>, ()> {
    match get(doc, font, b"ToUnicode")? {
        None => Ok(None),
        Some(Object::Stream(s)) => {
            // pdf-extract's `get_contents`: the decoded data, or the raw bytes if decoding fails.
            let data = if s.filters().is_ok() {
                s.decompressed_content()
                    .unwrap_or_else(|_| s.content.clone())
            } else {
                s.content.clone()
            };
            parse_to_unicode(&data).map(Some).ok_or(())
        }
        Some(Object::Name(n)) if n == b"Identity-H" => Ok(None),
        Some(_) => Err(()),
    }
}

/// Build a font from its dictionary, or `None` if this path does not handle it.
pub fn build(doc: &Document, font: &Dictionary) -> Option<Font> {
    let subtype = get(doc, font, b"Subtype").ok()??.as_name().ok()?;
    match subtype {
        b"Type0" => build_cid(doc, font),
        b"Type3" => None,
        _ => build_simple(doc, font, subtype),
    }
}

/// pdf-extract's `PdfSimpleFont::new` and `decode_char`, flattened into 256 glyphs.
fn build_simple(doc: &Document, font: &Dictionary, subtype: &[u8]) -> Option<Font> {
    let base = get(doc, font, b"BaseFont").ok()??.as_name().ok()?;
    let encoding = get(doc, font, b"Encoding").ok()?;
    let descriptor = get(doc, font, b"FontDescriptor")
        .ok()?
        .and_then(|d| d.as_dict().ok());
    if let Some(desc) = descriptor {
        // An embedded Type1 program supplies the built-in encoding, an embedded CFF program
        // (FontFile3) a code -> glyph-name map: neither is parsed here.
        if subtype == b"Type1"
            && matches!(get(doc, desc, b"FontFile").ok()?, Some(Object::Stream(_)))
        {
            return None;
        }
        if subtype == b"TrueType" {
            get(doc, desc, b"FontFile2").ok()?;
        }
        if matches!(get(doc, desc, b"FontFile3").ok()?, Some(Object::Stream(_))) {
            return None;
        }
        get(doc, desc, b"CharSet").ok()?;
    }
    let mut unicode = unicode_map(doc, font).ok()?;

    let table: Option<[u16; 256]> = match encoding {
        Some(Object::Name(n)) => Some(base_encoding(n)?),
        Some(Object::Dictionary(enc)) => {
            let mut t = match get(doc, enc, b"BaseEncoding").ok()? {
                Some(Object::Name(n)) => base_encoding(n)?,
                _ => glyphs::PDF_DOC,
            };
            if let Some(Object::Array(diffs)) = get(doc, enc, b"Differences").ok()? {
                let mut code: i64 = 0;
                for o in diffs {
                    match deref(doc, o).ok()? {
                        Object::Integer(i) => code = *i,
                        Object::Name(n) => {
                            if let Some(u) = glyphs::name_to_unicode(n) {
                                let slot = usize::try_from(code).ok().filter(|&c| c < 256)?;
                                t[slot] = u;
                                if let Some(map) = unicode.as_mut() {
                                    let s = String::from_utf16(&[u]).ok()?;
                                    map.entry(code as u32).or_insert(s);
                                }
                            } else if let Some(map) = unicode.as_mut() {
                                if base.windows(11).any(|w| w == b"FontAwesome") {
                                    // pdf-extract maps unnamed FontAwesome glyphs to nothing,
                                    // and panics if the code was mapped already.
                                    if map.contains_key(&(code as u32)) {
                                        return None;
                                    }
                                    map.insert(code as u32, String::new());
                                }
                            }
                            code = code.wrapping_add(1);
                        }
                        _ => return None,
                    }
                }
            }
            Some(t)
        }
        None if subtype == b"TrueType" => Some(base_encoding(b"WinAnsiEncoding")?),
        None => None,
        Some(_) => return None,
    };

    let int = |key: &[u8]| -> Result<Option<i64>, ()> {
        Ok(get(doc, font, key)?.and_then(|o| o.as_i64().ok()))
    };
    let first = int(b"FirstChar").ok()?;
    let last = int(b"LastChar").ok()?;
    let widths = match get(doc, font, b"Widths").ok()? {
        Some(Object::Array(a)) => Some(a.iter().map(num).collect::<Option<Vec<f64>>>()?),
        _ => None,
    };
    let mut width = [None::<f64>; 256];
    match (first, last, widths) {
        (Some(first), Some(last), Some(widths)) => {
            if first.checked_add(widths.len() as i64 - 1) != Some(last) {
                return None;
            }
            for (i, w) in widths.into_iter().enumerate() {
                if let Some(slot) = usize::try_from(first.wrapping_add(i as i64))
                    .ok()
                    .and_then(|c| width.get_mut(c))
                {
                    *slot = Some(w);
                }
            }
        }
        // pdf-extract takes the widths of the 14 standard fonts from their metrics, which we
        // do not carry; other fonts without widths get none.
        _ if is_core_font(base) => return None,
        _ => {}
    }
    let missing = match font.get(b"MissingWidth") {
        Ok(o) => num(o).unwrap_or(0.0),
        Err(_) => 0.0,
    };

    let mut pool = TextPool(String::new());
    let mut glyphs = Vec::with_capacity(256);
    let mut buf = [0u8; 4];
    for code in 0..256usize {
        let w = width[code].unwrap_or(missing);
        let from_table = |t: &[u16; 256]| table_char(t[code]);
        let ch = match &unicode {
            Some(map) => match map.get(&(code as u32)) {
                Some(s) => {
                    glyphs.push(pool.glyph(s, w));
                    continue;
                }
                // pdf-extract falls back to the encoding, and panics without one.
                None => table.as_ref().and_then(from_table),
            },
            None => from_table(table.as_ref().unwrap_or(&glyphs::PDF_DOC)),
        };
        glyphs.push(match ch {
            Some(c) => pool.glyph(c.encode_utf8(&mut buf), w),
            None => undecodable(w),
        });
    }
    Some(Font {
        two_byte: false,
        text: pool.0,
        glyphs,
        default: undecodable(missing),
    })
}

fn is_core_font(name: &[u8]) -> bool {
    matches!(
        name,
        b"Courier-Bold"
            | b"Courier-BoldOblique"
            | b"Courier-Oblique"
            | b"Courier"
            | b"Helvetica-Bold"
            | b"Helvetica-BoldOblique"
            | b"Helvetica-Oblique"
            | b"Helvetica"
            | b"Symbol"
            | b"Times-Bold"
            | b"Times-BoldItalic"
            | b"Times-Italic"
            | b"Times-Roman"
            | b"ZapfDingbats"
    )
}

/// pdf-extract's `PdfCIDFont::new` for Identity-H/V: CID = code, text from ToUnicode (none
/// for unmapped codes), widths from /W (pdf-extract skips the `first last width` form, which
/// is a bug; we apply it, as the PDF specification says) else /DW.
fn build_cid(doc: &Document, font: &Dictionary) -> Option<Font> {
    get(doc, font, b"BaseFont").ok()??.as_name().ok()?;
    let desc = get(doc, font, b"DescendantFonts").ok()??.as_array().ok()?;
    let cid = deref(doc, desc.first()?).ok()?.as_dict().ok()?;
    match get(doc, font, b"Encoding").ok()?? {
        Object::Name(n) if n == b"Identity-H" || n == b"Identity-V" => {}
        // Embedded CMaps (streams) and predefined CJK CMaps: pdf-extract's job.
        _ => return None,
    }
    let unicode = unicode_map(doc, font).ok()?;
    get(doc, cid, b"FontDescriptor").ok()??.as_dict().ok()?;
    let dw = match cid.get(b"DW") {
        Ok(Object::Integer(i)) => *i as f64,
        _ => 1000.0,
    };
    let mut widths: HashMap<u32, f64> = HashMap::new();
    if let Some(Object::Array(w)) = get(doc, cid, b"W").ok()? {
        let w: Vec<&Object> = w
            .iter()
            .map(|o| deref(doc, o))
            .collect::<Result<_, _>>()
            .ok()?;
        let mut i = 0;
        while i < w.len() {
            let c = w[i].as_i64().ok()?;
            match *w.get(i + 1)? {
                Object::Array(ws) => {
                    for (k, x) in ws.iter().enumerate() {
                        widths.insert(c.wrapping_add(k as i64) as u32, num(x)?);
                    }
                    i += 2;
                }
                o => {
                    let c2 = num(o)? as i64;
                    let x = num(w.get(i + 2)?)?;
                    if c2 < c || c2.checked_sub(c)? > 0xFFFF {
                        return None;
                    }
                    for k in c..=c2 {
                        widths.insert(k as u32, x);
                    }
                    i += 3;
                }
            }
            if widths.len() > MAX_CODES {
                return None;
            }
        }
    }
    let empty = HashMap::new();
    let unicode = unicode.as_ref().unwrap_or(&empty);
    let size = unicode
        .keys()
        .chain(widths.keys())
        .copied()
        .filter(|&c| c <= 0xFFFF)
        .max()
        .map_or(0, |m| m as usize + 1);
    let mut pool = TextPool(String::new());
    let blank = pool.glyph("", dw);
    let mut glyphs = vec![blank; size];
    for (&c, &w) in &widths {
        if let Some(g) = glyphs.get_mut(c as usize) {
            g.width = w;
        }
    }
    for (&c, s) in unicode {
        if let Some(g) = glyphs.get_mut(c as usize) {
            *g = pool.glyph(s, g.width);
        }
    }
    Some(Font {
        two_byte: true,
        text: pool.0,
        glyphs,
        default: blank,
    })
}

/// Parse a ToUnicode CMap's bfchar and bfrange sections.
pub fn parse_to_unicode(data: &[u8]) -> Option<HashMap<u32, String>> {
    #[derive(Debug)]
    enum Tok<'a> {
        Hex(Vec<u8>),
        Open,
        Close,
        Word(&'a [u8]),
    }
    let mut toks = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        match c {
            // Dictionary delimiters, not hex strings.
            b'<' | b'>' if data.get(i + 1) == Some(&c) => i += 2,
            b'<' => {
                let end = data[i + 1..].iter().position(|&b| b == b'>')? + i + 1;
                let digits: Vec<u8> = data[i + 1..end]
                    .iter()
                    .filter(|b| !b.is_ascii_whitespace())
                    .copied()
                    .collect();
                let mut bytes = Vec::with_capacity(digits.len() / 2 + 1);
                for pair in digits.chunks(2) {
                    let hi = (pair[0] as char).to_digit(16)?;
                    let lo = match pair.get(1) {
                        Some(&d) => (d as char).to_digit(16)?,
                        None => 0,
                    };
                    bytes.push((hi * 16 + lo) as u8);
                }
                toks.push(Tok::Hex(bytes));
                i = end + 1;
            }
            // Literal strings ("(Adobe)") may hold anything; nothing in them maps codes.
            b'(' => {
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'[' => {
                toks.push(Tok::Open);
                i += 1;
            }
            b']' => {
                toks.push(Tok::Close);
                i += 1;
            }
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            c if c.is_ascii_alphanumeric() => {
                let start = i;
                while i < data.len() && (data[i].is_ascii_alphanumeric() || data[i] == b'.') {
                    i += 1;
                }
                toks.push(Tok::Word(&data[start..i]));
            }
            _ => i += 1,
        }
    }
    let code = |b: &[u8]| -> Option<u32> {
        if b.is_empty() || b.len() > 4 {
            return None;
        }
        Some(b.iter().fold(0u32, |a, &x| (a << 8) | u32::from(x)))
    };
    let utf16 = |b: &[u8]| -> Option<Vec<u16>> {
        if !b.len().is_multiple_of(2) {
            return None;
        }
        Some(
            b.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect(),
        )
    };
    let mut map = HashMap::new();
    // Hostile CMaps can declare billions of codes in a few bytes: stop well before that.
    let mut budget = MAX_CODES;
    let mut insert = |k: u32, units: &[u16]| {
        // pdf-extract drops lone surrogates the same way.
        if let [0xD800..=0xDFFF] = units {
            return;
        }
        if let Ok(s) = String::from_utf16(units) {
            map.insert(k, s);
        }
    };
    let mut j = 0;
    let mut section = "";
    while j < toks.len() {
        match (&toks[j], section) {
            (Tok::Word(w), _) if *w == b"beginbfchar" => section = "char",
            (Tok::Word(w), _) if *w == b"beginbfrange" => section = "range",
            (Tok::Word(w), _) if w.starts_with(b"end") => section = "",
            (Tok::Hex(src), "char") => {
                let Some(Tok::Hex(dst)) = toks.get(j + 1) else {
                    return None;
                };
                insert(code(src)?, &utf16(dst)?);
                j += 1;
            }
            (Tok::Hex(lo), "range") => {
                let (Some(Tok::Hex(hi)), Some(dst)) = (toks.get(j + 1), toks.get(j + 2)) else {
                    return None;
                };
                let (lo, hi) = (code(lo)?, code(hi)?);
                if hi < lo || hi - lo > 0xFFFF {
                    return None;
                }
                match dst {
                    Tok::Hex(d) => {
                        let mut units = utf16(d)?;
                        for k in lo..=hi {
                            budget = budget.checked_sub(1)?;
                            insert(k, &units);
                            let last = units.last_mut()?;
                            *last = last.wrapping_add(1);
                        }
                        j += 2;
                    }
                    Tok::Open => {
                        // `None` once past u32::MAX: extra elements map nothing.
                        let mut k = Some(lo);
                        let mut m = j + 3;
                        while let Some(Tok::Hex(d)) = toks.get(m) {
                            if let Some(c) = k.filter(|&c| c <= hi) {
                                insert(c, &utf16(d)?);
                            }
                            k = k.and_then(|c| c.checked_add(1));
                            m += 1;
                        }
                        j = m;
                    }
                    _ => return None,
                }
            }
            _ => {}
        }
        j += 1;
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::{dictionary, Stream};

    #[test]
    fn parses_bfchar_and_bfrange() {
        let cmap = b"/CIDInit /ProcSet findresource begin\n/CIDSystemInfo<<\n/Registry (Adobe)\n>> def\n2 beginbfchar\n<01> <0041>\n<0002> <1EA1>\nendbfchar\n2 beginbfrange\n<10> <12> <0061>\n<20> <21> [<0110> <00D0>]\nendbfrange\nend";
        let m = parse_to_unicode(cmap).expect("parses");
        assert_eq!(m[&1], "A");
        assert_eq!(m[&2], "ạ");
        assert_eq!(m[&0x11], "b");
        assert_eq!(m[&0x12], "c");
        assert_eq!(m[&0x20], "Đ");
        assert_eq!(m[&0x21], "Ð");
    }

    #[test]
    fn hostile_cmaps_do_not_panic() {
        for c in [
            &b"beginbfrange <00> <FFFFFFFF> <0041> endbfrange"[..],
            b"beginbfchar <01> endbfchar",
            b"beginbfchar <0> <D800> endbfchar",
            b"<",
            b"beginbfrange <01> <02> [<0041> <zz>] endbfrange",
            b"beginbfrange <FFFFFFFF> <FFFFFFFF> [<0041> <0042> <0043>] endbfrange",
        ] {
            let _ = parse_to_unicode(c);
        }
        // Many full ranges: refused, not ground through.
        let mut big = b"beginbfrange ".to_vec();
        for _ in 0..64 {
            big.extend_from_slice(b"<0000> <FFFF> <0041> ");
        }
        big.extend_from_slice(b"endbfrange");
        assert!(parse_to_unicode(&big).is_none());
    }

    fn text_of(f: &Font, code: u32) -> Option<&str> {
        f.text(f.glyph(code))
    }

    #[test]
    fn win_ansi_truetype_without_to_unicode() {
        let doc = Document::with_version("1.5");
        let widths: Vec<Object> = (32..=255).map(|c| Object::Integer(c * 2)).collect();
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+.VnTime",
            "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "LastChar" => 255,
            "Widths" => widths,
        };
        let f = build(&doc, &font).expect("handled");
        assert!(!f.two_byte);
        assert_eq!(text_of(&f, u32::from(b'a')), Some("a"));
        // TCVN3 text keeps its raw bytes -> WinAnsi characters for the text-repair stage.
        assert_eq!(text_of(&f, 0xB8), Some("¸"));
        assert_eq!(text_of(&f, 0x80), Some("€"));
        assert_eq!(text_of(&f, 0x81), Some("•"));
        assert_eq!(text_of(&f, 0x05), Some("\0"));
        assert_eq!(f.glyph(u32::from(b'a')).width, 194.0);
        assert_eq!(f.glyph(10).width, 0.0);
        // Without /Encoding a TrueType font is read as WinAnsi too.
        let mut font = font;
        font.remove(b"Encoding");
        let f = build(&doc, &font).expect("handled");
        assert_eq!(text_of(&f, 0x93), Some("\u{201C}"));
    }

    #[test]
    fn differences_over_a_base_encoding_and_to_unicode_gaps() {
        let mut doc = Document::with_version("1.5");
        let cmap = doc.add_object(Stream::new(
            dictionary! {},
            b"1 beginbfchar <41> <0042> endbfchar".to_vec(),
        ));
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Custom",
            "Encoding" => dictionary! {
                "BaseEncoding" => "MacRomanEncoding",
                "Differences" => vec![
                    Object::Integer(65), "Adotbelow".into(), "nosuchglyph".into(), "ohorn".into(),
                ],
            },
            "ToUnicode" => cmap,
            "FirstChar" => 65, "LastChar" => 66,
            "Widths" => vec![Object::Integer(600), Object::Real(250.5)],
        };
        let f = build(&doc, &font).expect("handled");
        // ToUnicode wins; Differences fill codes it lacks; the base encoding the rest.
        assert_eq!(text_of(&f, 65), Some("B"));
        assert_eq!(text_of(&f, 66), Some("B"));
        assert_eq!(text_of(&f, 67), Some("ơ"));
        assert_eq!(text_of(&f, 0x8A), Some("ä"));
        assert_eq!(f.glyph(66).width, 250.5);
        // A base encoding pdf-extract does not know, and Type3: not handled.
        let mut odd = font.clone();
        odd.set("Encoding", "StandardEncoding");
        assert!(build(&doc, &odd).is_none());
        odd.set("Subtype", "Type3");
        assert!(build(&doc, &odd).is_none());
        // A standard font without widths needs metrics we do not carry.
        let core = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        };
        assert!(build(&doc, &core).is_none());
    }

    #[test]
    fn identity_h_cid_font_with_and_without_to_unicode() {
        let mut doc = Document::with_version("1.5");
        let cmap = doc.add_object(Stream::new(
            dictionary! {},
            b"1 beginbfchar <0003> <1EC7> endbfchar 1 beginbfrange <0010> <0011> <0061> endbfrange"
                .to_vec(),
        ));
        let desc = doc.add_object(dictionary! { "Type" => "FontDescriptor" });
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "X",
            "FontDescriptor" => desc, "DW" => 700,
            "W" => vec![
                Object::Integer(3), vec![Object::Integer(480)].into(),
                Object::Integer(16), Object::Integer(17), Object::Integer(520),
            ],
        });
        let mut font = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "X",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![Object::Reference(cid)],
            "ToUnicode" => cmap,
        };
        let f = build(&doc, &font).expect("handled");
        assert!(f.two_byte);
        assert_eq!(text_of(&f, 3), Some("ệ"));
        assert_eq!(text_of(&f, 0x11), Some("b"));
        assert_eq!(f.glyph(3).width, 480.0);
        assert_eq!(f.glyph(0x10).width, 520.0);
        // Unmapped codes give no text and the default width, as in pdf-extract.
        assert_eq!(text_of(&f, 0x500), Some(""));
        assert_eq!(f.glyph(0x500).width, 700.0);
        font.remove(b"ToUnicode");
        let f = build(&doc, &font).expect("handled");
        assert_eq!(text_of(&f, 3), Some(""));
        font.set("Encoding", "UniGB-UCS2-H");
        assert!(build(&doc, &font).is_none());
    }
}
