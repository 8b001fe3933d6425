//! The fast path must not panic on damaged input: it runs outside pdf-extract's catch-all, and
//! a panic there would only be caught per page, not reported. Real PDFs (the corpus and two
//! court precedents with Type0 and WinAnsi fonts) get their page content and font dictionaries
//! mutated at random, and every page goes through `fast::page_text` directly.

use vanban_pdf::fast::{page_text, FontCache};
use vanban_pdf::lopdf::{Dictionary, Document, Object, Stream};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SNIPPETS: &[&[u8]] = &[
    b" Tj ",
    b" TJ ",
    b" Tf ",
    b" Td ",
    b" TD ",
    b" Tm ",
    b" cm ",
    b" q ",
    b" Q ",
    b" BT ",
    b" ET ",
    b" ' ",
    b" \" ",
    b" Do ",
    b" T* ",
    b"(",
    b")",
    b"[",
    b"]",
    b"<",
    b">",
    b"<<",
    b">>",
    b"/F1",
    b"/",
    b"\\",
    b"%",
    b"\n",
    b"-",
    b".",
    b"1e9",
    b"99999999999",
    b" -0.0 ",
    b" 1 0 0 1 0 0 ",
    b"<FFFE>",
    b"BI",
    b"\0",
    b"[(a)-250(b)]",
    b"\nBI /W 1 /H 1 /BPC 8 /CS /G ID x EI ",
    b"\nBI /W 9999999999 /H 9 /BPC 8 /CS /G ID ",
    b"\nBI /IM true /W -1 /H 2 /BPC 1 ID ",
    b" EI ",
];

fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(4) {
            0 if !data.is_empty() => {
                let i = at.min(data.len() - 1);
                data[i] = rng.next() as u8;
            }
            1 => {
                let s = SNIPPETS[rng.below(SNIPPETS.len())];
                data.splice(at..at, s.iter().copied());
            }
            2 => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
            _ => data.truncate(at),
        }
    }
}

fn odd_object(rng: &mut Rng) -> Object {
    match rng.below(9) {
        0 => Object::Integer(rng.next() as i64),
        1 => Object::Integer(rng.below(70000) as i64 - 10),
        2 => Object::Real(f32::from_bits(rng.next() as u32)),
        3 => Object::Name(b"WinAnsiEncoding".to_vec()),
        4 => Object::Name(b"Identity-H".to_vec()),
        5 => Object::Reference((u32::MAX, 0)),
        6 => Object::Array(
            (0..rng.below(6))
                .map(|i| {
                    if i % 2 == 0 {
                        Object::Integer(rng.below(300) as i64)
                    } else {
                        Object::Name(b"Adotbelow".to_vec())
                    }
                })
                .collect(),
        ),
        7 => Object::Null,
        _ => Object::Dictionary(Dictionary::new()),
    }
}

const FONT_KEYS: &[&[u8]] = &[
    b"Subtype",
    b"BaseFont",
    b"Encoding",
    b"ToUnicode",
    b"FirstChar",
    b"LastChar",
    b"Widths",
    b"MissingWidth",
    b"DescendantFonts",
    b"FontDescriptor",
    b"W",
    b"DW",
    b"Differences",
    b"BaseEncoding",
];

fn mutate_doc(rng: &mut Rng, doc: &mut Document) {
    // Mostly page contents, ToUnicode maps and font dictionaries; sometimes anything.
    let mut ids: Vec<_> = doc
        .get_pages()
        .values()
        .flat_map(|&p| doc.get_page_contents(p))
        .collect();
    for (id, o) in &doc.objects {
        if let Ok(d) = o.as_dict() {
            if d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font") {
                ids.push(*id);
                if let Ok(r) = d.get(b"ToUnicode").and_then(Object::as_reference) {
                    ids.push(r);
                }
            }
        }
    }
    let all: Vec<_> = doc.objects.keys().copied().collect();
    for _ in 0..=rng.below(3) {
        let id = if rng.below(4) == 0 {
            all[rng.below(all.len())]
        } else {
            ids[rng.below(ids.len())]
        };
        match doc.objects.get_mut(&id) {
            Some(Object::Stream(s)) => {
                let mut data = s
                    .decompressed_content()
                    .unwrap_or_else(|_| s.content.clone());
                mutate_bytes(rng, &mut data);
                *s = Stream::new(s.dict.clone(), data);
                s.dict.remove(b"Filter");
            }
            Some(Object::Dictionary(d)) => {
                let key = FONT_KEYS[rng.below(FONT_KEYS.len())];
                d.set(key.to_vec(), odd_object(rng));
            }
            _ => {}
        }
    }
}

#[test]
fn mutated_real_pdfs_do_not_panic_the_fast_path() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    for name in [
        "anle_TAND281187_-AL_so_56_1666843344909.pdf",
        "anle_TAND199120_-50.2021.AL_1640953488998.pdf",
    ] {
        let p = root.join("wild/pdf").join(name);
        if p.exists() {
            files.push(p);
        }
    }
    assert!(!files.is_empty());
    // VANBAN_MUTATIONS=5000 (with --release) for a longer run.
    let rounds: usize = std::env::var("VANBAN_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for path in &files {
        let bytes = std::fs::read(path).expect("read");
        let original = Document::load_mem(&bytes).expect("load");
        for _ in 0..rounds {
            let mut doc = original.clone();
            mutate_doc(&mut rng, &mut doc);
            let mut cache = FontCache::new();
            for (num, id) in doc.get_pages() {
                let _ = page_text(&doc, num, id, &mut cache);
            }
        }
    }
}
