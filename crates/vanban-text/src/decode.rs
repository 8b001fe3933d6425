//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258, TCVN3, VNI,
//! and mojibake (TCVN3 or VNI bytes that were read as Windows-1252 and saved as UTF-8).
//! Legacy encodings are chosen by the share of well-formed Vietnamese syllables they yield.

use crate::offsets::{Map, Rep, RepSink, StageRepair};
use crate::viet::{is_mark, valid_syllable};
use crate::{Encoding, TextError};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Byte tables: `None` means ASCII below 0x80 and undefined above.
type Table = [Option<String>; 256];

fn parse_table(data: &str, fallback: Option<&Table>) -> Table {
    let mut t: Table = std::array::from_fn(|i| fallback.and_then(|f| f[i].clone()));
    for line in data.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(byte), Some(cps)) = (cols.next(), cols.next()) else {
            continue;
        };
        let Ok(b) = u8::from_str_radix(byte.trim(), 16) else {
            continue;
        };
        let text: Option<String> = cps
            .split_whitespace()
            .map(|cp| {
                u32::from_str_radix(cp.trim_start_matches("U+"), 16)
                    .ok()
                    .and_then(char::from_u32)
            })
            .collect();
        if let (Some(text), Some(slot)) = (text, t.get_mut(b as usize)) {
            *slot = Some(text);
        }
    }
    t
}

struct Tables {
    /// Windows-1252, checked against the reverse lookup in tests.
    #[cfg_attr(not(test), allow(dead_code))]
    cp1252: Table,
    cp1258: Table,
    tcvn3: Table,
    vni: Table,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        // Windows-1252 = Latin-1 in 0xA0-0xFF plus its own 0x80-0x9F.
        let latin1 = parse_table("", None);
        let mut cp1252 = parse_table(
            include_str!("../data/encodings/windows-1252.txt"),
            Some(&latin1),
        );
        for b in 0xA0..=0xFFu8 {
            cp1252[b as usize] = Some(char::from(b).to_string());
        }
        Tables {
            cp1258: parse_table(include_str!("../data/encodings/windows-1258.txt"), None),
            tcvn3: parse_table(include_str!("../data/encodings/tcvn3.txt"), None),
            vni: parse_table(include_str!("../data/encodings/vni.txt"), Some(&cp1252)),
            cp1252,
        }
    })
}

/// The byte a Windows-1252 (or Latin-1) reader turned into `c`.
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Share of words that are well-formed Vietnamese syllables, over words with a non-ASCII char
/// or any letter; plus the number of words seen.
pub(crate) fn syllable_score(text: &str) -> (f64, usize) {
    let mut words = 0usize;
    let mut good = 0usize;
    let mut score_word = |w: &str| {
        if w.is_empty() {
            return;
        }
        words += 1;
        let ok = if w.chars().any(is_mark) {
            valid_syllable(&w.nfc().collect::<String>())
        } else {
            valid_syllable(w)
        };
        good += usize::from(ok);
    };
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphabetic() || is_mark(c);
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                score_word(&text[s..i]);
                start = None;
            }
            _ => {}
        }
        // Also a non-letter, non-space, non-ASCII char inside a run counts as breaking a word:
        // mojibake letters like '¸' show up here and make both halves fail.
    }
    if let Some(s) = start {
        score_word(&text[s..]);
    }
    if words == 0 {
        return (0.0, 0);
    }
    (good as f64 / words as f64, words)
}

/// Decode single-byte legacy text; each high byte becomes its table entry.
fn decode_table(bytes: &[u8], table: &Table, skip: usize) -> (String, RepSink, usize) {
    let mut text = String::with_capacity(bytes.len() * 2);
    let mut reps = RepSink::default();
    let mut bad = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entry = &table[b as usize];
        if b < 0x80 && entry.is_none() {
            text.push(b as char);
            continue;
        }
        let out_start = text.len();
        match entry {
            Some(t) => text.push_str(t),
            None => {
                bad += 1;
                text.push('\u{FFFD}');
            }
        }
        reps.push(Rep {
            src_start: skip + i,
            src_end: skip + i + 1,
            out_start,
            out_end: text.len(),
        });
    }
    (text, reps, bad)
}

