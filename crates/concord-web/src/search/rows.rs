//! A search hit as the page shows it: what matters for its kind (a partnership's parties and
//! status, an organisation's kind and country, a person's affiliations, a need's status, a
//! glossary term's definition), its title in the reader's language, and its page's link.

use std::collections::HashMap;

use concord_domain::vocabulary::{Vocabularies, Vocabulary};
use concord_domain::{RecordKey, RecordKind};
use concord_i18n::{Arg, Localizer};
use serde_json::Value;

use super::text::{Localized, start_of, title, translatable};
use crate::values;

/// How much of a summary or definition a result shows.
const SNIPPET_CHARS: usize = 160;

/// One result.
#[derive(Clone, Debug)]
pub struct Row {
    /// The record's page.
    pub href: String,
    /// Its kind, in the reader's words.
    pub kind: String,
    /// Its title.
    pub title: Localized,
    /// Short facts: statuses, kinds, countries, parties.
    pub facts: Vec<String>,
    /// The start of its summary, description or definition.
    pub snippet: Option<Localized>,
}

/// What rows are written with: the reader's messages, the vocabularies, and the names of the
/// organisations the page mentions that the viewer may see (by id).
pub struct Words<'a> {
    /// The reader's messages.
    pub t: &'a Localizer,
    /// The vocabularies.
    pub vocabularies: &'a Vocabularies,
    /// Organisation names by id; an organisation the viewer may not see is absent.
    pub names: &'a HashMap<String, String>,
}

/// The reader's name of a record kind.
pub fn kind_name(t: &Localizer, kind: RecordKind) -> String {
    t.msg(&format!("concord-search-type-{}", kind.as_str()))
}

/// The link to a record's page: `/<collection>/<id>`.
pub fn record_href(key: &RecordKey) -> String {
    format!("/{}/{}", key.kind.collection(), key.id)
}

/// The organisations a body names (parties, a need's entity, a person's affiliations).
pub fn organisations_named(kind: RecordKind, body: &Value) -> Vec<String> {
    let field = |list: &str, member: &str| -> Vec<String> {
        body[list]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| item[member].as_str().map(str::to_owned))
            .collect()
    };
    match kind {
        RecordKind::Partnership => field("parties", "organisation"),
        RecordKind::Person => field("memberships", "organisation"),
        RecordKind::Need => body["movement_entity"]
            .as_str()
            .map(str::to_owned)
            .into_iter()
            .collect(),
        RecordKind::Inquiry => body["routed_to"]
            .as_str()
            .map(str::to_owned)
            .into_iter()
            .collect(),
        RecordKind::Organisation
        | RecordKind::GlossaryTerm
        | RecordKind::RoutingRule
        | RecordKind::RedLine
        | RecordKind::ApprovalPolicy
        | RecordKind::AssessmentTemplate => Vec::new(),
    }
}

