//! A faster text path over lopdf for the fonts word processors write (issue 4, speed).
//!
//! Profiling pdf-extract on a 940-page export showed over half the time in building fonts:
//! pdf-extract throws its font table away at every page and re-parses each ToUnicode CMap
//! (with a combinator parser) and encoding table per page. This path interprets the text
//! operators itself, with the same positioning arithmetic as pdf-extract, and keeps fonts in a
//! per-document cache keyed by object id. It only handles fonts with a ToUnicode map and
//! explicit widths (simple TrueType/Type1 fonts and Type0 fonts with Identity-H/V); anything
//! else, and any code its map lacks, makes it return `None` so that the page goes to
//! pdf-extract, which stays the reference path. Output goes through the same [`PageText`]
//! device, so both paths lay text out identically.

use crate::layout::PageText;
use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, Transform};
use std::collections::HashMap;
use std::rc::Rc;

/// Most codes a font may map or size; real fonts have at most 65,536.
const MAX_CODES: usize = 1 << 17;
/// Most content operators interpreted per page, forms included.
const MAX_OPS: usize = 5_000_000;

/// A font as far as text extraction needs it.
#[derive(Debug)]
struct Font {
    /// Two-byte codes (Identity-H/V) rather than one.
    two_byte: bool,
    widths: HashMap<u32, f64>,
    default_width: f64,
    unicode: HashMap<u32, String>,
}

/// Fonts already built for this document; `None` marks a font this path does not handle.
#[derive(Default)]
pub struct FontCache {
    fonts: HashMap<ObjectId, Option<Rc<Font>>>,
}

