//! Break-glass: emergency access declared by a practitioner, reviewed by a privacy officer.

use crate::*;
use caduceus_primitives::{OrgKind, Role, Standing};
use frame_support::ensure;
use sp_runtime::{traits::Saturating, DispatchResult};

impl<T: Config> Pallet<T> {
	/// The organisation of `practitioner` if it may break the glass: a physician or nurse in
	/// good standing at a hospital or clinic, not barred.
	fn emergency_provider(practitioner: &T::AccountId) -> Result<OrgId, Error<T>> {
		let info = T::Registry::practitioner(practitioner)
			.filter(|p| p.standing == Standing::Active)
			.ok_or(Error::<T>::NotAnActivePractitioner)?;
		let kind = T::Registry::organisation(info.organisation).map(|o| o.kind);
		ensure!(
			matches!(kind, Some(OrgKind::Hospital | OrgKind::Clinic))
				&& matches!(info.role, Role::Physician | Role::Nurse),
			Error::<T>::NotAnEmergencyProvider
		);
		ensure!(
			!EmergencyStandings::<T>::get(practitioner).barred,
			Error::<T>::EmergencyPrivilegeBarred
		);
		Ok(info.organisation)
	}

	pub(crate) fn do_declare_emergency_access(
		practitioner: T::AccountId,
		patient: PatientId,
		reason: EmergencyReason,
		justification: ContentHash,
	) -> DispatchResult {
		ensure!(T::Registry::is_patient(patient), Error::<T>::UnknownPatient);
		let organisation = Self::emergency_provider(&practitioner)?;
		let now = Self::now();
		ensure!(
			Self::running_emergency_at(patient, &practitioner, organisation, now).is_none(),
			Error::<T>::EmergencyAccessAlreadyActive
		);
		let id = NextEmergencyAccessId::<T>::get();
		NextEmergencyAccessId::<T>::put(id.saturating_add(1));
		let access = EmergencyAccess {
			patient,
			practitioner: practitioner.clone(),
			organisation,
			reason,
			justification,
			declared_at: now,
			ends_at: now.saturating_add(T::EmergencyAccessDuration::get()),
			review_due: now.saturating_add(T::EmergencyReviewPeriod::get()),
			overrode_block: Self::blocks_accessor(patient, &practitioner, Some(organisation)),
			review: None,
		};
		ActiveEmergency::<T>::insert(patient, &practitioner, (id, access.ends_at));
		let barred = EmergencyStandings::<T>::mutate(&practitioner, |standing| {
			standing.unreviewed.saturating_inc();
			standing.barred = standing.unreviewed >= T::MaxUnreviewedEmergencies::get();
			standing.barred
		});
		Self::record(
			patient,
			&practitioner,
			ConsentActivity::EmergencyAccessDeclared {
				access: id,
				practitioner: practitioner.clone(),
				organisation,
				overrode_block: access.overrode_block,
			},
		);
		Self::deposit_event(Event::EmergencyAccessDeclared {
			access: id,
			patient,
			practitioner,
			organisation,
			reason,
			justification,
			ends_at: access.ends_at,
			review_due: access.review_due,
			overrode_block: access.overrode_block,
		});
		if barred {
			Self::deposit_event(Event::EmergencyPrivilegeBarred {
				practitioner: access.practitioner.clone(),
			});
		}
		EmergencyAccesses::<T>::insert(id, access);
		Ok(())
	}

	/// Whether `officer` is an active privacy officer of `organisation`.
	fn is_privacy_officer(officer: &T::AccountId, organisation: OrgId) -> bool {
		T::Registry::practitioner(officer).is_some_and(|p| {
			p.organisation == organisation
				&& p.role == Role::PrivacyOfficer
				&& p.standing == Standing::Active
		})
	}

