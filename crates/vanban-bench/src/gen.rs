//! Deterministic generator of Vietnamese administrative documents with known references.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::Path;

/// SplitMix64: tiny, fast, and identical on every platform, so a seed fixes the corpus.
pub struct Rng(u64);

impl Rng {
    /// A generator for this seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`0` when `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// One reference of the ground truth.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TruthRef {
    /// Canonical key (spec rules).
    pub key: String,
    /// Canonical kind.
    pub kind: String,
    /// ISO date stated with it.
    pub date: Option<String>,
}

#[derive(Serialize)]
struct TruthLine<'a> {
    doc: &'a str,
    key: &'a str,
    kind: &'a str,
    date: &'a str,
    references: &'a [TruthRef],
}

/// Totals of a generation run.
pub struct Stats {
    /// Bytes of text written.
    pub bytes: u64,
    /// References written.
    pub references: u64,
}

struct Vocab {
    provinces: Vec<String>,
    agencies: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    national: Vec<TruthRef>,
    topics: Vec<String>,
    sentences: Vec<String>,
    signers: Vec<String>,
}

fn vocab() -> anyhow::Result<Vocab> {
    let mut sections: HashMap<String, Vec<String>> = HashMap::new();
    let mut current = String::new();
    for line in include_str!("../data/vocab.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.to_owned();
            continue;
        }
        sections
            .entry(current.clone())
            .or_default()
            .push(line.to_owned());
    }
    let mut take = |name: &str| -> anyhow::Result<Vec<String>> {
        sections
            .remove(name)
            .filter(|v| !v.is_empty())
            .with_context(|| format!("vocab.txt: section [{name}] is missing or empty"))
    };
    let pair = |l: &String| -> (String, String) {
        let mut it = l.split(" | ");
        (
            it.next().unwrap_or_default().to_owned(),
            it.next().unwrap_or_default().to_owned(),
        )
    };
    let national = take("national")?
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.split(" | ").collect();
            TruthRef {
                kind: f.first().copied().unwrap_or_default().to_owned(),
                key: canonical(f.get(1).copied().unwrap_or_default()),
                date: f.get(2).map(|d| d.to_string()),
            }
        })
        .collect();
    Ok(Vocab {
        provinces: take("provinces")?,
        agencies: take("agencies")?.iter().map(pair).collect(),
        kinds: take("kinds")?.iter().map(pair).collect(),
        national,
        topics: take("topics")?,
        sentences: take("sentences")?,
        signers: take("signers")?,
    })
}

/// The spec's key: upper case, leading zeros of the number dropped.
pub fn canonical(written: &str) -> String {
    let upper = written.to_uppercase();
    let digits = upper.bytes().take_while(u8::is_ascii_digit).count();
    let (num, rest) = upper.split_at(digits);
    let num = num.trim_start_matches('0');
    format!("{}{rest}", if num.is_empty() { "0" } else { num })
}

fn iso_to_vn(iso: &str, rng: &mut Rng) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    let (y, m, d) = match p.as_slice() {
        [y, m, d] => (*y, *m, *d),
        _ => return String::new(),
    };
    match rng.below(3) {
        0 => format!("ngày {d}/{m}/{y}"),
        1 => format!(
            "ngày {} tháng {} năm {y}",
            d.trim_start_matches('0'),
            m.trim_start_matches('0')
        ),
        _ => format!(
            "ngày {}/{}/{y}",
            d.trim_start_matches('0'),
            m.trim_start_matches('0')
        ),
    }
}

