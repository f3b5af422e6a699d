//! Exports obey the one visibility rule for every kind of viewer (issue #3, item 7): `concord
//! export` as a visitor, `--as` each kind of account, and `--all`, over partnerships at every
//! level, checked against one table written out here. Exports above public are audited.

#![expect(
    clippy::unwrap_used,
    reason = "test code: a failed step is a failed test"
)]

mod user_support;

use concord_domain::{Organisation, Partnership, Visibility};
use concord_store::AuditKind;
use concord_store::conformance::support::create;
use concord_testkit::{organisation, partnership};
use user_support::{Db, audit};

/// The levels of the partnerships, in the table's column order. Each is between chapter A and a
/// partner, so a steward of A is a steward of a party and a steward of B is not.
const LEVELS: [Visibility; 4] = [
    Visibility::Public,
    Visibility::Movement,
    Visibility::Parties,
    Visibility::Restricted,
];

/// Who runs the export (`--as` an account with this role, or none), and which levels they get.
fn table(a: &Organisation, b: &Organisation) -> Vec<(&'static str, Option<String>, [bool; 4])> {
    vec![
        ("visitor", None, [true, false, false, false]),
        ("member", Some("member".into()), [true, true, false, false]),
        (
            "steward of a party",
            Some(format!("steward:{}", a.id)),
            [true, true, true, false],
        ),
        (
            "steward of another entity",
            Some(format!("steward:{}", b.id)),
            [true, true, false, false],
        ),
        (
            "approver",
            Some("approver".into()),
            [true, true, false, false],
        ),
        ("admin", Some("admin".into()), [true, true, true, true]),
    ]
}

/// Titles in a JSON lines export.
fn titles(jsonl: &str) -> Vec<String> {
    let mut titles: Vec<String> = jsonl
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            record["title"]["en"].as_str().unwrap().to_owned()
        })
        .collect();
    titles.sort();
    titles
}

async fn world(db: &Db) -> (Organisation, Organisation, Vec<Partnership>) {
    let store = db.store().await;
    let chapter = |name| organisation(name).movement_entity("chapter").build();
    let (a, b, partner) = (
        chapter("Chapter A"),
        chapter("Chapter B"),
        organisation("P").build(),
    );
    for org in [&a, &b, &partner] {
        create(&store, org).await;
    }
    let mut made = Vec::new();
    for level in LEVELS {
        let p = partnership(&format!("Alliance at {}", level.as_str()))
            .lead(a.id)
            .partner(partner.id)
            .visibility(level)
            .build();
        create(&store, &p).await;
        made.push(p);
    }
    (a, b, made)
}

#[tokio::test]
async fn every_viewer_exports_exactly_the_partnerships_the_table_allows() {
    let db = Db::new();
    db.ok(&["migrate"], "");
    let (a, b, made) = world(&db).await;
    for (who, role, sees) in table(&a, &b) {
        let mut args = vec!["export", "--kind", "partnership"];
        let username = who.replace(' ', "_");
        if let Some(role) = &role {
            db.ok(
                &[
                    "user",
                    "add",
                    &username,
                    "--display-name",
                    who,
                    "--role",
                    role,
                ],
                "",
            );
            args.extend(["--as", username.as_str()]);
        }
        let mut expected: Vec<String> = made
            .iter()
            .zip(sees)
            .filter(|(_, seen)| *seen)
            .map(|(p, _)| p.title.0["en"].clone())
            .collect();
        expected.sort();
        let out = db.ok(&args, "").stdout;
        assert_eq!(titles(&out), expected, "{who}");
    }
    let all = db
        .ok(&["export", "--kind", "partnership", "--all"], "")
        .stdout;
    assert_eq!(titles(&all).len(), LEVELS.len());
}

#[tokio::test]
async fn an_export_as_an_account_is_audited_and_one_as_a_disabled_or_unknown_account_is_refused() {
    let db = Db::new();
    db.ok(&["user", "add", "mia", "--display-name", "Mia"], "");
    db.ok(&["export", "--kind", "partnership", "--as", "mia"], "");
    let store = db.store().await;
    let last = audit(&store).await.pop().unwrap();
    assert_eq!(last.event.kind, AuditKind::RestrictedExport);
    assert_eq!(last.event.detail["as"], "mia");
    let unknown = db.fails(&["export", "--as", "nobody"], "");
    assert!(unknown.contains("no account named \"nobody\""), "{unknown}");
    db.ok(&["user", "disable", "mia"], "");
    let disabled = db.fails(&["export", "--as", "mia"], "");
    assert!(disabled.contains("disabled"), "{disabled}");
    let both = db.fails(&["export", "--as", "mia", "--all"], "");
    assert!(both.contains("cannot be used with"), "{both}");
    let count = audit(&store).await.len();
    db.ok(&["export", "--kind", "partnership"], "");
    assert_eq!(
        audit(&store).await.len(),
        count,
        "a public export is not audited"
    );
}

#[tokio::test]
async fn a_restricted_record_is_in_the_export_of_the_accounts_it_names_only() {
    use concord_store::AccountStore;
    let db = Db::new();
    db.ok(&["migrate"], "");
    for name in ["named", "unnamed"] {
        let args = [
            "user",
            "add",
            name,
            "--display-name",
            name,
            "--role",
            "member",
        ];
        db.ok(&args, "");
    }
    let store = db.store().await;
    let named = store.account_by_username("named").await.unwrap().id;
    let p = partnership("Confidential alliance")
        .visibility(Visibility::Restricted)
        .readers(&[named])
        .build();
    create(&store, &p).await;
    let export = |who: &str| {
        let args = ["export", "--kind", "partnership", "--as", who];
        titles(&db.ok(&args, "").stdout)
    };
    assert_eq!(export("named"), ["Confidential alliance"]);
    assert!(export("unnamed").is_empty());
}
