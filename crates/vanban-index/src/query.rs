//! The query grammar of `vanban search` (docs/search.md): how a clerk types a number.
//!
//! A query is read token by token: symbols (`141/KH-UBND`, `72/2025/QH15`, `308/2025`), type
//! words or codes (`nghị định`, `nđ`, `KH`), `số`, a bare number, a year, symbol parts
//! (`ubnd`, `QH15`), a locality (`lai châu`) and, left over, words. Type words, codes, issuer
//! abbreviations and localities come from the vocabularies (`vanban-vocab`), not from code.

use crate::keys::{self, LooseKey};
use std::collections::HashSet;
use std::sync::OnceLock;
use vanban_vocab::Vocabulary;

/// A query read as a document number, possibly with words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The number (no leading zeros, letter suffix kept: `30c`).
    pub number: String,
    /// Symbol parts that must all be in the key (`kh`, `ubnd`, `qh15`), folded.
    pub parts: Vec<String>,
    /// A year: of the symbol or of the document's date (narrows, never empties).
    pub year: Option<u16>,
    /// The kind named by a type word or code (`Nghị định`) (narrows, never empties).
    pub kind: Option<String>,
    /// The locality named (`Lai Châu`) (narrows, never empties).
    pub locality: Option<String>,
    /// Words that are not part of the number: a mixed query matches them as text.
    pub words: Vec<String>,
    /// The number was written as a symbol (`/`) or introduced by `số` or a type word.
    pub explicit: bool,
}

/// The vocabulary the grammar reads, folded once.
pub struct Lexicon {
    /// Folded type phrases -> canonical kind, longest first.
    types: Vec<(Vec<String>, String)>,
    /// Folded type code -> canonical kind (`nd` -> `Nghị định`; `hd` has two).
    codes: Vec<(String, String)>,
    /// Folded issuer abbreviations (`ubnd`, `qh`, `skhcn`).
    issuers: HashSet<String>,
    /// Folded locality spellings -> canonical name, longest first.
    places: Vec<(Vec<String>, String)>,
    /// Type codes as written in symbols (`KH`, `QĐ`), sorted.
    written_codes: Vec<String>,
    /// The folded words of each kind of `codes`, in the same order (folded once: `codes_of`
    /// runs for every reference the index writes).
    code_kinds: Vec<Vec<String>>,
}

/// Stands for a written symbol already read, so "số" before it is known to introduce it.
const SYMBOL: &str = "\u{0}symbol";

/// Words that only join the others ("của", "tỉnh", "năm"): dropped from number queries.
const FILLERS: &[&str] = &[
    "so", "cua", "nam", "ngay", "thang", "tinh", "thanh", "pho", "tp", "ve", "viec", "ban", "hanh",
    "v",
];

impl Lexicon {
    /// The lexicon of a vocabulary.
    pub fn new(v: &Vocabulary) -> Lexicon {
        let mut types: Vec<(Vec<String>, String)> = Vec::new();
        let mut codes = Vec::new();
        for r in v.rows("type_words.tsv") {
            types.push((keys::tokens(r.col(0)), r.col(1).to_owned()));
        }
        for r in v.rows("doc_types.tsv") {
            types.push((keys::tokens(r.col(1)), r.col(1).to_owned()));
            codes.push((keys::tokens(r.col(0)).join(""), r.col(1).to_owned()));
        }
        types.retain(|(t, _)| !t.is_empty());
        types.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        types.dedup();
        let issuers = v
            .rows("issuers.tsv")
            .iter()
            .map(|r| keys::tokens(r.col(0)).join(""))
            .collect();
        let mut places = Vec::new();
        for r in v.rows("provinces.tsv") {
            let name = r.col(0).to_owned();
            places.push((keys::tokens(&name), name.clone()));
            for s in r.col(4).split(',').filter(|s| !s.trim().is_empty()) {
                places.push((keys::tokens(s), name.clone()));
            }
        }
        places.retain(|(t, _)| !t.is_empty());
        places.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        let mut written_codes: Vec<String> = v
            .rows("doc_types.tsv")
            .iter()
            .map(|r| r.col(0).to_owned())
            .collect();
        written_codes.sort();
        written_codes.dedup();
        let code_kinds = codes.iter().map(|(_, k)| keys::tokens(k)).collect();
        Lexicon {
            written_codes,
            code_kinds,
            types,
            codes,
            issuers,
            places,
        }
    }

