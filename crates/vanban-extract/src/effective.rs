//! When a document takes effect (`effective_date`, `docs/spec/validity.md`): "Quyết định này
//! có hiệu lực (thi hành) (kể) từ ngày 01 tháng 7 năm 2025", "... có hiệu lực kể từ ngày ký"
//! (the document's own date), "... có hiệu lực sau 15 ngày kể từ ngày ký" (that date plus
//! the days). The words are data (`patterns/effective.tsv`).

use crate::dates::{date_after, days_in_month, DateValue};
use regex::Regex;
use vanban_vocab::{VocabError, Vocabulary};

const FILE: &str = "effective.tsv";

/// The compiled effective-date clause.
#[derive(Clone, Debug)]
pub struct Effective {
    re: Regex,
    signed: Vec<String>,
    document_words: Vec<String>,
}

/// A phrase as a regex: escaped, any run of white space for a space.
fn phrase(p: &str) -> String {
    p.split_whitespace()
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+")
}

fn alternation(v: &Vocabulary, list: &str) -> Result<String, VocabError> {
    let mut ps: Vec<&str> = v.named_list(FILE, list);
    if ps.is_empty() {
        return Err(VocabError::Line {
            file: format!("patterns/{FILE}"),
            line: 0,
            message: format!("no `{list}` rows"),
        });
    }
    // Longest first: "có hiệu lực thi hành" before "có hiệu lực".
    ps.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    Ok(ps.iter().map(|p| phrase(p)).collect::<Vec<_>>().join("|"))
}

impl Effective {
    /// Compile from the vocabularies; `document_words` (lower case) are the words naming
    /// documents, one of which must stand before "này".
    pub fn new(v: &Vocabulary, document_words: &[String]) -> Result<Effective, VocabError> {
        let pat = format!(
            r"(?i)(?:{self_})\s+(?:{cue})(?:\s*,)?\s+(?:(?:{after})\s+(?P<n>\d{{1,3}})\s+(?:{days})\s+)?(?:{from})",
            self_ = alternation(v, "self")?,
            cue = alternation(v, "cue")?,
            after = alternation(v, "after")?,
            days = alternation(v, "days")?,
            from = alternation(v, "from")?,
        );
        let re = Regex::new(&pat).map_err(|e| VocabError::Line {
            file: format!("patterns/{FILE}"),
            line: 0,
            message: format!("cannot compile the effective-date clause: {e}"),
        })?;
        let mut signed: Vec<String> = v
            .named_list(FILE, "signed")
            .iter()
            .map(|s| s.to_lowercase())
            .collect();
        signed.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        let mut document_words = document_words.to_vec();
        document_words.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        Ok(Effective {
            re,
            signed,
            document_words,
        })
    }

    /// The effective date (ISO) the text states for the document itself, of kind `kind`
    /// and dated `own_date` (ISO); None when it is not stated or cannot be told.
    ///
    /// A clause whose subject is the document's own kind ("Nghị định này" in a Nghị định)
    /// wins over others ("Quyết định này" in a form annexed to it); among equals the first.
    pub fn find(&self, text: &str, kind: Option<&str>, own_date: Option<&str>) -> Option<String> {
        let kind = kind.map(str::to_lowercase);
        let mut fallback = None;
        for c in self.re.captures_iter(text) {
            let m = c.get(0)?;
            let Some(subject) = self.subject(&text[..m.start()]) else {
                continue;
            };
            let days = c.name("n").and_then(|n| n.as_str().parse::<u32>().ok());
            let Some(date) = self.date_at(&text[m.end()..], days, own_date) else {
                continue;
            };
            if kind.as_deref() == Some(subject.as_str()) {
                return Some(date);
            }
            fallback.get_or_insert(date);
        }
        fallback
    }

    /// The document word ending right before "này" (lower case), if one does.
    fn subject(&self, before: &str) -> Option<String> {
        let line = before.rsplit('\n').next().unwrap_or(before);
        let words: Vec<&str> = line.split_whitespace().collect();
        let tail = words[words.len().saturating_sub(4)..]
            .join(" ")
            .to_lowercase();
        let tail = tail.trim_end_matches(|c: char| !c.is_alphabetic());
        self.document_words
            .iter()
            .find(|w| {
                tail.ends_with(w.as_str())
                    && tail[..tail.len() - w.len()]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphabetic())
            })
            .cloned()
    }

    /// The date after "từ ngày": a written date, or the signing date (plus `days`).
    fn date_at(&self, rest: &str, days: Option<u32>, own_date: Option<&str>) -> Option<String> {
        let head: String = rest.chars().take(40).collect::<String>().to_lowercase();
        let head = head.trim_start();
        let signed = self.signed.iter().any(|w| {
            head.strip_prefix(w.as_str())
                .is_some_and(|after| after.chars().next().is_none_or(|c| !c.is_alphabetic()))
        });
        if signed {
            return add_days(own_date?, days.unwrap_or(0));
        }
        if days.is_some() {
            // "sau 15 ngày kể từ ngày 01/7/2025" is not a form documents use: do not guess.
            return None;
        }
        let probe: String = format!("ngày {}", rest.chars().take(48).collect::<String>());
        match date_after(&probe)? {
            (DateValue::Full(y, m, d), _) => DateValue::Full(y, m, d).iso(),
            _ => None,
        }
    }
}

