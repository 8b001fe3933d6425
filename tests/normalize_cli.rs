//! `vanban normalize` end to end: repaired text, --json with encoding and repairs, --fold,
//! --tone, and per-file errors that do not stop the batch.

use std::path::PathBuf;
use std::process::Command;

fn vanban() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
}

fn corpus(prefix: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            n.starts_with(prefix) && n.ends_with(".txt")
        })
        .unwrap()
}

#[test]
fn prints_repaired_text() {
    let out = vanban()
        .arg("normalize")
        .arg(corpus("000_"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Việc phân cấp, ủy quyền"));
    assert!(!text.contains('\u{323}'));
    assert!(text.contains("Kế hoạch số 184/KH-UBND về Cải cách hành chính"));
}

#[test]
fn json_reports_encoding_and_repairs_with_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let moji = "C¨n cø KÕ ho¹ch sè 184/KH-UBND ngµy 07 th¸ng 12 n¨m 2021 cña UBND tØnh\n";
    let p = dir.path().join("tcvn3-mojibake.txt");
    std::fs::write(&p, moji).unwrap();
    let out = vanban()
        .args(["normalize", "--json"])
        .arg(&p)
        .arg(corpus("000_"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["encoding"], "tcvn3-mojibake");
    assert!(lines[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Căn cứ Kế hoạch số 184/KH-UBND ngày 07 tháng 12 năm 2021 của UBND tỉnh"));
    assert_eq!(lines[1]["encoding"], "utf8");
    let orig = std::fs::read_to_string(corpus("000_")).unwrap();
    let repairs = lines[1]["repairs"].as_array().unwrap();
    let mark = repairs
        .iter()
        .find(|r| r["kind"] == "combining-mark")
        .expect("a combining-mark repair");
    let (s, e) = (
        mark["start"].as_u64().unwrap() as usize,
        mark["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&orig[s..e], mark["before"].as_str().unwrap());
    assert_eq!(mark["before"], "Viêc\u{323}");
    assert_eq!(mark["after"], "Việc");
    assert!(repairs.iter().any(|r| r["kind"] == "join-line"));
}

#[test]
fn fold_and_tone() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(&p, "Cổ phần hóa, thủy lợi, khỏe mạnh; Quỳnh, Đảng ủy\n").unwrap();
    let out = vanban()
        .args(["normalize", "--tone", "modern"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Cổ phần hoá, thuỷ lợi, khoẻ mạnh; Quỳnh, Đảng uỷ\n"
    );
    let out = vanban()
        .args(["normalize", "--fold"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "co phan hoa, thuy loi, khoe manh; quynh, dang uy\n"
    );
}

#[test]
fn per_file_errors_do_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let bin = dir.path().join("blob.txt");
    std::fs::write(&bin, [0u8, 1, 2, 3, 0, 0, 255, 254, 0, 7]).unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "Số 12/BC-UBND\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let out = vanban()
        .arg("normalize")
        .args([&empty, &bin, &good, &missing])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Số 12/BC-UBND"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
    assert!(stderr.contains("blob.txt: binary data"), "{stderr}");
    assert!(stderr.contains("missing.txt: cannot read"), "{stderr}");
}
