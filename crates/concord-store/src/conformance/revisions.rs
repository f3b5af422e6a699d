//! Cases: the revision log, a record's history and single revisions.

use concord_domain::revision::RevisionAction;
use concord_domain::{Record, RevisionId, Visibility};

use super::fixture::{admin, glossary_term, need, organisation, visitor};
use super::support::{assert_not_found, create, update};
use crate::Store;

/// Create, update, delete and restore each add exactly one revision at the head of the log.
pub async fn every_write_appends_one_revision(store: &dyn Store) {
    let mut org = organisation("Log museum").build();
    let start = store.head().await.unwrap();
    let created = create(store, &org).await;
    org.name = "Log museum II".into();
    let updated = update(store, &org, created).await;
    let deleted = store
        .delete(&admin(), org.key(), updated, "d")
        .await
        .unwrap();
    let restored = store
        .restore(&admin(), org.key(), deleted, "r")
        .await
        .unwrap();
    let ids = [created, updated, deleted, restored];
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert!(created > start);
    assert_eq!(store.head().await.unwrap(), restored);
    let log = store.revisions_since(start, 100).await.unwrap();
    let actions: Vec<_> = log.iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        [
            RevisionAction::Create,
            RevisionAction::Update,
            RevisionAction::Delete,
            RevisionAction::Restore
        ]
    );
    assert_eq!(log.iter().map(|r| r.id).collect::<Vec<_>>(), ids);
    assert!(log.iter().all(|r| r.record == org.key()));
    // The log carries no author; the record's history does, for the same four revisions.
    let history = store.history(&admin(), org.key()).await.unwrap();
    assert_eq!(history.len(), 4);
    assert!(history.iter().all(|m| m.author == "admin"));
    let restored_body: serde_json::Value = serde_json::from_str(&log[3].snapshot).unwrap();
    assert_eq!(restored_body, serde_json::to_value(&org).unwrap());
}

/// A record's history lists its revisions newest first, with author and summary.
pub async fn history_is_newest_first(store: &dyn Store) {
    let mut org = organisation("History museum").build();
    let first = create(store, &org).await;
    org.name = "History museum II".into();
    let second = update(store, &org, first).await;
    let other = organisation("Unrelated").build();
    create(store, &other).await;
    let history = store.history(&admin(), org.key()).await.unwrap();
    let ids: Vec<RevisionId> = history.iter().map(|m| m.id).collect();
    assert_eq!(ids, [second, first]);
    assert_eq!(history[0].summary, "update");
    assert_eq!(history[1].action, RevisionAction::Create);
    assert!(history[0].at >= history[1].at);
}

/// An old snapshot that was restricted stays hidden after the record becomes public.
pub async fn a_snapshot_keeps_the_visibility_it_had(store: &dyn Store) {
    let mut org = organisation("Once secret")
        .visibility(Visibility::Restricted)
        .build();
    let secret = create(store, &org).await;
    org.visibility = Visibility::Public;
    let public = update(store, &org, secret).await;
    assert!(store.revision(&visitor(), org.key(), public).await.is_ok());
    assert_not_found(
        store.revision(&visitor(), org.key(), secret).await,
        "restricted snapshot for a visitor",
    );
    let seen = store.revision(&admin(), org.key(), secret).await.unwrap();
    assert_eq!(seen.snapshot["visibility"], "restricted");
    // The restricted draft is not even listed for the visitor.
    assert_eq!(store.history(&visitor(), org.key()).await.unwrap().len(), 1);
    assert_eq!(store.history(&admin(), org.key()).await.unwrap().len(), 2);
}

/// `revisions_since` returns the log in id order across kinds, `limit` at a time.
pub async fn revisions_since_follows_the_log_in_order(store: &dyn Store) {
    let start = store.head().await.unwrap();
    let entity = organisation("Wikimedia Deutschland")
        .movement_entity("chapter")
        .build();
    let mut written = vec![create(store, &entity).await];
    written.push(create(store, &need("Scans").entity(entity.id).build()).await);
    written.push(
        create(
            store,
            &glossary_term("Alliance", "A long-term partnership."),
        )
        .await,
    );
    written.push(create(store, &organisation("Second").build()).await);
    let mut seen = Vec::new();
    let mut after = start;
    loop {
        let page = store.revisions_since(after, 3).await.unwrap();
        assert!(page.len() <= 3);
        let Some(last) = page.last() else { break };
        after = last.id;
        seen.extend(page.iter().map(|r| r.id));
    }
    assert_eq!(seen, written);
    let all = store.revisions_since(start, 10).await.unwrap();
    assert_eq!(all[1].record.kind, concord_domain::RecordKind::Need);
    // The snapshot is the text the record was stored as, byte for byte.
    assert_eq!(all[0].snapshot, serde_json::to_string(&entity).unwrap());
}

/// Asking for a revision under another record's key is `NotFound`.
pub async fn a_revision_of_another_record_is_not_found(store: &dyn Store) {
    let a = organisation("A").build();
    let b = organisation("B").build();
    let rev_a = create(store, &a).await;
    create(store, &b).await;
    assert_not_found(
        store.revision(&admin(), b.key(), rev_a).await,
        "A's revision under B",
    );
    assert_not_found(
        store
            .revision(&admin(), a.key(), RevisionId(rev_a.0 + 1_000))
            .await,
        "a revision that does not exist",
    );
}
