//! A faster text path over lopdf for the fonts word processors write (issue 4, speed).
//!
//! Profiling pdf-extract on a 940-page export showed over half the time in building fonts:
//! pdf-extract throws its font table away at every page and re-parses each ToUnicode CMap
//! (with a combinator parser) and encoding table per page. On real files (Word exports, the
//! Official Gazette) the rest went to lopdf's content parser, which allocates an `Object` per
//! operand. This path reads content streams with its own allocation-free reader
//! (`content.rs`), interprets the text operators with the same positioning arithmetic as
//! pdf-extract, and keeps fonts decoded into flat per-code tables (`fonts.rs`) in a
//! per-document cache keyed by object id. It handles simple fonts (TrueType, Type1 without an
//! embedded program) through ToUnicode or their encoding and Differences, and Type0 fonts with
//! Identity-H/V; a page that shows text in any other font, or that the reader cannot follow,
//! makes it return `None` so that the page goes to pdf-extract, which stays the reference path.
//! Output goes through the same [`PageText`] device, so both paths lay text out identically.

use crate::content::{Next, Operand, Operands, Reader};
use crate::fonts::{self, Font};
use crate::layout::PageText;
use pdf_extract::{Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, Transform};
use std::collections::HashMap;

/// Most content operators interpreted per page, forms included.
const MAX_OPS: usize = 5_000_000;
/// Deepest form XObject nesting followed.
const MAX_FORM_DEPTH: u32 = 8;

/// Fonts already built for this document.
#[derive(Default)]
pub struct FontCache {
    /// Index into `fonts`, or `None` for a font this path does not handle.
    ids: HashMap<ObjectId, Option<u32>>,
    fonts: Vec<Font>,
}

impl FontCache {
    /// An empty cache (one per document).
    pub fn new() -> Self {
        Self::default()
    }

