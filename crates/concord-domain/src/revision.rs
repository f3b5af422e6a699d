//! Revisions: every change to every record (DESIGN.md, "Nothing lost"), and the diff between
//! two of a record's snapshots.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::RevisionId;
use crate::record::RecordKey;

/// What a revision did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RevisionAction {
    /// The record was created.
    Create,
    /// The record was changed.
    Update,
    /// The record was deleted (reversibly).
    Delete,
    /// A deleted record was restored.
    Restore,
    /// The record was set back to an earlier revision.
    Revert,
    /// A step of the workflow changed a partnership's status (the summary says why).
    Transition,
    /// A decision in a partnership's workflow, such as clearing a red-line escalation (the
    /// summary is its rationale).
    Decision,
}

impl RevisionAction {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionAction::Create => "create",
            RevisionAction::Update => "update",
            RevisionAction::Delete => "delete",
            RevisionAction::Restore => "restore",
            RevisionAction::Revert => "revert",
            RevisionAction::Transition => "transition",
            RevisionAction::Decision => "decision",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Create,
            Self::Update,
            Self::Delete,
            Self::Restore,
            Self::Revert,
            Self::Transition,
            Self::Decision,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }

    /// Whether the record is deleted after this revision.
    pub fn leaves_deleted(self) -> bool {
        self == RevisionAction::Delete
    }
}

/// One revision of one record: who, when, what and why, with the full snapshot after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    /// Its position in the revision log.
    pub id: RevisionId,
    /// The record it changed.
    pub record: RecordKey,
    /// What it did.
    pub action: RevisionAction,
    /// Who made it (`token:<name>`, `cli`, `import`).
    pub author: String,
    /// When it was stored.
    pub at: DateTime<Utc>,
    /// The editor's summary.
    pub summary: String,
    /// The whole record after this revision.
    pub snapshot: Value,
}

/// One changed value between two snapshots.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// JSON path of the value (`parties[1].role`, `title.de`).
    pub path: String,
    /// The value before; absent when it was added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    /// The value after; absent when it was removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

/// The changes that turn `before` into `after`: objects are compared key by key, arrays of the
/// same length element by element, anything else as a whole.
pub fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_into(&mut changes, String::new(), before, after);
    changes
}

fn diff_into(out: &mut Vec<Change>, path: String, before: &Value, after: &Value) {
    match (before, after) {
        (a, b) if a == b => {}
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => diff_into(out, sub, x, y),
                    (x, y) => out.push(Change {
                        path: sub,
                        before: x.cloned(),
                        after: y.cloned(),
                    }),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff_into(out, format!("{path}[{i}]"), x, y);
            }
        }
        (a, b) => out.push(Change {
            path,
            before: Some(a.clone()),
            after: Some(b.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_each_changed_path() {
        let a = json!({"name": "A", "tags": ["x"], "identifiers": {"wikidata": "Q1"}});
        let b = json!({"name": "B", "tags": ["y"], "identifiers": {}, "country": "SE"});
        let paths: Vec<String> = diff(&a, &b).into_iter().map(|c| c.path).collect();
        assert_eq!(
            paths,
            ["country", "identifiers.wikidata", "name", "tags[0]"]
        );
    }

    #[test]
    fn identical_snapshots_have_no_diff() {
        let a = json!({"name": "A", "parties": [{"role": "lead"}]});
        assert!(diff(&a, &a).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn diff_is_empty_exactly_when_equal(a in 0i64..4, b in 0i64..4) {
            let x = json!({"v": a});
            let y = json!({"v": b});
            proptest::prop_assert_eq!(diff(&x, &y).is_empty(), a == b);
        }
    }
}
