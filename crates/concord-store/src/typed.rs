//! Typed access to the store for each record kind (`get_partnership` reads as
//! `store.get_record::<Partnership>(…)`), with redaction of the fields a viewer may not see.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::record::{Record, RecordKey};
use concord_domain::revision::RevisionAction;
use concord_domain::{RevisionId, Viewer};

use crate::Store;
use crate::document::{Document, Edit, StoredDocument};
use crate::error::{StoreError, StoreResult};

/// A typed record as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored<R> {
    /// The record, with fields the viewer may not see removed.
    pub record: R,
    /// Its latest revision.
    pub revision: RevisionId,
    /// Whether it is deleted.
    pub deleted: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl<R: Record> Stored<R> {
    /// Parses a stored document and redacts it for `who`.
    pub fn from_document(doc: StoredDocument, who: &Viewer) -> StoreResult<Self> {
        let mut record: R =
            serde_json::from_value(doc.body).map_err(|e| StoreError::Backend(Box::new(e)))?;
        record.redact(who);
        Ok(Self {
            record,
            revision: doc.revision,
            deleted: doc.deleted,
            created_at: doc.created_at,
            updated_at: doc.updated_at,
        })
    }
}

fn key<R: Record>(id: R::Id) -> RecordKey {
    RecordKey {
        kind: R::KIND,
        id: id.into(),
    }
}

fn document<R: Record>(record: &R) -> StoreResult<Document> {
    Document::from_record(record).map_err(|e| StoreError::Backend(Box::new(e)))
}

/// Typed helpers over any [`Store`].
#[async_trait]
pub trait StoreExt: Store {
    /// Reads a record for `who`, redacted.
    async fn get_record<R: Record>(&self, who: &Viewer, id: R::Id) -> StoreResult<Stored<R>> {
        let doc = self.get(who, key::<R>(id)).await?;
        Stored::from_document(doc, who)
    }

    /// Creates a record.
    async fn create_record<R: Record>(
        &self,
        who: &Viewer,
        record: &R,
        summary: &str,
    ) -> StoreResult<RevisionId> {
        self.save(Edit {
            who: who.clone(),
            document: document(record)?,
            base: None,
            action: RevisionAction::Create,
            summary: summary.to_owned(),
        })
        .await
    }

    /// Updates a record from a known base revision.
    async fn update_record<R: Record>(
        &self,
        who: &Viewer,
        record: &R,
        base: RevisionId,
        summary: &str,
    ) -> StoreResult<RevisionId> {
        self.save(Edit {
            who: who.clone(),
            document: document(record)?,
            base: Some(base),
            action: RevisionAction::Update,
            summary: summary.to_owned(),
        })
        .await
    }
}

impl<S: Store + ?Sized> StoreExt for S {}
