//! The access check other pallets call through `ConsentVerifier` and anyone through the
//! runtime API.

use crate::*;
use caduceus_primitives::{
	AccessDenial, AccessGround, Action, CategorySlot, Purpose, Role, Standing, TreatmentCheck,
};
use frame_support::weights::Weight;

impl<T: Config> Pallet<T> {
	/// The organisation whose active practitioner `accessor` is and their role, `None` if it is
	/// no practitioner at all, or why it may not act.
	fn affiliation(accessor: &T::AccountId) -> Result<Option<(OrgId, Role)>, AccessDenial> {
		let Some(practitioner) = T::Registry::practitioner(accessor) else {
			return Ok(None);
		};
		match practitioner.standing {
			Standing::Active => Ok(Some((practitioner.organisation, practitioner.role))),
			Standing::AttestationLapsed => Err(AccessDenial::AttestationLapsed),
			Standing::OrganisationInactive => Err(AccessDenial::OrganisationSuspended),
		}
	}

	/// The emergency access of `practitioner` to `patient` running at `now`, if any.
	pub(crate) fn running_emergency(
		patient: PatientId,
		practitioner: &T::AccountId,
		now: Moment,
	) -> Option<EmergencyAccessId> {
		ActiveEmergency::<T>::get(patient, practitioner)
			.filter(|(_, ends_at)| now < *ends_at)
			.map(|(id, _)| id)
	}

	/// The emergency access of `practitioner` to `patient` running at `now` that they declared
	/// at `organisation`: one declared elsewhere does not follow them to a new employer.
	pub(crate) fn running_emergency_at(
		patient: PatientId,
		practitioner: &T::AccountId,
		organisation: OrgId,
		now: Moment,
	) -> Option<EmergencyAccessId> {
		Self::running_emergency(patient, practitioner, now).filter(|id| {
			EmergencyAccesses::<T>::get(id)
				.is_some_and(|access| access.organisation == organisation)
		})
	}

	/// May `accessor` do `action` on `patient`'s data in `category` (a slot under the patient's
	/// category key; none: any category a grant covers) for `purpose` now, under a grant given
	/// for `document` if one is named (its source document)? With the answer comes whether it
	/// came by the fast path of [`caduceus_primitives::ConsentCheck`]: no emergency access looked
	/// up, an empty block list, and the first grant read permits.
	///
	/// In order: the accessor must be a practitioner in good standing whose role serves the
	/// purpose; a running emergency access declared at their organisation permits reading for
	/// emergency treatment even through a block; a block denies; then the grants to the accessor
	/// and to its organisation (if it covers their role) are evaluated, and the first that
	/// permits wins. If none does, the most specific reason any of them gave is returned.
	///
	/// ## Complexity
	/// O(C + B + E): C ≤ 2 × `MaxConsentsPerGrantee` grants, B ≤ `MaxBlocked`, E ≤
	/// `MaxExcluded` per grant; independent of the patient's grants to anyone else. On the fast
	/// path B = 0 and one grant is evaluated (its pair's list is still read whole).
	pub(crate) fn do_check_by_path(
		patient: PatientId,
		accessor: &T::AccountId,
		category: Option<CategorySlot>,
		document: Option<ContentHash>,
		purpose: Purpose,
		action: Action,
	) -> (Result<AccessGround, AccessDenial>, bool) {
		let now = Self::now();
		let (organisation, role) = match Self::affiliation(accessor) {
			Ok(Some(affiliation)) => affiliation,
			Ok(None) => {
				// Not (or no longer) a practitioner: a direct grant does not make one, and an
				// organisation's grant covers its practitioners only (not, say, its admin
				// account).
				let direct =
					Consents::<T>::contains_key(patient, Party::Practitioner(accessor.clone()));
				let denial =
					if direct { AccessDenial::AttestationLapsed } else { AccessDenial::NoConsent };
				return (Err(denial), false);
			},
			Err(denial) => return (Err(denial), false),
		};
		if !role.serves(purpose) {
			return (Err(AccessDenial::PurposeNotServedByRole), false);
		}
		let mut fast = true;
		if purpose == Purpose::EmergencyTreatment && action == Action::Read {
			fast = false;
			if let Some(access) = Self::running_emergency_at(patient, accessor, organisation, now) {
				return (Ok(AccessGround::Emergency(access)), false);
			}
		}
		let blocked = BlockList::<T>::get(patient);
		if !blocked.is_empty() {
			fast = false;
			if Self::list_blocks(&blocked, accessor, Some(organisation)) {
				return (Err(AccessDenial::Blocked), false);
			}
		}
		let question = AccessQuestion {
			accessor,
			category,
			document,
			purpose,
			action,
			now,
			block: frame_system::Pallet::<T>::block_number(),
		};
		let mut denial = AccessDenial::NoConsent;
		for grantee in [Party::Practitioner(accessor.clone()), Party::Organisation(organisation)] {
			let via_organisation = matches!(grantee, Party::Organisation(_));
			for consent in Consents::<T>::get(patient, grantee) {
				if via_organisation && !consent.covers_role(role) {
					denial = more_specific(denial, AccessDenial::RoleNotCovered);
				} else {
					match consent.evaluate(&question) {
						Ok(()) => return (Ok(AccessGround::Consent(consent.id)), fast),
						Err(reason) => denial = more_specific(denial, reason),
					}
				}
				// Only the first grant read may answer by the fast path.
				fast = false;
			}
		}
		(Err(denial), false)
	}

