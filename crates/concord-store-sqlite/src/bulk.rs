//! Multi-row statements for the write path: revisions, record rows and match keys in chunks
//! that respect SQLite's limit of 32,766 bound variables per statement.
//!
//! These functions only write what they are given; every check happens before (write.rs).

use std::collections::HashMap;
use std::sync::Arc;

use concord_domain::record::RecordKey;
use concord_domain::revision::RevisionAction;
use concord_domain::{AccountId, OrganisationId, RevisionId, Visibility};
use concord_store::StoreResult;
use concord_store::write::Current;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, QueryBuilder, Sqlite, SqliteConnection};

use crate::error::map_err;
use crate::row::{id_text, parse_parties, parse_visibility};
use concord_store::column::parse_readers;

/// SQLite's default `SQLITE_MAX_VARIABLE_NUMBER`.
const MAX_VARIABLES: usize = 32_766;

/// A revision ready to be inserted, with what its record row and keys become.
pub(crate) struct Prepared {
    /// Its id in the log, chosen by the writer.
    pub id: i64,
    pub key: RecordKey,
    pub action: RevisionAction,
    pub author: String,
    /// Stored time text.
    pub at: String,
    pub summary: String,
    pub visibility: Visibility,
    /// JSON array of organisation ids.
    pub parties: String,
    /// The record's JSON text.
    pub snapshot: String,
    pub label: String,
    pub match_keys: Vec<String>,
    /// Whether the record is deleted after this revision.
    pub deleted: bool,
}

/// A column whose text mostly repeats from row to row (a batch's kind, action, author, time,
/// summary, visibility): each row's value is shared with the row before when they are equal,
/// so binding it counts a reference instead of allocating and copying the text again.
#[derive(Default)]
struct Repeated(Option<Arc<str>>);

impl Repeated {
    fn bind(&mut self, text: &str) -> Arc<str> {
        match &self.0 {
            Some(last) if **last == *text => Arc::clone(last),
            _ => Arc::clone(self.0.insert(Arc::from(text))),
        }
    }
}

/// A statement with room for `values` bound values, so the argument list is not regrown
/// (and copied) a dozen times while a multi-row statement is built.
fn statement(sql: &str, values: usize) -> QueryBuilder<Sqlite> {
    let mut arguments = SqliteArguments::default();
    arguments.reserve(values, 0);
    QueryBuilder::with_arguments(sql, arguments)
}

/// What the store knows about a record before a write.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub revision: i64,
    pub deleted: bool,
    pub visibility: Visibility,
    pub parties: Vec<OrganisationId>,
    /// The accounts its snapshot names as readers.
    pub readers: Vec<AccountId>,
}

impl State {
    /// What the shared write rules decide on.
    pub fn current(&self) -> Current<'_> {
        Current {
            revision: RevisionId(self.revision),
            deleted: self.deleted,
            visibility: self.visibility,
            parties: &self.parties,
            readers: &self.readers,
        }
    }
}

#[derive(sqlx::FromRow)]
struct StateRow {
    kind: String,
    id: String,
    revision: i64,
    deleted: bool,
    visibility: String,
    parties: String,
    readers: String,
}

/// The current state of each of `keys` that exists.
pub(crate) async fn load_states(
    conn: &mut SqliteConnection,
    keys: &[RecordKey],
) -> StoreResult<HashMap<RecordKey, State>> {
    let mut states = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(MAX_VARIABLES / 2) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT r.kind, r.id, r.revision, r.deleted, r.visibility, r.parties, \
             COALESCE(json_extract(v.snapshot, '$.readers'), '[]') AS readers \
             FROM records r JOIN revisions v ON v.id = r.revision \
             WHERE (r.kind, r.id) IN (VALUES ",
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
        let rows: Vec<StateRow> = q
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .map_err(map_err)?;
        for row in rows {
            let key = RecordKey {
                kind: crate::row::parse_kind(&row.kind)?,
                id: crate::row::parse_id(&row.id)?,
            };
            let state = State {
                revision: row.revision,
                deleted: row.deleted,
                visibility: parse_visibility(&row.visibility)?,
                parties: parse_parties(&row.parties)?,
                readers: parse_readers(&row.readers)?,
            };
            states.insert(key, state);
        }
    }
    Ok(states)
}

/// The id the next revision gets: one past the highest ever handed out.
pub(crate) async fn next_revision_id(conn: &mut SqliteConnection) -> StoreResult<i64> {
    let last: i64 = sqlx::query_scalar(
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'revisions'), 0), \
                    COALESCE((SELECT MAX(id) FROM revisions), 0))",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(map_err)?;
    Ok(last + 1)
}

/// Writes a batch: inserts the revisions (in id order), upserts the record row of each record
/// written and replaces its match keys. `fresh` says that none of these records existed before,
/// so there are no old keys to remove.
pub(crate) async fn write_batch(
    conn: &mut SqliteConnection,
    revisions: &[Prepared],
    fresh: bool,
) -> StoreResult<()> {
    let latest = latest_per_record(revisions);
    let mut keys: Vec<(RecordKey, &str)> = latest
        .iter()
        .flat_map(|(r, _)| r.match_keys.iter().map(|k| (r.key, k.as_str())))
        .collect();
    // In the order of the key index, so that consecutive inserts land on the same or the next
    // page instead of a random one each (the keys of a batch are spread over the whole index).
    keys.sort_unstable_by(|(a, x), (b, y)| {
        (a.kind.as_str(), *x, a.id).cmp(&(b.kind.as_str(), *y, b.id))
    });
    let stale: &[(&Prepared, &str)] = if fresh { &[] } else { &latest };
    let statements = revisions
        .chunks(MAX_VARIABLES / 10)
        .map(insert_revisions)
        .chain(latest.chunks(MAX_VARIABLES / 9).map(upsert_records))
        .chain(stale.chunks(MAX_VARIABLES / 2).map(delete_keys))
        .chain(keys.chunks(MAX_VARIABLES / 3).map(insert_keys));
    run_overlapped(conn, statements).await
}

