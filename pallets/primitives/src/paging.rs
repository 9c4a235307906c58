//! Paging for read paths (view functions and runtime APIs), so that a reader asks for "the next
//! page after the last one I saw" and never for everything at once:
//! - [`ensure_page_size`]: the one check of a page's size;
//! - [`sequential`]: a page of things numbered in the order they were created and never removed
//!   (organisations), oldest or newest first;
//! - [`keys_after`]: a page of the second keys under a first key of a double map, after a
//!   cursor;
//! - [`NewestFirstKey`] and [`newest_first`]: indexes that list identifiers newest first (a
//!   party's claims, a patient's records, the shipments on their way to an organisation).

use crate::QueryError;
use alloc::vec::Vec;
use codec::FullCodec;
use frame_support::storage::{IterableStorageDoubleMap, StorageDoubleMap};

crate::value_enum! {
	/// Which end a page starts from.
	pub enum Order {
		/// Oldest first: `start_after` is the last identifier of the previous page, and the
		/// page goes on with larger ones.
		OldestFirst,
		/// Newest first: `start_after` is the last identifier of the previous page, and the
		/// page goes on with smaller ones.
		NewestFirst,
	}
}

/// `Ok` if a page of `limit` entries may be asked for: at least one, at most `max`.
pub fn ensure_page_size(limit: u32, max: u32) -> Result<(), QueryError> {
	if limit == 0 || limit > max {
		return Err(QueryError::BadPageSize);
	}
	Ok(())
}

/// The identifiers of one page of at most `limit` things numbered `0..next` in the order they
/// were created, after `start_after` (exclusive) in `order`.
///
/// ## Complexity
/// O(`limit`): the range is computed, not searched.
pub fn sequential<Id>(
	next: Id,
	start_after: Option<Id>,
	limit: u32,
	order: Order,
) -> impl Iterator<Item = Id>
where
	Id: Into<u64> + TryFrom<u64>,
{
	let (next, limit) = (next.into(), u64::from(limit));
	let start_after = start_after.map(Into::into);
	let (low, high) = match order {
		Order::OldestFirst => {
			let low = start_after.map_or(0, |after| after.saturating_add(1));
			(low, next.min(low.saturating_add(limit)))
		},
		Order::NewestFirst => {
			let high = start_after.map_or(next, |after| after.min(next));
			(high.saturating_sub(limit), high)
		},
	};
	let ids = low..high.max(low);
	let ids: alloc::boxed::Box<dyn Iterator<Item = u64>> = match order {
		Order::OldestFirst => alloc::boxed::Box::new(ids),
		Order::NewestFirst => alloc::boxed::Box::new(ids.rev()),
	};
	ids.filter_map(|id| Id::try_from(id).ok())
}

value_struct! {
	/// An identifier as the second key of an index that lists newest first (a party's claims, a
	/// patient's records, an organisation's incoming shipments): stored big-endian and counted down
	/// from the largest, under the `Identity` hasher, so the trie's own key order is newest first
	/// and a page is one forward walk from a cursor.
	#[derive(Copy, PartialOrd, Ord)]
	pub struct NewestFirstKey([u8; 8]);
}

impl NewestFirstKey {
	/// The key of identifier `id`.
	pub fn of(id: impl Into<u64>) -> Self {
		Self(u64::MAX.saturating_sub(id.into()).to_be_bytes())
	}

	/// The identifier this key stands for.
	pub fn id(&self) -> u64 {
		u64::MAX.saturating_sub(u64::from_be_bytes(self.0))
	}
}

/// Up to `limit` second keys under `key` in the double map `Index`, after `start_after`
/// (exclusive; it need not be stored any more), in the map's key order.
///
/// ## Complexity
/// O(`limit`): one walk of the trie from the cursor.
pub fn keys_after<Index, Key, Second, Value>(
	key: Key,
	start_after: Option<Second>,
	limit: u32,
) -> Vec<Second>
where
	Key: FullCodec + Clone,
	Second: FullCodec,
	Value: FullCodec,
	Index: IterableStorageDoubleMap<Key, Second, Value> + StorageDoubleMap<Key, Second, Value>,
{
	let keys = match start_after {
		Some(after) => Index::iter_key_prefix_from(key.clone(), Index::hashed_key_for(key, after)),
		None => Index::iter_key_prefix(key),
	};
	keys.take(limit as usize).collect()
}

/// Up to `limit` identifiers listed under `key` in the newest-first index `Index`, older than
/// `start_after` (exclusive) if given.
///
/// ## Complexity
/// O(`limit`): one walk of the trie from the cursor.
pub fn newest_first<Index, Key>(key: Key, start_after: Option<u64>, limit: u32) -> Vec<u64>
where
	Key: FullCodec + Clone,
	Index: IterableStorageDoubleMap<Key, NewestFirstKey, ()>
		+ StorageDoubleMap<Key, NewestFirstKey, ()>,
{
	let after = start_after.map(NewestFirstKey::of);
	keys_after::<Index, _, _, _>(key, after, limit).iter().map(NewestFirstKey::id).collect()
}

