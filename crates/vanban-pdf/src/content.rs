//! A content-stream reader for the fast path: one operation at a time, operands into reused
//! buffers, no allocation per operand.
//!
//! lopdf's `Content::decode` builds an `Object` (with a heap `Vec` for every string, name and
//! array) and a `String` per operator through nom combinators; on real files that was 40% of
//! the PDF -> text time. This reader accepts exactly lopdf's content grammar (the same token
//! rules, the same f32 reals, the same stop at the first operation it cannot parse), because the
//! fast path must see the operations pdf-extract sees. Where lopdf would fail the whole stream
//! (an inline image, nesting past its depth limits) it answers [`Next::Bail`] so that the page
//! goes to the reference path instead of guessing.

/// One operand, with strings and names decoded into [`Operands::bytes`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Operand {
    /// An integer or a real (reals are f32 in lopdf, widened here as lopdf callers do).
    Num(f64),
    /// A name without its slash, `#xx` escapes decoded: a range of [`Operands::bytes`].
    Name(u32, u32),
    /// A literal or hexadecimal string, decoded: a range of [`Operands::bytes`].
    Str(u32, u32),
    /// An array: a range of [`Operands::elems`] (only strings and numbers are kept; anything
    /// else inside it, nested arrays included, is [`Operand::Other`]).
    Array(u32, u32),
    /// `null`, a boolean, a dictionary, a reference inside an array, a nested array.
    Other,
}

/// The operands of the current operation.
#[derive(Debug, Default)]
pub struct Operands {
    /// Operands in order.
    pub list: Vec<Operand>,
    /// Elements of the arrays in `list`.
    pub elems: Vec<Operand>,
    /// Decoded bytes of the strings and names.
    pub bytes: Vec<u8>,
}

impl Operands {
    fn clear(&mut self) {
        self.list.clear();
        self.elems.clear();
        self.bytes.clear();
    }

    /// Bytes of a name or string operand.
    pub fn bytes_of(&self, start: u32, end: u32) -> &[u8] {
        self.bytes.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// Operand `i` as a number.
    pub fn num(&self, i: usize) -> Option<f64> {
        match self.list.get(i) {
            Some(Operand::Num(v)) => Some(*v),
            _ => None,
        }
    }

    /// Operand `i` as a name.
    pub fn name(&self, i: usize) -> Option<&[u8]> {
        match self.list.get(i) {
            Some(&Operand::Name(s, e)) => Some(self.bytes_of(s, e)),
            _ => None,
        }
    }

    /// Elements of an array operand.
    pub fn array(&self, start: u32, end: u32) -> &[Operand] {
        self.elems.get(start as usize..end as usize).unwrap_or(&[])
    }
}

/// What [`Reader::next`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Next<'a> {
    /// An operator; its operands are in the [`Operands`] passed in.
    Op(&'a [u8]),
    /// No more operations (lopdf stops at the same place, silently dropping any rest).
    End,
    /// lopdf would reject the whole stream here (or we do not follow it this far).
    Bail,
}

/// Deepest array/dictionary nesting and literal-string parenthesis nesting we follow; lopdf
/// allows about 100 of each, so anything deeper goes to the reference path.
const MAX_DEPTH: usize = 48;

/// Why a token did not parse: it does not match here (try the next alternative), or the
/// stream must go to the reference path.
enum Miss {
    No,
    Bail,
}

type Res<T> = Result<T, Miss>;

/// Reads operations from a content stream.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0C)
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delimiter(c)
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn is_operator_char(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

/// Powers of ten exactly representable in f32.
const POW10: [f32; 11] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/// `f32::from_str` on a real token (what lopdf stores).
fn parse_f32(tok: &[u8]) -> f32 {
    std::str::from_utf8(tok)
        .ok()
        .and_then(|s| s.parse::<f32>().ok())
        .unwrap_or(f32::NAN)
}

/// Do these ASCII digits parse as a `T` (lopdf's `unsigned_int`)?
fn fits<T: std::str::FromStr>(digits: &[u8]) -> bool {
    std::str::from_utf8(digits)
        .ok()
        .and_then(|t| t.parse::<T>().ok())
        .is_some()
}

impl<'a> Reader<'a> {
    /// A reader over decoded content bytes.
    pub fn new(data: &'a [u8]) -> Self {
        let mut r = Self { data, pos: 0 };
        r.content_space();
        r
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }

    /// lopdf's `content_space`: spaces, tabs, CR and LF only.
    fn content_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.pos += 1;
        }
    }

