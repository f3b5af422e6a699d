//! Background WAL checkpoints, so the writer does not pay for them inside its commits.
//!
//! SQLite's automatic checkpoint runs in the connection that commits, which made a batch commit
//! four times slower; a passive checkpoint from a reader connection every half second does the
//! same work beside the writer without blocking it. The writer's `wal_autocheckpoint` stays as
//! a backstop. The task stops when the last clone of the store is dropped.

use std::time::Duration;

use tokio::sync::oneshot;

/// How often the background task checkpoints.
const EVERY: Duration = Duration::from_millis(500);

/// Stops the checkpoint task when dropped.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    _stop: oneshot::Sender<()>,
}

/// Starts checkpointing `readers`' database in the background.
pub(crate) fn start(readers: sqlx::SqlitePool) -> Checkpointer {
    let (stop, mut stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                _ = tick.tick() => {
                    let done = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                        .execute(&readers)
                        .await;
                    if let Err(error) = done {
                        tracing::warn!(%error, "background WAL checkpoint failed");
                    }
                }
            }
        }
    });
    Checkpointer { _stop: stop }
}
