//! The patient's consent history (a bounded ring per patient) and the read API's pages.

use crate::*;
use alloc::vec::Vec;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Appends `activity` by `actor` to `patient`'s history, overwriting the oldest entry once
	/// `MaxHistoryPerPatient` are kept.
	pub(crate) fn record(
		patient: PatientId,
		actor: &T::AccountId,
		activity: ConsentActivity<T::AccountId>,
	) {
		PatientCounters::<T>::mutate(patient, |counters| {
			caduceus_primitives::log::append_counted::<History<T>, _, _>(
				patient,
				T::MaxHistoryPerPatient::get(),
				&mut counters.history_length,
				|sequence| HistoryEntry {
					sequence,
					at: Self::now(),
					block: frame_system::Pallet::<T>::block_number(),
					actor: actor.clone(),
					activity,
				},
			)
		});
	}

	/// The page size and patient a read API call names are valid.
	fn ensure_query(patient: PatientId, limit: u32) -> Result<(), QueryError> {
		caduceus_primitives::paging::ensure_page_size(limit, T::MaxPageSize::get())?;
		Self::ensure_patient(patient)
	}

	/// The patient a read names is registered.
	pub(crate) fn ensure_patient(patient: PatientId) -> Result<(), QueryError> {
		ensure!(T::Registry::is_patient(patient), QueryError::UnknownPatient);
		Ok(())
	}

	/// Up to `limit` entries of `patient`'s history from sequence number `from` on (older
	/// entries than the chain keeps are skipped).
	pub fn history_page(
		patient: PatientId,
		from: u64,
		limit: u32,
	) -> Result<Vec<HistoryEntryOf<T>>, QueryError> {
		Self::ensure_query(patient, limit)?;
		Ok(caduceus_primitives::log::page_counted::<History<T>, _, _>(
			patient,
			T::MaxHistoryPerPatient::get(),
			PatientCounters::<T>::get(patient).history_length,
			from,
			limit,
		))
	}

	/// Up to `limit` of `patient`'s grants after `start_after` (exclusive), in storage order,
	/// with where each stands now.
	pub fn consents_page(
		patient: PatientId,
		start_after: Option<ConsentId>,
		limit: u32,
	) -> Result<Vec<ConsentViewOf<T>>, QueryError> {
		Self::ensure_query(patient, limit)?;
		let entries = match start_after {
			Some(after) => ConsentIndex::<T>::iter_prefix_from(
				patient,
				ConsentIndex::<T>::hashed_key_for(patient, after),
			),
			None => ConsentIndex::<T>::iter_prefix(patient),
		};
		let (now, block) = (Self::now(), frame_system::Pallet::<T>::block_number());
		Ok(entries
			.take(limit as usize)
			.filter_map(|(id, grantee)| {
				let consent =
					Consents::<T>::get(patient, &grantee).into_iter().find(|c| c.id == id)?;
				let status = Self::status(&consent, now, &block);
				Some(ConsentView { grantee, grant: consent, status })
			})
			.collect())
	}

	/// One page of the patients who granted `grantee` (see [`Pallet::grantors_of`]).
	pub(crate) fn grantors_page(
		grantee: Party<T::AccountId>,
		start_after: Option<PatientId>,
		limit: u32,
	) -> Result<Vec<PatientId>, QueryError> {
		use caduceus_primitives::paging;
		paging::ensure_page_size(limit, T::MaxPageSize::get())?;
		Ok(paging::keys_after::<Grantors<T>, _, _, _>(grantee, start_after, limit))
	}

	/// The nonce `patient`'s next wallet-signed grant must carry (see
	/// [`Pallet::signed_consent_nonce`]).
	pub(crate) fn next_signed_nonce(patient: PatientId) -> Result<u32, QueryError> {
		Self::ensure_patient(patient)?;
		Ok(PatientCounters::<T>::get(patient).signed_nonce)
	}

	/// The sequence numbers `patient`'s history keeps (see [`Pallet::consent_history_ends`]).
	pub(crate) fn history_ends(
		patient: PatientId,
	) -> Result<caduceus_primitives::retained_log::LogEnds, QueryError> {
		Self::ensure_patient(patient)?;
		Ok(caduceus_primitives::log::ends_counted(
			PatientCounters::<T>::get(patient).history_length,
			T::MaxHistoryPerPatient::get(),
		))
	}

	/// Where `consent` stands at `now`.
	fn status(consent: &GrantOf<T>, now: Moment, block: &BlockNumberFor<T>) -> ConsentStatus {
		if consent.revoked_by(block) {
			ConsentStatus::Revoked
		} else if now >= consent.valid_until {
			ConsentStatus::Expired
		} else if now < consent.valid_from {
			ConsentStatus::NotYetValid
		} else {
			ConsentStatus::Active
		}
	}
}
