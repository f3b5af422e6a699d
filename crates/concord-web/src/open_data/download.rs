//! `GET /open-data/{file}`: one export, streamed as it is written, as the requesting viewer
//! sees the records (the export reads the store as that viewer and redacts for them).
//!
//! The export runs in its own task and hands the response body chunks of about 64 KiB; when
//! the client goes away, the next chunk fails to send and the export stops.

use std::io::Write;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use concord_export::{NoProgress, export};
use tokio::sync::mpsc;

use super::Download;
use crate::{HtmlError, PageContext};
use concord_http::error::AppError;
use concord_http::extract::PathId;
use concord_http::state::AppState;

/// How much is gathered before a chunk is sent.
const CHUNK: usize = 64 * 1024;

/// A chunk of the body, or why the export stopped.
type Chunk = Result<Bytes, std::io::Error>;

/// `GET /open-data/{file}` (the route calls it `{id}`, for [`PathId`]): the download, or a 404
/// page for a name that is none.
pub(super) async fn file(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(file): PathId<String>,
) -> Result<Response, HtmlError> {
    let download = Download::named(&file).ok_or_else(|| ctx.error_page(AppError::NotFound))?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Chunk>();
    let (store, who) = (state.store.clone(), ctx.viewer.clone());
    tokio::spawn(async move {
        let mut out = Sender {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let written = export(
            &*store,
            &who,
            download.kind,
            download.format,
            &mut out,
            &NoProgress,
        )
        .await;
        if let Err(e) = written.and_then(|_| Ok(out.flush()?)) {
            tracing::warn!(error = %format!("{e:#}"), file = %download.file_name(), "open-data export stopped");
            // The client may be gone already; then nobody is left to tell.
            if tx
                .send(Err(std::io::Error::other("export stopped")))
                .is_err()
            {
                tracing::debug!("open-data client gone");
            }
        }
    });
    let body = futures::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let disposition = format!("attachment; filename=\"{}\"", download.file_name());
    let disposition = HeaderValue::from_str(&disposition).map_err(AppError::internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(download.content_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// Hands what the export writes to the response body, a chunk at a time.
struct Sender {
    tx: mpsc::UnboundedSender<Chunk>,
    buf: Vec<u8>,
}

impl Sender {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .send(Ok(chunk))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

impl Write for Sender {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}
