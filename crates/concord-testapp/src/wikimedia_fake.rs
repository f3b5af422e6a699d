//! An OAuth 2.0 provider speaking MediaWiki's three endpoints, for tests: `authorize` sends the
//! browser back with a code and remembers the S256 challenge; `access_token` checks the client,
//! the single-use code, the redirect URI and the PKCE verifier; `resource/profile` checks the
//! bearer token. It counts the requests each endpoint gets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use url::Url;

/// The client id the fake wiki knows.
pub const CLIENT_ID: &str = "concord-test-client";
/// The secret registered with it.
pub const CLIENT_SECRET: &str = "s3cret-7f1c2a9e-d4b0";

/// The user who is logged in on the fake wiki and allows every login.
#[derive(Clone)]
pub struct FakeUser {
    sub: u64,
    username: String,
    blocked: bool,
}

impl FakeUser {
    pub fn new(sub: u64, username: &str) -> Self {
        Self {
            sub,
            username: username.to_owned(),
            blocked: false,
        }
    }

    pub fn blocked(mut self) -> Self {
        self.blocked = true;
        self
    }
}

/// A code given out and not yet used.
struct Grant {
    challenge: String,
    redirect_uri: String,
}

struct Wiki {
    user: FakeUser,
    codes: HashMap<String, Grant>,
    issued: Vec<String>,
    token_requests: usize,
    profile_requests: usize,
    garbage_profile: bool,
}

type Shared = Arc<Mutex<Wiki>>;

/// A running fake wiki on a loopback port; stops when dropped.
pub struct FakeWiki {
    /// Its base URL, as configured for a client (`http://127.0.0.1:PORT`).
    pub url: String,
    wiki: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeWiki {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeWiki {
    pub async fn start(user: FakeUser) -> Self {
        let wiki = Arc::new(Mutex::new(Wiki {
            user,
            codes: HashMap::new(),
            issued: Vec::new(),
            token_requests: 0,
            profile_requests: 0,
            garbage_profile: false,
        }));
        let app = Router::new()
            .route("/w/rest.php/oauth2/authorize", get(authorize))
            .route("/w/rest.php/oauth2/access_token", post(access_token))
            .route("/w/rest.php/oauth2/resource/profile", get(profile))
            .with_state(wiki.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, wiki, server }
    }

    /// Plays the browser: follows the authorize URL and reads the redirect back to
    /// `redirect`, returning its `state` and `code`.
    pub async fn authorize(&self, authorize_url: &Url, redirect: &str) -> (String, String) {
        let browser = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let response = browser.get(authorize_url.clone()).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FOUND);
        let location = response.headers()[header::LOCATION].to_str().unwrap();
        assert!(location.starts_with(redirect), "{location}");
        let back = Url::parse(location).unwrap();
        let param = |name: &str| {
            back.query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
                .unwrap()
        };
        (param("state"), param("code"))
    }

    pub fn token_requests(&self) -> usize {
        self.wiki.lock().unwrap().token_requests
    }

    pub fn profile_requests(&self) -> usize {
        self.wiki.lock().unwrap().profile_requests
    }

    /// Every access token given out so far.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.wiki.lock().unwrap().issued.clone()
    }

    /// From now on the profile endpoint answers 200 with an HTML page.
    pub fn answer_profile_with_garbage(&self) {
        self.wiki.lock().unwrap().garbage_profile = true;
    }
}

/// The S256 PKCE challenge of `verifier` (RFC 7636, 4.2).
pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn json_response(status: StatusCode, body: Value) -> Response {
    let headers = [(header::CONTENT_TYPE, "application/json")];
    (status, headers, body.to_string()).into_response()
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = json!({ "error": error, "error_description": description });
    json_response(status, body)
}

async fn authorize(
    State(wiki): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let param = |name: &str| query.get(name).filter(|value| !value.is_empty());
    let (Some(redirect_uri), Some(state), Some(challenge)) = (
        param("redirect_uri"),
        param("state"),
        param("code_challenge"),
    ) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "missing parameter",
        );
    };
    if param("response_type").map(String::as_str) != Some("code")
        || param("client_id").map(String::as_str) != Some(CLIENT_ID)
        || param("code_challenge_method").map(String::as_str) != Some("S256")
    {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "bad parameter");
    }
    let code = format!("code-{}", uuid::Uuid::new_v4().simple());
    wiki.lock().unwrap().codes.insert(
        code.clone(),
        Grant {
            challenge: challenge.clone(),
            redirect_uri: redirect_uri.clone(),
        },
    );
    let mut back = Url::parse(redirect_uri).unwrap();
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", state);
    (StatusCode::FOUND, [(header::LOCATION, back.to_string())]).into_response()
}

async fn access_token(
    State(wiki): State<Shared>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mut wiki = wiki.lock().unwrap();
    wiki.token_requests += 1;
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    if field("grant_type") != "authorization_code" {
        return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "");
    }
    if field("client_id") != CLIENT_ID || field("client_secret") != CLIENT_SECRET {
        // Echoes what it was sent, as a careless server might: the client must redact it.
        let said = format!(
            "Client authentication failed for {}",
            field("client_secret")
        );
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", &said);
    }
    // Single use: a code is gone once tried, whatever the outcome.
    let Some(grant) = wiki.codes.remove(field("code")) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "unknown or used code",
        );
    };
    if grant.redirect_uri != field("redirect_uri") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "redirect mismatch",
        );
    }
    if s256(field("code_verifier")) != grant.challenge {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "code verifier failed",
        );
    }
    let token = format!("access-{}", uuid::Uuid::new_v4().simple());
    wiki.issued.push(token.clone());
    let body = json!({
        "token_type": "Bearer",
        "expires_in": 14_400,
        "access_token": token,
        "refresh_token": format!("refresh-{}", uuid::Uuid::new_v4().simple()),
    });
    json_response(StatusCode::OK, body)
}

async fn profile(State(wiki): State<Shared>, headers: HeaderMap) -> Response {
    let mut wiki = wiki.lock().unwrap();
    wiki.profile_requests += 1;
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if !bearer.is_some_and(|token| wiki.issued.iter().any(|issued| issued == token)) {
        let body = json!({ "error": "invalid_token", "message": "The access token is invalid" });
        return json_response(StatusCode::UNAUTHORIZED, body);
    }
    if wiki.garbage_profile {
        let headers = [(header::CONTENT_TYPE, "text/html")];
        return (StatusCode::OK, headers, "<html>oops</html>").into_response();
    }
    let user = &wiki.user;
    let body = json!({
        "sub": user.sub,
        "username": user.username,
        "editcount": 12,
        "confirmed_email": false,
        "blocked": user.blocked,
        "registered": "20240102030405",
        "groups": ["*", "user", "autoconfirmed"],
        "rights": ["read", "edit"],
        "grants": ["mwoauth-authonly"],
    });
    json_response(StatusCode::OK, body)
}
