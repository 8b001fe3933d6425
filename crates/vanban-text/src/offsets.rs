//! Offset maps: every stage that changes the text records which output bytes replaced which
//! input bytes, so a span in the final text maps back exactly to the original file.

use std::ops::Range;

/// One replaced range: input `src` became output `out`; text between replacements is copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rep {
    pub src_start: usize,
    pub src_end: usize,
    pub out_start: usize,
    pub out_end: usize,
}

/// Output-to-input map of one stage: sorted replacements, identity in between.
#[derive(Clone, Debug, Default)]
pub(crate) struct Map {
    reps: Vec<Rep>,
    /// Decoding maps hold one replacement per non-ASCII char (a legacy-encoded file of 100 MB
    /// has tens of millions); those are kept packed instead of in `reps`.
    packed: Option<Packed>,
}

impl Map {
    /// Input offset for an output position used as a range start.
    pub fn start(&self, p: usize) -> usize {
        if let Some(pk) = &self.packed {
            return pk.start(p);
        }
        let i = self.reps.partition_point(|r| r.out_start <= p);
        match i.checked_sub(1).and_then(|i| self.reps.get(i)) {
            None => p,
            Some(r) if p < r.out_end => r.src_start,
            Some(r) => r.src_end + (p - r.out_end),
        }
    }

    /// Input offset for an output position used as a range end.
    pub fn end(&self, p: usize) -> usize {
        if let Some(pk) = &self.packed {
            return pk.end(p);
        }
        let i = self.reps.partition_point(|r| r.out_start < p);
        match i.checked_sub(1).and_then(|i| self.reps.get(i)) {
            None => p,
            Some(r) if p <= r.out_end => r.src_end,
            Some(r) => r.src_end + (p - r.out_end),
        }
    }

    /// A map from explicit replacements (sorted, non-overlapping), kept unmerged so that
    /// per-character decoding stays exact.
    pub fn from_reps(reps: Vec<Rep>) -> Self {
        Map { reps, packed: None }
    }

    /// The replacements, in order (for re-basing a map).
    pub fn reps(&self) -> Box<dyn Iterator<Item = Rep> + '_> {
        match &self.packed {
            Some(pk) => Box::new(pk.iter()),
            None => Box::new(self.reps.iter().copied()),
        }
    }
}

/// Builds a decoding map from replacements pushed in order, packed as it goes (a few bytes
/// per replacement instead of a [`Rep`]'s 32).
#[derive(Default)]
pub(crate) struct RepSink {
    pk: Packed,
    /// End of the last replacement, in input and output.
    at: (usize, usize),
    /// A replacement could not be packed: it and all after it are in `pk.fallback`.
    broken: bool,
    count: usize,
}

impl RepSink {
    /// Add the next replacement (sorted, not overlapping; text between them copied as is).
    pub fn push(&mut self, r: Rep) {
        let (src, out) = self.at;
        let gap = r.src_start.checked_sub(src);
        // Only a map whose gaps are plain copies can be packed; anything else would be a bug
        // upstream, kept exact by falling back to a plain list.
        self.broken |= gap.is_none()
            || gap != r.out_start.checked_sub(out)
            || r.src_end < r.src_start
            || r.out_end < r.out_start;
        if self.broken {
            self.pk.fallback.push(r);
        } else {
            if self.count.is_multiple_of(CHECK) {
                self.pk.marks.push((src, out, self.pk.data.len()));
            }
            put_varint(&mut self.pk.data, gap.unwrap_or(0));
            put_varint(&mut self.pk.data, r.src_end - r.src_start);
            put_varint(&mut self.pk.data, r.out_end - r.out_start);
        }
        self.at = (r.src_end, r.out_end);
        self.count += 1;
    }

    /// The finished map.
    pub fn finish(self) -> Map {
        if self.count == 0 {
            return Map::default();
        }
        if self.broken {
            // Rebuild the plain list: the packed prefix, then what came after it.
            let mut reps: Vec<Rep> = self.pk.iter().collect();
            reps.extend(self.pk.fallback);
            return Map::from_reps(reps);
        }
        Map {
            reps: Vec::new(),
            packed: Some(self.pk),
        }
    }
}

