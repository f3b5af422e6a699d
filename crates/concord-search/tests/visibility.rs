//! Each viewer sees exactly the records the visibility rule allows, in hits and in counts.

mod common;

use common::{Log, all, index_of, names, org, partnership, q};
use concord_domain::{AccountId, OrganisationId, Role, Viewer, Visibility};
use uuid::Uuid;

fn entity() -> OrganisationId {
    OrganisationId(Uuid::from_u128(900))
}

fn other_entity() -> OrganisationId {
    OrganisationId(Uuid::from_u128(901))
}

/// A partnership of `entity()` and an organisation at each visibility level.
fn index() -> concord_search::SearchIndex {
    let mut log = Log::default();
    let mut revs = Vec::new();
    for (i, v) in Visibility::ALL.into_iter().enumerate() {
        let mut p = partnership(
            i as u128 + 1,
            &format!("Shared project {}", v.as_str()),
            &[entity()],
        );
        p.visibility = v;
        revs.push(log.create(&p));
        let mut o = org(i as u128 + 10, &format!("Shared body {}", v.as_str()), "SE");
        o.visibility = v;
        revs.push(log.create(&o));
    }
    index_of(&revs)
}

#[test]
fn each_viewer_sees_exactly_what_the_rule_allows() {
    let index = index();
    let viewers = [
        Viewer::anonymous(),
        Viewer::with_roles("m", [Role::Member]),
        Viewer::with_roles("s", [Role::Steward(entity())]),
        Viewer::with_roles("o", [Role::Steward(other_entity())]),
        Viewer::system("admin"),
    ];
    for viewer in viewers {
        let mut expected: Vec<String> = Vec::new();
        for v in Visibility::ALL {
            if viewer.can_see(v, &[entity()], &[]) {
                expected.push(format!("partnership {}", v.as_str()));
            }
            if viewer.can_see(v, &[], &[]) {
                expected.push(format!("organisation {}", v.as_str()));
            }
        }
        expected.sort();
        for query in [all(), q("shared")] {
            let r = index.search(&viewer, &query).unwrap();
            let mut seen: Vec<String> = r
                .hits
                .iter()
                .map(|h| {
                    let visibility = h.value().unwrap()["visibility"].clone();
                    format!("{} {}", h.key.kind, visibility.as_str().unwrap())
                })
                .collect();
            seen.sort();
            assert_eq!(seen, expected, "{viewer:?}");
            assert_eq!(r.total, expected.len() as u64, "{viewer:?}");
            let by_type: u64 = r.facets["type"].iter().map(|v| v.count).sum();
            assert_eq!(by_type, r.total, "{viewer:?}");
            let partnerships = expected
                .iter()
                .filter(|e| e.starts_with("partnership"))
                .count();
            let counted = r.facets["type"]
                .iter()
                .find(|v| v.value == "partnership")
                .map_or(0, |v| v.count);
            assert_eq!(counted, partnerships as u64, "{viewer:?}");
        }
    }
}

/// A member signed in with account `n`.
fn member_with_account(n: u128) -> Viewer {
    Viewer {
        account: Some(AccountId(Uuid::from_u128(n))),
        ..Viewer::with_roles("m", [Role::Member])
    }
}

#[test]
fn a_restricted_record_is_found_by_the_accounts_it_names_only() {
    let mut log = Log::default();
    let mut named = partnership(1, "Confidential project", &[entity()]);
    named.visibility = Visibility::Restricted;
    named.readers = vec![AccountId(Uuid::from_u128(50))];
    let mut unnamed = partnership(2, "Confidential other", &[entity()]);
    unnamed.visibility = Visibility::Restricted;
    let index = index_of(&[log.create(&named), log.create(&unnamed)]);
    for (viewer, expected) in [
        (member_with_account(50), vec!["Confidential project"]),
        (member_with_account(51), vec![]),
        (Viewer::with_roles("m", [Role::Member]), vec![]),
        (
            Viewer::system("admin"),
            vec!["Confidential other", "Confidential project"],
        ),
    ] {
        let r = index.search(&viewer, &q("confidential")).unwrap();
        let mut seen = names(&r);
        seen.sort();
        assert_eq!(seen, expected, "{viewer:?}");
        assert_eq!(r.total, expected.len() as u64, "{viewer:?}");
        let by_type: u64 = r.facets["type"].iter().map(|v| v.count).sum();
        assert_eq!(by_type, r.total, "{viewer:?}");
    }
}
