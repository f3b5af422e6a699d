//! A partnership's assessment through the API (issue #13, item 5): starting the assessment
//! (the `assess` step) sets its questions ([`start`]); each person who may act on the
//! partnership answers on their own (`POST /api/v1/partnerships/{id}/assessment`, replacing
//! their earlier answers); `GET …/assessment` gives the questions, each response with its
//! score, the overall score, the recommendation and where people differ.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use concord_domain::revision::RevisionAction;
use concord_domain::workflow::assessment::{
    self, Answer, Assessment, Difference, Question, Recommendation,
};
use concord_domain::{
    AccountId, Action, AssessmentTemplate, Partnership, PartnershipId, PartnershipStatus,
    RevisionId, Viewer,
};
use concord_store::StoreExt;
use serde::{Deserialize, Serialize};

use super::headers::{json_response, record_response};
use super::support::{self, redacted};
use super::workflow::open;
use crate::error::AppError;
use crate::extract::{ApiViewer, IfMatch, JsonBody, PathId};
use crate::state::AppState;

/// The assessment a partnership gets when its assessment starts: the questions of the newest
/// assessment template in force, or without any, the default scorecard's.
pub async fn start(state: &AppState) -> Result<Assessment, AppError> {
    let templates =
        support::every::<AssessmentTemplate>(state, &Viewer::system("assessments")).await?;
    Ok(match templates.into_iter().last() {
        Some(t) => Assessment::new(Some(t.id.into()), t.questions),
        None => Assessment::new(None, assessment::scorecard()),
    })
}

/// One response as `GET …/assessment` gives it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ResponseView {
    /// The account that answered.
    pub by: AccountId,
    /// Its name when it answered.
    pub name: String,
    /// When it answered last.
    pub at: chrono::DateTime<Utc>,
    /// Its answers.
    pub answers: Vec<Answer>,
    /// Whether it answers every required question.
    pub complete: bool,
    /// Its score, 0 to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
}

/// `GET /api/v1/partnerships/{id}/assessment`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AssessmentView {
    /// Whether the assessment has started (the `assess` step).
    pub started: bool,
    /// The questions.
    pub questions: Vec<Question>,
    /// Each person's answers.
    pub responses: Vec<ResponseView>,
    /// The mean score of the complete responses, 0 to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// What the score suggests: `go_ahead` (70 or more), `discuss` (50 to 69), `reconsider`
    /// (below 50), or `incomplete`.
    pub recommendation: Recommendation,
    /// The questions on which people's answers differ by half the scale or more.
    pub differences: Vec<Difference>,
}

impl AssessmentView {
    /// The view of `a` (`None`: not started).
    pub fn new(a: Option<&Assessment>) -> Self {
        let Some(a) = a else {
            return Self {
                started: false,
                questions: Vec::new(),
                responses: Vec::new(),
                score: None,
                recommendation: Recommendation::Incomplete,
                differences: Vec::new(),
            };
        };
        Self {
            started: true,
            questions: a.questions.clone(),
            responses: a
                .responses
                .iter()
                .map(|r| ResponseView {
                    by: r.by,
                    name: r.name.clone(),
                    at: r.at,
                    answers: r.answers.clone(),
                    complete: a.complete(r),
                    score: a.score(r),
                })
                .collect(),
            score: a.overall(),
            recommendation: a.recommendation(),
            differences: a.differences(),
        }
    }
}

/// `GET /api/v1/partnerships/{id}/assessment`.
pub async fn show(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<PartnershipId>,
) -> Result<Response, AppError> {
    let stored = state.store.get_record::<Partnership>(&viewer, id).await?;
    if stored.deleted {
        return Err(AppError::Gone {
            revision: stored.revision,
        });
    }
    let view = AssessmentView::new(stored.record.assessment.as_ref());
    json_response(StatusCode::OK, &view)
}

/// The body of `POST /api/v1/partnerships/{id}/assessment`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswersBody {
    /// The caller's answers, one per question at most; they replace the caller's earlier ones.
    pub answers: Vec<Answer>,
}

/// `POST /api/v1/partnerships/{id}/assessment`: records the caller's answers; needs
/// `If-Match`, an account, and an admin or a steward of one of its parties.
pub async fn answer_handler(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<PartnershipId>,
    if_match: IfMatch,
    JsonBody(body): JsonBody<AnswersBody>,
) -> Result<Response, AppError> {
    let (revision, record) =
        answer(&state, &viewer, id, |c| if_match.base(c), body.answers).await?;
    support::refresh_search(&state).await;
    record_response(StatusCode::OK, revision, &redacted(record, &viewer)?)
}

/// Records `viewer`'s `answers` to partnership `id`'s assessment on the base `base` picks: its
/// revision and the partnership as it now is. The pages call it too.
pub async fn answer(
    state: &AppState,
    viewer: &Viewer,
    id: PartnershipId,
    base: impl FnOnce(RevisionId) -> RevisionId,
    answers: Vec<Answer>,
) -> Result<(RevisionId, Partnership), AppError> {
    let (mut record, base) = open(
        state,
        viewer,
        id,
        Action::Edit,
        "answering this partnership's assessment",
        base,
    )
    .await?;
    let Some(account) = viewer.account else {
        return Err(AppError::Forbidden(
            "an assessment is answered by a person: use a session or a token of your account"
                .into(),
        ));
    };
    let Some(assessment) = record
        .assessment
        .as_mut()
        .filter(|_| record.status == PartnershipStatus::Assessing)
    else {
        return Err(AppError::Conflict(format!(
            "the assessment is answered while the partnership is being assessed; it is `{}`",
            record.status.as_str()
        )));
    };
    let name = state.store.account(account).await?.display_name;
    let response = assessment::Response {
        by: account,
        name,
        answers,
        at: Utc::now(),
    };
    assessment.answer(response)?;
    let summary = "answered the assessment".to_owned();
    let action = RevisionAction::Update;
    let revision = support::save_as(state, viewer, &record, base, action, summary).await?;
    Ok((revision, record))
}
