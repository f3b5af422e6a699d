//! Routing as a table of requests against a small movement, the default matrix's shape, and
//! properties over random movements.

use proptest::prelude::*;
use uuid::Uuid;

use super::routing::*;
use crate::OrganisationId;
use crate::vocabulary::{Vocabularies, Vocabulary};

fn entity(n: u128, name: &str, kind: &str, countries: &[&str], regions: &[&str]) -> Entity {
    Entity {
        id: OrganisationId(Uuid::from_u128(n)),
        name: name.to_owned(),
        kind: kind.to_owned(),
        countries: countries.iter().map(|c| (*c).to_owned()).collect(),
        regions: regions.iter().map(|r| (*r).to_owned()).collect(),
    }
}

fn movement() -> Vec<Entity> {
    vec![
        entity(1, "Wikimedia Foundation", "foundation", &["US"], &[]),
        entity(2, "Wikimedia Sverige", "chapter", &["SE"], &["nwe"]),
        entity(3, "Wikimedians of Gothenburg", "user_group", &["SE"], &[]),
        entity(4, "Wikimedia Deutschland", "chapter", &["DE"], &["nwe"]),
        entity(5, "ESEAP Hub", "hub", &[], &["eseap"]),
        entity(6, "Wikimedia Indonesia", "chapter", &["ID"], &["eseap"]),
    ]
}

fn request(area: &str, level: Option<&str>, country: Option<&str>, regions: &[&str]) -> Request {
    Request {
        area: area.to_owned(),
        level: level.map(str::to_owned),
        country: country.map(str::to_owned),
        regions: regions.iter().map(|r| (*r).to_owned()).collect(),
    }
}

fn names(c: &[Candidate]) -> Vec<&str> {
    c.iter().map(|c| c.entity.name.as_str()).collect()
}

#[test]
fn a_national_cultural_inquiry_goes_to_the_countrys_chapter_then_user_group_then_the_foundation() {
    let got = route(
        &Matrix::default(),
        &request(
            "content_glam",
            Some("national"),
            Some("SE"),
            &["nwe", "150"],
        ),
        &movement(),
    );
    assert_eq!(
        names(&got),
        [
            "Wikimedia Sverige",
            "Wikimedians of Gothenburg",
            "Wikimedia Foundation"
        ]
    );
    assert_eq!(
        got[0].reasons,
        [
            Reason::Level("national".into()),
            Reason::Area("content_glam".into()),
            Reason::Country("SE".into())
        ]
    );
    assert_eq!(
        got[2].reasons,
        [
            Reason::Level("national".into()),
            Reason::Area("content_glam".into())
        ]
    );
}

#[test]
fn the_level_and_area_decide_who_leads_before_geography() {
    let m = Matrix::default();
    let all = movement();
    let global = route(
        &m,
        &request("business", Some("global"), Some("SE"), &[]),
        &all,
    );
    assert_eq!(names(&global), ["Wikimedia Foundation"]);
    let tech = route(
        &m,
        &request("technology", Some("national"), Some("SE"), &[]),
        &all,
    );
    assert_eq!(names(&tech), ["Wikimedia Foundation"]);
    // Academic work is the chapters': no Foundation in the list.
    let academic = route(
        &m,
        &request("research", Some("local"), Some("DE"), &[]),
        &all,
    );
    assert_eq!(names(&academic), ["Wikimedia Deutschland"]);
    // Regional: the region's hub first, then its chapters.
    let regional = route(
        &m,
        &request("education", Some("regional"), Some("PH"), &["eseap", "142"]),
        &all,
    );
    assert_eq!(names(&regional), ["ESEAP Hub", "Wikimedia Indonesia"]);
    assert_eq!(regional[0].reasons[2], Reason::Region("eseap".into()));
    // A region does not count at the national level: Germany's chapter is not Sweden's.
    let national = route(
        &m,
        &request("research", Some("national"), Some("NO"), &["nwe"]),
        &all,
    );
    assert_eq!(names(&national), ["Wikimedia Foundation"]);
    assert_eq!(national[0].reasons, [Reason::Fallback]);
}

#[test]
fn without_a_level_a_country_means_national_and_none_means_global() {
    let m = Matrix::default();
    let all = movement();
    let with = route(&m, &request("content_glam", None, Some("SE"), &[]), &all);
    assert_eq!(with[0].reasons[0], Reason::Level("national".into()));
    let without = route(&m, &request("content_glam", None, None, &[]), &all);
    assert_eq!(names(&without), ["Wikimedia Foundation"]);
    assert_eq!(without[0].reasons[0], Reason::Level("global".into()));
}

