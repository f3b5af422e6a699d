//! Loading a backup: revisions are replayed with their original ids and times, and each record
//! row and its match keys are re-derived from its latest snapshot through the typed record, so
//! a backup of the result equals the backup loaded. Items may arrive in several calls.
//!
//! Accounts, invitations, tokens and audit entries are inserted as they were, in the order
//! they come (accounts before the tokens and invitations that refer to them). Sessions are not
//! in a backup: a restored store has nobody logged in.

use concord_domain::record::RecordKind;
use concord_domain::revision::Revision;
use concord_store::{BackupItem, Document, StoreResult};
use serde_json::Value;
use sqlx::SqliteConnection;

use crate::SqliteStore;
use crate::account::{insert_account_row, insert_audit_row, insert_invitation_row};
use crate::bulk::{self, Prepared};
use crate::error::{json_err, map_err};
use crate::row::{parties_json, time_text};

/// What the store derives from a snapshot.
struct Derived {
    label: String,
    visibility: concord_domain::Visibility,
    parties: String,
    match_keys: Vec<String>,
}

fn derive(kind: RecordKind, snapshot: &Value) -> StoreResult<Derived> {
    let doc = Document::from_snapshot(kind, snapshot).map_err(json_err)?;
    Ok(Derived {
        label: doc.label,
        visibility: doc.visibility,
        parties: parties_json(&doc.parties)?,
        match_keys: doc.match_keys,
    })
}

fn prepare(revision: Revision) -> StoreResult<Prepared> {
    let derived = derive(revision.record.kind, &revision.snapshot)?;
    Ok(Prepared {
        id: revision.id.0,
        key: revision.record,
        action: revision.action,
        author: revision.author,
        at: time_text(revision.at),
        summary: revision.summary,
        visibility: derived.visibility,
        parties: derived.parties,
        snapshot: serde_json::to_string(&revision.snapshot).map_err(json_err)?,
        label: derived.label,
        match_keys: derived.match_keys,
        deleted: revision.action.leaves_deleted(),
    })
}

/// See `Store::load_backup`.
pub(crate) async fn load_backup(store: &SqliteStore, items: Vec<BackupItem>) -> StoreResult<()> {
    let mut tx = store
        .writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(map_err)?;
    let mut revisions = Vec::new();
    for item in items {
        match item {
            BackupItem::Revision(r) => revisions.push(prepare(r)?),
            other => insert_other(&mut tx, other).await?,
        }
    }
    revisions.sort_by_key(|r| r.id);
    bulk::write_batch(&mut tx, &revisions, false).await?;
    tx.commit().await.map_err(map_err)
}

/// Inserts a term, an account, an invitation, a token or an audit entry as it was.
async fn insert_other(conn: &mut SqliteConnection, item: BackupItem) -> StoreResult<()> {
    let query = match item {
        BackupItem::Revision(_) => return Ok(()),
        BackupItem::Account {
            account,
            password_hash,
        } => return insert_account_row(conn, &account, password_hash.as_deref()).await,
        BackupItem::Invitation(invitation) => {
            return insert_invitation_row(conn, &invitation).await;
        }
        BackupItem::Audit(entry) => {
            return insert_audit_row(conn, Some(entry.id), &entry.event).await;
        }
        BackupItem::Term {
            vocabulary,
            key,
            label,
            author,
            at,
        } => sqlx::query(
            "INSERT INTO vocabulary_terms (vocabulary, key, label, author, at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(vocabulary.as_str())
        .bind(key)
        .bind(label)
        .bind(author)
        .bind(time_text(at)),
        BackupItem::Token { info, hash } => sqlx::query(
            "INSERT INTO api_tokens \
             (name, hash, roles, account_id, scope, created_at, expires_at, revoked_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(info.name)
        .bind(hash)
        .bind(serde_json::to_string(&info.roles).map_err(json_err)?)
        .bind(info.account.map(|a| crate::row::id_text(a.0)))
        .bind(info.scope.as_str())
        .bind(time_text(info.created_at))
        .bind(info.expires_at.map(time_text))
        .bind(info.revoked_at.map(time_text)),
    };
    query.execute(&mut *conn).await.map_err(map_err)?;
    Ok(())
}
