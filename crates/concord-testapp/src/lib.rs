//! `TestApp`: the whole application driven in-process with `oneshot`, over a temp-file SQLite
//! store (or, with [`TestApp::on`], a fresh PostgreSQL database) and an in-RAM search index.
//! Each test makes its own app and data. For the tests of `concord-http` and `concord-web`
//! only (a dev-dependency of both).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test support: a failed step is a failed test"
)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::Utc;
use concord_domain::{AccountId, Record, RevisionId, Role, Viewer};
use concord_http::auth::AuthConfig;
use concord_http::extract::hash_secret;
use concord_http::{AppState, HttpConfig};
use concord_search::SearchIndex;
use concord_store::{NewToken, Store, StoreExt};
use concord_store_sqlite::SqliteStore;
use concord_testkit::pg::PgTestDb;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

pub mod backend;
pub mod session;
pub mod smtp;
pub mod wikimedia_fake;

pub use backend::Backend;
pub use smtp::SmtpSink;

/// The application under test, with direct access to its store.
pub struct TestApp {
    /// The router, as `concord serve` would run it.
    pub router: Router,
    /// The store behind it, for arranging data and checking that nothing was written.
    pub store: Arc<dyn Store>,
    /// Its search index.
    pub search: Arc<SearchIndex>,
    /// Which database the store runs on.
    pub backend: Backend,
    /// The state the router was built with.
    pub state: AppState,
    pub(crate) _dir: Option<tempfile::TempDir>,
    pub(crate) _pg: Option<PgTestDb>,
}

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as JSON (`Null` when empty or not JSON).
    pub json: Value,
    /// The body as text.
    pub text: String,
}

impl TestResponse {
    /// The `ETag` as a revision number.
    pub fn etag(&self) -> i64 {
        let tag = self
            .headers
            .get(header::ETAG)
            .expect("an ETag")
            .to_str()
            .unwrap();
        tag.trim_matches('"').parse().expect("a numeric ETag")
    }

    /// The content type.
    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .map_or("", |v| v.to_str().unwrap())
    }

    /// Asserts a problem+json with this status, and returns the fields named in `errors`.
    pub fn problem(&self, status: u16) -> Vec<String> {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "{}",
            self.text
        );
        assert_eq!(self.json["status"], status);
        self.json["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// A request being built.
pub struct Req<'a> {
    app: &'a TestApp,
    builder: axum::http::request::Builder,
    body: Vec<u8>,
}

impl Req<'_> {
    /// Adds `Authorization: Bearer <secret>`.
    pub fn token(mut self, secret: Option<&str>) -> Self {
        if let Some(secret) = secret {
            self.builder = self
                .builder
                .header(header::AUTHORIZATION, format!("Bearer {secret}"));
        }
        self
    }

    /// Adds `If-Match: "<rev>"`.
    pub fn if_match(self, rev: i64) -> Self {
        self.header("if-match", &format!("\"{rev}\""))
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.builder = self.builder.header(name, value);
        self
    }

    /// A JSON body with `application/json`.
    pub fn json(self, body: &Value) -> Self {
        self.raw("application/json", serde_json::to_vec(body).unwrap())
    }

    /// Any body with any content type.
    pub fn raw(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.builder = self.builder.header(header::CONTENT_TYPE, content_type);
        self.body = body.into();
        self
    }

    /// Sends it.
    pub async fn send(self) -> TestResponse {
        let request = self.builder.body(Body::from(self.body)).unwrap();
        read(self.app.router.clone().oneshot(request).await.unwrap()).await
    }
}

/// A response read whole.
pub async fn read(response: axum::response::Response) -> TestResponse {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    TestResponse {
        status,
        headers,
        json,
        text,
    }
}

impl TestApp {
    /// A fresh app with default settings.
    pub async fn new() -> Self {
        Self::with_config(HttpConfig::default()).await
    }

