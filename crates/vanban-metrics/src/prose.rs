//! Metrics stated in running text: one sentence at a time, one number at a time.
//!
//! Most sentences with digits hold no metric (dates, document and article numbers), so a
//! sentence's lower-case twin, goal cues and periods are made only once a value is found in
//! it. Until then the checks read the text as written: lower-casing keeps every char's byte
//! length and whether it is a space, letter or digit (see `vocab::lower_starts_with`).

use crate::number::{scan, Num};
use crate::vocab::{
    head2, low_char, lower_contains, lower_ends_with, lower_starts_with, word_ends, word_start,
    Vocab,
};
use crate::{Metric, MetricKind};
use regex::Regex;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::OnceLock;
use vanban_text::views::{ceil_char as ceil, floor_char as floor, lower};

/// A metric found in a sentence, with its evidence range in the sentence's text.
pub struct Found {
    /// The record (span left default).
    pub metric: Metric,
    /// Evidence range, relative to the text passed in.
    pub range: Range<usize>,
}

/// Period expressions, matched on lower-case text.
const PERIOD: &str = r"(?x)
            (?P<months>(?:\d{1,2}|sáu|chín|ba)\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\s+(?P<y1>(?:19|20)\d\d))
          | (?P<quarter>quý\s+(?:iv|i{1,3}|[1-4])(?:\s*(?:,|và|-)\s*(?:iv|i{1,3}|[1-4]))*\s*(?:năm\s+|/)(?P<y2>(?:19|20)\d\d))
          | (?P<stage>(?:giai\s+đoạn|thời\s+kỳ)\s+(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)
          | (?P<month>tháng\s+\d{1,2}(?:\s*/\s*|\s+năm\s+)(?P<y3>(?:19|20)\d\d))
          | (?P<from>từ\s+năm\s+(?:19|20)\d\d(?:,?\s*(?:hàng|mỗi)\s+năm)?)
          | (?P<year>năm\s+(?P<y4>(?:19|20)\d\d))
          | (?P<each>(?:hàng|mỗi|hằng)\s+năm)
        ";

fn period_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(PERIOD).unwrap_or_else(|e| panic!("period regex: {e}")))
}

/// [`PERIOD`] ignoring case, on the text as written: wherever the lower-case twin holds a
/// period, this matches the same bytes (each char of the twin is the original's lower case,
/// which case-insensitive matching accepts), so its leftmost match starts no later. A test
/// that needs no twin.
fn period_anycase_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::RegexBuilder::new(PERIOD)
            .case_insensitive(true)
            .build()
            .unwrap_or_else(|e| panic!("period regex: {e}"))
    })
}

fn rank_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?:(?:xếp|đứng|đạt|giữ|ở)\s+(?:ở\s+)?(?:vị\s+trí\s+thứ|vị\s+trí|hạng\s+thứ|hạng|thứ)|xếp\s+hạng(?:\s+thứ)?|vị\s+trí\s+thứ)\s*(?:\(|:)?\s*$",
        )
        .unwrap_or_else(|e| panic!("rank regex: {e}"))
    })
}

/// What is known of a sentence before its numbers are read.
struct Sent {
    /// Period expressions.
    per: Vec<Period>,
    /// Where the first goal cue starts (`usize::MAX` if none).
    cue_at: usize,
}

/// A period expression in a sentence.
struct Period {
    range: Range<usize>,
    year: Option<i32>,
    after_compare: bool,
}

fn periods(low: &str, v: &Vocab) -> Vec<Period> {
    periods_iter(low, v).collect()
}

/// The period expressions of a lower-case text, in order, found as they are asked for.
fn periods_iter<'a>(low: &'a str, v: &'a Vocab) -> impl Iterator<Item = Period> + 'a {
    period_re().captures_iter(low).filter_map(|c| {
        let m = c.get(0)?;
        let year = ["y1", "y2", "y3", "y4"]
            .iter()
            .find_map(|k| c.name(k))
            .and_then(|y| y.as_str().parse().ok());
        let before = low.get(..m.start())?.trim_end();
        let after_compare = v.compare.iter().any(|w| before.ends_with(w.as_str()));
        Some(Period {
            range: m.range(),
            year,
            after_compare,
        })
    })
}

/// The first period expression in lower-case text: (range, year).
pub fn period_of(low: &str, v: &Vocab) -> Option<(Range<usize>, Option<i32>)> {
    periods(low, v)
        .into_iter()
        .next()
        .map(|p| (p.range, p.year))
}

/// Does a period word occur in the lower-case text?
fn has_period_word(low: &str, v: &Vocab) -> bool {
    v.period_cues
        .iter()
        .any(|f| f.find(low.as_bytes()).is_some())
}

/// The goal cues and periods of a lower-case sentence.
fn sent_info(low: &str, v: &Vocab) -> Sent {
    let (cue_at, has_period) = match &v.goal_cues {
        // No cue holds another: the first goal cue is the leftmost one.
        Some(goal) => (
            goal.iter()
                .filter_map(|f| f.find(low.as_bytes()))
                .min()
                .unwrap_or(usize::MAX),
            has_period_word(low, v),
        ),
        None => {
            // One pass for the first goal cue and whether any period word occurs.
            let ncue = v.target_sentence.len();
            let (mut cue_at, mut has_period) = (usize::MAX, false);
            for m in v.sentence_cues.find_overlapping_iter(low) {
                if m.pattern().as_usize() < ncue {
                    cue_at = cue_at.min(m.start());
                } else {
                    has_period = true;
                }
                if has_period && cue_at < usize::MAX {
                    break;
                }
            }
            (cue_at, has_period)
        }
    };
    Sent {
        per: if has_period {
            periods(low, v)
        } else {
            Vec::new()
        },
        cue_at,
    }
}

/// One sentence, with what is derived from it made on first use.
struct Sentence<'a> {
    s: &'a str,
    low: OnceCell<String>,
    info: OnceCell<Sent>,
}

impl<'a> Sentence<'a> {
    fn new(s: &'a str) -> Self {
        Sentence {
            s,
            low: OnceCell::new(),
            info: OnceCell::new(),
        }
    }

    /// The lower-case twin (same byte offsets).
    fn low(&self) -> &str {
        self.low.get_or_init(|| lower(self.s))
    }

    fn info(&self, v: &Vocab) -> &Sent {
        self.info.get_or_init(|| sent_info(self.low(), v))
    }

