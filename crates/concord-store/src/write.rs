//! The rules of a write that do not depend on the database, called by both backends: whether
//! a save or a delete/restore may go ahead against the record as it is (duplicate, not found,
//! conflict), which action its revision records, and the error naming missing references.
//!
//! Nothing here reads or writes; each backend finds the record's state its own way and asks.

use concord_domain::record::{RecordKey, Reference};
use concord_domain::revision::RevisionAction;
use concord_domain::{
    AccountId, OrganisationId, Problem, RevisionId, ValidationErrors, Viewer, Visibility,
};

use crate::document::{Edit, StoredDocument};
use crate::error::{StoreError, StoreResult};

/// What a write needs to know about a record as it is before the write (as left by earlier
/// writes of the same batch).
#[derive(Clone, Copy, Debug)]
pub struct Current<'a> {
    /// Its latest revision.
    pub revision: RevisionId,
    /// Whether it is deleted.
    pub deleted: bool,
    /// Who may see it.
    pub visibility: Visibility,
    /// Its parties.
    pub parties: &'a [OrganisationId],
    /// The accounts that may see it at `restricted`.
    pub readers: &'a [AccountId],
}

impl Current<'_> {
    fn hidden_from(&self, who: &Viewer) -> bool {
        !who.can_see(self.visibility, self.parties, self.readers)
    }
}

/// Why a write was refused before anything was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A create whose record exists.
    Duplicate,
    /// The record does not exist, or the writer may not see it.
    NotFound,
    /// The base is not the latest revision, or the record is (or is not) deleted.
    Conflict,
}

impl Refusal {
    /// The error for this refusal of a write to `key`. `current` is the record as it is now,
    /// which a conflict carries; it is asked for only then, and its error is returned instead.
    pub fn into_error(
        self,
        key: RecordKey,
        current: impl FnOnce() -> StoreResult<StoredDocument>,
    ) -> StoreError {
        match self {
            Refusal::Duplicate => StoreError::Duplicate {
                what: key.to_string(),
            },
            Refusal::NotFound => StoreError::NotFound,
            Refusal::Conflict => match current() {
                Ok(current) => StoreError::Conflict {
                    current: Box::new(current),
                },
                Err(e) => e,
            },
        }
    }
}

/// Decides a save (`Store::save`, `Store::save_batch`) against the record's state `current`
/// (`None`: no such record), and returns the action its revision records.
///
/// A create (no base) of an existing record is a duplicate. An edit with a base needs a record
/// the writer may see (else not found) at exactly that revision and not deleted (else a
/// conflict). An edit with a base that says `Create` is recorded as an update.
pub fn decide_save(current: Option<Current<'_>>, edit: &Edit) -> Result<RevisionAction, Refusal> {
    match (edit.base, current) {
        (None, Some(_)) => Err(Refusal::Duplicate),
        (None, None) => Ok(RevisionAction::Create),
        (Some(_), None) => Err(Refusal::NotFound),
        (Some(_), Some(s)) if s.hidden_from(&edit.who) => Err(Refusal::NotFound),
        (Some(base), Some(s)) if s.deleted || s.revision != base => Err(Refusal::Conflict),
        (Some(_), Some(_)) => Ok(match edit.action {
            RevisionAction::Create => RevisionAction::Update,
            action => action,
        }),
    }
}

/// Decides a delete (`to_deleted`) or a restore (`Store::delete`, `Store::restore`) by `who`
/// from `base`, and returns the action its revision records. The record must exist and be
/// visible to `who` (else not found), be at `base` and not already be in the state asked for
/// (else a conflict).
pub fn decide_delete(
    current: Option<Current<'_>>,
    who: &Viewer,
    base: RevisionId,
    to_deleted: bool,
) -> Result<RevisionAction, Refusal> {
    let Some(s) = current else {
        return Err(Refusal::NotFound);
    };
    if s.hidden_from(who) {
        Err(Refusal::NotFound)
    } else if s.revision != base || s.deleted == to_deleted {
        Err(Refusal::Conflict)
    } else if to_deleted {
        Ok(RevisionAction::Delete)
    } else {
        Ok(RevisionAction::Restore)
    }
}

/// `Invalid` with a `MissingReference` problem on each of `missing` (references whose target
/// does not exist or is deleted); `Ok` when there are none.
pub fn check_missing<'a>(missing: impl IntoIterator<Item = &'a Reference>) -> StoreResult<()> {
    let mut errors = ValidationErrors::default();
    for r in missing {
        errors.add(
            r.field.clone(),
            Problem::MissingReference {
                kind: r.target.kind.as_str().to_owned(),
                id: r.target.id.to_string(),
            },
        );
    }
    errors.into_result().map_err(StoreError::Invalid)
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
