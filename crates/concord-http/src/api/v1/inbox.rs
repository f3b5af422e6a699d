//! One account's inbox (issue #13, item 7): every partnership the viewer may see that waits for
//! them (an approval or a veto holder's decision pending on their account, a red-line
//! escalation an approver or admin may clear), read from the search index (the partnerships
//! proposed, being assessed or awaiting approval) and decided by
//! `concord_domain::workflow::inbox::waiting_on`, and the new inquiries routed to the entities
//! the viewer stewards (every new inquiry for an admin). `GET /api/v1/inbox`; the pages show
//! the same with its count in the header.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::workflow::inbox::{IN_FLIGHT, Waiting, waiting_on};
use concord_domain::{
    Inquiry, InquiryId, Partnership, PartnershipId, PartnershipStatus, RecordKind, RevisionId,
    Viewer,
};
use concord_search::SearchQuery;
use serde::Serialize;

use super::headers::json_response;
use crate::error::AppError;
use crate::extract::ApiViewer;
use crate::state::AppState;

/// A partnership that waits for the viewer.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InboxItem {
    /// The partnership.
    pub partnership: PartnershipId,
    /// Its title, by language.
    pub title: concord_domain::text::Translatable,
    /// Its status.
    pub status: PartnershipStatus,
    /// What it waits for from the viewer.
    pub waiting: Vec<Waiting>,
}

/// A new inquiry that waits for the viewer to accept, forward or decline it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InboxInquiry {
    /// The inquiry.
    pub inquiry: InquiryId,
    /// The organisation that sent it.
    pub organisation: String,
    /// Its country.
    pub country: String,
    /// The area it is about.
    pub area: String,
}

/// `GET /api/v1/inbox`.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Inbox {
    /// How many partnerships and inquiries wait for the viewer.
    pub count: usize,
    /// The partnerships, most recently changed first.
    pub items: Vec<InboxItem>,
    /// The new inquiries, most recent first.
    pub inquiries: Vec<InboxInquiry>,
}

/// What waits for `viewer`: the partnerships, most recently changed first, and the new
/// inquiries. Nothing for a visitor. Read from the cache while the index has not changed since
/// it was computed for the same account, roles and scope.
pub async fn inbox(state: &AppState, viewer: &Viewer) -> Result<Inbox, AppError> {
    if !viewer.is_member() {
        return Ok(Inbox::default());
    }
    // Read before computing: what is computed is at least this fresh, so it may stand for
    // this generation of the index.
    let generation = state.search.last_applied();
    let key = InboxCache::key(viewer);
    if let Some(found) = state.inboxes.get(&key, generation) {
        return Ok(found);
    }
    let computed = compute(state, viewer)?;
    state.inboxes.put(key, generation, computed.clone());
    Ok(computed)
}

/// Every account's inbox as last computed, with the index generation (the last revision it
/// applied) it was computed at. Any write the index takes makes every entry stale, so an entry
/// is only ever used while nothing changed: the header's count and the inbox page then cost a
/// map lookup instead of reading every waiting partnership from the index (BENCHMARKS.md, "The
/// inbox").
#[derive(Debug, Default)]
pub struct InboxCache {
    entries: Mutex<HashMap<String, (RevisionId, Inbox)>>,
}

impl InboxCache {
    /// The most inboxes kept; past it the cache starts again empty.
    const MAX_ENTRIES: usize = 10_000;

    /// What an inbox depends on besides the index: the account, its roles and the scope.
    fn key(viewer: &Viewer) -> String {
        format!("{:?}|{:?}|{:?}", viewer.account, viewer.roles, viewer.scope)
    }

    fn get(&self, key: &str, generation: RevisionId) -> Option<Inbox> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|(at, _)| *at == generation)
            .map(|(_, inbox)| inbox.clone())
    }

    fn put(&self, key: String, generation: RevisionId, inbox: Inbox) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= Self::MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, (generation, inbox));
        }
    }
}

/// [`inbox`] read from the index.
fn compute(state: &AppState, viewer: &Viewer) -> Result<Inbox, AppError> {
    let statuses = IN_FLIGHT.iter().map(|s| s.as_str().to_owned()).collect();
    let in_flight: Vec<Partnership> = every(state, viewer, RecordKind::Partnership, |q| {
        q.filters.insert("status".into(), statuses);
    })?;
    let items: Vec<InboxItem> = in_flight
        .into_iter()
        .filter_map(|p| {
            let waiting = waiting_on(&p, viewer);
            (!waiting.is_empty()).then_some(InboxItem {
                partnership: p.id,
                title: p.title,
                status: p.status,
                waiting,
            })
        })
        .collect();
    let inquiries = inquiries(state, viewer)?;
    Ok(Inbox {
        count: items.len() + inquiries.len(),
        items,
        inquiries,
    })
}

/// The new inquiries routed to an entity `viewer` stewards (any, for an admin), newest first.
fn inquiries(state: &AppState, viewer: &Viewer) -> Result<Vec<InboxInquiry>, AppError> {
    let entities: Vec<String> = viewer.stewarded().map(|e| e.to_string()).collect();
    if entities.is_empty() && !viewer.is_admin() {
        return Ok(Vec::new());
    }
    let admin = viewer.is_admin();
    let new: Vec<Inquiry> = every(state, viewer, RecordKind::Inquiry, |q| {
        q.filters.insert("status".into(), vec!["new".into()]);
        if !admin {
            q.filters.insert("entity".into(), entities);
        }
    })?;
    Ok(new
        .into_iter()
        .map(|i| InboxInquiry {
            inquiry: i.id,
            organisation: i.organisation,
            country: i.country,
            area: i.area,
        })
        .collect())
}

/// Every record of `kind` the index gives `viewer` under the filters `filter` sets, most
/// recently changed first, read page by page.
fn every<R: serde::de::DeserializeOwned>(
    state: &AppState,
    viewer: &Viewer,
    kind: RecordKind,
    filter: impl FnOnce(&mut SearchQuery),
) -> Result<Vec<R>, AppError> {
    let mut query = SearchQuery {
        kinds: vec![kind],
        sort: concord_search::Sort::Updated,
        limit: 200,
        ..SearchQuery::default()
    };
    filter(&mut query);
    let mut out = Vec::new();
    loop {
        let page = state.search.search(viewer, &query)?;
        for hit in page.hits {
            out.push(serde_json::from_str(&hit.body).map_err(AppError::internal)?);
        }
        match page.next_cursor {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    Ok(out)
}

/// `GET /api/v1/inbox`: what waits for the caller; 401 for a visitor.
pub async fn show(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
) -> Result<Response, AppError> {
    let decision = match (viewer.is_member(), viewer.account.is_some()) {
        (true, _) => concord_domain::Decision::Allow,
        (false, true) => concord_domain::Decision::Forbidden,
        (false, false) => concord_domain::Decision::LogInRequired,
    };
    AppError::check(decision, "reading an inbox")?;
    json_response(StatusCode::OK, &inbox(&state, &viewer).await?)
}
