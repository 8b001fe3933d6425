//! The document's own header and signature block: own number (also when left blank), type,
//! issuing body, place and date, subject, recipients, signer, copies.

use crate::dates::{place_date, validate, DateValue};
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

/// Lines with their byte ranges (without the line break).
fn lines(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for l in text.split_inclusive('\n') {
        let body = l.trim_end_matches(['\n', '\r']);
        out.push((start..start + body.len(), body));
        start += l.len();
    }
    out
}

/// Strip markdown-ish emphasis and white space around a line.
fn clean(l: &str) -> &str {
    l.trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
}

fn is_upper_line(l: &str) -> bool {
    let letters: Vec<char> = l.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase())
}

fn own_number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[ \t*_]*(?:Số|SỐ|số)[ \t]*:?[ \t]*(?P<sym>(?P<num>\d{1,5}[a-zA-Z]?)?[ \t]*[/\-][^\s]*)")
            .expect("own number pattern")
    })
}

/// Parse the header (first lines) and signature block (last lines) of `text`.
pub fn parse(text: &str, patterns: &Patterns) -> Head {
    let ls = lines(text);
    let mut head = Head::default();
    let doc = &mut head.document;
    // The header zone ends at the first body paragraph.
    let mut zone_end = ls.len().min(40);
    for (i, (_, l)) in ls.iter().enumerate().take(40) {
        let c = clean(l);
        if c.starts_with("Căn cứ") || c.starts_with("Thực hiện") || c.chars().count() > 160 {
            zone_end = i;
            break;
        }
    }
    let zone = &ls[..zone_end];

    // Own number.
    let mut number_line = None;
    for (i, (r, l)) in zone.iter().enumerate() {
        if let Some(c) = own_number_re().captures(l) {
            let Some(sym) = c.name("sym") else { continue };
            // A header number has a colon or stands alone on its line (or beside the
            // place-date column); "Số 184/KH-UBND ngày ..." in a list is a reference.
            let rest = l[sym.end()..].trim();
            let colon = c.get(0).is_some_and(|m| m.as_str().contains(':'));
            if !(colon || rest.is_empty() || place_date(rest).is_some()) {
                continue;
            }
            let sym_s = sym.as_str().trim_end_matches([',', ';', '.']);
            doc.number = Some(sym_s.to_string());
            let abs = r.start + sym.start()..r.start + sym.start() + sym_s.len();
            head.own_range = Some(abs);
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
            if c.name("num").is_some() {
                let key: String = sym_s.chars().filter(|c| !c.is_whitespace()).collect();
                let (n, rest) = key.split_at(key.find(['/', '-']).unwrap_or(key.len()));
                let n = n.trim_start_matches('0');
                let n = if n.is_empty() { "0" } else { n };
                doc.key = Some(upper_key(&format!("{n}{rest}")));
            }
            number_line = Some(i);
            break;
        }
    }

    // Type from a heading line, or V/v, or the own type code.
    let mut heading_line = None;
    for (i, (_, l)) in zone.iter().enumerate() {
        let c = clean(l);
        if is_upper_line(c) {
            if let Some(k) = patterns.kind_of_word(c) {
                doc.kind = Some(k.to_string());
                heading_line = Some(i);
                break;
            }
        }
    }
    let vv = zone.iter().position(|(_, l)| {
        let c = clean(l);
        c.starts_with("V/v") || c.starts_with("V/V") || c.starts_with("Về việc")
    });
    if doc.kind.is_none() {
        if vv.is_some() {
            doc.kind = Some("Công văn".to_string());
        } else if let Some(code) = &doc.type_code {
            doc.kind = patterns.kind_of_code(code).map(str::to_string);
        } else if doc.number.is_some() {
            doc.kind = Some("Công văn".to_string());
        }
    }

    // Subject: the lines after the heading, or the V/v lines.
    let subject_from = match (heading_line, vv) {
        (Some(h), _) => Some((h + 1, true)),
        (None, Some(v)) => Some((v, false)),
        _ => None,
    };
    if let Some((from, skip_blank)) = subject_from {
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

    // Issuing body: upper-case lines above the number / heading that are not the motto.
    let stop = number_line.or(heading_line).unwrap_or(zone.len().min(8));
    for (_, l) in zone.iter().take(stop) {
        let c = clean(l);
        if c.is_empty() || !is_upper_line(c) {
            continue;
        }
        let low = c.to_lowercase();
        if patterns.motto.iter().any(|m| low.contains(m.as_str()))
            || patterns.kind_of_word(c).is_some()
        {
            continue;
        }
        doc.issuing_body.push(c.to_string());
    }

    // Place and date.
    let zone_bytes = zone.last().map_or(0, |(r, _)| r.end);
    if let Some((place, y, m, d, _)) = place_date(&text[..zone_bytes.min(text.len())]) {
        doc.place = Some(place);
        match (d, m) {
            (Some(d), Some(m)) => match validate(d, m, Some(y)) {
                DateValue::Full(..) => {
                    doc.date = validate(d, m, Some(y)).iso();
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

    // Recipients.
    if let Some(i) = zone
        .iter()
        .position(|(_, l)| clean(l).starts_with("Kính gửi"))
    {
        let first = clean(zone[i].1)
            .trim_start_matches("Kính gửi")
            .trim_start_matches([':', ' '])
            .trim();
        if !first.is_empty() {
            doc.recipients
                .push(first.trim_end_matches(['.', ';', ',']).to_string());
        }
        for (_, l) in zone.iter().skip(i + 1) {
            let c = clean(l);
            if !(c.starts_with('-') || c.starts_with('+') || c.starts_with('•')) {
                break;
            }
            doc.recipients.push(
                c.trim_start_matches(['-', '+', '•', ' '])
                    .trim_end_matches(['.', ';', ','])
                    .trim()
                    .to_string(),
            );
        }
    }

    // Nơi nhận.
    if let Some(i) = ls
        .iter()
        .rposition(|(_, l)| clean(l).starts_with("Nơi nhận"))
    {
        for (_, l) in ls.iter().skip(i + 1) {
            let c = clean(l);
            if c.is_empty() {
                continue;
            }
            if !c.starts_with('-') {
                break;
            }
            doc.copies_to.push(
                c.trim_start_matches(['-', ' '])
                    .trim_end_matches(['.', ';', ','])
                    .trim()
                    .to_string(),
            );
        }
    }

    // Signature block: capacity lines (TM./KT./TL./Q. or an upper-case title), then a name.
    // Near "Nơi nhận" when there is one (appendices may follow), else the last lines.
    let nn = ls
        .iter()
        .rposition(|(_, l)| clean(l).starts_with("Nơi nhận"));
    let tail_from = match nn {
        Some(i) => i.saturating_sub(30),
        None => ls.len().saturating_sub(60),
    };
    let is_capacity = |c: &str| patterns.capacity.iter().any(|p| c.starts_with(p.as_str()));
    if let Some(s) = ls[tail_from..]
        .iter()
        .position(|(_, l)| is_capacity(clean(l)))
    {
        let mut cap = Vec::new();
        let mut i = tail_from + s;
        while i < ls.len() {
            let c = clean(ls[i].1);
            if c.is_empty() {
                i += 1;
                continue;
            }
            if is_capacity(c)
                || (is_upper_line(c) && patterns.titles.iter().any(|t| c.contains(t.as_str())))
            {
                cap.push(c.to_string());
                i += 1;
            } else {
                break;
            }
        }
        if !cap.is_empty() {
            doc.signing_capacity = Some(cap.join(" / "));
        }
        while i < ls.len() {
            let c = clean(ls[i].1);
            i += 1;
            if c.is_empty() || c.starts_with('(') {
                continue;
            }
            let words: Vec<&str> = c.split_whitespace().collect();
            if (2..=6).contains(&words.len())
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && !is_upper_line(c)
            {
                doc.signer = Some(words.join(" "));
            }
            break;
        }
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "UBND TỈNH BẮC NINH\nSỞ TƯ PHÁP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 0186/QĐ-STP\n\nBắc Ninh, ngày 05 tháng 3 năm 2019\n\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\n\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\nNội dung.\n\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n(Đã ký)\n\nTrần Văn An\n";

    #[test]
    fn full_header() {
        let h = parse(SAMPLE, &Patterns::builtin());
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
        let d = parse(t, &Patterns::builtin()).document;
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
        assert!(parse(t, &Patterns::builtin()).own_range.is_none());
        let t = "SỐ 12/TB-VP\n";
        assert!(parse(t, &Patterns::builtin()).own_range.is_some());
        let t = "Số: /BC-SKHCN\n\nBÁO CÁO\nKết quả\n";
        let d = parse(t, &Patterns::builtin()).document;
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
