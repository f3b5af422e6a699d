//! `If-Match`: the revision a write is based on (DESIGN.md, "Nothing lost").
//!
//! Missing → 428 (RFC 6585 §3); `*` → any current revision (RFC 9110 §13.1.1: the write
//! proceeds against the latest one); anything but `*`, one `"<n>"` or one `W/"<n>"` → 400
//! naming the header.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use concord_domain::RevisionId;

use crate::error::AppError;
use crate::extract::path::{parse_revision, shorten};

/// The base revision of a write, from `If-Match`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IfMatch {
    /// `*`: whatever revision is current.
    Any,
    /// One entity tag: this revision.
    Revision(RevisionId),
}

impl IfMatch {
    /// The revision the write is based on, given the record's `current` one. A concurrent write
    /// between the read of `current` and the write is still a conflict (412), as RFC 9110 wants
    /// for `*` too: the representation it matched is no longer current.
    pub fn base(self, current: RevisionId) -> RevisionId {
        match self {
            IfMatch::Any => current,
            IfMatch::Revision(revision) => revision,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        let mut values = parts.headers.get_all(header::IF_MATCH).iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return Err(if parts.headers.contains_key(header::IF_MATCH) {
                garbled("more than one If-Match header")
            } else {
                AppError::PreconditionRequired
            });
        };
        let Ok(text) = value.to_str() else {
            return Err(garbled("If-Match is not ASCII"));
        };
        if text.trim() == "*" {
            return Ok(IfMatch::Any);
        }
        parse_if_match(text).map(IfMatch::Revision).ok_or_else(|| {
            garbled(&format!(
                "`{}` is not `*` or an entity tag of this API, such as \"12\"",
                shorten(text)
            ))
        })
    }
}

fn garbled(message: &str) -> AppError {
    AppError::bad_field("If-Match", "malformed", message)
}

/// Parses `"<n>"` or `W/"<n>"` (surrounding spaces allowed).
pub fn parse_if_match(text: &str) -> Option<RevisionId> {
    let text = text.trim();
    let tag = text.strip_prefix("W/").unwrap_or(text);
    let inner = tag.strip_prefix('"')?.strip_suffix('"')?;
    parse_revision(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_and_weak_tags_parse() {
        assert_eq!(parse_if_match("\"7\""), Some(RevisionId(7)));
        assert_eq!(parse_if_match(" W/\"7\" "), Some(RevisionId(7)));
        for bad in ["7", "*", "\"7", "\"a\"", "\"7\", \"8\"", "w/\"7\"", "\"\""] {
            assert_eq!(parse_if_match(bad), None, "{bad}");
        }
    }
}
