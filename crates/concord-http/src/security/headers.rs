//! The security headers set on every response, whatever produced it: pages, the API, problem
//! bodies, fallbacks (404, 405), the body limit (413) and the panic catcher (500).
//!
//! The values are fixed and override any a handler set, so no handler can weaken them by
//! accident; a page that needs another policy must change it here. Must not depend on the
//! request: the same headers go on every response.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::response::SetMultipleResponseHeadersLayer;

/// The Content-Security-Policy: everything from our own origin only, no inline scripts or
/// styles, no plugins, no `<base>`, forms post only to us, and no framing (clickjacking).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Every header this layer sets, with its value.
pub const SECURITY_HEADERS: [(HeaderName, &str); 5] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    // For browsers that predate `frame-ancestors`.
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

/// Wraps `router` so that every response carries [`SECURITY_HEADERS`]. Apply it outermost, so
/// that responses made by other layers (the 5xx reporter, the panic catcher) get them too.
pub fn apply(router: Router) -> Router {
    let headers = SECURITY_HEADERS
        .into_iter()
        .map(|(name, value)| (name, HeaderValue::from_static(value)).into())
        .collect();
    router.layer(SetMultipleResponseHeadersLayer::overriding(headers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use axum::response::IntoResponse;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn weak() -> impl IntoResponse {
        ([(header::X_FRAME_OPTIONS, "ALLOWALL")], "framed")
    }

    #[tokio::test]
    async fn a_handler_cannot_weaken_a_security_header() {
        let app = apply(Router::new().route("/", get(weak)));
        let request = Request::builder().uri("/").body(Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        let values: Vec<_> = response
            .headers()
            .get_all(header::X_FRAME_OPTIONS)
            .iter()
            .collect();
        assert_eq!(values, ["DENY"]);
    }

    #[test]
    fn the_policy_allows_no_inline_script_or_style() {
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
        assert!(CONTENT_SECURITY_POLICY.contains("script-src 'self';"));
        assert!(CONTENT_SECURITY_POLICY.ends_with("frame-ancestors 'none'"));
    }
}
