//! `vanban metrics`: list metric values across the corpus by document and period, and draw
//! their trend over the years.

use crate::{inputs, pipeline};
use anyhow::Context;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use vanban_extract::{FileRecord, Metric};
use vanban_metrics::listing::{self, clip, known_metric, metric_names, num, Filter};

/// Output formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Json,
}

/// Arguments of `vanban metrics`.
#[derive(clap::Args)]
pub struct Args {
    /// Only values of this metric index (`PAR INDEX`, `PAPI`, `SIPAS`, `ICT INDEX`, `PCI`,
    /// `DDCI`, `DTI`, or a Vietnamese name such as `Chỉ số CCHC`); case- and
    /// accent-insensitive. An unknown name lists the known ones.
    #[arg(long = "metric", value_name = "NAME")]
    pub metric: Option<String>,
    /// The index directory, as in every other command (a metric index name given here, as
    /// older versions took it, is still read as `--metric` with a warning).
    #[arg(long = "index", value_name = "DIR")]
    pub index: Option<String>,
    /// Only values whose indicator (or, lacking one, evidence) contains all these words,
    /// accent-insensitive.
    #[arg(long, value_name = "WORDS")]
    pub indicator: Option<String>,
    /// Only values of this kind (`percent`, `ratio`, `count`, `amount`, `rank`).
    #[arg(long)]
    pub kind: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Draw the trend of the selected values over the years to this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// The index directory to read when no paths are given (default: `$VANBAN_INDEX`); the
    /// same as `--index DIR`.
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Files or directories to extract on the fly instead of reading the index.
    pub paths: Vec<PathBuf>,
}

/// One listed value.
#[derive(serde::Serialize)]
struct Row<'a> {
    doc: &'a str,
    #[serde(flatten)]
    metric: &'a Metric,
}

/// What `--index`, `--index-dir` and `--metric` mean together: the directory to read and the
/// metric index name to keep.
fn resolve_index(args: &Args) -> anyhow::Result<(Option<PathBuf>, Option<String>)> {
    let mut dir = args.index_dir.clone();
    let mut metric = args.metric.clone();
    if let Some(v) = args.index.as_deref() {
        let known = known_metric(v).is_some();
        let looks_like_dir =
            std::path::Path::new(v).is_dir() || v.contains(['/', '\\']) || v.starts_with('.');
        if looks_like_dir || !known {
            if dir.is_some() {
                anyhow::bail!("--index {v} and --index-dir both name the index directory");
            }
            dir = Some(PathBuf::from(v));
        } else {
            eprintln!(
                "vanban: --index {v:?} names a metric index: reading it as --metric {v:?} \
                 (--index is the index directory, as in every other command)"
            );
            metric.get_or_insert_with(|| v.to_owned());
        }
    }
    if let Some(m) = metric.as_deref() {
        if known_metric(m).is_none() {
            anyhow::bail!(
                "--metric: unknown metric index {m:?}; known: {}",
                metric_names().join(", ")
            );
        }
    }
    Ok((dir, metric.map(|m| known_metric(&m).unwrap_or(m))))
}

fn records(args: &Args, dir: Option<PathBuf>) -> anyhow::Result<Vec<FileRecord>> {
    if args.paths.is_empty() {
        let dir = dir.unwrap_or_else(vanban_index::default_index_dir);
        let idx = vanban_index::Index::open(&dir)
            .with_context(|| format!("cannot open index {}", dir.display()))?;
        return idx
            .records()
            .with_context(|| format!("cannot read records from {}", dir.display()));
    }
    let files = inputs::collect(&args.paths)?;
    let pb = inputs::progress(files.len(), "metrics");
    let recs = files
        .par_iter()
        .map(|f| {
            let r = pipeline::process_file(f);
            pb.inc(1);
            r
        })
        .collect();
    pb.finish_and_clear();
    Ok(recs)
}

/// Run the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (dir, metric) = resolve_index(&args)?;
    let recs = records(&args, dir)?;
    let filter = Filter::new(metric.clone(), args.indicator.as_deref(), args.kind.clone());
    let mut rows: Vec<Row> = Vec::new();
    let mut failed = 0;
    for r in &recs {
        if let Some(e) = &r.error {
            failed += 1;
            eprintln!("vanban: {}: {e}", r.source);
        }
        rows.extend(r.metrics.iter().filter(|m| filter.keeps(m)).map(|m| Row {
            doc: &r.source,
            metric: m,
        }));
    }
    rows.sort_by(|a, b| listing::order((a.doc, a.metric), (b.doc, b.metric)));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            for r in &rows {
                serde_json::to_writer(&mut out, r)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv => write_csv(&mut out, &rows)?,
        Format::Table => write_table(&mut out, &rows)?,
    }
    out.flush()?;
    if let Some(p) = &args.plot {
        let svg = plot_svg(&rows, metric.as_deref().or(args.indicator.as_deref()));
        std::fs::write(p, svg).with_context(|| format!("cannot write {}", p.display()))?;
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The value as a person writes it: `41/58`, `70.7%`, `#2 of 63`, `281 hồ sơ`.
fn shown(m: &Metric) -> String {
    match m.kind.as_str() {
        "ratio" => match (m.numerator, m.denominator) {
            (Some(a), Some(b)) => format!("{}/{}", num(a), num(b)),
            _ => num(m.value),
        },
        "percent" => format!("{}%", num(m.value)),
        "rank" => match m.denominator {
            Some(d) => format!("#{}/{}", num(m.value), num(d)),
            None => format!("#{}", num(m.value)),
        },
        _ => num(m.value),
    }
}

fn short_doc(doc: &str) -> String {
    std::path::Path::new(doc)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| doc.to_string())
}

