//! Number lookup (docs/search.md's grammar over the loose keys) and full-text BM25 search with
//! highlighted snippets; the files of one document (its twins) are one hit.

use crate::query::{self, Lexicon, ParsedQuery};
use crate::{date_number, keys, Index, IndexError, LooseKey, StoredDoc};
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Bound;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Term};
use vanban_model::Reference;

/// Clauses of a boolean query.
type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// Candidates read per side of a number query: beyond this a number is too common to list
/// whole (the total then says "at least").
const MAX_CANDIDATES: usize = 5_000;

/// Filters and limits of a search.
#[derive(Clone, Debug)]
pub struct SearchOptions {
    /// At most this many hits per page.
    pub limit: usize,
    /// The page of hits to give, 1-based.
    pub page: usize,
    /// Only documents of this kind (`Kế hoạch`, `ke hoach` or the code `KH`).
    pub kind: Option<String>,
    /// Only documents whose issuer symbol, issuing body or locality contains these words.
    pub issuer: Option<String>,
    /// Only documents dated on or after (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `DD/MM/YYYY`,
    /// `MM/YYYY`).
    pub from: Option<String>,
    /// Only documents dated on or before.
    pub to: Option<String>,
    /// Respect diacritics in word queries (only exact matches).
    pub exact_accents: bool,
    /// Only the word hits at these positions of the page (0-based) get their snippet, page
    /// and line; the others come with their files only. `None`: every hit. A caller that
    /// shows part of what it fetches (the web page counts facets over more hits than it
    /// shows) saves the snippets and original-file reads of the rest.
    pub details: Option<std::ops::Range<usize>>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            page: 1,
            kind: None,
            issuer: None,
            from: None,
            to: None,
            exact_accents: false,
            details: None,
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

/// One file of a hit: a document may come as several files (the `.txt` and `.pdf` of one
/// report), docs/spec/identity.md "One document, several files".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileRef {
    /// Absolute path as ingested.
    pub path: String,
    /// `txt`, `pdf`, `doc`, ... (the file's extension, lower case).
    pub format: String,
    /// 1-based page of the match (PDFs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// 1-based line of the match in this file (in its page for PDFs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// One search result (the `--json` shape, see `docs/search-json.md`).
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// The first file's absolute path.
    pub source: String,
    /// The document's own number, canonical key form, if known.
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
    /// The document's own number as printed (`2597/QĐ-TTg`, `04/KH-SKHCN`).
    pub symbol: Option<String>,
    /// The issuing body, its lines joined with ` / `.
    pub issuer: Option<String>,
    /// The province or city of a local issuer.
    pub locality: Option<String>,
    /// For citing hits, how the document cites the number (`based_on`, `implements`, ...,
    /// `cites` when nothing more is said).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// For citing hits, the canonical key of the cited number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cited_key: Option<String>,
    /// Every file of this document, `source` first.
    pub files: Vec<FileRef>,
    /// 1-based position among all hits of the query (over every page).
    pub rank: usize,
    /// Number of hits of the query over every page (documents, twins counted once).
    pub total: usize,
}

/// A page of hits and how many there are in all.
#[derive(Clone, Debug, Default)]
pub struct Results {
    /// The hits of the page asked for.
    pub hits: Vec<Hit>,
    /// Hits over every page.
    pub total: usize,
    /// How the query was read (`number`, `number+words`, `words`, `words-exact`).
    pub reading: &'static str,
    /// Notes for the user: narrowing dropped, words ignored.
    pub notes: Vec<String>,
}

/// What an empty search can suggest.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Suggestions {
    /// Numbers in the index close to the one typed, as written (`184/KH-UBND`).
    pub numbers: Vec<String>,
    /// Words of the index close to unknown words of the query.
    pub words: Vec<String>,
}

/// One file matched, before twins are merged.
struct Entry {
    doc: StoredDoc,
    hit: Hit,
    /// Group of a number query (the bearer's key term), so twins merge only inside one.
    group: usize,
    /// A word hit whose snippet, page and line are not made yet: the index of the
    /// snippet generator of its pass. They are made only for the hits of the page shown
    /// (a snippet and the original file's line numbers cost more than finding the hit).
    pending: Option<usize>,
    /// Twins merged into this entry while still pending: their files join at the end.
    twins: Vec<Entry>,
}

