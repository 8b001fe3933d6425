//! Vietnamese numbers (`1.913`, `70,7`, `12 981`) and dates (`07/12/2021`,
//! `ngày 07 tháng 12 năm 2021`, partial `ngày tháng 9 năm 2024`).

use serde::Serialize;
use std::ops::Range;

/// Parse a number written the Vietnamese way: `.` (or a space) groups thousands, `,` is the
/// decimal mark. English-style `1,234.5` is accepted when both marks occur. Returns `None` for
/// anything that is not exactly one number.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim_matches(is_space);
    let (neg, body) = match s.strip_prefix(['-', '−', '+']) {
        Some(rest) => (s.starts_with(['-', '−']), rest),
        None => (false, s),
    };
    if body.is_empty() || !body.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    // Split into digit groups and the separators between them.
    let mut groups: Vec<&str> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut start = 0;
    let mut prev_sep = true;
    for (i, c) in body.char_indices() {
        if c.is_ascii_digit() {
            prev_sep = false;
            continue;
        }
        let sep = if is_space(c) { ' ' } else { c };
        if !matches!(sep, '.' | ',' | ' ') || prev_sep {
            return None;
        }
        groups.push(&body[start..i]);
        seps.push(sep);
        start = i + c.len_utf8();
        prev_sep = true;
    }
    if prev_sep {
        return None; // trailing separator
    }
    groups.push(&body[start..]);

    // Decide which separator (if any) is the decimal mark.
    let decimal_at: Option<usize> = {
        let has_dot = seps.contains(&'.');
        let has_comma = seps.contains(&',');
        let last = seps.len().checked_sub(1);
        if has_dot && has_comma {
            // The last-occurring of the two kinds is the decimal mark, and it must be unique.
            let l = last?;
            let kind = seps[l];
            if kind == ' ' || seps.iter().filter(|&&c| c == kind).count() != 1 {
                return None;
            }
            Some(l)
        } else if has_comma {
            let n = seps.iter().filter(|&&c| c == ',').count();
            if n == 1 {
                seps.iter().position(|&c| c == ',')
            } else {
                None // 1,234,567: English thousands grouping
            }
        } else if has_dot {
            let n = seps.iter().filter(|&&c| c == '.').count();
            let pos = seps.iter().position(|&c| c == '.')?;
            // A single dot followed by other than three digits is a decimal point (70.7).
            if n == 1 && groups.get(pos + 1).is_some_and(|g| g.len() != 3) {
                Some(pos)
            } else {
                None
            }
        } else {
            None
        }
    };
    let int_groups = decimal_at.map_or(groups.len(), |d| d + 1);
    if decimal_at.is_some_and(|d| d + 2 != groups.len()) {
        return None; // separators after the decimal mark
    }
    // Thousands grouping: first group 1-3 digits, the others exactly 3, one kind of separator.
    if int_groups > 1 {
        let kind = seps[0];
        if groups[0].len() > 3 || seps[..int_groups - 1].iter().any(|&c| c != kind) {
            return None;
        }
        if groups[1..int_groups].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let mut digits = String::with_capacity(body.len());
    for g in &groups[..int_groups] {
        digits.push_str(g);
    }
    if let Some(d) = decimal_at {
        digits.push('.');
        digits.push_str(groups[d + 1]);
    }
    let v: f64 = digits.parse().ok()?;
    Some(if neg { -v } else { v })
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}')
}

/// A date whose parts may be missing (`ngày tháng 9 năm 2024` has no day).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PartialDate {
    /// Four-digit year.
    pub year: Option<i32>,
    /// Month 1-12.
    pub month: Option<u8>,
    /// Day 1-31.
    pub day: Option<u8>,
}

impl PartialDate {
    /// `YYYY-MM-DD`, only when year, month and day are all known.
    pub fn iso(&self) -> Option<String> {
        Some(format!(
            "{:04}-{:02}-{:02}",
            self.year?, self.month?, self.day?
        ))
    }

