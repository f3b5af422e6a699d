//! Cases: creating, reading, updating, deleting, restoring and reverting records.

use concord_domain::revision::RevisionAction;
use concord_domain::vocabulary::{Term, Vocabulary};
use concord_domain::{
    Organisation, Partnership, Problem, Record, RecordKind, RevisionId, Role, Viewer,
};

use super::fixture::{admin, organisation, partnership};
use super::support::{assert_not_found, create, get, update};
use crate::typed::StoreExt;
use crate::{Document, Edit, Store, StoreError};

/// A created record reads back equal, with its revision and timestamps.
pub async fn create_then_get_round_trips(store: &dyn Store) {
    let org = organisation("Tropenmuseum")
        .kind("museum")
        .country("NL")
        .qid("Q1131589")
        .build();
    let rev = create(store, &org).await;
    let doc = get(store, &org).await;
    assert_eq!(doc.key, org.key());
    assert_eq!(doc.body, serde_json::to_value(&org).unwrap());
    assert_eq!(doc.revision, rev);
    assert!(!doc.deleted);
    assert_eq!(doc.created_at, doc.updated_at);
    assert_eq!(doc.author, "admin");
    let typed = store
        .get_record::<Organisation>(&admin(), org.id)
        .await
        .unwrap();
    assert_eq!(typed.record, org);
}

