//! `GET /routing`: how the movement decides who leads and which lines it does not cross, as
//! the reader may see it: the responsibility matrix in force (area × level → the kinds of
//! movement entity that lead, in order), each cell an admin's routing rule replaced linked to
//! that rule, the red lines, the approval policies and the assessment templates. Admins get the links that add rules.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use concord_domain::workflow::routing::Matrix;
use concord_domain::{ApprovalPolicy, AssessmentTemplate, RecordKind, RedLine, Viewer, Vocabulary};
use concord_http::api::v1::routing::rules;
use concord_http::api::v1::support::every;
use concord_http::error::AppError;
use concord_http::state::AppState;

use crate::edit::new_link;
use crate::{HtmlError, Layout, PageContext, render, values};

/// The default levels, widest first.
const LEVEL_ORDER: [&str; 4] = ["global", "regional", "national", "local"];

/// This module's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/routing", get(show))
}

/// One cell of the matrix as shown.
struct Cell {
    /// The kinds that lead, in order, in the reader's language.
    leads: String,
    /// The routing rule that set it, when the reader may see it: its page and name.
    rule: Option<(String, String)>,
}

/// One area's row.
struct AreaRow {
    area: String,
    cells: Vec<Cell>,
}

/// A red line as listed.
struct LineRow {
    href: String,
    name: String,
    message: String,
}

#[derive(Template)]
#[template(path = "routing/page.html")]
struct RoutingPage {
    layout: Layout,
    levels: Vec<String>,
    rows: Vec<AreaRow>,
    lines: Vec<LineRow>,
    /// The approval policies the reader may see: page and name.
    policies: Vec<(String, String)>,
    /// The assessment templates the reader may see: page and name.
    templates: Vec<(String, String)>,
    new_rule: Option<(String, String)>,
    new_line: Option<(String, String)>,
    new_policy: Option<(String, String)>,
    new_template: Option<(String, String)>,
}

/// `GET /routing`.
async fn show(ctx: PageContext, State(state): State<AppState>) -> Result<Response, HtmlError> {
    let page = build(&ctx, &state).await.map_err(|e| ctx.error_page(e))?;
    Ok(render(ctx.csrf.clone(), &page)?)
}

async fn build(ctx: &PageContext, state: &AppState) -> Result<RoutingPage, AppError> {
    let t = ctx.t();
    let vocabularies = state.store.vocabularies().await?;
    let term = |v: Vocabulary, key: &str| values::term(t, &vocabularies, v, key);
    let rules = rules(state).await?;
    let matrix = Matrix::with_rules(&rules);
    // Widest first (global, regional, national, local), then any level an admin added.
    let mut levels = vocabularies.terms(Vocabulary::Level);
    levels.sort_by_key(|l| {
        LEVEL_ORDER
            .iter()
            .position(|k| *k == l.key)
            .unwrap_or(usize::MAX)
    });
    let rows = vocabularies
        .terms(Vocabulary::Area)
        .into_iter()
        .map(|area| AreaRow {
            area: term(Vocabulary::Area, &area.key),
            cells: levels
                .iter()
                .map(|level| Cell {
                    leads: t.list(
                        matrix
                            .leads(&area.key, &level.key)
                            .iter()
                            .map(|k| term(Vocabulary::MovementEntityKind, k)),
                    ),
                    rule: rules
                        .iter()
                        .rev()
                        .find(|r| r.area == area.key && r.level == level.key)
                        .filter(|r| ctx.viewer.can_see(r.visibility, &[], &r.readers))
                        .map(|r| (format!("/routing-rules/{}", r.id), r.name.clone())),
                })
                .collect(),
        })
        .collect();
    Ok(RoutingPage {
        layout: ctx.layout(),
        levels: levels
            .iter()
            .map(|l| term(Vocabulary::Level, &l.key))
            .collect(),
        rows,
        lines: red_lines(state, &ctx.viewer).await?,
        policies: policies(state, &ctx.viewer).await?,
        templates: every::<AssessmentTemplate>(state, &ctx.viewer)
            .await?
            .into_iter()
            .map(|a| (format!("/assessment-templates/{}", a.id), a.name))
            .collect(),
        new_rule: new_link(ctx, RecordKind::RoutingRule),
        new_line: new_link(ctx, RecordKind::RedLine),
        new_policy: new_link(ctx, RecordKind::ApprovalPolicy),
        new_template: new_link(ctx, RecordKind::AssessmentTemplate),
    })
}

/// The approval policies `who` may see, by name.
async fn policies(state: &AppState, who: &Viewer) -> Result<Vec<(String, String)>, AppError> {
    let mut out: Vec<(String, String)> = every::<ApprovalPolicy>(state, who)
        .await?
        .into_iter()
        .map(|p| (format!("/approval-policies/{}", p.id), p.name))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// The red lines `who` may see, by name.
async fn red_lines(state: &AppState, who: &Viewer) -> Result<Vec<LineRow>, AppError> {
    let mut out: Vec<LineRow> = every::<RedLine>(state, who)
        .await?
        .into_iter()
        .map(|line| LineRow {
            href: format!("/red-lines/{}", line.id),
            name: line.name,
            message: line.message,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