    /// The period that opens the sentence, for the sentences after it. Only one that opens
    /// it ("Quý III năm 2024, Sở ...") frames the next ones; a year inside a title ("Kế hoạch
    /// CCHC năm 2024") does not.
    fn opening_period(&self, v: &Vocab) -> Option<(String, Option<i32>)> {
        if self.info.get().is_none()
            && period_anycase_re()
                .find(self.s)
                .is_none_or(|m| m.start() >= 30)
        {
            return None;
        }
        let low = self.low();
        let opens = |p: &Period| {
            !p.after_compare
                && p.range.start < 30
                && low.get(p.range.end..).is_some_and(|t| t.starts_with(','))
        };
        let p = match self.info.get() {
            Some(info) => info.per.iter().find(|p| opens(p))?,
            // Without the sentence's periods at hand, read them only up to where one may
            // still open it (they come in order): same answer, less of the sentence.
            None => &(has_period_word(low, v))
                .then(|| {
                    periods_iter(low, v)
                        .take_while(|p| p.range.start < 30)
                        .find(opens)
                })
                .flatten()?,
        };
        Some((self.s.get(p.range.clone())?.to_string(), p.year))
    }

    /// Push the metrics of the sentence (ranges relative to it).
    fn read(&self, v: &Vocab, goal_section: bool, buf: &mut String, out: &mut Vec<Found>) {
        let b = self.s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            i = next_digit(b, i);
            if i >= b.len() {
                break;
            }
            if i > 0 && b[i - 1].is_ascii_digit() {
                i += 1;
                continue;
            }
            let Some(n) = scan(self.s, i) else {
                i += 1;
                continue;
            };
            let next_i = n.end.max(i + 1);
            let consumed = classify(self, n, v, goal_section, buf, out);
            i = consumed.max(next_i);
        }
    }
}

/// The period carried from sentence to sentence within a paragraph line.
#[derive(Default)]
struct Carry {
    value: Option<(String, Option<i32>)>,
    /// Later sentences not yet read for an opening period (ranges in the line, in order): the
    /// value is only needed when a later sentence finds a metric without a period.
    pending: Vec<Range<usize>>,
}

impl Carry {
    /// After the sentence `r` of the line: its opening period, if any, is carried on.
    fn after(&mut self, st: &Sentence, r: &Range<usize>, v: &Vocab) {
        if st.info.get().is_some() {
            if let Some(p) = st.opening_period(v) {
                self.value = Some(p);
                self.pending.clear();
            }
        } else if memchr::memchr(b',', st.s.as_bytes()).is_some() {
            // Without a comma no period opens the sentence.
            self.pending.push(r.clone());
        }
    }

    /// Read the pending sentences (latest first) up to the first with an opening period.
    fn resolve(&mut self, line: &str, v: &Vocab) {
        for r in self.pending.drain(..).rev() {
            if let Some(p) = line.get(r).and_then(|s| Sentence::new(s).opening_period(v)) {
                self.value = Some(p);
                break;
            }
        }
    }
}

/// Sentence boundaries inside one flat line: `. ` before an upper-case letter, digit or marker.
fn sentences(line: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut start = 0;
    let b = line.as_bytes();
    // `. `, `! ` and `? ` in order: the dots found with their space (most dots are in
    // numbers and codes).
    static DOT: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let mut dots = DOT
        .get_or_init(|| memchr::memmem::Finder::new(b". "))
        .find_iter(b)
        .peekable();
    let any_mark = memchr::memchr2(b'!', b'?', b).is_some();
    let mut marks = memchr::memchr2_iter(b'!', b'?', if any_mark { b } else { &[] })
        .filter(|&i| b.get(i + 1) == Some(&b' '))
        .peekable();
    while let Some(i) = match (dots.peek(), marks.peek()) {
        (Some(&d), Some(&m)) if m < d => marks.next(),
        (Some(_), _) => dots.next(),
        (None, _) => marks.next(),
    } {
        let next = line.get(i + 2..).and_then(|t| t.chars().next());
        // `1.1. Tên` stays whole; `... năm 2024. Sở` splits.
        let prev_digit = i > 0 && b[i - 1].is_ascii_digit();
        let code_like = prev_digit && {
            let head = &line[start..i];
            let w = head.rsplit(' ').next().unwrap_or("");
            // `1.1. Tên` or a lone `1. ` opening the sentence; not `năm 2025. Theo`.
            w.chars().all(|c| c.is_ascii_digit() || c == '.')
                && w.len() <= 8
                && (w.contains('.') || head.trim() == w)
        };
        if !code_like
            && next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "-+(•".contains(c))
        {
            out.push(start..i + 1);
            start = i + 2;
        }
    }
    if start < line.len() {
        out.push(start..line.len());
    }
}

/// The first ASCII digit of `b` at or after `i` (else `b.len()`), eight bytes at a time.
fn next_digit(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(w) = b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        // Digits become bytes below 10, and only they: a byte below 10 is the only one whose
        // high bit the subtraction sets (no borrow crosses a byte without one), bytes from
        // 0x80 are masked out.
        let x = u64::from_le_bytes(w) ^ (ONES * 0x30);
        if x.wrapping_sub(ONES * 10) & !x & HIGH != 0 {
            break;
        }
        i += 8;
    }
    b.get(i..)
        .and_then(|t| t.iter().position(u8::is_ascii_digit))
        .map_or(b.len(), |k| i + k)
}

/// Extract every metric of `text` (flat: sentence breaks are `\n`).
pub fn extract(text: &str, v: &Vocab, plan: bool) -> Vec<Found> {
    let mut out = Vec::new();
    let mut goal_section = false;
    let mut line_start = 0;
    let mut bounds = Vec::new();
    let mut buf = String::new();
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for end in ends {
        let line = &text[line_start..end];
        let base = line_start;
        line_start = end + 1;
        goal_section = update_goal_section(line, goal_section);
        // The next digit of the line, found once for all its sentences.
        let lb = line.as_bytes();
        let mut digit = next_digit(lb, 0);
        if digit >= lb.len() {
            continue;
        }
        // A period stated in one sentence carries to the next ones of the paragraph
        // ("Trong 6 tháng đầu năm 2024, Sở đã tiếp nhận ... . 100% hồ sơ ...").
        let mut carry = Carry::default();
        sentences(line, &mut bounds);
        for r in &bounds {
            if digit < r.start {
                digit = next_digit(lb, r.start);
            }
            if digit >= r.end {
                continue;
            }
            let sent = &line[r.clone()];
            let st = Sentence::new(sent);
            let first = out.len();
            st.read(v, plan || goal_section, &mut buf, &mut out);
            let found = out.get_mut(first..).unwrap_or_default();
            if found.iter().any(|f| f.metric.period.is_none()) {
                carry.resolve(line, v);
            }
            for f in found {
                f.range = f.range.start + base + r.start..f.range.end + base + r.start;
                if f.metric.period.is_none() {
                    if let Some((p, y)) = &carry.value {
                        f.metric.period = Some(p.clone());
                        f.metric.year = *y;
                    }
                }
            }
            carry.after(&st, r, v);
        }
    }
    out
}

