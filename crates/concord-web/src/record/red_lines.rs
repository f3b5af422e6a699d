//! The red lines on a partnership's page (the check stored with it, or for an idea the check
//! as today's rules give it; when the rules changed since it ran, what it would be now) and
//! on an organisation's page (the red lines that name it or its kind), with the forms that
//! run the check again (`POST /partnerships/<id>/red-lines`) and clear an escalation (`POST
//! /partnerships/<id>/red-lines/clearance`). The checks and writes are the API's
//! (`concord_http::api::v1::red_lines`).

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use concord_domain::workflow::RedLineOutcome;
use concord_domain::workflow::red_line::{Clearance, Consequence};
use concord_domain::{
    Action, Organisation, Partnership, PartnershipId, RecordKind, RedLine, RevisionId, Viewer,
};
use concord_http::api::v1::red_lines::{CheckView, RedLines, clear, outcome_name, store_check};
use concord_http::api::v1::support::every;
use concord_http::error::AppError;
use concord_http::extract::{PathId, parse_revision};
use concord_http::security::CsrfForm;
use concord_http::state::AppState;
use concord_i18n::{Arg, Localizer};
use serde::Deserialize;

use super::lifecycle::finish;
use super::names::{Link, Names};
use crate::{HtmlError, PageContext};

/// A red line as a page lists it.
pub struct LineRow {
    /// Its page.
    pub href: String,
    /// Its name.
    pub name: String,
    /// "Block" or "Escalate for review".
    pub then: String,
    /// Its message.
    pub message: String,
    /// The partner it fired on (on a partnership's page).
    pub partner: Option<Link>,
}

/// The red-line section of a partnership's page.
pub struct Section {
    /// The outcome in a sentence.
    pub outcome: String,
    /// `pass`, `escalate`, `cleared`, `block`: the class of its message.
    pub tone: &'static str,
    /// Whether this is not a stored check but today's rules over an idea.
    pub preview: bool,
    /// The rules that fired, as the reader may see them.
    pub fired: Vec<LineRow>,
    /// "Cleared by alice: legal reviewed it".
    pub cleared: Option<String>,
    /// When the rules changed since the check ran: what it would say now.
    pub changed: Option<String>,
    /// Whether the reader may run the check again (a steward of a party, or an admin).
    pub can_run: bool,
    /// Whether the reader may clear the escalation (an approver or admin, and it escalated).
    pub can_clear: bool,
}

impl Section {
    /// The section for `p`, whose check `report` gives, naming partners with `names`.
    pub fn new(
        t: &Localizer,
        viewer: &Viewer,
        p: &Partnership,
        report: &RedLines,
        names: &Names,
        can_edit: bool,
    ) -> Self {
        let (shown, preview) = match &report.stored {
            Some(stored) => (stored, false),
            None => (&report.now, true),
        };
        let may_decide = viewer.may_on(Action::Decide, p) == concord_domain::Decision::Allow;
        let changed = (!preview && !report.current).then(|| {
            t.msg_with(
                "concord-red-lines-changed",
                &[Arg::Text(outcome(t, report.now.outcome))],
            )
        });
        Self {
            outcome: outcome(t, shown.outcome),
            tone: outcome_name(shown.outcome),
            preview,
            fired: rows(t, shown, names),
            cleared: shown.cleared.as_ref().map(|c: &Clearance| {
                t.msg_with(
                    "concord-red-lines-cleared-by",
                    &[Arg::Text(c.by.clone()), Arg::Text(c.reason.clone())],
                )
            }),
            changed,
            can_run: can_edit && !preview && !report.current,
            can_clear: may_decide && !preview && shown.outcome == RedLineOutcome::Escalate,
        }
    }
}

/// An outcome in a sentence.
fn outcome(t: &Localizer, outcome: RedLineOutcome) -> String {
    t.msg(&format!(
        "concord-red-lines-outcome-{}",
        outcome_name(outcome)
    ))
}

/// What a rule does, in words.
pub fn then(t: &Localizer, then: Consequence) -> String {
    t.msg(match then {
        Consequence::Escalate => "concord-red-line-escalate",
        Consequence::Block => "concord-red-line-block",
    })
}

fn rows(t: &Localizer, check: &CheckView, names: &Names) -> Vec<LineRow> {
    check
        .fired
        .iter()
        .map(|f| LineRow {
            href: format!("/red-lines/{}", f.rule),
            name: f.name.clone(),
            then: then(t, f.then),
            message: f.message.clone(),
            partner: f
                .organisation
                .map(|o| names.of(RecordKind::Organisation, o)),
        })
        .collect()
}

/// The red lines `viewer` may see that name `org` or, naming no organisation, its kind: why
/// a partnership with it would escalate or be blocked. None for a movement entity.
pub async fn of_organisation(
    state: &AppState,
    viewer: &Viewer,
    t: &Localizer,
    org: &Organisation,
) -> Result<Vec<LineRow>, AppError> {
    if org.movement_entity.is_some() {
        return Ok(Vec::new());
    }
    let lines = every::<RedLine>(state, viewer).await?;
    let mut rows: Vec<(bool, LineRow)> = lines
        .into_iter()
        .filter_map(|l| {
            let named = l.when.organisation == Some(org.id);
            let kind = l.when.organisation.is_none()
                && l.when.organisation_kind.as_deref() == Some(org.kind.as_str());
            (named || kind).then(|| {
                let row = LineRow {
                    href: format!("/red-lines/{}", l.id),
                    name: l.name,
                    then: then(t, l.then),
                    message: l.message,
                    partner: None,
                };
                (l.then == Consequence::Block, row)
            })
        })
        .collect();
    // Blocks first, then by name.
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    Ok(rows.into_iter().map(|(_, row)| row).collect())
}

/// The routes of the red-line forms.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/partnerships/{id}/red-lines", post(run))
        .route("/partnerships/{id}/red-lines/clearance", post(clearance))
}

/// The fields of the run-again form.
#[derive(Debug, Deserialize)]
pub struct RunForm {
    base: String,
}

/// `POST /partnerships/<id>/red-lines`: runs the check again and goes back to the page.
async fn run(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    form: Result<CsrfForm<RunForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let key = super::key_of::<Partnership>(&raw).map_err(|e| ctx.error_page(e))?;
    let base = parse_revision(&form.base).unwrap_or(RevisionId(0));
    let done = store_check(&state, &ctx.viewer, PartnershipId(key.id), |_| base)
        .await
        .map(|(revision, _)| revision);
    finish(&ctx, &state, key, done).await
}

/// The fields of the clearance form.
#[derive(Debug, Deserialize)]
pub struct ClearForm {
    base: String,
    #[serde(default)]
    reason: String,
}

/// `POST /partnerships/<id>/red-lines/clearance`: clears the escalation and goes back to the
/// page; a stale form is the conflict page, a refusal the error page saying why.
async fn clearance(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    form: Result<CsrfForm<ClearForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let key = super::key_of::<Partnership>(&raw).map_err(|e| ctx.error_page(e))?;
    let base = parse_revision(&form.base).unwrap_or(RevisionId(0));
    let id = PartnershipId(key.id);
    let done = clear(&state, &ctx.viewer, id, |_| base, &form.reason)
        .await
        .map(|(revision, _)| revision);
    finish(&ctx, &state, key, done).await
}
