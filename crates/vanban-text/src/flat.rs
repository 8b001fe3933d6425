//! Whitespace-flattened text with a map back to the input offsets.
//!
//! Reports come hard-wrapped (often with a blank line between wrapped lines), so a sentence
//! is read with every whitespace run collapsed to one space; a line break becomes a sentence
//! break (`\n`) only where the previous line ended a clause or the next begins a list item.
//!
//! Most of a text is words separated by single spaces, which flattening leaves as they are:
//! such stretches are copied whole (found with `memchr`), and only other whitespace is looked
//! at byte by byte.

use std::ops::Range;

/// Flattened text; `segs` maps flat offsets back to the input.
#[derive(Clone, Debug, Default)]
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

/// Byte length of the collapsible whitespace starting at `k` (ASCII whitespace, a no-break
/// space, a line or paragraph separator), or 0.
fn ws_len(b: &[u8], k: usize) -> usize {
    match b[k] {
        b'\t' | b'\n' | 0x0c | b'\r' | b' ' => 1,
        0xC2 if b.get(k + 1) == Some(&0xA0) => 2,
        0xE2 if b.get(k + 1) == Some(&0x80) && matches!(b.get(k + 2), Some(0xA8 | 0xA9)) => 3,
        _ => 0,
    }
}

/// Where the next stretch of text copied as it is ends. Between two words a single ASCII
/// space is copied too (flattening would put back the same space at the same offset shift),
/// so a stretch ends only at other whitespace: a byte `\t \n \r \x0c`, two spaces, or a
/// lead byte of U+00A0 or U+2028/9 (`C2`, `E2`). Each kind is found with `memchr`, and the
/// next place of each is kept until the scan passes it.
struct Breaks<'a> {
    b: &'a [u8],
    /// Next `\t`, `\n` or `\r` at or after the last query (`usize::MAX`: none).
    ctrl: usize,
    /// Next `\x0c`, `C2` or `E2`.
    lead: usize,
    /// Next two spaces.
    spaces: usize,
    two: memchr::memmem::Finder<'static>,
}

impl<'a> Breaks<'a> {
    fn new(b: &'a [u8]) -> Self {
        let mut x = Breaks {
            b,
            ctrl: 0,
            lead: 0,
            spaces: 0,
            two: memchr::memmem::Finder::new(b"  "),
        };
        x.ctrl = x.find_ctrl(0);
        x.lead = x.find_lead(0);
        x.spaces = x.find_spaces(0);
        x
    }

    fn find_ctrl(&self, from: usize) -> usize {
        memchr::memchr3(b'\t', b'\n', b'\r', &self.b[from..]).map_or(usize::MAX, |k| from + k)
    }

    fn find_lead(&self, from: usize) -> usize {
        memchr::memchr3(0x0c, 0xC2, 0xE2, &self.b[from..]).map_or(usize::MAX, |k| from + k)
    }

    fn find_spaces(&self, from: usize) -> usize {
        self.two
            .find(&self.b[from..])
            .map_or(usize::MAX, |k| from + k)
    }

    /// The first collapsible whitespace at or after `from`, before `stop`; or `stop`.
    fn next(&mut self, mut from: usize, stop: usize) -> usize {
        loop {
            if self.ctrl < from {
                self.ctrl = self.find_ctrl(from);
            }
            if self.spaces < from {
                self.spaces = self.find_spaces(from);
            }
            if self.lead < from {
                self.lead = self.find_lead(from);
            }
            let at = self.ctrl.min(self.spaces).min(stop);
            if self.lead >= at {
                return at;
            }
            if ws_len(self.b, self.lead) > 0 {
                return self.lead;
            }
            // A lead byte of some other char (`“`, `–`, `°`): the stretch goes on.
            from = self.lead + 1;
        }
    }

    /// End of the stretch copied from the non-space char at `i`: up to the first collapsible
    /// whitespace or `stop`, without a space right before it (which starts the whitespace).
    /// `stop` lies on a char boundary.
    fn stretch_end(&mut self, i: usize, stop: usize) -> usize {
        let e = self.next(i, stop);
        if e > i && self.b[e - 1] == b' ' {
            e - 1
        } else {
            e
        }
    }
}

