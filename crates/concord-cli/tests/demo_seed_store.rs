//! Loading the demo's partnerships into a fresh SQLite store: every record is created once,
//! parties resolve to the movement entities already there, partners that an earlier import
//! created are reused, and a second load changes nothing.

use std::collections::BTreeSet;

use concord_cli::demo::seed::{SeedReport, load_seed_partnerships};
use concord_cli::demo::seed_file::{PartyRef, SeedFile};
use concord_domain::organisation::MovementEntity;
use concord_domain::record::RecordKind;
use concord_domain::{Organisation, OrganisationId, Partnership, RelationshipStatus, Viewer};
use concord_store::{Store, StoreExt, new_id};
use concord_store_sqlite::SqliteStore;

fn organisation(name: &str, country: Option<&str>, kind: &str) -> Organisation {
    Organisation {
        country: country.map(str::to_owned),
        relationship: RelationshipStatus::Partner,
        ..Organisation::new(OrganisationId(new_id()), name.to_owned(), kind.to_owned())
    }
}

/// The movement entities the file names, stored as the affiliates import would store them.
async fn insert_entities(store: &dyn Store, who: &Viewer, file: &SeedFile) -> anyhow::Result<()> {
    let mut entities = BTreeSet::new();
    for party in file.partnerships.iter().flat_map(|p| &p.parties) {
        if let PartyRef::Entity { name, country } = party.reference()? {
            entities.insert((name.to_owned(), country.map(str::to_owned)));
        }
    }
    for (name, country) in entities {
        let mut org = organisation(&name, country.as_deref(), "nonprofit");
        org.movement_entity = Some(MovementEntity {
            kind: if name == "Wikimedia Foundation" {
                "foundation".into()
            } else {
                "chapter".into()
            },
            countries: country.into_iter().collect(),
            regions: vec![],
            themes: vec![],
        });
        store.create_record(who, &org, "affiliates").await?;
    }
    Ok(())
}

async fn all_partnerships(store: &dyn Store) -> anyhow::Result<Vec<Partnership>> {
    let docs = store
        .list(&Viewer::system("test"), RecordKind::Partnership, None, 1000)
        .await?;
    let mut out = Vec::new();
    for d in docs {
        out.push(serde_json::from_value(d.body)?);
    }
    Ok(out)
}

#[tokio::test]
async fn loading_twice_creates_each_record_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("demo.db").display());
    let store = SqliteStore::open(&url).await.unwrap();
    let who = Viewer::system("demo");
    let file = SeedFile::bundled().unwrap();
    insert_entities(&store, &who, &file).await.unwrap();

    // The GLAM import got there first with the Bundesarchiv, under another name.
    let mut imported = organisation("Bundesarchiv (Deutschland)", Some("DE"), "archive");
    imported.identifiers.wikidata = Some("Q685753".into());
    store
        .create_record(&who, &imported, "glam import")
        .await
        .unwrap();

    let orgs_before = store.count(RecordKind::Organisation).await.unwrap();
    let first = load_seed_partnerships(&store, &who).await.unwrap();
    assert_eq!(
        first,
        SeedReport {
            organisations_created: file.organisations.len() - 1,
            organisations_reused: 1,
            partnerships_created: file.partnerships.len(),
            partnerships_skipped: 0,
        }
    );
    let orgs = store.count(RecordKind::Organisation).await.unwrap();
    let partnerships = store.count(RecordKind::Partnership).await.unwrap();
    assert_eq!(orgs, orgs_before + file.organisations.len() as u64 - 1);
    assert_eq!(partnerships, file.partnerships.len() as u64);

    let bundesarchiv = all_partnerships(&store)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.tags.iter().any(|t| t == "demo:bundesarchiv"))
        .unwrap();
    assert!(bundesarchiv.party_ids().contains(&imported.id));

    let second = load_seed_partnerships(&store, &who).await.unwrap();
    assert_eq!(
        second,
        SeedReport {
            organisations_created: 0,
            organisations_reused: file.organisations.len(),
            partnerships_created: 0,
            partnerships_skipped: file.partnerships.len(),
        }
    );
    assert_eq!(store.count(RecordKind::Organisation).await.unwrap(), orgs);
    assert_eq!(
        store.count(RecordKind::Partnership).await.unwrap(),
        partnerships
    );
}

#[tokio::test]
async fn a_missing_movement_entity_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("demo.db").display());
    let store = SqliteStore::open(&url).await.unwrap();
    let err = load_seed_partnerships(&store, &Viewer::system("demo"))
        .await
        .unwrap_err();
    let message = format!("{err:#}");
    assert!(message.contains("movement entity"), "{message}");
    assert!(message.contains("import wikimedia-affiliates"), "{message}");
    assert_eq!(store.count(RecordKind::Organisation).await.unwrap(), 0);
}

#[tokio::test]
async fn the_demo_rules_are_written_once_and_name_the_approver() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("demo.db").display());
    let store = SqliteStore::open(&url).await.unwrap();
    let who = Viewer::system("demo");
    let approver = concord_domain::AccountId(concord_store::new_id());
    let first = concord_cli::demo::load_demo_rules(&store, &who, approver)
        .await
        .unwrap();
    assert_eq!(first, 2);
    let again = concord_cli::demo::load_demo_rules(&store, &who, approver)
        .await
        .unwrap();
    assert_eq!(again, 0, "a second run leaves the rules as they are");
    assert_eq!(store.count(RecordKind::RedLine).await.unwrap(), 1);
    let policies = store
        .list(&who, RecordKind::ApprovalPolicy, None, 10)
        .await
        .unwrap();
    assert_eq!(policies.len(), 1);
    assert_eq!(
        policies[0].body["approvers"],
        serde_json::json!([approver.to_string()])
    );
}