/// The first `n` chars of `s`.
fn prefix_chars(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    &s[..s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)]
}

/// A heading mentioning goals ("Mục tiêu cụ thể", "II. CHỈ TIÊU") opens a goal section; any
/// other numbered heading closes it.
fn update_goal_section(line: &str, cur: bool) -> bool {
    if !line.starts_with(|c: char| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X')) {
        return cur;
    }
    // Hard-wrapped headings run on into their first paragraph: judge the line's head (its
    // first 90 chars) only. A heading's first word is made of digits, `I V X`, `.` and `)`
    // only (any other char stays in its body), so within the head it ends where they do, at
    // whitespace or the end; and the head's first word is the line's unless that is longer
    // than the head.
    let k = line
        .bytes()
        .position(|b| !matches!(b, b'0'..=b'9' | b'I' | b'V' | b'X' | b'.' | b')'))
        .unwrap_or(line.len());
    if k < 90 && !line[k..].chars().next().is_none_or(char::is_whitespace) {
        return cur;
    }
    let w = &line[..k];
    let w = if w.len() <= 90 {
        w
    } else {
        prefix_chars(line, 90)
            .split_whitespace()
            .next()
            .unwrap_or("")
    };
    let is_heading = {
        let body = w.trim_end_matches(['.', ')']);
        !body.is_empty()
            && body.len() < w.len()
            && (body.chars().all(|c| c.is_ascii_digit() || c == '.')
                || body.chars().all(|c| matches!(c, 'I' | 'V' | 'X')))
    };
    if !is_heading {
        return cur;
    }
    let title = prefix_chars(line, 40);
    // Both cues hold `ê`, which only `ê` and `Ê` lower-case to (see the tests).
    if title.contains(['ê', 'Ê'])
        && (lower_contains(title, "mục tiêu") || lower_contains(title, "chỉ tiêu"))
    {
        return true;
    }
    // Sub-items of a goal list keep the section open; a top-level heading closes it.
    if w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | '.')) {
        return false;
    }
    cur
}

fn clause_bounds(sent: &str, at: usize) -> Range<usize> {
    let b = sent.as_bytes();
    let s = memchr::memrchr(b';', &b[..at]).map_or(0, |k| k + 1);
    let e = memchr::memchr(b';', &b[at..]).map_or(b.len(), |k| at + k);
    // Skip leading list markers and spaces.
    let mut st = floor(sent, s);
    let en = ceil(sent, e);
    let clause = &sent[st..en];
    let trimmed = clause.trim_start();
    st += clause.len() - trimmed.len();
    let trimmed_end = sent[st..en].trim_end().trim_end_matches(['.', ',']);
    st..st + trimmed_end.len()
}

fn strip_marker(s: &str) -> &str {
    let mut t = s.trim_start_matches(['-', '+', '•', '*', ' ', '–']);
    // Only a `) ` within the first bytes can close a marker: look there alone.
    let early = &t.as_bytes()[..t.len().min(6)];
    if let Some(p) = early.windows(2).position(|w| w == b") ") {
        let head = &t[..p];
        if head.len() <= 4 && !head.contains(' ') {
            t = &t[p + 2..];
        }
    }
    t.trim_start_matches(['(', ' '])
}

/// Text right after `i` with spaces skipped, and its offset.
fn skip_sp(s: &str, i: usize) -> usize {
    let mut j = i;
    while s.as_bytes().get(j) == Some(&b' ') {
        j += 1;
    }
    j
}

/// Parse the number at exactly `i` (digits), if any.
fn num_at(s: &str, i: usize) -> Option<Num> {
    if s.as_bytes().get(i).is_some_and(u8::is_ascii_digit) {
        scan(s, i)
    } else {
        None
    }
}

/// A `(ba)` or `(hai mươi)` spelled-out number after a figure.
fn skip_spelled(s: &str, i: usize) -> usize {
    let j = skip_sp(s, i);
    if s.as_bytes().get(j) != Some(&b'(') {
        return i;
    }
    let Some(close) = s.get(j..).and_then(|t| t.find(')')) else {
        return i;
    };
    let inner = &s[j + 1..j + close];
    if !inner.is_empty() && inner.len() < 40 && inner.chars().all(|c| c.is_alphabetic() || c == ' ')
    {
        j + close + 1
    } else {
        i
    }
}

fn prev_char(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|t| t.chars().next_back())
}

/// Can [`rank_re`] match the lower-cased `pre`? Each of its cues ends with `thứ`, `trí` or
/// `hạng`, then spaces, one optional `(` or `:` and spaces to the end: a test of the last
/// few chars as written, before lower-casing anything.
fn may_end_rank_cue(pre: &str, last: Option<u8>) -> bool {
    // `last`: the last byte of the lower-cased last char of the text before the number.
    let t = match last {
        Some(b'(' | b':') => pre.trim_end().strip_suffix(['(', ':']).map(str::trim_end),
        Some(_) => Some(pre.trim_end()),
        None => None,
    };
    t.is_some_and(|t| {
        let last = last_low_byte(t);
        ["thứ", "trí", "hạng"]
            .iter()
            .any(|w| w.as_bytes().last().copied() == last && lower_ends_with(t, w))
    })
}

/// The last byte of the last char of `s`, lower-cased.
fn last_low_byte(s: &str) -> Option<u8> {
    let c = low_char(s.chars().next_back()?);
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf).as_bytes().last().copied()
}

