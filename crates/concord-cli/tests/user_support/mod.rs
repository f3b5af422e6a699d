//! Helpers for the `concord user` and `concord token` tests: the built `concord` binary run
//! against a SQLite file in a temporary directory, and the same file opened as a store to check
//! what the commands wrote.

#![allow(dead_code, reason = "each test file uses a different part")]
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::io::Write;
use std::process::{Command, Stdio};

use concord_store::{AuditEntry, Store};
use concord_store_sqlite::SqliteStore;
use concord_testkit::TempSqlite;

/// What a run of `concord` printed, and whether it succeeded.
#[derive(Debug)]
pub struct Run {
    /// The exit status was success.
    pub ok: bool,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// A database file for the commands to share.
pub struct Db {
    pub dir: TempSqlite,
}

impl Db {
    /// A fresh temporary database (created by the first command).
    pub fn new() -> Self {
        Self {
            dir: TempSqlite::new().unwrap(),
        }
    }

    /// Runs `concord ARGS --database URL` with `stdin` as standard input and no `CONCORD_*`
    /// settings from the environment.
    pub fn run(&self, args: &[&str], stdin: &str) -> Run {
        run_on(self.dir.url(), args, stdin)
    }

    /// Like [`Db::run`], failing the test when the command fails.
    pub fn ok(&self, args: &[&str], stdin: &str) -> Run {
        let run = self.run(args, stdin);
        assert!(run.ok, "concord {args:?} failed: {}", run.stderr);
        run
    }

    /// Like [`Db::run`], failing the test when the command succeeds; returns standard error.
    pub fn fails(&self, args: &[&str], stdin: &str) -> String {
        let run = self.run(args, stdin);
        assert!(!run.ok, "concord {args:?} should have failed: {run:?}");
        run.stderr
    }

    /// The database, opened as a store (after the commands have exited).
    pub async fn store(&self) -> SqliteStore {
        SqliteStore::open(self.dir.url()).await.unwrap()
    }
}

/// Runs the built `concord` binary on the database at `url`.
pub fn run_on(url: &str, args: &[&str], stdin: &str) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_concord"));
    command.args(args).args(["--database", url]);
    for (key, _) in std::env::vars() {
        if key.starts_with("CONCORD_") {
            command.env_remove(key);
        }
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    match input.write_all(stdin.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("writing stdin: {e}"),
        _ => drop(input),
    }
    let out = child.wait_with_output().unwrap();
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The whole audit log, oldest first.
pub async fn audit(store: &dyn Store) -> Vec<AuditEntry> {
    let mut log = store.audit_log(None, 1_000).await.unwrap();
    log.reverse();
    log
}
