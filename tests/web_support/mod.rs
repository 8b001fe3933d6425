//! Helpers of the web tests: a corpus (the bundled reports plus hostile files) ingested once
//! per test binary, the server run in-process on a free loopback port, and a raw HTTP/1.1
//! client (raw so that `..`, `%2e%2e` and malformed targets reach the server unchanged).
#![allow(dead_code)] // each test binary uses its own subset

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Text of the hostile document: markup that must show as text.
pub const HOSTILE_TEXT: &str = "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\nSố: 999/BC-UBND\n\nBÁO CÁO <script>alert('xss')</script>\nCăn cứ Kế hoạch số 184/KH-UBND ngày 07/12/2021 của UBND tỉnh <b onmouseover=alert(1)>đậm</b>.\n";
/// Name of the hostile file.
pub const HOSTILE_NAME: &str = "<img src=x onerror=alert(1)>.txt";

/// A plan and the decision that repeals it whole: the plan is no longer in force
/// (`docs/spec/validity.md`), so the status facet has two values.
pub const REPEALED_PLAN: (&str, &str) = (
    "kh_12_hoi_nghi.txt",
    "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\nSố: 12/KH-UBND\nHưng Yên, ngày 05 tháng 3 năm 2020\n\nKẾ HOẠCH\nTổ chức hội nghị tổng kết công tác năm 2019\n\nỦy ban nhân dân tỉnh ban hành Kế hoạch tổ chức hội nghị tổng kết công tác năm 2019 như sau.\n",
);
/// The decision repealing [`REPEALED_PLAN`].
pub const REPEALING_DECISION: (&str, &str) = (
    "qd_45_bai_bo.txt",
    "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\nSố: 45/QĐ-UBND\nHưng Yên, ngày 10 tháng 6 năm 2021\n\nQUYẾT ĐỊNH\nVề việc bãi bỏ Kế hoạch số 12/KH-UBND ngày 05/3/2020 của Ủy ban nhân dân tỉnh\n\nĐiều 1. Bãi bỏ Kế hoạch số 12/KH-UBND ngày 05/3/2020 của Ủy ban nhân dân tỉnh Hưng Yên về tổ chức hội nghị tổng kết công tác năm 2019.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n",
);

/// A scratch corpus: the bundled `corpus/*.txt|pdf`, the hostile file, a repealed plan and
/// its repealing decision, a secret outside the corpus and a symlink pointing at it.
pub struct Fixture {
    /// The corpus directory.
    pub corpus: PathBuf,
    /// The index directory.
    pub index: PathBuf,
    /// The file outside the corpus.
    pub secret: PathBuf,
}

/// Build the fixture under `name` in cargo's test scratch directory and ingest it.
pub fn fixture(name: &str) -> Fixture {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&base);
    let corpus = base.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for e in std::fs::read_dir(root().join("corpus")).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() && p.extension().is_some_and(|x| x == "txt" || x == "pdf") {
            std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(corpus.join(HOSTILE_NAME), HOSTILE_TEXT).unwrap();
    for (name, text) in [REPEALED_PLAN, REPEALING_DECISION] {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    let secret = base.join("secret.txt");
    std::fs::write(&secret, "SECRET-OUTSIDE-CORPUS 1/KH-UBND\n").unwrap();
    let index = base.join("index");
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["ingest", "--jobs", "2", "--index"])
        .arg(&index)
        .arg(&corpus)
        .output()
        .expect("run vanban ingest");
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Fixture {
        corpus,
        index,
        secret,
    }
}

/// Start the server on a free loopback port in a background runtime (it lives as long as the
/// test binary); returns its address.
pub fn start(index: &Path) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    let opts = vanban_web::Options::new(index.to_path_buf());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(l.local_addr().unwrap()).unwrap();
            vanban_web::serve(l, opts).await.unwrap();
        });
    });
    rx.recv_timeout(Duration::from_secs(30))
        .expect("server started")
}

/// The shared server of one test binary over the shared fixture.
pub fn shared() -> &'static (Fixture, SocketAddr) {
    static S: OnceLock<(Fixture, SocketAddr)> = OnceLock::new();
    S.get_or_init(|| {
        let f = fixture(&format!("web-{}", std::process::id()));
        let a = start(&f.index);
        (f, a)
    })
}

/// A response.
#[derive(Debug)]
pub struct Resp {
    /// Status code (0 when the connection closed without one).
    pub status: u16,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// Body bytes (de-chunked).
    pub body: Vec<u8>,
}

impl Resp {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Send one raw request (`target` goes on the request line as is).
pub fn request(addr: SocketAddr, method: &str, target: &str, extra: &str) -> Resp {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let req =
        format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{extra}\r\n");
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw)
}

/// GET a target.
pub fn get(addr: SocketAddr, target: &str) -> Resp {
    request(addr, "GET", target, "")
}

fn parse(raw: &[u8]) -> Resp {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Resp {
            status: 0,
            headers: vec![],
            body: raw.to_vec(),
        };
    };
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..i]).trim(), 16).unwrap_or(0);
        if size == 0 || b.len() < i + 2 + size {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + size]);
        b = &b[(i + 4 + size).min(b.len())..];
    }
    out
}

/// The first `/doc/{id}` link in a page.
pub fn first_doc_link(html: &str) -> Option<String> {
    let i = html.find("href=\"/doc/")?;
    let rest = &html[i + 6..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Every `/doc/{id}` id linked from a page.
/// The links and counts of one facet section of a search page (by its heading).
pub fn facet_links(html: &str, heading: &str) -> Vec<(String, String, usize)> {
    let Some(i) = html.find(&format!("<h2>{heading}</h2>")) else {
        return Vec::new();
    };
    let section = &html[i..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    let mut out = Vec::new();
    for li in section.split("<li>").skip(1) {
        let href = li.split("href=\"").nth(1).and_then(|r| r.split('"').next());
        let label = li.split('>').nth(1).and_then(|r| r.split('<').next());
        let count = li
            .split("class=\"count\">")
            .nth(1)
            .and_then(|r| r.split('<').next())
            .and_then(|n| n.trim().parse().ok());
        if let (Some(h), Some(l), Some(n)) = (href, label, count) {
            out.push((h.replace("&amp;", "&"), l.to_string(), n));
        }
    }
    out
}

/// The distinct document ids a page links to, in order.
pub fn doc_ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("href=\"/doc/") {
        rest = &rest[i + 11..];
        if let Some(j) = rest.find('"') {
            let id = rest[..j].to_string();
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}
