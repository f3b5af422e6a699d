//! Filters and facet counts: a count always equals the total of the search filtered on it.

mod common;

use common::{Log, all, index_of, need, org, partnership, q};
use concord_domain::{RecordKind, Viewer};
use concord_search::{SearchError, SearchIndex, SearchQuery};

fn mixed() -> SearchIndex {
    let mut log = Log::default();
    let mut revs = Vec::new();
    let countries = ["SE", "SE", "NL", "DE", "SE", "NL"];
    for (i, c) in countries.iter().enumerate() {
        let mut o = org(i as u128 + 1, &format!("Archive {i}"), c);
        if i % 2 == 0 {
            o.kind = "library".into();
        }
        revs.push(log.create(&o));
    }
    let a = org(1, "", "SE").id;
    let mut p = partnership(100, "Archive scanning", &[a]);
    p.start_date = chrono::NaiveDate::from_ymd_opt(2019, 5, 1);
    revs.push(log.create(&p));
    revs.push(log.create(&need(200, "Archive photos")));
    index_of(&revs)
}

fn with(mut query: SearchQuery, facet: &str, value: &str) -> SearchQuery {
    query
        .filters
        .entry(facet.into())
        .or_default()
        .push(value.into());
    query
}

#[test]
fn each_facet_count_equals_the_filtered_total() {
    let index = mixed();
    let viewer = Viewer::anonymous();
    for base in [all(), q("archive"), with(q("archive"), "country", "SE")] {
        let r = index.search(&viewer, &base).unwrap();
        assert!(r.total > 0);
        let mut checked = 0;
        for (facet, values) in &r.facets {
            for v in values {
                let filtered = index
                    .search(&viewer, &with(base.clone(), facet, &v.value))
                    .unwrap();
                assert_eq!(filtered.total, v.count, "{facet}={}", v.value);
                checked += 1;
            }
        }
        assert!(checked >= 5, "only {checked} facet values");
    }
}

#[test]
fn facets_list_the_most_frequent_values_first() {
    let index = mixed();
    let r = index.search(&Viewer::anonymous(), &all()).unwrap();
    let countries: Vec<(&str, u64)> = r.facets["country"]
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    assert_eq!(countries, [("SE", 3), ("NL", 2), ("DE", 1)]);
    assert_eq!(r.facets["type"][0].value, "organisation");
    assert_eq!(r.facets["year"][0].value, "2019");
}

#[test]
fn filters_by_kind_value_and_record_type() {
    let index = mixed();
    let viewer = Viewer::anonymous();
    let r = index
        .search(&viewer, &with(all(), "country", "se"))
        .unwrap();
    assert_eq!(r.total, 3);
    let mut several = with(all(), "country", "NL");
    several
        .filters
        .get_mut("country")
        .unwrap()
        .push("DE".into());
    assert_eq!(index.search(&viewer, &several).unwrap().total, 3);
    let needs = SearchQuery {
        kinds: vec![RecordKind::Need],
        ..all()
    };
    assert_eq!(index.search(&viewer, &needs).unwrap().total, 1);
}

fn parameter(e: SearchError) -> String {
    match e {
        SearchError::BadQuery { parameter, .. } => parameter,
        other => panic!("not a bad query: {other:?}"),
    }
}

#[test]
fn bad_queries_name_the_parameter() {
    let index = mixed();
    let viewer = Viewer::anonymous();
    let e = index
        .search(&viewer, &with(all(), "colour", "red"))
        .unwrap_err();
    assert_eq!(parameter(e), "colour");
    for limit in [0, 201] {
        let e = index
            .search(&viewer, &SearchQuery { limit, ..all() })
            .unwrap_err();
        assert_eq!(parameter(e), "limit");
    }
    let people = SearchQuery {
        kinds: vec![RecordKind::Person],
        ..all()
    };
    assert_eq!(
        parameter(index.search(&viewer, &people).unwrap_err()),
        "type"
    );
    let bad = SearchQuery {
        cursor: Some("nonsense".into()),
        ..all()
    };
    assert_eq!(
        parameter(index.search(&viewer, &bad).unwrap_err()),
        "cursor"
    );
}

/// Every kind with every facet it can fill, so that a facet a kind fills but
/// `schema::facets_of` leaves out shows up as a missing count.
fn rich() -> SearchIndex {
    let mut log = Log::default();
    let mut o = org(1, "Archive of the north", "SE");
    o.regions = vec!["154".into()];
    o.movement_entity = Some(concord_domain::organisation::MovementEntity {
        kind: "chapter".into(),
        countries: vec!["SE".into()],
        regions: vec![],
        themes: vec![],
    });
    let mut p = partnership(100, "Archive scanning", &[o.id]);
    p.start_date = chrono::NaiveDate::from_ymd_opt(2019, 5, 1);
    p.level = Some("national".into());
    p.tier = Some("strategic".into());
    let mut n = need(200, "Archive photos");
    n.countries = vec!["NL".into()];
    n.regions = vec!["155".into()];
    n.movement_entity = Some(o.id);
    let revs = vec![log.create(&o), log.create(&p), log.create(&n)];
    index_of(&revs)
}

#[test]
fn a_kind_is_counted_in_every_facet_it_fills() {
    let index = rich();
    let viewer = Viewer::anonymous();
    let everything = index.search(&viewer, &all()).unwrap();
    assert_eq!(everything.total, 3);
    let mut per_kind: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for kind in [
        RecordKind::Organisation,
        RecordKind::Partnership,
        RecordKind::Need,
    ] {
        let mut query = all();
        query.kinds = vec![kind];
        let r = index.search(&viewer, &query).unwrap();
        assert!(
            !r.facets.contains_key("type"),
            "one kind searched: no type facet"
        );
        for (facet, values) in &r.facets {
            for v in values {
                *per_kind
                    .entry((facet.clone(), v.value.clone()))
                    .or_default() += v.count;
            }
        }
    }
    for (facet, values) in &everything.facets {
        if facet == "type" {
            continue;
        }
        assert!(!values.is_empty(), "the fixture fills {facet}");
        for v in values {
            assert_eq!(
                per_kind.get(&(facet.clone(), v.value.clone())),
                Some(&v.count),
                "{facet}={} is counted for all kinds but not for its own kind",
                v.value
            );
        }
    }
}
