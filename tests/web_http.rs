//! HTTP tests of `vanban serve` (issue 14): every route on the bundled corpus plus a hostile
//! document, the escaping, the file-serving rules, limits, the command's first line and
//! loopback default, new commits showing up, and random query strings (never a 5xx).

mod web_support;

use proptest::prelude::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use web_support::*;

fn vanban_json(args: &[&str], index: &std::path::Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .arg("--index")
        .arg(index)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn number_search_lists_the_reports_with_citing_sentences() {
    let (_, a) = shared();
    let r = get(*a, "/search?q=184+kh+ubnd");
    assert_eq!(r.status, 200);
    let html = r.text();
    // The five reports (each one hit for its text and PDF twins) and the hostile one cite
    // 184/KH-UBND.
    let ids = doc_ids(&html);
    assert!(ids.len() >= 6, "{} documents: {html}", ids.len());
    assert!(html.contains("<mark>"), "citing sentences highlighted");
    assert!(html.contains("Kết quả cho"));
    assert!(html.contains("Loại văn bản"), "facets shown");
    // Without diacritics and in another spelling: the same documents.
    let r2 = get(*a, "/search?q=184%2FKH-UBND");
    assert_eq!(doc_ids(&r2.text()).len(), ids.len());
}

#[test]
fn word_search_with_and_without_diacritics() {
    let (_, a) = shared();
    let with = get(*a, "/search?q=c%E1%BA%A3i+c%C3%A1ch+h%C3%A0nh+ch%C3%ADnh").text();
    let without = get(*a, "/search?q=cai+cach+hanh+chinh").text();
    let (i1, i2) = (doc_ids(&with), doc_ids(&without));
    assert!(!i1.is_empty());
    let mut s1 = i1.clone();
    let mut s2 = i2.clone();
    s1.sort();
    s2.sort();
    assert_eq!(s1, s2);
}

#[test]
fn facets_narrow_the_results() {
    let (_, a) = shared();
    let all = doc_ids(&get(*a, "/search").text()).len();
    let html = get(*a, "/search").text();
    // Follow the first facet link of the year facet.
    let i = html
        .find("href=\"/search?q=&amp;year=")
        .or_else(|| html.find("href=\"/search?year="));
    let i = i.expect("a year facet link");
    let rest = &html[i + 6..];
    let link = rest[..rest.find('"').unwrap()].replace("&amp;", "&");
    let narrowed = get(*a, &link).text();
    let n = doc_ids(&narrowed).len();
    assert!(n > 0 && n < all, "year facet: {n} of {all}");
    assert!(narrowed.contains("Đang lọc"));
}

#[test]
fn status_facet_counts_and_filters_by_validity() {
    let (_, a) = shared();
    let html = get(*a, "/search").text();
    let all = doc_ids(&html).len();
    let links = facet_links(&html, "Tình trạng hiệu lực");
    let labels: Vec<&str> = links.iter().map(|l| l.1.as_str()).collect();
    // The repealed plan is out of force; everything else here is in force.
    assert!(labels.contains(&"Còn hiệu lực"), "{links:?}");
    assert!(labels.contains(&"Hết hiệu lực toàn bộ"), "{links:?}");
    assert_eq!(links.iter().map(|l| l.2).sum::<usize>(), all, "{links:?}");
    for (href, label, n) in &links {
        assert!(href.contains("status="), "{href}");
        let page = get(*a, href).text();
        assert_eq!(doc_ids(&page).len(), *n, "{label}: {href}");
        assert!(page.contains("Đang lọc"), "{label}: the filter is shown");
    }
    let expired = links
        .iter()
        .find(|l| l.1 == "Hết hiệu lực toàn bộ")
        .unwrap();
    let page = get(*a, &expired.0).text();
    assert!(page.contains("12/KH-UBND"), "the repealed plan: {page}");
    assert!(!page.contains("45/QĐ-UBND"), "the decision is in force");
    assert!(page.contains("badge off"));
    // With a query: the filter narrows its hits, the counts are of its hits.
    let q = get(*a, "/search?q=12%2FKH-UBND&status=expired").text();
    assert_eq!(
        doc_ids(&q).len(),
        1,
        "the plan, not its repealing decision: {q}"
    );
    assert!(!q.contains("45/QĐ-UBND"));
    let none = get(*a, "/search?q=184+kh+ubnd&status=expired").text();
    assert!(
        doc_ids(&none).is_empty(),
        "no report citing 184 is repealed"
    );
}

#[test]
fn document_page_links_references_and_shows_metadata_and_luoc_do() {
    let (_, a) = shared();
    let html = get(*a, "/search?q=184+kh+ubnd").text();
    let link = first_doc_link(&html).unwrap();
    let d = get(*a, &link);
    assert_eq!(d.status, 200);
    let t = d.text();
    for label in [
        "Số ký hiệu",
        "Loại văn bản",
        "Cơ quan ban hành",
        "Ngày ban hành",
        "Ngày có hiệu lực",
        "Người ký",
        "Tình trạng hiệu lực",
        "Lược đồ",
        "Toàn văn",
        "Tệp gốc",
    ] {
        assert!(t.contains(label), "{label} missing");
    }
    assert!(
        t.contains("class=\"ref\" href=\"/key/184/KH-UBND\""),
        "reference linked"
    );
    assert!(t.contains("Văn bản được dẫn chiếu"), "outgoing group label");
    // The key page lists the citers with how and where.
    let k = get(*a, "/key/184/KH-UBND");
    assert_eq!(k.status, 200);
    let kt = k.text();
    assert!(kt.contains("Được dẫn chiếu bởi"));
    assert!(doc_ids(&kt).len() >= 5, "{kt}");
    assert_eq!(get(*a, "/key/999999/XX-YYY").status, 404);
}

#[test]
fn trace_and_metrics_draw_svg() {
    let (_, a) = shared();
    let html = get(*a, "/search?q=184+kh+ubnd").text();
    let id = doc_ids(&html).remove(0);
    let t = get(*a, &format!("/trace/{id}"));
    assert_eq!(t.status, 200);
    let tt = t.text();
    assert!(
        tt.contains("<svg") && tt.matches("<rect").count() >= 2,
        "{tt}"
    );
    assert!(tt.contains("href=\"/key/184/KH-UBND\""), "nodes clickable");
    assert_eq!(
        get(*a, &format!("/trace/{id}?dir=up&depth=1&rel=based_on")).status,
        200
    );
    assert_eq!(get(*a, &format!("/trace/{id}?rel=nonsense")).status, 400);
    assert_eq!(get(*a, &format!("/trace/{id}?depth=99")).status, 400);
    let m = get(*a, "/metrics?index=PAR+INDEX");
    assert_eq!(m.status, 200);
    let mt = m.text();
    assert!(mt.contains("<svg") && mt.contains("<circle"), "trend drawn");
    let csv = get(*a, "/metrics.csv?index=PAR+INDEX");
    assert_eq!(csv.status, 200);
    assert!(csv.text().starts_with("document,period,year,kind,value"));
    assert!(csv.text().lines().count() > 1);
}

#[test]
fn api_answers_the_cli_json() {
    let (f, a) = shared();
    let api: serde_json::Value =
        serde_json::from_slice(&get(*a, "/api/search?q=184+kh+ubnd").body).unwrap();
    // The same JSON, validity from the status table beside the index included.
    let cli = vanban_json(&["search", "--json", "184 kh ubnd"], &f.index);
    assert_eq!(api, cli);
    let hits = api.as_array().unwrap();
    assert!(hits.len() >= 5, "{api:#}");
    assert!(
        hits.iter().all(|h| h["status"].is_string()),
        "every hit of an ingested file has a status: {api:#}"
    );
    let api_page: serde_json::Value =
        serde_json::from_slice(&get(*a, "/api/search?q=ke+hoach&limit=3&page=2&in_force=1").body)
            .unwrap();
    let cli_page = vanban_json(
        &[
            "search",
            "--json",
            "--limit",
            "3",
            "--page",
            "2",
            "--in-force",
            "ke hoach",
        ],
        &f.index,
    );
    assert_eq!(api_page, cli_page);
    let html = get(*a, "/search?q=184+kh+ubnd").text();
    let id = doc_ids(&html).remove(0);
    let doc: serde_json::Value =
        serde_json::from_slice(&get(*a, &format!("/api/doc/{id}")).body).unwrap();
    let path = doc[0]["record"]["source"].as_str().unwrap().to_string();
    assert!(doc[0]["status"].is_string(), "{:#}", doc[0]["status"]);
    assert_eq!(doc, vanban_json(&["show", "--json", &path], &f.index));
    let tr: serde_json::Value =
        serde_json::from_slice(&get(*a, &format!("/api/trace/{id}?rel=cites")).body).unwrap();
    assert_eq!(
        tr,
        vanban_json(&["trace", "--json", "--rel", "cites", &path], &f.index)
    );
    let m: serde_json::Value =
        serde_json::from_slice(&get(*a, "/api/metrics?index=PAR+INDEX").body).unwrap();
    assert!(m.as_array().is_some_and(|v| !v.is_empty()));
    let bad = get(*a, "/api/search");
    assert_eq!(bad.status, 400);
    assert_eq!(bad.header("content-type"), Some("application/json"));
}

#[test]
fn hostile_document_and_file_name_render_as_text() {
    let (_, a) = shared();
    let html = get(*a, "/search?q=999%2FBC-UBND").text();
    let id = doc_ids(&html)
        .into_iter()
        .next()
        .expect("hostile doc found");
    let s = get(*a, "/search?q=alert+xss").text();
    for page in [s, get(*a, &format!("/doc/{id}")).text(), html] {
        assert!(!page.contains("<script"), "raw script tag in {page}");
        assert!(!page.contains("<img src=x"), "raw img tag");
        assert!(!page.contains("<b onmouseover"), "raw b tag");
    }
    let d = get(*a, &format!("/doc/{id}")).text();
    assert!(d.contains("&lt;script&gt;"), "script shown as text");
    assert!(
        d.contains("&lt;img src=x onerror=alert(1)&gt;.txt"),
        "file name as text"
    );
}

#[test]
fn security_headers_on_every_page() {
    let (_, a) = shared();
    for target in ["/", "/search?q=x", "/metrics", "/nope", "/static/app.css"] {
        let r = get(*a, target);
        let csp = r.header("content-security-policy").expect("CSP");
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("script-src"),
            "{csp}"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    let home = get(*a, "/").text();
    assert!(!home.contains("<script"), "no script at all");
    assert!(
        !home.contains("http://") && !home.contains("https://"),
        "nothing from elsewhere"
    );
}

#[test]
fn files_only_by_document_id() {
    let (f, a) = shared();
    let html = get(*a, "/search?q=184+kh+ubnd").text();
    let id = doc_ids(&html).remove(0);
    let ok = get(*a, &format!("/file/{id}"));
    assert_eq!(ok.status, 200);
    assert!(ok.text().contains("184/KH-UBND"));
    let secret = f.secret.display().to_string();
    for target in [
        "/file/../../../../etc/passwd".to_string(),
        "/file/%2e%2e%2f%2e%2e%2fetc%2fpasswd".to_string(),
        "/file/..%2F..%2Fetc%2Fpasswd".to_string(),
        format!("/file/{secret}"),
        format!("/file/{}", secret.replace('/', "%2F")),
        "/file/".to_string(),
        "/file/0000000000000000".to_string(),
        "/doc/%2e%2e".to_string(),
        "/static/../Cargo.toml".to_string(),
        "/static/%2e%2e/Cargo.toml".to_string(),
    ] {
        let r = get(*a, &target);
        assert_eq!(r.status, 404, "{target}: {}", r.status);
        assert!(!r.text().contains("SECRET-OUTSIDE") && !r.text().contains("root:"));
    }
}

#[test]
fn limits_and_methods() {
    let (_, a) = shared();
    let long = format!("/search?q={}", "a".repeat(600));
    assert_eq!(get(*a, &long).status, 400);
    let huge = format!("/search?q={}", "a".repeat(5000));
    assert_eq!(get(*a, &huge).status, 414);
    assert_eq!(
        request(*a, "POST", "/search", "Content-Length: 3\r\n\r\nabc").status,
        405
    );
    let big = format!("X-Big: {}\r\n", "b".repeat(20_000));
    let r = request(*a, "GET", "/", &big);
    assert!((400..500).contains(&r.status), "{}", r.status);
    assert_eq!(get(*a, "/search?page=0").status, 400);
    assert_eq!(get(*a, "/search?page=abc").status, 400);
}

/// `vanban serve` ingests its paths, prints the address first, warns off loopback, and shows
/// a new commit within seconds.
#[test]
fn serve_command_ingests_prints_address_and_reloads() {
    let base = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let corpus = base.join("c");
    std::fs::create_dir_all(&corpus).unwrap();
    let src = root().join("corpus/000_61f57aceba404d6a.txt");
    std::fs::copy(&src, corpus.join("a.txt")).unwrap();
    let index = base.join("i");
    let help = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("[default: 127.0.0.1:8080]"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["serve", "--addr", "127.0.0.1:0", "--index"])
        .arg(&index)
        .arg(&corpus)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let result = std::panic::catch_unwind(|| {
        let addr: std::net::SocketAddr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("first line: {line:?}"))
            .parse()
            .unwrap();
        assert!(addr.ip().is_loopback() && addr.port() != 0);
        assert_eq!(doc_ids(&get(addr, "/search").text()).len(), 1);
        // A second file ingested while serving shows within a few seconds.
        std::fs::copy(
            root().join("corpus/001_8c2eff2bf2f29df4.txt"),
            corpus.join("b.txt"),
        )
        .unwrap();
        let st = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["ingest", "--index"])
            .arg(&index)
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(st.status.success());
        let t = Instant::now();
        while doc_ids(&get(addr, "/search").text()).len() < 2 {
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "new commit not shown"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "no warning on loopback"
    );
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
    // Any other address is served only with a warning.
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["serve", "--addr", "0.0.0.0:0", "--index"])
        .arg(&index)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    assert!(line.starts_with("listening on http://0.0.0.0:"), "{line}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning"));
}