/// Classify the number `n`; push records; return the offset to continue scanning from.
fn classify(
    st: &Sentence,
    n: Num,
    v: &Vocab,
    goal_section: bool,
    buf: &mut String,
    out: &mut Vec<Found>,
) -> usize {
    let sent = st.s;
    let b = sent.as_bytes();
    let after = n.end;
    let pc = prev_char(sent, n.start);
    // Glued to a word: only `bảo100%` (a missing space before a percent) is a value.
    if pc.is_some_and(char::is_alphabetic) && b.get(after) != Some(&b'%') {
        return after;
    }
    // Second half of a compound (`184/KH`, `2021-2025`, `1.1.2`) is handled from its head.
    if matches!(
        pc,
        Some('/' | '.' | '-' | '–' | '_' | '#' | '@' | ':' | '×' | 'x')
    ) {
        let pp = sent
            .get(..n.start.saturating_sub(1))
            .and_then(|t| t.chars().next_back());
        if pp.is_some_and(|c| !c.is_whitespace()) || pc == Some('.') {
            return after;
        }
    }
    // Codes and numbers followed by letters: `1.1.`, `06-NQ/TU`, `184/KH-UBND`, `3G`, `5a`.
    let nb = b.get(after).copied();
    let nb2 = b.get(after + 1).copied();
    if nb == Some(b'.') && nb2.is_some_and(|c| c.is_ascii_digit()) {
        return skip_token(sent, after);
    }
    if matches!(nb, Some(b'/' | b'-')) && nb2.is_some_and(|c| !c.is_ascii_digit() && c != b' ') {
        return skip_token(sent, after);
    }
    if sent
        .get(after..)
        .and_then(|t| t.chars().next())
        .is_some_and(char::is_alphabetic)
    {
        return skip_token(sent, after);
    }
    // Dates: `ngày 31/01/2024`, `15/7/2021`, `ngày 02/9`. A word ends `before` only if
    // its last byte is that of the last char of `before` once lower-cased.
    let before = sent.get(..n.start).unwrap_or("").trim_end();
    let last = last_low_byte(before);
    let ends =
        |w: &str| (w.is_empty() || w.as_bytes().last().copied() == last) && word_ends(before, w);
    let date_cue = ends("ngày") || ends("mồng");
    if nb == Some(b'/') {
        if let Some(m) = num_at(sent, after + 1) {
            if b.get(m.end) == Some(&b'/') && b.get(m.end + 1).is_some_and(u8::is_ascii_digit) {
                return skip_token(sent, m.end);
            }
            if date_cue || (m.lead_digits == 4 && (1900.0..2100.0).contains(&m.value)) {
                return m.end;
            }
        }
    }
    if date_cue {
        return after;
    }
    // A year is never a value (`năm 2015 %` in a flattened table row).
    let yearish = n.integer
        && !n.grouped
        && n.lead_digits == 4
        && (1900.0..2100.0).contains(&n.value)
        && (ends("năm") || ends("đoạn"));
    if yearish {
        return after;
    }
    // Ranks come first: `xếp thứ 4`, `xếp hạng 09/63`, `nhóm 20 địa phương dẫn đầu`. The
    // window before the number is lower-cased only when its end can hold a rank cue.
    let pre_start = floor(sent, n.start.saturating_sub(48));
    let pre = &sent[pre_start..n.start];
    if n.integer && may_end_rank_cue(pre, last) {
        let pre = lower(pre);
        let rank_cue = pre.contains("thứ") || pre.contains("hạng") || pre.contains("vị trí");
        if rank_cue && rank_re().is_match(&pre) {
            return rank(st, n, v, goal_section, out, false);
        }
    }
    let pre_t = pre.trim_end();
    if n.integer
        && matches!(last, Some(b'm' | b'p'))
        && (lower_ends_with(pre_t, "nhóm") || lower_ends_with(pre_t, "top"))
    {
        let tail_end = floor(sent, after + 90);
        let tail = lower(&sent[after..tail_end]);
        let tail = tail.split([';', '.']).next().unwrap_or("");
        if v.rank_top.iter().any(|w| tail.contains(w.as_str())) {
            return rank(st, n, v, goal_section, out, true);
        }
    }
    for w in &v.not_before {
        if ends(w) {
            return after;
        }
    }
    // Percent: `70,7%`, `100 %`, `10-15%`, `91,5%/80%`, `80 phần trăm`.
    let j = skip_sp(sent, after);
    let pct_len = if b.get(j) == Some(&b'%') {
        Some(1)
    } else if sent
        .get(j..)
        .is_some_and(|t| lower_starts_with(t, "phần trăm"))
    {
        Some("phần trăm".len())
    } else {
        None
    };
    if let Some(pl) = pct_len {
        let mut m = metric(MetricKind::Percent, n.value, Some("%".into()));
        let mut end = j + pl;
        // `91,5%/80%`: actual against target.
        if b.get(end) == Some(&b'/') {
            if let Some(t) = num_at(sent, end + 1) {
                let k = skip_sp(sent, t.end);
                if b.get(k) == Some(&b'%') {
                    m.compared_to = Some(t.value);
                    end = k + 1;
                }
            }
        }
        // `10%-15%`
        if let Some((hi, e)) = range_upper(sent, end) {
            let k = skip_sp(sent, e);
            if b.get(k) == Some(&b'%') {
                m.range_to = Some(hi.value);
                end = k + 1;
            }
        }
        push(st, n, end, m, v, goal_section, out);
        return end;
    }
    // `10-15%`, `từ 2 đến 5 bậc`: a range's lower bound.
    if let Some((hi, e)) = range_upper(sent, after) {
        let k = skip_sp(sent, e);
        if b.get(k) == Some(&b'%') {
            let mut m = metric(MetricKind::Percent, n.value, Some("%".into()));
            m.range_to = Some(hi.value);
            push(st, n, k + 1, m, v, goal_section, out);
            return k + 1;
        }
        if let Some((kind, unit, uend)) = unit_at(sent, e, v, buf) {
            if kind == MetricKind::Amount || (n.integer && hi.integer) {
                let mut m = metric(kind, n.value, Some(unit));
                m.range_to = Some(hi.value);
                push(st, n, uend, m, v, goal_section, out);
                return uend;
            }
        }
    }
    // `41/58 TTHC`, `12.345/10.000 tỷ đồng`.
    if nb == Some(b'/') {
        if let Some(m2) = num_at(sent, after + 1) {
            let unit = unit_at(sent, m2.end, v, buf);
            if let Some((MetricKind::Amount, u, uend)) = unit.clone() {
                let mut m = metric(MetricKind::Amount, n.value, Some(u));
                m.compared_to = Some(m2.value);
                push(st, n, uend, m, v, goal_section, out);
                return uend;
            }
            let small_date = m2.value <= 12.0 && n.value <= 31.0;
            if n.integer && m2.integer && n.value <= m2.value && m2.value > 0.0 {
                let (u, end) = match unit {
                    Some((_, u, e)) => (Some(u), e),
                    None if small_date => return m2.end,
                    None => (unit_before(st, n.start, v), m2.end),
                };
                let mut m = metric(MetricKind::Ratio, n.value, u);
                m.numerator = Some(n.value);
                m.denominator = Some(m2.value);
                push(st, n, end, m, v, goal_section, out);
                return end;
            }
            return m2.end;
        }
    }
    // Counts and amounts: `281 hồ sơ`, `03 (ba) Phó Giám đốc`, `1,5 tỷ đồng`.
    let k = skip_spelled(sent, after);
    if let Some((kind, unit, uend)) = unit_at(sent, k, v, buf) {
        if kind == MetricKind::Amount || n.integer {
            let m = metric(kind, n.value, Some(unit));
            push(st, n, uend, m, v, goal_section, out);
            return uend;
        }
    }
    after
}