/// An update from an old base is refused with the record as it is now.
pub async fn update_with_stale_base_is_a_conflict_returning_the_current_record(store: &dyn Store) {
    let mut org = organisation("Nordiska museet").build();
    let first = create(store, &org).await;
    org.name = "Nordiska museet (Stockholm)".into();
    let second = update(store, &org, first).await;
    let mut stale = org.clone();
    stale.name = "Something else".into();
    match store.update_record(&admin(), &stale, first, "late").await {
        Err(StoreError::Conflict { current }) => {
            assert_eq!(current.revision, second);
            assert_eq!(current.author, "admin");
            assert_eq!(current.body, serde_json::to_value(&org).unwrap());
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(get(store, &org).await.revision, second);
}

/// A read names who wrote the latest revision, whether an edit or a delete.
pub async fn a_read_names_the_author_of_the_latest_revision(store: &dyn Store) {
    let mut org = organisation("Skansen").build();
    let first = create(store, &org).await;
    org.name = "Skansen open-air museum".into();
    let editor = Viewer::with_roles("editor", [Role::Admin]);
    let second = store
        .update_record(&editor, &org, first, "its full name")
        .await
        .unwrap();
    assert_eq!(get(store, &org).await.author, "editor");
    let many = store.get_many(&admin(), &[org.key()]).await.unwrap();
    assert_eq!(many[0].author, "editor");
    store
        .delete(&admin(), org.key(), second, "gone")
        .await
        .unwrap();
    assert_eq!(get(store, &org).await.author, "admin");
}

/// An update of a record that was never created is `NotFound`.
pub async fn update_of_a_missing_record_is_not_found(store: &dyn Store) {
    let org = organisation("Nowhere").build();
    let result = store
        .update_record(&admin(), &org, RevisionId(1), "x")
        .await;
    assert_not_found(result, "update of a missing record");
}

/// A create with an id that exists is a duplicate, and changes nothing.
pub async fn create_with_existing_id_is_a_duplicate(store: &dyn Store) {
    let org = organisation("Rijksmuseum").build();
    let rev = create(store, &org).await;
    let mut again = org.clone();
    again.name = "Rijksmuseum Amsterdam".into();
    let result = store.create_record(&admin(), &again, "again").await;
    assert!(
        matches!(result, Err(StoreError::Duplicate { .. })),
        "{result:?}"
    );
    assert_eq!(get(store, &org).await.revision, rev);
}

/// Deleting is a revision, can be undone, and keeps the body.
pub async fn delete_is_reversible_and_restore_brings_it_back(store: &dyn Store) {
    let org = organisation("Museum of Delete").build();
    let created = create(store, &org).await;
    let deleted = store
        .delete(&admin(), org.key(), created, "gone")
        .await
        .unwrap();
    let doc = get(store, &org).await;
    assert!(doc.deleted);
    assert_eq!(doc.revision, deleted);
    assert_eq!(doc.body, serde_json::to_value(&org).unwrap());
    let again = store.delete(&admin(), org.key(), deleted, "twice").await;
    assert!(
        matches!(again, Err(StoreError::Conflict { .. })),
        "{again:?}"
    );
    let stale = store
        .update_record(&admin(), &org, deleted, "edit deleted")
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let restored = store
        .restore(&admin(), org.key(), deleted, "back")
        .await
        .unwrap();
    let doc = get(store, &org).await;
    assert!(!doc.deleted);
    assert_eq!(doc.revision, restored);
    let twice = store.restore(&admin(), org.key(), restored, "twice").await;
    assert!(
        matches!(twice, Err(StoreError::Conflict { .. })),
        "{twice:?}"
    );
}

/// Deleted records are left out of lists and counts.
pub async fn deleted_records_are_not_listed(store: &dyn Store) {
    let kept = organisation("Kept").build();
    let gone = organisation("Gone").build();
    create(store, &kept).await;
    let rev = create(store, &gone).await;
    store
        .delete(&admin(), gone.key(), rev, "gone")
        .await
        .unwrap();
    let listed = store
        .list(&admin(), RecordKind::Organisation, None, 100)
        .await
        .unwrap();
    let ids: Vec<_> = listed.iter().map(|d| d.key.id).collect();
    assert_eq!(ids, vec![kept.id.0]);
    assert_eq!(store.count(RecordKind::Organisation).await.unwrap(), 1);
}

/// A partnership naming an organisation that does not exist is refused, naming the field, and
/// nothing is written.
pub async fn references_to_missing_records_are_invalid_and_write_nothing(store: &dyn Store) {
    let lead = organisation("Wikimedia Sverige")
        .movement_entity("chapter")
        .build();
    create(store, &lead).await;
    let ghost = organisation("Ghost").build();
    let p = partnership("Maps").lead(lead.id).partner(ghost.id).build();
    let head = store.head().await.unwrap();
    match store.create_record(&admin(), &p, "create").await {
        Err(StoreError::Invalid(errors)) => {
            assert!(errors.mentions("parties[1].organisation"), "{errors}");
            assert!(!errors.mentions("parties[0].organisation"), "{errors}");
            let missing = Problem::MissingReference {
                kind: "organisation".into(),
                id: ghost.id.to_string(),
            };
            assert_eq!(errors.0[0].problem, missing);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(store.head().await.unwrap(), head);
    assert_not_found(
        store.get(&admin(), p.key()).await,
        "the refused partnership",
    );
}

/// A reference to a deleted record counts as missing.
pub async fn references_to_deleted_records_are_invalid(store: &dyn Store) {
    let org = organisation("Deleted partner").build();
    let rev = create(store, &org).await;
    store
        .delete(&admin(), org.key(), rev, "gone")
        .await
        .unwrap();
    let p = partnership("With a deleted partner")
        .partner(org.id)
        .build();
    let result = store.create_record(&admin(), &p, "create").await;
    assert!(matches!(result, Err(StoreError::Invalid(_))), "{result:?}");
}

/// A revert stores the old snapshot as a new revision.
pub async fn revert_is_a_new_revision_with_the_old_snapshot(store: &dyn Store) {
    let mut p = partnership("Original title").build();
    let first = create(store, &p).await;
    let original = store.revision(&admin(), p.key(), first).await.unwrap();
    p.title = concord_domain::text::Translatable::one("en", "Vandalised");
    let second = update(store, &p, first).await;
    let old: Partnership = serde_json::from_value(original.snapshot.clone()).unwrap();
    let third = store
        .save(Edit {
            who: admin(),
            document: Document::from_record(&old).unwrap(),
            base: Some(second),
            action: RevisionAction::Revert,
            summary: format!("revert to {first}"),
        })
        .await
        .unwrap();
    assert!(third > second);
    let doc = get(store, &p).await;
    assert_eq!(doc.body, original.snapshot);
    let history = store.history(&admin(), p.key()).await.unwrap();
    assert_eq!(history[0].id, third);
    assert_eq!(history[0].action, RevisionAction::Revert);
    assert_eq!(history.len(), 3);
}

/// Terms an admin adds join the built-in defaults; adding a key again relabels it.
pub async fn added_vocabulary_terms_extend_the_defaults(store: &dyn Store) {
    let defaults = store.vocabularies().await.unwrap();
    assert!(defaults.contains(Vocabulary::OrganisationKind, "museum"));
    assert!(!defaults.contains(Vocabulary::OrganisationKind, "zoo"));
    let zoo = |label: &str| Term {
        key: "zoo".into(),
        label: label.into(),
    };
    store
        .add_term(&admin(), Vocabulary::OrganisationKind, zoo("Zoo"))
        .await
        .unwrap();
    store
        .add_term(
            &admin(),
            Vocabulary::OrganisationKind,
            zoo("Zoo or aquarium"),
        )
        .await
        .unwrap();
    let vocab = store.vocabularies().await.unwrap();
    assert!(vocab.contains(Vocabulary::OrganisationKind, "museum"));
    assert_eq!(
        vocab.label(Vocabulary::OrganisationKind, "zoo"),
        Some("Zoo or aquarium")
    );
    assert!(!vocab.contains(Vocabulary::Area, "zoo"));
}
