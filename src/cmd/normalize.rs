//! `vanban normalize`: print the repaired, normalised text of files (txt in any supported
//! encoding, or PDF), optionally folded, or as JSON with the encoding and every repair.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vanban_text::{RepairOptions, Repaired, ToneStyle};

/// Tone-mark placement to canonicalise to.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Tone {
    /// Leave tone placement as written.
    Keep,
    /// hoà, thuỷ, khoẻ (Quyết định 1989/QĐ-BGDĐT, 2018).
    Modern,
    /// hòa, thủy, khỏe.
    Traditional,
}

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to normalise (text in UTF-8/UTF-16/Windows-1258/TCVN3/VNI,
    /// Markdown, PDF, Word 97); directories are walked for the formats vanban reads.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Canonical tone placement.
    #[arg(long, value_enum, default_value = "keep")]
    pub tone: Tone,
    /// Print search keys: lower case, no tones or diacritics, đ -> d.
    #[arg(long)]
    pub fold: bool,
    /// One JSON object per file: source, encoding, text, repairs (original offsets), warnings.
    #[arg(long)]
    pub json: bool,
    /// Keep the line layout as extracted (no joining of hard-wrapped lines).
    #[arg(long)]
    pub no_layout: bool,
}

fn load(path: &Path, config: &vanban_pipeline::Config) -> anyhow::Result<Repaired> {
    vanban_pipeline::read::load(path, None, config)
        .map(|l| l.repaired)
        .map_err(|e| anyhow::anyhow!(e))
}

/// Run the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let opts = RepairOptions {
        tone: match args.tone {
            Tone::Keep => ToneStyle::Keep,
            Tone::Modern => ToneStyle::Modern,
            Tone::Traditional => ToneStyle::Traditional,
        },
        layout: !args.no_layout,
    };
    let mut config = crate::config::resolve(&crate::config::PipelineArgs::default(), &mut |w| {
        eprintln!("vanban: {w}")
    });
    config.repair = opts;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let expanded =
        vanban_pipeline::inputs::expand(&args.paths, vanban_pipeline::read::WALKED_EXTENSIONS);
    for w in &expanded.warnings {
        eprintln!("vanban: {w}");
    }
    let many = expanded.inputs.len() > 1;
    for input in &expanded.inputs {
        let path = input.path();
        if let vanban_pipeline::inputs::Input::Error(_, e) = input {
            eprintln!("vanban: {}: {e}", path.display());
            failed = true;
            continue;
        }
        let r = match load(path, &config) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("vanban: {}: {e:#}", path.display());
                failed = true;
                continue;
            }
        };
        for w in &r.warnings {
            eprintln!("vanban: {}: warning: {w}", path.display());
        }
        let text = if args.fold {
            vanban_text::fold(&r.text)
        } else {
            r.text.clone()
        };
        if args.json {
            let v = serde_json::json!({
                "source": path.display().to_string(),
                "encoding": r.encoding.label(),
                "text": text,
                "repairs": r.repairs,
                "warnings": r.warnings,
            });
            serde_json::to_writer(&mut out, &v)?;
            writeln!(out)?;
        } else {
            if many {
                writeln!(out, "==> {} <==", path.display())?;
            }
            out.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
