//! [`KeyFilter`]: which match keys a run has written, in about 1.2 bytes a key, so that a run
//! into a store that was empty at its start looks up only the keys it may have written itself.
//!
//! A Bloom filter that grows: "no" is certain, "maybe" costs a look-up in the store (a false
//! "maybe", about one in a hundred, costs only that look-up). No I/O here.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

/// Bits per key of each layer, and hashes per key: about 0.8% false "maybe"s per layer.
const BITS_PER_KEY: usize = 10;
const HASHES: u64 = 7;

/// Keys the first layer holds before a layer twice its size is added.
const FIRST_LAYER: usize = 1 << 16;

/// A set of keys that answers "certainly not" or "maybe"; see the module docs.
pub(super) struct KeyFilter {
    layers: Vec<Layer>,
}

struct Layer {
    bits: Vec<u64>,
    /// Keys added; when it reaches `capacity`, a new layer takes the next ones.
    len: usize,
    capacity: usize,
}

impl Layer {
    fn new(capacity: usize) -> Self {
        let bits = (capacity * BITS_PER_KEY).next_power_of_two();
        Self {
            bits: vec![0; bits / 64],
            len: 0,
            capacity,
        }
    }

    /// The bit positions of `hash` (double hashing: `h1 + i·h2`).
    fn positions(&self, hash: u64) -> impl Iterator<Item = usize> + use<> {
        let mask = (self.bits.len() * 64 - 1) as u64;
        let (h1, h2) = (hash, hash.rotate_left(32) | 1);
        (0..HASHES).map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) & mask) as usize)
    }

    fn insert(&mut self, hash: u64) {
        for p in self.positions(hash) {
            self.bits[p / 64] |= 1 << (p % 64);
        }
        self.len += 1;
    }

    fn contains(&self, hash: u64) -> bool {
        self.positions(hash)
            .all(|p| self.bits[p / 64] & (1 << (p % 64)) != 0)
    }
}

impl KeyFilter {
    pub(super) fn new() -> Self {
        Self { layers: Vec::new() }
    }

    fn hash(key: &str) -> u64 {
        // Fixed keys: the same key hashes alike for the whole run.
        BuildHasherDefault::<DefaultHasher>::default().hash_one(key)
    }

    /// Adds `key`.
    pub(super) fn insert(&mut self, key: &str) {
        let hash = Self::hash(key);
        if self.contains_hash(hash) {
            return;
        }
        let full = self.layers.last().is_none_or(|l| l.len >= l.capacity);
        if full {
            let capacity = self.layers.last().map_or(FIRST_LAYER, |l| l.capacity * 2);
            self.layers.push(Layer::new(capacity));
        }
        if let Some(layer) = self.layers.last_mut() {
            layer.insert(hash);
        }
    }

    /// False when `key` was certainly never added.
    pub(super) fn may_contain(&self, key: &str) -> bool {
        self.contains_hash(Self::hash(key))
    }

    fn contains_hash(&self, hash: u64) -> bool {
        self.layers.iter().any(|l| l.contains(hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_added_may_be_contained_across_layers() {
        let mut filter = KeyFilter::new();
        let keys: Vec<String> = (0..3 * FIRST_LAYER)
            .map(|i| format!("name:{i}|FR"))
            .collect();
        keys.iter().for_each(|k| filter.insert(k));
        assert!(filter.layers.len() >= 2, "the filter grew a layer");
        assert!(keys.iter().all(|k| filter.may_contain(k)));
    }

    #[test]
    fn keys_never_added_are_mostly_refused() {
        let mut filter = KeyFilter::new();
        (0..100_000).for_each(|i| filter.insert(&format!("name:{i}|FR")));
        let maybe = (0..100_000)
            .filter(|i| filter.may_contain(&format!("name:{i}|DE")))
            .count();
        assert!(maybe < 3_000, "{maybe} false maybes in 100,000");
    }

    #[test]
    fn an_empty_filter_contains_nothing() {
        assert!(!KeyFilter::new().may_contain("qid:Q1"));
    }
}
