//! Relation rules that look beyond one sentence (`docs/spec/relations.md`): a list after one
//! cue ("Bãi bỏ các Thông tư sau: a) ...; b) ..."), postfix cues ("Quyết định số X hết hiệu
//! lực kể từ ngày ..."), the regulation issued with the decision in the same file, what a
//! consolidated text merges; and the provisions and effective date of an edge.

use super::{cues_in, Dir, DocFacts, Folded, Located, Out, Provisions, Ref, Vocab};
use crate::model::Rel;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Relations a list after one cue can carry.
const LISTABLE: [Rel; 6] = [
    Rel::Repeals,
    Rel::Replaces,
    Rel::Terminates,
    Rel::Suspends,
    Rel::Amends,
    Rel::Corrects,
];

/// How a sentence is marked as a list item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    /// "1." "2.3."
    Number,
    /// "1)" "(1)"
    NumberParen,
    /// "a)" "đ)"
    Letter,
    /// "-" "+" "•"
    Dash,
    /// "Điều 1."
    Article,
    /// No marker.
    None,
}

fn marker(body: &str) -> Marker {
    let t = body.trim_start();
    let b = t.as_bytes();
    if t.len() >= 6
        && t.get(..5).is_some_and(|h| h.eq_ignore_ascii_case("dieu "))
        && b[5].is_ascii_digit()
    {
        // "Điều 3." heads an article; "Điều 14, 18 Quyết định số ..." names provisions.
        let n = b[5..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        return match b.get(5 + n) {
            Some(b'.' | b':') | None => Marker::Article,
            _ => Marker::None,
        };
    }
    match b.first() {
        Some(b'-' | b'+' | b'*') => return Marker::Dash,
        Some(_) if t.starts_with('•') || t.starts_with('–') => return Marker::Dash,
        _ => {}
    }
    let digits = b
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b'.')
        .count();
    if digits > 0 && b[0].is_ascii_digit() {
        return match b.get(digits) {
            Some(b')') => Marker::NumberParen,
            _ if b[digits - 1] == b'.' => Marker::Number,
            _ => Marker::None,
        };
    }
    if b.first() == Some(&b'(') && b.get(1).is_some_and(u8::is_ascii_digit) {
        return Marker::NumberParen;
    }
    // "a)", "đ)" (folded: "d)").
    if b.len() >= 2 && b[0].is_ascii_lowercase() && b[1] == b')' {
        return Marker::Letter;
    }
    Marker::None
}

/// "các Quyết định sau", "những văn bản sau đây", "một số văn bản ... sau": a list follows
/// (at most 120 characters between the opener and "sau", none of them `.`, `;` or `:`).
fn is_list_header(low: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    // The gap is unbounded in the pattern and bounded in code: a bounded repetition of a
    // Unicode class compiles to one copy per repetition (milliseconds at every start-up).
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?-u:\b)(?:cac|nhung|mot so)(?-u:\b)(?P<gap>[^.;:]*?)(?-u:\b)sau(?:\s+day)?(?-u:\b)",
        )
        .expect("list header")
    });
    crate::rx::captures_bounded(re, low, "gap", 120).is_some()
}

/// "(kể) từ ngày 01 tháng 01 năm 2026", "từ ngày 01/01/2026": when an edge takes effect.
fn effective_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)tu\s+ngay\s+(?P<d>\d{1,2})(?:\s+thang\s+|\s*[/.\-]\s*)(?P<m>\d{1,2})(?:\s+nam\s+|\s*[/.\-]\s*)(?P<y>\d{4})")
            .expect("effective date")
    })
}

/// The effective date stated in folded text `s`, ISO.
fn effective_in(s: &str) -> Option<String> {
    let c = effective_re().captures(s)?;
    crate::dates::validate(
        c["d"].parse().ok()?,
        c["m"].parse().ok()?,
        c["y"].parse().ok(),
    )
    .iso()
}