    /// A fresh app with these settings.
    pub async fn with_config(config: HttpConfig) -> Self {
        Self::sqlite(config, AuthConfig::default()).await
    }

    /// A fresh app over a temp-file SQLite database, with these settings.
    pub async fn sqlite(config: HttpConfig, auth: AuthConfig) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("concord.db").display());
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await.unwrap());
        let mut app = Self::over(store, Backend::Sqlite, config, auth);
        app._dir = Some(dir);
        app
    }

    /// An app over `store` on `backend`, with an in-RAM search index.
    pub fn over(
        store: Arc<dyn Store>,
        backend: Backend,
        config: HttpConfig,
        auth: AuthConfig,
    ) -> Self {
        let search = Arc::new(SearchIndex::open_in_ram().unwrap());
        let state = AppState {
            store: store.clone(),
            search: search.clone(),
            config,
            auth,
            mail: None,
            inboxes: Arc::default(),
        };
        Self {
            router: concord_web::app(state.clone()),
            store,
            search,
            backend,
            state,
            _dir: None,
            _pg: None,
        }
    }

    /// The app e-mailing inquirers through the SMTP server `sink`, its links under
    /// `https://concord.example.org`.
    pub fn with_mail(mut self, sink: &SmtpSink) -> Self {
        let site = url::Url::parse("https://concord.example.org").unwrap();
        let mailer =
            concord_http::mail::Mailer::new(&sink.url, "Concord <concord@example.org>", site);
        self.state.mail = Some(mailer.unwrap());
        self.router = concord_web::app(self.state.clone());
        self
    }

    /// Creates a token with these roles and returns its secret.
    pub async fn token(&self, name: &str, roles: Vec<Role>) -> String {
        let secret = format!("secret-of-{name}");
        self.store
            .create_token(
                NewToken {
                    name: name.to_owned(),
                    hash: hash_secret(&secret),
                    roles,
                    account: None,
                    scope: concord_domain::Scope::Admin,
                    created_at: Utc::now(),
                    expires_at: None,
                },
                concord_store::AuditEvent::new(
                    concord_store::AuditKind::TokenCreated,
                    Some("test"),
                ),
            )
            .await
            .unwrap();
        secret
    }

    /// An account (without a password) holding `roles`, and the secret of a token bound to
    /// it, as `concord user add` and `concord token create --user` make them.
    pub async fn account_with_token(
        &self,
        username: &str,
        roles: Vec<Role>,
    ) -> (AccountId, String) {
        let new = concord_store::NewAccount {
            id: concord_store::new_id().into(),
            username: username.to_owned(),
            display_name: username.to_owned(),
            email: None,
            password_hash: None,
            roles: roles.into_iter().collect(),
            wikimedia_id: None,
            created_at: Utc::now(),
        };
        let event =
            concord_store::AuditEvent::new(concord_store::AuditKind::AccountCreated, Some("test"));
        let account = self.store.create_account(new, event).await.unwrap().id;
        let secret = format!("secret-of-account-{username}");
        let token = NewToken {
            name: concord_store::token::account_token_name(username, "api"),
            hash: hash_secret(&secret),
            roles: Vec::new(),
            account: Some(account),
            scope: concord_domain::Scope::Admin,
            created_at: Utc::now(),
            expires_at: None,
        };
        let event =
            concord_store::AuditEvent::new(concord_store::AuditKind::TokenCreated, Some("test"))
                .account(account);
        self.store.create_token(token, event).await.unwrap();
        (account, secret)
    }

    /// An admin's token.
    pub async fn admin(&self) -> String {
        self.token("admin", vec![Role::Admin]).await
    }

    /// A member's token.
    pub async fn member(&self) -> String {
        self.token("member", vec![Role::Member]).await
    }

    /// Starts a request.
    pub fn request(&self, method: Method, path: &str) -> Req<'_> {
        Req {
            app: self,
            builder: Request::builder().method(method).uri(path),
            body: Vec::new(),
        }
    }

    /// `GET` with an optional token.
    pub async fn get_json(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.request(Method::GET, path).token(token).send().await
    }

    /// `POST` a JSON body.
    pub async fn post_json(&self, path: &str, body: &Value, token: Option<&str>) -> TestResponse {
        self.request(Method::POST, path)
            .token(token)
            .json(body)
            .send()
            .await
    }

    /// `PUT` a JSON body with `If-Match`.
    pub async fn put_json(
        &self,
        path: &str,
        body: &Value,
        token: Option<&str>,
        rev: i64,
    ) -> TestResponse {
        self.request(Method::PUT, path)
            .token(token)
            .if_match(rev)
            .json(body)
            .send()
            .await
    }

    /// `PATCH` a merge patch with `If-Match`.
    pub async fn patch_json(
        &self,
        path: &str,
        patch: &Value,
        token: Option<&str>,
        rev: i64,
    ) -> TestResponse {
        let body = serde_json::to_vec(patch).unwrap();
        self.request(Method::PATCH, path)
            .token(token)
            .if_match(rev)
            .raw("application/merge-patch+json", body)
            .send()
            .await
    }

    /// `DELETE` with `If-Match`.
    pub async fn delete(&self, path: &str, token: Option<&str>, rev: i64) -> TestResponse {
        self.request(Method::DELETE, path)
            .token(token)
            .if_match(rev)
            .send()
            .await
    }

    /// Creates a record through the API and returns `(path, revision, body)`.
    pub async fn create(
        &self,
        collection: &str,
        body: &Value,
        token: &str,
    ) -> (String, i64, Value) {
        let r = self
            .post_json(&format!("/api/v1/{collection}"), body, Some(token))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let location = r.headers[header::LOCATION].to_str().unwrap().to_owned();
        (location, r.etag(), r.json)
    }

    /// Writes a record as an import does, without the workflow's rules (a partnership may
    /// arrive `active`), and brings the search index up to date: `(path, revision, body)` as
    /// [`TestApp::create`] gives them. An `id` in the body is kept; without one it gets one.
    pub async fn import<R: Record>(&self, mut body: Value) -> (String, i64, Value) {
        if body.get("id").is_none() {
            body["id"] = json!(concord_store::new_id());
        }
        let record: R = serde_json::from_value(body).unwrap();
        let revision = self
            .store
            .create_record(&Viewer::system("import"), &record, "imported")
            .await
            .unwrap();
        concord_search::catch_up(&self.search, &*self.store, &|_, _| {})
            .await
            .unwrap();
        let path = format!("/api/v1/{}/{}", R::KIND.collection(), record.id());
        (path, revision.0, serde_json::to_value(&record).unwrap())
    }

    /// Sends an inquiry through the front door (`POST /api/v1/inquiries`) with `token` (or
    /// none): the inquiry's API path and what the front door answered.
    pub async fn inquire(&self, body: &Value, token: Option<&str>) -> (String, Value) {
        let r = self.post_json("/api/v1/inquiries", body, token).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let id = r.json["id"].as_str().unwrap().to_owned();
        (format!("/api/v1/inquiries/{id}"), r.json)
    }

    /// The store's head: unchanged when a refused request wrote nothing.
    pub async fn head(&self) -> RevisionId {
        self.store.head().await.unwrap()
    }
}

/// A valid organisation body.
pub fn organisation(name: &str) -> Value {
    json!({"name": name, "kind": "museum", "country": "NL"})
}

/// A valid inquiry from the organisation `name` in `country`, about content and GLAM.
pub fn inquiry(name: &str, country: &str) -> Value {
    json!({"organisation": name, "country": country, "area": "content_glam",
        "wants": "Share our photo archive on Wikimedia Commons",
        "contact": {"name": "Anna Berg", "email": "anna@example.org"}})
}

/// A valid partnership body.
pub fn partnership(title: &str) -> Value {
    json!({"title": {"en": title}, "kind": "partnership", "areas": ["content_glam"], "level": "national"})
}
