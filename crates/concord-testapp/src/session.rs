//! Test helpers for logged-in browsers: accounts, sessions and forms (issue #3).
//!
//! Pages are driven like a browser would: `post_form` first GETs `/login` for the CSRF cookie,
//! then sends the form with that cookie, its token in the `csrf` field, and an `Origin` that
//! matches the `Host`.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, header};
use chrono::Utc;
use concord_domain::{Account, Role};
use concord_http::HttpConfig;
use concord_http::auth::AuthConfig;
use concord_http::auth::password::hash_password;
use concord_store::{AuditEvent, AuditKind, NewAccount};
use tower::ServiceExt;

use super::{TestApp, TestResponse, read};

/// The host every page request names, and the origin its forms come from.
pub const HOST: &str = "concord.test";
/// The `Origin` of forms sent from the site's own pages.
pub const ORIGIN: &str = "http://concord.test";

impl TestApp {
    /// A fresh app on `backend` with these account and session settings; `None` when the
    /// backend is not configured (see [`TestApp::on`]).
    pub async fn with_auth(backend: super::Backend, auth: AuthConfig) -> Option<Self> {
        Self::on_with(backend, HttpConfig::default(), auth).await
    }

    /// Creates an account with a local password and these roles.
    pub async fn create_account(&self, username: &str, password: &str, roles: &[Role]) -> Account {
        let new = NewAccount {
            id: concord_store::new_id().into(),
            username: username.to_owned(),
            display_name: format!("{username} (display)"),
            email: None,
            password_hash: Some(hash_password(password).await.unwrap()),
            roles: roles.iter().cloned().collect(),
            wikimedia_id: None,
            created_at: Utc::now(),
        };
        let event = AuditEvent::new(AuditKind::AccountCreated, Some("test"));
        self.store.create_account(new, event).await.unwrap()
    }

    /// Logs in through the form and returns the `Cookie` header value of the new session.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let r = self
            .post_form(
                "/login",
                &[("username", username), ("password", password)],
                None,
            )
            .await;
        assert_eq!(r.status, 303, "log in failed: {}", r.text);
        let secret = r.cookie("concord_session").expect("a session cookie");
        format!("concord_session={secret}")
    }

    /// `GET` a page, with a `Cookie` header if given.
    pub async fn get_page(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        self.page_request(Method::GET, path, cookie, None, None)
            .await
    }

    /// `POST` a form the way a browser does from the site's own page: the CSRF cookie and field
    /// (from a `GET /login`), the `Origin`, and `cookie` if given.
    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> TestResponse {
        self.post_form_from(None, path, fields, cookie).await
    }

    /// [`Self::post_form`] from the client address `address`.
    pub async fn post_form_from(
        &self,
        address: Option<&str>,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> TestResponse {
        let csrf = self.csrf_token(cookie).await;
        let mut body = form_urlencoded::Serializer::new(String::new());
        body.append_pair("csrf", &csrf);
        body.extend_pairs(fields);
        let cookies = match cookie {
            Some(cookie) => format!("{cookie}; concord_csrf={csrf}"),
            None => format!("concord_csrf={csrf}"),
        };
        let body = Some(body.finish());
        self.page_request(Method::POST, path, Some(&cookies), body, address)
            .await
    }

    /// A CSRF token the app issued to a browser holding `cookie`.
    pub async fn csrf_token(&self, cookie: Option<&str>) -> String {
        let page = self.get_page("/login", cookie).await;
        page.cookie("concord_csrf").expect("a csrf cookie")
    }

    /// Sends a page request: `Host`, and for a body `Origin` and the form content type.
    pub async fn page_request(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        form: Option<String>,
        address: Option<&str>,
    ) -> TestResponse {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST);
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        if form.is_some() {
            builder = builder
                .header(header::ORIGIN, ORIGIN)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        if let Some(address) = address {
            let addr: SocketAddr = format!("{address}:50000").parse().unwrap();
            builder = builder.extension(ConnectInfo(addr));
        }
        let request = builder.body(Body::from(form.unwrap_or_default())).unwrap();
        read(self.router.clone().oneshot(request).await.unwrap()).await
    }
}

impl TestResponse {
    /// Every `Set-Cookie` header, whole.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    /// The `Set-Cookie` header that sets `name`, whole.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}=");
        self.set_cookies()
            .into_iter()
            .find(|c| c.starts_with(&prefix))
    }

    /// The value this response sets the cookie `name` to.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.set_cookie(name)?;
        let value = header.split(';').next()?.split_once('=')?.1;
        Some(value.to_owned())
    }

    /// The `Location` header.
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .map_or("", |v| v.to_str().unwrap())
    }
}
