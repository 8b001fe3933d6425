//! The metric finder's view of the vocabularies (`patterns/metrics/` in `vanban-vocab`).

use crate::table::Role;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use vanban_vocab::{VocabError, Vocabulary};

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
    /// Header words of statistics tables and the role they give their column.
    pub(crate) table_headers: Vec<(String, Role)>,
    /// Nouns that open the subject a value measures.
    pub subject_starts: Vec<String>,
    /// Verbs and qualifiers cut from the end of a subject, in order.
    pub subject_tails: Vec<String>,
    /// Words one of which every period expression contains.
    pub period_words: Vec<String>,
    /// A period right after one of these is a comparison's baseline.
    pub compare: Vec<String>,
    /// Words that make "nhóm N" a rank ("dẫn đầu").
    pub rank_top: Vec<String>,
}

impl Vocab {
    /// The metric vocabularies built from the embedded files.
    pub fn builtin() -> &'static Vocab {
        static V: std::sync::OnceLock<Vocab> = std::sync::OnceLock::new();
        V.get_or_init(|| {
            Vocab::from_vocabulary(Vocabulary::builtin())
                .unwrap_or_else(|e| panic!("built-in metric vocabulary: {e}"))
        })
    }

    /// Build from a vocabulary set; a row the finder cannot use is an error at its
    /// `file:line`.
    pub fn from_vocabulary(v: &Vocabulary) -> Result<Vocab, VocabError> {
        let low = |s: &str| lower(s);
        let list = |name: &str| -> Vec<String> { v.list(name).into_iter().map(low).collect() };
        let mut names = Vec::new();
        let mut phrases = Vec::new();
        for r in v.rows("metrics/indexes.tsv") {
            names.push(r.col(0).to_string());
            phrases.push(low(r.col(1)));
        }
        let (mut near, mut sentence) = (Vec::new(), Vec::new());
        for t in list("metrics/target_cues.txt") {
            match t.strip_prefix('=') {
                Some(n) => near.push(n.trim().to_string()),
                None => sentence.push(t),
            }
        }
        let words = |l: &str| -> Vec<String> {
            v.named_list("metrics/words.tsv", l)
                .into_iter()
                .map(low)
                .collect()
        };
        let mut table_headers = Vec::new();
        for r in v
            .rows("metrics/words.tsv")
            .iter()
            .filter(|r| r.col(0) == "table_header")
        {
            let role = match r.col(2) {
                "code" => Role::Code,
                "unit" => Role::Unit,
                "value" => Role::Value,
                "note" => Role::Note,
                "label" => Role::Label,
                other => {
                    return Err(r.error(format!(
                        "unknown column role {other:?} (code, unit, value, note, label)"
                    )))
                }
            };
            table_headers.push((low(r.col(1)), role));
        }
        let period_words = words("period");
        let mut cues = sentence.clone();
        cues.extend(period_words.iter().cloned());
        let err = |file: &str, e: String| VocabError::Line {
            file: format!("patterns/{file}"),
            line: 0,
            message: e,
        };
        let sentence_cues =
            AhoCorasick::new(&cues).map_err(|e| err("metrics/target_cues.txt", e.to_string()))?;
        let set = |file: &str, p: Vec<String>| PhraseSet::new(p).map_err(|e| err(file, e));
        Ok(Vocab {
            sentence_cues,
            units: set("metrics/units.txt", list("metrics/units.txt"))?,
            amounts: set("metrics/amount_units.txt", list("metrics/amount_units.txt"))?,
            indexes: set("metrics/indexes.tsv", phrases)?,
            index_names: names,
            grades: set("metrics/grades.txt", list("metrics/grades.txt"))?,
            target_sentence: sentence,
            target_near: near,
            not_before: list("metrics/not_before.txt"),
            table_headers,
            subject_starts: words("subject_start"),
            subject_tails: words("subject_tail"),
            period_words,
            compare: words("compare"),
            rank_top: words("rank_top"),
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