/// One page of the items listed under `key` in the newest-first index `Index`: the page size
/// checked against `max`, then up to `limit` identifiers older than `start_after`, each loaded
/// with `load` (an identifier whose item is gone is skipped).
///
/// ## Complexity
/// O(`limit`) reads of the index and as many loads.
pub fn newest_first_page<Index, Key, Item>(
	key: Key,
	start_after: Option<u64>,
	limit: u32,
	max: u32,
	load: impl Fn(u64) -> Option<Item>,
) -> Result<Vec<Item>, QueryError>
where
	Key: FullCodec + Clone,
	Index: IterableStorageDoubleMap<Key, NewestFirstKey, ()>
		+ StorageDoubleMap<Key, NewestFirstKey, ()>,
{
	ensure_page_size(limit, max)?;
	Ok(newest_first::<Index, _>(key, start_after, limit).into_iter().filter_map(load).collect())
}

#[cfg(test)]
mod tests {
	use super::*;

	fn page(next: u32, after: Option<u32>, limit: u32, order: Order) -> Vec<u32> {
		sequential(next, after, limit, order).collect()
	}

	#[test]
	fn pages_oldest_first_walk_every_identifier_once() {
		assert_eq!(page(5, None, 2, Order::OldestFirst), [0, 1]);
		assert_eq!(page(5, Some(1), 2, Order::OldestFirst), [2, 3]);
		assert_eq!(page(5, Some(3), 2, Order::OldestFirst), [4]);
		assert!(page(5, Some(4), 2, Order::OldestFirst).is_empty());
		assert!(page(5, Some(u32::MAX), 2, Order::OldestFirst).is_empty());
		assert!(page(0, None, 2, Order::OldestFirst).is_empty());
	}

	#[test]
	fn pages_newest_first_walk_every_identifier_once() {
		assert_eq!(page(5, None, 2, Order::NewestFirst), [4, 3]);
		assert_eq!(page(5, Some(3), 2, Order::NewestFirst), [2, 1]);
		assert_eq!(page(5, Some(1), 2, Order::NewestFirst), [0]);
		assert!(page(5, Some(0), 2, Order::NewestFirst).is_empty());
		assert_eq!(page(5, Some(u32::MAX), 2, Order::NewestFirst), [4, 3], "past the end");
		assert!(page(0, None, 2, Order::NewestFirst).is_empty());
	}

	#[test]
	fn a_page_is_at_least_one_and_at_most_the_bound() {
		assert_eq!(ensure_page_size(0, 10), Err(QueryError::BadPageSize));
		assert_eq!(ensure_page_size(11, 10), Err(QueryError::BadPageSize));
		assert_eq!(ensure_page_size(1, 10), Ok(()));
		assert_eq!(ensure_page_size(10, 10), Ok(()));
	}

	#[test]
	fn newest_first_keys_sort_newest_first_and_give_their_identifier_back() {
		let keys: Vec<_> = [0u64, 1, 255, 256, u64::MAX].map(NewestFirstKey::of).into();
		let mut sorted = keys.clone();
		sorted.sort_by_key(|key| codec::Encode::encode(key));
		assert_eq!(sorted, keys.iter().rev().copied().collect::<Vec<_>>());
		assert_eq!(
			keys.iter().map(NewestFirstKey::id).collect::<Vec<_>>(),
			[0, 1, 255, 256, u64::MAX]
		);
	}

	#[test]
	fn an_index_pages_newest_first_from_a_cursor() {
		use frame_support::{storage::types::StorageDoubleMap, traits::StorageInstance, Identity};
		struct Prefix;
		impl StorageInstance for Prefix {
			fn pallet_prefix() -> &'static str {
				"Paging"
			}
			const STORAGE_PREFIX: &'static str = "Index";
		}
		type Index = StorageDoubleMap<
			Prefix,
			frame_support::Twox64Concat,
			u32,
			Identity,
			NewestFirstKey,
			(),
		>;
		sp_io::TestExternalities::default().execute_with(|| {
			for id in [3u64, 10, 7, 300] {
				Index::insert(1, NewestFirstKey::of(id), ());
			}
			Index::insert(2, NewestFirstKey::of(5u64), ());
			assert_eq!(newest_first::<Index, _>(1, None, 3), [300, 10, 7]);
			assert_eq!(newest_first::<Index, _>(1, Some(7), 3), [3]);
			assert_eq!(newest_first::<Index, _>(1, Some(8), 3), [7, 3], "a cursor not listed");
			assert!(newest_first::<Index, _>(1, Some(3), 3).is_empty());
			assert_eq!(newest_first::<Index, _>(2, None, 3), [5]);
		});
	}
}
