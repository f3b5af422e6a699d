//! The account page: one's own details, a password change form, and one's API tokens
//! (created with a scope no wider than one's roles allow, shown once, revoked).
//! Visitors are sent to the log-in page.

mod password;
mod tokens;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use concord_domain::account::MIN_PASSWORD_CHARS;
use concord_domain::{Account, Scope};
use concord_i18n::{Arg, Localizer};
use concord_store::TokenInfo;

use super::secret::{date, role_name, scope_name};
use super::{HtmlError, Layout, PageContext, render_with_status, see_other};
use concord_http::error::AppError;
use concord_http::state::AppState;

/// This module's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(show))
        .route("/account/password", post(password::change))
        .route("/account/tokens", post(tokens::create))
        .route("/account/tokens/revoke", post(tokens::revoke))
}

/// The account page.
#[derive(Template)]
#[template(path = "account/page.html")]
struct AccountPage {
    layout: Layout,
    csrf: String,
    account: Account,
    roles: Vec<String>,
    has_password: bool,
    wikimedia: bool,
    tokens: Vec<TokenRow>,
    /// Each scope the account may give a token: its wire name and its name for the reader.
    scopes: Vec<(&'static str, String)>,
    notes: Notes,
    /// The password field's help, with the minimum length.
    password_help: String,
    /// What the page says of a new token (with its label), if one was just created.
    created: Option<String>,
}

/// One of the account's tokens, as listed.
struct TokenRow {
    name: String,
    label: String,
    scope: String,
    created: String,
    expires: String,
    revoked: bool,
}

/// What the page says after a form: a new token's secret (shown once), or a form's error.
#[derive(Default)]
pub(crate) struct Notes {
    new_token: Option<(String, String)>,
    password_error: Option<String>,
    token_error: Option<String>,
    days: Option<String>,
    label: Option<String>,
}

/// `GET /account`.
async fn show(ctx: PageContext, State(state): State<AppState>) -> Result<Response, HtmlError> {
    let account = logged_in(&ctx)?;
    page(&state, &ctx, account, Notes::default(), StatusCode::OK).await
}

/// The logged-in account, or a 303 to the log-in page (as an error, to return early).
fn logged_in(ctx: &PageContext) -> Result<&Account, HtmlError> {
    ctx.account
        .as_ref()
        .ok_or_else(|| HtmlError::redirect("/login?next=/account"))
}

/// Renders the page for `account` with `notes`, with `status`.
async fn page(
    state: &AppState,
    ctx: &PageContext,
    account: &Account,
    notes: Notes,
    status: StatusCode,
) -> Result<Response, HtmlError> {
    let has_password = state
        .store
        .password_hash(account.id)
        .await
        .map_err(AppError::from)?;
    let widest = Scope::widest_for(&account.roles);
    let t = ctx.t();
    let created = notes
        .new_token
        .as_ref()
        .map(|(label, _)| t.msg_with("concord-account-token-created", &[Arg::Text(label.clone())]));
    let page = AccountPage {
        layout: ctx.layout(),
        csrf: ctx.csrf.value().to_owned(),
        roles: account.roles.iter().map(|r| role_name(t, r)).collect(),
        has_password: has_password.is_some(),
        wikimedia: state.auth.wikimedia.is_some(),
        tokens: own_tokens(state, account)
            .await?
            .iter()
            .map(|token| row(t, account, token))
            .collect(),
        scopes: Scope::ALL
            .into_iter()
            .filter(|s| *s <= widest)
            .map(|s| (s.as_str(), scope_name(t, s)))
            .collect(),
        account: account.clone(),
        notes,
        password_help: t.msg_with(
            "concord-account-password-new-help",
            &[Arg::from(MIN_PASSWORD_CHARS)],
        ),
        created,
    };
    Ok(render_with_status(status, ctx.csrf.clone(), &page)?)
}

/// The tokens that belong to `account`, revoked ones included.
async fn own_tokens(state: &AppState, account: &Account) -> Result<Vec<TokenInfo>, AppError> {
    let all = state.store.list_tokens().await?;
    Ok(all
        .into_iter()
        .filter(|t| t.account == Some(account.id))
        .collect())
}

fn row(t: &Localizer, account: &Account, token: &TokenInfo) -> TokenRow {
    let prefix = format!("{}:", account.username);
    TokenRow {
        label: token
            .name
            .strip_prefix(&prefix)
            .unwrap_or(&token.name)
            .to_owned(),
        name: token.name.clone(),
        scope: scope_name(t, token.scope),
        created: date(t, token.created_at),
        expires: token
            .expires_at
            .map_or_else(|| t.msg("concord-account-token-never"), |at| date(t, at)),
        revoked: token.revoked_at.is_some(),
    }
}

/// `/account` after a successful form.
fn back_to_account() -> Result<Response, HtmlError> {
    see_other("/account", None)
}
