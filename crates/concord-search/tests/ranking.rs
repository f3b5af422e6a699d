//! The ranking rules: exact beats prefix beats one typo beats two; a misspelt word that is a
//! rare term is still widened, a word found in many records is not; the last word matches as a prefix; split and joined words;
//! abbreviations; ties broken by importance (movement entity, partnerships, identifiers) and
//! then by record key, whatever the order the records were indexed in.

mod common;

use common::{Log, index_of, names, org, partnership, q};
use concord_domain::organisation::MovementEntity;
use concord_domain::revision::RevisionAction;
use concord_domain::{Organisation, Viewer};
use concord_search::SearchIndex;

#[expect(clippy::unwrap_used, reason = "a failed search fails the test")]
fn search(index: &SearchIndex, text: &str) -> Vec<String> {
    names(&index.search(&Viewer::anonymous(), &q(text)).unwrap())
}

fn index_of_orgs(orgs: &[Organisation]) -> SearchIndex {
    let mut log = Log::default();
    let revs: Vec<_> = orgs.iter().map(|o| log.create(o)).collect();
    index_of(&revs)
}

#[test]
fn exact_beats_prefix_beats_one_typo_beats_two() {
    let index = index_of_orgs(&[
        org(1, "Restaratian Trust", "GB"),
        org(2, "Restaration Trust", "GB"),
        org(3, "Restorations Trust", "GB"),
        org(4, "Restoration Trust", "GB"),
    ]);
    assert_eq!(
        search(&index, "restoration"),
        [
            "Restoration Trust",
            "Restorations Trust",
            "Restaration Trust",
            "Restaratian Trust"
        ]
    );
}

#[test]
fn a_name_beats_the_body_within_one_kind_of_match() {
    let mut described = org(1, "Heritage Trust", "GB");
    described
        .description
        .0
        .insert("en".into(), "Runs the lighthouse museum".into());
    let index = index_of_orgs(&[described, org(2, "Lighthouse Society", "GB")]);
    assert_eq!(
        search(&index, "lighthouse"),
        ["Lighthouse Society", "Heritage Trust"]
    );
}

#[test]
fn a_misspelt_word_that_is_a_rare_term_is_still_widened() {
    let index = index_of_orgs(&[
        org(1, "Museum of Flight", "US"),
        org(2, "Musem Collective", "US"),
        org(3, "Museum of Rail", "US"),
    ]);
    let hits = search(&index, "musem");
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert_eq!(hits[0], "Musem Collective");
}

#[test]
fn a_word_found_in_many_records_is_taken_as_meant() {
    let mut orgs: Vec<Organisation> = (1..=20)
        .map(|n| org(n, &format!("Gallery {n}"), "FR"))
        .collect();
    orgs.push(org(99, "Galery Collective", "FR"));
    let index = index_of_orgs(&orgs);
    let hits = search(&index, "gallery");
    assert_eq!(hits.len(), 20, "no typo of a plentiful word: {hits:?}");
    assert!(!hits.contains(&"Galery Collective".to_owned()));
    let hits = search(&index, "galery");
    assert_eq!(hits.len(), 21, "a rare word is widened: {hits:?}");
    assert_eq!(hits[0], "Galery Collective");
}

#[test]
fn typos_need_five_letters_for_one_and_nine_for_two() {
    let index = index_of_orgs(&[
        org(1, "Fort Museum", "US"),
        org(2, "Observatory Trust", "US"),
    ]);
    assert!(search(&index, "fort").contains(&"Fort Museum".to_owned()));
    assert!(search(&index, "fprt").is_empty(), "four letters: no typo");
    assert_eq!(search(&index, "observatpry"), ["Observatory Trust"]);
    assert_eq!(search(&index, "obsorvatpry"), ["Observatory Trust"]);
    assert!(search(&index, "obsxrvxtpry").is_empty(), "three typos");
}

#[test]
fn the_last_word_matches_as_a_prefix_and_only_the_last() {
    let index = index_of_orgs(&[org(1, "Smithsonian Institution", "US")]);
    assert_eq!(search(&index, "smithso"), ["Smithsonian Institution"]);
    assert_eq!(
        search(&index, "institution smithso"),
        ["Smithsonian Institution"]
    );
    assert!(search(&index, "smithso institution").is_empty());
}

#[test]
fn words_split_or_joined_still_match() {
    let index = index_of_orgs(&[
        org(1, "Wikimedia Deutschland", "DE"),
        org(2, "OpenStreetMap Foundation", "GB"),
        org(3, "Wiki Media Lab", "FR"),
    ]);
    assert_eq!(search(&index, "wiki media")[0], "Wikimedia Deutschland");
    assert!(search(&index, "wiki media").contains(&"Wiki Media Lab".to_owned()));
    assert_eq!(
        search(&index, "open street map"),
        ["OpenStreetMap Foundation"]
    );
    assert_eq!(search(&index, "wikimedia")[0], "Wikimedia Deutschland");
    assert!(search(&index, "wikimedia").contains(&"Wiki Media Lab".to_owned()));
}

