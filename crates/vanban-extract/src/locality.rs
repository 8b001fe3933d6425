//! Which province or centrally-run city a document or a reference belongs to
//! (`docs/spec/identity.md`, "Locality"), from the names in `patterns/provinces.tsv` and the
//! issuer scopes in `patterns/issuers.tsv`, and the words of `patterns/localities.tsv` that
//! tell a national body from a local one.

use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use vanban_vocab::{VocabError, Vocabulary};

/// Province and city names, matched accent- and case-insensitively on word boundaries.
#[derive(Clone, Debug, Default)]
pub struct Localities {
    /// Canonical names, one per matcher pattern.
    names: Vec<String>,
    ac: Option<AhoCorasick>,
    /// Issuer abbreviation (upper case) -> is a local body.
    scope: HashMap<String, bool>,
    /// The lists of `localities.tsv`, folded with [`norm`].
    words: Words,
}

/// The word lists of `patterns/localities.tsv`, each phrase folded with [`norm`].
#[derive(Clone, Debug, Default)]
struct Words {
    marker: Vec<String>,
    ref_national: Vec<String>,
    ref_local: Vec<String>,
    ref_stop: Vec<Vec<String>>,
    body_national: Vec<String>,
    body_province: Vec<String>,
    body_local: Vec<String>,
}

impl Words {
    fn from_vocabulary(v: &Vocabulary) -> Result<Words, VocabError> {
        let mut w = Words::default();
        for r in v.rows("localities.tsv") {
            let phrase = norm(r.col(1));
            if phrase.is_empty() {
                return Err(r.error("empty phrase"));
            }
            let list = match r.col(0) {
                "marker" => &mut w.marker,
                "ref_national" => &mut w.ref_national,
                "ref_local" => &mut w.ref_local,
                "ref_stop" => {
                    w.ref_stop
                        .push(phrase.split(' ').map(str::to_string).collect());
                    continue;
                }
                "body_national" => &mut w.body_national,
                "body_province" => &mut w.body_province,
                "body_local" => &mut w.body_local,
                other => {
                    return Err(r.error(format!(
                        "unknown list {other:?} (marker, ref_national, ref_local, ref_stop, \
                         body_national, body_province, body_local)"
                    )))
                }
            };
            list.push(phrase);
        }
        Ok(w)
    }
}

/// Does the spaced, folded text `padded` (" ... ") start with the whole words of `phrase`?
fn starts_with_words(padded: &str, phrase: &str) -> bool {
    padded
        .strip_prefix(' ')
        .and_then(|r| r.strip_prefix(phrase))
        .is_some_and(|r| r.starts_with(' '))
}

/// Does the spaced, folded text `padded` (" ... ") hold the whole words of `phrase`?
fn has_words(padded: &str, phrase: &str) -> bool {
    padded.contains(&format!(" {phrase} "))
}

