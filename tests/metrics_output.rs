//! `vanban metrics` output stays byte-identical: the table, CSV, JSON Lines and SVG plot of
//! the bundled reports are hashed per case and compared with tests/snapshots/metrics-cli.b3.
//! The listing logic is shared with the web page (vanban-metrics `listing`); a change to it
//! that alters the CLI's bytes fails here. After an intended change of extraction, re-bless:
//! `VANBAN_BLESS=1 cargo test --test metrics_output` (`VANBAN_BIN=path` runs another build,
//! e.g. to bless from the binary before a refactor).

use std::path::{Path, PathBuf};
use std::process::Command;

const SNAPSHOT: &str = "tests/snapshots/metrics-cli.b3";

/// The cases: a name, the flags, and whether the output is the plot file.
const CASES: &[(&str, &[&str], bool)] = &[
    ("all.table", &["--format", "table"], false),
    ("all.csv", &["--format", "csv"], false),
    ("all.json", &["--format", "json"], false),
    ("all.svg", &["--format", "csv", "--plot", "PLOT"], true),
    ("par.csv", &["--metric", "par", "--format", "csv"], false),
    ("cchc.table", &["--metric", "Chỉ số CCHC"], false),
    (
        "hoso.table",
        &["--indicator", "hồ sơ", "--kind", "percent"],
        false,
    ),
    (
        "par.svg",
        &["--metric", "PAR INDEX", "--plot", "PLOT"],
        true,
    ),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(flags: &[&str], plot: &Path) -> Vec<u8> {
    let corpus = root().join("corpus");
    let mut files: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().to_string();
            n.ends_with(".txt").then_some(n)
        })
        .collect();
    files.sort();
    let bin = std::env::var("VANBAN_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_vanban").into());
    let args: Vec<String> = flags
        .iter()
        .map(|f| {
            if *f == "PLOT" {
                plot.display().to_string()
            } else {
                f.to_string()
            }
        })
        .collect();
    let out = Command::new(bin)
        .arg("metrics")
        .args(&args)
        .args(&files)
        .current_dir(&corpus)
        .env_remove("VANBAN_NO_METRICS")
        .output()
        .expect("run vanban metrics");
    assert!(
        out.status.success(),
        "{flags:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn metrics_cli_output_is_unchanged() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("metrics-output");
    std::fs::create_dir_all(&dir).unwrap();
    let mut lines = Vec::new();
    for (name, flags, is_plot) in CASES {
        let plot = dir.join(format!("{name}.plot.svg"));
        let stdout = run(flags, &plot);
        let bytes = if *is_plot {
            std::fs::read(&plot).unwrap()
        } else {
            stdout
        };
        assert!(!bytes.is_empty(), "{name}: empty output");
        // Kept for a diff when the hash differs.
        std::fs::write(dir.join(name), &bytes).unwrap();
        lines.push(format!("{}  {name}", blake3::hash(&bytes).to_hex()));
    }
    let got = lines.join("\n") + "\n";
    let path = root().join(SNAPSHOT);
    if std::env::var_os("VANBAN_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).expect("snapshot (bless with VANBAN_BLESS=1)");
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let changed: Vec<&&str> = g.iter().filter(|l| !w.contains(l)).collect();
    assert!(
        changed.is_empty(),
        "metrics output changed (outputs in {}): {changed:?}",
        dir.display()
    );
    assert_eq!(w.len(), g.len(), "cases differ from the snapshot");
}
