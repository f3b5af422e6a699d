//! One module per command; `run` dispatches.

mod admin;
mod data;
mod demo;
mod serve;
mod token;
mod user;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use concord_search::SearchIndex;
use concord_store::Store;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{Cli, Command, Database};

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { db, listen, site } => {
            serve::serve(&db, listen.addr, serve::settings(&site)?).await
        }
        Command::Demo {
            url,
            data_dir,
            listen,
            site,
            no_serve,
        } => {
            let settings = serve::settings(&site)?;
            demo::demo(&url, data_dir, listen.addr, settings, no_serve).await
        }
        Command::Migrate { db } => admin::migrate(&db).await,
        Command::Import { db, source } => data::import(&db, source).await,
        Command::Export {
            db,
            format,
            kind,
            output,
            all,
            as_user,
        } => {
            let who = match (all, as_user) {
                (true, _) => data::ExportAs::Operator,
                (false, Some(username)) => data::ExportAs::Account(username),
                (false, None) => data::ExportAs::Visitor,
            };
            data::export(&db, format, &kind, output, who).await
        }
        Command::Backup { db, output } => admin::backup(&db, &output).await,
        Command::Restore { db, input } => admin::restore(&db, &input).await,
        Command::Reindex { db } => admin::reindex(&db).await,
        Command::Check { db } => admin::check(&db).await,
        Command::Token { db, action } => token::token(&db, action).await,
        Command::User { db, action } => user::user(&db, action).await,
        #[cfg(feature = "bench")]
        Command::Bench(args) => {
            let concord = std::env::current_exe()
                .context("while finding this `concord` binary, to start `concord serve` from it")?;
            let config = args.into_config(concord);
            concord_bench::run(config, &concord_cli::bench::Backends).await
        }
    }
}

/// Opens the store named by `db`.
async fn open_store(db: &Database) -> anyhow::Result<Arc<dyn Store>> {
    concord_cli::backend::open_store(&db.url).await
}

/// The index directory for `db`: the flag, else `PATH.index` beside a SQLite file, else `./concord-index`.
fn index_dir(db: &Database) -> PathBuf {
    db.index_dir
        .clone()
        .unwrap_or_else(|| concord_cli::backend::default_index_dir(&db.url))
}

/// Opens the search index and brings it up to date with the store, rebuilding it when it is
/// missing, corrupt, or ahead of the database (a replaced database).
async fn open_index(dir: &std::path::Path, store: &dyn Store) -> anyhow::Result<Arc<SearchIndex>> {
    let index = SearchIndex::open(dir)
        .with_context(|| format!("while opening the search index in {}", dir.display()))?;
    bring_up_to_date(index, store).await
}

/// Rebuilds or catches up `index` with `store`, as [`open_index`] says.
async fn bring_up_to_date(
    index: SearchIndex,
    store: &dyn Store,
) -> anyhow::Result<Arc<SearchIndex>> {
    let head = store
        .head()
        .await
        .context("while reading the revision log")?;
    let bar = bar(head.0.max(0) as u64, "indexing");
    let shown = bar.clone();
    let progress = move |done: u64, total: u64| {
        concord_cli::import::show_when_known(&shown, total);
        shown.set_length(total);
        shown.set_position(done);
    };
    if index.needs_rebuild() || index.last_applied() > head {
        concord_search::rebuild(&index, store, &progress)
            .await
            .context("while rebuilding the search index")?;
    } else {
        concord_search::catch_up(&index, store, &progress)
            .await
            .context("while updating the search index")?;
    }
    bar.finish_and_clear();
    Ok(Arc::new(index))
}

/// A progress bar on standard error (hidden when it is not a terminal).
pub(crate) fn bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({rate}, {eta} left)")
    {
        bar.set_style(style.progress_chars("=> ").with_key("rate", whole_rate));
    }
    bar.set_message(what.to_owned());
    if len == 0 {
        // Until there is something to count: no empty `0/0` bar.
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar
}

/// The rate in whole items per second, with thousands separators (`61,958/s`).
fn whole_rate(state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write) {
    let rate = state.per_sec();
    let rate = if rate.is_finite() {
        rate.round() as u64
    } else {
        0
    };
    let digits = rate.to_string();
    let mut out = String::with_capacity(digits.len() + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    // A failed write to a progress line has nowhere to be reported.
    if write!(w, "{out}/s").is_err() {
        tracing::trace!("could not draw the import rate");
    }
}
