//! `concord demo`: a fresh database with real data, then serve it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use concord_cli::backend::{default_index_dir, open_store, sqlite_path};
use std::collections::BTreeSet;

use concord_domain::inquiry::{InquiryContact, InquiryForm};
use concord_domain::{Role, Viewer};
use concord_http::api::v1::inquiries::receive;
use concord_http::auth::password::hash_password;
use concord_search::WrittenFeed;
use concord_store::Store;

use super::data::finish_index;
use super::serve::{Settings, run_server};
use super::user::create_account;
use super::{bar, open_index};

/// Builds the demo database at `url` (replacing an earlier demo there) and serves it.
pub async fn demo(
    url: &str,
    data_dir: Option<PathBuf>,
    addr: SocketAddr,
    settings: Settings,
    no_serve: bool,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let data_dir = match data_dir {
        Some(dir) => dir,
        None => find_data_dir()?,
    };
    let Some(path) = sqlite_path(url) else {
        bail!("the demo builds a fresh SQLite database: give --database sqlite:PATH");
    };
    remove_previous(Path::new(path))?;
    let store = open_store(url).await?;
    let index = open_index(&default_index_dir(url), &*store).await?;
    let mut feed = WrittenFeed::start(index.clone(), store.clone());
    let who = Viewer::system("demo");
    let progress = bar(0, "importing");
    let reports = concord_cli::import::dataset::import_all_datasets(
        &*store,
        &who,
        Some(&mut feed),
        &data_dir,
        &progress,
    )
    .await
    .with_context(|| format!("while importing the datasets in {}", data_dir.display()))?;
    progress.finish_and_clear();
    for (dataset, report) in &reports {
        eprintln!("{:<22} {report}", dataset.folder());
    }
    let seed = concord_cli::demo::load_seed_partnerships(&*store, &who)
        .await
        .context("while entering the seed pages' partnerships")?;
    eprintln!(
        "seed partnerships      {} created ({} partner organisations created, {} reused)",
        seed.partnerships_created, seed.organisations_created, seed.organisations_reused
    );
    finish_index(feed, &index, &*store).await?;
    let (password, admin) = demo_admin(&*store).await?;
    let rules = concord_cli::demo::load_demo_rules(&*store, &who, admin)
        .await
        .context("while writing the demo's workflow rules")?;
    eprintln!("workflow rules         {rules} created (a red line, an approval policy)");
    let inquiry = demo_inquiry(&store, &index).await?;
    eprintln!("front door             an inquiry from a museum, {inquiry}");
    eprintln!(
        "The demo database is ready in {:.1} s: {path} (search index: {}).",
        started.elapsed().as_secs_f64(),
        default_index_dir(url).display()
    );
    eprintln!("{}", welcome(path, addr, &password, no_serve));
    if no_serve {
        return Ok(());
    }
    run_server(store, index, addr, settings).await
}

/// The demo's admin account.
pub const DEMO_ADMIN: &str = "demo-admin";

/// Creates [`DEMO_ADMIN`] with a fresh random password and returns the password and the
/// account. Only the demo does this; `serve` never creates accounts.
async fn demo_admin(store: &dyn Store) -> anyhow::Result<(String, concord_domain::AccountId)> {
    use rand::Rng;
    // 20 letters and digits from a cryptographic generator: about 119 bits.
    let password: String = rand::thread_rng()
        .sample_iter(&rand::distributions::Alphanumeric)
        .take(20)
        .map(char::from)
        .collect();
    let hash = hash_password(&password)
        .await
        .context("while hashing the demo admin's password")?;
    let roles = BTreeSet::from([Role::Member, Role::Admin]);
    let display_name = "Demo admin".to_owned();
    let account = create_account(store, DEMO_ADMIN, display_name, None, roles, Some(hash)).await?;
    Ok((password, account.id))
}

/// What the demo tells a newcomer once it is built: where to log in, the demo admin's password
/// (shown this once), and how to make more accounts in this database.
fn welcome(path: &str, addr: SocketAddr, password: &str, no_serve: bool) -> String {
    let database = format!("--database sqlite:{path}");
    let serve = if no_serve {
        format!("Serve it with `concord serve {database}`, then log")
    } else {
        "Log".to_owned()
    };
    format!(
        "{serve} in at http://{addr}/login as {DEMO_ADMIN} with the password\n\n    \
         {password}\n\nIt is shown only this once; the account exists in this demo database only, \
         which the next `concord demo` replaces.\nMore accounts in this database (the \
         password is read from standard input):\n\n    concord user add NAME --display-name \
         \"Your Name\" --role member --password-stdin {database}\n"
    )
}

/// Sends one inquiry through the front door, as a visitor would, so the admin's inbox holds
/// it: where routing sent it.
async fn demo_inquiry(
    store: &std::sync::Arc<dyn Store>,
    index: &std::sync::Arc<concord_search::SearchIndex>,
) -> anyhow::Result<String> {
    let state = concord_http::AppState::new(store.clone(), index.clone());
    let form = InquiryForm {
        organisation: "Nordiska museet".into(),
        country: "SE".into(),
        website: Some("https://www.nordiskamuseet.se".into()),
        wants: "We would like to share 5,000 photographs of everyday life in Sweden on \
                Wikimedia Commons, and to hold an edit-a-thon about them with our visitors."
            .into(),
        area: "content_glam".into(),
        contact: InquiryContact {
            name: "Anna Berg".into(),
            email: "anna.berg@example.org".into(),
        },
        language: "en".into(),
    };
    let received = receive(&state, &Viewer::anonymous(), None, form)
        .await
        .context("while sending the demo's inquiry")?;
    Ok(received.explanation)
}

/// Removes an earlier demo database (and its WAL files and index) at `path`.
fn remove_previous(path: &Path) -> anyhow::Result<()> {
    let name = path.display().to_string();
    for file in [name.clone(), format!("{name}-wal"), format!("{name}-shm")] {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("while removing the earlier demo database {file}"));
            }
        }
    }
    let index = PathBuf::from(format!("{name}.index"));
    match std::fs::remove_dir_all(&index) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e)
            .with_context(|| format!("while removing the earlier demo index {}", index.display())),
    }
}

/// Finds `shared/data` beside the checkout: upwards from the working directory, then from the
/// source tree this binary was built from.
fn find_data_dir() -> anyhow::Result<PathBuf> {
    let starts = [
        std::env::current_dir().ok(),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
    ];
    for start in starts.into_iter().flatten() {
        for dir in start.ancestors() {
            for candidate in [dir.join("shared/data"), dir.join("../shared/data")] {
                if candidate.join("wikimedia-affiliates").is_dir() {
                    return Ok(candidate);
                }
            }
        }
    }
    bail!(
        "cannot find the datasets (a shared/data folder with wikimedia-affiliates, ror-organisations, …): give --data-dir DIR"
    )
}
