//! [`HtmlError`]: an [`AppError`] (or a page's own refusal) rendered as a page over `base.html`
//! rather than as problem+json: 401 links to the log-in page, 429 says when to try again, a 500
//! shows only the request id (filled in by [`request_ids`], and logged there).
//!
//! Deciding whether a request is refused is the handler's business; this only renders it.

use std::sync::Arc;

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Layout;
use concord_http::error::AppError;
use concord_http::layers::REQUEST_ID;
use concord_i18n::{Arg, Localizer};

/// A refused page request, rendered as HTML. Boxed, so that `Result`s stay small.
#[derive(Debug)]
pub struct HtmlError(Box<Inner>);

#[derive(Debug)]
struct Inner {
    status: StatusCode,
    title: Text,
    message: Text,
    login_link: bool,
    retry_after_secs: Option<u64>,
    internal: Option<Arc<dyn std::error::Error + Send + Sync>>,
    layout: Option<Layout>,
    location: Option<String>,
}

/// A title or sentence of an error page: a message in the reader's language, or text given
/// as it is (already in the reader's language, or a server's reason not yet translated).
#[derive(Clone, Debug)]
enum Text {
    Message(&'static str, Vec<Arg>),
    Plain(String),
}

impl Text {
    fn show(&self, t: &Localizer) -> String {
        match self {
            Text::Message(key, args) => t.msg_with(key, args),
            Text::Plain(text) => text.clone(),
        }
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "error/page.html")]
struct ErrorPage<'a> {
    layout: Layout,
    title: &'a str,
    message: &'a str,
    login_link: bool,
    request_id: Option<&'a str>,
}

/// What a 500 leaves for [`request_ids`]: its source and the page's layout.
#[derive(Clone)]
struct PendingInternal {
    source: Arc<dyn std::error::Error + Send + Sync>,
    layout: Layout,
}

impl HtmlError {
    /// A page of its own: `status`, a heading and a sentence, as given.
    pub fn page(status: StatusCode, title: &str, message: &str) -> Self {
        Self::texts(
            status,
            Text::Plain(title.to_owned()),
            Text::Plain(message.to_owned()),
        )
    }

    /// A page of its own, in the reader's language: `status`, a heading and a sentence given
    /// as message keys.
    pub fn message_page(status: StatusCode, title: &'static str, message: &'static str) -> Self {
        Self::texts(
            status,
            Text::Message(title, Vec::new()),
            Text::Message(message, Vec::new()),
        )
    }

    fn texts(status: StatusCode, title: Text, message: Text) -> Self {
        Self(Box::new(Inner {
            status,
            title,
            message,
            login_link: false,
            retry_after_secs: None,
            internal: None,
            layout: None,
            location: None,
        }))
    }

    /// Not an error page but a 303 to `location` (a local path): a visitor sent to log in.
    pub fn redirect(location: &str) -> Self {
        let mut page = Self::page(StatusCode::SEE_OTHER, "See other", location);
        page.0.location = Some(location.to_owned());
        page
    }

    /// The same error, shown with the viewer's header.
    pub fn with_layout(mut self, layout: Layout) -> Self {
        self.0.layout = Some(layout);
        self
    }

    /// The status it is rendered with.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }
}

impl From<AppError> for HtmlError {
    fn from(e: AppError) -> Self {
        let status = e.status();
        let key = |k: &'static str| Text::Message(k, Vec::new());
        let (title, message) = match &e {
            AppError::NotFound => (
                key("concord-error-notfound-title"),
                key("concord-error-notfound"),
            ),
            AppError::Unauthorized(_) => {
                (key("concord-error-login-title"), key("concord-error-login"))
            }
            AppError::Forbidden(why) => (key("concord-error-forbidden-title"), key(forbidden(why))),
            AppError::TooManyRequests { retry_after_secs } => (
                key("concord-error-throttled-title"),
                Text::Message(
                    "concord-error-throttled",
                    vec![Arg::Count(
                        i64::try_from(*retry_after_secs).unwrap_or(i64::MAX),
                    )],
                ),
            ),
            AppError::Blocked { .. } => (
                key("concord-error-refused-title"),
                key("concord-workflow-blocked"),
            ),
            AppError::Internal(_) => (
                key("concord-error-internal-title"),
                key("concord-error-internal"),
            ),
            other => (
                key("concord-error-refused-title"),
                Text::Plain(other.to_string()),
            ),
        };
        let mut page = Self::texts(status, title, message);
        page.0.login_link = status == StatusCode::UNAUTHORIZED;
        if let AppError::TooManyRequests { retry_after_secs } = &e {
            page.0.retry_after_secs = Some(*retry_after_secs);
        }
        if let AppError::Internal(source) = e {
            page.0.internal = Some(source);
        }
        page
    }
}

