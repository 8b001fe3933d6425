//! Vietnamese issue dates: `ngày 07/12/2021`, `ngày 7-12-2021`, `ngày 07 tháng 12 năm 2021`,
//! `ngày22 tháng 7 năm 2010`, and the blank forms of document headers.

use regex::Regex;
use std::sync::OnceLock;

/// A date as written, validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateValue {
    /// A real calendar date.
    Full(i32, u32, u32),
    /// Day and month with no year (`ngày 15/7`).
    NoYear(u32, u32),
    /// Not a calendar date (`31/02/2024`, month 13).
    Impossible(i32, u32, u32),
}

impl DateValue {
    /// ISO `YYYY-MM-DD` for a full date.
    pub fn iso(&self) -> Option<String> {
        match *self {
            // Once per dated reference: digits by hand, the formatting machinery costs more.
            DateValue::Full(y, m, d) if (0..=9999).contains(&y) && m < 100 && d < 100 => {
                let y = y as u32;
                let digit = |n: u32| char::from(b'0' + n as u8);
                let mut s = String::with_capacity(10);
                for n in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
                    s.push(digit(n));
                }
                for n in [m, d] {
                    s.push('-');
                    s.push(digit(n / 10));
                    s.push(digit(n % 10));
                }
                Some(s)
            }
            DateValue::Full(y, m, d) => Some(format!("{y:04}-{m:02}-{d:02}")),
            _ => None,
        }
    }
}

/// Days in a month of the Gregorian calendar (0 for an invalid month).
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Validate day, month and optional year.
pub fn validate(d: u32, m: u32, y: Option<i32>) -> DateValue {
    match y {
        None => DateValue::NoYear(d, m),
        Some(y) => {
            if (1..=12).contains(&m)
                && d >= 1
                && d <= days_in_month(y, m)
                && (1900..=2100).contains(&y)
            {
                DateValue::Full(y, m, d)
            } else {
                DateValue::Impossible(y, m, d)
            }
        }
    }
}

// The numeric and the long form, after the word `ngày`. ASCII digits: a Unicode `\d` compiles to
// dozens of ranges per repetition, and its other digits would not parse as numbers anyway.
const DATE_BODY: &str = r"(?P<d>[0-9]{1,2})(?:[ \t]*[/.\-][ \t]*(?P<m>[0-9]{1,2})(?:[ \t]*[/.\-][ \t]*(?P<y>[0-9]{4}))?|\s{1,6}(?i:tháng)\s{0,6}(?P<m2>[0-9]{1,2})(?:\s{1,6}(?i:năm)\s{0,6}(?P<y2>[0-9]{4}))?)(?P<tail>[0-9]?)";

fn after_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A short qualifier may stand between the symbol and its date ("137/KH-UBND tỉnh ngày").
        let pat = format!(
            r"^\s{{0,10}}(?:,\s{{0,6}})?(?:\(\s{{0,3}})?(?:(?:tỉnh|huyện|thành phố|thị xã|xã|phường|TW|Trung ương)\s{{1,6}}(?:,\s{{0,6}})?)?(?:(?:được\s+)?(?:ban hành|ký)\s{{1,6}})?(?i:ngày)\s{{0,6}}{DATE_BODY}"
        );
        Regex::new(&pat).expect("date-after pattern")
    })
}

fn before_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let pat = format!(r"(?i:ngày)\s{{0,6}}{DATE_BODY}\s{{0,6}},");
        Regex::new(&pat).expect("date-before pattern")
    })
}

fn captures_value(c: &regex::Captures<'_>) -> Option<DateValue> {
    if !c.name("tail").is_none_or(|t| t.as_str().is_empty()) {
        return None;
    }
    let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
    let d = num("d")?;
    let m = num("m").or_else(|| num("m2"))?;
    let y = num("y").or_else(|| num("y2")).map(|y| y as i32);
    Some(validate(d, m, y))
}

/// A date stated right after a reference: returns the value and the bytes consumed from the
/// start of `s`.
///
/// Runs once per reference, and getting the groups from the regex (a bounded backtracker
/// over a large Unicode NFA) cost more than everything else per reference. So the lazy DFA
/// only says whether and where the pattern matches, and the groups are read off by hand;
/// whenever the hand reading does not end exactly where the DFA did, the regex decides.
pub fn date_after(s: &str) -> Option<(DateValue, usize)> {
    let m = after_re().find(s)?;
    match read_after(s, m.end()) {
        Some(r) => r,
        None => date_after_captures(s),
    }
}

