//! `concord token create|list|revoke`.
//!
//! A token made with `--user` belongs to that account and carries a scope no wider than the
//! account's roles allow (`Scope::widest_for`); one made without carries its own roles (the
//! form from before accounts). Creating and revoking are audited, by the actor `cli`.

use std::collections::HashMap;

use anyhow::{Context, bail};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use concord_domain::{AccountId, Role, Scope};
use concord_store::{AuditEvent, AuditKind, NewToken, Store, TokenInfo, token};

use super::open_store;
use super::user::{find, parse_roles};
use crate::cli::{Database, TokenAction};

/// Runs a token action.
pub async fn token(db: &Database, action: TokenAction) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let store = &*store;
    match action {
        TokenAction::Create {
            name,
            name_flag,
            user,
            scope,
            roles,
            expires_in_days,
        } => {
            let name = name.or(name_flag).context("give the token's NAME")?;
            let now = Utc::now().trunc_subsecs(6);
            let expires_at = expires_in_days.map(|d| now + Duration::days(i64::from(d)));
            let new = match (user, scope) {
                (Some(user), Some(scope)) => {
                    account_token(store, &name, &user, scope.into(), now).await?
                }
                _ => roles_token(&name, &roles, now)?,
            };
            create(store, NewToken { expires_at, ..new }).await
        }
        TokenAction::List => list(store).await,
        TokenAction::Revoke { name } => {
            store
                .revoke_token(
                    &name,
                    AuditEvent::new(AuditKind::TokenRevoked, Some("cli"))
                        .detail("token", name.as_str()),
                )
                .await
                .with_context(|| format!("while revoking token {name:?}"))?;
            eprintln!("Token {name:?} revoked.");
            Ok(())
        }
    }
}

/// A token of `username`'s account, labelled `label`, refused when `scope` is wider than the
/// account's roles allow or the account is disabled.
async fn account_token(
    store: &dyn Store,
    label: &str,
    username: &str,
    scope: Scope,
    now: DateTime<Utc>,
) -> anyhow::Result<NewToken> {
    let account = find(store, username).await?;
    if account.disabled {
        bail!("the account {username:?} is disabled: enable it first (`concord user enable`)");
    }
    let widest = Scope::widest_for(&account.roles);
    if scope > widest {
        bail!(
            "the scope {} is wider than the account {username:?} may hold: its roles allow at \
             most {} (admin needs the admin role; an account without roles only reads)",
            scope.as_str(),
            widest.as_str()
        );
    }
    Ok(NewToken {
        name: token::account_token_name(&account.username, label),
        hash: String::new(),
        roles: Vec::new(),
        account: Some(account.id),
        scope,
        created_at: now,
        expires_at: None,
    })
}

/// A token of no account, carrying `roles` itself.
fn roles_token(name: &str, roles: &[String], now: DateTime<Utc>) -> anyhow::Result<NewToken> {
    let roles: Vec<Role> = parse_roles(roles)?.into_iter().collect();
    if roles.is_empty() {
        bail!("give --user USERNAME --scope SCOPE, or at least one --role");
    }
    Ok(NewToken {
        name: name.to_owned(),
        hash: String::new(),
        roles,
        account: None,
        scope: Scope::Admin,
        created_at: now,
        expires_at: None,
    })
}

/// Stores `new` with a fresh secret and prints the secret alone on standard output.
async fn create(store: &dyn Store, new: NewToken) -> anyhow::Result<()> {
    let secret = token::generate_secret();
    let name = new.name.clone();
    let mut event = AuditEvent::new(AuditKind::TokenCreated, Some("cli"))
        .detail("token", name.as_str())
        .detail("scope", new.scope.as_str());
    if let Some(account) = new.account {
        event = event.account(account);
    }
    let new = NewToken {
        hash: token::hash_secret(&secret),
        ..new
    };
    store
        .create_token(new, event)
        .await
        .with_context(|| format!("while creating token {name:?}"))?;
    println!("{secret}");
    eprintln!("Token {name:?} created; its secret above is not shown again.");
    Ok(())
}

/// `concord token list`: name, account (or `-`), scope, roles, created, state; tab-separated.
async fn list(store: &dyn Store) -> anyhow::Result<()> {
    let usernames: HashMap<AccountId, String> = store
        .list_accounts()
        .await
        .context("while listing accounts")?
        .into_iter()
        .map(|a| (a.id, a.username))
        .collect();
    for t in store.list_tokens().await.context("while listing tokens")? {
        let account = t.account.map_or("-".to_owned(), |id| {
            usernames
                .get(&id)
                .cloned()
                .unwrap_or_else(|| id.to_string())
        });
        let roles: Vec<String> = t.roles.iter().map(ToString::to_string).collect();
        let roles = if roles.is_empty() {
            "-".to_owned()
        } else {
            roles.join(",")
        };
        println!(
            "{}\taccount {account}\tscope {}\troles {roles}\tcreated {}\t{}",
            t.name,
            t.scope.as_str(),
            t.created_at,
            state(&t)
        );
    }
    Ok(())
}

/// Whether a token is revoked, expired, or when it expires.
fn state(t: &TokenInfo) -> String {
    match (t.revoked_at, t.expires_at) {
        (Some(at), _) => format!("revoked {at}"),
        (None, Some(at)) if at < Utc::now() => format!("expired {at}"),
        (None, Some(at)) => format!("expires {at}"),
        (None, None) => "never expires".to_owned(),
    }
}
