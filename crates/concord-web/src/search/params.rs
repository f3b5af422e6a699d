//! The search page's query string: parsed by the API's own strict parser (so `/search` and
//! `/api/v1/search` accept the same filters and refuse the same mistakes), with the page's own
//! page size (20, at most 50) and `uselang` allowed; and the links that change one thing of it.

use std::collections::BTreeMap;

use concord_domain::RecordKind;
use concord_http::api::v1::params::search_query;
use concord_http::error::AppError;
use concord_search::{SearchQuery, Sort};

/// Results per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;
/// The largest page the search page shows.
pub const MAX_LIMIT: usize = 50;

/// A search page's request: the search to run and what its links must keep.
#[derive(Clone, Debug, PartialEq)]
pub struct PageQuery {
    /// The search, with the page's limit.
    pub query: SearchQuery,
    /// `sort` as given (links keep it only when it was given).
    pub sort_given: bool,
    /// `limit` as given.
    pub limit_given: bool,
    /// `uselang` as given, kept in every link.
    pub uselang: Option<String>,
}

impl PageQuery {
    /// Parses the query string's pairs; a 400 names the parameter at fault.
    pub fn parse(pairs: &[(String, String)]) -> Result<Self, AppError> {
        let mut rest = Vec::with_capacity(pairs.len());
        let (mut limit, mut uselang) = (None, None);
        for (name, value) in pairs {
            match name.as_str() {
                "limit" if limit.is_some() => return Err(repeated("limit")),
                "limit" => limit = Some(parse_limit(value)?),
                "uselang" => uselang = Some(value.clone()),
                _ => rest.push((name.clone(), value.clone())),
            }
        }
        let mut query = search_query(&rest, None)?;
        query.limit = limit.unwrap_or(DEFAULT_LIMIT);
        Ok(Self {
            query,
            sort_given: pairs.iter().any(|(n, _)| n == "sort"),
            limit_given: limit.is_some(),
            uselang,
        })
    }

    /// Whether nothing was asked: no words, no filters, no kind.
    pub fn is_empty(&self) -> bool {
        self.query.q.is_none() && self.query.filters.is_empty() && self.query.kinds.is_empty()
    }

    /// The one kind searched (a tab), if one.
    pub fn tab(&self) -> Option<RecordKind> {
        match self.query.kinds.as_slice() {
            [kind] => Some(*kind),
            _ => None,
        }
    }

    /// Whether `facet` has `value` among its filters.
    pub fn has_filter(&self, facet: &str, value: &str) -> bool {
        self.query
            .filters
            .get(facet)
            .is_some_and(|values| values.iter().any(|v| v == value))
    }

    /// The link to the first page of this search on another tab (`None`: All).
    pub fn with_tab(&self, tab: Option<RecordKind>) -> String {
        let mut next = self.first_page();
        next.query.kinds = tab.into_iter().collect();
        next.href()
    }

    /// The link to the first page with `facet = value` added, or removed when present.
    pub fn toggled(&self, facet: &str, value: &str) -> String {
        let mut next = self.first_page();
        let values = next.query.filters.entry(facet.to_owned()).or_default();
        if let Some(at) = values.iter().position(|v| v == value) {
            values.remove(at);
        } else {
            values.push(value.to_owned());
        }
        next.query.filters.retain(|_, v| !v.is_empty());
        next.href()
    }

    /// The link to the first page in another order.
    pub fn sorted(&self, sort: Sort) -> String {
        let mut next = self.first_page();
        next.query.sort = sort;
        next.sort_given = true;
        next.href()
    }

    /// The link to the page at `cursor`, or to the first page.
    pub fn at(&self, cursor: Option<String>) -> String {
        let mut next = self.clone();
        next.query.cursor = cursor;
        next.href()
    }

    fn first_page(&self) -> Self {
        let mut next = self.clone();
        next.query.cursor = None;
        next
    }

    /// This search as a `/search?…` link.
    pub fn href(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if let Some(q) = &self.query.q {
            s.append_pair("q", q);
        }
        if !self.query.kinds.is_empty() {
            let kinds: Vec<&str> = self.query.kinds.iter().map(|k| k.as_str()).collect();
            s.append_pair("type", &kinds.join(","));
        }
        for (facet, values) in &self.query.filters {
            for value in values {
                s.append_pair(facet, value);
            }
        }
        if self.sort_given {
            s.append_pair("sort", sort_name(self.query.sort));
        }
        if self.limit_given {
            s.append_pair("limit", &self.query.limit.to_string());
        }
        if let Some(cursor) = &self.query.cursor {
            s.append_pair("cursor", cursor);
        }
        if let Some(lang) = &self.uselang {
            s.append_pair("uselang", lang);
        }
        let query = s.finish();
        if query.is_empty() {
            "/search".to_owned()
        } else {
            format!("/search?{query}")
        }
    }

    /// The filters as `(facet, value)` pairs, in order.
    pub fn active_filters(&self) -> Vec<(String, String)> {
        let filters: &BTreeMap<String, Vec<String>> = &self.query.filters;
        filters
            .iter()
            .flat_map(|(f, values)| values.iter().map(move |v| (f.clone(), v.clone())))
            .collect()
    }
}

/// A sort's name in links (`relevance`, `name`, `updated`).
pub fn sort_name(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => "relevance",
        Sort::Name => "name",
        Sort::Updated => "updated",
    }
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

fn repeated(name: &str) -> AppError {
    AppError::bad_field(name, "repeated", "may be given only once")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Result<PageQuery, AppError> {
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(q.as_bytes()).into_owned().collect();
        PageQuery::parse(&pairs)
    }

    fn refused(q: &str) -> String {
        match parse(q) {
            Err(AppError::BadRequest { errors, .. }) => errors[0].field.clone(),
            other => panic!("{q}: expected a 400, got {other:?}"),
        }
    }

    #[test]
    fn pages_hold_twenty_by_default_and_at_most_fifty() {
        assert_eq!(parse("q=museum").unwrap().query.limit, DEFAULT_LIMIT);
        assert_eq!(parse("limit=50").unwrap().query.limit, 50);
        for q in ["limit=51", "limit=0", "limit=x", "limit=5&limit=6"] {
            assert_eq!(refused(q), "limit", "{q}");
        }
        assert_eq!(refused("colour=red"), "colour");
        assert_eq!(refused("sort=random"), "sort");
        assert_eq!(refused("type=person"), "type");
    }

    #[test]
    fn links_add_and_remove_a_filter_and_start_again_at_the_first_page() {
        let page = parse("q=a b&area=education&cursor=xyz&uselang=de").unwrap();
        assert_eq!(
            page.toggled("area", "education"),
            "/search?q=a+b&uselang=de"
        );
        assert_eq!(
            page.toggled("level", "national"),
            "/search?q=a+b&area=education&level=national&uselang=de"
        );
        assert_eq!(
            page.with_tab(Some(RecordKind::Partnership)),
            "/search?q=a+b&type=partnership&area=education&uselang=de"
        );
        assert_eq!(
            page.sorted(Sort::Updated),
            "/search?q=a+b&area=education&sort=updated&uselang=de"
        );
        assert!(parse("").unwrap().is_empty());
        assert!(!parse("type=need").unwrap().is_empty());
    }
}
