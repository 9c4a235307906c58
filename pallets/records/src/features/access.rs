//! Requests to read a record, and the patient's audit trail they are written to.

use crate::*;
use caduceus_primitives::{Action, ConsentVerifier, Purpose, Registry};
use frame_support::{dispatch::DispatchResult, ensure, traits::Get};

impl<T: Config> Pallet<T> {
	/// Asks the consent pallet whether practitioner `accessor` may read `record` for `purpose`
	/// and writes the answer to the patient's trail, granted or denied.
	pub(crate) fn do_request_access(
		accessor: T::AccountId,
		id: RecordId,
		purpose: Purpose,
	) -> DispatchResult {
		let record = Anchors::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		let (patient, category) = record.patient().ok_or(Error::<T>::NotAPatientRecord)?;
		ensure!(record.erased_at.is_none(), Error::<T>::RecordErased);
		let organisation =
			T::Registry::practitioner(&accessor).ok_or(Error::<T>::NotAPractitioner)?.organisation;
		let outcome =
			T::ConsentVerifier::check(patient, &accessor, category, purpose, Action::Read);
		let (entry, event) = match outcome {
			Ok(ground) => (
				AuditEvent::AccessGranted { record: id, purpose, ground },
				Event::AccessGranted {
					record: id,
					patient,
					accessor: accessor.clone(),
					organisation,
					purpose,
					ground,
				},
			),
			Err(reason) => (
				AuditEvent::AccessDenied { record: id, purpose, reason },
				Event::AccessDenied {
					record: id,
					patient,
					accessor: accessor.clone(),
					organisation,
					purpose,
					reason,
				},
			),
		};
		Self::log(patient, &accessor, Some(organisation), entry);
		Self::deposit_event(event);
		Ok(())
	}

	/// Appends `event` by `actor` (acting for `organisation`) to `patient`'s audit trail,
	/// overwriting the oldest entry once `MaxAuditPerPatient` are kept.
	pub(crate) fn log(
		patient: PatientId,
		actor: &T::AccountId,
		organisation: Option<OrgId>,
		event: AuditEvent,
	) {
		caduceus_primitives::log::append::<AuditTrail<T>, AuditLength<T>, _, _>(
			patient,
			T::MaxAuditPerPatient::get(),
			|sequence| AuditEntry {
				sequence,
				at: Self::now(),
				block: frame_system::Pallet::<T>::block_number(),
				actor: actor.clone(),
				organisation,
				event,
			},
		);
	}
}
