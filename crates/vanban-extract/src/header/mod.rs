//! The document's own identity (`docs/spec/identity.md`): own number (also when left blank),
//! kind, issuing body, locality, place and date, subject; and the parts around the body
//! ([`signature`]): recipients, copies, signer.
//!
//! The header is read in every layout the text arrives in after repair: plain text, PDF text,
//! and web copies whose markup the repair chain removed (cells now on their own lines or
//! separated by tabs, `Số:` and its number on different lines). The zone starts near the
//! first anchor (the national or Party motto, or an own-number line) so a preamble, a list of
//! related documents or a signature stamp before it is passed over, and Official Gazette
//! running heads are never taken for the header.

mod signature;

use crate::dates::{place_date, validate, DateValue};
use crate::locality::Localities;
use crate::model::Document;
use crate::patterns::{upper_key, Patterns};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Header metadata plus where the own number stands (that symbol is not a reference).
#[derive(Clone, Debug, Default)]
pub struct Head {
    /// The metadata.
    pub document: Document,
    /// Byte range of the own number in the repaired text.
    pub own_range: Option<Range<usize>>,
}

/// A line: its byte range (without the line break) and text.
pub(crate) type Line<'a> = (Range<usize>, &'a str);

/// Lines with their byte ranges.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for l in text.split_inclusive('\n') {
        let body = l.trim_end_matches(['\n', '\r']);
        out.push((start..start + body.len(), body));
        start += l.len();
    }
    out
}

/// A line without surrounding white space and leftover emphasis marks.
pub(crate) fn clean(l: &str) -> &str {
    l.trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
}

/// Upper case only (two letters or more).
pub(crate) fn is_upper_line(l: &str) -> bool {
    let letters: Vec<char> = l.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase())
}

/// Cells of a line: tab-separated (table rows of web copies) or separated by wide gaps
/// (side-by-side columns of pandoc tables and PDF text).
fn cells(l: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in l.split('\t') {
        let mut rest = part;
        while let Some(p) = rest.find("   ") {
            out.push(&rest[..p]);
            rest = rest[p..].trim_start();
        }
        out.push(rest);
    }
    out.into_iter()
        .map(clean)
        .filter(|c| !c.is_empty())
        .collect()
}

/// Own-number lines: an optional type word, `Số`/`SỐ`/`số`, an optional colon, the rest.
fn number_line_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:(?P<type>(?i:bộ luật|luật|pháp lệnh|nghị quyết|lệnh|án lệ|văn bản hợp nhất|hiến pháp))\s+)?(?:Số|SỐ|số)\s*(?P<colon>:)?\s*(?P<rest>.*)$",
        )
        .expect("own number line pattern")
    })
}

/// The symbol at the start of what follows `Số:` (number possibly left blank).
fn symbol_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?P<sym>(?P<num>\d{1,5}[a-zA-Z]?)?[ \t]*[/\-][^\s]*)")
            .expect("own symbol pattern")
    })
}

/// "(Tiếp theo Công báo số ...)": the Official Gazette continues a document from an issue.
fn continuation_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^\(?\s*tiếp theo công báo").expect("continuation"))
}

/// "thông qua ngày 27 tháng 11 năm 2015": the adoption date of a law, a resolution of the
/// National Assembly or its Standing Committee, a precedent.
fn adopted_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)thông\s+qua(?:\s+[\p{L}]+){0,4}?\s+ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})")
            .expect("adoption date")
    })
}

/// "ngày 15 tháng 7 năm 2020" right after a continuation line's symbol.
fn date_words_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^\s*,?\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
        )
        .expect("date words")
    })
}

/// Lines that belong to no document's header: Gazette running heads and section titles,
/// digital-signature stamps, page numbers.
fn is_furniture(c: &str) -> bool {
    let up = c.to_uppercase();
    up.starts_with("CÔNG BÁO")
        || up.contains("CÔNG BÁO/SỐ")
        || up.starts_with("PHẦN VĂN BẢN")
        || up.starts_with("VĂN BẢN PHÁP LUẬT KHÁC")
        || [
            "Ký bởi",
            "Cơ quan:",
            "Thời gian ký",
            "Ngày ký",
            "Email:",
            "Người ký:",
        ]
        .iter()
        .any(|p| c.starts_with(p))
        || (c.len() <= 4 && c.bytes().all(|b| b.is_ascii_digit()))
}

