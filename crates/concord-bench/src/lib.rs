//! The harness behind `concord bench`: fills an empty database with synthetic organisations and
//! partnerships drawn from the real data's vocabulary, then measures the real server over
//! loopback HTTP against the targets of the issue, and prints a Markdown report (see
//! BENCHMARKS.md). By default the server is a separate `concord serve` process, so its memory
//! is not mixed with the import's.
//!
//! It writes only to the database it is given (which must be empty) or to a temporary SQLite
//! file, sends traffic only to 127.0.0.1, and leaves no child process behind.
//!
//! # Why a subcommand behind a cargo feature, not a binary of its own
//!
//! `concord bench` stays a subcommand of the `concord` binary, compiled in only with
//! `concord-cli`'s `bench` feature (`cargo build --release -p concord-cli --features bench`), so
//! a plain `cargo build --release` of `concord` compiles none of this crate. The server it
//! measures must be the production `concord serve`, with that binary's allocator and memory
//! settings (concord-cli's `main.rs`); as a subcommand the benchmark starts exactly the binary
//! it runs in (`std::env::current_exe`), whereas a binary of its own would have to find a
//! separately built `concord`, which could be stale or built with other settings. This crate
//! knows no backend: the `concord` binary hands it the way to open a database
//! ([`Databases`]), so it does not depend on concord-cli (which depends on it).

pub mod corpus;
pub mod fill;
pub mod generate;
pub mod inbox;
pub mod load;
pub mod report;
pub mod rss;
mod scenario;
pub mod server;
pub mod zipf;

#[cfg(test)]
mod tests;

use anyhow::{Context, bail};
use concord_domain::RevisionId;
use concord_http::AppState;
use concord_search::SearchIndex;
use concord_store::Store;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use corpus::Corpus;
use report::Report;
use rss::{Process, Rss};
use scenario::measure;
use server::Server;

/// The databases a benchmark may fill: the `concord` binary's way to open a store by URL (it
/// alone knows both backends), and to name a URL in messages without its password.
#[async_trait::async_trait]
pub trait Databases: Send + Sync {
    /// Opens (and migrates) the store at `url`.
    async fn open(&self, url: &str) -> anyhow::Result<Arc<dyn Store>>;
    /// `url` with any password hidden, for messages.
    fn redact(&self, url: &str) -> String;
}

/// What to benchmark, and how hard.
#[derive(Clone, Debug)]
pub struct BenchConfig {
    /// Database URL to fill (it must be empty); `None` for a temporary SQLite file.
    pub database: Option<String>,
    /// Organisations to create.
    pub organisations: usize,
    /// Partnerships to create.
    pub partnerships: usize,
    /// Concurrent HTTP clients.
    pub clients: usize,
    /// Seconds per measured scenario.
    pub seconds: u64,
    /// Which process serves the measured requests.
    pub server: ServerMode,
}

/// Where the server under load runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerMode {
    /// On a task in the benchmark's own process: its memory then includes what the import left.
    InProcess,
    /// As `concord serve`, a child process started from this binary on the filled database and
    /// index, so the memory measured under load is the server's alone.
    Child(PathBuf),
}

/// Runs the benchmark and prints its report on standard output.
pub async fn run(config: BenchConfig, databases: &dyn Databases) -> anyhow::Result<()> {
    let report = execute(&config, databases).await?;
    println!("{report}");
    Ok(())
}

/// Runs the benchmark and returns its report. Fails when the database is not empty, when any
/// response is not 200, or when the store, index or server fails.
pub async fn execute(config: &BenchConfig, databases: &dyn Databases) -> anyhow::Result<Report> {
    if config.clients == 0 || config.seconds == 0 {
        bail!("the benchmark needs at least one client and one second per scenario");
    }
    let load_average = load_average()?;
    let data_dir = corpus::find_data_dir()?;
    let corpus = Corpus::load(&data_dir)
        .with_context(|| format!("while reading the vocabulary from {}", data_dir.display()))?;
    let scratch = tempfile::Builder::new()
        .prefix("concord-bench-")
        .tempdir()
        .context("while creating a temporary directory for the database and index")?;
    let url = match &config.database {
        Some(url) => url.clone(),
        None => format!("sqlite:{}", scratch.path().join("bench.db").display()),
    };
    let store = databases.open(&url).await?;
    ensure_empty(&*store, &databases.redact(&url)).await?;
    let index = Arc::new(
        SearchIndex::open(&scratch.path().join("index"))
            .context("while opening the search index")?,
    );
    eprintln!(
        "bench: filling {} with {} organisations and {} partnerships",
        databases.redact(&url),
        config.organisations,
        config.partnerships
    );
    let rss_before_import = Rss::of(Process::This)?;
    let filled = fill::fill(
        store.clone(),
        index.clone(),
        &corpus,
        config.organisations,
        config.partnerships,
    )
    .await?;
    let rss_after_import = Rss::of(Process::This)?;
    movement_entities(&*store, &index, &data_dir).await?;
    red_lines(&*store).await?;
    let inbox = inbox::prepare(&*store, &index).await?;
    let backend = store.backend().to_owned();
    let server = start_server(&config.server, store, index, &url, scratch.path()).await?;
    let rows = measure(&server, &corpus, &filled, &inbox, config).await?;
    // The kernel raises VmHWM when memory is unmapped, not when an allocator hands pages back
    // with madvise (as mimalloc does), so a sample taken under load can exceed it.
    let sampled = rows
        .iter()
        .filter_map(|r| r.measured.rss)
        .map(|r| r.total)
        .max();
    let server_peak_rss_kib = rss::proc_status_kib(server.process, "VmHWM")?.max(sampled);
    let server_process = server.process;
    drop(server);
    Ok(Report {
        backend,
        cpus: std::thread::available_parallelism().map_or(1, usize::from),
        load_average,
        organisations: filled.organisations,
        partnerships: filled.partnerships,
        generate_time: filled.generate_time,
        organisations_phase: filled.organisations_phase,
        partnerships_phase: filled.partnerships_phase,
        clients: config.clients,
        seconds: config.seconds,
        rows,
        server: server_process,
        rss_before_import,
        rss_after_import,
        server_peak_rss_kib,
        bench_peak_rss_kib: rss::proc_status_kib(Process::This, "VmHWM")?,
    })
}

