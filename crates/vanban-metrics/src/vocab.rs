//! The metric finder's view of the vocabularies (`patterns/metrics/` in `vanban-vocab`).

use crate::table::Role;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use vanban_text::views::{floor_char, lower, lower_char};
use vanban_vocab::{VocabError, Vocabulary};

/// A phrase list matched case-insensitively (on [`lower`]-cased text), longest match first.
#[derive(Clone, Debug)]
pub struct PhraseSet {
    /// The phrases, lower-cased NFC.
    pub phrases: Vec<String>,
    ac: AhoCorasick,
    /// Bytes of the longest phrase.
    max_len: usize,
    /// The first two chars of the phrases, sorted (`None`: a phrase is shorter, anything may
    /// match).
    heads: Option<Vec<(char, char)>>,
}

impl PhraseSet {
    fn new(phrases: Vec<String>) -> Result<Self, String> {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(&phrases)
            .map_err(|e| e.to_string())?;
        let max_len = phrases.iter().map(String::len).max().unwrap_or(0);
        let heads: Option<Vec<(char, char)>> = phrases
            .iter()
            .map(|p| {
                let mut c = p.chars();
                Some((c.next()?, c.next()?))
            })
            .collect();
        let heads = heads.map(|mut h| {
            h.sort_unstable();
            h.dedup();
            h
        });
        Ok(Self {
            phrases,
            ac,
            max_len,
            heads,
        })
    }

    /// [`PhraseSet::at`] on the lower-case twin of `s`, which is lower-cased only as far as a
    /// phrase and the char after it can reach (into `buf`): this runs after most numbers, in
    /// sentences that mostly never need their whole twin.
    pub fn at_lower(&self, s: &str, at: usize, buf: &mut String) -> Option<(usize, usize)> {
        self.at_lower_from(s, at, head2(s, at), buf)
    }