	/// What a check that answered `answer`, by the fast path if `fast`, charges its caller:
	/// nothing beyond the caller's own weight on the fast path, the worst case otherwise.
	pub(crate) fn charged(
		(answer, fast): (Result<AccessGround, AccessDenial>, bool),
	) -> caduceus_primitives::ConsentCheck {
		let weight_beyond_fast_path = if fast { Weight::zero() } else { T::WeightInfo::check() };
		caduceus_primitives::ConsentCheck { answer, weight_beyond_fast_path }
	}

	/// What a treatment check that found `treated`, by the fast path if `fast`, charges its
	/// caller, as [`Self::charged`].
	pub(crate) fn charged_treatment((treated, fast): (bool, bool)) -> TreatmentCheck {
		let weight_beyond_fast_path = if fast { Weight::zero() } else { T::WeightInfo::treated() };
		TreatmentCheck { treated, weight_beyond_fast_path }
	}

	/// Could `organisation`, through `practitioner`, treat `patient` at block time `at`
	/// (possibly past)? A grant to either for treatment or emergency treatment whose period
	/// covered `at` and that was not revoked by then, or the practitioner's latest emergency
	/// access, declared at `organisation` and running at `at`. A grant revoked before its
	/// revocation time was recorded counts as revoked.
	///
	/// With the answer comes whether it came by the fast path of
	/// [`caduceus_primitives::TreatmentCheck`]: a grant to the organisation covers and no revoked
	/// grant was read on the way.
	///
	/// ## Complexity
	/// O(C) in the grants of the two pairs (≤ 2 × `MaxConsentsPerGrantee`), each revoked one
	/// with one more read.
	pub(crate) fn do_treated(
		patient: PatientId,
		organisation: OrgId,
		practitioner: &T::AccountId,
		at: Moment,
	) -> (bool, bool) {
		let revocations_read = core::cell::Cell::new(0u32);
		let covers = |grant: &GrantOf<T>| {
			let treatment = grant.purposes.contains(Purpose::Treatment)
				|| grant.purposes.contains(Purpose::EmergencyTreatment);
			let in_force = match grant.revoked_in {
				None => true,
				Some(_) => {
					revocations_read.set(revocations_read.get().saturating_add(1));
					RevokedAt::<T>::get(grant.id).is_some_and(|revoked| at < revoked)
				},
			};
			treatment && grant.valid_from <= at && at < grant.valid_until && in_force
		};
		// The fast path: a grant to the organisation covers, and no revoked grant was read
		// before it.
		if Consents::<T>::get(patient, Party::Organisation(organisation)).iter().any(covers) {
			return (true, revocations_read.get() == 0);
		}
		let treated = Consents::<T>::get(patient, Party::Practitioner(practitioner.clone()))
			.iter()
			.any(covers)
			|| ActiveEmergency::<T>::get(patient, practitioner)
				.and_then(|(id, _)| EmergencyAccesses::<T>::get(id))
				.is_some_and(|access| {
					access.organisation == organisation
						&& access.declared_at <= at
						&& at < access.ends_at
				});
		(treated, false)
	}
}
