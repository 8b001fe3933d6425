//! Typed relations between the document and its references, and between references
//! (see `docs/spec/relations.md`).
//!
//! The finder works sentence by sentence on a folded copy of the repaired text (no tones,
//! `đ` -> `d`, case kept), so cue words match however tones were placed. Cue words and the
//! other word lists are data: `patterns/relations/cues.tsv` and `patterns/relations/words.tsv`.
//!
//! What it reports (each edge once per document, first evidence wins):
//! - document -> reference (`from: None`): `based_on` for every reference in a "Căn cứ ..."
//!   clause; `implements` where the document says it carries a reference out (an implement cue
//!   in the document's head: before its first numbered heading or in a "Mục đích" section, or
//!   "Kế hoạch này ... thực hiện ..."); `amends` / `replaces` / `repeals` / `guides` /
//!   `issued_with` when a clause starts with that cue or names the document itself
//!   ("Quyết định này thay thế Quyết định số ...").
//! - reference -> reference: "A ... <cue> B" (`implements`, `amends`, `replaces`, `repeals`,
//!   `guides`, `issued_with`; passive cues such as "được thay thế bằng" flip the direction),
//!   coordinated objects ("thực hiện X ... và Y") share the subject, and "Thực hiện X, Sở đã
//!   ban hành Y" gives Y `implements` X (pairwise when as many Y as X are listed).
//!
//! Plain `cites` edges (`from: None`) are listed once per referenced key that has no
//! document-level typed edge, with a window of at most ~360 bytes of the first citing sentence
//! as evidence (so `vanban cited-by` can show where it is cited without bloating the JSON).

mod lists;

use crate::model::{Reference, Rel, Relation, Span};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use vanban_text::views::Folded;
use vanban_vocab::{VocabError, Vocabulary};

/// What the relation finder needs to know of the document itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct DocFacts<'a> {
    /// Its own key, when its header has one.
    pub own_key: Option<&'a str>,
    /// Its kind (`Văn bản hợp nhất` consolidates the documents its opening names).
    pub kind: Option<&'a str>,
}

/// A reference together with where it stands in the repaired text.
pub struct Located<'a> {
    /// Byte range in the repaired text.
    pub range: Range<usize>,
    /// The extracted reference.
    pub reference: &'a Reference,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Forward,
    Inverse,
    /// "A <cue>": the document does it to A (see `lists::postfix`).
    Postfix,
}

#[derive(Clone, Copy, Debug)]
struct Cue {
    rel: Rel,
    dir: Dir,
}

/// The compiled relation vocabularies.
pub struct Vocab {
    /// A capitalised opening cue right after a word: a sentence glued to a heading.
    glued_re: Regex,
    cue_re: Regex,
    cues: HashMap<String, Cue>,
    basis_re: Regex,
    purpose_re: Regex,
    produce_re: Regex,
    self_re: Regex,
    anaphora_re: Regex,
    linker_end: HashSet<String>,
    /// "các quy định tại", "một số nội dung của": the cue's object is parts of the document
    /// that follows, so the phrase links rather than stops.
    object_lead: Vec<String>,
    /// Provision units ("điều", "khoản", "điểm"), folded.
    units: HashSet<String>,
    /// Types cited by short name ("Luật Thủ đô"), as token lists.
    named_types: Vec<Vec<String>>,
    /// A gap made only of provisions ("các khoản 1, 2 Điều 1; Chương II của").
    provisions_gap_re: Regex,
    stop_re: Regex,
    break_re: Regex,
    heading_words: Vec<String>,
    /// Type words as token lists, longest first.
    types: Vec<Vec<String>>,
    fillers: HashSet<String>,
    abbrev: HashSet<String>,
    heading_line_re: Regex,
    marker_re: Regex,
    /// A lettered or bracketed list item at the start of a line: "a) ", "(2) ", "- ".
    item_re: Regex,
    /// Bytes a basis phrase can start with (either case).
    basis_first: [bool; 256],
    /// First words (folded, lower case) after a comma that continue a list of items rather
    /// than start a main clause: provision units and document type words.
    continuing: HashSet<String>,
    /// Words before an implement cue that make it something else.
    not_implement: Vec<String>,
    /// Words before a cue, in its clause, that make it a proposal.
    proposal_re: Regex,
    enum_re: Regex,
    /// Provisions named before a reference (`provision` list).
    provisions: Provisions,
}

/// The units a provision is named with ("khoản 3 Điều 8"), from the `provision` list.
struct Provisions {
    /// Each unit in citation form ("Điều", "khoản").
    forms: Vec<String>,
    /// A run of provisions at the end of a text: "các khoản 1, 3 Điều 7 và khoản 2 Điều 8".
    chain_re: Regex,
    /// A unit word before its first number: "khoản" in "khoản 1, 3".
    unit_re: Regex,
    /// One number of a unit, whole: "3", "a", "II", "5.2".
    num_re: Regex,
}

impl Provisions {
    fn new(units: Vec<String>) -> Provisions {
        // Units are single-spaced (read so by `Vocab::new`).
        let mut alts: Vec<String> = units
            .iter()
            .filter(|u| !u.is_empty())
            .map(|u| phrase_pattern(u))
            .collect();
        alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
        let units_alt = if alts.is_empty() {
            r"[^\s\S]".to_string()
        } else {
            alts.join("|")
        };
        let num = r"[0-9a-zđ]+(?:\.[0-9]+)*";
        Provisions {
            forms: units,
            chain_re: Regex::new(&format!(
                r"(?i)((?:(?:các\s+)?(?:{units_alt})\s+{num}(?:\s*(?:,|và)\s*{num})*\s*(?:,|;|và)?\s*)+)$"
            ))
            .unwrap_or_else(|_| never()),
            unit_re: Regex::new(&format!(r"(?i)(?P<u>{units_alt})\s+[0-9a-zđ]"))
                .unwrap_or_else(|_| never()),
            num_re: Regex::new(&format!(r"(?i)^{num}$")).unwrap_or_else(|_| never()),
        }
    }

    /// `w` (any case, any spacing) as the list writes it.
    fn citation_form(&self, w: &str) -> String {
        let w = w
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        self.forms
            .iter()
            .find(|f| f.to_lowercase() == w)
            .cloned()
            .unwrap_or(w)
    }
}

