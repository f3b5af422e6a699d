//! Cases: `restricted` means named people and admins. A record names the accounts that may see
//! it at `restricted` (its readers); every read obeys, and each revision keeps the readers it
//! had, so being named later does not reveal what was written before.

use concord_domain::{AccountId, Partnership, Record, RecordKind, RevisionId, Visibility};

use super::fixture::{admin, member, member_with_account, partnership};
use super::support::{assert_not_found, create, update};
use crate::Store;

fn account(n: u128) -> AccountId {
    AccountId(uuid::Uuid::from_u128(n))
}

fn restricted(title: &str, readers: &[AccountId]) -> Partnership {
    partnership(title)
        .visibility(Visibility::Restricted)
        .readers(readers)
        .build()
}

/// The named account reads the record on every read; a member with another account, or with
/// none, finds nothing.
pub async fn a_named_account_sees_a_restricted_record_and_an_unnamed_one_does_not(
    store: &dyn Store,
) {
    let named = member_with_account(account(1));
    let p = restricted("Confidential agreement", &[account(1)]);
    let rev = create(store, &p).await;
    let key = p.key();
    let doc = store.get(&named, key).await.unwrap();
    assert_eq!(doc.readers, vec![account(1)]);
    let listed = store.list(&named, RecordKind::Partnership, None, 10).await;
    assert_eq!(listed.unwrap().len(), 1);
    assert_eq!(store.get_many(&named, &[key]).await.unwrap().len(), 1);
    assert_eq!(store.history(&named, key).await.unwrap().len(), 1);
    assert!(store.revision(&named, key, rev).await.is_ok());
    for (name, who) in [
        ("unnamed account", member_with_account(account(2))),
        ("member without account", member()),
    ] {
        assert_not_found(store.get(&who, key).await, name);
        assert_not_found(store.history(&who, key).await, name);
        assert_not_found(store.revision(&who, key, rev).await, name);
        let listed = store.list(&who, RecordKind::Partnership, None, 10).await;
        assert!(listed.unwrap().is_empty(), "{name}");
        assert!(store.get_many(&who, &[key]).await.unwrap().is_empty());
    }
    assert!(store.get(&admin(), key).await.is_ok());
}

/// Named after its first revision, a reader sees the later revisions only; once the name is
/// removed, the record and all its revisions are hidden from them again.
pub async fn removing_a_name_hides_the_record_and_revisions_made_while_unnamed(store: &dyn Store) {
    let reader = member_with_account(account(3));
    let mut p = restricted("Board minutes", &[]);
    let first = create(store, &p).await;
    p.readers = vec![account(3)];
    let named = update(store, &p, first).await;
    let key = p.key();
    let ids = |h: Vec<crate::RevisionMeta>| h.into_iter().map(|m| m.id).collect::<Vec<_>>();
    let history = store.history(&reader, key).await.unwrap();
    assert_eq!(ids(history), vec![named]);
    assert_not_found(store.revision(&reader, key, first).await, "before named");
    assert!(store.revision(&reader, key, named).await.is_ok());
    p.readers.clear();
    let unnamed: RevisionId = update(store, &p, named).await;
    assert_not_found(store.get(&reader, key).await, "get after unnamed");
    assert_not_found(store.history(&reader, key).await, "history after unnamed");
    for rev in [first, named, unnamed] {
        assert_not_found(store.revision(&reader, key, rev).await, "revision");
    }
    let admin_history = store.history(&admin(), key).await.unwrap();
    assert_eq!(admin_history.len(), 3);
}
