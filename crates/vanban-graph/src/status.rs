//! Validity of a document as of a date (`docs/spec/validity.md`), from the edges that act on
//! it (`repeals`, `replaces`, `terminates`, `suspends`, `amends`, `corrects`) and the dates
//! they count from.
//!
//! Two steps, so a stored snapshot can answer without the graph: [`Graph::status_input`]
//! gathers what decides a node's status (its dates and the acting edges with their
//! evidence and the date each counts from); [`StatusInput::at`] tells the status at a date.

use crate::model::{Graph, NodeId, Rel};
use serde::{Deserialize, Serialize};

/// The status values of `validity.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// Replaced, repealed whole or terminated by a document in force.
    Expired,
    /// Parts repealed, terminated or replaced.
    PartlyExpired,
    /// Suspended whole.
    Suspended,
    /// Its effective date is after the date asked.
    NotYetInForce,
    /// Ingested or cited, and none of the above.
    InForce,
    /// Nothing ingested says anything about it.
    Unknown,
}

impl Validity {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Validity::Expired => "expired",
            Validity::PartlyExpired => "partly_expired",
            Validity::Suspended => "suspended",
            Validity::NotYetInForce => "not_yet_in_force",
            Validity::InForce => "in_force",
            Validity::Unknown => "unknown",
        }
    }

    /// In force, whole or in part (what `vanban search --in-force` keeps).
    pub fn in_force(self) -> bool {
        matches!(self, Validity::InForce | Validity::PartlyExpired)
    }

    /// The label of the national legal database.
    pub fn label(self) -> &'static str {
        match self {
            Validity::Expired => "Hết hiệu lực toàn bộ",
            Validity::PartlyExpired => "Hết hiệu lực một phần",
            Validity::Suspended => "Ngưng hiệu lực",
            Validity::NotYetInForce => "Chưa có hiệu lực",
            Validity::InForce => "Còn hiệu lực",
            Validity::Unknown => "Chưa xác định",
        }
    }
}

/// The relations that act on a document's validity, in the order they are reported.
pub const ACTING: [Rel; 6] = [
    Rel::Repeals,
    Rel::Replaces,
    Rel::Terminates,
    Rel::Amends,
    Rel::Suspends,
    Rel::Corrects,
];

/// One edge acting on a document, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Key of the acting document (null for an ingested file without a number).
    pub key: Option<String>,
    /// Its locality, for a local issuer.
    pub locality: Option<String>,
    /// The ingested file whose text states the edge.
    pub file: String,
    /// The sentence stating it.
    pub sentence: String,
    /// 1-based page for PDFs.
    pub page: Option<u32>,
    /// 1-based line.
    pub line: u32,
    /// The parts touched, as written; empty for the whole document.
    pub provisions: Vec<String>,
    /// The edge's own effective date, when the text states it.
    pub effective: Option<String>,
    /// The date the edge counts from (its `effective`, else the acting document's
    /// effective date, else that document's date); null when none is known.
    pub counts_from: Option<String>,
    /// How the acting document is shown (`KEY@Locality`, key or path).
    pub node: String,
}

/// An edge acting on a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Acting {
    /// The relation.
    pub rel: Rel,
    /// Its evidence.
    pub evidence: Evidence,
}

/// What decides a node's status at any date.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusInput {
    /// How the node is shown.
    pub node: String,
    /// Its key.
    pub key: Option<String>,
    /// Its locality.
    pub locality: Option<String>,
    /// Ingested files that are this document.
    pub paths: Vec<String>,
    /// Kind, when known.
    pub kind: Option<String>,
    /// Issue date, when known.
    pub date: Option<String>,
    /// Subject line of an ingested document.
    pub subject: Option<String>,
    /// When it takes effect, when stated.
    pub effective_date: Option<String>,
    /// The edges acting on it.
    pub acting: Vec<Acting>,
}

/// A provision that ended, and the document that ended it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpiredPart {
    /// The provision as written ("khoản 3 Điều 8").
    pub provision: String,
    /// The relation that ended it.
    pub rel: Rel,
    /// Key of the document that ended it.
    pub key: Option<String>,
    /// Its locality.
    pub locality: Option<String>,
}

