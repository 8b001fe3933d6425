//! Laws cited by name are nodes of the graph (issue 12): "Luật Đất đai 2013", "Luật Đất đai
//! năm 2013" and "Luật số 45/2013/QH13" are one node when a text ties the name to the number
//! or the table of laws (`patterns/laws.tsv`) does; a law named without any number and not
//! in the table is a node of its own. Checked through `ingest`, `cited-by`, `cites` and
//! `trace` on documents written here (fixtures, not corpus).

use std::process::Command;

fn vanban(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .env_remove("VANBAN_PATTERNS")
        .output()
        .expect("run vanban");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn doc(number: &str, body: &str) -> String {
    format!(
        "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG\n\nSố: {number}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc \
         lập - Tự do - Hạnh phúc\n\nHà Nội, ngày 10 tháng 3 năm 2016\n\nTHÔNG TƯ\nQuy định chi \
         tiết\n\n{body}\n"
    )
}

const FILES: &[(&str, &str, &str)] = &[
    // The name tied to a number the table also lists.
    (
        "tied.txt",
        "01/2016/TT-BTNMT",
        "Căn cứ Luật Đất đai số 45/2013/QH13 ngày 29 tháng 11 năm 2013;",
    ),
    // Only the name, with and without "năm".
    (
        "by_name.txt",
        "02/2016/TT-BTNMT",
        "Căn cứ Luật Đất đai năm 2013;\nTheo Điều 5 Luật Đất đai 2013 và Luật Điện lực năm 2004.",
    ),
    // Only the number.
    (
        "by_number.txt",
        "03/2016/TT-BTNMT",
        "Căn cứ Luật số 45/2013/QH13;",
    ),
    // A law the table does not list, tied to its number in one text, named in another; and
    // one named only.
    (
        "power_tied.txt",
        "04/2016/TT-BTNMT",
        "Căn cứ Luật Điện lực số 28/2004/QH11;",
    ),
    (
        "customs.txt",
        "05/2016/TT-BTNMT",
        "Căn cứ Luật Hải quan năm 2014;",
    ),
];

fn citers(index: &str, q: &str) -> (Vec<String>, Vec<String>) {
    let (ok, out, err) = vanban(&["cited-by", "--index", index, "--json", q]);
    assert!(ok, "{q}: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{q}: {e}"));
    let items: Vec<serde_json::Value> = match v {
        serde_json::Value::Array(a) => a,
        o => vec![o],
    };
    let nodes = items
        .iter()
        .filter_map(|i| i["node"].as_str().map(str::to_string))
        .collect();
    let mut from: Vec<String> = items
        .iter()
        .flat_map(|i| i["cited_by"].as_array().cloned().unwrap_or_default())
        .filter_map(|h| h["from"].as_str().map(str::to_string))
        .collect();
    from.sort();
    from.dedup();
    (nodes, from)
}

#[test]
fn a_law_by_name_and_by_number_is_one_node() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for (name, number, body) in FILES {
        let p = dir.path().join(name);
        std::fs::write(&p, doc(number, body)).expect("write fixture");
        paths.push(p.display().to_string());
    }
    let index = dir.path().join("idx").display().to_string();
    let mut args = vec!["ingest", "--index", &index];
    args.extend(paths.iter().map(String::as_str));
    let (ok, _, err) = vanban(&args);
    assert!(ok, "ingest: {err}");

    let land = ["1/2016/TT-BTNMT", "2/2016/TT-BTNMT", "3/2016/TT-BTNMT"];
    for q in [
        "Luật Đất đai 2013",
        "Luật Đất đai năm 2013",
        "luat dat dai nam 2013",
        "Luật số 45/2013/QH13",
        "45/2013/QH13",
    ] {
        let (nodes, from) = citers(&index, q);
        assert_eq!(nodes, ["45/2013/QH13"], "{q}");
        assert_eq!(from, land, "{q}");
    }
    // Tied by one text only: the name elsewhere is the same node.
    let (nodes, from) = citers(&index, "Luật Điện lực 2004");
    assert_eq!(nodes, ["28/2004/QH11"]);
    assert_eq!(from, ["2/2016/TT-BTNMT", "4/2016/TT-BTNMT"]);
    // Named only: a node of its own, shown by name and year.
    let (nodes, from) = citers(&index, "Luật Hải quan năm 2014");
    assert_eq!(nodes, ["Luật Hải quan 2014"]);
    assert_eq!(from, ["5/2016/TT-BTNMT"]);
    let (ok, _, _) = vanban(&["cited-by", "--index", &index, "Luật Hải quan 2015"]);
    assert!(!ok, "another year is another law");

    // cites and trace go to the same nodes.
    let (ok, out, err) = vanban(&["cites", "--index", &index, "--json", "02/2016/TT-BTNMT"]);
    assert!(ok, "{err}");
    for want in ["45/2013/QH13", "28/2004/QH11"] {
        assert!(out.contains(&format!("\"{want}\"")), "{want}: {out}");
    }
    let (ok, out, err) = vanban(&[
        "trace",
        "--index",
        &index,
        "--down",
        "--rel",
        "cites,based_on",
        "Luật Đất đai 2013",
    ]);
    assert!(ok, "{err}");
    for f in land {
        assert!(out.contains(f), "{f}: {out}");
    }
}
