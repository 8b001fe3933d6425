//! Laws and ordinances cited by name ("Luật Đất đai năm 2013", "Luật Ban hành văn bản quy
//! phạm pháp luật ngày 22 tháng 6 năm 2015") and pinpoints ("khoản 9 Điều 19").
//!
//! A named law gets its number when the text ties the name to it ("Luật Đất đai số
//! 45/2013/QH13") or the table of `patterns/laws.tsv` lists it, so the name and the number
//! are one document in the graph.

use crate::dates::validate;
use crate::model::{NamedRef, Pinpoint, Span};
use crate::refs::{ceil_cb, floor_cb, Found};
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use vanban_vocab::{VocabError, Vocabulary};

/// Name + year of a law folded for matching: no tones, lower case, no commas, single spaces
/// ("Luật Cán bộ, công chức" 2008 -> `luat can bo cong chuc 2008`).
pub fn law_fold(name: &str, year: Option<i32>) -> String {
    let f = vanban_text::fold(name).replace(',', " ");
    let mut words: Vec<&str> = f.split_whitespace().collect();
    let y = year.map(|y| y.to_string());
    if let Some(y) = &y {
        words.push(y);
    }
    words.join(" ")
}

/// The table of laws by name and year (`patterns/laws.tsv`).
#[derive(Clone, Debug, Default)]
pub struct Laws {
    /// [`law_fold`] of name and year -> number as listed.
    by_name: HashMap<String, String>,
}

impl Laws {
    /// Read the table; a row whose name is not a law's, whose year is not a year or whose
    /// number has no symbol is an error at its `file:line`.
    pub fn from_vocabulary(v: &Vocabulary) -> Result<Laws, VocabError> {
        let mut by_name = HashMap::new();
        for r in v.rows("laws.tsv") {
            let (name, year, number) = (r.col(0), r.col(1), r.col(2));
            if !named_re().is_match(&format!("{name} năm 2000")) {
                return Err(r.error(format!(
                    "{name:?} is not a law's name (Luật, Bộ luật, Pháp lệnh ...)"
                )));
            }
            let Some(y) = year
                .parse::<i32>()
                .ok()
                .filter(|y| (1945..=2100).contains(y))
            else {
                return Err(r.error(format!("{year:?} is not a year")));
            };
            if !number.contains('/') || !number.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(r.error(format!("{number:?} is not a number like 45/2013/QH13")));
            }
            by_name.insert(law_fold(name, Some(y)), number.to_string());
        }
        Ok(Laws { by_name })
    }

    /// The number of the law with this name and year, if listed.
    pub fn number(&self, name: &str, year: Option<i32>) -> Option<&str> {
        self.by_name.get(&law_fold(name, year)).map(String::as_str)
    }
}

/// Starts of "Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp" (title or upper case) at a word
/// start. Literal search (no Unicode `\b`, which would push a regex off its fast path).
fn heads(text: &str) -> Vec<usize> {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build([
                "Bộ luật",
                "BỘ LUẬT",
                "Luật",
                "LUẬT",
                "Pháp lệnh",
                "PHÁP LỆNH",
                "Hiến pháp",
                "HIẾN PHÁP",
            ])
            .expect("named heads")
    });
    ac.find_iter(text)
        .filter(|m| {
            text[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
                && text[m.end()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .map(|m| m.start())
        .collect()
}

fn named_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?P<kind>(?i:bộ luật|luật|pháp lệnh|hiến pháp))(?P<name>(?:\s{1,6}[\p{L}\d\-]+,?){0,16}?)\s{1,6}(?:(?i:năm)\s{1,6}(?P<y>\d{4})|(?P<y0>(?:19|20)\d{2})|(?i:ngày)\s{0,6}(?P<d>\d{1,2})\s*(?:[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<yy>\d{4})|\s(?i:tháng)\s{1,6}(?P<m2>\d{1,2})\s{1,6}(?i:năm)\s{1,6}(?P<y2>\d{4})))(?P<tail>\d?)",
        )
        .expect("named pattern")
    })
}

