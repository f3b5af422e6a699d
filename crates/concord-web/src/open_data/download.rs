//! `GET /open-data/{file}`: one export, streamed as it is written, as the requesting viewer
//! sees the records (the export reads the store as that viewer and redacts for them).
//!
//! The export runs in its own task and hands the response body chunks of about 64 KiB. After
//! each page of records it waits until the client has taken all but [`QUEUED`] chunks, so a
//! slow client holds the export back: the server holds at most those chunks and one page.
//! When the client goes away, the next chunk fails to send and the export stops.

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use concord_export::{NoProgress, Pace, export_paced};
use tokio::sync::{Notify, mpsc};

use super::Download;
use crate::{HtmlError, PageContext};
use concord_http::error::AppError;
use concord_http::extract::PathId;
use concord_http::state::AppState;

/// How much is gathered before a chunk is sent.
const CHUNK: usize = 64 * 1024;
/// How many chunks may wait for the client before the export waits for it.
const QUEUED: usize = 16;

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
    let queue = Arc::new(Queue::default());
    let (store, who) = (state.store.clone(), ctx.viewer.clone());
    let pace = Pacer {
        queue: queue.clone(),
        tx: tx.clone(),
    };
    tokio::spawn(async move {
        let mut out = Sender {
            tx: tx.clone(),
            queue: pace.queue.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let written = export_paced(
            &*store,
            &who,
            download.kind,
            download.format,
            &mut out,
            &NoProgress,
            &pace,
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
    let body = futures::stream::poll_fn(move |cx| {
        let next = rx.poll_recv(cx);
        // Only chunks were counted as waiting; the error that ends a failed export was not.
        if let std::task::Poll::Ready(Some(Ok(_))) = &next {
            queue.taken();
        }
        next
    });
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

/// The chunks sent and not yet taken by the response body.
#[derive(Default)]
struct Queue {
    waiting: AtomicUsize,
    taken: Notify,
}

impl Queue {
    fn taken(&self) {
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        self.taken.notify_one();
    }
}

/// Holds the export back after a page until the client has caught up.
struct Pacer {
    queue: Arc<Queue>,
    tx: mpsc::UnboundedSender<Chunk>,
}

impl Pace for Pacer {
    fn page_written(&self) -> Pin<Box<dyn Future<Output = std::io::Result<()>> + Send + '_>> {
        Box::pin(async move {
            loop {
                let taken = self.queue.taken.notified();
                if self.queue.waiting.load(Ordering::Acquire) <= QUEUED {
                    return Ok(());
                }
                tokio::select! {
                    () = taken => {}
                    () = self.tx.closed() => {
                        return Err(std::io::ErrorKind::BrokenPipe.into());
                    }
                }
            }
        })
    }
}

/// Hands what the export writes to the response body, a chunk at a time.
struct Sender {
    tx: mpsc::UnboundedSender<Chunk>,
    queue: Arc<Queue>,
    buf: Vec<u8>,
}

impl Sender {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.queue.waiting.fetch_add(1, Ordering::AcqRel);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pacer() -> (Pacer, mpsc::UnboundedReceiver<Chunk>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let pacer = Pacer {
            queue: Arc::default(),
            tx,
        };
        (pacer, rx)
    }

    #[tokio::test]
    async fn the_export_waits_until_the_client_has_taken_all_but_a_few_chunks() {
        let (pacer, _rx) = pacer();
        pacer.queue.waiting.store(QUEUED + 2, Ordering::Release);
        let mut waiting = pacer.page_written();
        assert!(
            futures::poll!(&mut waiting).is_pending(),
            "it went on with too many chunks queued"
        );
        pacer.queue.taken();
        assert!(futures::poll!(&mut waiting).is_pending());
        pacer.queue.taken();
        assert!(matches!(
            futures::poll!(&mut waiting),
            std::task::Poll::Ready(Ok(()))
        ));
    }

    #[tokio::test]
    async fn the_export_stops_when_the_client_is_gone() {
        let (pacer, rx) = pacer();
        pacer.queue.waiting.store(QUEUED + 1, Ordering::Release);
        drop(rx);
        let stopped = pacer.page_written().await;
        assert_eq!(
            stopped.map_err(|e| e.kind()),
            Err(std::io::ErrorKind::BrokenPipe)
        );
    }
}
