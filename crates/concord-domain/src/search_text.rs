//! What a record gives the search index: its names, its other text, its identifiers and its
//! facet values. Each kind fills it in its own module ([`crate::Record::search_text`]); the
//! index turns it into a document without knowing the kind.
//!
//! Only what every viewer who may see the record may also search belongs here: fields with a
//! visibility of their own (financial terms, contact details) must be left out, so a search
//! cannot reveal them.

/// The text and facet values of one record, before it becomes an index document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchText {
    /// Names and titles, in every language given: ranked above the body.
    pub names: Vec<String>,
    /// Descriptions, summaries, tags and other free text.
    pub body: Vec<String>,
    /// Identifiers (QIDs, ROR ids, ISILs), matched whole.
    pub idents: Vec<String>,
    /// `(facet, value)` pairs, each once; the facet is one of the kind's
    /// [`crate::Record::FACETS`].
    pub facets: Vec<(&'static str, String)>,
}

impl SearchText {
    /// Adds a facet value once; empty values are skipped.
    pub fn facet(&mut self, name: &'static str, value: impl Into<String>) {
        let value = value.into();
        if !value.is_empty() && !self.facets.iter().any(|(n, v)| *n == name && *v == value) {
            self.facets.push((name, value));
        }
    }

    /// Adds each of `values` to a facet, once.
    pub fn facets<'a>(&mut self, name: &'static str, values: impl IntoIterator<Item = &'a String>) {
        for v in values {
            self.facet(name, v.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_facet_value_is_kept_once_and_empty_ones_not_at_all() {
        let mut t = SearchText::default();
        t.facet("country", "SE");
        t.facet("country", "SE");
        t.facet("country", "");
        t.facets("region", [&"150".to_owned(), &"150".to_owned()]);
        assert_eq!(
            t.facets,
            [("country", "SE".to_owned()), ("region", "150".to_owned())]
        );
    }
}
