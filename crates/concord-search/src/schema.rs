//! The index schema: field names, their options, and the text analyzer.
//!
//! Bump [`SCHEMA_VERSION`] whenever a field or the way documents are built changes: an index
//! written with another version is wiped and rebuilt from the revision log on open.

use concord_domain::record::RecordKind;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexSettings};

/// Version of the schema and of the document layout; stored in the commit payload.
pub const SCHEMA_VERSION: u32 = 6;

/// The analyzer for `name` and `body`: simple tokens, lower case, ASCII folding
/// ("Genève" is indexed and searched as "geneve").
pub const TEXT_ANALYZER: &str = "concord_text";

/// The facet fields, in the order their counts are returned. Each is a multi-valued fast
/// string column, also indexed so that a filter on it is a term query.
pub const FACETS: [&str; 10] = [
    "type", "kind", "area", "level", "tier", "status", "country", "region", "entity", "year",
];

/// The facets a record kind can have values for (besides `type`), in [`FACETS`] order. A search
/// counts only the facets of the kinds it searches, and `type` only when it searches several.
/// Each kind declares them (`Record::FACETS`) beside the search text that fills them.
pub fn facets_of(kind: RecordKind) -> &'static [&'static str] {
    kind.facets()
}

/// The facets counted for a search of `kinds` (every searchable kind when empty).
pub fn facets_for(kinds: &[RecordKind]) -> Vec<&'static str> {
    let all = RecordKind::ALL
        .iter()
        .copied()
        .filter(|k| k.is_searchable());
    let searched: Vec<RecordKind> = if kinds.is_empty() {
        all.collect()
    } else {
        kinds.to_vec()
    };
    FACETS
        .iter()
        .copied()
        .filter(|f| {
            if *f == "type" {
                searched.len() > 1
            } else {
                searched.iter().any(|k| facets_of(*k).contains(f))
            }
        })
        .collect()
}

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    /// `kind:uuid`, for deletes.
    pub key: Field,
    /// Names and titles in every language (boosted).
    pub name: Field,
    /// Descriptions, summaries, tags, supporters.
    pub body: Field,
    /// Identifiers (QID, ROR ID, ISIL), lower-cased, one raw token each.
    pub ident: Field,
    /// The record's visibility (`public`, …).
    pub visibility: Field,
    /// The record's parties (organisation ids), for the steward part of the viewer filter.
    pub party: Field,
    /// The accounts the record names as readers, for the `restricted` part of the viewer filter.
    pub reader: Field,
    /// The lower-cased label, for sorting by name.
    pub label_sort: Field,
    /// Time of the revision indexed, in milliseconds, for sorting by recency.
    pub updated: Field,
    /// The revision indexed.
    pub revision: Field,
    /// The record's JSON body.
    pub json: Field,
    /// A partnership's parties (organisation ids), to count each organisation's partnerships.
    pub partner: Field,
    /// How much the record matters when scores tie and its key's first bits, folded into one
    /// number (see `rank::tie`).
    pub tie: Field,
    /// The record id's first and last 64 bits, to break ties by key.
    pub key_hi: Field,
    /// See `key_hi`.
    pub key_lo: Field,
    /// The facet fields, in [`FACETS`] order.
    pub facets: Vec<Field>,
}

impl Fields {
    /// The fields of `schema`; fails when a field is missing (another schema).
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Self> {
        let facets = FACETS
            .iter()
            .map(|name| schema.get_field(name))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            key: schema.get_field("key")?,
            name: schema.get_field("name")?,
            body: schema.get_field("body")?,
            ident: schema.get_field("ident")?,
            visibility: schema.get_field("visibility")?,
            party: schema.get_field("party")?,
            reader: schema.get_field("reader")?,
            label_sort: schema.get_field("label_sort")?,
            updated: schema.get_field("updated")?,
            revision: schema.get_field("revision")?,
            json: schema.get_field("json")?,
            partner: schema.get_field("partner")?,
            tie: schema.get_field("tie")?,
            key_hi: schema.get_field("key_hi")?,
            key_lo: schema.get_field("key_lo")?,
            facets,
        })
    }

    /// The field of a facet by name, if it is one.
    pub fn facet(&self, name: &str) -> Option<Field> {
        FACETS
            .iter()
            .position(|f| *f == name)
            .and_then(|i| self.facets.get(i).copied())
    }
}

/// Builds the schema.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    b.add_text_field("key", STRING | STORED);
    b.add_text_field("name", text.clone());
    b.add_text_field("body", text);
    b.add_text_field("ident", STRING);
    b.add_text_field("visibility", STRING);
    b.add_text_field("party", STRING);
    b.add_text_field("reader", STRING);
    b.add_text_field("label_sort", TextOptions::default().set_fast("raw"));
    b.add_i64_field("updated", FAST);
    b.add_i64_field("revision", STORED);
    b.add_text_field("json", STORED);
    b.add_text_field("partner", STRING);
    b.add_u64_field("tie", FAST);
    b.add_u64_field("key_hi", FAST);
    b.add_u64_field("key_lo", FAST);
    for facet in FACETS {
        b.add_text_field(facet, STRING | FAST);
    }
    b.build()
}

/// Index settings: LZ4 doc store in small blocks, so fetching a page of hits decompresses
/// little.
pub fn settings() -> IndexSettings {
    IndexSettings {
        docstore_blocksize: 8_192,
        ..IndexSettings::default()
    }
}

/// The text analyzer (see [`TEXT_ANALYZER`]).
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers the analyzer on an index (needed after every open or create).
pub fn register(index: &Index) {
    index.tokenizers().register(TEXT_ANALYZER, analyzer());
}
