//! Pages: logging in and out, with a password or a Wikimedia account; sessions, throttling,
//! CSRF and the audit of it all.

use std::time::Duration;

use axum::http::StatusCode;
use concord_domain::Role;
use concord_http::auth::AuthConfig;
use concord_store::AuditKind;

use crate::support::{Backend, TestApp};

on_both_backends!(
    the_login_page_is_a_form_with_a_csrf_field_and_no_wikimedia_link_unless_configured,
    logging_in_sets_an_http_only_lax_session_cookie_and_logging_out_ends_it,
    the_session_cookie_is_secure_when_served_over_https,
    a_new_session_id_is_issued_at_each_log_in,
    an_expired_session_is_a_visitor,
    wrong_password_and_unknown_user_get_the_same_answer,
    a_form_without_csrf_is_refused,
    log_in_and_failed_log_in_are_audited,
    a_script_like_username_is_escaped_when_the_form_comes_back,
    after_log_in_only_a_local_next_is_followed,
);

const PASSWORD: &str = "correct horse battery";

/// An app on `backend` with a member, alice.
async fn app_with_alice(backend: Backend) -> Option<TestApp> {
    let app = TestApp::on(backend).await?;
    app.create_account("alice", PASSWORD, &[Role::Member]).await;
    Some(app)
}

async fn audit_kinds(app: &TestApp) -> Vec<AuditKind> {
    let log = app.store.audit_log(None, 100).await.unwrap();
    log.into_iter().map(|e| e.event.kind).collect()
}

