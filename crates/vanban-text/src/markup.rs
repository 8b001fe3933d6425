//! Markup as a repair stage: web copies of legal-database pages arrive as `.txt` or `.md`
//! files full of Markdown (table cells between `|`, `**bold**` and `*italic*` around
//! numbers and whole clauses, `---` rules, pandoc's `\-` escapes and grid tables, a few HTML
//! tags). When a text carries such markup, this stage gives every later stage the text
//! without it; every edit is in the offset map, so spans still point into the file.
//!
//! What is done: emphasis asterisks are deleted (a footnote mark such as `(*)` stays); rule
//! lines are emptied and long dash runs inside a line become a line break (a header cell and
//! the motto glued together); a line that is only `|` is emptied, a `|` between cells becomes
//! a tab (table rows read as tab-separated rows) and one at either end of a line goes; pandoc
//! escapes lose their backslash and a trailing `\` (pandoc's line break) goes; `#` heading
//! marks and HTML tags go.

use crate::offsets::Builder;

/// Is there enough markup to treat the text as a web copy? Plain text with an odd asterisk
/// or a dashed line is left alone.
pub(crate) fn detect(src: &str) -> bool {
    let b = src.as_bytes();
    let stars = memchr::memmem::find_iter(b, b"**").take(4).count();
    let pipe_lines = src
        .lines()
        .take(400)
        .filter(|l| {
            let t = l.trim();
            t == "|" || (t.starts_with('|') && t.ends_with('|') && t.len() > 2)
        })
        .count();
    let escapes = memchr::memmem::find_iter(b, b"\\-").take(4).count();
    let tags = memchr::memmem::find_iter(b, b"<sup>").take(1).count()
        + memchr::memmem::find_iter(b, b"<br").take(1).count();
    stars >= 2 || pipe_lines >= 1 || escapes >= 3 || tags >= 1
}

/// A rule line: only dashes, equals, underscores, pluses, colons, pipes and spaces (with
/// pandoc's escaped dashes), at least three of the rule characters.
fn is_rule(line: &str) -> bool {
    let mut rule = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'-' | b'=' | b'_' => rule += 1,
            b'+' | b':' | b'|' | b' ' | b'\t' | b'*' => {}
            b'\\' if bytes.get(i + 1) == Some(&b'-') => {}
            _ => return false,
        }
        i += 1;
    }
    rule >= 3
}

