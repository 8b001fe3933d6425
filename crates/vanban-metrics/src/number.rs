//! Numbers written the Vietnamese way: `.` or a space groups thousands, `,` is the decimal mark.

/// A number found in text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num {
    /// Byte offset of the first digit.
    pub start: usize,
    /// Byte offset after the last digit.
    pub end: usize,
    /// Parsed value.
    pub value: f64,
    /// No decimal part.
    pub integer: bool,
    /// Count of digits before any grouping or decimal mark (`04` -> 2, `1.913` -> 1).
    pub lead_digits: usize,
    /// Written with thousands grouping.
    pub grouped: bool,
}

fn digits_at(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .map_or(0, |t| t.iter().take_while(|c| c.is_ascii_digit()).count())
}

/// Byte length of a thousands-group separator at `i`: `.`, a space, a no-break or thin space.
fn group_sep(s: &str, i: usize) -> Option<(usize, bool)> {
    let c = s.get(i..)?.chars().next()?;
    match c {
        '.' => Some((1, false)),
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' => Some((c.len_utf8(), true)),
        _ => None,
    }
}

/// Scan the number whose first digit is at `start` (which must be an ASCII digit).
pub fn scan(s: &str, start: usize) -> Option<Num> {
    let b = s.as_bytes();
    let lead = digits_at(b, start);
    if lead == 0 {
        return None;
    }
    let mut end = start + lead;
    let mut grouped = false;
    // Thousands groups: exactly three digits after the separator, not followed by a digit.
    // A space only groups after a 1-3 digit head, and only when every group is a space.
    let mut space_groups: Option<bool> = None;
    if lead <= 3 {
        while let Some((w, is_space)) = group_sep(s, end) {
            if space_groups.is_some_and(|sp| sp != is_space) {
                break;
            }
            let n = digits_at(b, end + w);
            if n != 3 {
                break;
            }
            space_groups = Some(is_space);
            end += w + 3;
            grouped = true;
        }
    }
    let int_end = end;
    let mut frac = 0;
    if b.get(end) == Some(&b',') {
        let n = digits_at(b, end + 1);
        // `2,5` is a decimal; `2, 5` is a list. A comma followed by exactly three digits after
        // an ungrouped head (`1,234`) is English grouping, rare in Vietnamese: read it as decimal.
        if n > 0 {
            frac = n;
            end += 1 + n;
        }
    }
    Some(Num {
        start,
        end,
        value: value_of(&b[start..int_end], &b[end - frac..end]),
        integer: frac == 0,
        lead_digits: lead,
        grouped,
    })
}

/// The value of the integer part `int` (digits and group separators, which hold no ASCII
/// digit) and the decimal digits `frac`: what parsing the digits as `int.frac` gives.
fn value_of(int: &[u8], frac: &[u8]) -> f64 {
    let digits = int.iter().filter(|c| c.is_ascii_digit());
    // Up to 15 digits an integer is exact in an f64, as the parse would give it.
    if frac.is_empty() && digits.clone().count() <= 15 {
        return digits.fold(0u64, |a, &c| a * 10 + u64::from(c - b'0')) as f64;
    }
    // Else parse `digits[.frac]`, written on the stack when it fits.
    let len = digits.clone().count() + if frac.is_empty() { 0 } else { 1 + frac.len() };
    let mut stack = [0u8; 64];
    let mut heap = Vec::new();
    let text: &mut [u8] = if len <= stack.len() {
        &mut stack[..len]
    } else {
        heap.resize(len, 0);
        &mut heap
    };
    let mut k = 0;
    for (slot, &c) in text.iter_mut().zip(digits) {
        *slot = c;
        k += 1;
    }
    if let Some((dot, rest)) = text.get_mut(k..).and_then(|t| t.split_first_mut()) {
        *dot = b'.';
        rest.copy_from_slice(frac);
    }
    std::str::from_utf8(text)
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(f64::NAN)
}

/// Parse a whole string as one number (`70,7`, `1.913`, `12 981`, `04`); `None` otherwise.
pub fn parse(s: &str) -> Option<f64> {
    let t = s.trim();
    if !t.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let n = scan(t, 0)?;
    (n.end == t.len()).then_some(n.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_formats() {
        assert_eq!(parse("70,7"), Some(70.7));
        assert_eq!(parse("1.913"), Some(1913.0));
        assert_eq!(parse("12.345.678"), Some(12_345_678.0));
        assert_eq!(parse("12 981"), Some(12981.0));
        assert_eq!(parse("12\u{a0}981"), Some(12981.0));
        assert_eq!(parse("04"), Some(4.0));
        assert_eq!(parse("0"), Some(0.0));
        assert_eq!(parse("1.234,56"), Some(1234.56));
        assert_eq!(parse("0,5"), Some(0.5));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("abc"), None);
        assert_eq!(parse("7.6.3."), None);
        assert_eq!(parse("1.5"), None);
        assert_eq!(parse("2021-2025"), None);
    }

    #[test]
    fn scan_stops_at_codes_and_mixed_groups() {
        let s = "7.6.3. Tỷ lệ";
        let n = scan(s, 0).unwrap();
        assert_eq!((n.value, n.end), (7.0, 1));
        // A year head of four digits never groups with the next number.
        let s = "năm 2024 100 hồ sơ";
        let n = scan(s, 5).unwrap();
        assert_eq!(n.value, 2024.0);
        let s = "1.000 000";
        assert_eq!(scan(s, 0).unwrap().value, 1000.0);
    }

    /// Values are what parsing the digits gives, on both sides of the exact-integer limit.
    #[test]
    fn values_as_parsed() {
        for s in [
            "999.999.999.999.999",
            "9.999.999.999.999.999",
            "123456789012345",
            "1234567890123456789",
            "12345678901234567890123",
            "0,1",
            "70,70",
            "1.234,5678",
            "000123",
        ] {
            let digits: String = s
                .chars()
                .filter(|c| *c != '.')
                .map(|c| if c == ',' { '.' } else { c })
                .collect();
            let want: f64 = digits.parse().unwrap();
            assert_eq!(parse(s), Some(want), "{s}");
        }
    }

    /// The shared parser in `vanban-text` and this scanner agree on Vietnamese forms.
    #[test]
    fn agrees_with_vanban_text() {
        for s in [
            "70,7",
            "1.913",
            "12.345.678",
            "12 981",
            "04",
            "0",
            "1.234,56",
            "0,5",
            "100",
            "16,2",
            "2.500.000.000",
            "1 254 300",
        ] {
            assert_eq!(parse(s), vanban_text::parse_number(s), "{s}");
        }
    }
}
