//! Laws and ordinances cited by name ("Luật Đất đai năm 2013", "Luật Ban hành văn bản quy
//! phạm pháp luật ngày 22 tháng 6 năm 2015") and pinpoints ("khoản 9 Điều 19").

use crate::dates::validate;
use crate::model::{NamedRef, Pinpoint, Span};
use crate::refs::{ceil_cb, floor_cb, Found};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

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
            r"^(?P<kind>(?i:bộ luật|luật|pháp lệnh|hiến pháp))(?P<name>(?:\s{1,6}[\p{L}\d\-]+,?){0,16}?)\s{1,6}(?:(?i:năm)\s{1,6}(?P<y>\d{4})|(?i:ngày)\s{0,6}(?P<d>\d{1,2})\s*(?:[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<yy>\d{4})|\s(?i:tháng)\s{1,6}(?P<m2>\d{1,2})\s{1,6}(?i:năm)\s{1,6}(?P<y2>\d{4})))(?P<tail>\d?)",
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
        let (year, date) = if let Some(y) = num("y") {
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
        let name = std::iter::once(kind)
            .chain(words.iter().copied())
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches(',')
            .to_string();
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
            pinpoint: pinpoint_before(text, range.start),
            span: span(range),
        });
    }
    out
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