fn write_table(out: &mut impl Write, rows: &[Row]) -> std::io::Result<()> {
    let head = [
        "document",
        "period",
        "kind",
        "value",
        "unit",
        "index",
        "row",
        "goal",
        "indicator",
    ];
    let cells: Vec<[String; 9]> = rows
        .iter()
        .map(|r| {
            let m = r.metric;
            [
                short_doc(r.doc),
                m.period.clone().unwrap_or_default(),
                m.kind.to_string(),
                shown(m),
                m.unit.clone().unwrap_or_default(),
                m.index.clone().unwrap_or_default(),
                m.row.clone().unwrap_or_default(),
                if m.target {
                    "yes".into()
                } else {
                    String::new()
                },
                clip(m.indicator.as_deref().unwrap_or(&m.text), 70),
            ]
        })
        .collect();
    let mut width = head.map(|h| h.chars().count());
    for c in &cells {
        for (w, s) in width.iter_mut().zip(c.iter()) {
            *w = (*w).max(s.chars().count().min(40));
        }
    }
    let line = |out: &mut dyn Write, c: &[String]| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, (cell, w)) in c.iter().zip(width.iter()).enumerate() {
            if i + 1 == c.len() {
                s.push_str(cell);
            } else {
                let cell = clip(cell, *w);
                let pad = w.saturating_sub(cell.chars().count());
                s.push_str(&cell);
                s.push_str(&" ".repeat(pad + 2));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, &head.map(str::to_string))?;
    for c in &cells {
        line(out, c)?;
    }
    writeln!(out, "{} values", rows.len())
}

fn write_csv(out: &mut impl Write, rows: &[Row]) -> std::io::Result<()> {
    writeln!(out, "{}", listing::CSV_HEADER)?;
    for r in rows {
        writeln!(out, "{}", listing::csv_row(r.doc, r.metric))?;
    }
    Ok(())
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Draw the selected values against their year, one line per (index or indicator, kind).
///
/// Written by hand rather than with a plotting crate: a few lines and markers on two axes
/// need no font rendering or raster backends, and the binary's dependencies stay as they are.
fn plot_svg(rows: &[Row], title: Option<&str>) -> String {
    let series = listing::series(rows.iter().map(|r| r.metric));
    let (w, h, ml, mr, mt, mb) = (800.0, 480.0, 70.0, 220.0, 50.0, 50.0);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    );
    let title = format!("Trend: {}", title.unwrap_or("metric values"));
    s.push_str(&format!(
        "<text x=\"{ml}\" y=\"25\" font-size=\"16\">{}</text>\n",
        xml(&title)
    ));
    let all: Vec<(i32, f64)> = series.values().flatten().copied().collect();
    if all.is_empty() {
        s.push_str(&format!(
            "<text x=\"{ml}\" y=\"{}\">no values with a stated year</text>\n</svg>\n",
            h / 2.0
        ));
        return s;
    }
    let ranks_only = series.keys().all(|(_, k)| k == "rank");
    let Some(sc) = listing::Scale::of(&all, ranks_only) else {
        return s;
    };
    let (x0, x1, y0, y1) = (sc.x0, sc.x1, sc.y0, sc.y1);
    let (pw, ph) = (w - ml - mr, h - mt - mb);
    let px = |x: i32| sc.x(x, ml, pw);
    // Rankings read best-at-top: rank 1 is drawn highest.
    let py = |y: f64| sc.y(y, mt, ph);
    s.push_str(&format!(
        "<line x1=\"{ml}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>\n<line x1=\"{ml}\" y1=\"{mt}\" x2=\"{ml}\" y2=\"{}\" stroke=\"black\"/>\n",
        mt + ph,
        ml + pw,
        mt + ph,
        mt + ph
    ));
    for x in x0..=x1 {
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{x}</text>\n",
            px(x),
            mt + ph + 20.0
        ));
    }
    for i in 0..=4 {
        let v = y0 + (y1 - y0) * i as f64 / 4.0;
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
            ml - 8.0,
            py(v) + 4.0,
            xml(&num((v * 10.0).round() / 10.0))
        ));
    }
    let colors = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    ];
    for (i, ((name, kind), pts)) in series.iter().enumerate() {
        let c = colors[i % colors.len()];
        let path: Vec<String> = pts
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
            .collect();
        s.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\"{}\"/>\n",
            path.join(" ")
        ));
        for &(x, y) in pts {
            s.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{c}\"><title>{x}: {}</title></circle>\n",
                px(x),
                py(y),
                xml(&num(y))
            ));
        }
        let ly = mt + 18.0 * i as f64;
        s.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{c}\"/><text x=\"{}\" y=\"{}\">{} ({kind})</text>\n",
            ml + pw + 15.0,
            ly,
            ml + pw + 32.0,
            ly + 11.0,
            xml(&clip(name, 24))
        ));
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_one_point_per_dated_value() {
        let mk = |y, v| Metric {
            kind: vanban_model::MetricKind::Rank,
            value: v,
            rank: Some(v as u32),
            index: Some("PAR INDEX".into()),
            year: Some(y),
            ..Metric::default()
        };
        let ms = [mk(2021, 12.0), mk(2022, 7.0), mk(2023, 2.0)];
        let rows: Vec<Row> = ms
            .iter()
            .map(|m| Row {
                doc: "a",
                metric: m,
            })
            .collect();
        let svg = plot_svg(&rows, Some("PAR INDEX"));
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("<polyline"));
        assert!(svg.contains(">2022<"));
    }
}
