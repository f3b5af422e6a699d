//! Small steps the cases share: write as an admin and fail the test on any error.

use concord_domain::record::Record;
use concord_domain::revision::RevisionAction;
use concord_domain::{RevisionId, Viewer};

use super::fixture::admin;
use crate::typed::StoreExt;
use crate::{Document, Edit, Store, StoreError, StoredDocument};

/// Creates `record` as an admin.
pub async fn create<R: Record>(store: &dyn Store, record: &R) -> RevisionId {
    store
        .create_record(&admin(), record, "create")
        .await
        .unwrap_or_else(|e| panic!("creating {}: {e:?}", record.key()))
}

/// Updates `record` from `base` as an admin.
pub async fn update<R: Record>(store: &dyn Store, record: &R, base: RevisionId) -> RevisionId {
    store
        .update_record(&admin(), record, base, "update")
        .await
        .unwrap_or_else(|e| panic!("updating {}: {e:?}", record.key()))
}

/// The record as an admin sees it.
pub async fn get<R: Record>(store: &dyn Store, record: &R) -> StoredDocument {
    store
        .get(&admin(), record.key())
        .await
        .unwrap_or_else(|e| panic!("reading {}: {e:?}", record.key()))
}

/// A create edit of `record` by `who`.
pub fn create_edit<R: Record>(who: &Viewer, record: &R) -> Edit {
    Edit {
        who: who.clone(),
        document: Document::from_record(record).unwrap(),
        base: None,
        action: RevisionAction::Create,
        summary: "import".to_owned(),
    }
}

/// Asserts that `result` is `NotFound`.
pub fn assert_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::NotFound) => {}
        other => panic!("{what}: expected NotFound, got {other:?}"),
    }
}
