//! A partnership's next steps on its page, who should lead it while it is an idea (routing),
//! and the forms that take the steps: `POST
//! /partnerships/<id>/transitions` and `POST /partnerships/<id>/renewal`. The checks and the
//! writes are the API's (`concord_http::api::v1::workflow`); here they are worded in the
//! reader's language.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use concord_domain::workflow::routing::Reason;
use concord_domain::workflow::{Facts, Transition};
use concord_domain::{
    Partnership, PartnershipId, PartnershipStatus, RecordKey, RecordKind, RevisionId, Viewer,
    Vocabulary,
};
use concord_http::api::v1::routing;
use concord_http::api::v1::support::refresh_search;
use concord_http::api::v1::workflow::{next_steps, renew, take_transition};
use concord_http::error::AppError;
use concord_http::extract::{PathId, parse_revision};
use concord_http::security::CsrfForm;
use concord_http::state::AppState;
use concord_i18n::{Arg, Localizer};
use serde::Deserialize;

use super::facts::Terms;
use super::lifecycle::finish;
use super::path_of;
use crate::{HtmlError, PageContext, see_other, values};

/// One transition leaving the partnership's status, as its page shows it.
pub struct Step {
    /// The wire name, posted by its form.
    pub transition: &'static str,
    /// What the button says.
    pub name: String,
    /// "Leads to: Proposed".
    pub leads_to: String,
    /// What is still needed, one sentence a guard; empty when it may be taken.
    pub unmet: Vec<String>,
}

/// The page's workflow section.
pub struct Workflow {
    /// The transitions leaving the status.
    pub steps: Vec<Step>,
    /// Whether the viewer may take the steps (a steward of a party, or an admin).
    pub can_act: bool,
    /// Whether the partnership may be renewed (and the viewer may).
    pub renewable: bool,
}

impl Workflow {
    /// The section for `p`, whose guards see `facts`; `can_act` as the page's Edit link.
    pub fn new(t: &Localizer, p: &Partnership, facts: &Facts, can_act: bool) -> Self {
        let next = next_steps(p, facts);
        let steps = next
            .steps
            .into_iter()
            .map(|s| Step {
                transition: s.transition.as_str(),
                name: t.msg(&format!("concord-transition-{}", s.transition.as_str())),
                leads_to: t.msg_with(
                    "concord-workflow-leads-to",
                    &[concord_i18n::Arg::Text(values::status(
                        t,
                        "partnership",
                        s.to.as_str(),
                    ))],
                ),
                unmet: s
                    .unmet
                    .iter()
                    .map(|u| t.msg(&format!("concord-guard-{}", u.guard.as_str())))
                    .collect(),
            })
            .collect();
        Self {
            steps,
            can_act,
            renewable: can_act && next.renewable,
        }
    }
}

/// A movement entity routing suggests as the lead, with why in the reader's language.
pub struct Lead {
    /// Its page.
    pub href: String,
    /// Its name.
    pub name: String,
    /// "National, Content / GLAM, country Sweden".
    pub why: String,
}

/// Who should lead an idea, as routing ranks the movement entities the reader may see: for
/// the partnership's first area, its level, and the country of its first public partner.
/// Empty for a partnership past the idea, or without an area.
pub async fn leads(
    state: &AppState,
    viewer: &Viewer,
    t: &Localizer,
    terms: &Terms,
    p: &Partnership,
    partner_country: Option<&str>,
) -> Result<Vec<Lead>, AppError> {
    let Some(area) = p.areas.first() else {
        return Ok(Vec::new());
    };
    if p.status != PartnershipStatus::Idea {
        return Ok(Vec::new());
    }
    let request = routing::request(area, p.level.as_deref(), partner_country);
    let candidates = routing::route(state, viewer, &request).await?;
    Ok(candidates
        .into_iter()
        .map(|c| {
            let reasons = c.reasons.iter().map(|r| match r {
                Reason::Level(l) => terms.term(Vocabulary::Level, l),
                Reason::Area(a) => terms.term(Vocabulary::Area, a),
                Reason::Country(code) => t.msg_with(
                    "concord-routing-country",
                    &[Arg::Text(values::country(t, code))],
                ),
                Reason::Region(code) => t.msg_with(
                    "concord-routing-region",
                    &[Arg::Text(terms.term(Vocabulary::Region, code))],
                ),
                Reason::Fallback => t.msg("concord-routing-fallback"),
            });
            Lead {
                href: format!("/organisations/{}", c.entity.id),
                name: c.entity.name,
                why: t.list(reasons),
            }
        })
        .collect())
}

/// The routes of the workflow's forms.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/partnerships/{id}/transitions", post(take))
        .route("/partnerships/{id}/renewal", post(renewal))
}

/// The fields of a step's form.
#[derive(Debug, Deserialize)]
pub struct StepForm {
    base: String,
    transition: String,
    #[serde(default)]
    reason: String,
}

/// `POST /partnerships/<id>/transitions`: takes the step and goes back to the page; a stale
/// form is the conflict page, a step that cannot be taken the error page saying so.
async fn take(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    form: Result<CsrfForm<StepForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let (id, key) = ids(&raw).map_err(|e| ctx.error_page(e))?;
    let transition = Transition::parse(&form.transition).ok_or_else(|| {
        ctx.error_page(AppError::bad_field(
            "transition",
            "unknown_value",
            "is not a step of the workflow",
        ))
    })?;
    let base = parse_revision(&form.base);
    let done = take_transition(
        &state,
        &ctx.viewer,
        id,
        |_| base.unwrap_or(RevisionId(0)),
        transition,
        &form.reason,
    )
    .await
    .map(|(revision, _)| revision);
    finish(&ctx, &state, key, done).await
}

/// The fields of the renewal form.
#[derive(Debug, Deserialize)]
pub struct RenewForm {}

/// `POST /partnerships/<id>/renewal`: creates the renewal and goes to its page.
async fn renewal(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    form: Result<CsrfForm<RenewForm>, AppError>,
) -> Result<Response, HtmlError> {
    ctx.form(form)?;
    let (id, _) = ids(&raw).map_err(|e| ctx.error_page(e))?;
    let (_, new) = renew(&state, &ctx.viewer, id, "renewed on the web")
        .await
        .map_err(|e| ctx.error_page(e))?;
    refresh_search(&state).await;
    see_other(
        &path_of(RecordKey {
            kind: RecordKind::Partnership,
            id: new.id.into(),
        }),
        None,
    )
}

/// The partnership id in a path, and its key; not a UUID is not found.
fn ids(raw: &str) -> Result<(PartnershipId, RecordKey), AppError> {
    let key = super::key_of::<Partnership>(raw)?;
    Ok((PartnershipId(key.id), key))
}