    /// The lexicon of the built-in vocabularies.
    pub fn builtin() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| Lexicon::new(Vocabulary::builtin()))
    }

    /// The canonical kind of a folded code (`kh` -> `Kế hoạch`).
    pub(crate) fn kind_of_code(&self, code: &str) -> Option<&str> {
        self.codes
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, k)| k.as_str())
    }

    /// The folded type codes of a kind (`Tờ trình` -> `ttr`, `ttra`).
    pub(crate) fn codes_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let folded = keys::tokens(kind);
        self.codes
            .iter()
            .zip(&self.code_kinds)
            .filter(move |(_, k)| **k == folded)
            .map(|((c, _), _)| c.as_str())
    }

    /// Resolve what a user gave to `--kind`: a code (`KH`) or a name (`kế hoạch`, `ke hoach`),
    /// any case, accents optional.
    pub fn kind(&self, given: &str) -> Option<&str> {
        let toks = keys::tokens(given);
        if toks.is_empty() {
            return None;
        }
        if let Some(k) = self.kind_of_code(&toks.join("")) {
            return Some(k);
        }
        self.types
            .iter()
            .find(|(t, _)| *t == toks)
            .map(|(_, k)| k.as_str())
    }

    /// Every kind name, for the message of an unknown `--kind`.
    pub fn kinds(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .types
            .iter()
            .map(|(_, k)| k)
            .chain(self.codes.iter().map(|(_, k)| k))
            .cloned()
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Every type code, upper case as written in symbols.
    pub fn codes(&self) -> Vec<String> {
        self.written_codes.clone()
    }

    /// The canonical locality named by folded tokens starting at `toks[i]`, with its length.
    fn place_at(&self, toks: &[String], i: usize) -> Option<(usize, &str)> {
        self.places
            .iter()
            .find(|(p, _)| toks.len() >= i + p.len() && toks[i..i + p.len()] == p[..])
            .map(|(p, name)| (p.len(), name.as_str()))
    }

    /// The canonical locality a text names (`UBND tỉnh Hưng Yên` -> `Hưng Yên`).
    pub fn locality(&self, given: &str) -> Option<&str> {
        let toks = keys::tokens(given);
        (0..toks.len()).find_map(|i| self.place_at(&toks, i).map(|(_, n)| n))
    }

    fn type_at(&self, toks: &[String], i: usize) -> Option<(usize, &str)> {
        self.types
            .iter()
            .find(|(p, _)| toks.len() >= i + p.len() && toks[i..i + p.len()] == p[..])
            .map(|(p, name)| (p.len(), name.as_str()))
    }

    fn is_code(&self, t: &str) -> bool {
        self.codes.iter().any(|(c, _)| c == t)
    }
}

/// Is this raw token a written symbol (`141/KH-UBND`, `308/2025`, `20-NQ/TW`)?
fn is_symbol(raw: &str) -> bool {
    raw.bytes().any(|b| b.is_ascii_digit())
        && (raw.contains('/')
            || (raw.contains('-') && raw.starts_with(|c: char| c.is_ascii_digit())))
}

/// The year of a written date (`07/12/2021`, `7-12-2021`, `07.12.2021`).
fn date_year(raw: &str) -> Option<u16> {
    let parts: Vec<&str> = raw.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let small = |p: &str, max: u32| {
        (1..=2).contains(&p.len()) && p.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
    };
    if small(d, 31) && small(m, 12) {
        keys::year_token(y)
    } else {
        None
    }
}

/// Does a raw word carry Vietnamese diacritics (or đ)?
pub fn has_diacritics(s: &str) -> bool {
    let lower = vanban_text::views::lower(s);
    vanban_text::fold(&lower) != lower
}

/// Read a query by the grammar of docs/search.md. `None` when it has no number to look up.
pub fn parse(q: &str) -> Option<ParsedQuery> {
    parse_with(Lexicon::builtin(), q)
}

