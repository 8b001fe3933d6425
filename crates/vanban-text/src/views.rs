//! Derived views of a repaired text, made once and shared by the extractors: the folded text
//! (no tones, `đ` -> `d`, case kept) with a compact map both ways, a lower-cased copy that
//! keeps byte offsets, a whitespace-flattened copy with its map, and char-boundary helpers.
//!
//! The maps are checkpointed rather than dense: an offset is found from the nearest
//! checkpoint by re-folding at most [`STEP`] bytes, so a 64 MB text needs a few MB of map
//! instead of two `usize` per byte (which is what made a 64 MB one-line file take 3.6 GB).

use std::ops::Range;
use std::sync::OnceLock;

/// Folded bytes between checkpoints of a [`Folded`] map.
const STEP: usize = 64;

/// Largest char boundary of `s` at or below `i`.
pub fn floor_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary of `s` at or above `i`.
pub fn ceil_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The folded form of one char, case kept, when it is a single ASCII byte (every Vietnamese
/// letter): a dense table over Latin-1 .. Latin Extended Additional, built once from
/// [`crate::fold`] so the two always agree.
fn fold_byte(c: char) -> Option<u8> {
    const LO: u32 = 0xC0;
    const HI: u32 = 0x1F00;
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    let u = c as u32;
    if !(LO..HI).contains(&u) {
        return None;
    }
    let t = TABLE.get_or_init(|| {
        (LO..HI)
            .map(|u| {
                let Some(ch) = char::from_u32(u) else {
                    return 0;
                };
                let mut buf = [0u8; 4];
                let f = crate::fold(ch.encode_utf8(&mut buf));
                match f.as_bytes() {
                    [b] if b.is_ascii() => {
                        if ch.is_uppercase() {
                            b.to_ascii_uppercase()
                        } else {
                            *b
                        }
                    }
                    _ => 0,
                }
            })
            .collect()
    });
    match t[(u - LO) as usize] {
        0 => None,
        b => Some(b),
    }
}

/// Append the folded form of `c` (case kept) to `out`.
fn push_folded(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c);
    } else if let Some(b) = fold_byte(c) {
        out.push(b as char);
    } else {
        let mut buf = [0u8; 4];
        let f = crate::fold(c.encode_utf8(&mut buf));
        if c.is_uppercase() {
            out.extend(f.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(&f);
        }
    }
}

/// Bytes `c` folds to.
fn folded_len(c: char) -> usize {
    if c.is_ascii() || fold_byte(c).is_some() {
        1
    } else {
        let mut s = String::new();
        push_folded(&mut s, c);
        s.len()
    }
}

/// The text with tones removed and `đ` -> `d`, case kept (cue words match however tones were
/// placed), and a checkpointed map between its offsets and the original's.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// (folded offset, original offset) at char starts, about every [`STEP`] folded bytes.
    marks: Vec<(u32, u32)>,
    /// Wide offsets for texts over 4 GiB (never in practice; kept exact anyway).
    wide: Vec<(usize, usize)>,
}

impl Folded {
    /// Fold `orig`.
    pub fn new(orig: &str) -> Folded {
        let bytes = orig.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(orig.len());
        let big = orig.len() > u32::MAX as usize / 2;
        let mut marks = Vec::with_capacity(orig.len() / STEP + 2);
        let mut wide = Vec::new();
        let mut next_mark = 0;
        let mut i = 0;
        while i < bytes.len() {
            if out.len() >= next_mark {
                if big {
                    wide.push((out.len(), i));
                } else {
                    marks.push((out.len() as u32, i as u32));
                }
                next_mark = out.len() + STEP;
            }
            let b = bytes[i];
            if b.is_ascii() {
                out.push(b);
                i += 1;
                continue;
            }
            let c = orig[i..].chars().next().unwrap_or(' ');
            match fold_byte(c) {
                Some(f) => out.push(f),
                None => {
                    let mut s = String::new();
                    push_folded(&mut s, c);
                    out.extend_from_slice(s.as_bytes());
                }
            }
            i += c.len_utf8();
        }
        // Only whole chars were appended (ASCII bytes and encoded chars).
        let text = String::from_utf8(out).unwrap_or_default();
        Folded { text, marks, wide }
    }

    fn mark_at_folded(&self, f: usize) -> (usize, usize) {
        if !self.wide.is_empty() {
            let k = self.wide.partition_point(|&(a, _)| a <= f);
            return self.wide[k.saturating_sub(1)];
        }
        let k = self.marks.partition_point(|&(a, _)| a as usize <= f);
        self.marks
            .get(k.saturating_sub(1))
            .map_or((0, 0), |&(a, b)| (a as usize, b as usize))
    }

    fn mark_at_orig(&self, o: usize) -> (usize, usize) {
        if !self.wide.is_empty() {
            let k = self.wide.partition_point(|&(_, b)| b <= o);
            return self.wide[k.saturating_sub(1)];
        }
        let k = self.marks.partition_point(|&(_, b)| b as usize <= o);
        self.marks
            .get(k.saturating_sub(1))
            .map_or((0, 0), |&(a, b)| (a as usize, b as usize))
    }

