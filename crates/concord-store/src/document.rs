//! Records as the store keeps them.

use chrono::{DateTime, Utc};
use concord_domain::record::{KindVisitor, Record, RecordKey, RecordKind, Reference};
use concord_domain::revision::RevisionAction;
use concord_domain::{AccountId, OrganisationId, RevisionId, Viewer, Visibility};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A record's JSON body with the metadata the store filters, matches and checks on.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Kind and id.
    pub key: RecordKey,
    /// The whole record as JSON text, exactly as its revision's snapshot will hold it.
    /// Serialized once, where the record is made: an import's reader threads do it beside the
    /// writer instead of in its transaction.
    pub json: String,
    /// Short label (name or English title).
    pub label: String,
    /// Who may see it.
    pub visibility: Visibility,
    /// Organisations whose stewards count as parties.
    pub parties: Vec<OrganisationId>,
    /// Accounts that may see it at `restricted`; stored only in its JSON body.
    pub readers: Vec<AccountId>,
    /// Import match keys, strongest first.
    pub match_keys: Vec<String>,
    /// Records it refers to, which must exist.
    pub references: Vec<Reference>,
}

impl Document {
    /// The document of a record.
    pub fn from_record<R: Record>(record: &R) -> Result<Self, serde_json::Error> {
        Ok(Self {
            key: record.key(),
            json: serde_json::to_string(record)?,
            label: record.label(),
            visibility: record.visibility(),
            parties: record.parties(),
            readers: record.readers(),
            match_keys: record.match_keys(),
            references: record.references(),
        })
    }

    /// The document a stored snapshot of `kind` stands for, derived through the kind's record
    /// type exactly as a save derives it (restore rebuilds record rows this way).
    pub fn from_snapshot(kind: RecordKind, snapshot: &Value) -> Result<Self, serde_json::Error> {
        struct Of<'a>(&'a Value);
        impl KindVisitor for Of<'_> {
            type Output = Result<Document, serde_json::Error>;
            fn visit<R: Record>(self) -> Self::Output {
                Document::from_record(&R::deserialize(self.0)?)
            }
        }
        kind.visit(Of(snapshot))
    }
}

/// A revision as the log hands it to the search index: what it did to which record, when, and
/// the record's JSON text exactly as stored. The text is not parsed here, so a follower parses
/// it once, straight into the record type it indexes, and keeps the text as the hit it returns.
#[derive(Clone, Debug, PartialEq)]
pub struct LoggedRevision {
    /// Its position in the revision log.
    pub id: RevisionId,
    /// The record it changed.
    pub record: RecordKey,
    /// What it did.
    pub action: RevisionAction,
    /// When it was stored.
    pub at: DateTime<Utc>,
    /// The whole record after this revision, as JSON text.
    pub snapshot: String,
}

/// A write: a create, an update or a revert.
#[derive(Clone, Debug)]
pub struct Edit {
    /// Who writes; the author of the revision is `who.name` (or `anonymous`).
    pub who: Viewer,
    /// The record after the write.
    pub document: Document,
    /// The revision the write was based on; `None` for a create.
    pub base: Option<RevisionId>,
    /// `Create`, `Update` or `Revert` (delete and restore have their own methods).
    pub action: RevisionAction,
    /// The editor's summary.
    pub summary: String,
}

impl Edit {
    /// The author recorded in the revision.
    pub fn author(&self) -> String {
        author_of(&self.who)
    }
}

/// The author name recorded for a viewer's writes.
pub fn author_of(who: &Viewer) -> String {
    who.name.clone().unwrap_or_else(|| "anonymous".to_owned())
}

/// A record as read back, with its latest revision.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredDocument {
    /// Kind and id.
    pub key: RecordKey,
    /// The record (for a deleted record: as it was when deleted).
    pub body: Value,
    /// Its latest revision: the `ETag` and the base of the next edit.
    pub revision: RevisionId,
    /// Whether it is deleted.
    pub deleted: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Who wrote its latest revision (as [`author_of`] records it).
    pub author: String,
    /// Who may see it.
    pub visibility: Visibility,
    /// Its parties.
    pub parties: Vec<OrganisationId>,
    /// The accounts that may see it at `restricted` (from its body's `readers`).
    pub readers: Vec<AccountId>,
}

/// A revision without its snapshot, for history lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionMeta {
    /// Its position in the revision log.
    pub id: RevisionId,
    /// What it did.
    pub action: RevisionAction,
    /// Who made it.
    pub author: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub summary: String,
}
