//! `GET /admin/accounts`: every account with its roles and state, and the forms that change
//! them; also the page the account forms re-render with their error or a new invitation link.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::{Account, Action};
use concord_i18n::{Arg, Localizer};

use super::admin;
use crate::secret::role_name;
use crate::{HtmlError, Layout, PageContext, render_with_status, see_other};
use concord_http::state::AppState;

/// Where the account forms go back to.
pub(super) const PATH: &str = "/admin/accounts";

/// The accounts page.
#[derive(Template)]
#[template(path = "admin/accounts.html")]
struct AccountsPage {
    layout: Layout,
    csrf: String,
    accounts: Vec<AccountRow>,
    notes: Notes,
    /// What the page says of a new invitation (until when it works), if one was just made.
    invited: Option<String>,
}

/// One account, as listed.
struct AccountRow {
    id: String,
    username: String,
    display_name: String,
    email: String,
    roles: Vec<RoleRow>,
    /// The grant form's role menu, named for screen readers.
    grant_label: String,
    disabled: bool,
    wikimedia: bool,
    is_self: bool,
}

/// One of an account's roles: as the revoke form sends it, as the reader reads it, and the
/// revoke button's name for screen readers.
struct RoleRow {
    wire: String,
    name: String,
    revoke_label: String,
}

/// What the page says after a form: its error, or a new invitation's link (shown once).
#[derive(Default)]
pub(super) struct Notes {
    /// What was wrong with the form.
    pub error: Option<String>,
    /// A new invitation: its link and when it expires.
    pub invitation: Option<(String, String)>,
}

/// `GET /admin/accounts`.
pub(super) async fn show(
    ctx: PageContext,
    State(state): State<AppState>,
) -> Result<Response, HtmlError> {
    admin(&ctx, Action::ManageAccounts, PATH)?;
    page(&state, &ctx, Notes::default(), StatusCode::OK).await
}

/// Renders the page with `notes` and `status`.
pub(super) async fn page(
    state: &AppState,
    ctx: &PageContext,
    notes: Notes,
    status: StatusCode,
) -> Result<Response, HtmlError> {
    let accounts = state
        .store
        .list_accounts()
        .await
        .map_err(|e| ctx.error_page(e))?;
    let me = ctx.account.as_ref().map(|a| a.id);
    let invited = notes.invitation.as_ref().map(|(_, expires)| {
        ctx.t().msg_with(
            "concord-admin-invitation-created",
            &[Arg::Text(expires.clone())],
        )
    });
    let page = AccountsPage {
        invited,
        layout: ctx.layout(),
        csrf: ctx.csrf.value().to_owned(),
        accounts: accounts
            .iter()
            .map(|a| row(ctx.t(), a, me == Some(a.id)))
            .collect(),
        notes,
    };
    Ok(render_with_status(status, ctx.csrf.clone(), &page)?)
}

/// The page again with an error (422).
pub(super) async fn refused(
    state: &AppState,
    ctx: &PageContext,
    error: String,
) -> Result<Response, HtmlError> {
    let notes = Notes {
        error: Some(error),
        ..Notes::default()
    };
    page(state, ctx, notes, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// Back to the page after a change (303).
pub(super) fn done() -> Result<Response, HtmlError> {
    see_other(PATH, None)
}

fn row(t: &Localizer, account: &Account, is_self: bool) -> AccountRow {
    let user = || Arg::User(account.username.clone());
    AccountRow {
        id: account.id.to_string(),
        username: account.username.clone(),
        display_name: account.display_name.clone(),
        email: account.email.clone().unwrap_or_default(),
        roles: account
            .roles
            .iter()
            .map(|role| {
                let name = role_name(t, role);
                RoleRow {
                    wire: role.to_string(),
                    revoke_label: t.msg_with(
                        "concord-admin-revoke-label",
                        &[Arg::Text(name.clone()), user()],
                    ),
                    name,
                }
            })
            .collect(),
        grant_label: t.msg_with("concord-admin-grant-label", &[user()]),
        disabled: account.disabled,
        wikimedia: account.wikimedia_id.is_some(),
        is_self,
    }
}
