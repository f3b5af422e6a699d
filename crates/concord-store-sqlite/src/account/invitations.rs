//! Invitations to sign up, kept by the hash of the secret in their link. Taking one deletes it in
//! the same statement, so a link works once even when two servers take it at the same moment.
//! The row shape and its insert are shared with the backup.

use chrono::{DateTime, Utc};
use concord_store::{AuditEvent, Invitation, StoreResult};
use sqlx::SqliteConnection;

use concord_store::column::roles_json;
use concord_store_sql::Text;
use concord_store_sql::account::{INVITATION_COLUMNS, InvitationRow};

use super::audit::insert_audit;
use crate::SqliteStore;
use crate::error::map_err;
use crate::row::{id_text, time_text};

/// Inserts `invitation` as it is: on creation and on restore.
pub(crate) async fn insert_invitation_row(
    conn: &mut SqliteConnection,
    invitation: &Invitation,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO invitations (hash, roles, invited_by, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&invitation.hash)
    .bind(roles_json(&invitation.roles)?)
    .bind(invitation.invited_by.map(|a| id_text(a.0)))
    .bind(time_text(invitation.created_at))
    .bind(time_text(invitation.expires_at))
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::create_invitation`.
pub(crate) async fn create_invitation(
    store: &SqliteStore,
    invitation: Invitation,
    event: AuditEvent,
) -> StoreResult<()> {
    let mut tx = store
        .writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(map_err)?;
    insert_invitation_row(&mut tx, &invitation).await?;
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)
}

/// See `AccountStore::take_invitation`. An expired invitation is left in place (and not
/// found).
pub(crate) async fn take_invitation(
    store: &SqliteStore,
    hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Invitation> {
    let sql = format!(
        "DELETE FROM invitations WHERE hash = ? AND expires_at > ? \
             RETURNING {INVITATION_COLUMNS}"
    );
    let row: InvitationRow<Text> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(hash)
        .bind(time_text(now))
        .fetch_one(&store.writer)
        .await
        .map_err(map_err)?;
    row.into_invitation()
}