    /// Original offset of folded offset `f`: the start of the original char that produced
    /// the folded byte at `f` (the original's length at the end).
    pub fn to_orig(&self, orig: &str, f: usize) -> usize {
        let (mut fa, mut oa) = self.mark_at_folded(f);
        while fa < f && oa < orig.len() {
            let c = orig[oa..].chars().next().unwrap_or(' ');
            let n = folded_len(c);
            if fa + n > f {
                break;
            }
            fa += n;
            oa += c.len_utf8();
        }
        oa.min(orig.len())
    }

    /// Folded offset of original offset `o` (rounded down to a char start).
    pub fn to_folded(&self, orig: &str, o: usize) -> usize {
        let o = floor_char(orig, o);
        let (mut fa, mut oa) = self.mark_at_orig(o);
        while oa < o {
            let c = orig[oa..].chars().next().unwrap_or(' ');
            fa += folded_len(c);
            oa += c.len_utf8();
        }
        fa.min(self.text.len())
    }
}

/// Lower case keeping byte offsets: a character whose lower case has another UTF-8 length is
/// kept as is, so offsets into the result are offsets into the input.
pub fn lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        // ASCII runs are copied and lower-cased in place; other characters one at a time.
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        if ascii > 0 {
            let at = out.len();
            out.push_str(&rest[..ascii]);
            out[at..].make_ascii_lowercase();
            rest = &rest[ascii..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        out.push(lower_char(c));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Lower case of one character, same UTF-8 length (else unchanged). Vietnamese letters take
/// a table-free path: they are most of the non-ASCII text this sees.
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    let mapped = match u {
        // Latin-1 capitals À..Þ (not ×).
        0xC0..=0xDE if u != 0xD7 => Some(u + 0x20),
        // Ă Đ Ĩ Ũ Ơ Ư and other Latin Extended-A pairs (even = capital).
        0x100..=0x137 if u.is_multiple_of(2) => Some(u + 1),
        0x1A0 | 0x1AF => Some(u + 1),
        // Vietnamese block Ạ..Ỹ (even = capital).
        0x1EA0..=0x1EF9 if u.is_multiple_of(2) => Some(u + 1),
        0x1EA0..=0x1EF9 | 0xE0..=0xFF | 0x100..=0x137 | 0x1A1 | 0x1B0 => return c,
        _ => None,
    };
    if let Some(l) = mapped.and_then(char::from_u32) {
        return l;
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// A range of `s` clamped to its length and widened to char boundaries.
pub fn char_range(s: &str, r: Range<usize>) -> Range<usize> {
    let a = floor_char(s, r.start);
    a..ceil_char(s, r.end.max(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dense reference: what the relation finder used to build.
    fn dense(orig: &str) -> (String, Vec<usize>, Vec<usize>) {
        let mut text = String::new();
        let mut f2o = Vec::new();
        let mut o2f = vec![0; orig.len() + 1];
        for (i, ch) in orig.char_indices() {
            let start = text.len();
            push_folded(&mut text, ch);
            for _ in start..text.len() {
                f2o.push(i);
            }
            for slot in o2f.iter_mut().skip(i).take(ch.len_utf8()) {
                *slot = start;
            }
        }
        f2o.push(orig.len());
        *o2f.last_mut().expect("len + 1") = text.len();
        (text, f2o, o2f)
    }

    #[test]
    fn checkpointed_maps_equal_the_dense_ones() {
        let base =
            "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ; ĐẢNG BỘ “TỈNH” Ǆ ﬁ ";
        let orig = base.repeat(40);
        let fd = Folded::new(&orig);
        let (text, f2o, o2f) = dense(&orig);
        assert_eq!(fd.text, text);
        for (f, &want) in f2o.iter().enumerate() {
            assert_eq!(fd.to_orig(&orig, f), want, "folded {f}");
        }
        for (o, &want) in o2f.iter().enumerate() {
            if orig.is_char_boundary(o) {
                assert_eq!(fd.to_folded(&orig, o), want, "orig {o}");
            }
        }
        assert!(fd.text.starts_with("Can cu Nghi dinh so 61/2018/ND-CP"));
    }

    #[test]
    fn fold_table_agrees_with_fold() {
        for u in 0xC0..0x1F00u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut s = String::new();
            push_folded(&mut s, c);
            // What the relation finder did per char before the table.
            let f = crate::fold(&c.to_string());
            let want: String = if c.is_uppercase() {
                f.chars().flat_map(char::to_uppercase).collect()
            } else {
                f
            };
            assert_eq!(s, want, "{c:?}");
        }
    }

    #[test]
    fn lower_matches_std_on_vietnamese() {
        let s = "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ ABC xyz";
        assert_eq!(lower(s), s.to_lowercase());
        assert_eq!(lower("ĐẢM BẢO 100% Hồ Sơ"), "đảm bảo 100% hồ sơ");
    }
}
