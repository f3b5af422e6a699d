//! A newcomer's first minutes (issue #11, item 7): `concord demo` names its database, creates a
//! `demo-admin` account with a random password printed once, and says how to make more
//! accounts in that database; the command it prints works as written.
//!
//! The demo runs on a small slice of each real dataset (the first rows of every file in
//! `shared/data`), so the test takes seconds in a debug build.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step is a failed test"
)]

mod import_support;
mod user_support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use concord_domain::Role;
use concord_http::auth::password::verify_password;
use concord_store::{AccountStore, Store};
use import_support::data_dir;
use user_support::{Db, run_on};

/// The first `lines` lines of a text file.
fn head(path: &Path, lines: usize) -> String {
    let file = std::fs::File::open(path).unwrap();
    BufReader::new(file)
        .lines()
        .take(lines)
        .map(|l| l.unwrap() + "\n")
        .collect()
}

/// A data folder with the first rows of every dataset the demo reads.
fn small_data(dir: &Path) {
    let data = data_dir();
    let write = |folder: &str, file: &str, bytes: &[u8]| {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join(file), bytes).unwrap();
    };
    let affiliates = head(&data.join("wikimedia-affiliates/affiliates.csv"), 40);
    write(
        "wikimedia-affiliates",
        "affiliates.csv",
        affiliates.as_bytes(),
    );
    let glam = head(&data.join("glam-isil-wikidata/glam_isil_wikidata.csv"), 30);
    write(
        "glam-isil-wikidata",
        "glam_isil_wikidata.csv",
        glam.as_bytes(),
    );
    let ror = std::fs::File::open(data.join("ror-organisations/ror_records.jsonl.gz")).unwrap();
    let ror: String = BufReader::new(flate2::read::GzDecoder::new(ror))
        .lines()
        .take(30)
        .map(|l| l.unwrap() + "\n")
        .collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(ror.as_bytes()).unwrap();
    write(
        "ror-organisations",
        "ror_records.jsonl.gz",
        &gz.finish().unwrap(),
    );
    let universities = "world-universities/world_universities_and_domains.json";
    let all: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(data.join(universities)).unwrap()).unwrap();
    let some = serde_json::to_vec(&all[..30]).unwrap();
    write(
        "world-universities",
        "world_universities_and_domains.json",
        &some,
    );
}

/// The line after "with the password" in what the demo printed.
fn printed_password(stderr: &str) -> String {
    let mut lines = stderr
        .lines()
        .skip_while(|l| !l.contains("with the password"));
    lines.next().expect("the password announcement");
    let password = lines.find(|l| !l.trim().is_empty()).expect("a password");
    password.trim().to_owned()
}

#[tokio::test]
async fn the_demo_names_its_database_and_prints_an_admin_password_that_logs_in() {
    let db = Db::new();
    let data = tempfile::tempdir().unwrap();
    small_data(data.path());
    let data_dir = data.path().to_str().unwrap();
    let run = db.ok(&["demo", "--no-serve", "--data-dir", data_dir], "");
    let path = db.dir.path().display().to_string();
    assert!(
        run.stderr.contains("ready in") && run.stderr.contains(&path),
        "the demo names its database file: {}",
        run.stderr
    );
    let password = printed_password(&run.stderr);
    assert_eq!(password.len(), 20, "{}", run.stderr);

    let store = db.store().await;
    let admin = store.account_by_username("demo-admin").await.unwrap();
    assert!(admin.roles.contains(&Role::Admin));
    let hash = store.password_hash(admin.id).await.unwrap();
    assert!(verify_password(hash.clone(), &password).await.unwrap());
    assert!(!verify_password(hash, "not-the-password").await.unwrap());
    // The workflow's rules, so that the workflow decides something: the admin approves.
    let system = concord_domain::Viewer::system("test");
    let kind = concord_domain::RecordKind::ApprovalPolicy;
    let policies = store.list(&system, kind, None, 10).await.unwrap();
    assert_eq!(
        policies[0].body["approvers"],
        serde_json::json!([admin.id.to_string()])
    );
    let lines = store.list(&system, concord_domain::RecordKind::RedLine, None, 10);
    assert_eq!(lines.await.unwrap().len(), 1);

    let command = format!("--database sqlite:{path}");
    assert!(
        run.stderr.contains(&format!("--password-stdin {command}")),
        "it says how to add accounts to this very database: {}",
        run.stderr
    );
    let url = format!("sqlite:{path}");
    let args = [
        "user",
        "add",
        "bob",
        "--display-name",
        "Bob",
        "--role",
        "member",
        "--password-stdin",
    ];
    let added = run_on(&url, &args, "correct horse battery staple\n");
    assert!(added.ok, "{}", added.stderr);
    assert!(store.account_by_username("bob").await.is_ok());
}

#[tokio::test]
async fn every_demo_draws_a_new_password() {
    let data = tempfile::tempdir().unwrap();
    small_data(data.path());
    let data_dir = data.path().to_str().unwrap();
    let db = Db::new();
    let first = printed_password(
        &db.ok(&["demo", "--no-serve", "--data-dir", data_dir], "")
            .stderr,
    );
    let second = printed_password(
        &db.ok(&["demo", "--no-serve", "--data-dir", data_dir], "")
            .stderr,
    );
    assert_ne!(first, second);
}