/// Write `docs` documents under `out` and `out/truth.jsonl`.
pub fn generate(docs: usize, out: &Path, seed: u64) -> anyhow::Result<Stats> {
    let v = vocab()?;
    let mut rng = Rng::new(seed);
    std::fs::create_dir_all(out)?;
    let truth_path = out.join("truth.jsonl");
    let mut truth = std::io::BufWriter::new(
        std::fs::File::create(&truth_path)
            .with_context(|| format!("cannot create {}", truth_path.display()))?,
    );
    // Recently issued local documents, the ones later documents cite.
    let mut recent: VecDeque<TruthRef> = VecDeque::with_capacity(4096);
    let mut counters: HashMap<String, u32> = HashMap::new();
    let mut stats = Stats {
        bytes: 0,
        references: 0,
    };
    for i in 0..docs {
        let province = rng.pick(&v.provinces).clone();
        let (kind, code) = rng.pick(&v.kinds).clone();
        let by_ubnd = rng.chance(0.3);
        let (issuer, body) = if by_ubnd {
            (
                "UBND".to_owned(),
                format!("ỦY BAN NHÂN DÂN TỈNH {}", province.to_uppercase()),
            )
        } else {
            let (c, b) = rng.pick(&v.agencies).clone();
            (c, b)
        };
        // Documents are issued in order, so later ones cite earlier ones.
        let year = 2015 + (i * 10 / docs.max(1)) as u32;
        let month = 1 + rng.below(12) as u32;
        let day = 1 + rng.below(28) as u32;
        let date = format!("{year}-{month:02}-{day:02}");
        let counter = counters
            .entry(format!("{issuer}/{code}/{year}"))
            .or_insert(0);
        *counter += 1 + rng.below(3) as u32;
        let number = *counter;
        let with_year = code == "QĐ" && by_ubnd;
        let key = if with_year {
            canonical(&format!("{number}/{year}/{code}-{issuer}"))
        } else {
            canonical(&format!("{number}/{code}-{issuer}"))
        };
        let topic = rng.pick(&v.topics).clone();
        let mut refs: Vec<TruthRef> = Vec::new();
        let mut text = String::with_capacity(3500);
        // Header.
        if by_ubnd {
            text.push_str(&format!("{body}\n"));
        } else {
            text.push_str(&format!(
                "ỦY BAN NHÂN DÂN TỈNH {}\n{}\n",
                province.to_uppercase(),
                body.to_uppercase()
            ));
        }
        let written_number = if rng.chance(0.3) && number < 10 {
            format!("0{number}")
        } else {
            number.to_string()
        };
        let own_written = if with_year {
            format!("{written_number}/{year}/{code}-{issuer}")
        } else {
            format!("{written_number}/{code}-{issuer}")
        };
        text.push_str(&format!(
            "Số: {own_written}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
             {province}, ngày {day:02} tháng {month:02} năm {year}\n\n{}\n{} {topic} năm {year}\n\n",
            kind.to_uppercase(),
            match kind.as_str() {
                "Báo cáo" => "Kết quả thực hiện công tác",
                "Quyết định" => "Về việc ban hành Quy chế",
                _ => "Triển khai công tác",
            }
        ));
        // Legal bases: national documents and recent local ones.
        let n_national = 1 + rng.below(3);
        for _ in 0..n_national {
            let r = rng.pick(&v.national).clone();
            // Only what was issued before this document can be cited.
            if refs.iter().any(|x| x.key == r.key) || r.date.as_deref() >= Some(date.as_str()) {
                continue;
            }
            cite(&r, &mut rng, &mut text, &mut refs, &v.topics, "Căn cứ ");
        }
        let n_local = if recent.is_empty() {
            0
        } else {
            1 + rng.below(4)
        };
        for _ in 0..n_local {
            let r = recent[rng.below(recent.len())].clone();
            if refs.iter().any(|x| x.key == r.key)
                || r.key == key
                || r.date.as_deref() >= Some(date.as_str())
            {
                continue;
            }
            cite(&r, &mut rng, &mut text, &mut refs, &v.topics, "Thực hiện ");
        }
        text.push_str(&format!(
            "{} xây dựng {} {topic} năm {year} như sau:\n\nI. MỤC ĐÍCH, YÊU CẦU\n",
            if by_ubnd {
                format!("UBND tỉnh {province}")
            } else {
                body.clone()
            },
            kind.to_lowercase()
        ));
        // Body paragraphs and metrics, to ~3 KB.
        let mut section = 1;
        while text.len() < 2800 {
            match rng.below(5) {
                0 => text.push_str(&format!(
                    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt {},{}%, tăng {} điểm so với năm {}.\n",
                    80 + rng.below(20),
                    rng.below(10),
                    1 + rng.below(5),
                    year - 1
                )),
                1 => text.push_str(&format!(
                    "Chỉ số cải cách hành chính xếp thứ {}/{} sở, ngành, đạt {},{} điểm.\n",
                    1 + rng.below(20),
                    20,
                    70 + rng.below(25),
                    rng.below(100)
                )),
                2 => {
                    section += 1;
                    text.push_str(&format!(
                        "{section}. {}\n",
                        capitalise(rng.pick(&v.topics).as_str())
                    ));
                }
                _ => {
                    text.push_str(rng.pick(&v.sentences).as_str());
                    text.push('\n');
                }
            }
        }
        text.push_str(&format!(
            "\nNơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\nGIÁM ĐỐC\n{}\n",
            rng.pick(&v.signers)
        ));
        let rel = format!("{:04}/doc-{i:07}.txt", i / 1000);
        let path = out.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text.as_bytes())?;
        stats.bytes += text.len() as u64;
        stats.references += refs.len() as u64;
        serde_json::to_writer(
            &mut truth,
            &TruthLine {
                doc: &rel,
                key: &key,
                kind: &kind,
                date: &date,
                references: &refs,
            },
        )?;
        truth.write_all(b"\n")?;
        if recent.len() == 4096 {
            recent.pop_front();
        }
        recent.push_back(TruthRef {
            key,
            kind,
            date: Some(date),
        });
    }
    truth.flush()?;
    Ok(stats)
}

