//! Text of Word (`.docx`) and OpenDocument (`.odt`) files: zip archives of XML parts, read
//! with the `zip` and `quick-xml` crates. Paragraphs become lines, tables are read row by row
//! (cells separated by tabs, as the markup stage reads web tables), page headers come first
//! and footnotes last. Spans then point into this text (as for `.doc`, whose converter's text
//! is the reference).
//!
//! Every part is read through a size limit, so a zip bomb costs an error, not the memory.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::Read;

/// Largest unpacked XML part read: far above any real document's body (a 300-page decree's
/// `document.xml` is about 10 MB), far below what a zip bomb unpacks to.
pub const PART_LIMIT: u64 = 64 << 20;

/// Most parts an archive may have before it is refused as hostile.
const MAX_ENTRIES: usize = 20_000;

/// The XML vocabulary of one format.
struct Dialect {
    /// Character data counts only inside this element (`w:t`); `None`: inside any paragraph.
    text_in: Option<&'static str>,
    /// Paragraph elements (end with a line break).
    para: &'static [&'static str],
    table: &'static str,
    row: &'static str,
    cell: &'static str,
    tab: &'static str,
    br: &'static [&'static str],
    /// Run of spaces (`text:s`, count in `text:c`).
    space: Option<&'static str>,
    /// Elements whose content is dropped (footnote marks, tracked deletions, field codes).
    skip: &'static [&'static str],
    /// Inline footnote bodies, diverted to the end of the text.
    note_body: Option<&'static str>,
    /// Only content inside one of these elements is read (headers in `styles.xml`).
    gate: &'static [&'static str],
}

const DOCX: Dialect = Dialect {
    text_in: Some("t"),
    para: &["p"],
    table: "tbl",
    row: "tr",
    cell: "tc",
    tab: "tab",
    br: &["br", "cr"],
    space: None,
    skip: &[
        "delText",
        "instrText",
        "footnoteReference",
        "endnoteReference",
    ],
    note_body: None,
    gate: &[],
};

const ODT: Dialect = Dialect {
    text_in: None,
    para: &["p", "h"],
    table: "table",
    row: "table-row",
    cell: "table-cell",
    tab: "tab",
    br: &["line-break"],
    space: Some("s"),
    skip: &["note-citation", "tracked-changes"],
    note_body: Some("note-body"),
    gate: &[],
};

const ODT_HEADERS: Dialect = Dialect {
    gate: &["header", "header-first"],
    ..ODT
};

/// Builds the text of one XML part.
#[derive(Default)]
struct Sink {
    out: String,
    notes: String,
    cell: String,
    row: Vec<String>,
    tables: usize,
}

impl Sink {
    fn push(&mut self, s: &str, in_note: bool) {
        if in_note {
            self.notes.push_str(s);
        } else if self.tables > 0 {
            self.cell.push_str(s);
        } else {
            self.out.push_str(s);
        }
    }

    /// A line break: inside a table cell it is a space (a row stays one line).
    fn line(&mut self, in_note: bool) {
        if in_note {
            self.notes.push('\n');
        } else if self.tables > 0 {
            if !self.cell.ends_with(' ') && !self.cell.is_empty() {
                self.cell.push(' ');
            }
        } else {
            self.out.push('\n');
        }
    }
}