/// Flatten `text`, leaving out the `skip` ranges (sorted, non-overlapping, on char
/// boundaries), which act as breaks.
pub fn flatten(text: &str, skip: &[Range<usize>]) -> Flat {
    let mut s = String::with_capacity(text.len());
    let mut segs = Vec::new();
    let mut pending_ws = false;
    let mut pending_nl = false;
    let mut skipped = false;
    let mut skip_i = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    let mut breaks = Breaks::new(bytes);
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
        let w = ws_len(bytes, i);
        if w > 0 {
            if bytes[i] == b'\n' || bytes[i] == 0x0c {
                pending_nl = true;
            }
            pending_ws = true;
            i += w;
            continue;
        }
        if pending_ws && !s.is_empty() {
            // A char ends in one of these ASCII bytes only if it is that char.
            let prev_ends = matches!(s.as_bytes().last(), Some(b'.' | b';' | b':' | b'!' | b'?'));
            let hard = skipped || pending_nl && (prev_ends || starts_item(&text[i..]));
            s.push(if hard { '\n' } else { ' ' });
        }
        pending_ws = false;
        pending_nl = false;
        skipped = false;
        let stop = skip.get(skip_i).map_or(text.len(), |r| r.start.max(i));
        let end = breaks.stretch_end(i, stop);
        // A new segment only where the offset shift changes (not after a single space).
        if segs.last().is_none_or(|&(f, o)| o + (s.len() - f) != i) {
            segs.push((s.len(), i));
        }
        s.push_str(&text[i..end]);
        i = end;
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

    /// The flattener as first written, a char at a time: the reference for the one above.
    fn reference(text: &str, skip: &[Range<usize>]) -> (String, Vec<(usize, usize)>) {
        fn run_len(b: &[u8]) -> usize {
            let mut k = 0;
            while k < b.len() {
                match b[k] {
                    x if x.is_ascii_whitespace() || x == 0x0c => return k,
                    0xC2 if b.get(k + 1) == Some(&0xA0) => return k,
                    0xE2 if b.get(k + 1) == Some(&0x80)
                        && matches!(b.get(k + 2), Some(0xA8 | 0xA9)) =>
                    {
                        return k
                    }
                    _ => k += 1,
                }
            }
            k
        }
        let mut s = String::new();
        let mut segs: Vec<(usize, usize)> = Vec::new();
        let (mut pending_ws, mut pending_nl, mut skipped) = (false, false, false);
        let (mut skip_i, mut i) = (0, 0);
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
                    || pending_nl
                        && (matches!(prev, '.' | ';' | ':' | '!' | '?') || starts_item(rest));
                s.push(if hard { '\n' } else { ' ' });
            }
            pending_ws = false;
            pending_nl = false;
            skipped = false;
            let stop = skip.get(skip_i).map_or(text.len(), |r| r.start.max(i));
            let run_end = (i + run_len(rest.as_bytes()))
                .min(stop)
                .max(i + c.len_utf8());
            if segs.last().is_none_or(|&(f, o)| o + (s.len() - f) != i) {
                segs.push((s.len(), i));
            }
            s.push_str(&text[i..run_end]);
            i = run_end;
        }
        (s, segs)
    }

    #[test]
    fn same_as_the_char_at_a_time_flattener() {
        let pieces = [
            "Sở",
            " ",
            "  ",
            "\n",
            "\n\n",
            " \n ",
            "\t",
            "\r\n",
            "\u{c}",
            "\u{a0}",
            "\u{2028}",
            "\u{2029}",
            "\u{202f}",
            "đã",
            "281",
            "hồ sơ.",
            "- Tỷ",
            "1.",
            "a)",
            "II.",
            "x;",
            "“",
            "–",
            "\u{85}",
            "\u{b}",
            "é",
        ];
        // A small deterministic generator: every text from a few thousand random draws.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..5000 {
            let mut t = String::new();
            for _ in 0..next(30) {
                t.push_str(pieces[next(pieces.len())]);
            }
            // Skip ranges at char boundaries, sorted and apart.
            let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).collect();
            let mut skip = Vec::new();
            let mut at = 0;
            while next(3) == 0 && at < bounds.len() {
                let a = at + next(bounds.len() - at);
                let b = (a + next(6)).min(bounds.len() - 1);
                if a <= b {
                    skip.push(bounds[a]..bounds[b]);
                }
                at = b + 1;
            }
            let f = flatten(&t, &skip);
            let (s, segs) = reference(&t, &skip);
            assert_eq!((&f.s, &f.segs), (&s, &segs), "{t:?} skip {skip:?}");
        }
    }
}
