//! A bounded, paged log per key (a patient's consent history, a patient's record audit trail):
//! entry `n` lives in slot `n % capacity` of a double map, and a count of every entry ever
//! appended lives in a map. Once `capacity` entries are kept the oldest is overwritten, so
//! storage per key stays bounded; the sequence numbers keep counting, so a reader knows what it
//! missed. A pallet that keeps other counters of the same key keeps the length among them
//! ([`append_counted`]), so that one item is read and written for all.

use alloc::vec::Vec;
use codec::{FullCodec, FullEncode};
use frame_support::storage::{StorageDoubleMap, StorageMap};

/// The slot of entry `sequence` in a log of `capacity` slots.
fn slot(sequence: u64, capacity: u32) -> u32 {
	// `capacity.max(1)` is never zero, and the remainder is below `capacity`, so fits a `u32`.
	sequence.checked_rem(u64::from(capacity.max(1))).unwrap_or(0) as u32
}

/// Appends the entry `make(sequence)` to `key`'s log in `Entries` (counted in `Lengths`),
/// overwriting the oldest once `capacity` are kept. Returns the entry's sequence number.
pub fn append<Entries, Lengths, Key, Entry>(
	key: Key,
	capacity: u32,
	make: impl FnOnce(u64) -> Entry,
) -> u64
where
	Key: FullEncode + Clone,
	Entry: FullCodec,
	Entries: StorageDoubleMap<Key, u32, Entry>,
	Lengths: StorageMap<Key, u64, Query = u64>,
{
	let mut length = Lengths::get(key.clone());
	let sequence = append_counted::<Entries, _, _>(key.clone(), capacity, &mut length, make);
	Lengths::insert(key, length);
	sequence
}

/// As [`append`], for a log whose length the caller keeps inside an item of its own (with
/// other counters of the same key, so that one read and one write serve them all): appends
/// the entry `make(*length)` and counts it in `length`. Returns the entry's sequence number.
pub fn append_counted<Entries, Key, Entry>(
	key: Key,
	capacity: u32,
	length: &mut u64,
	make: impl FnOnce(u64) -> Entry,
) -> u64
where
	Key: FullEncode,
	Entry: FullCodec,
	Entries: StorageDoubleMap<Key, u32, Entry>,
{
	let sequence = *length;
	Entries::insert(key, slot(sequence, capacity), make(sequence));
	*length = sequence.saturating_add(1);
	sequence
}

/// Up to `limit` of `key`'s entries from sequence number `from` on, oldest first; entries older
/// than the log keeps are skipped.
pub fn page<Entries, Lengths, Key, Entry>(
	key: Key,
	capacity: u32,
	from: u64,
	limit: u32,
) -> Vec<Entry>
where
	Key: FullEncode + Clone,
	Entry: FullCodec,
	Entries: StorageDoubleMap<Key, u32, Entry, Query = Option<Entry>>,
	Lengths: StorageMap<Key, u64, Query = u64>,
{
	let length = Lengths::get(key.clone());
	page_counted::<Entries, _, _>(key, capacity, length, from, limit)
}

/// As [`page`], for a log that has had `length` entries (see [`append_counted`]).
pub fn page_counted<Entries, Key, Entry>(
	key: Key,
	capacity: u32,
	length: u64,
	from: u64,
	limit: u32,
) -> Vec<Entry>
where
	Key: FullEncode + Clone,
	Entry: FullCodec,
	Entries: StorageDoubleMap<Key, u32, Entry, Query = Option<Entry>>,
{
	let oldest_kept = length.saturating_sub(capacity.into());
	(from.max(oldest_kept)..length)
		.take(limit as usize)
		.filter_map(|sequence| Entries::get(key.clone(), slot(sequence, capacity)))
		.collect()
}

/// Checks that the entry with sequence number `sequence` sits where [`append`] puts it in a
/// log of `capacity` slots that has had `length` entries: in its slot, and not one that should
/// have been overwritten. For `try_state` invariants.
pub fn check_entry(
	sequence: u64,
	slot_found: u32,
	length: u64,
	capacity: u32,
) -> Result<(), &'static str> {
	if sequence >= length {
		return Err("a log entry is beyond the log's length");
	}
	if sequence.saturating_add(capacity.into()) < length {
		return Err("a log entry should have been overwritten");
	}
	if slot(sequence, capacity) != slot_found {
		return Err("a log entry is in the wrong slot");
	}
	Ok(())
}

/// The sequence numbers `key`'s log of `capacity` slots keeps: the oldest not yet overwritten,
/// and the next one (how many entries it ever had).
pub fn ends<Lengths, Key>(key: Key, capacity: u32) -> crate::retained_log::LogEnds
where
	Key: FullEncode,
	Lengths: StorageMap<Key, u64, Query = u64>,
{
	ends_counted(Lengths::get(key), capacity)
}

/// As [`ends`], for a log of `capacity` slots that has had `length` entries.
pub fn ends_counted(length: u64, capacity: u32) -> crate::retained_log::LogEnds {
	crate::retained_log::LogEnds {
		oldest: length.saturating_sub(kept(length, capacity)),
		next: length,
	}
}

/// How many entries a log of `capacity` slots that has had `length` entries keeps.
pub fn kept(length: u64, capacity: u32) -> u64 {
	length.min(capacity.into())
}
