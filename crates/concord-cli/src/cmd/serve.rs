//! `concord serve`: open the store and the index, follow the revision log, serve HTTP.
//!
//! The server learns each client's address from the connection (`client_address`, for the
//! log-in throttle and the audit log), marks cookies Secure when the public URL is https,
//! offers the Wikimedia login when its three settings are given, and e-mails inquirers when an
//! SMTP server is.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use concord_http::auth::AuthConfig;
use concord_http::auth::wikimedia::{WikimediaConfig, WikimediaLogin};
use concord_http::mail::Mailer;
use concord_search::SearchIndex;
use concord_store::Store;
use url::Url;

use super::{index_dir, open_index, open_store};
use crate::cli::{Database, Site};

/// What the server is told about its site: how people log in, and how inquirers are mailed.
pub struct Settings {
    /// Sessions and the Wikimedia login.
    pub auth: AuthConfig,
    /// E-mail to inquirers, when an SMTP server is given.
    pub mail: Option<Arc<Mailer>>,
}

/// The settings from the command line, each checked now rather than at first use.
pub fn settings(site: &Site) -> anyhow::Result<Settings> {
    Ok(Settings {
        auth: auth_config(site)?,
        mail: mailer(site)?,
    })
}

/// Serves until interrupted.
pub async fn serve(db: &Database, addr: SocketAddr, settings: Settings) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let index = open_index(&index_dir(db), &*store).await?;
    run_server(store, index, addr, settings).await
}

/// The mailer of `--smtp-url` and `--mail-from`; an error when the public URL its links need
/// is missing.
fn mailer(site: &Site) -> anyhow::Result<Option<Arc<Mailer>>> {
    let (Some(smtp), Some(from)) = (&site.smtp_url, &site.mail_from) else {
        return Ok(None);
    };
    let Some(public) = &site.public_url else {
        bail!("e-mail to inquirers needs --public-url: their status links point there");
    };
    let mailer =
        Mailer::new(smtp, from, public.clone()).context("while checking the e-mail settings")?;
    Ok(Some(mailer))
}

/// The log-in settings from the command line: Secure cookies when the public URL is https, and
/// the Wikimedia login when its client id, secret and wiki URL are all given (an error when
/// only some are, or when the public URL its callback needs is missing).
pub fn auth_config(site: &Site) -> anyhow::Result<AuthConfig> {
    let secure_cookies = site
        .public_url
        .as_ref()
        .is_some_and(|u| u.scheme() == "https");
    Ok(AuthConfig {
        secure_cookies,
        wikimedia: wikimedia_login(site)?,
        ..AuthConfig::default()
    })
}

/// The Wikimedia login, built (and its settings checked) now rather than at the first log in.
fn wikimedia_login(site: &Site) -> anyhow::Result<Option<Arc<WikimediaLogin>>> {
    let (id, secret, wiki) = match (
        &site.wikimedia_client_id,
        &site.wikimedia_client_secret,
        &site.wikimedia_wiki_url,
    ) {
        (None, None, None) => return Ok(None),
        (Some(id), Some(secret), Some(wiki)) => (id, secret, wiki),
        _ => bail!(
            "the Wikimedia login needs all three of --wikimedia-client-id, \
             --wikimedia-client-secret (or CONCORD_WIKIMEDIA_CLIENT_SECRET) and \
             --wikimedia-wiki-url, or none of them"
        ),
    };
    let Some(public) = &site.public_url else {
        bail!(
            "the Wikimedia login needs --public-url (its callback is PUBLIC-URL/login/wikimedia/callback)"
        );
    };
    let callback = format!(
        "{}/login/wikimedia/callback",
        public.as_str().trim_end_matches('/')
    );
    let config = WikimediaConfig {
        client_id: id.clone(),
        client_secret: secret.clone(),
        wiki_url: wiki.clone(),
        redirect_url: Url::parse(&callback)
            .with_context(|| format!("while making the callback URL {callback}"))?,
    };
    let login =
        WikimediaLogin::new(config).context("while checking the Wikimedia login settings")?;
    Ok(Some(Arc::new(login)))
}

/// Serves `store` and `index` on `addr` until Ctrl-C, following other servers' writes.
pub async fn run_server(
    store: Arc<dyn Store>,
    index: Arc<SearchIndex>,
    addr: SocketAddr,
    settings: Settings,
) -> anyhow::Result<()> {
    let follower =
        concord_search::spawn_follower(index.clone(), store.clone(), Duration::from_secs(1));
    let mut state = concord_http::AppState::new(store, index);
    state.auth = settings.auth;
    state.mail = settings.mail;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("while binding {addr}"))?;
    let local = listener
        .local_addr()
        .context("while reading the bound address")?;
    println!(
        "Concord is serving on http://{local}/ (API: http://{local}/api/v1/openapi.json). Stop with Ctrl-C."
    );
    let app = concord_web::app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            if let Err(e) = tokio::signal::ctrl_c().await {
                tracing::error!(error = %e, "cannot listen for Ctrl-C; stop the process to shut down");
                std::future::pending::<()>().await;
            }
        })
        .await
        .context("while serving HTTP")?;
    follower.abort();
    Ok(())
}
