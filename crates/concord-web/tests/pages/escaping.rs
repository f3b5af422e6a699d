//! Pages: everything users type is escaped. Script-like display names, emails, usernames typed
//! at a failed log in and token labels appear on the accounts page, the audit log and the
//! account page only in their escaped form; so do script-like names, titles and texts of
//! records on their pages, histories, diffs and recent changes, and record titles and searches
//! on the search page and the home page, and record texts and organisation names on the edit
//! forms (the conflict page: `edit_kinds.rs`). The open-data downloads are never HTML and are
//! not sniffed; they keep a script-like name as data (CSV quoting and JSON strings).

use axum::http::StatusCode;
use chrono::Utc;
use concord_domain::Role;
use concord_http::auth::password::hash_password;
use concord_store::{AuditEvent, AuditKind, NewAccount};

use crate::support::{Backend, TestApp};

on_both_backends!(
    script_like_input_is_escaped_on_every_page_that_shows_it,
    a_script_like_sign_up_is_escaped_when_the_form_comes_back,
    script_like_record_text_is_escaped_on_record_history_diff_and_recent_pages,
    script_like_titles_and_searches_are_escaped_on_the_search_and_home_pages,
    script_like_record_text_is_escaped_on_the_edit_forms,
    script_like_names_in_the_open_data_downloads_are_never_served_as_html,
);

const PASSWORD: &str = "correct horse battery";
const SCRIPT: &str = "<script>alert(1)</script>";
const SCRIPT_ESCAPED: &str = "&#60;script&#62;alert(1)&#60;/script&#62;";
const IMG: &str = r#""><img src=x onerror=alert(1)>"#;
const IMG_ESCAPED: &str = "&#34;&#62;&#60;img src=x onerror=alert(1)&#62;";
const AMP: &str = "&amp;";
const AMP_ESCAPED: &str = "&#38;amp;";

/// Asserts `page` shows each payload escaped and never raw (outside its escaped form, which
/// for `&amp;` contains the raw one).
fn assert_escaped(what: &str, page: &str, payloads: &[(&str, &str)]) {
    for (raw, escaped) in payloads {
        assert!(page.contains(escaped), "{what} lacks {escaped:?}:\n{page}");
        let rest = page.replace(escaped, "");
        assert!(!rest.contains(raw), "{what} shows {raw:?} raw:\n{page}");
    }
}

/// An account whose display name and email are script-like.
async fn mallory(app: &TestApp) {
    let new = NewAccount {
        id: concord_store::new_id().into(),
        username: "mallory".into(),
        display_name: format!("{SCRIPT} {AMP}"),
        email: Some(format!("m{IMG}@example.org")),
        password_hash: Some(hash_password(PASSWORD).await.unwrap()),
        roles: [Role::Member].into(),
        wikimedia_id: None,
        created_at: Utc::now(),
    };
    let event = AuditEvent::new(AuditKind::AccountCreated, Some("test"));
    app.store.create_account(new, event).await.unwrap();
}

/// An app on `backend` where script-like text was typed everywhere:
/// `(app, root's cookie, mallory's)`.
async fn app_full_of_scripts(backend: Backend) -> Option<(TestApp, String, String)> {
    let app = TestApp::on(backend).await?;
    app.create_account("root", PASSWORD, &[Role::Admin]).await;
    mallory(&app).await;
    let typed = format!("{SCRIPT}{IMG}");
    let fields = [("username", typed.as_str()), ("password", "wrong one")];
    let failed = app.post_form("/login", &fields, None).await;
    assert_eq!(
        failed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        failed.text
    );
    assert_escaped("the log-in form", &failed.text, &[(SCRIPT, SCRIPT_ESCAPED)]);
    let root = app.login("root", PASSWORD).await;
    let mal = app.login("mallory", PASSWORD).await;
    let label = format!("{IMG} {AMP}");
    let token = [("label", label.as_str()), ("scope", "read"), ("days", "7")];
    let made = app.post_form("/account/tokens", &token, Some(&mal)).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    Some((app, root, mal))
}

