//! The reader's language: which one a page request gets (`?uselang=`, then the cookie the
//! language menu sets, then `Accept-Language`; see [`Lang::negotiate`]), the messages of
//! every language, and `POST /language`, the menu's form.

use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use concord_http::error::AppError;
use concord_http::security::{CsrfForm, cookie};
use concord_http::state::AppState;
use concord_i18n::{Lang, Localizer};
use serde::Deserialize;

use crate::{HtmlError, PageContext, see_other};

/// The cookie that remembers the language chosen in the menu.
pub const COOKIE: &str = "concord_lang";

/// The messages and formats of `lang` (the process's one catalogue, `concord_i18n::localizer`).
pub fn localizer(lang: Lang) -> &'static Localizer {
    concord_i18n::localizer(lang)
}

/// The language of a request, and its path and query without `uselang`: where the language
/// menu comes back to, since a `uselang` left in would override the language just chosen.
pub fn negotiate(parts: &Parts) -> (Lang, String) {
    let (uselang, back) = split_uselang(parts.uri.path(), parts.uri.query());
    let accept = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = Lang::negotiate(
        uselang.as_deref(),
        cookie::read(&parts.headers, COOKIE),
        accept,
    );
    (lang, back)
}

/// The first `uselang` of `query`, and `path` with the rest of the query, read once.
fn split_uselang(path: &str, query: Option<&str>) -> (Option<String>, String) {
    let Some(query) = query else {
        return (None, path.to_owned());
    };
    let mut uselang = None;
    let mut kept = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if name == "uselang" {
            uselang.get_or_insert_with(|| value.into_owned());
        } else {
            kept.append_pair(&name, &value);
            any = true;
        }
    }
    let back = if any {
        format!("{path}?{}", kept.finish())
    } else {
        path.to_owned()
    };
    (uselang, back)
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
    fn the_menu_comes_back_without_uselang_and_with_the_rest_of_the_query() {
        assert_eq!(split_uselang("/login", None), (None, "/login".to_owned()));
        assert_eq!(
            split_uselang("/login", Some("uselang=ar")),
            (Some("ar".to_owned()), "/login".to_owned())
        );
        assert_eq!(
            split_uselang("/login", Some("uselang=ar&next=%2Faccount&uselang=de")),
            (Some("ar".to_owned()), "/login?next=%2Faccount".to_owned())
        );
    }

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
