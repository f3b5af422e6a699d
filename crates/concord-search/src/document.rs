//! From a revision's snapshot to a tantivy document.
//!
//! Only what a viewer who may see the record may also search is indexed as text: fields with
//! their own visibility (financial terms) are left out, so a search cannot reveal them.

use concord_domain::SearchText;
use concord_domain::record::{KindVisitor, Record, RecordKey};
use concord_store::LoggedRevision;
use tantivy::TantivyDocument;

use crate::schema::Fields;

/// The `key` field's value for a record.
pub fn key_text(key: &RecordKey) -> String {
    format!("{}:{}", key.kind.as_str(), key.id)
}

/// The document for a revision that leaves its record present, or `None` for a kind that is
/// not searchable. Fails when the snapshot is not a valid record of its kind. The snapshot's
/// text is parsed straight into its record type and stored as it is, for the hits.
pub fn build(
    fields: &Fields,
    rev: &LoggedRevision,
) -> Result<Option<TantivyDocument>, serde_json::Error> {
    let s = rev.snapshot.as_str();
    let Some((record, parts)) = rev.record.kind.visit(Parse(s))? else {
        return Ok(None);
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
    for r in &record.readers {
        doc.add_text(fields.reader, r);
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

/// Parses a snapshot as its kind's record type: its common parts and its search text, or
/// `None` for a kind that is not searchable.
struct Parse<'a>(&'a str);

impl KindVisitor for Parse<'_> {
    type Output = Result<Option<(Common, SearchText)>, serde_json::Error>;
    fn visit<R: Record>(self) -> Self::Output {
        if !R::SEARCHABLE {
            return Ok(None);
        }
        let record: R = serde_json::from_str(self.0)?;
        Ok(Some((common(&record), record.search_text())))
    }
}

/// What every record kind has: visibility, parties, readers and label.
struct Common {
    visibility: &'static str,
    parties: Vec<String>,
    readers: Vec<String>,
    label: String,
}

fn common<R: Record>(r: &R) -> Common {
    Common {
        visibility: r.visibility().as_str(),
        parties: r.parties().iter().map(ToString::to_string).collect(),
        readers: r.readers().iter().map(ToString::to_string).collect(),
        label: r.label(),
    }
}
