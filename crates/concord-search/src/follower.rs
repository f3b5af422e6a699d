//! Following the store's revision log: catching up after a write, in the background, on
//! start, and rebuilding from scratch (`concord reindex`).
//!
//! The log is read through [`Store`] only, so the index is the same on either backend. Pages
//! are applied on tokio's blocking pool while the next page is read from the store.

use std::sync::Arc;
use std::time::Duration;

use concord_domain::RevisionId;
use concord_store::{LoggedRevision, Store};
use tokio::task::JoinHandle;

use crate::index::{Inner, SearchIndex};
use crate::query::SearchError;
use crate::query::index_error;

/// Revisions read and applied at a time.
pub const PAGE: usize = 20_000;

/// A catch-up commits at least every this many revisions, so an interrupted rebuild resumes
/// from there.
pub const COMMIT_EVERY: u64 = 200_000;

/// A progress callback: `(applied so far, revisions to apply)`.
pub type Progress<'a> = dyn Fn(u64, u64) + Send + Sync + 'a;

/// Applies every revision after [`SearchIndex::last_applied`] from `store`, in pages, calling
/// `progress(applied, total)` after each; returns how many were applied. Concurrent calls are
/// serialized, so a page is never applied twice.
///
/// If the index is ahead of the log (the database was replaced), it is cleared and rebuilt.
pub async fn catch_up(
    index: &SearchIndex,
    store: &dyn Store,
    progress: &Progress<'_>,
) -> Result<u64, SearchError> {
    let _serial = index.inner.follow.lock().await;
    let head = store.head().await?;
    if index.last_applied() > head {
        tracing::warn!(
            index = index.last_applied().0,
            log = head.0,
            "the search index is ahead of the revision log; rebuilding it"
        );
        index.clear()?;
    }
    follow(index, store, head, progress).await
}

/// Clears the index and rebuilds it from the whole revision log; returns how many revisions
/// were applied.
pub async fn rebuild(
    index: &SearchIndex,
    store: &dyn Store,
    progress: &Progress<'_>,
) -> Result<u64, SearchError> {
    let _serial = index.inner.follow.lock().await;
    let head = store.head().await?;
    index.clear()?;
    follow(index, store, head, progress).await
}

/// Queues revisions that this process has just written, as [`Store::save_batch`] returned
/// them, instead of reading them back from the log: a bulk import then writes each record
/// once and reads it never. They are taken only when they follow on from the last revision
/// the index holds, so nothing another writer logged in between is skipped; otherwise the
/// index catches up from the log, which holds them too. Returns how many were applied.
///
/// What is queued is committed every [`COMMIT_EVERY`] revisions; the next [`catch_up`]
/// commits the rest, and only committed revisions are searchable.
pub async fn take_written(
    index: &SearchIndex,
    store: &dyn Store,
    written: Vec<LoggedRevision>,
) -> Result<u64, SearchError> {
    let serial = index.inner.follow.lock().await;
    let follows_on = written.first().map(|r| r.id.0) == Some(index.inner.last_queued() + 1)
        && written.windows(2).all(|w| w[1].id.0 == w[0].id.0 + 1);
    if !follows_on {
        drop(serial);
        return catch_up(index, store, &|_, _| {}).await;
    }
    let n = written.len() as u64;
    let commit = index.inner.uncommitted() + n >= COMMIT_EVERY;
    in_background(&index.inner, written, commit)
        .await
        .map_err(index_error("while applying revisions"))??;
    Ok(n)
}

/// Applies pages until the log is exhausted; `head` only scales the progress. Pages are
/// queued in the writer and committed every [`COMMIT_EVERY`] revisions and at the end: each
/// commit makes a segment, and fewer, larger segments mean less merging during a bulk import.
async fn follow(
    index: &SearchIndex,
    store: &dyn Store,
    head: RevisionId,
    progress: &Progress<'_>,
) -> Result<u64, SearchError> {
    // After what is queued: revisions taken from a writer may not be committed yet.
    let start = RevisionId(index.inner.last_queued());
    let total = (head.0 - start.0).max(0) as u64;
    let mut after = start;
    let mut applied: u64 = 0;
    let mut uncommitted: u64 = 0;
    let mut pending: Option<(JoinHandle<Result<(), SearchError>>, u64)> = None;
    loop {
        let page = store.revisions_since(after, PAGE).await?;
        if let Some((task, n)) = pending.take() {
            task.await
                .map_err(index_error("while applying revisions"))??;
            applied += n;
            uncommitted += n;
            progress(applied, total.max(applied));
        }
        let Some(last) = page.last() else { break };
        after = last.id;
        let n = page.len() as u64;
        let commit = uncommitted + n >= COMMIT_EVERY;
        if commit {
            uncommitted = 0;
        }
        pending = Some((in_background(&index.inner, page, commit), n));
    }
    let inner = Arc::clone(&index.inner);
    tokio::task::spawn_blocking(move || inner.commit_queued())
        .await
        .map_err(index_error("while committing the index"))??;
    Ok(applied)
}

/// Queues a page in the writer on a blocking thread, and commits when `commit` is set.
fn in_background(
    inner: &Arc<Inner>,
    page: Vec<LoggedRevision>,
    commit: bool,
) -> JoinHandle<Result<(), SearchError>> {
    let inner = Arc::clone(inner);
    tokio::task::spawn_blocking(move || {
        inner.queue(&page)?;
        if commit {
            inner.commit_queued()?;
        }
        Ok(())
    })
}

/// Runs [`catch_up`] every `every` until the task is aborted, so servers sharing a database
/// converge within about `every` plus the time to apply. Errors are logged and retried.
pub fn spawn_follower(
    index: Arc<SearchIndex>,
    store: Arc<dyn Store>,
    every: Duration,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(e) = catch_up(&index, &*store, &|_, _| {}).await {
                tracing::error!(error = %e, "the search index could not follow the revision log");
            }
        }
    })
}