#[test]
fn common_abbreviations_stand_for_their_long_form() {
    let index = index_of_orgs(&[
        org(1, "University of Cambridge", "GB"),
        org(2, "Cambridge Museum", "GB"),
    ]);
    assert_eq!(
        search(&index, "univ of cambridge"),
        ["University of Cambridge"]
    );
}

fn entity(mut o: Organisation) -> Organisation {
    o.movement_entity = Some(MovementEntity {
        kind: "chapter".into(),
        countries: vec!["GB".into()],
        regions: vec![],
        themes: vec![],
    });
    o
}

fn tied() -> Vec<Organisation> {
    let mut identified = org(3, "Cambridge Identified", "GB");
    identified.identifiers.wikidata = Some("Q35794".into());
    vec![
        org(5, "Cambridge Plain Five", "GB"),
        identified,
        org(4, "Cambridge Plain Four", "GB"),
        entity(org(9, "Cambridge Entity", "GB")),
    ]
}

#[test]
fn ties_go_to_the_more_important_record_then_the_smaller_key() {
    let expected = [
        "Cambridge Entity",
        "Cambridge Identified",
        "Cambridge Plain Four",
        "Cambridge Plain Five",
    ];
    let forward = index_of_orgs(&tied());
    assert_eq!(search(&forward, "cambridge"), expected);
    let mut reversed = tied();
    reversed.reverse();
    let backward = index_of_orgs(&reversed);
    assert_eq!(search(&backward, "cambridge"), expected);
}

#[test]
fn partnerships_raise_an_organisation_and_the_count_follows_their_edits() {
    let mut log = Log::default();
    let alpha = org(1, "Alpha Trust", "GB");
    let beta = org(2, "Beta Trust", "GB");
    let index = index_of(&[log.create(&alpha), log.create(&beta)]);
    assert_eq!(search(&index, "trust"), ["Alpha Trust", "Beta Trust"]);

    let mut deal = partnership(10, "Shared archive", &[beta.id]);
    index.apply(&[log.create(&deal)]).unwrap();
    assert_eq!(search(&index, "trust"), ["Beta Trust", "Alpha Trust"]);

    deal.parties[0].organisation = alpha.id;
    index
        .apply(&[log.rev(RevisionAction::Update, &deal)])
        .unwrap();
    assert_eq!(search(&index, "trust"), ["Alpha Trust", "Beta Trust"]);

    index
        .apply(&[log.rev(RevisionAction::Delete, &deal)])
        .unwrap();
    let beta_edit = log.rev(RevisionAction::Update, &beta);
    index.apply(&[beta_edit]).unwrap();
    assert_eq!(search(&index, "trust"), ["Alpha Trust", "Beta Trust"]);
    let two = partnership(11, "Two", &[beta.id]);
    let three = partnership(12, "Three", &[beta.id]);
    index
        .apply(&[log.create(&two), log.create(&three)])
        .unwrap();
    assert_eq!(search(&index, "trust"), ["Beta Trust", "Alpha Trust"]);
}

#[test]
fn an_organisation_and_its_partnership_in_one_batch_are_counted() {
    let mut log = Log::default();
    let alpha = org(1, "Alpha Trust", "GB");
    let beta = org(2, "Beta Trust", "GB");
    let deal = partnership(10, "Shared archive", &[beta.id]);
    let index = index_of(&[log.create(&alpha), log.create(&beta), log.create(&deal)]);
    assert_eq!(search(&index, "trust"), ["Beta Trust", "Alpha Trust"]);
}

#[test]
fn pages_of_tied_hits_keep_the_order_across_segments() {
    let mut log = Log::default();
    let index = index_of(&[]);
    let mut orgs = tied();
    orgs.reverse();
    for o in &orgs {
        index.apply(&[log.create(o)]).unwrap();
    }
    let mut query = q("cambridge");
    query.limit = 1;
    let mut seen = Vec::new();
    loop {
        let page = index.search(&Viewer::anonymous(), &query).unwrap();
        assert_eq!(page.total, 4);
        seen.extend(names(&page));
        match page.next_cursor {
            Some(c) => query.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "Cambridge Entity",
            "Cambridge Identified",
            "Cambridge Plain Four",
            "Cambridge Plain Five",
        ]
    );
}

#[test]
fn a_hit_scores_the_worth_of_its_best_match() {
    let mut described = org(1, "Heritage Trust", "GB");
    described
        .description
        .0
        .insert("en".into(), "Runs the lighthouse museum".into());
    let index = index_of_orgs(&[described, org(2, "Lighthouse Society", "GB")]);
    let scores = |text: &str| -> Vec<f32> {
        let r = index.search(&Viewer::anonymous(), &q(text)).unwrap();
        r.hits.iter().map(|h| h.score).collect()
    };
    assert_eq!(scores("lighthouse"), [8.0, 7.0], "a name, then a body");
    assert_eq!(
        scores("runs"),
        [7.0],
        "only ever in a body: one way, one score"
    );
    assert_eq!(scores("society"), [8.0]);
}
