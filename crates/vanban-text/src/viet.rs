//! Vietnamese letters and syllables: tone marks, syllable structure, tone placement.

use crate::ToneStyle;
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::char::{canonical_combining_class, compose};
use unicode_normalization::UnicodeNormalization;

/// The five tone marks as combining characters (grave, acute, tilde, hook above, dot below).
pub(crate) const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Vowel letters without tone, lower then upper case.
const VOWELS: &str = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY";

struct Tables {
    /// Toned vowel -> (vowel without tone, tone mark).
    split: HashMap<char, (char, char)>,
    /// (vowel without tone, tone mark) -> toned vowel.
    join: HashMap<(char, char), char>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut split = HashMap::new();
        let mut join = HashMap::new();
        for v in VOWELS.chars() {
            for t in TONES {
                let s: String = [v, t].iter().collect::<String>().nfc().collect();
                let mut it = s.chars();
                if let (Some(c), None) = (it.next(), it.next()) {
                    split.insert(c, (v, t));
                    join.insert((v, t), c);
                }
            }
        }
        Tables { split, join }
    })
}

/// Split a letter into (letter without tone, tone mark if any).
pub(crate) fn split_tone(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c, None);
    }
    match tables().split.get(&c) {
        Some(&(b, t)) => (b, Some(t)),
        None => (c, None),
    }
}

/// Put a tone mark on a vowel letter; `None` if that letter cannot carry it precomposed.
pub(crate) fn with_tone(base: char, tone: char) -> Option<char> {
    tables().join.get(&(base, tone)).copied()
}

/// A combining mark (non-zero combining class, or in the combining diacritics block).
pub(crate) fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c) || canonical_combining_class(c) != 0
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Structure of a syllable given its toneless letters: (vowel start, vowel end, has final).
pub(crate) fn parse_syllable(letters: &[char]) -> Option<(usize, usize, bool)> {
    let low: Vec<char> = letters.iter().map(|&c| lower(c)).collect();
    let starts = |p: &str| {
        let n = p.chars().count();
        low.len() >= n && low.iter().zip(p.chars()).all(|(a, b)| *a == b)
    };
    const INITIALS: [&str; 11] = [
        "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    ];
    let mut vs = INITIALS
        .iter()
        .find(|p| starts(p))
        .map_or(0, |p| p.chars().count());
    if vs == 0
        && low
            .first()
            .is_some_and(|c| "bcdđghklmnpqrstvx".contains(*c))
    {
        vs = 1;
    }
    let is_v = |c: &char| "aăâeêioôơuưy".contains(*c);
    // "gi" before no other vowel is g + vowel i ("gìn"); "qu" needs a vowel after it.
    if vs == 2 && starts("gi") && !low[2..].iter().any(is_v) {
        vs = 1;
    }
    let ve = vs + low[vs..].iter().take_while(|c| is_v(c)).count();
    if ve == vs || ve - vs > 3 {
        return None;
    }
    let fin: String = low[ve..].iter().collect();
    if !["", "c", "ch", "m", "n", "ng", "nh", "p", "t"].contains(&fin.as_str()) {
        return None;
    }
    Some((vs, ve, !fin.is_empty()))
}

/// Index within the vowel cluster that carries the tone.
pub(crate) fn tone_index(cluster: &[char], has_final: bool, style: ToneStyle) -> usize {
    let low: Vec<char> = cluster.iter().map(|&c| lower(c)).collect();
    if low.len() <= 1 {
        return 0;
    }
    if let Some(i) = low.iter().rposition(|c| "ăâêôơư".contains(*c)) {
        return i;
    }
    if has_final {
        return low.len() - 1;
    }
    if low.len() >= 3 {
        return 1;
    }
    let pair: String = low.iter().collect();
    if ["oa", "oe", "uy"].contains(&pair.as_str()) && style != ToneStyle::Traditional {
        return 1;
    }
    0
}

/// Vowel clusters (without tones, lower case) that occur in Vietnamese syllables.
const CLUSTERS: [&str; 54] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây",
    "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
];