/// Kinds that are adopted rather than signed on a dated place line.
const ADOPTED: [&str; 7] = [
    "Luật",
    "Bộ luật",
    "Hiến pháp",
    "Pháp lệnh",
    "Nghị quyết",
    "Án lệ",
    "Văn bản hợp nhất",
];

/// Parse the header (first lines) and signature block (last lines) of `text`.
pub fn parse(text: &str, patterns: &Patterns, localities: &Localities) -> Head {
    let ls = lines(text);
    let mut head = Head::default();
    let zone = zone(&ls, patterns);
    let zone: Vec<Line<'_>> = zone
        .into_iter()
        .filter(|(_, l)| !is_furniture(clean(l)))
        .collect();
    let number_line = own_number(text, &zone, patterns, &mut head);
    let doc = &mut head.document;
    let heading_line = kind(&zone, number_line, patterns, doc);
    subject(&zone, heading_line, doc);
    issuing_body(&zone, number_line.or(heading_line), patterns, doc);
    place_and_date(text, &zone, doc);
    locality(localities, doc);
    signature::recipients(&zone, doc);
    signature::signature(&ls, patterns, doc);
    head
}

/// The header zone: from a little before the first anchor (motto or own-number line) to the
/// first body paragraph.
fn zone<'a>(ls: &[Line<'a>], patterns: &Patterns) -> Vec<Line<'a>> {
    // Within the first 60 lines that say something (a preamble is short).
    let mut seen = 0;
    let limit = ls
        .iter()
        .position(|(_, l)| {
            if !clean(l).is_empty() {
                seen += 1;
            }
            seen > 60
        })
        .unwrap_or(ls.len());
    let anchor = ls[..limit].iter().position(|(_, l)| {
        let c = clean(l);
        // The motto opening a cell of its own (a sentence or heading naming the Republic is
        // not one).
        cells(l).iter().any(|cell| {
            let low = cell.to_lowercase();
            cell.chars().count() <= 70
                && patterns.motto.iter().any(|m| {
                    low.starts_with(m.as_str()) && !low[m.len()..].trim_start().starts_with(',')
                })
        }) || number_line_re().captures(c).is_some_and(|m| {
            let rest = m.name("rest").map_or("", |r| r.as_str());
            m.name("colon").is_some() && (rest.trim().is_empty() || symbol_re().is_match(rest))
        })
    });
    let start = match anchor {
        // Issuer lines stand above the motto; a web copy may split them over several lines.
        Some(a) => {
            let mut s = a;
            let mut kept = 0;
            while s > 0 && kept < 8 {
                let c = clean(ls[s - 1].1);
                if c.chars().count() > 120 {
                    break;
                }
                if !c.is_empty() {
                    kept += 1;
                }
                s -= 1;
            }
            s
        }
        None => 0,
    };
    let mut end = (start + 50).min(ls.len());
    for (i, (_, l)) in ls.iter().enumerate().take(end).skip(start) {
        let c = clean(l);
        let body = c.starts_with("Căn cứ")
            || c.starts_with("Thực hiện")
            || c.starts_with("Điều 1")
            || c.chars().count() > 200;
        if body && anchor.is_none_or(|a| i > a) {
            end = i;
            break;
        }
    }
    ls[start..end].to_vec()
}

