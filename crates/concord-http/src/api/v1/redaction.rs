//! A PUT from a viewer who cannot see every field of a record must not erase the fields hidden
//! from them. The PUT is read as the changes the viewer made to what they saw, and the hidden
//! fields of the stored record are put back into it.
//!
//! Inside arrays (a partnership's `value_exchange`, whose financial terms may be hidden), an
//! element the viewer left unchanged is the stored element, hidden fields and all; a changed
//! element of an array whose length did not change gets the hidden fields of the stored element
//! at the same position. An element the viewer removed is gone, with its hidden fields.

use concord_domain::Record;
use concord_domain::Viewer;
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
    crate::extract::decode_json(restore_hidden(&full, &seen, wanted))
}

/// `wanted` with what `full` has and `seen` (the viewer's redacted view of `full`) lacks put
/// back, recursively through objects and arrays (see the module documentation).
pub fn restore_hidden(full: &Value, seen: &Value, wanted: Value) -> Value {
    match (full, seen, wanted) {
        (Value::Object(f), Value::Object(s), Value::Object(w)) => {
            Value::Object(restore_object(f, s, w))
        }
        (Value::Array(f), Value::Array(s), Value::Array(w)) if f.len() == s.len() => {
            let same_length = w.len() == s.len();
            let items = w.into_iter().enumerate().map(|(i, item)| {
                if let Some(j) = s.iter().position(|old| *old == item) {
                    return f[j].clone();
                }
                match (same_length, f.get(i), s.get(i)) {
                    (true, Some(f), Some(s)) => restore_hidden(f, s, item),
                    _ => item,
                }
            });
            Value::Array(items.collect())
        }
        (_, _, wanted) => wanted,
    }
}

fn restore_object(
    full: &Map<String, Value>,
    seen: &Map<String, Value>,
    wanted: Map<String, Value>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in full
        .iter()
        .filter(|(k, _)| !seen.contains_key(*k) && !wanted.contains_key(*k))
    {
        out.insert(key.clone(), value.clone());
    }
    for (key, value) in wanted {
        let restored = match (full.get(&key), seen.get(&key)) {
            (Some(f), Some(s)) => restore_hidden(f, s, value),
            _ => value,
        };
        out.insert(key, restored);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hidden_fields_inside_array_elements_survive_a_put() {
        let full = json!({"value_exchange": [
            {"party": "a", "gives": "time", "financial_terms": "EUR 5"},
            {"party": "b", "gives": "scans", "financial_terms": "EUR 9"}]});
        let seen = json!({"value_exchange": [{"party": "a", "gives": "time"}, {"party": "b", "gives": "scans"}]});
        let edited = json!({"value_exchange": [{"party": "a", "gives": "money"}, {"party": "b", "gives": "scans"}]});
        assert_eq!(
            restore_hidden(&full, &seen, edited),
            json!({"value_exchange": [
                {"party": "a", "gives": "money", "financial_terms": "EUR 5"},
                {"party": "b", "gives": "scans", "financial_terms": "EUR 9"}]})
        );
        let removed = json!({"value_exchange": [{"party": "b", "gives": "scans"}]});
        assert_eq!(
            restore_hidden(&full, &seen, removed),
            json!({"value_exchange": [{"party": "b", "gives": "scans", "financial_terms": "EUR 9"}]})
        );
    }

    #[test]
    fn a_hidden_object_is_kept_unless_the_viewer_writes_it() {
        let full = json!({"name": "Ada", "contact": {"email": "ada@example.org"}});
        let seen = json!({"name": "Ada"});
        let kept = restore_hidden(&full, &seen, json!({"name": "Ada L."}));
        assert_eq!(
            kept,
            json!({"name": "Ada L.", "contact": {"email": "ada@example.org"}})
        );
        let written = json!({"name": "Ada", "contact": {"email": "new@example.org"}});
        assert_eq!(restore_hidden(&full, &seen, written.clone()), written);
    }
}
