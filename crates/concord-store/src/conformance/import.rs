//! Cases: batch saves and import matching.

use concord_domain::revision::RevisionAction;
use concord_domain::{Record, RecordKind};

use super::fixture::{admin, organisation, partnership};
use super::support::{create, create_edit, get, update};
use crate::{Edit, Store, StoreError};

/// A batch with one bad edit writes nothing; a good batch writes every edit in order.
pub async fn save_batch_is_all_or_nothing(store: &dyn Store) {
    let existing = organisation("Already here").build();
    create(store, &existing).await;
    let head = store.head().await.unwrap();
    let a = organisation("Batch A").build();
    let b = organisation("Batch B").build();
    let ghost = organisation("Not stored").build();
    let bad = partnership("Refers to a ghost").partner(ghost.id).build();
    let edits = vec![
        create_edit(&admin(), &a),
        create_edit(&admin(), &b),
        create_edit(&admin(), &bad),
    ];
    let result = store.save_batch(edits).await;
    assert!(matches!(result, Err(StoreError::Invalid(_))), "{result:?}");
    let dup = vec![create_edit(&admin(), &a), create_edit(&admin(), &existing)];
    let result = store.save_batch(dup).await;
    assert!(
        matches!(result, Err(StoreError::Duplicate { .. })),
        "{result:?}"
    );
    assert_eq!(store.head().await.unwrap(), head);
    assert!(store.get(&admin(), a.key()).await.is_err());
    let written = store
        .save_batch(vec![create_edit(&admin(), &a), create_edit(&admin(), &b)])
        .await
        .unwrap();
    let ids: Vec<_> = written.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids[0] < ids[1] && ids[0] > head);
    assert_eq!(get(store, &a).await.revision, ids[0]);
    assert_eq!(get(store, &b).await.revision, ids[1]);
    assert!(store.save_batch(Vec::new()).await.unwrap().is_empty());
}

/// A partnership in a batch may name organisations created earlier in the same batch.
pub async fn save_batch_may_refer_to_records_created_earlier_in_the_batch(store: &dyn Store) {
    let lead = organisation("Wikimedia Italia")
        .movement_entity("chapter")
        .build();
    let partner = organisation("Museo Egizio").build();
    let p = partnership("Egyptology")
        .lead(lead.id)
        .partner(partner.id)
        .build();
    let edits = vec![
        create_edit(&admin(), &lead),
        create_edit(&admin(), &partner),
        create_edit(&admin(), &p),
    ];
    let written = store.save_batch(edits).await.unwrap();
    assert_eq!(get(store, &p).await.revision, written[2].id);
}

/// Match keys find records, deleted ones too, and a name key may match several records.
pub async fn match_keys_find_existing_records_including_deleted(store: &dyn Store) {
    let museum = organisation("Tropenmuseum")
        .country("NL")
        .qid("Q1131589")
        .build();
    let twin = organisation("Tropenmuseum").country("NL").build();
    let rev = create(store, &museum).await;
    let twin_rev = create(store, &twin).await;
    let deleted = store
        .delete(&admin(), museum.key(), rev, "gone")
        .await
        .unwrap();
    let keys = vec![
        "qid:Q1131589".to_owned(),
        "name:tropenmuseum|NL".to_owned(),
        "qid:Q42".to_owned(),
    ];
    let mut found = store
        .find_by_match_keys(RecordKind::Organisation, &keys)
        .await
        .unwrap();
    found.sort_by_key(|(k, r, _)| (k.clone(), r.id));
    let mut expected = vec![
        ("qid:Q1131589".to_owned(), museum.key(), deleted),
        ("name:tropenmuseum|NL".to_owned(), museum.key(), deleted),
        ("name:tropenmuseum|NL".to_owned(), twin.key(), twin_rev),
    ];
    expected.sort_by_key(|(k, r, _)| (k.clone(), r.id));
    assert_eq!(found, expected);
    let other_kind = store
        .find_by_match_keys(RecordKind::Partnership, &keys)
        .await
        .unwrap();
    assert!(other_kind.is_empty());
    assert!(
        store
            .find_by_match_keys(RecordKind::Organisation, &[])
            .await
            .unwrap()
            .is_empty()
    );
}