/// `iso` (YYYY-MM-DD) plus `days` days; None for a date of month or year precision.
fn add_days(iso: &str, days: u32) -> Option<String> {
    let mut it = iso.splitn(3, '-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    let (mut y, mut m, mut d) = (y, m, d);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let mut left = days;
    while left > 0 {
        let room = days_in_month(y, m) - d;
        if left <= room {
            d += left;
            left = 0;
        } else {
            left -= room + 1;
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    DateValue::Full(y, m, d).iso()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eff() -> Effective {
        let p = crate::patterns::Patterns::builtin();
        Effective::new(Vocabulary::builtin(), &p.document_words).expect("compile")
    }

    fn find(text: &str, kind: &str, date: &str) -> Option<String> {
        eff().find(text, Some(kind), Some(date))
    }

    #[test]
    fn written_dates_in_every_form() {
        let cases = [
            "Điều 3. Quyết định này có hiệu lực từ ngày 01 tháng 12 năm 2025.",
            "Quyết định này có hiệu lực thi hành từ ngày 01 tháng 12 năm 2025.",
            "Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 12 năm 2025.",
            "Quyết định này có hiệu lực kể từ ngày 01/12/2025 và thay thế ...",
            "Quyết định này có hiệu lực, kể từ ngày 1-12-2025.",
            "Quyết định này\ncó hiệu lực thi hành\nkể từ ngày 01 tháng 12 năm 2025.",
        ];
        for c in cases {
            assert_eq!(
                find(c, "Quyết định", "2025-11-19").as_deref(),
                Some("2025-12-01"),
                "{c}"
            );
        }
    }

    #[test]
    fn signing_date_and_days_after_it() {
        let f = |t: &str| find(t, "Quyết định", "2025-12-20");
        assert_eq!(
            f("Quyết định này có hiệu lực kể từ ngày ký.").as_deref(),
            Some("2025-12-20")
        );
        assert_eq!(
            f("Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.").as_deref(),
            Some("2025-12-20")
        );
        assert_eq!(
            f("Quyết định này có hiệu lực sau 15 ngày kể từ ngày ký.").as_deref(),
            Some("2026-01-04")
        );
        assert_eq!(
            f("Quyết định này có hiệu lực thi hành sau 10 ngày kể từ ngày ban hành.").as_deref(),
            Some("2025-12-30")
        );
        // The signing date of a month-precision document cannot be told.
        assert_eq!(
            find(
                "Quyết định này có hiệu lực kể từ ngày ký.",
                "Quyết định",
                "2025-12"
            ),
            None
        );
    }

    #[test]
    fn the_documents_own_kind_wins_and_other_subjects_do_not_count() {
        let t = "Điều 5. Nghị định này có hiệu lực thi hành từ ngày 15 tháng 01 năm 2026.\n\
                 Mẫu số 01\nQuyết định này có hiệu lực kể từ ngày ký ban hành.";
        assert_eq!(
            find(t, "Nghị định", "2025-11-28").as_deref(),
            Some("2026-01-15")
        );
        let t = "Mẫu số 01\nQuyết định này có hiệu lực kể từ ngày ký.\n\
                 Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.";
        assert_eq!(find(t, "Luật", "2024-11-30").as_deref(), Some("2025-07-01"));
        // Another document's effective date, not this one's.
        let t = "Nghị định số 24/2014/NĐ-CP có hiệu lực kể từ ngày 20 tháng 5 năm 2014.";
        assert_eq!(find(t, "Quyết định", "2025-01-01"), None);
        // Nothing stated: unknown.
        assert_eq!(
            find("Quyết định này thay thế ...", "Quyết định", "2025-01-01"),
            None
        );
    }

    #[test]
    fn days_roll_over_months_and_years() {
        assert_eq!(add_days("2024-02-20", 10).as_deref(), Some("2024-03-01"));
        assert_eq!(add_days("2025-12-31", 1).as_deref(), Some("2026-01-01"));
        assert_eq!(add_days("2025-01-31", 0).as_deref(), Some("2025-01-31"));
        assert_eq!(add_days("2025-13-01", 1), None);
    }
}