/// The text of one XML part in `d`'s vocabulary.
fn part_text(xml: &str, d: &Dialect) -> Result<(String, String), String> {
    let mut r = Reader::from_str(xml);
    let mut s = Sink::default();
    let (mut in_text, mut skip, mut note, mut gate) = (0usize, 0usize, 0usize, 0usize);
    let mut in_para = 0usize;
    let gated = !d.gate.is_empty();
    loop {
        let ev = r
            .read_event()
            .map_err(|e| format!("damaged XML at byte {}: {e}", r.buffer_position()))?;
        let open = gate > 0 || !gated;
        match ev {
            Event::Start(e) => {
                let n = e.local_name();
                let n = n.as_ref();
                if d.gate.contains(&n) {
                    gate += 1;
                } else if d.skip.contains(&n) {
                    skip += 1;
                } else if Some(n) == d.note_body {
                    note += 1;
                } else if Some(n) == d.text_in {
                    in_text += 1;
                } else if n == d.table {
                    s.tables += 1;
                } else if d.para.contains(&n) {
                    in_para += 1;
                }
            }
            Event::End(e) => {
                let n = e.local_name();
                let n = n.as_ref();
                if d.gate.contains(&n) {
                    gate = gate.saturating_sub(1);
                    s.out.push('\n');
                } else if d.skip.contains(&n) {
                    skip = skip.saturating_sub(1);
                } else if Some(n) == d.note_body {
                    note = note.saturating_sub(1);
                } else if Some(n) == d.text_in {
                    in_text = in_text.saturating_sub(1);
                } else if n == d.table {
                    s.tables = s.tables.saturating_sub(1);
                } else if d.para.contains(&n) {
                    in_para = in_para.saturating_sub(1);
                    if open && skip == 0 {
                        s.line(note > 0);
                    }
                } else if !open || skip > 0 {
                    // Dropped content.
                } else if n == d.cell && s.tables == 1 && note == 0 {
                    let c = std::mem::take(&mut s.cell);
                    s.row.push(c.trim().to_string());
                } else if n == d.row && s.tables == 1 && note == 0 {
                    let row = std::mem::take(&mut s.row);
                    if row.iter().any(|c| !c.is_empty()) {
                        s.out.push_str(&row.join("\t"));
                        s.out.push('\n');
                    }
                } else if (n == d.cell || n == d.row) && note == 0 && s.tables > 1 {
                    // A nested table's cells stay inside the outer cell.
                    s.cell.push(' ');
                }
            }
            Event::Empty(e) if open && skip == 0 => {
                let n = e.local_name();
                let n = n.as_ref();
                if n == d.tab {
                    s.push(if s.tables > 0 { " " } else { "\t" }, note > 0);
                } else if d.br.contains(&n) {
                    s.line(note > 0);
                } else if Some(n) == d.space {
                    let c = e
                        .try_get_attribute("text:c")
                        .ok()
                        .flatten()
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()?
                                .parse::<usize>()
                                .ok()
                        })
                        .unwrap_or(1)
                        .min(64);
                    s.push(&" ".repeat(c), note > 0);
                } else if d.para.contains(&n) {
                    s.line(note > 0);
                }
            }
            Event::Text(t)
                if open && skip == 0 && (in_text > 0 || (d.text_in.is_none() && in_para > 0)) =>
            {
                let t = t.xml10_content();
                // ODT character data between elements is layout whitespace unless inside a
                // paragraph; there it is text. Newlines in it are not line breaks.
                let t = t.replace(['\n', '\r'], if d.text_in.is_none() { "" } else { " " });
                s.push(&t, note > 0);
            }
            Event::GeneralRef(g)
                if open && skip == 0 && (in_text > 0 || (d.text_in.is_none() && in_para > 0)) =>
            {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&g.xml10_content())
                        .unwrap_or("")
                        .to_string(),
                };
                s.push(&c, note > 0);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((s.out, s.notes))
}

/// One part of the archive, `None` when absent; errors for a part over [`PART_LIMIT`].
fn read_part<R: Read + std::io::Seek>(
    z: &mut zip::ZipArchive<R>,
    name: &str,
    what: &str,
) -> Result<Option<String>, String> {
    let f = match z.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{what}: cannot read part {name}: {e}")),
    };
    if f.size() > PART_LIMIT {
        return Err(bomb(what, name));
    }
    let mut buf = Vec::new();
    // The declared size can lie: the read itself is capped too.
    f.take(PART_LIMIT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{what}: cannot unpack part {name}: {e}"))?;
    if buf.len() as u64 > PART_LIMIT {
        return Err(bomb(what, name));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| format!("{what}: part {name} is not UTF-8 XML"))
}

fn bomb(what: &str, name: &str) -> String {
    format!(
        "{what}: part {name} unpacks to over {} MB (a zip bomb?); not read",
        PART_LIMIT >> 20
    )
}

fn open<'a>(
    bytes: &'a [u8],
    what: &str,
) -> Result<zip::ZipArchive<std::io::Cursor<&'a [u8]>>, String> {
    let z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!(
            "not a readable {what} file ({e}); if it opens in Word or LibreOffice, save it \
             again (or as PDF)"
        )
    })?;
    if z.len() > MAX_ENTRIES {
        return Err(format!(
            "{what}: {} parts in the archive; not read",
            z.len()
        ));
    }
    Ok(z)
}

/// Text of a `.docx`: page headers, the body (paragraphs, tables row by row), footnotes.
pub fn docx_text(bytes: &[u8]) -> Result<String, String> {
    let what = ".docx";
    let mut z = open(bytes, what)?;
    let body = read_part(&mut z, "word/document.xml", what)?.ok_or_else(|| {
        "a zip file without word/document.xml: not a Word .docx (an .xlsx or .pptx is not read; \
         save it as PDF)"
            .to_string()
    })?;
    let mut headers: Vec<String> = z
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .collect();
    // header1, header2, ... header10 in number order.
    headers.sort_by_key(|n| {
        let digits: String = n.chars().filter(char::is_ascii_digit).collect();
        (digits.parse::<u32>().unwrap_or(0), n.clone())
    });
    let mut out = String::new();
    for h in &headers {
        if let Some(x) = read_part(&mut z, h, what)? {
            let (t, _) = part_text(&x, &DOCX)?;
            if !t.trim().is_empty() && !out.contains(t.trim()) {
                out.push_str(t.trim_end());
                out.push_str("\n\n");
            }
        }
    }
    out.push_str(&part_text(&body, &DOCX)?.0);
    for notes in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(x) = read_part(&mut z, notes, what)? {
            let t = footnotes(&x)?;
            if !t.trim().is_empty() {
                out.push('\n');
                out.push_str(&t);
            }
        }
    }
    Ok(out)
}

