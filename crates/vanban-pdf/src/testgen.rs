//! Synthetic PDFs for tests, fuzz seeds and benchmarks, built with lopdf so that a fresh clone
//! needs no external tool. Not part of the extraction path.

use pdf_extract::content::{Content, Operation};
use pdf_extract::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};

fn text_ops(lines: &[&str], font: &str) -> Vec<Operation> {
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec![font.into(), 12.into()]),
        Operation::new("TL", vec![16.into()]),
        Operation::new("Td", vec![72.into(), 760.into()]),
    ];
    for l in lines {
        ops.push(Operation::new(
            "Tj",
            vec![Object::String(l.as_bytes().to_vec(), StringFormat::Literal)],
        ));
        ops.push(Operation::new("T*", vec![]));
    }
    ops.push(Operation::new("ET", vec![]));
    ops
}

struct Builder {
    doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Builder {
    fn new() -> Self {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Self {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    fn helvetica(&mut self) -> ObjectId {
        self.doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        })
    }

    fn page(&mut self, ops: Vec<Operation>, resources: Dictionary, media: [i64; 4]) {
        let bytes = Content { operations: ops }.encode().unwrap_or_default();
        self.raw_page(bytes, resources, media);
    }

    fn raw_page(&mut self, bytes: Vec<u8>, resources: Dictionary, media: [i64; 4]) {
        let content_id = self.doc.add_object(Stream::new(dictionary! {}, bytes));
        let page_id = self.doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "Contents" => content_id,
            "Resources" => resources,
            "MediaBox" => media.iter().map(|&v| Object::Integer(v)).collect::<Vec<_>>(),
        });
        self.kids.push(page_id.into());
    }

    fn finish(mut self) -> Document {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => self.kids,
                "Count" => count,
            }),
        );
        let catalog = self.doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => self.pages_id,
        });
        let info = self.doc.add_object(dictionary! {
            "Title" => Object::string_literal("Generated test"),
            "Producer" => Object::string_literal("vanban-pdf testgen"),
        });
        self.doc.trailer.set("Root", catalog);
        self.doc.trailer.set("Info", info);
        let id = Object::String(b"0123456789abcdef".to_vec(), StringFormat::Hexadecimal);
        self.doc
            .trailer
            .set("ID", Object::Array(vec![id.clone(), id]));
        self.doc
    }
}

fn save(mut doc: Document) -> Vec<u8> {
    let mut v = Vec::new();
    let _ = doc.save_to(&mut v);
    v
}

fn text_doc(pages: &[&str], media: [i64; 4]) -> Document {
    let mut b = Builder::new();
    let font = b.helvetica();
    for p in pages {
        let lines: Vec<&str> = p.split('\n').collect();
        b.page(
            text_ops(&lines, "F1"),
            dictionary! { "Font" => dictionary! { "F1" => font } },
            media,
        );
    }
    b.finish()
}

/// A plain PDF with one page per string (lines split at `\n`), Helvetica, WinAnsi.
pub fn text_pdf(pages: &[&str]) -> Vec<u8> {
    save(text_doc(pages, [0, 0, 595, 842]))
}

/// One text page whose media box is 14400 x 14400 points (the PDF maximum).
pub fn huge_page_pdf() -> Vec<u8> {
    save(text_doc(
        &["Bao cao so 9/BC-UBND tren trang rat lon"],
        [0, 0, 14400, 14400],
    ))
}

/// The same text PDF saved with object streams and a cross-reference stream.
pub fn object_stream_pdf(pages: &[&str]) -> Vec<u8> {
    let mut doc = text_doc(pages, [0, 0, 595, 842]);
    let mut v = Vec::new();
    let opts = pdf_extract::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .build();
    let _ = doc.save_with_options(&mut v, opts);
    v
}

/// A text PDF encrypted (RC4, 128-bit) with the given passwords; an empty user password makes
/// an owner-password-only file.
pub fn encrypted_pdf(user: &str, owner: &str) -> Vec<u8> {
    let mut doc = text_doc(&["Bao cao so 1/BC-UBND"], [0, 0, 595, 842]);
    let version = pdf_extract::EncryptionVersion::V2 {
        document: &doc,
        owner_password: owner,
        user_password: user,
        key_length: 128,
        permissions: pdf_extract::Permissions::all(),
    };
    let Ok(state) = pdf_extract::EncryptionState::try_from(version) else {
        return Vec::new();
    };
    if doc.encrypt(&state).is_err() {
        return Vec::new();
    }
    save(doc)
}