fn date_after_captures(s: &str) -> Option<(DateValue, usize)> {
    let c = after_re().captures(s)?;
    let v = captures_value(&c)?;
    let end = c.name("tail").map(|t| t.start()).unwrap_or(0);
    Some((v, end))
}

/// The groups of `after_re` for a match ending at `end`, following the regex's own
/// (leftmost-first, greedy) choices. The outer `None` means "not sure, ask the regex": a
/// Unicode digit, or a reading that disagrees with the DFA.
#[allow(clippy::option_option)]
fn read_after(s: &str, end: usize) -> Option<Option<(DateValue, usize)>> {
    // Nothing before the word `ngày` can contain it, so its first occurrence is the one.
    let mut p = (0..end).find(|&i| ci_word(s, i, NGAY).is_some())?;
    p = ci_word(s, p, NGAY)?;
    p = skip_ws(s, p, 0, 6)?;
    let (d, mut p) = digits(s, p, 2)?;
    if d.is_empty() || (d.len() == 2 && digit_at(s, p)?) {
        return None;
    }
    let (m, y);
    if let Some((mm, q)) = sep_digits(s, p, 2)? {
        m = mm;
        p = q;
        match sep_digits(s, p, 4)? {
            Some((yy, q)) if yy.len() == 4 => {
                y = Some(yy);
                p = q;
            }
            _ => y = None,
        }
    } else {
        p = skip_ws(s, p, 1, 6)?;
        p = ci_word(s, p, THANG)?;
        p = skip_ws(s, p, 0, 6)?;
        let (mm, q) = digits(s, p, 2)?;
        if mm.is_empty() {
            return None;
        }
        m = mm;
        p = q;
        let year = skip_ws(s, p, 1, 6)
            .and_then(|q| ci_word(s, q, NAM))
            .and_then(|q| skip_ws(s, q, 0, 6));
        match year {
            Some(q) => match digits(s, q, 4)? {
                (yy, q) if yy.len() == 4 => {
                    y = Some(yy);
                    p = q;
                }
                _ => y = None,
            },
            None => y = None,
        }
    }
    let tail = digit_at(s, p)?;
    if p + usize::from(tail) != end {
        return None;
    }
    if tail {
        return Some(None);
    }
    let num = |t: &str| t.parse::<u32>().ok();
    let v = validate(num(d)?, num(m)?, y.and_then(num).map(|y| y as i32));
    Some(Some((v, p)))
}

const NGAY: [[char; 2]; 4] = [['n', 'N'], ['g', 'G'], ['à', 'À'], ['y', 'Y']];
const THANG: [[char; 2]; 5] = [['t', 'T'], ['h', 'H'], ['á', 'Á'], ['n', 'N'], ['g', 'G']];
const NAM: [[char; 2]; 3] = [['n', 'N'], ['ă', 'Ă'], ['m', 'M']];

/// `(?i:word)` at byte `i` (simple case folding: each letter has exactly the two forms
/// listed): the end.
fn ci_word<const N: usize>(s: &str, i: usize, word: [[char; 2]; N]) -> Option<usize> {
    let mut it = s.get(i..)?.chars();
    let mut j = i;
    for [lo, up] in word {
        let c = it.next()?;
        if c != lo && c != up {
            return None;
        }
        j += c.len_utf8();
    }
    Some(j)
}

/// `\s{min,max}` at `i`: the end. Every use is followed by something that is not white
/// space, so a longer run means no match.
fn skip_ws(s: &str, i: usize, min: usize, max: usize) -> Option<usize> {
    let mut j = i;
    let mut n = 0;
    for c in s[i..].chars() {
        if !c.is_whitespace() {
            break;
        }
        if n == max {
            return None;
        }
        n += 1;
        j += c.len_utf8();
    }
    (n >= min).then_some(j)
}

