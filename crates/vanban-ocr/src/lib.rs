//! Text of scanned pages (issue 15): page images rendered by poppler's `pdftoppm`, read by the
//! `tesseract` program with its Vietnamese model, cached by the image's content hash.
//!
//! Why the `tesseract` program and not a binding crate: the bindings need libtesseract's and
//! leptonica's C++ headers and clang at build time (a build that breaks on every machine
//! without them), while the program is one Debian package; and a child process is isolated
//! for free: the engine crashing, hanging or running out of memory on a hostile image costs
//! one page under [`run::Limits`], never the batch. Starting the program costs about 0.1 s of
//! a 5-9 s page, so the engine's own speed is kept.

pub mod run;

use run::{Limits, RunError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The Debian packages OCR needs, named in warnings when a program is missing.
pub const PACKAGES: &str = "tesseract-ocr and tesseract-ocr-vie";

/// Largest page image read, in pixels: a 10,000 x 10,000 px page is refused before the
/// engine sees it (A4 at 600 dpi is about 35 megapixels).
pub const MAX_PIXELS: u64 = 60_000_000;

/// The engine settings a cached page was read with: a change of settings reads pages again.
const SETTINGS: &str = "v2";

/// How to run OCR.
#[derive(Clone, Debug)]
pub struct OcrOptions {
    /// The Tesseract program.
    pub tesseract: PathBuf,
    /// The page renderer (poppler's `pdftoppm`).
    pub pdftoppm: PathBuf,
    /// The page image lister (poppler's `pdfimages`), for the resolution of a scan.
    pub pdfimages: PathBuf,
    /// Tesseract language(s), `vie` by default.
    pub lang: String,
    /// Resolution pages are rendered at when the page has no image of its own (a page drawn
    /// as vector outlines); a scanned page is rendered at its image's resolution instead.
    pub dpi: u32,
    /// Limits of each program run.
    pub limits: Limits,
    /// Directory of cached page texts, none for no cache.
    pub cache: Option<PathBuf>,
    /// Directory where a page image is written for the engine to read; none to pipe it
    /// through standard input, which costs Tesseract 0.2-0.6 s more per page (measured on
    /// 300 dpi seed pages of 3-4 s).
    pub scratch: Option<PathBuf>,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions {
            tesseract: PathBuf::from("tesseract"),
            pdftoppm: PathBuf::from("pdftoppm"),
            pdfimages: PathBuf::from("pdfimages"),
            lang: "vie".into(),
            dpi: 300,
            limits: Limits {
                timeout: Duration::from_secs(120),
                memory_bytes: 2 << 30,
            },
            cache: None,
            scratch: None,
        }
    }
}

/// The text of one page image.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct OcrPage {
    /// Text, one line per line read, a blank line between paragraphs.
    pub text: String,
    /// Mean word confidence (0-100), 0 when no word was read.
    pub confidence: f32,
    /// Read from the cache (not serialised into the cache itself).
    #[serde(skip)]
    pub cached: bool,
}

/// Why a page gave no text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OcrError {
    /// A program OCR needs is not installed.
    #[error("OCR needs {program}: install the Debian packages {packages}")]
    Missing {
        /// The missing program or model.
        program: String,
        /// What to install.
        packages: String,
    },
    /// The image cannot be read or is too large.
    #[error("page image: {0}")]
    Image(String),
    /// A program failed or timed out.
    #[error("{0}")]
    Run(String),
}

impl OcrError {
    /// Is this "OCR is not installed" (one warning per file, not per page)?
    pub fn is_missing(&self) -> bool {
        matches!(self, OcrError::Missing { .. })
    }
}

fn run_error(e: RunError, packages: &str) -> OcrError {
    match e {
        RunError::Missing(p) => OcrError::Missing {
            program: p,
            packages: packages.into(),
        },
        e => OcrError::Run(e.to_string()),
    }
}

/// The resolution a page is best rendered at for OCR: its largest image's own resolution
/// (from `pdfimages -list`), so that the scan's pixels reach the engine as they are.
/// Re-rendering a 200 dpi scan at 300 dpi resamples it by 1.5 and the interpolation blurs
/// strokes that tell `Đ` from `D` or `/` from `l` (measured: 45 false and 49 missed
/// references on 47 pages at 200 dpi, against 2 and 3 at the native resolution). Even a
/// 150 dpi photocopy reads better as it is than doubled (30 well-formed symbols on its first
/// seed against 18). Only a scan coarser than 100 dpi is scaled, by a whole factor, to at
/// least 150 dpi. `opts.dpi` when the page has no image or the lister is missing or fails.
pub fn render_dpi(path: &Path, page: u32, opts: &OcrOptions) -> u32 {
    let n = page.to_string();
    let listed = run::run(
        &opts.pdfimages,
        &[
            "-list".as_ref(),
            "-f".as_ref(),
            n.as_ref(),
            "-l".as_ref(),
            n.as_ref(),
            path.as_os_str(),
        ],
        &[],
        b"",
        opts.limits,
    );
    let Ok(listed) = listed else {
        return opts.dpi;
    };
    native_dpi(&String::from_utf8_lossy(&listed)).map_or(opts.dpi, upscale_dpi)
}

