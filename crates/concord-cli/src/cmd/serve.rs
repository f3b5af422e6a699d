//! `concord serve`: open the store and the index, follow the revision log, serve HTTP.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use concord_search::SearchIndex;
use concord_store::Store;

use super::{index_dir, open_index, open_store};
use crate::cli::Database;

/// Serves until interrupted.
pub async fn serve(db: &Database, addr: SocketAddr) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let index = open_index(&index_dir(db), &*store).await?;
    run_server(store, index, addr).await
}

/// Serves `store` and `index` on `addr` until Ctrl-C, following other servers' writes.
pub async fn run_server(
    store: Arc<dyn Store>,
    index: Arc<SearchIndex>,
    addr: SocketAddr,
) -> anyhow::Result<()> {
    let follower =
        concord_search::spawn_follower(index.clone(), store.clone(), Duration::from_secs(1));
    let state = concord_http::AppState::new(store, index);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("while binding {addr}"))?;
    let local = listener
        .local_addr()
        .context("while reading the bound address")?;
    println!(
        "Concord is serving on http://{local}/ (API: http://{local}/api/v1/openapi.json). Stop with Ctrl-C."
    );
    axum::serve(listener, concord_http::app(state))
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
