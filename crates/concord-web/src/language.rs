//! The reader's language: which one a page request gets (`?uselang=`, then the cookie the
//! language menu sets, then `Accept-Language`; see [`Lang::negotiate`]), the messages of
//! every language, and `POST /language`, the menu's form.

use std::sync::LazyLock;

use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use concord_http::error::AppError;
use concord_http::security::{CsrfForm, cookie};
use concord_http::state::AppState;
use concord_i18n::{Catalog, Lang, Localizer};
use serde::Deserialize;

use crate::{HtmlError, PageContext, see_other};

/// The cookie that remembers the language chosen in the menu.
pub const COOKIE: &str = "concord_lang";

/// Every language's messages, parsed on first use. Immutable and compiled in, so one per
/// process; problems with the files are reported by `concord-i18n`'s catalogue test.
static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::builtin);

/// The messages and formats of `lang`.
pub fn localizer(lang: Lang) -> &'static Localizer {
    CATALOG.get(lang)
}

/// The language of a request.
pub fn negotiate(parts: &Parts) -> Lang {
    let uselang = parts.uri.query().and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == "uselang")
            .map(|(_, value)| value.into_owned())
    });
    let accept = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(
        uselang.as_deref(),
        cookie::read(&parts.headers, COOKIE),
        accept,
    )
}

/// The language menu's form.
#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    /// The chosen language's code (`de`, `pt-br`, …).
    lang: String,
    /// The page to go back to: a local path.
    #[serde(default)]
    back: String,
}

/// `POST /language`: remembers the chosen language in a cookie for a year and goes back to
/// the page the menu was on.
pub async fn choose(
    ctx: PageContext,
    State(state): State<AppState>,
    form: Result<CsrfForm<LanguageForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let Some(lang) = Lang::from_code(&form.lang).filter(|l| *l != Lang::Qqx) else {
        let t = ctx.t();
        return Err(ctx.error_page_with(HtmlError::page(
            StatusCode::BAD_REQUEST,
            &t.msg("concord-language-unknown-title"),
            &t.msg_with("concord-language-unknown", &[form.lang.into()]),
        )));
    };
    let value = format!(
        "{}; Max-Age=31536000",
        cookie::set(COOKIE, lang.code(), state.auth.secure_cookies)
    );
    let value = HeaderValue::from_str(&value).map_err(AppError::internal)?;
    see_other(local_path(&form.back), Some(value))
}

/// `back` when it is a path on this site, else `/`: the form must not send a reader away.
fn local_path(back: &str) -> &str {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && !back.chars().any(char::is_control);
    if local { back } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_gone_back_to() {
        assert_eq!(local_path("/account?tab=tokens"), "/account?tab=tokens");
        for away in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil",
            "",
            "account",
        ] {
            assert_eq!(local_path(away), "/", "{away}");
        }
    }
}
