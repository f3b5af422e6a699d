//! Create and edit forms, and edit conflicts resolved like a wiki.
//!
//! A kind's form is a list of [`field::Field`]s read from and written into its record as text
//! ([`form::EditForm`]), so one template renders every form, one summary at the top lists
//! every refusal (each linking to its field), and a conflict compares the same texts field by
//! field ([`conflict`]). A form carries the revision it was opened at; when the record was
//! saved since, the editor gets the conflict page instead of a save: nothing is overwritten
//! and nothing typed is lost. Every check is the API's (`concord_http::api::v1::support`).

mod approval_policy;
mod assessment_template;
pub mod conflict;
mod conflict_page;
pub mod field;
pub mod form;
mod form_page;
mod glossary;
mod need;
mod organisation;
mod organisations;
mod page;
mod partnership;
mod partnership_rows;
mod person;
mod posted;
mod red_line;
mod routing_rule;
mod rows;

use axum::Router;
use concord_domain::{
    Action, ApprovalPolicy, AssessmentTemplate, GlossaryTerm, Need, Organisation, Partnership,
    Person, RecordKind, RedLine, RoutingRule, Viewer,
};
use concord_http::api::v1::support::check_new;
use concord_http::state::AppState;
use concord_store::new_id;

use crate::PageContext;
use form::EditForm;

/// The routes of every kind's forms.
pub fn routes() -> Router<AppState> {
    page::routes::<Organisation>()
        .merge(page::routes::<Partnership>())
        .merge(page::routes::<Person>())
        .merge(page::routes::<Need>())
        .merge(page::routes::<GlossaryTerm>())
        .merge(page::routes::<RoutingRule>())
        .merge(page::routes::<RedLine>())
        .merge(page::routes::<ApprovalPolicy>())
        .merge(page::routes::<AssessmentTemplate>())
}

/// Whether `viewer` may create a record of `kind`, asked of the same authorisation as the save
/// (a new record with nothing filled in).
pub fn may_create(viewer: &Viewer, kind: RecordKind) -> bool {
    fn may<R: EditForm>(viewer: &Viewer) -> bool {
        check_new(viewer, Action::Create, &R::blank(R::Id::from(new_id())), "").is_ok()
    }
    match kind {
        RecordKind::Organisation => may::<Organisation>(viewer),
        RecordKind::Person => may::<Person>(viewer),
        RecordKind::Partnership => may::<Partnership>(viewer),
        RecordKind::Need => may::<Need>(viewer),
        RecordKind::GlossaryTerm => may::<GlossaryTerm>(viewer),
        RecordKind::RoutingRule => may::<RoutingRule>(viewer),
        RecordKind::RedLine => may::<RedLine>(viewer),
        RecordKind::ApprovalPolicy => may::<ApprovalPolicy>(viewer),
        RecordKind::AssessmentTemplate => may::<AssessmentTemplate>(viewer),
        // An inquiry arrives through the front door (`/inquire`), which anyone may use.
        RecordKind::Inquiry => false,
    }
}

/// The "New <kind>" link (its path and text) for a viewer who may create records of `kind`.
pub fn new_link(ctx: &PageContext, kind: RecordKind) -> Option<(String, String)> {
    may_create(&ctx.viewer, kind).then(|| {
        let t = ctx.t();
        let text = t.msg_with(
            "concord-edit-create-title",
            &[concord_i18n::Arg::from(crate::values::kind(t, kind))],
        );
        (format!("/{}/new", kind.collection()), text)
    })
}
