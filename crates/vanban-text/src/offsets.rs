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
}

impl Map {
    /// Input offset for an output position used as a range start.
    pub fn start(&self, p: usize) -> usize {
        let i = self.reps.partition_point(|r| r.out_start <= p);
        match i.checked_sub(1).and_then(|i| self.reps.get(i)) {
            None => p,
            Some(r) if p < r.out_end => r.src_start,
            Some(r) => r.src_end + (p - r.out_end),
        }
    }

    /// Input offset for an output position used as a range end.
    pub fn end(&self, p: usize) -> usize {
        let i = self.reps.partition_point(|r| r.out_start < p);
        match i.checked_sub(1).and_then(|i| self.reps.get(i)) {
            None => p,
            Some(r) if p <= r.out_end => r.src_end,
            Some(r) => r.src_end + (p - r.out_end),
        }
    }

    /// The replacements, for re-basing a map.
    pub fn into_reps(self) -> Vec<Rep> {
        self.reps
    }

    /// A map from explicit replacements (sorted, non-overlapping), kept unmerged so that
    /// per-character decoding stays exact.
    pub fn from_reps(reps: Vec<Rep>) -> Self {
        Map { reps }
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
