//! Create and edit forms, and edit conflicts resolved like a wiki.
//!
//! A kind's form is a list of [`field::Field`]s read from and written into its record as text
//! ([`form::EditForm`]), so one template renders every form, one summary at the top lists
//! every refusal (each linking to its field), and a conflict compares the same texts field by
//! field ([`conflict`]). A form carries the revision it was opened at; when the record was
//! saved since, the editor gets the conflict page instead of a save: nothing is overwritten
//! and nothing typed is lost. Every check is the API's (`concord_http::api::v1::support`).

pub mod conflict;
pub mod field;
pub mod form;
mod organisation;
mod page;

use axum::Router;
use concord_domain::Organisation;
use concord_http::state::AppState;

/// The routes of every kind's forms.
pub fn routes() -> Router<AppState> {
    page::routes::<Organisation>()
}
