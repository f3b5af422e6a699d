//! A segment's facet column as plain arrays of term ordinals, for the segment cache
//! (`cache.rs`): one load per document and facet where tantivy's column codecs cost
//! bit-unpacking and an indirect call.

use tantivy::DocId;
use tantivy::columnar::{Cardinality, StrColumn};

/// Documents whose ordinals are read from a column at a time while an array is built.
const CHUNK: usize = 1_024;

/// Term ordinals in the narrowest width that holds them, with the width's largest value for
/// "none".
enum Packed {
    U8(Box<[u8]>),
    U16(Box<[u16]>),
    U32(Box<[u32]>),
}

impl Packed {
    /// Packs ordinals of a dictionary of `terms` terms; [`NONE`] saturates to the width's
    /// largest value, which no ordinal reaches.
    fn new(terms: usize, values: Vec<u32>) -> Self {
        if terms < usize::from(u8::MAX) {
            Packed::U8(values.into_iter().map(|v| v.min(255) as u8).collect())
        } else if terms < usize::from(u16::MAX) {
            Packed::U16(values.into_iter().map(|v| v.min(65_535) as u16).collect())
        } else {
            Packed::U32(values.into_boxed_slice())
        }
    }
}

/// One facet's values in one segment: the term dictionary and every document's ordinals.
pub(crate) struct FacetColumn {
    pub(crate) dictionary: StrColumn,
    ords: Ords,
}

enum Ords {
    /// One value or none per document, indexed by document.
    Single(Packed),
    /// A document's values are `values[starts[doc]..starts[doc + 1]]`.
    Multi { starts: Box<[u32]>, values: Packed },
}

/// The value that marks "no value" while an array is built, before it is narrowed.
const NONE: u32 = u32::MAX;

impl FacetColumn {
    /// Every document's ordinals in `dictionary`'s column, for a segment of `max_doc` documents.
    pub(crate) fn read(dictionary: StrColumn, max_doc: DocId) -> Self {
        let terms = dictionary.num_terms();
        let column = dictionary.ords();
        let ords = match column.get_cardinality() {
            Cardinality::Full | Cardinality::Optional => {
                let mut values = Vec::with_capacity(max_doc as usize);
                let mut firsts = vec![None; CHUNK];
                let mut docs: Vec<DocId> = Vec::with_capacity(CHUNK);
                for start in (0..max_doc).step_by(CHUNK) {
                    docs.clear();
                    docs.extend(start..max_doc.min(start + CHUNK as DocId));
                    let firsts = &mut firsts[..docs.len()];
                    firsts.fill(None);
                    column.first_vals(&docs, firsts);
                    values.extend(firsts.iter().map(|o| o.map_or(NONE, narrow)));
                }
                Ords::Single(Packed::new(terms, values))
            }
            Cardinality::Multivalued => {
                let mut starts = Vec::with_capacity(max_doc as usize + 1);
                let mut values = Vec::new();
                for doc in 0..max_doc {
                    starts.push(values.len() as u32);
                    for row in column.index.value_row_ids(doc) {
                        values.push(narrow(column.values.get_val(row)));
                    }
                }
                starts.push(values.len() as u32);
                Ords::Multi {
                    starts: starts.into_boxed_slice(),
                    values: Packed::new(terms, values),
                }
            }
        };
        Self { dictionary, ords }
    }

    /// Calls `add` with each ordinal of each of `docs`.
    #[inline]
    pub(crate) fn each(&self, docs: &[DocId], mut add: impl FnMut(u64)) {
        match &self.ords {
            Ords::Single(packed) => match packed {
                Packed::U8(v) => single(v, docs, u8::MAX, |o| add(u64::from(o))),
                Packed::U16(v) => single(v, docs, u16::MAX, |o| add(u64::from(o))),
                Packed::U32(v) => single(v, docs, u32::MAX, |o| add(u64::from(o))),
            },
            Ords::Multi { starts, values } => {
                for &doc in docs {
                    let (from, to) = (starts[doc as usize], starts[doc as usize + 1]);
                    for i in from as usize..to as usize {
                        add(match values {
                            Packed::U8(v) => u64::from(v[i]),
                            Packed::U16(v) => u64::from(v[i]),
                            Packed::U32(v) => u64::from(v[i]),
                        });
                    }
                }
            }
        }
    }
}

#[inline]
fn single<T: Copy + PartialEq>(values: &[T], docs: &[DocId], none: T, mut add: impl FnMut(T)) {
    for &doc in docs {
        let o = values[doc as usize];
        if o != none {
            add(o);
        }
    }
}

/// An ordinal as stored (ordinals index a dictionary of at most `u32::MAX` terms).
fn narrow(ord: u64) -> u32 {
    u32::try_from(ord).unwrap_or(NONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_take_the_narrowest_width_and_keep_none_apart() {
        let Packed::U8(packed) = Packed::new(3, vec![0, NONE, 2]) else {
            panic!("three terms fit in a byte");
        };
        assert_eq!(&*packed, &[0, 255, 2]);
        assert!(matches!(Packed::new(300, vec![299]), Packed::U16(_)));
        assert!(matches!(Packed::new(70_000, vec![69_999]), Packed::U32(_)));
    }
}
