//! JSON bodies: `JsonBody<T>` (`application/json`) and `MergePatch` (`application/merge-patch+json`).
//!
//! The body is read within the configured limit (413 beyond it), checked to be UTF-8, parsed
//! strictly (trailing data refused), and decoded with `serde_path_to_error`, so a wrong type or an
//! unknown field is reported with its JSON path (`parties[0].role`).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::AppError;
use crate::state::AppState;

/// A JSON body decoded into `T`.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

/// A JSON merge patch (RFC 7396) body, as a JSON value (any JSON is a valid patch).
#[derive(Debug)]
pub struct MergePatch(pub Value);

const JSON: &str = "application/json";
const MERGE_PATCH: &str = "application/merge-patch+json";

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let value = read_json(req, state, JSON).await?;
        decode_json(value).map(JsonBody)
    }
}

impl FromRequest<AppState> for MergePatch {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let mut patch = read_json(req, state, MERGE_PATCH).await?;
        whole_numbers_as_integers(&mut patch);
        Ok(MergePatch(patch))
    }
}

async fn read_json(
    req: Request,
    state: &AppState,
    expected: &'static str,
) -> Result<Value, AppError> {
    check_content_type(req.headers(), expected)?;
    let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge {
                limit: state.config.body_limit_bytes,
            }
        } else {
            AppError::bad_field("body", "unreadable", rejection.body_text())
        }
    })?;
    parse_json_bytes(&bytes)
}

/// Refuses (415) any `Content-Type` other than `expected`, with an optional UTF-8 charset.
fn check_content_type(headers: &HeaderMap, expected: &'static str) -> Result<(), AppError> {
    let refused = AppError::UnsupportedMediaType { expected };
    let Some(Ok(value)) = headers.get(header::CONTENT_TYPE).map(|v| v.to_str()) else {
        return Err(refused);
    };
    let (essence, params) = value.split_once(';').unwrap_or((value, ""));
    if !essence.trim().eq_ignore_ascii_case(expected) {
        return Err(refused);
    }
    for param in params.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, val) = param.split_once('=').unwrap_or((param, ""));
        let is_utf8 = val.trim_matches('"').eq_ignore_ascii_case("utf-8");
        if !(name.trim().eq_ignore_ascii_case("charset") && is_utf8) {
            return Err(refused);
        }
    }
    Ok(())
}

/// Parses a body as one JSON value: 400 naming `body` when it is not UTF-8 or not JSON.
pub fn parse_json_bytes(bytes: &[u8]) -> Result<Value, AppError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        AppError::bad_field(
            "body",
            "invalid_utf8",
            format!("the body is not valid UTF-8 (at byte {})", e.valid_up_to()),
        )
    })?;
    serde_json::from_str(text).map_err(|e| {
        let problem = if e.is_eof() {
            "truncated_json"
        } else {
            "malformed_json"
        };
        AppError::bad_field("body", problem, format!("the body is not valid JSON: {e}"))
    })
}

/// Decodes a JSON value into `T`; a refusal (422) names the JSON path of the offending value.
/// Whole numbers written with a fraction (`2031.0`) count as integers, see
/// [`whole_numbers_as_integers`].
pub fn decode_json<T: DeserializeOwned>(mut value: Value) -> Result<T, AppError> {
    whole_numbers_as_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        let field = if path == "." { String::new() } else { path };
        let problem = if message.starts_with("unknown field") {
            "unknown_field"
        } else if message.starts_with("missing field") {
            "required"
        } else {
            "invalid_type"
        };
        let field = match (problem, field.is_empty()) {
            ("required", _) => join_path(&field, missing_field_name(&message)),
            (_, true) => "body".to_owned(),
            _ => field,
        };
        AppError::unprocessable_field(field, problem, message)
    })
}

