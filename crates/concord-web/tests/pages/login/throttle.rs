//! Pages: failed log ins are throttled per account and per client address, alike for
//! accounts that exist and accounts that do not.

use axum::http::StatusCode;
use concord_http::auth::AuthConfig;

use super::{PASSWORD, app_with_alice};
use crate::support::Backend;

on_both_backends!(
    failed_log_ins_are_throttled_per_account_and_per_address,
    a_successful_log_in_clears_the_accounts_failures,
);

async fn failed_log_ins_are_throttled_per_account_and_per_address(backend: Backend) {
    let Some(app) = app_with_alice(backend).await else {
        return;
    };
    let limit = AuthConfig::default().login_failures;
    // Per account: from different addresses, even the right password is refused at the limit.
    for i in 0..limit {
        let address = format!("192.0.2.{i}");
        let fields = [("username", "alice"), ("password", "wrong password!")];
        let r = app
            .post_form_from(Some(&address), "/login", &fields, None)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    }
    let fields = [("username", "ALICE"), ("password", PASSWORD)];
    let r = app
        .post_form_from(Some("198.51.100.1"), "/login", &fields, None)
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    assert!(r.headers.contains_key("retry-after"));
    assert!(r.content_type().starts_with("text/html"));
    assert!(r.set_cookie("concord_session").is_none());
    // An unknown account is throttled alike, so a 429 tells nothing about accounts.
    for _ in 0..limit {
        let fields = [("username", "nobody"), ("password", "wrong password!")];
        app.post_form("/login", &fields, None).await;
    }
    let fields = [("username", "nobody"), ("password", "wrong password!")];
    let r = app.post_form("/login", &fields, None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // Per address: one address guessing at many accounts, each below its own limit.
    app.create_account("carol", PASSWORD, &[]).await;
    for i in 0..AuthConfig::default().login_attempts_per_address {
        let user = format!("user{i}");
        let fields = [("username", user.as_str()), ("password", "wrong password!")];
        app.post_form_from(Some("203.0.113.9"), "/login", &fields, None)
            .await;
    }
    let fields = [("username", "carol"), ("password", PASSWORD)];
    let r = app
        .post_form_from(Some("203.0.113.9"), "/login", &fields, None)
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r = app
        .post_form_from(Some("203.0.113.10"), "/login", &fields, None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
}

async fn a_successful_log_in_clears_the_accounts_failures(backend: Backend) {
    let Some(app) = app_with_alice(backend).await else {
        return;
    };
    let limit = AuthConfig::default().login_failures;
    for _ in 0..limit - 1 {
        let fields = [("username", "alice"), ("password", "wrong password!")];
        app.post_form("/login", &fields, None).await;
    }
    app.login("alice", PASSWORD).await;
    for _ in 0..limit - 1 {
        let fields = [("username", "alice"), ("password", "wrong password!")];
        let r = app.post_form("/login", &fields, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    app.login("alice", PASSWORD).await;
}
