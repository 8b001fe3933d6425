//! Statistics tables in text: tab- or space-aligned columns (`STT | chỉ tiêu | đơn vị tính |
//! số liệu | ghi chú`), header rows repeated on each page, one record per row with a value.

use crate::number;
use crate::vocab::{low_char, lower_contains, lower_starts_with, word_end, Vocab};
use crate::{Metric, MetricKind};
use std::ops::Range;
use vanban_text::views::lower;

/// One table row with a value, plus the notes cell for prose extraction.
pub struct Row {
    /// The record (span left default).
    pub metric: Metric,
    /// Evidence range in the input.
    pub range: Range<usize>,
}

/// What the table finder returns.
#[derive(Default)]
pub struct Tables {
    /// Records of rows with a value.
    pub rows: Vec<Row>,
    /// Input ranges of every table line (left out of prose).
    pub lines: Vec<Range<usize>>,
    /// Notes cells (input ranges), read as prose.
    pub notes: Vec<Range<usize>>,
}

/// A cell: text range in the input and its display column (for space-aligned tables).
#[derive(Clone, Debug)]
struct Cell {
    range: Range<usize>,
    col: usize,
}

/// What a table column holds, from its header words.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Role {
    Code,
    Label,
    Unit,
    Value,
    Note,
    Other,
}

/// Column roles from a (possibly multi-line) header.
#[derive(Clone, Debug, Default)]
struct Header {
    /// Role per tab-column index (tab tables) or per display column start (space tables).
    roles: Vec<(usize, Role)>,
    tabbed: bool,
}

fn header_role(cell: &str, v: &Vocab) -> Option<Role> {
    // Compared on the cell as written (see `lower_starts_with`): every cell of every tabbed
    // line comes here.
    let t = cell.trim();
    let first = t.chars().next().map(low_char);
    v.table_headers
        .iter()
        .filter(|(w, _)| {
            (w.is_empty() || w.chars().next() == first)
                && lower_starts_with(t, w)
                && word_end(t, w.len())
        })
        .max_by_key(|(w, _)| w.len())
        .map(|(_, r)| *r)
}

fn is_code(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.len() <= 16
        && t.as_bytes()[0].is_ascii_digit()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !t.contains("..")
}

/// Split a line into cells: by tabs, or else by runs of two or more spaces.
fn cells(text: &str, line: Range<usize>) -> (Vec<Cell>, bool) {
    let s = &text[line.clone()];
    let tabs = memchr::memchr_iter(b'\t', s.as_bytes()).count();
    let mut out = Vec::with_capacity(tabs + 1);
    if tabs > 0 {
        let mut pos = 0;
        let ends = memchr::memchr_iter(b'\t', s.as_bytes()).chain([s.len()]);
        for (i, end) in ends.enumerate() {
            let part = &s[pos..end];
            let t = part.trim_start();
            let lead = part.len() - t.len();
            let t = t.trim_end();
            let st = line.start + pos + lead;
            out.push(Cell {
                range: st..st + t.len(),
                col: i,
            });
            pos = end + 1;
        }
        return (out, true);
    }
    let mut start: Option<(usize, usize)> = None;
    let mut spaces = 0usize;
    let mut last_nonspace = 0usize;
    for (col, (i, c)) in s.char_indices().enumerate() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 {
                if let Some((st, sc)) = start.take() {
                    out.push(Cell {
                        range: line.start + st..line.start + last_nonspace,
                        col: sc,
                    });
                }
            }
            if start.is_none() {
                start = Some((i, col));
            }
            spaces = 0;
            last_nonspace = i + c.len_utf8();
        }
    }
    if let Some((st, sc)) = start {
        out.push(Cell {
            range: line.start + st..line.start + last_nonspace,
            col: sc,
        });
    }
    (out, false)
}

/// A tab-separated table line. Space-aligned columns are left to the loose reader: in PDF
/// text, justified words are spread by the same runs of spaces that separate columns.
fn is_table_line(tabs: &[usize], line: &Range<usize>) -> bool {
    let k = tabs.partition_point(|&p| p < line.start);
    tabs.get(k + 1).is_some_and(|&p| p < line.end)
}

