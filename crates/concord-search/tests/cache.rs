//! The per-segment caches (filter bitsets, facet arrays) against a model: whatever the
//! segments, updates and deletes, totals and facet counts equal a plain count over the records.

#![expect(
    clippy::expect_used,
    reason = "building the index fails the test that uses it"
)]

mod common;

use std::collections::BTreeMap;

use common::{Log, org};
use concord_domain::revision::RevisionAction;
use concord_domain::{Organisation, Viewer, Visibility};
use concord_search::{SearchIndex, SearchQuery};
use proptest::prelude::*;

/// Three letters: words this short are never searched fuzzily.
const WORDS: [&str; 4] = ["ant", "bee", "cat", "dog"];
const COUNTRIES: [&str; 4] = ["SE", "NL", "DE", "US"];
const KINDS: [&str; 3] = ["museum", "library", "archive"];

/// One organisation of the model: name words, country, kind, visibility, index.
#[derive(Clone, Debug)]
struct Model {
    words: Vec<usize>,
    country: usize,
    kind: usize,
    public: bool,
}

impl Model {
    fn record(&self, n: usize) -> Organisation {
        let name: Vec<&str> = self.words.iter().map(|&w| WORDS[w]).collect();
        let mut o = org(n as u128 + 1, &name.join(" "), COUNTRIES[self.country]);
        o.kind = KINDS[self.kind].into();
        if !self.public {
            o.visibility = Visibility::Movement;
        }
        o
    }
}

fn model() -> impl Strategy<Value = Model> {
    (
        proptest::collection::vec(0..WORDS.len(), 1..3),
        0..COUNTRIES.len(),
        0..KINDS.len(),
        proptest::bool::weighted(0.8),
    )
        .prop_map(|(words, country, kind, public)| Model {
            words,
            country,
            kind,
            public,
        })
}

/// A change after the first load: a new state for organisation `n`, or its deletion.
#[derive(Clone, Debug)]
enum Change {
    Update(usize, Model),
    Delete(usize),
}

fn change(n: usize) -> impl Strategy<Value = Change> {
    prop_oneof![
        (0..n, model()).prop_map(|(i, m)| Change::Update(i, m)),
        (0..n).prop_map(Change::Delete),
    ]
}

/// A search: maybe a word, maybe some countries, maybe a kind.
#[derive(Clone, Debug)]
struct Search {
    word: Option<usize>,
    countries: Vec<usize>,
    kind: Option<usize>,
}

fn search() -> impl Strategy<Value = Search> {
    (
        proptest::option::of(0..WORDS.len()),
        proptest::collection::vec(0..COUNTRIES.len(), 0..3),
        proptest::option::of(0..KINDS.len()),
    )
        .prop_map(|(word, countries, kind)| Search {
            word,
            countries,
            kind,
        })
}

impl Search {
    fn query(&self) -> SearchQuery {
        let mut query = SearchQuery {
            q: self.word.map(|w| WORDS[w].to_owned()),
            limit: 10,
            ..SearchQuery::default()
        };
        if !self.countries.is_empty() {
            let values = self
                .countries
                .iter()
                .map(|&c| COUNTRIES[c].into())
                .collect();
            query.filters.insert("country".into(), values);
        }
        if let Some(k) = self.kind {
            query.filters.insert("kind".into(), vec![KINDS[k].into()]);
        }
        query
    }

    fn matches(&self, m: &Model) -> bool {
        m.public
            && self.word.is_none_or(|w| m.words.contains(&w))
            && (self.countries.is_empty() || self.countries.contains(&m.country))
            && self.kind.is_none_or(|k| k == m.kind)
    }
}

/// Loads `initial` in `segments` commits, then applies `changes` in two more.
fn build(
    initial: &[Model],
    segments: usize,
    changes: &[Change],
) -> (SearchIndex, Vec<Option<Model>>) {
    let index = SearchIndex::open_in_ram().expect("index");
    let mut log = Log::default();
    let per = initial.len().div_ceil(segments.max(1)).max(1);
    for (c, chunk) in initial.chunks(per).enumerate() {
        let revisions: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(i, m)| log.create(&m.record(c * per + i)))
            .collect();
        index.apply(&revisions).expect("apply");
    }
    let mut state: Vec<Option<Model>> = initial.iter().cloned().map(Some).collect();
    let mut revisions = Vec::new();
    for (i, ch) in changes.iter().enumerate() {
        match ch {
            Change::Update(n, m) => {
                state[*n] = Some(m.clone());
                revisions.push(log.rev(RevisionAction::Update, &m.record(*n)));
            }
            Change::Delete(n) => {
                if let Some(m) = state[*n].take() {
                    revisions.push(log.rev(RevisionAction::Delete, &m.record(*n)));
                }
            }
        }
        if i == changes.len() / 2 || i + 1 == changes.len() {
            index.apply(&std::mem::take(&mut revisions)).expect("apply");
        }
    }
    (index, state)
}

fn counts(
    state: &[Option<Model>],
    s: &Search,
    value: impl Fn(&Model) -> &'static str,
) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for m in state.iter().flatten().filter(|m| s.matches(m)) {
        *out.entry(value(m).to_owned()).or_default() += 1;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn totals_and_facet_counts_match_the_records(
        (initial, changes) in proptest::collection::vec(model(), 1..300)
            .prop_flat_map(|initial| {
                let n = initial.len();
                (Just(initial), proptest::collection::vec(change(n), 0..12))
            }),
        segments in 1usize..5,
        searches in proptest::collection::vec(search(), 1..6),
    ) {
        let (index, state) = build(&initial, segments, &changes);
        let viewer = Viewer::anonymous();
        for s in &searches {
            // Twice: the second search reads what the first one cached.
            for _ in 0..2 {
                let r = index.search(&viewer, &s.query()).expect("search");
                let expected = state.iter().flatten().filter(|m| s.matches(m)).count() as u64;
                prop_assert_eq!(r.total, expected, "{:?}", s);
                let got = |facet: &str| -> BTreeMap<String, u64> {
                    r.facets
                        .get(facet)
                        .map(|values| values.iter().map(|v| (v.value.clone(), v.count)).collect())
                        .unwrap_or_default()
                };
                prop_assert_eq!(got("country"), counts(&state, s, |m| COUNTRIES[m.country]));
                prop_assert_eq!(got("kind"), counts(&state, s, |m| KINDS[m.kind]));
            }
        }
    }
}