/// The largest horizontal resolution of the images in a `pdfimages -list` table (its 13th
/// column, `x-ppi`), ignoring masks and images too small to be a page (a logo, a stamp).
fn native_dpi(list: &str) -> Option<u32> {
    list.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let (kind, w, h) = (f.get(2)?, f.get(3)?.parse::<u32>().ok()?, f.get(4)?);
            let h = h.parse::<u32>().ok()?;
            let ppi = f.get(12)?.parse::<u32>().ok()?;
            (*kind == "image" && w.max(h) >= 500 && (50..=1200).contains(&ppi)).then_some(ppi)
        })
        .max()
}

/// The native resolution (at most 600 dpi); below 100 dpi, times the whole factor that
/// reaches 150 dpi.
fn upscale_dpi(native: u32) -> u32 {
    if native >= 100 {
        return native.min(600);
    }
    native * 150_u32.div_ceil(native.max(1))
}

/// Render page `page` (1-based) of a PDF to a gray PGM image at `dpi` (see [`render_dpi`]).
pub fn render_pdf_page(
    path: &Path,
    page: u32,
    dpi: u32,
    opts: &OcrOptions,
) -> Result<Vec<u8>, OcrError> {
    let dpi = dpi.to_string();
    let n = page.to_string();
    // Without an output root pdftoppm writes the one page to standard output.
    let out = run::run(
        &opts.pdftoppm,
        &[
            "-r".as_ref(),
            dpi.as_ref(),
            "-gray".as_ref(),
            "-f".as_ref(),
            n.as_ref(),
            "-l".as_ref(),
            n.as_ref(),
            path.as_os_str(),
        ],
        &[],
        b"",
        opts.limits,
    )
    .map_err(|e| run_error(e, "poppler-utils"))?;
    if out.is_empty() {
        return Err(OcrError::Image(format!(
            "pdftoppm rendered nothing for page {page}"
        )));
    }
    Ok(out)
}

/// Width and height of a PNG, JPEG or PNM image from its header, when it is one of those.
pub fn dimensions(b: &[u8]) -> Option<(u64, u64)> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.len() >= 24 {
        let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
        return Some((w.into(), h.into()));
    }
    if b.len() > 2 && b[0] == b'P' && matches!(b[1], b'4' | b'5' | b'6') {
        // The header is ASCII up to the pixel data: take its first two numbers.
        let head: String = b[2..b.len().min(64)]
            .iter()
            .take_while(|c| c.is_ascii())
            .map(|&c| c as char)
            .collect();
        let mut nums = head
            .split_ascii_whitespace()
            .filter(|t| !t.starts_with('#'))
            .map_while(|t| t.parse::<u64>().ok());
        return Some((nums.next()?, nums.next()?));
    }
    if b.starts_with(&[0xFF, 0xD8]) {
        // Walk the JPEG segments to the first start-of-frame marker.
        let mut i = 2;
        while i + 9 < b.len() {
            if b[i] != 0xFF {
                return None;
            }
            let m = b[i + 1];
            let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
            if matches!(m, 0xC0..=0xCF) && !matches!(m, 0xC4 | 0xC8 | 0xCC) {
                let h = u16::from_be_bytes([b[i + 5], b[i + 6]]);
                let w = u16::from_be_bytes([b[i + 7], b[i + 8]]);
                return Some((w.into(), h.into()));
            }
            i += 2 + len;
        }
    }
    None
}

/// The cache file of an image under these options (content hash, language, the resolution
/// told to the engine, and the version of the engine settings).
fn cache_path(dir: &Path, image: &[u8], dpi: Option<u32>, opts: &OcrOptions) -> PathBuf {
    let mut h = blake3::Hasher::new();
    h.update(image);
    h.update(b"\0");
    h.update(opts.lang.as_bytes());
    h.update(format!("\0{dpi:?}\0{SETTINGS}").as_bytes());
    let hex = h.finalize().to_hex();
    dir.join(&hex[..2]).join(format!("{}.json", &hex[2..]))
}

