//! One fast pass over text that is probably clean: find the few characters that need the
//! character-repair stage, and the few places where an oa/oe/uy syllable may need its tone mark
//! moved. Everything else is left alone without being decoded.
//!
//! Written by hand because Vietnamese has a non-ASCII letter every few bytes, so decoding each
//! `char` and asking Unicode tables about it (what the generic iterators do) costs more than
//! the whole rest of the pipeline. Here ASCII runs are skipped eight bytes at a time and each
//! non-ASCII char is classified by one table lookup on its UTF-8 bytes.

use crate::ToneStyle;
use std::sync::OnceLock;

/// The char needs the character-repair stage (mark, odd space, Ð, dash, not NFC...).
pub(crate) const SPECIAL: u8 = 1;
/// A toned o: the first vowel of oa/oe carrying the tone (traditional placement).
const TONED_O: u8 = 2;
/// A toned u: the first vowel of uy carrying the tone.
const TONED_U: u8 = 4;
/// A toned a/e: the second vowel of oa/oe carrying the tone (modern placement).
const TONED_AE: u8 = 8;
/// A toned y: the second vowel of uy carrying the tone.
const TONED_Y: u8 = 16;

/// Not in the lookup tables: classify the decoded char (rare scripts, four-byte chars).
const SLOW: u8 = 128;

/// Lookup tables over UTF-8 bytes. A char's lead and second byte pick an entry of `pair`:
/// an index into `class`, with the top bit set when the third byte picks within a 64-char
/// block (the three-byte blocks Vietnamese text uses). No branch depends on which kind of
/// char it is, which matters because Vietnamese mixes two- and three-byte letters at random.
struct Classes {
    /// By `(lead & 0x3F) << 6 | (second & 0x3F)`.
    pair: Box<[u16]>,
    /// Flags per char (`SLOW` for entry 0: look at the char itself).
    class: Box<[u8]>,
}

/// Three-byte blocks looked up by their third byte: U+1E00..U+1EFF (ạ ả ấ ... ỹ) and
/// U+2000..U+203F (spaces, dashes, quotes).
const BLOCKS: [u32; 5] = [0x1E00, 0x1E40, 0x1E80, 0x1EC0, 0x2000];

fn class_of(c: char) -> u8 {
    let mut f = 0;
    if crate::unicode::special(c) {
        f |= SPECIAL;
    }
    if let (base, Some(_)) = crate::viet::split_tone(c) {
        match base {
            'o' | 'O' => f |= TONED_O,
            'u' | 'U' => f |= TONED_U,
            'a' | 'A' | 'e' | 'E' => f |= TONED_AE,
            'y' | 'Y' => f |= TONED_Y,
            _ => {}
        }
    }
    f
}

fn classes() -> &'static Classes {
    static C: OnceLock<Classes> = OnceLock::new();
    C.get_or_init(|| {
        let of = |u: u32| char::from_u32(u).map_or(SPECIAL, class_of);
        let mut class = vec![SLOW];
        let mut pair = vec![0u16; 64 * 64];
        for lead in 0xC2..=0xDFu32 {
            for second in 0x80..=0xBFu32 {
                let u = ((lead & 0x1F) << 6) | (second & 0x3F);
                pair[(((lead & 0x3F) << 6) | (second & 0x3F)) as usize] = class.len() as u16;
                class.push(of(u));
            }
        }
        for start in BLOCKS {
            let (lead, second) = (0xE0 | (start >> 12), 0x80 | ((start >> 6) & 0x3F));
            pair[(((lead & 0x3F) << 6) | (second & 0x3F)) as usize] = class.len() as u16 | 0x8000;
            class.extend((0..64).map(|k| of(start + k)));
        }
        Classes {
            pair: pair.into_boxed_slice(),
            class: class.into_boxed_slice(),
        }
    })
}

/// Index of the first non-ASCII byte at or after `i`, or `bytes.len()`.
#[inline]
fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let high = u64::from_le_bytes(w) & 0x8080_8080_8080_8080;
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

