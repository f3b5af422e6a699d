//! Cases: backups read in pages, and loading one into an empty store.

use chrono::{SubsecRound, Utc};
use concord_domain::vocabulary::{Term, Vocabulary};
use concord_domain::{Record, RecordKey, RecordKind, Role, Visibility};

use super::backup_accounts::{accounts_survive_the_load, fill_accounts};
use super::fixture::{
    admin, glossary_term, member, member_with_account, need, organisation, partnership, person,
};
use super::support::{assert_not_found, create, update};
use crate::token::hash_secret;
use crate::{BackupItem, NewToken, Store};

/// Fills a store with every kind of item; returns the keys of the records written.
async fn fill(store: &dyn Store) -> Vec<RecordKey> {
    let entity = organisation("Wikimedia Sverige")
        .country("SE")
        .movement_entity("chapter")
        .build();
    let mut museum = organisation("Nordiska museet")
        .country("SE")
        .qid("Q1468781")
        .build();
    let p = partnership("Nordic maps")
        .lead(entity.id)
        .partner(museum.id)
        .visibility(Visibility::Restricted)
        .readers(&[reader_account()])
        .build();
    let n = need("Scans of maps").entity(entity.id).build();
    let who = person("Ada Example")
        .member_of(entity.id, "GLAM coordinator")
        .build();
    let term = glossary_term("Alliance", "A long-term partnership of equals.");
    create(store, &entity).await;
    let museum_rev = create(store, &museum).await;
    create(store, &p).await;
    let need_rev = create(store, &n).await;
    create(store, &who).await;
    create(store, &term).await;
    museum.name = "Nordiska museet, Stockholm".into();
    update(store, &museum, museum_rev).await;
    store
        .delete(&admin(), n.key(), need_rev, "duplicate")
        .await
        .unwrap();
    let vocab = Vocabulary::OrganisationKind;
    let zoo = Term {
        key: "zoo".into(),
        label: "Zoo".into(),
    };
    store.add_term(&admin(), vocab, zoo).await.unwrap();
    let hub = Term {
        key: "hub_x".into(),
        label: "Hub X".into(),
    };
    store
        .add_term(&admin(), Vocabulary::Region, hub)
        .await
        .unwrap();
    for (name, secret) in [("ci", "s1"), ("laptop", "s2")] {
        let token = NewToken {
            name: name.into(),
            hash: hash_secret(secret),
            roles: vec![Role::Admin],
            account: None,
            scope: concord_domain::Scope::Admin,
            created_at: Utc::now().trunc_subsecs(6),
            expires_at: None,
        };
        store
            .create_token(
                token,
                crate::AuditEvent::new(crate::AuditKind::TokenCreated, None),
            )
            .await
            .unwrap();
    }
    store
        .revoke_token(
            "laptop",
            crate::AuditEvent::new(crate::AuditKind::TokenRevoked, None),
        )
        .await
        .unwrap();
    fill_accounts(store, entity.id).await;
    vec![
        entity.key(),
        museum.key(),
        p.key(),
        n.key(),
        who.key(),
        term.key(),
    ]
}

/// The account `fill` names as the reader of its restricted partnership.
fn reader_account() -> concord_domain::AccountId {
    concord_domain::AccountId(uuid::Uuid::from_u128(77))
}

/// The whole backup, read `page` items at a time.
async fn read_all(store: &dyn Store, page: usize) -> Vec<BackupItem> {
    let mut items = Vec::new();
    let mut cursor = None;
    loop {
        let (chunk, next) = store.backup_page(cursor, page).await.unwrap();
        assert!(chunk.len() <= page);
        items.extend(chunk);
        match next {
            Some(next) => cursor = Some(next),
            None => return items,
        }
    }
}

/// The rank of an item's section, in backup order.
fn rank(item: &BackupItem) -> usize {
    match item {
        BackupItem::Revision(_) => 0,
        BackupItem::Term { .. } => 1,
        BackupItem::Account { .. } => 2,
        BackupItem::Invitation(_) => 3,
        BackupItem::Token { .. } => 4,
        BackupItem::Audit(_) => 5,
    }
}