/// Provisions named right before a reference (original text before it, within its clause):
/// "bãi bỏ khoản 3 Điều 8 của Quyết định số ..." gives `["khoản 3 Điều 8"]`; "các khoản 1, 3
/// Điều 7" gives one provision per clause.
pub(super) fn provisions_before(v: &Vocab, before: &str) -> Vec<String> {
    let chain = &v.provisions.chain_re;
    // Provisions sit right before the number: a short window keeps the end-anchored searches
    // linear (over the whole clause they cost its length at every reference).
    let from = before.len().saturating_sub(400);
    let before = &before[vanban_text::views::ceil_char(before, from)..];
    // Between the provisions and the number: the document's own words ("của Quyết định
    // số"), at most five. They are dropped one by one from the end until a run of
    // provisions ends the text: a pattern for the words alone would also take a roman
    // numeral ("Chương III của ...") for one of them.
    let mut s = before.trim_end();
    let mut found = None;
    for _ in 0..=6 {
        if let Some(c) = chain.captures(s) {
            found = c.get(1).map(|m| m.as_str());
            break;
        }
        match s.rfind(char::is_whitespace) {
            Some(i) => s = s[..i].trim_end(),
            None => break,
        }
    }
    let Some(text) = found else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for group in text.split([';']).flat_map(|g| g.split(" và ")) {
        let g = group.trim().trim_end_matches([',', ';']).trim();
        if g.is_empty() {
            continue;
        }
        out.extend(expand(&v.provisions, g));
    }
    out
}

/// "các khoản 1, 3 Điều 7" -> ["khoản 1 Điều 7", "khoản 3 Điều 7"]; "khoản 2 Điều 3" as is;
/// "Chương II, Chương III" -> ["Chương II", "Chương III"] (the first unit again begins a new
/// provision). Units are written as the `provision` list writes them.
fn expand(p: &Provisions, g: &str) -> Vec<String> {
    let g = g.trim_start_matches("các ").trim_start_matches("Các ");
    // Each unit word and the text up to the next one: its numbers. Numbers are read whole
    // (split at commas), so the first letters of the next unit word ("Ch" of "Chương") are
    // never taken for a lettered number.
    let units: Vec<(usize, usize, String)> = p
        .unit_re
        .captures_iter(g)
        .filter_map(|c| {
            let u = c.name("u")?;
            Some((u.start(), u.end(), p.citation_form(u.as_str())))
        })
        .collect();
    let mut parts: Vec<(String, Vec<String>)> = Vec::new();
    for (i, (_, end, unit)) in units.iter().enumerate() {
        let stop = units.get(i + 1).map_or(g.len(), |n| n.0);
        let nums: Vec<String> = g[*end..stop]
            .split(',')
            .flat_map(|x| x.split(" và "))
            .map(|n| n.trim().to_string())
            .filter(|n| p.num_re.is_match(n))
            .collect();
        if !nums.is_empty() {
            parts.push((unit.clone(), nums));
        }
    }
    // A unit no larger than the one before it begins the next provision. Provisions of one
    // unit alone that run into one of the same unit with more ("điểm b, điểm d, điểm h
    // khoản 2 Điều 2") share its larger units.
    let rank = |u: &str| p.forms.iter().position(|f| f.eq_ignore_ascii_case(u));
    let mut provisions: Vec<Vec<(String, Vec<String>)>> = Vec::new();
    for part in parts {
        let opens = provisions
            .last()
            .and_then(|pr| pr.last())
            .is_none_or(|last| rank(&part.0).unwrap_or(0) <= rank(&last.0).unwrap_or(0));
        if opens {
            provisions.push(vec![part]);
        } else if let Some(pr) = provisions.last_mut() {
            pr.push(part);
        }
    }
    let mut out = Vec::new();
    let mut bare: Vec<String> = Vec::new();
    for mut pr in provisions {
        if pr.len() == 1 && !bare.is_empty() && !pr[0].0.eq_ignore_ascii_case(&bare[0]) {
            out.extend(flush_bare(&mut bare));
        }
        if pr.len() == 1 {
            if bare.is_empty() {
                bare.push(pr[0].0.clone());
            }
            bare.extend(pr.remove(0).1);
            continue;
        }
        if !bare.is_empty() && pr[0].0.eq_ignore_ascii_case(&bare[0]) {
            let mut nums: Vec<String> = bare.drain(1..).collect();
            bare.clear();
            nums.append(&mut pr[0].1);
            pr[0].1 = nums;
        } else {
            out.extend(flush_bare(&mut bare));
        }
        out.extend(provisions_of(&pr));
    }
    out.extend(flush_bare(&mut bare));
    out
}

