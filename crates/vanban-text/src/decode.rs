//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, lossy UTF-8 with a warning.

use crate::offsets::{Map, Rep, StageRepair};
use crate::{Encoding, TextError};

/// Decoded text with its map back to the source bytes.
pub(crate) struct Decoded {
    pub text: String,
    pub map: Map,
    pub encoding: Encoding,
    pub warnings: Vec<String>,
    pub repairs: Vec<StageRepair>,
}

/// Text that is already a string (PDF pages).
pub(crate) fn from_text(text: String) -> Decoded {
    Decoded {
        text,
        map: Map::default(),
        encoding: Encoding::Utf8,
        warnings: Vec::new(),
        repairs: Vec::new(),
    }
}

/// Share of control bytes (other than tab, newlines, form feed, ESC-free text) that marks binary.
fn looks_binary(bytes: &[u8]) -> Option<String> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    if nul > 0 {
        return Some(format!(
            "{nul} NUL bytes in the first {} bytes",
            sample.len()
        ));
    }
    if ctrl * 20 > sample.len() {
        return Some(format!(
            "{ctrl} control bytes in the first {} bytes",
            sample.len()
        ));
    }
    None
}

/// Decode bytes in whatever supported encoding they are in.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let mut d = decode_utf8(rest, 3)?;
        if d.encoding == Encoding::Utf8 {
            d.encoding = Encoding::Utf8Bom;
        }
        return Ok(d);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(decode_utf16(rest, false));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(decode_utf16(rest, true));
    }
    decode_utf8(bytes, 0)
}

/// A map that shifts everything by `skip` source bytes (a BOM).
fn shifted(skip: usize) -> Map {
    if skip == 0 {
        Map::default()
    } else {
        Map::from_reps(vec![Rep {
            src_start: 0,
            src_end: skip,
            out_start: 0,
            out_end: 0,
        }])
    }
}

fn decode_utf8(bytes: &[u8], skip: usize) -> Result<Decoded, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            map: shifted(skip),
            encoding: Encoding::Utf8,
            warnings: Vec::new(),
            repairs: Vec::new(),
        }),
        Err(_) => {
            if let Some(why) = looks_binary(bytes) {
                return Err(TextError::Binary(why));
            }
            Ok(lossy(bytes, skip))
        }
    }
}

/// Invalid UTF-8 that is not a legacy encoding: replace bad bytes with U+FFFD, warn.
fn lossy(bytes: &[u8], skip: usize) -> Decoded {
    let mut text = String::with_capacity(bytes.len());
    let mut reps = Vec::new();
    if skip > 0 {
        reps.push(Rep {
            src_start: 0,
            src_end: skip,
            out_start: 0,
            out_end: 0,
        });
    }
    let mut bad = 0usize;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let inv = chunk.invalid();
        if !inv.is_empty() {
            let src_start = skip + (inv.as_ptr() as usize - bytes.as_ptr() as usize);
            let out_start = text.len();
            text.push('\u{FFFD}');
            bad += inv.len();
            reps.push(Rep {
                src_start,
                src_end: src_start + inv.len(),
                out_start,
                out_end: text.len(),
            });
        }
    }
    Decoded {
        text,
        map: Map::from_reps(reps),
        encoding: Encoding::Utf8,
        warnings: vec![format!("invalid UTF-8: {bad} bytes replaced with U+FFFD")],
        repairs: Vec::new(),
    }
}

fn decode_utf16(bytes: &[u8], be: bool) -> Decoded {
    let units = bytes.chunks_exact(2).map(|p| {
        if be {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut text = String::with_capacity(bytes.len());
    let mut reps = vec![Rep {
        src_start: 0,
        src_end: 2,
        out_start: 0,
        out_end: 0,
    }];
    let mut src = 2;
    let mut bad = 0;
    for r in char::decode_utf16(units) {
        let (c, w) = match r {
            Ok(c) => (c, c.len_utf16() * 2),
            Err(_) => {
                bad += 1;
                ('\u{FFFD}', 2)
            }
        };
        let out_start = text.len();
        text.push(c);
        if w != c.len_utf8() {
            reps.push(Rep {
                src_start: src,
                src_end: src + w,
                out_start,
                out_end: text.len(),
            });
        }
        src += w;
    }
    let mut warnings = Vec::new();
    if bad > 0 {
        warnings.push(format!(
            "invalid UTF-16: {bad} unpaired surrogates replaced"
        ));
    }
    if bytes.len() % 2 == 1 {
        warnings.push("UTF-16 text has an odd trailing byte (ignored)".to_string());
    }
    Decoded {
        text,
        map: Map::from_reps(reps),
        encoding: if be {
            Encoding::Utf16Be
        } else {
            Encoding::Utf16Le
        },
        warnings,
        repairs: Vec::new(),
    }
}