/// A parsed value cell: kind, value, and numerator/denominator for a ratio.
type CellValue = (MetricKind, f64, Option<(f64, f64)>);

/// Parse a value cell (`06/07`, `16,2%`, `1.913`).
fn parse_value(s: &str) -> Option<CellValue> {
    let t = s.trim();
    if let Some((a, b)) = t.split_once('/') {
        let (a, b) = (number::parse(a)?, number::parse(b)?);
        return Some((MetricKind::Ratio, a, Some((a, b))));
    }
    if let Some(p) = t.strip_suffix('%') {
        return Some((MetricKind::Percent, number::parse(p)?, None));
    }
    Some((MetricKind::Count, number::parse(t)?, None))
}

/// `Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2` -> [(0, "Trực tuyến"), ...].
fn parse_codes(s: &str) -> Option<Vec<(f64, String)>> {
    if !s.contains('=') {
        return None;
    }
    let mut out = Vec::new();
    let mut label = String::new();
    let mut rest = s.trim();
    while let Some(eq) = rest.find('=') {
        label.push_str(rest[..eq].trim());
        let after = rest[eq + 1..].trim_start();
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let v: f64 = digits.parse().ok()?;
        out.push((v, std::mem::take(&mut label)));
        rest = after[digits.len()..].trim_start();
    }
    (!out.is_empty()).then_some(out)
}

fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut st = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let e = if i > st && text.as_bytes()[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        out.push(st..e);
        st = i + 1;
    }
    if st < text.len() {
        out.push(st..text.len());
    }
    out
}

/// Find the tables of `text` and read their rows.
pub fn find(text: &str, v: &Vocab) -> Tables {
    let mut t = Tables::default();
    let lines = line_ranges(text);
    // Tabs are few: their places, found once, tell which lines hold two.
    let tabs: Vec<usize> = memchr::memchr_iter(b'\t', text.as_bytes()).collect();
    if !tabs.is_empty() {
        find_aligned(text, &lines, &tabs, v, &mut t);
    }
    find_loose(text, &lines, v, &mut t);
    t.lines.sort_by_key(|r| r.start);
    t
}

/// Tables whose columns are aligned by tabs or runs of spaces.
fn find_aligned(text: &str, lines: &[Range<usize>], tabs: &[usize], v: &Vocab, t: &mut Tables) {
    let mut i = 0;
    let mut header = Header::default();
    while i < lines.len() {
        // A block: table lines, blank lines allowed between them.
        let mut j = i;
        let mut block = Vec::new();
        while j < lines.len() {
            let l = &lines[j];
            if is_blank(&text[l.clone()]) {
                j += 1;
                continue;
            }
            if is_table_line(tabs, l) {
                block.push(l.clone());
                j += 1;
            } else {
                break;
            }
        }
        if block.len() >= 3 {
            read_block(text, &block, v, &mut header, t);
        }
        i = j.max(i + 1);
    }
}

/// Is the line empty or all whitespace? (Most lines start with a visible ASCII byte.)
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0b => false,
        _ => s.trim().is_empty(),
    }
}

/// Is this line the start of a table header (`STT`, `TT`, `STT Chỉ tiêu ...`)?
fn header_start(line: &str) -> bool {
    // The first word is `stt` or `tt` only if it starts so: most lines stop here.
    if line.len() >= 300
        || !matches!(
            line.trim_start().as_bytes().first(),
            Some(b's' | b'S' | b't' | b'T')
        )
    {
        return false;
    }
    let first = line.split_whitespace().next().unwrap_or("");
    (first.eq_ignore_ascii_case("stt") || first.eq_ignore_ascii_case("tt")) && line.len() < 300
}

/// The row code opening a line (`7.6.3.`, `1.1`), if the line starts with one.
fn leading_code(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let w = t.split_whitespace().next()?;
    (is_code(w) && (w.contains('.') || t.len() > w.len())).then_some(w)
}

