//! `GET /api/v1/audit`: the audit log of security events, newest first, for admins only,
//! paged backwards with `before` (an entry's `id`) and `limit`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use concord_domain::Action;
use concord_store::AuditEntry;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa::openapi::path::{OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::{
    ContentBuilder, KnownFormat, ObjectBuilder, Required, ResponseBuilder, Schema, SchemaFormat,
    Type,
};

use super::headers::json_response;
use super::openapi_paths::{limit, problems, schema_ref};
use super::params::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::error::AppError;
use crate::extract::{ApiViewer, QueryPairs};
use crate::state::AppState;

/// One security event as the API shows it.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct AuditEntryView {
    /// Its position in the log: increasing, and the `before` of the next page.
    pub id: i64,
    /// What happened: `log_in`, `log_in_failed`, `role_granted`, `token_created`, …
    pub kind: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who did it (a username, `cli`, a token's name); null for a visitor.
    pub actor: Option<String>,
    /// The id of the account it happened to, if any.
    pub account: Option<String>,
    /// The client's address, if known.
    pub address: Option<String>,
    /// What else is worth knowing (`{"role": "admin"}`), never a secret.
    #[schema(value_type = Object)]
    pub detail: Value,
}

/// A page of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct AuditPage {
    /// Entries, newest first.
    pub items: Vec<AuditEntryView>,
    /// Pass as `before` for the next (older) page; null on the last page.
    pub next_before: Option<i64>,
}

/// The parsed query: entries before position `before` (all when `None`), at most `limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuditQuery {
    /// Entries with a smaller `id` than this.
    pub before: Option<i64>,
    /// Page size, 1–200.
    pub limit: usize,
}

/// `GET /api/v1/audit[?before=ID&limit=N]`: admins only.
pub async fn list(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, AppError> {
    AppError::check(
        viewer.may(Action::ReadAuditLog, None),
        "reading the audit log",
    )?;
    let query = parse_query(&pairs)?;
    let page = read_page(&state, query).await?;
    json_response(StatusCode::OK, &page)
}

/// Reads one page of the log (shared with the admin page).
pub async fn read_page(state: &AppState, query: AuditQuery) -> Result<AuditPage, AppError> {
    let entries = state.store.audit_log(query.before, query.limit).await?;
    let next_before = match entries.last() {
        Some(last) if entries.len() == query.limit && last.id > 1 => Some(last.id),
        _ => None,
    };
    Ok(AuditPage {
        items: entries.into_iter().map(view).collect(),
        next_before,
    })
}

/// Parses `before` (a positive integer) and `limit` (1–200), refusing anything else with a
/// 400 naming the parameter.
pub fn parse_query(pairs: &[(String, String)]) -> Result<AuditQuery, AppError> {
    let mut query = AuditQuery {
        before: None,
        limit: DEFAULT_LIMIT,
    };
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in pairs {
        if seen.contains(&name.as_str()) {
            return Err(AppError::bad_field(
                name,
                "repeated",
                "may be given only once",
            ));
        }
        seen.push(name);
        match name.as_str() {
            "before" => query.before = Some(parse_before(value)?),
            "limit" => query.limit = parse_limit(value)?,
            _ => {
                let message = "unknown parameter; known: before, limit";
                return Err(AppError::bad_field(name, "unknown_parameter", message));
            }
        }
    }
    Ok(query)
}

fn parse_before(value: &str) -> Result<i64, AppError> {
    value
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::bad_field("before", "malformed", "must be a positive integer"))
}

fn parse_limit(value: &str) -> Result<usize, AppError> {
    value
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_LIMIT).contains(n))
        .ok_or_else(|| {
            let message = format!("must be an integer from 1 to {MAX_LIMIT}");
            AppError::bad_field("limit", "out_of_range", message)
        })
}

/// An entry as shown: the kind as its wire name.
pub fn view(entry: AuditEntry) -> AuditEntryView {
    let kind = serde_json::to_value(entry.event.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    AuditEntryView {
        id: entry.id,
        kind,
        at: entry.event.at,
        actor: entry.event.actor,
        account: entry.event.account.map(|a| a.to_string()),
        address: entry.event.address,
        detail: entry.event.detail,
    }
}

/// The OpenAPI operation of `GET /api/v1/audit`.
pub(super) fn operation() -> OperationBuilder {
    let param = |name: &str, schema: Schema, description: &str| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Query)
            .required(Required::False)
            .schema(Some(schema))
            .description(Some(description))
    };
    let before = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(1))
        .into();
    let op = OperationBuilder::new()
        .tag("audit")
        .operation_id(Some("list_audit"))
        .summary(Some("Read the audit log"))
        .description(Some(
            "Security events (log in, failed log in, role changes, tokens created or revoked, \
             restricted exports), newest first. Admins only.",
        ))
        .parameter(param(
            "before",
            before,
            "Only entries older than this id (1 or more): the `next_before` of the previous page.",
        ))
        .parameter(param("limit", limit(), "Page size, 1–200 (default 50)."));
    let content = ContentBuilder::new()
        .schema(Some(schema_ref("AuditPage")))
        .build();
    let ok = ResponseBuilder::new()
        .description("A page of the audit log.")
        .content("application/json", content);
    problems(op.response("200", ok.build()), &["400", "401", "403"])
}
