//! [`WrittenFeed`]: hands the batches a bulk writer has just saved to the index, which applies
//! them in order on its own task while the writer goes on with the next ones.

use std::sync::Arc;

use concord_store::{LoggedRevision, Store};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::follower::take_written;
use crate::index::SearchIndex;
use crate::query::SearchError;
use crate::query::index_error;

/// Batches saved but not yet applied before [`WrittenFeed::send`] waits: two, so that neither
/// the writer nor the index waits for the other when one batch takes longer than usual.
pub const IN_FLIGHT: usize = 2;

/// A task applying written batches with [`take_written`], in the order they were sent.
pub struct WrittenFeed {
    batches: Option<mpsc::Sender<Vec<LoggedRevision>>>,
    task: JoinHandle<Result<u64, SearchError>>,
}

impl WrittenFeed {
    /// Starts the task for `index`, which falls back to `store`'s log when a batch does not
    /// follow on from what the index holds.
    pub fn start(index: Arc<SearchIndex>, store: Arc<dyn Store>) -> Self {
        let (batches, mut received) = mpsc::channel::<Vec<LoggedRevision>>(IN_FLIGHT);
        let task = tokio::spawn(async move {
            let mut applied = 0;
            while let Some(batch) = received.recv().await {
                applied += take_written(&index, &*store, batch).await?;
            }
            Ok(applied)
        });
        Self {
            batches: Some(batches),
            task,
        }
    }

    /// Queues a batch `save_batch` returned, waiting while [`IN_FLIGHT`] batches are ahead of
    /// it. Fails with the index's error when an earlier batch could not be applied.
    pub async fn send(&mut self, batch: Vec<LoggedRevision>) -> Result<(), SearchError> {
        let Some(batches) = &self.batches else {
            return Err(SearchError::Index("the index feed has stopped".into()));
        };
        if batches.send(batch).await.is_ok() {
            return Ok(());
        }
        // The task has stopped, which it does only on an error: report that error.
        self.batches = None;
        match (&mut self.task).await {
            Ok(Err(e)) => Err(e),
            Ok(Ok(_)) => Err(SearchError::Index("the index feed has stopped".into())),
            Err(e) => Err(index_error("while applying written batches")(e)),
        }
    }

    /// Waits until every batch sent is applied; returns how many revisions were. They are
    /// searchable after the next commit (a [`crate::catch_up`] makes it).
    pub async fn finish(mut self) -> Result<u64, SearchError> {
        self.batches = None;
        self.task
            .await
            .map_err(index_error("while applying written batches"))?
    }
}
