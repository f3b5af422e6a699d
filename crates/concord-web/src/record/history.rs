//! `GET /<collection>/<id>/history`: the revisions of a record the viewer may see (who, when,
//! what, why), a form to compare any two (a GET to the diff page), and, for whoever the API
//! would let, a revert button per earlier revision.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use concord_domain::Action;
use concord_domain::record::Record;
use concord_domain::revision::RevisionAction;
use concord_http::extract::PathId;
use concord_http::state::AppState;
use concord_i18n::{Arg, Localizer};
use concord_store::RevisionMeta;

use super::facts::moment;
use super::show::{Head, respond};
use super::{allowed, key_of};
use crate::{HtmlError, Layout, PageContext};

/// One revision in the list.
pub struct Row {
    /// Its number.
    pub id: i64,
    /// When, in the reader's locale.
    pub when: String,
    /// Who.
    pub author: String,
    /// What it did, in the reader's language.
    pub action: String,
    /// Why.
    pub summary: String,
    /// Whether it is the compare form's default "from" (the one before the latest).
    pub from: bool,
    /// Whether it is the compare form's default "to" (the latest).
    pub to: bool,
    /// Whether the viewer may revert the record to it.
    pub revert: bool,
    /// The name of its "from" radio button.
    pub from_label: String,
    /// The name of its "to" radio button.
    pub to_label: String,
}

/// The history page.
#[derive(Template)]
#[template(path = "history/list.html")]
struct Page {
    layout: Layout,
    head: Head,
    rows: Vec<Row>,
}

/// The reader's word for what a revision did.
pub fn action(t: &Localizer, action: RevisionAction) -> String {
    t.msg(&format!("concord-history-action-{}", action.as_str()))
}

/// `GET /<collection>/<id>/history`.
pub async fn history<R: Record>(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
) -> Result<Response, HtmlError> {
    let key = key_of::<R>(&raw).map_err(|e| ctx.error_page(e))?;
    let (doc, revisions) = tokio::join!(
        state.store.get(&ctx.viewer, key),
        state.store.history(&ctx.viewer, key)
    );
    let doc = doc.map_err(|e| ctx.error_page(e))?;
    let revisions = revisions.map_err(|e| ctx.error_page(e))?;
    let may_revert = !doc.deleted && allowed(&ctx.viewer, Action::Revert, &doc);
    let t = ctx.t();
    let rows = revisions
        .iter()
        .enumerate()
        .map(|(i, m): (usize, &RevisionMeta)| Row {
            id: m.id.0,
            when: moment(t, m.at),
            author: m.author.clone(),
            action: action(t, m.action),
            summary: m.summary.clone(),
            from: i == 1 || revisions.len() == 1,
            to: i == 0,
            revert: may_revert && i > 0,
            from_label: t.msg_with(
                "concord-history-from-label",
                &[Arg::Text(m.id.0.to_string())],
            ),
            to_label: t.msg_with("concord-history-to-label", &[Arg::Text(m.id.0.to_string())]),
        })
        .collect();
    let page = Page {
        layout: ctx.layout(),
        head: Head::new(&ctx, &doc),
        rows,
    };
    respond(&ctx, &page).map_err(|e| ctx.error_page(e))
}
