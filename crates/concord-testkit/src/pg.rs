//! Per-test PostgreSQL databases (DESIGN.md, "Tests"): each test gets its own database, cloned
//! from a migrated template and dropped when the test ends.
//!
//! The server is named by `CONCORD_TEST_PG_URL` (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`; the role must be allowed to create databases).
//! Without it, or when the server is unreachable, the PostgreSQL tests are skipped with a loud
//! line on stderr, except under `CI=true`, where they fail: CI must run both backends.
//!
//! The template `concord_template_<hash of the migrations>` is built once per migration set:
//! under a session advisory lock (so concurrent test processes build it once), in a scratch
//! database that is renamed only when fully migrated (so a crash never leaves a half-migrated
//! template). A new migration changes the hash, hence the template, and the new one replaces
//! the old. Cloning it costs a file copy instead of running every migration in every test.

use sqlx::{AssertSqlSafe, Connection, PgConnection};
use tokio::sync::OnceCell;

/// The PostgreSQL schema, embedded from the PostgreSQL store's migrations.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../concord-store-postgres/migrations");

/// The template's name, once this process has made sure it exists.
static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// The environment variable naming the PostgreSQL server for tests.
pub const PG_URL_VAR: &str = "CONCORD_TEST_PG_URL";

/// Advisory lock key guarding template creation across processes.
const TEMPLATE_LOCK: i64 = 0x636f_6e63_6f72_6402;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A fresh, migrated database for one test; dropped (connections and all) when this is dropped.
#[derive(Debug)]
pub struct PgTestDb {
    url: String,
    name: String,
    admin_url: String,
}

impl PgTestDb {
    /// The URL of this test's database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database name (`concord_test_…`).
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for PgTestDb {
    fn drop(&mut self) {
        // Drop cannot await, and the test's runtime may be shutting down: use a thread with its
        // own runtime, and wait for it so the database is gone before the process exits.
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || -> Result<(), BoxError> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url).await?;
                let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                sqlx::query(AssertSqlSafe(sql)).execute(&mut admin).await?;
                admin.close().await?;
                Ok(())
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("warning: could not drop test database {}: {e}", self.name),
            Err(_) => eprintln!("warning: dropping test database {} panicked", self.name),
        }
    }
}

/// A fresh database cloned from the migrated template, or `None` (after a loud line on stderr)
/// when no PostgreSQL server is configured or reachable.
///
/// # Panics
///
/// Under `CI=true` when `CONCORD_TEST_PG_URL` is unset or the server is unreachable, and
/// whenever the server is reachable but the database cannot be created.
pub async fn fresh_pg_url() -> Option<PgTestDb> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let Ok(admin_url) = std::env::var(PG_URL_VAR) else {
        if ci {
            panic!(
                "CI=true but {PG_URL_VAR} is not set: the PostgreSQL half of the conformance \
                 suite must run"
            );
        }
        skip(&format!("{PG_URL_VAR} is not set"));
        return None;
    };
    let mut admin = match PgConnection::connect(&admin_url).await {
        Ok(conn) => conn,
        Err(e) if ci => panic!("CI=true but PostgreSQL at {PG_URL_VAR} is unreachable: {e}"),
        Err(e) => {
            skip(&format!("PostgreSQL at {PG_URL_VAR} is unreachable: {e}"));
            return None;
        }
    };
    match create(&mut admin, &admin_url).await {
        Ok(db) => Some(db),
        Err(e) => panic!("could not create a test database on {PG_URL_VAR}: {e}"),
    }
}

/// Says, once per process and past the test harness's output capture, that the PostgreSQL
/// tests did not run.
fn skip(why: &str) {
    use std::io::Write;
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let line = format!(
            "\n!!! SKIPPED: the PostgreSQL tests did not run: {why}. Set \
             {PG_URL_VAR}=postgres://postgres@127.0.0.1:5432/test to run them. !!!\n\n"
        );
        // `eprintln!` would be captured by the test harness and never shown for a passing test.
        if std::io::stderr().write_all(line.as_bytes()).is_err() {
            eprintln!("{line}");
        }
    });
}

/// Clones the template into `concord_test_<uuid>`.
async fn create(admin: &mut PgConnection, admin_url: &str) -> Result<PgTestDb, BoxError> {
    let template = TEMPLATE
        .get_or_try_init(|| ensure_template(admin_url))
        .await?;
    let name = format!("concord_test_{}", uuid::Uuid::new_v4().simple());
    let sql = format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
    sqlx::query(AssertSqlSafe(sql)).execute(&mut *admin).await?;
    Ok(PgTestDb {
        url: with_database(admin_url, &name),
        name,
        admin_url: admin_url.to_owned(),
    })
}

/// Makes sure the migrated template exists; returns its name.
async fn ensure_template(admin_url: &str) -> Result<String, BoxError> {
    let name = format!("concord_template_{:016x}", migrations_hash());
    let mut admin = PgConnection::connect(admin_url).await?;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(TEMPLATE_LOCK)
        .execute(&mut admin)
        .await?;
    let built = build_template(&mut admin, admin_url, &name).await;
    // Closing the session releases the advisory lock too, should the unlock fail.
    let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(TEMPLATE_LOCK)
        .execute(&mut admin)
        .await;
    admin.close().await?;
    built?;
    unlocked?;
    Ok(name)
}

async fn build_template(
    admin: &mut PgConnection,
    admin_url: &str,
    name: &str,
) -> Result<(), BoxError> {
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut *admin)
            .await?;
    if exists {
        return Ok(());
    }
    let scratch = format!("{name}_build");
    for sql in [
        format!("DROP DATABASE IF EXISTS \"{scratch}\" WITH (FORCE)"),
        format!("CREATE DATABASE \"{scratch}\""),
    ] {
        sqlx::query(AssertSqlSafe(sql)).execute(&mut *admin).await?;
    }
    let mut conn = PgConnection::connect(&with_database(admin_url, &scratch)).await?;
    MIGRATOR.run(&mut conn).await?;
    conn.close().await?;
    let sql = format!("ALTER DATABASE \"{scratch}\" RENAME TO \"{name}\"");
    sqlx::query(AssertSqlSafe(sql)).execute(&mut *admin).await?;
    drop_stale_templates(admin, name).await
}

/// Drops the templates of earlier migration sets (still under the advisory lock), so a
/// server used for tests keeps one template, not one per schema it has seen.
async fn drop_stale_templates(admin: &mut PgConnection, current: &str) -> Result<(), BoxError> {
    let stale: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname LIKE 'concord\\_template\\_%' \
         AND datname <> $1 AND datname NOT LIKE '%\\_build'",
    )
    .bind(current)
    .fetch_all(&mut *admin)
    .await?;
    for old in stale {
        let sql = format!("DROP DATABASE IF EXISTS \"{old}\" WITH (FORCE)");
        sqlx::query(AssertSqlSafe(sql)).execute(&mut *admin).await?;
    }
    Ok(())
}

/// FNV-1a over the migrations' versions and checksums: stable across processes and builds.
fn migrations_hash() -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for m in MIGRATOR.iter() {
        for byte in m.version.to_le_bytes().iter().chain(m.checksum.iter()) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// `url` with its database name replaced by `name` (query parameters kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let host_part = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_name_is_replaced_and_parameters_kept() {
        assert_eq!(
            with_database("postgres://u@h:5432/test", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/test?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
    }
}