impl IntoResponse for HtmlError {
    fn into_response(self) -> Response {
        let this = *self.0;
        if let Some(location) = this.location {
            return match HeaderValue::from_str(&location) {
                Ok(value) => (StatusCode::SEE_OTHER, [(header::LOCATION, value)]).into_response(),
                Err(e) => HtmlError::from(AppError::internal(e)).into_response(),
            };
        }
        let layout = this.layout.unwrap_or_else(visitor_layout);
        let (title, message) = (this.title.show(layout.t), this.message.show(layout.t));
        let page = ErrorPage {
            layout: layout.clone(),
            title: &title,
            message: &message,
            login_link: this.login_link,
            request_id: None,
        };
        let mut response = html_response(this.status, &page);
        if let Some(secs) = this.retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(source) = this.internal {
            response
                .extensions_mut()
                .insert(PendingInternal { source, layout });
        }
        response
    }
}

/// The message saying why a request was refused (403), for the reasons the server gives (the
/// API's problem+json keeps the English reason itself): a form that failed its CSRF or origin
/// check, roles that do not allow the action, a change that would hide the record from its
/// editor; else a general refusal.
fn forbidden(why: &str) -> &'static str {
    if why.starts_with("csrf:") {
        "concord-error-forbidden-csrf"
    } else if why.contains("would leave a record you may not see") {
        "concord-error-forbidden-hidden"
    } else if why.starts_with("your roles") {
        "concord-error-forbidden-roles"
    } else {
        "concord-error-forbidden"
    }
}

/// Middleware for page routes: a 500 page gets the request id, to quote when reporting it.
pub async fn request_ids(req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let response = next.run(req).await;
    let Some(pending) = response.extensions().get::<PendingInternal>().cloned() else {
        return response;
    };
    tracing::error!(request_id = %id, error = %concord_http::layers::chain(&*pending.source), "internal error");
    let t = pending.layout.t;
    let (title, message) = (
        t.msg("concord-error-internal-title"),
        t.msg("concord-error-internal"),
    );
    let page = ErrorPage {
        layout: pending.layout,
        title: &title,
        message: &message,
        login_link: false,
        request_id: Some(&id),
    };
    html_response(StatusCode::INTERNAL_SERVER_ERROR, &page)
}

/// The header of a page for a visitor (no account, so no log-out form).
fn visitor_layout() -> Layout {
    Layout {
        t: crate::language::localizer(concord_i18n::Lang::En),
        back: "/".to_owned(),
        account: None,
        admin: false,
        import: false,
        csrf: String::new(),
        inbox: None,
    }
}

/// `page` as a `text/html` response with `status`, never cached.
fn html_response(status: StatusCode, page: &impl Template) -> Response {
    let body = page
        .render()
        .unwrap_or_else(|_| "<!doctype html><title>Error</title><p>Error.</p>".to_owned());
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::*;

    async fn call(error: fn() -> AppError) -> (StatusCode, axum::http::HeaderMap, String) {
        let app = Router::new()
            .route("/", get(move || async move { HtmlError::from(error()) }))
            .route_layer(axum::middleware::from_fn(request_ids));
        let request = Request::builder()
            .uri("/")
            .header(REQUEST_ID, "req-42")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    #[tokio::test]
    async fn an_internal_error_page_shows_the_request_id_and_no_detail() {
        let (status, headers, text) =
            call(|| AppError::internal(std::io::Error::other("disk /var/secret"))).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(text.contains("req-42"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }

    #[tokio::test]
    async fn a_401_page_links_to_log_in_and_a_429_says_when_to_retry() {
        let (status, _, text) = call(|| AppError::Unauthorized("x".into())).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(text.contains(r#"href="/login""#));
        let (status, headers, _) = call(|| AppError::TooManyRequests {
            retry_after_secs: 7,
        })
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(headers[header::RETRY_AFTER], "7");
    }

    #[tokio::test]
    async fn a_hidden_thing_is_a_plain_404_page() {
        let (status, _, text) = call(|| AppError::NotFound).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(text.contains("Not found"));
    }

    #[tokio::test]
    async fn an_error_page_speaks_the_readers_language_with_its_plurals() {
        let layout = Layout {
            t: crate::language::localizer(concord_i18n::Lang::De),
            ..visitor_layout()
        };
        let page = |secs| {
            HtmlError::from(AppError::TooManyRequests {
                retry_after_secs: secs,
            })
            .with_layout(layout.clone())
        };
        let text = |response: Response| async move {
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            String::from_utf8_lossy(&bytes).into_owned()
        };
        let one = text(page(1).into_response()).await;
        assert!(one.contains("<h1>Zu viele Versuche</h1>"), "{one}");
        assert!(one.contains("in einer Sekunde erneut"), "{one}");
        let many = text(page(1200).into_response()).await;
        assert!(many.contains("in 1.200 Sekunden erneut"), "{many}");
        assert!(many.contains(r#"<html lang="de" dir="ltr">"#));
    }
}