/// Is `word` (NFC) one well-formed Vietnamese syllable? Used to score candidate decodings.
pub(crate) fn valid_syllable(word: &str) -> bool {
    let mut bases: Vec<char> = Vec::with_capacity(8);
    let mut tones = 0;
    for c in word.chars() {
        let (b, t) = split_tone(c);
        tones += usize::from(t.is_some());
        let l = lower(b);
        let latin = l.is_ascii_lowercase() && !matches!(l, 'f' | 'j' | 'w' | 'z');
        if !latin && !"ăâêôơưđ".contains(l) {
            return false;
        }
        bases.push(b);
    }
    if tones > 1 || bases.len() > 7 {
        return false;
    }
    let Some((vs, ve, _)) = parse_syllable(&bases) else {
        return false;
    };
    let cluster: String = bases[vs..ve].iter().map(|&c| lower(c)).collect();
    CLUSTERS.contains(&cluster.as_str())
}

/// One letter of a word being repaired: the letter without tone, and its tone.
#[derive(Clone, Copy)]
struct Letter {
    base: char,
    tone: Option<char>,
}

fn render(letters: &[Letter]) -> String {
    let mut out = String::with_capacity(letters.len() * 3);
    for l in letters {
        match l.tone {
            None => out.push(l.base),
            Some(t) => match with_tone(l.base, t) {
                Some(c) => out.push(c),
                None => {
                    out.push(l.base);
                    out.push(t);
                }
            },
        }
    }
    if out.chars().any(is_mark) {
        out = out.nfc().collect();
    }
    out
}

/// Vietnamese-alphabet letter (any case, any tone), plus Ð/ð which stand for Đ/đ.
fn is_viet_letter(c: char) -> bool {
    let (b, _) = split_tone(c);
    b.is_ascii_alphabetic() || VOWELS.contains(b) || matches!(b, 'đ' | 'Đ' | 'Ð' | 'ð')
}

/// Repair one word (letters and combining marks): misplaced tone marks, Ð for Đ, NFC.
/// Returns the new text and the kind of repair, or `None` when nothing changes.
pub(crate) fn fix_word(word: &str, style: ToneStyle) -> Option<(String, &'static str)> {
    let mut kind = "nfc";
    let vietnamese = word.chars().all(|c| is_viet_letter(c) || is_mark(c));
    let mut letters: Vec<Letter> = Vec::with_capacity(word.len());
    let mut misplaced: Option<char> = None;
    let mut ok = vietnamese;
    for c in word.chars() {
        if !ok {
            break;
        }
        if is_mark(c) {
            let Some(prev) = letters.last_mut() else {
                ok = false;
                break;
            };
            if TONES.contains(&c) {
                if prev.tone.is_none() && VOWELS.contains(prev.base) {
                    prev.tone = Some(c);
                } else if misplaced.is_none() && !VOWELS.contains(prev.base) {
                    misplaced = Some(c);
                } else {
                    ok = false;
                }
            } else if let Some(b) = compose(prev.base, c) {
                prev.base = b;
            } else {
                ok = false;
            }
            continue;
        }
        let (base, tone) = split_tone(c);
        let base = match base {
            'Ð' => {
                kind = "eth";
                'Đ'
            }
            'ð' => {
                kind = "eth";
                'đ'
            }
            b => b,
        };
        letters.push(Letter { base, tone });
    }
    if ok {
        if let Some(t) = misplaced {
            ok = false;
            if letters.iter().all(|l| l.tone.is_none()) {
                let bases: Vec<char> = letters.iter().map(|l| l.base).collect();
                if let Some((vs, ve, fin)) = parse_syllable(&bases) {
                    let style = if style == ToneStyle::Keep {
                        ToneStyle::Modern
                    } else {
                        style
                    };
                    let i = vs + tone_index(&bases[vs..ve], fin, style);
                    if let Some(l) = letters.get_mut(i) {
                        l.tone = Some(t);
                        kind = "combining-mark";
                        ok = true;
                    }
                }
            }
        }
    }
    let out = if ok {
        render(&letters)
    } else {
        // Marks that fit no syllable stay as NFC has them, but a word of Vietnamese letters
        // still gets its Đ: otherwise the next pass, with the marks composed, would add it.
        let n: String = word.nfc().collect();
        if vietnamese && n.contains(['Ð', 'ð']) {
            kind = "eth";
            n.replace('Ð', "Đ").replace('ð', "đ")
        } else {
            kind = "nfc";
            n
        }
    };
    (out != word).then_some((out, kind))
}

