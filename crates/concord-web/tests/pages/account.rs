//! Pages: the account page, changing one's password, and one's API tokens.

use axum::http::StatusCode;
use concord_domain::Role;
use concord_store::AuditKind;

use crate::support::{Backend, TestApp};

on_both_backends!(
    a_visitor_is_sent_to_log_in,
    the_account_page_shows_details_roles_and_scopes_no_wider_than_the_roles,
    a_changed_password_ends_other_sessions,
    a_password_change_with_a_wrong_current_or_weak_new_password_is_refused,
    a_token_is_shown_once_and_works_with_its_scope,
    a_token_wider_than_the_roles_or_too_long_lived_is_refused,
    a_revoked_token_stops_working,
    a_token_of_another_account_cannot_be_revoked,
    guessing_the_current_password_is_throttled_like_logging_in,
);

const PASSWORD: &str = "correct horse battery";
const NEW_PASSWORD: &str = "staple battery horse";

/// The secret shown on a page after a token was created.
fn shown_secret(text: &str) -> String {
    let start = text
        .find(r#"id="new-token-secret">"#)
        .expect("a shown secret");
    let rest = &text[start + r#"id="new-token-secret">"#.len()..];
    rest[..rest.find('<').unwrap()].trim().to_owned()
}

async fn a_visitor_is_sent_to_log_in(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let r = app.get_page("/account", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login?next=/account");
    let r = app
        .post_form(
            "/account/tokens",
            &[("label", "x"), ("scope", "read")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

async fn the_account_page_shows_details_roles_and_scopes_no_wider_than_the_roles(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[Role::Member]).await;
    let cookie = app.login("alice", PASSWORD).await;
    let page = app.get_page("/account", Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("alice (display)"));
    assert!(page.text.contains("member"));
    assert!(page.text.contains(r#"<option value="write">"#));
    assert!(!page.text.contains(r#"<option value="admin">"#));
    assert!(page.text.contains(r#"action="/account/password""#));
}

async fn a_changed_password_ends_other_sessions(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[]).await;
    let laptop = app.login("alice", PASSWORD).await;
    let phone = app.login("alice", PASSWORD).await;
    let fields = [
        ("current", PASSWORD),
        ("new", NEW_PASSWORD),
        ("repeat", NEW_PASSWORD),
    ];
    let r = app
        .post_form("/account/password", &fields, Some(&laptop))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let fresh = format!("concord_session={}", r.cookie("concord_session").unwrap());
    assert_ne!(fresh, laptop);
    assert_eq!(
        app.get_page("/account", Some(&phone)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get_page("/account", Some(&laptop)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.get_page("/account", Some(&fresh)).await.status, 200);
    app.login("alice", NEW_PASSWORD).await;
    let log = app.store.audit_log(None, 10).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.event.kind == AuditKind::PasswordChanged)
    );
}

async fn a_password_change_with_a_wrong_current_or_weak_new_password_is_refused(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[]).await;
    let cookie = app.login("alice", PASSWORD).await;
    for (fields, says) in [
        (
            [
                ("current", "not it at all"),
                ("new", NEW_PASSWORD),
                ("repeat", NEW_PASSWORD),
            ],
            "current password is wrong",
        ),
        (
            [
                ("current", PASSWORD),
                ("new", NEW_PASSWORD),
                ("repeat", "something else"),
            ],
            "differ",
        ),
        (
            [("current", PASSWORD), ("new", "short"), ("repeat", "short")],
            "not acceptable",
        ),
    ] {
        let r = app
            .post_form("/account/password", &fields, Some(&cookie))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text.contains(says), "{says}: {}", r.text);
    }
    app.login("alice", PASSWORD).await;
}

async fn a_token_is_shown_once_and_works_with_its_scope(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[Role::Member]).await;
    let cookie = app.login("alice", PASSWORD).await;
    let fields = [("label", "laptop"), ("scope", "read"), ("days", "30")];
    let r = app
        .post_form("/account/tokens", &fields, Some(&cookie))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.location().is_empty());
    let secret = shown_secret(&r.text);
    assert!(secret.starts_with("concord_"));
    let again = app.get_page("/account", Some(&cookie)).await;
    assert!(again.text.contains("laptop"));
    assert!(!again.text.contains(&secret));

    let read = app.get_json("/api/v1/organisations", Some(&secret)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let body = crate::support::organisation("Read-only museum");
    let write = app
        .post_json("/api/v1/organisations", &body, Some(&secret))
        .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN, "{}", write.text);
    let log = app.store.audit_log(None, 1).await.unwrap();
    assert_eq!(log[0].event.kind, AuditKind::TokenCreated);
}

async fn a_token_wider_than_the_roles_or_too_long_lived_is_refused(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[Role::Member]).await;
    let cookie = app.login("alice", PASSWORD).await;
    for fields in [
        [("label", "a"), ("scope", "admin"), ("days", "30")],
        [("label", "b"), ("scope", "read"), ("days", "366")],
        [("label", "c"), ("scope", "read"), ("days", "0")],
        [("label", " "), ("scope", "read"), ("days", "1")],
    ] {
        let r = app
            .post_form("/account/tokens", &fields, Some(&cookie))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(!r.text.contains("new-token-secret"));
    }
    assert!(app.store.list_tokens().await.unwrap().is_empty());
}

async fn a_revoked_token_stops_working(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[Role::Member]).await;
    let cookie = app.login("alice", PASSWORD).await;
    let fields = [("label", "ci"), ("scope", "write")];
    let secret = shown_secret(
        &app.post_form("/account/tokens", &fields, Some(&cookie))
            .await
            .text,
    );
    let r = app
        .post_form(
            "/account/tokens/revoke",
            &[("name", "alice:ci")],
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let read = app.get_json("/api/v1/organisations", Some(&secret)).await;
    assert_eq!(read.status, StatusCode::UNAUTHORIZED);
    let page = app.get_page("/account", Some(&cookie)).await;
    assert!(page.text.contains("revoked"));
    let log = app.store.audit_log(None, 1).await.unwrap();
    assert_eq!(log[0].event.kind, AuditKind::TokenRevoked);
}

async fn a_token_of_another_account_cannot_be_revoked(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[Role::Member]).await;
    app.create_account("mallory", PASSWORD, &[Role::Member])
        .await;
    let alice = app.login("alice", PASSWORD).await;
    let fields = [("label", "ci"), ("scope", "read")];
    let secret = shown_secret(
        &app.post_form("/account/tokens", &fields, Some(&alice))
            .await
            .text,
    );
    let mallory = app.login("mallory", PASSWORD).await;
    let r = app
        .post_form(
            "/account/tokens/revoke",
            &[("name", "alice:ci")],
            Some(&mallory),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.content_type().starts_with("text/html"));
    let read = app.get_json("/api/v1/organisations", Some(&secret)).await;
    assert_eq!(read.status, 200);
}

async fn guessing_the_current_password_is_throttled_like_logging_in(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[]).await;
    let cookie = app.login("alice", PASSWORD).await;
    let limit = concord_http::auth::AuthConfig::default().login_failures;
    let fields = [
        ("current", "a wrong guess"),
        ("new", NEW_PASSWORD),
        ("repeat", NEW_PASSWORD),
    ];
    for _ in 0..limit {
        let r = app
            .post_form("/account/password", &fields, Some(&cookie))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let fields = [
        ("current", PASSWORD),
        ("new", NEW_PASSWORD),
        ("repeat", NEW_PASSWORD),
    ];
    let r = app
        .post_form("/account/password", &fields, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}