/// Undo mojibake: chars that Windows-1252 made of legacy bytes go back through `table`.
fn unmojibake(text: &str, table: &Table) -> (String, RepSink) {
    let mut out = String::with_capacity(text.len());
    let mut reps = RepSink::default();
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let Some(t) = cp1252_byte(c).and_then(|b| table[b as usize].as_deref()) else {
            out.push(c);
            continue;
        };
        let out_start = out.len();
        out.push_str(t);
        reps.push(Rep {
            src_start: i,
            src_end: i + c.len_utf8(),
            out_start,
            out_end: out.len(),
        });
    }
    (out, reps)
}

/// A prefix of at most `n` bytes, cut at a char boundary.
fn sample(s: &str, n: usize) -> &str {
    let mut e = n.min(s.len());
    while !s.is_char_boundary(e) {
        e -= 1;
    }
    &s[..e]
}

const SAMPLE: usize = 256 * 1024;

/// Is valid UTF-8 text really TCVN3 or VNI mojibake? Returns the repaired decoding.
fn detect_mojibake(text: &str) -> Option<(String, Map, Encoding)> {
    let s = sample(text, SAMPLE);
    // Real Vietnamese Unicode uses letters above U+0100; mojibake stays in Latin-1/1252.
    // First a bound from lead bytes alone (vectorised counting, no decoding): chars led by
    // C2/C3 are Latin-1; Windows-1252's extra chars all have leads C5, C6, CB or E2; every
    // other multi-byte char is above. When even the most Latin reading of those counts is
    // far from mojibake, stop here: this runs on every plain UTF-8 file.
    let b = s.as_bytes();
    let latin_min = count_bytes(b, |x| (x == 0xC2) | (x == 0xC3));
    let maybe_1252 = count_bytes(b, |x| (x == 0xC5) | (x == 0xC6) | (x == 0xCB) | (x == 0xE2));
    let leads = count_bytes(b, |x| x >= 0xC4);
    if latin_min + maybe_1252 < 4 || latin_min + maybe_1252 < (leads - maybe_1252) * 2 {
        return None;
    }
    let mut latin = 0usize;
    let mut above = 0usize;
    for c in s.chars() {
        match c as u32 {
            0..=0x7F => {}
            0x80..=0xFF => latin += 1,
            _ if cp1252_byte(c).is_some() => latin += 1,
            _ => above += 1,
        }
    }
    if latin < 4 || latin < above * 2 {
        return None;
    }
    let (base, _) = syllable_score(s);
    let t = tables();
    let mut best: Option<(f64, Encoding, &Table)> = None;
    for (enc, table) in [
        (Encoding::Tcvn3Mojibake, &t.tcvn3),
        (Encoding::VniMojibake, &t.vni),
    ] {
        let (cand, _) = unmojibake(s, table);
        let (score, _) = syllable_score(&cand);
        if best.is_none_or(|(b, _, _)| score > b) {
            best = Some((score, enc, table));
        }
    }
    let (score, enc, table) = best?;
    if score < 0.5 || score < base + 0.15 {
        return None;
    }
    let (out, reps) = unmojibake(text, table);
    Some((out, reps.finish(), enc))
}

/// Decoded text with its map back to the source bytes.
pub(crate) struct Decoded {
    pub text: String,
    pub map: Map,
    pub encoding: Encoding,
    pub warnings: Vec<String>,
    pub repairs: Vec<StageRepair>,
}

/// Text that is already a string (PDF pages); mojibake is still undone.
pub(crate) fn from_text(text: String) -> Decoded {
    if let Some((text, map, encoding)) = detect_mojibake(&text) {
        return Decoded {
            text,
            map,
            encoding,
            warnings: Vec::new(),
            repairs: Vec::new(),
        };
    }
    Decoded {
        text,
        map: Map::default(),
        encoding: Encoding::Utf8,
        warnings: Vec::new(),
        repairs: Vec::new(),
    }
}

