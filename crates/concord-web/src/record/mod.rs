//! The pages of the records of every kind: a record's page (`/<collection>/<id>`), its history
//! and diffs, revert, delete and restore, a partnership's workflow steps, and the site's recent
//! changes.
//!
//! Routes come from the registry of kinds ([`RecordKind::ALL`] and [`RecordKind::visit`]), so
//! a new kind gets its pages' routes the day it is declared. Reads and writes go through the
//! same store calls, authorisation checks and redaction as the API (`concord_http::api::v1`);
//! a record the viewer may not see is the same 404 page as an id that does not exist.
//! This module does not build create or edit forms.

mod approval_policy;
mod approvals;
mod assessment;
mod assessment_template;
mod diff;
pub(crate) mod facts;
mod glossary;
mod history;
mod inquiry;
mod lifecycle;
mod names;
mod need;
mod organisation;
mod partnership;
mod person;
mod recent;
mod red_line;
mod red_lines;
mod routing_rule;
mod show;
pub mod text;
mod workflow;

use axum::Router;
use axum::routing::{get, post};
use concord_domain::record::{KindVisitor, Record, RecordKey, RecordKind};
use concord_domain::{Action, Viewer};
use concord_http::api::v1::support::check_stored;
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_store::StoredDocument;
use uuid::Uuid;

/// The routes of every kind's pages, and recent changes.
pub fn routes() -> Router<AppState> {
    let router = Router::new()
        .route("/recent-changes", get(recent::list))
        .merge(workflow::routes())
        .merge(red_lines::routes())
        .merge(approvals::routes())
        .merge(assessment::routes())
        .merge(inquiry::routes());
    RecordKind::ALL
        .into_iter()
        .fold(router, |router, kind| kind.visit(Routes(router)))
}

/// Adds one kind's routes.
struct Routes(Router<AppState>);

impl KindVisitor for Routes {
    type Output = Router<AppState>;
    fn visit<R: Record>(self) -> Router<AppState> {
        let base = format!("/{}/{{id}}", R::KIND.collection());
        self.0
            .route(&base, get(show::show::<R>))
            .route(&format!("{base}/history"), get(history::history::<R>))
            .route(&format!("{base}/diff"), get(diff::diff::<R>))
            .route(&format!("{base}/revert"), post(lifecycle::revert::<R>))
            .route(&format!("{base}/delete"), post(lifecycle::delete::<R>))
            .route(&format!("{base}/restore"), post(lifecycle::restore::<R>))
    }
}

/// The page path of a record: `/partnerships/<id>`.
pub fn path_of(key: RecordKey) -> String {
    format!("/{}/{}", key.kind.collection(), key.id)
}

/// The key of record `raw` of kind `R`; an id that is not a UUID is a record that does not exist.
fn key_of<R: Record>(raw: &str) -> Result<RecordKey, AppError> {
    let id: Uuid = raw.parse().map_err(|_| AppError::NotFound)?;
    Ok(RecordKey { kind: R::KIND, id })
}

/// Whether the authorisation matrix lets `viewer` do `action` to the stored record, exactly as
/// the API asks it before that write.
fn allowed(viewer: &Viewer, action: Action, doc: &StoredDocument) -> bool {
    check_stored(viewer, action, doc, "").is_ok()
}

/// The message key naming a kind: `concord-record-kind-partnership`.
fn kind_message(kind: RecordKind) -> String {
    format!("concord-record-kind-{}", kind.as_str())
}