/// Move the tone of an open oa/oe/uy syllable to where `style` puts it.
pub(crate) fn canon_tone(word: &str, style: ToneStyle) -> Option<String> {
    if style == ToneStyle::Keep {
        return None;
    }
    let mut letters: Vec<Letter> = Vec::with_capacity(8);
    for c in word.chars() {
        let (base, tone) = split_tone(c);
        letters.push(Letter { base, tone });
    }
    let mut toned = letters.iter().enumerate().filter(|(_, l)| l.tone.is_some());
    let (at, tone) = match (toned.next(), toned.next()) {
        (Some((i, l)), None) => (i, l.tone?),
        _ => return None,
    };
    let bases: Vec<char> = letters.iter().map(|l| l.base).collect();
    let (vs, ve, fin) = parse_syllable(&bases)?;
    if fin || ve - vs != 2 {
        return None;
    }
    let pair: String = bases[vs..ve].iter().map(|&c| lower(c)).collect();
    if !["oa", "oe", "uy"].contains(&pair.as_str()) {
        return None;
    }
    let want = vs + tone_index(&bases[vs..ve], false, style);
    if want == at {
        return None;
    }
    letters[at].tone = None;
    letters[want].tone = Some(tone);
    Some(render(&letters))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misplaced_marks() {
        let cases = [
            ("Viêc\u{323}", "Việc"),
            ("hoac\u{323}h", "hoạch"),
            ("Kê\u{301}", "Kế"),
            ("nhât\u{301}", "nhất"),
            ("Ðảng", "Đảng"),
            ("ÐỒNG", "ĐỒNG"),
            ("truyên\u{300}", "truyền"),
            ("tiêng\u{301}", "tiếng"),
            ("nươc\u{301}", "nước"),
        ];
        for (w, want) in cases {
            assert_eq!(
                fix_word(w, ToneStyle::Keep).map(|x| x.0).as_deref(),
                Some(want),
                "{w:?}"
            );
        }
        assert_eq!(fix_word("Việc", ToneStyle::Keep), None);
        assert_eq!(fix_word("hoạch", ToneStyle::Keep), None);
        // A decomposed but well-placed tone is just composed.
        assert_eq!(
            fix_word("Vie\u{302}\u{323}t", ToneStyle::Keep),
            Some(("Việt".to_string(), "nfc"))
        );
        // Icelandic stays Icelandic.
        assert_eq!(fix_word("Þórðarson", ToneStyle::Keep), None);
    }

    #[test]
    fn syllables() {
        for w in [
            "Việt", "nghiêng", "khuya", "người", "quyết", "giữa", "gìn", "hoàng", "thuỷ", "UBND",
        ] {
            assert_eq!(valid_syllable(w), w != "UBND", "{w}");
        }
        for w in ["Vieät", "C", "ho¹ch", "Cäng", "xyz", "fax", "hoẹe"] {
            assert!(!valid_syllable(w), "{w}");
        }
    }

    #[test]
    fn tone_styles() {
        let m = ToneStyle::Modern;
        let t = ToneStyle::Traditional;
        assert_eq!(canon_tone("hòa", m).as_deref(), Some("hoà"));
        assert_eq!(canon_tone("hoà", t).as_deref(), Some("hòa"));
        assert_eq!(canon_tone("thủy", m).as_deref(), Some("thuỷ"));
        assert_eq!(canon_tone("khỏe", m).as_deref(), Some("khoẻ"));
        assert_eq!(canon_tone("HÓA", m).as_deref(), Some("HOÁ"));
        assert_eq!(canon_tone("hoá", m), None);
        for w in [
            "quý", "giá", "hoàng", "toán", "thuyết", "Quỳnh", "quả", "của", "mùa",
        ] {
            assert_eq!(canon_tone(w, m), None, "{w}");
            assert_eq!(canon_tone(w, t), None, "{w}");
        }
    }
}
