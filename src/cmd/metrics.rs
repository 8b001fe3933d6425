//! `vanban metrics`: list metric values across the corpus by document and period, and draw
//! their trend over the years.

use crate::{inputs, pipeline};
use anyhow::Context;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use vanban_extract::{FileRecord, Metric};
use vanban_text::fold;

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

/// The metric index names of the vocabulary (`patterns/metrics/indexes.tsv`).
fn metric_names() -> Vec<String> {
    let mut v: Vec<String> = vanban_vocab::Vocabulary::builtin()
        .rows("metrics/indexes.tsv")
        .iter()
        .map(|r| r.col(0).to_owned())
        .collect();
    v.dedup();
    v
}

/// The canonical metric index of a name or any of its spellings (`Chỉ số CCHC` -> `PAR
/// INDEX`), also by its first word (`par`).
fn known_metric(given: &str) -> Option<String> {
    let g = fold(given.trim());
    let rows = vanban_vocab::Vocabulary::builtin().rows("metrics/indexes.tsv");
    rows.iter()
        .find(|r| fold(r.col(1)) == g || fold(r.col(0)) == g)
        .or_else(|| {
            rows.iter()
                .find(|r| fold(r.col(0)).split_whitespace().next() == Some(g.as_str()))
        })
        .map(|r| r.col(0).to_owned())
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

/// Does the metric's index name match the one asked for (`par` matches `PAR INDEX`)?
fn index_matches(want: &str, got: Option<&str>) -> bool {
    let Some(got) = got else {
        return false;
    };
    let (w, g) = (fold(want.trim()), fold(got));
    g == w || g.split_whitespace().next() == Some(w.as_str())
}

fn indicator_matches(words: &[String], m: &Metric) -> bool {
    // The evidence clause only stands in when no indicator was found: it often holds other
    // values' subjects too.
    let hay = fold(m.indicator.as_deref().unwrap_or(&m.text));
    words.iter().all(|w| hay.contains(w.as_str()))
}

/// Run the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (dir, metric) = resolve_index(&args)?;
    let recs = records(&args, dir)?;
    let words: Vec<String> = args
        .indicator
        .as_deref()
        .map(|s| fold(s).split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    let mut rows: Vec<Row> = Vec::new();
    let mut failed = 0;
    for r in &recs {
        if let Some(e) = &r.error {
            failed += 1;
            eprintln!("vanban: {}: {e}", r.source);
        }
        for m in &r.metrics {
            if metric
                .as_deref()
                .is_some_and(|w| !index_matches(w, m.index.as_deref()))
            {
                continue;
            }
            if args.kind.as_deref().is_some_and(|k| k != m.kind.as_str()) {
                continue;
            }
            if !words.is_empty() && !indicator_matches(&words, m) {
                continue;
            }
            rows.push(Row {
                doc: &r.source,
                metric: m,
            });
        }
    }
    // By document, then by period (undated last within a document), then by position.
    rows.sort_by(|a, b| {
        a.doc
            .cmp(b.doc)
            .then(
                a.metric
                    .year
                    .unwrap_or(i32::MAX)
                    .cmp(&b.metric.year.unwrap_or(i32::MAX)),
            )
            .then(a.metric.span.start.cmp(&b.metric.span.start))
    });
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

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
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

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{t}…")
    }
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

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_csv(out: &mut impl Write, rows: &[Row]) -> std::io::Result<()> {
    writeln!(
        out,
        "document,period,year,kind,value,unit,numerator,denominator,rank,grade,index,row,target,compared_to,indicator,line"
    )?;
    let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
    for r in rows {
        let m = r.metric;
        let fields = [
            r.doc.to_string(),
            m.period.clone().unwrap_or_default(),
            m.year.map(|y| y.to_string()).unwrap_or_default(),
            m.kind.to_string(),
            num(m.value),
            m.unit.clone().unwrap_or_default(),
            opt(m.numerator),
            opt(m.denominator),
            m.rank.map(|r| r.to_string()).unwrap_or_default(),
            m.grade.clone().unwrap_or_default(),
            m.index.clone().unwrap_or_default(),
            m.row.clone().unwrap_or_default(),
            m.target.to_string(),
            opt(m.compared_to),
            m.indicator.clone().unwrap_or_default(),
            m.span.line.to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        writeln!(out, "{}", line.join(","))?;
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
    use std::collections::BTreeMap;
    let mut series: BTreeMap<(String, String), Vec<(i32, f64)>> = BTreeMap::new();
    for r in rows {
        let m = r.metric;
        let Some(y) = m.year else { continue };
        let name = m
            .index
            .clone()
            .or_else(|| m.indicator.as_deref().map(|s| clip(s, 40)))
            .unwrap_or_else(|| m.kind.to_string());
        series
            .entry((name, m.kind.to_string()))
            .or_default()
            .push((y, m.value));
    }
    for pts in series.values_mut() {
        pts.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    }
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
    let (mut x0, mut x1) = (i32::MAX, i32::MIN);
    let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
    for &(x, y) in &all {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if x0 == x1 {
        x0 -= 1;
        x1 += 1;
    }
    y0 = y0.min(0.0);
    if y1 <= y0 {
        y1 = y0 + 1.0;
    }
    let (pw, ph) = (w - ml - mr, h - mt - mb);
    let px = |x: i32| ml + (x - x0) as f64 / (x1 - x0) as f64 * pw;
    // Rankings read best-at-top: rank 1 is drawn highest.
    let py = |y: f64| {
        let f = (y - y0) / (y1 - y0);
        if ranks_only {
            mt + f * ph
        } else {
            mt + (1.0 - f) * ph
        }
    };
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
    fn index_names_match_loosely() {
        assert!(index_matches("PAR INDEX", Some("PAR INDEX")));
        assert!(index_matches("par", Some("PAR INDEX")));
        assert!(index_matches("papi", Some("PAPI")));
        assert!(!index_matches("PAPI", Some("PAR INDEX")));
        assert!(!index_matches("PAPI", None));
    }

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
