//! The assessment on a partnership's page: each question with every person's answer side by
//! side, the questions where they differ marked for discussion, each person's score, the
//! overall score and recommendation, and the form with which a steward of a party (or an admin)
//! answers (`POST /partnerships/<id>/assessment`; the API's `assessments::answer`).

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use concord_domain::workflow::assessment::{Answer, Assessment, Question, Scale};
use concord_domain::{Partnership, PartnershipId, PartnershipStatus, RevisionId, Viewer};
use concord_http::api::v1::assessments::answer;
use concord_http::error::AppError;
use concord_http::extract::PathId;
use concord_http::extract::parse_revision;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;
use concord_i18n::{Arg, Localizer};

use super::lifecycle::finish;
use crate::{HtmlError, PageContext};

/// One question with everyone's answers.
pub struct QuestionRow {
    /// The question in the reader's language (the scorecard's) or as its template has it.
    pub text: String,
    /// Each respondent's answer, in respondent order ("—" when unanswered).
    pub answers: Vec<String>,
    /// Each respondent's note, where they wrote one: "name: note".
    pub notes: Vec<String>,
    /// Whether the answers differ by half the scale or more.
    pub differs: bool,
}

/// One question of the answer form.
pub struct FormQuestion {
    /// The posted field, `q-<key>`.
    pub name: String,
    /// The note's field, `note-<key>`.
    pub note_name: String,
    /// The question.
    pub text: String,
    /// Whether an answer is required.
    pub required: bool,
    /// The choices: value, label, whether it is the reader's current answer.
    pub choices: Vec<(String, String, bool)>,
    /// The reader's current note.
    pub note: String,
}

/// The assessment section of a partnership's page; `None` before the assessment starts.
pub struct Section {
    /// Who answered, in order.
    pub respondents: Vec<String>,
    /// Each respondent's score ("—" while incomplete).
    pub scores: Vec<String>,
    /// The questions.
    pub questions: Vec<QuestionRow>,
    /// "Score 72 of 100: go ahead." or "Not complete yet: …".
    pub summary: String,
    /// Whether any question differs.
    pub any_differ: bool,
    /// The form for the reader (empty: none).
    pub form: Vec<FormQuestion>,
}

/// The question's text for the reader: the default scorecard's in their language.
fn text(t: &Localizer, a: &Assessment, q: &Question) -> String {
    if a.template.is_none() {
        t.msg(&format!("concord-scorecard-{}", q.key))
    } else {
        q.text.clone()
    }
}

/// An answer in words.
fn shown(t: &Localizer, scale: Scale, value: u8) -> String {
    match scale {
        Scale::YesNo if value == 0 => t.msg("concord-assessment-no"),
        Scale::YesNo => t.msg("concord-assessment-yes"),
        Scale::OneToFive => {
            let n = Arg::Count(i64::from(value));
            match value {
                1 => t.msg_with("concord-assessment-weak", &[n]),
                5 => t.msg_with("concord-assessment-strong", &[n]),
                _ => t.msg_with("concord-assessment-value", &[n]),
            }
        }
    }
}

impl Section {
    /// The section for `p`; the form when `can_answer` (a steward of a party or an admin, with
    /// an account) and it is being assessed.
    pub fn new(t: &Localizer, viewer: &Viewer, p: &Partnership, can_answer: bool) -> Option<Self> {
        let a = p.assessment.as_ref()?;
        let differences = a.differences();
        let dash = || "—".to_owned();
        let questions = a
            .questions
            .iter()
            .map(|q| QuestionRow {
                text: text(t, a, q),
                answers: a
                    .responses
                    .iter()
                    .map(|r| {
                        r.answers
                            .iter()
                            .find(|x| x.question == q.key)
                            .map_or_else(dash, |x| shown(t, q.scale, x.value))
                    })
                    .collect(),
                notes: a
                    .responses
                    .iter()
                    .filter_map(|r| {
                        let x = r.answers.iter().find(|x| x.question == q.key)?;
                        (!x.note.is_empty()).then(|| format!("{}: {}", r.name, x.note))
                    })
                    .collect(),
                differs: differences.iter().any(|d| d.question == q.key),
            })
            .collect();
        let summary = match a.overall() {
            None => t.msg("concord-assessment-incomplete"),
            Some(score) => t.msg_with(
                "concord-assessment-summary",
                &[
                    Arg::Count(i64::from(score)),
                    Arg::Text(t.msg(&format!(
                        "concord-assessment-recommendation-{}",
                        a.recommendation().as_str()
                    ))),
                ],
            ),
        };
        let mine = viewer
            .account
            .and_then(|id| a.responses.iter().find(|r| r.by == id));
        let open =
            can_answer && viewer.account.is_some() && p.status == PartnershipStatus::Assessing;
        let form = if open {
            a.questions
                .iter()
                .map(|q| {
                    let current = mine.and_then(|r| r.answers.iter().find(|x| x.question == q.key));
                    let (low, high) = q.scale.range();
                    FormQuestion {
                        name: format!("q-{}", q.key),
                        note_name: format!("note-{}", q.key),
                        text: text(t, a, q),
                        required: q.required,
                        choices: (low..=high)
                            .map(|v| {
                                let on = current.is_some_and(|x| x.value == v);
                                (v.to_string(), shown(t, q.scale, v), on)
                            })
                            .collect(),
                        note: current.map(|x| x.note.clone()).unwrap_or_default(),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        Some(Self {
            respondents: a.responses.iter().map(|r| r.name.clone()).collect(),
            scores: a
                .responses
                .iter()
                .map(|r| match (a.complete(r), a.score(r)) {
                    (true, Some(s)) => s.to_string(),
                    _ => dash(),
                })
                .collect(),
            questions,
            summary,
            any_differ: !differences.is_empty(),
            form,
        })
    }
}

/// The route of the answer form.
pub fn routes() -> Router<AppState> {
    Router::new().route("/partnerships/{id}/assessment", post(answers))
}

/// `POST /partnerships/<id>/assessment`: records the reader's answers (`q-<key>`, with
/// `note-<key>`; an empty choice leaves the question unanswered) and goes back to the page.
async fn answers(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    form: Result<CsrfForm<Vec<(String, String)>>, AppError>,
) -> Result<Response, HtmlError> {
    let pairs = ctx.form(form)?;
    let key = super::key_of::<Partnership>(&raw).map_err(|e| ctx.error_page(e))?;
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let base = parse_revision(field("base")).unwrap_or(RevisionId(0));
    let mut given = Vec::new();
    for (name, value) in &pairs {
        let Some(question) = name.strip_prefix("q-") else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let value = value.parse().map_err(|_| {
            ctx.error_page(AppError::bad_field(
                name,
                "malformed",
                "an answer is a number on the question's scale",
            ))
        })?;
        given.push(Answer {
            question: question.to_owned(),
            value,
            note: field(&format!("note-{question}")).to_owned(),
        });
    }
    let id = PartnershipId(key.id);
    let done = answer(&state, &ctx.viewer, id, |_| base, given)
        .await
        .map(|(revision, _)| revision);
    finish(&ctx, &state, key, done).await
}