impl Words<'_> {
    /// The row of a record (its body already redacted for the viewer).
    pub fn row(&self, key: &RecordKey, body: &Value) -> Row {
        let reader = self.t.lang();
        let (facts, snippet_field) = match key.kind {
            RecordKind::Organisation => (self.organisation(body), "description"),
            RecordKind::Partnership => (self.partnership(body), "summary"),
            RecordKind::Need => (self.need(body), "description"),
            RecordKind::Person => (self.person(body), ""),
            RecordKind::GlossaryTerm => (Vec::new(), "definition"),
            RecordKind::Inquiry => (self.inquiry(body), ""),
            RecordKind::RoutingRule
            | RecordKind::RedLine
            | RecordKind::ApprovalPolicy
            | RecordKind::AssessmentTemplate => (Vec::new(), ""),
        };
        let snippet = translatable(&body[snippet_field], reader).map(|l| Localized {
            text: start_of(&l.text, SNIPPET_CHARS),
            lang: l.lang,
        });
        Row {
            href: record_href(key),
            kind: kind_name(self.t, key.kind),
            title: title(key.kind, body, reader),
            facts,
            snippet,
        }
    }

    fn term(&self, vocabulary: Vocabulary, key: &str) -> String {
        values::term(self.t, self.vocabularies, vocabulary, key)
    }

    fn organisation(&self, body: &Value) -> Vec<String> {
        let mut facts = Vec::new();
        if let Some(kind) = body["kind"].as_str() {
            facts.push(self.term(Vocabulary::OrganisationKind, kind));
        }
        if let Some(entity) = body["movement_entity"]["kind"].as_str() {
            facts.push(self.term(Vocabulary::MovementEntityKind, entity));
        }
        if let Some(code) = body["country"].as_str() {
            facts.push(country_name(code));
        }
        if let Some(status) = body["relationship"]["status"].as_str() {
            facts.push(values::status(self.t, "relationship", status));
        }
        facts
    }

    fn partnership(&self, body: &Value) -> Vec<String> {
        let mut facts = Vec::new();
        if let Some(status) = body["status"].as_str() {
            facts.push(values::status(self.t, "partnership", status));
        }
        let parties: Vec<String> = body["parties"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|party| {
                let name = self.names.get(party["organisation"].as_str()?)?;
                let role = party["role"].as_str().unwrap_or_default();
                Some(format!(
                    "{name} ({})",
                    self.term(Vocabulary::PartyRole, role)
                ))
            })
            .collect();
        if !parties.is_empty() {
            let list = Arg::Text(self.t.list(&parties));
            facts.push(self.t.msg_with("concord-search-result-parties", &[list]));
        }
        facts
    }

    fn need(&self, body: &Value) -> Vec<String> {
        let mut facts = Vec::new();
        if let Some(status) = body["status"].as_str() {
            facts.push(values::status(self.t, "need", status));
        }
        if let Some(area) = body["area"].as_str() {
            facts.push(self.term(Vocabulary::Area, area));
        }
        if let Some(name) = body["movement_entity"]
            .as_str()
            .and_then(|id| self.names.get(id))
        {
            facts.push(name.clone());
        }
        facts
    }

    fn inquiry(&self, body: &Value) -> Vec<String> {
        let mut facts = Vec::new();
        if let Some(status) = body["status"].as_str() {
            facts.push(self.t.msg(&format!("concord-inquiry-status-{status}")));
        }
        if let Some(area) = body["area"].as_str() {
            facts.push(self.term(Vocabulary::Area, area));
        }
        if let Some(name) = body["routed_to"].as_str().and_then(|id| self.names.get(id)) {
            facts.push(name.clone());
        }
        facts
    }

    fn person(&self, body: &Value) -> Vec<String> {
        let affiliations: Vec<String> = organisations_named(RecordKind::Person, body)
            .iter()
            .filter_map(|id| self.names.get(id).cloned())
            .collect();
        if affiliations.is_empty() {
            return Vec::new();
        }
        let list = Arg::Text(self.t.list(&affiliations));
        vec![
            self.t
                .msg_with("concord-search-result-affiliations", &[list]),
        ]
    }
}

/// A country's name from its ISO code, else the code.
pub fn country_name(code: &str) -> String {
    concord_domain::country::country(code).map_or_else(|| code.to_owned(), |c| c.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::localizer;
    use concord_domain::RecordKind;
    use concord_i18n::Lang;
    use serde_json::json;
    use uuid::Uuid;

    fn row(kind: RecordKind, body: Value) -> Row {
        let vocabularies = Vocabularies::defaults();
        let names = HashMap::from([("a".to_owned(), "Wikimedia Sverige".to_owned())]);
        let words = Words {
            t: localizer(Lang::En),
            vocabularies: &vocabularies,
            names: &names,
        };
        let key = RecordKey {
            kind,
            id: Uuid::from_u128(1),
        };
        words.row(&key, &body)
    }

    #[test]
    fn each_kind_shows_what_matters_for_it() {
        let p = row(
            RecordKind::Partnership,
            json!({"title": {"en": "Scans"}, "status": "active",
                "parties": [{"organisation": "a", "role": "lead"}, {"organisation": "hidden", "role": "partner"}]}),
        );
        assert_eq!(p.href, format!("/partnerships/{}", Uuid::from_u128(1)));
        assert_eq!(p.title.text, "Scans");
        assert_eq!(p.facts.len(), 2);
        assert!(p.facts[1].starts_with("Parties: Wikimedia Sverige ("));
        assert!(!p.facts[1].contains("hidden"));
        let o = row(
            RecordKind::Organisation,
            json!({"name": "Tropenmuseum", "kind": "museum", "country": "NL"}),
        );
        assert!(o.facts.contains(&"Netherlands".to_owned()), "{:?}", o.facts);
        let person = row(
            RecordKind::Person,
            json!({"name": "Ada", "memberships": [{"organisation": "a", "role": "staff"}]}),
        );
        assert_eq!(person.facts, ["Affiliations: Wikimedia Sverige"]);
        let term = row(
            RecordKind::GlossaryTerm,
            json!({"term": {"en": "Alliance"}, "definition": {"en": "A long-lived partnership."}}),
        );
        let snippet = term.snippet.expect("the definition's start");
        assert_eq!(snippet.text, "A long-lived partnership.");
        let need = row(
            RecordKind::Need,
            json!({"title": {"en": "Scanners"}, "status": "open", "area": "education"}),
        );
        assert_eq!(need.facts.len(), 2);
    }
}