/// Whether a `\d` stands at `i`; `None` for a non-ASCII digit (left to the regex).
fn digit_at(s: &str, i: usize) -> Option<bool> {
    match s[i..].chars().next() {
        Some(c) if c.is_ascii_digit() => Some(true),
        Some(c) if !c.is_ascii() && c.is_numeric() => None,
        _ => Some(false),
    }
}

/// `\d{0,max}` at `i`, greedy: the digits and their end; `None` when a non-ASCII digit
/// would be part of them.
fn digits(s: &str, i: usize, max: usize) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && j - i < max && b[j].is_ascii_digit() {
        j += 1;
    }
    if j - i < max {
        // Stopped early: on a non-digit, or on a Unicode digit the regex would take.
        digit_at(s, j)?;
    }
    Some((&s[i..j], j))
}

/// `[ \t]*[/.\-][ \t]*\d{1,max}` at `i`: `Some(None)` when it does not match there,
/// outer `None` for a non-ASCII digit.
#[allow(clippy::option_option)]
fn sep_digits(s: &str, i: usize, max: usize) -> Option<Option<(&str, usize)>> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    if !(j < b.len() && matches!(b[j], b'/' | b'.' | b'-')) {
        return Some(None);
    }
    j += 1;
    while j < b.len() && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    if !digit_at(s, j)? {
        return Some(None);
    }
    digits(s, j, max).map(Some)
}

/// The last date in `s` written as `ngày D/M/Y,` (a date stated before what it dates), with
/// its byte range in `s`.
pub fn last_date_before(s: &str) -> Option<(DateValue, std::ops::Range<usize>)> {
    // Captures are dear (see `date_after`) and only the last good match counts: find the
    // matches with the DFA, then take groups from the last one back. A match found from its
    // own start is the same match (the pattern looks at nothing before it).
    memchr::memchr(b',', s.as_bytes())?;
    let re = before_re();
    let found: Vec<regex::Match<'_>> = re.find_iter(s).collect();
    for m in found.iter().rev() {
        let Some(c) = re.captures_at(s, m.start()) else {
            continue;
        };
        if let Some(v) = captures_value(&c) {
            return Some((v, m.start()..m.end()));
        }
    }
    None
}

#[cfg(test)]
fn last_date_before_captures(s: &str) -> Option<(DateValue, std::ops::Range<usize>)> {
    let mut best = None;
    for c in before_re().captures_iter(s) {
        if let (Some(v), Some(m)) = (captures_value(&c), c.get(0)) {
            best = Some((v, m.start()..m.end()));
        }
    }
    best
}

/// (place, year, month, day, byte range) of a header's place-and-date line.
pub type PlaceDate = (
    String,
    i32,
    Option<u32>,
    Option<u32>,
    std::ops::Range<usize>,
);

