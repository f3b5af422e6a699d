//! Every route of the API on one screen, under `/api/v1`, and the layers every response gets.
//! The pages are `concord-web`'s: it passes them in ([`router`]'s `pages`), so the API and the
//! pages share one set of layers, one fallback and one state.

use axum::Router;
use axum::routing::{get, post};
use concord_domain::{KindVisitor, Record, RecordKind};

use crate::api::v1::{
    approvals, assessments, audit, history, inbox, inquiries, lifecycle, openapi, record,
    red_lines, routing, search, vocabulary, workflow,
};
use crate::layers;
use crate::security;
use crate::state::AppState;

/// The application's routes with their state and layers: `pages` (with their own layers,
/// such as the error pages' request ids) beside the API.
pub fn router(state: AppState, pages: Router<AppState>) -> Router {
    let limit = state.config.body_limit_bytes;
    let api = Router::new()
        .route("/search", get(search::search))
        .route("/routing", get(routing::show))
        .route("/audit", get(audit::list))
        .route("/inbox", get(inbox::show))
        .route("/vocabularies", get(vocabulary::list))
        .route("/vocabularies/{vocabulary}", post(vocabulary::add_term))
        .route("/openapi.json", get(openapi::document))
        .route(
            "/partnerships/{id}/transitions",
            get(workflow::list).post(workflow::take),
        )
        .route("/partnerships/{id}/renewal", post(workflow::renewal))
        .route(
            "/partnerships/{id}/red-lines",
            get(red_lines::show).post(red_lines::run_again),
        )
        .route(
            "/partnerships/{id}/red-lines/clearance",
            post(red_lines::clearance),
        )
        .route(
            "/partnerships/{id}/decisions",
            post(approvals::decide_handler),
        )
        .route(
            "/partnerships/{id}/assessment",
            get(assessments::show).post(assessments::answer_handler),
        )
        .route("/inquiries", post(inquiries::submit))
        .route("/inquiries/status/{secret}", get(inquiries::status))
        .route("/inquiries/{id}/decision", post(inquiries::decide_handler));
    let api = RecordKind::ALL
        .iter()
        .fold(api, |api, kind| api.merge(kind.visit(Records)));
    let app = Router::new()
        .merge(pages)
        .nest("/api/v1", api)
        .fallback(layers::not_found)
        .method_not_allowed_fallback(layers::method_not_allowed)
        .with_state(state)
        .layer(axum::middleware::from_fn(security::origin::guard));
    security::headers::apply(layers::wrap(app, limit))
}

/// The routes of one record kind, under its collection name (`/organisations`, …).
struct Records;

impl KindVisitor for Records {
    type Output = Router<AppState>;
    fn visit<R: Record>(self) -> Router<AppState> {
        records::<R>()
    }
}

fn records<R: Record>() -> Router<AppState> {
    let base = format!("/{}", R::KIND.collection());
    // An inquiry arrives through the front door (`inquiries::submit`), not the generic create.
    let collection = if R::OWN_CREATE {
        get(record::list::<R>)
    } else {
        get(record::list::<R>).post(record::create::<R>)
    };
    Router::new()
        .route(&base, collection)
        .route(
            &format!("{base}/{{id}}"),
            get(record::show::<R>)
                .put(record::update::<R>)
                .patch(record::patch::<R>)
                .delete(lifecycle::delete::<R>),
        )
        .route(
            &format!("{base}/{{id}}/restore"),
            post(lifecycle::restore::<R>),
        )
        .route(
            &format!("{base}/{{id}}/revert"),
            post(lifecycle::revert::<R>),
        )
        .route(
            &format!("{base}/{{id}}/history"),
            get(history::history::<R>),
        )
        .route(
            &format!("{base}/{{id}}/revisions/{{rev}}"),
            get(history::revision::<R>),
        )
        .route(&format!("{base}/{{id}}/diff"), get(history::diff::<R>))
}
