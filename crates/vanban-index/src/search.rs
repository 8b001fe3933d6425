//! Number lookup (from the loose keys) and full-text BM25 search with highlighted snippets.

use crate::{date_number, keys, Index, IndexError, LooseKey, NumberQuery, StoredDoc};
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Term};
use vanban_model::Reference;

/// Clauses of a boolean query.
type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// Filters and limits of a search.
#[derive(Clone, Debug)]
pub struct SearchOptions {
    /// At most this many hits.
    pub limit: usize,
    /// Only documents of this kind (`Kế hoạch`, `ke hoach` or the code `KH`).
    pub kind: Option<String>,
    /// Only documents whose issuer symbol or issuing body contains these words.
    pub issuer: Option<String>,
    /// Only documents dated on or after (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only documents dated on or before.
    pub to: Option<String>,
    /// Respect diacritics in word queries.
    pub exact_accents: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            kind: None,
            issuer: None,
            from: None,
            to: None,
            exact_accents: false,
        }
    }
}

/// Why a document matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The document bears the number searched for.
    Number,
    /// The document cites the number searched for.
    Cites,
    /// Full-text match.
    Text,
}

/// One search result (the `--json` shape, see `docs/search-json.md`).
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// The file's absolute path.
    pub source: String,
    /// The document's own number, if known.
    pub key: Option<String>,
    /// The document's kind.
    pub kind: Option<String>,
    /// The document's date, ISO.
    pub date: Option<String>,
    /// BM25 score for word queries; 2 for the numbered document, 1 for citing ones.
    pub score: f32,
    /// The passage, HTML-escaped, matches wrapped in `<b>`.
    pub snippet: String,
    /// 1-based page (PDFs).
    pub page: Option<u32>,
    /// 1-based line.
    pub line: Option<u32>,
    /// Why it matched.
    #[serde(rename = "match")]
    pub matched: MatchKind,
    /// For citing hits, the cited reference as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cited: Option<String>,
    /// The document's subject line.
    pub subject: Option<String>,
}

impl Index {
    /// Answer a query: number lookup when it parses as a document number and matches,
    /// otherwise full text.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Hit>, IndexError> {
        if opts.limit == 0 {
            return Ok(Vec::new());
        }
        if let Some(nq) = keys::parse_query(query) {
            let hits = self.search_number(&nq, opts)?;
            // A symbol written with a slash or introduced by "số" is never a word query.
            let clearly_number = query.contains('/')
                || matches!(nq, NumberQuery::Number(_))
                || keys::tokens(query).first().is_some_and(|t| t == "so");
            if !hits.is_empty() || clearly_number {
                return Ok(hits);
            }
        }
        self.search_text(query, opts)
    }

    fn filters(&self, opts: &SearchOptions) -> Result<Clauses, IndexError> {
        let f = self.fields;
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(kind) = opts.kind.as_deref().filter(|k| !k.trim().is_empty()) {
            let t = Term::from_field_text(f.kind, &keys::tokens(kind).join(" "));
            out.push((
                Occur::Must,
                Box::new(TermQuery::new(t, IndexRecordOption::Basic)),
            ));
        }
        if let Some(issuer) = opts.issuer.as_deref().filter(|k| !k.trim().is_empty()) {
            let mut qp = QueryParser::for_index(&self.index, vec![f.issuer]);
            qp.set_conjunction_by_default();
            let phrase = format!("\"{}\"", keys::tokens(issuer).join(" "));
            let q = qp
                .parse_query(&phrase)
                .map_err(|e| IndexError::Other(format!("--issuer: {e}")))?;
            out.push((Occur::Must, q));
        }
        let bound = |s: &Option<String>, what: &str, upper: bool| -> Result<_, IndexError> {
            match s.as_deref().filter(|s| !s.trim().is_empty()) {
                None => Ok(None),
                Some(s) => {
                    let n = date_number(s).ok_or_else(|| {
                        IndexError::Other(format!("{what}: expected YYYY, YYYY-MM or YYYY-MM-DD"))
                    })?;
                    // An upper bound of 2021 or 2021-12 includes the whole year or month.
                    let n = if upper && n % 100 == 0 {
                        if n % 10_000 == 0 {
                            n + 1299
                        } else {
                            n + 99
                        }
                    } else {
                        n
                    };
                    Ok(Some(n))
                }
            }
        };
        let from = bound(&opts.from, "--from", false)?;
        let to = bound(&opts.to, "--to", true)?;
        if from.is_some() || to.is_some() {
            let lo = Term::from_field_u64(f.date, from.unwrap_or(1).max(1));
            let hi = Term::from_field_u64(f.date, to.unwrap_or(u64::MAX));
            out.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Included(lo), Bound::Included(hi))),
            ));
        }
        Ok(out)
    }

    fn search_number(
        &self,
        nq: &NumberQuery,
        opts: &SearchOptions,
    ) -> Result<Vec<Hit>, IndexError> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let (own, cites) = match nq {
            NumberQuery::Key(k) => (
                Term::from_field_text(f.ownkey, &k.term()),
                Term::from_field_text(f.refkey, &k.term()),
            ),
            NumberQuery::Number(n) => (
                Term::from_field_text(f.ownnum, n),
                Term::from_field_text(f.refnum, n),
            ),
        };
        let mut hits = Vec::new();
        let mut seen: HashSet<DocAddress> = HashSet::new();
        for (term, matched) in [(own, MatchKind::Number), (cites, MatchKind::Cites)] {
            let room = opts.limit.saturating_sub(hits.len());
            if room == 0 {
                break;
            }
            let mut clauses = self.filters(opts)?;
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
            let q = BooleanQuery::new(clauses);
            let top =
                TopDocs::with_limit(room + seen.len()).order_by_u64_field("date", Order::Desc);
            let found = searcher.search(&q, &top)?;
            for (_, addr) in found {
                if hits.len() >= opts.limit || !seen.insert(addr) {
                    continue;
                }
                let doc = self.stored(&searcher, addr)?;
                hits.push(number_hit(doc, nq, matched));
            }
        }
        Ok(hits)
    }

    fn search_text(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Hit>, IndexError> {
        let f = self.fields;
        let field = if opts.exact_accents {
            f.text_exact
        } else {
            f.text
        };
        // Keep words, digits and "phrases"; drop query syntax a clerk does not mean.
        let cleaned: String = query
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '"' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let cleaned = if cleaned.matches('"').count() % 2 == 1 {
            cleaned.replace('"', " ")
        } else {
            cleaned
        };
        if cleaned.trim().is_empty() {
            return Ok(Vec::new());
        }
        let mut qp = QueryParser::for_index(&self.index, vec![field]);
        qp.set_conjunction_by_default();
        let (text_q, _) = qp.parse_query_lenient(&cleaned);
        let searcher = self.reader.searcher();
        let mut gen = SnippetGenerator::create(&searcher, &*text_q, field)?;
        gen.set_max_num_chars(220);
        let mut clauses = self.filters(opts)?;
        clauses.push((Occur::Must, text_q));
        let q = BooleanQuery::new(clauses);
        let found = searcher.search(&q, &TopDocs::with_limit(opts.limit).order_by_score())?;
        let mut hits = Vec::with_capacity(found.len());
        for (score, addr) in found {
            let doc = self.stored(&searcher, addr)?;
            let snip = gen.snippet(&doc.text);
            let (snippet, at) = if snip.is_empty() {
                (squash(&escape(&head(&doc.text, 200))), 0)
            } else {
                (squash(&snip.to_html()), snip.fragment_range().start)
            };
            let (page, line) = page_line(&doc.text, at, doc.record.pages.is_some());
            let mut hit = base_hit(&doc, score, MatchKind::Text);
            hit.snippet = snippet;
            hit.page = page;
            hit.line = Some(line);
            hits.push(hit);
        }
        Ok(hits)
    }
}

