//! JSON merge patch (RFC 7396) applied to a record, for `PATCH` in the API.
//!
//! Written here rather than taken from a crate: the algorithm is the ten lines of RFC 7396 §2,
//! and the record-level checks (the id may not change, the result must parse) are ours anyway.

use serde_json::Value;

use crate::record::Record;
use crate::validation::{Problem, ValidationErrors};

/// Applies `patch` to `target` as RFC 7396 describes.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                map.remove(key);
            } else {
                merge_patch(map.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

/// Why a patch could not be applied to a record.
#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    /// The patched document is not a valid record (unknown field, wrong type, …).
    #[error("the patched record is not valid: {0}")]
    Shape(#[from] serde_json::Error),
    /// The patch tried to change the id.
    #[error("{0}")]
    Id(ValidationErrors),
}

/// Applies a merge patch to a record and parses the result; the id may not change.
pub fn patch_record<R: Record>(current: &R, patch: &Value) -> Result<R, PatchError> {
    let mut doc = serde_json::to_value(current)?;
    merge_patch(&mut doc, patch);
    let patched: R = serde_json::from_value(doc)?;
    if patched.id() != current.id() {
        let mut e = ValidationErrors::default();
        e.add(
            "id",
            Problem::Malformed {
                value: patched.id().to_string(),
                expected: format!("the record's own id {}", current.id()),
            },
        );
        return Err(PatchError::Id(e));
    }
    Ok(patched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfc_7396_examples() {
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": "b"}),
                json!({"b": "c"}),
                json!({"a": "b", "b": "c"}),
            ),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (
                json!({"a": [{"b": "c"}]}),
                json!({"a": [1]}),
                json!({"a": [1]}),
            ),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (json!(["a"]), json!({"a": "b"}), json!({"a": "b"})),
            (
                json!({"e": null}),
                json!({"a": 1}),
                json!({"e": null, "a": 1}),
            ),
        ];
        for (mut target, patch, expected) in cases {
            merge_patch(&mut target, &patch);
            assert_eq!(target, expected);
        }
    }
}