/// `text` with the value of every `csrf` field cut out (each request gets its own token).
fn without_csrf(text: &str) -> String {
    const FIELD: &str = r#"name="csrf" value=""#;
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(FIELD) {
        out.push_str(&rest[..at + FIELD.len()]);
        rest = &rest[at + FIELD.len()..];
        rest = &rest[rest.find('"').unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

async fn the_login_page_is_a_form_with_a_csrf_field_and_no_wikimedia_link_unless_configured(
    backend: Backend,
) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let page = app.get_page("/login", None).await;
    assert_eq!(page.status, 200);
    assert!(page.content_type().starts_with("text/html"));
    let csrf = page.cookie("concord_csrf").unwrap();
    assert!(
        page.text
            .contains(&format!(r#"name="csrf" value="{csrf}""#))
    );
    assert!(!page.text.contains("/login/wikimedia"));
}

async fn logging_in_sets_an_http_only_lax_session_cookie_and_logging_out_ends_it(backend: Backend) {
    let Some(app) = app_with_alice(backend).await else {
        return;
    };
    let r = app
        .post_form(
            "/login",
            &[("username", "alice"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.location(), "/account");
    let set = r.set_cookie("concord_session").unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "{set}");
    let cookie = format!("concord_session={}", r.cookie("concord_session").unwrap());

    let account = app.get_page("/account", Some(&cookie)).await;
    assert_eq!(account.status, 200);
    assert!(account.text.contains("alice (display)"));

    let out = app.post_form("/logout", &[], Some(&cookie)).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", out.text);
    assert_eq!(out.location(), "/");
    assert!(
        out.set_cookie("concord_session")
            .unwrap()
            .contains("Max-Age=0")
    );
    let after = app.get_page("/account", Some(&cookie)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.location(), "/login?next=/account");
    assert!(audit_kinds(&app).await.contains(&AuditKind::LogOut));
}

async fn the_session_cookie_is_secure_when_served_over_https(backend: Backend) {
    let auth = AuthConfig {
        secure_cookies: true,
        ..AuthConfig::default()
    };
    let Some(app) = TestApp::with_auth(backend, auth).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[]).await;
    let r = app
        .post_form(
            "/login",
            &[("username", "alice"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let set = r.set_cookie("concord_session").unwrap();
    assert!(set.contains("; Secure"), "{set}");
}

async fn a_new_session_id_is_issued_at_each_log_in(backend: Backend) {
    let Some(app) = app_with_alice(backend).await else {
        return;
    };
    let first = app.login("alice", PASSWORD).await;
    let r = app
        .post_form(
            "/login",
            &[("username", "alice"), ("password", PASSWORD)],
            Some(&first),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let second = format!("concord_session={}", r.cookie("concord_session").unwrap());
    assert_ne!(first, second);
    // The session the browser held before is over: a planted cookie is worthless.
    let old = app.get_page("/account", Some(&first)).await;
    assert_eq!(old.status, StatusCode::SEE_OTHER);
    let new = app.get_page("/account", Some(&second)).await;
    assert_eq!(new.status, 200);
}

async fn an_expired_session_is_a_visitor(backend: Backend) {
    let auth = AuthConfig {
        session_absolute: Duration::ZERO,
        ..AuthConfig::default()
    };
    let Some(app) = TestApp::with_auth(backend, auth).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[]).await;
    let cookie = app.login("alice", PASSWORD).await;
    let page = app.get_page("/account", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location().starts_with("/login"));
}

async fn wrong_password_and_unknown_user_get_the_same_answer(backend: Backend) {
    let Some(app) = app_with_alice(backend).await else {
        return;
    };
    let bob = app.create_account("bob", PASSWORD, &[]).await;
    let event = concord_store::AuditEvent::new(AuditKind::AccountDisabled, Some("test"));
    app.store.set_disabled(bob.id, true, event).await.unwrap();
    let mut answers = Vec::new();
    for (user, password) in [
        ("alice", "wrong password!"),
        ("nobody", "wrong password!"),
        ("bob", PASSWORD),
    ] {
        let r = app
            .post_form(
                "/login",
                &[("username", user), ("password", password)],
                None,
            )
            .await;
        assert!(r.set_cookie("concord_session").is_none());
        let text = without_csrf(&r.text).replace(user, "USER");
        answers.push((r.status, text));
    }
    assert_eq!(answers[0].0, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answers[0].1.contains("The username or password is wrong."));
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0], answers[2]);
}

async fn a_form_without_csrf_is_refused(backend: Backend) {
    let Some(app) = app_with_alice(backend).await else {
        return;
    };
    let csrf = app.csrf_token(None).await;
    let body = format!("username=alice&password={}", PASSWORD.replace(' ', "+"));
    let cookie = format!("concord_csrf={csrf}");
    let r = app
        .page_request(
            axum::http::Method::POST,
            "/login",
            Some(&cookie),
            Some(body),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    assert!(r.content_type().starts_with("text/html"));
    assert!(r.set_cookie("concord_session").is_none());
    let cookie = app.login("alice", PASSWORD).await;
    let r = app
        .page_request(
            axum::http::Method::POST,
            "/logout",
            Some(&cookie),
            Some(String::new()),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get_page("/account", Some(&cookie)).await.status, 200);
}

async fn log_in_and_failed_log_in_are_audited(backend: Backend) {
    let Some(app) = app_with_alice(backend).await else {
        return;
    };
    let fields = [("username", "alice"), ("password", "wrong password!")];
    app.post_form_from(Some("192.0.2.44"), "/login", &fields, None)
        .await;
    app.login("alice", PASSWORD).await;
    let log = app.store.audit_log(None, 10).await.unwrap();
    let login = &log[0].event;
    assert_eq!(login.kind, AuditKind::LogIn);
    assert_eq!(login.actor.as_deref(), Some("alice"));
    let failed = &log[1].event;
    assert_eq!(failed.kind, AuditKind::LogInFailed);
    assert_eq!(failed.address.as_deref(), Some("192.0.2.44"));
    assert_eq!(failed.detail["username"], "alice");
    assert!(!failed.detail.to_string().contains("wrong password"));
}

async fn a_script_like_username_is_escaped_when_the_form_comes_back(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let typed = r#""><script>alert(1)</script>"#;
    let r = app
        .post_form("/login", &[("username", typed), ("password", "x")], None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.text.contains("<script>"), "{}", r.text);
    assert!(r.text.contains("alert(1)"));
}

async fn after_log_in_only_a_local_next_is_followed(backend: Backend) {
    let Some(app) = app_with_alice(backend).await else {
        return;
    };
    let page = app.get_page("/login?next=/records/1", None).await;
    assert!(
        page.text.contains(r#"name="next" value="/records/1""#),
        "{}",
        page.text
    );
    for (next, to) in [("/records/1", "/records/1"), ("//evil.example", "/account")] {
        let fields = [
            ("username", "alice"),
            ("password", PASSWORD),
            ("next", next),
        ];
        let r = app.post_form("/login", &fields, None).await;
        assert_eq!(r.location(), to);
    }
}

mod throttle;
mod wikimedia;
