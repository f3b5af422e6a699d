//! Cases: recent changes across the registry (`Store::changes`).

use concord_domain::revision::RevisionAction;
use concord_domain::{Organisation, Record, RecordKind, RevisionId, Visibility};

use super::fixture::{admin, member, organisation, visitor};
use super::support::{create, update};
use crate::{ChangesQuery, Store};

fn newest(limit: usize) -> ChangesQuery {
    ChangesQuery {
        limit,
        ..ChangesQuery::default()
    }
}

/// Changes come newest first, each with its record's revision before it, filtered by kind
/// and author, and page on from where a page ended.
pub async fn changes_list_the_newest_first_and_page_on(store: &dyn Store) {
    let mut a = organisation("Vasamuseet").build();
    let a1 = create(store, &a).await;
    a.name = "Vasa Museum".into();
    let a2 = update(store, &a, a1).await;
    let b = organisation("Skansen").build();
    let b1 = create(store, &b).await;

    let all = store.changes(&admin(), &newest(10)).await.unwrap();
    let seen: Vec<(RevisionId, Option<RevisionId>)> = all
        .changes
        .iter()
        .map(|c| (c.revision.id, c.previous))
        .collect();
    assert_eq!(seen, [(b1, None), (a2, Some(a1)), (a1, None)]);
    assert_eq!(all.older, None);
    let first = &all.changes[0].revision;
    assert_eq!(first.record, b.key());
    assert_eq!(first.action, RevisionAction::Create);
    assert_eq!(first.author, "admin");
    assert_eq!(first.snapshot["name"], "Skansen");

    let page = store.changes(&admin(), &newest(2)).await.unwrap();
    assert_eq!(page.changes.len(), 2);
    assert_eq!(page.older, Some(a2));
    let rest = ChangesQuery {
        before: page.older,
        ..newest(2)
    };
    let rest = store.changes(&admin(), &rest).await.unwrap();
    let ids: Vec<RevisionId> = rest.changes.iter().map(|c| c.revision.id).collect();
    assert_eq!(ids, [a1]);
    assert_eq!(rest.older, None);

    let partnerships = ChangesQuery {
        kind: Some(RecordKind::Partnership),
        ..newest(10)
    };
    let none = store.changes(&admin(), &partnerships).await.unwrap();
    assert!(none.changes.is_empty());
    let someone = ChangesQuery {
        author: Some("someone else".into()),
        ..newest(10)
    };
    assert!(
        store
            .changes(&admin(), &someone)
            .await
            .unwrap()
            .changes
            .is_empty()
    );
    let by_admin = ChangesQuery {
        author: Some("admin".into()),
        kind: Some(RecordKind::Organisation),
        ..newest(10)
    };
    assert_eq!(
        store
            .changes(&admin(), &by_admin)
            .await
            .unwrap()
            .changes
            .len(),
        3
    );
}

/// A record hidden from a viewer now hides every change of it, even those made while it was
/// public; a revision made while it was hidden stays hidden once it is public, and is no
/// change's previous revision.
pub async fn changes_obey_the_records_visibility_now_and_then(store: &dyn Store) {
    let mut once_public: Organisation = organisation("Once public").build();
    let first = create(store, &once_public).await;
    once_public.visibility = Visibility::Restricted;
    update(store, &once_public, first).await;

    let mut once_hidden = organisation("Once hidden")
        .visibility(Visibility::Movement)
        .build();
    let hidden = create(store, &once_hidden).await;
    once_hidden.visibility = Visibility::Public;
    let public = update(store, &once_hidden, hidden).await;

    let names = |changes: &crate::Changes| -> Vec<(RevisionId, Option<RevisionId>)> {
        changes
            .changes
            .iter()
            .map(|c| (c.revision.id, c.previous))
            .collect()
    };
    let seen = store.changes(&visitor(), &newest(10)).await.unwrap();
    assert_eq!(names(&seen), [(public, None)]);
    let seen = store.changes(&member(), &newest(10)).await.unwrap();
    assert_eq!(names(&seen), [(public, Some(hidden)), (hidden, None)]);
    let seen = store.changes(&admin(), &newest(10)).await.unwrap();
    assert_eq!(seen.changes.len(), 4);
    assert!(
        seen.changes
            .iter()
            .any(|c| c.revision.record == once_public.key())
    );
}
