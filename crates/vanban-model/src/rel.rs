//! Relation types of the citation graph (`docs/spec/relations.md`).

use serde::{Deserialize, Serialize};

/// A relation type: `from rel to`.
///
/// The discriminant is the stored code (graph files keep it), so new types are added at the
/// end; [`Rel::ALL`] gives the display order.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Rel {
    /// "Căn cứ ...".
    BasedOn = 0,
    /// "thực hiện", "triển khai", "cụ thể hóa".
    Implements = 1,
    /// "sửa đổi, bổ sung".
    Amends = 2,
    /// "thay thế".
    Replaces = 3,
    /// "bãi bỏ".
    Repeals = 4,
    /// "hướng dẫn (thi hành)", "quy định chi tiết".
    Guides = 5,
    /// "ban hành kèm theo".
    IssuedWith = 6,
    /// Any other mention.
    #[default]
    Cites = 7,
    /// "X hết hiệu lực kể từ ngày ...": the citing document declares X ended.
    Terminates = 8,
    /// "đình chỉ", "ngưng hiệu lực".
    Suspends = 9,
    /// "đính chính".
    Corrects = 10,
    /// A consolidated text (VBHN) naming the documents it merges.
    Consolidates = 11,
}

impl Rel {
    /// Every relation in display order, strongest first, `cites` last.
    pub const ALL: [Rel; 12] = [
        Rel::BasedOn,
        Rel::Implements,
        Rel::Amends,
        Rel::Replaces,
        Rel::Repeals,
        Rel::Terminates,
        Rel::Suspends,
        Rel::Corrects,
        Rel::Guides,
        Rel::IssuedWith,
        Rel::Consolidates,
        Rel::Cites,
    ];

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Rel::BasedOn => "based_on",
            Rel::Implements => "implements",
            Rel::Amends => "amends",
            Rel::Replaces => "replaces",
            Rel::Repeals => "repeals",
            Rel::Guides => "guides",
            Rel::IssuedWith => "issued_with",
            Rel::Cites => "cites",
            Rel::Terminates => "terminates",
            Rel::Suspends => "suspends",
            Rel::Corrects => "corrects",
            Rel::Consolidates => "consolidates",
        }
    }

    /// Parse a relation name (`based_on`, `based-on`, `implements`, ...).
    pub fn parse(s: &str) -> Option<Rel> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Rel::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// How the legal database's "lược đồ" names the documents on the receiving end
    /// ("Văn bản được căn cứ": the documents this one is based on).
    pub fn inverse_label(self) -> &'static str {
        match self {
            Rel::BasedOn => "Văn bản được căn cứ",
            Rel::Implements => "Văn bản được triển khai",
            Rel::Amends => "Văn bản bị sửa đổi bổ sung",
            Rel::Replaces => "Văn bản bị thay thế",
            Rel::Repeals => "Văn bản bị bãi bỏ",
            Rel::Guides => "Văn bản được hướng dẫn",
            Rel::IssuedWith => "Văn bản ban hành kèm theo",
            Rel::Cites => "Văn bản được dẫn chiếu",
            Rel::Terminates => "Văn bản bị quy định hết hiệu lực",
            Rel::Suspends => "Văn bản bị đình chỉ / ngưng hiệu lực",
            Rel::Corrects => "Văn bản bị đính chính",
            Rel::Consolidates => "Văn bản được hợp nhất",
        }
    }

    /// How the "lược đồ" names the documents acting on this one ("Văn bản căn cứ vào":
    /// the documents based on it).
    pub fn label(self) -> &'static str {
        match self {
            Rel::BasedOn => "Văn bản căn cứ vào",
            Rel::Implements => "Văn bản triển khai",
            Rel::Amends => "Văn bản sửa đổi bổ sung",
            Rel::Replaces => "Văn bản thay thế",
            Rel::Repeals => "Văn bản bãi bỏ",
            Rel::Guides => "Văn bản hướng dẫn",
            Rel::IssuedWith => "Văn bản kèm theo",
            Rel::Cites => "Văn bản dẫn chiếu",
            Rel::Terminates => "Văn bản quy định hết hiệu lực",
            Rel::Suspends => "Văn bản đình chỉ / ngưng hiệu lực",
            Rel::Corrects => "Văn bản đính chính",
            Rel::Consolidates => "Văn bản hợp nhất",
        }
    }

    /// The stored code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The relation of a stored code; unknown codes read as `cites`.
    pub fn from_code(c: u8) -> Rel {
        Rel::ALL
            .into_iter()
            .find(|r| r.code() == c)
            .unwrap_or(Rel::Cites)
    }
}

impl std::fmt::Display for Rel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_codes_and_serde_agree() {
        for r in Rel::ALL {
            assert_eq!(Rel::parse(r.as_str()), Some(r));
            assert_eq!(Rel::from_code(r.code()), r);
            let json = serde_json::to_string(&r).expect("serialize");
            assert_eq!(json, format!("\"{}\"", r.as_str()));
        }
        assert_eq!(Rel::parse("based-on"), Some(Rel::BasedOn));
        assert_eq!(Rel::from_code(200), Rel::Cites);
    }
}
