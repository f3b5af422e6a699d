//! The backup format: the whole database as a sequence of items, one JSON object a line.
//!
//! Records are not stored separately: a record's state is its latest revision, so replaying
//! the revisions rebuilds every record exactly, on either backend.

use chrono::{DateTime, Utc};
use concord_domain::revision::Revision;
use concord_domain::vocabulary::Vocabulary;
use serde::{Deserialize, Serialize};

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
