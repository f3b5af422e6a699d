//! Facets as the page shows them: each facet's most frequent values with their counts, as links
//! that add the value to the search or take it away, and the active filters, each removable.
//! Values are shown in the reader's words (vocabulary terms, statuses, country and
//! organisation names); an organisation the viewer may not see is not shown at all.

use concord_domain::RecordKind;
use concord_domain::vocabulary::Vocabulary;
use concord_i18n::Arg;
use concord_search::Facet;

use super::params::PageQuery;
use super::rows::{Words, country_name};
use crate::values;

/// At most this many values of a facet are shown (the most frequent, plus any active one), so
/// a page stays small.
pub const SHOWN_VALUES: usize = 10;

/// A facet on the page.
#[derive(Clone, Debug)]
pub struct FacetView {
    /// `area`, `status`, …: for the element ids.
    pub name: String,
    /// Its heading, in the reader's words.
    pub heading: String,
    /// Its values.
    pub values: Vec<ValueView>,
}

/// One value of a facet, or one active filter.
#[derive(Clone, Debug)]
pub struct ValueView {
    /// In the reader's words.
    pub label: String,
    /// How many results have it, in the reader's digits.
    pub count: String,
    /// The link that adds it, or removes it when active.
    pub href: String,
    /// Whether the search is filtered on it.
    pub active: bool,
}

impl Words<'_> {
    /// The reader's label of `value` of `facet`, or `None` for an organisation the viewer may
    /// not see. `tab` decides which vocabulary a `kind` or `status` comes from.
    pub fn facet_value(&self, facet: &str, value: &str, tab: Option<RecordKind>) -> Option<String> {
        let term = |v: Vocabulary| values::term(self.t, self.vocabularies, v, value);
        Some(match facet {
            "kind" => match tab {
                Some(RecordKind::Organisation) => term(Vocabulary::OrganisationKind),
                _ if self
                    .vocabularies
                    .contains(Vocabulary::PartnershipKind, value) =>
                {
                    term(Vocabulary::PartnershipKind)
                }
                _ => term(Vocabulary::OrganisationKind),
            },
            "area" => term(Vocabulary::Area),
            "level" => term(Vocabulary::Level),
            "tier" => term(Vocabulary::Tier),
            "region" => term(Vocabulary::Region),
            "status" => self.status(value, tab),
            "country" => country_name(value),
            "entity" => self.names.get(value)?.clone(),
            _ => value.to_owned(),
        })
    }

    fn status(&self, value: &str, tab: Option<RecordKind>) -> String {
        let of = match tab {
            Some(RecordKind::Organisation) => "relationship",
            Some(RecordKind::Need) => "need",
            Some(_) => "partnership",
            None => ["partnership", "need", "relationship"]
                .into_iter()
                .find(|of| self.t.has(&format!("concord-status-{of}-{value}")))
                .unwrap_or("partnership"),
        };
        values::status(self.t, of, value)
    }

    /// The facets of a search's results (not `type`, which the tabs show).
    pub fn facets<'f>(
        &self,
        facets: impl IntoIterator<Item = (&'f String, &'f Facet)>,
        page: &PageQuery,
    ) -> Vec<FacetView> {
        let tab = page.tab();
        facets
            .into_iter()
            .filter(|(name, values)| name.as_str() != "type" && !values.is_empty())
            .map(|(name, values)| {
                let shown = values
                    .iter()
                    .enumerate()
                    .filter(|(i, v)| *i < SHOWN_VALUES || page.has_filter(name, &v.value))
                    .filter_map(|(_, v)| {
                        Some(ValueView {
                            label: self.facet_value(name, &v.value, tab)?,
                            count: self.t.number(i64::try_from(v.count).unwrap_or(i64::MAX)),
                            href: page.toggled(name, &v.value),
                            active: page.has_filter(name, &v.value),
                        })
                    })
                    .collect();
                FacetView {
                    name: name.clone(),
                    heading: self.t.msg(&format!("concord-search-facet-{name}")),
                    values: shown,
                }
            })
            .filter(|f| !f.values.is_empty())
            .collect()
    }

    /// The active filters, each labelled "remove <facet>: <value>" with the link that removes it.
    pub fn active(&self, page: &PageQuery) -> Vec<ValueView> {
        page.active_filters()
            .into_iter()
            .map(|(facet, value)| {
                let label = self
                    .facet_value(&facet, &value, page.tab())
                    .unwrap_or_else(|| value.clone());
                let heading = self.t.msg(&format!("concord-search-facet-{facet}"));
                ValueView {
                    label: self.t.msg_with(
                        "concord-search-remove-filter",
                        &[Arg::Text(heading), Arg::Text(label)],
                    ),
                    count: String::new(),
                    href: page.toggled(&facet, &value),
                    active: true,
                }
            })
            .collect()
    }
}
