//! The orders of hits, each ending with the record key so that ties never fall to index
//! position. Ties in relevance are broken by the record's importance, computed at index time, and then by
//! its key, so every server orders equal scores alike (never by index position).
//!
//! Importance counts, in this order of weight: being a movement entity, the partnerships an
//! organisation is a party to, and then signs of a well-known body: a Wikidata or ROR
//! identifier, and names in other languages (the University of Cambridge has a Welsh one, the
//! Cambridge Military Hospital none). It must not depend
//! on anything but the records, so two servers with the same log agree.

use concord_domain::SearchText;
use concord_domain::identifier::{is_qid, is_ror_id};
use concord_domain::record::RecordKey;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
use tantivy::collector::{Collector, SortKeyComputer, TopDocs};
use tantivy::{DocAddress, Order, Score};

/// Weight of being a movement entity.
const ENTITY: u64 = 1_000;
/// Weight of each partnership, counted up to [`PARTNERSHIPS_CAP`].
const PARTNERSHIP: u64 = 10;
/// Partnerships beyond this many add nothing more.
const PARTNERSHIPS_CAP: u64 = 99;
/// Weight of each of a Wikidata and a ROR identifier, and of each name beyond the first.
const NOTABLE: u64 = 1;
/// Names beyond the first that count, at most.
const NAMES_CAP: u64 = 5;

/// How much a record matters when scores tie: from its search text (movement entity,
/// identifiers, names) and the partnerships it is a party to.
/// `organisation` says whether the record is one: only an organisation's `entity` facet makes
/// it a movement entity (a partnership's names the entities among its parties).
pub(crate) fn importance(text: &SearchText, organisation: bool, partnerships: u64) -> u64 {
    let entity = organisation && text.facets.iter().any(|(name, _)| *name == "entity");
    let idents = text
        .idents
        .iter()
        .filter(|i| is_qid(i) || is_ror_id(i))
        .count() as u64;
    let names = (text.names.len() as u64).saturating_sub(1).min(NAMES_CAP);
    u64::from(entity) * ENTITY
        + partnerships.min(PARTNERSHIPS_CAP) * PARTNERSHIP
        + (idents + names) * NOTABLE
}

/// The key's order as two numbers: the id's first and last 64 bits.
pub(crate) fn key_order(key: &RecordKey) -> (u64, u64) {
    let (hi, lo) = key.id.as_u64_pair();
    (hi, lo)
}

/// The sort key of a hit by relevance: score, importance, key (hi, lo).
pub(crate) type Rank = (Score, (Option<u64>, Key));

/// The key's part of a sort key.
pub(crate) type Key = (Option<u64>, Option<u64>);

/// Ascending by key, the last tie-break of every order.
fn by_key() -> impl SortKeyComputer<SortKey = Key> {
    (
        (
            SortByStaticFastValue::<u64>::for_field("key_hi"),
            Order::Asc,
        ),
        (
            SortByStaticFastValue::<u64>::for_field("key_lo"),
            Order::Asc,
        ),
    )
}

/// The top documents by score, then importance (most first), then key (ascending).
pub(crate) fn by_relevance(top: TopDocs) -> impl Collector<Fruit = Vec<(Rank, DocAddress)>> {
    top.order_by((
        (SortBySimilarityScore, Order::Desc),
        (
            (
                SortByStaticFastValue::<u64>::for_field("importance"),
                Order::Desc,
            ),
            by_key(),
        ),
    ))
}

/// The top documents by label (A to Z), then key.
pub(crate) fn by_name(
    top: TopDocs,
) -> impl Collector<Fruit = Vec<((Option<String>, Key), DocAddress)>> {
    top.order_by((
        (SortByString::for_field("label_sort"), Order::Asc),
        by_key(),
    ))
}

/// The top documents by time of the last change (latest first), then key.
pub(crate) fn by_updated(
    top: TopDocs,
) -> impl Collector<Fruit = Vec<((Option<i64>, Key), DocAddress)>> {
    top.order_by((
        (
            SortByStaticFastValue::<i64>::for_field("updated"),
            Order::Desc,
        ),
        by_key(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(entity: bool, idents: &[&str]) -> SearchText {
        let mut t = SearchText::default();
        if entity {
            t.facet("entity", "x");
        }
        t.idents = idents.iter().map(|s| (*s).to_owned()).collect();
        t
    }

    #[test]
    fn entities_outweigh_partnerships_which_outweigh_identifiers() {
        let entity = importance(&text(true, &[]), true, 0);
        let partnered = importance(&text(false, &[]), true, PARTNERSHIPS_CAP + 5);
        let identified = importance(&text(false, &["Q42", "0009t4v78", "DE-1"]), true, 0);
        assert!(
            entity > partnered && partnered > identified,
            "{entity} {partnered} {identified}"
        );
        assert_eq!(identified, 2 * NOTABLE);
        let mut named = text(false, &[]);
        named.names = vec![
            "University of Cambridge".into(),
            "Prifysgol Caergrawnt".into(),
        ];
        assert_eq!(importance(&named, true, 0), NOTABLE);
        assert_eq!(
            importance(&text(true, &[]), false, 0),
            0,
            "a partnership with an entity"
        );
    }
}