/// How many bytes satisfy `pred`. Counted in byte-wide lanes over runs of 255 bytes, a shape
/// the compiler vectorises (a plain `filter().count()` stays one byte at a time); this runs
/// over every file.
#[inline(always)]
pub(crate) fn count_bytes(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|run| {
            let mut n = 0u8;
            for &b in run {
                n += u8::from(pred(b));
            }
            usize::from(n)
        })
        .sum()
}

/// File signatures of formats that are not text, with the name to report.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document (give it a .pdf name)"),
    (
        b"PK\x03\x04",
        "a ZIP archive (Word .docx, OpenDocument .odt, or another zipped format)",
    ),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "an OLE2 compound file (Word 97 .doc, Excel .xls)",
    ),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\0", "a TIFF image"),
    (b"MM\0*", "a TIFF image"),
    (b"\x7FELF", "an executable (ELF)"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
];

/// The format a file's first bytes name, when it is a known non-text format.
pub(crate) fn signature(bytes: &[u8]) -> Option<&'static str> {
    SIGNATURES
        .iter()
        .find(|(sig, _)| bytes.starts_with(sig))
        .map(|&(_, name)| name)
}

/// Control bytes that have no place in text (all C0 controls but tab, line feed, carriage
/// return, form feed, and the DOS end-of-file mark).
pub(crate) fn is_stray_control(b: u8) -> bool {
    let allowed = (b == b'\t') | (b == b'\n') | (b == b'\r') | (b == 0x0C) | (b == 0x1A);
    (b < 0x20) & !allowed
}

