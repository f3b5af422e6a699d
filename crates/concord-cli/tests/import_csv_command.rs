//! `concord import csv` as a person runs it: bad settings are refused before anything is
//! written, rejected rows land beside the file, and a dry run writes nothing.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod import_support;

use std::process::Command;

use concord_store::Store;
use concord_store_sqlite::SqliteStore;
use concord_testkit::TempSqlite;
use import_support::file;

/// Runs `concord import csv ARGS` on the database; returns success and standard error.
fn import(db: &TempSqlite, args: &[&str]) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_concord"));
    command
        .args(["import", "--database", db.url(), "csv"])
        .args(args);
    for (key, _) in std::env::vars() {
        if key.starts_with("CONCORD_") {
            command.env_remove(key);
        }
    }
    let out = command.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bad_set_or_map_value_is_named_and_nothing_is_written() {
    let db = TempSqlite::new().unwrap();
    let (_dir, path) = file("museums.csv", b"name,Typ\nKunsthalle,ART\n");
    let path = path.to_str().unwrap();
    for (args, named) in [
        (vec!["--set", "colour=red"], "colour"),
        (vec!["--set", "country"], "--set \"country\""),
        (vec!["--map-value", "kind=ART"], "FIELD:CODE=VALUE"),
        (vec!["--map-value", "colour:ART=museum"], "colour"),
        (
            vec!["--map-values", "/nonexistent/codes.csv"],
            "--map-values",
        ),
        (vec!["--rejects", path], "is the file being imported"),
    ] {
        let mut all = vec![path];
        all.extend(args.iter().copied());
        let (ok, stderr) = import(&db, &all);
        assert!(!ok, "{args:?} should fail");
        assert!(stderr.contains(named), "{args:?}: {stderr}");
        assert!(!db.path().exists(), "{args:?} created the database");
    }
}

#[tokio::test]
async fn rejected_rows_land_beside_the_file_and_a_dry_run_writes_nothing() {
    let db = TempSqlite::new().unwrap();
    let csv = "Name,Typ\nKunsthalle,ART\nZoo,ZOO\n";
    let (dir, path) = file("museums.csv", csv.as_bytes());
    let path = path.to_str().unwrap();
    let args = [path, "--map", "name=Name", "--map", "kind=Typ"];
    let mut dry = args.to_vec();
    dry.extend(["--set", "country=US", "--map-value", "kind:ART=museum"]);
    dry.push("--dry-run");
    let (ok, stderr) = import(&db, &dry);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(stderr.contains("1 created"), "{stderr}");
    assert!(!stderr.contains("0/0"), "no empty bar: {stderr}");
    let store = SqliteStore::open(db.url()).await.unwrap();
    assert_eq!(
        store.head().await.unwrap().0,
        0,
        "the dry run wrote a revision"
    );
    assert!(!dir.path().join("museums.rejected.csv").exists());

    let mut real = dry.clone();
    real.pop();
    let (ok, stderr) = import(&db, &real);
    assert!(ok, "{stderr}");
    let rejects = dir.path().join("museums.rejected.csv");
    assert!(stderr.contains(rejects.to_str().unwrap()), "{stderr}");
    let rejected = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        rejected.starts_with("Name,Typ,reason\nZoo,ZOO,\"kind:"),
        "{rejected}"
    );
}
