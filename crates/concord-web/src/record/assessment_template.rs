//! An assessment template's page: its questions with their scales, weights and whether each is
//! required.

use askama::Template;
use axum::response::Response;
use concord_domain::AssessmentTemplate;
use concord_domain::workflow::assessment::Scale;
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_store::StoredDocument;

use super::facts::{Fact, Facts};
use super::show::{Head, respond, visible};
use crate::{Layout, PageContext};

/// One question as listed.
struct QuestionRow {
    key: String,
    text: String,
    scale: String,
    weight: u8,
    required: String,
}

/// The assessment template page.
#[derive(Template)]
#[template(path = "record/assessment_template.html")]
struct Page {
    layout: Layout,
    head: Head,
    facts: Vec<Fact>,
    questions: Vec<QuestionRow>,
}

/// Renders the page of the assessment template in `doc`.
pub async fn page(
    _state: &AppState,
    ctx: &PageContext,
    head: Head,
    doc: StoredDocument,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let a: AssessmentTemplate = visible(doc, &ctx.viewer)?;
    let mut f = Facts::new(t);
    f.visibility(a.visibility);
    let questions = a
        .questions
        .iter()
        .map(|q| QuestionRow {
            key: q.key.clone(),
            text: q.text.clone(),
            scale: t.msg(match q.scale {
                Scale::OneToFive => "concord-scale-one_to_five",
                Scale::YesNo => "concord-scale-yes_no",
            }),
            weight: q.weight,
            required: t.msg(if q.required {
                "concord-assessment-yes"
            } else {
                "concord-assessment-no"
            }),
        })
        .collect();
    let page = Page {
        layout: ctx.layout(),
        head,
        facts: f.rows,
        questions,
    };
    respond(ctx, &page)
}
