//! Query strings, parsed leniently (any bytes decode; repeated keys kept) and checked for
//! size, and the URL building the pages need.

/// Longest accepted value of one parameter (a query is a number or a few words).
pub const MAX_VALUE: usize = 400;
/// Most parameters accepted in one query string.
pub const MAX_PARAMS: usize = 40;

/// The parameters of one request.
#[derive(Default, Debug)]
pub struct Params(Vec<(String, String)>);

/// Why a query string was refused.
#[derive(Debug)]
pub struct BadQuery(pub String);

impl Params {
    /// Parse a raw query string (`None`: no query).
    pub fn parse(raw: Option<&str>) -> Result<Params, BadQuery> {
        let raw = raw.unwrap_or("");
        let mut out = Vec::new();
        for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
            if out.len() >= MAX_PARAMS {
                return Err(BadQuery("quá nhiều tham số".into()));
            }
            if v.chars().count() > MAX_VALUE || k.len() > 40 {
                return Err(BadQuery(format!(
                    "giá trị quá dài (tối đa {MAX_VALUE} ký tự)"
                )));
            }
            // Control characters are never part of a clerk's query.
            let v: String = v.chars().filter(|c| !c.is_control()).collect();
            out.push((k.into_owned(), v));
        }
        Ok(Params(out))
    }

    /// The first non-empty value of `name`, trimmed.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .find(|v| !v.is_empty())
    }

    /// Every non-empty value of `name` (also comma-separated ones).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A whole number within `lo..=hi`, `default` when absent.
    pub fn number(
        &self,
        name: &str,
        default: usize,
        lo: usize,
        hi: usize,
    ) -> Result<usize, BadQuery> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (lo..=hi).contains(&n) => Ok(n),
                _ => Err(BadQuery(format!(
                    "tham số {name} phải là số từ {lo} đến {hi}"
                ))),
            },
        }
    }
}

/// Percent-encode a value for a query string.
pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Percent-encode a path, keeping `/` (keys such as `184/KH-UBND` read as written).
pub fn enc_path(s: &str) -> String {
    encode(s, true)
}

/// Percent-encode one path segment (`/` too).
pub fn enc_segment(s: &str) -> String {
    encode(s, false)
}

fn encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b'/' if keep_slash => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    // A key never starts a path with dots the browser would resolve away.
    out.replace("/./", "/%2E/").replace("/../", "/%2E%2E/")
}

/// A URL with `pairs` as its query string (empty values left out).
pub fn url(path: &str, pairs: &[(&str, &str)]) -> String {
    let q: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", q.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_bounds() {
        let p =
            Params::parse(Some("q=184+kh%20ubnd&rel=based_on&rel=cites,amends&page=2")).unwrap();
        assert_eq!(p.get("q"), Some("184 kh ubnd"));
        assert_eq!(p.all("rel"), ["based_on", "cites", "amends"]);
        assert_eq!(p.number("page", 1, 1, 50).unwrap(), 2);
        assert!(p.number("q", 1, 1, 50).is_err());
        assert!(Params::parse(Some(&format!("q={}", "a".repeat(MAX_VALUE + 1)))).is_err());
        let bad = Params::parse(Some("q=%ZZ%ff%00x")).unwrap();
        assert_eq!(bad.get("q"), Some("%ZZ\u{fffd}x"));
    }

    #[test]
    fn encodes() {
        assert_eq!(enc_path("184/KH-UBND"), "184/KH-UBND");
        assert_eq!(enc_path("12/QĐ-UBND"), "12/Q%C4%90-UBND");
        assert_eq!(
            url("/search", &[("q", "a b"), ("kind", "")]),
            "/search?q=a+b"
        );
    }
}