    /// `YYYY-MM`, when year and month are known (whatever the day).
    pub fn iso_month(&self) -> Option<String> {
        Some(format!("{:04}-{:02}", self.year?, self.month?))
    }

    /// The most precise ISO rendering available: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn iso_partial(&self) -> Option<String> {
        self.iso()
            .or_else(|| self.iso_month())
            .or_else(|| self.year.map(|y| format!("{y:04}")))
    }

    /// The finest unit known: `"day"`, `"month"` or `"year"`.
    pub fn precision(&self) -> &'static str {
        if self.day.is_some() {
            "day"
        } else if self.month.is_some() {
            "month"
        } else {
            "year"
        }
    }
}

/// Why a date-shaped expression is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum DateError {
    /// Day or month out of range (31/02/2021, month 13): rejected, never guessed.
    #[error("impossible date: day {day:?}, month {month:?}, year {year:?}")]
    Impossible {
        /// Day as written.
        day: Option<u32>,
        /// Month as written.
        month: Option<u32>,
        /// Year as written.
        year: Option<i32>,
    },
}

/// Years outside this range are not read as dates (they are numbers or typos).
const YEARS: std::ops::RangeInclusive<i32> = 1800..=2199;

fn days_in_month(month: u32, year: Option<i32>) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

fn validate(
    day: Option<u32>,
    month: Option<u32>,
    year: Option<i32>,
) -> Result<PartialDate, DateError> {
    let bad = Err(DateError::Impossible { day, month, year });
    if let Some(m) = month {
        if !(1..=12).contains(&m) {
            return bad;
        }
        if let Some(d) = day {
            if d == 0 || d > days_in_month(m, year) {
                return bad;
            }
        }
    } else if day.is_some_and(|d| d == 0 || d > 31) {
        return bad;
    }
    Ok(PartialDate {
        year,
        month: month.map(|m| m as u8),
        day: day.map(|d| d as u8),
    })
}

/// Case-insensitive match of a lower-case `word` at the start of `s`; returns the rest.
fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let mut it = s.char_indices();
    for w in word.chars() {
        let (_, c) = it.next()?;
        if c != w && !c.to_lowercase().eq(std::iter::once(w)) {
            return None;
        }
    }
    Some(it.next().map_or("", |(i, _)| &s[i..]))
}

fn skip_spaces(s: &str) -> &str {
    s.trim_start_matches(|c: char| is_space(c) || c == '\t')
}

