//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::*;
use alloc::collections::{BTreeMap, BTreeSet};
use frame_support::{ensure, traits::Get};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// - every record is under its hash, has a pointer unless erased, and none once erased;
	/// - every version chain runs from its first version through `superseded_by` links that
	///   `previous` links mirror, with versions 1, 2, 3..., without a cycle, and ends in one
	///   version that is not superseded; a chain is erased as a whole or not at all;
	/// - every kept audit-trail entry sits in its slot, and each trail keeps as many entries as
	///   its length says;
	/// - every trial's protocol chain is its own and its current protocol is the chain's end;
	///   its enrolment count matches its enrolments.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::check_records()?;
		Self::check_chains()?;
		Self::check_audit_trails()?;
		Self::check_trials()
	}

	fn check_records() -> Result<(), TryRuntimeError> {
		for (id, record) in Anchors::<T>::iter() {
			ensure!(id < NextRecordId::<T>::get(), "a record is beyond the next identifier");
			ensure!(
				HashAnchors::<T>::get(record.content_hash, record.subject.scope()) == Some(id),
				"a record is not under its hash"
			);
			ensure!(
				Pointers::<T>::contains_key(id) == record.erased_at.is_none(),
				"an erased record has a pointer, or a live one has none"
			);
		}
		for (content_hash, scope, id) in HashAnchors::<T>::iter() {
			let record = Anchors::<T>::get(id).ok_or("a hash names no record")?;
			ensure!(
				record.content_hash == content_hash && record.subject.scope() == scope,
				"a hash names a record of another hash or subject"
			);
		}
		for (id, _) in Pointers::<T>::iter() {
			ensure!(Anchors::<T>::contains_key(id), "a pointer belongs to no record");
		}
		Ok(())
	}

	fn check_chains() -> Result<(), TryRuntimeError> {
		let mut in_a_chain = BTreeSet::new();
		for (first, record) in Anchors::<T>::iter().filter(|(id, r)| r.first_version == *id) {
			ensure!(
				record.version == 1 && record.previous.is_none(),
				"a first version is not first"
			);
			let (mut id, mut current) = (first, record);
			loop {
				ensure!(in_a_chain.insert(id), "a version chain has a cycle or shares a version");
				ensure!(
					current.erased_at.is_some()
						== Anchors::<T>::get(first).and_then(|r| r.erased_at).is_some(),
					"a chain is only partly erased"
				);
				let Some(next) = current.superseded_by else { break };
				let successor =
					Anchors::<T>::get(next).ok_or("a record is superseded by nothing")?;
				ensure!(
					successor.previous == Some(id)
						&& successor.first_version == first
						&& successor.version == current.version + 1
						&& successor.subject == current.subject,
					"a version does not follow the one it supersedes"
				);
				ensure!(successor.version <= T::MaxVersions::get(), "a chain is too long");
				(id, current) = (next, successor);
			}
		}
		ensure!(
			in_a_chain.len() == Anchors::<T>::iter_keys().count(),
			"a record is in no chain from a first version"
		);
		Ok(())
	}

	fn check_audit_trails() -> Result<(), TryRuntimeError> {
		let capacity = T::MaxAuditPerPatient::get();
		let mut kept: BTreeMap<PatientId, u64> = BTreeMap::new();
		for (patient, slot, entry) in AuditTrail::<T>::iter() {
			let length = AuditLength::<T>::get(patient);
			caduceus_primitives::log::check_entry(entry.sequence, slot, length, capacity)?;
			*kept.entry(patient).or_default() += 1;
		}
		for (patient, length) in AuditLength::<T>::iter() {
			ensure!(
				kept.remove(&patient).unwrap_or(0)
					== caduceus_primitives::log::kept(length, capacity),
				"an audit trail keeps the wrong number of entries"
			);
		}
		ensure!(kept.is_empty(), "an audit trail has entries but no length");
		Ok(())
	}

	fn check_trials() -> Result<(), TryRuntimeError> {
		for (id, trial) in Trials::<T>::iter() {
			let protocol =
				Anchors::<T>::get(trial.first_protocol).ok_or("a trial has no protocol")?;
			ensure!(
				protocol.subject == Subject::TrialProtocol(id)
					&& protocol.first_version == trial.first_protocol,
				"a trial's protocol is another's, or not a first version"
			);
			ensure!(
				Self::version_ids(trial.first_protocol).last() == Some(&trial.current_protocol),
				"a trial's current protocol is not its latest version"
			);
			let protocols = Self::version_ids(trial.first_protocol);
			let mut enrolled = 0u32;
			for (_, enrolment) in Enrolments::<T>::iter_prefix(id) {
				ensure!(
					protocols.contains(&enrolment.protocol),
					"an enrolment names another protocol"
				);
				ensure!(
					trial.first_enrolment_at.is_some_and(|first| first <= enrolment.at),
					"an enrolment precedes the trial's first"
				);
				enrolled += 1;
			}
			ensure!(enrolled == trial.enrolled, "a trial's enrolment count is wrong");
			ensure!(
				trial.first_enrolment_at.is_some() == (trial.enrolled > 0),
				"a trial's first enrolment time disagrees with its count"
			);
			let results = Anchors::<T>::iter_values()
				.filter(|record| {
					matches!(record.subject, Subject::TrialResults { trial, .. } if trial == id)
						&& record.version == 1
				})
				.count() as u32;
			ensure!(results == trial.results, "a trial's results count is wrong");
		}
		Ok(())
	}
}