    /// [`PhraseSet::at_lower`] given [`head2`] of `s` at `at`.
    pub fn at_lower_from(
        &self,
        s: &str,
        at: usize,
        head: Option<(char, char)>,
        buf: &mut String,
    ) -> Option<(usize, usize)> {
        let rest = s.get(at..)?;
        if let Some(heads) = &self.heads {
            heads.binary_search(&head?).ok()?;
        }
        // Any match ends by `max_len`, and the char after it (for `word_end`) before this.
        let end = floor_char(rest, self.max_len + 4);
        buf.clear();
        buf.extend(rest[..end].chars().map(low_char));
        self.at(buf, 0).map(|(i, e)| (i, at + e))
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

/// The first two chars of `s` at `at`, lower-cased: what a phrase lookup tests first.
pub fn head2(s: &str, at: usize) -> Option<(char, char)> {
    let mut c = s.get(at..)?.chars().map(low_char);
    Some((c.next()?, c.next()?))
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

/// Lower case of one char as [`lower`] makes it, with ASCII taken first (most of the text).
pub fn low_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        lower_char(c)
    }
}

/// Does `s` lower-cased ([`lower`]) start with `w`? Compared char by char, without a copy:
/// lower-casing keeps every char's byte length, so the twin's prefix is `w.len()` bytes too.
pub fn lower_starts_with(s: &str, w: &str) -> bool {
    s.get(..w.len())
        .is_some_and(|head| head.chars().zip(w.chars()).all(|(a, b)| low_char(a) == b))
}

/// Does `s` lower-cased ([`lower`]) end with `w`? (See [`lower_starts_with`].)
pub fn lower_ends_with(s: &str, w: &str) -> bool {
    s.len()
        .checked_sub(w.len())
        .and_then(|k| s.get(k..))
        .is_some_and(|tail| {
            tail.chars()
                .rev()
                .zip(w.chars().rev())
                .all(|(a, b)| low_char(a) == b)
        })
}

/// Does `s` lower-cased ([`lower`]) contain `w`? (See [`lower_starts_with`].)
pub fn lower_contains(s: &str, w: &str) -> bool {
    let Some(c0) = w.chars().next() else {
        return true;
    };
    s.char_indices()
        .any(|(i, c)| low_char(c) == c0 && lower_starts_with(&s[i..], w))
}

/// Does `before` (text without trailing whitespace) end with the word `w` once lower-cased?
/// Read on the text as written: lower-casing moves no whitespace, letter or digit.
pub fn word_ends(before: &str, w: &str) -> bool {
    lower_ends_with(before, w) && word_start(before, before.len() - w.len())
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
    /// A searcher per [`Vocab::subject_starts`] word, built once (each subject is searched
    /// for every one of them).
    pub(crate) subject_start_finders: Vec<memchr::memmem::Finder<'static>>,
    /// A searcher per goal cue: the first cue starts where the earliest first occurrence of
    /// any of them does, found without the overlapping pass over [`Vocab::sentence_cues`].
    /// `None` when one cue contains another: that pass stops once it has seen a cue and a
    /// period word, and a cue holding an earlier-ending one may then be left unseen, which
    /// only that pass reproduces.
    pub(crate) goal_cues: Option<Vec<memchr::memmem::Finder<'static>>>,
    /// A searcher per period word: does any occur? (Faster than one automaton here: these
    /// words begin with the most common letters, so its prefilter would stop everywhere.)
    pub(crate) period_cues: Vec<memchr::memmem::Finder<'static>>,
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
        let nested = sentence.iter().enumerate().any(|(i, a)| {
            sentence
                .iter()
                .enumerate()
                .any(|(j, b)| i != j && a.contains(b.as_str()))
        });
        let goal_cues = (!nested).then(|| {
            sentence
                .iter()
                .map(|w| memchr::memmem::Finder::new(w).into_owned())
                .collect()
        });
        let period_cues = period_words
            .iter()
            .map(|w| memchr::memmem::Finder::new(w).into_owned())
            .collect();
        let set = |file: &str, p: Vec<String>| PhraseSet::new(p).map_err(|e| err(file, e));
        Ok(Vocab {
            sentence_cues,
            goal_cues,
            period_cues,
            units: set("metrics/units.txt", list("metrics/units.txt"))?,
            amounts: set("metrics/amount_units.txt", list("metrics/amount_units.txt"))?,
            indexes: set("metrics/indexes.tsv", phrases)?,
            index_names: names,
            grades: set("metrics/grades.txt", list("metrics/grades.txt"))?,
            target_sentence: sentence,
            target_near: near,
            not_before: list("metrics/not_before.txt"),
            table_headers,
            subject_start_finders: words("subject_start")
                .iter()
                .map(|w| memchr::memmem::Finder::new(w).into_owned())
                .collect(),
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

    /// What the finder relies on to read the lower-case twin off the text as written: every
    /// char keeps its byte length, whether it is whitespace, a letter or a digit, and no other
    /// char becomes ASCII.
    #[test]
    fn lower_case_moves_no_boundary() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let l = low_char(c);
            assert_eq!(
                l,
                lower(c.encode_utf8(&mut [0; 4]))
                    .chars()
                    .next()
                    .unwrap_or(c)
            );
            assert_eq!(l.len_utf8(), c.len_utf8(), "{c:?}");
            assert_eq!(l.is_whitespace(), c.is_whitespace(), "{c:?}");
            assert_eq!(l.is_alphanumeric(), c.is_alphanumeric(), "{c:?}");
            assert_eq!(l.is_alphabetic(), c.is_alphabetic(), "{c:?}");
            assert!(c.is_ascii() || !l.is_ascii(), "{c:?}");
        }
    }

    #[test]
    fn compares_as_the_lower_case_twin() {
        let s = "Kỳ họp THỨ 12 ĐẠT 100 Phần Trăm";
        let low = lower(s);
        for w in ["thứ", "kỳ họp thứ", "đạt", "phần trăm", "12", "", "x", "kỳ"] {
            for i in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
                assert_eq!(lower_starts_with(&s[i..], w), low[i..].starts_with(w));
                assert_eq!(lower_ends_with(&s[..i], w), low[..i].ends_with(w));
                assert_eq!(lower_contains(&s[i..], w), low[i..].contains(w));
                let before = low[..i].trim_end();
                let want = before.ends_with(w) && word_start(before, before.len() - w.len());
                assert_eq!(word_ends(s[..i].trim_end(), w), want, "{w:?} at {i}");
            }
        }
    }
}