/// The status of a document as of a date, with every edge that decides it (the JSON of
/// `vanban status`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Status {
    /// Key of the document (null for an ingested file without a number).
    pub key: Option<String>,
    /// Its locality.
    pub locality: Option<String>,
    /// The status.
    pub status: Validity,
    /// Its Vietnamese label.
    pub label: String,
    /// The date asked, ISO.
    pub as_of: String,
    /// When the document takes effect, when stated.
    pub effective_date: Option<String>,
    /// Edges `repeals`.
    pub repealed_by: Vec<Evidence>,
    /// Edges `replaces`.
    pub replaced_by: Vec<Evidence>,
    /// Edges `terminates`.
    pub terminated_by: Vec<Evidence>,
    /// Edges `amends` (listed, not counted against it).
    pub amended_by: Vec<Evidence>,
    /// Edges `suspends`.
    pub suspended_by: Vec<Evidence>,
    /// Edges `corrects`.
    pub corrected_by: Vec<Evidence>,
    /// Provisions ended, with the document that ended each.
    pub expired_parts: Vec<ExpiredPart>,
    /// How the document is shown (`KEY@Locality`, key or path).
    pub node: String,
    /// Ingested files that are this document.
    pub paths: Vec<String>,
}

impl Status {
    /// The status of a document nothing ingested mentions.
    pub fn unknown(key: &str, as_of: &str) -> Status {
        let input = StatusInput {
            node: key.to_string(),
            key: Some(key.to_string()),
            ..StatusInput::default()
        };
        let mut s = input.at(as_of);
        s.status = Validity::Unknown;
        s.label = Validity::Unknown.label().to_string();
        s
    }

    /// The edges that end the document whole or in part (the evidence of its status).
    pub fn deciding(&self) -> impl Iterator<Item = &Evidence> + '_ {
        self.repealed_by
            .iter()
            .chain(&self.replaced_by)
            .chain(&self.terminated_by)
            .chain(match self.status {
                Validity::Suspended => &self.suspended_by[..],
                _ => &[],
            })
    }
}

/// Dates compare as ISO text; a date of month or year precision counts from its start.
fn on_or_before(date: &str, at: &str) -> bool {
    date <= at || at.starts_with(date)
}

impl StatusInput {
    /// The status as of `at` (ISO date).
    pub fn at(&self, at: &str) -> Status {
        let mut s = Status {
            key: self.key.clone(),
            locality: self.locality.clone(),
            status: Validity::InForce,
            label: String::new(),
            as_of: at.to_string(),
            effective_date: self.effective_date.clone(),
            repealed_by: Vec::new(),
            replaced_by: Vec::new(),
            terminated_by: Vec::new(),
            amended_by: Vec::new(),
            suspended_by: Vec::new(),
            corrected_by: Vec::new(),
            expired_parts: Vec::new(),
            node: self.node.clone(),
            paths: self.paths.clone(),
        };
        let (mut whole, mut part, mut suspended) = (false, false, false);
        for a in &self.acting {
            let e = &a.evidence;
            if e.counts_from
                .as_deref()
                .is_some_and(|d| !on_or_before(d, at))
            {
                continue;
            }
            let list = match a.rel {
                Rel::Repeals => &mut s.repealed_by,
                Rel::Replaces => &mut s.replaced_by,
                Rel::Terminates => &mut s.terminated_by,
                Rel::Amends => &mut s.amended_by,
                Rel::Suspends => &mut s.suspended_by,
                Rel::Corrects => &mut s.corrected_by,
                _ => continue,
            };
            list.push(e.clone());
            match a.rel {
                Rel::Repeals | Rel::Replaces | Rel::Terminates => {
                    if e.provisions.is_empty() {
                        whole = true;
                    } else {
                        part = true;
                        for p in &e.provisions {
                            s.expired_parts.push(ExpiredPart {
                                provision: p.clone(),
                                rel: a.rel,
                                key: e.key.clone(),
                                locality: e.locality.clone(),
                            });
                        }
                    }
                }
                Rel::Suspends if e.provisions.is_empty() => suspended = true,
                _ => {}
            }
        }
        let not_yet = self
            .effective_date
            .as_deref()
            .is_some_and(|d| !on_or_before(d, at));
        s.status = if whole {
            Validity::Expired
        } else if part {
            Validity::PartlyExpired
        } else if suspended {
            Validity::Suspended
        } else if not_yet {
            Validity::NotYetInForce
        } else {
            Validity::InForce
        };
        s.label = s.status.label().to_string();
        s
    }
}

