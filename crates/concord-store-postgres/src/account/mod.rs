//! The [`AccountStore`] half of the PostgreSQL store (issue #3): accounts, sessions,
//! invitations, the audit log and rate-limit counters, a file per concern.
//!
//! This module only delegates; it must not hold SQL. Every change to an account is written with
//! its audit event in one transaction (`audit::append` takes the transaction's connection).

mod accounts;
mod audit;
mod changes;
mod invitations;
mod limits;
mod sessions;

pub(crate) use accounts::{ACCOUNT_COLUMNS, AccountRow, insert_account_row};
pub(crate) use audit::{AUDIT_COLUMNS, AuditRow, append as insert_audit, insert_audit_row};
pub(crate) use invitations::{INVITATION_COLUMNS, InvitationRow, insert_invitation_row};

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::{Account, AccountId, Role};
use concord_store::{
    AccountStore, AuditEntry, AuditEvent, Invitation, NewAccount, RateDecision, Session,
    StoreResult,
};

use crate::PgStore;
use changes::RoleChange;

#[async_trait]
impl AccountStore for PgStore {
    async fn create_account(&self, new: NewAccount, event: AuditEvent) -> StoreResult<Account> {
        self.insert_account(new, event).await
    }

    async fn account(&self, id: AccountId) -> StoreResult<Account> {
        self.account_where("id = $1", id.0).await
    }

    async fn account_by_username(&self, username: &str) -> StoreResult<Account> {
        self.account_where(
            "username_key = $1",
            concord_store::account::username_key(username),
        )
        .await
    }

    async fn account_by_wikimedia_id(&self, wikimedia_id: &str) -> StoreResult<Account> {
        self.account_where("wikimedia_id = $1", wikimedia_id.to_owned())
            .await
    }

    async fn list_accounts(&self) -> StoreResult<Vec<Account>> {
        self.all_accounts().await
    }

    async fn password_hash(&self, id: AccountId) -> StoreResult<Option<String>> {
        self.stored_password_hash(id).await
    }

    async fn set_password_hash(
        &self,
        id: AccountId,
        hash: &str,
        event: AuditEvent,
    ) -> StoreResult<()> {
        self.update_password_hash(id, hash, event).await
    }

    async fn grant_role(
        &self,
        id: AccountId,
        role: Role,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        self.change_roles(id, RoleChange::Grant(role), event).await
    }

    async fn revoke_role(
        &self,
        id: AccountId,
        role: Role,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        self.change_roles(id, RoleChange::Revoke(role), event).await
    }

    async fn set_disabled(
        &self,
        id: AccountId,
        disabled: bool,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        self.update_disabled(id, disabled, event).await
    }

    async fn link_wikimedia(
        &self,
        id: AccountId,
        wikimedia_id: &str,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        self.update_wikimedia_id(id, wikimedia_id, event).await
    }

    async fn create_session(&self, session: Session) -> StoreResult<()> {
        self.insert_session(session).await
    }

    async fn session(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<Session> {
        self.live_session(hash, now).await
    }

    async fn touch_session(
        &self,
        hash: &str,
        now: DateTime<Utc>,
        idle_until: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.update_session_use(hash, now, idle_until).await
    }

    async fn delete_session(&self, hash: &str) -> StoreResult<()> {
        self.remove_session(hash).await
    }

    async fn delete_sessions_of(&self, account: AccountId) -> StoreResult<u64> {
        self.remove_sessions_of(account).await
    }

    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        self.remove_expired_sessions(now).await
    }

    async fn create_invitation(
        &self,
        invitation: Invitation,
        event: AuditEvent,
    ) -> StoreResult<()> {
        self.insert_invitation(invitation, event).await
    }

    async fn take_invitation(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<Invitation> {
        self.use_invitation(hash, now).await
    }

    async fn record_audit(&self, event: AuditEvent) -> StoreResult<()> {
        self.append_audit(event).await
    }

    async fn audit_log(&self, before: Option<i64>, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        self.audit_page(before, limit).await
    }

    async fn hit_rate_limit(
        &self,
        key: &str,
        limit: u32,
        window: Duration,
        now: DateTime<Utc>,
    ) -> StoreResult<RateDecision> {
        self.count_hit(key, limit, window, now).await
    }

    async fn reset_rate_limit(&self, key: &str) -> StoreResult<()> {
        self.forget_hits(key).await
    }
}
