//! The vocabularies records draw values from: read by anyone, extended by admins.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::Action;
use concord_domain::vocabulary::{Term, Vocabulary, is_valid_term_key};
use serde::Deserialize;

use super::headers::json_response;
use crate::error::{ApiFieldError, AppError};
use crate::extract::{ApiViewer, JsonBody, PathVocabulary};
use crate::state::AppState;

/// The body of a new term.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTerm {
    /// Lower-case ASCII letters, digits and `_`, 1–64 characters.
    pub key: String,
    /// A human label in English: 1–200 characters, not blank (stored trimmed).
    pub label: String,
}

/// `GET /api/v1/vocabularies`: every vocabulary with its terms, keyed by vocabulary name.
pub async fn list(State(state): State<AppState>) -> Result<Response, AppError> {
    let vocabularies = state.store.vocabularies().await?;
    let all: BTreeMap<&str, Vec<Term>> = Vocabulary::ALL
        .into_iter()
        .map(|v| (v.as_str(), vocabularies.terms(v)))
        .collect();
    json_response(StatusCode::OK, &all)
}

/// `POST /api/v1/vocabularies/{vocabulary}`: adds (or relabels) a term; admins only.
pub async fn add_term(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathVocabulary(vocabulary): PathVocabulary,
    JsonBody(term): JsonBody<NewTerm>,
) -> Result<Response, AppError> {
    let decision = viewer.may(Action::ManageVocabularies, None);
    AppError::check(decision, "adding vocabulary terms")?;
    check_term(&term)?;
    let term = Term {
        key: term.key,
        label: term.label.trim().to_owned(),
    };
    state
        .store
        .add_term(&viewer, vocabulary, term.clone())
        .await?;
    json_response(StatusCode::CREATED, &term)
}

fn check_term(term: &NewTerm) -> Result<(), AppError> {
    let mut errors = Vec::new();
    if !is_valid_term_key(&term.key) {
        let message = "must be 1–64 lower-case ASCII letters, digits or `_`";
        errors.push(ApiFieldError::new("key", "malformed", message));
    }
    if term.label.trim().is_empty() || term.label.chars().count() > 200 {
        errors.push(ApiFieldError::new(
            "label",
            "required",
            "must be 1–200 characters",
        ));
    }
    if errors.is_empty() {
        return Ok(());
    }
    Err(AppError::Unprocessable {
        detail: "the term is not valid".into(),
        errors,
    })
}