/// Read the text of a page image (any format Tesseract reads: PNG, JPEG, TIFF, PNM), from the
/// cache when this image was read before. `dpi` tells the engine the resolution when known.
pub fn ocr_image(image: &[u8], dpi: Option<u32>, opts: &OcrOptions) -> Result<OcrPage, OcrError> {
    if image.is_empty() {
        return Err(OcrError::Image("empty image".into()));
    }
    if let Some((w, h)) = dimensions(image) {
        if w == 0 || h == 0 {
            return Err(OcrError::Image(format!("{w} x {h} px image")));
        }
        if w.saturating_mul(h) > MAX_PIXELS {
            return Err(OcrError::Image(format!(
                "{w} x {h} px is over the {} megapixel limit for one page",
                MAX_PIXELS / 1_000_000
            )));
        }
    }
    let cached = opts.cache.as_ref().map(|d| cache_path(d, image, dpi, opts));
    if let Some(p) = &cached {
        if let Some(page) = std::fs::read(p)
            .ok()
            .and_then(|b| serde_json::from_slice::<OcrPage>(&b).ok())
        {
            return Ok(OcrPage {
                cached: true,
                ..page
            });
        }
    }
    let dpi_s = dpi.map(|d| d.to_string());
    let file = opts
        .scratch
        .as_deref()
        .and_then(|d| Scratch::write(d, image));
    let (source, input): (&std::ffi::OsStr, &[u8]) = match &file {
        Some(f) => (f.0.as_os_str(), b""),
        None => ("stdin".as_ref(), image),
    };
    let mut args: Vec<&std::ffi::OsStr> =
        vec![source, "stdout".as_ref(), "-l".as_ref(), opts.lang.as_ref()];
    if let Some(d) = &dpi_s {
        args.push("--dpi".as_ref());
        args.push(d.as_ref());
    }
    args.push("tsv".as_ref());
    // One engine thread per process: pages run in parallel instead, which is faster than
    // Tesseract's own threads on these machines and keeps `--jobs` meaning what it says.
    let out = run::run(
        &opts.tesseract,
        &args,
        &[("OMP_THREAD_LIMIT", "1")],
        input,
        opts.limits,
    )
    .map_err(|e| match e {
        RunError::Failed { message, .. } if message.contains("loading language") => {
            OcrError::Missing {
                program: format!("the Tesseract model '{}'", opts.lang),
                packages: PACKAGES.into(),
            }
        }
        RunError::Failed { message, .. }
            if message.contains("Error in pix") || message.contains("image file") =>
        {
            OcrError::Image(format!("Tesseract cannot read it ({message})"))
        }
        e => run_error(e, PACKAGES),
    })?;
    let page = parse_tsv(&String::from_utf8_lossy(&out));
    if let Some(p) = cached {
        store(&p, &page);
    }
    Ok(page)
}

/// A page image written for the engine, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    /// Write `image` to a new file in `dir`; none when it cannot be written (the image is
    /// then piped instead).
    fn write(dir: &Path, image: &[u8]) -> Option<Scratch> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!("vanban-ocr-{}-{n}.img", std::process::id()));
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        // The page of an internal document: readable by its owner only.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let mut f = o.open(&path).ok()?;
        let file = Scratch(path);
        std::io::Write::write_all(&mut f, image).ok()?;
        Some(file)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Write a cache entry atomically (a temporary file renamed), ignoring failures: a cache that
