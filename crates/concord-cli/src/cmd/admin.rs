//! `concord migrate|backup|restore|reindex|check`: operating the database.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use anyhow::{Context, bail};
use concord_domain::record::RecordKind;
use concord_store::backup::BackupPosition;
use concord_store::{BackupItem, Store};

use super::{bar, index_dir, open_index, open_store};
use crate::cli::Database;

/// Opening a store migrates it; this command does only that and says so.
pub async fn migrate(db: &Database) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    eprintln!("The {} database is at the current schema.", store.backend());
    Ok(())
}

/// Writes every backup page to `output`, one JSON object a line.
pub async fn backup(db: &Database, output: &Path) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let head = store
        .head()
        .await
        .context("while reading the revision log")?;
    let file = std::fs::File::create(output)
        .with_context(|| format!("while creating {}", output.display()))?;
    let mut out = BufWriter::new(file);
    let bar = bar(head.0.max(0) as u64, "backing up");
    let mut cursor = None;
    let mut written = 0u64;
    loop {
        let (items, next) = store
            .backup_page(cursor, 5_000)
            .await
            .context("while reading the database")?;
        for item in &items {
            serde_json::to_writer(&mut out, item).context("while writing the backup")?;
            out.write_all(b"\n").context("while writing the backup")?;
        }
        written += items.len() as u64;
        bar.set_position(written.min(bar.length().unwrap_or(written)));
        match next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    out.flush().context("while writing the backup")?;
    bar.finish_and_clear();
    eprintln!("Wrote {written} items to {}.", output.display());
    Ok(())
}

/// Loads `input` into an empty database (one holding nothing a backup would), then builds the
/// index.
pub async fn restore(db: &Database, input: &Path) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let found = backed_up_contents(&*store).await?;
    if !found.is_empty() {
        bail!(
            "the database at {} is not empty: it holds {}. Restore only into a new, empty \
             database",
            concord_cli::backend::redact_url(&db.url),
            and_list(&found)
        );
    }
    let file =
        std::fs::File::open(input).with_context(|| format!("while opening {}", input.display()))?;
    let mut items = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line =
            line.with_context(|| format!("while reading line {} of {}", n + 1, input.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        items.push(serde_json::from_str(&line).with_context(|| {
            format!("line {} of {} is not a backup item", n + 1, input.display())
        })?);
    }
    let count = items.len();
    // One call: load_backup replays the whole log in one transaction, so a failed restore
    // leaves the database empty.
    store
        .load_backup(items)
        .await
        .context("while loading the backup")?;
    open_index(&index_dir(db), &*store).await?;
    eprintln!("Restored {count} items from {}.", input.display());
    Ok(())
}

/// What `store` holds of what a backup holds, a name per section, in backup order: a restore
/// would collide with any of it midway, so it must find none. Reads one item a section.
async fn backed_up_contents(store: &dyn Store) -> anyhow::Result<Vec<&'static str>> {
    let mut found = Vec::new();
    let mut from = None;
    loop {
        let (items, _) = store
            .backup_page(from, 1)
            .await
            .context("while checking that the database is empty")?;
        let Some(item) = items.first() else {
            return Ok(found);
        };
        let (what, next) = section_of(item);
        found.push(what);
        match next {
            Some(next) => from = Some(next.cursor()),
            None => return Ok(found),
        }
    }
}

/// What the section of `item` holds, and where the next section starts.
fn section_of(item: &BackupItem) -> (&'static str, Option<BackupPosition>) {
    let empty = String::new;
    match item {
        BackupItem::Revision(_) => ("revisions", Some(BackupPosition::Terms(empty(), empty()))),
        BackupItem::Term { .. } => ("vocabulary terms", Some(BackupPosition::Accounts(empty()))),
        BackupItem::Account { .. } => ("accounts", Some(BackupPosition::Invitations(empty()))),
        BackupItem::Invitation(_) => ("invitations", Some(BackupPosition::Tokens(empty()))),
        BackupItem::Token { .. } => ("API tokens", Some(BackupPosition::Audit(0))),
        BackupItem::Audit(_) => ("audit log entries", None),
    }
}

/// `["a", "b", "c"]` as "a, b and c".
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Rebuilds the index from the database.
pub async fn reindex(db: &Database) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let dir = index_dir(db);
    let index = concord_search::SearchIndex::open(&dir)
        .with_context(|| format!("while opening the index in {}", dir.display()))?;
    let head = store
        .head()
        .await
        .context("while reading the revision log")?;
    let bar = bar(head.0.max(0) as u64, "reindexing");
    let shown = bar.clone();
    let n = concord_search::rebuild(&index, &*store, &move |done, total| {
        shown.set_length(total);
        shown.set_position(done);
    })
    .await
    .context("while rebuilding the search index")?;
    bar.finish_and_clear();
    eprintln!("Reindexed {n} revisions into {}.", dir.display());
    Ok(())
}

/// Prints what the database and the index hold.
pub async fn check(db: &Database) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    println!(
        "database: {} ({})",
        store.backend(),
        concord_cli::backend::redact_url(&db.url)
    );
    for kind in RecordKind::ALL {
        let n = store
            .count(kind)
            .await
            .with_context(|| format!("while counting {kind} records"))?;
        println!("  {:<14} {n}", kind.collection());
    }
    let head = store
        .head()
        .await
        .context("while reading the revision log")?;
    println!("  revisions      {head}");
    let dir = index_dir(db);
    // A running server holds the index's writer lock: a state to report, not a failure.
    let index = match concord_search::SearchIndex::open(&dir) {
        Ok(index) => index,
        Err(e) => {
            println!(
                "index: {} could not be opened ({e}); is a server running on it?",
                dir.display()
            );
            return Ok(());
        }
    };
    let state = if index.needs_rebuild() {
        "missing or unreadable: it will be rebuilt when the server starts"
    } else if index.last_applied() < head {
        "behind the database: it catches up when the server starts"
    } else {
        "current"
    };
    println!(
        "index: {} at revision {} ({state})",
        dir.display(),
        index.last_applied()
    );
    Ok(())
}
