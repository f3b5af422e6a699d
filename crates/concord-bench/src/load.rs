//! The load generator: `clients` HTTP/1.1 keep-alive connections to the server on a loopback
//! port, sending GET requests back to back for a fixed time, each latency recorded, while the
//! serving process's resident memory is sampled.
//!
//! Traffic goes only to 127.0.0.1. Every loop is bounded in time and in count.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

use super::rss::{Process, Rss, sample_rss};

/// A connection stops after this many requests even if time remains (a bound, never reached
/// in practice: 10 s at 100 µs a request is 100,000).
const MAX_REQUESTS_PER_CLIENT: usize = 5_000_000;

/// Which paths a run requests.
#[derive(Clone, Debug)]
pub enum Paths {
    /// The same path every time.
    Fixed(String),
    /// A prefix followed by one of the ids, drawn uniformly.
    RandomId {
        prefix: String,
        ids: Arc<Vec<String>>,
    },
    /// The same path every time, asked by a logged-in browser with the `Cookie` header
    /// `cookie`; its page must contain `expect`.
    LoggedIn {
        path: String,
        cookie: String,
        expect: String,
    },
}

impl Paths {
    /// The `Cookie` header its requests carry, if any.
    pub fn cookie(&self) -> Option<&str> {
        match self {
            Paths::LoggedIn { cookie, .. } => Some(cookie),
            _ => None,
        }
    }

    fn next(&self, rng: &mut StdRng) -> String {
        match self {
            Paths::Fixed(path) | Paths::LoggedIn { path, .. } => path.clone(),
            Paths::RandomId { prefix, ids } => {
                format!("{prefix}{}", ids[rng.gen_range(0..ids.len())])
            }
        }
    }
}

/// The outcome of one run.
#[derive(Clone, Debug, Default)]
pub struct Measurement {
    /// Successful requests.
    pub requests: usize,
    /// How long the run lasted.
    pub elapsed: Duration,
    /// Median latency.
    pub p50: Duration,
    /// 99th-percentile latency.
    pub p99: Duration,
    /// Slowest request.
    pub max: Duration,
    /// Largest resident memory of the serving process seen during the run (`None` without
    /// /proc).
    pub rss: Option<Rss>,
}

impl Measurement {
    /// Successful requests per second.
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Sends one GET and returns the status and body (for checking a scenario before timing it).
pub async fn get_once(
    addr: SocketAddr,
    path: &str,
    cookie: Option<&str>,
) -> anyhow::Result<(StatusCode, Bytes)> {
    let mut conn = Connection::open(addr).await?;
    conn.get(addr, path, cookie).await
}

/// Runs `clients` connections to `addr` for `duration` while sampling the resident memory of
/// `server`, the process serving `addr`. Fails on the first response that is not 200, naming
/// its status and path.
pub async fn run(
    addr: SocketAddr,
    server: Process,
    paths: &Paths,
    clients: usize,
    duration: Duration,
) -> anyhow::Result<Measurement> {
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = tokio::spawn(sample_rss(
        server,
        stop.clone(),
        duration * 2 + Duration::from_secs(5),
    ));
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(clients);
    for client in 0..clients {
        let paths = paths.clone();
        tasks.push(tokio::spawn(async move {
            client_loop(addr, &paths, client as u64, deadline).await
        }));
    }
    let mut latencies: Vec<u32> = Vec::new();
    let mut errors = Vec::new();
    for task in tasks {
        match task.await.context("while waiting for a client")? {
            Ok(mut l) => latencies.append(&mut l),
            Err(e) => errors.push(e),
        }
    }
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Release);
    let rss = sampler
        .await
        .context("while waiting for the memory sampler")??;
    let failed = errors.len();
    if let Some(first) = errors.into_iter().next() {
        return Err(first.context(format!(
            "{failed} of {clients} clients failed; the first error"
        )));
    }
    latencies.sort_unstable();
    let at = |q: f64| {
        let i = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len().max(1)) - 1;
        Duration::from_micros(latencies.get(i).copied().unwrap_or(0).into())
    };
    Ok(Measurement {
        requests: latencies.len(),
        elapsed,
        p50: at(0.50),
        p99: at(0.99),
        max: at(1.0),
        rss,
    })
}

/// One client: a keep-alive connection, requests back to back until `deadline`; latencies in µs.
async fn client_loop(
    addr: SocketAddr,
    paths: &Paths,
    seed: u64,
    deadline: Instant,
) -> anyhow::Result<Vec<u32>> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut conn = Connection::open(addr).await?;
    let mut latencies = Vec::with_capacity(16_384);
    while latencies.len() < MAX_REQUESTS_PER_CLIENT && Instant::now() < deadline {
        let path = paths.next(&mut rng);
        let sent = Instant::now();
        let (status, body) = conn.get(addr, &path, paths.cookie()).await?;
        let took = sent.elapsed();
        if status != StatusCode::OK {
            let body = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
            bail!("GET {path} answered {status} (every response must be 200): {body}");
        }
        latencies.push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
    }
    Ok(latencies)
}

/// An HTTP/1.1 client connection.
struct Connection {
    sender: hyper::client::conn::http1::SendRequest<Empty<Bytes>>,
    driver: JoinHandle<Result<(), hyper::Error>>,
}

impl Connection {
    async fn open(addr: SocketAddr) -> anyhow::Result<Self> {
        let stream = TcpStream::connect(addr)
            .await
            .with_context(|| format!("while connecting to the server at {addr}"))?;
        stream
            .set_nodelay(true)
            .context("while setting TCP_NODELAY")?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .context("while starting an HTTP/1.1 connection")?;
        Ok(Self {
            sender,
            driver: tokio::spawn(connection),
        })
    }

    async fn get(
        &mut self,
        addr: SocketAddr,
        path: &str,
        cookie: Option<&str>,
    ) -> anyhow::Result<(StatusCode, Bytes)> {
        let mut request = Request::get(path).header(hyper::header::HOST, addr.to_string());
        if let Some(cookie) = cookie {
            request = request.header(hyper::header::COOKIE, cookie);
        }
        let request = request
            .body(Empty::<Bytes>::new())
            .with_context(|| format!("while building the request for {path}"))?;
        self.sender
            .ready()
            .await
            .context("while waiting for the connection")?;
        let response = self
            .sender
            .send_request(request)
            .await
            .with_context(|| format!("while sending GET {path}"))?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .with_context(|| format!("while reading the response to GET {path}"))?
            .to_bytes();
        Ok((status, body))
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.driver.abort();
    }
}