/// Is this binary data rather than text with a few stray bytes? A known signature, or a
/// share of NUL and control bytes that text never has (over 1 in 20 of the first 64 KiB, or
/// NULs at over 1 in 100: UTF-16 without its byte-order mark, or real binary data). A text
/// below those shares keeps its references: the stray bytes are removed with a warning.
fn looks_binary(bytes: &[u8]) -> Option<String> {
    if let Some(format) = signature(bytes) {
        return Some(format!("{format}, not text"));
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let nul = count_bytes(sample, |b| b == 0);
    let ctrl = count_bytes(sample, is_stray_control);
    if nul * 100 > sample.len() {
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

/// Decode bytes in whatever supported encoding they are in; `utf8` is `bytes` as a string
/// when it is valid UTF-8 (validated once by the caller).
pub(crate) fn decode(bytes: &[u8], utf8: Option<&str>) -> Result<Decoded, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let mut d = decode_utf8(rest, utf8.and_then(|s| s.get(3..)), 3)?;
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
    decode_utf8(bytes, utf8, 0)
}

/// Valid UTF-8 without a BOM, already owned: checked for binary data and mojibake, else kept.
/// The second value is the source text when decoding changed it (mojibake), so that repairs
/// can still quote the file as it is.
pub(crate) fn decode_string(text: String) -> Result<(Decoded, Option<String>), TextError> {
    if text.is_empty() {
        return Err(TextError::Empty);
    }
    if let Some(why) = looks_binary(text.as_bytes()) {
        return Err(TextError::Binary(why));
    }
    if let Some((decoded, map, encoding)) = detect_mojibake(&text) {
        let d = Decoded {
            text: decoded,
            map,
            encoding,
            warnings: Vec::new(),
            repairs: Vec::new(),
        };
        return Ok((d, Some(text)));
    }
    Ok((from_text(text), None))
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

fn decode_utf8(bytes: &[u8], utf8: Option<&str>, skip: usize) -> Result<Decoded, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    match utf8.ok_or(()) {
        Ok(s) => {
            if let Some(why) = looks_binary(bytes) {
                return Err(TextError::Binary(why));
            }
            if let Some((text, map, encoding)) = detect_mojibake(s) {
                // Shift the mojibake map past the BOM.
                let shifted_map = if skip > 0 {
                    compose_shift(map, skip)
                } else {
                    map
                };
                return Ok(Decoded {
                    text,
                    map: shifted_map,
                    encoding,
                    warnings: Vec::new(),
                    repairs: Vec::new(),
                });
            }
            Ok(Decoded {
                text: s.to_string(),
                map: shifted(skip),
                encoding: Encoding::Utf8,
                warnings: Vec::new(),
                repairs: Vec::new(),
            })
        }
        Err(_) => {
            if let Some(why) = looks_binary(bytes) {
                return Err(TextError::Binary(why));
            }
            if skip == 0 {
                if let Some(d) = decode_legacy(bytes) {
                    return Ok(d);
                }
            }
            Ok(lossy(bytes, skip))
        }
    }
}

/// Shift every source offset of `map` by `skip` bytes and account for the skipped prefix.
fn compose_shift(map: Map, skip: usize) -> Map {
    let mut reps = RepSink::default();
    reps.push(Rep {
        src_start: 0,
        src_end: skip,
        out_start: 0,
        out_end: 0,
    });
    for r in map.reps() {
        reps.push(Rep {
            src_start: r.src_start + skip,
            src_end: r.src_end + skip,
            ..r
        });
    }
    reps.finish()
}

/// Bytes that are not UTF-8: try Windows-1258, TCVN3 and VNI; keep the most Vietnamese.
fn decode_legacy(bytes: &[u8]) -> Option<Decoded> {
    let t = tables();
    let head = &bytes[..bytes.len().min(SAMPLE)];
    let lossy_head = String::from_utf8_lossy(head);
    let (base, _) = syllable_score(&lossy_head);
    let mut best: Option<(f64, Encoding, &Table)> = None;
    for (enc, table) in [
        (Encoding::Tcvn3, &t.tcvn3),
        (Encoding::Vni, &t.vni),
        (Encoding::Windows1258, &t.cp1258),
    ] {
        let (cand, _, _) = decode_table(head, table, 0);
        let (score, _) = syllable_score(&cand);
        if best.is_none_or(|(b, _, _)| score > b + 1e-9) {
            best = Some((score, enc, table));
        }
    }
    let (score, encoding, table) = best?;
    if score < 0.4 || score <= base {
        return None;
    }
    let (text, reps, bad) = decode_table(bytes, table, 0);
    let mut warnings = Vec::new();
    if bad > 0 {
        warnings.push(format!(
            "{bad} bytes undefined in {encoding:?} replaced with U+FFFD"
        ));
    }
    Some(Decoded {
        text,
        map: reps.finish(),
        encoding,
        warnings,
        repairs: Vec::new(),
    })
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
    let mut reps = RepSink::default();
    reps.push(Rep {
        src_start: 0,
        src_end: 2,
        out_start: 0,
        out_end: 0,
    });
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
        map: reps.finish(),
        encoding: if be {
            Encoding::Utf16Be
        } else {
            Encoding::Utf16Le
        },
        warnings,
        repairs: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_bytes_across_runs() {
        let data: Vec<u8> = (0..2000u32).map(|i| (i * 37 % 256) as u8).collect();
        for n in [0, 1, 254, 255, 256, 511, 2000] {
            let d = &data[..n];
            assert_eq!(
                count_bytes(d, |b| b >= 0xC4),
                d.iter().filter(|&&b| b >= 0xC4).count()
            );
            assert_eq!(
                count_bytes(d, |b| b == 0),
                d.iter().filter(|&&b| b == 0).count()
            );
        }
        // Every byte matching in a full run must not overflow the byte-wide counter.
        assert_eq!(count_bytes(&[7u8; 1000], |b| b == 7), 1000);
    }

    #[test]
    fn cp1252_table_matches_reverse_lookup() {
        let t = tables();
        for b in 0x80..=0xFFu8 {
            if let Some(s) = t.cp1252[b as usize].as_deref() {
                let c = s.chars().next().unwrap();
                assert_eq!(cp1252_byte(c), Some(b), "{b:#x} {c:?}");
            }
        }
    }
}