/// Skip the rest of a non-space token.
fn skip_token(s: &str, i: usize) -> usize {
    s.get(i..)
        .and_then(|t| t.find([' ', ';', ',']))
        .map_or(s.len(), |k| i + k)
}

/// `-15`, ` - 15`, `–15`, ` đến 15`, ` tới 15` after a lower bound.
fn range_upper(s: &str, i: usize) -> Option<(Num, usize)> {
    let j = skip_sp(s, i);
    let rest = s.get(j..)?;
    // Each form starts with one of these chars (lower-cased).
    if !matches!(
        rest.chars().next().map(low_char),
        Some('-' | '–' | 'đ' | 't')
    ) {
        return None;
    }
    let k = if lower_starts_with(rest, "-") {
        j + 1
    } else if lower_starts_with(rest, "–") {
        j + '–'.len_utf8()
    } else if lower_starts_with(rest, "đến ") || lower_starts_with(rest, "tới ") {
        j + rest.find(' ')? + 1
    } else {
        return None;
    };
    let k = skip_sp(s, k);
    let n = num_at(s, k)?;
    Some((n, n.end))
}

/// A money unit or counted noun right at `i` (after spaces): (kind, unit as written, end).
fn unit_at(s: &str, i: usize, v: &Vocab, buf: &mut String) -> Option<(MetricKind, String, usize)> {
    let j = skip_sp(s, i);
    if j == i && j < s.len() {
        return None;
    }
    let head = head2(s, j);
    if let Some((_, e)) = v.amounts.at_lower_from(s, j, head, buf) {
        // `1 Tỷ lệ ...` (a rate heading after a number) is not one billion.
        if !s.get(e..).is_some_and(|t| lower_starts_with(t, " lệ")) {
            return Some((MetricKind::Amount, s.get(j..e)?.to_string(), e));
        }
    }
    let (_, e) = v.units.at_lower_from(s, j, head, buf)?;
    // `đơn vị tính` is a column header, not units counted.
    if s.get(e..).is_some_and(|t| lower_starts_with(t, " tính")) {
        return None;
    }
    Some((MetricKind::Count, s.get(j..e)?.to_string(), e))
}

/// The nearest counted noun before `i` in the same clause (`TTHC ... 49/58`).
fn unit_before(st: &Sentence, i: usize, v: &Vocab) -> Option<String> {
    let s = st.s;
    let c = clause_bounds(s, i);
    let hay = st.low().get(c.start..i)?;
    v.units
        .find_all(hay)
        .last()
        .and_then(|(_, r)| s.get(c.start + r.start..c.start + r.end))
        .map(str::to_string)
}

fn metric(kind: MetricKind, value: f64, unit: Option<String>) -> Metric {
    Metric {
        kind,
        value,
        unit,
        ..Metric::default()
    }
}

fn rank(
    st: &Sentence,
    n: Num,
    v: &Vocab,
    goal_section: bool,
    out: &mut Vec<Found>,
    group: bool,
) -> usize {
    let (sent, low) = (st.s, st.low());
    let b = sent.as_bytes();
    let mut m = metric(MetricKind::Rank, n.value, None);
    m.rank = Some(n.value as u32);
    let mut end = n.end;
    // "of N": `09/63`, `12 trên 63`, `trên tổng số 63`, `trong số 63`.
    if !group {
        if b.get(end) == Some(&b'/') {
            if let Some(d) = num_at(sent, end + 1) {
                m.denominator = Some(d.value);
                end = d.end;
            }
        } else {
            let j = skip_sp(sent, end);
            for cue in ["trên tổng số ", "trong tổng số ", "trong số ", "trên ", "/"] {
                if low.get(j..).is_some_and(|t| t.starts_with(cue)) {
                    if let Some(d) = num_at(sent, skip_sp(sent, j + cue.len())) {
                        m.denominator = Some(d.value);
                        end = d.end;
                    }
                    break;
                }
            }
        }
    }
    // Grade: `đạt loại xuất sắc`, `xếp loại tốt` later in the clause.
    let c = clause_bounds(sent, n.start);
    if let Some(tail) = low.get(end..c.end.max(end)) {
        if let Some(p) = tail.find("loại ") {
            let at = end + p + "loại ".len();
            if let Some((gi, _)) = v.grades.at(low, at) {
                m.grade = v.grades.phrases.get(gi).cloned();
            }
        }
    }
    push(st, n, end, m, v, goal_section, out);
    end
}

fn inline_marker_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:\(\d{1,2}\)|(?:^|\s)[a-zđ]\)|cụ thể:|như sau:|gồm:)\s*")
            .unwrap_or_else(|e| panic!("marker regex: {e}"))
    })
}