/// Lower-case, tone-less, `đ`-less form of a phrase with single spaces.
fn fold_phrase(s: &str) -> String {
    vanban_text::fold(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Regex source matching a folded phrase with any white space between words.
fn phrase_pattern(p: &str) -> String {
    p.split(' ')
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+")
}

/// `(?i)\b(?:a|b|...)\b` over folded phrases, longest first so the longer cue wins.
fn alternation(phrases: &[String]) -> Regex {
    let mut ps: Vec<&String> = phrases.iter().filter(|p| !p.is_empty()).collect();
    ps.sort_by_key(|p| std::cmp::Reverse(p.len()));
    ps.dedup();
    let body = if ps.is_empty() {
        // Never matches: an empty list in the data file.
        r"[^\s\S]".to_string()
    } else {
        ps.iter()
            .map(|p| phrase_pattern(p))
            .collect::<Vec<_>>()
            .join("|")
    };
    // ASCII word boundaries: the text is folded (mostly ASCII), and a Unicode `\b` would force
    // the regex crate off its DFA onto the slow PikeVM for every sentence.
    Regex::new(&format!(r"(?i)(?:^|(?-u:\b))(?:{body})(?:(?-u:\b)|$)")).unwrap_or_else(|_| never())
}

fn never() -> Regex {
    Regex::new(r"[^\s\S]").expect("static regex")
}

impl Vocab {
    /// Compile the relation vocabularies (`relations/cues.tsv`, `relations/words.tsv`, and
    /// the words naming documents from `type_words.tsv`).
    pub(crate) fn new(
        vocabulary: &Vocabulary,
        document_words: &[String],
    ) -> Result<Vocab, VocabError> {
        let mut cues = HashMap::new();
        for row in vocabulary.rows("relations/cues.tsv") {
            let rel = Rel::parse(row.col(1))
                .ok_or_else(|| row.error(format!("unknown relation {:?}", row.col(1))))?;
            let dir = match row.col(2) {
                "inverse" => Dir::Inverse,
                "postfix" => Dir::Postfix,
                "forward" | "" => Dir::Forward,
                other => {
                    return Err(
                        row.error(format!("unknown direction {other:?} (forward or inverse)"))
                    )
                }
            };
            cues.insert(fold_phrase(row.col(0)), Cue { rel, dir });
        }
        let mut lists: HashMap<&str, Vec<String>> = HashMap::new();
        for row in vocabulary.rows("relations/words.tsv") {
            lists
                .entry(row.col(0))
                .or_default()
                .push(fold_phrase(row.col(1)));
        }
        lists.insert(
            "type",
            document_words.iter().map(|w| fold_phrase(w)).collect(),
        );
        let list = |k: &str| lists.get(k).cloned().unwrap_or_default();
        // Provision units are matched in the original text: keep them as written.
        let provision_units: Vec<String> = vocabulary
            .rows("relations/words.tsv")
            .iter()
            .filter(|r| r.col(0) == "provision")
            .map(|r| r.col(1).split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let cue_keys: Vec<String> = cues.keys().cloned().collect();
        let self_words = list("self");
        let types_flat = list("type");
        let mut types: Vec<Vec<String>> = types_flat
            .iter()
            .map(|t| t.split(' ').map(str::to_string).collect())
            .collect();
        types.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let self_re = {
            let t = alternation(&types_flat);
            let s = alternation(&self_words);
            Regex::new(&format!(
                r"(?i)(?:{})\s+(?:{})",
                t.as_str().trim_start_matches("(?i)"),
                s.as_str().trim_start_matches("(?i)")
            ))
            .unwrap_or_else(|_| never())
        };
        let anaphora = alternation(&list("anaphora"));
        let anaphora_re = Regex::new(&format!(
            r"(?i)((?:[\p{{L}}/]+\s+){{1,3}})(?:{})",
            anaphora.as_str().trim_start_matches("(?i)")
        ))
        .unwrap_or_else(|_| never());
        let basis = alternation(&list("basis"));
        let basis_re = Regex::new(&format!(
            r"(?i)^(?:{})",
            basis.as_str().trim_start_matches("(?i)")
        ))
        .unwrap_or_else(|_| never());
        let purpose = alternation(&list("purpose"));
        let purpose_re = Regex::new(&format!(
            r"(?i)^\s*(?:(?:{})\s*)*$",
            purpose.as_str().trim_start_matches("(?i)")
        ))
        .unwrap_or_else(|_| never());
        let glued_re = {
            let mut openers: Vec<String> = list("basis");
            let implement: Vec<&String> = cues
                .iter()
                .filter(|(_, c)| c.rel == Rel::Implements)
                .map(|(k, _)| k)
                .collect();
            for c in &implement {
                openers.push((*c).clone());
                for p in list("purpose") {
                    openers.push(format!("{p} {c}"));
                }
            }
            let mut alts: Vec<String> = openers
                .iter()
                .filter(|o| !o.is_empty())
                .map(|o| {
                    let mut cs = o.chars();
                    let first: String = cs
                        .next()
                        .map(|c| c.to_uppercase().collect())
                        .unwrap_or_default();
                    phrase_pattern(&format!("{first}{}", cs.as_str()))
                })
                .collect();
            alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
            alts.dedup();
            Regex::new(&format!(
                r"[\p{{L}}\p{{N}}][ \t]+((?:{})(?-u:\b))",
                alts.join("|")
            ))
            .unwrap_or_else(|_| never())
        };
        let mut basis_first = [false; 256];
        for p in list("basis") {
            if let Some(&b) = p.as_bytes().first() {
                basis_first[usize::from(b.to_ascii_lowercase())] = true;
                basis_first[usize::from(b.to_ascii_uppercase())] = true;
            }
        }
        let mut continuing: HashSet<String> = list("unit")
            .iter()
            .filter_map(|u| u.split(' ').next().map(str::to_string))
            .collect();
        for t in &types {
            if let Some(w) = t.first() {
                continuing.insert(w.clone());
            }
        }
        Ok(Vocab {
            basis_first,
            continuing,
            not_implement: list("not_implement"),
            proposal_re: alternation(&list("proposal")),
            glued_re,
            cue_re: alternation(&cue_keys),
            cues,
            basis_re,
            purpose_re,
            produce_re: alternation(&list("produce")),
            self_re,
            anaphora_re,
            linker_end: list("linker_end").into_iter().collect(),
            object_lead: list("object_lead"),
            units: list("unit").into_iter().filter(|u| !u.contains(' ')).collect(),
            provisions_gap_re: {
                let units = list("unit")
                    .iter()
                    .map(|u| regex::escape(u).replace(' ', r"\s+"))
                    .collect::<Vec<_>>()
                    .join("|");
                Regex::new(&format!(
                    r"(?i)^\s*(?:(?:cac\s+)?(?:{units})\s+[0-9a-z]+(?:\.[0-9]+)*(?:\s*(?:,|va)\s*[0-9a-z]+(?:\.[0-9]+)*)*\s*(?:,|;|va)?\s*)+(?:cua|tai)?\s*$"
                ))
                .unwrap_or_else(|_| never())
            },
            named_types: list("named_type")
                .iter()
                .map(|t| t.split(' ').map(str::to_string).collect())
                .collect(),
            stop_re: alternation(&list("stop")),
            // A new main clause: ", Sở đã ...", ", UBND tỉnh ...".
            break_re: Regex::new(r",\s*\p{Lu}").expect("static regex"),
            heading_words: list("heading"),
            types,
            fillers: list("filler").into_iter().collect(),
            abbrev: list("abbrev").into_iter().collect(),
            heading_line_re: Regex::new(
                r"(?m)^[ \t]*(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*[.)])[ \t]+\S[^\n]*",
            )
            .expect("static regex"),
            marker_re: Regex::new(
                r"^(?:\s|[(\[]|[IVXLC]+\.\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|\(\d{1,2}\)\s|[-+•*–]\s|Dieu\s+\d+[a-z]?\.?\s)*",
            )
            .expect("static regex"),
            item_re: Regex::new(r"^(?:[a-zđ]\)|\(?\d{1,2}\)|[-+•*–])\s").expect("static regex"),
            enum_re: Regex::new(r"^(?:\(?\d{1,2}\)|\(?[a-z]\)|[-+•*–])$").expect("static regex"),
            provisions: Provisions::new(provision_units),
        })
    }
}

/// A reference in folded coordinates.
struct Ref<'a> {
    f: Range<usize>,
    key: &'a str,
    kind: String,
}

/// Who states the relation towards a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Subject {
    /// The document itself.
    Doc,
    /// Another reference (index into the document's references).
    Ref(usize),
}

#[derive(Clone, Copy, Debug)]
struct Gov {
    subject: Subject,
    cue: Cue,
    /// The cue opens the clause ("Thực hiện X, ...").
    clause_start: bool,
}

/// Find the relations stated in `text` among `refs` (in order of appearance).
/// `to_span` maps a repaired-text range to original coordinates.
pub fn extract_relations(
    v: &Vocab,
    text: &str,
    refs: &[Located<'_>],
    doc: &DocFacts<'_>,
    to_span: &dyn Fn(Range<usize>) -> Span,
) -> Vec<Relation> {
    let fd = Folded::new(text);
    let f = fd.text.as_str();
    // A handful of kinds recur across thousands of references: fold each once.
    let mut kinds: HashMap<&str, String> = HashMap::new();
    let mut rs: Vec<Ref<'_>> = refs
        .iter()
        .filter(|l| !l.reference.is_self && !l.reference.key.is_empty())
        .filter(|l| {
            l.range.start < l.range.end
                && l.range.end <= text.len()
                && text.is_char_boundary(l.range.start)
                && text.is_char_boundary(l.range.end)
        })
        .map(|l| Ref {
            f: fd.to_folded(text, l.range.start)..fd.to_folded(text, l.range.end),
            key: l.reference.key.as_str(),
            kind: kinds
                .entry(l.reference.kind.as_str())
                .or_insert_with(|| fold_phrase(&l.reference.kind))
                .clone(),
        })
        .collect();
    rs.sort_by_key(|r| r.f.start);
    let head = head_regions(f, v);
    let mut out = Out {
        text,
        fd: &fd,
        to_span,
        seen: HashSet::new(),
        rels: Vec::new(),
    };
    let mut next = 0;
    let mut sentence_of: Vec<Range<usize>> = rs.iter().map(|r| r.f.clone()).collect();
    let sents = segment(f, v);
    let mut members: Vec<Vec<usize>> = Vec::with_capacity(sents.len());
    for sent in sents.iter().cloned() {
        let first = next;
        while next < rs.len() && rs[next].f.start < sent.end {
            next += 1;
        }
        // References starting before this sentence but after the previous one's end belong
        // nowhere: skip them (they sat in white space between sentences).
        let idx: Vec<usize> = (first..next)
            .filter(|&i| rs[i].f.start >= sent.start)
            .collect();
        for &i in &idx {
            sentence_of[i] = sent.clone();
        }
        let in_head = head.iter().any(|h| h.contains(&sent.start));
        members.push(idx.clone());
        sentence(v, f, sent, &rs, &idx, first, in_head, &mut out);
    }
    // Rules that look beyond one sentence: lists after one cue, postfix cues, the
    // regulation issued with the decision in the same file, what a consolidated text merges.
    lists::run(v, f, text, &fd, &sents, &members, &rs, refs, doc, &mut out);
    // Plain `cites`: each referenced key the document relates to in no other way, once, with
    // (a window of) its first citing sentence.
    let typed: HashSet<String> = out
        .rels
        .iter()
        .filter(|r| r.from.is_none())
        .map(|r| r.to.clone())
        .collect();
    for (i, r) in rs.iter().enumerate() {
        if !typed.contains(r.key) {
            let ev = window(f, &sentence_of[i], &r.f);
            out.push(None, Rel::Cites, r.key, ev);
        }
    }
    out.rels
}

/// At most ~240 bytes of `sent` before the reference and ~120 after, cut at spaces.
fn window(f: &str, sent: &Range<usize>, r: &Range<usize>) -> Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(f.len());
        while i > 0 && !f.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (rs, re) = (floor(r.start), floor(r.end));
    let mut a = floor(rs.saturating_sub(240).max(sent.start));
    if a > sent.start {
        a = f
            .get(a..rs.max(a))
            .and_then(|w| w.find(' '))
            .map_or(a, |p| a + p + 1);
    }
    let mut e = floor((re + 120).min(sent.end).max(re));
    if e < sent.end {
        e = f
            .get(re..e.max(re))
            .and_then(|w| w.rfind(' '))
            .map_or(e, |p| re + p);
    }
    a.min(e)..e
}

/// The sentences the finder works on, as byte ranges of `text` (for debugging rules).
#[doc(hidden)]
pub fn sentences(v: &Vocab, text: &str) -> Vec<Range<usize>> {
    let fd = Folded::new(text);
    segment(&fd.text, v)
        .into_iter()
        .map(|r| fd.to_orig(text, r.start)..fd.to_orig(text, r.end))
        .collect()
}

struct Out<'a, 't> {
    text: &'t str,
    fd: &'a Folded,
    to_span: &'a dyn Fn(Range<usize>) -> Span,
    seen: HashSet<(Option<String>, Rel, String)>,
    rels: Vec<Relation>,
}

impl Out<'_, '_> {
    /// Record `from rel to` with the evidence in folded range `ev`.
    fn push(&mut self, from: Option<&str>, rel: Rel, to: &str, ev: Range<usize>) {
        self.push_full(from, rel, to, ev, Vec::new(), None);
    }

    /// [`Out::push`] with the provisions of `to` the edge touches and its effective date.
    fn push_full(
        &mut self,
        from: Option<&str>,
        rel: Rel,
        to: &str,
        ev: Range<usize>,
        provisions: Vec<String>,
        effective: Option<String>,
    ) {
        if from == Some(to) {
            return;
        }
        let k = (from.map(str::to_string), rel, to.to_string());
        if self.seen.contains(&k) {
            return;
        }
        let (s, e) = (
            self.fd.to_orig(self.text, ev.start),
            self.fd.to_orig(self.text, ev.end),
        );
        let evidence = self
            .text
            .get(s..e.max(s))
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.seen.insert(k);
        self.rels.push(Relation {
            from: from.map(str::to_string),
            rel,
            to: to.to_string(),
            evidence,
            span: (self.to_span)(s..e.max(s)),
            provisions,
            effective,
        });
    }
}

/// What [`segment`] needs to know of a line, worked out once per line.
struct LineFacts {
    /// Upper case only, with 4+ letters.
    caps: bool,
    /// End of the leading run of heading-number characters (digits, dots, I V X L C) after
    /// the indentation: a dot inside it closes a heading number ("1.", "II.", "2.3.").
    number_end: usize,
}

fn line_facts(f: &str, start: usize, end: usize) -> LineFacts {
    let line = &f[start..end];
    let lead = line.len() - line.trim_start().len();
    let number_end = start
        + lead
        + line[lead..]
            .bytes()
            .take_while(|&c| {
                c.is_ascii_digit() || matches!(c, b'.' | b'I' | b'V' | b'X' | b'L' | b'C')
            })
            .count();
    LineFacts {
        caps: is_caps_line(line),
        number_end,
    }
}

/// Split folded text into sentences (folded byte ranges).
fn segment(f: &str, v: &Vocab) -> Vec<Range<usize>> {
    let bytes = f.as_bytes();
    // Line k spans line_starts[k] .. line_ends[k] (without its line break).
    let line_ends: Vec<usize> = memchr::memchr_iter(b'\n', bytes)
        .chain(std::iter::once(f.len()))
        .collect();
    let line_start = |k: usize| if k == 0 { 0 } else { line_ends[k - 1] + 1 };
    let facts: Vec<LineFacts> = (0..line_ends.len())
        .map(|k| line_facts(f, line_start(k), line_ends[k]))
        .collect();
    let fact = |k: usize| &facts[k];
    let mut cuts = Vec::new();
    let mut line = 0usize;
    // Sentence ends and line breaks are the only places a cut can be.
    let mut at: Vec<usize> = memchr::memchr3_iter(b'.', b'!', b'?', bytes).collect();
    at.extend(line_ends.iter().copied().filter(|&e| e < f.len()));
    at.sort_unstable();
    for i in at {
        while line_ends[line] < i {
            line += 1;
        }
        let c = bytes[i];
        if c == b'\n' {
            let k = skip_ws(f, i + 1);
            if k >= f.len() {
                continue;
            }
            let rest = &f[k..];
            // The line holding `k` (white space may span several line breaks).
            let mut next = line + 1;
            while next < line_ends.len() && line_ends[next] < k {
                next += 1;
            }
            let next_line = &f[k..line_ends[next.min(line_ends.len() - 1)].max(k)];
            let prev = f[..i].trim_end().chars().last().unwrap_or('.');
            let bullet =
                rest.starts_with(['-', '+', '•', '*', '–']) && !matches!(prev, ':' | ';' | ',');
            let caps = fact(line).caps || is_caps_line(next_line);
            let upper_next = || {
                next_line.chars().next().is_some_and(char::is_uppercase)
                    && !starts_with_type(next_line, v)
                    && !starts_with_so(next_line)
            };
            // A new paragraph, unless it continues a list ("...;\nKế hoạch số ...") or a
            // phrase broken after a comma.
            let cut = bullet
                || caps
                || (prev != ',' && upper_next())
                || (may_open(next_line, v)
                    && (v.heading_line_re.is_match(next_line)
                        || v.item_re.is_match(next_line)
                        || starts_article(next_line)
                        || v.basis_re.is_match(next_line)));
            if cut {
                cuts.push(i);
            }
            continue;
        }
        let j = i + 1;
        let k = skip_ws(f, j);
        if k == j && k < f.len() {
            continue;
        }
        if k >= f.len() {
            cuts.push(j);
            continue;
        }
        // A dot closing an abbreviation, or a heading number at the line start ("1.", "II.").
        let heading_number =
            i < fact(line).number_end && !f[line_start(line)..i].trim_start().is_empty();
        if c == b'.' && (is_abbrev(f, i, v) || heading_number) {
            continue;
        }
        let n = f[k..].chars().next().unwrap_or(' ');
        let nl = bytes[j..k].contains(&b'\n');
        let marker = v.item_re.is_match(&f[k..]);
        if n.is_uppercase() || marker || (nl && !n.is_lowercase()) {
            cuts.push(j);
        }
    }
    // A heading glued to its paragraph by layout repair ("3. Về kiểm tra Cải cách hành chính
    // Thực hiện Kế hoạch số ..."): a capitalised opening cue after a word starts a sentence.
    for m in v.glued_re.captures_iter(f) {
        if let Some(g) = m.get(1) {
            // "Luật Thực hiện dân chủ ở cơ sở": a cue word inside a document's name.
            let before: Vec<&str> = f[..g.start()].split_whitespace().rev().take(4).collect();
            let named = v.types.iter().any(|t| {
                t.len() <= before.len()
                    && t.iter()
                        .rev()
                        .zip(&before)
                        .all(|(a, b)| b.eq_ignore_ascii_case(a))
            });
            if !named {
                cuts.push(g.start());
            }
        }
    }
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut s = 0;
    cuts.push(f.len());
    for c in cuts {
        if c <= s {
            continue;
        }
        let (a, e) = trim_range(f, s, c);
        if a < e {
            out.push(a..e);
        }
        s = c;
    }
    out
}

/// Could a heading number, a list item, an article or a basis clause open this line (which
/// starts at a non-space)? A byte test that spares the regexes on continuation lines.
fn may_open(line: &str, v: &Vocab) -> bool {
    let b = line.as_bytes();
    let Some(&b0) = b.first() else { return false };
    b0.is_ascii_digit()
        || matches!(
            b0,
            b'I' | b'V' | b'X' | b'L' | b'C' | b'(' | b'-' | b'+' | b'*' | b'D'
        )
        || !b0.is_ascii()
        || (b0.is_ascii_lowercase() && b.get(1) == Some(&b')'))
        || v.basis_first[usize::from(b0)]
}

/// The line starts with "số " in any case (a list item continuing a reference).
fn starts_with_so(line: &str) -> bool {
    let mut it = line.chars().flat_map(char::to_lowercase);
    it.next() == Some('s') && it.next() == Some('o') && it.next() == Some(' ')
}

fn starts_article(line: &str) -> bool {
    let l = line.trim_start();
    l.starts_with("Dieu ")
        && l[5..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
}

fn starts_with_type(line: &str, v: &Vocab) -> bool {
    let toks: Vec<&str> = line
        .split_whitespace()
        .take(4)
        .map(|t| t.trim_end_matches([':', ',', ';']))
        .collect();
    let same = |tok: &str, t: &str| {
        if tok.is_ascii() {
            tok.eq_ignore_ascii_case(t)
        } else {
            tok.to_lowercase() == t
        }
    };
    v.types
        .iter()
        .any(|t| toks.len() >= t.len() && toks.iter().zip(t.iter()).all(|(a, b)| same(a, b)))
}

fn is_caps_line(line: &str) -> bool {
    // One pass, ending at the first lower-case letter (within a few bytes on most lines).
    let mut letters = 0;
    let mut rest = line;
    while let Some(&b) = rest.as_bytes().first() {
        if b.is_ascii() {
            if b.is_ascii_lowercase() {
                return false;
            }
            letters += usize::from(b.is_ascii_uppercase());
            rest = &rest[1..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c.is_lowercase() {
            return false;
        }
        letters += usize::from(c.is_alphabetic());
        rest = &rest[c.len_utf8()..];
    }
    letters >= 4
}

fn skip_ws(f: &str, mut i: usize) -> usize {
    while let Some(c) = f.get(i..).and_then(|s| s.chars().next()) {
        if !c.is_whitespace() {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn trim_range(f: &str, s: usize, e: usize) -> (usize, usize) {
    let sl = &f[s..e];
    let a = s + (sl.len() - sl.trim_start().len());
    let e2 = s + sl.trim_end().len();
    (a, e2.max(a))
}

/// The dot at `i` closes an abbreviation or an initial ("TP.", "Nguyễn V. A").
fn is_abbrev(f: &str, i: usize, v: &Vocab) -> bool {
    let before = &f[..i];
    // The word before the dot (letters, digits, dots); only its length matters beyond the
    // longest abbreviation, so the scan back is bounded.
    let mut start = i;
    let mut chars = 0;
    for (p, c) in before.char_indices().rev() {
        if !(c.is_alphanumeric() || c == '.') || chars > 16 {
            break;
        }
        start = p;
        chars += 1;
    }
    if chars == 0 {
        return false;
    }
    let w = &before[start..];
    if chars == 1 && w.chars().all(char::is_uppercase) {
        return true;
    }
    chars <= 16 && v.abbrev.contains(&w.to_lowercase())
}

/// Byte ranges of the document's head: before the first numbered heading, and the sections
/// whose heading names the purpose ("Mục đích").
fn head_regions(f: &str, v: &Vocab) -> Vec<Range<usize>> {
    // Numbered heading lines. The pattern is anchored at a line start, so it is tried only on
    // lines whose first non-blank byte can open a heading number.
    let mut heads: Vec<Range<usize>> = Vec::new();
    let mut ls = 0;
    for le in memchr::memchr_iter(b'\n', f.as_bytes()).chain(std::iter::once(f.len())) {
        let line = &f[ls..le];
        let first = line.bytes().find(|&b| b != b' ' && b != b'\t');
        let opens = first
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'I' | b'V' | b'X' | b'L' | b'C'));
        if opens {
            if let Some(m) = v.heading_line_re.find(line).filter(|m| m.start() == 0) {
                heads.push(ls..ls + m.end());
            }
        }
        ls = le + 1;
    }
    let mut out = Vec::with_capacity(4);
    // Without headings the head is still only the opening: a purpose is stated up front.
    let cap = (f.len() / 5).max(4000);
    out.push(0..heads.first().map_or(f.len(), |m| m.start).min(cap));
    for (i, m) in heads.iter().enumerate() {
        let line = f[m.clone()].to_lowercase();
        if v.heading_words.iter().any(|w| line.contains(w.as_str())) {
            let end = heads.get(i + 1).map_or(f.len(), |n| n.start);
            out.push(m.start..end);
        }
    }
    out
}

/// Lower-case tokens with type words, fillers and enumerators removed from the END.
fn strip_type_tail(s: &str, v: &Vocab) -> Vec<String> {
    let mut toks: Vec<String> = s
        .split_whitespace()
        .map(|t| t.to_lowercase())
        .map(|t| t.trim_end_matches([':', ',']).to_string())
        .filter(|t| !t.is_empty())
        .collect();
    while let Some(last) = toks.last() {
        if v.fillers.contains(last) || v.enum_re.is_match(last) || last == "(" {
            toks.pop();
            continue;
        }
        let n = toks.len();
        if let Some(t) = v
            .types
            .iter()
            .find(|t| n >= t.len() && toks[n - t.len()..] == t[..])
        {
            let l = t.len();
            toks.truncate(n - l);
            continue;
        }
        // "khoản 4 Điều 67": a provision of the document that follows.
        if n >= 2 && v.units.contains(&toks[n - 2]) && is_provision_id(last) {
            toks.truncate(n - 2);
            continue;
        }
        // "Luật Thủ đô (số X)": the short name of the document that follows.
        if let Some(p) = (n.saturating_sub(6)..n.saturating_sub(1)).find(|&p| {
            v.named_types
                .iter()
                .any(|t| toks.len() > p + t.len() && toks[p..p + t.len()] == t[..])
        }) {
            toks.truncate(p);
            continue;
        }
        break;
    }
    toks
}

/// "28", "4a", "a", "đ", "II": the number or letter of a provision.
fn is_provision_id(t: &str) -> bool {
    let t = t.trim_end_matches(['.', ',']);
    !t.is_empty()
        && (t
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
            && t.len() <= 4
            || t.bytes().all(|b| b"ivxlc".contains(&b)))
        && (t.as_bytes()[0].is_ascii_digit() || t.len() <= 2)
}

fn is_type_phrase(s: &str, v: &Vocab) -> bool {
    s.split_whitespace().count() <= 8 && strip_type_tail(s, v).is_empty()
}

/// The phrase between a cue and its object reference still ties them together.
fn valid_linker(s: &str, v: &Vocab) -> bool {
    // "Bãi bỏ các khoản 1, 2 Điều 1; Chương II; Phụ lục I và IV của Thông tư số ...": the
    // semicolons separate provisions of the one document that follows.
    if v.provisions_gap_re.is_match(s) {
        return true;
    }
    if s.contains(';') || has_break(s, v) || s.contains(". ") {
        return false;
    }
    let low = s.trim_start().to_ascii_lowercase();
    let s = match v
        .object_lead
        .iter()
        .find_map(|l| low.strip_prefix(l.as_str()))
    {
        Some(rest) => &s[s.len() - rest.len()..],
        None => s,
    };
    // "... Luật Điện lực năm 2024 và các quy định tại Nghị định số ...": a second object of
    // the same cue, coordinated; its lead phrase links too.
    let mut stops = s.to_ascii_lowercase();
    // Only a gap with " va " can hold a second lead (this runs for every cue and reference).
    if stops.contains(" va ") {
        for l in &v.object_lead {
            stops = stops.replace(&format!(" va {l}"), " va ");
        }
    }
    let toks = strip_type_tail(s, v);
    if toks.len() <= 5 {
        return !v.stop_re.is_match(&stops) || toks.is_empty();
    }
    // "quy định chi tiết một số điều của Luật Phòng cháy, chữa cháy ... và Nghị định số ...":
    // a first object cited by name only, coordinated with the reference.
    if stops.trim_end().ends_with(" va") {
        let named = toks.strip_suffix(&["va".to_string()]).unwrap_or(&toks);
        let named = match named.first().map(String::as_str) {
            Some("cua" | "tai" | "theo") => &named[1..],
            _ => named,
        };
        if named.len() <= 14
            && v.named_types
                .iter()
                .any(|t| named.len() > t.len() && named[..t.len()] == t[..])
            && !v.stop_re.is_match(&stops)
        {
            return true;
        }
    }
    if v.stop_re.is_match(&stops) || toks.len() > 30 {
        return false;
    }
    let last = toks.last().map(String::as_str).unwrap_or("");
    v.linker_end.contains(last) || s.trim_end().ends_with(':')
}

/// The phrase between a reference and a cue describes that reference (so it is the subject).
fn valid_head(s: &str, v: &Vocab) -> bool {
    // "X ...; được sửa đổi, bổ sung bởi Y": a semicolon typed for the comma right before a
    // passive cue still ties it to X.
    let s = match s.trim_end().strip_suffix(';') {
        Some(x) if !x.contains(';') => x,
        _ => s,
    };
    if s.contains(';') || s.contains(". ") {
        return false;
    }
    let t = s.trim_end();
    if t.ends_with('(') {
        return true;
    }
    // "Thông tư số X ...: Quy định chi tiết ...": a colon right before the cue.
    let colon = t.ends_with(':') && !t[..t.len() - 1].contains(':');
    // "X ... và Kế hoạch hành động của ... về triển khai Y": the cue's subject is another,
    // unnumbered document coordinated with X.
    let other_doc = s.match_indices(" va ").any(|(i, _)| {
        let rest = &s[i + 4..];
        starts_with_type(rest, v) && !rest.trim_start().to_ascii_lowercase().contains(" so ")
    });
    // A new main clause only where an issuing verb follows the comma (", Chủ nhiệm Văn phòng
    // Chính phủ hướng dẫn ..." is the subject's title, ", Sở đã ban hành ..." a new clause).
    let broken = breaks(s, v).any(|m| v.produce_re.is_match(&s[m.end()..]));
    !((s.contains(':') && !colon)
        || broken
        || other_doc
        || v.stop_re.is_match(s)
        || s.split_whitespace().count() > 45)
}

/// The cue in `gap` (folded) that governs what follows the gap: the last one, skipping type
/// words used as names ("Hướng dẫn số ...").
fn cues_in<'h>(gap: &'h str, v: &Vocab) -> Vec<(regex::Match<'h>, Cue)> {
    v.cue_re
        .find_iter(gap)
        .filter_map(|m| {
            let rest = gap[m.end()..].trim_start().to_lowercase();
            if rest.starts_with("so ") || rest.starts_with("so:") || rest == "so" {
                return None;
            }
            let key = m
                .as_str()
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            // A postfix cue ("hết hiệu lực") speaks of what precedes it, never of what follows.
            let c = v.cues.get(&key).filter(|c| c.dir != Dir::Postfix)?;
            // "hướng dẫn của Bộ Nội vụ tại Công văn ...": a noun (the guidance of), not a verb
            // taking the document as its object.
            if c.rel == Rel::Guides && key == "huong dan" && rest.starts_with("cua ") {
                return None;
            }
            let before = gap[..m.start()].trim_end().to_ascii_lowercase();
            // "Luật sửa đổi, bổ sung một số điều của ...": the cue is part of a title.
            if c.dir == Dir::Forward && c.rel == Rel::Amends {
                let last_word = before.rsplit(' ').next().unwrap_or("");
                if v.types
                    .iter()
                    .any(|t| t.last().is_some_and(|w| w == last_word))
                {
                    return None;
                }
            }
            if c.rel == Rel::Implements
                && v.not_implement.iter().any(|w| before.ends_with(w.as_str()))
            {
                return None;
            }
            // "đề nghị ban hành Nghị quyết thay thế ...": proposed in this clause, not done.
            let clause = &before[before.rfind([';', ':']).map_or(0, |p| p + 1)..];
            if c.rel != Rel::BasedOn && v.proposal_re.is_match(clause) {
                return None;
            }
            Some((m, *c))
        })
        .collect()
}

/// Every cue in `gap`, postfix ones included (for the rules of [`lists`]).
fn cues_with_postfix<'h>(gap: &'h str, v: &Vocab) -> Vec<(regex::Match<'h>, Cue)> {
    v.cue_re
        .find_iter(gap)
        .filter_map(|m| {
            let key = m
                .as_str()
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            v.cues.get(&key).map(|c| (m, *c))
        })
        .collect()
}

/// A new main clause starts in `s`: a comma and a capitalised word that is not a provision
/// unit or a document type word (", Sở đã ban hành ..." breaks; ", Điều 46", ", Luật ..."
/// do not).
fn has_break(s: &str, v: &Vocab) -> bool {
    breaks(s, v).next().is_some()
}

/// The main-clause breaks of `s` (see [`has_break`]).
fn breaks<'h>(s: &'h str, v: &'h Vocab) -> impl Iterator<Item = regex::Match<'h>> + 'h {
    v.break_re.find_iter(s).filter(move |m| {
        // The capitalised word starts at the match's last char.
        let last = m.as_str().char_indices().last().map_or(0, |(i, _)| i);
        let word = s[m.start() + last..]
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        !v.continuing.contains(&word)
    })
}

/// The position after the last clause boundary (`;` or a new main clause) in `s`, if any.
fn last_break(s: &str, v: &Vocab) -> Option<usize> {
    let semi = s.rfind(';').map(|i| i + 1);
    let comma = breaks(s, v).last().map(|m| m.start() + 1);
    semi.max(comma)
}

/// The separator that coordinates the reference after `gap` with an earlier one, if the
/// text after it is only a type phrase: `;` (a new list item) or `,`/"và"/"hoặc".
fn coordination(gap: &str, v: &Vocab) -> Option<bool> {
    let lower = gap.to_lowercase();
    let mut best: Option<(usize, usize, bool)> = None;
    for (i, _) in lower.match_indices(';') {
        best = best.max(Some((i, i + 1, true)));
    }
    for (i, _) in lower.match_indices(',') {
        if best.is_none_or(|b| i > b.0) {
            best = Some((i, i + 1, false));
        }
    }
    for w in [" va ", " hoac "] {
        if let Some(i) = lower.rfind(w) {
            if best.is_none_or(|b| i > b.0) {
                best = Some((i, i + w.len(), false));
            }
        }
    }
    let (_, after, semi) = best?;
    is_type_phrase(&gap[after..], v).then_some(semi)
}

#[allow(clippy::too_many_arguments)]
fn sentence(
    v: &Vocab,
    f: &str,
    sent: Range<usize>,
    rs: &[Ref<'_>],
    idx: &[usize],
    before: usize,
    in_head: bool,
    out: &mut Out<'_, '_>,
) {
    let st = &f[sent.clone()];
    let cs = sent.start + v.marker_re.find(st).map_or(0, |m| m.end());
    let body = &f[cs..sent.end];
    let n = idx.len();
    let basis = v.basis_re.is_match(body);
    // A sentence without references can only speak through an anaphora ("theo thông báo nêu
    // trên"), and only in a basis clause or in the document's head: most sentences end here.
    if n == 0 && !basis && !in_head {
        return;
    }
    let mut gov: Vec<Option<Gov>> = vec![None; n];
    // The cue governing reference k stands right before it (not copied from a coordinated one).
    let mut direct: Vec<bool> = vec![false; n];
    // Reference k is coordinated with an earlier one by ";" (a list item), not "," or "và".
    let mut semi_of: Vec<bool> = vec![false; n];
    let mut anchor: Vec<Option<usize>> = vec![None; n];
    let mut root: Vec<usize> = (0..n).collect();
    // The clause opens with an implement cue ("Thực hiện ...", "Để triển khai ...").
    let opening = cues_in(body, v)
        .into_iter()
        .next()
        .filter(|(m, c)| c.rel == Rel::Implements && v.purpose_re.is_match(&body[..m.start()]));
    for k in 0..n {
        let r = &rs[idx[k]];
        let prev_end = if k == 0 {
            cs
        } else {
            rs[idx[k - 1]].f.end.max(cs)
        };
        let gap = f.get(prev_end..r.f.start.max(prev_end)).unwrap_or("");
        let broken = k == 0 || last_break(gap, v).is_some();
        root[k] = if broken { k } else { root[k - 1] };
        if k == 0 {
            if let Some((m, c)) = opening {
                let at = cs + m.end();
                let link = f.get(at..r.f.start).unwrap_or("");
                // A list may start with items that are not numbered references
                // ("Thực hiện Luật ...; Chỉ thị số ...").
                let listed = !has_break(link, v) && coordination(link, v).is_some();
                if at <= r.f.start && (valid_linker(link, v) || listed) {
                    gov[k] = Some(Gov {
                        subject: Subject::Doc,
                        cue: c,
                        clause_start: true,
                    });
                    continue;
                }
            }
        }
        let cues = cues_in(gap, v);
        if let Some(&(m, c)) = cues.last() {
            let mut cue = c;
            let mut head_end = m.start();
            let mut linker_ok = valid_linker(&gap[m.end()..], v);
            // "sửa đổi ... Quy định ... ban hành kèm theo Quyết định số B": the regulation is
            // named by the decision carrying it, so the earlier cue applies to B.
            let earlier = cues.iter().rev().find(|(_, pc)| pc.rel != Rel::IssuedWith);
            if let (true, Some(&(pm, pc))) = (c.rel == Rel::IssuedWith, earlier) {
                let between = &gap[pm.end()..m.start()];
                if !between.contains(';')
                    && !has_break(between, v)
                    && between.split_whitespace().count() <= 40
                {
                    cue = pc;
                    head_end = pm.start();
                    linker_ok = linker_ok || gap[m.end()..].split_whitespace().count() <= 3;
                }
            } else if c.rel == Rel::IssuedWith
                && gap[..m.start()].split_whitespace().count() > 6
                && !gap[..m.start()].trim_end().ends_with('(')
            {
                linker_ok = false;
            }
            if linker_ok {
                let head = &gap[..head_end];
                // A proposal (Tờ trình) asks for a document; it does not amend or replace.
                let proposer =
                    k > 0 && rs[idx[k - 1]].kind == "to trinh" && cue.rel != Rel::Implements;
                if k > 0 && valid_head(head, v) && !proposer {
                    gov[k] = Some(Gov {
                        subject: Subject::Ref(idx[k - 1]),
                        cue,
                        clause_start: false,
                    });
                    direct[k] = true;
                    continue;
                }
                if proposer {
                    continue;
                }
                // No reference before the cue in this clause: maybe the document speaks.
                let pre = if k == 0 {
                    Some(head)
                } else {
                    last_break(head, v).map(|b| &head[b..])
                };
                if let Some(pre) = pre {
                    let doc = v.self_re.is_match(pre)
                        || (cue.rel == Rel::Implements && in_head)
                        || (cue.rel == Rel::IssuedWith && in_head && pre.trim_end().ends_with('('))
                        || (cue.rel != Rel::Implements
                            && cue.dir == Dir::Forward
                            && v.purpose_re.is_match(pre));
                    if doc {
                        gov[k] = Some(Gov {
                            subject: Subject::Doc,
                            cue,
                            clause_start: false,
                        });
                    }
                }
                continue;
            }
        }
        if k > 0 {
            if let Some(semi) = coordination(gap, v) {
                let a = if semi { root[k - 1] } else { k - 1 };
                anchor[k] = Some(a);
                semi_of[k] = semi;
                gov[k] = gov[a];
                if semi {
                    root[k] = k;
                }
            }
        }
    }

    // "Thực hiện X, Sở đã ban hành Y": Y implements X.
    let sources: Vec<usize> = (0..n)
        .filter(|&k| gov[k].is_some_and(|g| g.clause_start && g.subject == Subject::Doc))
        .collect();
    let mut produced: Vec<usize> = Vec::new();
    if let Some(&last_src) = sources.last() {
        for k in last_src + 1..n {
            let prev_end = rs[idx[k - 1]].f.end;
            let gap = f
                .get(prev_end..rs[idx[k]].f.start.max(prev_end))
                .unwrap_or("");
            let Some(b) = last_break(gap, v) else {
                continue;
            };
            let main = &gap[b..];
            let Some(pm) = v.produce_re.find_iter(main).last() else {
                continue;
            };
            if is_type_phrase(&main[pm.end()..], v) {
                produced.push(k);
                let mut j = k + 1;
                while j < n && anchor[j].is_some_and(|a| produced.contains(&a)) {
                    produced.push(j);
                    j += 1;
                }
                break;
            }
        }
    }
    if !produced.is_empty() {
        let ev_start = cs;
        let pairs: Vec<(usize, usize)> = if produced.len() == sources.len() && produced.len() > 1 {
            produced
                .iter()
                .copied()
                .zip(sources.iter().copied())
                .collect()
        } else {
            produced
                .iter()
                .flat_map(|&y| sources.iter().map(move |&x| (y, x)))
                .collect()
        };
        for (y, x) in pairs {
            let (ry, rx) = (&rs[idx[y]], &rs[idx[x]]);
            out.push(Some(ry.key), Rel::Implements, rx.key, ev_start..ry.f.end);
        }
        for &x in &sources {
            gov[x] = None;
        }
    }

    // Emit the per-reference edges.
    for k in 0..n {
        let r = &rs[idx[k]];
        let based = basis && !body_has_break_before(f, cs, r.f.start, v);
        if based {
            out.push(None, Rel::BasedOn, r.key, cs..r.f.end);
        }
        let Some(g) = gov[k] else { continue };
        match g.subject {
            Subject::Doc => {
                if based || g.cue.dir == Dir::Inverse {
                    continue;
                }
                if g.cue.rel == Rel::Implements && !in_head && !self_named(f, cs, r.f.start, v) {
                    continue;
                }
                // "Bãi bỏ Điều 2 Nghị định số X": the parts an edge that decides validity
                // touches (a partial repeal leaves X partly in force).
                let provisions = if matches!(
                    g.cue.rel,
                    Rel::Repeals | Rel::Replaces | Rel::Terminates | Rel::Suspends | Rel::Amends
                ) {
                    let a = out.fd.to_orig(out.text, cs);
                    let b = out.fd.to_orig(out.text, r.f.start);
                    lists::provisions_before(v, out.text.get(a..b.max(a)).unwrap_or(""))
                } else {
                    Vec::new()
                };
                out.push_full(None, g.cue.rel, r.key, cs..r.f.end, provisions, None);
            }
            Subject::Ref(a) => {
                // "X và Y <cue> Z": coordinated subjects share the cue (only a cue standing
                // between them and Z, in the active voice).
                let mut subjects = vec![a];
                let mut j = k - 1;
                while let Some(p) = anchor
                    .get(j)
                    .copied()
                    .flatten()
                    .filter(|_| direct[k] && g.cue.dir == Dir::Forward && !semi_of[j])
                {
                    if p + 1 != j {
                        break;
                    }
                    subjects.push(idx[p]);
                    j = p;
                }
                // "X ... quy định chi tiết Nghị định Y ..., được sửa đổi bởi Z": Y is named in
                // X's title (the object of X's own cue), so the passive speaks of X.
                if g.cue.dir == Dir::Inverse {
                    let mut hops = 0;
                    while let Some(Gov {
                        subject: Subject::Ref(b),
                        cue,
                        ..
                    }) = idx
                        .iter()
                        .position(|&x| x == subjects[0])
                        .and_then(|p| gov[p])
                    {
                        // Only a title's object is skipped ("thực hiện Y", "quy định chi tiết
                        // Y"); "X sửa đổi Y ... đã được sửa đổi theo Z" speaks of Y.
                        if cue.dir != Dir::Forward
                            || !matches!(cue.rel, Rel::Implements | Rel::Guides)
                            || hops > 3
                        {
                            break;
                        }
                        subjects[0] = b;
                        hops += 1;
                    }
                }
                for a in subjects {
                    let ra = &rs[a];
                    let ev = ra.f.start.min(r.f.start)..ra.f.end.max(r.f.end);
                    match g.cue.dir {
                        Dir::Forward => out.push(Some(ra.key), g.cue.rel, r.key, ev),
                        Dir::Inverse => out.push(Some(r.key), g.cue.rel, ra.key, ev),
                        // Postfix cues never govern (`cues_in` leaves them out).
                        Dir::Postfix => {}
                    }
                }
            }
        }
    }

    // "Để triển khai ... theo thông báo nêu trên": the document implements an earlier one.
    let clause_end = breaks(body, v).next().map_or(sent.end, |m| cs + m.start());
    let refs_in_clause = idx.iter().any(|&i| rs[i].f.start < clause_end);
    if !refs_in_clause && (basis || (opening.is_some() && in_head)) {
        let clause = &f[cs..clause_end];
        if let Some(c) = v.anaphora_re.captures(clause) {
            let words: Vec<String> = c
                .get(1)
                .map(|m| m.as_str())
                .unwrap_or("")
                .split_whitespace()
                .map(|w| w.to_lowercase())
                .collect();
            let target = (0..before).rev().find(|&i| {
                let kind = &rs[i].kind;
                (1..=words.len().min(3)).any(|t| {
                    let w = words[words.len() - t..].join(" ");
                    w == *kind || w == "van ban"
                })
            });
            if let Some(t) = target {
                let rel = if basis { Rel::BasedOn } else { Rel::Implements };
                let end = c.get(0).map_or(clause_end, |m| cs + m.end());
                out.push(None, rel, rs[t].key, cs..end);
            }
        }
    }
}

/// A new main clause stands between the clause start and `at` ("Căn cứ X, Sở ban hành Y"):
/// a comma and a capitalised word, followed by a verb of issuing. A comma before another
/// listed item ("khoản 2 Điều 337, Điều 345 Bộ luật ..., Nghị quyết số ...", "Luật Đấu thầu,
/// Luật Hải quan ... số 90/2025/QH15") does not end the basis clause.
fn body_has_break_before(f: &str, cs: usize, at: usize, v: &Vocab) -> bool {
    let Some(s) = f.get(cs..at.max(cs)) else {
        return false;
    };
    v.break_re
        .find_iter(s)
        .any(|m| v.produce_re.is_match(&s[m.end()..]))
}

/// The clause names the document itself ("Kế hoạch này ...") before `at`.
fn self_named(f: &str, cs: usize, at: usize, v: &Vocab) -> bool {
    f.get(cs..at.max(cs)).is_some_and(|s| v.self_re.is_match(s))
}

#[cfg(test)]
mod tests {
    /// The relation vocabulary built from the embedded files.
    fn test_vocab() -> &'static Vocab {
        static V: std::sync::OnceLock<Vocab> = std::sync::OnceLock::new();
        V.get_or_init(|| {
            let p = crate::patterns::Patterns::builtin();
            Vocab::new(vanban_vocab::Vocabulary::builtin(), &p.document_words).expect("vocabulary")
        })
    }

    use super::*;

    /// Locate each `(surface, key, kind)` in order in `text` and build references.
    fn refs(text: &str, specs: &[(&str, &str, &str)]) -> Vec<(Range<usize>, Reference)> {
        let mut from = 0;
        let mut out = Vec::new();
        for (surface, key, kind) in specs {
            let at = from + text[from..].find(surface).expect("surface in text");
            let range = at..at + surface.len();
            from = range.end;
            out.push((
                range,
                Reference {
                    text: surface.to_string(),
                    kind: kind.to_string(),
                    key: key.to_string(),
                    ..Default::default()
                },
            ));
        }
        out
    }

    fn run(text: &str, specs: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        let rs = refs(text, specs);
        let located: Vec<Located<'_>> = rs
            .iter()
            .map(|(r, reference)| Located {
                range: r.clone(),
                reference,
            })
            .collect();
        let span = |r: Range<usize>| Span {
            start: r.start,
            end: r.end,
            line: 1,
            page: None,
        };
        let mut got: Vec<(String, String, String)> =
            extract_relations(test_vocab(), text, &located, &DocFacts::default(), &span)
                .into_iter()
                .filter(|r| r.rel != Rel::Cites)
                .map(|r| {
                    (
                        r.from.unwrap_or_else(|| "SELF".into()),
                        r.rel.to_string(),
                        r.to,
                    )
                })
                .collect();
        got.sort();
        got
    }

    fn t(a: &str, r: &str, b: &str) -> (String, String, String) {
        (a.into(), r.into(), b.into())
    }

    #[test]
    fn basis_clauses_give_based_on() {
        let text = "QUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\n\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nCăn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;\nCăn cứ Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ;\nTheo đề nghị của Chánh Văn phòng tại Tờ trình số 15/TTr-VP ngày 02/02/2022.\n";
        let got = run(
            text,
            &[
                ("Nghị định số 30/2020/NĐ-CP", "30/2020/NĐ-CP", "Nghị định"),
                ("Thông tư số 01/2011/TT-BNV", "1/2011/TT-BNV", "Thông tư"),
                ("Tờ trình số 15/TTr-VP", "15/TTR-VP", "Tờ trình"),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("SELF", "based_on", "1/2011/TT-BNV"),
                t("SELF", "based_on", "30/2020/NĐ-CP"),
            ]
        );
    }

    #[test]
    fn basis_list_after_colon_and_hard_wraps() {
        let text = "Căn cứ các Quyết định của UBND thành phố: số 12/QĐ-UBND ngày 03/01/2023 về \n\nkế hoạch năm; số 7/2022/QĐ-UBND ngày 1/3/2022 về quy chế. \n\nPhòng Tư pháp báo cáo như sau:";
        let got = run(
            text,
            &[
                ("số 12/QĐ-UBND", "12/QĐ-UBND", "Quyết định"),
                ("số 7/2022/QĐ-UBND", "7/2022/QĐ-UBND", "Quyết định"),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("SELF", "based_on", "12/QĐ-UBND"),
                t("SELF", "based_on", "7/2022/QĐ-UBND"),
            ]
        );
    }

    #[test]
    fn chain_of_implements_between_references() {
        let text = "II. NHIỆM VỤ\n1. Quán triệt Kế hoạch số 45-KH/TU ngày 10/5/2022 của Ban Thường vụ Tỉnh ủy thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương về tiếp tục thực hiện Nghị quyết số 4-NQ/TW.";
        let got = run(
            text,
            &[
                ("Kế hoạch số 45-KH/TU", "45-KH/TU", "Kế hoạch"),
                ("Kết luận số 21-KL/TW", "21-KL/TW", "Kết luận"),
                ("Nghị quyết số 4-NQ/TW", "4-NQ/TW", "Nghị quyết"),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("21-KL/TW", "implements", "4-NQ/TW"),
                t("45-KH/TU", "implements", "21-KL/TW"),
            ]
        );
    }

    #[test]
    fn coordinated_objects_share_the_subject() {
        let text = "I. KẾT QUẢ\nBan hành Kế hoạch số 88/KH-UBND ngày 2/6/2021 về việc thực hiện Quyết định số 1/QĐ-TTg ngày 4/1/2021 của Thủ tướng Chính phủ và Chỉ thị số 5/CT-UBND ngày 6/1/2021 của UBND tỉnh.";
        let got = run(
            text,
            &[
                ("Kế hoạch số 88/KH-UBND", "88/KH-UBND", "Kế hoạch"),
                ("Quyết định số 1/QĐ-TTg", "1/QĐ-TTG", "Quyết định"),
                ("Chỉ thị số 5/CT-UBND", "5/CT-UBND", "Chỉ thị"),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("88/KH-UBND", "implements", "1/QĐ-TTG"),
                t("88/KH-UBND", "implements", "5/CT-UBND"),
            ]
        );
    }

    #[test]
    fn list_items_do_not_inherit_an_earlier_items_description() {
        // The second item follows a ';': it is a new item, not a second object of "thực hiện".
        let text = "I. KẾT QUẢ\nPhổ biến các văn bản: Kế hoạch số 3-KH/HU ngày 1/2/2020 về thực hiện Nghị quyết số 9-NQ/TU; Kế hoạch số 4/KH-UBND ngày 2/3/2020 về công tác cải cách.";
        let got = run(
            text,
            &[
                ("Kế hoạch số 3-KH/HU", "3-KH/HU", "Kế hoạch"),
                ("Nghị quyết số 9-NQ/TU", "9-NQ/TU", "Nghị quyết"),
                ("Kế hoạch số 4/KH-UBND", "4/KH-UBND", "Kế hoạch"),
            ],
        );
        assert_eq!(got, vec![t("3-KH/HU", "implements", "9-NQ/TU")]);
    }

    #[test]
    fn carry_out_then_issue_gives_issued_doc_implements() {
        let text = "I. KẾT QUẢ\n1. Công tác chỉ đạo\nThực hiện Công văn số 512/UBND-KGVX ngày 3/4/2023 của UBND huyện về việc tăng cường công tác chuyển đổi số, Phòng Giáo dục và Đào tạo đã ban hành Kế hoạch số 31/KH-PGDĐT ngày 10/4/2023.";
        let got = run(
            text,
            &[
                ("Công văn số 512/UBND-KGVX", "512/UBND-KGVX", "Công văn"),
                ("Kế hoạch số 31/KH-PGDĐT", "31/KH-PGDĐT", "Kế hoạch"),
            ],
        );
        assert_eq!(got, vec![t("31/KH-PGDĐT", "implements", "512/UBND-KGVX")]);
    }

    #[test]
    fn carry_out_lists_pair_up_when_counts_match() {
        let text = "I. KẾT QUẢ\nThực hiện các văn bản của Bộ: số 10/QĐ-BYT ngày 1/1/2024 về kiểm soát thủ tục; số 11/KH-BYT ngày 2/1/2024 về truyền thông, Sở đã ban hành Quyết định số 5/QĐ-SYT ngày 9/1/2024 về kiểm soát; Kế hoạch số 6/KH-SYT ngày 10/1/2024.";
        let got = run(
            text,
            &[
                ("số 10/QĐ-BYT", "10/QĐ-BYT", "Quyết định"),
                ("số 11/KH-BYT", "11/KH-BYT", "Kế hoạch"),
                ("Quyết định số 5/QĐ-SYT", "5/QĐ-SYT", "Quyết định"),
                ("Kế hoạch số 6/KH-SYT", "6/KH-SYT", "Kế hoạch"),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("5/QĐ-SYT", "implements", "10/QĐ-BYT"),
                t("6/KH-SYT", "implements", "11/KH-BYT"),
            ]
        );
    }

    #[test]
    fn amends_and_amends_through_issued_with() {
        let text = "III. CƠ SỞ PHÁP LÝ\nThông tư số 12/2021/TT-BTC ngày 8/2/2021 của Bộ Tài chính sửa đổi, bổ sung một số điều của Thông tư số 85/2019/TT-BTC; Quyết định số 3/2023/QĐ-UBND ngày 1/2/2023 về sửa đổi, bổ sung một số điều của Quy chế phối hợp quản lý cụm công nghiệp ban hành kèm theo Quyết định số 40/2018/QĐ-UBND ngày 5/9/2018.";
        let got = run(
            text,
            &[
                ("Thông tư số 12/2021/TT-BTC", "12/2021/TT-BTC", "Thông tư"),
                ("Thông tư số 85/2019/TT-BTC", "85/2019/TT-BTC", "Thông tư"),
                (
                    "Quyết định số 3/2023/QĐ-UBND",
                    "3/2023/QĐ-UBND",
                    "Quyết định",
                ),
                (
                    "Quyết định số 40/2018/QĐ-UBND",
                    "40/2018/QĐ-UBND",
                    "Quyết định",
                ),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("12/2021/TT-BTC", "amends", "85/2019/TT-BTC"),
                t("3/2023/QĐ-UBND", "amends", "40/2018/QĐ-UBND"),
            ]
        );
    }

    #[test]
    fn passive_replacement_flips_direction() {
        let text = "II. TỔ CHỨC\nThực hiện Quyết định số 15/2019/QĐ-UBND ngày 2/5/2019 của UBND tỉnh quy định chức năng, nhiệm vụ của Sở Tài chính (được thay thế bằng Quyết định số 2/2024/QĐ-UBND ngày 6/1/2024), Sở đã rà soát bộ máy.";
        let got = run(
            text,
            &[
                (
                    "Quyết định số 15/2019/QĐ-UBND",
                    "15/2019/QĐ-UBND",
                    "Quyết định",
                ),
                (
                    "Quyết định số 2/2024/QĐ-UBND",
                    "2/2024/QĐ-UBND",
                    "Quyết định",
                ),
            ],
        );
        assert_eq!(
            got,
            vec![t("2/2024/QĐ-UBND", "replaces", "15/2019/QĐ-UBND")]
        );
    }

    #[test]
    fn document_replaces_and_repeals_by_name() {
        let text = "Điều 3. Quyết định này có hiệu lực kể từ ngày 01/7/2024 và thay thế Quyết định số 20/2016/QĐ-UBND ngày 4/8/2016 của UBND tỉnh.\nĐiều 4. Bãi bỏ Quyết định số 9/2015/QĐ-UBND ngày 1/4/2015 của UBND tỉnh.";
        let got = run(
            text,
            &[
                (
                    "Quyết định số 20/2016/QĐ-UBND",
                    "20/2016/QĐ-UBND",
                    "Quyết định",
                ),
                (
                    "Quyết định số 9/2015/QĐ-UBND",
                    "9/2015/QĐ-UBND",
                    "Quyết định",
                ),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("SELF", "repeals", "9/2015/QĐ-UBND"),
                t("SELF", "replaces", "20/2016/QĐ-UBND"),
            ]
        );
    }

    #[test]
    fn guides_forward_and_passive() {
        let text = "I. CĂN CỨ\nThông tư số 7/2023/TT-BNV ngày 2/3/2023 của Bộ Nội vụ hướng dẫn thi hành Nghị định số 62/2020/NĐ-CP. Nghị định số 115/2020/NĐ-CP được hướng dẫn bởi Thông tư số 6/2023/TT-BNV.";
        let got = run(
            text,
            &[
                ("Thông tư số 7/2023/TT-BNV", "7/2023/TT-BNV", "Thông tư"),
                ("Nghị định số 62/2020/NĐ-CP", "62/2020/NĐ-CP", "Nghị định"),
                ("Nghị định số 115/2020/NĐ-CP", "115/2020/NĐ-CP", "Nghị định"),
                ("Thông tư số 6/2023/TT-BNV", "6/2023/TT-BNV", "Thông tư"),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("6/2023/TT-BNV", "guides", "115/2020/NĐ-CP"),
                t("7/2023/TT-BNV", "guides", "62/2020/NĐ-CP"),
            ]
        );
    }

    #[test]
    fn regulation_issued_with_decision() {
        let text = "QUY CHẾ\nQuản lý tài sản công\n(Ban hành kèm theo Quyết định số 27/2022/QĐ-UBND ngày 14/10/2022 của UBND tỉnh)\n\nChương I\nQUY ĐỊNH CHUNG";
        let got = run(
            text,
            &[(
                "Quyết định số 27/2022/QĐ-UBND",
                "27/2022/QĐ-UBND",
                "Quyết định",
            )],
        );
        assert_eq!(got, vec![t("SELF", "issued_with", "27/2022/QĐ-UBND")]);
    }

    #[test]
    fn purpose_section_gives_document_implements_but_later_tasks_do_not() {
        let text = "KẾ HOẠCH\nPhòng chống thiên tai năm 2024\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nTriển khai thực hiện có hiệu quả Luật Phòng chống thiên tai; Chỉ thị số 2/CT-TTg ngày 3/2/2023 của Thủ tướng Chính phủ và Kế hoạch số 70/KH-UBND ngày 4/3/2023 của UBND tỉnh.\n2. Yêu cầu\nBảo đảm tiến độ.\nII. NHIỆM VỤ\n1. Tiếp tục thực hiện Nghị quyết số 8/NQ-CP ngày 1/1/2023 của Chính phủ.";
        let got = run(
            text,
            &[
                ("Chỉ thị số 2/CT-TTg", "2/CT-TTG", "Chỉ thị"),
                ("Kế hoạch số 70/KH-UBND", "70/KH-UBND", "Kế hoạch"),
                ("Nghị quyết số 8/NQ-CP", "8/NQ-CP", "Nghị quyết"),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("SELF", "implements", "2/CT-TTG"),
                t("SELF", "implements", "70/KH-UBND"),
            ]
        );
    }

    #[test]
    fn anaphora_resolves_to_the_last_document_of_that_type() {
        let text = "Số: /PGD-VP\nKính gửi: Các trường.\n\nPhòng nhận được Thông báo số 77/TB-UBND ngày 4/4/2024 của UBND huyện về kết luận của Chủ tịch. Để thực hiện nghiêm túc thông báo nêu trên, Phòng đề nghị các trường thực hiện các nội dung sau:\n1. Rà soát.";
        let got = run(
            text,
            &[("Thông báo số 77/TB-UBND", "77/TB-UBND", "Thông báo")],
        );
        assert_eq!(got, vec![t("SELF", "implements", "77/TB-UBND")]);
    }

    #[test]
    fn two_references_without_a_stated_relation_give_no_typed_edge() {
        let text = "I. KẾT QUẢ\nTheo Quyết định số 12/QĐ-UBND ngày 3/1/2024 và Kế hoạch số 40/KH-UBND ngày 9/2/2024 của UBND tỉnh, tỉ lệ hồ sơ đúng hạn đạt 98%. Sở đã phối hợp với Sở Nội vụ tại Công văn số 88/SNV-CCVC về đào tạo.";
        let got = run(
            text,
            &[
                ("Quyết định số 12/QĐ-UBND", "12/QĐ-UBND", "Quyết định"),
                ("Kế hoạch số 40/KH-UBND", "40/KH-UBND", "Kế hoạch"),
                ("Công văn số 88/SNV-CCVC", "88/SNV-CCVC", "Công văn"),
            ],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn cue_far_away_in_another_clause_does_not_link() {
        let text = "I. KẾT QUẢ\nThực hiện chỉ đạo của Bộ tại Công văn số 45/BTC-HCSN ngày 3/3/2024 về tiếp tục thực hiện sắp xếp bộ máy, chuyển đổi vị trí công tác, Sở đã ban hành Kế hoạch số 9/KH-STC ngày 5/4/2024.";
        let got = run(
            text,
            &[
                ("Công văn số 45/BTC-HCSN", "45/BTC-HCSN", "Công văn"),
                ("Kế hoạch số 9/KH-STC", "9/KH-STC", "Kế hoạch"),
            ],
        );
        assert_eq!(got, vec![t("9/KH-STC", "implements", "45/BTC-HCSN")]);
    }

    #[test]
    fn basis_with_an_amending_decree_in_the_same_clause() {
        let text = "Căn cứ Nghị định số 24/2014/NĐ-CP ngày 04 tháng 4 năm 2014 của Chính phủ quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương; Nghị định số 107/2020/NĐ-CP ngày 14 tháng 9 năm 2020 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 24/2014/NĐ-CP;\nTheo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV.";
        let got = run(
            text,
            &[
                ("Nghị định số 24/2014/NĐ-CP", "24/2014/NĐ-CP", "Nghị định"),
                ("Nghị định số 107/2020/NĐ-CP", "107/2020/NĐ-CP", "Nghị định"),
                ("Nghị định số 24/2014/NĐ-CP", "24/2014/NĐ-CP", "Nghị định"),
                ("Tờ trình số 45/TTr-SNV", "45/TTR-SNV", "Tờ trình"),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("107/2020/NĐ-CP", "amends", "24/2014/NĐ-CP"),
                t("SELF", "based_on", "107/2020/NĐ-CP"),
                t("SELF", "based_on", "24/2014/NĐ-CP"),
            ]
        );
    }

    #[test]
    fn report_answering_a_request_implements_it() {
        let text = "BÁO CÁO\nKết quả cải cách hành chính quý III năm 2022\n\nThực hiện Công văn số 1203/SNV-CCHC ngày 05/9/2022 của Sở Nội vụ về việc báo cáo kết quả cải cách hành chính, Sở Tài chính báo cáo như sau:\nI. KẾT QUẢ\n1. Thực hiện Quyết định số 9/QĐ-UBND ngày 2/1/2022, Sở đã tổ chức tập huấn.";
        let got = run(
            text,
            &[
                ("Công văn số 1203/SNV-CCHC", "1203/SNV-CCHC", "Công văn"),
                ("Quyết định số 9/QĐ-UBND", "9/QĐ-UBND", "Quyết định"),
            ],
        );
        assert_eq!(got, vec![t("SELF", "implements", "1203/SNV-CCHC")]);
    }

    #[test]
    fn circular_guides_a_decree_by_naming_itself() {
        let text = "Điều 1. Phạm vi điều chỉnh\nThông tư này hướng dẫn thi hành một số điều của Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư.";
        let got = run(
            text,
            &[("Nghị định số 30/2020/NĐ-CP", "30/2020/NĐ-CP", "Nghị định")],
        );
        assert_eq!(got, vec![t("SELF", "guides", "30/2020/NĐ-CP")]);
    }

    #[test]
    fn tone_placement_and_case_do_not_matter() {
        // Old-style tones (hoá) and upper-case cue words.
        let text = "I. KẾT QUẢ\nKế hoạch số 15/KH-UBND ngày 1/2/2021 CỤ THỂ HOÁ Nghị quyết số 3-NQ/TU ngày 5/1/2021.";
        let got = run(
            text,
            &[
                ("Kế hoạch số 15/KH-UBND", "15/KH-UBND", "Kế hoạch"),
                ("Nghị quyết số 3-NQ/TU", "3-NQ/TU", "Nghị quyết"),
            ],
        );
        assert_eq!(got, vec![t("15/KH-UBND", "implements", "3-NQ/TU")]);
    }

    #[test]
    fn heading_glued_to_its_paragraph() {
        let text = "I. KẾT QUẢ\n3. Về công tác kiểm tra Thực hiện Kế hoạch số 20/KH-UBND ngày 2/2/2024 của UBND tỉnh, Sở đã ban hành Kế hoạch số 4/KH-SXD ngày 9/2/2024.";
        let got = run(
            text,
            &[
                ("Kế hoạch số 20/KH-UBND", "20/KH-UBND", "Kế hoạch"),
                ("Kế hoạch số 4/KH-SXD", "4/KH-SXD", "Kế hoạch"),
            ],
        );
        assert_eq!(got, vec![t("4/KH-SXD", "implements", "20/KH-UBND")]);
    }

    #[test]
    fn plain_cites_once_per_key_with_its_sentence() {
        let text = "Căn cứ Kế hoạch số 5/KH-UBND ngày 1/1/2024.\nI. KẾT QUẢ\nTỉ lệ đạt 98% theo Quyết định số 7/QĐ-UBND ngày 3/1/2024 của UBND tỉnh. Kế hoạch số 5/KH-UBND đã hoàn thành; Quyết định số 7/QĐ-UBND được thực hiện tốt.";
        let rs = refs(
            text,
            &[
                ("Kế hoạch số 5/KH-UBND", "5/KH-UBND", "Kế hoạch"),
                ("Quyết định số 7/QĐ-UBND", "7/QĐ-UBND", "Quyết định"),
                ("Kế hoạch số 5/KH-UBND", "5/KH-UBND", "Kế hoạch"),
                ("Quyết định số 7/QĐ-UBND", "7/QĐ-UBND", "Quyết định"),
            ],
        );
        let located: Vec<Located<'_>> = rs
            .iter()
            .map(|(r, reference)| Located {
                range: r.clone(),
                reference,
            })
            .collect();
        let span = |r: Range<usize>| Span {
            start: r.start,
            end: r.end,
            line: 1,
            page: None,
        };
        let cites: Vec<Relation> =
            extract_relations(test_vocab(), text, &located, &DocFacts::default(), &span)
                .into_iter()
                .filter(|r| r.rel == Rel::Cites)
                .collect();
        assert_eq!(cites.len(), 1, "{cites:?}");
        assert_eq!(cites[0].to, "7/QĐ-UBND");
        assert!(cites[0].from.is_none());
        assert_eq!(
            cites[0].evidence,
            "Tỉ lệ đạt 98% theo Quyết định số 7/QĐ-UBND ngày 3/1/2024 của UBND tỉnh."
        );
        assert_eq!(
            &text[cites[0].span.start..cites[0].span.end],
            cites[0].evidence
        );
    }

    proptest::proptest! {
        /// Any text and any reference ranges: no panic, evidence spans inside the text.
        #[test]
        fn never_panics(
            text in "[a-zA-Z0-9 .,;:()\\n/-ăâđêôơưĐạảấầẩẫậệựữ]{0,300}",
            cuts in proptest::collection::vec((0usize..400, 0usize..40), 0..8),
        ) {
            let r = Reference { key: "1/QĐ-UBND".into(), kind: "Quyết định".into(), ..Default::default() };
            let located: Vec<Located<'_>> = cuts
                .iter()
                .map(|&(a, l)| Located { range: a..a + l, reference: &r })
                .collect();
            let span = |r: Range<usize>| Span { start: r.start, end: r.end, line: 1, page: None };
            for rel in extract_relations(test_vocab(), &text, &located, &DocFacts::default(), &span) {
                proptest::prop_assert!(rel.span.start <= rel.span.end && rel.span.end <= text.len());
            }
        }
    }

    #[test]
    fn a_long_text_without_headings_has_a_bounded_head() {
        let filler =
            "Công tác cải cách hành chính được quan tâm chỉ đạo thường xuyên. ".repeat(120);
        let text = format!("Thực hiện Công văn số 8/UBND-NC ngày 1/2/2024 của UBND tỉnh, Sở báo cáo như sau: {filler}Thực hiện Quyết định số 9/QĐ-UBND ngày 2/2/2024, các phòng đã rà soát.");
        let got = run(
            &text,
            &[
                ("Công văn số 8/UBND-NC", "8/UBND-NC", "Công văn"),
                ("Quyết định số 9/QĐ-UBND", "9/QĐ-UBND", "Quyết định"),
            ],
        );
        assert_eq!(got, vec![t("SELF", "implements", "8/UBND-NC")]);
    }

    #[test]
    fn subject_line_and_self_named_plan() {
        let text = "Số: 215/SNV-CCVC\nV/v triển khai thực hiện Kế hoạch số 12/KH-UBND\ncủa UBND tỉnh\nĐà Nẵng, ngày 3 tháng 3 năm 2024\nKính gửi: Các cơ quan.\n1. Tổ chức quán triệt.\n2. Kế hoạch này nhằm cụ thể hóa Chỉ thị số 4/CT-TTg ngày 2/2/2024 của Thủ tướng Chính phủ.";
        let got = run(
            text,
            &[
                ("Kế hoạch số 12/KH-UBND", "12/KH-UBND", "Kế hoạch"),
                ("Chỉ thị số 4/CT-TTg", "4/CT-TTG", "Chỉ thị"),
            ],
        );
        assert_eq!(
            got,
            vec![
                t("SELF", "implements", "12/KH-UBND"),
                t("SELF", "implements", "4/CT-TTG"),
            ]
        );
    }

    #[test]
    fn bad_ranges_do_not_panic() {
        let text = "Căn cứ Quyết định số 1/QĐ-UBND.";
        let r = Reference {
            key: "1/QĐ-UBND".into(),
            ..Default::default()
        };
        let located = [
            Located {
                range: 1000..2000,
                reference: &r,
            },
            Located {
                range: 1..2, // inside "ă"
                reference: &r,
            },
            Located {
                range: std::ops::Range { start: 5, end: 3 },
                reference: &r,
            },
        ];
        let span = |r: Range<usize>| Span {
            start: r.start,
            end: r.end,
            line: 1,
            page: None,
        };
        let _ = extract_relations(test_vocab(), text, &located, &DocFacts::default(), &span);
        let _ = extract_relations(test_vocab(), "", &[], &DocFacts::default(), &span);
    }

    #[test]
    fn passive_list_items_amend_the_head_of_the_sentence() {
        // The references inside X's description (Nghị định Z) are not what the items amend.
        let text = "Thông tư số 9/2019/TT-BQP ngày 1/2/2019 quy định chi tiết Nghị định số 18/2019/NĐ-CP ngày 1/2/2019, có hiệu lực kể từ ngày 1/3/2019, được sửa đổi, bổ sung bởi:\n1. Thông tư số 101/2025/TT-BQP ngày 3/4/2025 sửa đổi Thông tư số 9/2019/TT-BQP.\n2. Thông tư số 5/2026/TT-BQP ngày 3/4/2026.\n";
        let got = run(
            text,
            &[
                ("Thông tư số 9/2019/TT-BQP", "9/2019/TT-BQP", "Thông tư"),
                ("Nghị định số 18/2019/NĐ-CP", "18/2019/NĐ-CP", "Nghị định"),
                ("Thông tư số 101/2025/TT-BQP", "101/2025/TT-BQP", "Thông tư"),
                ("Thông tư số 5/2026/TT-BQP", "5/2026/TT-BQP", "Thông tư"),
            ],
        );
        assert!(
            got.contains(&t("101/2025/TT-BQP", "amends", "9/2019/TT-BQP")),
            "{got:?}"
        );
        assert!(
            got.contains(&t("5/2026/TT-BQP", "amends", "9/2019/TT-BQP")),
            "{got:?}"
        );
        assert!(
            !got.iter()
                .any(|e| e.2 == "18/2019/NĐ-CP" && e.1 == "amends"),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|e| e.0 == "SELF" && e.1 == "amends"),
            "{got:?}"
        );
    }

    #[test]
    fn provisions_of_a_named_law_and_object_leads_link_cue_and_reference() {
        let text = "Quy định này cụ thể hóa các quy định tại khoản 4 Điều 67 Luật Điện lực năm 2024 và các quy định tại Nghị định số 62/2025/NĐ-CP ngày 04/3/2025.\n\nNghị quyết số 47/2024/NQ-HĐND ngày 12/12/2024 quy định vùng phát thải thấp (thực hiện điểm a khoản 2 Điều 28 Luật Thủ đô số 39/2024/QH15).\n";
        let got = run(
            text,
            &[
                ("Nghị định số 62/2025/NĐ-CP", "62/2025/NĐ-CP", "Nghị định"),
                (
                    "Nghị quyết số 47/2024/NQ-HĐND",
                    "47/2024/NQ-HĐND",
                    "Nghị quyết",
                ),
                ("Luật Thủ đô số 39/2024/QH15", "39/2024/QH15", "Luật"),
            ],
        );
        assert!(
            got.contains(&t("SELF", "implements", "62/2025/NĐ-CP")),
            "{got:?}"
        );
        assert!(
            got.contains(&t("47/2024/NQ-HĐND", "implements", "39/2024/QH15")),
            "{got:?}"
        );
    }

    #[test]
    fn guidance_as_a_noun_is_no_guides_edge() {
        let text = "Thực hiện Thông tri số 02-TT/TU ngày 03/10/2025 và hướng dẫn của Bộ Nội vụ tại Công văn số 8935/BNV-CTTN ngày 03/10/2025.\n";
        let got = run(
            text,
            &[
                ("Thông tri số 02-TT/TU", "2-TT/TU", "Thông tri"),
                ("Công văn số 8935/BNV-CTTN", "8935/BNV-CTTN", "Công văn"),
            ],
        );
        assert!(!got.iter().any(|e| e.1 == "guides"), "{got:?}");
    }

    #[test]
    fn negatives_give_no_typed_edge() {
        let specs = [
            (
                "Quyết định số 12/2020/QĐ-UBND",
                "12/2020/QĐ-UBND",
                "Quyết định",
            ),
            (
                "Quyết định số 13/2021/QĐ-UBND",
                "13/2021/QĐ-UBND",
                "Quyết định",
            ),
        ];
        // A proposal to amend is not an amendment.
        let got = run(
            "Sở Tư pháp đề nghị sửa đổi Quyết định số 12/2020/QĐ-UBND ngày 1/2/2020 cho phù hợp.\n",
            &specs[..1],
        );
        assert!(got.is_empty(), "{got:?}");
        // Two documents that may stand for one another: no replacement between them.
        let got = run(
            "Quyết định số 12/2020/QĐ-UBND và Quyết định số 13/2021/QĐ-UBND có thể thay thế cho nhau khi lập hồ sơ.\n",
            &specs,
        );
        assert!(!got.iter().any(|e| e.1 == "replaces"), "{got:?}");
        // Compared, not related.
        let got = run(
            "So với Quyết định số 12/2020/QĐ-UBND, Quyết định số 13/2021/QĐ-UBND có phạm vi rộng hơn.\n",
            &specs,
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn repeal_list_and_expiry_clause() {
        let text = "Điều 3. Bãi bỏ các Quyết định sau:\na) Quyết định số 12/2020/QĐ-UBND ngày 1/2/2020 của UBND tỉnh;\nb) Khoản 2 Điều 5 Quyết định số 13/2021/QĐ-UBND ngày 3/4/2021 của UBND tỉnh.\nĐiều 4. Quyết định số 14/2019/QĐ-UBND ngày 1/1/2019 hết hiệu lực kể từ ngày 01/01/2026.\n";
        let got = run(
            text,
            &[
                (
                    "Quyết định số 12/2020/QĐ-UBND",
                    "12/2020/QĐ-UBND",
                    "Quyết định",
                ),
                (
                    "Quyết định số 13/2021/QĐ-UBND",
                    "13/2021/QĐ-UBND",
                    "Quyết định",
                ),
                (
                    "Quyết định số 14/2019/QĐ-UBND",
                    "14/2019/QĐ-UBND",
                    "Quyết định",
                ),
            ],
        );
        assert!(
            got.contains(&t("SELF", "repeals", "12/2020/QĐ-UBND")),
            "{got:?}"
        );
        assert!(
            got.contains(&t("SELF", "repeals", "13/2021/QĐ-UBND")),
            "{got:?}"
        );
        assert!(
            got.contains(&t("SELF", "terminates", "14/2019/QĐ-UBND")),
            "{got:?}"
        );
    }
}
