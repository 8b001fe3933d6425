//! Print the metrics of text files as JSON Lines (`{"doc": ..., ...metric}`), for inspection.

fn main() {
    for path in std::env::args().skip(1) {
        let Some(rep) = std::fs::read(&path).ok().and_then(|b| {
            vanban_text::repair_bytes(&b, &vanban_text::RepairOptions::default()).ok()
        }) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let text = &rep.text;
        let doc = std::path::Path::new(&path)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (m, r) in vanban_metrics::extract_text(text, vanban_metrics::Vocab::builtin()) {
            let mut v = serde_json::to_value(&m).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert("doc".into(), doc.clone().into());
                o.insert("range".into(), serde_json::json!([r.start, r.end]));
            }
            println!("{v}");
        }
    }
}
