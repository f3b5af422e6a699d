//! `concord demo`: a fresh database with real data, then serve it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use concord_cli::backend::{default_index_dir, open_store, sqlite_path};
use concord_domain::Viewer;
use concord_http::auth::AuthConfig;
use concord_search::WrittenFeed;

use super::data::finish_index;
use super::{bar, open_index, serve::run_server};

/// Builds the demo database at `url` (replacing an earlier demo there) and serves it.
pub async fn demo(
    url: &str,
    data_dir: Option<PathBuf>,
    addr: SocketAddr,
    auth: AuthConfig,
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
    eprintln!(
        "The demo database is ready in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    if no_serve {
        return Ok(());
    }
    run_server(store, index, addr, auth).await
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
