//! A plan body's search terms: each distinct token of the text, by hash, with how often it
//! occurs (its [`Weight`]), in the order of the keys by which the index takes them. Made as the body is rendered, while its text is at hand, so that the text itself
//! need not be kept until the index is built: the terms take about a third less memory, and a
//! plan whose body did not change keeps them from one preview rebuild to the next.

use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::tokens;

/// Where a token occurs in a document: a flag for each field, and how often (up to 15) it
/// occurs in the body. The browser ranks title matches first, then unit, tags, facts, body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weight(u8);

impl Weight {
    pub const TITLE: Weight = Weight(0x80);
    pub const UNIT: Weight = Weight(0x40);
    pub const TAGS: Weight = Weight(0x20);
    /// The year and the kind of plan.
    pub const FACTS: Weight = Weight(0x10);
    pub const ONCE_IN_BODY: Weight = Weight(0x01);
    const BODY_COUNT: u8 = 0x0f;

    /// Both occurrences together: fields joined, body counts added (saturating).
    pub fn merge(self, other: Weight) -> Weight {
        let fields = (self.0 | other.0) & !Self::BODY_COUNT;
        let count = (self.0 & Self::BODY_COUNT) + (other.0 & Self::BODY_COUNT);
        Weight(fields | count.min(Self::BODY_COUNT))
    }

    pub fn byte(self) -> u8 {
        self.0
    }

    /// The weight whose [`byte`](Weight::byte) this is, as a posting stores it.
    pub fn from_byte(byte: u8) -> Weight {
        Weight(byte)
    }
}

/// Which postings a document hands over in one pass: those of the tokens whose [`fill_key`]
/// is in the range (of `0..256`).
pub type Keys = Range<u16>;

/// The key by which a document's postings are handed over a part at a time: the low byte of
/// the token's hash with its bits reversed. The shards filled together in one pass are those
/// whose numbers end in the same low bits, which are the high bits of this key: so for any
/// number of passes, what a document hands over in one is a run of its postings sorted by
/// this key (see [`Terms`]), not a filter over all of them.
pub fn fill_key(hash: u32) -> u8 {
    (hash as u8).reverse_bits()
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "TermBytes", try_from = "TermBytes")]
pub struct Terms {
    /// Apart rather than as pairs: a pair would be padded to 8 bytes, and at 100,000 plans
    /// the terms are tens of millions.
    hashes: Box<[u32]>,
    weights: Box<[Weight]>,
}

/// Terms as the cache on disk keeps them: each array as its bytes, so that it is copied in
/// one go rather than number by number (a plan has hundreds of terms, and random hashes are
/// the worst case of a variable-length number).
#[derive(Serialize, Deserialize)]
struct TermBytes {
    #[serde(with = "serde_bytes")]
    hashes: Vec<u8>,
    #[serde(with = "serde_bytes")]
    weights: Vec<u8>,
}

impl From<Terms> for TermBytes {
    fn from(terms: Terms) -> TermBytes {
        TermBytes {
            hashes: terms.hashes.iter().flat_map(|h| h.to_le_bytes()).collect(),
            weights: terms.weights.iter().map(|w| w.0).collect(),
        }
    }
}

impl TryFrom<TermBytes> for Terms {
    type Error = &'static str;

    fn try_from(bytes: TermBytes) -> Result<Terms, &'static str> {
        let (hashes, rest) = bytes.hashes.as_chunks::<4>();
        if !rest.is_empty() || hashes.len() != bytes.weights.len() {
            return Err("terms of unequal lengths");
        }
        Ok(Terms {
            hashes: hashes.iter().map(|h| u32::from_le_bytes(*h)).collect(),
            weights: bytes.weights.into_iter().map(Weight).collect(),
        })
    }
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
        // time without looking at the others (see [`fill_key`]): a counting sort, as
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
        let (start, end) = (self.first_from(keys.start), self.first_from(keys.end));
        (self.hashes[start..end].iter().copied()).zip(self.weights[start..end].iter().copied())
    }

    /// Where the terms whose fill keys are `key` or more start. The index asks this of every
    /// plan once for each of its fill groups (32 at 100,000 plans), and a binary search over
    /// all of a plan's terms missed the cache at nearly every step: a tenth of a body edit at
    /// 100,000 plans. Hashes spread the keys evenly, so the place is looked for first near where
    /// an even spread puts it, and in all the terms only if it is not there.
    fn first_from(&self, key: u16) -> usize {
        const NEAR: usize = 32;
        let below = |hash: &u32| u16::from(fill_key(*hash)) < key;
        let len = self.hashes.len();
        let guess = len * usize::from(key) / 256;
        let (low, high) = (guess.saturating_sub(NEAR), (guess + NEAR).min(len));
        let found_near = (low == 0 || below(&self.hashes[low - 1]))
            && (high == len || !below(&self.hashes[high]));
        match found_near {
            true => low + self.hashes[low..high].partition_point(below),
            false => self.hashes.partition_point(below),
        }
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
    fn weights_merge_fields_and_count_body_occurrences() {
        let w = Weight::TITLE.merge(Weight::ONCE_IN_BODY);
        assert_eq!(w.byte(), 0x81);
        let many = (0..40).fold(w, |w, _| w.merge(Weight::ONCE_IN_BODY));
        assert_eq!(many.byte(), 0x8f, "body count saturates at 15, flags kept");
        assert_eq!(Weight::UNIT.merge(Weight::TAGS).byte(), 0x60);
        assert_eq!(Weight::from_byte(w.byte()), w);
    }

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
        assert!(!Terms::of("帮扶").is_empty());
    }

    /// As the cache on disk is read back: a damaged one is refused, not taken for terms whose
    /// hashes and weights no longer pair up.
    #[test]
    fn terms_whose_hashes_and_weights_differ_in_number_are_not_read_back() {
        let bytes = |hashes: usize, weights: usize| TermBytes {
            hashes: vec![7; hashes],
            weights: vec![1; weights],
        };
        assert!(Terms::try_from(bytes(8, 2)).is_ok());
        assert!(
            Terms::try_from(bytes(8, 1)).is_err(),
            "two hashes, one weight"
        );
        assert!(Terms::try_from(bytes(9, 2)).is_err(), "a hash cut short");
    }

    #[test]
    fn the_terms_in_a_range_of_keys_are_those_whose_fill_keys_are_in_it() {
        let even = Terms::of(&(0..2000).map(|i| format!("w{i} ")).collect::<String>());
        // Keys not spread evenly, as a text made to defeat the hash could have them: most
        // of the terms far from where an even spread puts them.
        let of_keys = |keys: &[u8]| {
            let hashes: Box<[u32]> = keys.iter().map(|k| u32::from(k.reverse_bits())).collect();
            let weights = vec![Weight::ONCE_IN_BODY; hashes.len()].into_boxed_slice();
            Terms { hashes, weights }
        };
        let skewed: Vec<u8> = [vec![3; 500], vec![4; 100], vec![200; 5], vec![255; 2]].concat();
        for terms in [even, of_keys(&skewed), of_keys(&[]), of_keys(&[0, 255])] {
            for keys in [
                0..64,
                64..128,
                100..101,
                128..256,
                0..4,
                4..5,
                200..256,
                0..256,
            ] {
                let key_in = |&(h, _): &(u32, Weight)| keys.contains(&u16::from(fill_key(h)));
                let expected: Vec<(u32, Weight)> = terms.iter().filter(key_in).collect();
                let found: Vec<(u32, Weight)> = terms.in_keys(keys.clone()).collect();
                assert_eq!(found, expected, "keys {keys:?} of {} terms", terms.len());
            }
        }
    }
}
