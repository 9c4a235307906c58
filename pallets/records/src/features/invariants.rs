//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::*;
use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use frame_support::{ensure, traits::Get};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// - every record is under its hash, has a pointer unless erased, and none once erased;
	/// - every version chain runs from its first version through `superseded_by` links that
	///   `previous` links mirror, with versions 1, 2, 3..., without a cycle, and ends in one
	///   version that is not superseded; a chain is erased as a whole or not at all;
	/// - every audit trail and its indexes by actor and organisation keep exactly the sequence
	///   numbers their ends say, in time order, with the oldest entry's time in the ends, and
	///   each index points to its own entries;
	/// - every anchored hash's origin names its first anchor and its first by an organisation;
	/// - every trial's protocol chain is its own and its current protocol is the chain's end;
	///   its enrolment count matches its enrolments.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::check_records()?;
		Self::check_chains()?;
		Self::check_audit_trails()?;
		Self::check_hash_origins()?;
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
		Self::check_lists()
	}

	/// Every record is listed under its patient or trial, and nothing else is.
	fn check_lists() -> Result<(), TryRuntimeError> {
		use caduceus_primitives::paging::NewestFirstKey;
		use sp_runtime::Saturating;
		let mut records = 0usize;
		for (id, record) in Anchors::<T>::iter() {
			records.saturating_inc();
			ensure!(
				RecordsOf::<T>::contains_key(record.subject.scope(), NewestFirstKey::of(id)),
				"a record is not listed under its subject"
			);
		}
		ensure!(
			RecordsOf::<T>::iter_keys().count() == records,
			"a list names a record not its own"
		);
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
						&& Some(successor.version) == current.version.checked_add(1)
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

	/// Every trail and index keeps exactly the sequence numbers its ends say, in time order,
	/// and its ends the oldest entry's time; each index entry points to the trail entry of its
	/// actor or organisation, unless that entry has expired; no accessor wrote more than their
	/// daily entries.
	fn check_audit_trails() -> Result<(), TryRuntimeError> {
		use caduceus_primitives::retained_log::check;
		let mut trails: BTreeMap<PatientId, Vec<(u64, AuditEntryOf<T>)>> = BTreeMap::new();
		for (patient, sequence, entry) in AuditTrail::<T>::iter() {
			ensure!(entry.sequence == sequence, "an audit entry is under another sequence number");
			trails.entry(patient).or_default().push((sequence, entry));
		}
		for (patient, ends) in AuditEnds::<T>::iter() {
			check(ends, trails.remove(&patient).unwrap_or_default())?;
		}
		ensure!(trails.is_empty(), "an audit trail has entries but no ends");

		let mut actors: BTreeMap<T::AccountId, Vec<(u64, TrailRef)>> = BTreeMap::new();
		for (actor, position, reference) in ActorTrail::<T>::iter() {
			if let Some(entry) = AuditTrail::<T>::get(reference.patient, reference.sequence) {
				ensure!(entry.actor == actor, "an actor's index names another's entry");
			}
			actors.entry(actor).or_default().push((position, reference));
		}
		for (actor, ends) in ActorTrailEnds::<T>::iter() {
			check(ends, actors.remove(&actor).unwrap_or_default())?;
		}
		ensure!(actors.is_empty(), "an actor's index has entries but no ends");

		let mut organisations: BTreeMap<OrgId, Vec<(u64, TrailRef)>> = BTreeMap::new();
		for (organisation, position, reference) in OrganisationTrail::<T>::iter() {
			if let Some(entry) = AuditTrail::<T>::get(reference.patient, reference.sequence) {
				ensure!(
					entry.organisation == Some(organisation),
					"an organisation's index names another's entry"
				);
			}
			organisations.entry(organisation).or_default().push((position, reference));
		}
		for (organisation, ends) in OrganisationTrailEnds::<T>::iter() {
			check(ends, organisations.remove(&organisation).unwrap_or_default())?;
		}
		ensure!(organisations.is_empty(), "an organisation's index has entries but no ends");

		for (_, _, tally) in AccessTallies::<T>::iter() {
			ensure!(
				tally.entries <= T::MaxAuditPerAccessorPerDay::get(),
				"an accessor wrote more than their daily entries"
			);
		}
		Ok(())
	}

	/// Each anchored hash's origin names its first anchor and its first by an organisation.
	fn check_hash_origins() -> Result<(), TryRuntimeError> {
		let mut expected: BTreeMap<ContentHash, HashOrigin> = BTreeMap::new();
		let mut records: Vec<_> = Anchors::<T>::iter().collect();
		records.sort_by_key(|(id, _)| *id);
		for (id, record) in records {
			let authored = record.author_organisation.map(|_| id);
			expected
				.entry(record.content_hash)
				.and_modify(|origin| origin.authored = origin.authored.or(authored))
				.or_insert(HashOrigin { first: id, authored });
		}
		ensure!(
			HashOrigins::<T>::iter().collect::<BTreeMap<_, _>>() == expected,
			"a hash's origin is not its first anchor"
		);
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
				enrolled = enrolled.saturating_add(1);
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