/// One page that only paints an 8x8 grey image: what a scanner produces, no text layer.
pub fn image_only_pdf() -> Vec<u8> {
    let mut b = Builder::new();
    let img = b.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => 8,
            "Height" => 8,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        vec![0x80; 64],
    ));
    let ops = vec![
        Operation::new("q", vec![]),
        Operation::new(
            "cm",
            vec![
                500.into(),
                0.into(),
                0.into(),
                700.into(),
                40.into(),
                60.into(),
            ],
        ),
        Operation::new("Do", vec!["Im1".into()]),
        Operation::new("Q", vec![]),
    ];
    b.page(
        ops,
        dictionary! { "XObject" => dictionary! { "Im1" => img } },
        [0, 0, 595, 842],
    );
    save(b.finish())
}

/// One 8-bit gray page image for [`scanned_pdf`].
#[derive(Clone, Debug)]
pub struct GrayPage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Row-major pixels, `width * height` bytes, 0 black to 255 white.
    pub pixels: Vec<u8>,
    /// Resolution the image was scanned at (sets the page size).
    pub dpi: f32,
}

/// An image-only PDF ("a scan"): each page is one deflated gray image filling the page, no
/// text layer at all.
pub fn scanned_pdf(pages: &[GrayPage]) -> Vec<u8> {
    let mut b = Builder::new();
    for p in pages {
        let mut img = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => i64::from(p.width),
                "Height" => i64::from(p.height),
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
            },
            p.pixels.clone(),
        );
        let _ = img.compress();
        let img = b.doc.add_object(img);
        let w = (p.width as f32 * 72.0 / p.dpi).round() as i64;
        let h = (p.height as f32 * 72.0 / p.dpi).round() as i64;
        let ops = vec![
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                vec![w.into(), 0.into(), 0.into(), h.into(), 0.into(), 0.into()],
            ),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
        ];
        b.page(
            ops,
            dictionary! { "XObject" => dictionary! { "Im1" => img } },
            [0, 0, w, h],
        );
    }
    save(b.finish())
}

/// A page whose composite (Type0, Identity-H) font has no ToUnicode map and no embedded
/// program: the codes cannot be mapped to text reliably.
pub fn no_tounicode_pdf() -> Vec<u8> {
    let mut b = Builder::new();
    let descendant = b.doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "UnknownFont",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "DW" => 500,
    });
    let font = b.doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "UnknownFont",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(descendant)],
    });
    let ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("Td", vec![72.into(), 760.into()]),
        Operation::new(
            "Tj",
            vec![Object::String(
                vec![0, 0x24, 0, 0x45, 0, 0x46, 0x01, 0x02],
                StringFormat::Hexadecimal,
            )],
        ),
        Operation::new("ET", vec![]),
    ];
    b.page(
        ops,
        dictionary! { "Font" => dictionary! { "F1" => font } },
        [0, 0, 595, 842],
    );
    save(b.finish())
}