/// Fill the shared fields (indicator, index, target, period, text) and record the metric.
fn push(
    st: &Sentence,
    n: Num,
    end: usize,
    mut m: Metric,
    v: &Vocab,
    goal_section: bool,
    out: &mut Vec<Found>,
) {
    let (sent, low) = (st.s, st.low());
    let per = st.info(v);
    let c = clause_bounds(sent, n.start);
    let c = c.start..c.end.max(end.min(sent.len()));
    // Subject: the clause up to the value, without list markers and trailing verbs.
    let subj = sent.get(c.start..n.start).unwrap_or("");
    let subj = strip_marker(subj)
        .trim_end_matches([' ', ':', ','])
        .trim_end();
    // `subj` is a sub-slice of `sent`; its lower-case twin is the same range of `low`.
    let off = subj.as_ptr() as usize - sent.as_ptr() as usize;
    let subj_low = low.get(off..off + subj.len()).unwrap_or("");
    let mut cut = subj.len();
    let mut t = subj_low.get(..cut).unwrap_or("").trim_end();
    for tail in v.subject_tails.iter().map(String::as_str) {
        // The last bytes first: most tails differ there.
        if (tail.is_empty() || t.as_bytes().last() == tail.as_bytes().last())
            && t.ends_with(tail)
            && word_start(t, t.len() - tail.len())
        {
            cut = t.len() - tail.len();
            t = subj_low.get(..cut).unwrap_or("").trim_end();
        }
    }
    let mut ind = subj
        .get(..cut)
        .unwrap_or(subj)
        .trim_end_matches([' ', ':', ',']);
    // The measured subject usually opens with one of these nouns; drop the lead-in before it
    // ("Năm 2023, Chỉ số CCHC ..." -> "Chỉ số CCHC ...").
    // Inline enumerations ("cụ thể: (1) Chỉ số ... ; (2) ..."): the subject starts after the
    // last marker.
    let mut ind_low = subj_low.get(..ind.len()).unwrap_or("");
    // Every marker holds a bracket or a colon.
    let marked = memchr::memchr3(b'(', b')', b':', ind_low.as_bytes()).is_some();
    if let Some(k) = marked
        .then(|| {
            inline_marker_re()
                .find_iter(ind_low)
                .map(|m| m.end())
                .filter(|&k| ind_low[k..].split_whitespace().count() >= 2)
                .last()
        })
        .flatten()
    {
        ind = ind.get(k..).unwrap_or(ind);
        ind_low = ind_low.get(k..).unwrap_or(ind_low);
    }
    // The measured subject usually opens with one of these nouns; drop the lead-in before it
    // ("Năm 2023, Chỉ số CCHC ..." -> "Chỉ số CCHC ..."). The searchers find what
    // `match_indices` would: the leftmost non-overlapping occurrences.
    let starter = v
        .subject_start_finders
        .iter()
        .filter_map(|f| {
            f.find_iter(ind_low.as_bytes())
                .find(|&i| word_start(ind_low, i))
        })
        .min();
    if let Some(p) = starter {
        ind = ind.get(p..).unwrap_or(ind);
    } else if !ind_low.starts_with("số ") && m.kind != MetricKind::Rank {
        // "100% hồ sơ được số hóa", "58/58 TTHC thực hiện cơ chế một cửa": the thing measured
        // follows the value; take it up to the next comma or bracket.
        let after_unit = if m.kind == MetricKind::Percent {
            sent.get(end..c.end).unwrap_or("")
        } else {
            sent.get(n.end..c.end).unwrap_or("")
        };
        let after = after_unit
            .trim_start_matches(|ch: char| ch.is_ascii_digit() || "/%., ".contains(ch))
            .split([',', '(', ';'])
            .next()
            .unwrap_or("")
            .trim();
        if after.split_whitespace().count() >= 2 {
            ind = after;
        }
    }
    // Keep long subjects readable: the head when it opens the subject, else the tail.
    if ind.len() > 300 {
        if starter.is_some() {
            let to = floor(ind, 300);
            let to = ind[..to].rfind(' ').unwrap_or(to);
            ind = ind.get(..to).unwrap_or(ind).trim_end();
        } else {
            let from = ceil(ind, ind.len() - 300);
            let from = ind[from..].find(' ').map_or(from, |k| from + k + 1);
            ind = ind.get(from..).unwrap_or(ind).trim_start();
        }
    }
    if !ind.is_empty() {
        m.indicator = Some(ind.to_string());
    }
    // Named index: exactly one index named in the subject.
    let idx_hay = low.get(c.start..n.start).unwrap_or("");
    let mut names: Vec<&str> = v
        .indexes
        .find_all(idx_hay)
        .into_iter()
        .filter_map(|(i, _)| v.index_names.get(i).map(String::as_str))
        .collect();
    names.dedup();
    if names.len() == 1 {
        m.index = names.first().map(|s| s.to_string());
    }
    // Goal cues: anywhere before the value in the sentence, or a qualifier right before it.
    let before = low.get(..n.start).unwrap_or("");
    let mut near = before.trim_end();
    while let Some(t) = near.strip_suffix("đạt") {
        near = t;
    }
    let near = near.trim_end();
    let after_end = low.get(end..floor(low, end + 20)).unwrap_or("");
    // In a goal section or a plan, values are goals unless stated as done (`đã`).
    let done = || before.contains("đã ") || before.contains("đạt được");
    m.target = (goal_section && !done())
        || per.cue_at < n.start
        || v.target_near
            .iter()
            .any(|w| near.ends_with(w.as_str()) && word_start(near, near.len() - w.len()))
        || after_end.trim_start().starts_with("trở lên");
    // Period: the first one stated before the value (not a comparison base), else after.
    let p = per
        .per
        .iter()
        .find(|p| p.range.end <= n.start && !p.after_compare)
        .or_else(|| {
            per.per.iter().find(|p| {
                p.range.start >= end && p.range.end <= c.end.max(end + 80) && !p.after_compare
            })
        });
    if let Some(p) = p {
        m.period = sent.get(p.range.clone()).map(str::to_string);
        m.year = p.year;
    }
    m.text = sent.get(c.clone()).unwrap_or("").to_string();
    out.push(Found {
        metric: m,
        range: c,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Vec<Metric> {
        extract(s, Vocab::builtin(), false)
            .into_iter()
            .map(|f| f.metric)
            .collect()
    }

    fn kinds(s: &str) -> Vec<(MetricKind, f64)> {
        run(s).into_iter().map(|m| (m.kind, m.value)).collect()
    }

    /// The goal-heading test relies on this.
    #[test]
    fn only_e_circumflex_lower_cases_to_it() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            if low_char(c) == 'ê' {
                assert!(c == 'ê' || c == 'Ê', "{c:?}");
            }
        }
    }

    /// What [`period_anycase_re`] relies on: where the lower-case twin has a letter of the
    /// pattern, ignoring case accepts the original char; and no char lower-cases into the
    /// pattern's classes (digits, spaces, dashes). (Not true of every letter: `İ` becomes `ı`,
    /// which `(?i)` does not pair with it; no such letter is in the pattern.)
    #[test]
    fn ignoring_case_accepts_the_original_of_each_lower_case_char() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let l = low_char(c);
            if l == c {
                continue;
            }
            assert!(l.is_alphabetic(), "{c:?}");
            if PERIOD.contains(l) {
                let re = regex::RegexBuilder::new(&format!("^{}$", regex::escape(&l.to_string())))
                    .case_insensitive(true)
                    .build()
                    .unwrap();
                assert!(re.is_match(&c.to_string()), "{c:?} -> {l:?}");
            }
        }
        let s = "QUÝ III NĂM 2024, Sở tiếp nhận 70 hồ sơ";
        let low = lower(s);
        let m = period_re().find(&low).unwrap();
        assert_eq!(
            period_anycase_re().find(s).map(|m| m.range()),
            Some(m.range())
        );
    }

    #[test]
    fn goal_headings() {
        assert!(update_goal_section("II. MỤC TIÊU CỤ THỂ", false));
        assert!(update_goal_section("1.2) Chỉ tiêu năm 2025", false));
        assert!(!update_goal_section("III. KẾT QUẢ", true));
        assert!(update_goal_section("2.1. Kết quả", true));
        assert!(update_goal_section("2024 là năm", true));
        assert!(!update_goal_section("1.x Mục tiêu", false));
        // A first word longer than the head is judged on the head.
        let long = "1.".repeat(50) + "x Mục tiêu";
        assert!(update_goal_section(&long, true));
        assert!(!update_goal_section(&("1.".repeat(50) + "x"), false));
    }

    #[test]
    fn sentences_split() {
        let s = "Năm 2024 đạt 90%. Sở có 5 phòng. 1.1. Nội dung";
        let mut r = Vec::new();
        sentences(s, &mut r);
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn percents() {
        assert_eq!(
            kinds("Tỷ lệ hồ sơ trực tuyến đạt 70,7%"),
            vec![(MetricKind::Percent, 70.7)]
        );
        assert_eq!(
            kinds("100 % hồ sơ được số hóa"),
            vec![(MetricKind::Percent, 100.0)]
        );
        assert_eq!(
            kinds("Đảm bảo100% văn bản được ký số"),
            vec![(MetricKind::Percent, 100.0)]
        );
        let m = run("giảm 10-15% so với đề xuất");
        assert_eq!((m[0].value, m[0].range_to), (10.0, Some(15.0)));
        let m = run("Tỷ lệ giải ngân đạt 91,5%/80% kế hoạch");
        assert_eq!((m[0].value, m[0].compared_to), (91.5, Some(80.0)));
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn targets() {
        let m = run("Phấn đấu tỷ lệ hồ sơ giải quyết trực tuyến đạt từ 60% trở lên");
        assert!(m[0].target);
        let m = run("Mức độ hài lòng của người dân đạt tối thiểu 90%");
        assert!(m[0].target);
        assert_eq!(m[0].index.as_deref(), Some("SIPAS"));
        let m = run("Trong kỳ, tỷ lệ hồ sơ đúng hạn đạt 98,2%");
        assert!(!m[0].target);
    }

    #[test]
    fn ranks_with_grade_index_and_of_n() {
        let m = run("Năm 2023, Chỉ số cải cách hành chính của tỉnh xếp hạng 09/63, đạt loại tốt");
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].rank, m[0].denominator), (Some(9), Some(63.0)));
        assert_eq!(m[0].grade.as_deref(), Some("tốt"));
        assert_eq!(m[0].index.as_deref(), Some("PAR INDEX"));
        assert_eq!(m[0].year, Some(2023));
        let m = run("Chỉ số PAPI năm 2022 của tỉnh Quảng Ninh đứng thứ 12 trên 63 tỉnh, thành phố");
        assert_eq!((m[0].rank, m[0].denominator), (Some(12), Some(63.0)));
        assert_eq!(m[0].index.as_deref(), Some("PAPI"));
        let m = run("Chỉ số DDCI của Sở Tư pháp xếp vị trí thứ 3 trong khối sở, ngành");
        assert_eq!(m[0].rank, Some(3));
        assert_eq!(m[0].index.as_deref(), Some("DDCI"));
    }

    #[test]
    fn ratios_and_amounts() {
        let m = run("cung cấp dịch vụ công toàn trình là 41/58 thủ tục");
        assert_eq!(
            (m[0].kind, m[0].numerator, m[0].denominator),
            (MetricKind::Ratio, Some(41.0), Some(58.0))
        );
        assert_eq!(m[0].unit.as_deref(), Some("thủ tục"));
        let m = run("Giải ngân vốn đầu tư công đạt 12.345/10.000 tỷ đồng");
        assert_eq!(
            (m[0].kind, m[0].value, m[0].compared_to),
            (MetricKind::Amount, 12345.0, Some(10000.0))
        );
        let m = run("Tổng thu ngân sách đạt 1.234,5 tỷ đồng, chi 850 triệu đồng cho đào tạo");
        assert_eq!(
            kinds_of(&m),
            vec![(MetricKind::Amount, 1234.5), (MetricKind::Amount, 850.0)]
        );
    }

    fn kinds_of(m: &[Metric]) -> Vec<(MetricKind, f64)> {
        m.iter().map(|m| (m.kind, m.value)).collect()
    }

    #[test]
    fn counts() {
        let m = run("UBND huyện đã tiếp nhận 12 981 hồ sơ, giải quyết đúng hạn 12.870 hồ sơ");
        assert_eq!(
            kinds_of(&m),
            vec![(MetricKind::Count, 12981.0), (MetricKind::Count, 12870.0)]
        );
        let m = run("Biên chế được giao gồm không quá 03 (ba) Phó Giám đốc");
        assert_eq!(kinds_of(&m), vec![(MetricKind::Count, 3.0)]);
        assert!(m[0].target);
        let m = run("Vị trí xếp hạng PCI tăng từ 2 đến 5 bậc");
        assert_eq!((m[0].value, m[0].range_to), (2.0, Some(5.0)));
        assert_eq!(m[0].index.as_deref(), Some("PCI"));
        let m = run("Sở Nội vụ tổ chức 04 lớp bồi dưỡng cho 320 lượt cán bộ, công chức cấp xã");
        assert_eq!(
            kinds_of(&m),
            vec![(MetricKind::Count, 4.0), (MetricKind::Count, 320.0)]
        );
    }

    #[test]
    fn not_metrics() {
        for s in [
            "Căn cứ Kế hoạch số 184/KH-UBND ngày 07/12/2021 của UBND tỉnh",
            "Thực hiện Nghị quyết 06-NQ/TU và Chỉ thị số 28-CT/TU",
            "giai đoạn 2021-2025, tầm nhìn đến năm 2030",
            "theo quy định tại khoản 2 Điều 19 Luật Ban hành văn bản",
            "(1) Công tác chỉ đạo; a) Kế hoạch; 1.1.2. Nội dung",
            "ngày 15/7 và ngày 02/9 tổ chức hội nghị",
            "Số điện thoại: 0221 3862 456, trang 12",
            "áp dụng TCVN ISO 9001:2015 trong hoạt động",
            "theo mô hình 4 lớp, giải quyết ở cả 3 cấp chính quyền",
            "Báo cáo tháng 6/2024 của Sở",
            "thời gian không quá 8 giờ làm việc",
        ] {
            assert_eq!(kinds(s), vec![], "{s}");
        }
    }

    #[test]
    fn period_from_sentence() {
        let m = run("Trong 6 tháng đầu năm 2024, Sở đã tiếp nhận 281 hồ sơ TTHC");
        assert_eq!(m[0].period.as_deref(), Some("6 tháng đầu năm 2024"));
        assert_eq!(m[0].year, Some(2024));
        let m = run("Số người làm việc năm 2024: giảm 05 người so với năm 2022");
        assert_eq!(m[0].year, Some(2024));
        let m = run("Quý III năm 2024, Sở đã tiếp nhận 170 hồ sơ");
        assert_eq!(m[0].period.as_deref(), Some("Quý III năm 2024"));
        // An opening period frames the next sentences of the paragraph; a title's year not.
        let m = run("Quý II/2023, Sở tiếp nhận 70 hồ sơ. 100% hồ sơ được giải quyết đúng hạn.");
        assert_eq!(
            m[1].period.as_deref(),
            Some("quý ii/2023").map(|_| "Quý II/2023")
        );
        assert_eq!(m[1].year, Some(2023));
        let m = run("Sở triển khai Kế hoạch CCHC năm 2024 của tỉnh. Sở có 04 hệ thống thông tin.");
        assert_eq!((m[0].period.as_deref(), m[0].year), (None, None));
    }

    #[test]
    fn plan_sections_are_goals() {
        let s = "Báo cáo kết quả.\nII. MỤC TIÊU Đến năm 2025, 100% hồ sơ được số hóa; 95% TTHC \
                 trực tuyến.\nIII. KẾT QUẢ Năm 2024 đã tiếp nhận 1.200 hồ sơ, đạt 98%.";
        let got: Vec<(f64, bool)> = run(s).iter().map(|m| (m.value, m.target)).collect();
        assert_eq!(
            got,
            vec![(100.0, true), (95.0, true), (1200.0, false), (98.0, false)]
        );
        let m: Vec<bool> = extract(
            "Năm 2025 tiếp nhận 500 hồ sơ. Đã giải quyết 20 hồ sơ.",
            Vocab::builtin(),
            true,
        )
        .into_iter()
        .map(|f| f.metric.target)
        .collect();
        assert_eq!(m, vec![true, false]);
    }

    #[test]
    fn group_rank() {
        let m = run("Phấn đấu Chỉ số PAR INDEX nằm trong nhóm 20 địa phương dẫn đầu cả nước");
        assert_eq!(m[0].kind, MetricKind::Rank);
        assert_eq!(m[0].rank, Some(20));
        assert!(m[0].target);
    }

    /// Sentences in the style of other provinces' and ministries' reports (not the corpus).
    #[test]
    fn other_reports() {
        let m =
            run("Tính đến ngày 31/12/2023, toàn tỉnh có 1.234 doanh nghiệp đăng ký thành lập mới");
        assert_eq!(kinds_of(&m), vec![(MetricKind::Count, 1234.0)]);
        let m = run(
            "Chỉ số PCI năm 2023 của tỉnh Bắc Giang đạt 68,5 điểm, xếp thứ 15/63 tỉnh, thành phố",
        );
        assert_eq!(kinds_of(&m), vec![(MetricKind::Rank, 15.0)]);
        assert_eq!(
            (m[0].index.as_deref(), m[0].denominator),
            (Some("PCI"), Some(63.0))
        );
        let m = run("Bộ phận một cửa đã giải quyết 12.500/12.800 hồ sơ, đạt 97,66%");
        assert_eq!(
            kinds_of(&m),
            vec![(MetricKind::Ratio, 12500.0), (MetricKind::Percent, 97.66)]
        );
        assert_eq!(m[0].denominator, Some(12800.0));
        let m = run("Thanh tra Sở đã xử lý 15 vụ vi phạm, phạt tiền 350 triệu đồng");
        assert_eq!(
            kinds_of(&m),
            vec![(MetricKind::Count, 15.0), (MetricKind::Amount, 350.0)]
        );
        let m = run("Tổng kinh phí thực hiện: 2.500.000.000 đồng (hai tỷ năm trăm triệu đồng)");
        assert_eq!(kinds_of(&m), vec![(MetricKind::Amount, 2_500_000_000.0)]);
        let m = run("Chỉ số PAR INDEX năm 2023 đạt 89,12%, tăng 3 bậc so với năm 2022");
        assert_eq!(
            kinds_of(&m),
            vec![(MetricKind::Percent, 89.12), (MetricKind::Count, 3.0)]
        );
        assert_eq!(m[0].index.as_deref(), Some("PAR INDEX"));
        assert_eq!(m[0].year, Some(2023));
        let m = run("Phấn đấu giảm từ 20% đến 25% thời gian giải quyết TTHC");
        assert_eq!(
            (m[0].value, m[0].range_to, m[0].target),
            (20.0, Some(25.0), true)
        );
        let m = run("Năm 2022, Chỉ số SIPAS của Bộ Tư pháp xếp thứ 2/21 bộ, cơ quan ngang bộ");
        assert_eq!((m[0].rank, m[0].denominator), (Some(2), Some(21.0)));
        assert_eq!(m[0].index.as_deref(), Some("SIPAS"));
        let m = run("Huyện đã hoàn thành 6/7 nhiệm vụ trọng tâm về CCHC");
        assert_eq!(kinds_of(&m), vec![(MetricKind::Ratio, 6.0)]);
        let m = run("1) 95% hồ sơ được giải quyết đúng hạn; 2) 100 % cơ quan sử dụng chữ ký số");
        assert_eq!(
            kinds_of(&m),
            vec![(MetricKind::Percent, 95.0), (MetricKind::Percent, 100.0)]
        );
        let m = run("Dân số trung bình năm 2023 đạt 1 254 300 người");
        assert_eq!(kinds_of(&m), vec![(MetricKind::Count, 1_254_300.0)]);
    }

    #[test]
    fn other_negatives() {
        for s in [
            "Thực hiện Luật số 25/2015/QH13 và Nghị định 30/2020/NĐ-CP ngày 05/3/2020",
            "Điện thoại: 0221.3862.456; ĐT: 0912 345 678",
            "Trang 3/10",
            "Số: 123/BC-UBND",
            "Kỷ niệm 30/4 và 2/9 năm nay",
            "3.1. Kết quả thực hiện; khoản 3 Điều 7",
            "trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ",
            "Tỷ lệ đơn vị đã cắt giảm so với năm 2015 %",
            "Kỳ họp thứ 12 HĐND tỉnh khóa XVIII",
            "Đã kết nối = 1 1 Tỷ lệ UBND cấp xã đã kết nối",
        ] {
            assert_eq!(kinds(s), vec![], "{s}");
        }
    }
}