/// [`parse`] with the type words, codes, issuers and localities of `lx`.
pub fn parse_with(lx: &Lexicon, q: &str) -> Option<ParsedQuery> {
    let mut out = ParsedQuery::default();
    let mut number: Option<String> = None;
    // Pass 1: written symbols give number, year and parts at once.
    let mut rest: Vec<&str> = Vec::new();
    for raw in q.split_whitespace() {
        let trimmed = raw.trim_matches(|c: char| !c.is_alphanumeric());
        // A date after the number ("184/KH-UBND ngày 07/12/2021", copied from a citing
        // sentence) gives the year; its day and month are not words to look for.
        if number.is_some() {
            if let Some(y) = date_year(trimmed) {
                if out.year.is_none() {
                    out.year = Some(y);
                }
                continue;
            }
        }
        if number.is_none() && is_symbol(trimmed) {
            if let Some(k) = LooseKey::parse(trimmed) {
                number = Some(k.number);
                out.year = k.year;
                out.parts = k.letters;
                out.explicit = true;
                rest.push(SYMBOL);
                continue;
            }
        }
        rest.push(raw);
    }
    // Pass 2: the other tokens, folded, with the raw form kept to tell codes written in capitals.
    let mut toks: Vec<String> = Vec::new();
    let mut upper: Vec<bool> = Vec::new();
    let mut raw_words: Vec<String> = Vec::new();
    for raw in &rest {
        if *raw == SYMBOL {
            toks.push(SYMBOL.to_owned());
            upper.push(false);
            raw_words.push(String::new());
            continue;
        }
        for piece in raw.split(|c: char| !c.is_alphanumeric()) {
            if piece.is_empty() {
                continue;
            }
            let folded = keys::tokens(piece);
            for f in folded {
                toks.push(f);
                upper.push(
                    piece.chars().any(char::is_alphabetic)
                        && piece.chars().all(|c| !c.is_lowercase()),
                );
                raw_words.push(piece.to_owned());
            }
        }
    }
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i].as_str();
        if t == SYMBOL {
            i += 1;
            continue;
        }
        if let Some((n, kind)) = lx.type_at(&toks, i) {
            // "Án lệ số 28/2019/AL", "nghị định 308": the kind narrows.
            if out.kind.is_none() {
                out.kind = Some(kind.to_owned());
            }
            out.explicit = true;
            i += n;
            continue;
        }
        if let Some((n, place)) = lx.place_at(&toks, i) {
            if out.locality.is_none() {
                out.locality = Some(place.to_owned());
            }
            i += n;
            continue;
        }
        // "số" introduces a number ("Luật số 100/2015/QH13"); elsewhere it is a word.
        let next_is_number = toks
            .get(i + 1)
            .is_some_and(|n| n == SYMBOL || keys::number_token(n).is_some());
        if t == "so" && next_is_number {
            out.explicit = true;
            i += 1;
            continue;
        }
        if number.is_none() {
            if let Some(n) = keys::number_token(t) {
                // A lone year is a year, not a number, unless "số" came before it.
                if keys::year_token(t).is_none() || out.explicit {
                    number = Some(n);
                    i += 1;
                    continue;
                }
            }
        }
        if out.year.is_none() {
            if let Some(y) = keys::year_token(t) {
                out.year = Some(y);
                i += 1;
                continue;
            }
        }
        // "ngày 07 tháng 12 năm 2021": day and month of a date, once the number is read.
        let after_date_word = i > 0 && matches!(toks[i - 1].as_str(), "ngay" | "thang");
        if number.is_some()
            && after_date_word
            && t.len() <= 2
            && t.bytes().all(|b| b.is_ascii_digit())
        {
            i += 1;
            continue;
        }
        if FILLERS.contains(&t) && t != "so" {
            i += 1;
            continue;
        }
        let symbolish = keys::letter_token(t)
            && (lx.is_code(t)
                || lx.issuers.contains(t)
                || upper[i]
                || t.bytes().any(|b| b.is_ascii_digit()));
        if symbolish && out.parts.len() < 6 {
            if !out.parts.iter().any(|p| p == t) {
                out.parts.push(t.to_owned());
            }
        } else {
            out.words.push(raw_words[i].clone());
        }
        i += 1;
    }
    // A lone year read as number when nothing else is: "số 2021" handled above; "2021" alone
    // is a word query.
    out.number = number?;
    if out.parts.is_empty() && out.kind.is_none() && !out.explicit {
        // "184 chuyển đổi" is words; "184 KH" or "số 184" is a number.
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> ParsedQuery {
        parse(q).unwrap_or_else(|| panic!("{q}: not a number query"))
    }

    #[test]
    fn forms_of_the_issue() {
        let q = p("nghị định 308");
        assert_eq!(
            (q.number.as_str(), q.kind.as_deref()),
            ("308", Some("Nghị định"))
        );
        assert!(q.parts.is_empty() && q.words.is_empty());
        let q = p("nđ 308/2025");
        assert_eq!((q.number.as_str(), q.year), ("308", Some(2025)));
        assert_eq!(q.parts, ["nd"]);
        let q = p("quyết định 63 ubnd lai châu");
        assert_eq!(q.number, "63");
        assert_eq!(q.parts, ["ubnd"]);
        assert_eq!(q.kind.as_deref(), Some("Quyết định"));
        assert_eq!(q.locality.as_deref(), Some("Lai Châu"));
        let q = p("kế hoạch 141 ubnd");
        assert_eq!(
            (q.number.as_str(), q.kind.as_deref()),
            ("141", Some("Kế hoạch"))
        );
        assert_eq!(q.parts, ["ubnd"]);
        let q = p("184 KH UBND 2021");
        assert_eq!((q.number.as_str(), q.year), ("184", Some(2021)));
        assert_eq!(q.parts, ["kh", "ubnd"]);
        let q = p("141/KH-UBND 2025");
        assert_eq!((q.number.as_str(), q.year), ("141", Some(2025)));
        assert_eq!(q.parts, ["kh", "ubnd"]);
        let q = p("Luật số 100/2015/QH13");
        assert_eq!((q.number.as_str(), q.year), ("100", Some(2015)));
        assert_eq!(q.parts, ["qh13"]);
        assert_eq!(q.kind.as_deref(), Some("Luật"));
        let q = p("72/2025/QH15");
        assert_eq!((q.number.as_str(), q.year), ("72", Some(2025)));
        assert_eq!(q.parts, ["qh15"]);
        let q = p("Án lệ số 28/2019/AL");
        assert_eq!((q.number.as_str(), q.year), ("28", Some(2019)));
        assert_eq!(q.parts, ["al"]);
        assert_eq!(q.kind.as_deref(), Some("Án lệ"));
        let q = p("184/KH-UBND chuyển đổi số");
        assert_eq!(q.number, "184");
        assert_eq!(q.parts, ["kh", "ubnd"]);
        assert_eq!(q.words, ["chuyển", "đổi", "số"]);
    }

    #[test]
    fn a_date_after_the_number_gives_the_year() {
        for q in [
            "184/KH-UBND ngày 07/12/2021",
            "184/KH-UBND\nngày 7-12-2021",
            "kế hoạch 184 ngày 07 tháng 12 năm 2021",
        ] {
            let q = p(q);
            assert_eq!((q.number.as_str(), q.year), ("184", Some(2021)), "{q:?}");
            assert!(q.words.is_empty(), "{q:?}");
        }
        // A date alone is not a number query.
        assert_eq!(parse("ngày 07/12/2021"), None);
    }

    #[test]
    fn words_stay_words() {
        for q in [
            "chuyển đổi số",
            "2021",
            "tăng trưởng 8,5%",
            "",
            "184 chuyển đổi",
        ] {
            assert_eq!(parse(q), None, "{q}");
        }
        // A party form and a bare "số".
        assert_eq!(p("208-KH/TU").parts, ["kh", "tu"]);
        assert_eq!(p("số 184").number, "184");
    }

    #[test]
    fn kinds_by_code_or_name() {
        let lx = Lexicon::builtin();
        assert_eq!(lx.kind("KH"), Some("Kế hoạch"));
        assert_eq!(lx.kind("kế hoạch"), Some("Kế hoạch"));
        assert_eq!(lx.kind("KE HOACH"), Some("Kế hoạch"));
        assert_eq!(lx.kind("nđ"), Some("Nghị định"));
        assert_eq!(lx.kind("xyz"), None);
        assert!(lx.kinds().contains(&"Kế hoạch".to_owned()));
        assert_eq!(lx.locality("UBND tỉnh Hưng Yên"), Some("Hưng Yên"));
        assert_eq!(lx.locality("hung yen"), Some("Hưng Yên"));
    }
}