/// Replacements per checkpoint of a packed map: a lookup decodes at most this many.
const CHECK: usize = 64;

/// Replacements as varint triples (identity gap before it, input length, output length),
/// with a checkpoint every [`CHECK`] replacements: (input, output, byte offset in `data`).
#[derive(Clone, Debug, Default)]
struct Packed {
    data: Vec<u8>,
    marks: Vec<(usize, usize, usize)>,
    /// Replacements that arrived after the packing had to stop (see [`RepSink::push`]).
    fallback: Vec<Rep>,
}

fn put_varint(out: &mut Vec<u8>, mut v: usize) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(data: &[u8], at: &mut usize) -> usize {
    let mut v = 0usize;
    let mut shift = 0;
    while let Some(&b) = data.get(*at) {
        *at += 1;
        if shift < usize::BITS {
            v |= usize::from(b & 0x7F) << shift;
        }
        shift += 7;
        if b < 0x80 {
            break;
        }
    }
    v
}

/// Walks the replacements of a packed map from a checkpoint.
struct PackedIter<'a> {
    data: &'a [u8],
    at: usize,
    src: usize,
    out: usize,
}

impl Iterator for PackedIter<'_> {
    type Item = Rep;
    fn next(&mut self) -> Option<Rep> {
        if self.at >= self.data.len() {
            return None;
        }
        let gap = get_varint(self.data, &mut self.at);
        let src_len = get_varint(self.data, &mut self.at);
        let out_len = get_varint(self.data, &mut self.at);
        let r = Rep {
            src_start: self.src + gap,
            src_end: self.src + gap + src_len,
            out_start: self.out + gap,
            out_end: self.out + gap + out_len,
        };
        (self.src, self.out) = (r.src_end, r.out_end);
        Some(r)
    }
}

impl Packed {
    fn iter(&self) -> PackedIter<'_> {
        PackedIter {
            data: &self.data,
            at: 0,
            src: 0,
            out: 0,
        }
    }

    /// Replacements from the last checkpoint whose output position passes `keep`.
    fn walk_from_mark(&self, keep: impl Fn(usize) -> bool) -> (PackedIter<'_>, usize, usize) {
        let k = self.marks.partition_point(|m| keep(m.1)).saturating_sub(1);
        let (src, out, at) = self.marks.get(k).copied().unwrap_or((0, 0, 0));
        (
            PackedIter {
                data: &self.data,
                at,
                src,
                out,
            },
            src,
            out,
        )
    }

    /// As [`Map::start`]: the last replacement starting at or before `p` decides.
    fn start(&self, p: usize) -> usize {
        let (it, src, out) = self.walk_from_mark(|o| o <= p);
        let mut res = src + p.saturating_sub(out);
        for r in it {
            if r.out_start > p {
                break;
            }
            res = if p < r.out_end {
                r.src_start
            } else {
                r.src_end + (p - r.out_end)
            };
        }
        res
    }

    /// As [`Map::end`]: the last replacement starting before `p` decides.
    fn end(&self, p: usize) -> usize {
        let (it, src, out) = self.walk_from_mark(|o| o < p);
        let mut res = src + p.saturating_sub(out);
        for r in it {
            if r.out_start >= p {
                break;
            }
            res = if p <= r.out_end {
                r.src_end
            } else {
                r.src_end + (p - r.out_end)
            };
        }
        res
    }
}

/// A change made by one stage, in that stage's input coordinates.
#[derive(Clone, Debug)]
pub(crate) struct StageRepair {
    pub kind: &'static str,
    pub src: Range<usize>,
    pub before: String,
    pub after: String,
}

/// Builds a stage's output from its input by copying and replacing ranges in order.
pub(crate) struct Builder<'a> {
    src: &'a str,
    out: String,
    copied: usize,
    map: Map,
    pub repairs: Vec<StageRepair>,
}

impl<'a> Builder<'a> {
    pub fn new(src: &'a str) -> Self {
        Builder {
            src,
            out: String::new(),
            copied: 0,
            map: Map::default(),
            repairs: Vec::new(),
        }
    }

