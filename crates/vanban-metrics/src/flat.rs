//! Whitespace-flattened text with a map back to the input offsets.
//!
//! Reports come hard-wrapped (often with a blank line between wrapped lines), so a sentence
//! is read with every whitespace run collapsed to one space; a line break becomes a sentence
//! break (`\n`) only where the previous line ended a clause or the next begins a list item.

use std::ops::Range;

/// Flattened text; `segs` maps flat offsets back to the input.
pub struct Flat {
    /// The text, whitespace runs collapsed, `\n` at sentence-level breaks.
    pub s: String,
    /// (flat offset, input offset) at the start of each copied run.
    segs: Vec<(usize, usize)>,
}

impl Flat {
    /// Input offset of flat offset `i`.
    pub fn orig(&self, i: usize) -> usize {
        let k = self.segs.partition_point(|&(f, _)| f <= i);
        match k.checked_sub(1).and_then(|k| self.segs.get(k)) {
            Some(&(f, o)) => o + (i - f),
            None => i,
        }
    }

    /// Input range of a flat range (end mapped from its last byte, so it never spans a gap).
    pub fn orig_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.orig(r.start);
        let end = if r.end > r.start {
            self.orig(r.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }
}

/// Does the text at `rest` begin a list item or a numbered heading?
fn starts_item(rest: &str) -> bool {
    let mut it = rest.char_indices();
    let Some((_, c)) = it.next() else {
        return false;
    };
    if matches!(c, '-' | '+' | '•' | '*' | '–' | '\u{f0a7}' | '·' | '(') {
        return true;
    }
    // a) b) đ)   1. 2.1.   I. II.
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if end > 24 {
        return false;
    }
    let word = &rest[..end];
    if word.len() <= 3
        && word.ends_with(')')
        && word.chars().next().is_some_and(char::is_alphabetic)
    {
        return true;
    }
    let body = word.trim_end_matches(['.', ')', ':']);
    if body.is_empty() || body.len() == word.len() {
        return false;
    }
    body.chars().all(|c| c.is_ascii_digit() || c == '.')
        || body.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// Bytes up to the next whitespace the flattener collapses (ASCII, NBSP, line separators).
fn run_len(b: &[u8]) -> usize {
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            x if x.is_ascii_whitespace() || x == 0x0c => return k,
            0xC2 if b.get(k + 1) == Some(&0xA0) => return k,
            0xE2 if b.get(k + 1) == Some(&0x80) && matches!(b.get(k + 2), Some(0xA8 | 0xA9)) => {
                return k
            }
            _ => k += 1,
        }
    }
    k
}

/// Flatten `text`, leaving out the `skip` ranges (sorted, non-overlapping), which act as breaks.
pub fn flatten(text: &str, skip: &[Range<usize>]) -> Flat {
    let mut s = String::with_capacity(text.len());
    let mut segs = Vec::new();
    let mut pending_ws = false;
    let mut pending_nl = false;
    let mut skipped = false;
    let mut skip_i = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        if let Some(r) = skip.get(skip_i) {
            if i >= r.start {
                if i < r.end {
                    i = r.end;
                    pending_nl = true;
                    pending_ws = true;
                    skipped = true;
                }
                skip_i += 1;
                continue;
            }
        }
        let b = bytes[i];
        if b.is_ascii_whitespace() || b == 0x0c {
            if b == b'\n' || b == 0x0c {
                pending_nl = true;
            }
            pending_ws = true;
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '\u{a0}' || c == '\u{2028}' || c == '\u{2029}' {
            pending_ws = true;
            i += c.len_utf8();
            continue;
        }
        if pending_ws && !s.is_empty() {
            let prev = s.chars().next_back().unwrap_or(' ');
            let hard = skipped
                || pending_nl && (matches!(prev, '.' | ';' | ':' | '!' | '?') || starts_item(rest));
            s.push(if hard { '\n' } else { ' ' });
        }
        pending_ws = false;
        pending_nl = false;
        skipped = false;
        // Copy the run up to the next whitespace or skip start.
        let stop = skip.get(skip_i).map_or(text.len(), |r| r.start.max(i));
        let run_end = (i + run_len(rest.as_bytes()))
            .min(stop)
            .max(i + c.len_utf8());
        // A new segment only where the offset shift changes (not after a single space).
        if segs.last().is_none_or(|&(f, o)| o + (s.len() - f) != i) {
            segs.push((s.len(), i));
        }
        s.push_str(&text[i..run_end]);
        i = run_end;
    }
    Flat { s, segs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_wraps_and_maps_back() {
        let t = "Sở đã tiếp \n\nnhận 281 hồ sơ.\n\n- Tỷ lệ đạt 100%";
        let f = flatten(t, &[]);
        assert_eq!(f.s, "Sở đã tiếp nhận 281 hồ sơ.\n- Tỷ lệ đạt 100%");
        let k = f.s.find("281").unwrap();
        let r = f.orig_range(k..k + 3);
        assert_eq!(&t[r], "281");
        let k = f.s.find("100%").unwrap();
        assert_eq!(&t[f.orig_range(k..k + 4)], "100%");
    }

    #[test]
    fn skips_ranges() {
        let t = "a b\nTABLE\tx\nc d\nT2\ny";
        let f = flatten(t, &[4..12, 16..19]);
        assert_eq!(f.s, "a b\nc d\ny");
    }
}
