//! What every page needs from its request: who is looking (from the session cookie only; pages
//! ignore `Authorization`), the reader's language, the CSRF token for its forms, and the
//! header's [`Layout`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use concord_domain::{Account, Viewer};
use concord_i18n::{Lang, Localizer};

use super::HtmlError;
use crate::{assets, language};
use concord_http::api::v1::inbox::{Inbox, inbox};
use concord_http::auth::session;
use concord_http::error::AppError;
use concord_http::extract::client_address;
use concord_http::security::{CsrfForm, CsrfToken};
use concord_http::state::AppState;

/// The request's viewer, account, CSRF token and client address, for a page handler.
#[derive(Clone, Debug)]
pub struct PageContext {
    /// Who is looking: the session's account, or a visitor.
    pub viewer: Viewer,
    /// The logged-in account, if any.
    pub account: Option<Account>,
    /// The token for this page's forms; return it among the response's parts.
    pub csrf: CsrfToken,
    /// The client's address, if known.
    pub address: Option<String>,
    /// The reader's language.
    pub lang: Lang,
    /// This page's path and query, for the language menu to come back to.
    pub path: String,
    /// What waits for the logged-in account (none for a visitor): read once per request, for
    /// the header's count and the inbox page.
    pub inbox: Option<Inbox>,
}

/// The parts of `base.html` that depend on the viewer and the reader's language.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The reader's messages, numbers and dates.
    pub t: &'static Localizer,
    /// The page's path and query, where the language menu comes back to.
    pub back: String,
    /// The logged-in account's display name.
    pub account: Option<String>,
    /// Whether to link the admin pages.
    pub admin: bool,
    /// Whether to link the import page (stewards and admins).
    pub import: bool,
    /// The CSRF token for the log-out form.
    pub csrf: String,
    /// How many partnerships wait for the logged-in account.
    pub inbox: Option<usize>,
}

impl Layout {
    /// The reader's language.
    pub fn lang(&self) -> Lang {
        self.t.lang()
    }

    /// Codex's stylesheet for the language's direction.
    pub fn codex_css(&self) -> &'static str {
        if self.lang().is_rtl() {
            assets::CODEX_RTL
        } else {
            assets::CODEX
        }
    }

    /// The header's link to the inbox, with its count ("Inbox (2)").
    pub fn inbox_link(&self) -> Option<String> {
        let n = i64::try_from(self.inbox?).unwrap_or(i64::MAX);
        Some(
            self.t
                .msg_with("concord-nav-inbox", &[concord_i18n::Arg::Count(n)]),
        )
    }

    /// Concord's own stylesheet.
    pub fn concord_css(&self) -> &'static str {
        assets::CONCORD.as_str()
    }

    /// The language menu: every language, and whether it is the reader's.
    pub fn languages(&self) -> Vec<(Lang, bool)> {
        Lang::ALL.map(|l| (l, l == self.lang())).to_vec()
    }
}

impl PageContext {
    /// `e` as an error page with this viewer's header.
    pub fn error_page(&self, e: impl Into<AppError>) -> HtmlError {
        self.error_page_with(HtmlError::from(e.into()))
    }

    /// A page's own refusal with this viewer's header.
    pub fn error_page_with(&self, page: HtmlError) -> HtmlError {
        page.with_layout(self.layout())
    }

    /// The reader's messages, numbers and dates.
    pub fn t(&self) -> &'static Localizer {
        language::localizer(self.lang)
    }

    /// A posted form's fields once its CSRF check passed, else the error page.
    pub fn form<F>(&self, form: Result<CsrfForm<F>, AppError>) -> Result<F, HtmlError> {
        form.map(|CsrfForm(fields)| fields)
            .map_err(|e| self.error_page(e))
    }

    /// The header's data for this viewer.
    pub fn layout(&self) -> Layout {
        Layout {
            t: self.t(),
            back: self.path.clone(),
            account: self.account.as_ref().map(|a| a.display_name.clone()),
            admin: self.viewer.is_admin(),
            import: crate::import::may_import(&self.viewer),
            csrf: self.csrf.value().to_owned(),
            inbox: self.inbox.as_ref().map(|i| i.count),
        }
    }
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let current = session::current(&*state.store, &state.auth, &parts.headers).await?;
        let (viewer, account) = match current {
            Some((_, account)) => (account.viewer(), Some(account)),
            None => (Viewer::anonymous(), None),
        };
        let (lang, path) = language::negotiate(parts);
        let inbox = match &account {
            Some(_) => Some(inbox(state, &viewer).await?),
            None => None,
        };
        Ok(Self {
            inbox,
            viewer,
            account,
            csrf: CsrfToken::for_form(&parts.headers, state.auth.secure_cookies)?,
            address: client_address(parts),
            lang,
            path,
        })
    }
}