/// Write one citation the way documents do, and record it in the truth.
fn cite(
    r: &TruthRef,
    rng: &mut Rng,
    text: &mut String,
    refs: &mut Vec<TruthRef>,
    topics: &[String],
    lead: &str,
) {
    let digits = r.key.bytes().take_while(u8::is_ascii_digit).count();
    let written_key = if digits == 1 && rng.chance(0.2) {
        format!("0{}", r.key)
    } else {
        r.key.clone()
    };
    let written_key = written_key.replace("CTR", "CTr").replace("TTG", "TTg");
    let date = r
        .date
        .as_deref()
        .map(|d| format!(" {}", iso_to_vn(d, rng)))
        .unwrap_or_default();
    text.push_str(&format!(
        "{lead}{} số {written_key}{date} về {};\n",
        r.kind,
        rng.pick(topics)
    ));
    refs.push(r.clone());
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A way a user might type `key`: canonical, lower case with spaces, letters first, with a
/// leading zero, or with "số".
pub fn spelling(key: &str, rng: &mut Rng) -> String {
    let parts: Vec<&str> = key.split(['/', '-']).filter(|p| !p.is_empty()).collect();
    let (num, rest) = parts.split_first().map_or(("", &[][..]), |(n, r)| (*n, r));
    match rng.below(5) {
        0 => key.to_owned(),
        1 => key.to_lowercase().replace(['/', '-'], " "),
        2 => {
            // Letters first, then the number and its year: "QĐ UBND 6 2024".
            let (years, letters): (Vec<&str>, Vec<&str>) = rest
                .iter()
                .partition(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()));
            format!("{} {num} {}", letters.join(" "), years.join(" "))
                .trim()
                .to_owned()
        }
        3 => format!("số 0{}", key.to_lowercase()),
        _ => key.replace('Đ', "D").to_lowercase(),
    }
}

/// Word queries: single words, pairs, phrases, with and without diacritics.
pub fn word_queries(n: usize, rng: &mut Rng) -> Vec<String> {
    let words = [
        "cải cách",
        "chuyển đổi số",
        "thủ tục hành chính",
        "dịch vụ công",
        "kiểm tra giám sát",
        "ngân sách",
        "tiêu chuẩn",
        "doanh nghiệp",
        "nông thôn mới",
        "an toàn thông tin",
        "đổi mới sáng tạo",
        "tham nhũng",
        "kỷ cương",
        "số hóa hồ sơ",
        "phản ánh kiến nghị",
    ];
    (0..n)
        .map(|_| {
            let w = *rng.pick(&words);
            match rng.below(4) {
                0 => vanban_text::fold(w),
                1 => format!("\"{w}\""),
                2 => format!("{w} {}", rng.pick(&words)),
                _ => w.to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let sa = generate(50, a.path(), 3).unwrap();
        generate(50, b.path(), 3).unwrap();
        let ta = std::fs::read(a.path().join("truth.jsonl")).unwrap();
        let tb = std::fs::read(b.path().join("truth.jsonl")).unwrap();
        assert_eq!(ta, tb);
        let da = std::fs::read(a.path().join("0000/doc-0000042.txt")).unwrap();
        let db = std::fs::read(b.path().join("0000/doc-0000042.txt")).unwrap();
        assert_eq!(da, db);
        let avg = sa.bytes / 50;
        assert!((2500..4500).contains(&avg), "average size {avg}");
        assert!(sa.references >= 50);
    }

    #[test]
    fn truth_matches_text() {
        let d = tempfile::tempdir().unwrap();
        generate(30, d.path(), 9).unwrap();
        let truth = std::fs::read_to_string(d.path().join("truth.jsonl")).unwrap();
        for line in truth.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = std::fs::read_to_string(d.path().join(v["doc"].as_str().unwrap())).unwrap();
            for r in v["references"].as_array().unwrap() {
                let key = r["key"].as_str().unwrap();
                let tail = key.split_once('/').map_or(key, |(_, t)| t);
                assert!(
                    text.to_uppercase().contains(&tail.to_uppercase()),
                    "{key} not in {}",
                    v["doc"]
                );
            }
        }
    }

    #[test]
    fn canonical_keys() {
        assert_eq!(canonical("04/KH-SKHCN"), "4/KH-SKHCN");
        assert_eq!(canonical("749/QĐ-TTg"), "749/QĐ-TTG");
        assert_eq!(canonical("05-CT/TW"), "5-CT/TW");
    }
}
