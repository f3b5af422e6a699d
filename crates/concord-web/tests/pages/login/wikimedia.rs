//! Pages: "Log in with your Wikimedia account", against a fake wiki started by each test.

use concord_testapp::wikimedia_fake;

use std::sync::Arc;

use axum::http::StatusCode;
use concord_domain::Role;
use concord_http::auth::AuthConfig;
use concord_http::auth::wikimedia::{WikimediaConfig, WikimediaLogin};
use concord_store::{AuditEvent, AuditKind};

use super::PASSWORD;
use crate::support::{Backend, TestApp, TestResponse};
use wikimedia_fake::{CLIENT_ID, CLIENT_SECRET, FakeUser, FakeWiki};

on_both_backends!(
    the_login_page_links_to_wikimedia_when_configured,
    a_linked_account_logs_in_with_its_wikimedia_account,
    a_logged_in_account_gets_its_wikimedia_account_linked,
    a_wikimedia_user_without_an_account_is_told_to_ask_for_an_invitation,
    a_blocked_wikimedia_user_is_refused_and_audited,
    a_callback_without_the_pending_cookie_or_with_another_state_is_refused,
    without_settings_there_is_no_wikimedia_login,
);

const CALLBACK: &str = "http://127.0.0.1:9/login/wikimedia/callback";

/// An app on `backend` whose Wikimedia login goes to `wiki`.
async fn app(backend: Backend, wiki: &FakeWiki) -> Option<TestApp> {
    let config = WikimediaConfig {
        client_id: CLIENT_ID.to_owned(),
        client_secret: CLIENT_SECRET.to_owned(),
        wiki_url: wiki.url.parse().unwrap(),
        redirect_url: CALLBACK.parse().unwrap(),
    };
    let auth = AuthConfig {
        wikimedia: Some(Arc::new(WikimediaLogin::new(config).unwrap())),
        ..AuthConfig::default()
    };
    TestApp::with_auth(backend, auth).await
}

/// Begins at `/login/wikimedia` as the browser holding `cookie`, lets the wiki allow it,
/// and comes back to the callback.
async fn round_trip(app: &TestApp, wiki: &FakeWiki, cookie: Option<&str>) -> TestResponse {
    let begin = app.get_page("/login/wikimedia", cookie).await;
    assert_eq!(begin.status, StatusCode::SEE_OTHER, "{}", begin.text);
    let pending = begin.set_cookie("concord_wikimedia").unwrap();
    assert!(pending.contains("HttpOnly") && pending.contains("SameSite=Lax"));
    let pending = format!(
        "concord_wikimedia={}",
        begin.cookie("concord_wikimedia").unwrap()
    );
    let (state, code) = wiki
        .authorize(&begin.location().parse().unwrap(), CALLBACK)
        .await;
    let path = format!("/login/wikimedia/callback?code={code}&state={state}");
    let cookies = match cookie {
        Some(cookie) => format!("{cookie}; {pending}"),
        None => pending,
    };
    app.get_page(&path, Some(&cookies)).await
}

async fn the_login_page_links_to_wikimedia_when_configured(backend: Backend) {
    let wiki = FakeWiki::start(FakeUser::new(7, "Ada")).await;
    let Some(app) = app(backend, &wiki).await else {
        return;
    };
    let page = app.get_page("/login", None).await;
    assert!(page.text.contains("Log in with your Wikimedia account"));
}

async fn a_linked_account_logs_in_with_its_wikimedia_account(backend: Backend) {
    let wiki = FakeWiki::start(FakeUser::new(7, "Ada")).await;
    let Some(app) = app(backend, &wiki).await else {
        return;
    };
    let alice = app.create_account("alice", PASSWORD, &[Role::Member]).await;
    let event = AuditEvent::new(AuditKind::WikimediaLinked, Some("test"));
    app.store
        .link_wikimedia(alice.id, "7", event)
        .await
        .unwrap();

    let back = round_trip(&app, &wiki, None).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
    assert_eq!(back.location(), "/account");
    assert!(
        back.set_cookie("concord_wikimedia")
            .unwrap()
            .contains("Max-Age=0")
    );
    let cookie = format!(
        "concord_session={}",
        back.cookie("concord_session").unwrap()
    );
    let page = app.get_page("/account", Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("alice (display)"));
    let log = app.store.audit_log(None, 1).await.unwrap();
    assert_eq!(log[0].event.kind, AuditKind::LogIn);
    assert_eq!(log[0].event.detail["method"], "wikimedia");
}

async fn a_logged_in_account_gets_its_wikimedia_account_linked(backend: Backend) {
    let wiki = FakeWiki::start(FakeUser::new(8, "Bea")).await;
    let Some(app) = app(backend, &wiki).await else {
        return;
    };
    let bea = app.create_account("bea", PASSWORD, &[]).await;
    let cookie = app.login("bea", PASSWORD).await;
    let back = round_trip(&app, &wiki, Some(&cookie)).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text);
    let linked = app.store.account_by_wikimedia_id("8").await.unwrap();
    assert_eq!(linked.id, bea.id);
    let log = app.store.audit_log(None, 1).await.unwrap();
    assert_eq!(log[0].event.kind, AuditKind::WikimediaLinked);
}

async fn a_wikimedia_user_without_an_account_is_told_to_ask_for_an_invitation(backend: Backend) {
    let wiki = FakeWiki::start(FakeUser::new(9, "<script>Cy</script>")).await;
    let Some(app) = app(backend, &wiki).await else {
        return;
    };
    let back = round_trip(&app, &wiki, None).await;
    assert_eq!(back.status, 200);
    assert!(back.text.contains("invite"));
    assert!(back.text.contains("Cy"));
    assert!(!back.text.contains("<script>"), "{}", back.text);
    assert!(back.set_cookie("concord_session").is_none());
}

async fn a_blocked_wikimedia_user_is_refused_and_audited(backend: Backend) {
    let wiki = FakeWiki::start(FakeUser::new(7, "Ada").blocked()).await;
    let Some(app) = app(backend, &wiki).await else {
        return;
    };
    let alice = app.create_account("alice", PASSWORD, &[]).await;
    let event = AuditEvent::new(AuditKind::WikimediaLinked, Some("test"));
    app.store
        .link_wikimedia(alice.id, "7", event)
        .await
        .unwrap();
    let back = round_trip(&app, &wiki, None).await;
    assert_eq!(back.status, StatusCode::FORBIDDEN);
    assert!(back.text.contains("Blocked"));
    assert!(back.set_cookie("concord_session").is_none());
    let log = app.store.audit_log(None, 1).await.unwrap();
    assert_eq!(log[0].event.kind, AuditKind::LogInFailed);
}

async fn a_callback_without_the_pending_cookie_or_with_another_state_is_refused(backend: Backend) {
    let wiki = FakeWiki::start(FakeUser::new(7, "Ada")).await;
    let Some(app) = app(backend, &wiki).await else {
        return;
    };
    let r = app
        .get_page("/login/wikimedia/callback?code=x&state=y", None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let begin = app.get_page("/login/wikimedia", None).await;
    let pending = format!(
        "concord_wikimedia={}",
        begin.cookie("concord_wikimedia").unwrap()
    );
    let r = app
        .get_page(
            "/login/wikimedia/callback?code=x&state=forged",
            Some(&pending),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(wiki.token_requests(), 0);
}

async fn without_settings_there_is_no_wikimedia_login(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let r = app.get_page("/login/wikimedia", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
