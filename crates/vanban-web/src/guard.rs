//! Limits and security headers on every response: read-only methods, bounded URL and header
//! sizes, a time limit per request, and a Content-Security-Policy that allows only this
//! server's stylesheet (no scripts at all, nothing from elsewhere).

use crate::render;
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// Longest accepted request target (path and query).
pub const MAX_URI: usize = 4096;
/// Most bytes of request headers accepted (names and values together).
pub const MAX_HEADERS: usize = 16 * 1024;

/// The policy: own stylesheet and images only, no script, no framing, forms to this server.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The middleware.
pub async fn guard(req: Request<Body>, next: Next, timeout: Duration) -> Response {
    let mut resp = match check(&req) {
        Some(refused) => refused,
        None => match tokio::time::timeout(timeout, next.run(req)).await {
            Ok(r) => r,
            Err(_) => render::error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Máy chủ trả lời quá lâu, xin thử lại.",
            ),
        },
    };
    let h = resp.headers_mut();
    // Files served from the corpus set their own (stricter) policy.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}

/// A refusal, or `None` when the request may go on.
fn check(req: &Request<Body>) -> Option<Response> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = render::error_page(
            StatusCode::METHOD_NOT_ALLOWED,
            "Trang này chỉ để đọc (chỉ nhận GET).",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Some(r);
    }
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI {
        return Some(render::error_page(
            StatusCode::URI_TOO_LONG,
            "Địa chỉ quá dài.",
        ));
    }
    let headers: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len())
        .sum();
    if headers > MAX_HEADERS {
        return Some(
            (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "Tiêu đề yêu cầu quá lớn.",
            )
                .into_response(),
        );
    }
    // GET carries no body; one announced anyway is refused rather than read.
    let body_len = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    if body_len > 0 || req.headers().contains_key(header::TRANSFER_ENCODING) {
        return Some(render::error_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Yêu cầu không được có nội dung.",
        ));
    }
    None
}
