//! Look-ups in the term dictionaries of the `name` and `body` fields: how many documents hold a
//! term, and which known terms a query word may stand for (a typo away, longer with it as a
//! prefix, two known words joined).
//!
//! Every expansion is bounded: it keeps the [`EXPANSIONS`] terms found in most documents (ties
//! by the term itself), so a short or common word cannot turn a query into thousands of terms.
//! Counts are summed over segments, so every server picks the same terms for the same records.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::query::{SearchError, index_error};
use crate::schema::Fields;

/// The most terms one expansion of a word may yield.
pub(crate) const EXPANSIONS: usize = 10;

/// The shortest half of a word split in two.
const SPLIT_MIN: usize = 2;

/// A word found exactly in fewer documents than this is always rare (see [`is_rare`]).
const RARE_BELOW: u64 = 20;

/// A word is rare when found in fewer than one document in this many (see [`is_rare`]).
const RARE_ONE_IN: u64 = 5_000;

/// Documents whose `name` or `body` holds `token` (deleted ones included until merged).
pub(crate) fn doc_freq(
    searcher: &Searcher,
    fields: &Fields,
    token: &str,
) -> Result<u64, SearchError> {
    let mut n = 0;
    for field in [fields.name, fields.body] {
        n += searcher
            .doc_freq(&Term::from_field_text(field, token))
            .map_err(index_error("while reading a document frequency"))?;
    }
    Ok(n)
}

/// Whether `token` is rare enough to be read as a misspelling too (widened with typos, split
/// in two): found exactly in fewer than [`RARE_BELOW`] documents, or in fewer than one in
/// [`RARE_ONE_IN`]. A word found more often is taken as meant, as Typesense and Meilisearch stop
/// widening when exact matches are plentiful; this also spares the costly typo scan of the
/// term dictionaries for the words most searched. A misspelling that is itself a rare term
/// ("musem") is still widened.
pub(crate) fn is_rare(
    searcher: &Searcher,
    fields: &Fields,
    token: &str,
) -> Result<bool, SearchError> {
    let found = doc_freq(searcher, fields, token)?;
    Ok(found < RARE_BELOW.max(searcher.num_docs() / RARE_ONE_IN))
}

/// The known terms one typo away from `token`, then those two away, … up to `allowed`
/// (transpositions count one), each list the most frequent first. Each automaton is built
/// once and run over every segment of both fields.
pub(crate) fn typos(
    searcher: &Searcher,
    fields: &Fields,
    token: &str,
    allowed: u8,
) -> Result<Vec<Vec<String>>, SearchError> {
    let mut closer = BTreeSet::from([token.to_owned()]);
    let mut tiers = Vec::new();
    for d in 1..=allowed {
        let dfa = automaton(fields.name, token, d)?;
        let mut found = collect(searcher, fields, Scan::Fuzzy(&dfa))?;
        found.retain(|t, _| !closer.contains(t));
        closer.extend(found.keys().cloned());
        tiers.push(top(found));
    }
    Ok(tiers)
}

/// The known terms that start with `token` and are longer, the most frequent first.
pub(crate) fn completions(
    searcher: &Searcher,
    fields: &Fields,
    token: &str,
) -> Result<Vec<String>, SearchError> {
    let mut found = collect(searcher, fields, Scan::Prefix(token))?;
    found.remove(token);
    Ok(top(found))
}

/// The best way to read `token` as two known words (both halves found in most documents), if
/// any: "wikimedia" as "wiki" and "media".
pub(crate) fn split(
    searcher: &Searcher,
    fields: &Fields,
    token: &str,
) -> Result<Option<(String, String)>, SearchError> {
    let n = token.chars().count();
    let mut best: Option<(u64, String, String)> = None;
    let cuts = token.char_indices().map(|(at, _)| at);
    for at in cuts
        .skip(SPLIT_MIN)
        .take(n.saturating_sub(2 * SPLIT_MIN - 1))
    {
        let (a, b) = token.split_at(at);
        let least = doc_freq(searcher, fields, a)?.min(doc_freq(searcher, fields, b)?);
        if least > 0 && best.as_ref().is_none_or(|(n, ..)| least > *n) {
            best = Some((least, a.to_owned(), b.to_owned()));
        }
    }
    Ok(best.map(|(_, a, b)| (a, b)))
}

/// What to scan a term dictionary for.
enum Scan<'a> {
    Fuzzy(&'a tantivy::query::DfaWrapper),
    Prefix(&'a str),
}

/// Adds the terms of a term stream that start with a prefix to a map, stopping at the first
/// that does not (the stream is in term order). A macro, as the streamer's automaton type is
/// not nameable here.
macro_rules! drain {
    ($stream:expr, $prefix:expr, $found:expr) => {{
        let mut stream = $stream;
        while stream.advance() {
            if !stream.key().starts_with($prefix) {
                break;
            }
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *$found.entry(term.to_owned()).or_insert(0) += u64::from(stream.value().doc_freq);
            }
        }
    }};
}

/// The terms of `name` and `body` that `scan` finds, with the documents holding each.
fn collect(
    searcher: &Searcher,
    fields: &Fields,
    scan: Scan<'_>,
) -> Result<BTreeMap<String, u64>, SearchError> {
    let err = |e: std::io::Error| index_error("while expanding a query word")(e);
    let mut found = BTreeMap::new();
    for field in [fields.name, fields.body] {
        for segment in searcher.segment_readers() {
            let dict = segment
                .inverted_index(field)
                .map_err(index_error("while expanding a query word"))?;
            let terms = dict.terms();
            match &scan {
                Scan::Fuzzy(dfa) => {
                    let stream = terms.search(*dfa).into_stream();
                    drain!(stream.map_err(err)?, b"", found);
                }
                Scan::Prefix(token) => {
                    let stream = terms.range().ge(token).into_stream();
                    drain!(stream.map_err(err)?, token.as_bytes(), found);
                }
            }
        }
    }
    Ok(found)
}

fn automaton(
    field: Field,
    token: &str,
    distance: u8,
) -> Result<tantivy::query::DfaWrapper, SearchError> {
    FuzzyTermQuery::new(Term::from_field_text(field, token), distance, true)
        .automaton()
        .map_err(index_error("while building a typo automaton"))
}

/// The [`EXPANSIONS`] most frequent terms, ties by the term.
fn top(found: BTreeMap<String, u64>) -> Vec<String> {
    let mut all: Vec<(String, u64)> = found.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(EXPANSIONS);
    all.into_iter().map(|(t, _)| t).collect()
}
