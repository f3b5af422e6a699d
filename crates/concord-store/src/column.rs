//! Reading and writing the text columns both backends' schemas share (record kind, revision
//! action, visibility, parties as JSON), and the `Backend` errors for stored data that does not
//! parse: stored data that cannot be read is the database's fault, not the caller's.

use concord_domain::record::RecordKind;
use concord_domain::revision::RevisionAction;
use concord_domain::{AccountId, OrganisationId, Visibility};

use crate::error::{StoreError, StoreResult};

/// Wraps a (de)serialization failure of stored JSON as a `Backend` error.
pub fn json_err(err: serde_json::Error) -> StoreError {
    StoreError::Backend(Box::new(err))
}

/// A stored value that is not one of the names this version writes.
#[derive(Debug, thiserror::Error)]
#[error("unexpected stored {what}: {value:?}")]
pub struct BadValue {
    /// What was being read (`record kind`, `revision action`, `visibility`, `timestamp`).
    pub what: &'static str,
    /// The stored text.
    pub value: String,
}

/// A `Backend` error for a stored value this version cannot read.
pub fn bad_value(what: &'static str, value: &str) -> StoreError {
    StoreError::Backend(Box::new(BadValue {
        what,
        value: value.to_owned(),
    }))
}

/// Parses a stored record kind.
pub fn parse_kind(s: &str) -> StoreResult<RecordKind> {
    RecordKind::parse(s).ok_or_else(|| bad_value("record kind", s))
}

/// Parses a stored revision action.
pub fn parse_action(s: &str) -> StoreResult<RevisionAction> {
    RevisionAction::parse(s).ok_or_else(|| bad_value("revision action", s))
}

/// A logged revision from its stored columns, once each backend has read its own id and time
/// types; the kind and action are parsed here, the snapshot stays text.
pub fn logged_revision(
    id: i64,
    kind: &str,
    record_id: uuid::Uuid,
    action: &str,
    at: chrono::DateTime<chrono::Utc>,
    snapshot: String,
) -> StoreResult<crate::LoggedRevision> {
    Ok(crate::LoggedRevision {
        id: concord_domain::RevisionId(id),
        record: concord_domain::record::RecordKey {
            kind: parse_kind(kind)?,
            id: record_id,
        },
        action: parse_action(action)?,
        at,
        snapshot,
    })
}

/// Parses a stored visibility.
pub fn parse_visibility(s: &str) -> StoreResult<Visibility> {
    Visibility::parse(s).ok_or_else(|| bad_value("visibility", s))
}

/// Parses a stored JSON array of organisation ids.
pub fn parse_parties(s: &str) -> StoreResult<Vec<OrganisationId>> {
    serde_json::from_str(s).map_err(json_err)
}

/// Parses a stored JSON array of account ids (a snapshot's named readers).
pub fn parse_readers(s: &str) -> StoreResult<Vec<AccountId>> {
    serde_json::from_str(s).map_err(json_err)
}

/// The accounts a stored record body names as its readers (the `readers` field every record
/// kind has; absent when empty). The snapshot is the one place readers are stored, so each
/// revision keeps the readers it had and a backup carries them.
pub fn readers_of(body: &serde_json::Value) -> StoreResult<Vec<AccountId>> {
    match body.get(READERS_FIELD) {
        None => Ok(Vec::new()),
        Some(readers) => serde_json::from_value(readers.clone()).map_err(json_err),
    }
}

/// The field of a record body that names its readers.
pub const READERS_FIELD: &str = "readers";

/// Whether `who` may see a row whose stored visibility, parties and readers are these: a
/// revision's snapshot keeps the visibility and readers it had, so a revision made while its
/// record was hidden from `who` stays out of its history, as its snapshot and diffs are 404.
pub fn may_see_stored(
    who: &concord_domain::Viewer,
    visibility: &str,
    parties: &str,
    readers: &str,
) -> StoreResult<bool> {
    Ok(who.can_see(
        parse_visibility(visibility)?,
        &parse_parties(parties)?,
        &parse_readers(readers)?,
    ))
}

/// Writes organisation ids as a JSON array.
pub fn parties_json(parties: &[OrganisationId]) -> StoreResult<String> {
    serde_json::to_string(parties).map_err(json_err)
}

/// Roles as stored: a JSON array of their names.
pub fn roles_json(roles: &std::collections::BTreeSet<concord_domain::Role>) -> StoreResult<String> {
    serde_json::to_string(roles).map_err(json_err)
}

/// Reads stored roles.
pub fn parse_roles(s: &str) -> StoreResult<std::collections::BTreeSet<concord_domain::Role>> {
    serde_json::from_str(s).map_err(json_err)
}

/// The stored name of an audit event kind: its serde name (`log_in`, `account_created`).
pub fn audit_kind_text(kind: crate::AuditKind) -> StoreResult<String> {
    match serde_json::to_value(kind).map_err(json_err)? {
        serde_json::Value::String(name) => Ok(name),
        other => Err(bad_value("audit kind", &other.to_string())),
    }
}

/// Reads a stored audit event kind.
pub fn parse_audit_kind(name: &str) -> StoreResult<crate::AuditKind> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|_| bad_value("audit kind", name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip_and_unknown_ones_are_backend_errors() {
        assert_eq!(parse_kind("need").unwrap(), RecordKind::Need);
        assert_eq!(parse_action("revert").unwrap(), RevisionAction::Revert);
        assert_eq!(parse_visibility("parties").unwrap(), Visibility::Parties);
        let parties = vec![OrganisationId(uuid::Uuid::from_u128(3))];
        assert_eq!(
            parse_parties(&parties_json(&parties).unwrap()).unwrap(),
            parties
        );
        assert!(matches!(parse_kind("planet"), Err(StoreError::Backend(_))));
        assert!(matches!(parse_parties("[1"), Err(StoreError::Backend(_))));
    }

    #[test]
    fn audit_kinds_are_stored_by_their_serde_names_and_read_back() {
        use crate::AuditKind;
        assert_eq!(
            audit_kind_text(AuditKind::LogInFailed).unwrap(),
            "log_in_failed"
        );
        assert_eq!(
            parse_audit_kind("role_granted").unwrap(),
            AuditKind::RoleGranted
        );
        for kind in [
            AuditKind::LogIn,
            AuditKind::RestrictedExport,
            AuditKind::RoleGranted,
        ] {
            assert_eq!(
                parse_audit_kind(&audit_kind_text(kind).unwrap()).unwrap(),
                kind
            );
        }
        assert!(parse_audit_kind("LogIn").is_err());
        assert!(parse_audit_kind("teleported").is_err());
    }
}
