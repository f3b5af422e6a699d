//! The backup format: the whole database as a sequence of items, one JSON object a line.
//!
//! Records are not stored separately: a record's state is its latest revision, so replaying
//! the revisions rebuilds every record exactly, on either backend.

use chrono::{DateTime, Utc};
use concord_domain::revision::Revision;
use concord_domain::vocabulary::Vocabulary;
use serde::{Deserialize, Serialize};

use crate::error::{StoreError, StoreResult};
use crate::token::TokenInfo;

/// One item of a backup.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "item", rename_all = "snake_case")]
pub enum BackupItem {
    /// A revision, with its original id and time.
    Revision(Revision),
    /// A vocabulary term added by an admin.
    Term {
        /// The vocabulary.
        vocabulary: Vocabulary,
        /// The key.
        key: String,
        /// The label.
        label: String,
        /// Who added it.
        author: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// An API token, with its hash.
    Token {
        /// Its public part.
        #[serde(flatten)]
        info: TokenInfo,
        /// SHA-256 of the secret, hex.
        hash: String,
    },
}

/// Where a backup page starts: after a revision, after a vocabulary term, or after a token.
///
/// Its cursor forms are `r/ID`, `v` or `v/VOCABULARY/KEY`, and `t` or `t/NAME`; both backends
/// write and read the same cursors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupPosition {
    /// After the revision with this id (0: from the start).
    Revisions(i64),
    /// After this vocabulary and key (empty: from the first term).
    Terms(String, String),
    /// After the token with this name (empty: from the first token).
    Tokens(String),
}

/// A backup cursor that no store wrote.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a backup cursor")]
pub struct BadCursor(pub String);

impl BackupPosition {
    /// Reads a cursor; `None` is the start of the backup.
    pub fn parse(cursor: Option<&str>) -> StoreResult<Self> {
        let Some(cursor) = cursor else {
            return Ok(BackupPosition::Revisions(0));
        };
        let bad = || StoreError::Backend(Box::new(BadCursor(cursor.to_owned())));
        let mut parts = cursor.splitn(3, '/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("r"), Some(id), None) => {
                id.parse().map(BackupPosition::Revisions).map_err(|_| bad())
            }
            (Some("v"), None, None) => Ok(BackupPosition::Terms(String::new(), String::new())),
            (Some("v"), Some(v), Some(k)) => Ok(BackupPosition::Terms(v.to_owned(), k.to_owned())),
            (Some("t"), None, None) => Ok(BackupPosition::Tokens(String::new())),
            (Some("t"), Some(_), _) => Ok(BackupPosition::Tokens(cursor[2..].to_owned())),
            _ => Err(bad()),
        }
    }

    /// The cursor that resumes after this position.
    pub fn cursor(&self) -> String {
        match self {
            BackupPosition::Revisions(id) => format!("r/{id}"),
            BackupPosition::Terms(v, k) => format!("v/{v}/{k}"),
            BackupPosition::Tokens(name) => format!("t/{name}"),
        }
    }

    /// The start of the section after this one, if any.
    fn next_section(&self) -> Option<Self> {
        match self {
            BackupPosition::Revisions(_) => {
                Some(BackupPosition::Terms(String::new(), String::new()))
            }
            BackupPosition::Terms(..) => Some(BackupPosition::Tokens(String::new())),
            BackupPosition::Tokens(_) => None,
        }
    }
}

/// The three sections of a backup, as one backend reads them.
#[async_trait::async_trait]
pub trait BackupSections: Sync {
    /// Up to `limit` items of the section `from` is in, after `from`, with the position of
    /// the last item returned (`None` when none was).
    async fn section(
        &self,
        from: &BackupPosition,
        limit: usize,
    ) -> StoreResult<(Vec<BackupItem>, Option<BackupPosition>)>;
}

/// One page of a backup (`Store::backup_page`), read section by section from a backend.
pub async fn read_page<S: BackupSections + ?Sized>(
    sections: &S,
    after: Option<String>,
    limit: usize,
) -> StoreResult<(Vec<BackupItem>, Option<String>)> {
    let limit = limit.max(1);
    let mut pos = BackupPosition::parse(after.as_deref())?;
    let mut items = Vec::with_capacity(limit.min(10_000));
    while items.len() < limit {
        let room = limit - items.len();
        let (page, next) = sections.section(&pos, room).await?;
        let full = page.len() == room;
        items.extend(page);
        pos = match (full, next) {
            (true, Some(next)) => next,
            _ => match pos.next_section() {
                Some(section) => section,
                None => return Ok((items, None)),
            },
        };
    }
    Ok((items, Some(pos.cursor())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        for pos in [
            BackupPosition::Revisions(42),
            BackupPosition::Terms("area".into(), "zoo_keeping".into()),
            BackupPosition::Tokens("ci/nightly".into()),
        ] {
            assert_eq!(BackupPosition::parse(Some(&pos.cursor())).unwrap(), pos);
        }
        assert_eq!(
            BackupPosition::parse(None).unwrap(),
            BackupPosition::Revisions(0)
        );
    }

    #[test]
    fn foreign_cursors_are_refused() {
        for bad in ["", "r/x", "r/1/2", "q/1"] {
            assert!(BackupPosition::parse(Some(bad)).is_err(), "{bad}");
        }
    }
}