    /// Replace `range` of the input (at or after everything replaced so far) with `with`.
    /// `kind: None` records no repair (for changes reported elsewhere).
    pub fn replace(&mut self, range: Range<usize>, with: &str, kind: Option<&'static str>) {
        debug_assert!(range.start >= self.copied && range.end >= range.start);
        if self.out.capacity() == 0 {
            self.out.reserve(self.src.len() + 16);
        }
        let start = range.start.max(self.copied);
        self.out.push_str(&self.src[self.copied..start]);
        let out_start = self.out.len();
        self.out.push_str(with);
        let rep = Rep {
            src_start: start,
            src_end: range.end.max(start),
            out_start,
            out_end: self.out.len(),
        };
        self.copied = rep.src_end;
        // Merge with the previous replacement when they touch, to keep the map small.
        match self.map.reps.last_mut() {
            Some(last) if last.src_end == rep.src_start && last.out_end == rep.out_start => {
                last.src_end = rep.src_end;
                last.out_end = rep.out_end;
            }
            _ => self.map.reps.push(rep),
        }
        if let Some(kind) = kind {
            self.repairs.push(StageRepair {
                kind,
                src: start..rep.src_end,
                before: self.src[start..rep.src_end].to_string(),
                after: with.to_string(),
            });
        }
    }

    /// Input offset up to which the text has been copied or replaced.
    pub fn copied(&self) -> usize {
        self.copied
    }

    /// Nothing replaced yet.
    pub fn untouched(&self) -> bool {
        self.map.reps.is_empty()
    }

    /// The output text, its map to the input, and the repairs; `None` text when unchanged.
    pub fn finish(mut self) -> (Option<String>, Map, Vec<StageRepair>) {
        if self.untouched() {
            return (None, self.map, self.repairs);
        }
        self.out.push_str(&self.src[self.copied..]);
        (Some(self.out), self.map, self.repairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A packed map answers every lookup exactly as the plain list of the same replacements.
    #[test]
    fn packed_equals_plain() {
        let mut seed = 7u64;
        let mut rnd = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..50 {
            let (mut src, mut out) = (0, 0);
            let mut reps = Vec::new();
            let mut sink = RepSink::default();
            for _ in 0..rnd(400) {
                let gap = if rnd(3) == 0 { 0 } else { rnd(300) };
                let (sl, ol) = (rnd(4), rnd(5));
                let r = Rep {
                    src_start: src + gap,
                    src_end: src + gap + sl,
                    out_start: out + gap,
                    out_end: out + gap + ol,
                };
                (src, out) = (r.src_end, r.out_end);
                reps.push(r);
                sink.push(r);
            }
            let packed = sink.finish();
            assert!(reps.is_empty() || packed.packed.is_some());
            let plain = Map::from_reps(reps.clone());
            for p in 0..out + 10 {
                assert_eq!(packed.start(p), plain.start(p), "start {p}");
                assert_eq!(packed.end(p), plain.end(p), "end {p}");
            }
            assert_eq!(packed.reps().collect::<Vec<_>>(), reps);
        }
    }

    #[test]
    fn maps_through_replacements() {
        let src = "ab\u{a0}cd\u{200b}ef";
        let mut b = Builder::new(src);
        b.replace(2..4, " ", Some("space"));
        b.replace(6..9, "", Some("zero-width"));
        let (out, map, reps) = b.finish();
        let out = out.unwrap();
        assert_eq!(out, "ab cdef");
        assert_eq!(reps.len(), 2);
        // "cd" in the output is 3..5; in the source 4..6.
        assert_eq!((map.start(3), map.end(5)), (4, 6));
        // The space maps to the whole NBSP.
        assert_eq!((map.start(2), map.end(3)), (2, 4));
        // "cdef" spans the deleted zero-width space.
        assert_eq!((map.start(3), map.end(7)), (4, 11));
        // "ef" starts after the deletion.
        assert_eq!(map.start(5), 9);
        assert_eq!(map.end(5), 6);
        assert_eq!((map.start(0), map.end(2)), (0, 2));
    }
}
