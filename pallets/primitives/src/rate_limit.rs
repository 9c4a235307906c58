//! Free operations (a patient's own consent and guardian changes) are rate-limited per day so
//! that being free does not make them a way to fill blocks.

use codec::FullEncode;
use frame_support::storage::StorageMap;

/// Milliseconds in a day of block time.
pub const DAY_MS: u64 = 24 * 60 * 60 * 1000;

value_struct! {
	/// How many free operations were used in which day (days since the Unix epoch).
	#[derive(Copy, Default)]
	pub struct DailyAllowance {
		/// The day the count belongs to.
		pub day: u32,
		/// Operations used that day.
		pub used: u32,
	}
}

impl DailyAllowance {
	/// Uses one operation at block time `now_ms` if fewer than `cap` were used that day.
	/// Returns whether it was allowed; the count starts afresh on a new day.
	pub fn try_use(&mut self, now_ms: u64, cap: u32) -> bool {
		let today = now_ms.saturating_div(DAY_MS) as u32;
		if self.day != today {
			*self = Self { day: today, used: 0 };
		}
		if self.used >= cap {
			return false;
		}
		// Below `cap` (checked above), so never saturates.
		self.used = self.used.saturating_add(1);
		true
	}
}

/// Uses one of `key`'s free operations for the day of `now_ms` in the allowance map `Map`, if
/// fewer than `cap` were used; returns whether it was allowed.
pub fn use_daily_allowance<Map, Key>(key: Key, now_ms: u64, cap: u32) -> bool
where
	Key: FullEncode,
	Map: StorageMap<Key, DailyAllowance, Query = DailyAllowance>,
{
	Map::mutate(key, |allowance| allowance.try_use(now_ms, cap))
}
