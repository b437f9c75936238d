//! Postings lists, cut into shards by token hash and encoded compactly.
//!
//! A shard file is: the number of tokens (LEB128), then for each token in ascending hash order
//! its hash (4 bytes, little-endian), its number of documents and the byte length of its
//! postings (both LEB128), then the postings: for each document in ascending order, the gap
//! from the previous document number (LEB128) and one [`Weight`] byte. The byte length lets the
//! browser skip the tokens it did not ask for without decoding them.

use std::io;

use rayon::prelude::*;

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
}

/// Shards are sized for one fetch each: small enough that a query of a few words stays well
/// under a few hundred kilobytes, large enough that a big site does not need tens of thousands
/// of files.
const SHARD_TARGET_BYTES: usize = 16 * 1024;
const MAX_SHARDS: usize = 4096;

/// Estimated bytes per posting (a one- or two-byte gap and the weight), to size the shards.
const POSTING_BYTES: usize = 3;

/// Encodes the postings of documents `0..docs.len()` (each list sorted by hash, one entry per
/// hash) into shard files, shard `n` holding the tokens whose `hash % shards == n`.
pub fn encode(docs: Vec<Vec<(u32, Weight)>>) -> Vec<Vec<u8>> {
    let postings: usize = docs.iter().map(Vec::len).sum();
    let shards = (postings * POSTING_BYTES / SHARD_TARGET_BYTES)
        .next_power_of_two()
        .clamp(1, MAX_SHARDS);
    let mask = (shards - 1) as u32;

    // Packed as `hash << 32 | document << 8 | weight`, so sorting orders by token, then document.
    let mut buckets: Vec<Vec<u64>> = vec![Vec::new(); shards];
    for (doc, tokens) in docs.into_iter().enumerate() {
        for (hash, weight) in tokens {
            let packed = u64::from(hash) << 32 | (doc as u64) << 8 | u64::from(weight.byte());
            buckets[(hash & mask) as usize].push(packed);
        }
    }
    buckets
        .into_par_iter()
        .map(|mut bucket| {
            bucket.sort_unstable();
            encode_shard(&bucket)
        })
        .collect()
}

fn encode_shard(sorted: &[u64]) -> Vec<u8> {
    let hash_of = |packed: u64| (packed >> 32) as u32;
    let runs: Vec<&[u64]> = sorted.chunk_by(|a, b| hash_of(*a) == hash_of(*b)).collect();
    let mut out = Vec::with_capacity(sorted.len() * POSTING_BYTES + runs.len() * 8);
    write(&mut out, runs.len() as u64);
    let mut postings = Vec::new();
    for run in runs {
        postings.clear();
        let mut previous = 0u64;
        for (k, &packed) in run.iter().enumerate() {
            let doc = (packed >> 8) & 0x00ff_ffff;
            write(&mut postings, if k == 0 { doc } else { doc - previous });
            postings.push(packed as u8);
            previous = doc;
        }
        out.extend_from_slice(&hash_of(run[0]).to_le_bytes());
        write(&mut out, run.len() as u64);
        write(&mut out, postings.len() as u64);
        out.extend_from_slice(&postings);
    }
    out
}

fn write(out: &mut Vec<u8>, n: u64) {
    leb128::write::unsigned(out, n).expect("writing to a Vec cannot fail");
}

/// A token's hash and its postings: `(document, weight byte)` in document order.
pub type Postings = (u32, Vec<(u64, u8)>);

/// Reads a shard back: each token hash with its `(document, weight byte)` postings. The
/// reference for readers of the format (the browser's is in `search.js`); tests use it.
pub fn decode(mut bytes: &[u8]) -> io::Result<Vec<Postings>> {
    let bytes = &mut bytes;
    let count = read(bytes)?;
    let mut tokens = Vec::new();
    for _ in 0..count {
        let hash = take(bytes, 4)?;
        let hash = u32::from_le_bytes([hash[0], hash[1], hash[2], hash[3]]);
        let n = read(bytes)?;
        let len = read(bytes)? as usize;
        let mut list = take(bytes, len)?;
        let mut doc = 0;
        let mut postings = Vec::new();
        for k in 0..n {
            let gap = read(&mut list)?;
            doc = if k == 0 { gap } else { doc + gap };
            postings.push((doc, take(&mut list, 1)?[0]));
        }
        tokens.push((hash, postings));
    }
    Ok(tokens)
}

fn read(bytes: &mut &[u8]) -> io::Result<u64> {
    leb128::read::unsigned(bytes)
        .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err.to_string()))
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> io::Result<&'a [u8]> {
    if bytes.len() < n {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    let (head, rest) = bytes.split_at(n);
    *bytes = rest;
    Ok(head)
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
    }

    #[test]
    fn shards_round_trip() {
        let docs = vec![
            vec![(7, Weight::TITLE), (300, Weight::ONCE_IN_BODY)],
            vec![(7, Weight::ONCE_IN_BODY)],
            vec![],
            vec![(7, Weight::UNIT), (9, Weight::FACTS)],
        ];
        let shards = encode(docs);
        assert_eq!(shards.len(), 1, "a tiny index is one shard");
        assert_eq!(
            decode(&shards[0]).unwrap(),
            vec![
                (7, vec![(0, 0x80), (1, 0x01), (3, 0x40)]),
                (9, vec![(3, 0x10)]),
                (300, vec![(0, 0x01)]),
            ]
        );
    }

    #[test]
    fn large_indexes_are_split_by_hash() {
        let docs: Vec<Vec<(u32, Weight)>> = (0..2000u32)
            .map(|d| {
                (0..20)
                    .map(|t| (t * 7919 + d % 5, Weight::ONCE_IN_BODY))
                    .collect()
            })
            .map(|mut v: Vec<(u32, Weight)>| {
                v.sort_unstable_by_key(|p| p.0);
                v
            })
            .collect();
        let shards = encode(docs);
        assert!(shards.len() > 1);
        assert!(shards.len().is_power_of_two());
        for (n, shard) in shards.iter().enumerate() {
            for (hash, postings) in decode(shard).unwrap() {
                assert_eq!(hash as usize % shards.len(), n, "token in its own shard");
                assert!(postings.windows(2).all(|w| w[0].0 < w[1].0));
            }
        }
    }
}
