//! Accounts, sessions, invitations, the audit log and rate-limit counters: the [`AccountStore`]
//! half of the store (issue #3).
//!
//! Everything a server needs to know about who is logged in lives here, in the database, so
//! any number of `concord serve` processes share it (DESIGN.md, "Shape of the system"). Secrets
//! are never stored: sessions and invitations are kept as SHA-256 hashes of their random
//! tokens ([`crate::token::hash_secret`]), passwords as argon2id hashes made by the caller.
//! Every change to an account is written with its audit event in the same transaction.

use std::collections::BTreeSet;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::{Account, AccountId, Role};
use serde::{Deserialize, Serialize};

use crate::StoreResult;

/// The stored key that makes usernames unique without regard to case: Unicode lower case,
/// computed here rather than by the database, whose `lower()` differs between backends
/// (SQLite folds ASCII only; PostgreSQL follows the database's locale).
pub fn username_key(username: &str) -> String {
    username.to_lowercase()
}

/// An account to create.
#[derive(Clone, Debug)]
pub struct NewAccount {
    /// Its id (the caller picks it, see [`crate::new_id`]).
    pub id: AccountId,
    /// Unique without regard to case (`Duplicate` otherwise).
    pub username: String,
    /// Shown beside their edits.
    pub display_name: String,
    /// Where to reach them.
    pub email: Option<String>,
    /// The argon2id hash (PHC string) of the password; `None` for a Wikimedia-only account.
    pub password_hash: Option<String>,
    /// Roles to start with.
    pub roles: BTreeSet<Role>,
    /// The Wikimedia user id to link, unique (`Duplicate` otherwise).
    pub wikimedia_id: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A session to store, identified by the hash of its cookie's secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the cookie secret, hex.
    pub hash: String,
    /// Whose it is.
    pub account: AccountId,
    /// The CSRF token of the forms of this session.
    pub csrf: String,
    /// When it started (log in).
    pub created_at: DateTime<Utc>,
    /// When it was last used.
    pub last_seen_at: DateTime<Utc>,
    /// It ends when unused until then (idle expiry; moved forward on use).
    pub idle_expires_at: DateTime<Utc>,
    /// It ends then, used or not (absolute expiry).
    pub expires_at: DateTime<Utc>,
}

/// An invitation to sign up, identified by the hash of the secret in its link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    /// SHA-256 of the secret, hex.
    pub hash: String,
    /// The roles the new account gets.
    pub roles: BTreeSet<Role>,
    /// Who invited (an account, or `None` for the operator at the command line).
    pub invited_by: Option<AccountId>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// A security event (issue #3, item 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// A successful log in.
    LogIn,
    /// A refused log in (wrong password, unknown or disabled account, throttled).
    LogInFailed,
    /// A log out.
    LogOut,
    /// An account was created.
    AccountCreated,
    /// An account was disabled.
    AccountDisabled,
    /// An account was enabled again.
    AccountEnabled,
    /// A password was changed.
    PasswordChanged,
    /// A Wikimedia account was linked.
    WikimediaLinked,
    /// A role was granted.
    RoleGranted,
    /// A role was revoked.
    RoleRevoked,
    /// An invitation was made.
    InvitationCreated,
    /// An API token was created.
    TokenCreated,
    /// An API token was revoked.
    TokenRevoked,
    /// Records above `public` were exported.
    RestrictedExport,
}

/// An event to append to the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// What happened.
    pub kind: AuditKind,
    /// When.
    pub at: DateTime<Utc>,
    /// Who did it: the viewer's name (`alice`, `cli`), `None` for a visitor.
    pub actor: Option<String>,
    /// The account it happened to, if any.
    pub account: Option<AccountId>,
    /// The client's address, if known.
    pub address: Option<String>,
    /// What else is worth knowing (`{"role": "admin"}`, `{"username": "…"}`), never a secret.
    pub detail: serde_json::Value,
}

impl AuditEvent {
    /// An event of `kind` happening now, done by `actor` (a viewer's name), with no account,
    /// address or detail yet; fill those in with the builder methods.
    pub fn new(kind: AuditKind, actor: Option<&str>) -> Self {
        Self {
            kind,
            at: chrono::SubsecRound::trunc_subsecs(Utc::now(), 6),
            actor: actor.map(str::to_owned),
            account: None,
            address: None,
            detail: serde_json::Value::Object(serde_json::Map::new()),
        }
    }

    /// The account it happened to.
    pub fn account(mut self, account: AccountId) -> Self {
        self.account = Some(account);
        self
    }

    /// The client's address.
    pub fn address(mut self, address: Option<String>) -> Self {
        self.address = address;
        self
    }

    /// Adds `key: value` to the detail (never a secret).
    pub fn detail(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        if let serde_json::Value::Object(map) = &mut self.detail {
            map.insert(key.to_owned(), value.into());
        }
        self
    }
}