/// Tables whose cells lost their alignment (PDF text): a header with `STT` and `Đơn vị tính`
/// or `Số liệu`, then rows that each open with a row code and may run over several lines.
/// A row's value is the number after its unit (`Nhiệm vụ 06/07`, `% 82,2`), after its coded
/// answers (`Không = 0 Có = 1 0`), or, without a unit, a number that ends the row or precedes
/// the notes.
fn find_loose(text: &str, lines: &[Range<usize>], v: &Vocab, t: &mut Tables) {
    let mut taken: Vec<Range<usize>> = t.lines.clone();
    taken.sort_by_key(|r| r.start);
    // Sorted, non-overlapping: the candidate is the last range starting at or before `r`.
    let is_taken = |r: &Range<usize>| {
        let k = taken.partition_point(|x| x.start <= r.start);
        k > 0 && taken.get(k - 1).is_some_and(|x| r.end <= x.end)
    };
    let mut i = 0;
    let mut in_region = false;
    let mut seg: Vec<Range<usize>> = Vec::new();
    while i < lines.len() {
        let l = &lines[i];
        let s = &text[l.clone()];
        if is_taken(l) {
            flush_loose(text, &mut seg, v, t);
            i += 1;
            continue;
        }
        if header_start(s) {
            // A header: STT, then within a few lines the unit or value column names.
            let look: String = lines[i..lines.len().min(i + 6)]
                .iter()
                .map(|r| lower(&text[r.clone()]))
                .collect::<Vec<_>>()
                .join(" ");
            if look.contains("đơn vị tính") || look.contains("số liệu") {
                flush_loose(text, &mut seg, v, t);
                in_region = true;
                // Header lines run until the one naming the value column.
                let mut k = i;
                while k < lines.len() && k < i + 6 {
                    let h = lower(&text[lines[k].clone()]);
                    t.lines.push(lines[k].clone());
                    k += 1;
                    if h.contains("số liệu")
                        || (h.contains("đơn vị tính") && !look.contains("số liệu"))
                    {
                        break;
                    }
                }
                i = k;
                continue;
            }
        }
        if !in_region {
            i += 1;
            continue;
        }
        if leading_code(s).is_some() {
            flush_loose(text, &mut seg, v, t);
            seg.push(l.clone());
        } else if s.trim().len() > 250
            || lower_starts_with(
                s.get(..floor_at(s, 40)).unwrap_or("").trim_start(),
                "nơi nhận",
            )
        {
            flush_loose(text, &mut seg, v, t);
            in_region = false;
        } else if !seg.is_empty() {
            seg.push(l.clone());
        } else if !s.trim().is_empty() {
            // Rows without a code ("Trong đó ...") join no numbered row: one-line segments.
            seg.push(l.clone());
            flush_loose(text, &mut seg, v, t);
        }
        i += 1;
    }
    flush_loose(text, &mut seg, v, t);
}

/// A value token at `j` of `s`: (kind, value, ratio parts, end), ending at a space or the end.
fn value_token(s: &str, j: usize) -> Option<CellValueAt> {
    let b = s.as_bytes();
    if !b.get(j)?.is_ascii_digit() || (j > 0 && !b[j - 1].is_ascii_whitespace()) {
        return None;
    }
    let n = number::scan(s, j)?;
    let (kind, val, ratio, end) = match b.get(n.end) {
        Some(b'/') => {
            let d = number::scan(s, n.end + 1)
                .filter(|_| b.get(n.end + 1).is_some_and(u8::is_ascii_digit))?;
            (MetricKind::Ratio, n.value, Some((n.value, d.value)), d.end)
        }
        Some(b'%') => (MetricKind::Percent, n.value, None, n.end + 1),
        _ => (MetricKind::Count, n.value, None, n.end),
    };
    b.get(end)
        .is_none_or(u8::is_ascii_whitespace)
        .then_some((kind, val, ratio, end))
}

/// A value cell found in running row text, with where it ends.
type CellValueAt = (MetricKind, f64, Option<(f64, f64)>, usize);