/// Leading ASCII digits (at most `max`), not followed by another digit.
fn digits(s: &str, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > max {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// True when the next char does not continue a word or number.
fn at_boundary(s: &str) -> bool {
    match s.chars().next() {
        None => true,
        Some(c) => {
            let continues_number =
                matches!(c, '/' | '-' | '.') && s[1..].starts_with(|d: char| d.is_ascii_digit());
            !c.is_alphanumeric() && !continues_number
        }
    }
}

/// Blank placeholder for an unfilled day or month: spaces, dots, ellipses, underscores.
fn skip_blank(s: &str) -> &str {
    s.trim_start_matches(|c: char| is_space(c) || matches!(c, '.' | '…' | '_' | '\t'))
}

/// Parse a date at the start of `s` (after optional spaces, commas and `ngày`).
///
/// Returns the date (or why it is impossible) and the number of bytes consumed, or `None`
/// when `s` does not start with a date expression.
pub fn parse_date_prefix(s: &str) -> Option<(Result<PartialDate, DateError>, usize)> {
    let lead = s.trim_start_matches(|c: char| is_space(c) || c == ',');
    let (after_ngay, had_ngay) = match strip_word(lead, "ngày") {
        Some(rest) => (rest, true),
        None => (lead, false),
    };
    let body = skip_spaces(after_ngay);
    let consumed = |rest: &str| s.len() - rest.len();

    // "tháng 9 năm 2024" / "tháng 9/2024": month precision.
    if !had_ngay {
        if let Some(rest) = strip_word(body, "tháng") {
            return parse_month_year(None, rest).map(|(r, rest)| (r, consumed(rest)));
        }
    }
    // Numeric day first.
    if let Some((day, rest)) = digits(body, 2) {
        // d/m/y with one separator kind.
        if let Some(sep) = rest.chars().next().filter(|c| matches!(c, '/' | '-' | '.')) {
            if let Some((month, rest2)) = digits(&rest[1..], 2) {
                if let Some(rest3) = rest2.strip_prefix(sep) {
                    if let Some((year, rest4)) = digits(rest3, 4) {
                        if rest3.len() - rest4.len() == 4 && at_boundary(rest4) {
                            let year = year as i32;
                            if !YEARS.contains(&year) {
                                return None;
                            }
                            let r = validate(Some(day), Some(month), Some(year));
                            return Some((r, consumed(rest4)));
                        }
                    }
                    return None;
                }
                // "ngày 15/7" without a year: only after "ngày", otherwise it is a fraction.
                if had_ngay && sep != '.' && at_boundary(rest2) {
                    return Some((validate(Some(day), Some(month), None), consumed(rest2)));
                }
                if had_ngay
                    && sep == '.'
                    && (rest2.is_empty() || !rest2.starts_with(|c: char| c.is_alphanumeric()))
                {
                    // "ngày 15.7" at a sentence end is still a day and month.
                    return Some((validate(Some(day), Some(month), None), consumed(rest2)));
                }
            }
            return None;
        }
        // "07 tháng 12 năm 2021".
        let rest = skip_spaces(rest);
        if let Some(rest) = strip_word(rest, "tháng") {
            return parse_month_year(Some(day), rest).map(|(r, rest)| (r, consumed(rest)));
        }
        return None;
    }
    // "ngày tháng 9 năm 2024", "ngày ... tháng 9 năm 2024": no day.
    if had_ngay {
        let rest = skip_blank(after_ngay);
        if let Some(rest) = strip_word(rest, "tháng") {
            return parse_month_year(None, rest).map(|(r, rest)| (r, consumed(rest)));
        }
    }
    None
}

/// After "tháng": `12 năm 2021`, `9/2024`, `12, năm 2021`; or blank month `tháng năm 2024`.
fn parse_month_year(day: Option<u32>, s: &str) -> Option<(Result<PartialDate, DateError>, &str)> {
    let s = skip_spaces(s);
    let (month, rest) = match digits(s, 2) {
        Some((m, rest)) => (Some(m), rest),
        None => (None, skip_blank(s)),
    };
    if month.is_some() {
        if let Some(r) = rest.strip_prefix(['/', '-', '.']) {
            if let Some((y, r2)) = digits(r, 4) {
                if r.len() - r2.len() == 4 && at_boundary(r2) && YEARS.contains(&(y as i32)) {
                    return Some((validate(day, month, Some(y as i32)), r2));
                }
            }
        }
    }
    let after = skip_spaces(rest.trim_start_matches(|c: char| is_space(c) || c == ','));
    if let Some(r) = strip_word(after, "năm") {
        let r = skip_spaces(r);
        if let Some((y, r2)) = digits(r, 4) {
            if r.len() - r2.len() == 4 && at_boundary(r2) && YEARS.contains(&(y as i32)) {
                if month.is_none() && day.is_none() {
                    return None; // "tháng năm 2024" alone says only the year: not a date here
                }
                return Some((validate(day, month, Some(y as i32)), r2));
            }
        }
        return None;
    }
    // "ngày 15 tháng 7" without a year.
    if day.is_some() && month.is_some() && at_boundary(rest) {
        return Some((validate(day, month, None), rest));
    }
    None
}

/// Every date expression in `text`, with its byte range (including a leading `ngày`).
pub fn find_dates(text: &str) -> Vec<(Range<usize>, Result<PartialDate, DateError>)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        let word_start = prev
            .is_none_or(|p| !p.is_alphanumeric() && !matches!(p, '/' | '-' | '.' | ','))
            || (prev.is_some_and(|p| matches!(p, '.' | ',')) && !c.is_ascii_digit());
        prev = Some(c);
        if i < skip_to || !word_start {
            continue;
        }
        let candidate = c.is_ascii_digit() || matches!(c, 'n' | 'N' | 't' | 'T');
        if !candidate {
            continue;
        }
        let rest = &text[i..];
        if !c.is_ascii_digit()
            && strip_word(rest, "ngày").is_none()
            && strip_word(rest, "tháng").is_none()
        {
            continue;
        }
        if let Some((r, n)) = parse_date_prefix(rest) {
            out.push((i..i + n, r));
            skip_to = i + n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let ok: &[(&str, f64)] = &[
            ("1.913", 1913.0),
            ("70,7", 70.7),
            ("12 981", 12981.0),
            ("12\u{a0}981", 12981.0),
            ("1\u{202f}234\u{202f}567", 1234567.0),
            ("04", 4.0),
            ("0", 0.0),
            ("1.234.567,5", 1234567.5),
            ("1.234.567", 1234567.0),
            ("100", 100.0),
            ("2,75", 2.75),
            ("1,234,567", 1234567.0),
            ("1,234.5", 1234.5),
            ("70.7", 70.7),
            ("-5,5", -5.5),
            (" 42 ", 42.0),
            ("12 981,25", 12981.25),
        ];
        for (s, v) in ok {
            assert_eq!(parse_number(s), Some(*v), "{s:?}");
        }
        let bad = [
            "",
            "abc",
            "1..2",
            "1.2.3",
            "12.",
            ",5",
            "1 2",
            "1.23.456",
            "12a",
            "1,2,3.4.5",
            "1.234,5,6",
            "1234.567.890",
            "--1",
            "1, 5",
            "١٢",
        ];
        for s in bad {
            assert_eq!(parse_number(s), None, "{s:?}");
        }
    }

    fn d(y: Option<i32>, m: Option<u8>, day: Option<u8>) -> PartialDate {
        PartialDate {
            year: y,
            month: m,
            day,
        }
    }

    #[test]
    fn date_forms() {
        let cases: &[(&str, PartialDate, &str)] = &[
            ("07/12/2021", d(Some(2021), Some(12), Some(7)), "07/12/2021"),
            (
                "7-12-2021 của",
                d(Some(2021), Some(12), Some(7)),
                "7-12-2021",
            ),
            ("7.12.2021.", d(Some(2021), Some(12), Some(7)), "7.12.2021"),
            (
                "07 tháng 12 năm 2021 về",
                d(Some(2021), Some(12), Some(7)),
                "07 tháng 12 năm 2021",
            ),
            (
                "ngày22 tháng 7 năm 2010",
                d(Some(2010), Some(7), Some(22)),
                "ngày22 tháng 7 năm 2010",
            ),
            (
                "Ngày 15/7/2021, Chính phủ",
                d(Some(2021), Some(7), Some(15)),
                "Ngày 15/7/2021",
            ),
            (
                "ngày tháng 9 năm 2024",
                d(Some(2024), Some(9), None),
                "ngày tháng 9 năm 2024",
            ),
            (
                "ngày ..... tháng 10 năm 2023",
                d(Some(2023), Some(10), None),
                "ngày ..... tháng 10 năm 2023",
            ),
            (
                "ngày    tháng  11  năm 2019",
                d(Some(2019), Some(11), None),
                "ngày    tháng  11  năm 2019",
            ),
            ("ngày 15/7 Bộ", d(None, Some(7), Some(15)), "ngày 15/7"),
            (
                "ngày 3 tháng 2, năm 2020",
                d(Some(2020), Some(2), Some(3)),
                "ngày 3 tháng 2, năm 2020",
            ),
            (
                ", ngày 29/02/2024",
                d(Some(2024), Some(2), Some(29)),
                ", ngày 29/02/2024",
            ),
            (
                "NGÀY 01 THÁNG 6 NĂM 2015",
                d(Some(2015), Some(6), Some(1)),
                "NGÀY 01 THÁNG 6 NĂM 2015",
            ),
            ("tháng 9/2024", d(Some(2024), Some(9), None), "tháng 9/2024"),
            (
                "tháng 9 năm 2024",
                d(Some(2024), Some(9), None),
                "tháng 9 năm 2024",
            ),
            (
                "ngày 5 tháng 3",
                d(None, Some(3), Some(5)),
                "ngày 5 tháng 3",
            ),
        ];
        for (s, want, consumed) in cases {
            let (r, n) = parse_date_prefix(s).unwrap_or_else(|| panic!("no date in {s:?}"));
            assert_eq!(r, Ok(*want), "{s:?}");
            assert_eq!(&s[..n], *consumed, "{s:?}");
        }
    }

    #[test]
    fn impossible_dates_are_errors_with_length() {
        for s in [
            "31/02/2021",
            "29/02/2023",
            "12/13/2021",
            "00/01/2020",
            "ngày 31 tháng 4 năm 2022",
            "ngày 32/1",
        ] {
            let (r, n) = parse_date_prefix(s).unwrap_or_else(|| panic!("{s:?}"));
            assert!(
                matches!(r, Err(DateError::Impossible { .. })),
                "{s:?}: {r:?}"
            );
            assert_eq!(n, s.len(), "{s:?}");
        }
    }

    #[test]
    fn not_dates() {
        for s in [
            "15/7",
            "184/KH-UBND",
            "07/12/20215",
            "2021-2025",
            "1.913",
            "07/12/21",
            "1/2 số xã",
            "năm 2024",
            "tháng năm 2024",
            "ngày làm việc",
            "12/12/0021",
        ] {
            assert_eq!(parse_date_prefix(s), None, "{s:?}");
        }
    }

    #[test]
    fn precision_and_rendering() {
        let full = d(Some(2021), Some(12), Some(7));
        assert_eq!(full.iso().as_deref(), Some("2021-12-07"));
        assert_eq!(full.precision(), "day");
        let month = d(Some(2024), Some(9), None);
        assert_eq!(month.iso(), None);
        assert_eq!(month.iso_month().as_deref(), Some("2024-09"));
        assert_eq!(month.iso_partial().as_deref(), Some("2024-09"));
        assert_eq!(month.precision(), "month");
        let year = d(Some(2024), None, None);
        assert_eq!(year.precision(), "year");
        assert_eq!(year.iso_partial().as_deref(), Some("2024"));
        let no_year = d(None, Some(7), Some(15));
        assert_eq!(no_year.iso(), None);
        assert_eq!(no_year.iso_partial(), None);
    }

    #[test]
    fn scanning() {
        let t = "Ngày 15/7/2021, Chính phủ ban hành Nghị quyết số 76/NQ-CP; Kế hoạch số 184/KH-UBND ngày 07/12/2021 giai đoạn 2021-2025, Hà Nội, ngày 31/02/2021 và ngày 3 tháng 4 năm 2019; tỷ lệ 1/2.";
        let found: Vec<(&str, Result<PartialDate, DateError>)> =
            find_dates(t).into_iter().map(|(r, d)| (&t[r], d)).collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].0, "Ngày 15/7/2021");
        assert_eq!(found[1].0, "ngày 07/12/2021");
        assert_eq!(found[1].1.unwrap().iso().as_deref(), Some("2021-12-07"));
        assert_eq!(found[2].0, "ngày 31/02/2021");
        assert!(found[2].1.is_err());
        assert_eq!(found[3].0, "ngày 3 tháng 4 năm 2019");
    }
}
