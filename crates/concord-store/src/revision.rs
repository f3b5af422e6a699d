//! Revision rows as both backends read them, and the rules on them that do not depend on the
//! database: what a row means (`RevisionMeta`, `Revision`), and which revisions a viewer may
//! see (`Store::history`, `Store::revision`). A snapshot keeps the visibility it had when it was
//! written, so a revision made while its record was hidden from a viewer stays hidden from them.
//!
//! Each backend reads its own id and time types into these structs; nothing here queries.

use chrono::{DateTime, Utc};
use concord_domain::record::RecordKey;
use concord_domain::revision::Revision;
use concord_domain::{RevisionId, Viewer};
use uuid::Uuid;

use crate::column::{json_err, may_see_stored, parse_action, parse_kind};
use crate::document::RevisionMeta;
use crate::error::{StoreError, StoreResult};

/// A revision's stored columns without its snapshot or record.
#[derive(Clone, Debug)]
pub struct MetaColumns {
    /// Its position in the log.
    pub id: i64,
    /// The stored action name.
    pub action: String,
    /// Who made it.
    pub author: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub summary: String,
    /// The stored visibility name of its snapshot.
    pub visibility: String,
    /// The stored JSON array of its snapshot's parties.
    pub parties: String,
    /// The JSON array of its snapshot's readers (`[]` when it names none).
    pub readers: String,
}

impl MetaColumns {
    /// Whether `who` may see this revision's snapshot.
    pub fn visible_to(&self, who: &Viewer) -> StoreResult<bool> {
        may_see_stored(who, &self.visibility, &self.parties, &self.readers)
    }

    /// The revision without its snapshot.
    pub fn into_meta(self) -> StoreResult<RevisionMeta> {
        Ok(RevisionMeta {
            id: RevisionId(self.id),
            action: parse_action(&self.action)?,
            author: self.author,
            at: self.at,
            summary: self.summary,
        })
    }
}

/// A whole stored revision.
#[derive(Clone, Debug)]
pub struct RevisionColumns {
    /// Everything but the record and the snapshot.
    pub meta: MetaColumns,
    /// The stored kind name of its record.
    pub kind: String,
    /// Its record's id.
    pub record_id: Uuid,
    /// The record after this revision, as JSON text.
    pub snapshot: String,
}

impl RevisionColumns {
    /// The revision, whoever asks (backups).
    pub fn into_revision(self) -> StoreResult<Revision> {
        let kind = parse_kind(&self.kind)?;
        let snapshot = serde_json::from_str(&self.snapshot).map_err(json_err)?;
        let meta = self.meta.into_meta()?;
        Ok(Revision {
            id: meta.id,
            record: RecordKey {
                kind,
                id: self.record_id,
            },
            action: meta.action,
            author: meta.author,
            at: meta.at,
            summary: meta.summary,
            snapshot,
        })
    }

    /// The revision for `who` (`Store::revision`): `NotFound` when they may not see its snapshot.
    pub fn into_revision_for(self, who: &Viewer) -> StoreResult<Revision> {
        if !self.meta.visible_to(who)? {
            return Err(StoreError::NotFound);
        }
        self.into_revision()
    }
}

/// A record's history for `who` (`Store::history`): the revisions of `rows` whose snapshot they
/// may see, in the order given.
pub fn history_for(
    who: &Viewer,
    rows: impl IntoIterator<Item = MetaColumns>,
) -> StoreResult<Vec<RevisionMeta>> {
    let mut metas = Vec::new();
    for row in rows {
        if row.visible_to(who)? {
            metas.push(row.into_meta()?);
        }
    }
    Ok(metas)
}

#[cfg(test)]
mod tests {
    use concord_domain::record::RecordKind;
    use concord_domain::revision::RevisionAction;

    use super::*;

    fn meta(id: i64, visibility: &str) -> MetaColumns {
        MetaColumns {
            id,
            action: "update".to_owned(),
            author: "alice".to_owned(),
            at: DateTime::UNIX_EPOCH,
            summary: "why".to_owned(),
            visibility: visibility.to_owned(),
            parties: "[]".to_owned(),
            readers: "[]".to_owned(),
        }
    }

    #[test]
    fn history_leaves_out_the_revisions_whose_snapshot_the_viewer_may_not_see() {
        let rows = [meta(3, "public"), meta(2, "restricted"), meta(1, "public")];
        let seen = history_for(&Viewer::anonymous(), rows.clone()).unwrap();
        let ids: Vec<i64> = seen.iter().map(|m| m.id.0).collect();
        assert_eq!(ids, [3, 1]);
        assert_eq!(seen[0].action, RevisionAction::Update);
        assert_eq!(history_for(&Viewer::system("t"), rows).unwrap().len(), 3);
    }

    #[test]
    fn a_hidden_snapshot_is_not_found_and_a_visible_one_parses() {
        let row = |visibility| RevisionColumns {
            meta: meta(5, visibility),
            kind: "need".to_owned(),
            record_id: Uuid::from_u128(9),
            snapshot: r#"{"a":1}"#.to_owned(),
        };
        let who = Viewer::anonymous();
        assert!(matches!(
            row("movement").into_revision_for(&who),
            Err(StoreError::NotFound)
        ));
        let revision = row("public").into_revision_for(&who).unwrap();
        assert_eq!(revision.record.kind, RecordKind::Need);
        assert_eq!(revision.snapshot["a"], 1);
        assert!(matches!(
            RevisionColumns {
                kind: "planet".to_owned(),
                ..row("public")
            }
            .into_revision(),
            Err(StoreError::Backend(_))
        ));
    }
}