/// An event as stored, with its position in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Increasing position in the audit log.
    pub id: i64,
    /// The event.
    #[serde(flatten)]
    pub event: AuditEvent,
}

/// The answer of a rate-limit counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateDecision {
    /// Whether this hit is within the limit.
    pub allowed: bool,
    /// Hits counted in the current window, this one included.
    pub count: u32,
    /// When the current window ends (try again then when refused).
    pub resets_at: DateTime<Utc>,
}

/// Accounts, sessions, invitations, audit log and rate limits. Each method is one transaction.
/// Usernames are compared through [`username_key`].
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Creates an account and appends `event`. `Duplicate` when the username (without regard
    /// to case) or the Wikimedia id is taken.
    async fn create_account(&self, new: NewAccount, event: AuditEvent) -> StoreResult<Account>;
    /// An account by id (`NotFound`).
    async fn account(&self, id: AccountId) -> StoreResult<Account>;
    /// An account by username, without regard to case (`NotFound`).
    async fn account_by_username(&self, username: &str) -> StoreResult<Account>;
    /// The account linked to a Wikimedia user id (`NotFound`).
    async fn account_by_wikimedia_id(&self, wikimedia_id: &str) -> StoreResult<Account>;
    /// Every account, by username.
    async fn list_accounts(&self) -> StoreResult<Vec<Account>>;
    /// The password hash of an account (`None` when it has no password; `NotFound`).
    async fn password_hash(&self, id: AccountId) -> StoreResult<Option<String>>;
    /// Sets the password hash and appends `event`.
    async fn set_password_hash(
        &self,
        id: AccountId,
        hash: &str,
        event: AuditEvent,
    ) -> StoreResult<()>;
    /// Adds a role (no change when held) and appends `event`; returns the account.
    async fn grant_role(
        &self,
        id: AccountId,
        role: Role,
        event: AuditEvent,
    ) -> StoreResult<Account>;
    /// Removes a role (no change when not held) and appends `event`; returns the account.
    async fn revoke_role(
        &self,
        id: AccountId,
        role: Role,
        event: AuditEvent,
    ) -> StoreResult<Account>;
    /// Disables or enables an account and appends `event`; disabling also ends its sessions.
    async fn set_disabled(
        &self,
        id: AccountId,
        disabled: bool,
        event: AuditEvent,
    ) -> StoreResult<Account>;
    /// Links a Wikimedia user id (`Duplicate` when another account has it) and appends `event`.
    async fn link_wikimedia(
        &self,
        id: AccountId,
        wikimedia_id: &str,
        event: AuditEvent,
    ) -> StoreResult<Account>;

    /// Stores a new session.
    async fn create_session(&self, session: Session) -> StoreResult<()>;
    /// The session with this hash, if it has not expired at `now` (idle or absolute) and its
    /// account is not disabled; otherwise `NotFound`.
    async fn session(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<Session>;
    /// Records a use: `last_seen_at = now`, `idle_expires_at = idle_until` (never past
    /// `expires_at`).
    async fn touch_session(
        &self,
        hash: &str,
        now: DateTime<Utc>,
        idle_until: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Ends a session (no error when it is already gone).
    async fn delete_session(&self, hash: &str) -> StoreResult<()>;
    /// Ends every session of an account; returns how many.
    async fn delete_sessions_of(&self, account: AccountId) -> StoreResult<u64>;
    /// Removes sessions expired at `now`; returns how many.
    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64>;

    /// Stores an invitation and appends `event`.
    async fn create_invitation(&self, invitation: Invitation, event: AuditEvent)
    -> StoreResult<()>;
    /// Uses up an invitation: returns it and removes it, so a link works once. `NotFound`
    /// when unknown, used or expired at `now`.
    async fn take_invitation(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<Invitation>;

    /// Appends an event on its own (log in, failed log in, export).
    async fn record_audit(&self, event: AuditEvent) -> StoreResult<()>;
    /// Audit entries, newest first, before position `before` (all when `None`), at most `limit`.
    async fn audit_log(&self, before: Option<i64>, limit: usize) -> StoreResult<Vec<AuditEntry>>;

    /// Counts a hit on `key` (`login:address:…`, `login:account:…`) in a fixed window of
    /// `window` starting at the first hit, and says whether it is within `limit` hits. The
    /// count is atomic across servers sharing the database.
    async fn hit_rate_limit(
        &self,
        key: &str,
        limit: u32,
        window: Duration,
        now: DateTime<Utc>,
    ) -> StoreResult<RateDecision>;
    /// Forgets the hits on `key` (a successful log in clears the account's failures).
    async fn reset_rate_limit(&self, key: &str) -> StoreResult<()>;
}
