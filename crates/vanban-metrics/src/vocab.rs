//! Vocabularies from `patterns/metrics/` (embedded at build time, loadable from a directory).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

const INDEXES: &str = include_str!("../../../patterns/metrics/indexes.tsv");
const UNITS: &str = include_str!("../../../patterns/metrics/units.txt");
const AMOUNT_UNITS: &str = include_str!("../../../patterns/metrics/amount_units.txt");
const GRADES: &str = include_str!("../../../patterns/metrics/grades.txt");
const TARGET_CUES: &str = include_str!("../../../patterns/metrics/target_cues.txt");
const NOT_BEFORE: &str = include_str!("../../../patterns/metrics/not_before.txt");

/// A phrase list matched case-insensitively (on [`lower`]-cased text), longest match first.
#[derive(Clone, Debug)]
pub struct PhraseSet {
    /// The phrases, lower-cased NFC.
    pub phrases: Vec<String>,
    ac: AhoCorasick,
}

impl PhraseSet {
    fn new(phrases: Vec<String>) -> Result<Self, String> {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(&phrases)
            .map_err(|e| e.to_string())?;
        Ok(Self { phrases, ac })
    }

    /// The longest phrase starting exactly at `at` in `hay` and ending at a word boundary.
    pub fn at(&self, hay: &str, at: usize) -> Option<(usize, usize)> {
        if at > hay.len() {
            return None;
        }
        let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
        // Leftmost-longest gives the longest; if it ends inside a word, try shorter ones.
        let m = self.ac.find(input)?;
        if word_end(hay, m.end()) {
            return Some((m.pattern().as_usize(), m.end()));
        }
        let mut best: Option<(usize, usize)> = None;
        for (i, p) in self.phrases.iter().enumerate() {
            if hay.get(at..).is_some_and(|h| h.starts_with(p.as_str()))
                && word_end(hay, at + p.len())
                && best.is_none_or(|(_, e)| at + p.len() > e)
            {
                best = Some((i, at + p.len()));
            }
        }
        best
    }

    /// Every non-overlapping match in `hay` that sits on word boundaries: (phrase index, range).
    pub fn find_all(&self, hay: &str) -> Vec<(usize, std::ops::Range<usize>)> {
        self.ac
            .find_iter(hay)
            .filter(|m| word_start(hay, m.start()) && word_end(hay, m.end()))
            .map(|m| (m.pattern().as_usize(), m.start()..m.end()))
            .collect()
    }
}

/// Does a word end at byte `i` of `s`?
pub fn word_end(s: &str, i: usize) -> bool {
    s.get(i..)
        .and_then(|t| t.chars().next())
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Does a word start at byte `i` of `s`?
pub fn word_start(s: &str, i: usize) -> bool {
    s.get(..i)
        .and_then(|t| t.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Lower-case keeping byte offsets: a character whose lower case has another UTF-8 length is
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
fn lower_char(c: char) -> char {
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

/// Words one of which every period expression contains.
pub const PERIOD_WORDS: &[&str] = &["năm", "quý", "tháng", "đoạn", "thời kỳ"];

/// Every vocabulary the extractor uses.
#[derive(Clone, Debug)]
pub struct Vocab {
    /// Counted nouns.
    pub units: PhraseSet,
    /// Money units.
    pub amounts: PhraseSet,
    /// Index phrasings; `index_names[i]` is the canonical name of phrase `i`.
    pub indexes: PhraseSet,
    /// Canonical index name per phrasing.
    pub index_names: Vec<String>,
    /// Grades.
    pub grades: PhraseSet,
    /// Goal cues anywhere before the value in the sentence.
    pub target_sentence: Vec<String>,
    /// Goal cues (ids below `target_sentence.len()`) and period words, found in one pass.
    pub sentence_cues: AhoCorasick,
    /// Goal qualifiers right before the value.
    pub target_near: Vec<String>,
    /// Words after which a number is not a metric.
    pub not_before: Vec<String>,
}

fn lines(s: &str) -> impl Iterator<Item = String> + '_ {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| lower(&l.nfc().collect::<String>()))
}

impl Vocab {
    /// The vocabularies shipped in `patterns/metrics/`.
    pub fn builtin() -> &'static Vocab {
        static V: std::sync::OnceLock<Vocab> = std::sync::OnceLock::new();
        V.get_or_init(|| {
            Vocab::parse(
                INDEXES,
                UNITS,
                AMOUNT_UNITS,
                GRADES,
                TARGET_CUES,
                NOT_BEFORE,
            )
            .unwrap_or_else(|e| panic!("built-in metric patterns are invalid: {e}"))
        })
    }

    /// Load the six files of a `patterns/metrics/`-like directory (missing files fall back to
    /// the built-in ones), so vocabularies can be extended without rebuilding.
    pub fn load(dir: &Path) -> Result<Vocab, String> {
        let read = |name: &str, dflt: &'static str| -> Result<String, String> {
            match std::fs::read_to_string(dir.join(name)) {
                Ok(s) => Ok(s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(dflt.to_string()),
                Err(e) => Err(format!("{}: {e}", dir.join(name).display())),
            }
        };
        Vocab::parse(
            &read("indexes.tsv", INDEXES)?,
            &read("units.txt", UNITS)?,
            &read("amount_units.txt", AMOUNT_UNITS)?,
            &read("grades.txt", GRADES)?,
            &read("target_cues.txt", TARGET_CUES)?,
            &read("not_before.txt", NOT_BEFORE)?,
        )
    }

    fn parse(
        indexes: &str,
        units: &str,
        amounts: &str,
        grades: &str,
        targets: &str,
        not_before: &str,
    ) -> Result<Vocab, String> {
        let mut names = Vec::new();
        let mut phrases = Vec::new();
        for l in indexes.lines() {
            let l = l.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let (name, phrase) = l
                .split_once('\t')
                .ok_or_else(|| format!("indexes.tsv: no tab in {l:?}"))?;
            names.push(name.trim().to_string());
            phrases.push(lower(&phrase.trim().nfc().collect::<String>()));
        }
        let (mut near, mut sentence) = (Vec::new(), Vec::new());
        for t in lines(targets) {
            match t.strip_prefix('=') {
                Some(n) => near.push(n.trim().to_string()),
                None => sentence.push(t),
            }
        }
        let mut cues = sentence.clone();
        cues.extend(PERIOD_WORDS.iter().map(|w| w.to_string()));
        let sentence_cues = AhoCorasick::new(&cues).map_err(|e| e.to_string())?;
        Ok(Vocab {
            sentence_cues,
            units: PhraseSet::new(lines(units).collect())?,
            amounts: PhraseSet::new(lines(amounts).collect())?,
            indexes: PhraseSet::new(phrases)?,
            index_names: names,
            grades: PhraseSet::new(lines(grades).collect())?,
            target_sentence: sentence,
            target_near: near,
            not_before: lines(not_before).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_matches_std_on_vietnamese() {
        let s = "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ ABC xyz";
        assert_eq!(lower(s), s.to_lowercase());
        assert_eq!(lower("ĐẢM BẢO 100% Hồ Sơ"), "đảm bảo 100% hồ sơ");
    }
}
