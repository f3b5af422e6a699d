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
use tantivy::collector::sort_key::{SortByStaticFastValue, SortByString};
use tantivy::collector::{Collector, SortKeyComputer, TopDocs};
use tantivy::{DocAddress, Order};

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

/// Bits of [`tie`] that hold the key's first bits; the ones above hold the importance.
const TIE_KEY_BITS: u32 = 53;

/// The largest importance [`tie`] can tell apart (2,047); more counts as this much.
pub(crate) const IMPORTANCE_MAX: u64 = (1 << (64 - TIE_KEY_BITS)) - 1;

/// The tie-break folded into one number, largest first: the importance (capped at
/// [`IMPORTANCE_MAX`]) in the high bits, then the key's first 53 bits inverted, so a smaller
/// key gives a larger value. Ranking by it reads one fast field per tied hit instead of
/// three; only two hits with the same value go on to the whole key (`key_hi`, `key_lo`).
pub(crate) fn tie(importance: u64, key: &RecordKey) -> u64 {
    let (hi, _) = key_order(key);
    (importance.min(IMPORTANCE_MAX) << TIE_KEY_BITS) | (!hi >> (64 - TIE_KEY_BITS))
}

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

    fn key(hi: u64, lo: u64) -> RecordKey {
        RecordKey {
            kind: concord_domain::record::RecordKind::Organisation,
            id: uuid::Uuid::from_u64_pair(hi, lo),
        }
    }

    #[test]
    fn the_tie_value_orders_by_importance_then_by_the_smaller_key() {
        let (small, large) = (key(1 << 40, 9), key(2 << 40, 0));
        assert!(tie(1, &large) > tie(0, &small), "importance first");
        assert!(tie(0, &small) > tie(0, &large), "then the smaller key");
        assert!(tie(IMPORTANCE_MAX, &large) > tie(IMPORTANCE_MAX - 1, &small));
        assert_eq!(
            tie(IMPORTANCE_MAX + 7, &small),
            tie(IMPORTANCE_MAX, &small),
            "importance beyond the cap counts as the cap"
        );
        assert_eq!(
            tie(3, &key(5, 1)),
            tie(3, &key(5, 2)),
            "keys alike in their first bits tie, and go on to the whole key"
        );
    }
}
