//! Row shapes shared by several queries, and how stored text becomes domain values (and back).
//!
//! Timestamps are RFC 3339 UTC text with exactly six fractional digits, so they sort as text
//! and round-trip exactly through PostgreSQL's microsecond `TIMESTAMPTZ` too.

use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

/// The current time as stored: whole microseconds.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A timestamp as stored: `2025-01-02T03:04:05.123456Z`.
pub(crate) fn time_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A record id as stored: lowercase hyphenated.
pub(crate) fn id_text(id: Uuid) -> String {
    id.hyphenated().to_string()
}

/// The columns of a `RevisionRow` (`concord_store_sql::record`).
pub(crate) const REVISION_COLUMNS: &str = "id, kind, record_id, action, author, at, summary, visibility, parties, snapshot, \
     COALESCE(json_extract(snapshot, '$.readers'), '[]') AS readers";

/// The readers a revision's snapshot names, as a JSON array (`[]` when it names none): the
/// snapshot is where readers are stored, so each revision keeps the readers it had.
pub(crate) const READERS_COLUMN: &str =
    "COALESCE(json_extract(snapshot, '$.readers'), '[]') AS readers";

pub(crate) use concord_store::column::{parse_kind, parse_parties, parse_visibility, parties_json};
pub(crate) use concord_store_sql::record::RECORD_COLUMNS;
pub(crate) use concord_store_sql::{parse_id, parse_time};