impl FontCache {
    /// An empty cache (one per document).
    pub fn new() -> Self {
        Self::default()
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

fn dict_get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    deref(doc, d.get(key).ok()?)
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut cur = page;
    for _ in 0..32 {
        if let Some(v) = dict_get(doc, cur, key) {
            return Some(v);
        }
        let parent = cur.get(b"Parent").ok()?.as_reference().ok()?;
        cur = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Parse a ToUnicode CMap's bfchar and bfrange sections.
fn parse_to_unicode(data: &[u8]) -> Option<HashMap<u32, String>> {
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
                        let mut k = lo;
                        let mut m = j + 3;
                        while let Some(Tok::Hex(d)) = toks.get(m) {
                            if k <= hi {
                                insert(k, &utf16(d)?);
                            }
                            k += 1;
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

fn build_font(doc: &Document, font: &Dictionary) -> Option<Font> {
    let subtype = dict_get(doc, font, b"Subtype")?.as_name().ok()?;
    let to_unicode = match dict_get(doc, font, b"ToUnicode")? {
        Object::Stream(s) => s,
        _ => return None,
    };
    let data = if to_unicode.dict.get(b"Filter").is_ok() {
        to_unicode.decompressed_content().ok()?
    } else {
        to_unicode.content.clone()
    };
    let unicode = parse_to_unicode(&data)?;
    match subtype {
        b"TrueType" | b"Type1" | b"MMType1" => {
            let first = dict_get(doc, font, b"FirstChar").and_then(num)?;
            let last = dict_get(doc, font, b"LastChar").and_then(num)?;
            let widths = dict_get(doc, font, b"Widths")?.as_array().ok()?;
            // pdf-extract asserts this; a mismatch goes to it (and to the fallback).
            if first + widths.len() as f64 - 1.0 != last {
                return None;
            }
            let mut map = HashMap::new();
            for (i, w) in widths.iter().enumerate() {
                map.insert(first as u32 + i as u32, num(deref(doc, w)?)?);
            }
            let missing = match dict_get(doc, font, b"MissingWidth") {
                Some(o) => num(o)?,
                None => 0.0,
            };
            Some(Font {
                two_byte: false,
                widths: map,
                default_width: missing,
                unicode,
            })
        }
        b"Type0" => {
            let enc = dict_get(doc, font, b"Encoding")?.as_name().ok()?;
            if enc != b"Identity-H" && enc != b"Identity-V" {
                return None;
            }
            let desc = dict_get(doc, font, b"DescendantFonts")?.as_array().ok()?;
            let cid = deref(doc, desc.first()?)?.as_dict().ok()?;
            let dw = match dict_get(doc, cid, b"DW") {
                Some(o) => num(o)?,
                None => 1000.0,
            };
            let mut widths = HashMap::new();
            if let Some(w) = dict_get(doc, cid, b"W") {
                let w = w.as_array().ok()?;
                let mut i = 0;
                while i < w.len() {
                    let c = num(deref(doc, &w[i])?)? as u32;
                    match deref(doc, w.get(i + 1)?)? {
                        Object::Array(ws) => {
                            for (k, x) in ws.iter().enumerate() {
                                widths.insert(c + k as u32, num(deref(doc, x)?)?);
                            }
                            i += 2;
                        }
                        o => {
                            let c2 = num(o)? as u32;
                            let x = num(deref(doc, w.get(i + 2)?)?)?;
                            if c2 < c || c2 - c > 0xFFFF {
                                return None;
                            }
                            for k in c..=c2 {
                                widths.insert(k, x);
                            }
                            if widths.len() > MAX_CODES {
                                return None;
                            }
                            i += 3;
                        }
                    }
                }
            }
            Some(Font {
                two_byte: true,
                widths,
                default_width: dw,
                unicode,
            })
        }
        _ => None,
    }
}

#[derive(Clone)]
struct State {
    ctm: Transform,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    hscale: f64,
    leading: f64,
    rise: f64,
    tm: Transform,
}

struct Interp<'a, 'c> {
    doc: &'a Document,
    cache: &'c mut FontCache,
    out: PageText,
    depth: u32,
    ops: usize,
}

impl Interp<'_, '_> {
    fn font(&mut self, resources: &Dictionary, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = dict_get(self.doc, resources, b"Font")?.as_dict().ok()?;
        let id = fonts.get(name).ok()?.as_reference().ok()?;
        if let Some(f) = self.cache.fonts.get(&id) {
            return f.clone();
        }
        let f = self
            .doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| build_font(self.doc, d))
            .map(Rc::new);
        self.cache.fonts.insert(id, f.clone());
        f
    }

    fn show(&mut self, gs: &mut State, s: &[u8]) -> Option<()> {
        let font = gs.font.clone()?;
        self.out.begin_word().ok()?;
        let step = if font.two_byte { 2 } else { 1 };
        for chunk in s.chunks(step) {
            if chunk.len() < step {
                break;
            }
            let c = chunk.iter().fold(0u32, |a, &x| (a << 8) | u32::from(x));
            let text = font.unicode.get(&c)?;
            let tsm = Transform::row_major(gs.hscale, 0., 0., 1.0, 0., gs.rise);
            let trm = tsm.post_transform(&gs.tm.post_transform(&gs.ctm));
            let w0 = font.widths.get(&c).copied().unwrap_or(font.default_width) / 1000.;
            let mut spacing = gs.char_spacing;
            if c == 32 && step == 1 {
                spacing += gs.word_spacing;
            }
            self.out
                .output_character(&trm, w0, spacing, gs.font_size, text)
                .ok()?;
            let tx = gs.hscale * (w0 * gs.font_size + spacing);
            gs.tm = gs.tm.pre_transform(&Transform::create_translation(tx, 0.));
        }
        self.out.end_word().ok()
    }

    fn run(&mut self, content: &[u8], resources: &Dictionary, ctm: Transform) -> Option<()> {
        let ops = Content::decode(content).ok()?.operations;
        let mut gs = State {
            ctm,
            font: None,
            font_size: f64::NAN,
            char_spacing: 0.,
            word_spacing: 0.,
            hscale: 1.,
            leading: 0.,
            rise: 0.,
            tm: Transform::identity(),
        };
        let mut stack: Vec<State> = Vec::new();
        let mut tlm = Transform::identity();
        self.ops += ops.len();
        if self.ops > MAX_OPS {
            return None;
        }
        for op in &ops {
            let a = &op.operands;
            let n = |i: usize| a.get(i).and_then(num);
            match op.operator.as_str() {
                "BT" | "ET" => {
                    tlm = Transform::identity();
                    gs.tm = tlm;
                }
                "cm" => {
                    let m = Transform::row_major(n(0)?, n(1)?, n(2)?, n(3)?, n(4)?, n(5)?);
                    gs.ctm = gs.ctm.pre_transform(&m);
                }
                "q" => stack.push(gs.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                "Tc" => gs.char_spacing = n(0)?,
                "Tw" => gs.word_spacing = n(0)?,
                "Tz" => gs.hscale = n(0)? / 100.,
                "TL" => gs.leading = n(0)?,
                "Ts" => gs.rise = n(0)?,
                "Tf" => {
                    let name = a.first()?.as_name().ok()?;
                    gs.font = Some(self.font(resources, name)?);
                    gs.font_size = n(1)?;
                }
                "Tm" => {
                    tlm = Transform::row_major(n(0)?, n(1)?, n(2)?, n(3)?, n(4)?, n(5)?);
                    gs.tm = tlm;
                }
                "Td" | "TD" => {
                    let (tx, ty) = (n(0)?, n(1)?);
                    if op.operator == "TD" {
                        gs.leading = -ty;
                    }
                    tlm = tlm.pre_transform(&Transform::create_translation(tx, ty));
                    gs.tm = tlm;
                }
                "T*" => {
                    tlm = tlm.pre_transform(&Transform::create_translation(0., -gs.leading));
                    gs.tm = tlm;
                }
                "Tj" => match a.first()? {
                    Object::String(s, _) => self.show(&mut gs, s)?,
                    _ => return None,
                },
                "TJ" => {
                    for e in a.first()?.as_array().ok()? {
                        match e {
                            Object::String(s, _) => self.show(&mut gs, s)?,
                            o => {
                                let tj = num(o)?;
                                let tx = gs.hscale * (-tj / 1000. * gs.font_size);
                                gs.tm = gs.tm.pre_transform(&Transform::create_translation(tx, 0.));
                            }
                        }
                    }
                }
                // pdf-extract ignores these two; when they occur we let it decide.
                "'" | "\"" => return None,
                "Do" => {
                    let name = a.first()?.as_name().ok()?;
                    let xobjects = dict_get(self.doc, resources, b"XObject")?.as_dict().ok()?;
                    let Object::Stream(xf) = dict_get(self.doc, xobjects, name)? else {
                        return None;
                    };
                    match xf.dict.get(b"Subtype").and_then(Object::as_name) {
                        Ok(b"Image") => {}
                        Ok(b"Form") if self.depth < 8 => {
                            let res = dict_get(self.doc, &xf.dict, b"Resources")
                                .and_then(|o| o.as_dict().ok())
                                .unwrap_or(resources);
                            let data = if xf.dict.get(b"Filter").is_ok() {
                                xf.decompressed_content().ok()?
                            } else {
                                xf.content.clone()
                            };
                            // pdf-extract runs forms with a fresh state: do the same.
                            self.depth += 1;
                            let r = self.run(&data, res, Transform::identity());
                            self.depth -= 1;
                            r?;
                        }
                        _ => return None,
                    }
                }
                _ => {}
            }
        }
        Some(())
    }
}

/// Text of one page through the fast path, or `None` when the page needs pdf-extract.
pub fn page_text(
    doc: &Document,
    page_num: u32,
    page_id: ObjectId,
    cache: &mut FontCache,
) -> Option<String> {
    let page = doc.get_dictionary(page_id).ok()?;
    let mb = inherited(doc, page, b"MediaBox")?.as_array().ok()?;
    if mb.len() < 4 {
        return None;
    }
    let v: Vec<f64> = mb
        .iter()
        .map(|o| deref(doc, o).and_then(num))
        .collect::<Option<_>>()?;
    let media_box = MediaBox {
        llx: v[0],
        lly: v[1],
        urx: v[2],
        ury: v[3],
    };
    let empty = Dictionary::new();
    let resources = match inherited(doc, page, b"Resources") {
        Some(Object::Dictionary(d)) => d,
        Some(_) => return None,
        None => &empty,
    };
    let content = doc.get_page_content(page_id).ok()?;
    let mut it = Interp {
        doc,
        cache,
        out: PageText::new(),
        depth: 0,
        ops: 0,
    };
    it.out.begin_page(page_num, &media_box, None).ok()?;
    it.run(&content, resources, Transform::identity())?;
    it.out.end_page().ok()?;
    Some(it.out.into_text())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
