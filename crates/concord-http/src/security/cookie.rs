//! Reading and writing our cookies. Every cookie Concord sets is `HttpOnly`, `SameSite=Lax`,
//! on `Path=/`, and `Secure` when the site is served over HTTPS.

use axum::http::HeaderMap;
use axum::http::header;

/// The value of the cookie `name` in a request's `Cookie` headers, if any.
pub fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// A `Set-Cookie` value for `name=value` that lasts as long as the browser session.
pub fn set(name: &str, value: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

/// A `Set-Cookie` value that removes the cookie `name`.
pub fn clear(name: &str, secure: bool) -> String {
    format!("{}; Max-Age=0", set(name, "", secure))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn a_cookie_is_found_among_several_headers_and_pairs() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; b=2"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("concord_session=xyz"),
        );
        assert_eq!(read(&headers, "b"), Some("2"));
        assert_eq!(read(&headers, "concord_session"), Some("xyz"));
        assert_eq!(read(&headers, "c"), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        assert_eq!(set("n", "v", false), "n=v; Path=/; HttpOnly; SameSite=Lax");
        assert_eq!(
            set("n", "v", true),
            "n=v; Path=/; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(clear("n", true).ends_with("; Secure; Max-Age=0"));
    }
}
