//! Grants: made, revoked, cleaned up when ended.

use crate::*;
use caduceus_primitives::{OrgStatus, Role, Standing};
use frame_support::{ensure, weights::Weight};
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	/// Whether `grantee` may receive a grant: a practitioner or organisation in good standing.
	fn ensure_grantee_active(grantee: &Party<T::AccountId>) -> Result<(), Error<T>> {
		let active = match grantee {
			Party::Practitioner(who) => {
				T::Registry::practitioner(who).is_some_and(|p| p.standing == Standing::Active)
			},
			Party::Organisation(org) => {
				T::Registry::organisation(*org).ok_or(Error::<T>::UnknownOrganisation)?.status
					== OrgStatus::Active
			},
		};
		ensure!(active, Error::<T>::GranteeNotActive);
		Ok(())
	}

	/// The checks terms pass before they are stored; returns the period's start.
	fn validate_terms(patient: PatientId, terms: &ConsentTermsOf<T>) -> Result<Moment, Error<T>> {
		ensure!(
			!terms.categories.is_empty() && !terms.purposes.is_empty() && !terms.actions.is_empty(),
			Error::<T>::EmptyGrant
		);
		let now = Self::now();
		let valid_from = terms.valid_from.unwrap_or(now).max(now);
		ensure!(terms.valid_until > valid_from, Error::<T>::InvalidPeriod);
		// `valid_until > valid_from >= now` (checked above): the difference never saturates.
		ensure!(
			terms.valid_until.saturating_sub(now) <= T::MaxConsentDuration::get(),
			Error::<T>::PeriodTooLong
		);
		ensure!(
			terms.exceptions.practitioners.is_empty()
				|| matches!(terms.grantee, Party::Organisation(_)),
			Error::<T>::ExclusionNeedsOrganisation
		);
		ensure!(
			terms.roles.is_empty() || matches!(terms.grantee, Party::Organisation(_)),
			Error::<T>::RolesNeedOrganisation
		);
		if matches!(terms.grantee, Party::Organisation(_)) {
			let covered: alloc::vec::Vec<Role> = if terms.roles.is_empty() {
				Role::CLINICAL.to_vec()
			} else {
				terms.roles.iter().collect()
			};
			let serves = covered.iter().any(|role| terms.purposes.iter().any(|p| role.serves(p)));
			ensure!(serves, Error::<T>::GrantCoversNoRole);
		}
		Self::ensure_grantee_active(&terms.grantee)?;
		let blocked = match &terms.grantee {
			Party::Practitioner(who) => Self::blocks_accessor(
				patient,
				who,
				T::Registry::practitioner(who).map(|p| p.organisation),
			),
			organisation => Self::is_blocked(patient, organisation),
		};
		ensure!(!blocked, Error::<T>::GranteeBlocked);
		Ok(valid_from)
	}

	/// Stores a grant of `terms` by `granted_by` for `patient`, whose right to grant was checked.
	/// Returns the weight of the path it took ([`Pallet::grant_weight`]).
	pub(crate) fn do_grant(
		patient: PatientId,
		granted_by: T::AccountId,
		terms: ConsentTermsOf<T>,
		signed_in_wallet: bool,
	) -> Result<Weight, Error<T>> {
		let valid_from = Self::validate_terms(patient, &terms)?;
		let grantee = terms.grantee.clone();
		Self::store_grant(patient, granted_by, terms, valid_from, signed_in_wallet)?;
		Ok(Self::grant_weight(patient, &grantee))
	}

	/// The weight of the grant to `grantee` just stored for `patient`: its grantee kind's
	/// benchmark at the patient's earlier grants to that grantee and block list, read back from
	/// what this block already holds in memory.
	fn grant_weight(patient: PatientId, grantee: &Party<T::AccountId>) -> Weight {
		let length = |len: Option<usize>| len.map_or(0, |len| len as u32);
		let earlier = length(Consents::<T>::decode_len(patient, grantee)).saturating_sub(1);
		let blocked = length(BlockList::<T>::decode_len(patient));
		match grantee {
			Party::Practitioner(_) => T::WeightInfo::grant_to_practitioner(earlier, blocked),
			Party::Organisation(_) => T::WeightInfo::grant_to_organisation(earlier, blocked),
		}
	}

	/// The most a grant weighs: the costlier grantee kind with the patient's grants to that
	/// grantee and block list full.
	pub(crate) fn grant_weight_bound() -> Weight {
		let earlier = T::MaxConsentsPerGrantee::get().saturating_sub(1);
		let blocked = T::MaxBlocked::get();
		T::WeightInfo::grant_to_practitioner(earlier, blocked)
			.max(T::WeightInfo::grant_to_organisation(earlier, blocked))
	}

	/// The weight of a wallet-signed grant whose grant weighs `grant`: what checking the
	/// signature and nonce adds, and `grant`. The addition is `grant_signed` (benchmarked on the
	/// longest payload: a grant to an organisation excluding every practitioner it may, lists
	/// full) less that grant's own weight.
	pub(crate) fn signed_grant_weight(grant: Weight) -> Weight {
		let earlier = T::MaxConsentsPerGrantee::get().saturating_sub(1);
		T::WeightInfo::grant_signed()
			.saturating_sub(T::WeightInfo::grant_to_organisation(earlier, T::MaxBlocked::get()))
			.saturating_add(grant)
	}

	/// Stores validated terms as a grant from `valid_from`, within the per-patient and per-pair
	/// bounds.
	pub(crate) fn store_grant(
		patient: PatientId,
		granted_by: T::AccountId,
		terms: ConsentTermsOf<T>,
		valid_from: Moment,
		signed_in_wallet: bool,
	) -> Result<ConsentId, Error<T>> {
		let count = PatientCounters::<T>::get(patient).grants;
		ensure!(count < T::MaxConsentsPerPatient::get(), Error::<T>::TooManyConsents);
		let id = NextConsentId::<T>::get();
		let now = Self::now();
		let consent = Grant {
			id,
			categories: terms.categories,
			purposes: terms.purposes,
			actions: terms.actions,
			roles: terms.roles,
			valid_from,
			valid_until: terms.valid_until,
			exceptions: terms.exceptions.clone(),
			source_document: terms.source_document,
			granted_by: granted_by.clone(),
			granted_at: now,
			signed_in_wallet,
			revoked_in: None,
		};
		let consent_exceptions = terms.exceptions;
		Consents::<T>::try_mutate(patient, &terms.grantee, |pair| {
			pair.try_push(consent).map_err(|_| Error::<T>::TooManyConsentsForGrantee)
		})?;
		// Written on every grant, not only a pair's first, so that the benchmarks (which
		// grant after `c` earlier grants) measure it at every `c`.
		Grantors::<T>::insert(&terms.grantee, patient, ());
		NextConsentId::<T>::put(id.saturating_add(1));
		ConsentIndex::<T>::insert(patient, id, &terms.grantee);
		PatientCounters::<T>::mutate(patient, |counters| {
			counters.grants = counters.grants.saturating_add(1)
		});
		Self::record(
			patient,
			&granted_by,
			ConsentActivity::Granted {
				consent: id,
				grantee: terms.grantee.clone(),
				signed_in_wallet,
			},
		);
		Self::deposit_event(Event::ConsentGranted {
			consent: id,
			patient,
			grantee: terms.grantee,
			granted_by,
			categories: terms.categories,
			purposes: terms.purposes,
			actions: terms.actions,
			roles: terms.roles,
			valid_from,
			valid_until: terms.valid_until,
			exceptions: consent_exceptions,
			source_document: terms.source_document,
			signed_in_wallet,
			at: now,
		});
		Ok(id)
	}

	/// The grantee of `patient`'s grant `consent`.
	fn grantee_of(patient: PatientId, consent: ConsentId) -> Result<Party<T::AccountId>, Error<T>> {
		ConsentIndex::<T>::get(patient, consent).ok_or(Error::<T>::UnknownConsent)
	}

	pub(crate) fn do_revoke(
		patient: PatientId,
		consent: ConsentId,
		revoked_by: T::AccountId,
	) -> DispatchResult {
		let grantee = Self::grantee_of(patient, consent)?;
		let block = frame_system::Pallet::<T>::block_number();
		let revoked = Consents::<T>::try_mutate(patient, &grantee, |pair| {
			let grant =
				pair.iter_mut().find(|c| c.id == consent).ok_or(Error::<T>::UnknownConsent)?;
			ensure!(grant.revoked_in.is_none(), Error::<T>::AlreadyRevoked);
			grant.revoked_in = Some(block);
			Ok::<_, Error<T>>(grant.clone())
		})?;
		RevokedAt::<T>::insert(consent, Self::now());
		Self::record(
			patient,
			&revoked_by,
			ConsentActivity::Revoked { consent, grantee: grantee.clone() },
		);
		Self::deposit_event(Event::ConsentRevoked {
			consent,
			patient,
			grantee,
			revoked_by,
			categories: revoked.categories,
			purposes: revoked.purposes,
			actions: revoked.actions,
			valid_from: revoked.valid_from,
			valid_until: revoked.valid_until,
			source_document: revoked.source_document,
			at: Self::now(),
		});
		Ok(())
	}

	pub(crate) fn do_remove_ended(
		patient: PatientId,
		consent: ConsentId,
		removed_by: T::AccountId,
	) -> DispatchResult {
		let grantee = Self::grantee_of(patient, consent)?;
		let (now, block) = (Self::now(), frame_system::Pallet::<T>::block_number());
		let last_of_pair = Consents::<T>::try_mutate_exists(patient, &grantee, |maybe_pair| {
			let pair = maybe_pair.as_mut().ok_or(Error::<T>::UnknownConsent)?;
			let position =
				pair.iter().position(|c| c.id == consent).ok_or(Error::<T>::UnknownConsent)?;
			ensure!(
				pair.get(position).is_some_and(|c| c.ended(now, &block)),
				Error::<T>::ConsentStillInForce
			);
			pair.remove(position);
			let last = pair.is_empty();
			if last {
				*maybe_pair = None;
			}
			Ok::<_, Error<T>>(last)
		})?;
		if last_of_pair {
			Grantors::<T>::remove(&grantee, patient);
		}
		ConsentIndex::<T>::remove(patient, consent);
		RevokedAt::<T>::remove(consent);
		PatientCounters::<T>::mutate(patient, |counters| {
			counters.grants = counters.grants.saturating_sub(1)
		});
		Self::record(patient, &removed_by, ConsentActivity::Removed { consent, grantee });
		Self::deposit_event(Event::ConsentRemoved { consent, patient, removed_by });
		Ok(())
	}
}