impl Graph {
    /// What decides the status of node `id` (see [`StatusInput::at`]).
    pub fn status_input(&self, id: NodeId) -> StatusInput {
        let Some(node) = self.node(id) else {
            return StatusInput::default();
        };
        let mut acting: Vec<Acting> = Vec::new();
        for e in self.in_edges(id) {
            if !ACTING.contains(&e.rel) {
                continue;
            }
            let from = self.node(e.from);
            let carrier = self
                .doc_node
                .get(e.file as usize)
                .and_then(|&n| self.node(n));
            let effective = self.edge_effective(e).map(str::to_string);
            // The acting document's own dates when known, else the file stating the edge.
            let dated = |n: Option<&crate::Node>| {
                n.and_then(|n| n.effective_date.clone().or_else(|| n.date.clone()))
            };
            let counts_from = effective
                .clone()
                .or_else(|| dated(from))
                .or_else(|| dated(carrier));
            let evidence = Evidence {
                key: from.and_then(|n| n.key.clone()),
                locality: from.and_then(|n| n.locality.clone()),
                file: self.file_path(e.file).to_string(),
                sentence: self.evidence(e).to_string(),
                page: (e.page > 0).then_some(e.page),
                line: e.line,
                provisions: self.provisions(e),
                effective,
                counts_from,
                node: self.label(e.from).to_string(),
            };
            // One entry per acting document, relation and provisions.
            if acting.iter().any(|a| {
                a.rel == e.rel
                    && a.evidence.node == evidence.node
                    && a.evidence.provisions == evidence.provisions
            }) {
                continue;
            }
            acting.push(Acting {
                rel: e.rel,
                evidence,
            });
        }
        acting.sort_by_key(|a| ACTING.iter().position(|&r| r == a.rel));
        StatusInput {
            node: node.label().to_string(),
            key: node.key.clone(),
            locality: node.locality.clone(),
            paths: node.paths.clone(),
            kind: node.kind.clone(),
            date: node.date.clone(),
            subject: node.subject.clone(),
            effective_date: node.effective_date.clone(),
            acting,
        }
    }