async fn script_like_input_is_escaped_on_every_page_that_shows_it(backend: Backend) {
    let Some((app, root, mal)) = app_full_of_scripts(backend).await else {
        return;
    };
    let accounts = app.get_page("/admin/accounts", Some(&root)).await;
    assert_eq!(accounts.status, StatusCode::OK);
    let everything = [
        (SCRIPT, SCRIPT_ESCAPED),
        (IMG, IMG_ESCAPED),
        (AMP, AMP_ESCAPED),
    ];
    assert_escaped("the accounts page", &accounts.text, &everything);
    let audit = app.get_page("/admin/audit", Some(&root)).await;
    assert_eq!(audit.status, StatusCode::OK);
    assert_escaped("the audit log", &audit.text, &everything);
    let account = app.get_page("/account", Some(&mal)).await;
    assert_eq!(account.status, StatusCode::OK);
    assert_escaped("the account page", &account.text, &everything);
}

async fn a_script_like_sign_up_is_escaped_when_the_form_comes_back(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let invitation = concord_store::Invitation {
        hash: concord_store::token::hash_secret("escape-me"),
        roles: [Role::Member].into(),
        invited_by: None,
        created_at: Utc::now(),
        expires_at: Utc::now() + chrono::Duration::days(1),
    };
    let event = AuditEvent::new(AuditKind::InvitationCreated, Some("test"));
    app.store
        .create_invitation(invitation, event)
        .await
        .unwrap();
    let form = [
        ("username", SCRIPT),
        ("display_name", IMG),
        ("email", AMP),
        ("password", PASSWORD),
        ("repeat", PASSWORD),
    ];
    let r = app.post_form("/signup/escape-me", &form, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let everything = [
        (SCRIPT, SCRIPT_ESCAPED),
        (IMG, IMG_ESCAPED),
        (AMP, AMP_ESCAPED),
    ];
    assert_escaped("the sign-up form", &r.text, &everything);
}

async fn script_like_record_text_is_escaped_on_record_history_diff_and_recent_pages(
    backend: Backend,
) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let hostile = format!("{SCRIPT}{IMG} {AMP}");
    let org = serde_json::json!({"name": hostile, "kind": "museum",
        "description": {"en": hostile}});
    let (org_api, rev, org_body) = app.create("organisations", &org, &admin).await;
    let org_id = org_body["id"].as_str().unwrap();
    let partnership = serde_json::json!({"title": {"en": hostile}, "kind": "partnership",
        "summary": {"fr": hostile},
        "parties": [{"organisation": org_id, "role": "partner"}],
        "milestones": [{"title": hostile}], "progress_reports": [{"date": "2025-01-01", "text": hostile}],
        "value_exchange": [{"party": org_id, "gives": hostile, "gets": hostile}]});
    let (p_api, _, _) = app.create("partnerships", &partnership, &admin).await;
    let renamed = serde_json::json!({"name": "Plain name"});
    let second = app
        .patch_json(&org_api, &renamed, Some(&admin), rev)
        .await
        .etag();
    let (org_page, p_page) = (
        org_api.trim_start_matches("/api/v1").to_owned(),
        p_api.trim_start_matches("/api/v1").to_owned(),
    );
    let everything = [
        (SCRIPT, SCRIPT_ESCAPED),
        (IMG, IMG_ESCAPED),
        (AMP, AMP_ESCAPED),
    ];
    for path in [
        p_page.clone(),
        format!("{p_page}/history"),
        format!("{org_page}/diff?from={rev}&to={second}"),
        "/recent-changes".to_owned(),
    ] {
        let page = app.get_page(&path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text);
        assert_escaped(&path, &page.text, &everything);
    }
    let first = app
        .get_page(&format!("{org_page}/diff?from={rev}&to={rev}"), None)
        .await;
    assert_eq!(first.status, StatusCode::OK);
}

