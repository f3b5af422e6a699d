//! Filters as index queries: record kinds, facet values, and the viewer's visibility.
//!
//! The visibility filter is derived from [`Viewer`]'s own methods (`is_admin`, `open_levels`,
//! `stewarded`), which encode DESIGN.md's one rule; it must not restate the rule. Filters do
//! not score: each is an [`AnyTerm`] worth 0, a bitset from the segment cache where its terms
//! are common. The kind and visibility filters, true of whole segments in most indexes, are
//! [`Everywhere`] filters that cost nothing in those segments.

use std::sync::Arc;

use concord_domain::{Viewer, Visibility};
use tantivy::Term;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Field;

use crate::any_term::AnyTerm;
use crate::cache::SegmentCache;
use crate::everywhere::Everywhere;
use crate::query::{SearchError, SearchQuery};
use crate::schema::{FACETS, Fields};

fn terms<'a>(field: Field, values: impl IntoIterator<Item = &'a str>) -> Vec<Term> {
    values
        .into_iter()
        .map(|v| Term::from_field_text(field, v))
        .collect()
}

/// A filter on `field`, which holds exactly one value per document, matching any of
/// `values`: free in the segments where those values are all there is.
fn any_of_single<'a>(
    cache: &Arc<SegmentCache>,
    field: Field,
    values: impl IntoIterator<Item = &'a str>,
) -> Everywhere {
    let probe = terms(field, values);
    let query = Box::new(AnyTerm::new(probe.clone(), Arc::clone(cache)));
    Everywhere::new(probe, query)
}

fn any_of<'a>(
    cache: &Arc<SegmentCache>,
    field: Field,
    values: impl IntoIterator<Item = &'a str>,
) -> Box<dyn Query> {
    Box::new(AnyTerm::new(terms(field, values), Arc::clone(cache)))
}

/// The filters of `query` for `who`, each a clause every hit must match.
pub(crate) fn filters(
    cache: &Arc<SegmentCache>,
    fields: &Fields,
    query: &SearchQuery,
    who: &Viewer,
) -> Result<Vec<Box<dyn Query>>, SearchError> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    if !query.kinds.is_empty() {
        if let Some(k) = query.kinds.iter().find(|k| !k.is_searchable()) {
            return Err(SearchError::BadQuery {
                parameter: "type".into(),
                message: format!("{k} records are not searchable"),
            });
        }
        let field = fields.facet("type").ok_or_else(missing_field)?;
        out.push(Box::new(any_of_single(
            cache,
            field,
            query.kinds.iter().map(|k| k.as_str()),
        )));
    }
    for (name, values) in &query.filters {
        let field = fields.facet(name).ok_or_else(|| SearchError::BadQuery {
            parameter: name.clone(),
            message: format!("unknown filter; use one of {}", FACETS.join(", ")),
        })?;
        if values.is_empty() {
            continue;
        }
        let values: Vec<String> = values.iter().map(|v| normalise(name, v)).collect();
        out.push(any_of(cache, field, values.iter().map(String::as_str)));
    }
    out.extend(visibility(cache, fields, who));
    Ok(out)
}

fn missing_field() -> SearchError {
    SearchError::Index("the index has no `type` field".into())
}

/// Filter values as the index holds them (countries in upper case).
fn normalise(facet: &str, value: &str) -> String {
    match facet {
        "country" => value.trim().to_ascii_uppercase(),
        _ => value.trim().to_owned(),
    }
}

/// What `who` may see: nothing to filter for an admin; otherwise the levels open to the viewer,
/// plus party-only records of the entities the viewer stewards, plus restricted records that
/// name the viewer's account as a reader.
pub(crate) fn visibility(
    cache: &Arc<SegmentCache>,
    fields: &Fields,
    who: &Viewer,
) -> Option<Box<dyn Query>> {
    if who.is_admin() {
        return None;
    }
    let open: Vec<&str> = who.open_levels().into_iter().map(|l| l.as_str()).collect();
    let probe = terms(fields.visibility, open.iter().copied());
    let mut may_see: Vec<Box<dyn Query>> = vec![any_of(cache, fields.visibility, open)];
    let stewarded: Vec<String> = who.stewarded().map(|id| id.to_string()).collect();
    if !stewarded.is_empty() {
        may_see.push(Box::new(BooleanQuery::new(vec![
            (
                Occur::Must,
                any_of(cache, fields.visibility, [Visibility::Parties.as_str()]),
            ),
            (
                Occur::Must,
                any_of(cache, fields.party, stewarded.iter().map(String::as_str)),
            ),
        ])));
    }
    if let Some(account) = who.account.map(|a| a.to_string()) {
        may_see.push(Box::new(BooleanQuery::new(vec![
            (
                Occur::Must,
                any_of(cache, fields.visibility, [Visibility::Restricted.as_str()]),
            ),
            (
                Occur::Must,
                any_of(cache, fields.reader, [account.as_str()]),
            ),
        ])));
    }
    Some(Box::new(Everywhere::new(
        probe,
        Box::new(BooleanQuery::union(may_see)),
    )))
}
