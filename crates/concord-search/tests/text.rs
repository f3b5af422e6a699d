//! Free text: typos, identifiers, names in other languages, folding.

mod common;

use common::{Log, index_of, names, org, q};
use concord_domain::Viewer;

fn museums() -> concord_search::SearchIndex {
    let mut log = Log::default();
    let mut tropen = org(1, "Tropenmuseum", "NL");
    tropen.identifiers.wikidata = Some("Q1131589".into());
    let mut geneve = org(2, "Université de Genève", "CH");
    geneve.identifiers.ror = Some("01swzsf04".into());
    geneve.identifiers.isil = vec!["CH-000015-0".into()];
    geneve
        .names
        .0
        .insert("de".into(), "Universität Genf".into());
    let mut other = org(3, "Rijksmuseum", "NL");
    other
        .description
        .0
        .insert("en".into(), "Dutch national museum in Amsterdam".into());
    let revs = [&tropen, &geneve, &other].map(|o| log.create(o));
    index_of(&revs)
}

#[test]
fn a_typo_still_finds_the_record() {
    let index = museums();
    let r = index
        .search(&Viewer::anonymous(), &q("Tropenmuzeum"))
        .unwrap();
    assert_eq!(names(&r), ["Tropenmuseum"]);
}

#[test]
fn a_known_word_is_not_made_fuzzy() {
    let index = museums();
    let r = index.search(&Viewer::anonymous(), &q("amsterdam")).unwrap();
    assert_eq!(names(&r), ["Rijksmuseum"]);
}

#[test]
fn identifiers_match_exactly_in_any_case() {
    let index = museums();
    for (text, name) in [
        ("Q1131589", "Tropenmuseum"),
        ("q1131589", "Tropenmuseum"),
        ("01swzsf04", "Université de Genève"),
        ("https://ror.org/01swzsf04", "Université de Genève"),
        ("ch-000015-0", "Université de Genève"),
    ] {
        let r = index.search(&Viewer::anonymous(), &q(text)).unwrap();
        assert_eq!(names(&r), [name], "{text}");
    }
}

#[test]
fn a_name_in_another_language_finds_the_record() {
    let index = museums();
    let r = index.search(&Viewer::anonymous(), &q("Genf")).unwrap();
    assert_eq!(names(&r), ["Université de Genève"]);
}

#[test]
fn accents_do_not_matter() {
    let index = museums();
    for text in ["geneve", "Genève", "UNIVERSITE"] {
        let r = index.search(&Viewer::anonymous(), &q(text)).unwrap();
        assert_eq!(names(&r), ["Université de Genève"], "{text}");
    }
}

#[test]
fn every_word_must_match() {
    let index = museums();
    let r = index
        .search(&Viewer::anonymous(), &q("museum amsterdam"))
        .unwrap();
    assert_eq!(names(&r), ["Rijksmuseum"]);
    let r = index
        .search(&Viewer::anonymous(), &q("genf amsterdam"))
        .unwrap();
    assert_eq!(r.total, 0);
}