fn base_hit(doc: &StoredDoc, score: f32, matched: MatchKind) -> Hit {
    let d = doc.record.document.as_ref();
    Hit {
        source: doc.record.source.clone(),
        key: d.and_then(|d| d.key.clone()),
        kind: d.and_then(|d| d.kind.clone()),
        date: d.and_then(|d| d.date.clone()),
        score,
        snippet: String::new(),
        page: None,
        line: None,
        matched,
        cited: None,
        subject: d.and_then(|d| d.subject.clone()),
    }
}

fn reference_matches(r: &Reference, nq: &NumberQuery) -> bool {
    let Some(k) = LooseKey::parse(&r.key) else {
        return false;
    };
    match nq {
        NumberQuery::Key(q) => k.index_terms().contains(&q.term()),
        NumberQuery::Number(n) => &k.number == n,
    }
}

fn number_hit(doc: StoredDoc, nq: &NumberQuery, matched: MatchKind) -> Hit {
    let score = if matched == MatchKind::Number {
        2.0
    } else {
        1.0
    };
    let mut hit = base_hit(&doc, score, matched);
    match matched {
        MatchKind::Cites => {
            if let Some(r) = doc
                .record
                .references
                .iter()
                .find(|r| !r.is_self && reference_matches(r, nq))
            {
                hit.snippet = citing_sentence(&doc.text, &r.text, &r.key);
                hit.page = r.span.page;
                hit.line = Some(r.span.line);
                hit.cited = Some(r.text.clone());
            }
        }
        _ => {
            let d = doc.record.document.as_ref();
            let number = d.and_then(|d| d.key.clone()).unwrap_or_default();
            let subject = d.and_then(|d| d.subject.clone()).unwrap_or_default();
            hit.snippet = squash(&format!("<b>{}</b> {}", escape(&number), escape(&subject)));
            if let Some(span) = d.and_then(|d| d.span) {
                hit.page = span.page;
                hit.line = Some(span.line);
            }
        }
    }
    hit
}

