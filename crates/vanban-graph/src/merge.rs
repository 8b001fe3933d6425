//! Issuer-typo alias merging: keys with the same number, year and type code whose issuers
//! are a likely typing mistake apart ([`vanban_model::key::typo_distance`], the rule the
//! extractor's `same_as` warnings use) and that share a stated date are one document.
//!
//! The graph adds its own, stricter guards on top of the shared rule, because a wrong merge
//! joins two real documents: one edit needs issuers of 4+ characters and two edits 7+ (short
//! issuers such as SGDĐT / SGTVT or TW / TU are distinct bodies), the digits of both issuers
//! must agree (BCĐ389 / BCĐ399), and a shared stated date is required.
//!
//! Merging is done inside one locality (`identity.md`): the unit is a key together with the
//! locality it is cited or issued in, so a typo of a Lai Châu number is never folded into an
//! Đồng Nai document that happens to share number, type and date. A unit whose locality is
//! not told joins the skeleton's only locality, and stays apart when there are several.

use crate::key;
use crate::model::{Merge, NONE};
use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// What the graph knows of one written key.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyFacts {
    /// Edges naming it (either end).
    pub(crate) mentions: u32,
    /// Dates stated with it (string ids; ordered so the reported date is stable).
    pub(crate) dates: BTreeSet<u32>,
    /// The first kind name stated with it.
    pub(crate) kind: Option<u32>,
    /// Some ingested file bears it as its own number.
    pub(crate) own: bool,
}

/// A key (string id) with its locality (string id, or [`NONE`] when it cannot be told).
pub(crate) type Unit = (u32, u32);

