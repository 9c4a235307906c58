//! Requests to read a record, and the patient's audit trail they are written to: append-only,
//! kept for `AuditRetention`, indexed by actor and by organisation, and bounded per accessor
//! and day so that no one can wipe or swamp someone else's evidence.

use crate::*;
use caduceus_primitives::{
	retained_log, AccessDenial, AccessGround, Action, ConsentVerifier, Purpose, Registry, Standing,
	DAY_MS,
};
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{
		fungible::Mutate,
		tokens::{Fortitude, Precision, Preservation},
		Get,
	},
	weights::Weight,
};
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// What a request costs when each audit log removed `pruned` expired entries and its consent
	/// check cost `check` beyond the fast path that the request's benchmark takes.
	pub(crate) fn request_access_weight(pruned: u32, check: Weight) -> Weight {
		T::WeightInfo::request_access(pruned).saturating_add(check)
	}

	/// Asks the consent pallet whether practitioner `accessor` may read `record` for `purpose`
	/// and writes the answer to the patient's trail, granted or denied; refuses, with an event
	/// and no entry, an account that may not act as a practitioner now. Returns the request's
	/// weight by the way it went: the expired entries its logs removed and its consent check's
	/// path.
	pub(crate) fn do_request_access(
		accessor: T::AccountId,
		id: RecordId,
		purpose: Purpose,
	) -> Result<Weight, DispatchError> {
		let record = Anchors::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		let (patient, category) = record.patient().ok_or(Error::<T>::NotAPatientRecord)?;
		ensure!(record.erased_at.is_none(), Error::<T>::RecordErased);
		let organisation = match Self::acting_practitioner(&accessor) {
			Ok(organisation) => organisation,
			Err(reason) => {
				Self::deposit_event(Event::AccessRefused { record: id, patient, accessor, reason });
				return Ok(Self::request_access_weight(0, Weight::zero()));
			},
		};
		let check = T::ConsentVerifier::check(patient, &accessor, category, purpose, Action::Read);
		let outcome = check.answer;
		let pruned = Self::log_request(patient, &accessor, organisation, id, purpose, outcome)?;
		Self::deposit_event(match outcome {
			Ok(ground) => Event::AccessGranted {
				record: id,
				patient,
				accessor,
				organisation,
				purpose,
				ground,
			},
			Err(reason) => {
				Event::AccessDenied { record: id, patient, accessor, organisation, purpose, reason }
			},
		});
		Ok(Self::request_access_weight(pruned, check.weight_beyond_fast_path))
	}

	/// The organisation `who` acts for as an active practitioner, or why they may not ask.
	fn acting_practitioner(who: &T::AccountId) -> Result<OrgId, Refusal> {
		let practitioner = T::Registry::practitioner(who).ok_or(Refusal::NotAPractitioner)?;
		match practitioner.standing {
			Standing::Active => Ok(practitioner.organisation),
			Standing::AttestationLapsed => Err(Refusal::AttestationLapsed),
			Standing::OrganisationInactive => Err(Refusal::OrganisationInactive),
		}
	}

	/// Writes a request's outcome to the patient's trail within the accessor's daily bound:
	/// a new entry (paid for) while the day's entries last; then a granted access is refused
	/// and denials are counted in the day's one `FurtherDenials` entry. Returns the most expired
	/// entries any one log removed (none when only a count went up), on which its weight
	/// depends.
	fn log_request(
		patient: PatientId,
		accessor: &T::AccountId,
		organisation: OrgId,
		record: RecordId,
		purpose: Purpose,
		outcome: Result<AccessGround, AccessDenial>,
	) -> Result<u32, DispatchError> {
		let today = Self::now().saturating_div(DAY_MS) as u32;
		let mut tally = AccessTallies::<T>::get(patient, accessor);
		if tally.day != today {
			tally = AccessTally { day: today, ..Default::default() };
		}
		let event = match outcome {
			Ok(ground) => AuditEvent::AccessGranted { record, purpose, ground },
			Err(reason) => AuditEvent::AccessDenied { record, purpose, reason },
		};
		let mut pruned = 0;
		if let Ok(AccessGround::Emergency(_)) = outcome {
			// Break-glass is never refused for want of funds or of entries: life first. It is
			// written (and paid for if the practitioner can) outside the daily bound, which the
			// emergency access's own window and review bound instead.
			let _ = Self::charge_audit_fee(accessor);
			pruned = Self::log(patient, accessor, Some(organisation), event).pruned;
		} else if tally.entries < T::MaxAuditPerAccessorPerDay::get() {
			Self::charge_audit_fee(accessor)?;
			pruned = Self::log(patient, accessor, Some(organisation), event).pruned;
			// Below the daily bound (checked above), so never saturates.
			tally.entries = tally.entries.saturating_add(1);
		} else {
			ensure!(outcome.is_err(), Error::<T>::DailyAccessLimitReached);
			if !tally.further_denials.is_some_and(|sequence| Self::count_denial(patient, sequence))
			{
				Self::charge_audit_fee(accessor)?;
				let further = AuditEvent::FurtherDenials { attempts: 1 };
				let logged = Self::log(patient, accessor, Some(organisation), further);
				(tally.further_denials, pruned) = (Some(logged.sequence), logged.pruned);
			}
		}
		AccessTallies::<T>::insert(patient, accessor, tally);
		Ok(pruned)
	}

	/// Counts one more denial in `patient`'s `FurtherDenials` entry `sequence`; false if it
	/// is not there.
	fn count_denial(patient: PatientId, sequence: u64) -> bool {
		AuditTrail::<T>::mutate(patient, sequence, |entry| match entry {
			Some(AuditEntry { event: AuditEvent::FurtherDenials { attempts }, .. }) => {
				*attempts = attempts.saturating_add(1);
				true
			},
			_ => false,
		})
	}

	/// Burns the audit-entry fee from `payer`, who keeps their account alive.
	fn charge_audit_fee(payer: &T::AccountId) -> DispatchResult {
		T::Currency::burn_from(
			payer,
			T::AuditEntryFee::get(),
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::CannotPayAuditFee)?;
		Ok(())
	}

	/// Appends `event` by `actor` (acting for `organisation`) to `patient`'s audit trail and to
	/// the actor's and organisation's indexes, after removing a few entries older than
	/// `AuditRetention` from each. Returns the entry's sequence number in the trail and the most
	/// entries removed from any one of the three logs (what the call's weight depends on).
	pub(crate) fn log(
		patient: PatientId,
		actor: &T::AccountId,
		organisation: Option<OrgId>,
		event: AuditEvent,
	) -> retained_log::Appended {
		let now = Self::now();
		let retention = T::AuditRetention::get();
		let trail = retained_log::append::<AuditTrail<T>, AuditEnds<T>, _, _>(
			patient,
			now,
			retention,
			|sequence| AuditEntry {
				sequence,
				at: now,
				block: frame_system::Pallet::<T>::block_number(),
				actor: actor.clone(),
				organisation,
				event,
			},
		);
		let reference = TrailRef { patient, sequence: trail.sequence, at: now };
		let by_actor = retained_log::append::<ActorTrail<T>, ActorTrailEnds<T>, _, _>(
			actor.clone(),
			now,
			retention,
			|_| reference,
		);
		let by_organisation = organisation.map(|organisation| {
			retained_log::append::<OrganisationTrail<T>, OrganisationTrailEnds<T>, _, _>(
				organisation,
				now,
				retention,
				|_| reference,
			)
		});
		let pruned = [Some(by_actor), by_organisation]
			.into_iter()
			.flatten()
			.fold(trail.pruned, |most, appended| most.max(appended.pruned));
		retained_log::Appended { sequence: trail.sequence, pruned }
	}
}