/// Provisions of one unit alone: `["Chương", "II", "III"]` -> `["Chương II", "Chương III"]`.
fn flush_bare(bare: &mut Vec<String>) -> Vec<String> {
    let out = match bare.split_first() {
        Some((unit, nums)) => nums.iter().map(|n| format!("{unit} {n}")).collect(),
        None => Vec::new(),
    };
    bare.clear();
    out
}

/// One provision's parts, its first unit's numbers each a provision of the rest:
/// `[("khoản", [1, 3]), ("Điều", [7])]` -> `["khoản 1 Điều 7", "khoản 3 Điều 7"]`.
fn provisions_of(parts: &[(String, Vec<String>)]) -> Vec<String> {
    let Some((first_unit, first_nums)) = parts.first() else {
        return Vec::new();
    };
    let rest: Vec<String> = parts[1..]
        .iter()
        .map(|(u, n)| format!("{u} {}", n.join(", ")))
        .collect();
    first_nums
        .iter()
        .map(|n| {
            let mut s = format!("{first_unit} {n}");
            for r in &rest {
                s.push(' ');
                s.push_str(r);
            }
            s
        })
        .collect()
}

/// Run every rule of this module.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    v: &Vocab,
    f: &str,
    text: &str,
    fd: &Folded,
    sents: &[Range<usize>],
    members: &[Vec<usize>],
    rs: &[Ref<'_>],
    all: &[Located<'_>],
    doc: &DocFacts<'_>,
    out: &mut Out<'_, '_>,
) {
    let orig_before = |r: &Ref<'_>, from_f: usize| -> String {
        let a = fd.to_orig(text, from_f);
        let b = fd.to_orig(text, r.f.start);
        text.get(a..b.max(a)).unwrap_or("").to_string()
    };
    let mut k = 0;
    while k < sents.len() {
        let sent = &sents[k];
        let body = &f[sent.clone()];
        let cues: Vec<_> = super::cues_with_postfix(body, v)
            .into_iter()
            .filter(|(_, c)| LISTABLE.contains(&c.rel))
            .collect();
        let Some(&(cue_m, cue)) = cues.first() else {
            k += 1;
            continue;
        };
        // A passive list ("X ... quy định chi tiết Nghị định Z ..., có hiệu lực kể từ ngày
        // ..., được sửa đổi, bổ sung bởi: 1. Y ...; 2. ..."): each item acts on X, the head of
        // the sentence; references after it describe X.
        let passive_subject = (cue.dir == Dir::Inverse)
            .then(|| {
                members[k]
                    .iter()
                    .copied()
                    .find(|&i| rs[i].f.end <= sent.start + cue_m.start())
            })
            .flatten();
        if cue.dir == Dir::Inverse && passive_subject.is_none() {
            k += 1;
            continue;
        }
        let cue_at = sent.start + cue_m.start();
        let idx = &members[k];
        let refs_after_cue: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&i| rs[i].f.start > cue_at)
            .collect();
        let low = body.to_ascii_lowercase();
        let colon = body.rfind(':').map(|p| sent.start + p);
        // The cue's object is a set of documents, named after it ("bãi bỏ toàn bộ một số văn
        // bản ...", "thay thế các Quyết định ...").
        let after_cue = low[cue_m.end()..].trim_start();
        let plural = [
            "toan bo cac ",
            "toan bo mot so ",
            "cac ",
            "mot so ",
            "nhung ",
        ]
        .iter()
        .find_map(|p| after_cue.strip_prefix(p))
        .is_some_and(|rest| super::starts_with_type(rest, v));
        let header = is_list_header(&low)
            || body.trim_end().ends_with(':')
            || (plural && cue.dir == Dir::Forward);
        let mark = marker(body);
        let article_heading = mark == Marker::Article && idx.is_empty();
        let effective = effective_in(body);
        if header || article_heading {
            // Inline items after the colon, then following item sentences.
            // (ref index, item start in folded)
            let mut items: Vec<(usize, usize)> = Vec::new();
            // Items separated by ';' or coordination, from `c` on: the first reference of each.
            let inline_items = |c: usize, idx: &[usize], items: &mut Vec<(usize, usize)>| {
                let mut item_start = c + 1;
                let mut first_in_item = true;
                let mut prev_end = c;
                for &i in idx.iter().filter(|&&i| rs[i].f.start > c) {
                    let gap = &f[item_start.min(rs[i].f.start)..rs[i].f.start];
                    if gap.contains(';') {
                        item_start = item_start + gap.rfind(';').unwrap_or(0) + 1;
                        first_in_item = true;
                    } else if super::coordination(&f[prev_end.min(rs[i].f.start)..rs[i].f.start], v)
                        .is_some()
                    {
                        // ", Quyết định số ...": the next item.
                        first_in_item = true;
                    }
                    prev_end = rs[i].f.end;
                    if first_in_item {
                        items.push((i, item_start));
                        first_in_item = false;
                    }
                }
            };
            // Without a colon the items start right after the cue's plural object.
            let inline_from = colon
                .filter(|&c| c > cue_at)
                .or(plural.then_some(cue_at + cue_m.len()));
            if let Some(c) = inline_from {
                inline_items(c, idx, &mut items);
            }
            let mut j = k + 1;
            // "... và thay thế:\nĐiều 14, 18 Quyết định số X ...; Điều 3 Quyết định số Y ...":
            // one unmarked sentence of items separated by semicolons.
            if items.is_empty()
                && body.trim_end().ends_with(':')
                && j < sents.len()
                && marker(&f[sents[j].clone()]) == Marker::None
                && f[sents[j].clone()].contains(';')
            {
                inline_items(sents[j].start.saturating_sub(1), &members[j], &mut items);
                if !items.is_empty() {
                    j += 1;
                }
            }
            while j < sents.len() {
                let b = &f[sents[j].clone()];
                let m = marker(b);
                if m == Marker::None || m == Marker::Article || (m == mark && mark != Marker::None)
                {
                    break;
                }
                // The item's own subjects: its references before any cue of its own.
                let own_cue = cues_in(b, v)
                    .first()
                    .map(|(m, _)| sents[j].start + m.start());
                let mut subj = members[j]
                    .iter()
                    .copied()
                    .filter(|&i| own_cue.is_none_or(|c| rs[i].f.start < c));
                if let Some(i) = subj.next() {
                    items.push((i, sents[j].start));
                    // "a) Quyết định số X và Quyết định số Y": coordinated subjects.
                    let mut prev = rs[i].f.end;
                    for i2 in subj {
                        let gap = &f[prev..rs[i2].f.start];
                        if super::coordination(gap, v).is_some() {
                            items.push((i2, sents[j].start));
                            prev = rs[i2].f.end;
                        } else {
                            break;
                        }
                    }
                }
                j += 1;
            }
            if !items.is_empty() {
                for (i, start) in items {
                    let r = &rs[i];
                    let provisions = provisions_before(v, &orig_before(r, start));
                    // Passive: the item acts on the subject; active: this document acts on
                    // the item.
                    let (from, to) = match passive_subject {
                        Some(sj) if sj != i => (Some(r.key), rs[sj].key),
                        Some(_) => continue,
                        None => (None, r.key),
                    };
                    out.push_full(
                        from,
                        cue.rel,
                        to,
                        sent.start..r.f.end,
                        provisions,
                        effective.clone(),
                    );
                }
                k = j.max(k + 1);
                continue;
            }
        }
        // "Quyết định số X ... hết hiệu lực kể từ ngày ...": the document ends X.
        if cue.dir == Dir::Postfix && !refs_after_cue.iter().any(|_| false) {
            let past = low[..cue_m.start()].trim_end().ends_with(" da");
            let clause_start = body[..cue_m.start()]
                .rfind(';')
                .map_or(sent.start, |p| sent.start + p + 1);
            if !past {
                for &i in idx
                    .iter()
                    .filter(|&&i| rs[i].f.start >= clause_start && rs[i].f.end <= cue_at)
                {
                    let r = &rs[i];
                    let provisions = provisions_before(v, &orig_before(r, clause_start));
                    out.push_full(
                        None,
                        cue.rel,
                        r.key,
                        sent.start..cue_at + cue_m.len(),
                        provisions,
                        effective.clone(),
                    );
                }
            }
        }
        k += 1;
    }
    title_amendments(f, sents, members, rs, out);
    issued_with_self(text, all, doc, fd, out);
    consolidated(f, sents, members, rs, doc, out);
}