/// Parse a date flag: `2025-11-25`, `25/11/2025`, `11/2025`, `2025` (also `25-11-2025`,
/// `25.11.2025`) -> YYYYMMDD with 00 for what is not given.
pub fn date_flag(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Some(n) = date_number(s) {
        return Some(n);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let num = |p: &str| p.parse::<u64>().ok();
    let (d, m, y) = match parts.as_slice() {
        [d, m, y] => (num(d)?, num(m)?, num(y)?),
        [m, y] => (0, num(m)?, num(y)?),
        _ => return None,
    };
    if !(1000..=9999).contains(&y) || !(1..=12).contains(&m) || d > 31 {
        return None;
    }
    Some(y * 10_000 + m * 100 + d)
}

fn folded(s: &str) -> String {
    keys::tokens(s).join(" ")
}

fn format_of(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

impl Index {
    /// Answer a query (first page): see [`Index::search_page`].
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Hit>, IndexError> {
        Ok(self.search_page(query, opts)?.hits)
    }

    /// Answer a query: number lookup when it reads as a document number (docs/search.md),
    /// with its words matched as text; otherwise full text. Twins are one hit.
    pub fn search_page(&self, query: &str, opts: &SearchOptions) -> Result<Results, IndexError> {
        self.search_page_with(Lexicon::builtin(), query, opts)
    }

    /// [`Index::search_page`] with the type words, codes, issuers and localities of `lx`
    /// (the vocabularies of `--patterns`) instead of the built-in ones.
    pub fn search_page_with(
        &self,
        lx: &Lexicon,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<Results, IndexError> {
        if opts.limit == 0 {
            return Err(IndexError::Invalid(
                "--limit: must be at least 1".to_owned(),
            ));
        }
        if opts.page == 0 {
            return Err(IndexError::Invalid("--page: pages count from 1".to_owned()));
        }
        let clauses = self.filters(lx, opts)?;
        drop(clauses);
        let want = opts.page.saturating_mul(opts.limit);
        let mut notes = Vec::new();
        if let Some(pq) = query::parse_with(lx, query) {
            let (mut entries, reading, more) = self.search_number(lx, &pq, opts, &mut notes)?;
            if !entries.is_empty() {
                let total_extra = more;
                merge_twins(&mut entries);
                return Ok(paginate(entries, opts, total_extra, reading, notes));
            }
            // A number written as a symbol, with "số" or with symbol parts ("148 kh ubnd") is
            // never a word query: digits and codes as words match unrelated passages.
            if (pq.explicit || !pq.parts.is_empty()) && pq.words.is_empty() {
                return Ok(Results {
                    reading: "number",
                    notes,
                    ..Default::default()
                });
            }
        }
        // Every matching file when there are at most 200 (or twice the hits wanted): twins
        // are merged inside the window, so the total is exact whenever the matches fit.
        // Beyond, the hits wanted and a margin for twins, widened while merged twins leave
        // fewer hits than wanted: each file of the window is a stored record read.
        let all_up_to = (want * 2 + 20).max(200);
        let mut window = want + want / 4 + 10;
        let (mut entries, files, reading, gens, fetched) = loop {
            let TextHits {
                mut entries,
                files,
                reading,
                gens,
            } = self.search_text(lx, query, opts, all_up_to, window)?;
            let fetched = entries.len();
            merge_twins(&mut entries);
            if entries.len() >= want || fetched >= files || window >= files {
                break (entries, files, reading, gens, fetched);
            }
            window = window.saturating_mul(2);
        };
        let skip = (opts.page.max(1) - 1).saturating_mul(opts.limit);
        for (i, e) in entries.iter_mut().skip(skip).take(opts.limit).enumerate() {
            if opts.details.as_ref().is_none_or(|r| r.contains(&i)) {
                finish_entry(e, &gens);
            } else {
                finish_files(e);
            }
        }
        // Files beyond the window are counted as documents: an estimate, exact when all fit.
        let extra = files.saturating_sub(fetched);
        Ok(paginate(entries, opts, extra, reading, notes))
    }

    fn filters(&self, lx: &Lexicon, opts: &SearchOptions) -> Result<Clauses, IndexError> {
        let f = self.fields;
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(kind) = opts.kind.as_deref().filter(|k| !k.trim().is_empty()) {
            let name = lx.kind(kind).ok_or_else(|| {
                IndexError::Invalid(format!(
                    "--kind: unknown kind {kind:?}; known kinds: {}; or a code: {}",
                    lx.kinds().join(", "),
                    lx.codes().join(", ")
                ))
            })?;
            // Documents store their kind name and their type code; the name is always there.
            let mut any: Clauses = Vec::new();
            for t in std::iter::once(folded(name)).chain(lx.codes_of(name).map(str::to_owned)) {
                any.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.kind, &t),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
            out.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if let Some(issuer) = opts.issuer.as_deref().filter(|k| !k.trim().is_empty()) {
            let mut qp = QueryParser::for_index(&self.index, vec![f.issuer]);
            qp.set_conjunction_by_default();
            let phrase = format!("\"{}\"", keys::tokens(issuer).join(" "));
            let q = qp
                .parse_query(&phrase)
                .map_err(|e| IndexError::Invalid(format!("--issuer: {e}")))?;
            out.push((Occur::Must, q));
        }
        let bound = |s: &Option<String>, what: &str, upper: bool| -> Result<_, IndexError> {
            match s.as_deref().filter(|s| !s.trim().is_empty()) {
                None => Ok(None),
                Some(s) => {
                    let n = date_flag(s).ok_or_else(|| {
                        IndexError::Invalid(format!(
                            "{what}: {s:?} is not a date; write 2025-11-25, 25/11/2025, \
                             11/2025 or 2025"
                        ))
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

    /// The stored documents matching a number and its parts on one side (own or cited).
    fn candidates(
        &self,
        lx: &Lexicon,
        pq: &ParsedQuery,
        opts: &SearchOptions,
        num: Field,
        key: Field,
    ) -> Result<(Vec<(DocAddress, StoredDoc)>, bool), IndexError> {
        let searcher = self.reader.searcher();
        let mut clauses = self.filters(lx, opts)?;
        let term = |field: Field, t: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, t),
                IndexRecordOption::Basic,
            ))
        };
        clauses.push((Occur::Must, term(num, &pq.number)));
        for p in &pq.parts {
            clauses.push((Occur::Must, term(key, &format!("{}|p:{p}", pq.number))));
        }
        let q = BooleanQuery::new(clauses);
        let mut addrs: Vec<DocAddress> =
            searcher.search(&q, &DocSetCollector)?.into_iter().collect();
        addrs.sort();
        let more = addrs.len() > MAX_CANDIDATES;
        addrs.truncate(MAX_CANDIDATES);
        let mut out = Vec::with_capacity(addrs.len());
        for a in addrs {
            out.push((a, self.stored(&searcher, a)?));
        }
        Ok((out, more))
    }

    fn search_number(
        &self,
        lx: &Lexicon,
        pq: &ParsedQuery,
        opts: &SearchOptions,
        notes: &mut Vec<String>,
    ) -> Result<(Vec<Entry>, &'static str, usize), IndexError> {
        let f = self.fields;
        let (own, more_own) = self.candidates(lx, pq, opts, f.ownnum, f.ownkey)?;
        let (cites, more_cites) = self.candidates(lx, pq, opts, f.refnum, f.refkey)?;
        // Bearers: the own key carries the number and parts (the index saw to that).
        let bearers: Vec<(&StoredDoc, LooseKey)> = own
            .iter()
            .filter_map(|(_, d)| {
                let k = d.record.document.as_ref()?.key.as_deref()?;
                let k = LooseKey::parse(k)?;
                key_fits(&k, pq).then_some((d, k))
            })
            .collect();
        // Citers: each with its references that carry the number and parts.
        let citers: Vec<(&StoredDoc, Vec<(&Reference, LooseKey)>)> = cites
            .iter()
            .filter_map(|(_, d)| {
                let refs: Vec<_> = d
                    .record
                    .references
                    .iter()
                    .filter(|r| !r.is_self)
                    .filter_map(|r| {
                        let k = LooseKey::parse(&r.key)?;
                        key_fits(&k, pq).then_some((r, k))
                    })
                    .collect();
                (!refs.is_empty()).then_some((d, refs))
            })
            .collect();
        // Narrowing: the largest set of the query's year, kind and locality that something
        // still passes; a looser reading fills what a tighter one would empty.
        let all = Narrow {
            year: pq.year,
            kind: pq.kind.as_deref().map(folded),
            locality: pq.locality.as_deref().map(folded),
        };
        // Bearers decide the reading when there are any; else the citers do.
        let ladder = all.ladder();
        let chosen = ladder
            .iter()
            .find(|n| bearers.iter().any(|(d, k)| n.own_passes(d, k, lx)))
            .or_else(|| {
                ladder.iter().find(|n| {
                    citers
                        .iter()
                        .any(|(_, refs)| refs.iter().any(|(r, k)| n.ref_passes(r, k, lx)))
                })
            })
            .cloned();
        let Some(n) = chosen else {
            return Ok((Vec::new(), "number", 0));
        };
        for (what, given, kept) in [
            ("year", all.year.is_some(), n.year.is_some()),
            ("kind", all.kind.is_some(), n.kind.is_some()),
            ("locality", all.locality.is_some(), n.locality.is_some()),
        ] {
            if given && !kept {
                notes.push(format!("{what} ignored: nothing matches it"));
            }
        }
        // Bearers passing, newest first; each one a group.
        let mut passing: Vec<(&StoredDoc, &LooseKey)> = bearers
            .iter()
            .filter(|(d, k)| n.own_passes(d, k, lx))
            .map(|(d, k)| (*d, k))
            .collect();
        passing.sort_by_key(|(d, _)| std::cmp::Reverse(doc_date(d)));
        // Group identity: key term without year, year, locality.
        let mut groups: Vec<(LooseKey, Option<String>)> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        for (d, k) in &passing {
            let loc = d.record.document.as_ref().and_then(|x| x.locality.clone());
            let g = match groups
                .iter()
                .position(|(gk, gl)| same_key(gk, k) && loc_compatible(gl, &loc))
            {
                Some(g) => g,
                None => {
                    groups.push(((*k).clone(), loc.clone()));
                    groups.len() - 1
                }
            };
            entries.push(Entry {
                hit: number_hit(d, None),
                doc: (*d).clone(),
                group: g,
                pending: None,
                twins: Vec::new(),
            });
        }
        let bearer_groups = groups.len();
        // Citers: of a bearer's key when there are bearers, else those passing the narrowing.
        let mut cite_entries: Vec<Entry> = Vec::new();
        for (d, refs) in &citers {
            let mut placed = None;
            for (r, k) in refs {
                let rloc = r.locality.clone();
                if let Some(g) = (0..bearer_groups)
                    .find(|&g| same_key(&groups[g].0, k) && loc_compatible(&groups[g].1, &rloc))
                {
                    placed = Some((g, *r));
                    break;
                }
            }
            if placed.is_none() {
                if let Some((r, k)) = refs.iter().find(|(r, k)| n.ref_passes(r, k, lx)) {
                    let rloc = r.locality.clone();
                    let g = match groups
                        .iter()
                        .position(|(gk, gl)| same_key(gk, k) && loc_compatible(gl, &rloc))
                    {
                        Some(g) => g,
                        None => {
                            groups.push((k.clone(), rloc));
                            groups.len() - 1
                        }
                    };
                    placed = Some((g, *r));
                }
            }
            if let Some((g, r)) = placed {
                cite_entries.push(Entry {
                    hit: number_hit(d, Some(r)),
                    doc: (*d).clone(),
                    group: g,
                    pending: None,
                    twins: Vec::new(),
                });
            }
        }
        cite_entries.sort_by_key(|e| (e.group, std::cmp::Reverse(doc_date(&e.doc))));
        // Each bearer group: its bearers, then its citers; then groups without a bearer.
        let mut ordered: Vec<Entry> = Vec::with_capacity(entries.len() + cite_entries.len());
        let mut cite_iter = cite_entries.into_iter().peekable();
        let mut bearers_iter = entries.into_iter().peekable();
        for g in 0..groups.len() {
            while bearers_iter.peek().is_some_and(|e| e.group == g) {
                ordered.extend(bearers_iter.next());
            }
            while cite_iter.peek().is_some_and(|e| e.group == g) {
                ordered.extend(cite_iter.next());
            }
        }
        ordered.extend(bearers_iter);
        ordered.extend(cite_iter);
        // A mixed query: its words narrow the number's documents, when any has them all.
        let mut reading = "number";
        if !pq.words.is_empty() {
            let words: Vec<String> = pq.words.iter().map(|w| folded(w)).collect();
            let with: Vec<bool> = ordered
                .iter()
                .map(|e| {
                    let toks: HashSet<String> = keys::tokens(&e.doc.text).into_iter().collect();
                    words.iter().all(|w| toks.contains(w))
                })
                .collect();
            if with.iter().any(|&b| b) {
                let mut i = 0;
                ordered.retain(|_| {
                    i += 1;
                    with[i - 1]
                });
                reading = "number+words";
            } else {
                notes.push(format!(
                    "no document of this number has the words: {}",
                    pq.words.join(" ")
                ));
            }
        }
        let more = usize::from(more_own || more_cites);
        Ok((ordered, reading, more))
    }

    /// Full text: returns the entries of every matching file when there are at most
    /// `all_up_to`, else of the best `window`, and the number of matching files.
    fn search_text(
        &self,
        lx: &Lexicon,
        query: &str,
        opts: &SearchOptions,
        all_up_to: usize,
        window: usize,
    ) -> Result<TextHits, IndexError> {
        let f = self.fields;
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
            return Ok(TextHits {
                entries: Vec::new(),
                files: 0,
                reading: "words",
                gens: Vec::new(),
            });
        }
        let accented = query::has_diacritics(query);
        // With diacritics the exact field ranks first and the folded one follows; without,
        // the folded one alone; `--exact-accents` takes the exact one only. Inside each field
        // the documents holding the words as one phrase come first: folded look-alikes
        // ("chữ ký số chuyên dùng" for "chuyển đổi số") often hold every word of the query
        // somewhere, and BM25 of scattered words says nothing about the phrase.
        let fields: Vec<Field> = if opts.exact_accents {
            vec![f.text_exact]
        } else if accented {
            vec![f.text_exact, f.text]
        } else {
            vec![f.text]
        };
        let words = cleaned.split_whitespace().count();
        let phrase =
            (words >= 2 && !cleaned.contains('"')).then(|| format!("\"{}\"", cleaned.trim()));
        let reading = if opts.exact_accents {
            "words-exact"
        } else {
            "words"
        };
        let searcher = self.reader.searcher();
        let parse = |field: Field, text: &str| -> Box<dyn Query> {
            let mut qp = QueryParser::for_index(&self.index, vec![field]);
            qp.set_conjunction_by_default();
            qp.parse_query_lenient(text).0
        };
        let with_filters = |q: Box<dyn Query>| -> Result<BooleanQuery, IndexError> {
            let mut clauses = self.filters(lx, opts)?;
            clauses.push((Occur::Must, q));
            Ok(BooleanQuery::new(clauses))
        };
        // The last field's words, quotes aside, match everything any pass does: their count
        // (no positions read) bounds the matching files and sizes the window. The phrase
        // passes are what costs: the index reads the positions of every document holding
        // all the words (about 40 ms for a phrase in every one of 100k documents). Ranking
        // the best-scored window by the phrase instead would be cheaper but loses a rare
        // phrase's documents among many holding its words apart (tests/records.rs).
        let broadest = *fields.last().unwrap_or(&f.text);
        let quoted = cleaned.contains('"');
        let conj = searcher.search(
            &with_filters(parse(broadest, &cleaned.replace('"', " ")))?,
            &Count,
        )?;
        if conj == 0 {
            return Ok(TextHits {
                entries: Vec::new(),
                files: 0,
                reading,
                gens: Vec::new(),
            });
        }
        // Every file when they fit (twins merged, the total exact); else the page and the
        // hits after it, where a hit's twins rank (their texts score alike).
        let window = if conj <= all_up_to {
            conj
        } else {
            window.min(conj)
        };
        let passes: Vec<(Field, String)> = fields
            .iter()
            .flat_map(|&fld| {
                phrase
                    .iter()
                    .map(move |p| (fld, p.clone()))
                    .chain(std::iter::once((fld, cleaned.clone())))
            })
            .collect();
        let mut files = conj;
        let mut seen: HashSet<DocAddress> = HashSet::new();
        let mut entries = Vec::new();
        let mut gens = Vec::with_capacity(passes.len());
        for (n, (field, text)) in passes.iter().enumerate() {
            let last = n + 1 == passes.len();
            let full = entries.len() >= window;
            if full && !(last && quoted) {
                continue;
            }
            let text_q = parse(*field, text);
            let q = with_filters(text_q.box_clone())?;
            if full {
                files = searcher.search(&q, &Count)?;
                continue;
            }
            let mut gen = SnippetGenerator::create(&searcher, &*text_q, *field)?;
            gen.set_max_num_chars(220);
            let top = TopDocs::with_limit(window - entries.len() + seen.len()).order_by_score();
            let found = if last && quoted {
                let (found, count) = searcher.search(&q, &(top, Count))?;
                files = count;
                found
            } else {
                searcher.search(&q, &top)?
            };
            for (score, addr) in found {
                if entries.len() >= window || !seen.insert(addr) {
                    continue;
                }
                let doc = self.stored(&searcher, addr)?;
                let mut hit = base_hit(&doc, score, MatchKind::Text);
                set_file(&mut hit);
                entries.push(Entry {
                    doc,
                    hit,
                    group: 0,
                    pending: Some(gens.len()),
                    twins: Vec::new(),
                });
            }
            gens.push(gen);
        }
        Ok(TextHits {
            entries,
            files,
            reading,
            gens,
        })
    }

    /// What to suggest when a query finds nothing: close numbers of the index (by edit
    /// distance on keys) and close words.
    pub fn suggest(&self, query: &str) -> Result<Suggestions, IndexError> {
        self.suggest_with(Lexicon::builtin(), query)
    }

    /// [`Index::suggest`] reading the query with the vocabularies of `lx`.
    pub fn suggest_with(&self, lx: &Lexicon, query: &str) -> Result<Suggestions, IndexError> {
        let mut out = Suggestions::default();
        let searcher = self.reader.searcher();
        if let Some(pq) = query::parse_with(lx, query) {
            let want = format!("{}||{}", pq.number, pq.parts.join("-"));
            // (distance, documents naming it, key): among equally near numbers the one most
            // documents bear or cite is the likelier intent.
            let mut best: Vec<(usize, u64, String)> = Vec::new();
            for field in [self.fields.ownkey, self.fields.refkey] {
                for seg in searcher.segment_readers() {
                    let inv = seg.inverted_index(field)?;
                    let mut stream = inv.terms().stream()?;
                    while stream.advance() {
                        let Ok(t) = std::str::from_utf8(stream.key()) else {
                            continue;
                        };
                        if !t.contains("||") || t.contains("|p:") {
                            continue;
                        }
                        let d = vanban_model::key::swap_distance(&want, t);
                        if (1..=2).contains(&d) {
                            let df = u64::from(stream.value().doc_freq);
                            match best.iter_mut().find(|(_, _, b)| b == t) {
                                Some(e) => e.1 += df,
                                None => best.push((d, df, t.to_owned())),
                            }
                        }
                    }
                }
            }
            best.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
            for (_, _, t) in best.into_iter().take(3) {
                if let Some(k) = self.written_key(t.as_str())? {
                    if !out.numbers.contains(&k) {
                        out.numbers.push(k);
                    }
                }
            }
        }
        // Words: each query word the folded text does not know, its nearest known words.
        let f = self.fields.text;
        for w in keys::tokens(query) {
            if w.len() < 3 || w.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let term = Term::from_field_text(f, &w);
            if searcher.doc_freq(&term)? > 0 {
                continue;
            }
            let mut best: Vec<(usize, u64, String)> = Vec::new();
            for seg in searcher.segment_readers() {
                let inv = seg.inverted_index(f)?;
                let mut stream = inv.terms().stream()?;
                while stream.advance() {
                    let Ok(t) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if t.len().abs_diff(w.len()) > 2 {
                        continue;
                    }
                    if let Some(d) = vanban_model::key::typo_distance(&w, t) {
                        let df = stream.value().doc_freq as u64;
                        best.push((d, u64::MAX - df, t.to_owned()));
                    }
                }
            }
            best.sort();
            best.dedup_by(|a, b| a.2 == b.2);
            out.words
                .extend(best.into_iter().take(3).map(|(_, _, t)| t));
        }
        Ok(out)
    }

    /// A key as written in a document of the index for a loose key term (`184||kh-ubnd`).
    fn written_key(&self, term: &str) -> Result<Option<String>, IndexError> {
        let searcher = self.reader.searcher();
        for field in [self.fields.ownkey, self.fields.refkey] {
            let q = TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::Basic);
            let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
            let Some((_, a)) = top.first() else {
                continue;
            };
            let d = self.stored(&searcher, *a)?;
            let keys = d
                .record
                .document
                .iter()
                .filter_map(|x| x.key.clone())
                .chain(d.record.references.iter().map(|r| r.key.clone()));
            for k in keys {
                if LooseKey::parse(&k).is_some_and(|l| l.term_without_year() == term) {
                    return Ok(Some(k));
                }
            }
        }
        Ok(None)
    }
}

/// Year, kind and locality a number query may narrow by.
#[derive(Clone, Debug, Default)]
struct Narrow {
    year: Option<u16>,
    kind: Option<String>,
    locality: Option<String>,
}

impl Narrow {
    /// Every subset of the narrowing, tightest first; locality goes first, kind last.
    fn ladder(&self) -> Vec<Narrow> {
        let mut out = Vec::new();
        for mask in [7u8, 3, 5, 6, 1, 2, 4, 0] {
            let n = Narrow {
                kind: self.kind.clone().filter(|_| mask & 1 != 0),
                year: self.year.filter(|_| mask & 2 != 0),
                locality: self.locality.clone().filter(|_| mask & 4 != 0),
            };
            let same =
                |a: &Narrow| a.kind == n.kind && a.year == n.year && a.locality == n.locality;
            if !out.iter().any(same) {
                out.push(n);
            }
        }
        out
    }

    fn kind_fits(&self, kind: Option<&str>, key: &LooseKey, lx: &Lexicon) -> bool {
        let Some(want) = &self.kind else {
            return true;
        };
        kind.is_some_and(|k| &folded(k) == want)
            || key
                .letters
                .iter()
                .any(|p| lx.kind_of_code(p).is_some_and(|k| &folded(k) == want))
    }

    fn own_passes(&self, d: &StoredDoc, key: &LooseKey, lx: &Lexicon) -> bool {
        let doc = d.record.document.as_ref();
        let year_ok = self
            .year
            .is_none_or(|y| key.year == Some(y) || doc_date(d) / 10_000 == u64::from(y));
        let loc_ok = self.locality.as_ref().is_none_or(|l| {
            doc.and_then(|x| x.locality.as_deref())
                .is_some_and(|x| &folded(x) == l)
        });
        year_ok && loc_ok && self.kind_fits(doc.and_then(|x| x.kind.as_deref()), key, lx)
    }

    fn ref_passes(&self, r: &Reference, key: &LooseKey, lx: &Lexicon) -> bool {
        let year_ok = self.year.is_none_or(|y| {
            key.year == Some(y)
                || r.date
                    .as_deref()
                    .and_then(date_number)
                    .is_some_and(|n| n / 10_000 == u64::from(y))
        });
        let loc_ok = self
            .locality
            .as_ref()
            .is_none_or(|l| r.locality.as_deref().is_some_and(|x| &folded(x) == l));
        let kind = (!r.kind.is_empty()).then_some(r.kind.as_str());
        year_ok && loc_ok && self.kind_fits(kind, key, lx)
    }
}

/// Does a key carry the query's number and every part it names?
fn key_fits(k: &LooseKey, pq: &ParsedQuery) -> bool {
    k.number == pq.number && pq.parts.iter().all(|p| k.letters.contains(p))
}

/// One number: same number and parts, and the same year when both have one.
fn same_key(a: &LooseKey, b: &LooseKey) -> bool {
    a.number == b.number
        && a.letters == b.letters
        && (a.year.is_none() || b.year.is_none() || a.year == b.year)
}

/// Localities agree when equal or when either is unknown.
fn loc_compatible(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => folded(a) == folded(b),
        _ => true,
    }
}

fn doc_date(d: &StoredDoc) -> u64 {
    d.record
        .document
        .as_ref()
        .and_then(|x| x.date.as_deref())
        .and_then(date_number)
        .unwrap_or(0)
}

/// Merge the files of one document (twins) into its first hit: same own key, locality and
/// date, or, without a key, near-identical text of the same kind and date.
/// What a full-text search found: the entries of the best files of its window (snippets
/// pending), how many files match, how the query was read, and the snippet generator of
/// each pass.
struct TextHits {
    entries: Vec<Entry>,
    files: usize,
    reading: &'static str,
    gens: Vec<SnippetGenerator>,
}

/// Make the snippet, page and line of a pending word hit (and of its twins, whose files
/// then join its own, in the order they were merged).
fn finish_entry(e: &mut Entry, gens: &[SnippetGenerator]) {
    if let Some(gen) = e.pending.take().and_then(|p| gens.get(p)) {
        let doc = &e.doc;
        let snip = gen.snippet(&doc.text);
        let (snippet, at) = if snip.is_empty() {
            (squash(&escape(&head(&doc.text, 200))), 0)
        } else {
            let first = snip.highlighted().first().map_or(0, |r| r.start);
            (squash(&snip.to_html()), snip.fragment_range().start + first)
        };
        let (page, mut line) = original_place(doc, at);
        if doc.record.pages.is_none() {
            if let Some(l) = line.and_then(|est| line_in_file(doc, at, est)) {
                line = Some(l);
            }
        }
        let twin_files: Vec<FileRef> = e.hit.files.drain(..).skip(1).collect();
        e.hit.snippet = snippet;
        e.hit.page = page;
        e.hit.line = line;
        set_file(&mut e.hit);
        e.hit.files.extend(twin_files);
    }
    for mut t in std::mem::take(&mut e.twins) {
        finish_entry(&mut t, gens);
        e.hit.files.extend(t.hit.files);
    }
}

/// The files of a pending word hit and of its twins, without snippets, pages or lines.
fn finish_files(e: &mut Entry) {
    e.pending = None;
    for mut t in std::mem::take(&mut e.twins) {
        finish_files(&mut t);
        e.hit.files.extend(t.hit.files);
    }
}

fn merge_twins(entries: &mut Vec<Entry>) {
    let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut shingles: Vec<Option<HashSet<String>>> = Vec::new();
    for e in entries.drain(..) {
        let mut twin_of = None;
        for (i, k) in kept.iter().enumerate() {
            if k.group != e.group || k.hit.matched != e.hit.matched {
                continue;
            }
            if k.hit.files.iter().any(|f| f.path == e.hit.source)
                || k.twins.iter().any(|t| t.hit.source == e.hit.source)
            {
                continue;
            }
            let kd = k.doc.record.document.as_ref();
            let ed = e.doc.record.document.as_ref();
            // A PDF's header is often read less fully than its text copy's: a field only one
            // side knows does not tell them apart.
            let agree =
                |a: &Option<String>, b: &Option<String>| a.is_none() || b.is_none() || a == b;
            let same_meta =
                agree(&k.hit.date, &e.hit.date) && agree(&k.hit.locality, &e.hit.locality);
            match (
                kd.and_then(|d| d.key.as_deref()),
                ed.and_then(|d| d.key.as_deref()),
            ) {
                (Some(a), Some(b))
                    if same_meta
                        && vanban_model::key::fold_key(a) == vanban_model::key::fold_key(b) =>
                {
                    twin_of = Some(i);
                    break;
                }
                (Some(_), Some(_)) => {}
                (None, None) if same_meta && agree(&k.hit.kind, &e.hit.kind) => {
                    let a = shingles[i].get_or_insert_with(|| word_set(&k.doc.text));
                    let b = word_set(&e.doc.text);
                    if near_identical(a, &b) {
                        twin_of = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        match twin_of {
            Some(i) if e.pending.is_some() => kept[i].twins.push(e),
            Some(i) => {
                let files = e.hit.files;
                kept[i].hit.files.extend(files);
            }
            None => {
                kept.push(e);
                shingles.push(None);
            }
        }
    }
    *entries = kept;
}

/// Folded word pairs of a text (its first 4000 words): the .txt and .pdf of one document
/// share nearly all of them whatever the line breaks.
fn word_set(text: &str) -> HashSet<String> {
    let toks = keys::tokens(text);
    let toks = &toks[..toks.len().min(4000)];
    toks.windows(2)
        .map(|w| format!("{} {}", w[0], w[1]))
        .collect()
}

fn near_identical(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    inter as f64 / union as f64 >= 0.8
}

fn paginate(
    entries: Vec<Entry>,
    opts: &SearchOptions,
    extra: usize,
    reading: &'static str,
    notes: Vec<String>,
) -> Results {
    let total = entries.len() + extra;
    let skip = (opts.page - 1).saturating_mul(opts.limit);
    let hits = entries
        .into_iter()
        .enumerate()
        .skip(skip)
        .take(opts.limit)
        .map(|(i, e)| {
            let mut h = e.hit;
            h.rank = i + 1;
            h.total = total;
            h
        })
        .collect();
    Results {
        hits,
        total,
        reading,
        notes,
    }
}

fn set_file(hit: &mut Hit) {
    hit.files = vec![FileRef {
        path: hit.source.clone(),
        format: format_of(&hit.source),
        page: hit.page,
        line: hit.line,
    }];
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
        symbol: d.and_then(printed_symbol),
        issuer: d
            .filter(|d| !d.issuing_body.is_empty())
            .map(|d| d.issuing_body.join(" / ")),
        locality: d.and_then(|d| d.locality.clone()),
        relation: None,
        cited_key: None,
        files: Vec::new(),
        rank: 0,
        total: 0,
    }
}

/// The own number as the document prints it (`Số: 2597/QĐ-TTg` -> `2597/QĐ-TTg`), when it
/// is the key's number; else the key.
fn printed_symbol(d: &vanban_model::Document) -> Option<String> {
    let key = d.key.as_deref()?;
    let written = d
        .number
        .as_deref()
        .map(|n| {
            let n = n.trim();
            let n = n
                .strip_prefix("Số:")
                .or_else(|| n.strip_prefix("SỐ:"))
                .or_else(|| n.strip_prefix("số:"))
                .unwrap_or(n);
            n.trim().trim_matches('*').trim().to_owned()
        })
        .filter(|n| {
            LooseKey::parse(n)
                .zip(LooseKey::parse(key))
                .is_some_and(|(a, b)| a.term() == b.term())
        });
    Some(written.unwrap_or_else(|| key.to_owned()))
}

/// The relation label of how `doc` cites `r` (`based_on`, ...), `cites` when no relation
/// says more.
fn relation_of(doc: &StoredDoc, r: &Reference) -> String {
    let want = LooseKey::parse(&r.key);
    let mut best: Option<vanban_model::Rel> = None;
    for rel in &doc.record.relations {
        let same = rel.to == r.key
            || LooseKey::parse(&rel.to)
                .zip(want.as_ref())
                .is_some_and(|(a, b)| same_key(&a, b));
        if same && rel.from.is_none() {
            // Keep the strongest (display order of Rel::ALL, cites last).
            let rank = |x: vanban_model::Rel| {
                vanban_model::Rel::ALL
                    .iter()
                    .position(|y| *y == x)
                    .unwrap_or(usize::MAX)
            };
            if best.is_none_or(|b| rank(rel.rel) < rank(b)) {
                best = Some(rel.rel);
            }
        }
    }
    best.unwrap_or(vanban_model::Rel::Cites).as_str().to_owned()
}

fn number_hit(doc: &StoredDoc, cited: Option<&Reference>) -> Hit {
    let (score, matched) = match cited {
        None => (2.0, MatchKind::Number),
        Some(_) => (1.0, MatchKind::Cites),
    };
    let mut hit = base_hit(doc, score, matched);
    match cited {
        Some(r) => {
            hit.snippet = citing_sentence(&doc.text, &r.text, &r.key);
            hit.page = r.span.page;
            hit.line = Some(r.span.line);
            hit.cited = Some(r.text.clone());
            hit.cited_key = Some(r.key.clone());
            hit.relation = Some(relation_of(doc, r));
        }
        None => {
            let d = doc.record.document.as_ref();
            let number = hit.symbol.clone().unwrap_or_default();
            let subject = d.and_then(|d| d.subject.clone()).unwrap_or_default();
            hit.snippet = squash(&format!("<b>{}</b> {}", escape(&number), escape(&subject)));
            if let Some(span) = d.and_then(|d| d.span) {
                hit.page = span.page;
                hit.line = Some(span.line);
            }
        }
    }
    set_file(&mut hit);
    hit
}

/// Page and line in the original file of byte `at` of the stored (repaired) text: from the
/// nearest span the record knows in original coordinates (references, relations, the own
/// number) before `at`, counting the stored text's lines from there. Repairs that join
/// lines make the count an estimate between two anchors; without any anchor, the stored
/// text's own count.
fn original_place(doc: &StoredDoc, at: usize) -> (Option<u32>, Option<u32>) {
    let text = &doc.text;
    let is_pdf = doc.record.pages.is_some();
    let (page, line) = page_line(text, at, is_pdf);
    // Anchors: (offset in the stored text, original span) for written references.
    let mut best: Option<(usize, vanban_model::Span)> = None;
    for r in &doc.record.references {
        if r.text.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(i) = text.get(from..).and_then(|t| t.find(&r.text)) {
            let pos = from + i;
            if pos > at {
                break;
            }
            // The occurrence on the span's line is the one the span names: the first one at
            // or before `at` whose page agrees.
            let (p, _) = page_line(text, pos, is_pdf);
            if p == r.span.page && best.is_none_or(|(b, _)| pos > b) {
                best = Some((pos, r.span));
            }
            from = pos + r.text.len().max(1);
        }
    }
    match best {
        Some((pos, span)) => {
            let (p, anchor_line) = page_line(text, pos, is_pdf);
            if p != page {
                return (page, Some(line));
            }
            // Lines of the stored text between anchor and match, added to the anchor's line
            // in the original (a joined line counts as one: never more than the original).
            let between = line.saturating_sub(anchor_line);
            (page, Some(span.line + between))
        }
        None => (page, Some(line)),
    }
}

/// The line of a text file's original that holds the words at byte `at` of the stored text,
/// nearest to `estimate`: repairs (joined lines, markup) shift the stored text's count, the
/// file on disk does not. None when the file cannot be read as UTF-8 text or lacks the words.
fn line_in_file(doc: &StoredDoc, at: usize, estimate: u32) -> Option<u32> {
    const MAX: u64 = 64 << 20;
    let path = std::path::Path::new(&doc.record.source);
    if std::fs::metadata(path).ok()?.len() > MAX {
        return None;
    }
    let original = std::fs::read_to_string(path).ok()?;
    let rest = doc.text.get(at..)?;
    let words: Vec<String> = rest
        .split_whitespace()
        .take(2)
        .map(|w| vanban_text::fold(w.trim_matches(|c: char| !c.is_alphanumeric())))
        .filter(|w| !w.is_empty())
        .collect();
    let first = words.first()?;
    let folded: Vec<String> = original.lines().map(vanban_text::fold).collect();
    let holds = |i: usize| {
        let l = &folded[i];
        l.contains(first.as_str())
            && (words.len() < 2
                || l.contains(words[1].as_str())
                || folded
                    .get(i + 1)
                    .is_some_and(|n| n.contains(words[1].as_str())))
    };
    (0..folded.len())
        .filter(|&i| holds(i))
        .min_by_key(|&i| (i as i64 + 1 - i64::from(estimate)).abs())
        .map(|i| i as u32 + 1)
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
