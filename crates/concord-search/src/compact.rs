//! Expunging deleted documents: a segment where many documents were replaced is merged right
//! after the commit that replaced them.
//!
//! Replacing a document in tantivy deletes the old one and adds a new one; the old one stays
//! in its segment, skipped by every search but still scanned, until a merge drops it. Bulk
//! partnership writes re-index the organisations they name (their partnership count changes,
//! see `partners.rs`), so after 100,000 random partnerships about a fifth of 1M organisations
//! were deleted documents: every posting list, filter bitset and facet array of a search was a
//! fifth longer, and the server larger. tantivy's log merge policy merges by segment size only
//! (its ratio of deleted documents is 1.0, "never"), so this is done here, at commit time.

use tantivy::IndexWriter;
use tantivy::index::SegmentId;

use crate::query::{SearchError, index_error};

/// A segment is merged when more than one document in this many is deleted: a fifth, so a
/// server's own edits seldom cause a merge, and a bulk that replaced many documents does.
const DELETED_ONE_IN: u32 = 5;

/// The segments with more than one deleted document in [`DELETED_ONE_IN`].
pub(crate) fn heavy_segments(writer: &IndexWriter) -> Result<Vec<SegmentId>, SearchError> {
    let metas = writer
        .index()
        .searchable_segment_metas()
        .map_err(index_error("while reading the segments"))?;
    Ok(metas
        .iter()
        .filter(|m| m.num_deleted_docs() * DELETED_ONE_IN > m.max_doc())
        .map(tantivy::index::SegmentMeta::id)
        .collect())
}

/// Merges the segments with many deleted documents into one, and waits for it. A merge that
/// cannot start (a segment is already being merged by the merge policy, which drops its
/// deleted documents too) is logged and left: the index stays right, only larger.
pub(crate) fn expunge_deletes(writer: &mut IndexWriter) -> Result<(), SearchError> {
    let heavy = heavy_segments(writer)?;
    if heavy.is_empty() {
        return Ok(());
    }
    if let Err(e) = writer.merge(&heavy).wait() {
        tracing::warn!(segments = heavy.len(), error = %e, "deleted documents were not merged away");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{STRING, Schema};
    use tantivy::{Index, TantivyDocument, Term};

    use super::*;

    /// A RAM index of one segment holding `n` documents, `key` 0 to n - 1.
    fn index_of(n: u32) -> (IndexWriter, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let key = schema.add_text_field("key", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..n {
            let mut doc = TantivyDocument::new();
            doc.add_text(key, i.to_string());
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (writer, key)
    }

    fn deleted(writer: &IndexWriter) -> u32 {
        let metas = writer.index().searchable_segment_metas().unwrap();
        metas
            .iter()
            .map(tantivy::index::SegmentMeta::num_deleted_docs)
            .sum()
    }

    fn delete(writer: &mut IndexWriter, key: tantivy::schema::Field, keys: std::ops::Range<u32>) {
        for i in keys {
            writer.delete_term(Term::from_field_text(key, &i.to_string()));
        }
        writer.commit().unwrap();
    }

    #[test]
    fn a_segment_with_many_deleted_documents_is_merged_without_them() {
        let (mut writer, key) = index_of(100);
        delete(&mut writer, key, 0..30);
        assert_eq!(deleted(&writer), 30);
        expunge_deletes(&mut writer).unwrap();
        assert_eq!(deleted(&writer), 0);
        let metas = writer.index().searchable_segment_metas().unwrap();
        assert_eq!(metas.iter().map(|m| m.num_docs()).sum::<u32>(), 70);
    }

    #[test]
    fn a_few_deleted_documents_are_left_for_later() {
        let (mut writer, key) = index_of(100);
        delete(&mut writer, key, 0..20);
        assert!(heavy_segments(&writer).unwrap().is_empty());
        expunge_deletes(&mut writer).unwrap();
        assert_eq!(deleted(&writer), 20);
    }
}
