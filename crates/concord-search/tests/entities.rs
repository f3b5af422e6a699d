//! `SearchIndex::movement_entities`: the organisations that are movement entities, as the
//! viewer may see them, whatever else the index holds.

mod common;

use common::{Log, index_of, org, partnership};
use concord_domain::organisation::MovementEntity;
use concord_domain::{Organisation, Role, Viewer, Visibility};

fn entity(n: u128, name: &str, country: &str, kind: &str) -> Organisation {
    Organisation {
        movement_entity: Some(MovementEntity {
            kind: kind.into(),
            countries: vec![country.into()],
            regions: vec![],
            themes: vec![],
        }),
        ..org(n, name, country)
    }
}

#[test]
fn only_movement_entities_the_viewer_may_see_are_listed() {
    let mut log = Log::default();
    let chapter = entity(1, "Wikimedia Sverige", "SE", "chapter");
    let mut secret = entity(2, "Wikimedians in Hiding", "SE", "user_group");
    secret.visibility = Visibility::Restricted;
    let museum = org(3, "Nationalmuseum", "SE");
    let revs = vec![
        log.create(&chapter),
        log.create(&secret),
        log.create(&museum),
        log.create(&partnership(
            10,
            "Open collections",
            &[chapter.id, museum.id],
        )),
    ];
    let index = index_of(&revs);
    let names = |who: &Viewer| {
        let mut names: Vec<String> = index
            .movement_entities(who)
            .unwrap()
            .into_iter()
            .map(|hit| {
                let o: Organisation = serde_json::from_str(&hit.body).unwrap();
                o.name
            })
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&Viewer::anonymous()), ["Wikimedia Sverige"]);
    let admin = Viewer::with_roles("admin", [Role::Admin]);
    assert_eq!(
        names(&admin),
        ["Wikimedia Sverige", "Wikimedians in Hiding"]
    );
}