/// Class and byte length of the non-ASCII char starting at `i` of valid UTF-8 `src`.
#[inline]
fn classify(src: &str, i: usize, cls: &Classes) -> (u8, usize) {
    let b = src.as_bytes();
    let lead = b.get(i).copied().unwrap_or(0);
    let second = b.get(i + 1).copied().unwrap_or(0);
    let third = b.get(i + 2).copied().unwrap_or(0);
    let len = 2 + usize::from(lead >= 0xE0) + usize::from(lead >= 0xF0);
    let e = cls
        .pair
        .get((usize::from(lead & 0x3F) << 6) | usize::from(second & 0x3F))
        .copied()
        .unwrap_or(0);
    let k = usize::from(e & 0x7FFF) + usize::from(third & 0x3F) * usize::from(e >> 15);
    let f = cls.class.get(k).copied().unwrap_or(SLOW);
    if f & SLOW != 0 {
        let c = src
            .get(i..)
            .and_then(|r| r.chars().next())
            .unwrap_or('\u{FFFD}');
        return (class_of(c), c.len_utf8());
    }
    (f, len)
}

/// Where tone canonicalisation needs to look, collected by [`scan`].
pub(crate) struct TonePlaces {
    /// Offsets of the o/u of each oa/oe/uy pair that may need its tone moved, increasing.
    pub at: Vec<usize>,
    /// Also report open syllables toned on the second vowel ("hoà"): needed unless the target
    /// style is modern, which already puts the tone there.
    pub second: bool,
}

impl TonePlaces {
    /// Collect places for canonicalising to `style`.
    pub fn new(style: ToneStyle) -> Self {
        TonePlaces {
            at: Vec::new(),
            second: style != ToneStyle::Modern,
        }
    }
}

/// Byte tables for the neighbours of a toned vowel, so that the common case (no oa/oe/uy)
/// costs no unpredictable branch: which toned first vowel an ASCII letter after it completes,
/// which toned second vowel an ASCII letter before it completes, and whether a byte is an
/// ASCII letter (a closed syllable goes on).
const fn neighbour_tables() -> ([u8; 256], [u8; 256], [u8; 256]) {
    let (mut next, mut prev, mut not_letter) = ([0u8; 256], [0u8; 256], [0xFFu8; 256]);
    let mut b = 0;
    while b < 256 {
        let l = (b as u8) | 0x20;
        if l == b'a' || l == b'e' {
            next[b] = TONED_O;
        } else if l == b'y' {
            next[b] = TONED_U;
        } else if l == b'o' {
            prev[b] = TONED_AE;
        } else if l == b'u' {
            prev[b] = TONED_Y;
        }
        if (b as u8).is_ascii_alphabetic() {
            not_letter[b] = 0;
        }
        b += 1;
    }
    (next, prev, not_letter)
}

const NEIGHBOURS: ([u8; 256], [u8; 256], [u8; 256]) = neighbour_tables();

/// Which tone places [`scan`] reports, as masks over the flags.
#[derive(Clone, Copy)]
struct Want {
    first: u8,
    second: u8,
}

/// What the exact look at one non-ASCII char found.
enum Seen {
    /// It needs the character stage.
    Special,
    /// A tone place at this offset.
    Place(usize),
    /// Nothing to do.
    Clean,
}

/// The exact look at the non-ASCII char at `i`: its length and what it needs.
///
/// A toned a/e/y after o/u only moves in an open syllable ("hoà" <-> "hòa"); in a closed one
/// ("hoạch", "hoàn") both styles put it there. A toned o/u before a/e/y is always worth a
/// look: "hòan" is wrong in both. Other pairs (của, quả) are not oa/oe/uy at all.
#[inline]
fn examine(src: &str, i: usize, cls: &Classes, want: Want) -> (Seen, usize) {
    let bytes = src.as_bytes();
    let (next_t, prev_t, not_letter) = (&NEIGHBOURS.0, &NEIGHBOURS.1, &NEIGHBOURS.2);
    let (f, len) = classify(src, i, cls);
    if f & SPECIAL != 0 {
        return (Seen::Special, len);
    }
    let prev = usize::from(bytes.get(i.wrapping_sub(1)).copied().unwrap_or(0));
    let next = usize::from(bytes.get(i + len).copied().unwrap_or(0));
    let first = f & next_t[next] & want.first;
    let second = f & prev_t[prev] & not_letter[next] & want.second;
    let seen = if second != 0 {
        Seen::Place(i - 1)
    } else if first != 0 {
        Seen::Place(i)
    } else {
        Seen::Clean
    };
    (seen, len)
}

/// Bytes looked at per step of the block filter.
const BLOCK: usize = 64;