/// Place-and-date line of a document header: `Hưng Yên, ngày 05 tháng 9 năm 2024`, where day
/// and month may be left blank. Returns (place, year, month, day, byte range).
pub fn place_date(s: &str) -> Option<PlaceDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        // The place is at most 41 characters, bounded in code (see `crate::rx::captures_bounded`).
        Regex::new(r"(?m)^[ \t*_]*(?P<place>\p{Lu}[\p{L} .\-]*?)[ \t]*,[ \t]*(?i:ngày)[ \t.…]*(?P<d>[0-9]{1,2})?[ \t.…]*(?i:tháng)[ \t.…]*(?P<m>[0-9]{1,2})?[ \t.…]*(?i:năm)[ \t]*(?P<y>[0-9]{4})")
            .expect("place-date pattern")
    });
    let c = crate::rx::captures_bounded(re, s, "place", 41)?;
    let y: i32 = c.name("y")?.as_str().parse().ok()?;
    let m = c.name("m").and_then(|m| m.as_str().parse().ok());
    let d = c.name("d").and_then(|m| m.as_str().parse().ok());
    let all = c.get(0)?;
    Some((
        c.name("place")?.as_str().trim().to_string(),
        y,
        m,
        d,
        all.start()..all.end(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_after() {
        let cases: &[(&str, Option<&str>)] = &[
            (" ngày 07/12/2021 của", Some("2021-12-07")),
            (" ngày 7-12-2021", Some("2021-12-07")),
            (" ngày 05 tháng 3 năm 2009", Some("2009-03-05")),
            (" ngày22 tháng 7 năm 2010", Some("2010-07-22")),
            (", ngày 22/12/2024", Some("2024-12-22")),
            (" tỉnh ngày 30/8/2024", Some("2024-08-30")),
            (" Ngày 07.12.2021", Some("2021-12-07")),
            (" ngày \n07/12/2021", Some("2021-12-07")),
        ];
        for (s, want) in cases {
            let got = date_after(s).and_then(|(v, _)| v.iso());
            assert_eq!(got.as_deref(), *want, "{s:?}");
        }
    }

    #[test]
    fn iso_matches_format() {
        for (y, m, d) in [
            (1900, 1, 1),
            (2024, 12, 31),
            (7, 3, 9),
            (9999, 99, 99),
            (10000, 1, 2),
        ] {
            let want = format!("{y:04}-{m:02}-{d:02}");
            assert_eq!(DateValue::Full(y, m, d).iso(), Some(want));
        }
        assert_eq!(
            DateValue::Full(-5, 1, 1).iso().as_deref(),
            Some("-005-01-01")
        );
    }

    #[test]
    fn odd_dates() {
        assert_eq!(
            date_after(" ngày 15/7 của").map(|x| x.0),
            Some(DateValue::NoYear(15, 7))
        );
        assert_eq!(
            date_after(" ngày 30/02/2024").map(|x| x.0),
            Some(DateValue::Impossible(2024, 2, 30))
        );
        assert_eq!(
            date_after(" ngày 29/02/2024")
                .and_then(|x| x.0.iso())
                .as_deref(),
            Some("2024-02-29")
        );
        assert!(date_after(" về việc ngày 07/12/2021").is_none());
        assert!(date_after(" ngày 07/12/20215").is_none());
    }

    #[test]
    fn before_and_header() {
        let (v, _) = last_date_before("Ngày 15/7/2021, Chính phủ đã ban hành ").expect("date");
        assert_eq!(v.iso().as_deref(), Some("2021-07-15"));
        let (place, y, m, d, _) = place_date("\nHưng Yên, ngày    tháng 9 năm 2024\n").expect("pd");
        assert_eq!((place.as_str(), y, m, d), ("Hưng Yên", 2024, Some(9), None));
        let (place, _, m, d, _) = place_date("Hà Nội, ngày 05 tháng 3 năm 2009").expect("pd");
        assert_eq!((place.as_str(), m, d), ("Hà Nội", Some(3), Some(5)));
    }

    proptest::proptest! {
        /// The hand reading of the groups agrees with the regex's captures.
        #[test]
        fn date_after_reads_like_the_regex(s in "[ \t\n,(]{0,3}(tỉnh |được ban hành |ký )?(ngày|Ngày|NGÀY|ngay)[ \t\n]{0,8}[0-9٣]{0,3}([ \t]{0,2}[-/.][ \t]{0,2}[0-9٣]{0,5}){0,3}([ \n]{0,7}(tháng|THÁNG|Tháng)[ \n]{0,7}[0-9٣]{0,3}([ \n]{0,7}(năm|NĂM)[ \n]{0,7}[0-9٣]{0,6})?)?[0-9a ,]{0,2}") {
            proptest::prop_assert_eq!(date_after(&s), date_after_captures(&s), "{:?}", s);
            let t = format!("{s}, {s},");
            proptest::prop_assert_eq!(last_date_before(&t), last_date_before_captures(&t));
        }
    }

    /// The shared parser in `vanban-text` and this one (which also finds where a date sits
    /// relative to a reference) must read every form the same way.
    #[test]
    fn agrees_with_vanban_text() {
        for s in [
            "ngày 07/12/2021",
            "ngày 7-12-2021",
            "ngày 05 tháng 3 năm 2009",
            "ngày22 tháng 7 năm 2010",
            "ngày 29/02/2024",
            "ngày 30/02/2024",
            "ngày 07.12.2021",
        ] {
            let ours = date_after(s).and_then(|(v, _)| v.iso());
            let theirs = vanban_text::parse_date_prefix(s)
                .and_then(|(r, _)| r.ok())
                .and_then(|d| d.iso());
            assert_eq!(ours, theirs, "{s:?}");
        }
    }
}
