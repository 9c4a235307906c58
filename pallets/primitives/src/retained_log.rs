//! An append-only log per key whose entries leave only by age: evidence (a patient's record
//! audit trail and its indexes by actor and by organisation) that no one can push out by writing
//! more. Entry `n` lives under key `(key, n)` of a double map; the map `Ends` keeps the oldest
//! sequence number still kept, the next one and the oldest kept entry's block time. Each append
//! removes at most a fixed number of entries older than the retention from the front, so the
//! cost of a call stays bounded and storage holds only what the retention keeps; knowing the
//! oldest entry's time, an append reads no entry while nothing has expired (almost always).

use alloc::vec::Vec;
use codec::{FullCodec, FullEncode};
use frame_support::storage::{StorageDoubleMap, StorageMap};

use crate::Moment;

/// How many expired entries one append removes from the front of a log, at most. Two per
/// append: a log that grows keeps removing faster than it ages, so it never holds more than
/// what its retention keeps plus what was written since its last append.
pub const PRUNED_PER_APPEND: u32 = 2;

value_struct! {
	/// The sequence numbers a log keeps: `oldest..next`.
	#[derive(Copy, Default)]
	pub struct LogEnds {
		/// The oldest sequence number still kept (entries before it expired).
		pub oldest: u64,
		/// The next entry's sequence number: how many entries the log has ever had.
		pub next: u64,
	}
}

impl LogEnds {
	/// How many entries the log keeps.
	pub fn kept(&self) -> u64 {
		self.next.saturating_sub(self.oldest)
	}
}

value_struct! {
	/// What a retained log keeps about itself: its ends, and the block time of its oldest kept
	/// entry, so that an append learns from this one item whether anything expired (the oldest
	/// entry need not be read, nor each one before it is removed).
	#[derive(Copy, Default)]
	pub struct RetainedEnds {
		/// The oldest sequence number still kept (entries before it expired).
		pub oldest: u64,
		/// The next entry's sequence number: how many entries the log has ever had.
		pub next: u64,
		/// The block time of entry `oldest` while the log keeps any; meaningless when it is empty.
		pub oldest_at: Moment,
	}
}

impl RetainedEnds {
	/// The sequence numbers the log keeps, as readers see them.
	pub fn ends(&self) -> LogEnds {
		LogEnds { oldest: self.oldest, next: self.next }
	}

	/// Whether the log keeps no entry.
	fn is_empty(&self) -> bool {
		self.oldest >= self.next
	}
}

/// Something kept in a retained log: it knows its block time.
pub trait Dated {
	/// Block time the entry was written.
	fn at(&self) -> Moment;
}

/// What an append did: the new entry's place, and how many expired entries it removed first
/// (what the call pays for: each removal is a write and a read of the entry after it).
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct Appended {
	/// The new entry's sequence number.
	pub sequence: u64,
	/// How many expired entries were removed from the front, at most [`PRUNED_PER_APPEND`].
	pub pruned: u32,
}

/// Appends `make(sequence)` to `key`'s log in `Entries` (ends in `Ends`) after removing up to
/// [`PRUNED_PER_APPEND`] entries written more than `retention` ms before `now`.
///
/// ## Complexity
/// One read and one write of `Ends`, one write of the entry; for each entry removed, one
/// removal and one read (of the entry after it, whose time is the new `oldest_at`).
pub fn append<Entries, Ends, Key, Entry>(
	key: Key,
	now: Moment,
	retention: Moment,
	make: impl FnOnce(u64) -> Entry,
) -> Appended
where
	Key: FullEncode + Clone,
	Entry: FullCodec + Dated,
	Entries: StorageDoubleMap<Key, u64, Entry, Query = Option<Entry>>,
	Ends: StorageMap<Key, RetainedEnds, Query = RetainedEnds>,
{
	let mut ends = Ends::get(key.clone());
	let pruned = prune::<Entries, Key, Entry>(&key, &mut ends, now, retention, PRUNED_PER_APPEND);
	let sequence = ends.next;
	let entry = make(sequence);
	if ends.is_empty() {
		ends.oldest_at = entry.at();
	}
	Entries::insert(key.clone(), sequence, entry);
	ends.next = sequence.saturating_add(1);
	Ends::insert(key, ends);
	Appended { sequence, pruned }
}

