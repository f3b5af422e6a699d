//! Pages: the reader's language — `?uselang=` (with `qqx` showing keys), then the cookie the
//! language menu sets, then `Accept-Language`; `<html lang dir>` and the right-to-left
//! stylesheet for Arabic and Persian; a menu that only ever goes back to this site.

use axum::http::{Method, StatusCode};

use crate::support::{Backend, TestApp};

on_both_backends!(
    the_browser_language_is_used_until_one_is_chosen,
    arabic_and_persian_pages_are_right_to_left,
    uselang_qqx_shows_the_message_keys,
    the_language_menu_remembers_the_choice_and_goes_back,
    the_language_menu_refuses_unknown_languages_and_foreign_pages,
    the_stylesheets_are_served_and_cached,
);

async fn page(app: &TestApp, path: &str, accept: Option<&str>, cookie: Option<&str>) -> String {
    let mut req = app.request(Method::GET, path);
    if let Some(accept) = accept {
        req = req.header("accept-language", accept);
    }
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    let response = req.send().await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text);
    response.text
}

async fn the_browser_language_is_used_until_one_is_chosen(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let german = page(&app, "/login", Some("de-AT, en;q=0.5"), None).await;
    assert!(german.contains(r#"<html lang="de" dir="ltr">"#), "{german}");
    assert!(german.contains("Zum Inhalt springen"), "{german}");
    assert!(german.contains(">Benutzername<"), "{german}");
    let chosen = page(&app, "/login", Some("de"), Some("concord_lang=sv")).await;
    assert!(chosen.contains(r#"<html lang="sv""#));
    let forced = page(
        &app,
        "/login?uselang=es",
        Some("de"),
        Some("concord_lang=sv"),
    )
    .await;
    assert!(forced.contains(r#"<html lang="es""#));
    assert!(forced.contains("Saltar al contenido"));
    assert!(
        forced.contains(r#"name="back" value="/login""#),
        "the menu must not come back to ?uselang=, which would beat the choice"
    );
    let fallback = page(&app, "/login", Some("tlh, xx;q=0.9"), None).await;
    assert!(fallback.contains(r#"<html lang="en" dir="ltr">"#));
}

async fn arabic_and_persian_pages_are_right_to_left(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    for (code, tag) in [("ar", "ar"), ("fa", "fa")] {
        let html = page(&app, &format!("/login?uselang={code}"), None, None).await;
        assert!(
            html.contains(&format!(r#"<html lang="{tag}" dir="rtl">"#)),
            "{html}"
        );
        assert!(html.contains("/assets/codex-2.6.2-rtl.css"));
        assert!(!html.contains(r#"href="/assets/codex-2.6.2.css""#));
    }
    let english = page(&app, "/login", None, None).await;
    assert!(english.contains(r#"href="/assets/codex-2.6.2.css""#));
}

async fn uselang_qqx_shows_the_message_keys(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let html = page(&app, "/login?uselang=qqx", None, None).await;
    assert!(html.contains("(concord-skip-to-content)"), "{html}");
    assert!(html.contains("(concord-nav-login)"));
    // Only `?uselang=` shows keys; a cookie naming qqx is ignored.
    let html = page(&app, "/login", None, Some("concord_lang=qqx")).await;
    assert!(html.contains("Skip to content"));
}

async fn the_language_menu_remembers_the_choice_and_goes_back(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let menu = page(&app, "/login", None, None).await;
    assert!(menu.contains(r#"<option value="pt-br" lang="pt-BR">português do Brasil</option>"#));
    assert!(menu.contains(r#"<option value="en" lang="en" selected>English</option>"#));
    let chosen = app
        .post_form(
            "/language",
            &[("lang", "hi"), ("back", "/login?next=%2Faccount")],
            None,
        )
        .await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.text);
    assert_eq!(chosen.location(), "/login?next=%2Faccount");
    let cookie = chosen
        .set_cookie("concord_lang")
        .expect("a language cookie");
    assert!(cookie.starts_with("concord_lang=hi;"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");
    let hindi = page(&app, "/login", Some("fr"), Some("concord_lang=hi")).await;
    assert!(hindi.contains(r#"<html lang="hi""#));
    assert!(hindi.contains(r#"<option value="hi" lang="hi" selected>"#));
}

async fn the_language_menu_refuses_unknown_languages_and_foreign_pages(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let unknown = app
        .post_form("/language", &[("lang", "<b>tlh</b>"), ("back", "/")], None)
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.text.contains("&#60;b&#62;tlh&#60;/b&#62;"),
        "{}",
        unknown.text
    );
    assert!(!unknown.text.contains("<b>tlh"));
    assert!(unknown.set_cookie("concord_lang").is_none());
    let qqx = app.post_form("/language", &[("lang", "qqx")], None).await;
    assert_eq!(qqx.status, StatusCode::BAD_REQUEST);
    for away in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
    ] {
        let r = app
            .post_form("/language", &[("lang", "fr"), ("back", away)], None)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), "/", "{away}");
    }
}

async fn the_stylesheets_are_served_and_cached(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let html = page(&app, "/login", None, None).await;
    let own = html
        .split('"')
        .find(|s| s.starts_with("/assets/concord-") && s.ends_with(".css"))
        .expect("a link to Concord's stylesheet")
        .to_owned();
    for path in [
        "/assets/codex-2.6.2.css",
        "/assets/codex-2.6.2-rtl.css",
        "/assets/codex-tokens-2.6.2.css",
        "/assets/codex-tokens-dark-2.6.2.css",
        own.as_str(),
    ] {
        let css = app.request(Method::GET, path).send().await;
        assert_eq!(css.status, StatusCode::OK, "{path}");
        assert_eq!(css.content_type(), "text/css; charset=utf-8", "{path}");
        assert!(
            css.headers["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
    }
    assert!(html.contains(r#"media="(prefers-color-scheme: dark)""#));
}
