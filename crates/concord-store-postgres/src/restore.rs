//! Loading a backup into an empty database, keeping revision ids and timestamps.
//!
//! Revisions are inserted as they are; each record is rebuilt from its last revision: the
//! snapshot is deserialized as its kind's type to re-derive label, visibility, parties and match
//! keys, exactly as a save would. Items may arrive in several calls (a record's revisions may
//! span two calls: its row is then updated, keeping its `created_at`). Then the revision
//! sequence is moved past the highest id, so the next write continues the log.
//!
//! Accounts, invitations, tokens and audit entries are inserted as they were, in the order
//! they come (accounts before the tokens and invitations that refer to them), and the audit id
//! sequence is moved past the highest id too. Sessions are not in a backup: a restored store
//! has nobody logged in.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::revision::Revision;
use concord_store::{BackupItem, Document, StoreResult};
use serde_json::Value;

use crate::PgStore;
use crate::account::{insert_account_row, insert_audit_row, insert_invitation_row};
use crate::backup::accounts;
use crate::bulk::{self, RecordWrite, RevisionInsert};
use crate::error::{json_err, map_err};
use crate::revision::REVISION_LOG_LOCK;
use crate::row::parties_json;

/// Rows per multi-row statement while loading.
const CHUNK: usize = 5_000;

/// The document a snapshot of `kind` stands for.
fn derive(kind: RecordKind, snapshot: &Value) -> StoreResult<Document> {
    Document::from_snapshot(kind, snapshot).map_err(json_err)
}

/// A record's first and last revision, as seen while replaying, with what its last snapshot
/// derives to.
struct Replayed {
    created_at: DateTime<Utc>,
    last: Revision,
    doc: Document,
}

/// A backup split into what goes where.
#[derive(Default)]
struct Sorted {
    revisions: Vec<RevisionInsert>,
    records: BTreeMap<RecordKey, Replayed>,
    others: Vec<BackupItem>,
}

/// Replays the revisions in id order, remembering each record's first time and last revision.
fn sort(items: Vec<BackupItem>) -> StoreResult<Sorted> {
    let mut out = Sorted::default();
    let mut revisions = Vec::new();
    for item in items {
        match item {
            BackupItem::Revision(rev) => revisions.push(rev),
            other => out.others.push(other),
        }
    }
    revisions.sort_by_key(|r| r.id);
    for rev in revisions {
        let doc = derive(rev.record.kind, &rev.snapshot)?;
        out.revisions.push(RevisionInsert {
            id: rev.id,
            key: rev.record,
            action: rev.action,
            author: rev.author.clone(),
            at: rev.at,
            summary: rev.summary.clone(),
            visibility: doc.visibility,
            parties: parties_json(&doc.parties)?,
            snapshot: serde_json::to_string(&rev.snapshot).map_err(json_err)?,
        });
        let created_at = out
            .records
            .get(&rev.record)
            .map_or(rev.at, |r| r.created_at);
        out.records.insert(
            rev.record,
            Replayed {
                created_at,
                last: rev,
                doc,
            },
        );
    }
    Ok(out)
}

/// See `Store::load_backup`.
pub(crate) async fn load_backup(store: &PgStore, items: Vec<BackupItem>) -> StoreResult<()> {
    let sorted = sort(items)?;
    let mut tx = store.pool.begin().await.map_err(map_err)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(REVISION_LOG_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
    for chunk in sorted.revisions.chunks(CHUNK) {
        bulk::insert_revisions(&mut tx, chunk).await?;
    }
    let rebuilt = rebuild(sorted.records)?;
    for chunk in rebuilt.chunks(CHUNK) {
        let writes: Vec<&RecordWrite> = chunk.iter().map(|(w, _)| w).collect();
        bulk::upsert_records(&mut tx, &writes).await?;
        let keys: Vec<(RecordKey, &[String])> =
            chunk.iter().map(|(w, k)| (w.key, k.as_slice())).collect();
        bulk::replace_keys(&mut tx, &keys).await?;
    }
    let audited = sorted
        .others
        .iter()
        .any(|i| matches!(i, BackupItem::Audit(_)));
    for item in sorted.others {
        insert_other(&mut tx, item).await?;
    }
    if audited {
        accounts::continue_audit_ids(&mut tx).await?;
    }
    if !sorted.revisions.is_empty() {
        // Past the highest id, so the next write continues the log.
        sqlx::query("SELECT setval('revisions_id_seq', (SELECT max(id) FROM revisions))")
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
    }
    tx.commit().await.map_err(map_err)
}

/// Each record's row and match keys, from its last revision.
fn rebuild(records: BTreeMap<RecordKey, Replayed>) -> StoreResult<Vec<(RecordWrite, Vec<String>)>> {
    records
        .into_iter()
        .map(|(key, r)| {
            let write = RecordWrite {
                key,
                revision: r.last.id,
                label: r.doc.label,
                visibility: r.doc.visibility,
                parties: parties_json(&r.doc.parties)?,
                deleted: r.last.action.leaves_deleted(),
                created_at: r.created_at,
                updated_at: r.last.at,
            };
            Ok((write, r.doc.match_keys))
        })
        .collect()
}

/// Inserts a term, an account, an invitation, a token or an audit entry as it was.
async fn insert_other(conn: &mut sqlx::PgConnection, item: BackupItem) -> StoreResult<()> {
    let query = match item {
        BackupItem::Revision(_) => return Ok(()),
        BackupItem::Account {
            account,
            password_hash,
        } => {
            insert_account_row(conn, &account, password_hash.as_deref()).await?;
            return Ok(());
        }
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
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(vocabulary.as_str())
        .bind(key)
        .bind(label)
        .bind(author)
        .bind(at),
        BackupItem::Token { info, hash } => sqlx::query(
            "INSERT INTO api_tokens \
             (name, hash, roles, account_id, scope, created_at, expires_at, revoked_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(info.name)
        .bind(hash)
        .bind(serde_json::to_string(&info.roles).map_err(json_err)?)
        .bind(info.account.map(|a| a.0))
        .bind(info.scope.as_str())
        .bind(info.created_at)
        .bind(info.expires_at)
        .bind(info.revoked_at),
    };
    query.execute(&mut *conn).await.map_err(map_err)?;
    Ok(())
}