/// Bit `k` is set when the byte at `at + k` may need [`examine`]: the lead byte of a char
/// that may be special (anything but the leads of Vietnamese letters), an ASCII a/e/y right
/// after a multi-byte char (a toned o/u before it?), or with `second`, a lead byte right
/// after an ASCII o/u. A superset of what `examine` acts on, checked by a test on every char.
/// Reads `bytes[at - 1..at + BLOCK + 1]`. Non-short-circuit `&`/`|` on plain comparisons (not
/// `contains`) keep the loop over a fixed block free of branches, so the compiler vectorises it.
#[allow(clippy::manual_range_contains)]
#[inline(always)]
fn block_mask_generic(w: &[u8; BLOCK + 2], first: bool, second: bool) -> u64 {
    let mut m = [0u8; BLOCK];
    for (k, slot) in m.iter_mut().enumerate() {
        let (p, c, n) = (w[k], w[k + 1], w[k + 2]);
        let lead = (c == 0xC2)
            | ((c >= 0xC7) & (c <= 0xE0))
            | (c >= 0xE2)
            | ((c == 0xC3) & ((n == 0x90) | (n == 0xB0)))
            | ((c == 0xE1) & ((n < 0xB8) | (n > 0xBB)));
        let lc = c | 0x20;
        let after = first & (p >= 0x80) & ((lc == b'a') | (lc == b'e') | (lc == b'y'));
        let lp = p | 0x20;
        let before = second & (c >= 0xC0) & ((lp == b'o') | (lp == b'u'));
        *slot = u8::from(lead | after | before);
    }
    // Gather the low bit of each byte, eight bytes at a time.
    let mut bits = 0u64;
    for (j, eight) in m.chunks_exact(8).enumerate() {
        let mut x = [0u8; 8];
        x.copy_from_slice(eight);
        let x = u64::from_le_bytes(x);
        bits |= (x.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * j);
    }
    bits
}

/// The same filter compiled for AVX2, which handles a block in half the instructions.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn block_mask_avx2(w: &[u8; BLOCK + 2], first: bool, second: bool) -> u64 {
    block_mask_generic(w, first, second)
}

/// Does this CPU have AVX2? Asked once.
#[cfg(target_arch = "x86_64")]
fn has_avx2() -> bool {
    static AVX2: OnceLock<bool> = OnceLock::new();
    *AVX2.get_or_init(|| std::is_x86_feature_detected!("avx2"))
}

/// [`block_mask_generic`] with the best instructions this CPU has (`avx2`: from [`has_avx2`]).
#[inline]
fn block_mask(w: &[u8; BLOCK + 2], first: bool, second: bool, avx2: bool) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if avx2 {
        // SAFETY: the caller found that the CPU supports AVX2.
        return unsafe { block_mask_avx2(w, first, second) };
    }
    let _ = avx2;
    block_mask_generic(w, first, second)
}

/// Scan `src` from `from`. Returns the offset of the first char that needs the character
/// stage (or `src.len()`), and with `tone`, records the tone places before it.
pub(crate) fn scan(src: &str, from: usize, mut tone: Option<&mut TonePlaces>) -> usize {
    let bytes = src.as_bytes();
    let cls = classes();
    let want = match tone.as_deref() {
        None => Want {
            first: 0,
            second: 0,
        },
        Some(t) => Want {
            first: TONED_O | TONED_U,
            second: if t.second { TONED_AE | TONED_Y } else { 0 },
        },
    };
    let mut push = |at: usize| {
        if let Some(t) = tone.as_deref_mut() {
            t.at.push(at);
        }
    };
    // The first char on its own, so that every block has a byte before it.
    let mut i = skip_ascii(bytes, from);
    if i == 0 && !bytes.is_empty() {
        match examine(src, 0, cls, want) {
            (Seen::Special, _) => return 0,
            (Seen::Place(p), len) => {
                push(p);
                i = len;
            }
            (Seen::Clean, len) => i = len,
        }
    }
    #[cfg(target_arch = "x86_64")]
    let avx2 = has_avx2();
    #[cfg(not(target_arch = "x86_64"))]
    let avx2 = false;
    // Blocks: chars before `done` have been examined.
    let mut done = i;
    while let Some(w) = bytes.get(i.wrapping_sub(1)..i + BLOCK + 1) {
        // A reference, not a copy: reading a just-copied buffer at offsets 1 and 2 stalls on
        // store forwarding.
        let Ok(win) = <&[u8; BLOCK + 2]>::try_from(w) else {
            break;
        };
        let mut bits = block_mask(win, want.first != 0, want.second != 0, avx2);
        while bits != 0 {
            let k = i + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            // An ASCII a/e/y: look at the char that ends before it.
            let mut p = k;
            if bytes[k] < 0x80 {
                p -= 1;
                while p > 0 && bytes[p] & 0xC0 == 0x80 {
                    p -= 1;
                }
            }
            if p < done {
                continue;
            }
            match examine(src, p, cls, want) {
                (Seen::Special, _) => return p,
                (Seen::Place(at), len) => {
                    push(at);
                    done = p + len;
                }
                (Seen::Clean, len) => done = p + len,
            }
        }
        i += BLOCK;
        while i < bytes.len() && bytes[i] & 0xC0 == 0x80 {
            i += 1;
        }
    }
    // The tail, char by char, starting with the char that ends the last block: an a/e/y after
    // it falls outside every block.
    let mut last = i.saturating_sub(1);
    while last > 0 && bytes[last] & 0xC0 == 0x80 {
        last -= 1;
    }
    if last >= done && last < i && bytes[last] >= 0x80 {
        match examine(src, last, cls, want) {
            (Seen::Special, _) => return last,
            (Seen::Place(at), _) => push(at),
            (Seen::Clean, _) => {}
        }
    }
    loop {
        i = skip_ascii(bytes, i);
        if i >= bytes.len() {
            return bytes.len();
        }
        match examine(src, i, cls, want) {
            (Seen::Special, _) => return i,
            (Seen::Place(at), len) => {
                push(at);
                i += len;
            }
            (Seen::Clean, len) => i += len,
        }
    }
}

