//! `concord user add|password|list|role|disable|enable|invite`: accounts from the command line.
//!
//! Every change is written with its audit event, by the actor `cli`. Passwords are read from
//! standard input only (never from arguments, which other users of the machine can see), checked
//! with `validate_password` and stored as argon2id hashes; invitation links are printed once
//! and only their hash is stored.

use std::collections::BTreeSet;
use std::io::BufRead;
use std::str::FromStr;

use anyhow::{Context, anyhow, bail};
use chrono::{Duration, SubsecRound, Utc};
use concord_domain::account::{validate_password, validate_username};
use concord_domain::{Account, Role};
use concord_http::auth::password::hash_password;
use concord_store::{
    AuditEvent, AuditKind, Invitation, NewAccount, Store, StoreError, new_id, token,
};

use super::open_store;
use crate::cli::{Database, RoleChange, UserAction};

/// The actor of every change made here.
const ACTOR: &str = "cli";

/// Runs a user action.
pub async fn user(db: &Database, action: UserAction) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let store = &*store;
    match action {
        UserAction::Add {
            username,
            display_name,
            email,
            roles,
            password_stdin,
        } => {
            let roles = roles_or_member(&roles)?;
            add(store, username, display_name, email, roles, password_stdin).await
        }
        UserAction::Password { username, .. } => password(store, &username).await,
        UserAction::List => list(store).await,
        UserAction::Role {
            username,
            change,
            role,
        } => change_role(store, &username, change, &role).await,
        UserAction::Disable { username } => set_disabled(store, &username, true).await,
        UserAction::Enable { username } => set_disabled(store, &username, false).await,
        UserAction::Invite {
            roles,
            expires_in_days,
            base_url,
        } => invite(store, &roles_or_member(&roles)?, expires_in_days, &base_url).await,
    }
}

/// Reads `--role` values (`member`, `steward:ID`, …).
pub(super) fn parse_roles(roles: &[String]) -> anyhow::Result<BTreeSet<Role>> {
    roles
        .iter()
        .map(|r| {
            Role::from_str(r).with_context(|| {
                format!("while reading --role {r:?}: use member, approver, admin or steward:ORGANISATION-ID")
            })
        })
        .collect()
}

/// The roles given, or member when none was.
fn roles_or_member(roles: &[String]) -> anyhow::Result<BTreeSet<Role>> {
    let roles = parse_roles(roles)?;
    Ok(if roles.is_empty() {
        BTreeSet::from([Role::Member])
    } else {
        roles
    })
}

/// The account named `username`, with an error that says so when there is none.
pub(super) async fn find(store: &dyn Store, username: &str) -> anyhow::Result<Account> {
    match store.account_by_username(username).await {
        Ok(account) => Ok(account),
        Err(StoreError::NotFound) => Err(anyhow!(
            "there is no account named {username:?} (see `concord user list`)"
        )),
        Err(e) => Err(e).with_context(|| format!("while finding the account {username:?}")),
    }
}

/// Reads the first line of standard input as `username`'s new password, checks it and hashes it.
async fn read_password(username: &str) -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("while reading the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']);
    validate_password(password, username).map_err(|e| anyhow!("the password is refused: {e}"))?;
    hash_password(password)
        .await
        .context("while hashing the password")
}

/// `concord user add`.
async fn add(
    store: &dyn Store,
    username: String,
    display_name: String,
    email: Option<String>,
    roles: BTreeSet<Role>,
    password_stdin: bool,
) -> anyhow::Result<()> {
    validate_username(&username).map_err(|e| anyhow!("the username is refused: {e}"))?;
    let password_hash = if password_stdin {
        Some(read_password(&username).await?)
    } else {
        None
    };
    let account =
        create_account(store, &username, display_name, email, roles, password_hash).await?;
    eprintln!("Account {:?} created.", account.username);
    Ok(())
}

/// Creates an account with its audit event, by the actor `cli`; `password_hash` is an argon2id
/// hash already checked against the password rules. Shared by `concord user add` and the demo.
pub(crate) async fn create_account(
    store: &dyn Store,
    username: &str,
    display_name: String,
    email: Option<String>,
    roles: BTreeSet<Role>,
    password_hash: Option<String>,
) -> anyhow::Result<Account> {
    validate_username(username).map_err(|e| anyhow!("the username is refused: {e}"))?;
    if display_name.trim().is_empty() {
        bail!("the display name must not be empty");
    }
    let new = NewAccount {
        id: new_id().into(),
        username: username.to_owned(),
        display_name,
        email: email.filter(|e| !e.trim().is_empty()),
        password_hash,
        roles: roles.clone(),
        wikimedia_id: None,
        created_at: Utc::now().trunc_subsecs(6),
    };
    let role_names: Vec<String> = roles.iter().map(ToString::to_string).collect();
    let event = AuditEvent::new(AuditKind::AccountCreated, Some(ACTOR))
        .account(new.id)
        .detail("username", username)
        .detail("roles", role_names);
    match store.create_account(new, event).await {
        Ok(account) => Ok(account),
        Err(StoreError::Duplicate { .. }) => bail!("the username {username:?} is taken"),
        Err(e) => Err(e).with_context(|| format!("while creating the account {username:?}")),
    }
}

