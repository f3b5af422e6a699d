//! CSRF protection of forms, on a tiny router with one form route (the real pages with forms
//! come later): a forged post is refused with 403 naming `csrf` and saves nothing.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Extension;
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::routing::get;
use axum::{Router, response::Response};
use concord_http::security::{CsrfForm, CsrfToken};
use concord_http::{AppError, AppState};
use concord_search::SearchIndex;
use concord_store_sqlite::SqliteStore;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// What the form route saved: stays empty when every forged post is refused.
type Saved = Arc<Mutex<Vec<String>>>;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Note {
    text: String,
}

/// `GET /notes`: "renders" the form, here just the token for the hidden field.
async fn new_form(headers: HeaderMap) -> Result<(CsrfToken, String), AppError> {
    let token = CsrfToken::for_form(&headers, false)?;
    let value = token.value().to_owned();
    Ok((token, value))
}

/// `POST /notes`: saves the note and redirects, as a form handler does.
async fn create(Extension(saved): Extension<Saved>, CsrfForm(note): CsrfForm<Note>) -> StatusCode {
    saved.lock().unwrap().push(note.text);
    StatusCode::SEE_OTHER
}

/// A router with one form route, over a real `AppState`.
struct FormApp {
    router: Router,
    saved: Saved,
    _dir: tempfile::TempDir,
}

impl FormApp {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("concord.db").display());
        let store = Arc::new(SqliteStore::open(&url).await.unwrap());
        let state = AppState::new(store, Arc::new(SearchIndex::open_in_ram().unwrap()));
        let saved = Saved::default();
        let router = Router::new()
            .route("/notes", get(new_form).post(create))
            .layer(Extension(saved.clone()))
            .with_state(state);
        Self {
            router,
            saved,
            _dir: dir,
        }
    }

    async fn call(&self, request: Request<Body>) -> (Response<()>, Value) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        (
            Response::from_parts(parts, ()),
            if json.is_null() {
                Value::String(text)
            } else {
                json
            },
        )
    }

    /// Loads the form: `(the token in the page, the Set-Cookie header)`.
    async fn form(&self) -> (String, String) {
        let request = Request::get("/notes").body(Body::empty()).unwrap();
        let (response, body) = self.call(request).await;
        assert_eq!(response.status(), StatusCode::OK);
        let cookie = response.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .to_owned();
        (body.as_str().unwrap().to_owned(), cookie)
    }

    /// Posts `body`, with a `Cookie` and an `Origin` when given.
    async fn post(
        &self,
        body: &str,
        cookie: Option<&str>,
        origin: Option<&str>,
    ) -> (Response<()>, Value) {
        let mut request = Request::post("/notes")
            .header(header::HOST, "concord.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        self.call(request.body(Body::from(body.to_owned())).unwrap())
            .await
    }
}

#[tokio::test]
async fn a_form_page_sets_the_token_cookie_with_its_attributes() {
    let app = FormApp::new().await;
    let (token, cookie) = app.form().await;
    assert_eq!(token.len(), 43);
    assert_eq!(
        cookie,
        format!("concord_csrf={token}; Path=/; HttpOnly; SameSite=Lax")
    );
}

#[tokio::test]
async fn a_form_with_its_cookie_and_matching_token_is_accepted() {
    let app = FormApp::new().await;
    let (token, _) = app.form().await;
    let cookie = format!("lang=de; concord_csrf={token}");
    let body = format!("text=hello+world&csrf={token}");
    let (response, body) = app
        .post(&body, Some(&cookie), Some("https://concord.example"))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{body}");
    let (again, _) = app
        .post(&format!("csrf={token}&text=again"), Some(&cookie), None)
        .await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(*app.saved.lock().unwrap(), ["hello world", "again"]);
}

#[tokio::test]
async fn a_forged_form_is_refused_with_403_naming_csrf_and_saves_nothing() {
    let app = FormApp::new().await;
    let (token, _) = app.form().await;
    let (other, _) = FormApp::new().await.form().await;
    let cookie = format!("concord_csrf={token}");
    let good = format!("text=x&csrf={token}");
    let cases = [
        ("no cookie", good.clone(), None, None),
        (
            "another cookie only",
            good.clone(),
            Some("lang=de".to_owned()),
            None,
        ),
        ("no field", "text=x".to_owned(), Some(cookie.clone()), None),
        (
            "an empty field",
            "text=x&csrf=".to_owned(),
            Some(cookie.clone()),
            None,
        ),
        (
            "a mismatch",
            format!("text=x&csrf={other}"),
            Some(cookie.clone()),
            None,
        ),
        (
            "a foreign origin",
            good.clone(),
            Some(cookie.clone()),
            Some("https://evil.example"),
        ),
        (
            "a null origin",
            good.clone(),
            Some(cookie.clone()),
            Some("null"),
        ),
    ];
    for (what, body, cookie, origin) in cases {
        let (response, problem) = app.post(&body, cookie.as_deref(), origin).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{what}: {problem}"
        );
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json",
            "{what}"
        );
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.starts_with("csrf: "), "{what}: {detail}");
    }
    assert!(
        app.saved.lock().unwrap().is_empty(),
        "a forged form saved something"
    );
}