async fn script_like_titles_and_searches_are_escaped_on_the_search_and_home_pages(
    backend: Backend,
) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let name = format!("escapee {SCRIPT} {AMP}");
    let (_, _, org) = app
        .create(
            "organisations",
            &concord_testapp::organisation(&name),
            &admin,
        )
        .await;
    let mut body = concord_testapp::partnership(&format!("escapee {IMG}"));
    body["parties"] = serde_json::json!([{"organisation": org["id"], "role": "lead"}]);
    app.create("partnerships", &body, &admin).await;
    let everything = [
        (SCRIPT, SCRIPT_ESCAPED),
        (IMG, IMG_ESCAPED),
        (AMP, AMP_ESCAPED),
    ];
    let search = app.get_page("/search?q=escapee", None).await;
    assert_eq!(search.status, StatusCode::OK);
    assert_escaped("the search page", &search.text, &everything);
    let home = app.get_page("/", None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert_escaped("the home page", &home.text, &everything);
    let typed = app
        .get_page("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", None)
        .await;
    assert_escaped("a typed search", &typed.text, &[(SCRIPT, SCRIPT_ESCAPED)]);
}

async fn script_like_record_text_is_escaped_on_the_edit_forms(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("root", PASSWORD, &[Role::Admin]).await;
    let cookie = app.login("root", PASSWORD).await;
    let admin = app.admin().await;
    let hostile = format!("{SCRIPT}{IMG} {AMP}");
    let org =
        serde_json::json!({"name": hostile, "kind": "museum", "description": {"en": hostile}});
    let (org_api, _, org_body) = app.create("organisations", &org, &admin).await;
    let partnership = serde_json::json!({"title": {"en": hostile}, "kind": "partnership",
        "summary": {"en": hostile}, "tags": ["x"],
        "parties": [{"organisation": org_body["id"], "role": "partner"}],
        "milestones": [{"title": hostile}]});
    let (p_api, _, _) = app.create("partnerships", &partnership, &admin).await;
    let person = serde_json::json!({"name": hostile,
        "memberships": [{"organisation": org_body["id"], "role": hostile}]});
    let (person_api, _, _) = app.create("people", &person, &admin).await;
    let everything = [
        (SCRIPT, SCRIPT_ESCAPED),
        (IMG, IMG_ESCAPED),
        (AMP, AMP_ESCAPED),
    ];
    for api in [org_api, p_api, person_api] {
        let path = format!("{}/edit", api.trim_start_matches("/api/v1"));
        let page = app.get_page(&path, Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text);
        assert_escaped(&path, &page.text, &everything);
    }
}

async fn script_like_names_in_the_open_data_downloads_are_never_served_as_html(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let name = format!("{SCRIPT}, {IMG}");
    app.create(
        "organisations",
        &concord_testapp::organisation(&name),
        &admin,
    )
    .await;
    for file in [
        "organisations.csv",
        "organisations.jsonl",
        "organisations.jsonld",
    ] {
        let r = app.get_page(&format!("/open-data/{file}"), None).await;
        assert_eq!(r.status, StatusCode::OK, "{file}");
        let media = r.headers[axum::http::header::CONTENT_TYPE]
            .to_str()
            .unwrap();
        assert!(!media.contains("html"), "{file}: {media}");
        assert_eq!(
            r.headers[axum::http::header::X_CONTENT_TYPE_OPTIONS],
            "nosniff"
        );
        assert!(
            r.headers[axum::http::header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
    }
    let csv = app.get_page("/open-data/organisations.csv", None).await;
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    assert!(csv.text.contains(&quoted), "{}", csv.text);
    let page = app.get_page("/open-data", None).await;
    assert!(
        !page.text.contains(SCRIPT),
        "the page lists files, not names"
    );
}
