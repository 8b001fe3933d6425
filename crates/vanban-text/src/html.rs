//! HTML as a repair stage: pages saved from the legal portals (`.html`, `.htm`) are read
//! without their markup, and every edit is in the offset map, so spans point into the saved
//! file itself. Scripts, styles, the document head, navigation, footers, forms' controls and
//! comments are dropped with their content; block elements become line breaks; table rows
//! become lines with their cells separated by tabs (as the markup stage reads Markdown
//! tables); character references are decoded.
//!
//! Why a scanner and not an HTML parser crate: the parsers (html5ever and those built on it)
//! build a tree without source offsets, and spans into the original are the contract. Saved
//! portal pages are tag soup; the scanner only needs tag boundaries, names and the ends of
//! raw-text elements, and never fails: anything it does not recognise is left as text.

use crate::offsets::Builder;

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "script", "style", "head", "noscript", "template", "svg", "nav", "footer", "iframe", "select",
    "button", "textarea", "object", "canvas", "map",
];

/// Elements that end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "header",
    "caption",
    "center",
    "address",
    "figure",
    "figcaption",
    "body",
    "html",
    "form",
    "fieldset",
];

/// Does this text look like an HTML document (a tag at its start, or an `<html`/`<body`)?
pub(crate) fn detect(src: &str) -> bool {
    let head = &src[..floor(src, src.len().min(4096))];
    let t = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let lower = head.to_ascii_lowercase();
    t.starts_with("<!")
        || t.starts_with("<html")
        || lower.contains("<html")
        || lower.contains("<body")
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A tag at `i` (which holds `<`): its name (lowercase), whether it closes, and its end.
fn tag_at(b: &[u8], i: usize) -> Option<(String, bool, usize)> {
    let mut j = i + 1;
    let closing = b.get(j) == Some(&b'/');
    if closing {
        j += 1;
    }
    let ns = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
        j += 1;
    }
    if j == ns || !b[ns].is_ascii_alphabetic() {
        return None;
    }
    let name = String::from_utf8_lossy(&b[ns..j]).to_ascii_lowercase();
    // Attributes: up to the first `>` outside quotes.
    let mut quote = 0u8;
    while j < b.len() {
        match b[j] {
            q @ (b'"' | b'\'') if quote == 0 => quote = q,
            q if q == quote => quote = 0,
            b'>' if quote == 0 => return Some((name, closing, j + 1)),
            _ => {}
        }
        j += 1;
    }
    None
}

/// Find `</name` (any case) from `from`; the end of that closing tag, or the end of the text.
fn close_of(src: &str, name: &str, from: usize) -> usize {
    let b = src.as_bytes();
    let pat = format!("</{name}");
    let mut i = from;
    while let Some(k) = memchr::memchr(b'<', &b[i..]) {
        let at = i + k;
        if b.len() >= at + pat.len() && b[at..at + pat.len()].eq_ignore_ascii_case(pat.as_bytes()) {
            if let Some((_, true, end)) = tag_at(b, at) {
                return end;
            }
        }
        i = at + 1;
    }
    src.len()
}

/// The character a reference at `i` (which holds `&`) stands for, and its end.
fn entity_at(src: &str, i: usize) -> Option<(String, usize)> {
    let rest = &src[i + 1..];
    let semi = rest.bytes().take(12).position(|c| c == b';')?;
    let body = &rest[..semi];
    let end = i + 1 + semi + 1;
    let c = if let Some(num) = body.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        char::from_u32(v).filter(|c| *c != '\0')?.to_string()
    } else {
        named(body)?.to_string()
    };
    Some((c, end))
}

/// Named references HTML pages of Vietnamese documents use (Latin-1 letters among them).
fn named(n: &str) -> Option<&'static str> {
    Some(match n {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "laquo" => "«",
        "raquo" => "»",
        "ldquo" => "“",
        "rdquo" => "”",
        "lsquo" => "‘",
        "rsquo" => "’",
        "bull" => "•",
        "middot" => "·",
        "copy" => "©",
        "deg" => "°",
        "agrave" => "à",
        "aacute" => "á",
        "acirc" => "â",
        "atilde" => "ã",
        "egrave" => "è",
        "eacute" => "é",
        "ecirc" => "ê",
        "igrave" => "ì",
        "iacute" => "í",
        "ograve" => "ò",
        "oacute" => "ó",
        "ocirc" => "ô",
        "otilde" => "õ",
        "ugrave" => "ù",
        "uacute" => "ú",
        "yacute" => "ý",
        "Agrave" => "À",
        "Aacute" => "Á",
        "Acirc" => "Â",
        "Atilde" => "Ã",
        "Egrave" => "È",
        "Eacute" => "É",
        "Ecirc" => "Ê",
        "Igrave" => "Ì",
        "Iacute" => "Í",
        "Ograve" => "Ò",
        "Oacute" => "Ó",
        "Ocirc" => "Ô",
        "Otilde" => "Õ",
        "Ugrave" => "Ù",
        "Uacute" => "Ú",
        "Yacute" => "Ý",
        _ => return None,
    })
}

