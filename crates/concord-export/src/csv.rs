//! Organisations as CSV. The columns are named like the import's fields, so an exported file
//! imports again as it is (`isil` and `tags` are `;`-separated, `description` is English, else
//! any language).

use std::io::Write;

use anyhow::Context;
use concord_domain::Organisation;

/// The header.
pub const COLUMNS: [&str; 14] = [
    "id",
    "name",
    "kind",
    "country",
    "website",
    "wikidata",
    "ror",
    "isil",
    "description",
    "tags",
    "relationship",
    "movement_entity",
    "regions",
    "visibility",
];

/// Writes organisations as CSV rows.
pub(crate) struct CsvSink<'w> {
    out: ::csv::Writer<&'w mut (dyn Write + Send)>,
}

impl<'w> CsvSink<'w> {
    pub(crate) fn new(out: &'w mut (dyn Write + Send)) -> anyhow::Result<Self> {
        let mut out = ::csv::Writer::from_writer(out);
        out.write_record(COLUMNS)
            .context("while writing the CSV header")?;
        Ok(Self { out })
    }

    pub(crate) fn write(&mut self, o: &Organisation) -> anyhow::Result<()> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let row = [
            o.id.to_string(),
            o.name.clone(),
            o.kind.clone(),
            opt(&o.country),
            opt(&o.website),
            opt(&o.identifiers.wikidata),
            opt(&o.identifiers.ror),
            o.identifiers.isil.join(";"),
            o.description.get("en").unwrap_or_default().to_owned(),
            o.tags.join(";"),
            o.relationship.as_str().to_owned(),
            o.movement_entity
                .as_ref()
                .map(|m| m.kind.clone())
                .unwrap_or_default(),
            o.regions.join(";"),
            o.visibility.as_str().to_owned(),
        ];
        self.out
            .write_record(&row)
            .with_context(|| format!("while writing organisation {} as CSV", o.id))
    }

    pub(crate) fn finish(mut self) -> anyhow::Result<()> {
        self.out.flush().context("while finishing the CSV export")
    }
}
