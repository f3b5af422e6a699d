//! `GET /admin/audit[?before=ID]`: the audit log, newest first, a page at a time with a link
//! to older entries. The same reading as `GET /api/v1/audit`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use concord_domain::Action;
use concord_i18n::Localizer;

use super::admin;
use crate::{HtmlError, Layout, PageContext, render};
use concord_http::api::v1::audit::{AuditEntryView, parse_query, read_page};
use concord_http::extract::QueryPairs;
use concord_http::state::AppState;

/// The audit log page.
#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditLogPage {
    layout: Layout,
    entries: Vec<Row>,
    older: Option<String>,
}

/// One entry, as shown.
struct Row {
    id: String,
    at: String,
    kind: String,
    actor: String,
    account: String,
    address: String,
    detail: String,
}

/// `GET /admin/audit`.
pub(super) async fn show(
    ctx: PageContext,
    State(state): State<AppState>,
    query: Result<QueryPairs, concord_http::error::AppError>,
) -> Result<Response, HtmlError> {
    admin(&ctx, Action::ReadAuditLog, "/admin/audit")?;
    let QueryPairs(mut pairs) = query.map_err(|e| ctx.error_page(e))?;
    // `uselang` is every page's; the API's filters are the rest.
    pairs.retain(|(name, _)| name != "uselang");
    let query = parse_query(&pairs).map_err(|e| ctx.error_page(e))?;
    let page = read_page(&state, query)
        .await
        .map_err(|e| ctx.error_page(e))?;
    let accounts = state
        .store
        .list_accounts()
        .await
        .map_err(|e| ctx.error_page(e))?;
    let names: HashMap<String, String> = accounts
        .into_iter()
        .map(|a| (a.id.to_string(), a.username))
        .collect();
    let older = page
        .next_before
        .map(|id| format!("/admin/audit?before={id}"));
    let view = AuditLogPage {
        layout: ctx.layout(),
        entries: page
            .items
            .into_iter()
            .map(|e| row(ctx.t(), e, &names))
            .collect(),
        older,
    };
    Ok(render(ctx.csrf.clone(), &view)?)
}

fn row(t: &Localizer, entry: AuditEntryView, names: &HashMap<String, String>) -> Row {
    let account = entry
        .account
        .map(|id| names.get(&id).cloned().unwrap_or(id))
        .unwrap_or_default();
    let detail = match &entry.detail {
        serde_json::Value::Object(map) if map.is_empty() => String::new(),
        other => other.to_string(),
    };
    let kind_key = format!("concord-audit-kind-{}", entry.kind);
    Row {
        id: t.number(entry.id),
        at: format!(
            "{} {}",
            t.date(entry.at.date_naive()),
            entry.at.format("%H:%M:%S UTC")
        ),
        kind: if t.has(&kind_key) {
            t.msg(&kind_key)
        } else {
            entry.kind.replace('_', " ")
        },
        actor: entry
            .actor
            .unwrap_or_else(|| t.msg("concord-admin-audit-visitor")),
        account,
        address: entry.address.unwrap_or_default(),
        detail,
    }
}