/// Rewrites every whole number written with a fraction or an exponent (`2031.0`, `2.031e3`) as
/// an integer. JSON has one kind of number (RFC 8259 §6) and JSON Schema's `integer` admits
/// `2031.0`, so the fields the document calls integers take it; fields of fractional numbers
/// take integers anyway.
pub fn whole_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18) {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(members) => members.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// Refuses (422) an array where the decoded value has an object: serde's derived structs also
/// read a JSON array as their fields in order (`"identifiers": [null, null]`), which the
/// document does not allow and no client means. `input` is the body as sent, `decoded` the
/// record it became, serialized again.
pub fn refuse_arrays_for_objects(input: &Value, decoded: &Value) -> Result<(), AppError> {
    match array_for_object(input, decoded, "") {
        Some(field) => Err(AppError::unprocessable_field(
            field,
            "invalid_type",
            "invalid type: sequence, expected an object",
        )),
        None => Ok(()),
    }
}

fn array_for_object(input: &Value, decoded: &Value, path: &str) -> Option<String> {
    match (input, decoded) {
        (Value::Array(_), Value::Object(_)) => {
            Some(if path.is_empty() { "body" } else { path }.to_owned())
        }
        (Value::Object(given), Value::Object(made)) => given.iter().find_map(|(key, value)| {
            let inner = made.get(key)?;
            array_for_object(value, inner, &join_path(path, key))
        }),
        (Value::Array(given), Value::Array(made)) => {
            given
                .iter()
                .zip(made)
                .enumerate()
                .find_map(|(i, (value, inner))| {
                    array_for_object(value, inner, &format!("{path}[{i}]"))
                })
        }
        _ => None,
    }
}

/// The field serde names in "missing field `name`".
fn missing_field_name(message: &str) -> &str {
    message.split('`').nth(1).unwrap_or("")
}

fn join_path(parent: &str, child: &str) -> String {
    match (parent.is_empty(), child.is_empty()) {
        (true, _) => child.to_owned(),
        (false, true) => parent.to_owned(),
        (false, false) => format!("{parent}.{child}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_domain::Organisation;
    use serde_json::json;

    fn field_of(e: AppError) -> (String, String) {
        match e {
            AppError::BadRequest { errors, .. } | AppError::Unprocessable { errors, .. } => {
                (errors[0].field.clone(), errors[0].problem.clone())
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    fn org(extra: Value) -> Value {
        let mut v = json!({"id": "0190a0a0-0000-7000-8000-000000000001", "name": "Museum", "kind": "museum"});
        concord_domain::merge::merge_patch(&mut v, &extra);
        v
    }

    #[test]
    fn a_wrong_type_names_its_field() {
        let e = decode_json::<Organisation>(org(json!({"name": 5}))).unwrap_err();
        assert_eq!(field_of(e), ("name".into(), "invalid_type".into()));
    }

    #[test]
    fn whole_numbers_with_a_fraction_are_integers() {
        let mut v = json!({"year": 2031.0, "value": 2.5, "list": [1e3, -0.0]});
        whole_numbers_as_integers(&mut v);
        assert_eq!(v, json!({"year": 2031, "value": 2.5, "list": [1000, 0]}));
    }

    #[test]
    fn a_nested_wrong_type_names_its_path() {
        let e =
            decode_json::<Organisation>(org(json!({"identifiers": {"isil": [1]}}))).unwrap_err();
        assert_eq!(field_of(e).0, "identifiers.isil[0]");
    }

    #[test]
    fn an_unknown_field_is_named() {
        let e = decode_json::<Organisation>(org(json!({"colour": "red"}))).unwrap_err();
        let (field, problem) = field_of(e);
        assert_eq!(problem, "unknown_field");
        assert!(field.contains("colour"), "{field}");
    }

    #[test]
    fn a_missing_field_is_named() {
        let e = decode_json::<Organisation>(
            json!({"id": "0190a0a0-0000-7000-8000-000000000001", "kind": "museum"}),
        )
        .unwrap_err();
        assert_eq!(field_of(e), ("name".into(), "required".into()));
    }

    #[test]
    fn an_array_in_place_of_an_object_is_named() {
        let input = org(json!({"identifiers": [null, null]}));
        let decoded: Organisation = decode_json(input.clone()).unwrap();
        let e = refuse_arrays_for_objects(&input, &serde_json::to_value(decoded).unwrap());
        assert_eq!(
            field_of(e.unwrap_err()),
            ("identifiers".into(), "invalid_type".into())
        );
        let fine = org(json!({"identifiers": {"isil": ["DE-1"]}}));
        let decoded: Organisation = decode_json(fine.clone()).unwrap();
        assert!(refuse_arrays_for_objects(&fine, &serde_json::to_value(decoded).unwrap()).is_ok());
    }

    #[test]
    fn bad_bytes_are_400_naming_the_body() {
        for (bytes, problem) in [
            (&b"{\"name\": \"x\""[..], "truncated_json"),
            (b"{name: 1}", "malformed_json"),
            (b"{} trailing", "malformed_json"),
            (b"\"\xff\"", "invalid_utf8"),
        ] {
            assert_eq!(
                field_of(parse_json_bytes(bytes).unwrap_err()),
                ("body".into(), problem.into())
            );
        }
    }

    #[test]
    fn content_types_are_checked_exactly() {
        let mut h = HeaderMap::new();
        for (ct, ok) in [
            ("application/json", true),
            ("application/json; charset=utf-8", true),
            ("Application/JSON;charset=\"UTF-8\"", true),
            ("application/json; charset=latin1", false),
            ("text/plain", false),
            ("application/jsonx", false),
        ] {
            h.insert(header::CONTENT_TYPE, ct.parse().unwrap());
            assert_eq!(check_content_type(&h, JSON).is_ok(), ok, "{ct}");
        }
        assert!(check_content_type(&HeaderMap::new(), JSON).is_err());
    }
}
