//! The [`AccountStore`] half of the PostgreSQL store (issue #3): accounts, sessions,
//! invitations, the audit log and rate-limit counters, a file per concern.
//!
//! Each module implements one area as functions named after the trait methods they implement
//! (`sessions::touch_session`), with the same file names as the SQLite store; this module only
//! delegates and must not hold SQL. Every change to an account is written with
//! its audit event in one transaction (`audit::append` takes the transaction's connection).

mod accounts;
mod audit;
mod changes;
mod invitations;
mod limits;
mod sessions;

pub(crate) use accounts::insert_account_row;
pub(crate) use audit::{insert_audit, insert_audit_row};
pub(crate) use invitations::insert_invitation_row;

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::{Account, AccountId, Role};
use concord_store::{
    AccountStore, AuditEntry, AuditEvent, Invitation, NewAccount, RateDecision, Session,
    StoreResult,
};

use crate::PgStore;

#[async_trait]
impl AccountStore for PgStore {
    async fn create_account(&self, new: NewAccount, event: AuditEvent) -> StoreResult<Account> {
        accounts::create_account(self, new, event).await
    }

    async fn account(&self, id: AccountId) -> StoreResult<Account> {
        accounts::account(self, id).await
    }

    async fn account_by_username(&self, username: &str) -> StoreResult<Account> {
        accounts::account_by_username(self, username).await
    }

    async fn account_by_wikimedia_id(&self, wikimedia_id: &str) -> StoreResult<Account> {
        accounts::account_by_wikimedia_id(self, wikimedia_id).await
    }

    async fn list_accounts(&self) -> StoreResult<Vec<Account>> {
        accounts::list_accounts(self).await
    }

    async fn password_hash(&self, id: AccountId) -> StoreResult<Option<String>> {
        accounts::password_hash(self, id).await
    }

    async fn set_password_hash(
        &self,
        id: AccountId,
        hash: &str,
        event: AuditEvent,
    ) -> StoreResult<()> {
        changes::set_password_hash(self, id, hash, event).await
    }

    async fn grant_role(
        &self,
        id: AccountId,
        role: Role,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        changes::grant_role(self, id, role, event).await
    }

    async fn revoke_role(
        &self,
        id: AccountId,
        role: Role,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        changes::revoke_role(self, id, role, event).await
    }

    async fn set_disabled(
        &self,
        id: AccountId,
        disabled: bool,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        changes::set_disabled(self, id, disabled, event).await
    }

    async fn link_wikimedia(
        &self,
        id: AccountId,
        wikimedia_id: &str,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        changes::link_wikimedia(self, id, wikimedia_id, event).await
    }

    async fn create_session(&self, session: Session) -> StoreResult<()> {
        sessions::create_session(self, session).await
    }

    async fn session(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<Session> {
        sessions::session(self, hash, now).await
    }

    async fn touch_session(
        &self,
        hash: &str,
        now: DateTime<Utc>,
        idle_until: DateTime<Utc>,
    ) -> StoreResult<()> {
        sessions::touch_session(self, hash, now, idle_until).await
    }

    async fn delete_session(&self, hash: &str) -> StoreResult<()> {
        sessions::delete_session(self, hash).await
    }

    async fn delete_sessions_of(&self, account: AccountId) -> StoreResult<u64> {
        sessions::delete_sessions_of(self, account).await
    }

    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        sessions::delete_expired_sessions(self, now).await
    }

    async fn create_invitation(
        &self,
        invitation: Invitation,
        event: AuditEvent,
    ) -> StoreResult<()> {
        invitations::create_invitation(self, invitation, event).await
    }

    async fn take_invitation(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<Invitation> {
        invitations::take_invitation(self, hash, now).await
    }

    async fn record_audit(&self, event: AuditEvent) -> StoreResult<()> {
        audit::record_audit(self, event).await
    }

    async fn audit_log(&self, before: Option<i64>, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        audit::audit_log(self, before, limit).await
    }

    async fn hit_rate_limit(
        &self,
        key: &str,
        limit: u32,
        window: Duration,
        now: DateTime<Utc>,
    ) -> StoreResult<RateDecision> {
        limits::hit_rate_limit(self, key, limit, window, now).await
    }

    async fn reset_rate_limit(&self, key: &str) -> StoreResult<()> {
        limits::reset_rate_limit(self, key).await
    }
}