/// cannot be written only costs time.
fn store(path: &Path, page: &OcrPage) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(json) = serde_json::to_vec(page) else {
        return;
    };
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, json).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Text and mean confidence from Tesseract's TSV output: words joined by spaces, a line break
/// at each new line, a blank line at each new paragraph or block.
pub fn parse_tsv(tsv: &str) -> OcrPage {
    let mut text = String::new();
    let (mut sum, mut n) = (0f64, 0usize);
    let mut last: Option<(&str, &str, &str, &str)> = None;
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let word = f[11].trim();
        if word.is_empty() {
            continue;
        }
        let here = (f[1], f[2], f[3], f[4]);
        match last {
            Some(l) if l == here => text.push(' '),
            Some(l) if (l.0, l.1, l.2) == (here.0, here.1, here.2) => text.push('\n'),
            Some(_) => text.push_str("\n\n"),
            None => {}
        }
        last = Some(here);
        text.push_str(word);
        if let Ok(c) = f[10].parse::<f64>() {
            if c >= 0.0 {
                sum += c;
                n += 1;
            }
        }
    }
    if !text.is_empty() {
        text.push('\n');
    }
    OcrPage {
        text,
        confidence: if n == 0 { 0.0 } else { (sum / n as f64) as f32 },
        cached: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_is_rendered_at_its_own_resolution() {
        let list = "page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio\n\
--------------------------------------------------------------------------------------------\n\
   1     0 image    1654  2339  gray    1   8  image  no         2  0   200   200 2478K  66%\n\
   1     1 smask    1654  2339  gray    1   8  image  no         3  0   200   200  10K   1%\n\
   1     2 image     120   120  rgb     3   8  jpeg   no         4  0   600   600  10K   1%\n";
        // The page image counts; its mask and a small stamp do not.
        assert_eq!(native_dpi(list), Some(200));
        assert_eq!(native_dpi("page num type\n---\n"), None);
        assert_eq!(upscale_dpi(200), 200);
        assert_eq!(upscale_dpi(300), 300);
        assert_eq!(upscale_dpi(1200), 600);
        assert_eq!(upscale_dpi(150), 150);
        assert_eq!(upscale_dpi(100), 100);
        // Coarser scans: a whole factor to 150 dpi or more.
        assert_eq!(upscale_dpi(72), 216);
        assert_eq!(upscale_dpi(75), 150);
    }

    #[test]
    fn tsv_lines_paragraphs_and_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            4\t1\t1\t1\t1\t0\t0\t0\t1\t1\t-1\t\n\
            5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tQuyết\n\
            5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\tđịnh\n\
            5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t70\tsố\n\
            5\t1\t1\t2\t1\t1\t0\t0\t1\t1\t60\t12/QĐ-UBND\n";
        let p = parse_tsv(tsv);
        assert_eq!(p.text, "Quyết định\nsố\n\n12/QĐ-UBND\n");
        assert!((p.confidence - 75.0).abs() < 1e-4, "{}", p.confidence);
        assert_eq!(parse_tsv("").confidence, 0.0);
    }

    #[test]
    fn image_headers_give_sizes_and_huge_images_are_refused() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&10_000u32.to_be_bytes());
        png.extend_from_slice(&10_000u32.to_be_bytes());
        assert_eq!(dimensions(&png), Some((10_000, 10_000)));
        assert_eq!(dimensions(b"P5\n827 1170\n255\n\xff"), Some((827, 1170)));
        let e = ocr_image(&png, None, &OcrOptions::default()).unwrap_err();
        assert!(
            matches!(&e, OcrError::Image(m) if m.contains("megapixel")),
            "{e}"
        );
        assert!(ocr_image(b"", None, &OcrOptions::default()).is_err());
    }

    #[test]
    fn a_missing_engine_names_the_packages() {
        let opts = OcrOptions {
            tesseract: PathBuf::from("/nonexistent/tesseract"),
            ..OcrOptions::default()
        };
        let e = ocr_image(b"P5\n2 2\n255\n\0\0\0\0", None, &opts).unwrap_err();
        assert!(e.is_missing(), "{e}");
        assert!(e.to_string().contains("tesseract-ocr-vie"), "{e}");
    }

    /// A blank 200 x 100 px gray page (PGM).
    fn blank_page() -> Vec<u8> {
        let mut img = b"P5\n200 100\n255\n".to_vec();
        img.extend(std::iter::repeat_n(255u8, 200 * 100));
        img
    }

    #[test]
    fn a_page_image_given_as_a_file_is_read_and_removed() {
        let scratch = tempfile::tempdir().unwrap();
        let opts = OcrOptions {
            scratch: Some(scratch.path().to_path_buf()),
            ..OcrOptions::default()
        };
        let img = blank_page();
        let page = ocr_image(&img, Some(300), &opts).expect("tesseract reads the file");
        assert!(page.text.trim().is_empty(), "{:?}", page.text);
        // A file Tesseract cannot read is its error, as from a pipe.
        assert!(ocr_image(b"not an image at all", None, &opts).is_err());
        let left: Vec<_> = std::fs::read_dir(scratch.path()).unwrap().collect();
        assert!(left.is_empty(), "scratch files left: {left:?}");
    }

    #[test]
    fn reads_a_rendered_page_and_caches_it() {
        // A page image made by the engine's own renderer is not at hand; a PGM of a rendered
        // text PDF is built by the pipeline tests. Here: a blank page reads as no text, and
        // the second read comes from the cache.
        let dir = tempfile::tempdir().unwrap();
        let opts = OcrOptions {
            cache: Some(dir.path().to_path_buf()),
            ..OcrOptions::default()
        };
        let img = blank_page();
        let a = ocr_image(&img, Some(300), &opts).expect("tesseract runs");
        assert!(!a.cached);
        assert!(a.text.trim().is_empty(), "{:?}", a.text);
        let b = ocr_image(&img, Some(300), &opts).unwrap();
        assert!(b.cached);
        assert_eq!(a.text, b.text);
        let e = ocr_image(b"not an image at all", None, &opts).unwrap_err();
        assert!(!e.is_missing(), "{e}");
    }
}