fn canonical_kind(k: &str) -> &'static str {
    match k.to_lowercase().as_str() {
        "bộ luật" => "Bộ luật",
        "pháp lệnh" => "Pháp lệnh",
        "hiến pháp" => "Hiến pháp",
        _ => "Luật",
    }
}

/// Named laws in `text`; mentions that carry a number (already in `found`) are skipped.
pub fn find_named(
    text: &str,
    found: &[Found],
    span: &dyn Fn(Range<usize>) -> Span,
) -> Vec<NamedRef> {
    let mut out = Vec::new();
    let mut last_end = 0;
    for h in heads(text) {
        if h < last_end {
            continue;
        }
        // "Bộ luật" is found at "Bộ"; skip the "luật" inside it.
        let end = floor_cb(text, h + 400);
        let Some(c) = named_re().captures(&text[h..end]) else {
            continue;
        };
        if c.name("tail").is_some_and(|t| !t.as_str().is_empty()) {
            continue;
        }
        let Some(all) = c.get(0) else { continue };
        let kind = canonical_kind(c.name("kind").map_or("", |m| m.as_str()));
        let name_raw = c.name("name").map_or("", |m| m.as_str());
        let words: Vec<&str> = name_raw.split_whitespace().collect();
        if kind != "Hiến pháp" {
            let Some(first) = words.first() else { continue };
            if !first.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
        }
        // A second law or a number inside means this is not one name.
        if words.iter().any(|w| {
            let t = w.trim_end_matches(',');
            matches!(t, "Luật" | "Bộ" | "Pháp" | "Hiến" | "số" | "Số" | "LUẬT")
        }) {
            continue;
        }
        let range = h..h + all.end() - c.name("tail").map_or(0, |t| t.len());
        if found
            .iter()
            .any(|f| f.range.start < range.end && range.start < f.range.end)
        {
            continue;
        }
        let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        let (year, date) = if let Some(y) = num("y").or_else(|| num("y0")) {
            (Some(y as i32), None)
        } else {
            let y = num("yy").or_else(|| num("y2")).map(|y| y as i32);
            let d = num("d");
            let m = num("m").or_else(|| num("m2"));
            match (d, m, y) {
                (Some(d), Some(m), Some(y)) => (Some(y), validate(d, m, Some(y)).iso()),
                _ => (y, None),
            }
        };
        let name = law_name(kind, &words);
        let key = match year {
            Some(y) => format!("{} {y}", vanban_text::fold(&name)),
            None => vanban_text::fold(&name),
        };
        last_end = range.end;
        out.push(NamedRef {
            text: text[range.clone()].to_string(),
            kind: kind.to_string(),
            name,
            year,
            date,
            key,
            number: None,
            pinpoint: pinpoint_before(text, range.start),
            span: span(range),
        });
    }
    out
}