/// The amending title before a reference: "Luật Sửa đổi, bổ sung một số điều của Luật Ban
/// hành văn bản quy phạm pháp luật số Y" -> the name of the amended law, folded.
fn amended_name(before: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        // At most 160 characters of name, bounded in code (see `crate::rx::captures_bounded`).
        Regex::new(r"(?i)sua doi(?:,?\s*bo sung)?(?:\s+mot so dieu)?\s+cua\s+(?:cac\s+)?(?P<name>[\p{L}\s,]{4,}?)\s+(?:so\s*)?$")
            .expect("amending title")
    });
    let c = crate::rx::captures_bounded(re, before, "name", 160)?;
    let name = c["name"]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    (name.split(' ').count() >= 2).then_some(name)
}

/// "Luật X số A; Luật Sửa đổi, bổ sung một số điều của Luật X số B": B amends A. The amended
/// document is the nearest earlier reference, in this sentence or the two before, whose
/// own title is the name the amending title gives.
fn title_amendments(
    f: &str,
    sents: &[Range<usize>],
    members: &[Vec<usize>],
    rs: &[Ref<'_>],
    out: &mut Out<'_, '_>,
) {
    let title_before = |i: usize, floor: usize| -> String {
        let r = &rs[i];
        let lo = vanban_text::views::floor_char(f, r.f.start.saturating_sub(220).max(floor));
        f[lo..r.f.start].to_ascii_lowercase()
    };
    for (k, s) in sents.iter().enumerate() {
        for &i in &members[k] {
            let prev_end = members[k]
                .iter()
                .copied()
                .filter(|&p| rs[p].f.end <= rs[i].f.start)
                .map(|p| rs[p].f.end)
                .max()
                .unwrap_or(s.start);
            let Some(name) = amended_name(&title_before(i, prev_end)) else {
                continue;
            };
            let lo = k.saturating_sub(2);
            let earlier = (lo..=k)
                .rev()
                .flat_map(|kk| members[kk].iter().rev().copied())
                .find(|&q| {
                    if rs[q].f.end > rs[i].f.start || q == i {
                        return false;
                    }
                    let t = title_before(q, 0);
                    let t = t.trim_end().trim_end_matches("so").trim_end();
                    t.ends_with(&name)
                });
            if let Some(q) = earlier {
                out.push(
                    Some(rs[i].key),
                    Rel::Amends,
                    rs[q].key,
                    rs[q].f.start..rs[i].f.end,
                );
            }
        }
    }
}

/// "(Ban hành kèm theo Quyết định số <own number> ...)": the regulation or plan in this file
/// is issued with the decision whose number the file bears.
fn issued_with_self(
    text: &str,
    all: &[Located<'_>],
    doc: &DocFacts<'_>,
    fd: &Folded,
    out: &mut Out<'_, '_>,
) {
    let Some(own) = doc.own_key else { return };
    for l in all.iter().filter(|l| l.reference.key == own) {
        let line_start = text[..l.range.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |p| p + 1);
        let before = text[line_start..l.range.start.min(text.len())].trim_start();
        let low = vanban_text::fold(before);
        let low = low.trim_start_matches([' ', '\t', '*']);
        if low.starts_with("(ban hanh kem theo") || low.starts_with("(kem theo") {
            let ev = fd.to_folded(text, line_start)..fd.to_folded(text, l.range.end);
            out.push(None, Rel::IssuedWith, own, ev);
        }
    }
}

/// A consolidated text (Văn bản hợp nhất) merges the documents its opening names, before
/// its basis clauses or first article.
fn consolidated(
    f: &str,
    sents: &[Range<usize>],
    members: &[Vec<usize>],
    rs: &[Ref<'_>],
    doc: &DocFacts<'_>,
    out: &mut Out<'_, '_>,
) {
    if doc.kind != Some("Văn bản hợp nhất") {
        return;
    }
    for (k, s) in sents.iter().enumerate() {
        let low = f[s.clone()].trim_start().to_ascii_lowercase();
        if low.starts_with("can cu")
            || low.starts_with("dieu 1")
            || low.starts_with("chuong i")
            || low.starts_with("phan thu nhat")
        {
            break;
        }
        for &i in &members[k] {
            out.push(None, Rel::Consolidates, rs[i].key, s.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> &'static Vocab {
        static V: OnceLock<Vocab> = OnceLock::new();
        V.get_or_init(|| {
            let p = crate::patterns::Patterns::builtin();
            Vocab::new(vanban_vocab::Vocabulary::builtin(), &p.document_words).expect("vocabulary")
        })
    }

    #[test]
    fn provisions_as_written() {
        assert_eq!(
            provisions_before(vocab(), "bãi bỏ khoản 3 Điều 8 của Quyết định số "),
            ["khoản 3 Điều 8"]
        );
        assert_eq!(
            provisions_before(
                vocab(),
                "c) Khoản 2 Điều 3; các khoản 1, 3 Điều 7 và khoản 2 Điều 8 của Nghị định số "
            ),
            [
                "khoản 2 Điều 3",
                "khoản 1 Điều 7",
                "khoản 3 Điều 7",
                "khoản 2 Điều 8"
            ]
        );
        assert_eq!(
            provisions_before(vocab(), "bãi bỏ điểm c khoản 1 Điều 3 Quyết định số "),
            ["điểm c khoản 1 Điều 3"]
        );
        assert!(provisions_before(vocab(), "bãi bỏ toàn bộ Quyết định số ").is_empty());
        // A unit named again begins the next provision; its word is no lettered number.
        assert_eq!(
            provisions_before(vocab(), "Sửa đổi Chương II, Chương III của Quyết định số "),
            ["Chương II", "Chương III"]
        );
        assert_eq!(
            provisions_before(
                vocab(),
                "bãi bỏ khoản 1 Điều 2, khoản 3 Điều 4 của Luật số "
            ),
            ["khoản 1 Điều 2", "khoản 3 Điều 4"]
        );
        assert_eq!(
            provisions_before(
                vocab(),
                "sửa đổi điểm a, b khoản 2 Điều 5 của Nghị định số "
            ),
            ["điểm a khoản 2 Điều 5", "điểm b khoản 2 Điều 5"]
        );
        // Points of one unit alone share the larger units of the next point; a smaller unit
        // after a larger one begins another provision.
        assert_eq!(
            provisions_before(
                vocab(),
                "bãi bỏ điểm b, điểm d, điểm h khoản 2 Điều 2, điểm d khoản 4 Điều 7 Nghị định số "
            ),
            [
                "điểm b khoản 2 Điều 2",
                "điểm d khoản 2 Điều 2",
                "điểm h khoản 2 Điều 2",
                "điểm d khoản 4 Điều 7"
            ]
        );
        assert_eq!(
            provisions_before(
                vocab(),
                "bãi bỏ Điều 30, Điều 31, khoản 2 Điều 32 của Thông tư số "
            ),
            ["Điều 30", "Điều 31", "khoản 2 Điều 32"]
        );
    }

    #[test]
    fn item_markers() {
        assert_eq!(marker("a) Quyet dinh so"), Marker::Letter);
        assert_eq!(marker("12. Quyet dinh"), Marker::Number);
        assert_eq!(marker("(2) Nghi dinh"), Marker::NumberParen);
        assert_eq!(marker("- Quyet dinh"), Marker::Dash);
        assert_eq!(marker("Dieu 1. Bai bo"), Marker::Article);
        assert_eq!(marker("Quyet dinh nay"), Marker::None);
        // Multi-byte text where "Điều " would be: no slicing inside a char.
        assert_eq!(marker("………(Ten to chuc)"), Marker::None);
        assert_eq!(
            effective_in("het hieu luc ke tu ngay 01 thang 01 nam 2026").as_deref(),
            Some("2026-01-01")
        );
    }
}
