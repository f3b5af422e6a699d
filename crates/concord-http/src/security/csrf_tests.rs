//! Unit tests of `csrf.rs`: tokens, their comparison, the cookie, and the body split.

use super::*;
use axum::response::IntoResponse;

fn with_cookie(value: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(header::COOKIE, value.parse().unwrap());
    h
}

#[test]
fn tokens_are_32_random_bytes_in_url_safe_base64() {
    let (a, b) = (new_token().unwrap(), new_token().unwrap());
    assert_ne!(a, b);
    assert_eq!(a.len(), 43);
    assert!(
        a.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    );
    assert!(is_well_formed(&a));
}

#[test]
fn only_tokens_we_could_have_issued_are_well_formed() {
    let ok = URL_SAFE_NO_PAD.encode([7u8; 32]);
    assert!(is_well_formed(&ok));
    for bad in [
        "",
        "abc",
        &URL_SAFE_NO_PAD.encode([7u8; 31]),
        &format!("{ok}="),
    ] {
        assert!(!is_well_formed(bad), "{bad}");
    }
}

#[test]
fn tokens_match_only_when_equal() {
    let t = new_token().unwrap();
    assert!(tokens_match(&t, &t.clone()));
    let mut flipped = t.clone().into_bytes();
    flipped[42] = if flipped[42] == b'A' { b'B' } else { b'A' };
    assert!(!tokens_match(&t, std::str::from_utf8(&flipped).unwrap()));
    assert!(!tokens_match(&t, &t[..42]));
    assert!(!tokens_match(&t, ""));
    assert!(tokens_match("", ""));
}

#[test]
fn verification_needs_both_tokens_well_formed_and_equal() {
    let t = new_token().unwrap();
    let other = new_token().unwrap();
    assert!(verify(Some(&t), Some(&t)).is_ok());
    for (cookie, field, says) in [
        (None, Some(t.as_str()), "cookie is missing"),
        (Some(t.as_str()), None, "no csrf field"),
        (Some(t.as_str()), Some(other.as_str()), "does not match"),
        (Some(""), Some(""), "does not match"),
        (Some("short"), Some("short"), "does not match"),
    ] {
        let e = verify(cookie, field).unwrap_err();
        assert_eq!(e.status(), 403);
        assert!(e.to_string().starts_with("csrf: "), "{e}");
        assert!(e.to_string().contains(says), "{e}");
    }
}

#[test]
fn the_cookie_is_http_only_same_site_lax_for_the_whole_site() {
    assert_eq!(
        set_cookie("tok", false),
        "concord_csrf=tok; Path=/; HttpOnly; SameSite=Lax"
    );
    assert_eq!(
        set_cookie("tok", true),
        "concord_csrf=tok; Path=/; HttpOnly; SameSite=Lax; Secure"
    );
}

#[test]
fn a_form_reuses_the_browsers_token_and_replaces_a_bad_one() {
    let t = new_token().unwrap();
    let kept = CsrfToken::for_form(&with_cookie(&format!("a=b; concord_csrf={t}")), false);
    assert_eq!(kept.unwrap().value(), t);
    let fresh = CsrfToken::for_form(&with_cookie("concord_csrf=forged"), false).unwrap();
    assert_ne!(fresh.value(), "forged");
    assert!(is_well_formed(fresh.value()));
    let none = CsrfToken::for_form(&HeaderMap::new(), false).unwrap();
    assert!(is_well_formed(none.value()));
}

#[test]
fn issuing_a_token_sets_the_cookie_and_forbids_caching() {
    let token = CsrfToken::for_form(&HeaderMap::new(), true).unwrap();
    let expected = set_cookie(token.value(), true);
    let response = (token, "page").into_response();
    assert_eq!(response.headers()[header::SET_COOKIE], expected.as_str());
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
}

#[test]
fn the_token_field_is_taken_out_of_the_body() {
    let (token, rest) = split_token(b"name=A+b&csrf=t%2Bk&note=x%26y").unwrap();
    assert_eq!(token.as_deref(), Some("t+k"));
    assert_eq!(rest, "name=A+b&note=x%26y");
    assert_eq!(split_token(b"name=A").unwrap(), (None, "name=A".to_owned()));
    assert_eq!(split_token(b"csrf=a&csrf=a").unwrap_err().status(), 403);
}

#[test]
fn only_url_encoded_bodies_are_taken() {
    for (ct, ok) in [
        ("application/x-www-form-urlencoded", true),
        ("application/x-www-form-urlencoded; charset=UTF-8", true),
        ("multipart/form-data; boundary=x", false),
        ("text/plain", false),
        ("application/x-www-form-urlencoded; charset=latin1", false),
    ] {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, ct.parse().unwrap());
        assert_eq!(check_content_type(&h).is_ok(), ok, "{ct}");
    }
    assert!(check_content_type(&HeaderMap::new()).is_err());
}

#[test]
fn a_refused_form_field_is_named() {
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only decoded")]
    struct Note {
        text: String,
        count: u8,
    }
    let field = |body: &str| match decode_form::<Note>(body).unwrap_err() {
        AppError::Unprocessable { errors, .. } => {
            (errors[0].field.clone(), errors[0].problem.clone())
        }
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(field("count=1"), ("text".into(), "required".into()));
    assert_eq!(
        field("text=a&count=x"),
        ("count".into(), "invalid_type".into())
    );
    assert_eq!(
        field("text=a&count=1&csrf=t"),
        ("csrf".into(), "unknown_field".into())
    );
}