/// Laws cited by name and number together ("Luật Đất đai số 45/2013/QH13", "Bộ luật Lao động
/// số 45/2019/QH14"): the numbered mentions of `found` whose law's name is written right
/// before the number, as named laws carrying that number.
pub fn tied_names(
    text: &str,
    found: &[Found],
    span: &dyn Fn(Range<usize>) -> Span,
) -> Vec<NamedRef> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?P<kind>(?i:bộ luật|luật|pháp lệnh))(?P<name>(?:\s{1,6}[\p{L}\-]+,?){1,16})\s{1,6}(?i:số)\s*[:.]?\s*$")
            .expect("tied name pattern")
    });
    let mut out = Vec::new();
    for f in found {
        let r = &f.reference;
        if !matches!(r.kind.as_str(), "Luật" | "Bộ luật" | "Pháp lệnh") || r.year.is_none()
        {
            continue;
        }
        let end = f.symbol.start.min(text.len());
        let lo = ceil_cb(text, end.saturating_sub(300));
        let Some(h) = heads(&text[lo..end]).last().map(|h| lo + h) else {
            continue;
        };
        let Some(c) = re.captures(&text[h..end]) else {
            continue;
        };
        let kind = canonical_kind(c.name("kind").map_or("", |m| m.as_str()));
        let words: Vec<&str> = c
            .name("name")
            .map_or("", |m| m.as_str())
            .split_whitespace()
            .collect();
        if !words
            .first()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
        {
            continue;
        }
        // "Luật sửa đổi, bổ sung một số điều của Luật X số N": N is the amending law's.
        let before = vanban_text::fold(&text[ceil_cb(text, h.saturating_sub(120))..h]);
        if before.contains("sua doi") || before.contains("bo sung") {
            continue;
        }
        let name = law_name(kind, &words);
        let range = h..f.symbol.end.min(text.len());
        out.push(NamedRef {
            text: text[range.clone()].to_string(),
            kind: kind.to_string(),
            key: match r.year {
                Some(y) => format!("{} {y}", vanban_text::fold(&name)),
                None => vanban_text::fold(&name),
            },
            name,
            year: r.year,
            date: r.date.clone(),
            number: Some(r.key.clone()),
            pinpoint: pinpoint_before(text, h),
            span: span(range),
        });
    }
    out
}

/// Give every named law its number: the one a name carries in this text ("Luật Đất đai số
/// 45/2013/QH13" elsewhere in it), else the table's; then order them as they stand.
pub fn number_named(named: &mut [NamedRef], laws: &Laws) {
    let mut tied: HashMap<String, String> = HashMap::new();
    for n in named.iter() {
        if let Some(k) = &n.number {
            tied.entry(law_fold(&n.name, n.year))
                .or_insert_with(|| k.clone());
        }
    }
    for n in named.iter_mut().filter(|n| n.number.is_none()) {
        n.number = tied
            .get(&law_fold(&n.name, n.year))
            .cloned()
            .or_else(|| laws.number(&n.name, n.year).map(str::to_string));
    }
    named.sort_by_key(|n| (n.span.page, n.span.start));
}

/// Article, clause and point written just before `pos`: "điểm a khoản 2 Điều 5 (của)".
pub fn pinpoint_before(text: &str, pos: usize) -> Option<Pinpoint> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:(?i:điểm)\s+(?P<p>[a-zđ])\s*,?\s+)?(?:(?i:khoản)\s+(?P<c>\d{1,3})\s*,?\s+)?(?:Điều|điều|ĐIỀU)\s+(?P<a>\d{1,3}[a-zđ]?)\s*,?\s+(?:(?:của|tại|theo)\s+)?$")
            .expect("pinpoint pattern")
    });
    if pos > text.len() {
        return None;
    }
    let lo = ceil_cb(text, pos.saturating_sub(120));
    let c = re.captures(&text[lo..pos])?;
    Some(Pinpoint {
        article: c.name("a").map(|m| m.as_str().to_string()),
        clause: c.name("c").map(|m| m.as_str().to_string()),
        point: c.name("p").map(|m| m.as_str().to_string()),
    })
}

