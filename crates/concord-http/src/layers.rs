//! The layers around every route: request id, trace, panic catcher, body limit, and the
//! reporter that logs each 5xx once with its source chain and request id.
//!
//! They add no behaviour of their own to a request beyond what their names say.

use std::any::Any;
use std::error::Error;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::problem::{InternalErrorReport, ProblemBody};

/// The header carrying the request id (set when the client sent none, echoed in the response).
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps `router` in the layers, outermost first.
pub fn wrap(router: Router, body_limit_bytes: usize) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
                let id = header_text(req.headers().get(REQUEST_ID));
                tracing::info_span!("request", method = %req.method(), uri = %req.uri(), request_id = id)
            }))
            .layer(middleware::from_fn(report_internal_errors))
            .layer(CatchPanicLayer::custom(panic_response))
            .layer(DefaultBodyLimit::max(body_limit_bytes)),
    )
}

/// Logs a 5xx once, with its source chain and the request id, and tells the client only
/// "internal error" and that id.
pub async fn report_internal_errors(req: Request, next: Next) -> Response {
    let request_id = header_text(req.headers().get(REQUEST_ID)).to_owned();
    let response = next.run(req).await;
    let Some(InternalErrorReport(source)) =
        response.extensions().get::<InternalErrorReport>().cloned()
    else {
        return response;
    };
    tracing::error!(request_id = %request_id, error = %chain(&*source), "internal error");
    let status = response.status();
    let mut body = ProblemBody::new(
        status,
        "urn:concord:problem:internal",
        format!("internal error (request id {request_id})"),
    );
    body.request_id = Some(request_id);
    body.into_response_with(status)
}

/// A header's text for logs; `-` when absent or not visible ASCII.
fn header_text(value: Option<&HeaderValue>) -> &str {
    match value.map(HeaderValue::to_str) {
        Some(Ok(text)) => text,
        _ => "-",
    }
}

/// An error and its sources, joined with ": ".
pub fn chain(e: &(dyn Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// A panic in a handler is a bug: a 500 problem (reported like any internal error).
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_owned());
    AppError::internal(Panicked(message)).into_response()
}

#[derive(Debug, thiserror::Error)]
#[error("handler panicked: {0}")]
struct Panicked(String);

/// The fallback for unknown paths: a 404 problem.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// The fallback for a known path with another method: a 405 problem.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    async fn failing() -> AppError {
        AppError::internal(std::io::Error::other("disk /var/secret is full"))
    }

    async fn panicking() -> &'static str {
        panic!("bug")
    }

    async fn call(path: &str) -> (Response, serde_json::Value) {
        let app = wrap(
            Router::new()
                .route("/fail", get(failing))
                .route("/panic", get(panicking)),
            64,
        );
        let request = Request::builder().uri(path).body(Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (
            Response::from_parts(parts, Body::empty()),
            serde_json::from_slice(&bytes).unwrap(),
        )
    }

    #[tokio::test]
    async fn an_internal_error_shows_only_internal_error_and_the_request_id() {
        let (response, body) = call("/fail").await;
        assert_eq!(response.status(), 500);
        let id = response.headers()[REQUEST_ID].to_str().unwrap().to_owned();
        assert_eq!(body["request_id"], id.as_str());
        assert_eq!(body["detail"], format!("internal error (request id {id})"));
        assert!(!body.to_string().contains("secret"));
    }

    #[tokio::test]
    async fn a_panic_is_a_500_problem() {
        let (response, body) = call("/panic").await;
        assert_eq!(response.status(), 500);
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        assert!(body["request_id"].is_string());
    }

    #[test]
    fn chains_name_every_source() {
        #[derive(Debug, thiserror::Error)]
        #[error("while saving")]
        struct Outer(#[source] Panicked);
        assert_eq!(
            chain(&Outer(Panicked("boom".into()))),
            "while saving: handler panicked: boom"
        );
    }
}
