//! A partnership's `region` facet comes from its parties: the regions of its public parties
//! outside the movement, or of its movement entities when it has no other, and it follows them
//! when they change.

mod common;

use common::{Log, all, org, partnership};
use concord_domain::organisation::MovementEntity;
use concord_domain::revision::RevisionAction;
use concord_domain::{Organisation, RecordKind, Viewer, Visibility};
use concord_search::{SearchIndex, SearchQuery};

/// The partnerships' region facet, as (value, count), sorted by value.
#[expect(clippy::unwrap_used, reason = "a test helper")]
fn regions(index: &SearchIndex) -> Vec<(String, u64)> {
    let query = SearchQuery {
        kinds: vec![RecordKind::Partnership],
        ..all()
    };
    let r = index.search(&Viewer::anonymous(), &query).unwrap();
    let mut values: Vec<(String, u64)> = r
        .facets
        .get("region")
        .into_iter()
        .flatten()
        .map(|v| (v.value.clone(), v.count))
        .collect();
    values.sort();
    values
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect()
}

fn chapter(n: u128, name: &str, country: &str) -> Organisation {
    Organisation {
        movement_entity: Some(MovementEntity {
            kind: "chapter".into(),
            countries: vec![country.into()],
            regions: vec![],
            themes: vec![],
        }),
        ..org(n, name, country)
    }
}

#[test]
fn a_partnership_takes_the_regions_of_its_partners_outside_the_movement() {
    let mut log = Log::default();
    let chapter = chapter(1, "Wikimedia Nederland", "NL");
    let museum = org(2, "Nationalmuseum", "SE");
    let revs = vec![
        log.create(&chapter),
        log.create(&museum),
        log.create(&partnership(
            10,
            "Open collections",
            &[chapter.id, museum.id],
        )),
        log.create(&partnership(11, "Chapters meet", &[chapter.id])),
    ];
    let index = SearchIndex::open_in_ram().unwrap();
    index.apply(&revs).unwrap();
    // Sweden: Europe (150), Northern Europe (154); the Netherlands: Europe, Western Europe (155).
    // The first partnership takes the museum's, the second the chapter's.
    assert_eq!(
        regions(&index),
        pairs(&[("150", 2), ("154", 1), ("155", 1)])
    );
    let filtered = SearchQuery {
        filters: [("region".to_owned(), vec!["154".to_owned()])].into(),
        kinds: vec![RecordKind::Partnership],
        ..all()
    };
    let r = index.search(&Viewer::anonymous(), &filtered).unwrap();
    assert_eq!(r.total, 1);
}

#[test]
fn a_restricted_party_gives_no_region() {
    let mut log = Log::default();
    let hidden = Organisation {
        visibility: Visibility::Restricted,
        ..org(2, "Quiet archive", "BR")
    };
    let revs = vec![
        log.create(&hidden),
        log.create(&partnership(10, "Quiet", &[hidden.id])),
    ];
    let index = SearchIndex::open_in_ram().unwrap();
    index.apply(&revs).unwrap();
    assert_eq!(regions(&index), []);
}

#[test]
fn partnerships_follow_their_parties_country_and_visibility() {
    let mut log = Log::default();
    let mut museum = org(2, "Nationalmuseum", "SE");
    let index = SearchIndex::open_in_ram().unwrap();
    index
        .apply(&[
            log.create(&museum),
            log.create(&partnership(10, "Open collections", &[museum.id])),
        ])
        .unwrap();
    assert_eq!(regions(&index), pairs(&[("150", 1), ("154", 1)]));

    museum.country = Some("BR".into());
    index
        .apply(&[log.rev(RevisionAction::Update, &museum)])
        .unwrap();
    // Brazil: Americas (019), Latin America and the Caribbean (419), South America (005).
    assert_eq!(
        regions(&index),
        pairs(&[("005", 1), ("019", 1), ("419", 1)])
    );

    museum.visibility = Visibility::Movement;
    index
        .apply(&[log.rev(RevisionAction::Update, &museum)])
        .unwrap();
    assert_eq!(regions(&index), []);

    museum.visibility = Visibility::Public;
    index
        .apply(&[log.rev(RevisionAction::Update, &museum)])
        .unwrap();
    index
        .apply(&[log.rev(RevisionAction::Delete, &museum)])
        .unwrap();
    assert_eq!(regions(&index), []);
}
