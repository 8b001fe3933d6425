//! Loose document-number keys: every spelling of one symbol maps to the same index terms.
//!
//! `184/KH-UBND`, `184 kh ubnd`, `kh-ubnd 184` and `KH UBND 184` all become number `184`,
//! letter parts `kh`, `ubnd`; `06/2024/QĐ-UBND` and `qđ ubnd 6 2024` become number `6`, year
//! `2024`, parts `qd`, `ubnd`. Separators, party/state form, leading zeros, case and Đ/D are
//! dropped, because users remember numbers, not punctuation.

use std::sync::OnceLock;

/// Type words users type before a number; folded, longest first.
fn type_words() -> &'static [Vec<String>] {
    static WORDS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut v: Vec<Vec<String>> = include_str!("../data/type-words.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(tokens)
            .filter(|t| !t.is_empty())
            .collect();
        v.sort_by_key(|t| std::cmp::Reverse(t.len()));
        v
    })
}

/// Folded alphanumeric runs of `s` (`Đ` and the look-alike `Ð` -> `d`, no diacritics, lower
/// case).
pub fn tokens(s: &str) -> Vec<String> {
    vanban_text::fold(s)
        .replace('ð', "d")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A document number parsed from a key or from what a user typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LooseKey {
    /// The number without leading zeros, with its letter suffix (`30c`).
    pub number: String,
    /// A year inside the symbol.
    pub year: Option<u16>,
    /// Folded letter parts in written order (`kh`, `ubnd`).
    pub letters: Vec<String>,
}

/// Is this token a document number (`184`, `06`, `30c`)?
pub(crate) fn number_token(t: &str) -> Option<String> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = t.get(digits..)?;
    if digits == 0 || digits > 7 || rest.len() > 1 || !rest.bytes().all(|b| b.is_ascii_lowercase())
    {
        return None;
    }
    let (num, suffix) = t.split_at(digits);
    let trimmed = num.trim_start_matches('0');
    let num = if trimmed.is_empty() { "0" } else { trimmed };
    Some(format!("{num}{suffix}"))
}

pub(crate) fn year_token(t: &str) -> Option<u16> {
    if t.len() != 4 {
        return None;
    }
    t.parse::<u16>().ok().filter(|y| (1945..=2100).contains(y))
}

/// Is this token a symbol part (`kh`, `ubnd`, `ttlt`, `qh15`): short ASCII letters after
/// folding, digits allowed after the first letter (the legislature of `72/2025/QH15`).
pub(crate) fn letter_token(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 16
        && t.as_bytes()[0].is_ascii_lowercase()
        && t.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

impl LooseKey {
    /// Parse a canonical or loosely written symbol (`184/KH-UBND`, `kh ubnd 184`).
    /// Returns `None` unless the text is exactly one number, at most one year after it and
    /// symbol letter parts.
    pub fn parse(s: &str) -> Option<LooseKey> {
        Self::from_tokens(&tokens(s))
    }

    fn from_tokens(toks: &[String]) -> Option<LooseKey> {
        let mut number = None;
        let mut year = None;
        let mut letters = Vec::new();
        for t in toks {
            if number.is_none() {
                if let Some(n) = number_token(t) {
                    number = Some(n);
                    continue;
                }
            } else if year.is_none() && letters.is_empty() {
                // `06/2024/QĐ-UBND`: the year comes right after the number.
                if let Some(y) = year_token(t) {
                    year = Some(y);
                    continue;
                }
            } else if year.is_none() && number.is_some() {
                // `qđ ubnd 6 2024`: the year trails the letters.
                if let Some(y) = year_token(t) {
                    year = Some(y);
                    continue;
                }
            }
            if letter_token(t) && letters.len() < 6 {
                letters.push(t.clone());
            } else {
                return None;
            }
        }
        Some(LooseKey {
            number: number?,
            year,
            letters,
        })
    }

    /// The index term of this key with its year (if it has one).
    pub fn term(&self) -> String {
        match self.year {
            Some(y) => format!("{}|{}|{}", self.number, y, self.letters.join("-")),
            None => self.term_without_year(),
        }
    }

    /// The index term ignoring the year, so `qđ ubnd 6` finds `06/2024/QĐ-UBND`.
    pub fn term_without_year(&self) -> String {
        format!("{}||{}", self.number, self.letters.join("-"))
    }

    /// The terms of each symbol part alone (`184|p:kh`, `184|p:ubnd`), and of the type codes
    /// of the kind it is written with, so `nđ 91` finds `91/CP` of a Nghị định and the parts of
    /// a query may come in any order or be partial (docs/search.md).
    pub(crate) fn part_terms(&self, lx: &crate::query::Lexicon, kind: Option<&str>) -> Vec<String> {
        let mut v: Vec<String> = self
            .letters
            .iter()
            .map(|p| format!("{}|p:{p}", self.number))
            .collect();
        if let Some(kind) = kind {
            for c in lx.codes_of(kind) {
                let t = format!("{}|p:{c}", self.number);
                if !v.contains(&t) {
                    v.push(t);
                }
            }
        }
        v
    }

    /// Every term to index for a key: with and without the year.
    pub fn index_terms(&self) -> Vec<String> {
        let mut v = vec![self.term_without_year()];
        if self.year.is_some() {
            v.push(self.term());
        }
        v
    }
}

/// What a search query asks for, if it is a number query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberQuery {
    /// A symbol with letter parts: answered from the loose-key terms.
    Key(LooseKey),
    /// `số 184`: any document numbered 184.
    Number(String),
}

