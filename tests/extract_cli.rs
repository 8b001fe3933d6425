//! `vanban extract` as a user runs it: JSON Lines per file, --output, exit status, per-file
//! errors, --jobs, and run-time vocabularies (--patterns, VANBAN_PATTERNS).

use std::path::Path;
use std::process::Command;

fn vanban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    c.env_remove("VANBAN_PATTERNS");
    c
}

fn records(s: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(s)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

const SAMPLE: &str = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nCăn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;\nThực hiện Kế hoạch số 12/KH-UBND ngày 01/02/2021 của UBND tỉnh.\n";

#[test]
fn output_file_one_record_per_input_and_jobs_agree() {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("d{i}.txt")), SAMPLE).expect("write");
    }
    let out1 = dir.path().join("j1.jsonl");
    let out2 = dir.path().join("j2.jsonl");
    for (jobs, out) in [("1", &out1), ("2", &out2)] {
        let st = vanban()
            .args(["extract", "--jobs", jobs, "--output"])
            .arg(out)
            .arg(dir.path())
            .status()
            .expect("run");
        assert!(st.success());
    }
    let a = std::fs::read(&out1).expect("read");
    let b = std::fs::read(&out2).expect("read");
    assert_eq!(a, b, "--jobs must not change the output");
    let recs = records(&a);
    assert_eq!(recs.len(), 3);
    for r in &recs {
        let keys: Vec<_> = r["references"]
            .as_array()
            .expect("refs")
            .iter()
            .map(|x| x["key"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(keys, ["30/2020/NĐ-CP", "12/KH-UBND"]);
        assert_eq!(r["references"][0]["date"], "2020-03-05");
        assert_eq!(
            r["named"][0]["key"],
            "luat to chuc chinh quyen dia phuong 2015"
        );
        assert!(r["error"].is_null());
        // Spans are byte offsets into the file.
        let s = r["references"][1]["span"]["start"].as_u64().expect("start") as usize;
        assert!(SAMPLE[s..].starts_with("Kế hoạch số 12/KH-UBND"));
        assert_eq!(r["references"][1]["span"]["line"], 3);
    }
}

#[test]
fn unreadable_file_gives_error_record_and_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.txt");
    std::fs::write(&good, SAMPLE).expect("write");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let out = vanban()
        .arg("extract")
        .arg(&good)
        .arg(&empty)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 2);
    let bad = recs
        .iter()
        .find(|r| {
            r["source"]
                .as_str()
                .is_some_and(|s| s.ends_with("empty.txt"))
        })
        .expect("record");
    assert!(bad["error"].is_string());
    let ok = recs
        .iter()
        .find(|r| {
            r["source"]
                .as_str()
                .is_some_and(|s| s.ends_with("good.txt"))
        })
        .expect("record");
    assert_eq!(ok["references"].as_array().map(Vec::len), Some(2));
}

#[test]
fn vocabularies_can_be_replaced_at_run_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pat = dir.path().join("pat");
    std::fs::create_dir(&pat).expect("mkdir");
    std::fs::write(
        pat.join("type_words.tsv"),
        "# test\nPhương án tổng thể\tPhương án\n",
    )
    .expect("write");
    let doc = dir.path().join("d.txt");
    std::fs::write(&doc, "theo Phương án tổng thể số 7/UBND-KT ngày 1/2/2021").expect("write");
    let kind = |out: &[u8]| {
        records(out)[0]["references"][0]["kind"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let base = vanban().arg("extract").arg(&doc).output().expect("run");
    assert_eq!(kind(&base.stdout), "Công văn");
    let flag = vanban()
        .arg("extract")
        .arg("--patterns")
        .arg(&pat)
        .arg(&doc)
        .output()
        .expect("run");
    assert!(flag.status.success());
    assert_eq!(kind(&flag.stdout), "Phương án");
    let env = vanban()
        .env("VANBAN_PATTERNS", &pat)
        .arg("extract")
        .arg(&doc)
        .output()
        .expect("run");
    assert_eq!(kind(&env.stdout), "Phương án");
    let broken = dir.path().join("broken");
    std::fs::create_dir(&broken).expect("mkdir");
    std::fs::write(broken.join("issuers.tsv"), "no tab here\n").expect("write");
    let bad = vanban()
        .arg("extract")
        .arg("--patterns")
        .arg(&broken)
        .arg(&doc)
        .output()
        .expect("run");
    assert!(!bad.status.success());
    assert!(Path::new(&doc).exists());
}