    fn add(&mut self, f: Option<Font>) -> Option<u32> {
        let f = f?;
        self.fonts.push(f);
        Some(self.fonts.len() as u32 - 1)
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

/// The font selected by `Tf`.
#[derive(Clone, Copy)]
enum FontSel {
    None,
    /// A font we do not handle: showing text with it hands the page to pdf-extract.
    Unsupported,
    Cached(u32),
}

#[derive(Clone, Copy)]
struct State {
    ctm: Transform,
    font: FontSel,
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
    fn font(&mut self, resources: &Dictionary, name: &[u8]) -> FontSel {
        let Some(fonts) = dict_get(self.doc, resources, b"Font").and_then(|o| o.as_dict().ok())
        else {
            return FontSel::Unsupported;
        };
        let idx = match fonts.get(name) {
            Ok(Object::Reference(id)) => match self.cache.ids.get(id) {
                Some(&i) => i,
                None => {
                    let f = self
                        .doc
                        .get_dictionary(*id)
                        .ok()
                        .and_then(|d| fonts::build(self.doc, d));
                    let i = self.cache.add(f);
                    self.cache.ids.insert(*id, i);
                    i
                }
            },
            // A font written inline: rare, so built each time rather than cached.
            Ok(Object::Dictionary(d)) => {
                let f = fonts::build(self.doc, d);
                self.cache.add(f)
            }
            _ => None,
        };
        idx.map_or(FontSel::Unsupported, FontSel::Cached)
    }

    /// pdf-extract's `show_text`.
    fn show(&mut self, gs: &mut State, s: &[u8]) -> Option<()> {
        let FontSel::Cached(i) = gs.font else {
            return None;
        };
        let font = &self.cache.fonts[i as usize];
        self.out.begin_word().ok()?;
        let step = if font.two_byte { 2 } else { 1 };
        for chunk in s.chunks_exact(step) {
            let c = if step == 2 {
                u32::from(chunk[0]) << 8 | u32::from(chunk[1])
            } else {
                u32::from(chunk[0])
            };
            let g = font.glyph(c);
            let text = font.text(g)?;
            let tsm = Transform::row_major(gs.hscale, 0., 0., 1.0, 0., gs.rise);
            let trm = tsm.post_transform(&gs.tm.post_transform(&gs.ctm));
            let w0 = g.width / 1000.;
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
        let mut gs = State {
            ctm,
            font: FontSel::None,
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
        let mut reader = Reader::new(content);
        let mut a = Operands::default();
        // Word writes a `Tf` before every run of text (60,000 in a 94-page Gazette issue): keep
        // this stream's name -> font answers rather than hash through two dictionaries each time.
        let mut seen_fonts: Vec<(Vec<u8>, FontSel)> = Vec::new();
        loop {
            let op = match reader.next(&mut a) {
                Next::Op(op) => op,
                Next::End => return Some(()),
                Next::Bail => return None,
            };
            self.ops += 1;
            if self.ops > MAX_OPS {
                return None;
            }
            // pdf-extract asserts the operand count of these and unwraps every operand it
            // reads: where it would panic we return `None` and let it fail the same way.
            let n = |i: usize| a.num(i);
            let matrix = || -> Option<Transform> {
                if a.list.len() != 6 {
                    return None;
                }
                Some(Transform::row_major(
                    n(0)?,
                    n(1)?,
                    n(2)?,
                    n(3)?,
                    n(4)?,
                    n(5)?,
                ))
            };
            match op {
                b"BT" | b"ET" => {
                    tlm = Transform::identity();
                    gs.tm = tlm;
                }
                b"cm" => gs.ctm = gs.ctm.pre_transform(&matrix()?),
                b"q" => stack.push(gs),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"Tc" => gs.char_spacing = n(0)?,
                b"Tw" => gs.word_spacing = n(0)?,
                b"Tz" => gs.hscale = n(0)? / 100.,
                b"TL" => gs.leading = n(0)?,
                b"Ts" => gs.rise = n(0)?,
                b"Tf" => {
                    let name = a.name(0)?;
                    let size = n(1)?;
                    gs.font = match seen_fonts.iter().find(|(k, _)| k == name) {
                        Some(&(_, f)) => f,
                        None => {
                            let f = self.font(resources, name);
                            seen_fonts.push((name.to_vec(), f));
                            f
                        }
                    };
                    gs.font_size = size;
                }
                b"Tm" => {
                    tlm = matrix()?;
                    gs.tm = tlm;
                }
                b"Td" | b"TD" => {
                    if a.list.len() != 2 {
                        return None;
                    }
                    let (tx, ty) = (n(0)?, n(1)?);
                    if op == b"TD" {
                        gs.leading = -ty;
                    }
                    tlm = tlm.pre_transform(&Transform::create_translation(tx, ty));
                    gs.tm = tlm;
                }
                b"T*" => {
                    tlm = tlm.pre_transform(&Transform::create_translation(0., -gs.leading));
                    gs.tm = tlm;
                }
                b"Tj" => match a.list.first()? {
                    &Operand::Str(s, e) => self.show(&mut gs, a.bytes_of(s, e))?,
                    _ => return None,
                },
                b"TJ" => {
                    if let &Operand::Array(s, e) = a.list.first()? {
                        for el in a.array(s, e) {
                            match *el {
                                Operand::Str(s, e) => self.show(&mut gs, a.bytes_of(s, e))?,
                                Operand::Num(tj) => {
                                    let w0 = 0.;
                                    let tx = gs.hscale * ((w0 - tj / 1000.) * gs.font_size);
                                    gs.tm =
                                        gs.tm.pre_transform(&Transform::create_translation(tx, 0.));
                                }
                                // pdf-extract skips anything else in a TJ array.
                                _ => {}
                            }
                        }
                    }
                }
                // Next line, then show (`"` sets word and character spacing first).
                // pdf-extract ignores both operators and loses their text; we do not.
                b"'" | b"\"" => {
                    let s = if op == b"'" {
                        0
                    } else {
                        gs.word_spacing = n(0)?;
                        gs.char_spacing = n(1)?;
                        2
                    };
                    let Some(&Operand::Str(s, e)) = a.list.get(s) else {
                        return None;
                    };
                    tlm = tlm.pre_transform(&Transform::create_translation(0., -gs.leading));
                    gs.tm = tlm;
                    self.show(&mut gs, a.bytes_of(s, e))?;
                }
                b"Do" => {
                    let name = a.name(0)?;
                    let xobjects = dict_get(self.doc, resources, b"XObject")?.as_dict().ok()?;
                    let Object::Stream(xf) = dict_get(self.doc, xobjects, name)? else {
                        return None;
                    };
                    match xf.dict.get(b"Subtype").and_then(Object::as_name) {
                        Ok(b"Image") => {}
                        Ok(b"Form") if self.depth < MAX_FORM_DEPTH => {
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
    use pdf_extract::{dictionary, Stream};

    /// One page with a WinAnsi TrueType font and this content; returns the fast path's text.
    fn page(content: &[u8]) -> Option<String> {
        let mut doc = Document::with_version("1.5");
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial",
            "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "LastChar" => 126,
            "Widths" => (32..=126).map(|_| Object::Integer(500)).collect::<Vec<_>>(),
        });
        let contents = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Contents" => contents,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        page_text(&doc, 1, page, &mut FontCache::new())
    }

    #[test]
    fn quote_operators_move_to_the_next_line_and_show() {
        let t = page(b"BT /F1 10 Tf 14 TL 72 700 Td (first) Tj (second) ' 1 0 (third) \" ET")
            .expect("fast path");
        assert_eq!(t, "first\nsecond\nthird");
    }

    #[test]
    fn hands_over_what_it_cannot_follow() {
        // Text in a font the page does not define, a malformed matrix, an inline image that
        // lopdf rejects (no colour space).
        assert!(page(b"BT /F9 10 Tf 72 700 Td (x) Tj ET").is_none());
        assert!(page(b"1 0 0 1 0 cm").is_none());
        assert!(page(b"q BI /W 1 /H 1 /BPC 8 ID x EI Q").is_none());
        // An inline image lopdf reads is skipped.
        let t = page(b"q BI /W 1 /H 1 /BPC 8 /CS /G ID x EI Q BT /F1 10 Tf 72 700 Td (ok) Tj ET");
        assert_eq!(t, Some("ok".into()));
        // A missing font that shows nothing does not matter.
        assert_eq!(
            page(b"BT /F9 10 Tf ET BT /F1 10 Tf 72 700 Td (ok) Tj ET"),
            Some("ok".into())
        );
    }
}
