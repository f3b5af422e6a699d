//! Organisations as one JSON-LD document: `@context` schema.org, an `@graph` of `Organization`
//! with `name`, `alternateName`, `url`, `sameAs` (Wikidata, ROR), `identifier` (ROR and ISIL as
//! `PropertyValue`), `description` and `address.addressCountry`. Written as a stream, so the
//! document never has to fit in memory.

use std::io::Write;

use anyhow::Context;
use concord_domain::Organisation;
use serde_json::{Value, json};

/// The schema.org node of an organisation.
pub fn organisation_node(o: &Organisation) -> Value {
    let ids = &o.identifiers;
    let mut same_as: Vec<String> = ids
        .wikidata
        .iter()
        .map(|q| format!("https://www.wikidata.org/wiki/{q}"))
        .collect();
    same_as.extend(ids.ror.iter().map(|r| format!("https://ror.org/{r}")));
    let mut identifiers: Vec<Value> = ids
        .ror
        .iter()
        .map(|r| json!({"@type": "PropertyValue", "propertyID": "ROR", "value": r}))
        .collect();
    identifiers.extend(
        ids.isil
            .iter()
            .map(|i| json!({"@type": "PropertyValue", "propertyID": "ISIL", "value": i})),
    );
    let mut node = json!({
        "@type": "Organization",
        "@id": format!("urn:uuid:{}", o.id),
        "name": o.name,
    });
    let alternate: Vec<Value> = o
        .names
        .0
        .iter()
        .map(|(lang, text)| json!({"@language": lang, "@value": text}))
        .collect();
    let description: Vec<Value> = o
        .description
        .0
        .iter()
        .map(|(lang, text)| json!({"@language": lang, "@value": text}))
        .collect();
    let fields = [
        ("alternateName", Value::from(alternate)),
        ("description", Value::from(description)),
        ("url", o.website.clone().map_or(Value::Null, Value::from)),
        ("sameAs", Value::from(same_as)),
        ("identifier", Value::from(identifiers)),
        (
            "address",
            o.country.as_ref().map_or(
                Value::Null,
                |c| json!({"@type": "PostalAddress", "addressCountry": c}),
            ),
        ),
    ];
    if let Value::Object(map) = &mut node {
        for (key, value) in fields {
            let empty = value.is_null() || value.as_array().is_some_and(Vec::is_empty);
            if !empty {
                map.insert(key.to_owned(), value);
            }
        }
    }
    node
}

/// Writes organisations into one JSON-LD document.
pub(crate) struct JsonldSink<'w> {
    out: &'w mut (dyn Write + Send),
    first: bool,
}

impl<'w> JsonldSink<'w> {
    pub(crate) fn new(out: &'w mut (dyn Write + Send)) -> anyhow::Result<Self> {
        out.write_all(b"{\"@context\":\"https://schema.org\",\"@graph\":[\n")
            .context("while writing the JSON-LD header")?;
        Ok(Self { out, first: true })
    }

    pub(crate) fn write(&mut self, o: &Organisation) -> anyhow::Result<()> {
        if !self.first {
            self.out
                .write_all(b",\n")
                .context("while writing JSON-LD")?;
        }
        self.first = false;
        serde_json::to_writer(&mut *self.out, &organisation_node(o))
            .with_context(|| format!("while writing organisation {} as JSON-LD", o.id))
    }

    pub(crate) fn finish(self) -> anyhow::Result<()> {
        self.out
            .write_all(b"\n]}\n")
            .and_then(|()| self.out.flush())
            .context("while finishing the JSON-LD export")
    }
}
