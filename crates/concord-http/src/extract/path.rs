//! Path parameters: a record id (`{id}`), a revision (`{rev}`) and a vocabulary name
//! (`{vocabulary}`). A malformed one is a 400 naming the parameter, never a plain-text 400.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use concord_domain::{RevisionId, Vocabulary};

use crate::error::AppError;

/// The `{id}` path parameter, parsed as a typed id (a UUID).
#[derive(Clone, Copy, Debug)]
pub struct PathId<T>(pub T);

/// The `{rev}` path parameter: a revision id, a positive integer.
#[derive(Clone, Copy, Debug)]
pub struct PathRevision(pub RevisionId);

/// The `{vocabulary}` path parameter: a known vocabulary name (404 otherwise).
#[derive(Clone, Copy, Debug)]
pub struct PathVocabulary(pub Vocabulary);

/// The `{secret}` path parameter: a status link's secret, as given.
pub struct PathSecret(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathSecret {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        param(parts, state, "secret").await.map(PathSecret)
    }
}

async fn param<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    name: &str,
) -> Result<String, AppError> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|e| AppError::bad_field(name, "malformed", e.body_text()))?;
    params
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
        .ok_or_else(|| AppError::internal(MissingParam(name.to_owned())))
}

/// A route uses an extractor for a parameter it does not declare: a bug, so a 500.
#[derive(Debug, thiserror::Error)]
#[error("route has no path parameter `{0}`")]
struct MissingParam(String);

impl<S, T> FromRequestParts<S> for PathId<T>
where
    S: Send + Sync,
    T: std::str::FromStr + Send,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let raw = param(parts, state, "id").await?;
        raw.parse().map(PathId).map_err(|_| {
            AppError::bad_field(
                "id",
                "malformed",
                format!("`{}` is not a UUID", shorten(&raw)),
            )
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PathRevision {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let raw = param(parts, state, "rev").await?;
        parse_revision(&raw).map(PathRevision).ok_or_else(|| {
            AppError::bad_field(
                "rev",
                "malformed",
                format!("`{}` is not a revision number", shorten(&raw)),
            )
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PathVocabulary {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let raw = param(parts, state, "vocabulary").await?;
        Vocabulary::parse(&raw)
            .map(PathVocabulary)
            .ok_or(AppError::NotFound)
    }
}

/// A positive revision number in decimal.
pub fn parse_revision(raw: &str) -> Option<RevisionId> {
    let digits_only = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    match raw.parse::<i64>() {
        Ok(n) if digits_only && n > 0 => Some(RevisionId(n)),
        _ => None,
    }
}

/// At most 40 characters of a refused value, so an error never echoes a huge input.
pub(crate) fn shorten(raw: &str) -> String {
    raw.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_are_positive_decimal_integers() {
        assert_eq!(parse_revision("12"), Some(RevisionId(12)));
        for bad in ["0", "-1", "+3", "", "1e3", "99999999999999999999", " 1"] {
            assert_eq!(parse_revision(bad), None, "{bad}");
        }
    }
}
