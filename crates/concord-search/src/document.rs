//! From a revision's snapshot to a tantivy document.
//!
//! Only what a viewer who may see the record may also search is indexed as text: fields with
//! their own visibility (financial terms) are left out, so a search cannot reveal them.

use concord_domain::SearchText;
use concord_domain::record::{KindVisitor, Record, RecordKey, RecordKind};
use concord_store::LoggedRevision;
use tantivy::TantivyDocument;

use crate::rank;
use crate::schema::Fields;

/// The `key` field's value for a record.
pub fn key_text(key: &RecordKey) -> String {
    format!("{}:{}", key.kind.as_str(), key.id)
}

/// The record key of a `key` field's value.
pub(crate) fn parse_key(text: &str) -> Option<RecordKey> {
    let (kind, id) = text.split_once(':')?;
    Some(RecordKey {
        kind: RecordKind::parse(kind)?,
        id: id.parse().ok()?,
    })
}

/// What a document is built from: a revision from the log, or a document already indexed
/// that is rebuilt (when an organisation's partnerships change).
pub struct Source<'a> {
    /// The record.
    pub key: &'a RecordKey,
    /// The revision of the snapshot.
    pub revision: i64,
    /// When it was written, in milliseconds.
    pub at_ms: i64,
    /// The record as JSON.
    pub snapshot: &'a str,
}

impl<'a> From<&'a LoggedRevision> for Source<'a> {
    fn from(rev: &'a LoggedRevision) -> Self {
        Self {
            key: &rev.record,
            revision: rev.id.0,
            at_ms: rev.at.timestamp_millis(),
            snapshot: &rev.snapshot,
        }
    }
}

/// What a document takes from other records: for an organisation, how many partnerships it is
/// a party to; for a partnership, its parties' regions (`regions.rs`).
#[derive(Debug, Default)]
pub struct Derived {
    /// Partnerships naming the organisation.
    pub partnerships: u64,
    /// Regions of the partnership's parties.
    pub regions: Vec<String>,
}

/// The document for a snapshot that leaves its record present, or `None` for a kind that is
/// not searchable, with what it takes from other records. Fails
/// when the snapshot is not a valid record of its kind. The snapshot's text is parsed straight
/// into its record type and stored as it is, for the hits.
pub fn build(
    fields: &Fields,
    src: &Source<'_>,
    derived: &Derived,
) -> Result<Option<TantivyDocument>, serde_json::Error> {
    let s = src.snapshot;
    let Some((record, parts)) = src.key.kind.visit(Parse(s))? else {
        return Ok(None);
    };
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.key, key_text(src.key));
    let (hi, lo) = rank::key_order(src.key);
    doc.add_u64(fields.key_hi, hi);
    doc.add_u64(fields.key_lo, lo);
    let organisation = src.key.kind == RecordKind::Organisation;
    let importance = rank::importance(&parts, organisation, derived.partnerships);
    doc.add_u64(fields.tie, rank::tie(importance, src.key));
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
        if src.key.kind == RecordKind::Partnership {
            doc.add_text(fields.partner, p);
        }
    }
    for r in &record.readers {
        doc.add_text(fields.reader, r);
    }
    doc.add_text(fields.label_sort, record.label.to_lowercase());
    doc.add_i64(fields.updated, src.at_ms);
    doc.add_i64(fields.revision, src.revision);
    doc.add_text(fields.json, s);
    if let Some(f) = fields.facet("type") {
        doc.add_text(f, src.key.kind.as_str());
    }
    for (name, value) in &parts.facets {
        if let Some(f) = fields.facet(name) {
            doc.add_text(f, value);
        }
    }
    if let Some(f) = fields
        .facet("region")
        .filter(|_| !derived.regions.is_empty())
    {
        for region in &derived.regions {
            doc.add_text(f, region);
        }
    }
    Ok(Some(doc))
}

/// The organisations a partnership's snapshot names as parties (none for another kind or a
/// snapshot that does not parse).
pub fn partners(key: &RecordKey, snapshot: &str) -> Result<Vec<String>, serde_json::Error> {
    if key.kind != RecordKind::Partnership {
        return Ok(Vec::new());
    }
    Ok(key
        .kind
        .visit(Parse(snapshot))?
        .map_or_else(Vec::new, |(record, _)| record.parties))
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