/// A PDF with any Unicode text (one string per page, lines split at `\n`), written the way
/// word processors do: a Type0 font with Identity-H codes, /W widths and a ToUnicode map.
pub fn unicode_pdf(pages: &[&str]) -> Vec<u8> {
    let mut chars: Vec<char> = pages
        .iter()
        .flat_map(|p| p.chars())
        .filter(|&c| c != '\n')
        .collect();
    chars.sort_unstable();
    chars.dedup();
    let code = |c: char| chars.binary_search(&c).map_or(0, |i| i as u16 + 1);
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo<<\n/Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in chars.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for &c in chunk {
            let mut units = [0u16; 2];
            let dst: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{:04X}> <{dst}>\n", code(c)));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let mut b = Builder::new();
    let to_unicode = b
        .doc
        .add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
    let descriptor = b.doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => "GeneratedSerif",
        "Flags" => 6,
        "FontBBox" => vec![Object::Integer(0), Object::Integer(-200), Object::Integer(1000), Object::Integer(900)],
        "ItalicAngle" => 0,
        "Ascent" => 900,
        "Descent" => -200,
        "CapHeight" => 700,
        "StemV" => 80,
    });
    let descendant = b.doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "GeneratedSerif",
        "FontDescriptor" => descriptor,
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "DW" => 500,
        "W" => vec![Object::Integer(1), Object::Integer(chars.len() as i64 + 1), Object::Integer(500)],
    });
    let font = b.doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "GeneratedSerif",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(descendant)],
        "ToUnicode" => to_unicode,
    });
    for p in pages {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("TL", vec![16.into()]),
            Operation::new("Td", vec![72.into(), 760.into()]),
        ];
        for line in p.split('\n') {
            // One show per word, as word processors do, so spacing comes from positions.
            let mut words = Vec::new();
            for (i, w) in line.split(' ').enumerate() {
                if i > 0 {
                    words.push(Object::Integer(-250));
                }
                let bytes: Vec<u8> = w.chars().flat_map(|c| code(c).to_be_bytes()).collect();
                words.push(Object::String(bytes, StringFormat::Hexadecimal));
            }
            ops.push(Operation::new("TJ", vec![Object::Array(words)]));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        b.page(
            ops,
            dictionary! { "Font" => dictionary! { "F1" => font } },
            [0, 0, 595, 842],
        );
    }
    save(b.finish())
}

/// A page in the simple fonts real exports use without a ToUnicode map: a TrueType subset in
/// WinAnsi (every code 32..=255, as legacy TCVN3 text such as .VnTime puts bytes there), a
/// TrueType font with no /Encoding, and a Type1 font whose Differences rename codes over
/// MacRoman; with explicit widths and several text runs per line.
pub fn simple_fonts_pdf() -> Vec<u8> {
    let mut b = Builder::new();
    let widths = |first: i64, last: i64| -> Vec<Object> {
        (first..=last)
            .map(|c| Object::Integer(400 + c % 7 * 50))
            .collect()
    };
    let descriptor = b.doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "ABCDEF+.VnTime", "Flags" => 32,
    });
    let tcvn = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+.VnTime",
        "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "LastChar" => 255,
        "Widths" => widths(32, 255), "FontDescriptor" => descriptor,
    });
    let plain = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Times New Roman",
        "FirstChar" => 32, "LastChar" => 126, "Widths" => widths(32, 126),
    });
    let diffs = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Custom-Regular",
        "Encoding" => dictionary! {
            "Type" => "Encoding", "BaseEncoding" => "MacRomanEncoding",
            "Differences" => vec![
                Object::Integer(97), "Adotbelow".into(), "ohorn".into(), "uhorn".into(),
                Object::Integer(200), "dcroat".into(), "notaglyph".into(), "Euro".into(),
            ],
        },
        "FirstChar" => 32, "LastChar" => 255, "Widths" => widths(32, 255),
    });
    let high: Vec<u8> = (32..=255).collect();
    let s = |bytes: &[u8]| Object::String(bytes.to_vec(), StringFormat::Literal);
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["T1".into(), 12.into()]),
        Operation::new("TL", vec![14.into()]),
        Operation::new("Td", vec![40.into(), 800.into()]),
    ];
    for chunk in high.chunks(32) {
        ops.push(Operation::new("Tj", vec![s(chunk)]));
        ops.push(Operation::new("T*", vec![]));
    }
    ops.extend([
        Operation::new("Tf", vec!["T2".into(), 11.into()]),
        Operation::new(
            "TJ",
            vec![Object::Array(vec![
                s(b"Quy"),
                Object::Integer(-250),
                s(b"dinh"),
                Object::Real(-249.5),
                s(b"so 12/QD"),
            ])],
        ),
        Operation::new("Tw", vec![Object::Real(2.5)]),
        Operation::new("T*", vec![]),
        Operation::new("Tj", vec![s(b"word spacing applies to code 32")]),
        Operation::new("Tf", vec!["T3".into(), 10.into()]),
        Operation::new("T*", vec![]),
        Operation::new("Tj", vec![s(b"abc \xc8\xc9\xca\x8a\xa5")]),
        Operation::new("ET", vec![]),
    ]);
    b.page(
        ops,
        dictionary! { "Font" => dictionary! { "T1" => tcvn, "T2" => plain, "T3" => diffs } },
        [0, 0, 595, 842],
    );
    save(b.finish())
}