/// The sentence of `text` containing the reference, the reference in `<b>`.
pub(crate) fn citing_sentence(text: &str, surface: &str, key: &str) -> String {
    let found = [surface, key]
        .into_iter()
        .filter(|s| !s.is_empty())
        .find_map(|s| text.find(s).map(|i| (i, i + s.len())));
    let Some((start, end)) = found else {
        return format!("<b>{}</b>", escape(surface));
    };
    let bytes = text.as_bytes();
    // A sentence ends at a newline, or at . ! ? followed by white space ("45.799" is no end).
    let is_end = |i: usize| match bytes.get(i) {
        // A hard-wrapped line goes on when the next line starts in lower case.
        Some(b'\n') => !text
            .get(i + 1..)
            .and_then(|rest| rest.trim_start_matches([' ', '\t']).chars().next())
            .is_some_and(char::is_lowercase),
        Some(b'\x0c') => true,
        Some(b'.') | Some(b'!') | Some(b'?') => {
            bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
        }
        _ => false,
    };
    let mut s = start;
    while s > 0 && !is_end(s - 1) {
        s -= 1;
    }
    let mut e = end;
    while e < bytes.len() && !is_end(e) {
        e += 1;
    }
    if e < bytes.len() && bytes[e] != b'\n' && bytes[e] != b'\x0c' {
        e += 1;
    }
    // Keep long run-on sentences readable: at most ~300 characters of context each side.
    const CONTEXT: usize = 300;
    // Cut at a word boundary, never inside a word.
    if start - s > CONTEXT {
        let cut = floor_char(text, start - CONTEXT);
        s = text
            .get(cut..start)
            .and_then(|w| w.find(char::is_whitespace))
            .map_or(start, |i| cut + i);
    }
    if e - end > CONTEXT {
        let cut = floor_char(text, end + CONTEXT);
        e = text
            .get(end..cut)
            .and_then(|w| w.rfind(char::is_whitespace))
            .map_or(end, |i| end + i);
    }
    let pre = text.get(s..start).unwrap_or_default().trim_start();
    let mid = text.get(start..end).unwrap_or_default();
    let post = text.get(end..e).unwrap_or_default().trim_end();
    squash(&format!(
        "{}<b>{}</b>{}",
        escape(pre),
        escape(mid),
        escape(post)
    ))
}

/// Runs of white space (wrapped lines, PDF column gaps) become one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn head(s: &str, chars: usize) -> String {
    s.chars().take(chars).collect()
}

/// 1-based page (counting form feeds, for PDFs) and line within the page of byte `at`.
fn page_line(text: &str, at: usize, is_pdf: bool) -> (Option<u32>, u32) {
    let before = text.get(..floor_char(text, at)).unwrap_or_default();
    let page_start = before.rfind('\x0c').map_or(0, |i| i + 1);
    let page = before.matches('\x0c').count() as u32 + 1;
    let line = before
        .get(page_start..)
        .unwrap_or_default()
        .matches('\n')
        .count() as u32
        + 1;
    (is_pdf.then_some(page), line)
}

/// Minimal HTML escaping, as tantivy's snippets do.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citing_sentence_is_the_sentence() {
        let text = "Mở đầu\nNgày 07/12/2021, UBND tỉnh ban hành Kế hoạch số   184/KH-UBND về\nchuyển đổi số. Câu sau có 45.799 đồng.";
        let s = citing_sentence(text, "Kế hoạch số   184/KH-UBND", "184/KH-UBND");
        assert_eq!(
            s,
            "Ngày 07/12/2021, UBND tỉnh ban hành <b>Kế hoạch số 184/KH-UBND</b> về chuyển đổi số."
        );
        let s = citing_sentence(
            "Tổng 45.799 tỷ theo Quyết định số 6/QĐ-UBND & khác",
            "Quyết định số 6/QĐ-UBND",
            "",
        );
        assert_eq!(
            s,
            "Tổng 45.799 tỷ theo <b>Quyết định số 6/QĐ-UBND</b> &amp; khác"
        );
        // Long run-on sentences are cut at word boundaries.
        let long = format!(
            "{} Quyết định số 6/QĐ-UBND {}",
            "đường ".repeat(80),
            "tỉnh ".repeat(80)
        );
        let s = citing_sentence(&long, "Quyết định số 6/QĐ-UBND", "");
        assert!(s.starts_with("đường ") && s.ends_with(" tỉnh"), "{s}");
        assert!(s.len() < long.len());
        // Not found: the surface alone, escaped.
        assert_eq!(citing_sentence("abc", "x<y", ""), "<b>x&lt;y</b>");
    }

    #[test]
    fn pages_and_lines() {
        let t = "a\nb\x0cc\nd\ne";
        assert_eq!(page_line(t, 0, true), (Some(1), 1));
        assert_eq!(page_line(t, 2, true), (Some(1), 2));
        assert_eq!(page_line(t, t.len() - 1, true), (Some(2), 3));
        assert_eq!(page_line(t, 2, false), (None, 2));
    }
}
