//! A small summary of every ingested document, read once per snapshot: the ids the URLs use,
//! the facet values (kind, issuer, locality, year, status), and the metric values.

use std::collections::HashMap;
use vanban_graph::Validity;
use vanban_model::{FileRecord, Metric};

/// The id of a document in URLs: a hash of its path, so no path ever comes from a request.
pub fn doc_id(path: &str) -> String {
    blake3::hash(path.as_bytes()).to_hex()[..16].to_string()
}

/// One ingested file.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    /// URL id ([`doc_id`] of the path).
    pub id: String,
    /// Absolute path as ingested.
    pub path: String,
    /// Number as written (or the key).
    pub number: Option<String>,
    /// Key, for graph lookups.
    pub key: Option<String>,
    /// Kind name.
    pub kind: Option<String>,
    /// Issuer shown in facets: the symbol part (`UBND`), else the issuing body.
    pub issuer: Option<String>,
    /// Issuing body lines.
    pub body: Vec<String>,
    /// Province or city.
    pub locality: Option<String>,
    /// Year of the date.
    pub year: Option<String>,
    /// ISO date.
    pub date: Option<String>,
    /// Effective date, when the record states one.
    pub effective: Option<String>,
    /// Validity status today (the `validity.md` name), when the status table knows the file.
    pub status: Option<String>,
    /// Subject line.
    pub subject: Option<String>,
    /// Page count (PDFs).
    pub pages: Option<u32>,
}

impl Entry {
    /// The file name, for lists.
    pub fn file_name(&self) -> &str {
        self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path)
    }

    /// Is the file a PDF?
    pub fn is_pdf(&self) -> bool {
        self.pages.is_some() || self.path.to_ascii_lowercase().ends_with(".pdf")
    }

    /// The value of a facet.
    pub fn facet(&self, f: Facet) -> Option<&str> {
        match f {
            Facet::Kind => self.kind.as_deref(),
            Facet::Issuer => self.issuer.as_deref(),
            Facet::Locality => self.locality.as_deref(),
            Facet::Year => self.year.as_deref(),
            Facet::Status => self.status.as_deref(),
        }
    }
}

/// The facets of the search page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facet {
    /// Loại văn bản.
    Kind,
    /// Cơ quan ban hành.
    Issuer,
    /// Địa phương.
    Locality,
    /// Năm.
    Year,
    /// Tình trạng.
    Status,
}

impl Facet {
    /// Every facet, in display order.
    pub const ALL: [Facet; 5] = [
        Facet::Kind,
        Facet::Issuer,
        Facet::Locality,
        Facet::Year,
        Facet::Status,
    ];

    /// The query-string parameter.
    pub fn param(self) -> &'static str {
        match self {
            Facet::Kind => "kind",
            Facet::Issuer => "issuer",
            Facet::Locality => "locality",
            Facet::Year => "year",
            Facet::Status => "status",
        }
    }

    /// The Vietnamese heading.
    pub fn label(self) -> &'static str {
        match self {
            Facet::Kind => "Loại văn bản",
            Facet::Issuer => "Cơ quan ban hành",
            Facet::Locality => "Địa phương",
            Facet::Year => "Năm ban hành",
            Facet::Status => "Tình trạng hiệu lực",
        }
    }
}

/// A document's catalog entry and its metric values.
pub type Row = (Entry, Vec<Metric>);

/// Every document of a snapshot.
#[derive(Default)]
pub struct Catalog {
    /// Entries, newest date first.
    pub entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    by_path: HashMap<String, usize>,
    /// Every metric value with the index of its entry.
    pub metrics: Vec<(usize, Metric)>,
}

impl Catalog {
    /// Summarise the records of one commit; `status` tells each path's status (from the
    /// status table beside the index).
    pub fn build(records: Vec<FileRecord>, status: impl Fn(&str) -> Option<Validity>) -> Catalog {
        Catalog::from_rows(records.into_iter().map(Catalog::row).collect(), status)
    }

    /// One record's entry (its status not told yet) and metric values.
    pub fn row(r: FileRecord) -> Row {
        let d = r.document.as_ref();
        let date = d.and_then(|d| d.date.clone());
        let e = Entry {
            id: doc_id(&r.source),
            number: d.and_then(|d| d.number.clone().or_else(|| d.key.clone())),
            key: d.and_then(|d| d.key.clone()),
            kind: d.and_then(|d| d.kind.clone()),
            issuer: d.and_then(|d| d.issuer.clone().or_else(|| d.issuing_body.last().cloned())),
            body: d.map(|d| d.issuing_body.clone()).unwrap_or_default(),
            locality: d.and_then(|d| d.locality.clone()),
            year: date.as_deref().and_then(|s| s.get(..4)).map(str::to_string),
            effective: d.and_then(|d| d.effective_date.clone()),
            status: None,
            subject: d.and_then(|d| d.subject.clone()),
            date,
            pages: r.pages,
            path: r.source,
        };
        (e, r.metrics)
    }

    /// The catalog of these rows (one per alive document of a commit), each entry's status
    /// told by `status`.
    pub fn from_rows(mut rows: Vec<Row>, status: impl Fn(&str) -> Option<Validity>) -> Catalog {
        for (e, _) in &mut rows {
            e.status = status(&e.path).map(|v| v.as_str().to_string());
        }
        rows.sort_by(|a, b| b.0.date.cmp(&a.0.date).then(a.0.path.cmp(&b.0.path)));
        let mut c = Catalog::default();
        for (i, (e, ms)) in rows.into_iter().enumerate() {
            c.by_id.insert(e.id.clone(), i);
            c.by_path.insert(e.path.clone(), i);
            c.metrics.extend(ms.into_iter().map(|m| (i, m)));
            c.entries.push(e);
        }
        c
    }

    /// The entry with this URL id.
    pub fn by_id(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).and_then(|&i| self.entries.get(i))
    }

    /// The entry of this ingested path.
    pub fn by_path(&self, path: &str) -> Option<&Entry> {
        self.by_path.get(path).and_then(|&i| self.entries.get(i))
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vanban_model::Document;

    #[test]
    fn ids_are_stable_and_lookups_work() {
        let rec = |p: &str, date: &str| FileRecord {
            source: p.into(),
            document: Some(Document {
                key: Some("184/KH-UBND".into()),
                kind: Some("Kế hoạch".into()),
                issuer: Some("UBND".into()),
                date: Some(date.into()),
                ..Document::default()
            }),
            ..FileRecord::default()
        };
        let c = Catalog::build(
            vec![rec("/a/1.txt", "2020-01-02"), rec("/a/2.txt", "2021-12-07")],
            |p| (p == "/a/1.txt").then_some(Validity::Expired),
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c.entries[0].path, "/a/2.txt", "newest first");
        let id = doc_id("/a/1.txt");
        assert_eq!(id.len(), 16);
        assert_eq!(c.by_id(&id).map(|e| e.path.as_str()), Some("/a/1.txt"));
        assert_eq!(
            c.by_path("/a/2.txt").and_then(|e| e.year.as_deref()),
            Some("2021")
        );
        assert_eq!(c.entries[0].facet(Facet::Issuer), Some("UBND"));
        assert_eq!(c.entries[0].facet(Facet::Status), None);
        assert_eq!(c.entries[1].facet(Facet::Status), Some("expired"));
        assert!(c.by_id("nope").is_none());
    }
}