fn flush_loose(text: &str, seg: &mut Vec<Range<usize>>, v: &Vocab, t: &mut Tables) {
    let (Some(first), Some(last)) = (seg.first().cloned(), seg.last().cloned()) else {
        return;
    };
    seg.clear();
    let range = first.start..last.end;
    let f = vanban_text::flat::flatten(&text[range.clone()], &[]);
    let s = f.s.replace('\n', " ");
    let low = lower(&s);
    let code = leading_code(&s).map(str::to_string);
    let body = code
        .as_ref()
        .map_or(0, |c| s.find(c.as_str()).unwrap_or(0) + c.len());
    let body = body + (s.len() - body - s[body..].trim_start().len());
    let mut found: Option<(usize, Option<Range<usize>>, CellValueAt, bool)> = None;
    // Coded answers: the value follows the last `= N`.
    if let Some(last_eq) = low[body..].rfind('=').map(|k| body + k) {
        let after = skip_digits_sp(&s, last_eq + 1);
        let j = skip_sp(&s, after);
        if let Some(tok) = value_token(&s, j) {
            let first_eq = low[body..].find('=').map_or(last_eq, |k| body + k);
            found = Some((first_eq, None, tok, true));
            let _ = first_eq;
        }
    }
    // `<unit> <value>`.
    if found.is_none() {
        let mut cands: Vec<Range<usize>> = v
            .units
            .find_all(&low[body..])
            .into_iter()
            .chain(v.amounts.find_all(&low[body..]))
            .map(|(_, r)| body + r.start..body + r.end)
            .collect();
        cands.extend(
            s[body..]
                .match_indices(" % ")
                .map(|(k, _)| body + k + 1..body + k + 2),
        );
        cands.sort_by_key(|r| r.start);
        for u in cands {
            if let Some(tok) = value_token(&s, skip_sp(&s, u.end)) {
                found = Some((u.start, Some(u), tok, false));
                break;
            }
        }
    }
    // No unit: a number that ends the row or precedes notes starting with a capital.
    if found.is_none() {
        let mut j = body;
        while j < s.len() {
            if let Some(tok) = value_token(&s, j) {
                let next = s[tok.3..].trim_start().chars().next();
                let prev_word = low[..j].split_whitespace().next_back().unwrap_or("");
                if next.is_none_or(char::is_uppercase)
                    && !matches!(prev_word, "năm" | "số" | "ngày")
                {
                    found = Some((j, None, tok, false));
                    break;
                }
                j = tok.3;
            } else {
                j += s[j..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    let Some((label_end, unit, (mut kind, val, ratio, vend), coded)) = found else {
        return;
    };
    let label = s[body..label_end.max(body)]
        .trim()
        .trim_end_matches(':')
        .trim();
    let unit_txt = unit.map(|u| s[u].to_string());
    let mut m = Metric {
        value: val,
        row: code.filter(|c| c.contains('.')),
        indicator: (!label.is_empty()).then(|| label.to_string()),
        ..Metric::default()
    };
    if coded {
        m.coded = true;
        m.answer = parse_codes(&s[body..vend])
            .and_then(|cs| cs.into_iter().find(|(c, _)| *c == val).map(|(_, l)| l));
    } else if let Some(u) = unit_txt {
        if u == "%" {
            kind = MetricKind::Percent;
        } else if v
            .amounts
            .at_lower(&u, 0, &mut String::new())
            .is_some_and(|(_, e)| e == u.len())
        {
            kind = MetricKind::Amount;
        }
        m.unit = Some(u);
    }
    if kind == MetricKind::Percent {
        m.unit = Some("%".into());
    }
    if let Some((a, b)) = ratio {
        m.numerator = Some(a);
        m.denominator = Some(b);
    }
    m.kind = kind;
    m.text = s[..vend].trim().to_string();
    let notes = s[vend..].trim();
    if !notes.is_empty() {
        let low_notes = lower(notes);
        if let Some((r, y)) = crate::prose::period_of(&low_notes, v) {
            m.period = notes.get(r).map(str::to_string);
            m.year = y;
        }
        let ns = vend + (s.len() - vend - s[vend..].trim_start().len());
        let o = f.orig_range(ns..s.len());
        t.notes.push(range.start + o.start..range.start + o.end);
    }
    let o = f.orig_range(0..vend);
    t.lines.push(range.clone());
    t.rows.push(Row {
        metric: m,
        range: range.start + o.start..range.start + o.end,
    });
}

fn floor_at(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn skip_sp(s: &str, i: usize) -> usize {
    i + s.get(i..).map_or(0, |t| t.len() - t.trim_start().len())
}

fn skip_digits_sp(s: &str, i: usize) -> usize {
    let j = skip_sp(s, i);
    j + s
        .get(j..)
        .map_or(0, |t| t.bytes().take_while(u8::is_ascii_digit).count())
}

fn read_block(text: &str, block: &[Range<usize>], v: &Vocab, header: &mut Header, t: &mut Tables) {
    let mut pending_header: Option<Vec<(usize, String)>> = None;
    for line in block {
        t.lines.push(line.clone());
        let (cs, tabbed) = cells(text, line.clone());
        let nonempty: Vec<&Cell> = cs.iter().filter(|c| !c.range.is_empty()).collect();
        let code_first = nonempty
            .first()
            .is_some_and(|c| is_code(&text[c.range.clone()]));
        // Rows open with a code: their cells are not looked up, and two header cells decide.
        let is_header = !code_first && {
            let hdr_cells = nonempty
                .iter()
                .filter(|c| header_role(&text[c.range.clone()], v).is_some())
                .take(2)
                .count();
            hdr_cells >= 2 || (hdr_cells == 1 && nonempty.len() == 1)
        };
        if is_header {
            // Header line (first or continued): merge texts per column.
            let ph = pending_header.get_or_insert_with(Vec::new);
            for c in &nonempty {
                let key = c.col;
                let txt = text[c.range.clone()].to_string();
                match ph
                    .iter_mut()
                    .find(|(k, _)| k.abs_diff(key) <= if tabbed { 0 } else { 3 })
                {
                    Some((_, s)) => {
                        s.push(' ');
                        s.push_str(&txt);
                    }
                    None => ph.push((key, txt)),
                }
            }
            *header = roles_from(ph, tabbed, v);
            continue;
        }
        pending_header = None;
        row(text, &cs, tabbed, header, v, t);
    }
}

fn roles_from(cols: &[(usize, String)], tabbed: bool, v: &Vocab) -> Header {
    let mut roles: Vec<(usize, Role)> = Vec::new();
    let mut sorted: Vec<&(usize, String)> = cols.iter().collect();
    sorted.sort_by_key(|(k, _)| *k);
    for (k, s) in sorted {
        // A merged "Kết quả thống kê / Đơn vị tính" column is the unit column.
        let unit = v
            .table_headers
            .iter()
            .any(|(w, r)| *r == Role::Unit && lower_contains(s, w));
        let role = if unit {
            Role::Unit
        } else {
            header_role(s, v).unwrap_or(Role::Other)
        };
        roles.push((*k, role));
    }
    // One value column: the first `Value` that is not also the unit column.
    let mut seen_value = false;
    for r in roles.iter_mut() {
        if r.1 == Role::Value {
            if seen_value {
                r.1 = Role::Other;
            }
            seen_value = true;
        }
    }
    Header { roles, tabbed }
}

fn role_of(h: &Header, c: &Cell, tabbed: bool) -> Option<Role> {
    if h.roles.is_empty() || h.tabbed != tabbed {
        return None;
    }
    if tabbed {
        return h.roles.iter().find(|(k, _)| *k == c.col).map(|&(_, r)| r);
    }
    h.roles
        .iter()
        .rev()
        .find(|(k, _)| *k <= c.col + 3)
        .map(|&(_, r)| r)
}

fn row(text: &str, cs: &[Cell], tabbed: bool, h: &Header, v: &Vocab, t: &mut Tables) {
    let get = |c: &Cell| &text[c.range.clone()];
    let nonempty: Vec<&Cell> = cs.iter().filter(|c| !c.range.is_empty()).collect();
    let Some(first) = nonempty.first() else {
        return;
    };
    let mut code: Option<&Cell> = None;
    let mut label: Option<&Cell> = None;
    let mut unit: Option<&Cell> = None;
    let mut value: Option<&Cell> = None;
    let mut note: Option<&Cell> = None;
    let known = nonempty.iter().all(|c| role_of(h, c, tabbed).is_some());
    if known {
        for c in &nonempty {
            match role_of(h, c, tabbed) {
                Some(Role::Code) => code = Some(c),
                Some(Role::Label) => label = Some(c),
                Some(Role::Unit) => unit = Some(c),
                Some(Role::Value) => value = Some(c),
                Some(Role::Note) => note = Some(c),
                _ => {}
            }
        }
    } else {
        // No usable header: code first, the label next, then the last value-like cell.
        let mut k = 0;
        if is_code(get(first)) {
            code = Some(first);
            k = 1;
        }
        label = nonempty.get(k).copied();
        let rest = nonempty.get(k + 1..).unwrap_or(&[]);
        if let Some(p) = rest.iter().rposition(|c| parse_value(get(c)).is_some()) {
            value = rest.get(p).copied();
            if p > 0 {
                unit = rest.get(p - 1).copied();
            }
            note = rest.get(p + 1).copied();
        }
    }
    if let Some(n) = note {
        t.notes.push(n.range.clone());
    }
    // A code cell that is not a code ("Trong đó") belongs to no row number.
    let row_code = code.map(get).filter(|s| is_code(s)).map(str::to_string);
    let Some(vc) = value else {
        return;
    };
    let Some((mut kind, val, ratio)) = parse_value(get(vc)) else {
        return;
    };
    let unit_txt = unit.map(get).map(str::trim).filter(|s| !s.is_empty());
    let codes = unit_txt.and_then(parse_codes);
    let mut m = Metric {
        value: val,
        row: row_code,
        indicator: label.map(|c| get(c).trim().to_string()),
        ..Metric::default()
    };
    if let Some(codes) = codes {
        m.coded = true;
        m.answer = codes
            .iter()
            .find(|(c, _)| *c == val)
            .map(|(_, l)| l.clone());
    } else if let Some(u) = unit_txt {
        if u == "%" {
            if kind == MetricKind::Count {
                kind = MetricKind::Percent;
            }
        } else if v
            .amounts
            .at_lower(u, 0, &mut String::new())
            .is_some_and(|(_, e)| e == u.len())
        {
            kind = MetricKind::Amount;
        }
        m.unit = Some(u.to_string());
    }
    if kind == MetricKind::Percent {
        m.unit = Some("%".into());
    }
    if let Some((a, b)) = ratio {
        m.numerator = Some(a);
        m.denominator = Some(b);
    }
    m.kind = kind;
    // Period stated in the notes cell (`Quý III, IV năm 2024`).
    if let Some(n) = note {
        let nt = get(n);
        let low = lower(nt);
        if let Some(c) = crate::prose::period_of(&low, v) {
            m.period = nt.get(c.0).map(str::to_string);
            m.year = c.1;
        }
    }
    let start = first.range.start;
    let end = vc.range.end;
    // The cells up to the value, joined by spaces.
    let mut text = String::with_capacity(end - start);
    for (k, c) in nonempty.iter().filter(|c| c.range.end <= end).enumerate() {
        if k > 0 {
            text.push(' ');
        }
        text.push_str(get(c));
    }
    m.text = text;
    t.rows.push(Row {
        metric: m,
        range: start..end,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(s: &str) -> Vec<Metric> {
        find(s, Vocab::builtin())
            .rows
            .into_iter()
            .map(|r| r.metric)
            .collect()
    }

    const TAB: &str = "STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\tGhi chú\n\
        1.\tCông tác chỉ đạo\t\t\t\n\
        1.1.\tSố kế hoạch đã ban hành\tKế hoạch\t02\t\n\
        1.2.\tSố nhiệm vụ đã hoàn thành\tNhiệm vụ\t11/12\t\n\
        \n\
        STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\tGhi chú\n\
        2.1.\tTỷ lệ biên chế đã tinh giản so với năm 2015\t%\t10,5\t\n\
        2.2.\tTỷ lệ cắt giảm đơn vị so với năm 2015\t%\t\t\n\
        2.3.\tHình thức khảo sát\tTrực tuyến = 0 Phát phiếu = 1 Kết hợp = 2\t1\t\n\
        2.4.\tKinh phí thực hiện\tTriệu đồng\t1.250\tQuý II năm 2023\n";

    #[test]
    fn tab_table() {
        let r = rows(TAB);
        let got: Vec<_> = r
            .iter()
            .map(|m| (m.row.clone().unwrap_or_default(), m.kind, m.value))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1.1.".into(), MetricKind::Count, 2.0),
                ("1.2.".into(), MetricKind::Ratio, 11.0),
                ("2.1.".into(), MetricKind::Percent, 10.5),
                ("2.3.".into(), MetricKind::Count, 1.0),
                ("2.4.".into(), MetricKind::Amount, 1250.0),
            ]
        );
        assert_eq!(r[1].denominator, Some(12.0));
        assert!(r[3].coded);
        assert_eq!(r[3].answer.as_deref(), Some("Phát phiếu"));
        assert_eq!(r[4].year, Some(2023));
        assert!(!r.iter().any(|m| m.value == 2015.0));
    }

    #[test]
    fn space_aligned_table() {
        let s =
            "TT    Nội dung                                   Đơn vị tính    Số liệu    Ghi chú\n\
                 1     Số hồ sơ tiếp nhận                         Hồ sơ          1.204\n\
                 2     Tỷ lệ hồ sơ đúng hạn so với năm 2020       %              98,5\n\
                 3     Số TTHC liên thông                         Thủ tục        12/56\n\
                 4     Tỷ lệ cắt giảm so với năm 2015             %\n";
        let r = rows(s);
        let got: Vec<_> = r.iter().map(|m| (m.kind, m.value)).collect();
        assert_eq!(
            got,
            vec![
                (MetricKind::Count, 1204.0),
                (MetricKind::Percent, 98.5),
                (MetricKind::Ratio, 12.0)
            ]
        );
        assert_eq!(r[0].unit.as_deref(), Some("Hồ sơ"));
    }

    #[test]
    fn rows_split_over_lines_without_alignment() {
        // As PDF text extraction gives it: cells joined by single spaces, rows wrapped.
        let s = "Phụ lục\nSTT\nChỉ tiêu thống kê\nKết quả Ghi chú Đơn vị tính Số liệu\n\
                 1. Công tác chỉ đạo điều hành\n\
                 1.1.1. Số nhiệm vụ đề ra trong kế hoạch Nhiệm vụ 07\n\
                 1.1.2.\nSố nhiệm vụ\nđã hoàn thành\nNhiệm vụ 06/07\n\
                 1.4.2. Hình thức khảo sát\nTrực tuyến = 0 Phát phiếu = 1 Kết hợp = 2\n2\n\
                 Sở Nội vụ thực hiện khảo sát 60 cá nhân\n\
                 3.3.4. Tỷ lệ quy trình nội bộ được điện tử hóa so với năm 2015 % 82,2\n\
                 7.4. Số liệu về trao đổi văn bản điện tử 1.913 Trong đó, 1.410 văn bản đến\n\
                 6.1. Số đơn vị tự chủ 100% chi thường xuyên\nCơ quan, đơn vị 0\n";
        let t = find(s, Vocab::builtin());
        let got: Vec<_> = t
            .rows
            .iter()
            .map(|r| {
                (
                    r.metric.row.clone().unwrap_or_default(),
                    r.metric.kind,
                    r.metric.value,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("1.1.1.".into(), MetricKind::Count, 7.0),
                ("1.1.2.".into(), MetricKind::Ratio, 6.0),
                ("1.4.2.".into(), MetricKind::Count, 2.0),
                ("3.3.4.".into(), MetricKind::Percent, 82.2),
                ("7.4.".into(), MetricKind::Count, 1913.0),
                ("6.1.".into(), MetricKind::Count, 0.0),
            ]
        );
        assert_eq!(t.rows[2].metric.answer.as_deref(), Some("Kết hợp"));
        assert_eq!(t.rows[0].metric.unit.as_deref(), Some("Nhiệm vụ"));
        // Notes go to prose: `60 cá nhân`, `1.410 văn bản`.
        assert_eq!(t.notes.len(), 2);
    }

    #[test]
    fn codes_decoded() {
        let c = parse_codes("Chưa = 0 Đang làm = 1 Hoàn thành = 2").unwrap();
        assert_eq!(c[2], (2.0, "Hoàn thành".to_string()));
        assert!(parse_codes("Hồ sơ").is_none());
    }
}
