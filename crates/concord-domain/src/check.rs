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

/// An absolute `http` or `https` address with a host, without spaces or control characters.
pub fn is_web_url(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default();
    s.len() <= 2048
        && !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
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
}
