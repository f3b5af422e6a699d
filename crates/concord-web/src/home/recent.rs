//! The latest changes the viewer may see: the newest revisions of the log whose snapshot they
//! may see (the rule of `Store::history`), read in one round trip from the end of the log the
//! index has applied. Only the last [`WINDOW`] revisions are looked at, so when most of them
//! are hidden from the viewer fewer than [`SHOWN`] are listed.

use concord_domain::RevisionId;
use concord_domain::Viewer;
use concord_domain::revision::RevisionAction;
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_i18n::Localizer;
use concord_store::Document;

use crate::search::rows::{kind_name, record_href};
use crate::search::text::{Localized, title};

/// How many changes are listed.
pub const SHOWN: usize = 10;
/// How many of the latest revisions are read to find them.
const WINDOW: i64 = 100;

/// One change.
pub struct Change {
    /// The record's page.
    pub href: String,
    /// The record's title as that revision had it.
    pub title: Localized,
    /// The record's kind, in the reader's words.
    pub kind: String,
    /// What happened, in the reader's words.
    pub action: String,
    /// When, in the reader's date format.
    pub date: String,
}

/// The newest [`SHOWN`] changes `viewer` may see.
pub async fn changes(
    state: &AppState,
    viewer: &Viewer,
    t: &Localizer,
) -> Result<Vec<Change>, AppError> {
    let head = state.search.last_applied().0;
    let after = RevisionId((head - WINDOW).max(0));
    let window = usize::try_from(WINDOW).unwrap_or(usize::MAX);
    let revisions = state.store.revisions_since(after, window).await?;
    let mut changes = Vec::with_capacity(SHOWN);
    for revision in revisions.iter().rev() {
        if changes.len() == SHOWN {
            break;
        }
        let kind = revision.record.kind;
        let snapshot: serde_json::Value =
            serde_json::from_str(&revision.snapshot).map_err(AppError::internal)?;
        let document = Document::from_snapshot(kind, &snapshot).map_err(AppError::internal)?;
        if !viewer.can_see(document.visibility, &document.parties, &document.readers) {
            continue;
        }
        changes.push(Change {
            href: record_href(&revision.record),
            title: title(kind, &snapshot, t.lang()),
            kind: kind_name(t, kind),
            action: t.msg(&format!(
                "concord-home-change-{}",
                action_name(revision.action)
            )),
            date: t.date(revision.at.date_naive()),
        });
    }
    Ok(changes)
}

fn action_name(action: RevisionAction) -> &'static str {
    match action {
        RevisionAction::Create => "create",
        RevisionAction::Update => "update",
        RevisionAction::Delete => "delete",
        RevisionAction::Restore => "restore",
        RevisionAction::Revert => "revert",
    }
}