    /// The end of a comment starting at `at` (through its end of line), if it is one; lopdf
    /// requires the end of line.
    fn comment_end(&self, at: usize) -> Option<usize> {
        if self.data.get(at) != Some(&b'%') {
            return None;
        }
        let nl = self.data[at..]
            .iter()
            .position(|&c| c == b'\r' || c == b'\n')?
            + at;
        if self.data[nl] == b'\r' && self.data.get(nl + 1) == Some(&b'\n') {
            Some(nl + 2)
        } else {
            Some(nl + 1)
        }
    }

    /// lopdf's `space` (inside arrays and dictionaries): all white space and comments.
    fn space(&mut self) {
        loop {
            match self.peek() {
                Some(c) if is_white(c) => self.pos += 1,
                Some(b'%') => match self.comment_end(self.pos) {
                    Some(e) => self.pos = e,
                    None => return,
                },
                _ => return,
            }
        }
    }

    /// The next operation.
    pub fn next(&mut self, out: &mut Operands) -> Next<'a> {
        out.clear();
        let start = self.pos;
        while let Some(e) = self.comment_end(self.pos) {
            self.pos = e;
        }
        // lopdf tries an inline image first and, once `BI` matched, cannot back out.
        if self.rest().starts_with(b"BI") {
            return match self.inline_image(out) {
                Ok(()) => Next::Op(b"BI"),
                Err(_) => Next::Bail,
            };
        }
        loop {
            let at = self.pos;
            match self.operand(out, true, MAX_DEPTH) {
                Ok(()) => self.content_space(),
                Err(Miss::No) => {
                    self.pos = at;
                    break;
                }
                Err(Miss::Bail) => return Next::Bail,
            }
        }
        let op_start = self.pos;
        while self.peek().is_some_and(is_operator_char) {
            self.pos += 1;
        }
        if self.pos == op_start {
            self.pos = start;
            return Next::End;
        }
        let op = &self.data[op_start..self.pos];
        self.content_space();
        Next::Op(op)
    }

    /// lopdf's `inline_image`: `BI`, a dictionary, `ID`, then the data, whose length it
    /// computes from /W, /H, /BPC and /CS when there is no filter and the colour space is a
    /// device one, else by searching for `EI` between white space. Where lopdf fails the whole
    /// stream (no `ID`, no `EI`, no colour space, arithmetic overflow) this returns `Err`. The
    /// image itself is dropped: pdf-extract ignores `BI`.
    fn inline_image(&mut self, out: &mut Operands) -> Res<()> {
        /// A dictionary value as far as lopdf's length computation looks at it.
        #[derive(Clone, Copy, PartialEq)]
        enum Val {
            Int(i64),
            Bool(bool),
            /// A range of `out.bytes`.
            Name(u32, u32),
            Other,
        }
        self.pos += 2;
        self.content_space();
        // (key range in `out.bytes`, value); lopdf's dictionary keeps the last of equal keys.
        let mut entries: Vec<(u32, u32, Val)> = Vec::new();
        loop {
            let at = self.pos;
            if self.peek() != Some(b'/') {
                break;
            }
            let (ks, ke) = self.name(out);
            self.space();
            let vstart = self.pos;
            let before = out.elems.len();
            match self.operand(out, false, MAX_DEPTH) {
                Ok(()) => {}
                Err(Miss::No) => {
                    self.pos = at;
                    break;
                }
                Err(Miss::Bail) => return Err(Miss::Bail),
            }
            let text = &self.data[vstart..self.pos];
            let val = match out.elems.get(before) {
                // An integer token (lopdf's `as_i64` refuses reals).
                Some(Operand::Num(_)) if !text.contains(&b'.') => std::str::from_utf8(text)
                    .ok()
                    .and_then(|t| t.parse().ok())
                    .map_or(Val::Other, Val::Int),
                Some(&Operand::Name(s, e)) => Val::Name(s, e),
                Some(Operand::Other) if text == b"true" => Val::Bool(true),
                Some(Operand::Other) if text == b"false" => Val::Bool(false),
                _ => Val::Other,
            };
            entries.push((ks, ke, val));
            self.space();
        }
        if !self.rest().starts_with(b"ID") {
            return Err(Miss::Bail);
        }
        self.pos += 2;
        self.content_space();
        let get = |abbr: &[u8], key: &[u8]| -> Option<Val> {
            let find = |k: &[u8]| {
                entries
                    .iter()
                    .rev()
                    .find(|e| out.bytes_of(e.0, e.1) == k)
                    .map(|e| e.2)
            };
            find(abbr).or_else(|| find(key))
        };
        let int = |abbr: &[u8], key: &[u8]| match get(abbr, key) {
            // lopdf casts with `as usize`; a negative value then overflows below.
            Some(Val::Int(v)) => Some(v as usize),
            _ => None,
        };
        let name_is = |v: Option<Val>, names: &[&[u8]]| match v {
            Some(Val::Name(s, e)) => names.contains(&out.bytes_of(s, e)),
            _ => false,
        };
        // The data length, or `None` where lopdf skips to the `EI` marker instead.
        let length = || -> Res<Option<usize>> {
            let (Some(w), Some(h), Some(bpc)) = (
                int(b"W", b"Width"),
                int(b"H", b"Height"),
                int(b"BPC", b"BitsPerComponent"),
            ) else {
                return Ok(None);
            };
            let colors: usize = if get(b"IM", b"ImageMask") == Some(Val::Bool(true)) {
                1
            } else {
                let cs = get(b"CS", b"ColorSpace");
                if cs.is_none() {
                    // lopdf unwraps the colour space.
                    return Err(Miss::Bail);
                }
                if name_is(cs, &[b"DeviceGray", b"Gray"]) {
                    1
                } else if name_is(cs, &[b"DeviceRGB", b"RGB"]) {
                    3
                } else if name_is(cs, &[b"DeviceRGBA", b"RGBA", b"DeviceCMYK", b"CMYK"]) {
                    4
                } else {
                    return Ok(None);
                }
            };
            if get(b"F", b"Filter").is_some() {
                return Ok(None);
            }
            let stride = colors
                .checked_mul(bpc)
                .and_then(|b| w.checked_mul(b))
                .ok_or(Miss::Bail)?
                .div_ceil(8);
            h.checked_mul(stride).map(Some).ok_or(Miss::Bail)
        };
        match length()? {
            Some(n) if n <= self.data.len() - self.pos => {
                self.pos += n;
                self.content_space();
                if !self.rest().starts_with(b"EI") {
                    return Err(Miss::Bail);
                }
                self.pos += 2;
            }
            _ => {
                let ws = |c: u8| matches!(c, b' ' | b'\n' | b'\r');
                let at = self
                    .rest()
                    .windows(4)
                    .position(|w| ws(w[0]) && w[1] == b'E' && w[2] == b'I' && ws(w[3]))
                    .ok_or(Miss::Bail)?;
                self.pos += at + 3;
            }
        }
        self.content_space();
        out.clear();
        Ok(())
    }

    /// One operand in an operation (`top`) or one object inside an array or dictionary (where
    /// lopdf also accepts `n g R` references), pushed to `out.list` or `out.elems`.
    ///
    /// lopdf tries null, booleans, (references,) reals, integers, names, strings, arrays and
    /// dictionaries in that order; their first bytes never overlap except that a reference and
    /// a number both start with a digit, so dispatching on the first byte keeps that order.
    fn operand(&mut self, out: &mut Operands, top: bool, depth: usize) -> Res<()> {
        let Some(&first) = self.data.get(self.pos) else {
            return Err(Miss::No);
        };
        let o = match first {
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                if !top && first.is_ascii_digit() && self.reference() {
                    Operand::Other
                } else {
                    Operand::Num(self.number().ok_or(Miss::No)?)
                }
            }
            b'/' => {
                let (s, e) = self.name(out);
                Operand::Name(s, e)
            }
            b'(' => {
                let (s, e) = self.literal(out)?;
                Operand::Str(s, e)
            }
            b'<' if self.data.get(self.pos + 1) != Some(&b'<') => {
                let (s, e) = self.hex(out)?;
                Operand::Str(s, e)
            }
            b'<' => {
                if depth == 0 {
                    return Err(Miss::Bail);
                }
                let keep = (out.elems.len(), out.bytes.len());
                self.dictionary(out, depth - 1)?;
                out.elems.truncate(keep.0);
                out.bytes.truncate(keep.1);
                Operand::Other
            }
            b'[' => {
                if depth == 0 {
                    return Err(Miss::Bail);
                }
                let s = out.elems.len();
                self.array(out, depth - 1)?;
                if top {
                    out.list
                        .push(Operand::Array(s as u32, out.elems.len() as u32));
                    return Ok(());
                }
                // Nested arrays are never text: parse them, keep nothing.
                out.elems.truncate(s);
                Operand::Other
            }
            b'n' | b't' | b'f' => {
                let rest = self.rest();
                let n = if rest.starts_with(b"null") || rest.starts_with(b"true") {
                    4
                } else if rest.starts_with(b"false") {
                    5
                } else {
                    return Err(Miss::No);
                };
                self.pos += n;
                Operand::Other
            }
            _ => return Err(Miss::No),
        };
        if top {
            out.list.push(o);
        } else {
            out.elems.push(o);
        }
        Ok(())
    }

    /// `digits space digits space R`, as lopdf's `reference` (inside arrays only), the
    /// numbers in the ranges of an object id (u32) and a generation (u16).
    fn reference(&mut self) -> bool {
        let save = self.pos;
        let digits = |r: &mut Self| {
            let s = r.pos;
            while r.peek().is_some_and(|c| c.is_ascii_digit()) {
                r.pos += 1;
            }
            (s, r.pos)
        };
        let (a, b) = digits(self);
        self.space();
        let (c, d) = digits(self);
        let ok = d > c
            && {
                self.space();
                self.peek() == Some(b'R')
            }
            && fits::<u32>(&self.data[a..b])
            && fits::<u16>(&self.data[c..d]);
        if ok {
            self.pos += 1;
        } else {
            self.pos = save;
        }
        ok
    }

    /// lopdf's `real` (`[+-]?(d+.d*|.d+)`, as f32) or else `integer` (`[+-]?d+`, as i64), in
    /// one pass.
    fn number(&mut self) -> Option<f64> {
        let d = self.rest();
        let neg = d.first() == Some(&b'-');
        let mut i = usize::from(matches!(d.first(), Some(b'+' | b'-')));
        // Wrapping is harmless: the value is only used when there are at most 19 digits.
        let mut m: u64 = 0;
        let int_start = i;
        while let Some(&c @ b'0'..=b'9') = d.get(i) {
            m = m.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
            i += 1;
        }
        let int_digits = i - int_start;
        if d.get(i) == Some(&b'.') {
            let mut j = i + 1;
            while let Some(&c @ b'0'..=b'9') = d.get(j) {
                m = m.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                j += 1;
            }
            let decimals = j - i - 1;
            if int_digits > 0 || decimals > 0 {
                self.pos += j;
                // When the digits fit in 24 bits and there are at most ten decimals, one IEEE
                // division of two exact f32 values is correctly rounded, i.e. equal to
                // `f32::from_str`, which is what lopdf stores.
                let exact = int_digits + decimals <= 19 && m < (1 << 24);
                let v = if exact && decimals < POW10.len() {
                    let v = m as f32 / POW10[decimals];
                    if neg {
                        -v
                    } else {
                        v
                    }
                } else {
                    parse_f32(&d[..j])
                };
                return Some(f64::from(v));
            }
        }
        if int_digits == 0 {
            return None;
        }
        let v = if int_digits <= 18 {
            let v = m as i64;
            if neg {
                -v
            } else {
                v
            }
        } else {
            // Maybe out of i64 range: then lopdf's integer fails and nothing else parses here.
            std::str::from_utf8(&d[..i]).ok()?.parse::<i64>().ok()?
        };
        self.pos += i;
        Some(v as f64)
    }

    /// lopdf's `name`: `/` then `#xx` escapes or regular characters other than `#`.
    fn name(&mut self, out: &mut Operands) -> (u32, u32) {
        self.pos += 1;
        let s = out.bytes.len() as u32;
        while let Some(c) = self.peek() {
            if c == b'#' {
                let hi = self.data.get(self.pos + 1).copied().and_then(hex_val);
                let lo = self.data.get(self.pos + 2).copied().and_then(hex_val);
                match (hi, lo) {
                    (Some(h), Some(l)) => {
                        out.bytes.push(h << 4 | l);
                        self.pos += 3;
                    }
                    _ => break,
                }
            } else if is_regular(c) {
                out.bytes.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        (s, out.bytes.len() as u32)
    }

    /// lopdf's `literal_string`: escapes decoded, ends of line and nested parentheses kept.
    fn literal(&mut self, out: &mut Operands) -> Res<(u32, u32)> {
        let save = self.pos;
        let s = out.bytes.len();
        self.pos += 1;
        let mut level = 0usize;
        loop {
            let Some(c) = self.peek() else {
                self.pos = save;
                out.bytes.truncate(s);
                return Err(Miss::No);
            };
            self.pos += 1;
            match c {
                b'(' => {
                    level += 1;
                    if level > MAX_DEPTH {
                        return Err(Miss::Bail);
                    }
                    out.bytes.push(c);
                }
                b')' if level == 0 => break,
                b')' => {
                    level -= 1;
                    out.bytes.push(c);
                }
                b'\\' => {
                    let Some(e) = self.peek() else {
                        self.pos = save;
                        out.bytes.truncate(s);
                        return Err(Miss::No);
                    };
                    match e {
                        b'0'..=b'7' => {
                            let mut v: u16 = 0;
                            let mut n = 0;
                            while n < 3 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u16::from(d - b'0');
                                        self.pos += 1;
                                        n += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.bytes.push(v as u8);
                        }
                        b'\r' => {
                            self.pos += 1;
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => self.pos += 1,
                        _ => {
                            self.pos += 1;
                            out.bytes.push(match e {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                b'b' => 0x08,
                                b'f' => 0x0C,
                                other => other,
                            });
                        }
                    }
                }
                _ => {
                    // Copy the run up to the next byte that matters in one go.
                    let run = self.data[self.pos..]
                        .iter()
                        .position(|&b| matches!(b, b'(' | b')' | b'\\'))
                        .map_or(self.data.len(), |n| self.pos + n);
                    out.bytes.extend_from_slice(&self.data[self.pos - 1..run]);
                    self.pos = run;
                }
            }
        }
        Ok((s as u32, out.bytes.len() as u32))
    }

    /// lopdf's `hexadecimal_string`: hex digits with any white space between, an odd last
    /// digit padded with 0.
    fn hex(&mut self, out: &mut Operands) -> Res<(u32, u32)> {
        let save = self.pos;
        let s = out.bytes.len();
        self.pos += 1;
        let mut high = true;
        loop {
            while self.peek().is_some_and(is_white) {
                self.pos += 1;
            }
            let Some(v) = self.peek().and_then(hex_val) else {
                break;
            };
            self.pos += 1;
            if high {
                out.bytes.push(v << 4);
            } else if let Some(last) = out.bytes.last_mut() {
                *last |= v;
            }
            high = !high;
        }
        if self.peek() == Some(b'>') {
            self.pos += 1;
            Ok((s as u32, out.bytes.len() as u32))
        } else {
            self.pos = save;
            out.bytes.truncate(s);
            Err(Miss::No)
        }
    }

    /// lopdf's `array`: `[`, objects each followed by `space`, `]`.
    fn array(&mut self, out: &mut Operands, depth: usize) -> Res<()> {
        let save = self.pos;
        let keep = (out.elems.len(), out.bytes.len());
        self.pos += 1;
        self.space();
        loop {
            let at = self.pos;
            match self.operand(out, false, depth) {
                Ok(()) => self.space(),
                Err(Miss::No) => {
                    self.pos = at;
                    break;
                }
                Err(Miss::Bail) => return Err(Miss::Bail),
            }
        }
        if self.peek() == Some(b']') {
            self.pos += 1;
            Ok(())
        } else {
            self.pos = save;
            out.elems.truncate(keep.0);
            out.bytes.truncate(keep.1);
            Err(Miss::No)
        }
    }

    /// lopdf's `dictionary`: `<<`, (name, `space`, object, `space`)*, `>>`.
    fn dictionary(&mut self, out: &mut Operands, depth: usize) -> Res<()> {
        let save = self.pos;
        self.pos += 2;
        self.space();
        loop {
            let at = self.pos;
            if self.peek() != Some(b'/') {
                break;
            }
            self.name(out);
            self.space();
            match self.operand(out, false, depth) {
                Ok(()) => self.space(),
                Err(Miss::No) => {
                    self.pos = at;
                    break;
                }
                Err(Miss::Bail) => return Err(Miss::Bail),
            }
        }
        if self.rest().starts_with(b">>") {
            self.pos += 2;
            Ok(())
        } else {
            self.pos = save;
            Err(Miss::No)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::content::Content;
    use pdf_extract::Object;

    /// Our reading of `data` in lopdf's terms: (operator, operands) with numbers as f64,
    /// strings and names as bytes, arrays flattened one level.
    fn ours(data: &[u8]) -> Option<Vec<(String, Vec<String>)>> {
        let mut r = Reader::new(data);
        let mut o = Operands::default();
        let mut v = Vec::new();
        loop {
            match r.next(&mut o) {
                Next::Op(op) => {
                    let show = |x: &Operand| match *x {
                        Operand::Num(n) => format!("{n}"),
                        Operand::Name(s, e) => format!("/{:?}", o.bytes_of(s, e)),
                        Operand::Str(s, e) => format!("({:?})", o.bytes_of(s, e)),
                        Operand::Array(..) | Operand::Other => "?".into(),
                    };
                    let mut args = Vec::new();
                    for x in &o.list {
                        if let Operand::Array(s, e) = *x {
                            let inner: Vec<String> = o.array(s, e).iter().map(show).collect();
                            args.push(format!("[{}]", inner.join(" ")));
                        } else {
                            args.push(show(x));
                        }
                    }
                    v.push((String::from_utf8_lossy(op).into_owned(), args));
                }
                Next::End => return Some(v),
                Next::Bail => return None,
            }
        }
    }

    fn lopdf(data: &[u8]) -> Option<Vec<(String, Vec<String>)>> {
        fn show(x: &Object) -> String {
            match x {
                Object::Integer(i) => format!("{}", *i as f64),
                Object::Real(r) => format!("{}", f64::from(*r)),
                Object::Name(n) => format!("/{n:?}"),
                Object::String(s, _) => format!("({s:?})"),
                _ => "?".into(),
            }
        }
        let c = Content::decode(data).ok()?;
        Some(
            c.operations
                .iter()
                .map(|op| {
                    // We drop inline images (pdf-extract ignores them).
                    let none = Vec::new();
                    let inline = matches!(op.operands.as_slice(), [Object::Stream(_)]);
                    let operands = if op.operator == "BI" && inline {
                        &none
                    } else {
                        &op.operands
                    };
                    let args = operands
                        .iter()
                        .map(|x| match x {
                            Object::Array(a) => {
                                let inner: Vec<String> = a
                                    .iter()
                                    .map(|e| match e {
                                        Object::Array(_) => "?".into(),
                                        e => show(e),
                                    })
                                    .collect();
                                format!("[{}]", inner.join(" "))
                            }
                            x => show(x),
                        })
                        .collect();
                    (op.operator.clone(), args)
                })
                .collect(),
        )
    }

    #[test]
    fn reads_what_lopdf_reads() {
        for case in [
            &b"BT /F1 12 Tf 72 712.5 Td (Hello) Tj [(A) -250 (B) 3.5] TJ ET"[..],
            b"q 1 0 0 1 .5 -.25 cm 0.1 0 0 RG Q",
            b"0Tc 5.Tw +3 Tz -.0 Ts",
            b"(a\\(b\\)c\\n\\101\\7777\\\nd (nested) \r\n) Tj",
            b"<48 65 6C6c 6> Tj <> Tj",
            b"/Na#6De /A#zz Tf",
            b"/P <</MCID 0 /Alt (x) /K [1 0 R 2]>> BDC EMC",
            b"[(x) 1 0 R (y) [1 2] <</A 1>> null true] TJ",
            b"%comment\nBT ET %tail\n",
            b"%comment\n  BT ET",
            b"BT (unterminated Tj ET",
            b"BT 99999999999999999999 Tc ET",
            b"12345678.9 0.000000000001 123456789012.5 3.4028236e38 Tc",
            b"1 2 3 re f* W n d0 d1 '\" T*",
            b"(x) ' 1 2 (y) \"",
            b"BT\x00ET",
            b"BT } ET",
            b"",
        ] {
            assert_eq!(
                ours(case),
                lopdf(case),
                "{:?}",
                String::from_utf8_lossy(case)
            );
        }
    }

    /// Random soups of content tokens and stray bytes: wherever we do not bail, we must read
    /// exactly the operations lopdf reads (and never panic).
    #[test]
    fn matches_lopdf_on_random_token_soups() {
        const TOKENS: &[&[u8]] = &[
            b"BT",
            b"ET",
            b"Tj",
            b"TJ",
            b"Tf",
            b"Td",
            b"T*",
            b"'",
            b"\"",
            b"cm",
            b"q",
            b"Q",
            b"d0",
            b"re",
            b"null",
            b"true",
            b"false",
            b"nul",
            b"R",
            b"0",
            b"12",
            b"-3",
            b"+4",
            b"5.",
            b".5",
            b"-.25",
            b"1.5.5",
            b"99999999999999999999",
            b"4294967296",
            b"65536",
            b"/F1",
            b"/A#41",
            b"/#4",
            b"/",
            b"(",
            b")",
            b"(x)",
            b"(a\\)b)",
            b"(\\",
            b"\\",
            b"(()",
            b"<",
            b">",
            b"<41>",
            b"<4 1 >",
            b"<4G>",
            b"<<",
            b">>",
            b"[",
            b"]",
            b"{",
            b"}",
            b"%",
            b"%c\n",
            b"%c\r\n",
            b" ",
            b"  ",
            b"\n",
            b"\r",
            b"\t",
            b"\0",
            b"\x0c",
            b"\xc3\xa9",
            b"BI",
            b"ID",
            b"EI",
            b"1 0 R",
            b"2 0 obj",
            b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x01\x02 EI",
            b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x01EI",
            b"BI /W 3 /H 2 /BPC 1 /IM true ID \x01\x02 EI",
            b"BI /Width 2 /H 1 /BPC 8 /CS /RGB /W 1 ID abc EI",
            b"BI /W 2 /H 1 /BPC 8 /CS /Indexed ID xx EI",
            b"BI /W 2 /H 1 /BPC 8 /CS /G /F /AHx ID 4142> EI",
            b"BI /W 2.0 /H 1 /BPC 8 /CS /G ID xx EI",
            b"BI /W -2 /H 1 /BPC 8 /CS /G ID xx EI",
            b"BI /W 2 /H 1 /BPC 8 ID xx EI",
            b"BI /W 2 /H 1 /BPC 8 /CS [/Indexed /RGB 1 <00>] ID xx EI",
            b"BI ID EI",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut compared = 0;
        for _ in 0..100_000 {
            let len = rand() % 24;
            let mut data = Vec::new();
            for _ in 0..len {
                // Now and then an array or dictionary of plausible members, so that their
                // grammar (references, nesting, comments inside) is exercised too.
                match rand() % 8 {
                    0 => data.push(b'['),
                    1 => data.extend_from_slice(b"<</K "),
                    _ => {}
                }
                data.extend_from_slice(TOKENS[(rand() % TOKENS.len() as u64) as usize]);
                match rand() % 8 {
                    0 => data.push(b']'),
                    1 => data.extend_from_slice(b">>"),
                    2 | 3 => {}
                    _ => data.push(b' '),
                }
            }
            if let Some(got) = ours(&data) {
                assert_eq!(
                    Some(got),
                    lopdf(&data),
                    "{:?}",
                    String::from_utf8_lossy(&data)
                );
                compared += 1;
            }
        }
        assert!(compared > 50_000, "too few cases compared: {compared}");
    }

    #[test]
    fn skips_inline_images_as_lopdf_does() {
        for case in [
            &b"q BI /W 4 /H 1 /BPC 8 /CS /G ID \x00EI \xff EI Q BT ET"[..],
            b"q BI /W 1 /H 1 /CS /Indexed /BPC 8 ID \x00 EI (x) Tj",
            b"BI /IM true /W 8 /H 2 /BPC 1 ID \x00\x01 EI Q",
            b"BI /W 2 /H 2 /BPC 8 /CS /RGB /F /Fl ID xxxxxxxxxxxx EI\nQ",
        ] {
            let got = ours(case);
            assert!(got.is_some(), "{:?}", String::from_utf8_lossy(case));
            assert_eq!(got, lopdf(case), "{:?}", String::from_utf8_lossy(case));
        }
    }

    #[test]
    fn bails_where_lopdf_gives_up_or_goes_deep() {
        // No colour space (lopdf unwraps it), no EI, no ID.
        assert_eq!(ours(b"q BI /W 1 /H 1 /BPC 8 ID x EI Q"), None);
        assert_eq!(ours(b"q BI /W 1 /H 1 /CS /X ID x"), None);
        assert_eq!(ours(b"q BI /W 1 Q"), None);
        let deep = "[".repeat(200) + &"]".repeat(200) + " TJ";
        assert_eq!(ours(deep.as_bytes()), None);
        let parens = "(".repeat(120) + &")".repeat(120) + " Tj";
        assert_eq!(ours(parens.as_bytes()), None);
    }

    #[test]
    fn reals_match_from_str() {
        for s in [
            "0.1",
            "-0.1",
            "1.",
            ".5",
            "-.5",
            "+2.25",
            "16777215.",
            "16777216.5",
            "0.0000001",
            "1234.5678",
            "0.30000001",
            "-0.0",
            "99999.99999",
            "1.00000000001",
        ] {
            let want: f32 = s.parse().unwrap();
            let got = Reader::new(s.as_bytes()).number().expect("a number");
            assert_eq!(got.to_bits(), f64::from(want).to_bits(), "{s}");
        }
    }
}
