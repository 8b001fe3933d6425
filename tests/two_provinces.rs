//! The same local number from two provinces is two documents (issue 12, `identity.md`):
//! `63/2025/QĐ-UBND` of Lai Châu and of Đồng Nai, ingested with citers that name the
//! province, imply it through their own header, or leave it unknown. `cited-by` of each lands
//! on its own province's document only; the citation that cannot be told is shown apart
//! with a warning; `status` answers per province. The documents are written here
//! (fixtures, not corpus).

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

fn header(body: &str, province: &str, number: &str, place: &str, date: &str) -> String {
    format!(
        "{body}\n{province}\n\nSố: {number}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - \
         Hạnh phúc\n\n{place}, ngày {date}\n\n"
    )
}

const FILES: &[(&str, &str)] = &[
    ("lai_chau_63.txt", "lc"),
    ("dong_nai_63.txt", "dn"),
    ("dong_nai_plan.txt", "dn_plan"),
    ("ha_noi_report.txt", "hn_report"),
    ("bo_letter.txt", "bo"),
];

fn text(which: &str) -> String {
    match which {
        "lc" => header("ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "63/2025/QĐ-UBND", "Lai Châu", "10 tháng 11 năm 2025")
            + "QUYẾT ĐỊNH\nBan hành Quy chế quản lý cụm công nghiệp\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\nĐiều 2. Quyết định này có hiệu lực từ ngày 20 tháng 11 năm 2025.\n",
        "dn" => header("ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI", "63/2025/QĐ-UBND", "Đồng Nai", "12 tháng 11 năm 2025")
            + "QUYẾT ĐỊNH\nQuy định giá dịch vụ thoát nước\n\nĐiều 1. Quy định giá dịch vụ.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n",
        "dn_plan" => header("ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI", "210/KH-UBND", "Đồng Nai", "20 tháng 11 năm 2025")
            + "KẾ HOẠCH\nTriển khai giá dịch vụ thoát nước\n\nThực hiện Quyết định số 63/2025/QĐ-UBND ngày 12 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai như sau.\n",
        "hn_report" => header("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "88/BC-UBND", "Hà Nội", "25 tháng 11 năm 2025")
            + "BÁO CÁO\nKinh nghiệm quản lý cụm công nghiệp\n\nTham khảo Quyết định số 63/2025/QĐ-UBND ngày 10 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh Lai Châu về quy chế quản lý cụm công nghiệp.\n",
        "bo" => header("BỘ CÔNG THƯƠNG", "", "901/BCT-CN", "Hà Nội", "28 tháng 11 năm 2025")
            + "V/v tổng hợp quy chế\n\nBộ Công Thương đã nhận Quyết định số 63/2025/QĐ-UBND về quy chế.\n",
        _ => unreachable!(),
    }
}

fn from_keys(v: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = v["cited_by"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["from"].as_str().map(str::to_string))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn one_number_two_provinces_two_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for (name, which) in FILES {
        let p = dir.path().join(name);
        std::fs::write(&p, text(which)).expect("write fixture");
        paths.push(p.display().to_string());
    }
    let index = dir.path().join("idx").display().to_string();
    let mut args = vec!["ingest", "--index", &index];
    args.extend(paths.iter().map(String::as_str));
    let (ok, _, err) = vanban(&args);
    assert!(ok, "ingest: {err}");

    let cited_by = |q: &str| {
        let (_, out, err) = vanban(&["cited-by", "--index", &index, "--json", q]);
        let v: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{q}: {e}: {out} {err}"));
        (v, err)
    };
    let (lc, _) = cited_by("63/2025/QĐ-UBND@Lai Châu");
    assert_eq!(lc["node"], "63/2025/QĐ-UBND@Lai Châu");
    assert_eq!(
        from_keys(&lc),
        ["88/BC-UBND@Hà Nội"],
        "named province: {lc}"
    );
    let (dn, _) = cited_by("63/2025/qd-ubnd@dong nai");
    assert_eq!(dn["node"], "63/2025/QĐ-UBND@Đồng Nai");
    assert_eq!(
        from_keys(&dn),
        ["210/KH-UBND@Đồng Nai"],
        "implied by the header: {dn}"
    );

    // The bare key answers for each node; the citation without a locality stays apart.
    let (all, err) = cited_by("63/2025/QĐ-UBND");
    let nodes: Vec<&str> = all
        .as_array()
        .expect("one answer per node")
        .iter()
        .filter_map(|v| v["node"].as_str())
        .collect();
    assert_eq!(nodes.len(), 3, "{nodes:?}");
    assert!(nodes.contains(&"63/2025/QĐ-UBND"), "{nodes:?}");
    assert!(
        err.contains("warning"),
        "unresolved locality is said: {err}"
    );
    let unknown = all
        .as_array()
        .into_iter()
        .flatten()
        .find(|v| v["node"] == "63/2025/QĐ-UBND")
        .expect("unknown-locality node");
    assert_eq!(from_keys(unknown), ["901/BCT-CN"]);

    // Status per province: each decision is its own document with its own dates.
    let status = |q: &str, at: &str| {
        let (ok, out, err) = vanban(&["status", "--index", &index, "--json", "--at", at, q]);
        assert!(ok, "{q}: {err}");
        serde_json::from_str::<serde_json::Value>(&out).expect("status JSON")
    };
    let s = status("63/2025/QĐ-UBND@Lai Châu", "2025-11-15");
    assert_eq!(s["status"], "not_yet_in_force", "{s}");
    assert_eq!(s["effective_date"], "2025-11-20");
    let s = status("63/2025/QĐ-UBND@Đồng Nai", "2025-11-15");
    assert_eq!(s["status"], "in_force", "{s}");
    assert_eq!(s["effective_date"], "2025-11-12");
    let (ok, _, _) = vanban(&["status", "--index", &index, "1/2000/QĐ-UBND@Lai Châu"]);
    assert!(!ok, "an unknown document exits 1");

    // show: KEY@Locality names one province's document and prints its node; the bare key
    // shows each locality apart.
    let show = |q: &str| {
        let (ok, out, err) = vanban(&["show", "--index", &index, "--json", "--no-text", q]);
        let v: Vec<serde_json::Value> = if ok {
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{q}: {e}: {out}"))
        } else {
            Vec::new()
        };
        let got: Vec<(String, String)> = v
            .iter()
            .map(|d| {
                let src = d["record"]["source"].as_str().unwrap_or_default();
                let file = src.rsplit('/').next().unwrap_or_default().to_string();
                (file, d["node"].as_str().unwrap_or_default().to_string())
            })
            .collect();
        (got, err)
    };
    let (lc, _) = show("63/2025/QĐ-UBND@Lai Châu");
    assert_eq!(
        lc,
        [("lai_chau_63.txt".into(), "63/2025/QĐ-UBND@Lai Châu".into())]
    );
    let (dn, _) = show("63/2025/qd-ubnd@dong nai");
    assert_eq!(
        dn,
        [("dong_nai_63.txt".into(), "63/2025/QĐ-UBND@Đồng Nai".into())]
    );
    let (none, _) = show("63/2025/QĐ-UBND@Huế");
    assert!(none.is_empty(), "no document of Huế bears it: {none:?}");
    let (mut both, err) = show("63/2025/QĐ-UBND");
    both.sort();
    assert_eq!(
        both,
        [
            ("dong_nai_63.txt".into(), "63/2025/QĐ-UBND@Đồng Nai".into()),
            ("lai_chau_63.txt".into(), "63/2025/QĐ-UBND@Lai Châu".into())
        ]
    );
    assert!(
        err.contains("Lai Châu") && err.contains("Đồng Nai"),
        "several localities said: {err}"
    );
    let (ok, out, _) = vanban(&["show", "--index", &index, "--no-text", "63/2025/QĐ-UBND"]);
    assert!(ok);
    let sections: Vec<&str> = out.split("### ").skip(1).collect();
    assert_eq!(sections.len(), 2, "{out}");
    for s in sections {
        let (name, body) = s.split_once('\n').unwrap_or_default();
        let file = if name.ends_with("Lai Châu") {
            "lai_chau_63.txt"
        } else {
            "dong_nai_63.txt"
        };
        assert!(body.contains(file), "{name}: {body}");
        assert!(
            body.contains(&format!("    node: {name}")),
            "{name}: {body}"
        );
        assert_eq!(body.matches("== ").count(), 1, "{name}: {body}");
    }
    let (ok, out, _) = vanban(&[
        "show",
        "--index",
        &index,
        "--no-text",
        "63/2025/QĐ-UBND@Lai Châu",
    ]);
    assert!(
        ok && out.contains("    node: 63/2025/QĐ-UBND@Lai Châu"),
        "{out}"
    );
    assert!(!out.contains("Đồng Nai"), "{out}");
}
