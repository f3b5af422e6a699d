//! "Log in with your Wikimedia account": MediaWiki's OAuth 2.0 authorisation code flow, with
//! PKCE and `state`, for a client registered with the identity-only grant (issue #3).
//!
//! [`WikimediaLogin::begin`] gives the URL to send the browser to and a [`PendingLogin`] to keep
//! until the browser comes back (the pages keep it in a short-lived cookie; see there);
//! [`WikimediaLogin::finish`] checks the returned `state`, exchanges the code, reads the
//! profile and refuses blocked users. This module must
//! not create or link accounts, nor hold sessions: the route handlers do that, linking a local
//! account by [`WikimediaProfile::id`] (the provider's user id, never the username or email).
//!
//! The code exchange uses the `oauth2` crate: it builds the authorize URL, makes the PKCE pair
//! and state from the thread's CSPRNG, and reads the token endpoint's RFC 6749 errors, so none
//! of that is hand-rolled here. The profile endpoint is MediaWiki's own, not OAuth 2.0, so it is
//! read with `reqwest` directly, through the same client. That client (built in
//! [`WikimediaLogin::new`]) times every request out after [`REQUEST_TIMEOUT`] and follows no
//! redirects, so a request goes only where the settings say and never hangs a login.

mod config;
mod error;
mod profile;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

use oauth2::basic::BasicClient;
use oauth2::{
    AsyncHttpClient, AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    EndpointNotSet, EndpointSet, HttpClientError, HttpRequest, HttpResponse, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use url::Url;

pub use config::WikimediaConfig;
pub use error::WikimediaError;
pub use profile::WikimediaProfile;

/// How long any one request to the wiki may take, connection included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Bytes of randomness in a login's `state` (the PKCE verifier has 32 of its own).
const STATE_BYTES: u32 = 32;

/// What to keep between [`WikimediaLogin::begin`] and [`WikimediaLogin::finish`], tied to the
/// browser that began. `Debug` redacts both values.
///
/// The pages keep it in that browser, in a cookie that is `HttpOnly` (no script reads it),
/// scoped to `/login/wikimedia` (sent to nothing else), lasting 10 minutes and cleared at the
/// callback. That is acceptable: the verifier proves only that whoever redeems a code is the
/// one who began the login, and it is useless without the authorisation code, which only the
/// wiki's redirect to our callback carries; the `state` beside it binds the callback to the
/// browser that began, so another browser's callback is refused.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogin {
    /// The `state` sent with the browser; the callback must bring back the same.
    pub state: String,
    /// The PKCE code verifier whose S256 challenge went with the browser.
    pub pkce_verifier: String,
}

impl fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PendingLogin { state: [redacted], pkce_verifier: [redacted] }")
    }
}

/// The query string the wiki sends the browser back with: `code` and `state` when the person
/// allowed the login, `error` (such as `access_denied`) when not. `Debug` redacts the code.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
pub struct CallbackQuery {
    /// The authorisation code, single use.
    pub code: Option<String>,
    /// The `state` the login began with, as the browser brought it back.
    pub state: Option<String>,
    /// Why the wiki gave no code.
    pub error: Option<String>,
}

impl fmt::Debug for CallbackQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackQuery")
            .field("code", &self.code.as_ref().map(|_| "[redacted]"))
            .field("state", &self.state.as_ref().map(|_| "[redacted]"))
            .field("error", &self.error)
            .finish()
    }
}

/// An `oauth2` client with the authorize and token endpoints set.
type OAuthClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// Logging in with a Wikimedia account, set up once from [`WikimediaConfig`]. Share one (in an
/// `Arc`) between requests: it holds the HTTP client and its connection pool.
pub struct WikimediaLogin {
    config: WikimediaConfig,
    oauth: OAuthClient,
    profile_url: Url,
    http: reqwest::Client,
}

