//! Postings lists, cut into shards by token hash and encoded compactly.
//!
//! A shard file is: the number of tokens (LEB128), then for each token in ascending hash order
//! its hash (4 bytes, little-endian), its number of documents and the byte length of its
//! postings (both LEB128), then the postings: for each document in ascending order, one
//! LEB128 number, `(gap - 1) * 256 + weight`, where `gap` is the distance from the previous
//! document number (the first counts from -1) and `weight` the [`Weight`] byte. A word found
//! in most plans has gaps of 1 and a body count below 16, so each of its postings takes one
//! byte. The byte length lets the browser skip the tokens it did not ask for.

use std::io;

use rayon::prelude::*;

use crate::terms::{Keys, Weight, fill_key};

/// Shards are sized for one fetch each: small enough that a query of a few words stays well
/// under a few hundred kilobytes, large enough that a big site does not need tens of thousands
/// of files.
const SHARD_TARGET_BYTES: usize = 16 * 1024;
const MAX_SHARDS: usize = 4096;

/// Estimated bytes per posting (one for common words, two or three for rare ones), to size
/// the shards.
const POSTING_BYTES: usize = 2;

/// How many shards an index of `postings` postings is cut into: a power of two, so that a
/// token's shard is the low bits of its hash.
pub fn shard_count(postings: usize) -> usize {
    (postings * POSTING_BYTES / SHARD_TARGET_BYTES)
        .next_power_of_two()
        .clamp(1, MAX_SHARDS)
}

/// The shard a token's postings go to.
pub fn shard_of(hash: u32, shards: usize) -> usize {
    (hash & (shards as u32 - 1)) as usize
}

/// A posting as stored in memory: `hash << 32 | document << 8 | weight`, so that sorting
/// orders by token, then document.
pub fn pack(hash: u32, doc: usize, weight: Weight) -> u64 {
    u64::from(hash) << 32 | (doc as u64) << 8 | u64::from(weight.byte())
}

/// Whether the token of `hash` is among those handed over for `keys`.
pub fn in_keys(keys: &Keys, hash: u32) -> bool {
    keys.contains(&u16::from(fill_key(hash)))
}

/// Encodes the postings of documents `0..docs` into shard files, shard `n` holding the
/// tokens whose `hash % shards == n`. `postings_of(d, keys)` gives document `d`'s tokens
/// whose [`fill_key`] is in `keys`, with their weights, a token more than once if it occurs
/// in several places (the weights are merged); `postings` is how many distinct tokens all
/// documents have together, which sizes the shards.
pub fn encode<I>(
    docs: usize,
    postings: usize,
    postings_of: impl Fn(usize, Keys) -> I + Sync,
) -> Vec<Vec<u8>>
where
    I: Iterator<Item = (u32, Weight)>,
{
    encode_grouped(docs, postings, postings_of, GROUP_POSTINGS)
}

/// Postings filled into shard lists at a time (64 MB of them); see [`encode_grouped`].
const GROUP_POSTINGS: usize = 8 << 20;

/// [`encode`], filling the shards a group at a time, each group's lists about
/// `group_postings` long together.
fn encode_grouped<I>(
    docs: usize,
    postings: usize,
    postings_of: impl Fn(usize, Keys) -> I + Sync,
    group_postings: usize,
) -> Vec<Vec<u8>>
where
    I: Iterator<Item = (u32, Weight)>,
{
    let shards = shard_count(postings);

    // Every posting packed (see [`pack`]) into its shard's list, each allocated at its exact
    // size from a first count (lists grown by doubling would waste tens of MB at 10,000
    // plans). The documents' postings stay in memory until every shard is encoded, so the
    // shards are filled a group at a time: at 100,000 plans the postings are 600 MB, and
    // holding them twice raised the build's peak by 400 MB. Group `g` of `groups` (a power of
    // two) holds the shards whose numbers end in the bits of `g` reversed, so that its
    // postings are those of one range of fill keys: each pass reads only its own part of each
    // document's postings (reading all of them in every pass made filling grow with the
    // square of the site). Two groups of half the size are filled at once, one on each core
    // (filling was a tenth of a rebuild after an edit, on one core): up to 8 million
    // postings (about 10,000 plans) there are two.
    let all: Keys = 0..256;
    let counts = (0..docs)
        .into_par_iter()
        .fold(
            || vec![0usize; shards],
            |mut counts, doc| {
                for (hash, _) in postings_of(doc, all.clone()) {
                    counts[shard_of(hash, shards)] += 1;
                }
                counts
            },
        )
        .reduce(
            || vec![0usize; shards],
            |mut counts, more| {
                counts.iter_mut().zip(more).for_each(|(n, more)| *n += more);
                counts
            },
        );
    let groups = postings
        .div_ceil((group_postings / 2).max(1))
        .next_power_of_two()
        .max(2)
        .clamp(1, shards.min(256));
    let bits = groups.trailing_zeros();
    let keys_per_group = 256 / groups as u16;
    // The shards of group `g`, each with its file.
    let fill = |g: usize| -> Vec<(usize, Vec<u8>)> {
        // The low bits every shard of the group ends in; its shards are `low + groups * i`.
        let low = match bits {
            0 => 0,
            _ => ((g as u8).reverse_bits() >> (8 - bits)) as usize,
        };
        let members: Vec<usize> = (low..shards).step_by(groups).collect();
        let mut slices: Vec<Vec<u64>> = members
            .iter()
            .map(|&shard| Vec::with_capacity(counts[shard]))
            .collect();
        let keys = g as u16 * keys_per_group..(g as u16 + 1) * keys_per_group;
        for doc in 0..docs {
            for (hash, weight) in postings_of(doc, keys.clone()) {
                slices[shard_of(hash, shards) >> bits].push(pack(hash, doc, weight));
            }
        }
        let encoded = slices.into_par_iter().map(|mut shard| {
            shard.sort_unstable();
            merge_repeats(&mut shard);
            encode_shard(&shard)
        });
        members.into_par_iter().zip(encoded).collect()
    };
    let mut files: Vec<Vec<u8>> = vec![Vec::new(); shards];
    let all_groups: Vec<usize> = (0..groups).collect();
    for pair in all_groups.chunks(2) {
        let filled: Vec<Vec<(usize, Vec<u8>)>> = pair.par_iter().map(|&g| fill(g)).collect();
        for (shard, file) in filled.into_iter().flatten() {
            files[shard] = file;
        }
    }
    files
}

