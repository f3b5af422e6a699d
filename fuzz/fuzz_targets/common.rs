//! What both targets do with the records a source parsed into: everything the import engine
//! does to them before it touches the store (validation, match keys, merging), so a panic in
//! any of it is found without a database.

use concord_domain::{Organisation, Record, Vocabularies};
use concord_import::{Incoming, RowProblem, merge_organisation};

/// Validates every record as the engine does, and merges each valid one into the one before
/// it, both ways the engine merges (overwrite, fill only). Errors are fine; panics are not.
pub fn check(records: Vec<Incoming>) {
    let vocab = Vocabularies::defaults();
    let mut previous: Option<Organisation> = None;
    for incoming in records {
        match incoming.record.validate(&vocab) {
            Ok(()) => {
                let _ = incoming.record.match_keys();
                if let Some(existing) = &previous {
                    let _ = merge_organisation(existing, incoming.record.clone(), false);
                    let _ = merge_organisation(existing, incoming.record.clone(), true);
                }
                previous = Some(incoming.record);
            }
            Err(errors) => {
                let _ = RowProblem::from_validation(incoming.line, &errors).to_string();
            }
        }
    }
}