/// Imports the movement's affiliates (the real list in `data/wikimedia-affiliates`, a few
/// hundred movement entities) after the generated records, so that routing is measured over
/// the movement as the demo holds it, and brings the index up to date.
async fn movement_entities(
    store: &dyn Store,
    index: &SearchIndex,
    data_dir: &Path,
) -> anyhow::Result<()> {
    let folder = data_dir.join("wikimedia-affiliates");
    let who = concord_domain::Viewer::system("bench");
    let progress = concord_ingest::NoProgress;
    concord_ingest::dataset::import_dataset(store, &who, None, &folder, &progress)
        .await
        .with_context(|| format!("while importing {}", folder.display()))?;
    concord_search::catch_up(index, store, &|_, _| {})
        .await
        .context("while indexing the movement entities")?;
    Ok(())
}

/// Draws the red lines a movement might keep (every kind of partner at the global level, each
/// area for companies and advocacy groups): 32 rules, so that a red-line check runs them all
/// over a partnership's partners.
async fn red_lines(store: &dyn Store) -> anyhow::Result<()> {
    use concord_domain::workflow::red_line::{Condition, Consequence};
    use concord_domain::{RedLine, RedLineId};
    let who = concord_domain::Viewer::system("bench");
    let vocab = store.vocabularies().await?;
    let terms = |v| {
        vocab
            .terms(v)
            .into_iter()
            .map(|t| t.key)
            .collect::<Vec<_>>()
    };
    let mut lines = Vec::new();
    for kind in terms(concord_domain::Vocabulary::OrganisationKind) {
        let when = Condition {
            organisation_kind: Some(kind.clone()),
            level: Some("global".into()),
            ..Condition::default()
        };
        lines.push((
            format!("{kind} at global level"),
            when,
            Consequence::Escalate,
        ));
    }
    for kind in ["company", "political_or_advocacy_group"] {
        for area in terms(concord_domain::Vocabulary::Area) {
            let when = Condition {
                organisation_kind: Some(kind.into()),
                area: Some(area.clone()),
                ..Condition::default()
            };
            lines.push((format!("{kind} in {area}"), when, Consequence::Escalate));
        }
    }
    for (name, when, then) in lines {
        let line = RedLine::new(
            RedLineId(concord_store::new_id()),
            name,
            when,
            then,
            "bench",
        );
        concord_store::StoreExt::create_record(store, &who, &line, "bench: red line")
            .await
            .context("while drawing the bench's red lines")?;
    }
    Ok(())
}

/// Starts the server on the filled `store` and `index` (in `scratch`/index). For a child, this
/// process first lets go of both (the index's writer lock above all), so that the child opens
/// the same index without rebuilding it; its standard error goes to `scratch`/serve.stderr.
async fn start_server(
    mode: &ServerMode,
    store: Arc<dyn Store>,
    index: Arc<SearchIndex>,
    url: &str,
    scratch: &Path,
) -> anyhow::Result<Server> {
    match mode {
        ServerMode::InProcess => {
            Server::in_process(concord_web::app(AppState::new(store, index))).await
        }
        ServerMode::Child(concord) => {
            drop(index);
            drop(store);
            eprintln!("bench: starting `{} serve`", concord.display());
            let server = Server::child(
                concord,
                url,
                &scratch.join("index"),
                &scratch.join("serve.stderr"),
            )
            .await?;
            eprintln!("bench: serving from {} on {}", server.process, server.addr);
            Ok(server)
        }
    }
}

/// Refuses a database that already holds revisions: the benchmark's numbers and its checks of
/// hit counts assume only its own records. `shown` is the database's URL without its password.
async fn ensure_empty(store: &dyn Store, shown: &str) -> anyhow::Result<()> {
    let head = store
        .head()
        .await
        .context("while checking that the database is empty")?;
    if head != RevisionId(0) {
        bail!(
            "the database {} is not empty (its revision log is at {head}); concord bench fills an empty database only. \
             Give it a fresh one (for PostgreSQL: dropdb, then createdb), or leave out --database to use a temporary SQLite file",
            shown
        );
    }
    Ok(())
}

/// /proc/loadavg (its first three fields), or `None` where it does not exist.
fn load_average() -> anyhow::Result<Option<String>> {
    let path = std::path::Path::new("/proc/loadavg");
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).context("while reading /proc/loadavg")?;
    Ok(Some(
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    ))
}
