//! Differential check for speed work on the reference finder: prints every `Found` and
//! warning for the corpus and many mutated / random texts, so the output of two builds can be
//! diffed. The corpus alone has too few odd cases to trust a byte-identical result.
use std::fmt::Write as _;
use vanban_extract::{patterns::Patterns, refs::Finder};

#[path = "common/corpus.rs"]
mod corpus;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn dump(out: &mut String, name: &str, f: &Finder, text: &str) {
    let (found, warnings) = f.find(text, &[]);
    let _ = writeln!(out, "== {name} {}", found.len());
    for x in &found {
        let _ = writeln!(out, "{x:?}");
    }
    for w in &warnings {
        let _ = writeln!(out, "{w:?}");
    }
}

fn main() {
    let texts = corpus::texts();
    let f = Finder::new(Patterns::builtin());
    let mut out = String::new();
    let mut rng = Lcg(42);
    for (i, t) in texts.iter().enumerate() {
        dump(&mut out, &format!("file{i}"), &f, t);
        dump(&mut out, &format!("upper{i}"), &f, &t.to_uppercase());
        dump(&mut out, &format!("lower{i}"), &f, &t.to_lowercase());
        dump(&mut out, &format!("flat{i}"), &f, &t.replace('\n', " "));
        let odd = t
            .replace('Đ', "Ð")
            .replace('-', "–")
            .replace(" /", "/ ")
            .replace("số ", "số:\n ");
        dump(&mut out, &format!("odd{i}"), &f, &odd);
        let mut lines: Vec<&str> = t.lines().collect();
        for k in (1..lines.len()).rev() {
            lines.swap(k, rng.below(k + 1));
        }
        dump(&mut out, &format!("shuf{i}"), &f, &lines.join("\n"));
        // Splice random slices of the text together, cut at char boundaries.
        let mut s = String::new();
        for _ in 0..400 {
            let a = rng.below(t.len());
            let b = (a + rng.below(120)).min(t.len());
            let (a, b) = (floor(t, a), floor(t, b));
            s.push_str(&t[a..b]);
        }
        dump(&mut out, &format!("splice{i}"), &f, &s);
    }
    let alphabet: Vec<char> =
        "0123456789 /-–—ĐÐđKHQNTUBDCPgrsốngàyáthm:.,;\n&ƯVvLiuậtBộquyếđịnhcácSốKẾHOẠCHQĐ\t("
            .chars()
            .collect();
    let words = [
        "Quyết định ",
        "số ",
        "Số: ",
        "các ",
        "của UBND tỉnh",
        ": ",
        "; ",
        ". ",
        "Kế hoạch ",
        "ngày 07/12/2021",
        "ngày 5 tháng 3 năm 2020, ",
        "Luật Đất đai ",
        "Bộ luật ",
        "12/2019/QH14",
        "184/KH-UBND",
        "20 NQ/TW",
        "45 - KL/TW",
        "Mẫu số ",
        "Phụ lục ",
        "Nghị\nquyết ",
        "thông tư liên tịch ",
        "QĐ- TTg",
        "\n\n",
    ];
    for n in 0..30000 {
        let mut s = String::new();
        let len = rng.below(60);
        for _ in 0..len {
            if rng.below(3) == 0 {
                s.push_str(words[rng.below(words.len())]);
            } else {
                s.push(alphabet[rng.below(alphabet.len())]);
            }
        }
        let (found, warnings) = f.find(&s, &[]);
        if !found.is_empty() || !warnings.is_empty() {
            let _ = writeln!(out, "== rand{n} {s:?}");
            for x in &found {
                let _ = writeln!(out, "{x:?}");
            }
            for w in &warnings {
                let _ = writeln!(out, "{w:?}");
            }
        }
    }
    print!("{out}");
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
