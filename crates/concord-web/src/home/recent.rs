//! The latest changes the viewer may see (`Store::changes`: changes of records they may see
//! now, whose snapshot they may see), normally in one store round trip.

use concord_domain::Viewer;
use concord_domain::revision::RevisionAction;
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_i18n::Localizer;
use concord_store::ChangesQuery;

use crate::search::rows::{kind_name, record_href};
use crate::search::text::{Localized, title};

/// How many changes are listed.
pub const SHOWN: usize = 10;

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
    let query = ChangesQuery {
        limit: SHOWN,
        ..ChangesQuery::default()
    };
    let found = state.store.changes(viewer, &query).await?;
    let mut changes = Vec::with_capacity(SHOWN);
    for change in &found.changes {
        let revision = &change.revision;
        let kind = revision.record.kind;
        changes.push(Change {
            href: record_href(&revision.record),
            title: title(kind, &revision.snapshot, t.lang()),
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
        RevisionAction::Transition => "transition",
        RevisionAction::Decision => "decision",
    }
}
