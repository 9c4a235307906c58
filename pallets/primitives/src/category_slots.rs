//! How a patient's data categories are named on chain without being revealed (`docs/privacy.md`).
//!
//! Consent and records compare categories: a grant covers some, a record is of one. Written in
//! clear next to a patient id, they would tell every consortium member which kinds of data a
//! patient's records hold (HIV, substance use, mental health…). Instead, each patient has a
//! secret **category key**, and the chain sees only **slots**:
//!
//! ```text
//! stream    = BLAKE2b-256(domain ‖ key ‖ 0) ‖ BLAKE2b-256(domain ‖ key ‖ 1) ‖ …
//! order     = [0, 1, …, 15] shuffled by Fisher–Yates from the last position down: for
//!             i = 15, …, 1, take the next stream byte b, skipping any b ≥ 256 − 256 mod (i+1),
//!             and swap order[i] with order[b mod (i+1)]
//! slot(c)   = 16 + order[index of c in DataCategory]
//! ```
//!
//! - `domain` is [`CATEGORY_SLOTS`]; the counter is one byte;
//! - `key` is 32 random bytes drawn by the patient's wallet. The wallet gives it, off chain, to
//!   the organisations the patient lets anchor records and to those it grants access, so that
//!   they can name slots; the chain never sees it;
//! - keyed slots are 16 to 31. Slots 0 to 15 are the categories' own indexes, which is how
//!   entries written before runtime 106 read ([`unkeyed_slot`]): the two never meet, so a grant
//!   written before keys existed never covers a record anchored under a key, nor the reverse.
//!
//! A patient keeps one key. Changing it is not supported yet: grants and records under the old
//! and the new key would share slots 16 to 31 and match by chance.
//!
//! A grant covers a set of slots ([`CategorySlots`]), a record is anchored in one slot, and
//! a consent check asks whether the record's slot is in the grant's set: the same single AND as
//! before, on slots. Whoever holds the key reads the categories back ([`category_in`]): the
//! patient's own tools, and those the patient chose. Everyone else sees that a patient's records
//! share or do not share a slot, never which category a slot is.
//!
//! The chain cannot tell which slots are sensitive, so it cannot enforce "a broad grant never
//! covers a sensitive category": the wallet does, by expanding a broad grant to the slots of the
//! non-sensitive categories ([`slots_of`] over [`DataCategories::broad`]).
//!
//! Entries written before runtime 106 used the category's own index as its slot (the same
//! encoding): they read as before and stay as readable as the old blocks that carried them.

use crate::{
	flags::FlagSet,
	vocabulary::{vocabulary_enum, DataCategories, DataCategory},
	Flag,
};

/// A patient's category key: 32 random bytes held by the patient's wallet.
pub type CategoryKey = [u8; 32];

/// The domain of the slot stream.
pub const CATEGORY_SLOTS: &[u8] = b"caduceus:category-slots:v1";

vocabulary_enum! {
	/// Where a data category of one patient sits among 32 slots, under the patient's key. On
	/// chain in place of the category itself.
	pub enum CategorySlot {
		Slot0, Slot1, Slot2, Slot3, Slot4, Slot5, Slot6, Slot7,
		Slot8, Slot9, Slot10, Slot11, Slot12, Slot13, Slot14, Slot15,
		Slot16, Slot17, Slot18, Slot19, Slot20, Slot21, Slot22, Slot23,
		Slot24, Slot25, Slot26, Slot27, Slot28, Slot29, Slot30, Slot31,
	}
}

/// A set of slots: the categories a grant covers or excludes, under the patient's key.
pub type CategorySlots = FlagSet<CategorySlot>;

/// The first keyed slot, and how many there are: one per category.
const KEYED: usize = 16;

const _: () = assert!(<DataCategory as Flag>::ALL.len() == KEYED, "one keyed slot per category");
const _: () = assert!(<CategorySlot as Flag>::ALL.len() == 2 * KEYED, "unkeyed and keyed slots");

/// The keyed slots in the order `key` shuffles them: category `i` sits in `KEYED + order[i]`.
fn order(key: &CategoryKey) -> [u8; KEYED] {
	let mut order: [u8; KEYED] = core::array::from_fn(|i| i as u8);
	let mut stream = Stream { key, counter: 0, block: [0; 32], used: 32 };
	for i in (1..KEYED).rev() {
		// `range` is 2 to 16: the remainders below never divide by zero.
		let range = i.saturating_add(1) as u16;
		let limit = 256u16.saturating_sub(256u16.checked_rem(range).unwrap_or(0));
		let pick = loop {
			let byte = stream.next_byte() as u16;
			if byte < limit {
				break byte.checked_rem(range).unwrap_or(0) as usize;
			}
		};
		order.swap(i, pick);
	}
	order
}

/// The bytes of `BLAKE2b-256(domain ‖ key ‖ counter)` for counter 0, 1, ….
struct Stream<'a> {
	key: &'a CategoryKey,
	counter: u8,
	block: [u8; 32],
	used: usize,
}

impl Stream<'_> {
	fn next_byte(&mut self) -> u8 {
		if self.used == self.block.len() {
			use sp_runtime::traits::{BlakeTwo256, Hash};
			self.block =
				BlakeTwo256::hash(&[CATEGORY_SLOTS, &self.key[..], &[self.counter]].concat()).0;
			self.counter = self.counter.wrapping_add(1);
			self.used = 0;
		}
		// `used` is below 32 here: the block was just refilled if it was used up.
		let byte = self.block.get(self.used).copied().unwrap_or(0);
		self.used = self.used.saturating_add(1);
		byte
	}
}