/// Parse a user query as a number query: `184/KH-UBND`, `kh-ubnd 184`, `qđ ubnd 6 2024`,
/// `Quyết định số 06/2024/QĐ-UBND`, `số 184`. Words that are not a symbol give `None`.
pub fn parse_query(q: &str) -> Option<NumberQuery> {
    let mut toks = tokens(q);
    // Leading type words ("quyết định", "kế hoạch") and "số" are how people say it, not part
    // of the symbol.
    for w in type_words() {
        if toks.len() > w.len() && toks[..w.len()] == w[..] {
            toks.drain(..w.len());
            break;
        }
    }
    let had_so = toks.first().is_some_and(|t| t == "so");
    if had_so {
        toks.remove(0);
    }
    let key = LooseKey::from_tokens(&toks)?;
    if key.letters.is_empty() {
        // A bare number is a number query only when introduced by "số"; "2021" alone is a word.
        if had_so || q.contains('/') {
            return Some(NumberQuery::Number(key.number));
        }
        return None;
    }
    Some(NumberQuery::Key(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_term(q: &str) -> String {
        match parse_query(q) {
            Some(NumberQuery::Key(k)) => k.term(),
            other => panic!("{q}: {other:?}"),
        }
    }

    #[test]
    fn spellings_of_one_state_symbol_agree() {
        let want = LooseKey::parse("184/KH-UBND").unwrap().term();
        assert_eq!(want, "184||kh-ubnd");
        for q in [
            "184/KH-UBND",
            "184 kh ubnd",
            "kh-ubnd 184",
            "KH UBND 184",
            "Kế hoạch số 184/KH-UBND",
            "số 0184/kh-ubnd",
        ] {
            assert_eq!(key_term(q), want, "{q}");
        }
    }

    #[test]
    fn year_and_d_with_stroke() {
        let k = LooseKey::parse("06/2024/QĐ-UBND").unwrap();
        assert_eq!(k.term(), "6|2024|qd-ubnd");
        assert_eq!(key_term("qđ ubnd 6 2024"), k.term());
        assert_eq!(key_term("06/2024/qd-ubnd"), k.term());
        assert_eq!(key_term("Quyết định 06/2024/QÐ-UBND"), k.term());
        // Without the year the query still reaches the year-bearing key.
        assert!(k.index_terms().contains(&key_term("QĐ-UBND 6")));
    }

    #[test]
    fn party_and_state_forms() {
        assert_eq!(key_term("208-KH/TU"), key_term("208/KH-TU"));
        assert_eq!(key_term("20 NQ/TW"), key_term("20-NQ/TW"));
        assert_eq!(key_term("05-TT/LB"), "5||tt-lb");
        assert_eq!(key_term("30c/NQ-CP"), "30c||nq-cp");
        assert_eq!(key_term("183/2010/TTLT/BTC-BNN"), "183|2010|ttlt-btc-bnn");
        assert_eq!(key_term("1544/UBND-PVHCC&KSTT"), "1544||ubnd-pvhcc-kstt");
    }

    #[test]
    fn number_only_and_words() {
        assert_eq!(
            parse_query("số 184"),
            Some(NumberQuery::Number("184".into()))
        );
        assert_eq!(
            parse_query("So 0184"),
            Some(NumberQuery::Number("184".into()))
        );
        assert_eq!(parse_query("2021"), None);
        assert_eq!(parse_query("chuyển đổi số"), None);
        assert_eq!(parse_query("tăng trưởng 8,5%"), None);
        assert_eq!(parse_query("41.5 phần trăm"), None);
        assert_eq!(parse_query(""), None);
    }
}