/// The HTML stage (see the module documentation); unchanged when `src` is not HTML.
pub(crate) fn repair(src: &str) -> Builder<'_> {
    let mut out = Builder::new(src);
    if !detect(src) {
        return out;
    }
    let b = src.as_bytes();
    let mut i = 0;
    // Cells seen in the current row: the first gets no tab before it.
    let mut cells = 0usize;
    while i < b.len() {
        match b[i] {
            b'<' => {
                if src[i..].starts_with("<!--") {
                    let end = src[i + 4..]
                        .find("-->")
                        .map_or(src.len(), |k| i + 4 + k + 3);
                    out.replace(i..end, "", None);
                    i = end;
                    continue;
                }
                if src[i..].starts_with("<!") || src[i..].starts_with("<?") {
                    let end = src[i..].find('>').map_or(src.len(), |k| i + k + 1);
                    out.replace(i..end, "", None);
                    i = end;
                    continue;
                }
                let Some((name, closing, end)) = tag_at(b, i) else {
                    i += 1;
                    continue;
                };
                let self_closing = b[..end].ends_with(b"/>");
                if !closing && !self_closing && DROPPED.contains(&name.as_str()) {
                    let stop = close_of(src, &name, end);
                    out.replace(i..stop, "\n", None);
                    i = stop;
                    continue;
                }
                let with = match name.as_str() {
                    "td" | "th" if !closing => {
                        cells += 1;
                        if cells > 1 {
                            "\t"
                        } else {
                            ""
                        }
                    }
                    "tr" => {
                        cells = 0;
                        "\n"
                    }
                    n if BLOCKS.contains(&n) => "\n",
                    _ => "",
                };
                out.replace(i..end, with, None);
                i = end;
            }
            b'&' => match entity_at(src, i) {
                Some((c, end)) => {
                    out.replace(i..end, &c, None);
                    i = end;
                }
                None => i += 1,
            },
            b'\r' | b'\n' | b'\t' => {
                // Source line breaks inside a paragraph are spaces in HTML.
                let s = i;
                while i < b.len() && matches!(b[i], b' ' | b'\r' | b'\n' | b'\t') {
                    i += 1;
                }
                out.replace(s..i, " ", None);
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        let (out, _, _) = repair(s).finish();
        out.unwrap_or_else(|| s.to_string())
    }

    fn lines(s: &str) -> Vec<String> {
        run(s)
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn a_portal_page_reads_as_its_text() {
        let page = "<!DOCTYPE html><html><head><title>x</title><style>p{color:red}</style>\
            <script>var a = '<p>no</p>';</script></head><body>\
            <nav><a href='/'>Trang chủ</a></nav><!-- ad -->\
            <table><tr><td>UBND TỈNH<br>Số: 12/QĐ-UBND</td><td>CỘNG HÒA</td></tr></table>\
            <p>Căn cứ Luật số&nbsp;77/2015/QH13 ng&agrave;y 19/6/2015 &amp; Nghị\nđịnh số 30/2020/NĐ-CP;</p>\
            <footer>© portal</footer></body></html>";
        assert_eq!(
            lines(page),
            [
                "UBND TỈNH",
                "Số: 12/QĐ-UBND\tCỘNG HÒA",
                "Căn cứ Luật số 77/2015/QH13 ngày 19/6/2015 & Nghị định số 30/2020/NĐ-CP;"
            ]
        );
    }

    #[test]
    fn plain_text_is_left_alone_and_spans_map_back() {
        assert_eq!(run("Số 5 < 7 & a <b"), "Số 5 < 7 & a <b");
        let src = "<html><body><p>Quyết định số <b>12/QĐ-UBND</b></p></body></html>";
        let (out, map, _) = repair(src).finish();
        let out = out.unwrap();
        let at = out.find("12/QĐ").unwrap();
        assert_eq!(
            &src[map.start(at)..map.end(at + "12/QĐ-UBND".len())],
            "12/QĐ-UBND"
        );
    }
}