/// Any page size gives the same items: revisions in id order, then terms, accounts,
/// invitations, tokens and audit entries in id order.
pub async fn backup_pages_follow_the_cursor_to_the_end(store: &dyn Store) {
    fill(store).await;
    let whole = read_all(store, 10_000).await;
    assert_eq!(read_all(store, 1).await, whole);
    assert_eq!(read_all(store, 4).await, whole);
    assert!(whole.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])));
    let mut per_section = [0; 6];
    for item in &whole {
        per_section[rank(item)] += 1;
    }
    // 3 token events, 2 accounts created, 1 disabled, 1 token, 1 invitation, 1 log in.
    assert_eq!(per_section, [8, 2, 2, 1, 3, 9]);
    let audit: Vec<i64> = whole
        .iter()
        .filter_map(|i| match i {
            BackupItem::Audit(e) => Some(e.id),
            _ => None,
        })
        .collect();
    assert!(audit.windows(2).all(|w| w[0] < w[1]));
    let revisions: Vec<i64> = whole
        .iter()
        .filter_map(|i| match i {
            BackupItem::Revision(r) => Some(r.id.0),
            _ => None,
        })
        .collect();
    assert_eq!(revisions.len(), 8);
    assert!(revisions.windows(2).all(|w| w[0] < w[1]));
}

/// Loading a backup (in several calls) into an empty store gives back the same backup, byte
/// for byte once serialized.
pub async fn backup_then_load_gives_an_identical_backup(original: &dyn Store, empty: &dyn Store) {
    fill(original).await;
    let items = read_all(original, 3).await;
    for chunk in items.chunks(5) {
        empty.load_backup(chunk.to_vec()).await.unwrap();
    }
    let restored = read_all(empty, 1_000).await;
    assert_eq!(restored, items);
    let text = |items: &[BackupItem]| serde_json::to_string(items).unwrap();
    assert_eq!(text(&restored), text(&items));
}

/// A loaded store has the same records, keys, head and tokens, and takes new writes after the
/// loaded revisions.
pub async fn a_loaded_backup_is_a_working_store(original: &dyn Store, empty: &dyn Store) {
    let keys = fill(original).await;
    empty
        .load_backup(read_all(original, 100).await)
        .await
        .unwrap();
    for key in &keys {
        let a = original.get(&admin(), *key).await.unwrap();
        let b = empty.get(&admin(), *key).await.unwrap();
        assert_eq!(a, b, "{key}");
    }
    // The restricted partnership's named reader still reads it.
    let reader = member_with_account(reader_account());
    assert!(empty.get(&reader, keys[2]).await.is_ok());
    assert_not_found(empty.get(&member(), keys[2]).await, "unnamed after load");
    for kind in RecordKind::ALL {
        let a = original.list(&admin(), kind, None, 100).await.unwrap();
        assert_eq!(empty.list(&admin(), kind, None, 100).await.unwrap(), a);
        assert_eq!(
            empty.count(kind).await.unwrap(),
            original.count(kind).await.unwrap()
        );
    }
    let match_keys = vec![
        "qid:Q1468781".to_owned(),
        "name:wikimedia sverige|SE".to_owned(),
    ];
    let kind = RecordKind::Organisation;
    let a = original
        .find_by_match_keys(kind, &match_keys)
        .await
        .unwrap();
    assert_eq!(
        empty.find_by_match_keys(kind, &match_keys).await.unwrap(),
        a
    );
    let head = original.head().await.unwrap();
    assert_eq!(empty.head().await.unwrap(), head);
    assert!(empty.token_by_hash(&hash_secret("s1")).await.is_ok());
    assert!(empty.token_by_hash(&hash_secret("s2")).await.is_err());
    assert_eq!(
        empty.vocabularies().await.unwrap(),
        original.vocabularies().await.unwrap()
    );
    let next = create(empty, &organisation("After the restore").build()).await;
    assert!(next > head);
    accounts_survive_the_load(original, empty).await;
}