/// After an update, the old keys no longer match and the new ones do.
pub async fn an_update_replaces_the_match_keys(store: &dyn Store) {
    let mut org = organisation("Old name").qid("Q1").build();
    let rev = create(store, &org).await;
    org.name = "New name".into();
    org.identifiers.wikidata = Some("Q2".into());
    update(store, &org, rev).await;
    let keys: Vec<String> = ["qid:Q1", "name:old name|", "qid:Q2", "name:new name|"]
        .map(str::to_owned)
        .to_vec();
    let found = store
        .find_by_match_keys(RecordKind::Organisation, &keys)
        .await
        .unwrap();
    let mut matched: Vec<&str> = found.iter().map(|(k, _, _)| k.as_str()).collect();
    matched.sort_unstable();
    assert_eq!(matched, ["name:new name|", "qid:Q2"]);
}

/// A batch far larger than one statement's bound values (SQLite: 32,766 a statement) is written
/// whole, in order: every record, its revision and its match keys; and a second batch that
/// updates them all replaces every old key.
pub async fn a_batch_of_several_statements_is_written_whole(store: &dyn Store) {
    const N: usize = 7_000;
    let start = store.head().await.unwrap();
    let mut orgs: Vec<_> = (0..N)
        .map(|i| {
            organisation(&format!("Batch museum {i}"))
                .country("SE")
                .qid(&format!("Q{}", 5_000_000 + i))
                .build()
        })
        .collect();
    let created = store
        .save_batch(orgs.iter().map(|o| create_edit(&admin(), o)).collect())
        .await
        .unwrap();
    let created_log = created.clone();
    let created: Vec<_> = created.into_iter().map(|r| r.id).collect();
    assert_eq!(created.len(), N);
    assert!(created.windows(2).all(|w| w[0] < w[1]) && created[0] > start);
    for o in &mut orgs {
        o.name = o.name.replace("Batch museum", "Renamed museum");
    }
    let updates = orgs
        .iter()
        .zip(&created)
        .map(|(o, base)| Edit {
            base: Some(*base),
            action: RevisionAction::Update,
            ..create_edit(&admin(), o)
        })
        .collect();
    let updated_log = store.save_batch(updates).await.unwrap();
    let updated: Vec<_> = updated_log.iter().map(|r| r.id).collect();
    assert_eq!(updated.len(), N);
    assert!(updated[0] > created[N - 1]);

    // What the batches returned is the log exactly as it reads back: ids, records, actions,
    // times and snapshot texts (a search index takes the one in place of the other).
    let log = store.revisions_since(start, 3 * N).await.unwrap();
    let returned: Vec<_> = created_log.into_iter().chain(updated_log).collect();
    assert!(
        log == returned,
        "the log differs from what save_batch returned"
    );
    assert!(
        log[..N].iter().all(|r| r.action == RevisionAction::Create)
            && log[N..].iter().all(|r| r.action == RevisionAction::Update)
    );
    for i in [0, 3_276, 3_277, N - 1] {
        assert_eq!(
            get(store, &orgs[i]).await.revision,
            updated[i],
            "record {i}"
        );
        let stored: serde_json::Value = serde_json::from_str(&log[N + i].snapshot).unwrap();
        assert_eq!(
            stored,
            serde_json::to_value(&orgs[i]).unwrap(),
            "snapshot {i}"
        );
    }
    let keyed = |key: &dyn Fn(usize) -> String| (0..N).map(key).collect::<Vec<String>>();
    let found = matches(store, keyed(&|i| format!("name:renamed museum {i}|SE"))).await;
    assert_eq!(found.len(), N);
    let stale = matches(store, keyed(&|i| format!("name:batch museum {i}|SE"))).await;
    assert!(stale.is_empty(), "{} old keys left", stale.len());
    let by_qid = matches(store, keyed(&|i| format!("qid:Q{}", 5_000_000 + i))).await;
    assert!(by_qid.iter().all(|(_, _, rev)| *rev > created[N - 1]));
    assert_eq!(by_qid.len(), N);
}

/// The organisations that carry any of `keys`, as `find_by_match_keys` gives them.
async fn matches(
    store: &dyn Store,
    keys: Vec<String>,
) -> Vec<(
    String,
    concord_domain::record::RecordKey,
    concord_domain::RevisionId,
)> {
    store
        .find_by_match_keys(RecordKind::Organisation, &keys)
        .await
        .unwrap()
}
