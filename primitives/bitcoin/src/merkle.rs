//! Merkle branches and bitcoind's `CMerkleBlock` (`gettxoutproof`, Esplora's
//! `/tx/:txid/merkleblock-proof`).

use crate::{
	encode::Reader,
	hash_pair,
	header::{Header, HEADER_LEN},
	Error, H256,
};
use alloc::{collections::BTreeMap, vec::Vec};

/// The deepest merkle tree a block can have: a 4,000,000 weight unit block holds fewer than
/// 2^16 transactions of at least 60 bytes.
pub const MAX_DEPTH: usize = 16;

/// The root a leaf at `index` reaches through `branch` (siblings from the leaf upwards). The
/// position must fit the branch: `index < 2^branch.len()`, so one proof cannot claim two positions.
pub fn root_from_branch(leaf: H256, index: u32, branch: &[H256]) -> Result<H256, Error> {
	if branch.len() > MAX_DEPTH || u64::from(index) >> branch.len() != 0 {
		return Err(Error::BadPosition);
	}
	let mut node = leaf;
	for (level, sibling) in branch.iter().enumerate() {
		node = if (index >> level) & 1 == 1 {
			hash_pair(sibling, &node)
		} else {
			hash_pair(&node, sibling)
		};
	}
	Ok(node)
}

/// The merkle root of `leaves` and the branch of the leaf at `index`, built the way Bitcoin builds
/// blocks (a level with an odd count pairs its last node with itself). For servers, tests and
/// benchmarks that hold whole blocks; `None` for an empty list or an index out of range.
pub fn root_and_branch(leaves: &[H256], index: usize) -> Option<(H256, Vec<H256>)> {
	if index >= leaves.len() {
		return None;
	}
	let mut level = leaves.to_vec();
	let mut branch = Vec::new();
	let mut pos = index;
	while level.len() > 1 {
		if level.len() % 2 == 1 {
			level.push(*level.last()?);
		}
		branch.push(*level.get(pos ^ 1)?);
		level = level
			.chunks_exact(2)
			.map(|pair| match pair {
				[left, right] => hash_pair(left, right),
				_ => H256::zero(),
			})
			.collect();
		pos /= 2;
	}
	Some((*level.first()?, branch))
}

/// Serializes a `CMerkleBlock` proving the transaction at `index` of a block with `header` and
/// `txids`, as bitcoind's `gettxoutproof` and Esplora's `/tx/:txid/merkleblock-proof` do.
pub fn encode_merkle_block(header: &Header, txids: &[H256], index: usize) -> Option<Vec<u8>> {
	if index >= txids.len() {
		return None;
	}
	let total = u32::try_from(txids.len()).ok()?;
	let mut depth = 0u32;
	while tree_width(total, depth) > 1 {
		depth = depth.saturating_add(1);
	}
	let mut build = Build { txids, matched: index, bits: Vec::new(), hashes: Vec::new() };
	build.traverse(depth, 0);
	let mut out = header.serialize().to_vec();
	out.extend_from_slice(&total.to_le_bytes());
	crate::encode::push_compact_size(&mut out, build.hashes.len() as u64);
	for hash in &build.hashes {
		out.extend_from_slice(hash.as_bytes());
	}
	let mut flags = alloc::vec![0u8; build.bits.len().div_ceil(8)];
	for (i, bit) in build.bits.iter().enumerate() {
		if *bit {
			if let Some(byte) = flags.get_mut(i / 8) {
				*byte |= 1 << (i % 8);
			}
		}
	}
	crate::encode::push_compact_size(&mut out, flags.len() as u64);
	out.extend_from_slice(&flags);
	Some(out)
}

struct Build<'a> {
	txids: &'a [H256],
	matched: usize,
	bits: Vec<bool>,
	hashes: Vec<H256>,
}

impl Build<'_> {
	/// The hash of node (`height`, `pos`) of the full tree.
	fn node(&self, height: u32, pos: u32) -> H256 {
		if height == 0 {
			return self.txids.get(pos as usize).copied().unwrap_or_default();
		}
		let child = height.saturating_sub(1);
		let left = self.node(child, pos.saturating_mul(2));
		let right_pos = pos.saturating_mul(2).saturating_add(1);
		let total = u32::try_from(self.txids.len()).unwrap_or(u32::MAX);
		let right =
			if right_pos < tree_width(total, child) { self.node(child, right_pos) } else { left };
		hash_pair(&left, &right)
	}

	/// Bitcoind's `TraverseAndBuild`: a node is descended into only if it is above the match.
	fn traverse(&mut self, height: u32, pos: u32) {
		let first = (pos as usize).checked_shl(height).unwrap_or(usize::MAX);
		let last = ((pos as usize).saturating_add(1)).checked_shl(height).unwrap_or(usize::MAX);
		let parent_of_match = (first..last).contains(&self.matched);
		self.bits.push(parent_of_match);
		if height == 0 || !parent_of_match {
			self.hashes.push(self.node(height, pos));
		} else {
			let child = height.saturating_sub(1);
			self.traverse(child, pos.saturating_mul(2));
			let total = u32::try_from(self.txids.len()).unwrap_or(u32::MAX);
			let right = pos.saturating_mul(2).saturating_add(1);
			if right < tree_width(total, child) {
				self.traverse(child, right);
			}
		}
	}
}

