//! Pages: the account, administration, sign-up, refusal and open-data pages are all
//! messages. In `?uselang=qqx` each shows its message keys, and the text of its `<main>` holds
//! no English word beyond the data it shows (usernames, labels).

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use concord_domain::Role;
use concord_store::token::hash_secret;
use concord_store::{AuditEvent, AuditKind, Invitation};

use crate::support::{Backend, TestApp, TestResponse};

on_both_backends!(
    the_account_and_admin_pages_are_all_messages,
    the_sign_up_and_refusal_pages_are_all_messages,
);

const PASSWORD: &str = "correct horse battery";
/// Words of the data the pages show, not of the interface (names, file names), and the month
/// abbreviations of dates, which `qqx` formats as English does (dates have no message key).
const DATA: [&str; 37] = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    "alice",
    "root",
    "display",
    "laptop",
    "test",
    "UTC",
    "inquiries",
    "New",
    "Person",
    "organisations",
    "people",
    "partnerships",
    "needs",
    "glossary",
    "routing",
    "rules",
    "red",
    "lines",
    "approval",
    "policies",
    "assessment",
    "templates",
    "csv",
    "jsonl",
    "jsonld",
];

/// The words of three letters or more in `page`'s `<main>` text that are neither a message
/// key (`(concord-…)` in qqx) nor data: code, tags and attributes left out.
fn stray_words(page: &str) -> Vec<String> {
    let start = page.find("<main").expect("a <main>");
    let end = page.find("</main>").expect("a </main>");
    let mut main = page[start..end].to_owned();
    while let Some(at) = main.find("<code>") {
        let close = main[at..]
            .find("</code>")
            .map_or(main.len(), |c| at + c + 7);
        main.replace_range(at..close, " ");
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    while let Some(at) = text.find("(concord-") {
        let close = text[at..].find(')').map_or(text.len(), |c| at + c + 1);
        text.replace_range(at..close, " ");
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !DATA.contains(w))
        .map(str::to_owned)
        .collect()
}

/// Asserts `page` shows each of `keys` and no stray English.
fn assert_all_messages(what: &str, page: &TestResponse, keys: &[&str]) {
    for key in keys {
        assert!(
            page.text.contains(key),
            "{what} lacks {key}:\n{}",
            page.text
        );
    }
    let stray = stray_words(&page.text);
    assert!(stray.is_empty(), "{what} shows {stray:?}:\n{}", page.text);
}

async fn the_account_and_admin_pages_are_all_messages(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    app.create_account("root", PASSWORD, &[Role::Admin]).await;
    app.create_account("alice", PASSWORD, &[Role::Member]).await;
    let root = app.login("root", PASSWORD).await;
    let alice = app.login("alice", PASSWORD).await;
    let token = [("label", "laptop"), ("scope", "read"), ("days", "7")];
    let made = app
        .post_form("/account/tokens?uselang=qqx", &token, Some(&alice))
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    assert!(
        made.text
            .contains("(concord-account-token-created: laptop)")
    );

    let account = app.get_page("/account?uselang=qqx", Some(&alice)).await;
    assert_eq!(account.status, StatusCode::OK);
    assert_all_messages(
        "the account page",
        &account,
        &[
            "(concord-account-title)",
            "(concord-role-member)",
            "(concord-scope-read)",
            "(concord-account-password-new-help: 10)",
            "(concord-account-token-revoke)",
        ],
    );
    let wrong = [("current", "wrong"), ("new", "x"), ("repeat", "x")];
    let refused = app
        .post_form("/account/password?uselang=qqx", &wrong, Some(&alice))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_all_messages(
        "a refused password",
        &refused,
        &["(concord-account-password-error-wrong)"],
    );

    let accounts = app
        .get_page("/admin/accounts?uselang=qqx", Some(&root))
        .await;
    assert_eq!(accounts.status, StatusCode::OK);
    assert_all_messages(
        "the accounts page",
        &accounts,
        &[
            "(concord-admin-accounts-title)",
            "(concord-admin-revoke-label: (concord-role-member), alice)",
            "(concord-admin-invite-heading)",
        ],
    );
    let audit = app.get_page("/admin/audit?uselang=qqx", Some(&root)).await;
    assert_eq!(audit.status, StatusCode::OK);
    assert_all_messages(
        "the audit log",
        &audit,
        &["(concord-admin-audit-title)", "(concord-audit-kind-log_in)"],
    );
    let forbidden = app.get_page("/admin/audit?uselang=qqx", Some(&alice)).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_all_messages(
        "a refusal",
        &forbidden,
        &["(concord-error-forbidden-roles)"],
    );
    let opendata = app.get_page("/open-data?uselang=qqx", None).await;
    assert_all_messages(
        "the open-data page",
        &opendata,
        &["(concord-opendata-title)"],
    );
}

async fn the_sign_up_and_refusal_pages_are_all_messages(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let now = Utc::now();
    let invitation = Invitation {
        hash: hash_secret("qqx-invite"),
        roles: [Role::Member].into(),
        invited_by: None,
        created_at: now,
        expires_at: now + Duration::days(1),
    };
    let event = AuditEvent::new(AuditKind::InvitationCreated, Some("test"));
    app.store
        .create_invitation(invitation, event)
        .await
        .unwrap();
    let form = app.get_page("/signup/qqx-invite?uselang=qqx", None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_all_messages(
        "the sign-up form",
        &form,
        &[
            "(concord-signup-title)",
            "(concord-signup-password-help: 10)",
        ],
    );
    let fields = [
        ("username", "New Person"),
        ("display_name", ""),
        ("password", "short"),
        ("repeat", "short"),
    ];
    let refused = app
        .post_form("/signup/qqx-invite?uselang=qqx", &fields, None)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_all_messages(
        "a refused sign-up",
        &refused,
        &[
            "(concord-signup-error-display-name: 200)",
            "(concord-password-error-short: 10)",
        ],
    );
    let fields = [
        ("username", "newperson"),
        ("display_name", "New Person"),
        ("password", PASSWORD),
        ("repeat", PASSWORD),
    ];
    let gone = app
        .post_form("/signup/no-such-invite?uselang=qqx", &fields, None)
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_all_messages(
        "an invalid link",
        &gone,
        &["(concord-signup-invalid-title)", "(concord-signup-invalid)"],
    );
}
