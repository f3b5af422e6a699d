//! The stylesheets and the forms' small script, compiled into the binary: Codex 2.6.2 and its design tokens
//! (GPL-2.0-or-later, unmodified; see `assets/codex/README.md`) and Concord's own. Each URL
//! names its version, so browsers cache them for a year; Concord's own sheet is named by a
//! hash of its content, so a change reaches every browser at once.

use std::sync::LazyLock;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use concord_http::state::AppState;

/// Codex's components, left to right.
pub const CODEX: &str = "/assets/codex-2.6.2.css";
/// Codex's components, right to left (Arabic, Persian).
pub const CODEX_RTL: &str = "/assets/codex-2.6.2-rtl.css";
/// Codex's design tokens as CSS custom properties, light mode.
pub const TOKENS: &str = "/assets/codex-tokens-2.6.2.css";
/// The tokens' dark mode, linked with `media="(prefers-color-scheme: dark)"`.
pub const TOKENS_DARK: &str = "/assets/codex-tokens-dark-2.6.2.css";

const CONCORD_CSS: &str = include_str!("../assets/concord.css");

const FORMS_JS_BODY: &str = include_str!("../assets/forms.js");

/// The forms' script (suggestions while an organisation is typed; see `assets/forms.js`),
/// named by a hash of its content. Only an enhancement: every form works without it.
pub static FORMS_JS: LazyLock<String> =
    LazyLock::new(|| format!("/assets/forms-{:016x}.js", fnv1a(FORMS_JS_BODY.as_bytes())));

/// Concord's own stylesheet's path, named by a hash of its content.
pub static CONCORD: LazyLock<String> =
    LazyLock::new(|| format!("/assets/concord-{:016x}.css", fnv1a(CONCORD_CSS.as_bytes())));

/// The stylesheets' routes.
pub fn routes() -> Router<AppState> {
    let fixed: [(&str, &'static str); 4] = [
        (CODEX, include_str!("../assets/codex/codex.style.css")),
        (
            CODEX_RTL,
            include_str!("../assets/codex/codex.style-rtl.css"),
        ),
        (
            TOKENS,
            include_str!("../assets/codex/theme-wikimedia-ui.css"),
        ),
        (
            TOKENS_DARK,
            include_str!("../assets/codex/theme-wikimedia-ui-mode-dark.css"),
        ),
    ];
    fixed
        .into_iter()
        .fold(Router::new(), |router, (path, body)| {
            router.route(path, get(move || async move { css(body) }))
        })
        .route(&CONCORD, get(|| async { css(CONCORD_CSS) }))
        .route(&FORMS_JS, get(|| async { script(FORMS_JS_BODY) }))
}

fn script(body: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        body,
    )
        .into_response()
}

fn css(body: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        body,
    )
        .into_response()
}

/// FNV-1a, 64 bits: a content name for a cache-busting URL, not a security hash (a few lines
/// rather than a dependency).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_stylesheet_is_named_by_its_content() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fnv1a(b"a{}"), fnv1a(b"b{}"));
        assert!(CONCORD.starts_with("/assets/concord-") && CONCORD.ends_with(".css"));
        assert!(FORMS_JS.starts_with("/assets/forms-") && FORMS_JS.ends_with(".js"));
    }
}
