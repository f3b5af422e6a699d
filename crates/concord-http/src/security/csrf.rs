//! CSRF protection for HTML forms, by double submit: a page that renders a form issues a random
//! token ([`CsrfToken`]) both as the `concord_csrf` cookie and as the hidden field `csrf`; the
//! form's handler takes its body through [`CsrfForm`], which accepts it only when the two are
//! equal (compared in constant time) and the request passed the `Origin` check.
//!
//! Another site can make a browser send our cookie, but it can neither read it nor set it, so it
//! cannot put the same value in the form. `SameSite=Lax` and the `Origin` check are further
//! walls. Must not decide anything but "did this form come from our page"; the handler still
//! checks who may do what.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponseParts, ResponseParts};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use crate::error::AppError;
use crate::security::origin;
use crate::state::AppState;

/// The cookie that carries the token.
pub const COOKIE: &str = "concord_csrf";
/// The form field that carries the token.
pub const FIELD: &str = "csrf";
/// Bytes of randomness in a token (43 characters of URL-safe base64).
const TOKEN_BYTES: usize = 32;
const FORM: &str = "application/x-www-form-urlencoded";

/// A token for a page that renders a form: put [`CsrfToken::value`] in the hidden field `csrf`
/// and return the token among the response's parts, which sets the cookie.
#[derive(Clone, Debug)]
pub struct CsrfToken {
    value: String,
    set_cookie: HeaderValue,
}

impl CsrfToken {
    /// The token for a form on a page requested with `headers`: the browser's current one when
    /// its cookie holds a well-formed token (so forms open in several tabs all stay valid),
    /// otherwise a new one. `secure` adds the `Secure` attribute (the site is served over HTTPS).
    ///
    /// Fails (500) only when the operating system's random source fails.
    pub fn for_form(headers: &HeaderMap, secure: bool) -> Result<Self, AppError> {
        let value = match cookie_token(headers) {
            Some(token) if is_well_formed(token) => token.to_owned(),
            _ => new_token()?,
        };
        let set_cookie =
            HeaderValue::from_str(&set_cookie(&value, secure)).map_err(AppError::internal)?;
        Ok(Self { value, set_cookie })
    }

    /// The token, for the hidden field `csrf`.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl IntoResponseParts for CsrfToken {
    type Error = std::convert::Infallible;

    /// Sets the cookie, and `Cache-Control: no-store`: a cached page would hand its token to
    /// a browser whose cookie holds another.
    fn into_response_parts(self, mut res: ResponseParts) -> Result<ResponseParts, Self::Error> {
        let headers = res.headers_mut();
        headers.append(header::SET_COOKIE, self.set_cookie);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        Ok(res)
    }
}

/// A URL-encoded form body decoded into `T`, accepted only when its `csrf` field equals the
/// `concord_csrf` cookie and the `Origin` check passed. The `csrf` field is removed before
/// decoding, so `T` need not (and should not) have it.
///
/// Rejections: 403 naming `csrf` (no cookie, no field, a mismatch, a foreign origin), 415 for
/// another content type, 413 over the body limit, 422 naming the field `T` refused.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        origin::check(req.method(), req.uri(), req.headers())?;
        check_content_type(req.headers())?;
        let cookie = cookie_token(req.headers()).map(str::to_owned);
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge {
                    limit: state.config.body_limit_bytes,
                }
            } else {
                AppError::bad_field("body", "unreadable", rejection.body_text())
            }
        })?;
        let (field, rest) = split_token(&bytes)?;
        verify(cookie.as_deref(), field.as_deref())?;
        decode_form(&rest).map(CsrfForm)
    }
}

/// Refuses (403) unless both tokens are present, well-formed and equal.
pub fn verify(cookie: Option<&str>, field: Option<&str>) -> Result<(), AppError> {
    let refused = |why: &str| Err(AppError::Forbidden(format!("csrf: {why}")));
    match (cookie, field) {
        (None, _) => {
            refused("the csrf cookie is missing; allow cookies, reload the form and send it again")
        }
        (_, None) => refused("the form has no csrf field; reload the form and send it again"),
        (Some(cookie), Some(field)) if is_well_formed(cookie) && tokens_match(cookie, field) => {
            Ok(())
        }
        _ => refused(
            "the form's csrf token does not match its cookie; reload the form and send it again",
        ),
    }
}

/// Whether two tokens are equal, in time that depends only on their lengths.
pub fn tokens_match(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The `Set-Cookie` value for `token`: readable by no script, sent on same-site requests and
/// top-level navigations only, for the whole site.
pub fn set_cookie(token: &str, secure: bool) -> String {
    super::cookie::set(COOKIE, token, secure)
}

/// A new token: [`TOKEN_BYTES`] from the operating system's CSPRNG, URL-safe base64.
fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(AppError::internal)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Whether `token` is one we could have issued.
fn is_well_formed(token: &str) -> bool {
    URL_SAFE_NO_PAD
        .decode(token)
        .is_ok_and(|bytes| bytes.len() == TOKEN_BYTES)
}

/// The first `concord_csrf` cookie (browsers send the most specific first).
fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    super::cookie::read(headers, COOKIE)
}

/// Refuses (415) a body that is not URL-encoded (an optional UTF-8 charset is fine).
fn check_content_type(headers: &HeaderMap) -> Result<(), AppError> {
    let value = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (essence, params) = value.split_once(';').unwrap_or((value, ""));
    let charset_ok = params.trim().is_empty()
        || params
            .trim()
            .replace('"', "")
            .eq_ignore_ascii_case("charset=utf-8");
    if essence.trim().eq_ignore_ascii_case(FORM) && charset_ok {
        Ok(())
    } else {
        Err(AppError::UnsupportedMediaType { expected: FORM })
    }
}

/// Takes the `csrf` field out of a form body: `(its value, the rest re-encoded)`. Sending it
/// twice is refused (403): which one counts would be a guess.
fn split_token(body: &[u8]) -> Result<(Option<String>, String), AppError> {
    let mut token = None;
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(body) {
        if name != FIELD {
            rest.append_pair(&name, &value);
        } else if token.replace(value.into_owned()).is_some() {
            return Err(AppError::Forbidden(
                "csrf: the form has more than one csrf field".to_owned(),
            ));
        }
    }
    Ok((token, rest.finish()))
}

/// Decodes a URL-encoded body into `T`; a refusal (422) names the field at fault.
fn decode_form<T: DeserializeOwned>(body: &str) -> Result<T, AppError> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(body.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let message = e.inner().to_string();
        let path = e.path().to_string();
        let (problem, named) = if message.starts_with("missing field") {
            ("required", message.split('`').nth(1))
        } else if message.starts_with("unknown field") {
            ("unknown_field", message.split('`').nth(1))
        } else {
            ("invalid_type", None)
        };
        let field = match named {
            Some(name) => name.to_owned(),
            None if path != "." => path,
            None => "body".to_owned(),
        };
        AppError::unprocessable_field(field, problem, message)
    })
}

#[cfg(test)]
#[path = "csrf_tests.rs"]
mod tests;