/// Runs `statements` in order, building each one while SQLite runs the one before on the
/// connection's worker thread, so that binding a batch's values and executing them overlap.
async fn run_overlapped(
    conn: &mut SqliteConnection,
    mut statements: impl Iterator<Item = QueryBuilder<Sqlite>>,
) -> StoreResult<()> {
    let Some(mut current) = statements.next() else {
        return Ok(());
    };
    loop {
        // `join` polls the execution first, which hands it to the worker; building the next
        // statement then runs here while the worker executes.
        let run = current.build().execute(&mut *conn);
        let (done, next) = futures::future::join(run, async { statements.next() }).await;
        done.map_err(map_err)?;
        match next {
            Some(next) => current = next,
            None => return Ok(()),
        }
    }
}

/// One multi-row `INSERT` of revisions.
fn insert_revisions(chunk: &[Prepared]) -> QueryBuilder<Sqlite> {
    let mut q = statement(
        "INSERT INTO revisions \
         (id, kind, record_id, action, author, at, summary, visibility, parties, snapshot) ",
        chunk.len() * 10,
    );
    let [
        mut kind,
        mut action,
        mut author,
        mut at,
        mut summary,
        mut visibility,
        mut parties,
    ] = <[Repeated; 7]>::default();
    q.push_values(chunk, |mut row, r| {
        row.push_bind(r.id)
            .push_bind(kind.bind(r.key.kind.as_str()))
            .push_bind(id_text(r.key.id))
            .push_bind(action.bind(r.action.as_str()))
            .push_bind(author.bind(&r.author))
            .push_bind(at.bind(&r.at))
            .push_bind(summary.bind(&r.summary))
            .push_bind(visibility.bind(r.visibility.as_str()))
            .push_bind(parties.bind(&r.parties))
            .push_bind(r.snapshot.as_str());
    });
    q
}

/// Inserts one revision (a delete or a restore).
pub(crate) async fn insert_revision(
    conn: &mut SqliteConnection,
    revision: &Prepared,
) -> StoreResult<()> {
    insert_revisions(std::slice::from_ref(revision))
        .build()
        .execute(&mut *conn)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// The record rows a list of revisions leads to: the last revision of each record, with the
/// time of its first revision in the list as `created_at` (kept for records that exist).
fn latest_per_record(revisions: &[Prepared]) -> Vec<(&Prepared, &str)> {
    let mut index: HashMap<RecordKey, usize> = HashMap::with_capacity(revisions.len());
    let mut latest: Vec<(&Prepared, &str)> = Vec::with_capacity(revisions.len());
    for r in revisions {
        match index.get(&r.key) {
            Some(&i) => latest[i].0 = r,
            None => {
                index.insert(r.key, latest.len());
                latest.push((r, r.at.as_str()));
            }
        }
    }
    latest
}

/// One multi-row upsert of record rows.
fn upsert_records(rows: &[(&Prepared, &str)]) -> QueryBuilder<Sqlite> {
    let mut q = statement(
        "INSERT INTO records \
         (kind, id, revision, label, visibility, parties, deleted, created_at, updated_at) ",
        rows.len() * 9,
    );
    let [
        mut kind,
        mut visibility,
        mut parties,
        mut created,
        mut updated,
    ] = <[Repeated; 5]>::default();
    q.push_values(rows, |mut row, (r, created_at)| {
        row.push_bind(kind.bind(r.key.kind.as_str()))
            .push_bind(id_text(r.key.id))
            .push_bind(r.id)
            .push_bind(r.label.as_str())
            .push_bind(visibility.bind(r.visibility.as_str()))
            .push_bind(parties.bind(&r.parties))
            .push_bind(r.deleted)
            .push_bind(created.bind(created_at))
            .push_bind(updated.bind(&r.at));
    });
    q.push(
        " ON CONFLICT (kind, id) DO UPDATE SET revision = excluded.revision, \
         label = excluded.label, visibility = excluded.visibility, parties = excluded.parties, \
         deleted = excluded.deleted, updated_at = excluded.updated_at",
    );
    q
}

/// One multi-row insert of match keys.
fn insert_keys(rows: &[(RecordKey, &str)]) -> QueryBuilder<Sqlite> {
    let mut q = statement(
        "INSERT OR IGNORE INTO record_keys (kind, key, record_id) ",
        rows.len() * 3,
    );
    let mut kind = Repeated::default();
    q.push_values(rows, |mut row, (key, k)| {
        row.push_bind(kind.bind(key.kind.as_str()))
            .push_bind(*k)
            .push_bind(id_text(key.id));
    });
    q
}

/// Deletes the match keys of the records written.
fn delete_keys(rows: &[(&Prepared, &str)]) -> QueryBuilder<Sqlite> {
    let mut q =
        QueryBuilder::<Sqlite>::new("DELETE FROM record_keys WHERE (kind, record_id) IN (VALUES ");
    let mut list = q.separated(", ");
    for (r, _) in rows {
        list.push("(")
            .push_bind_unseparated(r.key.kind.as_str())
            .push_unseparated(", ")
            .push_bind_unseparated(id_text(r.key.id))
            .push_unseparated(")");
    }
    q.push(")");
    q
}