/// `concord user password`.
async fn password(store: &dyn Store, username: &str) -> anyhow::Result<()> {
    let account = find(store, username).await?;
    let hash = read_password(&account.username).await?;
    let event = AuditEvent::new(AuditKind::PasswordChanged, Some(ACTOR)).account(account.id);
    store
        .set_password_hash(account.id, &hash, event)
        .await
        .with_context(|| format!("while setting the password of {username:?}"))?;
    eprintln!("Password of {:?} set.", account.username);
    Ok(())
}

/// `concord user list`: one account a line, tab-separated.
async fn list(store: &dyn Store) -> anyhow::Result<()> {
    let accounts = store
        .list_accounts()
        .await
        .context("while listing accounts")?;
    for a in accounts {
        let has_password = store
            .password_hash(a.id)
            .await
            .with_context(|| format!("while reading the account {:?}", a.username))?
            .is_some();
        let roles: Vec<String> = a.roles.iter().map(ToString::to_string).collect();
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            a.username,
            a.display_name,
            if roles.is_empty() {
                "-".to_owned()
            } else {
                roles.join(",")
            },
            if has_password {
                "password"
            } else {
                "no password"
            },
            a.wikimedia_id
                .map_or("no wikimedia".to_owned(), |id| format!("wikimedia:{id}")),
            if a.disabled { "disabled" } else { "enabled" },
        );
    }
    Ok(())
}

/// `concord user role USERNAME grant|revoke ROLE`.
async fn change_role(
    store: &dyn Store,
    username: &str,
    change: RoleChange,
    role: &str,
) -> anyhow::Result<()> {
    let role = parse_roles(&[role.to_owned()])?
        .pop_first()
        .context("no role given")?;
    let account = find(store, username).await?;
    let kind = match change {
        RoleChange::Grant => AuditKind::RoleGranted,
        RoleChange::Revoke => AuditKind::RoleRevoked,
    };
    let event = AuditEvent::new(kind, Some(ACTOR))
        .account(account.id)
        .detail("role", role.to_string());
    let changed = match change {
        RoleChange::Grant => store.grant_role(account.id, role.clone(), event).await,
        RoleChange::Revoke => store.revoke_role(account.id, role.clone(), event).await,
    }
    .with_context(|| format!("while changing the roles of {username:?}"))?;
    let roles: Vec<String> = changed.roles.iter().map(ToString::to_string).collect();
    eprintln!(
        "{:?} now has the roles: {}.",
        changed.username,
        roles.join(", ")
    );
    Ok(())
}

/// `concord user disable|enable`.
async fn set_disabled(store: &dyn Store, username: &str, disabled: bool) -> anyhow::Result<()> {
    let account = find(store, username).await?;
    let kind = if disabled {
        AuditKind::AccountDisabled
    } else {
        AuditKind::AccountEnabled
    };
    let event = AuditEvent::new(kind, Some(ACTOR)).account(account.id);
    store
        .set_disabled(account.id, disabled, event)
        .await
        .with_context(|| format!("while changing the account {username:?}"))?;
    let state = if disabled { "disabled" } else { "enabled" };
    eprintln!("Account {:?} {state}.", account.username);
    Ok(())
}

/// `concord user invite`: prints the sign-up link alone on standard output.
async fn invite(
    store: &dyn Store,
    roles: &BTreeSet<Role>,
    expires_in_days: u32,
    base_url: &str,
) -> anyhow::Result<()> {
    let base = base_url.trim_end_matches('/');
    if !(base.starts_with("https://") || base.starts_with("http://")) {
        bail!("--base-url must start with https:// or http://, e.g. https://concord.example.org");
    }
    if expires_in_days == 0 {
        bail!("--expires-in-days must be at least 1");
    }
    let secret = token::generate_secret();
    let now = Utc::now().trunc_subsecs(6);
    let expires_at = now + Duration::days(i64::from(expires_in_days));
    let role_names: Vec<String> = roles.iter().map(ToString::to_string).collect();
    let event = AuditEvent::new(AuditKind::InvitationCreated, Some(ACTOR))
        .detail("roles", role_names)
        .detail("expires_at", expires_at.to_rfc3339());
    let invitation = Invitation {
        hash: token::hash_secret(&secret),
        roles: roles.clone(),
        invited_by: None,
        created_at: now,
        expires_at,
    };
    store
        .create_invitation(invitation, event)
        .await
        .context("while storing the invitation")?;
    println!("{base}/signup/{secret}");
    eprintln!("The link works once, until {expires_at}; it is not shown again.");
    Ok(())
}
