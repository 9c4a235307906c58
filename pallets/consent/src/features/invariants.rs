//! The invariants `try_state` checks (always compiled, so that the unit tests check them too).

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use frame_support::ensure;
use sp_runtime::{Saturating, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// Checks that:
	/// - every stored grant is indexed under its patient with its grantee, no pair list is empty,
	///   identifiers are unique and below [`NextConsentId`];
	/// - every index entry points at a stored grant, and [`PatientCounters`] counts them, within
	///   `MaxConsentsPerPatient`;
	/// - every recorded revocation time belongs to a stored, revoked grant;
	/// - no party is blocked twice;
	/// - each kept history slot holds the entry with the sequence number it should;
	/// - [`ActiveEmergency`] points at a stored access of that patient and practitioner, and each
	///   practitioner's `unreviewed` count equals their stored unreviewed accesses.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::check_consents()?;
		Self::check_block_lists()?;
		Self::check_history()?;
		Self::check_emergencies()
	}

	fn check_consents() -> Result<(), TryRuntimeError> {
		let next = NextConsentId::<T>::get();
		let mut indexed: BTreeMap<PatientId, u32> = BTreeMap::new();
		let mut pairs = 0usize;
		for (patient, grantee, pair) in Consents::<T>::iter() {
			ensure!(!pair.is_empty(), "an empty pair list is stored");
			ensure!(
				Grantors::<T>::contains_key(&grantee, patient),
				"a grantee does not list a patient who granted it"
			);
			pairs.saturating_inc();
			for consent in pair.iter() {
				ensure!(consent.id < next, "a grant has an identifier not yet handed out");
				ensure!(
					ConsentIndex::<T>::get(patient, consent.id).as_ref() == Some(&grantee),
					"a grant is not indexed under its grantee"
				);
				indexed.entry(patient).or_default().saturating_inc();
			}
		}
		ensure!(
			Grantors::<T>::iter_keys().count() == pairs,
			"a grantee lists a patient with no grant to it"
		);
		let mut index_entries: BTreeMap<PatientId, u32> = BTreeMap::new();
		for (patient, _, _) in ConsentIndex::<T>::iter() {
			index_entries.entry(patient).or_default().saturating_inc();
		}
		ensure!(
			indexed == index_entries,
			"an index entry points at no grant, or a grant is duplicated"
		);
		for (patient, counters) in PatientCounters::<T>::iter() {
			ensure!(
				index_entries.get(&patient).copied().unwrap_or(0) == counters.grants,
				"a patient's grant count differs from their grants"
			);
			ensure!(
				counters.grants <= T::MaxConsentsPerPatient::get(),
				"a patient has too many grants"
			);
		}
		ensure!(
			index_entries
				.iter()
				.all(|(patient, n)| PatientCounters::<T>::get(patient).grants == *n),
			"a patient's grants are not counted"
		);
		let revoked: alloc::collections::BTreeSet<ConsentId> = Consents::<T>::iter_values()
			.flat_map(|pair| pair.into_iter().filter(|c| c.revoked_in.is_some()).map(|c| c.id))
			.collect();
		for (consent, _) in RevokedAt::<T>::iter() {
			ensure!(revoked.contains(&consent), "a revocation time names no revoked grant");
		}
		Ok(())
	}

	fn check_block_lists() -> Result<(), TryRuntimeError> {
		for (_, blocked) in BlockList::<T>::iter() {
			ensure!(!blocked.is_empty(), "an empty block list is stored");
			for (i, party) in blocked.iter().enumerate() {
				ensure!(
					!blocked.iter().skip(i.saturating_add(1)).any(|other| other == party),
					"a party is blocked twice"
				);
			}
		}
		Ok(())
	}

	fn check_history() -> Result<(), TryRuntimeError> {
		let capacity = T::MaxHistoryPerPatient::get();
		let mut kept: BTreeMap<PatientId, u64> = BTreeMap::new();
		for (patient, slot, entry) in History::<T>::iter() {
			let length = PatientCounters::<T>::get(patient).history_length;
			caduceus_primitives::log::check_entry(entry.sequence, slot, length, capacity)?;
			kept.entry(patient).or_default().saturating_inc();
		}
		for (patient, counters) in PatientCounters::<T>::iter() {
			let length = counters.history_length;
			ensure!(
				kept.remove(&patient).unwrap_or(0)
					== caduceus_primitives::log::kept(length, capacity),
				"a patient's history keeps the wrong number of entries"
			);
		}
		ensure!(kept.is_empty(), "a history has entries but no length");
		Ok(())
	}

	fn check_emergencies() -> Result<(), TryRuntimeError> {
		for (patient, practitioner, (id, ends_at)) in ActiveEmergency::<T>::iter() {
			let access = EmergencyAccesses::<T>::get(id)
				.ok_or("ActiveEmergency points at no emergency access")?;
			ensure!(
				access.patient == patient && access.practitioner == practitioner,
				"ActiveEmergency points at another patient's or practitioner's access"
			);
			ensure!(access.ends_at == ends_at, "ActiveEmergency has the wrong end");
		}
		let mut unreviewed: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (_, access) in EmergencyAccesses::<T>::iter() {
			if access.review.is_none() {
				unreviewed.entry(access.practitioner).or_default().saturating_inc();
			}
		}
		for (practitioner, standing) in EmergencyStandings::<T>::iter() {
			ensure!(
				unreviewed.remove(&practitioner).unwrap_or(0) == standing.unreviewed,
				"a practitioner's unreviewed count is wrong"
			);
		}
		ensure!(unreviewed.is_empty(), "a practitioner's unreviewed accesses are not counted");
		Ok(())
	}
}
