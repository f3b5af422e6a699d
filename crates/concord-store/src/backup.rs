//! The backup format: the whole database as a sequence of items, one JSON object a line.
//!
//! Records are not stored separately: a record's state is its latest revision, so replaying
//! the revisions rebuilds every record exactly, on either backend.
//!
//! Accounts (with their password hashes), invitations and the audit log are backed up; sessions
//! and rate-limit counters are transient and are not, so a restore logs everyone out and
//! forgets every throttle.

use chrono::{DateTime, Utc};
use concord_domain::Account;
use concord_domain::revision::Revision;
use concord_domain::vocabulary::Vocabulary;
use serde::{Deserialize, Serialize};

use crate::account::{AuditEntry, Invitation};
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
    /// An account, with its password hash.
    Account {
        /// The account.
        #[serde(flatten)]
        account: Account,
        /// The argon2id hash (PHC string) of its password, if it has one.
        password_hash: Option<String>,
    },
    /// An unused invitation, by the hash of its secret.
    Invitation(Invitation),
    /// An API token, with its hash (after the accounts it may belong to).
    Token {
        /// Its public part.
        #[serde(flatten)]
        info: TokenInfo,
        /// SHA-256 of the secret, hex.
        hash: String,
    },
    /// An entry of the audit log, with its original id.
    Audit(AuditEntry),
}

/// Where a backup page starts: after an item of one of the sections, which come in this order
/// (each may refer to the ones before): revisions, vocabulary terms, accounts, invitations,
/// tokens, audit entries.
///
/// Its cursor forms are `r/ID`, `v` or `v/VOCABULARY/KEY`, `a` or `a/ACCOUNT_ID`, `i` or
/// `i/HASH`, `t` or `t/NAME`, and `e/ID`; both backends write and read the same cursors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupPosition {
    /// After the revision with this id (0: from the start).
    Revisions(i64),
    /// After this vocabulary and key (empty: from the first term).
    Terms(String, String),
    /// After the account with this id, as text (empty: from the first account).
    Accounts(String),
    /// After the invitation with this hash (empty: from the first invitation).
    Invitations(String),
    /// After the token with this name (empty: from the first token).
    Tokens(String),
    /// After the audit entry with this id (0: from the first entry).
    Audit(i64),
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
            (Some("a"), None, None) => Ok(BackupPosition::Accounts(String::new())),
            (Some("a"), Some(id), None) => Ok(BackupPosition::Accounts(id.to_owned())),
            (Some("i"), None, None) => Ok(BackupPosition::Invitations(String::new())),
            (Some("i"), Some(hash), None) => Ok(BackupPosition::Invitations(hash.to_owned())),
            (Some("t"), None, None) => Ok(BackupPosition::Tokens(String::new())),
            (Some("t"), Some(_), _) => Ok(BackupPosition::Tokens(cursor[2..].to_owned())),
            (Some("e"), None, None) => Ok(BackupPosition::Audit(0)),
            (Some("e"), Some(id), None) => id.parse().map(BackupPosition::Audit).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }

    /// The cursor that resumes after this position.
    pub fn cursor(&self) -> String {
        match self {
            BackupPosition::Revisions(id) => format!("r/{id}"),
            BackupPosition::Terms(v, k) => format!("v/{v}/{k}"),
            BackupPosition::Accounts(id) => format!("a/{id}"),
            BackupPosition::Invitations(hash) => format!("i/{hash}"),
            BackupPosition::Tokens(name) => format!("t/{name}"),
            BackupPosition::Audit(id) => format!("e/{id}"),
        }
    }

    /// The position just after `item`, where a page that ended with it resumes.
    pub fn after(item: &BackupItem) -> Self {
        match item {
            BackupItem::Revision(r) => BackupPosition::Revisions(r.id.0),
            BackupItem::Term {
                vocabulary, key, ..
            } => BackupPosition::Terms(vocabulary.as_str().to_owned(), key.clone()),
            BackupItem::Account { account, .. } => {
                BackupPosition::Accounts(account.id.0.to_string())
            }
            BackupItem::Invitation(i) => BackupPosition::Invitations(i.hash.clone()),
            BackupItem::Token { info, .. } => BackupPosition::Tokens(info.name.clone()),
            BackupItem::Audit(e) => BackupPosition::Audit(e.id),
        }
    }

    /// The start of the section after this one, if any.
    fn next_section(&self) -> Option<Self> {
        match self {
            BackupPosition::Revisions(_) => {
                Some(BackupPosition::Terms(String::new(), String::new()))
            }
            BackupPosition::Terms(..) => Some(BackupPosition::Accounts(String::new())),
            BackupPosition::Accounts(_) => Some(BackupPosition::Invitations(String::new())),
            BackupPosition::Invitations(_) => Some(BackupPosition::Tokens(String::new())),
            BackupPosition::Tokens(_) => Some(BackupPosition::Audit(0)),
            BackupPosition::Audit(_) => None,
        }
    }
}

/// Items of one section of a backup, and the position after the last (`None` when empty).
pub type Section = (Vec<BackupItem>, Option<BackupPosition>);

/// `items` as a section: with the position after the last, where the next page resumes.
pub fn section(items: Vec<BackupItem>) -> Section {
    let next = items.last().map(BackupPosition::after);
    (items, next)
}

/// The sections of a backup, as one backend reads them.
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
            BackupPosition::Accounts("0195a0c4-0000-7000-8000-000000000001".into()),
            BackupPosition::Invitations("ab12".into()),
            BackupPosition::Tokens("ci/nightly".into()),
            BackupPosition::Audit(7),
        ] {
            assert_eq!(BackupPosition::parse(Some(&pos.cursor())).unwrap(), pos);
        }
        assert_eq!(
            BackupPosition::parse(None).unwrap(),
            BackupPosition::Revisions(0)
        );
    }

    #[test]
    fn cursors_written_before_accounts_were_backed_up_still_read() {
        assert_eq!(
            BackupPosition::parse(Some("t")).unwrap(),
            BackupPosition::Tokens(String::new())
        );
        assert_eq!(
            BackupPosition::parse(Some("v")).unwrap(),
            BackupPosition::Terms(String::new(), String::new())
        );
    }

    #[test]
    fn sections_come_in_the_order_a_load_replays() {
        let mut pos = BackupPosition::Revisions(0);
        let mut order = vec![pos.cursor()];
        while let Some(next) = pos.next_section() {
            order.push(next.cursor());
            pos = next;
        }
        assert_eq!(order, ["r/0", "v//", "a/", "i/", "t/", "e/0"]);
    }

    #[test]
    fn a_section_resumes_after_its_last_item_and_an_empty_one_nowhere() {
        let entry = crate::AuditEntry {
            id: 9,
            event: crate::AuditEvent::new(crate::AuditKind::LogIn, None),
        };
        let (items, next) = section(vec![BackupItem::Audit(entry)]);
        assert_eq!(items.len(), 1);
        assert_eq!(next, Some(BackupPosition::Audit(9)));
        assert_eq!(section(Vec::new()).1, None);
    }

    #[test]
    fn foreign_cursors_are_refused() {
        for bad in ["", "r/x", "r/1/2", "q/1", "e/x", "a/1/2"] {
            assert!(BackupPosition::parse(Some(bad)).is_err(), "{bad}");
        }
    }
}
