//! Invitations to sign up: stored with their audit event, used up at most once.
//!
//! Taking an invitation is one `DELETE … RETURNING`, so two servers racing for the same link
//! cannot both get it. An expired invitation is never returned. The row shape and the insert
//! are shared with the backup.

use chrono::{DateTime, Utc};
use concord_store::{AuditEvent, Invitation, StoreResult};
use sqlx::{AssertSqlSafe, PgConnection};

use super::audit::insert_audit;
use concord_store::column::roles_json;
use concord_store_sql::Native;
use concord_store_sql::account::{INVITATION_COLUMNS, InvitationRow};

use crate::PgStore;
use crate::error::map_err;

/// Inserts `invitation` as it is: on creation and on restore.
pub(crate) async fn insert_invitation_row(
    conn: &mut PgConnection,
    invitation: &Invitation,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO invitations (hash, roles, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&invitation.hash)
    .bind(roles_json(&invitation.roles)?)
    .bind(invitation.invited_by.map(|a| a.0))
    .bind(invitation.created_at)
    .bind(invitation.expires_at)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::create_invitation`.
pub(crate) async fn create_invitation(
    store: &PgStore,
    invitation: Invitation,
    event: AuditEvent,
) -> StoreResult<()> {
    let mut tx = store.pool.begin().await.map_err(map_err)?;
    insert_invitation_row(&mut tx, &invitation).await?;
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)
}

/// See `AccountStore::take_invitation`.
pub(crate) async fn take_invitation(
    store: &PgStore,
    hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Invitation> {
    let sql = format!(
        "DELETE FROM invitations WHERE hash = $1 AND expires_at > $2 \
             RETURNING {INVITATION_COLUMNS}"
    );
    let row: InvitationRow<Native> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(hash)
        .bind(now)
        .fetch_one(&store.pool)
        .await
        .map_err(map_err)?;
    row.into_invitation()
}
