//! A plan body's search terms: each distinct token of the text, by hash, with how often it
//! occurs. Made as the body is rendered, while its text is at hand, so that the text itself
//! need not be kept until the index is built: the terms take about a third less memory, and a
//! plan whose body did not change keeps them from one preview rebuild to the next.

use rustc_hash::FxHashMap;

use super::shards::{Keys, Weight, fill_key};
use super::tokens;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    /// Apart rather than as pairs: a pair would be padded to 8 bytes, and at 100,000 plans
    /// the terms are tens of millions.
    hashes: Box<[u32]>,
    weights: Box<[Weight]>,
}

impl Terms {
    /// The terms of `text`.
    pub fn of(text: &str) -> Terms {
        // A plan has a few thousand tokens but only a few hundred distinct ones; merging them
        // in a map costs less than sorting them all. Sized for the distinct pairs of the text
        // (about one for every 6 bytes of Chinese), so that the map is not grown and rehashed
        // again and again: that was 15% of the index's cost.
        let mut found: FxHashMap<u32, Weight> =
            FxHashMap::with_capacity_and_hasher(text.len() / 6 + 16, Default::default());
        add(&mut found, text, Weight::ONCE_IN_BODY);
        // In the order of their fill keys, so that the index takes them a range of keys at a
        // time without looking at the others (see `shards::fill_key`): a counting sort, as
        // the keys are bytes.
        let mut starts = [0usize; 257];
        for &hash in found.keys() {
            starts[usize::from(fill_key(hash)) + 1] += 1;
        }
        for key in 1..starts.len() {
            starts[key] += starts[key - 1];
        }
        let mut hashes = vec![0; found.len()].into_boxed_slice();
        let mut weights = vec![Weight::ONCE_IN_BODY; found.len()].into_boxed_slice();
        for (hash, weight) in found {
            let at = &mut starts[usize::from(fill_key(hash))];
            hashes[*at] = hash;
            weights[*at] = weight;
            *at += 1;
        }
        Terms { hashes, weights }
    }

    /// The terms whose fill keys are in `keys`.
    pub fn in_keys(&self, keys: Keys) -> impl Iterator<Item = (u32, Weight)> + '_ {
        let key = |hash: &u32| u16::from(fill_key(*hash));
        let start = self.hashes.partition_point(|h| key(h) < keys.start);
        let end = self.hashes.partition_point(|h| key(h) < keys.end);
        (self.hashes[start..end].iter().copied()).zip(self.weights[start..end].iter().copied())
    }

    /// Each term's hash with its weight (its count in the body).
    pub fn iter(&self) -> impl Iterator<Item = (u32, Weight)> + '_ {
        self.hashes
            .iter()
            .copied()
            .zip(self.weights.iter().copied())
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }
}

/// Adds every token of `text` to `found`, merging `weight` into what each already had.
pub fn add(found: &mut FxHashMap<u32, Weight>, text: &str, weight: Weight) {
    tokens::for_each(text, |t| {
        found
            .entry(tokens::fnv1a(tokens::FNV_OFFSET, t))
            .and_modify(|w| *w = w.merge(weight))
            .or_insert(weight);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_token_once_with_its_count() {
        let terms = Terms::of("职工帮扶，职工之家。职工");
        let mut found: Vec<(u32, u8)> = terms.iter().map(|(h, w)| (h, w.byte())).collect();
        found.sort_unstable();
        let mut expected = vec![
            (tokens::hash("职工"), 3),
            (tokens::hash("工帮"), 1),
            (tokens::hash("帮扶"), 1),
            (tokens::hash("工之"), 1),
            (tokens::hash("之家"), 1),
        ];
        expected.sort_unstable();
        assert_eq!(found, expected);
        assert_eq!(terms.len(), 5);
        assert!(Terms::of("，。").is_empty());
    }
}
