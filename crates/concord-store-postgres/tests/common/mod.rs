//! Helpers for this crate's own PostgreSQL tests.

use concord_domain::revision::RevisionAction;
use concord_domain::{Need, Organisation, Viewer};
use concord_store::{Document, Edit};
use concord_store_postgres::PgStore;
use concord_testkit::pg::{PgTestDb, fresh_pg_url};
use serde_json::json;
use uuid::Uuid;

/// A fresh migrated store and the guard that drops its database, or `None` to skip.
pub async fn store() -> Option<(PgStore, PgTestDb)> {
    let db = fresh_pg_url().await?;
    let store = PgStore::connect(db.url()).await.expect("connect");
    Some((store, db))
}

/// An organisation named `name`.
pub fn organisation(name: &str) -> Organisation {
    serde_json::from_value(json!({
        "id": Uuid::now_v7(),
        "name": name,
        "kind": "museum",
        "country": "SE",
        "identifiers": {"wikidata": format!("Q{}", name.len())},
    }))
    .expect("organisation")
}

/// A need of `entity`.
pub fn need(entity: Uuid) -> Need {
    serde_json::from_value(json!({
        "id": Uuid::now_v7(),
        "title": {"en": "Scans"},
        "area": "content_glam",
        "movement_entity": entity,
    }))
    .expect("need")
}

/// A create of `record` by an admin.
pub fn create<R: concord_domain::Record>(record: &R) -> Edit {
    Edit {
        who: Viewer::system("test"),
        document: Document::from_record(record).expect("document"),
        base: None,
        action: RevisionAction::Create,
        summary: "created".into(),
    }
}