/// Folded form used for matching: no tones, `đ` -> `d`, lower case, dashes and dots spaced
/// out and white space collapsed, so "Bà Rịa-Vũng Tàu" and "BÀ RỊA - VŨNG TÀU" agree.
fn norm(s: &str) -> String {
    let f = vanban_text::fold(s);
    let spaced: String = f
        .chars()
        .map(|c| match c {
            '-' | '–' | '—' | '.' | ',' | '(' | ')' | ';' | ':' => ' ',
            c => c,
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Localities {
    /// Build from the vocabularies.
    pub fn from_vocabulary(v: &Vocabulary) -> Result<Self, VocabError> {
        let mut names = Vec::new();
        let mut pats = Vec::new();
        for r in v.rows("provinces.tsv") {
            let name = r.col(0).to_string();
            match r.col(1) {
                "tỉnh" | "thành phố" => {}
                other => return Err(r.error(format!("unknown kind {other:?} (tỉnh or thành phố)"))),
            }
            let mut spellings = vec![name.clone()];
            spellings.extend(
                r.col(4)
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            for s in spellings {
                let n = norm(&s);
                if !n.is_empty() {
                    pats.push(format!(" {n} "));
                    names.push(name.clone());
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Both)
            .build(&pats)
            .map_err(|e| VocabError::Line {
                file: "patterns/provinces.tsv".into(),
                line: 0,
                message: e.to_string(),
            })?;
        let mut scope = HashMap::new();
        for r in v.rows("issuers.tsv") {
            let local = match r.col(2) {
                "local" => true,
                "national" | "" => false,
                other => {
                    return Err(r.error(format!("unknown scope {other:?} (national or local)")))
                }
            };
            scope
                .entry(vanban_model::key::upper_key(r.col(0)))
                .and_modify(|l: &mut bool| *l |= local)
                .or_insert(local);
        }
        Ok(Localities {
            names,
            ac: Some(ac),
            scope,
            words: Words::from_vocabulary(v)?,
        })
    }

    /// The first province or city named in `s`, canonical.
    pub fn find(&self, s: &str) -> Option<&str> {
        let ac = self.ac.as_ref()?;
        let hay = format!(" {} ", norm(s));
        ac.find(&hay)
            .map(|m| self.names[m.pattern().as_usize()].as_str())
    }

    /// A province or city named right after a marker word ("tỉnh X", "thành phố X",
    /// "TP. X") in `s`: how running text names an issuer's province.
    pub fn after_marker(&self, s: &str) -> Option<&str> {
        let n = format!(" {} ", norm(s));
        for m in &self.words.marker {
            let marker = format!(" {m} ");
            let marker = marker.as_str();
            let mut from = 0;
            while let Some(p) = n[from..].find(marker) {
                let at = from + p + marker.len() - 1;
                if let Some(m) = self.ac.as_ref().and_then(|ac| {
                    ac.find(
                        aho_corasick::Input::new(&n[at..]).anchored(aho_corasick::Anchored::Yes),
                    )
                }) {
                    return Some(self.names[m.pattern().as_usize()].as_str());
                }
                from = at;
            }
        }
        None
    }

    /// Is the issuer part of a symbol (`UBND`, `SKHCN-VP`, `TU`, `BTC`) a local body's?
    /// `Some(true)` local, `Some(false)` national, `None` unknown.
    pub fn issuer_is_local(&self, issuer: &str) -> Option<bool> {
        let up = vanban_model::key::upper_key(issuer);
        let parts: Vec<&str> = up
            .split(['-', '/', '&', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        // The body is the first part ("UBND-NC": UBND's office NC); a national body with a
        // local-looking unit stays national.
        let first = parts.first()?;
        // "QH13", "UBTVQH15": the legislature's term number follows the body.
        let bare = first.trim_end_matches(|c: char| c.is_ascii_digit());
        if let Some(&l) = self.scope.get(*first).or_else(|| self.scope.get(bare)) {
            return Some(l);
        }
        if parts.iter().any(|p| self.scope.get(*p) == Some(&true)) {
            return Some(true);
        }
        // Sở (department) codes: S + the department's initials (SKHCN, STNMT, SNNMT).
        if first.len() >= 3 && first.starts_with('S') && first.chars().all(|c| c.is_uppercase()) {
            return Some(true);
        }
        if first.starts_with('B') && first.len() >= 3 {
            return Some(false);
        }
        None
    }
}

impl Localities {
    /// The locality of a reference whose symbol's issuer part is `issuer`, from the words
    /// after it (`after`: the text following the symbol in its sentence): "... của UBND tỉnh
    /// Lai Châu" names it; "... của Ủy ban nhân dân tỉnh", "của Sở Tài chính" name a local
    /// body without its province, which is then the citing document's (`citing`). A
    /// national issuer has none; without such words it cannot be told (None).
    pub fn of_reference(
        &self,
        issuer: Option<&str>,
        after: &str,
        citing: Option<&str>,
    ) -> Option<String> {
        let scope = issuer.and_then(|i| self.issuer_is_local(i));
        if scope == Some(false) {
            return None;
        }
        // The clause after the symbol: to the end of the sentence or list item.
        let end = after
            .char_indices()
            .find(|&(i, c)| {
                c == ';' || c == '\n' || (c == '.' && after[i + 1..].starts_with([' ', '\n']))
            })
            .map_or(after.len(), |(i, _)| i);
        let clause = norm(&after[..end]);
        let c = format!(" {clause} ");
        // "của" within the first words after the symbol and its date.
        let at = c.find(" cua ")?;
        if c[..at].split_whitespace().count() > 10 {
            return None;
        }
        let body = &c[at + 5..];
        let padded = format!(" {body}");
        let w = &self.words;
        if w.ref_national.iter().any(|p| starts_with_words(&padded, p)) {
            return None;
        }
        if !w.ref_local.iter().any(|p| starts_with_words(&padded, p)) {
            return None;
        }
        // The body's own words, up to where the clause goes on ("về", "ban hành", ...).
        let words: Vec<&str> = body.split_whitespace().take(12).collect();
        let stop = (0..words.len())
            .find(|&i| {
                w.ref_stop.iter().any(|p| {
                    words[i..].starts_with(&p.iter().map(String::as_str).collect::<Vec<_>>())
                })
            })
            .unwrap_or(words.len());
        let own = words[..stop.max(1)].join(" ");
        if let Some(l) = self.after_marker(&own).or_else(|| self.find(&own)) {
            return Some(l.to_string());
        }
        citing.map(str::to_string)
    }
}

impl Localities {
    /// Do the words of an issuing body make it local (a province's, district's or commune's
    /// body)? `Some(false)` national, None when they do not tell.
    pub fn body_is_local(&self, lines: &[String]) -> Option<bool> {
        let joined = norm(&lines.join(" "));
        if joined.is_empty() {
            return None;
        }
        let j = format!(" {joined} ");
        let w = &self.words;
        // "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "BỘ CÔNG THƯƠNG": national whatever else they contain.
        if w.body_national.iter().any(|p| has_words(&j, p))
            && !w.body_province.iter().any(|p| has_words(&j, p))
        {
            return Some(false);
        }
        if w.body_local.iter().any(|p| has_words(&j, p)) {
            return Some(true);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l() -> Localities {
        Localities::from_vocabulary(Vocabulary::builtin()).expect("vocabulary")
    }

    #[test]
    fn names_in_any_spelling() {
        let l = l();
        assert_eq!(l.find("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"), Some("Đồng Nai"));
        assert_eq!(l.find("THÀNH PHỐ HỒ CHÍ MINH"), Some("Hồ Chí Minh"));
        assert_eq!(l.find("UBND TP.HCM"), Some("Hồ Chí Minh"));
        assert_eq!(l.find("tỉnh Thừa Thiên huế"), Some("Thừa Thiên Huế"));
        assert_eq!(l.find("THÀNH PHỐ HUẾ"), Some("Huế"));
        assert_eq!(l.find("tỉnh Bà Rịa-Vũng Tàu"), Some("Bà Rịa - Vũng Tàu"));
        assert_eq!(l.find("BỘ TÀI CHÍNH"), None);
        assert_eq!(
            l.after_marker("của UBND tỉnh Lai Châu về việc"),
            Some("Lai Châu")
        );
        assert_eq!(l.after_marker("của Ủy ban nhân dân tỉnh về việc"), None);
    }

    #[test]
    fn references_take_their_words_or_the_citers_province() {
        let l = l();
        let r = |issuer: &str, after: &str| l.of_reference(Some(issuer), after, Some("Đồng Nai"));
        assert_eq!(
            r("UBND", " ngày 12/3/2024 của UBND tỉnh Lai Châu về việc ..."),
            Some("Lai Châu".into())
        );
        assert_eq!(
            r("UBND", " của Ủy ban nhân dân tỉnh về quy hoạch"),
            Some("Đồng Nai".into())
        );
        assert_eq!(
            r(
                "UBND",
                " ngày 07/12/2021 của Ủy ban nhân dân Thành phố Hồ Chí Minh;"
            ),
            Some("Hồ Chí Minh".into())
        );
        assert_eq!(r("STC", " của Sở Tài chính"), Some("Đồng Nai".into()));
        assert_eq!(r("UBND", " về cải cách hành chính"), None);
        assert_eq!(
            r(
                "TTG",
                " của Thủ tướng Chính phủ phê duyệt Quy hoạch tỉnh Bình Dương"
            ),
            None
        );
        assert_eq!(
            r(
                "QĐ",
                " của Thủ tướng Chính phủ phê duyệt Quy hoạch tỉnh Bình Dương"
            ),
            None
        );
    }

    #[test]
    fn word_lists_come_from_the_patterns_and_errors_name_the_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("localities.tsv"),
            "# only a few\nmarker\ttỉnh\nref_local\tSở\nbody_local\tsở\n",
        )
        .expect("write");
        let v = Vocabulary::load(Some(dir.path())).expect("load");
        let l = Localities::from_vocabulary(&v).expect("localities");
        // "thành phố" is no marker any more; "Ủy ban nhân dân" no local body.
        assert_eq!(l.after_marker("của UBND thành phố Huế"), None);
        assert_eq!(l.after_marker("của UBND tỉnh Lai Châu"), Some("Lai Châu"));
        assert_eq!(
            l.of_reference(Some("UBND"), " của Ủy ban nhân dân tỉnh", Some("Huế")),
            None
        );
        assert_eq!(
            l.of_reference(Some("STC"), " của Sở Tài chính", Some("Huế")),
            Some("Huế".into())
        );
        std::fs::write(
            dir.path().join("localities.tsv"),
            "marker\ttỉnh\n\nnational\tBộ\n",
        )
        .expect("write");
        let v = Vocabulary::load(Some(dir.path())).expect("load");
        let e = Localities::from_vocabulary(&v).expect_err("unknown list");
        assert!(e.to_string().contains("localities.tsv:3:"), "{e}");
    }

    #[test]
    fn issuer_scopes() {
        let l = l();
        assert_eq!(l.issuer_is_local("UBND"), Some(true));
        assert_eq!(l.issuer_is_local("UBND-NC"), Some(true));
        assert_eq!(l.issuer_is_local("SKHCN-VP"), Some(true));
        assert_eq!(l.issuer_is_local("TU"), Some(true));
        assert_eq!(l.issuer_is_local("BTC"), Some(false));
        assert_eq!(l.issuer_is_local("TTG"), Some(false));
        assert_eq!(l.issuer_is_local("CP"), Some(false));
        assert_eq!(l.issuer_is_local("QH13"), Some(false));
        assert_eq!(l.issuer_is_local("XYZ"), None);
        assert_eq!(
            l.body_is_local(&["ỦY BAN NHÂN DÂN".into(), "TỈNH ĐỒNG NAI".into()]),
            Some(true)
        );
        assert_eq!(
            l.body_is_local(&["ỦY BAN THƯỜNG VỤ QUỐC HỘI".into()]),
            Some(false)
        );
        assert_eq!(l.body_is_local(&["BỘ CÔNG THƯƠNG".into()]), Some(false));
        assert_eq!(l.body_is_local(&["SỞ TÀI CHÍNH".into()]), Some(true));
        assert_eq!(l.body_is_local(&["HỘI ĐỒNG THI".into()]), None);
    }
}
