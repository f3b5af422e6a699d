//! The current time as stored, and the revision columns PostgreSQL reads with its own JSON
//! operators; the row shapes themselves are `concord_store_sql`'s, shared with SQLite.

use chrono::{DateTime, SubsecRound, Utc};

/// The current time as stored: whole microseconds, which is what PostgreSQL (and the SQLite
/// store) keep, so a value read back equals the value written.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The columns of a `RevisionRow` (`concord_store_sql::record`).
pub(crate) const REVISION_COLUMNS: &str = "id, kind, record_id, action, author, at, summary, visibility, parties, snapshot, \
     COALESCE((snapshot::json -> 'readers')::text, '[]') AS readers";

/// The readers a revision's snapshot names, as a JSON array (`[]` when it names none): the
/// snapshot is where readers are stored, so each revision keeps the readers it had.
pub(crate) const READERS_COLUMN: &str =
    "COALESCE((snapshot::json -> 'readers')::text, '[]') AS readers";

pub(crate) use concord_store::column::{parse_kind, parse_parties, parse_visibility, parties_json};