impl fmt::Debug for WikimediaLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WikimediaLogin")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl WikimediaLogin {
    /// Checks the settings and builds the HTTP client.
    ///
    /// Fails with [`WikimediaError::Config`] when a URL is neither `https` nor `http` on a
    /// loopback address (the secret and codes would cross the network in clear), or when the
    /// client id or secret is empty; with [`WikimediaError::Transport`] when no TLS client can
    /// be built.
    pub fn new(config: WikimediaConfig) -> Result<Self, WikimediaError> {
        config.check()?;
        let oauth = BasicClient::new(ClientId::new(config.client_id.clone()))
            .set_client_secret(ClientSecret::new(config.client_secret.clone()))
            .set_auth_uri(AuthUrl::from_url(config.endpoint("authorize")?))
            .set_token_uri(TokenUrl::from_url(config.endpoint("access_token")?))
            .set_redirect_uri(RedirectUrl::from_url(config.redirect_url.clone()))
            // MediaWiki reads client_id and client_secret from the form body.
            .set_auth_type(AuthType::RequestBody);
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(REQUEST_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Concord/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| WikimediaError::Transport(Box::new(e)))?;
        Ok(Self {
            profile_url: config.endpoint("resource/profile")?,
            config,
            oauth,
            http,
        })
    }

    /// Starts a login: the wiki's authorize URL to redirect the browser to (with a fresh random
    /// `state` and the S256 challenge of a fresh PKCE verifier), and what to keep until the
    /// browser comes back. Makes no request.
    pub fn begin(&self) -> (Url, PendingLogin) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = self
            .oauth
            .authorize_url(|| CsrfToken::new_random_len(STATE_BYTES))
            .set_pkce_challenge(challenge)
            .url();
        let pending = PendingLogin {
            state: state.into_secret(),
            pkce_verifier: verifier.into_secret(),
        };
        (url, pending)
    }

    /// [`finish`](Self::finish) from the callback's query: an `error` in it is
    /// [`WikimediaError::Denied`], a missing `state` a [`WikimediaError::StateMismatch`] and a
    /// missing code a [`WikimediaError::BadResponse`], all before any request.
    pub async fn finish_callback(
        &self,
        pending: PendingLogin,
        query: &CallbackQuery,
    ) -> Result<WikimediaProfile, WikimediaError> {
        if query.error.is_some() {
            return Err(WikimediaError::Denied);
        }
        let state = query
            .state
            .as_deref()
            .ok_or(WikimediaError::StateMismatch)?;
        let code = query
            .code
            .as_deref()
            .ok_or(WikimediaError::BadResponse("the callback has no code"))?;
        self.finish(pending, state, code).await
    }

    /// Ends a login: checks `returned_state` against the pending one (in constant time, before
    /// any request), exchanges `code` with the verifier and the client secret, and reads the
    /// profile with the token. Fails with [`WikimediaError::Blocked`] for a blocked user.
    pub async fn finish(
        &self,
        pending: PendingLogin,
        returned_state: &str,
        code: &str,
    ) -> Result<WikimediaProfile, WikimediaError> {
        let same = pending.state.as_bytes().ct_eq(returned_state.as_bytes());
        if !bool::from(same) {
            return Err(WikimediaError::StateMismatch);
        }
        let token = self.exchange(&pending.pkce_verifier, code).await?;
        self.profile(token.secret()).await
    }

    /// Trades the code for an access token at the token endpoint.
    async fn exchange(
        &self,
        verifier: &str,
        code: &str,
    ) -> Result<oauth2::AccessToken, WikimediaError> {
        let http = StatusRecorder {
            http: self.http.clone(),
            status: AtomicU16::new(0),
        };
        let answer = self
            .oauth
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
            .request_async(&http)
            .await;
        match answer {
            Ok(token) => Ok(token.access_token().clone()),
            Err(e) => {
                let secrets = [self.config.client_secret.as_str(), verifier, code];
                Err(error::from_token_error(
                    e,
                    http.status.load(Ordering::Relaxed),
                    &secrets,
                ))
            }
        }
    }

    /// Reads the profile of the token's user, refusing a blocked one.
    async fn profile(&self, token: &str) -> Result<WikimediaProfile, WikimediaError> {
        let response = self
            .http
            .get(self.profile_url.clone())
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| WikimediaError::Transport(Box::new(e)))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| WikimediaError::Transport(Box::new(e)))?;
        if !status.is_success() {
            let secrets = [self.config.client_secret.as_str(), token];
            let detail = error::redact(profile::error_detail(&body), &secrets);
            return Err(WikimediaError::Provider {
                status: status.as_u16(),
                detail,
            });
        }
        profile::parse(&body)
    }
}

/// The HTTP client, remembering the status of the last answer: `oauth2` reports a refusal
/// without it. A struct owning a handle on the pooled client, not a closure borrowing it, so
/// that the login's future is `Send` (tested in `tests/wikimedia_oauth.rs`).
struct StatusRecorder {
    http: reqwest::Client,
    status: AtomicU16,
}

impl<'c> AsyncHttpClient<'c> for StatusRecorder {
    type Error = HttpClientError<reqwest::Error>;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, Self::Error>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let response = self.http.call(request).await?;
            self.status
                .store(response.status().as_u16(), Ordering::Relaxed);
            Ok(response)
        })
    }
}
