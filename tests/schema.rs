//! `schema/extract.schema.json` is a valid JSON Schema and every record `vanban extract`
//! writes for the corpus (and for an empty file, which is an error record) validates against it.

use std::path::Path;
use std::process::Command;

fn schema() -> jsonschema::Validator {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("schema/extract.schema.json")).expect("schema file");
    let value: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&value).expect("schema compiles")
}

#[test]
fn corpus_output_validates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("empty.txt");
    std::fs::write(&missing, "").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("extract")
        .arg(root.join("corpus"))
        .arg(&missing)
        .output()
        .expect("run vanban extract");
    // The unreadable file makes the batch exit 1, but every file still gets a record.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = schema();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut n = 0;
    let mut refs = 0;
    for line in stdout.lines() {
        let rec: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let errors: Vec<String> = v
            .iter_errors(&rec)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{} does not validate: {errors:#?}",
            rec["source"]
        );
        refs += rec["references"].as_array().map_or(0, Vec::len);
        n += 1;
    }
    assert!(
        n >= 6,
        "expected the corpus files plus the empty one, got {n} records"
    );
    assert!(refs >= 200, "expected the corpus references, got {refs}");
    assert!(stdout.contains("empty.txt"));
}

#[test]
fn schema_rejects_broken_records() {
    let v = schema();
    let good = serde_json::json!({
        "source": "a.txt", "encoding": "utf-8", "document": null, "references": [], "named": [],
        "relations": [], "metrics": [], "warnings": [], "error": null
    });
    assert!(v.is_valid(&good));
    let mut no_refs = good.clone();
    no_refs
        .as_object_mut()
        .expect("object")
        .remove("references");
    assert!(!v.is_valid(&no_refs));
    let mut bad_ref = good.clone();
    bad_ref["references"] = serde_json::json!([{
        "text": "Kế hoạch số 184/KH-UBND", "kind": "Kế hoạch", "key": "184 /KH-UBND", "number": "184",
        "year": null, "type_code": "KH", "issuer": "UBND", "date": "07/12/2021", "self": false,
        "span": {"start": 0, "end": 10, "line": 1}
    }]);
    assert!(
        !v.is_valid(&bad_ref),
        "white space in a key and a non-ISO date must fail"
    );
}