/// Removes up to `max` entries older than `retention` from the front of a log, reading the
/// time of the entry after each one removed; how many it removed.
fn prune<Entries, Key, Entry>(
	key: &Key,
	ends: &mut RetainedEnds,
	now: Moment,
	retention: Moment,
	max: u32,
) -> u32
where
	Key: FullEncode + Clone,
	Entry: FullCodec + Dated,
	Entries: StorageDoubleMap<Key, u64, Entry, Query = Option<Entry>>,
{
	for pruned in 0..max {
		if ends.is_empty() || ends.oldest_at.saturating_add(retention) > now {
			return pruned;
		}
		Entries::remove(key.clone(), ends.oldest);
		// Below `ends.next` (checked above), so never saturates.
		ends.oldest = ends.oldest.saturating_add(1);
		if !ends.is_empty() {
			// An entry that is missing (never, by `check`) has no time to keep: expired.
			ends.oldest_at = Entries::get(key.clone(), ends.oldest).map_or(0, |entry| entry.at());
		}
	}
	max
}

/// Up to `limit` of `key`'s entries from sequence number `from` on, oldest first; entries
/// already removed (older than the retention, once later writes pruned them) are skipped.
pub fn page<Entries, Ends, Key, Entry>(key: Key, from: u64, limit: u32) -> Vec<Entry>
where
	Key: FullEncode + Clone,
	Entry: FullCodec,
	Entries: StorageDoubleMap<Key, u64, Entry, Query = Option<Entry>>,
	Ends: StorageMap<Key, RetainedEnds, Query = RetainedEnds>,
{
	page_positions::<Entries, Ends, Key, Entry>(key, from, limit)
		.into_iter()
		.map(|(_, entry)| entry)
		.collect()
}

/// Like [`page`], each entry with its sequence number: a reader pages on from the last one.
pub fn page_positions<Entries, Ends, Key, Entry>(
	key: Key,
	from: u64,
	limit: u32,
) -> Vec<(u64, Entry)>
where
	Key: FullEncode + Clone,
	Entry: FullCodec,
	Entries: StorageDoubleMap<Key, u64, Entry, Query = Option<Entry>>,
	Ends: StorageMap<Key, RetainedEnds, Query = RetainedEnds>,
{
	let ends = Ends::get(key.clone());
	(from.max(ends.oldest)..ends.next)
		.take(limit as usize)
		.filter_map(|sequence| Entries::get(key.clone(), sequence).map(|entry| (sequence, entry)))
		.collect()
}

/// Checks one key's log for `try_state`: the sequence numbers of its entries (in any order) are
/// exactly `ends.oldest..ends.next`, they are in time order, and `ends.oldest_at` is the oldest
/// entry's time.
pub fn check<Entry: Dated>(
	ends: RetainedEnds,
	mut entries: Vec<(u64, Entry)>,
) -> Result<(), &'static str> {
	entries.sort_by_key(|(sequence, _)| *sequence);
	if entries.len() as u64 != ends.ends().kept() {
		return Err("a retained log keeps another number of entries than its ends say");
	}
	if entries.first().is_some_and(|(_, oldest)| oldest.at() != ends.oldest_at) {
		return Err("a retained log's ends give another time than its oldest entry's");
	}
	let mut last = 0;
	for ((sequence, entry), expected) in entries.iter().zip(ends.oldest..) {
		if *sequence != expected {
			return Err("a retained log has an entry outside its ends");
		}
		if entry.at() < last {
			return Err("a retained log is out of time order");
		}
		last = entry.at();
	}
	Ok(())
}
