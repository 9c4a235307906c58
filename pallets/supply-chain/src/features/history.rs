//! Each item's and each lot's history (bounded logs), and a unit's full history: its own
//! steps, its containers' steps while it was packed in them, and its lot's quarantine and recall.

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

	/// Appends a step to `lot`'s history (quarantine and recall of the whole lot).
	pub(crate) fn log_lot(
		lot: &LotKey,
		by: OrgId,
		step: BizStep,
		disposition: Disposition,
		detail: Detail,
	) {
		caduceus_primitives::log::append::<LotHistory<T>, LotHistoryLength<T>, _, _>(
			lot.clone(),
			T::MaxHistoryPerItem::get(),
			|sequence| HistoryEntry { sequence, at: Self::now(), by, step, disposition, detail },
		);
	}

	/// `item`'s own history, oldest first (as much as the chain keeps).
	pub fn own_history(item: &Item) -> Vec<HistoryEntry> {
		Self::history_range(item, 0, u64::MAX)
	}

	/// `lot`'s history: its quarantine and recall.
	pub fn lot_history(lot: &LotKey) -> Vec<HistoryEntry> {
		let capacity = T::MaxHistoryPerItem::get();
		caduceus_primitives::log::page::<LotHistory<T>, LotHistoryLength<T>, _, _>(
			lot.clone(),
			capacity,
			0,
			capacity,
		)
	}

	/// `item`'s kept entries with sequence numbers in `from..until`, reading only those.
	fn history_range(item: &Item, from: u64, until: u64) -> Vec<HistoryEntry> {
		let capacity = T::MaxHistoryPerItem::get();
		let limit = until.saturating_sub(from).min(capacity.into()) as u32;
		caduceus_primitives::log::page::<History<T>, HistoryLength<T>, _, _>(
			item.clone(),
			capacity,
			from,
			limit,
		)
		.into_iter()
		.filter(|entry| entry.sequence < until)
		.collect()
	}

	/// Everything that happened to `item`, by block time: its own steps; while it was packed,
	/// the steps of its container (shipping, receiving and, recursively, those of the container
	/// that one was in), but not the container's packing and unpacking of other items; for a
	/// unit, its lot's quarantine and recall.
	pub fn full_history(item: &Item) -> Vec<HistoryEntry> {
		let mut out = Vec::new();
		Self::expand(item, 0, u64::MAX, 0, &mut out);
		if let Item::Unit(key) = item {
			if let Some(unit) = Units::<T>::get(key) {
				let lot = LotKey { gtin: key.gtin, lot: unit.lot };
				out.extend(
					Self::lot_history(&lot)
						.into_iter()
						.filter(|entry| entry.at >= unit.commissioned_at),
				);
			}
		}
		out.sort_by_key(|entry| entry.at);
		out
	}

	/// Appends `item`'s entries with sequence numbers in `from..until`, each packing followed by
	/// the container's entries while the item was in it. At `depth` > 0 the item is a container
	/// seen from inside: its packing and unpacking of other items are left out.
	fn expand(item: &Item, from: u64, until: u64, depth: u8, out: &mut Vec<HistoryEntry>) {
		let own = Self::history_range(item, from, until);
		for (i, entry) in own.iter().enumerate() {
			if depth > 0 && matches!(entry.detail, Detail::Aggregation { .. }) {
				continue;
			}
			out.push(entry.clone());
			let Detail::PackedInto { container, container_entry } = entry.detail else { continue };
			if depth >= MAX_NESTING {
				continue;
			}
			let unpacked_at =
				own.iter().skip(i.saturating_add(1)).find_map(|later| match later.detail {
					Detail::UnpackedFrom { container: c, container_entry } if c == container => {
						Some(container_entry)
					},
					_ => None,
				});
			Self::expand(
				&Item::Container(container),
				container_entry.saturating_add(1),
				unpacked_at.unwrap_or(u64::MAX),
				depth.saturating_add(1),
				out,
			);
		}
	}
}