	pub(crate) fn do_review_emergency_access(
		officer: T::AccountId,
		id: EmergencyAccessId,
		verdict: Verdict,
		report: ContentHash,
	) -> DispatchResult {
		let now = Self::now();
		let access = EmergencyAccesses::<T>::try_mutate(id, |maybe_access| {
			let access = maybe_access.as_mut().ok_or(Error::<T>::UnknownEmergencyAccess)?;
			ensure!(access.review.is_none(), Error::<T>::AlreadyReviewed);
			ensure!(
				Self::is_privacy_officer(&officer, Self::reviewer_of(access.organisation)),
				Error::<T>::NotAPrivacyOfficer
			);
			ensure!(officer != access.practitioner, Error::<T>::SelfReview);
			if verdict == Verdict::Unjustified && now < access.ends_at {
				// An unjustified access stops now, not at the end of its window.
				access.ends_at = now;
				ActiveEmergency::<T>::mutate(access.patient, &access.practitioner, |latest| {
					if let Some((latest_id, ends_at)) = latest {
						if *latest_id == id {
							*ends_at = now;
						}
					}
				});
			}
			access.review = Some(EmergencyReview {
				officer: officer.clone(),
				verdict,
				report,
				reviewed_at: now,
				late: now > access.review_due,
			});
			Ok::<_, Error<T>>(access.clone())
		})?;
		Self::record(
			access.patient,
			&officer,
			ConsentActivity::EmergencyAccessReviewed { access: id, verdict },
		);
		Self::deposit_event(Event::EmergencyAccessReviewed {
			access: id,
			patient: access.patient,
			officer,
			verdict,
			late: now > access.review_due,
		});
		Self::count_review(&access.practitioner, verdict, now > access.review_due);
		Ok(())
	}

	/// The organisation whose privacy officers review `organisation`'s emergency accesses: the
	/// one the consortium named while it is active, else its own (a suspended reviewer must not
	/// leave accesses unreviewable, and late reviews count against the practitioner).
	pub(crate) fn reviewer_of(organisation: OrgId) -> OrgId {
		EmergencyReviewers::<T>::get(organisation)
			.filter(|reviewer| T::Registry::active_organisation(*reviewer).is_some())
			.unwrap_or(organisation)
	}

	pub(crate) fn do_set_emergency_reviewer(
		organisation: OrgId,
		reviewer: Option<OrgId>,
	) -> DispatchResult {
		ensure!(T::Registry::organisation(organisation).is_some(), Error::<T>::UnknownOrganisation);
		match reviewer {
			Some(reviewer) => {
				ensure!(reviewer != organisation, Error::<T>::SelfReviewer);
				ensure!(
					T::Registry::active_organisation(reviewer).is_some(),
					Error::<T>::ReviewerNotActive
				);
				EmergencyReviewers::<T>::insert(organisation, reviewer);
			},
			None => EmergencyReviewers::<T>::remove(organisation),
		}
		Self::deposit_event(Event::EmergencyReviewerSet { organisation, reviewer });
		Ok(())
	}

	/// Updates the practitioner's break-glass standing after a review: an unjustified access,
	/// or one whose review came after it was due, counts against them.
	fn count_review(practitioner: &T::AccountId, verdict: Verdict, late: bool) {
		let newly_barred = EmergencyStandings::<T>::mutate(practitioner, |standing| {
			standing.unreviewed.saturating_dec();
			if verdict == Verdict::Unjustified || late {
				standing.unjustified.saturating_inc();
			}
			let bar = standing.unjustified >= T::MaxUnjustifiedEmergencies::get();
			let newly_barred = bar && !standing.barred;
			standing.barred |= bar;
			newly_barred
		});
		if newly_barred {
			Self::deposit_event(Event::EmergencyPrivilegeBarred {
				practitioner: practitioner.clone(),
			});
		}
	}

	pub(crate) fn do_close_emergency_access(id: EmergencyAccessId) -> DispatchResult {
		let access = EmergencyAccesses::<T>::get(id).ok_or(Error::<T>::UnknownEmergencyAccess)?;
		ensure!(
			access.review.is_some() && Self::now() >= access.ends_at,
			Error::<T>::EmergencyAccessOpen
		);
		EmergencyAccesses::<T>::remove(id);
		if ActiveEmergency::<T>::get(access.patient, &access.practitioner)
			.is_some_and(|(latest, _)| latest == id)
		{
			ActiveEmergency::<T>::remove(access.patient, &access.practitioner);
		}
		Self::deposit_event(Event::EmergencyAccessClosed { access: id, patient: access.patient });
		Ok(())
	}

	pub(crate) fn do_restore_emergency_privilege(practitioner: T::AccountId) -> DispatchResult {
		EmergencyStandings::<T>::try_mutate(&practitioner, |standing| {
			ensure!(standing.barred, Error::<T>::NothingToClear);
			standing.barred = false;
			standing.unjustified = 0;
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::EmergencyPrivilegeRestored { practitioner });
		Ok(())
	}
}