/// A law's name as cited: its type word and the words after it, without a trailing comma.
fn law_name(kind: &str, words: &[&str]) -> String {
    std::iter::once(kind)
        .chain(words.iter().copied())
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(',')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(t: &str) -> Vec<NamedRef> {
        find_named(t, &[], &|_| Span::default())
    }

    #[test]
    fn named_laws() {
        let n = named("Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015;");
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].name, "Luật Ban hành văn bản quy phạm pháp luật");
        assert_eq!(n[0].date.as_deref(), Some("2015-06-22"));
        assert_eq!(n[0].key, "luat ban hanh van ban quy pham phap luat 2015");
        let n = named("theo Luật Đất đai năm 2013 và Bộ luật Lao động năm 2019");
        let keys: Vec<_> = n.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["luat dat dai 2013", "bo luat lao dong 2019"]);
        let n = named("Hiến pháp năm 2013; Pháp lệnh Ưu đãi người có công với cách mạng năm 2020");
        assert_eq!(n.len(), 2);
        assert_eq!(n[1].kind, "Pháp lệnh");
        let n = named("khoản 2 Điều 5 Luật Cán bộ, công chức năm 2008");
        assert_eq!(n[0].name, "Luật Cán bộ, công chức");
        assert_eq!(
            n[0].pinpoint
                .as_ref()
                .and_then(|p| p.clause.clone())
                .as_deref(),
            Some("2")
        );
        assert!(named("tuyên truyền các luật, pháp lệnh năm 2024").is_empty());
        assert!(named("phổ biến pháp luật năm 2024").is_empty());
    }

    #[test]
    fn bare_years_ties_and_the_table() {
        let n = named("theo Luật Đất đai 2013 và Luật Đất đai năm 2013");
        let keys: Vec<_> = n.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["luat dat dai 2013", "luat dat dai 2013"]);
        let laws = Laws::from_vocabulary(Vocabulary::builtin()).expect("laws");
        assert_eq!(
            laws.number("Luật Đất đai", Some(2013)),
            Some("45/2013/QH13")
        );
        assert_eq!(
            laws.number("LUẬT ĐẤT ĐAI", Some(2024)),
            Some("31/2024/QH15")
        );
        assert_eq!(
            laws.number("Luật Cán bộ công chức", Some(2008)),
            Some("22/2008/QH12")
        );
        assert_eq!(laws.number("Luật Đất đai", Some(2003)), None);
        // A name the table does not hold takes the number the same text ties it to.
        let mut n = named("Luật Điện lực năm 2024 và Luật Đất đai năm 2013");
        n.push(NamedRef {
            name: "Luật Điện lực".into(),
            year: Some(2024),
            number: Some("61/2024/QH15".into()),
            ..NamedRef::default()
        });
        number_named(&mut n, &laws);
        let nums: Vec<_> = n.iter().map(|n| n.number.as_deref()).collect();
        assert_eq!(
            nums,
            [
                Some("61/2024/QH15"),
                Some("45/2013/QH13"),
                Some("61/2024/QH15")
            ]
        );
        let mut n = named("Luật Hải quan năm 2014");
        number_named(&mut n, &laws);
        assert_eq!(
            n[0].number, None,
            "not in the table, not tied: a node of its own"
        );
    }

    #[test]
    fn bad_table_rows_name_their_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("laws.tsv"),
            "# x\nLuật Đất đai\t2013\t45/2013/QH13\nNghị định X\t2013\t1/2013/NĐ-CP\n",
        )
        .expect("write");
        let v = Vocabulary::load(Some(dir.path())).expect("load");
        let e = Laws::from_vocabulary(&v).expect_err("not a law");
        assert!(e.to_string().contains("laws.tsv:3:"), "{e}");
        std::fs::write(
            dir.path().join("laws.tsv"),
            "Luật Đất đai\tnăm\t45/2013/QH13\n",
        )
        .expect("write");
        let v = Vocabulary::load(Some(dir.path())).expect("load");
        assert!(Laws::from_vocabulary(&v).is_err());
    }

    #[test]
    fn pinpoints() {
        let t = "theo khoản 9 Điều 19 Nghị định";
        let p = pinpoint_before(t, t.len() - "Nghị định".len()).expect("pinpoint");
        assert_eq!(
            (p.article.as_deref(), p.clause.as_deref(), p.point),
            (Some("19"), Some("9"), None)
        );
        let t = "điểm b khoản 1 Điều 3 của Luật";
        let p = pinpoint_before(t, t.len() - "Luật".len()).expect("pinpoint");
        assert_eq!(p.point.as_deref(), Some("b"));
        assert!(pinpoint_before("theo Nghị định", 5).is_none());
    }
}