/// The slot at `index` in [`CategorySlot`]. Every index this module computes is below 32 (the
/// assertions on `KEYED` above); the fallback is never taken.
fn slot_at(index: usize) -> CategorySlot {
	CategorySlot::ALL.get(index).copied().unwrap_or(CategorySlot::Slot0)
}

/// The keyed slot of `category` in the shuffled `order`.
fn keyed_slot(order: &[u8; KEYED], category: DataCategory) -> CategorySlot {
	let place = order.get(category.index()).copied().unwrap_or(0);
	slot_at(KEYED.saturating_add(usize::from(place)))
}

/// The slot of `category` under `key`.
pub fn slot_of(key: &CategoryKey, category: DataCategory) -> CategorySlot {
	keyed_slot(&order(key), category)
}

/// The slots of `categories` under `key`: what a wallet puts in a grant.
pub fn slots_of(key: &CategoryKey, categories: DataCategories) -> CategorySlots {
	let order = order(key);
	categories.iter().fold(CategorySlots::empty(), |set, c| set.with(keyed_slot(&order, c)))
}

/// The category in `slot` under `key`, if any: how the patient's tools read their records back.
pub fn category_in(key: &CategoryKey, slot: CategorySlot) -> Option<DataCategory> {
	let position = CategorySlot::ALL.iter().position(|s| *s == slot)?.checked_sub(KEYED)? as u8;
	let order = order(key);
	DataCategory::ALL.iter().zip(order.iter()).find(|(_, s)| **s == position).map(|(c, _)| *c)
}

/// The slot of `category` in entries written before runtime 106: its own index in
/// [`DataCategory`], the same encoding the category had. Public: it hides nothing.
pub fn unkeyed_slot(category: DataCategory) -> CategorySlot {
	slot_at(category.index())
}

/// The slots of `categories` in entries written before runtime 106 ([`unkeyed_slot`]).
pub fn unkeyed_slots(categories: DataCategories) -> CategorySlots {
	categories.iter().fold(CategorySlots::empty(), |set, c| set.with(unkeyed_slot(c)))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn key(seed: u8) -> CategoryKey {
		core::array::from_fn(|i| seed.wrapping_add(i as u8))
	}

	#[test]
	fn every_category_has_its_own_slot_and_reads_back() {
		for seed in 0..50 {
			let key = key(seed);
			let mut seen = CategorySlots::empty();
			for category in DataCategory::ALL {
				let slot = slot_of(&key, *category);
				assert!(!seen.contains(slot), "two categories share {slot:?}");
				seen = seen.with(slot);
				assert_eq!(category_in(&key, slot), Some(*category));
			}
			assert_eq!(seen.len(), DataCategory::ALL.len() as u32);
			for unkeyed in DataCategory::ALL.iter().map(|c| unkeyed_slot(*c)) {
				assert!(!seen.contains(unkeyed), "keyed and unkeyed slots never meet");
				assert_eq!(category_in(&key, unkeyed), None);
			}
		}
	}

	#[test]
	fn patients_keys_place_a_category_differently() {
		let places: alloc::collections::BTreeSet<_> =
			(0..40).map(|seed| slot_of(&key(seed), DataCategory::Hiv)).collect();
		assert!(places.len() > 8, "HIV sits in only {} slots over 40 keys", places.len());
	}

	#[test]
	fn a_grant_s_slots_are_the_slots_of_its_categories() {
		let key = key(3);
		let slots = slots_of(&key, DataCategories::broad().with(DataCategory::Hiv));
		assert_eq!(slots.len(), 12);
		assert!(slots.contains(slot_of(&key, DataCategory::Hiv)));
		assert!(!slots.contains(slot_of(&key, DataCategory::MentalHealth)));
	}

	#[test]
	fn entries_written_before_keyed_slots_read_as_their_category_s_index() {
		use codec::{Decode, Encode};
		for category in DataCategory::ALL {
			let old = category.encode();
			assert_eq!(CategorySlot::decode(&mut &old[..]).unwrap(), unkeyed_slot(*category));
		}
		let old = DataCategories::broad().with(DataCategory::Hiv);
		assert_eq!(CategorySlots::decode(&mut &old.encode()[..]).unwrap(), unkeyed_slots(old));
	}

	/// The vectors the Rust and TypeScript clients check themselves against: key 0x00..1f.
	/// The list is where categories 0 (demographics) … 15 (HIV) sit; also computed with Python's
	/// `hashlib.blake2b(digest_size=32)`.
	#[test]
	fn published_vectors() {
		let key: CategoryKey = core::array::from_fn(|i| i as u8);
		let slots: alloc::vec::Vec<u8> = DataCategory::ALL
			.iter()
			.map(|c| CategorySlot::ALL.iter().position(|s| *s == slot_of(&key, *c)).unwrap() as u8)
			.collect();
		assert_eq!(
			slots,
			alloc::vec![31, 19, 27, 29, 25, 17, 26, 24, 23, 20, 21, 22, 18, 30, 28, 16]
		);
	}
}
