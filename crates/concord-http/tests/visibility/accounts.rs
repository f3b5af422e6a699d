//! Real accounts and account-bound API tokens, made through the store as `concord user add` and
//! `concord token create --user` would.

use chrono::Utc;
use concord_domain::{AccountId, Role, Scope};
use concord_http::extract::hash_secret;
use concord_store::token::account_token_name;
use concord_store::{AuditEvent, AuditKind, NewAccount, NewToken};

use crate::support::TestApp;

/// Creates an account (without a password) holding `roles`.
pub async fn create_account(app: &TestApp, username: &str, roles: Vec<Role>) -> AccountId {
    let new = NewAccount {
        id: concord_store::new_id().into(),
        username: username.to_owned(),
        display_name: username.to_owned(),
        email: None,
        password_hash: None,
        roles: roles.into_iter().collect(),
        wikimedia_id: None,
        created_at: Utc::now(),
    };
    let event = AuditEvent::new(AuditKind::AccountCreated, Some("test"));
    app.store.create_account(new, event).await.unwrap().id
}

/// Creates a token of `scope` bound to `account` and returns its secret.
pub async fn account_token(
    app: &TestApp,
    account: AccountId,
    username: &str,
    label: &str,
    scope: Scope,
) -> String {
    let secret = format!("secret-of-{username}-{label}");
    let token = NewToken {
        name: account_token_name(username, label),
        hash: hash_secret(&secret),
        roles: Vec::new(),
        account: Some(account),
        scope,
        created_at: Utc::now(),
        expires_at: None,
    };
    let event = AuditEvent::new(AuditKind::TokenCreated, Some("test")).account(account);
    app.store.create_token(token, event).await.unwrap();
    secret
}
