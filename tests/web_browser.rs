//! Browser tests of the web page in a real Chromium (Debian `chromium` and `chromium-driver`,
//! installed by scripts/setup.sh), driven over WebDriver: the clerk's path through the bundled
//! corpus. Each step saves a screenshot under target/screenshots/.

mod web_support;

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use web_support::*;

/// chromedriver on a free loopback port, stopped when dropped.
struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn driver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver (run scripts/setup.sh)");
    let t = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver(child, port)
}

fn shots() -> PathBuf {
    let d = root().join("target/screenshots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(shots().join(format!("{name}.png")), png).unwrap();
}

async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.map_or(0, |v| v.len())
}

/// Click the element `what` finds, then wait for the page element `css` and give it.
async fn click_then(
    c: &Client,
    what: Locator<'_>,
    css: &str,
) -> Result<fantoccini::elements::Element, String> {
    c.find(what)
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    c.wait()
        .for_element(Locator::Css(css))
        .await
        .map_err(|e| e.to_string())
}

async fn search(c: &Client, base: &str, q: &str) {
    c.goto(base).await.unwrap();
    let input = c.find(Locator::Css("input[name=q]")).await.unwrap();
    input.send_keys(q).await.unwrap();
    c.find(Locator::Css(".searchbox button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("p.total"))
        .await
        .expect("results page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clerk_path_in_chromium() {
    let (_, addr) = shared();
    let base = format!("http://{addr}/");
    let d = driver();
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", d.1))
        .await
        .expect("WebDriver session");
    let result = scenarios(&c, &base).await;
    let _ = c.close().await;
    drop(d);
    result.unwrap();
}

async fn scenarios(c: &Client, base: &str) -> Result<(), String> {
    // 1. A number in a clerk's spelling: the five reports (and their PDF copies) citing it.
    search(c, base, "184 kh ubnd").await;
    let hits = count(c, "li.hit").await;
    shot(c, "1-search-184-kh-ubnd").await;
    // The five reports, each one hit for its text and PDF twins, and the hostile one.
    if hits < 6 {
        return Err(format!("184 kh ubnd: {hits} hits"));
    }
    let marks = count(c, "li.hit mark").await;
    if marks == 0 {
        return Err("no highlighted citing sentence".into());
    }
    // 2. Open a report.
    click_then(c, Locator::Css("li.hit a.title"), "table.meta").await?;
    let doc_url = c.current_url().await.map_err(|e| e.to_string())?;
    shot(c, "2-document").await;
    let src = c.source().await.map_err(|e| e.to_string())?;
    if !src.contains("Tình trạng hiệu lực") || !src.contains("Lược đồ") {
        return Err("document page lacks metadata or lược đồ".into());
    }
    // 3. Click a reference: the cited document's page with its citers.
    click_then(
        c,
        Locator::Css("a.ref[href='/key/184/KH-UBND']"),
        "table.citers",
    )
    .await?;
    let citers = count(c, "table.citers tbody tr").await;
    shot(c, "3-cited-document-citers").await;
    if citers < 5 {
        return Err(format!("184/KH-UBND: {citers} citers"));
    }
    // 4. The trace of the report.
    c.goto(doc_url.as_str()).await.map_err(|e| e.to_string())?;
    click_then(c, Locator::LinkText("Sơ đồ trích dẫn"), "svg.trace").await?;
    let nodes = count(c, "svg.trace rect").await;
    shot(c, "4-trace").await;
    if nodes < 2 {
        return Err(format!("trace: {nodes} nodes"));
    }
    // 5. The metrics trend.
    c.goto(&format!("{base}metrics"))
        .await
        .map_err(|e| e.to_string())?;
    click_then(c, Locator::LinkText("PAR INDEX"), "svg.chart").await?;
    let points = count(c, "svg.chart circle").await;
    shot(c, "5-metrics-trend").await;
    if points == 0 {
        return Err("PAR INDEX trend has no point".into());
    }
    // 6. Words without diacritics.
    search(c, base, "cai cach hanh chinh").await;
    let plain = count(c, "li.hit").await;
    shot(c, "6-no-diacritics").await;
    if plain == 0 {
        return Err("cai cach hanh chinh: nothing".into());
    }
    // 7. A facet narrows the results.
    c.goto(&format!("{base}search"))
        .await
        .map_err(|e| e.to_string())?;
    let all = count(c, "li.hit").await;
    click_then(
        c,
        Locator::XPath("//section[contains(@class,'facet')][h2='Năm ban hành']//a"),
        "section.active",
    )
    .await?;
    let narrowed = count(c, "li.hit").await;
    shot(c, "7-facet").await;
    if narrowed == 0 || narrowed >= all {
        return Err(format!("facet: {narrowed} of {all}"));
    }
    // 7b. The status facet: only the documents no longer in force.
    c.goto(&format!("{base}search"))
        .await
        .map_err(|e| e.to_string())?;
    let expired_link = "//section[contains(@class,'facet')][h2='Tình trạng hiệu lực']\
                        //a[.='Hết hiệu lực toàn bộ']";
    click_then(c, Locator::XPath(expired_link), "section.active").await?;
    let expired = count(c, "li.hit").await;
    let badges = count(c, "li.hit span.badge.off").await;
    shot(c, "7b-status-facet").await;
    if expired == 0 || expired >= all || badges != expired {
        return Err(format!(
            "status facet: {expired} of {all}, {badges} marked out of force"
        ));
    }
    // 8. A hostile document shows its markup as text, and no script ran.
    search(c, base, "999/BC-UBND").await;
    let text = click_then(c, Locator::Css("li.hit a.title"), "div.fulltext")
        .await?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    shot(c, "8-hostile-document").await;
    if !text.contains("<script>alert('xss')</script>") {
        return Err(format!("script not shown as text: {text}"));
    }
    let scripts = count(c, "script").await;
    let injected = count(c, "img[onerror], b[onmouseover]").await;
    if scripts + injected > 0 {
        return Err(format!(
            "{scripts} scripts, {injected} injected elements in the page"
        ));
    }
    let files = c
        .find(Locator::Css("section.files"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    if !files.contains(HOSTILE_NAME) {
        return Err(format!("file name not shown as text: {files}"));
    }
    Ok(())
}
