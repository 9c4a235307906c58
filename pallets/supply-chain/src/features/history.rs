//! Each item's history (a bounded log), and a unit's full history with its containers' steps.

use crate::*;
use alloc::vec::Vec;
use frame_support::traits::Get;

impl<T: Config> Pallet<T> {
	/// Appends a step to `item`'s history; returns the entry's sequence number.
	pub(crate) fn log(
		item: &Item,
		by: OrgId,
		step: BizStep,
		disposition: Disposition,
		detail: Detail,
	) -> u64 {
		caduceus_primitives::log::append::<History<T>, HistoryLength<T>, _, _>(
			item.clone(),
			T::MaxHistoryPerItem::get(),
			|sequence| HistoryEntry { sequence, at: Self::now(), by, step, disposition, detail },
		)
	}

	/// `item`'s own history, oldest first (as much as the chain keeps).
	pub fn own_history(item: &Item) -> Vec<HistoryEntry> {
		let capacity = T::MaxHistoryPerItem::get();
		caduceus_primitives::log::page::<History<T>, HistoryLength<T>, _, _>(
			item.clone(),
			capacity,
			0,
			capacity,
		)
	}

	/// `item`'s history with, after each packing, the steps of the container it was packed in
	/// (shipping, receiving... and, recursively, of the containers that one was packed in) until
	/// it was unpacked: everything that happened to the item, in order.
	pub fn full_history(item: &Item) -> Vec<HistoryEntry> {
		let mut out = Vec::new();
		Self::expand(item, 0, u64::MAX, 0, &mut out);
		out
	}

	/// Appends `item`'s entries with sequence numbers in `from..until`, each packing followed by
	/// the container's entries while the item was in it.
	fn expand(item: &Item, from: u64, until: u64, depth: u8, out: &mut Vec<HistoryEntry>) {
		let own: Vec<_> = Self::own_history(item)
			.into_iter()
			.filter(|entry| (from..until).contains(&entry.sequence))
			.collect();
		for (i, entry) in own.iter().enumerate() {
			out.push(entry.clone());
			let Detail::PackedInto { container, container_entry } = entry.detail else { continue };
			if depth >= MAX_NESTING {
				continue;
			}
			let unpacked_at = own[i + 1..].iter().find_map(|later| match later.detail {
				Detail::UnpackedFrom { container: c, container_entry } if c == container => {
					Some(container_entry)
				},
				_ => None,
			});
			Self::expand(
				&Item::Container(container),
				container_entry.saturating_add(1),
				unpacked_at.unwrap_or(u64::MAX),
				depth + 1,
				out,
			);
		}
	}
}
