//! The text analyzers in one pass: the same tokens, offsets and positions as tantivy's
//! `SimpleTokenizer -> RemoveLongFilter -> LowerCaser [-> AsciiFoldingFilter]`, about a
//! third of the indexing time on Vietnamese text (profile of `vanban-bench put`).
//!
//! The chain walks every token four times and, for every non-ASCII letter, goes through the
//! slow path of `char::is_alphanumeric`, `char::to_lowercase` and a string copy per filter;
//! almost every Vietnamese syllable has such a letter. Here one table, filled at first use
//! from tantivy's own filters, gives for each character below U+2000 (Latin, Vietnamese,
//! Greek, Cyrillic) whether it is part of a word, its lower case and its folded form. A token
//! with a character beyond the table goes through the tantivy chain itself, so the result is
//! tantivy's by construction (and a property test compares the two).

use std::sync::OnceLock;
use tantivy::tokenizer::{
    AsciiFoldingFilter, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Characters below this code point are looked up in the table.
const TABLE_END: u32 = 0x2000;

struct CharInfo {
    word: bool,
    lower: Box<str>,
    folded: Box<str>,
}

fn table() -> &'static [CharInfo] {
    static TABLE: OnceLock<Vec<CharInfo>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut fold = TextAnalyzer::builder(RawTokenizer::default())
            .filter(AsciiFoldingFilter)
            .build();
        (0..TABLE_END)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else {
                    return CharInfo {
                        word: false,
                        lower: "".into(),
                        folded: "".into(),
                    };
                };
                let lower: String = c.to_lowercase().collect();
                let folded = first_token(&mut fold, &lower).unwrap_or_else(|| lower.clone());
                CharInfo {
                    word: c.is_alphanumeric(),
                    lower: lower.into(),
                    folded: folded.into(),
                }
            })
            .collect()
    })
}

fn first_token(a: &mut TextAnalyzer, s: &str) -> Option<String> {
    let mut ts = a.token_stream(s);
    ts.advance().then(|| ts.token().text.clone())
}

/// Is `c` part of a word (as `SimpleTokenizer` splits)?
fn is_word(c: char, t: &[CharInfo]) -> bool {
    match t.get(c as usize) {
        Some(i) => i.word,
        None => c.is_alphanumeric(),
    }
}

/// Tokenizer equivalent to the analyzer chain named in the module docs.
#[derive(Clone)]
pub(crate) struct VietTokenizer {
    fold: bool,
    max_len: usize,
    token: Token,
}

impl VietTokenizer {
    /// Lower case, folded (`fold`) or not, tokens of `max_len` bytes or more dropped.
    pub(crate) fn new(fold: bool, max_len: usize) -> VietTokenizer {
        VietTokenizer {
            fold,
            max_len,
            token: Token::default(),
        }
    }
}

/// Token stream of [`VietTokenizer`].
pub(crate) struct VietStream<'a> {
    text: &'a str,
    at: usize,
    fold: bool,
    max_len: usize,
    table: &'static [CharInfo],
    token: &'a mut Token,
}

impl Tokenizer for VietTokenizer {
    type TokenStream<'a> = VietStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietStream<'a> {
        self.token.reset();
        VietStream {
            text,
            at: 0,
            fold: self.fold,
            max_len: self.max_len,
            table: if text.is_ascii() { &[] } else { table() },
            token: &mut self.token,
        }
    }
}

impl VietStream<'_> {
    /// Byte range of the next run of word characters.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let b = self.text.as_bytes();
        let t = self.table;
        let mut i = self.at;
        // Skip separators.
        let start = loop {
            let &c = b.get(i)?;
            if c < 0x80 {
                if c.is_ascii_alphanumeric() {
                    break i;
                }
                i += 1;
            } else {
                let ch = self.text[i..].chars().next()?;
                if is_word(ch, t) {
                    break i;
                }
                i += ch.len_utf8();
            }
        };
        let mut end = start;
        while let Some(&c) = b.get(end) {
            if c < 0x80 {
                if !c.is_ascii_alphanumeric() {
                    break;
                }
                end += 1;
            } else {
                let Some(ch) = self.text[end..].chars().next() else {
                    break;
                };
                if !is_word(ch, t) {
                    break;
                }
                end += ch.len_utf8();
            }
        }
        self.at = end;
        Some((start, end))
    }

    fn fill(&mut self, word: &str) {
        let out = &mut self.token.text;
        out.clear();
        if word.is_ascii() {
            out.push_str(word);
            out.make_ascii_lowercase();
            return;
        }
        let t = self.table;
        if word.chars().all(|c| (c as u32) < TABLE_END) {
            for c in word.chars() {
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase());
                } else {
                    let i = &t[c as usize];
                    out.push_str(if self.fold { &i.folded } else { &i.lower });
                }
            }
            return;
        }
        // Beyond the table: tantivy's own filters on this token.
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        if self.fold {
            let mut fold = TextAnalyzer::builder(RawTokenizer::default())
                .filter(AsciiFoldingFilter)
                .build();
            out.push_str(&first_token(&mut fold, &lower).unwrap_or(lower));
        } else {
            out.push_str(&lower);
        }
    }
}

impl TokenStream for VietStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((start, end)) = self.next_word() else {
                return false;
            };
            // Every word takes a position, also one dropped for its length (as
            // RemoveLongFilter after SimpleTokenizer does).
            self.token.position = self.token.position.wrapping_add(1);
            if end - start >= self.max_len {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            let text = self.text;
            self.fill(&text[start..end]);
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer};

    /// The tantivy chain this tokenizer replaces.
    fn reference_chain(fold: bool, max_len: usize) -> TextAnalyzer {
        let b = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(max_len))
            .filter(LowerCaser);
        if fold {
            b.filter(AsciiFoldingFilter).build()
        } else {
            b.build()
        }
    }

    fn tokens(a: &mut TextAnalyzer, s: &str) -> Vec<(String, usize, usize, usize)> {
        let mut ts = a.token_stream(s);
        let mut v = Vec::new();
        while ts.advance() {
            let t = ts.token();
            v.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        v
    }

    fn same(s: &str) -> Result<(), TestCaseError> {
        for fold in [true, false] {
            let mut ours = TextAnalyzer::from(VietTokenizer::new(fold, 40));
            let mut theirs = reference_chain(fold, 40);
            prop_assert_eq!(
                tokens(&mut ours, s),
                tokens(&mut theirs, s),
                "fold {}",
                fold
            );
        }
        Ok(())
    }

    #[test]
    fn vietnamese_examples() {
        for s in [
            "Đẩy mạnh CHUYỂN ĐỔI số, Thuỷ lợi",
            "Kế hoạch số 184/KH-UBND ngày 07/12/2021",
            "ǅemal ΣΊΣΥΦΟΣ İstanbul straße ﬁne Ⅻ 東京 ２０２４ x\u{301}y",
            &"dài".repeat(20),
            "",
            "   ...  ",
        ] {
            same(s).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn equals_the_tantivy_chain(s in "([a-zA-Z0-9 ,./-]|[À-ỹ]|[ĐđƠơƯư]|[\\u{300}-\\u{36f}]|[Α-ω]|[\\u{2000}-\\u{2200}]|[一-龥]|[\\u{1F600}-\\u{1F64F}]){0,80}") {
            same(&s)?;
        }

        #[test]
        fn any_string(s in any::<String>()) {
            same(&s)?;
        }
    }
}
