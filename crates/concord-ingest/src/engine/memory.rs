//! What one import run remembers: the organisations it matched or wrote, with their latest
//! revision, and which organisations carry each match key it has looked up.
//!
//! So the same body in two sources of one run (the same QID in GLAM and ROR), or twice in one
//! batch, becomes one record. Memory stays bounded however long the run: past a limit
//! ([`KNOWN_LIMIT`] by default), the organisations already written are forgotten after a batch
//! and the store finds them again by their keys. Only the ids touched by the run are kept for
//! good, so later sources still only fill. A run into a store whose log was empty at its start
//! also keeps a [`KeyFilter`] of the keys it wrote: every other key is certainly not in the
//! store (unless another process writes beside the import), so it is not looked up. No I/O here.

use concord_domain::record::Record;
use concord_domain::{Organisation, RevisionId};
use concord_import::merge::{conflicts, key_level};
use rustc_hash::{FxHashMap, FxHashSet};
use uuid::Uuid;

use super::filter::KeyFilter;

/// Past this many remembered organisations, the written ones are forgotten after a batch.
pub const KNOWN_LIMIT: usize = 100_000;

/// An organisation this run knows: read from the store or written by the run.
pub(super) struct Known {
    pub(super) record: Organisation,
    /// Its latest revision; `None` while its create waits in the current batch (or, in a dry
    /// run, for good).
    pub(super) revision: Option<RevisionId>,
    pub(super) deleted: bool,
}

/// See the module docs.
pub(super) struct Memory {
    known: FxHashMap<Uuid, Known>,
    /// Every key looked up or written, with the organisations that carry it (an empty list:
    /// looked up, none found). A fast non-DoS-resistant hash: the input is the operator's own
    /// file, and hashing keys is most of the engine's time.
    index: FxHashMap<String, Vec<Uuid>>,
    /// The organisations an incoming record of this run already matched or created.
    touched: FxHashSet<Uuid>,
    /// When the store was empty at the start: every key the run gave an organisation, so a
    /// superset of the keys the store holds. `None`: the store may hold any key.
    store_keys: Option<KeyFilter>,
    /// Past this many known organisations, the written ones are forgotten.
    pub(super) limit: usize,
}

impl Memory {
    pub(super) fn new() -> Self {
        Self {
            known: FxHashMap::default(),
            index: FxHashMap::default(),
            touched: FxHashSet::default(),
            store_keys: None,
            limit: KNOWN_LIMIT,
        }
    }

    /// Says that the store held no record when the run started, so that only the keys this
    /// run wrote can be found in it.
    pub(super) fn start_from_empty_store(&mut self) {
        self.store_keys = Some(KeyFilter::new());
    }

    /// The keys among `keys` not looked up yet that the store may hold, to look up there; all
    /// of `keys` are marked as looked up.
    pub(super) fn unseen_keys<'k>(
        &mut self,
        keys: impl Iterator<Item = &'k String>,
    ) -> Vec<String> {
        let mut unseen = Vec::new();
        for key in keys {
            if !self.index.contains_key(key) {
                self.index.insert(key.clone(), Vec::new());
                if self.store_keys.as_ref().is_none_or(|f| f.may_contain(key)) {
                    unseen.push(key.clone());
                }
            }
        }
        unseen
    }

    pub(super) fn knows(&self, id: &Uuid) -> bool {
        self.known.contains_key(id)
    }

    pub(super) fn get(&self, id: &Uuid) -> Option<&Known> {
        self.known.get(id)
    }

    pub(super) fn get_mut(&mut self, id: &Uuid) -> Option<&mut Known> {
        self.known.get_mut(id)
    }

    /// Notes that `id` carries `key`.
    pub(super) fn index_key(&mut self, key: &str, id: Uuid) {
        if let Some(filter) = &mut self.store_keys {
            filter.insert(key);
        }
        match self.index.get_mut(key) {
            Some(ids) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => {
                self.index.insert(key.to_owned(), vec![id]);
            }
        }
    }

    /// Remembers `record`, carrying `keys`.
    pub(super) fn remember(
        &mut self,
        record: Organisation,
        keys: &[String],
        revision: Option<RevisionId>,
        deleted: bool,
    ) {
        let id = record.id.0;
        for key in keys {
            self.index_key(key, id);
        }
        let known = Known {
            record,
            revision,
            deleted,
        };
        self.known.insert(id, known);
    }

    /// Marks `id` as matched by this run; whether it had been already.
    pub(super) fn touch(&mut self, id: Uuid) -> bool {
        if self.store_keys.is_some() {
            // The store was empty: every organisation there or here is one this run created,
            // so it has been matched already, and the set need not grow by an id a row.
            return true;
        }
        !self.touched.insert(id)
    }

    /// The known organisation `record` matches: by the strongest key first, refusing a match
    /// that a stronger identifier contradicts.
    pub(super) fn find_match(&self, record: &Organisation, keys: &[String]) -> Option<Uuid> {
        keys.iter().find_map(|key| {
            let level = key_level(key);
            self.index.get(key)?.iter().copied().find(|id| {
                self.known
                    .get(id)
                    .is_some_and(|k| !conflicts(&k.record, record, level))
            })
        })
    }

    /// Past the limit, forgets the organisations that are in the store and every key looked
    /// up: the next batches find them in the store again. Dry-run creations stay, as nothing
    /// else has them.
    /// `writing` are kept too: the store does not show their write yet.
    pub(super) fn forget_written_if_full(&mut self, writing: &[Uuid]) {
        if self.known.len() <= self.limit {
            return;
        }
        let writing: FxHashSet<&Uuid> = writing.iter().collect();
        self.known
            .retain(|id, known| known.revision.is_none() || writing.contains(id));
        self.index.clear();
        let kept: Vec<(Uuid, Vec<String>)> = self
            .known
            .iter()
            .map(|(id, known)| (*id, known.record.match_keys()))
            .collect();
        for (id, keys) in kept {
            for key in keys {
                self.index_key(&key, id);
            }
        }
    }
}
