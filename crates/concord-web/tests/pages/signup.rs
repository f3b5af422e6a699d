//! Pages: signing up with an invitation link — once, with the invitation's roles, logged in
//! at once; a mistake or a taken username leaves the link usable; anonymous writes are counted.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use concord_domain::Role;
use concord_http::auth::AuthConfig;
use concord_store::token::hash_secret;
use concord_store::{AuditEvent, AuditKind, Invitation};

use crate::support::{Backend, TestApp};

on_both_backends!(
    an_invitation_signs_up_once,
    a_taken_username_does_not_use_up_the_invitation,
    a_mistake_in_the_form_is_shown_and_does_not_use_up_the_invitation,
    an_expired_or_unknown_link_is_no_longer_valid,
    an_invitation_made_on_the_accounts_page_signs_up_with_its_roles,
    signing_up_counts_as_an_anonymous_write_of_the_address,
);

const PASSWORD: &str = "correct horse battery";

/// Stores an invitation with `roles`, expiring in `days`, and returns its link.
async fn invite(app: &TestApp, secret: &str, roles: &[Role], days: i64) -> String {
    let now = Utc::now();
    let invitation = Invitation {
        hash: hash_secret(secret),
        roles: roles.iter().cloned().collect(),
        invited_by: None,
        created_at: now - Duration::days(1),
        expires_at: now + Duration::days(days),
    };
    let event = AuditEvent::new(AuditKind::InvitationCreated, Some("test"));
    app.store
        .create_invitation(invitation, event)
        .await
        .unwrap();
    format!("/signup/{secret}")
}

/// A filled-in form for `username`.
fn fields(username: &str) -> Vec<(&str, &str)> {
    vec![
        ("username", username),
        ("display_name", "New Person"),
        ("email", "new@example.org"),
        ("password", PASSWORD),
        ("repeat", PASSWORD),
    ]
}

async fn an_invitation_signs_up_once(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let link = invite(&app, "invite-once", &[Role::Member, Role::Approver], 7).await;
    let form = app.get_page(&link, None).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains(&format!(r#"action="{link}""#)));

    let r = app.post_form(&link, &fields("carol"), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.location(), "/account");
    let session = r.cookie("concord_session").expect("logged in");
    let account = app
        .get_page("/account", Some(&format!("concord_session={session}")))
        .await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(account.text.contains("New Person"));
    let carol = app.store.account_by_username("carol").await.unwrap();
    let expected: BTreeSet<Role> = [Role::Member, Role::Approver].into();
    assert_eq!(carol.roles, expected);
    assert_eq!(carol.email.as_deref(), Some("new@example.org"));
    let log = app.store.audit_log(None, 10).await.unwrap();
    let created = log
        .iter()
        .find(|e| e.event.kind == AuditKind::AccountCreated)
        .unwrap();
    assert_eq!(created.event.account, Some(carol.id));

    let again = app.post_form(&link, &fields("dave"), None).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.text);
    assert!(again.text.contains("no longer valid"));
    assert!(app.store.account_by_username("dave").await.is_err());
}

async fn a_taken_username_does_not_use_up_the_invitation(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("alice", PASSWORD, &[Role::Member]).await;
    let link = invite(&app, "invite-taken", &[Role::Member], 7).await;
    let r = app.post_form(&link, &fields("ALICE"), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("username is taken"));
    assert!(
        r.text.contains(r#"value="ALICE""#),
        "what was typed is kept"
    );
    assert!(r.cookie("concord_session").is_none());

    let r = app.post_form(&link, &fields("carol"), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
}

async fn a_mistake_in_the_form_is_shown_and_does_not_use_up_the_invitation(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let link = invite(&app, "invite-mistake", &[Role::Member], 7).await;
    let mut bad = fields("carol");
    bad[4] = ("repeat", "something else entirely");
    let r = app.post_form(&link, &bad, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("differ"));
    assert!(!r.text.contains(PASSWORD), "a password is never echoed");
    let mut short = fields("carol");
    short[3] = ("password", "short");
    short[4] = ("repeat", "short");
    let r = app.post_form(&link, &short, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let r = app.post_form(&link, &fields(" bad name"), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);

    let r = app.post_form(&link, &fields("carol"), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
}

async fn an_expired_or_unknown_link_is_no_longer_valid(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let expired = invite(&app, "invite-expired", &[Role::Member], -1).await;
    for link in [expired.as_str(), "/signup/never-issued"] {
        let r = app.post_form(link, &fields("carol"), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{link}: {}", r.text);
        assert!(r.text.contains("no longer valid"));
    }
    assert!(app.store.account_by_username("carol").await.is_err());
}

async fn an_invitation_made_on_the_accounts_page_signs_up_with_its_roles(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("root", PASSWORD, &[Role::Admin]).await;
    let root = app.login("root", PASSWORD).await;
    let form = [("member", "on"), ("approver", "on"), ("days", "3")];
    let r = app
        .post_form("/admin/invitations", &form, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let start = r.text.find("/signup/").expect("the link is shown");
    let rest = &r.text[start..];
    let link = rest[..rest.find('"').unwrap()].to_owned();
    let event = app.store.audit_log(None, 1).await.unwrap().remove(0).event;
    assert_eq!(event.kind, AuditKind::InvitationCreated);
    assert_eq!(event.actor.as_deref(), Some("root"));
    let listed = app.get_page("/admin/accounts", Some(&root)).await;
    assert!(!listed.text.contains(&link), "the link is shown only once");

    let r = app.post_form(&link, &fields("carol"), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let carol = app.store.account_by_username("carol").await.unwrap();
    assert_eq!(carol.roles, [Role::Member, Role::Approver].into());

    let none = [("days", "3")];
    let r = app
        .post_form("/admin/invitations", &none, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let long = [("member", "on"), ("days", "400")];
    let r = app
        .post_form("/admin/invitations", &long, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
}

async fn signing_up_counts_as_an_anonymous_write_of_the_address(backend: Backend) {
    let auth = AuthConfig {
        anonymous_writes: 2,
        ..AuthConfig::default()
    };
    let Some(app) = TestApp::with_auth(backend, auth).await else {
        return;
    };
    let link = invite(&app, "invite-limited", &[Role::Member], 7).await;
    let address = Some("192.0.2.7");
    for _ in 0..2 {
        let r = app
            .post_form_from(address, &link, &fields(" bad name"), None)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    }
    let r = app
        .post_form_from(address, &link, &fields("carol"), None)
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    assert!(r.headers.contains_key("retry-after"));
    let other = app
        .post_form_from(Some("192.0.2.8"), &link, &fields("carol"), None)
        .await;
    assert_eq!(other.status, StatusCode::SEE_OTHER, "{}", other.text);
}
