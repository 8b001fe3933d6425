//! `vanban metrics` on files given directly (extracted on the fly, no index needed).

use std::path::Path;
use std::process::{Command, Output};

fn vanban(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .current_dir(dir)
        .env_remove("VANBAN_NO_METRICS")
        .output()
        .expect("run vanban")
}

/// Two yearly reports of a province not in the corpus, with a ranking each year.
fn reports(dir: &Path) {
    std::fs::write(
        dir.join("bc_2022.txt"),
        "BÁO CÁO\nKết quả công tác cải cách hành chính năm 2022\n\n\
         1. Năm 2022, Chỉ số cải cách hành chính (PAR INDEX) của tỉnh xếp hạng 18/63, \
         đạt loại khá; Chỉ số PAPI đứng thứ 25.\n\
         2. Trong năm 2022, toàn tỉnh tiếp nhận 45.210 hồ sơ TTHC, tỷ lệ giải quyết đúng hạn \
         đạt 97,4%.\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("bc_2023.txt"),
        "BÁO CÁO\nKết quả công tác cải cách hành chính năm 2023\n\n\
         1. Năm 2023, Chỉ số cải cách hành chính (PAR INDEX) của tỉnh xếp hạng 11/63, \
         đạt loại tốt.\n\
         2. Trong năm 2023, toàn tỉnh tiếp nhận 52.004 hồ sơ TTHC, tỷ lệ giải quyết đúng hạn \
         đạt 98,1%.\n",
    )
    .expect("write");
}

#[test]
fn lists_par_index_trend_as_csv_and_plots_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    reports(tmp.path());
    let svg = tmp.path().join("par.svg");
    let out = vanban(
        &[
            "metrics",
            "--index",
            "PAR INDEX",
            "--format",
            "csv",
            "--plot",
            svg.to_str().expect("utf-8 path"),
            "bc_2022.txt",
            "bc_2023.txt",
        ],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("document,period,year,kind,value"));
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].contains("bc_2022.txt") && lines[1].contains(",rank,18,"));
    assert!(lines[1].contains(",63,") && lines[1].contains(",khá,PAR INDEX,"));
    assert!(lines[2].contains("bc_2023.txt") && lines[2].contains(",rank,11,"));
    let svg = std::fs::read_to_string(svg).expect("svg written");
    assert!(svg.starts_with("<svg"));
    assert_eq!(svg.matches("<circle").count(), 2);
    assert!(svg.contains(">2022<") && svg.contains(">2023<"));
}

#[test]
fn indicator_filter_is_accent_insensitive_and_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    reports(tmp.path());
    let out = vanban(
        &[
            "metrics",
            "--indicator",
            "giai quyet dung han",
            "--format",
            "json",
            ".",
        ],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let vals: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let got: Vec<(String, f64)> = vals
        .iter()
        .map(|v| {
            (
                v["kind"].as_str().unwrap_or("").to_string(),
                v["value"].as_f64().unwrap_or(0.0),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![("percent".to_string(), 97.4), ("percent".to_string(), 98.1)]
    );
    assert_eq!(vals[0]["year"].as_i64(), Some(2022));
}

#[test]
fn table_lists_counts_by_document() {
    let tmp = tempfile::tempdir().expect("tempdir");
    reports(tmp.path());
    let out = vanban(&["metrics", "--kind", "count", "."], tmp.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("45210") && text.contains("52004"), "{text}");
    assert!(text.trim_end().ends_with("2 values"), "{text}");
}

#[test]
fn missing_index_is_a_clear_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = vanban(&["metrics", "--index-dir", "no-such-index"], tmp.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-index"));
}
