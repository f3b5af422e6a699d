//! The server under load, on a loopback port: the HTTP app on a task in this process, or a
//! `concord serve` child process on the filled database and index. Either way it stops when
//! dropped; a child is killed and reaped, on success and on every error path.
//!
//! It learns a child's address from the line `concord serve` prints, never by picking a port.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::rss::Process;

/// How long a child may take to print its address: a missing or stale index is rebuilt first.
const START_LIMIT: Duration = Duration::from_secs(120);
/// What `concord serve` prints before its address (see concord-cli's `cmd/serve.rs`).
const SERVING_PREFIX: &str = "Concord is serving on http://";
/// The child's log filter: warnings and errors only, so its standard error stays short.
const CHILD_LOG: &str = "warn";
/// Lines of the child's standard error quoted when it fails to start.
const STDERR_TAIL_LINES: usize = 20;

/// A running server.
pub struct Server {
    /// Where it listens (127.0.0.1, a free port).
    pub addr: SocketAddr,
    /// The process serving: this one, or the child (whose memory is then the server's alone).
    pub process: Process,
    running: Running,
}

enum Running {
    Task(JoinHandle<std::io::Result<()>>),
    Child(ChildGuard),
}

impl Server {
    /// Serves `app` on a task in this process, on 127.0.0.1 on a free port.
    pub async fn in_process(app: axum::Router) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .context("while binding a loopback port for the server")?;
        let addr = listener
            .local_addr()
            .context("while reading the server's address")?;
        let task = tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Self {
            addr,
            process: Process::This,
            running: Running::Task(task),
        })
    }

    /// Starts `concord serve` (the binary `concord`) on the database `url` and the index in
    /// `index_dir`, on 127.0.0.1 on a port it picks, with its standard error in `stderr_log`.
    /// No other process may hold the index. Fails, quoting the end of its standard error, when
    /// it exits or has not printed its address within two minutes.
    pub async fn child(
        concord: &Path,
        url: &str,
        index_dir: &Path,
        stderr_log: &Path,
    ) -> anyhow::Result<Self> {
        let log = File::create(stderr_log)
            .with_context(|| format!("while creating {}", stderr_log.display()))?;
        let mut child = Command::new(concord)
            .arg("serve")
            .arg("--index-dir")
            .arg(index_dir)
            .args(["--listen", "127.0.0.1:0"])
            // The URL goes through the environment so that a password stays out of `ps`.
            .env("CONCORD_DATABASE_URL", url)
            .env("RUST_LOG", CHILD_LOG)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .with_context(|| format!("while starting {} serve", concord.display()))?;
        let stdout = child.stdout.take();
        let mut guard = ChildGuard {
            child,
            reader: None,
        };
        let stdout = stdout.context("while taking the standard output of `concord serve`")?;
        let (tx, rx) = oneshot::channel();
        guard.reader = Some(std::thread::spawn(move || read_stdout(stdout, tx)));
        let pid = guard.child.id();
        let addr = wait_for_addr(&mut guard, rx, stderr_log).await?;
        Ok(Self {
            addr,
            process: Process::Child(pid),
            running: Running::Child(guard),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        match &mut self.running {
            Running::Task(task) => task.abort(),
            Running::Child(child) => child.stop(),
        }
    }
}

/// Kills and reaps the child when dropped, then waits for the thread reading its output
/// (which ends once the child is gone).
struct ChildGuard {
    child: Child,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl ChildGuard {
    /// Kills and reaps the child, then joins the reader. Doing it again does nothing: a reaped
    /// child is neither signalled nor waited for twice.
    fn stop(&mut self) {
        let pid = self.child.id();
        if let Err(e) = self.child.kill() {
            eprintln!("bench: could not kill `concord serve` (pid {pid}): {e}");
        }
        if let Err(e) = self.child.wait() {
            eprintln!("bench: could not wait for `concord serve` (pid {pid}): {e}");
        }
        if let Some(reader) = self.reader.take()
            && reader.join().is_err()
        {
            eprintln!("bench: the reader of `concord serve`'s output panicked");
        }
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The address the child prints, once it serves; fails, quoting the end of its standard error
/// (in `stderr_log`), when it stops or takes longer than [`START_LIMIT`].
async fn wait_for_addr(
    guard: &mut ChildGuard,
    rx: oneshot::Receiver<anyhow::Result<SocketAddr>>,
    stderr_log: &Path,
) -> anyhow::Result<SocketAddr> {
    let pid = guard.child.id();
    match tokio::time::timeout(START_LIMIT, rx).await {
        Ok(Ok(Ok(addr))) => Ok(addr),
        Ok(Ok(Err(e))) => Err(e.context(format!(
            "while starting `concord serve` (pid {pid}); {}",
            stderr_tail(stderr_log)
        ))),
        Ok(Err(_)) => bail!(
            "`concord serve` (pid {pid}) closed its standard output before printing its address ({}); {}",
            exit_status(&mut guard.child).await?,
            stderr_tail(stderr_log)
        ),
        Err(_) => bail!(
            "`concord serve` (pid {pid}) did not print its address within {} s; {}",
            START_LIMIT.as_secs(),
            stderr_tail(stderr_log)
        ),
    }
}

/// Reads the child's standard output line by line: sends the address from the first serving
/// line (or why it could not be read), then drains the rest until the child closes it. Dropping
/// `tx` unsent tells the waiting side that the child ended without serving.
fn read_stdout(stdout: ChildStdout, tx: oneshot::Sender<anyhow::Result<SocketAddr>>) {
    let mut tx = Some(tx);
    for line in BufReader::new(stdout).lines() {
        let Some(sender) = tx.take() else { continue };
        let found = match line {
            Ok(line) => served_addr(&line).transpose(),
            Err(e) => Some(Err(anyhow::Error::new(e)
                .context("while reading the standard output of `concord serve`"))),
        };
        match found {
            Some(found) => {
                if sender.send(found).is_err() {
                    // The waiting side gave up (it timed out); keep draining.
                }
            }
            None => tx = Some(sender),
        }
    }
}

/// The address in `concord serve`'s serving line, `None` for any other line.
fn served_addr(line: &str) -> anyhow::Result<Option<SocketAddr>> {
    let Some(rest) = line.strip_prefix(SERVING_PREFIX) else {
        return Ok(None);
    };
    let addr = rest.split('/').next().unwrap_or(rest);
    let addr = addr
        .parse()
        .with_context(|| format!("while reading the address in {line:?}"))?;
    Ok(Some(addr))
}

/// How the child ended, waiting up to a second for it to exit (it closed its output, so it is
/// on its way out).
async fn exit_status(child: &mut Child) -> anyhow::Result<String> {
    for _ in 0..10 {
        if let Some(status) = child
            .try_wait()
            .context("while checking whether `concord serve` exited")?
        {
            return Ok(status.to_string());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok("still running".to_owned())
}

/// The last lines of the child's standard error, for an error message.
fn stderr_tail(log: &Path) -> String {
    match std::fs::read_to_string(log) {
        Ok(text) => {
            let lines: Vec<&str> = text.lines().collect();
            let tail = &lines[lines.len().saturating_sub(STDERR_TAIL_LINES)..];
            if tail.is_empty() {
                "its standard error was empty".to_owned()
            } else {
                format!("its standard error ended with:\n{}", tail.join("\n"))
            }
        }
        Err(e) => format!("its standard error ({}) is unreadable: {e}", log.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_read_from_the_serving_line() {
        let line = "Concord is serving on http://127.0.0.1:41234/ (API: http://127.0.0.1:41234/api/v1/openapi.json). Stop with Ctrl-C.";
        assert_eq!(
            served_addr(line).unwrap(),
            Some("127.0.0.1:41234".parse().unwrap())
        );
        assert_eq!(served_addr("indexing…").unwrap(), None);
        assert!(served_addr("Concord is serving on http://nowhere/").is_err());
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_child_that_exits_without_serving_is_reported_with_its_stderr() {
        let dir = tempfile::tempdir().unwrap();
        // `sh serve …` looks for a script named `serve`, complains on stderr and exits.
        let err = Server::child(
            Path::new("/bin/sh"),
            "sqlite::memory:",
            &dir.path().join("index"),
            &dir.path().join("serve.stderr"),
        )
        .await
        .err()
        .unwrap();
        let text = format!("{err:#}");
        assert!(text.contains("before printing its address"), "{text}");
        assert!(text.contains("exit status"), "{text}");
        assert!(text.contains("serve"), "{text}");
        assert!(text.contains("standard error ended with"), "{text}");
    }
}
