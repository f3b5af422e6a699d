//! Every route on one screen: the page at `/`, the API under `/api/v1`.

use axum::Router;
use axum::routing::{get, post};
use concord_domain::{KindVisitor, Record, RecordKind};

use crate::api::v1::{audit, history, lifecycle, openapi, record, search, vocabulary};
use crate::html;
use crate::layers;
use crate::security;
use crate::state::AppState;

/// The application's routes with their state and layers.
pub fn router(state: AppState) -> Router {
    let limit = state.config.body_limit_bytes;
    let api = Router::new()
        .route("/search", get(search::search))
        .route("/audit", get(audit::list))
        .route("/vocabularies", get(vocabulary::list))
        .route("/vocabularies/{vocabulary}", post(vocabulary::add_term))
        .route("/openapi.json", get(openapi::document));
    let api = RecordKind::ALL
        .iter()
        .fold(api, |api, kind| api.merge(kind.visit(Records)));
    let app = Router::new()
        .route("/", get(html::home))
        .route("/assets/codex-2.6.0.css", get(html::assets::codex))
        .route("/assets/concord.css", get(html::assets::concord))
        .merge(html::session::routes())
        .merge(html::account::routes())
        .merge(html::admin::routes())
        .merge(html::signup::routes())
        .nest("/api/v1", api)
        .fallback(layers::not_found)
        .method_not_allowed_fallback(layers::method_not_allowed)
        .with_state(state)
        // Gives a page's 500 its request id and logs it once; API errors pass untouched.
        .layer(axum::middleware::from_fn(html::error::request_ids))
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
    Router::new()
        .route(&base, get(record::list::<R>).post(record::create::<R>))
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