#[test]
fn no_match_falls_back_to_the_foundation_and_no_foundation_leaves_nothing() {
    let m = Matrix::default();
    let all = movement();
    let none = route(
        &m,
        &request("education", Some("national"), Some("BR"), &[]),
        &all,
    );
    assert_eq!(names(&none), ["Wikimedia Foundation"]);
    assert_eq!(none[0].reasons, [Reason::Fallback]);
    let chapters: Vec<Entity> = all.into_iter().filter(|e| e.kind != "foundation").collect();
    assert!(
        route(
            &m,
            &request("education", Some("national"), Some("BR"), &[]),
            &chapters
        )
        .is_empty()
    );
    // An unknown area has no cell: the Foundation answers.
    let odd = route(
        &m,
        &request("astrology", Some("national"), Some("SE"), &[]),
        &movement(),
    );
    assert_eq!(odd[0].reasons, [Reason::Fallback]);
}

#[test]
fn the_default_matrix_fills_every_area_and_level_with_known_kinds() {
    let v = Vocabularies::defaults();
    let kinds: Vec<String> = v
        .terms(Vocabulary::MovementEntityKind)
        .into_iter()
        .map(|t| t.key)
        .collect();
    let m = Matrix::default();
    for area in v.terms(Vocabulary::Area) {
        for level in v.terms(Vocabulary::Level) {
            let leads = m.leads(&area.key, &level.key);
            assert!(!leads.is_empty(), "{} × {}", area.key, level.key);
            assert!(leads.iter().all(|k| kinds.contains(k)), "{leads:?}");
        }
    }
    assert_eq!(m.leads("technology", "national"), ["foundation"]);
    assert_eq!(
        m.leads("content_glam", "regional"),
        ["hub", "chapter", "user_group", "foundation"]
    );
}

#[test]
fn a_rule_replaces_its_cell_and_the_later_of_two_rules_holds() {
    use crate::{RoutingRule, RoutingRuleId};
    let rule = |n: u128, leads: &[&str]| {
        RoutingRule::new(
            RoutingRuleId(Uuid::from_u128(n)),
            "Technology nationally",
            "technology",
            "national",
            leads.iter().map(|k| (*k).to_owned()).collect(),
        )
    };
    let (first, second) = (rule(1, &["hub"]), rule(2, &["chapter", "foundation"]));
    let m = Matrix::with_rules([&first, &second]);
    assert_eq!(m.leads("technology", "national"), ["chapter", "foundation"]);
    assert_eq!(
        m.leads("technology", "global"),
        ["foundation"],
        "other cells stay"
    );
    let got = route(
        &m,
        &request("technology", Some("national"), Some("SE"), &[]),
        &movement(),
    );
    assert_eq!(names(&got), ["Wikimedia Sverige", "Wikimedia Foundation"]);
}

fn any_entity() -> impl Strategy<Value = Entity> {
    let kind = prop::sample::select(vec![
        "foundation",
        "chapter",
        "user_group",
        "hub",
        "thematic_organisation",
    ]);
    let country = prop::sample::select(vec!["SE", "DE", "ID"]);
    let region = prop::sample::select(vec!["nwe", "eseap"]);
    (
        0u128..50,
        kind,
        prop::collection::vec(country, 0..2),
        prop::collection::vec(region, 0..2),
    )
        .prop_map(|(n, kind, countries, regions)| {
            entity(n, &format!("E{n}"), kind, &countries, &regions)
        })
}

proptest! {
    /// Every candidate is of a kind the cell names (or a fallback Foundation), none twice, and
    /// the order does not depend on the order entities come in.
    #[test]
    fn candidates_follow_the_matrix_and_their_order_is_stable(
        mut entities in prop::collection::vec(any_entity(), 0..12),
        area in prop::sample::select(vec!["content_glam", "technology", "research", "community"]),
        level in prop::sample::select(vec![None, Some("global"), Some("regional"), Some("national")]),
        country in prop::sample::select(vec![None, Some("SE"), Some("ID")]),
    ) {
        entities.sort_by_key(|e| e.id);
        entities.dedup_by_key(|e| e.id);
        let m = Matrix::default();
        let r = request(area, level, country, &["eseap"]);
        let got = route(&m, &r, &entities);
        let level = level.unwrap_or(if country.is_some() { "national" } else { "global" });
        let mut seen = std::collections::BTreeSet::new();
        for c in &got {
            prop_assert!(seen.insert(c.entity.id));
            if c.reasons == [Reason::Fallback] {
                prop_assert_eq!(c.entity.kind.as_str(), "foundation");
            } else {
                prop_assert!(m.leads(area, level).contains(&c.entity.kind));
            }
        }
        entities.reverse();
        prop_assert_eq!(route(&m, &r, &entities), got);
    }
}