/// Text around inline images (a small logo drawn with `BI ... ID ... EI`): one whose length
/// follows from its dictionary, one in a colour space lopdf does not size (found by `EI`).
pub fn inline_image_pdf() -> Vec<u8> {
    let mut b = Builder::new();
    let widths: Vec<Object> = (32..=126).map(|_| Object::Integer(500)).collect();
    let font = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial",
        "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "LastChar" => 126, "Widths" => widths,
    });
    let mut content = b"BT /F1 12 Tf 72 760 Td (Quyet dinh so 5/QD-UBND) Tj ET\n".to_vec();
    content.extend_from_slice(b"q 20 0 0 20 72 700 cm BI /W 4 /H 2 /BPC 8 /CS /G ID ");
    content.extend_from_slice(b"\x00EI\xff\x10\x20 )(\x30\x40");
    content.extend_from_slice(
        b"\nEI Q\nq BI /W 2 /H 2 /BPC 8 /CS /Indexed ID \x01\x02\x03\x04 EI Q\n",
    );
    content.extend_from_slice(b"BT /F1 12 Tf 72 680 Td (Noi nhan) Tj ET\n");
    b.raw_page(
        content,
        dictionary! { "Font" => dictionary! { "F1" => font } },
        [0, 0, 595, 842],
    );
    save(b.finish())
}

/// A text PDF whose cross-reference table points at the wrong offsets.
pub fn broken_xref_pdf() -> Vec<u8> {
    let mut v = text_pdf(&["Ke hoach so 7/KH-UBND"]);
    // Shift every 10-digit offset in the xref table by rewriting its first digits.
    if let Some(pos) = find(&v, b"\nxref") {
        let mut i = pos;
        while i + 20 <= v.len() {
            if v[i..i + 10].iter().all(u8::is_ascii_digit) && v[i + 10] == b' ' {
                v[i] = b'9';
                v[i + 1] = b'9';
                i += 20;
            } else {
                i += 1;
            }
        }
    }
    v
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

/// Concatenate PDFs, each repeated `copies` times, into one document (for benchmarks).
/// Inherited page attributes are copied onto every page so each page stands alone.
pub fn concat(files: &[Vec<u8>], copies: usize) -> Result<Vec<u8>, String> {
    let mut out = Document::with_version("1.5");
    let pages_id = out.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for bytes in files {
        let mut d = Document::load_mem(bytes).map_err(|e| e.to_string())?;
        d.renumber_objects_with(out.max_id + 1);
        let page_ids: Vec<ObjectId> = d.get_pages().values().copied().collect();
        let mut page_dicts = Vec::new();
        for pid in &page_ids {
            let mut dict = d.get_dictionary(*pid).map_err(|e| e.to_string())?.clone();
            for key in [&b"Resources"[..], b"MediaBox", b"CropBox", b"Rotate"] {
                if dict.get(key).is_err() {
                    if let Some(v) = inherited(&d, *pid, key) {
                        dict.set(key.to_vec(), v);
                    }
                }
            }
            dict.set("Parent", pages_id);
            page_dicts.push(dict);
        }
        out.max_id = out.max_id.max(d.max_id);
        out.objects.extend(d.objects);
        for _ in 0..copies {
            for dict in &page_dicts {
                let id = out.add_object(dict.clone());
                kids.push(id.into());
            }
        }
    }
    let count = kids.len() as i64;
    out.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = out.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    out.trailer.set("Root", catalog);
    let mut v = Vec::new();
    out.save_to(&mut v).map_err(|e| e.to_string())?;
    Ok(v)
}

fn inherited(d: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut cur = d.get_dictionary(page).ok()?;
    for _ in 0..64 {
        let parent = cur.get(b"Parent").ok()?.as_reference().ok()?;
        cur = d.get_dictionary(parent).ok()?;
        if let Ok(v) = cur.get(key) {
            return Some(v.clone());
        }
    }
    None
}
