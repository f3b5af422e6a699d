//! The `Origin` check: an unsafe request (`POST`, `PUT`, `PATCH`, `DELETE`, …) that carries
//! cookies and names its origin must come from this site. A `null` or foreign origin is refused
//! with 403, before any handler runs. A request without cookies has no ambient credentials to
//! abuse (API clients send a bearer token), and one without `Origin` is left to the form's CSRF
//! token.
//!
//! "This site" is the request's own `Host` (or the URI's authority under HTTP/2); the scheme is
//! not compared, because behind a TLS-terminating proxy the server cannot see it. Must not
//! look at anything but the method and these headers.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// Middleware: refuses (403) an unsafe request with cookies from a `null` or foreign origin.
pub async fn guard(req: Request, next: Next) -> Response {
    match check(req.method(), req.uri(), req.headers()) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

/// Checks one request; `Err` is a 403 naming `csrf` and the refused origin.
pub fn check(method: &Method, uri: &Uri, headers: &HeaderMap) -> Result<(), AppError> {
    let safe = matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if safe || !headers.contains_key(header::COOKIE) {
        return Ok(());
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().unwrap_or("");
    let host = match headers.get(header::HOST) {
        Some(host) => host.to_str().ok(),
        None => uri.authority().map(|a| a.as_str()),
    };
    match host {
        Some(host) if same_site(origin, host) => Ok(()),
        _ => Err(AppError::Forbidden(format!(
            "csrf: a request from origin {origin:?} may not change this site; \
             send it from the site's own pages"
        ))),
    }
}

/// Whether `origin` (`scheme://host[:port]`) names the same host and port as `host`
/// (`host[:port]`). An omitted port is the scheme's default. `null` never matches.
fn same_site(origin: &str, host: &str) -> bool {
    let (default_port, authority) = if let Some(rest) = origin.strip_prefix("https://") {
        (443, rest)
    } else if let Some(rest) = origin.strip_prefix("http://") {
        (80, rest)
    } else {
        return false;
    };
    match (
        split_port(authority, default_port),
        split_port(host, default_port),
    ) {
        (Some((oh, op)), Some((hh, hp))) => {
            !oh.is_empty() && oh.eq_ignore_ascii_case(hh) && op == hp
        }
        _ => false,
    }
}

/// `host[:port]` into its host and port (the default when omitted); `None` when malformed or
/// when it has a path, user info or anything else an `Origin` or `Host` may not carry.
fn split_port(authority: &str, default_port: u16) -> Option<(&str, u16)> {
    if authority.contains(['/', '@', '?', '#', ' ']) {
        return None;
    }
    // An IPv6 literal keeps its colons inside brackets.
    let port_start = match authority.rfind(']') {
        Some(end) => authority[end..].find(':').map(|i| end + i),
        None => authority.rfind(':'),
    };
    match port_start {
        Some(i) => Some((&authority[..i], authority[i + 1..].parse().ok()?)),
        None => Some((authority, default_port)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sites_own_host_and_port_match() {
        for (origin, host, same) in [
            ("https://concord.example", "concord.example", true),
            ("https://Concord.Example", "concord.example", true),
            ("http://concord.example", "concord.example:80", true),
            ("https://concord.example", "concord.example:443", true),
            ("http://127.0.0.1:8080", "127.0.0.1:8080", true),
            ("http://[::1]:8080", "[::1]:8080", true),
            ("http://[::1]:8080", "[::1]:8081", false),
            ("http://127.0.0.1:8080", "127.0.0.1:8081", false),
            ("https://concord.example", "concord.example:8443", false),
            ("https://evil.example", "concord.example", false),
            (
                "https://concord.example.evil.example",
                "concord.example",
                false,
            ),
            ("null", "concord.example", false),
            ("", "concord.example", false),
            ("https://", "", false),
            ("ftp://concord.example", "concord.example", false),
            ("https://concord.example/path", "concord.example", false),
            ("https://user@concord.example", "concord.example", false),
            ("https://concord.example:x", "concord.example", false),
        ] {
            assert_eq!(same_site(origin, host), same, "{origin} vs {host}");
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn only_unsafe_requests_with_cookies_and_a_foreign_origin_are_refused() {
        let uri: Uri = "/x".parse().unwrap();
        let foreign = [
            ("host", "concord.example"),
            ("origin", "https://evil.example"),
        ];
        let with_cookie = [foreign.as_slice(), &[("cookie", "concord_csrf=a")]].concat();
        assert!(check(&Method::POST, &uri, &headers(&with_cookie)).is_err());
        assert!(check(&Method::DELETE, &uri, &headers(&with_cookie)).is_err());
        assert!(check(&Method::GET, &uri, &headers(&with_cookie)).is_ok());
        assert!(check(&Method::POST, &uri, &headers(&foreign)).is_ok());
        let no_origin = [("host", "concord.example"), ("cookie", "a=b")];
        assert!(check(&Method::POST, &uri, &headers(&no_origin)).is_ok());
        let no_host = [("origin", "https://concord.example"), ("cookie", "a=b")];
        assert!(check(&Method::POST, &uri, &headers(&no_host)).is_err());
        let h2: Uri = "https://concord.example/x".parse().unwrap();
        assert!(check(&Method::POST, &h2, &headers(&no_host)).is_ok());
    }

    #[test]
    fn a_refusal_is_a_403_naming_csrf() {
        let h = headers(&[("host", "a"), ("origin", "null"), ("cookie", "a=b")]);
        let e = check(&Method::POST, &"/".parse().unwrap(), &h).unwrap_err();
        assert_eq!(e.status(), 403);
        assert!(e.to_string().starts_with("csrf: "), "{e}");
    }
}
