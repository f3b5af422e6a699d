//! An approval policy's page: when it applies, who must approve and who may veto.

use askama::Template;
use axum::response::Response;
use concord_domain::record::RecordKind;
use concord_domain::{AccountId, ApprovalPolicy, Vocabulary};
use concord_http::api::v1::approvals;
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_store::StoredDocument;

use super::facts::{Fact, Facts, Terms};
use super::names::{Link, Names};
use super::show::{Head, respond, visible};
use crate::{Layout, PageContext};

/// The approval policy page.
#[derive(Template)]
#[template(path = "record/approval_policy.html")]
struct Page {
    layout: Layout,
    head: Head,
    facts: Vec<Fact>,
    party: Option<Link>,
    approvers: Vec<String>,
    veto_holders: Vec<String>,
}

/// Renders the page of the approval policy in `doc`.
pub async fn page(
    state: &AppState,
    ctx: &PageContext,
    head: Head,
    doc: StoredDocument,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let p: ApprovalPolicy = visible(doc, &ctx.viewer)?;
    let w = &p.when;
    let mut wanted = Vec::new();
    wanted.extend(
        w.partnership_kind
            .iter()
            .map(|k| (Vocabulary::PartnershipKind, k.as_str())),
    );
    wanted.extend(w.area.iter().map(|a| (Vocabulary::Area, a.as_str())));
    wanted.extend(w.level.iter().map(|l| (Vocabulary::Level, l.as_str())));
    let keys = w
        .party
        .map(|o| concord_domain::RecordKey {
            kind: RecordKind::Organisation,
            id: o.into(),
        })
        .into_iter()
        .collect();
    let store = &*state.store;
    let (terms, names, accounts) = tokio::join!(
        Terms::read(store, t, &wanted),
        Names::read(store, &ctx.viewer, t, keys),
        approvals::names(state)
    );
    let (terms, names, accounts) = (terms?, names?, accounts?);
    let named = |ids: &[AccountId]| -> Vec<String> {
        ids.iter()
            .map(|id| accounts.get(id).cloned().unwrap_or_else(|| id.to_string()))
            .collect()
    };
    let mut f = Facts::new(t);
    f.add(
        "kind",
        terms.terms(Vocabulary::PartnershipKind, &w.partnership_kind),
    );
    f.add("area", terms.terms(Vocabulary::Area, &w.area));
    f.add("level", terms.terms(Vocabulary::Level, &w.level));
    f.visibility(p.visibility);
    let page = Page {
        layout: ctx.layout(),
        head,
        facts: f.rows,
        party: w.party.map(|o| names.of(RecordKind::Organisation, o)),
        approvers: named(&p.approvers),
        veto_holders: named(&p.veto_holders),
    };
    respond(ctx, &page)
}