/// Deletes and replacements for one line (`base` is its offset in the text).
fn line_edits(line: &str, base: usize, b: &mut Builder<'_>) {
    let floor = |b: &Builder<'_>| b.copied().saturating_sub(base);
    if line.trim().is_empty() {
        return;
    }
    let only_pipes = line
        .bytes()
        .all(|c| matches!(c, b'|' | b' ' | b'\t' | b'\r'));
    if is_rule(line) || only_pipes {
        b.replace(base..base + line.len(), "", Some("markup"));
        return;
    }
    let bytes = line.as_bytes();
    // Leading and trailing pipes (with the spaces next to them) go; inner ones become tabs.
    let lead_ws = bytes
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t'))
        .count();
    let first_pipe = bytes.get(lead_ws) == Some(&b'|');
    let trail = line.trim_end_matches([' ', '\t', '\r']);
    let last_pipe = trail.ends_with('|') && trail.len() > lead_ws + usize::from(first_pipe);
    let last_pipe_at = if last_pipe {
        trail.len() - 1
    } else {
        usize::MAX
    };
    let mut i = 0;
    // `#` heading marks.
    if bytes.get(lead_ws) == Some(&b'#') {
        let hashes = bytes[lead_ws..].iter().take_while(|&&c| c == b'#').count();
        if bytes.get(lead_ws + hashes) == Some(&b' ') {
            b.replace(
                base + lead_ws..base + lead_ws + hashes + 1,
                "",
                Some("markup"),
            );
            i = lead_ws + hashes + 1;
        }
    }
    while i < bytes.len() {
        match bytes[i] {
            b'*' => {
                let s = i;
                while i < bytes.len() && bytes[i] == b'*' {
                    i += 1;
                }
                // A footnote mark "(*)", "(**)" stays.
                let footnote = s > 0 && bytes[s - 1] == b'(' && bytes.get(i) == Some(&b')');
                if !footnote {
                    b.replace(base + s..base + i, "", Some("markup"));
                }
            }
            b'|' => {
                if (first_pipe && i == lead_ws) || i == last_pipe_at {
                    // Pipe at the line's edge, with the blanks on its inner side.
                    let (mut s, mut e) = (i, i + 1);
                    if i == lead_ws {
                        s = 0;
                        while e < bytes.len() && matches!(bytes[e], b' ' | b'\t') {
                            e += 1;
                        }
                    } else {
                        let f = floor(b);
                        while s > f && matches!(bytes[s - 1], b' ' | b'\t') {
                            s -= 1;
                        }
                        e = bytes.len();
                    }
                    b.replace(base + s..base + e, "", Some("markup"));
                    i = e;
                } else {
                    let (mut s, mut e) = (i, i + 1);
                    let f = floor(b);
                    while s > f && bytes[s - 1] == b' ' {
                        s -= 1;
                    }
                    while e < bytes.len() && bytes[e] == b' ' {
                        e += 1;
                    }
                    b.replace(base + s..base + e, "\t", Some("markup"));
                    i = e;
                }
            }
            b'\\' => {
                match bytes.get(i + 1) {
                    // Pandoc's hard line break.
                    None | Some(b'\r') => b.replace(base + i..base + i + 1, "", Some("markup")),
                    Some(c) if c.is_ascii_punctuation() => {
                        b.replace(base + i..base + i + 1, "", Some("markup"))
                    }
                    _ => {}
                }
                i += 1;
            }
            b'-' | b'_' | b'=' => {
                // A long run of rule characters inside a line separates cells.
                let s = i;
                let c = bytes[i];
                while i < bytes.len() && bytes[i] == c {
                    i += 1;
                }
                if i - s >= 5 {
                    b.replace(base + s..base + i, "\n", Some("markup"));
                }
            }
            b'<' => {
                let tag = tag_len(&bytes[i..]);
                if tag > 0 {
                    b.replace(base + i..base + i + tag, "", Some("markup"));
                    i += tag;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
}

/// Length of an HTML tag such as `<sup>`, `</sup>`, `<br>`, `<br/>` at the start of `b`.
fn tag_len(b: &[u8]) -> usize {
    let mut i = 1;
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    let name = b[i.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name == 0 || name > 10 {
        return 0;
    }
    i += name;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    if b.get(i) == Some(&b'>') {
        i + 1
    } else {
        0
    }
}

/// The stage: markup edits over the whole text (nothing when [`detect`] finds no markup).
pub(crate) fn repair(src: &str) -> Builder<'_> {
    let mut b = Builder::new(src);
    if !detect(src) {
        return b;
    }
    let mut base = 0;
    for line in src.split('\n') {
        line_edits(line, base, &mut b);
        base += line.len() + 1;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        let (out, _, _) = repair(s).finish();
        out.unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn header_table_of_a_web_copy() {
        let s = "|\n**ỦY BAN NHÂN\nDÂN **\nTHÀNH PHỐ HỒ CHÍ MINH\n--------\n|\n**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\n|\nSố:\n2820/QĐ-UBND\n|\n*Thành phố Hồ\nChí Minh, ngày 19 tháng 11 năm 2025*\n|\n";
        assert_eq!(
            run(s),
            "\nỦY BAN NHÂN\nDÂN \nTHÀNH PHỐ HỒ CHÍ MINH\n\n\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n\nSố:\n2820/QĐ-UBND\n\nThành phố Hồ\nChí Minh, ngày 19 tháng 11 năm 2025\n\n"
        );
    }

    #[test]
    fn inline_cells_pandoc_and_tags() {
        assert_eq!(
            run("| Số: 03/2022/NQ-HĐND | Tuyên Quang, ngày 5 |\n**x** **y**"),
            "Số: 03/2022/NQ-HĐND\tTuyên Quang, ngày 5\nx y"
        );
        assert_eq!(
            run("**ỦY BAN\\\n \\-\\-\\-\\--**\n*Căn cứ* *Luật* (*)\nLưu VT<sup>XT</sup>."),
            "ỦY BAN\n\nCăn cứ Luật (*)\nLưu VTXT."
        );
        assert_eq!(
            run("**a** **b**\n--------- | CỘNG HÒA--------- |"),
            "a b\n\n\tCỘNG HÒA\n"
        );
    }

    #[test]
    fn empty_cells_and_pipes_next_to_each_other() {
        assert_eq!(run("| a | | b |\n|||\n| |"), "a\t\tb\n\n");
        assert_eq!(run("x | |\n**y** |"), "x\t\ny");
    }

    #[test]
    fn plain_text_is_left_alone() {
        let s = "Kế hoạch số 184/KH-UBND - năm 2024 * ghi chú\n----\nhết";
        assert_eq!(run(s), s);
    }
}
