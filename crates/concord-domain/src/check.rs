//! Checks that several record kinds share: countries, tags, web addresses. Each adds what it
//! refuses to a [`ValidationErrors`] under the field name it is given.

use crate::country;
use crate::validation::{Problem, ValidationErrors};

/// Records `Malformed` unless `code` is a known ISO 3166-1 alpha-2 code.
pub fn check_country(errors: &mut ValidationErrors, field: &str, code: &str) {
    if country::country(code).is_none() {
        errors.add(
            field,
            Problem::Malformed {
                value: code.chars().take(20).collect(),
                expected: "an ISO 3166-1 alpha-2 country code such as SE".into(),
            },
        );
    }
}

/// Checks free tags: non-blank, at most 64 characters.
pub fn check_tags(errors: &mut ValidationErrors, tags: &[String]) {
    for (i, tag) in tags.iter().enumerate() {
        errors.require(&format!("tags[{i}]"), tag);
        errors.limit(&format!("tags[{i}]"), tag, 64);
    }
}

/// An absolute `http` or `https` address (the scheme in any case, RFC 3986) with a host,
/// without spaces or control characters.
pub fn is_web_url(s: &str) -> bool {
    let Some(rest) = strip_web_scheme(s) else {
        return false;
    };
    let host = host_of(rest);
    let host = host.split(':').next().unwrap_or_default();
    s.len() <= 2048
        && !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// What follows `http://` or `https://`, whatever the scheme's case.
fn strip_web_scheme(s: &str) -> Option<&str> {
    let (scheme, rest) = s.split_once("://")?;
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")).then_some(rest)
}

/// The authority of `rest` (what follows the scheme) without its user information.
fn host_of(rest: &str) -> &str {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority.rsplit('@').next().unwrap_or_default()
}

/// A web address as it is stored and compared: the scheme and host in lower case (they are
/// case-insensitive, RFC 3986; the path is not, so it stays), and a bare host
/// (`www.example.org/about`) completed with `https://`. `None` when even that is no web address.
pub fn normalise_web_url(s: &str) -> Option<String> {
    let s = s.trim();
    let full;
    let s = if s.contains("://") {
        s
    } else {
        full = format!("https://{s}");
        &full
    };
    let rest = strip_web_scheme(s)?;
    let scheme = &s[..s.len() - rest.len() - 3];
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_len);
    let host_start = authority.rfind('@').map_or(0, |i| i + 1);
    let (user, host) = authority.split_at(host_start);
    let out = format!(
        "{}://{user}{}{path}",
        scheme.to_ascii_lowercase(),
        host.to_lowercase()
    );
    is_web_url(&out).then_some(out)
}

/// Checks an optional web address.
pub fn check_url(errors: &mut ValidationErrors, field: &str, url: Option<&str>) {
    if let Some(u) = url
        && !is_web_url(u)
    {
        errors.add(
            field,
            Problem::Malformed {
                value: u.chars().take(100).collect(),
                expected: "an http or https address such as https://example.org/".into(),
            },
        );
    }
}

/// Whether `s` looks like an e-mail address: something, `@`, a domain with a dot, and no
/// white space anywhere.
pub fn is_email(s: &str) -> bool {
    s.split_once('@')
        .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'))
        && !s.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(is_web_url("https://www.bundesarchiv.de/"));
        assert!(is_web_url("http://example.org:8080/a?b#c"));
        for bad in [
            "ftp://x.org",
            "https://",
            "javascript:alert(1)",
            "https://a b.org",
            "example.org",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn web_addresses_are_stored_with_scheme_and_host_in_lower_case_and_a_bare_host_completed() {
        for (given, stored) in [
            ("HTTP://WWW.EXAMPLE.ORG/", Some("http://www.example.org/")),
            ("www.example.org", Some("https://www.example.org")),
            (
                " Museum.Example.ORG/Sammlung/A ",
                Some("https://museum.example.org/Sammlung/A"),
            ),
            (
                "HTTPS://Ann@Example.org:8080/X?Q=1",
                Some("https://Ann@example.org:8080/X?Q=1"),
            ),
            (
                "https://www.tropenmuseum.nl/",
                Some("https://www.tropenmuseum.nl/"),
            ),
            ("ftp://example.org", None),
            ("not a website", None),
            ("", None),
        ] {
            assert_eq!(normalise_web_url(given).as_deref(), stored, "{given:?}");
        }
        assert!(is_web_url("HTTP://WWW.EXAMPLE.ORG/"));
    }
}
