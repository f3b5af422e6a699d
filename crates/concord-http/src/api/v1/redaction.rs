//! A PUT from a viewer who cannot see every field of a record must not erase the fields hidden
//! from them. The PUT is read as the changes the viewer made to what they saw, and those
//! changes are applied to the whole record.
//!
//! Limits (`TODO(#3)`): an array is replaced whole, so a viewer who changes a partnership's
//! `value_exchange` replaces the financial terms hidden inside it.

use concord_domain::Record;
use concord_domain::Viewer;
use concord_domain::merge::{PatchError, patch_record};
use serde_json::{Map, Value};

use crate::error::AppError;

/// `new` as the viewer wrote it, with the fields of `current` hidden from the viewer kept.
pub fn keep_hidden<R: Record>(current: &R, viewer: &Viewer, new: R) -> Result<R, AppError> {
    let mut seen = current.clone();
    seen.redact(viewer);
    let seen = serde_json::to_value(seen).map_err(AppError::internal)?;
    let full = serde_json::to_value(current).map_err(AppError::internal)?;
    if seen == full {
        return Ok(new);
    }
    let wanted = serde_json::to_value(&new).map_err(AppError::internal)?;
    match patch_record(current, &merge_diff(&seen, &wanted)) {
        Ok(record) => Ok(record),
        Err(PatchError::Id(errors)) => Err(errors.into()),
        Err(PatchError::Shape(e)) => Err(AppError::unprocessable_field(
            "body",
            "invalid_type",
            e.to_string(),
        )),
    }
}

/// The JSON merge patch (RFC 7396) that turns `before` into `after`.
pub fn merge_diff(before: &Value, after: &Value) -> Value {
    let (Value::Object(b), Value::Object(a)) = (before, after) else {
        return after.clone();
    };
    let mut patch = Map::new();
    for key in b.keys().filter(|k| !a.contains_key(*k)) {
        patch.insert(key.clone(), Value::Null);
    }
    for (key, value) in a {
        match b.get(key) {
            Some(old) if old == value => {}
            Some(old) => {
                patch.insert(key.clone(), merge_diff(old, value));
            }
            None => {
                patch.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(patch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_domain::merge::merge_patch;
    use serde_json::json;

    #[test]
    fn a_merge_diff_applied_to_before_gives_after() {
        let cases = [
            (
                json!({"a": 1, "b": {"c": 2, "d": 3}}),
                json!({"a": 1, "b": {"c": 4}, "e": [1]}),
            ),
            (json!({"a": {"b": 1}}), json!({"a": 2})),
            (json!({"a": 2}), json!({"a": {"b": 1}})),
            (json!({}), json!({})),
        ];
        for (before, after) in cases {
            let mut target = before.clone();
            merge_patch(&mut target, &merge_diff(&before, &after));
            assert_eq!(target, after);
        }
    }

    #[test]
    fn a_merge_diff_leaves_keys_it_never_saw_alone() {
        let seen = json!({"name": "Ada"});
        let full = json!({"name": "Ada", "contact": {"email": "ada@example.org"}});
        let mut target = full.clone();
        merge_patch(&mut target, &merge_diff(&seen, &json!({"name": "Ada L."})));
        assert_eq!(
            target,
            json!({"name": "Ada L.", "contact": {"email": "ada@example.org"}})
        );
    }
}