/// Every tone candidate in `src` (specials are not a stop here).
pub(crate) fn tone_candidates(src: &str, style: ToneStyle) -> Vec<usize> {
    let mut out = TonePlaces::new(style);
    let mut i = 0;
    while i < src.len() {
        let at = scan(src, i, Some(&mut out));
        if at >= src.len() {
            break;
        }
        i = at + src[at..].chars().next().map_or(1, char::len_utf8);
    }
    out.at
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn finds_specials_and_tone_places() {
        let s = "Cổ phần hóa, thuỷ lợi; quý giá";
        let mut t = TonePlaces::new(ToneStyle::Traditional);
        assert_eq!(scan(s, 0, Some(&mut t)), s.len());
        let t = t.at;
        assert_eq!(t.len(), 3, "{t:?}");
        for (&i, want) in t.iter().zip(["óa", "uỷ", "uý"]) {
            assert!(s[i..].starts_with(want), "{i}: {want}");
        }
        // Modern style skips "thuỷ" (already modern) and "quý" (not uy with u toned); "của"
        // and "quả" are never places.
        let mut m = TonePlaces::new(ToneStyle::Modern);
        assert_eq!(
            scan("hóa thuỷ quý của quả", 0, Some(&mut m)),
            "hóa thuỷ quý của quả".len()
        );
        assert_eq!(m.at, [1]);
        let s = "Viêc\u{323} và 12\u{a0}981";
        assert_eq!(scan(s, 0, None), "Viêc".len());
        assert_eq!(
            scan(s, "Viêc\u{323}".len(), None),
            "Viêc\u{323} và 12".len()
        );
        assert_eq!(scan("Ðảng", 0, None), 0);
        assert_eq!(scan("“trích” – …", 0, None), "“trích” ".len());
    }

    /// The scan skips toned a/e/y after o/u when a letter follows (a closed syllable): tone
    /// canonicalisation must never change such a word, in either style.
    #[test]
    fn closed_syllables_never_move_their_tone() {
        use crate::{viet::canon_tone, ToneStyle};
        let onsets = [
            "", "h", "t", "th", "kh", "qu", "ng", "l", "x", "ch", "tr", "Đ", "H",
        ];
        let codas = [
            "n", "ng", "t", "c", "ch", "nh", "i", "y", "o", "u", "m", "p",
        ];
        for o in onsets {
            for pair in ["oa", "oe", "uy", "OA", "UY"] {
                let (v1, v2) = pair.split_at(1);
                for toned in ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'] {
                    let v2: String = format!("{v2}{toned}").nfc().collect();
                    // The open syllable does move to the traditional place (the check bites).
                    let open = format!("{o}{v1}{v2}");
                    if o != "qu" && pair == "oa" {
                        assert!(
                            canon_tone(&open, ToneStyle::Traditional).is_some(),
                            "{open}"
                        );
                    }
                    // ...and modern style leaves it where it is, so the scan skips it then.
                    assert_eq!(canon_tone(&open, ToneStyle::Modern), None, "{open}");
                    for c in codas {
                        let w = format!("{o}{v1}{v2}{c}");
                        for style in [ToneStyle::Modern, ToneStyle::Traditional] {
                            assert_eq!(canon_tone(&w, style), None, "{w} {style:?}");
                        }
                    }
                }
            }
        }
    }

    /// The block filter flags every char `examine` would act on, in every context that
    /// matters: the char alone, after an ASCII o/u, and before an ASCII a/e/y.
    #[test]
    fn block_filter_is_a_superset() {
        let cls = classes();
        for style in [ToneStyle::Keep, ToneStyle::Modern, ToneStyle::Traditional] {
            let want = match style {
                ToneStyle::Keep => Want {
                    first: 0,
                    second: 0,
                },
                ToneStyle::Modern => Want {
                    first: TONED_O | TONED_U,
                    second: 0,
                },
                ToneStyle::Traditional => Want {
                    first: TONED_O | TONED_U,
                    second: TONED_AE | TONED_Y,
                },
            };
            for u in (0x80..0x3_0000).filter(|u| !(0xD800..0xE000).contains(u)) {
                let c = char::from_u32(u).unwrap();
                for (before, after) in [("x", "x"), ("o", " "), ("u", "."), ("x", "a"), ("x", "Y")]
                {
                    let s = format!("{before}{c}{after}");
                    let (seen, _) = examine(&s, 1, cls, want);
                    if matches!(seen, Seen::Clean) {
                        continue;
                    }
                    let mut w = [b' '; BLOCK + 2];
                    w[..s.len()].copy_from_slice(s.as_bytes());
                    let bits = block_mask(&w, want.first != 0, want.second != 0, false);
                    #[cfg(target_arch = "x86_64")]
                    if has_avx2() {
                        let wide = block_mask(&w, want.first != 0, want.second != 0, true);
                        assert_eq!(bits, wide, "{s:?}");
                    }
                    // Bit k is for byte k + 1 of `w`: the lead, or the byte after the char.
                    let lead = 1u64 << 0;
                    let next = 1u64 << c.len_utf8();
                    assert!(bits & (lead | next) != 0, "{s:?} {style:?}");
                }
            }
        }
    }

    /// Text far longer than a block scans exactly like the char-by-char tail does.
    #[test]
    fn blocks_agree_with_char_by_char() {
        let unit = "Cổ phần hóa, thủy lợi, khỏe; hoà thuỷ khoẻ quý của “trích” 12\u{a0}981 \
                    Viêc\u{323} Ðảng ủy – 2021–2025 ";
        for shift in 0..70 {
            let s = format!("{}{}", "x".repeat(shift), unit.repeat(9));
            for style in [ToneStyle::Keep, ToneStyle::Modern, ToneStyle::Traditional] {
                let (mut fast, mut slow) = (TonePlaces::new(style), TonePlaces::new(style));
                let (mut i, mut j) = (0, 0);
                let (mut stops_fast, mut stops_slow) = (Vec::new(), Vec::new());
                while i < s.len() {
                    let at = scan(&s, i, Some(&mut fast));
                    stops_fast.push(at);
                    i = at + s[at..].chars().next().map_or(1, char::len_utf8);
                }
                // Reference: examine every char.
                let want = Want {
                    first: TONED_O | TONED_U,
                    second: if slow.second { TONED_AE | TONED_Y } else { 0 },
                };
                while j < s.len() {
                    if s.as_bytes()[j] < 0x80 {
                        j += 1;
                        continue;
                    }
                    match examine(&s, j, classes(), want) {
                        (Seen::Special, len) => {
                            stops_slow.push(j);
                            j += len;
                        }
                        (Seen::Place(at), len) => {
                            slow.at.push(at);
                            j += len;
                        }
                        (Seen::Clean, len) => j += len,
                    }
                }
                stops_slow.push(s.len());
                assert_eq!(stops_fast, stops_slow, "shift {shift}");
                assert_eq!(fast.at, slow.at, "shift {shift} {style:?}");
            }
        }
    }

    #[test]
    fn agrees_with_the_char_predicates() {
        for u in (0x80..0x800).chain(0x1E00..0x1F00).chain(0x2000..0x2040) {
            let Some(c) = char::from_u32(u) else { continue };
            let s = c.to_string();
            let stops = scan(&s, 0, None) == 0;
            assert_eq!(stops, crate::unicode::special(c), "{c:?}");
        }
    }
}
