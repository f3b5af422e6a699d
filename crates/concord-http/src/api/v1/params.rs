//! Query parameters of lists and search, parsed strictly: an unknown parameter, a repeated
//! single-valued one, a limit out of range or an unknown type is a 400 naming the parameter.

use std::collections::BTreeMap;

use concord_domain::record::RecordKind;
use concord_search::{SearchQuery, Sort};
use uuid::Uuid;

use crate::error::AppError;

/// The filters a search accepts; each is repeatable and comma-separated.
pub const FILTERS: [&str; 9] = [
    "kind", "area", "level", "tier", "status", "country", "region", "entity", "year",
];

/// Page size when none is given.
pub const DEFAULT_LIMIT: usize = 50;
/// The largest page.
pub const MAX_LIMIT: usize = 200;

/// A list of a kind kept out of the index (people, glossary): `cursor` (the last id seen) and
/// `limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorePage {
    /// List records after this id.
    pub after: Option<Uuid>,
    /// Page size.
    pub limit: usize,
}

/// Parses `cursor` and `limit`, refusing anything else.
pub fn store_page(pairs: &[(String, String)]) -> Result<StorePage, AppError> {
    let mut page = StorePage {
        after: None,
        limit: DEFAULT_LIMIT,
    };
    let mut seen = Vec::new();
    for (name, value) in pairs {
        once(&mut seen, name)?;
        match name.as_str() {
            "cursor" => page.after = Some(parse_cursor(value)?),
            "limit" => page.limit = parse_limit(value)?,
            _ => return Err(unknown(name, "cursor, limit")),
        }
    }
    Ok(page)
}

/// Parses a search: `q`, the [`FILTERS`], `sort`, `cursor`, `limit`, and — when `kind` is
/// `None` (the cross-kind `/search`) — `type`.
pub fn search_query(
    pairs: &[(String, String)],
    kind: Option<RecordKind>,
) -> Result<SearchQuery, AppError> {
    let mut query = SearchQuery {
        kinds: kind.into_iter().collect(),
        limit: DEFAULT_LIMIT,
        ..SearchQuery::default()
    };
    let mut filters: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen = Vec::new();
    for (name, value) in pairs {
        match name.as_str() {
            f if FILTERS.contains(&f) => filters
                .entry(name.clone())
                .or_default()
                .extend(split(value)),
            "type" if kind.is_none() => query.kinds.extend(parse_types(value)?),
            "q" | "sort" | "cursor" | "limit" => {
                once(&mut seen, name)?;
                set_single(&mut query, name, value)?;
            }
            _ if kind.is_none() => return Err(unknown(name, &format!("{KNOWN}, type"))),
            _ => return Err(unknown(name, KNOWN)),
        }
    }
    filters.retain(|_, values| !values.is_empty());
    query.filters = filters;
    query.kinds.sort();
    query.kinds.dedup();
    Ok(query)
}

/// The parameters of a search on one kind.
const KNOWN: &str =
    "q, sort, cursor, limit, kind, area, level, tier, status, country, region, entity, year";

/// Sets one of the single-valued parameters `q`, `sort`, `cursor`, `limit`.
fn set_single(query: &mut SearchQuery, name: &str, value: &str) -> Result<(), AppError> {
    match name {
        "q" => query.q = Some(value.to_owned()).filter(|q| !q.trim().is_empty()),
        "sort" => query.sort = parse_sort(value)?,
        "cursor" => query.cursor = Some(value.to_owned()),
        _ => query.limit = parse_limit(value)?,
    }
    Ok(())
}

fn split(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

pub(super) fn once(seen: &mut Vec<String>, name: &str) -> Result<(), AppError> {
    if seen.iter().any(|s| s == name) {
        return Err(AppError::bad_field(
            name,
            "repeated",
            "may be given only once",
        ));
    }
    seen.push(name.to_owned());
    Ok(())
}

pub(super) fn unknown(name: &str, known: &str) -> AppError {
    let shown: String = name.chars().take(40).collect();
    AppError::bad_field(
        shown.clone(),
        "unknown_parameter",
        format!("`{shown}` is not a parameter here (known: {known})"),
    )
}

fn parse_limit(value: &str) -> Result<usize, AppError> {
    match value.parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(AppError::bad_field(
            "limit",
            "out_of_range",
            format!("must be a whole number from 1 to {MAX_LIMIT}"),
        )),
    }
}

fn parse_cursor(value: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(value).map_err(|_| {
        AppError::bad_field(
            "cursor",
            "malformed",
            "is not a cursor from a previous page",
        )
    })
}

fn parse_sort(value: &str) -> Result<Sort, AppError> {
    match value {
        "relevance" => Ok(Sort::Relevance),
        "name" => Ok(Sort::Name),
        "updated" => Ok(Sort::Updated),
        _ => Err(AppError::bad_field(
            "sort",
            "unknown_value",
            "must be relevance, name or updated",
        )),
    }
}

/// `type` values: a searchable kind's name (`organisation`) or collection (`organisations`).
fn parse_types(value: &str) -> Result<Vec<RecordKind>, AppError> {
    split(value)
        .map(|t| {
            RecordKind::ALL
                .into_iter()
                .filter(|k| k.is_searchable())
                .find(|k| k.as_str() == t || k.collection() == t)
                .ok_or_else(|| {
                    AppError::bad_field(
                        "type",
                        "unknown_value",
                        "must be organisation, partnership or need",
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        q.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect()
    }

    fn refused_parameter(r: Result<impl std::fmt::Debug, AppError>) -> String {
        match r {
            Err(AppError::BadRequest { errors, .. }) => errors[0].field.clone(),
            other => panic!("expected a 400, got {other:?}"),
        }
    }

    #[test]
    fn filters_repeat_and_split_on_commas() {
        let q = search_query(
            &pairs("area=education,research&area=community&q=museum"),
            Some(RecordKind::Partnership),
        )
        .unwrap();
        assert_eq!(q.filters["area"], ["education", "research", "community"]);
        assert_eq!(q.kinds, [RecordKind::Partnership]);
        assert_eq!(q.q.as_deref(), Some("museum"));
        assert_eq!(q.limit, DEFAULT_LIMIT);
    }

    #[test]
    fn each_bad_parameter_is_named() {
        let kind = Some(RecordKind::Organisation);
        for (qs, param) in [
            ("colour=red", "colour"),
            ("limit=0", "limit"),
            ("limit=201", "limit"),
            ("limit=ten", "limit"),
            ("sort=random", "sort"),
            ("q=a&q=b", "q"),
            ("type=organisation", "type"),
        ] {
            assert_eq!(
                refused_parameter(search_query(&pairs(qs), kind)),
                param,
                "{qs}"
            );
        }
        assert_eq!(
            refused_parameter(search_query(&pairs("type=person"), None)),
            "type"
        );
    }

    #[test]
    fn types_accept_kind_and_collection_names() {
        let q = search_query(&pairs("type=organisation,partnerships"), None).unwrap();
        assert_eq!(q.kinds, [RecordKind::Organisation, RecordKind::Partnership]);
    }

    #[test]
    fn store_pages_take_only_cursor_and_limit() {
        let id = Uuid::from_u128(5);
        let page = store_page(&pairs(&format!("cursor={id}&limit=3"))).unwrap();
        assert_eq!(
            page,
            StorePage {
                after: Some(id),
                limit: 3
            }
        );
        assert_eq!(
            refused_parameter(store_page(&pairs("cursor=zzz"))),
            "cursor"
        );
        assert_eq!(refused_parameter(store_page(&pairs("q=x"))), "q");
    }
}