/// A parsed `CMerkleBlock`: a header and the transactions its partial merkle tree proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerkleBlock {
	/// The block header.
	pub header: Header,
	/// How many transactions the block has.
	pub total_transactions: u32,
	/// The proven transactions: (index in the block, txid).
	pub matches: Vec<(u32, H256)>,
	/// Every node hash the proof determines, keyed by (height above the leaves, position).
	nodes: BTreeMap<(u32, u32), H256>,
	/// The tree's height (leaves at 0).
	depth: u32,
}

impl MerkleBlock {
	/// Parses a serialized `CMerkleBlock` and recomputes its root, which must equal the header's
	/// merkle root. Follows bitcoind's `CPartialMerkleTree` rules: every hash and flag byte used,
	/// no identical left and right children, at least one transaction.
	pub fn parse(bytes: &[u8]) -> Result<Self, Error> {
		let mut r = Reader::new(bytes);
		let header = Header::parse_slice(r.bytes(HEADER_LEN)?)?;
		let total = r.u32()?;
		let hash_count = r.count(32)?;
		let mut hashes = Vec::with_capacity(hash_count);
		for _ in 0..hash_count {
			hashes.push(r.hash()?);
		}
		let flag_bytes = r.var_bytes()?;
		r.finish()?;
		if total == 0
			|| hash_count > total as usize
			|| flag_bytes.len().saturating_mul(8) < hash_count
		{
			return Err(Error::BadMerkleProof);
		}
		let mut depth = 0u32;
		while tree_width(total, depth) > 1 {
			depth = depth.saturating_add(1);
		}
		if depth as usize > MAX_DEPTH {
			return Err(Error::BadMerkleProof);
		}
		let mut walk = Walk {
			total,
			hashes: &hashes,
			used_hashes: 0,
			flags: flag_bytes,
			used_bits: 0,
			matches: Vec::new(),
			nodes: BTreeMap::new(),
		};
		let root = walk.traverse(depth, 0)?;
		// Every hash used, and flag bits used up to the last byte.
		if walk.used_hashes != hashes.len() || walk.used_bits.div_ceil(8) != flag_bytes.len() {
			return Err(Error::BadMerkleProof);
		}
		if root != header.merkle_root || walk.matches.is_empty() {
			return Err(Error::BadMerkleProof);
		}
		Ok(Self {
			header,
			total_transactions: total,
			matches: walk.matches,
			nodes: walk.nodes,
			depth,
		})
	}

	/// The merkle branch (siblings from the leaf upwards) of the transaction at `index`, which
	/// must be one of [`Self::matches`]. A node without a right sibling pairs with itself.
	pub fn branch(&self, index: u32) -> Option<Vec<H256>> {
		if !self.matches.iter().any(|(i, _)| *i == index) {
			return None;
		}
		let mut branch = Vec::with_capacity(self.depth as usize);
		let mut pos = index;
		for height in 0..self.depth {
			let sibling = pos ^ 1;
			let hash = if sibling < tree_width(self.total_transactions, height) {
				self.nodes.get(&(height, sibling))?
			} else {
				self.nodes.get(&(height, pos))?
			};
			branch.push(*hash);
			pos >>= 1;
		}
		Some(branch)
	}
}

/// The number of nodes at `height` above the leaves of a tree over `total` leaves.
fn tree_width(total: u32, height: u32) -> u32 {
	if height >= 32 {
		return u32::from(total > 0);
	}
	// `height < 32`: the shifts are in range and the sum fits in 64 bits.
	let span = 1u64.checked_shl(height).unwrap_or(u64::MAX);
	let width =
		u64::from(total).saturating_add(span.saturating_sub(1)).checked_shr(height).unwrap_or(0);
	u32::try_from(width).unwrap_or(u32::MAX)
}

struct Walk<'a> {
	total: u32,
	hashes: &'a [H256],
	used_hashes: usize,
	flags: &'a [u8],
	used_bits: usize,
	matches: Vec<(u32, H256)>,
	nodes: BTreeMap<(u32, u32), H256>,
}

impl Walk<'_> {
	fn next_bit(&mut self) -> Result<bool, Error> {
		let byte = self.flags.get(self.used_bits / 8).ok_or(Error::BadMerkleProof)?;
		let bit = (byte >> (self.used_bits % 8)) & 1 == 1;
		self.used_bits = self.used_bits.saturating_add(1);
		Ok(bit)
	}

	fn next_hash(&mut self) -> Result<H256, Error> {
		let hash = *self.hashes.get(self.used_hashes).ok_or(Error::BadMerkleProof)?;
		self.used_hashes = self.used_hashes.saturating_add(1);
		Ok(hash)
	}

	/// Depth-first, as bitcoind builds it; recursion depth is the tree's height (at most 16).
	fn traverse(&mut self, height: u32, pos: u32) -> Result<H256, Error> {
		let parent_of_match = self.next_bit()?;
		let hash = if height == 0 || !parent_of_match {
			let hash = self.next_hash()?;
			if height == 0 && parent_of_match {
				self.matches.push((pos, hash));
			}
			hash
		} else {
			let child = height.saturating_sub(1);
			let left_pos = pos.checked_mul(2).ok_or(Error::BadMerkleProof)?;
			let left = self.traverse(child, left_pos)?;
			let right_pos = left_pos.saturating_add(1);
			let right = if right_pos < tree_width(self.total, child) {
				let right = self.traverse(child, right_pos)?;
				if right == left {
					// CVE-2012-2459: identical children would let two trees share a root.
					return Err(Error::BadMerkleProof);
				}
				right
			} else {
				left
			};
			hash_pair(&left, &right)
		};
		self.nodes.insert((height, pos), hash);
		Ok(hash)
	}
}