/// Footnotes of a `.docx` part, without Word's separator notes.
fn footnotes(xml: &str) -> Result<String, String> {
    // Separator "notes" hold only a rule; they have no w:t, so they give no text anyway.
    part_text(xml, &DOCX).map(|(t, _)| t)
}

/// Text of an `.odt`: page headers, the body, footnotes.
pub fn odt_text(bytes: &[u8]) -> Result<String, String> {
    let what = ".odt";
    let mut z = open(bytes, what)?;
    let content = read_part(&mut z, "content.xml", what)?
        .ok_or_else(|| "a zip file without content.xml: not an OpenDocument text".to_string())?;
    let mut out = String::new();
    if let Some(styles) = read_part(&mut z, "styles.xml", what)? {
        let (h, _) = part_text(&styles, &ODT_HEADERS)?;
        if !h.trim().is_empty() {
            out.push_str(h.trim_end());
            out.push_str("\n\n");
        }
    }
    let (body, notes) = part_text(&content, &ODT)?;
    out.push_str(&body);
    if !notes.trim().is_empty() {
        out.push('\n');
        out.push_str(&notes);
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A zip archive of `parts` (name, content), deflated.
    pub(crate) fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (n, c) in parts {
            w.start_file(*n, o).unwrap();
            w.write_all(c.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn docx_paragraphs_tables_headers_and_footnotes() {
        let body = format!(
            r#"<w:document {W}><w:body>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>UBND TỈNH</w:t></w:r></w:p><w:p><w:r><w:t>Số: 12/QĐ-UBND</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>CỘNG HÒA</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:t xml:space="preserve">Căn cứ Luật số </w:t></w:r><w:r><w:t>77/2015/QH13</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
            <w:p><w:r><w:delText>bỏ</w:delText><w:t>A &amp; B</w:t><w:tab/><w:t>C</w:t></w:r></w:p>
            </w:body></w:document>"#
        );
        let header = format!(r#"<w:hdr {W}><w:p><w:r><w:t>Trang đầu</w:t></w:r></w:p></w:hdr>"#);
        let notes = format!(
            r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
            <w:footnote w:id="1"><w:p><w:r><w:t>Sửa đổi bởi Luật số 47/2019/QH14.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
        let z = zip_of(&[
            ("word/document.xml", &body),
            ("word/header1.xml", &header),
            ("word/footnotes.xml", &notes),
        ]);
        let t = docx_text(&z).unwrap();
        let lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            lines,
            [
                "Trang đầu",
                "UBND TỈNH Số: 12/QĐ-UBND\tCỘNG HÒA",
                "Căn cứ Luật số 77/2015/QH13",
                "A & B\tC",
                "Sửa đổi bởi Luật số 47/2019/QH14."
            ],
            "{t}"
        );
    }

    #[test]
    fn odt_body_tables_spaces_and_notes() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="b"><office:body><office:text>
            <text:h>QUYẾT ĐỊNH</text:h>
            <text:p>Căn cứ<text:s text:c="2"/>Nghị định số 30/2020/NĐ-CP<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Ghi chú.</text:p></text:note-body></text:note> ngày 05/3/2020;</text:p>
            <table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>
            </office:text></office:body></office:document-content>"#;
        let styles = r#"<office:document-styles xmlns:office="o" xmlns:style="s" xmlns:text="t"><style:master-page><style:header><text:p>Đầu trang</text:p></style:header><style:footer><text:p>Chân</text:p></style:footer></style:master-page></office:document-styles>"#;
        let z = zip_of(&[("content.xml", content), ("styles.xml", styles)]);
        let t = odt_text(&z).unwrap();
        let lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            lines,
            [
                "Đầu trang",
                "QUYẾT ĐỊNH",
                "Căn cứ  Nghị định số 30/2020/NĐ-CP ngày 05/3/2020;",
                "a\tb",
                "Ghi chú."
            ],
            "{t}"
        );
    }

    #[test]
    fn bad_archives_give_errors_not_panics() {
        let e = docx_text(b"PK\x03\x04 broken").unwrap_err();
        assert!(e.contains(".docx"), "{e}");
        let e = docx_text(&zip_of(&[("xl/workbook.xml", "<x/>")])).unwrap_err();
        assert!(e.contains("not a Word .docx"), "{e}");
        let e = docx_text(&zip_of(&[("word/document.xml", "<w:document><w:p>")]));
        // Unclosed elements at the end are tolerated; mismatched ones are an error.
        assert!(e.is_ok(), "{e:?}");
        let e = docx_text(&zip_of(&[("word/document.xml", "<a></b>")])).unwrap_err();
        assert!(e.contains("damaged XML"), "{e}");
    }

    #[test]
    fn a_zip_bomb_is_refused_with_bounded_memory() {
        // 200 MB of one repeated byte deflates to about 200 KB.
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        w.start_file("word/document.xml", o).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..200 {
            w.write_all(&chunk).unwrap();
        }
        let z = w.finish().unwrap().into_inner();
        assert!(z.len() < 2 << 20, "{}", z.len());
        let e = docx_text(&z).unwrap_err();
        assert!(e.contains("zip bomb"), "{e}");
    }
}
