//! Our pdf-extract output device: turns positioned glyphs into lines of text.
//!
//! It follows pdf-extract's own plain-text device (a new line when the baseline moves, a space
//! when a text run starts right of where the last one ended) with fixes for what that device
//! gets wrong on Vietnamese: a combining tone mark that is drawn back over its base letter moved
//! the "last end" to the left, so the next run of the same word got a space ("hoạc h").

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// Collects one page of text from pdf-extract.
#[derive(Debug, Default)]
pub struct PageText {
    out: String,
    page_height: f64,
    last_end: f64,
    last_y: f64,
    run_start: bool,
    any: bool,
}

impl PageText {
    /// An empty page.
    pub fn new() -> Self {
        Self::default()
    }

    /// The text collected so far.
    pub fn into_text(self) -> String {
        self.out
    }
}

fn is_combining(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
        })
}

impl OutputDev for PageText {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_height = media_box.ury - media_box.lly;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        // Device position with y growing downwards (what pdf-extract's flip matrix computes).
        let x = trm.m31;
        let y = self.page_height - trm.m32;
        let vx = font_size * trm.m11 + font_size * trm.m21;
        let vy = font_size * trm.m12 + font_size * trm.m22;
        let mut size = (vx * vy).abs().sqrt();
        if !size.is_finite() {
            size = 0.0;
        }
        let (x, y) = if x.is_finite() && y.is_finite() {
            (x, y)
        } else {
            (self.last_end, self.last_y)
        };
        let combining = is_combining(ch);
        if self.run_start && self.any && !combining {
            if (y - self.last_y).abs() > size * 1.5 {
                self.out.push('\n');
            }
            if x < self.last_end && (y - self.last_y).abs() > size * 0.5 {
                self.out.push('\n');
            }
            if x > self.last_end + size * 0.1 {
                self.out.push(' ');
            }
        }
        self.out.push_str(ch);
        self.run_start = false;
        self.any = true;
        let end = x + width * size;
        if combining {
            // A mark never ends the word further left than its base letter did.
            self.last_end = self.last_end.max(end);
        } else {
            self.last_end = end;
            self.last_y = y;
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.run_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f64, y: f64) -> Transform {
        Transform::row_major(1.0, 0.0, 0.0, 1.0, x, y)
    }

    fn mb() -> MediaBox {
        MediaBox {
            llx: 0.0,
            lly: 0.0,
            urx: 600.0,
            ury: 800.0,
        }
    }

    #[test]
    fn combining_mark_drawn_back_does_not_split_word() {
        let mut p = PageText::new();
        p.begin_page(1, &mb(), None).unwrap();
        p.begin_word().unwrap();
        for (i, c) in ["h", "o", "a", "c"].iter().enumerate() {
            p.output_character(&at(100.0 + 5.0 * i as f64, 700.0), 0.5, 0.0, 10.0, c)
                .unwrap();
        }
        // The dot below is drawn back over the "c", in its own run.
        p.begin_word().unwrap();
        p.output_character(&at(113.0, 700.0), 0.0, 0.0, 10.0, "\u{323}")
            .unwrap();
        p.begin_word().unwrap();
        p.output_character(&at(120.0, 700.0), 0.5, 0.0, 10.0, "h")
            .unwrap();
        assert_eq!(p.into_text(), "hoac\u{323}h");
    }

    #[test]
    fn new_line_and_space() {
        let mut p = PageText::new();
        p.begin_page(1, &mb(), None).unwrap();
        p.begin_word().unwrap();
        p.output_character(&at(100.0, 700.0), 0.5, 0.0, 10.0, "A")
            .unwrap();
        p.begin_word().unwrap();
        p.output_character(&at(110.0, 700.0), 0.5, 0.0, 10.0, "B")
            .unwrap();
        p.begin_word().unwrap();
        p.output_character(&at(100.0, 685.0), 0.5, 0.0, 10.0, "C")
            .unwrap();
        assert_eq!(p.into_text(), "A B\nC");
    }
}