    /// The status of node `id` as of `at` (ISO date).
    pub fn status(&self, id: NodeId, at: &str) -> Status {
        self.status_input(id).at(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StatusSnapshot;
    use vanban_model::{Document, FileRecord, Reference, Relation, Span};

    fn doc(path: &str, key: &str, loc: Option<&str>, date: &str, eff: Option<&str>) -> FileRecord {
        FileRecord {
            source: path.into(),
            document: Some(Document {
                key: Some(key.into()),
                kind: Some("Quyết định".into()),
                locality: loc.map(str::to_string),
                date: Some(date.into()),
                effective_date: eff.map(str::to_string),
                ..Document::default()
            }),
            ..FileRecord::default()
        }
    }

    fn cite(rec: &mut FileRecord, key: &str, loc: Option<&str>) {
        rec.references.push(Reference {
            text: format!("Quyết định số {key}"),
            kind: "Quyết định".into(),
            key: key.into(),
            locality: loc.map(str::to_string),
            ..Reference::default()
        });
    }

    fn act(rec: &mut FileRecord, rel: Rel, to: &str, provisions: &[&str], eff: Option<&str>) {
        rec.relations.push(Relation {
            from: None,
            rel,
            to: to.into(),
            evidence: format!("{rel} {to}"),
            span: Span::default(),
            provisions: provisions.iter().map(|s| s.to_string()).collect(),
            effective: eff.map(str::to_string),
        });
    }

    fn graph() -> Graph {
        // 87/2025 (Lai Châu, in force 2025-12-01) replaces 15/2014 of Lai Châu; 15/2014 of
        // Đồng Nai is another document; 9/2024 is partly repealed from its own date.
        let mut a = doc(
            "a.txt",
            "87/2025/QĐ-UBND",
            Some("Lai Châu"),
            "2025-11-19",
            Some("2025-12-01"),
        );
        cite(&mut a, "15/2014/QĐ-UBND", Some("Lai Châu"));
        act(&mut a, Rel::Replaces, "15/2014/QĐ-UBND", &[], None);
        cite(&mut a, "9/2024/QĐ-UBND", Some("Lai Châu"));
        act(
            &mut a,
            Rel::Repeals,
            "9/2024/QĐ-UBND",
            &["khoản 3 Điều 8"],
            Some("2026-02-01"),
        );
        cite(&mut a, "2/2020/QĐ-UBND", Some("Lai Châu"));
        act(&mut a, Rel::Amends, "2/2020/QĐ-UBND", &[], None);
        let b = doc(
            "b.txt",
            "15/2014/QĐ-UBND",
            Some("Đồng Nai"),
            "2014-07-02",
            None,
        );
        Graph::from_records(&[a, b])
    }

    #[test]
    fn replaced_once_the_replacer_is_in_force_and_only_in_its_province() {
        let g = graph();
        let ids = g.lookup_all("15/2014/QĐ-UBND");
        assert_eq!(ids.len(), 2, "one node per province");
        let lc = g.lookup_all("15/2014/qđ-ubnd@lai chau");
        assert_eq!(lc.len(), 1);
        let s = g.status(lc[0], "2026-06-01");
        assert_eq!(s.status, Validity::Expired);
        assert_eq!(s.label, "Hết hiệu lực toàn bộ");
        assert_eq!(s.replaced_by.len(), 1);
        assert_eq!(s.replaced_by[0].key.as_deref(), Some("87/2025/QĐ-UBND"));
        assert_eq!(s.replaced_by[0].locality.as_deref(), Some("Lai Châu"));
        // Before the replacer takes effect the old decision stands.
        let s = g.status(lc[0], "2025-11-25");
        assert_eq!(s.status, Validity::InForce);
        assert!(s.replaced_by.is_empty());
        let dn = g.lookup_all("15/2014/QĐ-UBND@Đồng Nai");
        assert_eq!(g.status(dn[0], "2026-06-01").status, Validity::InForce);
        assert_eq!(g.label(dn[0]), "15/2014/QĐ-UBND@Đồng Nai");
    }

    #[test]
    fn partial_repeals_not_yet_in_force_and_amendments() {
        let g = graph();
        let n = g.lookup("9/2024/QĐ-UBND").expect("node");
        assert_eq!(g.status(n, "2026-01-15").status, Validity::InForce);
        let s = g.status(n, "2026-03-01");
        assert_eq!(s.status, Validity::PartlyExpired);
        assert_eq!(s.expired_parts[0].provision, "khoản 3 Điều 8");
        let n = g.lookup("87/2025/QĐ-UBND").expect("node");
        assert_eq!(g.status(n, "2025-11-25").status, Validity::NotYetInForce);
        assert_eq!(g.status(n, "2025-12-01").status, Validity::InForce);
        let n = g.lookup("2/2020/QĐ-UBND").expect("node");
        let s = g.status(n, "2026-06-01");
        assert_eq!(s.status, Validity::InForce);
        assert_eq!(s.amended_by.len(), 1);
    }

    #[test]
    fn the_snapshot_answers_like_the_graph() {
        let g = graph();
        let snap = StatusSnapshot::from_bytes(g.status_snapshot()).expect("snapshot");
        for q in [
            "15/2014/QĐ-UBND",
            "15/2014/QD-UBND@lai chau",
            "9/2024/QĐ-UBND",
            "a.txt",
            "87/2025/qđ-ubnd",
        ] {
            let from_graph: Vec<Status> = g
                .lookup_all(q)
                .into_iter()
                .map(|n| g.status(n, "2026-06-01"))
                .collect();
            let from_snap: Vec<Status> =
                snap.lookup(q).iter().map(|i| i.at("2026-06-01")).collect();
            assert!(!from_graph.is_empty(), "{q}");
            assert_eq!(from_graph, from_snap, "{q}");
        }
        assert!(snap.lookup("1/2000/QĐ-UBND").is_empty());
        let bytes = g.to_bytes();
        let back = Graph::from_bytes(&bytes).expect("round trip");
        assert_eq!(
            back, g,
            "locality, provisions and dates survive the stored image"
        );
    }
}