fn find(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

/// A merge made, with the alias units it folds (for the files that wrote them).
pub(crate) type MadeMerge = (Vec<Unit>, Merge);

/// Alias unit -> canonical unit and the merges made, in a stable order.
pub(crate) fn alias_merges(
    texts: &[Arc<str>],
    facts: &FxHashMap<Unit, KeyFacts>,
) -> (HashMap<Unit, Unit>, Vec<MadeMerge>) {
    let t = |i: u32| -> &str { &texts[i as usize] };
    let mut canon: HashMap<Unit, Unit> = HashMap::new();
    let mut merges: Vec<MadeMerge> = Vec::new();
    let mut ids: Vec<Unit> = facts.keys().copied().collect();
    ids.sort_unstable();
    // Only keys sharing a skeleton (all but the issuer) can merge: group them first.
    let mut by_skel: HashMap<&str, Vec<Unit>> = HashMap::new();
    let mut issuer_freq: HashMap<&str, u32> = HashMap::new();
    for &u in &ids {
        if let Some((skel, iss)) = key::split_issuer(t(u.0)) {
            by_skel.entry(skel).or_default().push(u);
            *issuer_freq.entry(iss).or_default() += 1;
        }
    }
    // Then by locality: never across two; an untold one joins the only told one.
    let mut groups: HashMap<(&str, u32), Vec<Unit>> = HashMap::new();
    for (skel, units) in by_skel {
        let mut told: Vec<u32> = units.iter().map(|u| u.1).filter(|&l| l != NONE).collect();
        told.sort_unstable();
        told.dedup();
        for u in units {
            let l = match (u.1, told.as_slice()) {
                (NONE, [only]) => *only,
                (l, _) => l,
            };
            groups.entry((skel, l)).or_default().push(u);
        }
    }
    let mut group_list: Vec<((&str, u32), Vec<Unit>)> =
        groups.into_iter().filter(|(_, v)| v.len() >= 2).collect();
    group_list.sort();
    for ((_, loc), keys) in group_list {
        let mut parent: Vec<usize> = (0..keys.len()).collect();
        let mut why: HashMap<(usize, usize), String> = HashMap::new();
        for i in 0..keys.len() {
            for j in i + 1..keys.len() {
                if let Some(r) = alias_reason(texts, facts, keys[i], keys[j]) {
                    let (a, c) = (find(&mut parent, i), find(&mut parent, j));
                    if a != c {
                        parent[c] = a;
                        why.insert((i, j), r);
                    }
                }
            }
        }
        let mut sets: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..keys.len() {
            let r = find(&mut parent, i);
            sets.entry(r).or_default().push(i);
        }
        let mut set_list: Vec<Vec<usize>> = sets.into_values().collect();
        set_list.sort();
        for set in set_list {
            if set.len() < 2 {
                continue;
            }
            let score = |u: Unit| {
                let f = facts.get(&u);
                let iss = key::split_issuer(t(u.0)).map_or("", |s| s.1);
                // Majority first; at a tie the spelling without a letter typed twice
                // (SKHHCN), with `Đ` rather than a plain `D`, the shorter, then the
                // issuer used by more keys.
                let doubled = iss.chars().zip(iss.chars().skip(1)).any(|(a, b)| a == b);
                (
                    f.map_or(0, |f| f.mentions),
                    f.is_some_and(|f| f.own),
                    !doubled,
                    iss.contains('Đ'),
                    std::cmp::Reverse(iss.chars().count()),
                    issuer_freq.get(iss).copied().unwrap_or(0),
                    std::cmp::Reverse(t(u.0)),
                    u.1 != NONE,
                )
            };
            let best = set
                .iter()
                .map(|&i| keys[i])
                .max_by_key(|&u| score(u))
                .unwrap_or(keys[set[0]]);
            // The merged document is of the group's locality, even when the best spelling
            // was cited without telling it.
            let target = (best.0, loc);
            for &i in &set {
                let k = keys[i];
                if k == target {
                    continue;
                }
                canon.insert(k, target);
                if k.0 == best.0 {
                    // The same spelling with its locality untold: no merge to report.
                    continue;
                }
                // One report per spelling and locality, listing every unit of it.
                let loc_name = (loc != NONE).then(|| t(loc).to_string());
                if let Some((us, _)) = merges.iter_mut().find(|(us, m)| {
                    us.iter().any(|u| u.0 == k.0)
                        && m.canonical == t(best.0)
                        && m.locality == loc_name
                }) {
                    us.push(k);
                    continue;
                }
                let reason = set
                    .iter()
                    .flat_map(|&a| set.iter().map(move |&c| (a, c)))
                    .find_map(|p| why.get(&p).filter(|_| p.0 == i || p.1 == i))
                    .cloned()
                    .or_else(|| alias_reason(texts, facts, best, k))
                    .unwrap_or_else(|| "same number, type and date; near issuer".into());
                merges.push((
                    vec![k],
                    Merge {
                        canonical: t(best.0).to_string(),
                        alias: t(k.0).to_string(),
                        locality: loc_name,
                        reason,
                        mentions: (
                            facts.get(&best).map_or(0, |f| f.mentions),
                            facts.get(&k).map_or(0, |f| f.mentions),
                        ),
                        files: Vec::new(),
                    },
                ));
            }
        }
    }
    (canon, merges)
}

/// Why keys `a` and `b` (same skeleton) look like one document, or None.
fn alias_reason(
    texts: &[Arc<str>],
    facts: &FxHashMap<Unit, KeyFacts>,
    a: Unit,
    b: Unit,
) -> Option<String> {
    // Without a shared stated date the keys may well be two documents (checked first: cheap).
    let shared = match (facts.get(&a), facts.get(&b)) {
        (Some(x), Some(y)) => x.dates.intersection(&y.dates).next().copied(),
        _ => None,
    }?;
    let (ka, kb) = (&*texts[a.0 as usize], &*texts[b.0 as usize]);
    let (skel, ia) = key::split_issuer(ka)?;
    let (_, ib) = key::split_issuer(kb)?;
    let (la, lb) = (ia.chars().count(), ib.chars().count());
    if la.min(lb) < 4 {
        return None;
    }
    let d = key::typo_distance(ia, ib)?;
    // Short issuers are distinct bodies one or two letters apart (SGDĐT / SGTVT, TW / TU):
    // one edit needs 4+ characters, two edits 7+.
    if la.min(lb) < 3 * d + 1 {
        return None;
    }
    // Digits in an issuer name distinct bodies (BCĐ389 / BCĐ399): never a typo to merge.
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    if digits(ia) != digits(ib) {
        return None;
    }
    let date = &texts[shared as usize];
    Some(format!(
        "same number and type `{skel}`, date {date}; issuer {ia} ~ {ib} (edit distance {d})"
    ))
}