/// Find and record the own number; returns the zone index of its line.
fn own_number(
    text: &str,
    zone: &[Line<'_>],
    patterns: &Patterns,
    head: &mut Head,
) -> Option<usize> {
    for (i, (r, l)) in zone.iter().enumerate() {
        let lead = l.len() - l.trim_start_matches([' ', '\t', '*', '_']).len();
        let line = l[lead..].trim_end();
        let Some(c) = number_line_re().captures(line) else {
            continue;
        };
        let typed = c.name("type").map(|m| m.as_str());
        let colon = c.name("colon").is_some();
        let rest_m = c.name("rest");
        let rest = rest_m.map_or("", |m| m.as_str());
        // "Số:" alone on its line: the symbol is on the next non-empty line.
        let (sym_line, sym_base, next_i) =
            if rest.trim().is_empty() && (colon || typed.is_some() || line.trim_end().len() <= 6) {
                match zone
                    .iter()
                    .enumerate()
                    .skip(i + 1)
                    .find(|(_, (_, n))| !clean(n).is_empty())
                {
                    Some((j, (nr, n))) => {
                        let nl = n.len() - n.trim_start_matches([' ', '\t', '*', '_']).len();
                        (&n[nl..], nr.start + nl, Some(j))
                    }
                    None => continue,
                }
            } else {
                (
                    rest,
                    r.start + lead + rest_m.map_or(line.len(), |m| m.start()),
                    None,
                )
            };
        let Some(sc) = symbol_re().captures(sym_line) else {
            continue;
        };
        let Some(sym) = sc.name("sym") else { continue };
        let after = sym_line[sym.end()..].trim();
        // A header number has a colon, stands alone on its line (or beside the place-date
        // cell), is typed ("Luật số: ...", "Án lệ số ..."), or opens a Gazette continuation;
        // "Số 184/KH-UBND ngày ... về ..." in running text is a reference.
        let continued = zone
            .iter()
            .skip(i + 1)
            .take(3)
            .any(|(_, n)| continuation_re().is_match(clean(n)));
        // "Án lệ số 11/2017/AL về ...", "Luật số 45/2013/QH13": a typed number opening the text.
        let opening = typed.is_some()
            && zone[..i]
                .iter()
                .all(|(_, p)| clean(p).is_empty() || is_furniture(clean(p)));
        let cell_after =
            sym_line[sym.end()..].starts_with('\t') || sym_line[sym.end()..].starts_with("   ");
        if !(colon
            || after.is_empty()
            || cell_after
            || place_date(after).is_some()
            || (typed.is_some() && (after.is_empty() || continued || is_upper_line(line)))
            || opening
            || continued)
        {
            continue;
        }
        let mut sym_s = sym.as_str().trim_end_matches([',', ';', '.', ':']);
        // "ÁN LỆ SỐ 30/2020/AL1": the digit after AL is a footnote mark.
        if let Some(p) = sym_s.rfind("/AL") {
            let tail = &sym_s[p + 3..];
            if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) {
                sym_s = &sym_s[..p + 3];
            }
        }
        let doc = &mut head.document;
        doc.number = Some(sym_s.to_string());
        let abs = sym_base + sym.start()..sym_base + sym.start() + sym_s.len();
        if text.get(abs.clone()) == Some(sym_s) {
            head.own_range = Some(abs);
        }
        let body = sym_s.split_once('/').map(|(_, t)| t).unwrap_or(sym_s);
        let body = body.trim_start_matches(|c: char| c.is_ascii_digit() || c == '/');
        let parts: Vec<String> = body
            .split(['-', '/', '\u{2013}'])
            .filter(|p| !p.is_empty())
            .map(upper_key)
            .collect();
        let first_is_code = parts
            .first()
            .is_some_and(|p| patterns.doc_types.contains_key(p))
            && parts.len() > 1;
        if first_is_code {
            doc.type_code = parts.first().cloned();
            doc.issuer = Some(parts[1..].join("-"));
        } else {
            doc.issuer = parts.first().cloned();
        }
        if sc.name("num").is_some() {
            doc.key = Some(vanban_model::key::normalize_key(sym_s));
        }
        if let Some(t) = typed {
            if let Some(k) = patterns.kind_of_word(t) {
                doc.kind = Some(k.to_string());
            }
        }
        if continued {
            // The name line after it gives the kind ("Bộ luật hình sự").
            if let Some((_, n)) = zone.get(i + 1) {
                let low = clean(n).to_lowercase();
                if let Some((_, k)) = patterns
                    .type_words
                    .iter()
                    .find(|(w, _)| low.starts_with(w.as_str()) && low[w.len()..].starts_with(' '))
                {
                    doc.kind = Some(k.clone());
                }
            }
            // The Gazette's continuation line also dates the document.
            if let Some(d) = date_words_re().captures(&sym_line[sym.end()..]) {
                set_date(
                    doc,
                    d["y"].parse().ok(),
                    d["m"].parse().ok(),
                    d["d"].parse().ok(),
                );
            }
        }
        return Some(next_i.unwrap_or(i));
    }
    None
}

