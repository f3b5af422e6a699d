//! From a revision's snapshot to a tantivy document.
//!
//! Only what a viewer who may see the record may also search is indexed as text: fields with
//! their own visibility (financial terms) are left out, so a search cannot reveal them.

use concord_domain::record::{Record, RecordKey, RecordKind};
use concord_domain::{Need, Organisation, Partnership};
use concord_store::LoggedRevision;
use tantivy::TantivyDocument;

use crate::schema::Fields;

/// The `key` field's value for a record.
pub fn key_text(key: &RecordKey) -> String {
    format!("{}:{}", key.kind.as_str(), key.id)
}

/// What a record contributes to the index, before it becomes a tantivy document.
#[derive(Default)]
struct Parts {
    names: Vec<String>,
    body: Vec<String>,
    idents: Vec<String>,
    facets: Vec<(&'static str, String)>,
}

impl Parts {
    fn facet(&mut self, name: &'static str, value: impl Into<String>) {
        let value = value.into();
        if !value.is_empty() && !self.facets.iter().any(|(n, v)| *n == name && *v == value) {
            self.facets.push((name, value));
        }
    }

    fn facets<'a>(&mut self, name: &'static str, values: impl IntoIterator<Item = &'a String>) {
        for v in values {
            self.facet(name, v.as_str());
        }
    }
}

/// The document for a revision that leaves its record present, or `None` for a kind that is
/// not searchable. Fails when the snapshot is not a valid record of its kind. The snapshot's
/// text is parsed straight into its record type and stored as it is, for the hits.
pub fn build(
    fields: &Fields,
    rev: &LoggedRevision,
) -> Result<Option<TantivyDocument>, serde_json::Error> {
    let s = rev.snapshot.as_str();
    let (record, parts) = match rev.record.kind {
        RecordKind::Organisation => {
            let o: Organisation = serde_json::from_str(s)?;
            let parts = organisation(&o);
            (common(&o), parts)
        }
        RecordKind::Partnership => {
            let p: Partnership = serde_json::from_str(s)?;
            let parts = partnership(&p);
            (common(&p), parts)
        }
        RecordKind::Need => {
            let n: Need = serde_json::from_str(s)?;
            let parts = need(&n);
            (common(&n), parts)
        }
        RecordKind::Person | RecordKind::GlossaryTerm => return Ok(None),
    };
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.key, key_text(&rev.record));
    for n in &parts.names {
        doc.add_text(fields.name, n);
    }
    for b in &parts.body {
        doc.add_text(fields.body, b);
    }
    for i in &parts.idents {
        doc.add_text(fields.ident, i.to_lowercase());
    }
    doc.add_text(fields.visibility, record.visibility);
    for p in &record.parties {
        doc.add_text(fields.party, p);
    }
    doc.add_text(fields.label_sort, record.label.to_lowercase());
    doc.add_i64(fields.updated, rev.at.timestamp_millis());
    doc.add_i64(fields.revision, rev.id.0);
    doc.add_text(fields.json, s);
    if let Some(f) = fields.facet("type") {
        doc.add_text(f, rev.record.kind.as_str());
    }
    for (name, value) in &parts.facets {
        if let Some(f) = fields.facet(name) {
            doc.add_text(f, value);
        }
    }
    Ok(Some(doc))
}

/// What every record kind has: visibility, parties and label.
struct Common {
    visibility: &'static str,
    parties: Vec<String>,
    label: String,
}

fn common<R: Record>(r: &R) -> Common {
    Common {
        visibility: r.visibility().as_str(),
        parties: r.parties().iter().map(ToString::to_string).collect(),
        label: r.label(),
    }
}

fn organisation(o: &Organisation) -> Parts {
    let mut p = Parts::default();
    p.names.push(o.name.clone());
    p.names.extend(o.names.texts().map(str::to_owned));
    p.body.extend(o.description.texts().map(str::to_owned));
    p.body.extend(o.tags.iter().cloned());
    if let Some(m) = &o.movement_entity {
        p.body.extend(m.themes.iter().cloned());
        p.facet("entity", o.id.to_string());
    }
    p.idents.extend(o.identifiers.texts().map(str::to_owned));
    p.facet("kind", o.kind.as_str());
    p.facet("status", o.relationship.as_str());
    p.facets("country", o.country.iter());
    p.facets("region", o.all_regions().iter());
    p
}

fn partnership(x: &Partnership) -> Parts {
    let mut p = Parts::default();
    p.names.extend(x.title.texts().map(str::to_owned));
    p.body.extend(x.summary.texts().map(str::to_owned));
    p.body.extend(x.tags.iter().cloned());
    for v in &x.value_exchange {
        p.body.push(v.gives.clone());
        p.body.push(v.gets.clone());
    }
    p.body.extend(x.milestones.iter().map(|m| m.title.clone()));
    p.body
        .extend(x.outcomes.iter().map(|o| o.description.clone()));
    p.facet("kind", x.kind.as_str());
    p.facets("area", x.areas.iter());
    p.facets("level", x.level.iter());
    p.facets("tier", x.tier.iter());
    p.facet("status", x.status.as_str());
    for id in x.party_ids() {
        p.facet("entity", id.to_string());
    }
    if let Some(y) = x.year() {
        p.facet("year", y.to_string());
    }
    p
}

fn need(n: &Need) -> Parts {
    let mut p = Parts::default();
    p.names.extend(n.title.texts().map(str::to_owned));
    p.body.extend(n.description.texts().map(str::to_owned));
    p.body.extend(n.tags.iter().cloned());
    p.body.extend(n.supporters.iter().cloned());
    p.facet("area", n.area.as_str());
    p.facets("country", n.countries.iter());
    p.facets("region", n.regions.iter());
    if let Some(e) = n.movement_entity {
        p.facet("entity", e.to_string());
    }
    if let Some(y) = n.year {
        p.facet("year", y.to_string());
    }
    p.facet("status", n.status.as_str());
    p
}
