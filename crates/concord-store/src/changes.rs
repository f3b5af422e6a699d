//! Recent changes across the registry (`Store::changes`): the newest revisions a viewer may
//! see, each with the record's revision before it (for a diff). A change is listed only when the
//! viewer may see the record as it is now (a record they may not see does not exist for them,
//! nor its history) and the revision's own snapshot (the rule of `Store::history`). Each
//! backend reads candidate rows, newest first, in one query per [`ROWS_PER_READ`]; the choosing
//! is here.

use std::future::Future;

use concord_domain::record::RecordKind;
use concord_domain::revision::Revision;
use concord_domain::{RevisionId, Viewer};

use crate::column::may_see_stored;
use crate::error::StoreResult;
use crate::revision::RevisionColumns;

/// The most candidate revisions one call looks at; when it stops there, [`Changes::older`]
/// says where to go on.
pub const MAX_SCANNED: usize = 4_000;
/// Candidate revisions read per query.
pub const ROWS_PER_READ: usize = 200;

/// Which changes to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangesQuery {
    /// Only revisions older than this one (the newest when `None`).
    pub before: Option<RevisionId>,
    /// Only revisions of this kind.
    pub kind: Option<RecordKind>,
    /// Only revisions by this author.
    pub author: Option<String>,
    /// How many changes at most (at least one is asked for).
    pub limit: usize,
}

/// One change.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The revision, with its snapshot.
    pub revision: Revision,
    /// The record's revision before it, when there is one the viewer may see.
    pub previous: Option<RevisionId>,
}

/// A page of changes, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    /// The changes found.
    pub changes: Vec<Change>,
    /// Where an older page starts (exclusive), when there may be more.
    pub older: Option<RevisionId>,
}

/// A candidate as a backend reads it: the revision, and what decides whether the viewer may
/// see its record now and its previous revision.
#[derive(Clone, Debug)]
pub struct ChangeColumns {
    /// The revision.
    pub revision: RevisionColumns,
    /// The record's current visibility, parties and readers, as stored.
    pub now: (String, String, String),
    /// The record's previous revision: its id, visibility, parties and readers, as stored.
    pub previous: Option<(i64, String, String, String)>,
}

/// The changes `who` may see under `query`, reading candidates with `read(before, n)`: at
/// most `n` revisions older than `before` that match the query's kind and author, newest
/// first.
pub async fn changes_visible<F, Fut>(
    who: &Viewer,
    query: &ChangesQuery,
    mut read: F,
) -> StoreResult<Changes>
where
    F: FnMut(i64, usize) -> Fut,
    Fut: Future<Output = StoreResult<Vec<ChangeColumns>>>,
{
    let limit = query.limit.max(1);
    let mut before = query.before.map_or(i64::MAX, |r| r.0);
    let mut changes = Vec::new();
    let mut scanned = 0;
    loop {
        let n = ROWS_PER_READ.min(MAX_SCANNED - scanned);
        let rows = read(before, n).await?;
        let complete = rows.len() == n;
        for row in rows {
            scanned += 1;
            before = row.revision.meta.id;
            if let Some(change) = visible(who, row)? {
                changes.push(change);
                if changes.len() == limit {
                    let older = (before > 1).then_some(RevisionId(before));
                    return Ok(Changes { changes, older });
                }
            }
        }
        if !complete {
            return Ok(Changes {
                changes,
                older: None,
            });
        }
        if scanned >= MAX_SCANNED {
            return Ok(Changes {
                changes,
                older: Some(RevisionId(before)),
            });
        }
    }
}

/// The change, when `who` may see the record now and the revision.
fn visible(who: &Viewer, row: ChangeColumns) -> StoreResult<Option<Change>> {
    let (visibility, parties, readers) = &row.now;
    if !may_see_stored(who, visibility, parties, readers)? || !row.revision.meta.visible_to(who)? {
        return Ok(None);
    }
    let previous = match &row.previous {
        Some((id, visibility, parties, readers))
            if may_see_stored(who, visibility, parties, readers)? =>
        {
            Some(RevisionId(*id))
        }
        _ => None,
    };
    Ok(Some(Change {
        revision: row.revision.into_revision()?,
        previous,
    }))
}