/// The kind: a consolidated text by its code, else the title line, else V/v (a công văn),
/// else the own type code. Returns the zone index of the title line.
fn kind(
    zone: &[Line<'_>],
    number_line: Option<usize>,
    patterns: &Patterns,
    doc: &mut Document,
) -> Option<usize> {
    let code_kind = doc
        .type_code
        .as_deref()
        .and_then(|c| patterns.kind_of_code(c))
        .map(str::to_string);
    let mut heading_line = None;
    for (i, (_, l)) in zone.iter().enumerate() {
        let c = clean(l);
        if !is_upper_line(c) || Some(i) == number_line {
            continue;
        }
        let whole = patterns.kind_of_word(c);
        // Laws carry their name on the title line: "BỘ LUẬT HÌNH SỰ", "LUẬT ĐẤT ĐAI".
        let titled = || {
            [
                "VĂN BẢN HỢP NHẤT ",
                "BỘ LUẬT ",
                "LUẬT ",
                "HIẾN PHÁP ",
                "PHÁP LỆNH ",
            ]
            .iter()
            .find(|p| c.starts_with(**p))
            .and_then(|p| patterns.kind_of_word(p.trim()))
        };
        if let Some(k) = whole.or_else(titled) {
            // The title names the kind ("BỘ LUẬT" over "Luật số: ..."), except for a
            // consolidated text, whose title is that of the text it consolidates.
            doc.kind = Some(k.to_string());
            heading_line = Some(i);
            break;
        }
    }
    if code_kind.as_deref() == Some("Văn bản hợp nhất") {
        doc.kind = code_kind.clone();
    }
    let vv = zone.iter().position(|(_, l)| {
        let c = clean(l);
        c.starts_with("V/v") || c.starts_with("V/V") || c.starts_with("Về việc")
    });
    if doc.kind.is_none() {
        if vv.is_some() {
            doc.kind = Some("Công văn".to_string());
        } else if let Some(k) = code_kind {
            doc.kind = Some(k);
        } else if doc.number.is_some() {
            doc.kind = Some("Công văn".to_string());
        }
    }
    heading_line
}

/// The subject: the lines after the title, or the V/v lines.
fn subject(zone: &[Line<'_>], heading_line: Option<usize>, doc: &mut Document) {
    let vv = zone.iter().position(|(_, l)| {
        let c = clean(l);
        c.starts_with("V/v") || c.starts_with("V/V") || c.starts_with("Về việc")
    });
    let subject_from = match (heading_line, vv) {
        (Some(h), _) => Some((h + 1, true)),
        (None, Some(v)) => Some((v, false)),
        _ => None,
    };
    let Some((from, skip_blank)) = subject_from else {
        return;
    };
    let mut parts = Vec::new();
    let mut i = from;
    if skip_blank {
        while i < zone.len() && clean(zone[i].1).is_empty() {
            i += 1;
        }
    }
    while i < zone.len() {
        let c = clean(zone[i].1);
        if c.is_empty() || c.starts_with("Kính gửi") || place_date(c).is_some() {
            break;
        }
        parts.push(c.to_string());
        i += 1;
    }
    if !parts.is_empty() {
        let s = parts.join(" ");
        let s = s
            .strip_prefix("V/v")
            .or_else(|| s.strip_prefix("V/V"))
            .unwrap_or(&s)
            .trim();
        doc.subject = Some(s.to_string());
    }
}

/// Bodies whose name a web copy splits over two lines ("ỦY BAN NHÂN" / "DÂN").
const SPLIT_BODIES: [&str; 6] = [
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI",
    "TÒA ÁN NHÂN DÂN",
    "VIỆN KIỂM SÁT NHÂN DÂN",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN",
];

/// Issuing body: upper-case lines (their left cell) above the number / title that are not
/// the motto.
fn issuing_body(zone: &[Line<'_>], stop: Option<usize>, patterns: &Patterns, doc: &mut Document) {
    let stop = stop.unwrap_or(zone.len().min(8));
    let mut out: Vec<String> = Vec::new();
    for (_, l) in zone.iter().take(stop) {
        let Some(c) = cells(l).first().copied() else {
            continue;
        };
        if !is_upper_line(c) {
            continue;
        }
        let low = c.to_lowercase();
        // The motto, whole or split by the layout ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM").
        let motto = patterns
            .motto
            .iter()
            .any(|m| low.contains(m.as_str()) || (low.len() >= 8 && m.contains(low.as_str())));
        if motto || patterns.kind_of_word(c).is_some() || number_line_re().is_match(c) {
            continue;
        }
        // Rejoin a name split by the layout.
        if let Some(prev) = out.last_mut() {
            let joined = format!("{prev} {c}");
            if SPLIT_BODIES.iter().any(|b| b.starts_with(joined.as_str())) {
                *prev = joined;
                continue;
            }
        }
        out.push(c.to_string());
    }
    doc.issuing_body = out;
}

fn set_date(doc: &mut Document, y: Option<i32>, m: Option<u32>, d: Option<u32>) {
    let Some(y) = y else { return };
    match (d, m) {
        (Some(d), Some(m)) => match validate(d, m, Some(y)) {
            v @ DateValue::Full(..) => {
                doc.date = v.iso();
                doc.date_precision = Some("day".into());
            }
            _ => {
                doc.date = Some(format!("{y:04}-{m:02}"));
                doc.date_precision = Some("month".into());
            }
        },
        (None, Some(m)) if (1..=12).contains(&m) => {
            doc.date = Some(format!("{y:04}-{m:02}"));
            doc.date_precision = Some("month".into());
        }
        _ => {
            doc.date = Some(format!("{y:04}"));
            doc.date_precision = Some("year".into());
        }
    }
}

/// Place and date: the place-date line (or cell, or a cell and the line after it when the
/// date is wrapped); for adopted texts without one, the adoption date.
fn place_and_date(text: &str, zone: &[Line<'_>], doc: &mut Document) {
    let mut found = None;
    'lines: for (i, (_, l)) in zone.iter().enumerate() {
        for c in cells(l) {
            if let Some(pd) = place_date(c) {
                found = Some(pd);
                break 'lines;
            }
            if c.to_lowercase().contains("ngày") {
                if let Some((_, n)) = zone.get(i + 1) {
                    if let Some(pd) = place_date(&format!("{c} {}", clean(n))) {
                        found = Some(pd);
                        break 'lines;
                    }
                }
            }
        }
    }
    if let Some((place, y, m, d, _)) = found {
        // A place wrapped over two lines ("Thành phố Hồ" / "Chí Minh, ngày ...") is told by
        // the locality; keep what the date line says.
        doc.place = Some(place);
        set_date(doc, Some(y), m, d);
        return;
    }
    if doc.date.is_some() {
        return;
    }
    if doc.kind.as_deref().is_some_and(|k| ADOPTED.contains(&k)) {
        if let Some(c) = adopted_re().captures(text) {
            set_date(
                doc,
                c["y"].parse().ok(),
                c["m"].parse().ok(),
                c["d"].parse().ok(),
            );
        }
    }
}

/// The locality: a province named in the issuing body, else, for a local issuer, the place.
fn locality(localities: &Localities, doc: &mut Document) {
    let body_local = localities.body_is_local(&doc.issuing_body);
    let symbol_local = doc
        .issuer
        .as_deref()
        .and_then(|i| localities.issuer_is_local(i));
    if body_local == Some(false) || (body_local.is_none() && symbol_local == Some(false)) {
        return;
    }
    if let Some(l) = localities.find(&doc.issuing_body.join(" ")) {
        doc.locality = Some(l.to_string());
        return;
    }
    if body_local == Some(true) || symbol_local == Some(true) {
        if let Some(p) = doc.place.as_deref().and_then(|p| localities.find(p)) {
            doc.locality = Some(p.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc() -> Localities {
        Localities::from_vocabulary(vanban_vocab::Vocabulary::builtin()).expect("vocabulary")
    }

    const SAMPLE: &str = "UBND TỈNH BẮC NINH\nSỞ TƯ PHÁP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 0186/QĐ-STP\n\nBắc Ninh, ngày 05 tháng 3 năm 2019\n\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\n\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\nNội dung.\n\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n(Đã ký)\n\nTrần Văn An\n";

    #[test]
    fn full_header() {
        let h = parse(SAMPLE, &Patterns::builtin(), &loc());
        let d = &h.document;
        assert_eq!(d.key.as_deref(), Some("186/QĐ-STP"));
        assert_eq!(d.number.as_deref(), Some("0186/QĐ-STP"));
        assert_eq!(
            (d.type_code.as_deref(), d.issuer.as_deref()),
            (Some("QĐ"), Some("STP"))
        );
        assert_eq!(d.kind.as_deref(), Some("Quyết định"));
        assert_eq!(d.issuing_body, ["UBND TỈNH BẮC NINH", "SỞ TƯ PHÁP"]);
        assert_eq!(
            (
                d.place.as_deref(),
                d.date.as_deref(),
                d.date_precision.as_deref()
            ),
            (Some("Bắc Ninh"), Some("2019-03-05"), Some("day"))
        );
        assert_eq!(
            d.subject.as_deref(),
            Some("Về việc ban hành Quy chế làm việc")
        );
        assert_eq!(d.copies_to, ["Như Điều 3", "Lưu: VT"]);
        assert_eq!(
            d.signing_capacity.as_deref(),
            Some("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")
        );
        assert_eq!(d.signer.as_deref(), Some("Trần Văn An"));
        let r = h.own_range.expect("own range");
        assert_eq!(&SAMPLE[r], "0186/QĐ-STP");
    }

    #[test]
    fn blank_number_and_vv() {
        let t = "\n\nSố: /SKHCN-VP  \nV/v triển khai kết luận  \nvề công tác CCHC\n\nHưng Yên, ngày tháng 7 năm 2023\n\nKính gửi: Các phòng chuyên môn.\n";
        let d = parse(t, &Patterns::builtin(), &loc()).document;
        assert_eq!(
            (d.number.as_deref(), d.key.as_deref()),
            (Some("/SKHCN-VP"), None)
        );
        assert_eq!(
            (d.kind.as_deref(), d.issuer.as_deref()),
            (Some("Công văn"), Some("SKHCN"))
        );
        assert_eq!(
            d.subject.as_deref(),
            Some("triển khai kết luận về công tác CCHC")
        );
        assert_eq!(
            (d.date.as_deref(), d.date_precision.as_deref()),
            (Some("2023-07"), Some("month"))
        );
        assert_eq!(d.recipients, ["Các phòng chuyên môn"]);
        let t = "Số 184/KH-UBND ngày 07/12/2021 về cải cách hành chính\n";
        assert!(parse(t, &Patterns::builtin(), &loc()).own_range.is_none());
        let t = "SỐ 12/TB-VP\n";
        assert!(parse(t, &Patterns::builtin(), &loc()).own_range.is_some());
        let t = "Số: /BC-SKHCN\n\nBÁO CÁO\nKết quả\n";
        let d = parse(t, &Patterns::builtin(), &loc()).document;
        assert_eq!(
            (
                d.kind.as_deref(),
                d.type_code.as_deref(),
                d.subject.as_deref()
            ),
            (Some("Báo cáo"), Some("BC"), Some("Kết quả"))
        );
    }
}
