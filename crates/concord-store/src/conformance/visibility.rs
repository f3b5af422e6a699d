//! Cases: the visibility rule on every read. A record a viewer may not see does not exist for
//! them: `get`, `history` and `revision` say `NotFound`, and `list` leaves it out.

use concord_domain::{Partnership, Record, RecordKind, Viewer, Visibility};

use super::fixture::{admin, member, organisation, partnership, steward, visitor};
use super::support::{assert_not_found, create};
use crate::Store;
use crate::StoreError;

/// The expected table: for each viewer, which of public, movement, parties and restricted it
/// sees on a partnership whose lead is `entity`.
fn viewers(
    entity: concord_domain::OrganisationId,
    other: concord_domain::OrganisationId,
) -> Vec<(&'static str, Viewer, [bool; 4])> {
    vec![
        ("visitor", visitor(), [true, false, false, false]),
        ("member", member(), [true, true, false, false]),
        (
            "steward of a party",
            steward(entity),
            [true, true, true, false],
        ),
        (
            "steward of another entity",
            steward(other),
            [true, true, false, false],
        ),
        ("admin", admin(), [true, true, true, true]),
    ]
}

/// Each viewer × each visibility, on get, list, history and revision.
pub async fn hidden_records_are_not_found_for_each_viewer(store: &dyn Store) {
    let entity = organisation("Wikimedia Sverige")
        .movement_entity("chapter")
        .build();
    let other = organisation("Wikimedia Norge")
        .movement_entity("chapter")
        .build();
    create(store, &entity).await;
    create(store, &other).await;
    let mut records: Vec<(Partnership, concord_domain::RevisionId)> = Vec::new();
    for v in Visibility::ALL {
        let p = partnership(v.as_str())
            .lead(entity.id)
            .visibility(v)
            .build();
        let rev = create(store, &p).await;
        records.push((p, rev));
    }
    for (name, who, expected) in viewers(entity.id, other.id) {
        let listed = store
            .list(&who, RecordKind::Partnership, None, 100)
            .await
            .unwrap();
        for ((p, rev), sees) in records.iter().zip(expected) {
            let what = format!("{name} on a {} partnership", p.visibility.as_str());
            let key = p.key();
            let in_list = listed.iter().any(|d| d.key == key);
            assert_eq!(in_list, sees, "list: {what}");
            if sees {
                assert_eq!(store.get(&who, key).await.unwrap().revision, *rev, "{what}");
                assert_eq!(store.history(&who, key).await.unwrap().len(), 1, "{what}");
                assert!(store.revision(&who, key, *rev).await.is_ok(), "{what}");
            } else {
                assert_not_found(store.get(&who, key).await, &format!("get: {what}"));
                assert_not_found(store.history(&who, key).await, &format!("history: {what}"));
                let revision = store.revision(&who, key, *rev).await;
                assert_not_found(revision, &format!("revision: {what}"));
            }
        }
    }
}

/// `list` pages by id after a cursor and fills each page with visible records only.
pub async fn list_pages_by_id_and_respects_visibility(store: &dyn Store) {
    let mut public = Vec::new();
    for i in 0..7 {
        let hidden = organisation(&format!("Hidden {i}"))
            .visibility(Visibility::Movement)
            .build();
        create(store, &hidden).await;
        let shown = organisation(&format!("Shown {i}")).build();
        create(store, &shown).await;
        public.push(shown.id.0);
    }
    public.sort();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list(&visitor(), RecordKind::Organisation, after, 3)
            .await
            .unwrap();
        assert!(page.len() <= 3);
        seen.extend(page.iter().map(|d| d.key.id));
        match page.last() {
            Some(last) if page.len() == 3 => after = Some(last.key.id),
            _ => break,
        }
    }
    assert_eq!(seen, public);
    let all = store
        .list(&member(), RecordKind::Organisation, None, 100)
        .await
        .unwrap();
    assert_eq!(all.len(), 14);
    assert!(all.windows(2).all(|w| w[0].key.id < w[1].key.id));
    assert!(
        store
            .list(&visitor(), RecordKind::Need, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

/// A viewer who may not see a record cannot learn that it exists by editing it.
pub async fn a_stale_update_by_a_viewer_who_cannot_see_the_record_is_not_found(store: &dyn Store) {
    let org = organisation("Secret")
        .visibility(Visibility::Restricted)
        .build();
    let rev = create(store, &org).await;
    let stale = concord_domain::RevisionId(rev.0 - 1);
    let result = crate::typed::StoreExt::update_record(store, &member(), &org, stale, "x").await;
    assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
    let deleted = store.delete(&member(), org.key(), rev, "x").await;
    assert_not_found(deleted, "delete by a member");
}

/// `get_many` returns each visible record once, deleted ones included, and leaves out what is
/// missing, hidden or of another kind.
pub async fn get_many_returns_exactly_the_visible_records(store: &dyn Store) {
    let public = organisation("Public").build();
    let movement = organisation("Movement")
        .visibility(Visibility::Movement)
        .build();
    let restricted = organisation("Restricted")
        .visibility(Visibility::Restricted)
        .build();
    let gone = organisation("Gone").build();
    for org in [&public, &movement, &restricted] {
        create(store, org).await;
    }
    let rev = create(store, &gone).await;
    store
        .delete(&admin(), gone.key(), rev, "gone")
        .await
        .unwrap();
    let missing = organisation("Never stored").build();
    let other_kind = concord_domain::RecordKey {
        kind: RecordKind::Partnership,
        id: public.id.0,
    };
    let keys = [
        public.key(),
        movement.key(),
        restricted.key(),
        gone.key(),
        missing.key(),
        other_kind,
        public.key(),
    ];
    let cases = [
        (visitor(), vec![public.key(), gone.key()]),
        (member(), vec![public.key(), movement.key(), gone.key()]),
        (
            admin(),
            vec![public.key(), movement.key(), restricted.key(), gone.key()],
        ),
    ];
    for (who, expected) in cases {
        let docs = store.get_many(&who, &keys).await.unwrap();
        let mut got: Vec<_> = docs.iter().map(|d| d.key.id).collect();
        got.sort();
        let mut want: Vec<_> = expected.iter().map(|k| k.id).collect();
        want.sort();
        assert_eq!(got, want, "{who:?}");
        for doc in docs {
            let one = store.get(&who, doc.key).await.unwrap();
            assert_eq!(doc, one, "get_many and get agree on {}", doc.key);
        }
    }
    assert!(store.get_many(&admin(), &[]).await.unwrap().is_empty());
}

/// A record made public after a restricted draft: a member sees its history from the moment it
/// became visible to them, never the revisions (nor their authors and summaries) from before.
pub async fn history_leaves_out_revisions_made_while_the_record_was_hidden(store: &dyn Store) {
    let mut org = organisation("Draft partner")
        .visibility(Visibility::Restricted)
        .build();
    let draft = create(store, &org).await;
    org.visibility = Visibility::Public;
    let public = super::support::update(store, &org, draft).await;
    let seen: Vec<_> = store
        .history(&member(), org.key())
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(seen, vec![public]);
    let all: Vec<_> = store
        .history(&admin(), org.key())
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(all, vec![public, draft]);
}