/// A file replaced by a symlink out of the corpus after ingest is not served.
#[test]
fn symlinked_file_is_not_served() {
    let f = fixture(&format!("web-link-{}", std::process::id()));
    let a = start(&f.index);
    let html = get(a, "/search?q=999%2FBC-UBND").text();
    let id = doc_ids(&html).remove(0);
    assert_eq!(get(a, &format!("/file/{id}")).status, 200);
    let victim = f.corpus.join(HOSTILE_NAME);
    std::fs::remove_file(&victim).unwrap();
    std::os::unix::fs::symlink(&f.secret, &victim).unwrap();
    let r = get(a, &format!("/file/{id}"));
    assert_eq!(r.status, 404);
    assert!(!r.text().contains("SECRET-OUTSIDE"));
}

fn target_strategy() -> impl Strategy<Value = String> {
    let routes = prop_oneof![
        Just("/"),
        Just("/search"),
        Just("/doc/"),
        Just("/file/"),
        Just("/key/"),
        Just("/trace/"),
        Just("/metrics"),
        Just("/metrics.csv"),
        Just("/api/search"),
        Just("/api/doc/"),
        Just("/api/trace/"),
        Just("/api/metrics"),
    ];
    let names = prop_oneof![
        Just("q"),
        Just("page"),
        Just("kind"),
        Just("issuer"),
        Just("year"),
        Just("status"),
        Just("dir"),
        Just("depth"),
        Just("rel"),
        Just("index"),
        Just("indicator"),
        Just("limit"),
        Just("from"),
        Just("to"),
    ];
    let value = "[ -~\u{e0}-\u{1ef9}%]{0,80}";
    (
        routes,
        "[a-zA-Z0-9%./\u{e0}-\u{1ef9}-]{0,30}",
        proptest::collection::vec((names, value), 0..5),
    )
        .prop_map(|(route, seg, params)| {
            let mut t = route.to_string();
            if route.ends_with('/') {
                t.push_str(&seg);
            }
            if !params.is_empty() {
                let q: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                t.push('?');
                t.push_str(&q.join("&"));
            }
            // A request line carries no spaces and only ASCII: encode the rest.
            let mut out = String::new();
            for c in t.chars() {
                if c.is_ascii_graphic() {
                    out.push(c);
                } else {
                    let mut b = [0u8; 4];
                    for byte in c.encode_utf8(&mut b).bytes() {
                        out.push_str(&format!("%{byte:02X}"));
                    }
                }
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Random targets: always an answer, never a server error.
    #[test]
    fn random_query_strings_never_5xx(target in target_strategy()) {
        let (_, a) = shared();
        let r = get(*a, &target);
        prop_assert!(r.status >= 200 && r.status < 500, "{} -> {}", target, r.status);
    }
}
