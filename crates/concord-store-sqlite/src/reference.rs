//! Checking that every record an edit refers to exists and is not deleted, before writing
//! (part of `Store::save_batch`); the error naming them is `concord_store::write`'s.

use std::collections::{HashMap, HashSet};

use concord_domain::record::{RecordKey, Reference};
use concord_store::StoreResult;
use concord_store::write::check_missing;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::bulk::State;
use crate::error::map_err;
use crate::row::{id_text, parse_id, parse_kind};

/// Records per lookup statement (two variables each).
const CHUNK: usize = 10_000;

/// `Invalid` naming each reference whose target neither exists in the database nor is written
/// by the same batch (`states`), or is deleted.
pub(crate) async fn check_references(
    conn: &mut SqliteConnection,
    states: &HashMap<RecordKey, State>,
    references: &[Reference],
) -> StoreResult<()> {
    if references.is_empty() {
        return Ok(());
    }
    let unknown: Vec<RecordKey> = references
        .iter()
        .map(|r| r.target)
        .filter(|t| !states.contains_key(t))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let live = live_records(conn, &unknown).await?;
    check_missing(references.iter().filter(|r| match states.get(&r.target) {
        Some(state) => state.deleted,
        None => !live.contains(&r.target),
    }))
}

/// Which of `keys` exist and are not deleted.
async fn live_records(
    conn: &mut SqliteConnection,
    keys: &[RecordKey],
) -> StoreResult<HashSet<RecordKey>> {
    let mut live = HashSet::with_capacity(keys.len());
    for chunk in keys.chunks(CHUNK) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT kind, id FROM records WHERE deleted = 0 AND (kind, id) IN (VALUES ",
        );
        let mut list = q.separated(", ");
        for key in chunk {
            list.push("(")
                .push_bind_unseparated(key.kind.as_str())
                .push_unseparated(", ")
                .push_bind_unseparated(id_text(key.id))
                .push_unseparated(")");
        }
        q.push(")");
        let rows: Vec<(String, String)> = q
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .map_err(map_err)?;
        for (kind, id) in rows {
            live.insert(RecordKey {
                kind: parse_kind(&kind)?,
                id: parse_id(&id)?,
            });
        }
    }
    Ok(live)
}