/// Merges, in sorted packed postings, those of the same token and document into one.
fn merge_repeats(sorted: &mut Vec<u64>) {
    sorted.dedup_by(|later, kept| {
        let same = *later >> 8 == *kept >> 8;
        if same {
            let merged = Weight::from_byte(*kept as u8).merge(Weight::from_byte(*later as u8));
            *kept = (*kept & !0xff) | u64::from(merged.byte());
        }
        same
    });
}

/// The file of one shard, from its packed postings in ascending order.
pub fn encode_shard(sorted: &[u64]) -> Vec<u8> {
    let hash_of = |packed: u64| (packed >> 32) as u32;
    let runs: Vec<&[u64]> = sorted.chunk_by(|a, b| hash_of(*a) == hash_of(*b)).collect();
    let mut out = Vec::with_capacity(sorted.len() * POSTING_BYTES + runs.len() * 8);
    write(&mut out, runs.len() as u64);
    let mut postings = Vec::new();
    for run in runs {
        postings.clear();
        // One before the first document, so that the first gap is at least 1 too.
        let mut next = 0u64;
        for &packed in run {
            let doc = (packed >> 8) & 0x00ff_ffff;
            write(&mut postings, (doc - next) << 8 | (packed & 0xff));
            next = doc + 1;
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
        let mut next = 0;
        let mut postings = Vec::new();
        for _ in 0..n {
            let value = read(&mut list)?;
            let doc = next + (value >> 8);
            postings.push((doc, value as u8));
            next = doc + 1;
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

    /// The shards of documents given as lists of distinct tokens, filled `group` postings at a
    /// time.
    fn encode_lists(docs: &[Vec<(u32, Weight)>], group: usize) -> Vec<Vec<u8>> {
        let postings = docs.iter().map(Vec::len).sum();
        encode_grouped(
            docs.len(),
            postings,
            |d, keys| of_keys(&docs[d], keys),
            group,
        )
    }

    /// The postings of `list` with fill keys in `keys`.
    fn of_keys(list: &[(u32, Weight)], keys: Keys) -> impl Iterator<Item = (u32, Weight)> + '_ {
        (list.iter().copied()).filter(move |&(hash, _)| in_keys(&keys, hash))
    }

    #[test]
    fn shards_round_trip() {
        let docs = vec![
            vec![(7, Weight::TITLE), (300, Weight::ONCE_IN_BODY)],
            vec![(7, Weight::ONCE_IN_BODY)],
            vec![],
            vec![(7, Weight::UNIT), (9, Weight::FACTS)],
        ];
        let shards = encode_lists(&docs, GROUP_POSTINGS);
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
    fn a_token_given_twice_for_a_document_is_one_posting() {
        let docs = [
            vec![(7, Weight::ONCE_IN_BODY), (9, Weight::TAGS)],
            vec![(7, Weight::ONCE_IN_BODY)],
        ];
        // The first document's title has token 7 too.
        let title = [(7, Weight::TITLE)];
        let with_fields = |d: usize, keys: Keys| {
            of_keys(&docs[d], keys.clone()).chain(of_keys(&title[..1 - d], keys))
        };
        let shards = encode(2, 3, with_fields);
        assert_eq!(
            decode(&shards[0]).unwrap(),
            vec![(7, vec![(0, 0x81), (1, 0x01)]), (9, vec![(0, 0x20)])]
        );
    }

    #[test]
    fn a_common_word_costs_a_byte_a_plan() {
        let docs = vec![vec![(7, Weight::ONCE_IN_BODY)]; 100];
        let shard = &encode_lists(&docs, GROUP_POSTINGS)[0];
        // Token count, hash, document count and byte length (each below 128: one byte), then
        // 100 one-byte postings.
        assert_eq!(shard.len(), 1 + 4 + 1 + 1 + 100);
        assert_eq!(decode(shard).unwrap()[0].1.len(), 100);
    }

    #[test]
    fn shards_filled_in_groups_are_those_filled_at_once() {
        // 160,000 postings: 32 shards, in 1, 2, 8 and 32 groups.
        let docs: Vec<Vec<(u32, Weight)>> = (0..4000u32)
            .map(|d| {
                (0..40u32)
                    .map(|t| {
                        (
                            t.wrapping_mul(2_654_435_761) ^ (d % 97),
                            Weight::ONCE_IN_BODY,
                        )
                    })
                    .collect()
            })
            .collect();
        let at_once = encode_lists(&docs, GROUP_POSTINGS);
        assert_eq!(at_once.len(), 32);
        for group in [100_000, 20_000, 1] {
            assert_eq!(
                encode_lists(&docs, group),
                at_once,
                "in groups of {group} postings"
            );
        }
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
        let shards = encode_lists(&docs, GROUP_POSTINGS);
        assert_eq!(
            encode_lists(&docs, 1000),
            shards,
            "filled a few shards at a time, the same files"
        );
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
