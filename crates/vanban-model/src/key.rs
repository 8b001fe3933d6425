//! Document keys: the spec's normal form (`docs/spec/references.md`, "The key"), the folded
//! form for tolerant lookup, and the one typo rule (issuer edit distance) that both the
//! extractor's `same_as` warnings and the graph's alias merging use.

use unicode_normalization::UnicodeNormalization;

/// Normalise a key as typed by a user or written in a document: NFC, every dash `-`,
/// `Ð` -> `Đ`, no white space (a space after the number of a party document becomes its
/// hyphen: `20 NQ/TW` -> `20-NQ/TW`), upper case, repeated separators collapsed, leading
/// zeros of the number dropped (`04/KH-SKHCN` -> `4/KH-SKHCN`).
pub fn normalize_key(s: &str) -> String {
    if is_normal(s) {
        return s.to_string();
    }
    let nfc: String = s.trim().nfc().collect();
    let mut t = String::with_capacity(nfc.len());
    let mut chars = nfc.chars().peekable();
    let mut in_number = true;
    let mut seen_digit = false;
    while let Some(c) = chars.next() {
        let c = match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{00D0}' => 'Đ',
            c => c,
        };
        if c.is_whitespace() {
            // "20 NQ/TW": white space right after the leading number stands for the hyphen.
            if in_number && seen_digit {
                let next = chars.peek().copied().unwrap_or(' ');
                if next.is_alphabetic() {
                    t.push('-');
                    in_number = false;
                }
            }
            continue;
        }
        if in_number {
            if c.is_ascii_digit() {
                seen_digit = true;
            } else if !(c.is_alphabetic() && seen_digit) {
                // A letter right after the digits is a suffix (`30c`); anything else ends it.
                in_number = false;
            }
        }
        if (c == '/' || c == '-') && t.ends_with(c) {
            continue;
        }
        t.extend(c.to_uppercase());
    }
    strip_leading_zeros(&t)
}

/// Already in normal form (keys from the extractor are): skips the allocations above.
fn is_normal(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b'0') && b.get(1).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut prev = 0u8;
    for &c in b {
        let sep = c == b'/' || c == b'-';
        if c.is_ascii_lowercase() || c.is_ascii_whitespace() || (sep && c == prev) {
            return false;
        }
        prev = c;
    }
    // Non-ASCII: only the upper-case Đ (U+0110) is known to be normal.
    s.is_ascii() || s.chars().all(|c| c.is_ascii() || c == 'Đ')
}

fn strip_leading_zeros(t: &str) -> String {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 1 {
        let zeros = t.bytes().take_while(|b| *b == b'0').count().min(digits - 1);
        return t[zeros..].to_string();
    }
    t.to_string()
}

/// A looser form for tolerant lookup: [`normalize_key`] then `Đ` -> `D`.
pub fn fold_key(s: &str) -> String {
    normalize_key(s).replace('Đ', "D")
}

/// Upper case with `Ð` (U+00D0) and `ð` read as `Đ`, the form every code and key uses.
pub fn upper_key(s: &str) -> String {
    s.chars()
        .flat_map(char::to_uppercase)
        .map(|c| if c == '\u{d0}' { 'Đ' } else { c })
        .collect()
}

/// Split a key into everything but the issuer, and the issuer: `52/KH-SKHHCN` ->
/// (`52/KH-`, `SKHHCN`); `82-CV/BCSĐ` -> (`82-CV/`, `BCSĐ`).
pub fn split_issuer(key: &str) -> Option<(&str, &str)> {
    let slash = key.rfind('/')?;
    let suffix = &key[slash + 1..];
    let at = match suffix.find('-') {
        Some(d) => slash + 1 + d + 1,
        None => slash + 1,
    };
    let (skeleton, issuer) = key.split_at(at);
    (!issuer.is_empty()).then_some((skeleton, issuer))
}

/// Edit distance between two strings, in characters (Levenshtein).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The edit distance between two spellings of the same part of a symbol when it is small
/// enough (1 or 2 edits) to be a typing mistake rather than another body. Callers add their
/// own guards on top (the graph merges only issuers of 3 characters per edit or more).
pub fn typo_distance(a: &str, b: &str) -> Option<usize> {
    let d = edit_distance(a, b);
    (1..=2).contains(&d).then_some(d)
}

/// Edit distance that counts two swapped neighbours as one edit (optimal string alignment):
/// "148" for "184" is one slip of the fingers, as the search suggestions weigh it.
pub fn swap_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_neighbours_are_one_edit() {
        assert_eq!(swap_distance("148/KH-UBND", "184/KH-UBND"), 1);
        assert_eq!(swap_distance("148/KH-UBND", "141/KH-UBND"), 1);
        assert_eq!(swap_distance("148", "418"), 1);
        assert_eq!(swap_distance("148", "481"), 2);
        assert_eq!(swap_distance("", "ab"), 2);
    }

    #[test]
    fn spec_key_rules() {
        assert_eq!(normalize_key("04/KH-SKHCN"), "4/KH-SKHCN");
        assert_eq!(normalize_key("100 - KL/TW"), "100-KL/TW");
        assert_eq!(normalize_key("147/2007/QĐ- TTg"), "147/2007/QĐ-TTG");
        assert_eq!(normalize_key("20 NQ/TW"), "20-NQ/TW");
        assert_eq!(normalize_key("30c/NQ-CP"), "30C/NQ-CP");
        assert_eq!(normalize_key("263//KQTĐ-SXD"), "263/KQTĐ-SXD");
        assert_eq!(normalize_key("133/CTr-UBND"), "133/CTR-UBND");
        assert_eq!(normalize_key("06/2024/QÐ-UBND"), "6/2024/QĐ-UBND");
        assert_eq!(normalize_key("12/qđ-ubnd"), "12/QĐ-UBND");
        assert_eq!(normalize_key("82\u{2013}CV/BCSĐ"), "82-CV/BCSĐ");
        assert_eq!(normalize_key("0/QĐ-UBND"), "0/QĐ-UBND");
        assert_eq!(normalize_key("184/KH-UBND"), "184/KH-UBND");
        assert_eq!(normalize_key("1/QĐ--UBND"), "1/QĐ-UBND");
        assert_eq!(normalize_key("1/QÐ-UBND"), "1/QĐ-UBND");
        assert_eq!(fold_key("6/2024/qd-ubnd"), "6/2024/QD-UBND");
        assert_eq!(fold_key("6/2024/QĐ-UBND"), "6/2024/QD-UBND");
    }

    #[test]
    fn issuer_split() {
        assert_eq!(split_issuer("52/KH-SKHHCN"), Some(("52/KH-", "SKHHCN")));
        assert_eq!(split_issuer("82-CV/BCSĐ"), Some(("82-CV/", "BCSĐ")));
        assert_eq!(
            split_issuer("78/2021/QĐ-UBND"),
            Some(("78/2021/QĐ-", "UBND"))
        );
        assert_eq!(split_issuer("168-CP"), None);
        assert_eq!(edit_distance("SKHHCN", "SKHCN"), 1);
    }
}
