//! The parts of a document around its body: recipients (Kính gửi), copies (Nơi nhận), and
//! the signature block (signing capacity and signer).

use super::{clean, is_upper_line, Line};
use crate::model::Document;
use crate::patterns::Patterns;

/// Recipients from the "Kính gửi" lines of the header zone.
pub(super) fn recipients(zone: &[Line<'_>], doc: &mut Document) {
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
}

/// Copies (Nơi nhận) and the signature block, from the end of the text.
pub(super) fn signature(ls: &[Line<'_>], patterns: &Patterns, doc: &mut Document) {
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
}
