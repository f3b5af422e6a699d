//! `GET /inbox`: what waits for the logged-in account, as `GET /api/v1/inbox` gives it
//! (`concord_http::api::v1::inbox`): approvals and vetoes pending on them, red-line
//! escalations they may clear, each partnership linked with its status; and the new inquiries
//! routed to the entities they steward, each linked with its country and area.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use concord_domain::Vocabulary;
use concord_http::error::AppError;
use concord_http::state::AppState;

use crate::record::text::translated;
use crate::{HtmlError, Layout, PageContext, render, values};

/// This module's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/inbox", get(show))
}

/// One partnership that waits for the reader.
struct Row {
    href: String,
    title: crate::record::text::Shown,
    status: String,
    /// What it waits for, in words.
    waiting: String,
}

/// A new inquiry waiting for a decision.
struct InquiryRow {
    href: String,
    organisation: String,
    country: String,
    area: String,
}

#[derive(Template)]
#[template(path = "inbox/page.html")]
struct InboxPage {
    layout: Layout,
    rows: Vec<Row>,
    inquiries: Vec<InquiryRow>,
}

/// `GET /inbox`: the logged-in account's inbox; a visitor is asked to log in.
async fn show(ctx: PageContext, State(state): State<AppState>) -> Result<Response, HtmlError> {
    // The context read it for the header's count already.
    let Some(found) = ctx.inbox.clone() else {
        return Err(ctx.error_page(AppError::Unauthorized(
            "your inbox needs you to log in".into(),
        )));
    };
    let t = ctx.t();
    let rows = found
        .items
        .into_iter()
        .map(|item| Row {
            href: format!("/partnerships/{}", item.partnership),
            title: translated(t, &item.title),
            status: values::status(t, "partnership", item.status.as_str()),
            waiting: t.list(
                item.waiting
                    .iter()
                    .map(|w| t.msg(&format!("concord-inbox-waiting-{}", w.as_str()))),
            ),
        })
        .collect();
    let vocabularies = state
        .store
        .vocabularies()
        .await
        .map_err(|e| ctx.error_page(e))?;
    let inquiries = found
        .inquiries
        .into_iter()
        .map(|i| InquiryRow {
            href: format!("/inquiries/{}", i.inquiry),
            organisation: i.organisation,
            country: values::country(t, &i.country),
            area: values::term(t, &vocabularies, Vocabulary::Area, &i.area),
        })
        .collect();
    let page = InboxPage {
        layout: ctx.layout(),
        rows,
        inquiries,
    };
    Ok(render(ctx.csrf.clone(), &page)?)
}
