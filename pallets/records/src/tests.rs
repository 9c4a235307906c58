//! What callers see: each call's success and each of its errors, the audit trail and the
//! integrity check.

use crate::{mock::*, *};
use caduceus_primitives::{
	doubles::{slot, TestConsent, TestRegistry},
	retained_log::{LogEnds, RetainedEnds},
	AccessDenial, Action, DataCategories, DataCategory, OrgKind, OrgStatus, Purpose, QueryError,
	RecordInfo, RecordRegistry, RecordStatus, Role, Standing,
};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::{AccountId32, DispatchError};

type Error = crate::Error<Test>;
type Event = crate::Event<Test>;

fn signed(who: &AccountId32) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

/// The physician anchors lab results `n` of the patient; the record's identifier.
fn anchored(n: u8) -> RecordId {
	assert_ok!(Records::anchor(
		signed(&physician()),
		document(PATIENT, DataCategory::LabResults, n)
	));
	NextRecordId::<Test>::get() - 1
}

/// The patient's audit trail, as the read API pages it.
fn trail() -> alloc::vec::Vec<AuditEvent> {
	Records::audit_page(PATIENT, 0, 10).unwrap().into_iter().map(|entry| entry.event).collect()
}

/// The one record `hash(n)` was anchored as.
fn anchor_of(n: u8) -> Option<RecordId> {
	let anchors = Records::verify_document(hash(n), None).anchors;
	assert!(anchors.len() <= 1, "one anchor of the hash");
	anchors.first().map(|anchor| anchor.record)
}

/// Where the one record `hash(n)` was anchored as stands.
fn verified(n: u8) -> DocumentStatusOf<Test> {
	let mut anchors = Records::verify_document(hash(n), None).anchors;
	assert_eq!(anchors.len(), 1, "one anchor of the hash");
	anchors.pop().unwrap()
}

fn last_event() -> Event {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Records(event) => Some(event),
			_ => None,
		})
		.next_back()
		.expect("an event of the pallet")
}

/// Rewrites every record as storage versions 1 to 3 kept it, with a FHIR resource type.
fn as_written_before_version_4() {
	use codec::Encode;
	for (id, record) in Anchors::<Test>::iter().collect::<alloc::vec::Vec<_>>() {
		let old = crate::migrations::v4::v3::Record {
			subject: record.subject,
			content_hash: record.content_hash,
			resource_type: b"Immunization".to_vec().try_into().unwrap(),
			author: record.author,
			author_organisation: record.author_organisation,
			anchored_at: record.anchored_at,
			anchored_in: record.anchored_in,
			first_version: record.first_version,
			version: record.version,
			previous: record.previous,
			superseded_by: record.superseded_by,
			erased_at: record.erased_at,
		};
		frame_support::storage::unhashed::put_raw(
			&Anchors::<Test>::hashed_key_for(id),
			&old.encode(),
		);
	}
}

/// Rewrites every audit log's ends as version 4 and before kept them, without the oldest
/// entry's time.
fn as_written_before_version_5() {
	use crate::migrations::v5::v4;
	for (patient, ends) in AuditEnds::<Test>::drain().collect::<alloc::vec::Vec<_>>() {
		v4::AuditEnds::<Test>::insert(patient, ends.ends());
	}
	for (actor, ends) in ActorTrailEnds::<Test>::drain().collect::<alloc::vec::Vec<_>>() {
		v4::ActorTrailEnds::<Test>::insert(actor, ends.ends());
	}
	for (organisation, ends) in
		OrganisationTrailEnds::<Test>::drain().collect::<alloc::vec::Vec<_>>()
	{
		v4::OrganisationTrailEnds::<Test>::insert(organisation, ends.ends());
	}
}

fn categories(of: &[DataCategory]) -> DataCategories {
	DataCategories::of(of)
}

/// The sponsor's researcher registers a trial collecting lab results; its identifier.
fn registered_trial() -> TrialId {
	assert_ok!(Records::register_trial(
		signed(&researcher()),
		hash(100),
		pointer(100),
		categories(&[DataCategory::LabResults]),
	));
	NextTrialId::<Test>::get() - 1
}

mod anchoring {
	use super::*;

	#[test]
	fn copies_anchored_by_patients_cannot_hide_the_genuine_anchor() {
		run(|| {
			let genuine = anchored(1);
			// Thirty self-registered patients anchor the copied hash as their own.
			for n in 0..30u8 {
				let account = AccountId32::new([100 + n; 32]);
				TestRegistry::set_patient(&account, 100 + u64::from(n));
				assert_ok!(Records::anchor(
					signed(&account),
					document(100 + u64::from(n), DataCategory::LabResults, 1)
				));
			}
			let page = Records::verify_document(hash(1), None);
			assert_eq!(page.anchors.first().map(|status| status.record), Some(genuine));
			assert!(!page.anchors[0].copy);
			// Every other anchor is a copy, and the cursor reaches each one once.
			let mut seen =
				page.anchors.iter().skip(1).map(|s| s.record).collect::<alloc::vec::Vec<_>>();
			assert!(page.anchors.iter().skip(1).all(|status| status.copy));
			assert_eq!(page.anchors.len(), 10, "MaxPageSize");
			let mut next = page.next;
			while let Some(after) = next {
				let page = Records::verify_document(hash(1), Some(after));
				assert!(page.anchors.iter().all(|status| status.copy && status.record != genuine));
				seen.extend(page.anchors.iter().map(|status| status.record));
				next = page.next;
			}
			seen.sort();
			assert_eq!(seen, (1..=30).collect::<alloc::vec::Vec<_>>());
		});
	}

	#[test]
	fn a_patients_own_first_anchor_is_not_a_copy() {
		run(|| {
			assert_ok!(Records::anchor(
				signed(&patient()),
				document(PATIENT, DataCategory::LabResults, 1)
			));
			assert!(!verified(1).copy);
		});
	}

	#[test]
	fn a_practitioner_with_write_consent_anchors_for_their_organisation() {
		run(|| {
			let record = anchored(1);
			let stored = Anchors::<Test>::get(record).unwrap();
			assert_eq!(
				stored.subject,
				Subject::Patient { patient: PATIENT, category: slot(DataCategory::LabResults) }
			);
			assert_eq!(stored.author, physician());
			assert_eq!(stored.author_organisation, Some(HOSPITAL));
			assert_eq!(
				(stored.anchored_at, stored.version, stored.status()),
				(START, 1, RecordStatus::Current)
			);
			assert_eq!(Pointers::<Test>::get(record), Some(pointer(1)));
			assert_eq!(anchor_of(1), Some(record));
			assert_eq!(
				last_event(),
				Event::RecordAnchored {
					record,
					subject: stored.subject,
					content_hash: hash(1),
					author: physician(),
					author_organisation: Some(HOSPITAL),
					at: START,
				}
			);
			assert_eq!(
				trail(),
				vec![AuditEvent::Anchored { record, category: slot(DataCategory::LabResults) }]
			);
		});
	}

	#[test]
	fn the_patient_and_a_records_guardian_anchor_own_data_without_consent() {
		run(|| {
			for (who, n) in [(patient(), 1), (guardian(), 2)] {
				assert_ok!(Records::anchor(
					signed(&who),
					document(PATIENT, DataCategory::Encounters, n)
				));
				let record = Anchors::<Test>::get(NextRecordId::<Test>::get() - 1).unwrap();
				assert_eq!((record.author, record.author_organisation), (who, None));
			}
			assert_eq!(TestConsent::checks(), 0, "own data needs no consent");
		});
	}

	#[test]
	fn a_consent_only_guardian_or_a_stranger_cannot_anchor() {
		run(|| {
			for who in [consent_guardian(), stranger(), other_patient()] {
				assert_noop!(
					Records::anchor(signed(&who), document(PATIENT, DataCategory::LabResults, 1)),
					Error::NotPatientOrPractitioner
				);
			}
		});
	}

	#[test]
	fn a_practitioner_without_write_consent_is_refused_with_the_reason() {
		run(|| {
			assert_noop!(
				Records::anchor(
					signed(&colleague()),
					document(PATIENT, DataCategory::LabResults, 1)
				),
				Error::WriteDenied(AccessDenial::NoConsent)
			);
			TestConsent::deny(PATIENT, &physician(), AccessDenial::Revoked);
			assert_noop!(
				Records::anchor(
					signed(&physician()),
					document(PATIENT, DataCategory::LabResults, 1)
				),
				Error::WriteDenied(AccessDenial::Revoked)
			);
		});
	}

	#[test]
	fn bad_documents_are_refused() {
		run(|| {
			assert_noop!(
				Records::anchor(signed(&physician()), document(99, DataCategory::LabResults, 1)),
				Error::UnknownPatient
			);
			let mut empty_pointer = document(PATIENT, DataCategory::LabResults, 1);
			empty_pointer.pointer = Default::default();
			assert_noop!(Records::anchor(signed(&physician()), empty_pointer), Error::EmptyPointer);
			anchored(1);
			assert_noop!(
				Records::anchor(signed(&patient()), document(PATIENT, DataCategory::Encounters, 1)),
				Error::HashAlreadyAnchored
			);
		});
	}

	#[test]
	fn the_write_is_checked_for_the_documents_category_for_treatment() {
		run(|| {
			anchored(1);
			assert_eq!(
				TestConsent::questions(),
				vec![(
					PATIENT,
					Some(slot(DataCategory::LabResults)),
					Purpose::Treatment,
					Action::Write
				)]
			);
		});
	}

	#[test]
	fn a_hash_copied_to_another_patient_neither_blocks_nor_hides_the_genuine_anchor() {
		run(|| {
			// The other patient saw the hash in the pool and anchors it first, as their own.
			assert_ok!(Records::anchor(
				signed(&other_patient()),
				document(OTHER_PATIENT, DataCategory::LabResults, 1)
			));
			let genuine = anchored(1);
			let page = Records::verify_document(hash(1), None);
			assert_eq!(page.next, None);
			let answer: alloc::vec::Vec<_> =
				page.anchors.iter().map(|status| (status.record, status.copy)).collect();
			// The organisation's anchor first; the patient's earlier one is a copy.
			assert_eq!(answer, vec![(genuine, false), (0, true)]);
			// For the same patient the hash is taken, whatever the category.
			assert_noop!(
				Records::anchor(signed(&patient()), document(PATIENT, DataCategory::Encounters, 1)),
				Error::HashAlreadyAnchored
			);
		});
	}

	#[test]
	fn a_batch_anchors_every_document_in_one_call() {
		run(|| {
			let batch: BoundedVec<_, _> = (1..=4)
				.map(|n| document(PATIENT, DataCategory::LabResults, n))
				.collect::<alloc::vec::Vec<_>>()
				.try_into()
				.unwrap();
			assert_ok!(Records::anchor_batch(signed(&lab_technician()), batch));
			assert_eq!(NextRecordId::<Test>::get(), 4);
			for n in 1..=4u8 {
				let record = anchor_of(n).unwrap();
				assert_eq!(Anchors::<Test>::get(record).unwrap().author_organisation, Some(LAB));
			}
			assert_eq!(trail().len(), 4);
			assert_eq!(TestConsent::checks(), 4, "one consent check per document");
		});
	}

	#[test]
	fn a_batch_with_one_refused_document_anchors_none() {
		run(|| {
			let batch: BoundedVec<_, _> = alloc::vec![
				document(PATIENT, DataCategory::LabResults, 1),
				document(OTHER_PATIENT, DataCategory::LabResults, 2),
			]
			.try_into()
			.unwrap();
			assert_noop!(
				Records::anchor_batch(signed(&lab_technician()), batch),
				Error::WriteDenied(AccessDenial::NoConsent)
			);
			let duplicate: BoundedVec<_, _> = alloc::vec![
				document(PATIENT, DataCategory::LabResults, 1),
				document(PATIENT, DataCategory::LabResults, 1),
			]
			.try_into()
			.unwrap();
			assert_noop!(
				Records::anchor_batch(signed(&lab_technician()), duplicate),
				Error::HashAlreadyAnchored
			);
			assert_noop!(
				Records::anchor_batch(signed(&lab_technician()), Default::default()),
				Error::EmptyBatch
			);
		});
	}

	#[test]
	fn unsigned_calls_are_refused() {
		run(|| {
			assert_noop!(
				Records::anchor(
					RuntimeOrigin::none(),
					document(PATIENT, DataCategory::LabResults, 1)
				),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Records::request_access(RuntimeOrigin::root(), 0, Purpose::Treatment),
				DispatchError::BadOrigin
			);
		});
	}
}

/// What every member's node holds about a patient's documents: no clue to what they are.
mod privacy {
	use super::*;
	use codec::Encode;

	/// Every byte the chain holds after the calls: every storage value with its key, and every
	/// event.
	fn everything_a_member_reads() -> alloc::vec::Vec<u8> {
		let mut bytes = alloc::vec::Vec::new();
		let mut key = alloc::vec::Vec::new();
		while let Some(next) = sp_io::storage::next_key(&key) {
			bytes.extend_from_slice(&next);
			bytes.extend(sp_io::storage::get(&next).unwrap_or_default().to_vec());
			key = next;
		}
		for record in System::events() {
			bytes.extend(record.event.encode());
		}
		bytes
	}

	/// The attack: an immunisation, an imaging study or a prescription anchored for a patient
	/// told every member which kind of document the patient has (and so which kind of care), by
	/// its FHIR resource type in clear next to the patient and the category slot, in the record
	/// and in its event (storage version 3). The type is in the encrypted document, for those who
	/// may read it: the chain gets the document's salted hash, and its pointer, encrypted.
	#[test]
	fn no_member_learns_which_kind_of_document_a_patient_has() {
		use caduceus_primitives::salted::document_hash;
		run(|| {
			let fhir_types = ["Immunization", "ImagingStudy", "MedicationRequest"];
			for (n, fhir_type) in fhir_types.iter().enumerate() {
				let fhir = alloc::format!(r#"{{"resourceType":"{fhir_type}","id":"{n}"}}"#);
				let mut document = document(PATIENT, DataCategory::LabResults, n as u8 + 1);
				document.content_hash = document_hash(&[n as u8; 32], fhir.as_bytes());
				assert_ok!(Records::anchor(signed(&physician()), document));
			}
			let held = everything_a_member_reads();
			for fhir_type in fhir_types {
				assert!(
					!held.windows(fhir_type.len()).any(|window| window == fhir_type.as_bytes()),
					"{fhir_type} is on chain next to patient {PATIENT}"
				);
			}
		});
	}
}

mod versions {
	use super::*;

	#[test]
	fn the_authoring_organisation_anchors_a_new_version_and_the_chain_is_readable() {
		run(|| {
			let first = anchored(1);
			advance(1_000);
			// Another physician of the same hospital with consent amends.
			TestConsent::permit(PATIENT, &colleague(), CONSENT);
			assert_ok!(Records::amend(signed(&colleague()), first, hash(2), pointer(2)));
			let second = NextRecordId::<Test>::get() - 1;
			let old = Anchors::<Test>::get(first).unwrap();
			let new = Anchors::<Test>::get(second).unwrap();
			assert_eq!((old.superseded_by, old.status()), (Some(second), RecordStatus::Superseded));
			assert_eq!((new.previous, new.version, new.first_version), (Some(first), 2, first));
			assert_eq!(
				(new.author, new.author_organisation, new.anchored_at),
				(colleague(), Some(HOSPITAL), START + 1_000)
			);
			assert_eq!(
				last_event(),
				Event::RecordAmended {
					record: second,
					previous: first,
					version: 2,
					subject: new.subject,
					content_hash: hash(2),
					author: colleague(),
					at: START + 1_000,
				}
			);
			let chain: alloc::vec::Vec<_> =
				Records::versions(second).into_iter().map(|v| v.id).collect();
			assert_eq!(chain, vec![first, second]);
			assert_eq!(Records::versions(first).len(), 2, "readable from any version");
			assert_eq!(trail()[1], AuditEvent::Amended { record: second, previous: first });
		});
	}

	#[test]
	fn the_patient_amends_what_the_patient_anchored() {
		run(|| {
			assert_ok!(Records::anchor(
				signed(&patient()),
				document(PATIENT, DataCategory::Encounters, 1)
			));
			assert_ok!(Records::amend(signed(&guardian()), 0, hash(2), pointer(2)));
			assert_eq!(Anchors::<Test>::get(1).unwrap().author_organisation, None);
			assert_noop!(
				Records::amend(signed(&physician()), 1, hash(3), pointer(3)),
				Error::NotTheAuthor
			);
		});
	}

	#[test]
	fn only_the_author_may_amend() {
		run(|| {
			let record = anchored(1);
			// Another organisation, even with consent; the patient, for a hospital's record.
			assert_noop!(
				Records::amend(signed(&lab_technician()), record, hash(2), pointer(2)),
				Error::NotTheAuthor
			);
			assert_noop!(
				Records::amend(signed(&patient()), record, hash(2), pointer(2)),
				Error::NotTheAuthor
			);
			assert_noop!(
				Records::amend(signed(&stranger()), record, hash(2), pointer(2)),
				Error::NotTheAuthor
			);
			// The author's colleague without write consent: the consent decides.
			assert_noop!(
				Records::amend(signed(&colleague()), record, hash(2), pointer(2)),
				Error::WriteDenied(AccessDenial::NoConsent)
			);
		});
	}

	/// Attack: the patient, or their records guardian, is also on the authoring hospital's
	/// staff and supersedes its record without write consent (as the patient, whom no consent
	/// check asks); the forged version then stands as the hospital's.
	#[test]
	fn a_patient_or_guardian_on_the_hospital_staff_cannot_amend_its_record_without_consent() {
		run(|| {
			let record = anchored(1);
			for who in [patient(), guardian()] {
				TestRegistry::set_practitioner(&who, HOSPITAL, Role::Nurse, Standing::Active);
				assert_noop!(
					Records::amend(signed(&who), record, hash(2), pointer(2)),
					Error::WriteDenied(AccessDenial::NoConsent)
				);
			}
			// With the patient's write consent, as any colleague.
			TestConsent::permit(PATIENT, &patient(), CONSENT);
			assert_ok!(Records::amend(signed(&patient()), record, hash(2), pointer(2)));
		});
	}

	#[test]
	fn only_a_live_current_version_with_room_left_is_amended() {
		run(|| {
			assert_noop!(
				Records::amend(signed(&physician()), 9, hash(2), pointer(2)),
				Error::UnknownRecord
			);
			let first = anchored(1);
			assert_ok!(Records::amend(signed(&physician()), first, hash(2), pointer(2)));
			assert_noop!(
				Records::amend(signed(&physician()), first, hash(3), pointer(3)),
				Error::NotCurrentVersion
			);
			assert_noop!(
				Records::amend(signed(&physician()), 1, hash(1), pointer(3)),
				Error::HashAlreadyAnchored
			);
			assert_noop!(
				Records::amend(signed(&physician()), 1, hash(3), Default::default()),
				Error::EmptyPointer
			);
			assert_ok!(Records::amend(signed(&physician()), 1, hash(3), pointer(3)));
			// MaxVersions is 3.
			assert_noop!(
				Records::amend(signed(&physician()), 2, hash(4), pointer(4)),
				Error::TooManyVersions
			);
			assert_ok!(Records::erase(signed(&patient()), 2, None));
			assert_noop!(
				Records::amend(signed(&physician()), 2, hash(4), pointer(4)),
				Error::RecordErased
			);
		});
	}
}

/// What a wallet or an EHR gateway lists: a patient's (or trial's) records, newest first.
mod listing {
	use super::*;
	use caduceus_primitives::QueryError;

	fn listed(scope: Scope, after: Option<RecordId>, limit: u32) -> alloc::vec::Vec<RecordId> {
		Records::records_of(scope, after, limit).unwrap().into_iter().map(|v| v.id).collect()
	}

	#[test]
	fn a_patients_records_are_listed_newest_first_every_version_included() {
		run(|| {
			let (first, second) = (anchored(1), anchored(2));
			TestConsent::permit(PATIENT, &colleague(), CONSENT);
			assert_ok!(Records::amend(signed(&colleague()), first, hash(3), pointer(3)));
			let amended = NextRecordId::<Test>::get() - 1;
			let trial = registered_trial();
			let patient = Scope::Patient(PATIENT);

			assert_eq!(listed(patient, None, 2), [amended, second]);
			assert_eq!(listed(patient, Some(second), 2), [first]);
			let page = Records::records_of(patient, None, 10).unwrap();
			assert_eq!(page[2].record.status(), RecordStatus::Superseded, "where each stands");
			assert!(page[0].pointer.is_some(), "the encrypted pointer comes along");
			assert_eq!(listed(Scope::Trial(trial), None, 10).len(), 1, "the protocol");
			assert!(listed(Scope::Patient(OTHER_PATIENT), None, 10).is_empty());

			let bad = |scope, limit| Records::records_of(scope, None, limit);
			assert_eq!(bad(patient, 0), Err(QueryError::BadPageSize));
			assert_eq!(bad(patient, 11), Err(QueryError::BadPageSize));
			assert_eq!(bad(Scope::Patient(77), 1), Err(QueryError::UnknownPatient));
			assert_eq!(bad(Scope::Trial(77), 1), Err(QueryError::UnknownTrial));
		});
	}

	/// Version 2 → 3 on records anchored before the lists existed.
	#[test]
	fn version_2_records_are_listed_under_their_patient_or_trial() {
		use crate::migrations::{v3::MigrateToV3, v4::MigrateToV4, v5::MigrateToV5};
		use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
		run(|| {
			let (first, second) = (anchored(1), anchored(2));
			let trial = registered_trial();
			let _ = RecordsOf::<Test>::clear(u32::MAX, None);
			as_written_before_version_4();
			as_written_before_version_5();
			StorageVersion::new(2).put::<Records>();

			<(MigrateToV3<Test>, MigrateToV4<Test>, MigrateToV5<Test>)>::on_runtime_upgrade();

			assert_eq!(Records::on_chain_storage_version(), 5);
			assert_eq!(listed(Scope::Patient(PATIENT), None, 10), [second, first]);
			assert_eq!(listed(Scope::Trial(trial), None, 10).len(), 1);
			// `run` checks every invariant now, the lists included.
		});
	}

	/// Version 3 → 4 on records anchored with their FHIR resource type in clear: the records
	/// stay as they were, without it.
	#[test]
	fn version_3_records_forget_their_resource_type() {
		use crate::migrations::{v4::MigrateToV4, v5::MigrateToV5};
		use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
		run(|| {
			anchored(1);
			assert_ok!(Records::amend(signed(&physician()), 0, hash(2), pointer(2)));
			registered_trial();
			let before: alloc::vec::Vec<_> = Anchors::<Test>::iter().collect();
			as_written_before_version_4();
			as_written_before_version_5();
			assert!(Anchors::<Test>::get(0).is_none(), "the old shape does not decode");
			StorageVersion::new(3).put::<Records>();

			<(MigrateToV4<Test>, MigrateToV5<Test>)>::on_runtime_upgrade();

			assert_eq!(Records::on_chain_storage_version(), 5);
			let mut after: alloc::vec::Vec<_> = Anchors::<Test>::iter().collect();
			let mut before = before;
			before.sort_by_key(|(id, _)| *id);
			after.sort_by_key(|(id, _)| *id);
			assert_eq!(after, before);
		});
	}

	/// Version 4 → 5 on audit logs whose ends did not keep their oldest entry's time: each gets
	/// the time of its oldest entry, here after entries have expired from the front; appends
	/// then go on as before.
	#[test]
	fn version_4_audit_logs_learn_their_oldest_entry_s_time() {
		use crate::migrations::v5::MigrateToV5;
		use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
		run(|| {
			let record = anchored(1);
			let retention = RETENTION;
			for _ in 1..=3 {
				advance(1_000);
				assert_ok!(Records::request_access(
					signed(&physician()),
					record,
					Purpose::Treatment
				));
			}
			// The anchor and the first two requests expire; the next one removes two of them.
			advance(retention - 500);
			assert_ok!(Records::request_access(signed(&colleague()), record, Purpose::Treatment));
			let trail = AuditEnds::<Test>::get(PATIENT);
			assert_eq!(trail, RetainedEnds { oldest: 2, next: 5, oldest_at: START + 2_000 });
			let index = ActorTrailEnds::<Test>::get(physician());
			let organisation = OrganisationTrailEnds::<Test>::get(HOSPITAL);
			as_written_before_version_5();
			assert_eq!(
				AuditEnds::<Test>::get(PATIENT),
				RetainedEnds::default(),
				"no longer decodes"
			);
			StorageVersion::new(4).put::<Records>();

			MigrateToV5::<Test>::on_runtime_upgrade();

			assert_eq!(Records::on_chain_storage_version(), 5);
			assert_eq!(AuditEnds::<Test>::get(PATIENT), trail);
			assert_eq!(ActorTrailEnds::<Test>::get(physician()), index);
			assert_eq!(OrganisationTrailEnds::<Test>::get(HOSPITAL), organisation);
			advance(1_000);
			assert_ok!(Records::request_access(signed(&colleague()), record, Purpose::Treatment));
			assert_eq!(AuditEnds::<Test>::get(PATIENT).ends(), LogEnds { oldest: 4, next: 6 });
			// `run` checks every invariant now, each log's oldest time included.
		});
	}
}

mod integrity {
	use super::*;

	#[test]
	fn a_hash_tells_which_record_and_whether_it_is_current_superseded_or_erased() {
		run(|| {
			assert!(Records::verify_document(hash(1), None).anchors.is_empty());
			let first = anchored(1);
			let answer = verified(1);
			assert_eq!(
				(answer.record, answer.status, answer.current_version),
				(first, RecordStatus::Current, Some(first))
			);
			assert_eq!((answer.anchor.author, answer.anchor.anchored_at), (physician(), START));

			assert_ok!(Records::amend(signed(&physician()), first, hash(2), pointer(2)));
			let answer = verified(1);
			assert_eq!(
				(answer.status, answer.current_version),
				(RecordStatus::Superseded, Some(1))
			);

			assert_ok!(Records::erase(signed(&patient()), first, None));
			for n in [1, 2] {
				let answer = verified(n);
				assert_eq!((answer.status, answer.current_version), (RecordStatus::Erased, None));
				assert_eq!(answer.anchor.erased_at, Some(START));
			}
		});
	}

	#[test]
	fn other_pallets_see_patient_records_through_the_registry_trait() {
		run(|| {
			let record = anchored(1);
			assert_eq!(
				<Records as RecordRegistry<AccountId32>>::record(record),
				Some(RecordInfo {
					patient: PATIENT,
					content_hash: hash(1),
					author: physician(),
					category: slot(DataCategory::LabResults),
					status: RecordStatus::Current,
				})
			);
			let trial = registered_trial();
			let protocol = Trials::<Test>::get(trial).unwrap().first_protocol;
			assert_eq!(<Records as RecordRegistry<AccountId32>>::record(protocol), None);
			assert_eq!(<Records as RecordRegistry<AccountId32>>::record(99), None);
		});
	}
}

mod access {
	use super::*;

	#[test]
	fn a_granted_access_is_on_the_trail_with_its_consent() {
		run(|| {
			let record = anchored(1);
			advance(6_000);
			assert_ok!(Records::request_access(signed(&physician()), record, Purpose::Treatment));
			assert_eq!(
				TestConsent::questions().last(),
				Some(&(
					PATIENT,
					Some(slot(DataCategory::LabResults)),
					Purpose::Treatment,
					Action::Read
				)),
				"a read of the record's category for the purpose asked"
			);
			assert_eq!(
				last_event(),
				Event::AccessGranted {
					record,
					patient: PATIENT,
					accessor: physician(),
					organisation: HOSPITAL,
					purpose: Purpose::Treatment,
					ground: CONSENT,
				}
			);
			let entry = Records::audit_page(PATIENT, 1, 1).unwrap().pop().unwrap();
			assert_eq!(
				entry,
				AuditEntry {
					sequence: 1,
					at: START + 6_000,
					block: 2,
					actor: physician(),
					organisation: Some(HOSPITAL),
					event: AuditEvent::AccessGranted {
						record,
						purpose: Purpose::Treatment,
						ground: CONSENT
					},
				}
			);
		});
	}

	#[test]
	fn a_denied_access_succeeds_as_a_call_and_is_on_the_trail_with_the_reason() {
		run(|| {
			let record = anchored(1);
			assert_ok!(Records::request_access(signed(&colleague()), record, Purpose::Research));
			TestConsent::deny(PATIENT, &lab_technician(), AccessDenial::Blocked);
			assert_ok!(Records::request_access(
				signed(&lab_technician()),
				record,
				Purpose::Treatment
			));
			assert_eq!(
				last_event(),
				Event::AccessDenied {
					record,
					patient: PATIENT,
					accessor: lab_technician(),
					organisation: LAB,
					purpose: Purpose::Treatment,
					reason: AccessDenial::Blocked,
				}
			);
			assert_eq!(
				trail()[1..],
				[
					AuditEvent::AccessDenied {
						record,
						purpose: Purpose::Research,
						reason: AccessDenial::NoConsent
					},
					AuditEvent::AccessDenied {
						record,
						purpose: Purpose::Treatment,
						reason: AccessDenial::Blocked
					},
				]
			);
		});
	}

	#[test]
	fn a_flood_of_denied_requests_cannot_wipe_the_trail() {
		run(|| {
			let record = anchored(1);
			// A practitioner without consent asks again and again: the anchoring stays.
			for _ in 0..20 {
				assert_ok!(Records::request_access(
					signed(&colleague()),
					record,
					Purpose::Treatment
				));
			}
			assert_eq!(
				trail().first(),
				Some(&AuditEvent::Anchored { record, category: slot(DataCategory::LabResults) })
			);
		});
	}

	#[test]
	fn a_lapsed_practitioner_cannot_write_to_the_trail() {
		run(|| {
			let record = anchored(1);
			TestRegistry::set_practitioner(
				&colleague(),
				HOSPITAL,
				Role::Physician,
				Standing::AttestationLapsed,
			);
			TestConsent::deny(PATIENT, &colleague(), AccessDenial::AttestationLapsed);
			assert_ok!(Records::request_access(signed(&colleague()), record, Purpose::Treatment));
			assert_eq!(trail().len(), 1, "only the anchoring");
		});
	}

	#[test]
	fn access_requests_that_name_nothing_accessible_are_refused() {
		run(|| {
			assert_noop!(
				Records::request_access(signed(&physician()), 0, Purpose::Treatment),
				Error::UnknownRecord
			);
			let record = anchored(1);
			let protocol = Trials::<Test>::get(registered_trial()).unwrap().first_protocol;
			assert_noop!(
				Records::request_access(signed(&physician()), protocol, Purpose::Treatment),
				Error::NotAPatientRecord
			);
			assert_ok!(Records::erase(signed(&patient()), record, None));
			assert_noop!(
				Records::request_access(signed(&physician()), record, Purpose::Treatment),
				Error::RecordErased
			);
		});
	}

	#[test]
	fn whoever_is_not_an_active_practitioner_is_refused_with_an_event_and_writes_nothing() {
		run(|| {
			let record = anchored(1);
			TestRegistry::set_practitioner(
				&colleague(),
				HOSPITAL,
				Role::Physician,
				Standing::OrganisationInactive,
			);
			for (who, reason) in [
				(patient(), Refusal::NotAPractitioner),
				(stranger(), Refusal::NotAPractitioner),
				(hospital_admin(), Refusal::NotAPractitioner),
				(colleague(), Refusal::OrganisationInactive),
			] {
				assert_ok!(Records::request_access(signed(&who), record, Purpose::Treatment));
				assert_eq!(
					last_event(),
					Event::AccessRefused { record, patient: PATIENT, accessor: who, reason }
				);
			}
			assert_eq!(trail().len(), 1, "only the anchoring");
			assert_eq!(Balances::free_balance(colleague()), ENDOWMENT, "nothing stored, no fee");
		});
	}

	#[test]
	fn each_entry_a_request_adds_is_paid_for_by_the_requester() {
		run(|| {
			let record = anchored(1);
			assert_ok!(Records::request_access(signed(&physician()), record, Purpose::Treatment));
			assert_ok!(Records::request_access(signed(&colleague()), record, Purpose::Treatment));
			assert_eq!(Balances::free_balance(physician()), ENDOWMENT - FEE);
			assert_eq!(Balances::free_balance(colleague()), ENDOWMENT - FEE);
			// One who cannot pay (and stay alive) is not written to the trail.
			TestRegistry::set_practitioner(&stranger(), HOSPITAL, Role::Nurse, Standing::Active);
			assert_noop!(
				Records::request_access(signed(&stranger()), record, Purpose::Treatment),
				Error::CannotPayAuditFee
			);
		});
	}

	#[test]
	fn an_accessor_adds_a_bounded_number_of_entries_a_day_and_further_denials_are_counted() {
		run(|| {
			let record = anchored(1);
			// MaxAuditPerAccessorPerDay is 3: three entries, then one entry counting the rest.
			for _ in 0..10 {
				assert_ok!(Records::request_access(
					signed(&colleague()),
					record,
					Purpose::Treatment
				));
				assert!(matches!(last_event(), Event::AccessDenied { .. }), "every one an event");
			}
			let denied = AuditEvent::AccessDenied {
				record,
				purpose: Purpose::Treatment,
				reason: AccessDenial::NoConsent,
			};
			assert_eq!(
				trail(),
				vec![
					AuditEvent::Anchored { record, category: slot(DataCategory::LabResults) },
					denied,
					denied,
					denied,
					AuditEvent::FurtherDenials { attempts: 7 },
				]
			);
			assert_eq!(Balances::free_balance(colleague()), ENDOWMENT - 4 * FEE);
			// A granted access beyond the day's entries is refused, not written.
			for _ in 0..3 {
				assert_ok!(Records::request_access(
					signed(&physician()),
					record,
					Purpose::Treatment
				));
			}
			assert_noop!(
				Records::request_access(signed(&physician()), record, Purpose::Treatment),
				Error::DailyAccessLimitReached
			);
			// The next day, the count starts afresh.
			advance(caduceus_primitives::DAY_MS);
			assert_ok!(Records::request_access(signed(&physician()), record, Purpose::Treatment));
			assert_ok!(Records::request_access(signed(&colleague()), record, Purpose::Treatment));
			assert_eq!(AuditEnds::<Test>::get(PATIENT).ends(), LogEnds { oldest: 0, next: 10 });
		});
	}

	#[test]
	fn break_glass_is_never_refused_for_the_daily_bound() {
		run(|| {
			let record = anchored(1);
			for _ in 0..4 {
				assert_ok!(Records::request_access(
					signed(&colleague()),
					record,
					Purpose::EmergencyTreatment
				));
			}
			// The colleague's entries for the day are used; then the glass is broken.
			let emergency = caduceus_primitives::AccessGround::Emergency(5);
			TestConsent::permit(PATIENT, &colleague(), emergency);
			assert_ok!(Records::request_access(
				signed(&colleague()),
				record,
				Purpose::EmergencyTreatment
			));
			assert_eq!(
				trail().last(),
				Some(&AuditEvent::AccessGranted {
					record,
					purpose: Purpose::EmergencyTreatment,
					ground: emergency
				})
			);
		});
	}

	#[test]
	fn an_entry_leaves_the_trail_only_by_age() {
		run(|| {
			let record = anchored(1);
			for _ in 0..3 {
				assert_ok!(Records::request_access(
					signed(&physician()),
					record,
					Purpose::Treatment
				));
			}
			assert_eq!(AuditEnds::<Test>::get(PATIENT).ends(), LogEnds { oldest: 0, next: 4 });
			// Just before the retention ends, the next entry removes nothing.
			advance(RETENTION - 1);
			assert_ok!(Records::request_access(signed(&physician()), record, Purpose::Treatment));
			assert_eq!(AuditEnds::<Test>::get(PATIENT).ends(), LogEnds { oldest: 0, next: 5 });
			// Once older than the retention, entries go two at a time as new ones come.
			advance(1);
			assert_ok!(Records::request_access(signed(&physician()), record, Purpose::Treatment));
			assert_eq!(AuditEnds::<Test>::get(PATIENT).ends(), LogEnds { oldest: 2, next: 6 });
			let kept: alloc::vec::Vec<_> =
				Records::audit_page(PATIENT, 0, 10).unwrap().iter().map(|e| e.sequence).collect();
			assert_eq!(kept, vec![2, 3, 4, 5]);
			let page: alloc::vec::Vec<_> =
				Records::audit_page(PATIENT, 3, 2).unwrap().iter().map(|e| e.sequence).collect();
			assert_eq!(page, vec![3, 4]);
			assert_eq!(Records::audit_ends(PATIENT), LogEnds { oldest: 2, next: 6 });
			assert_eq!(Records::audit_page(PATIENT, 6, 2), Ok(vec![]));
			assert_eq!(Records::audit_page(PATIENT, 0, 0), Err(QueryError::BadPageSize));
			assert_eq!(Records::audit_page(PATIENT, 0, 11), Err(QueryError::BadPageSize));
			assert_eq!(Records::audit_page(99, 0, 1), Err(QueryError::UnknownPatient));
			assert_eq!(Records::audit_page(OTHER_PATIENT, 0, 1), Ok(vec![]));
		});
	}

	#[test]
	fn an_anchor_is_charged_for_the_expired_entries_its_logs_remove_and_no_more() {
		use frame_support::{dispatch::GetDispatchInfo, weights::Weight};
		run(|| {
			let anchor = |n| {
				let document = document(PATIENT, DataCategory::LabResults, n);
				let call = crate::Call::<Test>::anchor { document: document.clone() };
				let declared = call.get_dispatch_info().call_weight;
				let post = Records::anchor(signed(&physician()), document).unwrap();
				(declared, post.actual_weight)
			};
			// The mock's anchor weight (`PathWeights`); a permitted check came by its fast path,
			// which the anchor's own weight holds.
			let weight = |pruned: u32| Some(Weight::from_parts(u64::from(pruned) + 1, 0));
			use caduceus_primitives::doubles::{TEST_CONSENT_CHECK_WEIGHT, TEST_SERVED_WEIGHT};
			// Declared at the longest path: two entries removed from a log, the consent check
			// at its worst, the patient's registration deposit returned.
			let (declared, charged) = anchor(1);
			assert_eq!(
				Some(declared),
				weight(2).map(|w| w + TEST_CONSENT_CHECK_WEIGHT + TEST_SERVED_WEIGHT)
			);
			// Nothing expired yet: charged for removing none, and nothing for the check; the
			// hospital's first record returns the patient's deposit, and is charged for it.
			assert_eq!(charged, weight(0).map(|w| w + TEST_SERVED_WEIGHT));
			// Served before: nothing to return, nothing charged for it.
			assert_eq!(anchor(2).1, weight(0));
			assert_eq!(AuditEnds::<Test>::get(PATIENT).ends(), LogEnds { oldest: 0, next: 2 });
			// Both entries expired: the next anchor removes them and pays for two.
			advance(RETENTION);
			assert_eq!(anchor(3).1, weight(2));
			assert_eq!(AuditEnds::<Test>::get(PATIENT).ends(), LogEnds { oldest: 2, next: 3 });
			assert_eq!(anchor(4).1, weight(0));
		});
	}

	#[test]
	fn an_access_request_is_charged_for_the_expired_entries_its_logs_remove_and_no_more() {
		use caduceus_primitives::doubles::TEST_CONSENT_CHECK_WEIGHT as CHECK;
		use frame_support::{dispatch::GetDispatchInfo, weights::Weight};
		run(|| {
			let record = anchored(1);
			let request = |who: &AccountId32| {
				let call =
					crate::Call::<Test>::request_access { record, purpose: Purpose::Treatment };
				let declared = call.get_dispatch_info().call_weight;
				let post = Records::request_access(signed(who), record, Purpose::Treatment);
				(declared, post.unwrap().actual_weight)
			};
			// The mock's request weight (`PathWeights`); a permitted check came by its fast
			// path, which the request's own weight holds.
			let weight = |pruned: u32| Some(Weight::from_parts(u64::from(pruned) + 1, 0));
			// Declared at the longest path (two entries removed from a log, the check at its
			// worst), charged for none.
			let (declared, charged) = request(&physician());
			assert_eq!((Some(declared), charged), (weight(2).map(|w| w + CHECK), weight(0)));
			// The anchor's and this request's entries expire: the next request removes both
			// from the trail and the physician's index, and pays for two.
			advance(RETENTION);
			assert_eq!(request(&physician()).1, weight(2));
			assert_eq!(AuditEnds::<Test>::get(PATIENT).ends(), LogEnds { oldest: 2, next: 3 });
			assert_eq!(request(&physician()).1, weight(0));
			// Refused before consent is asked (no entry): charged as removing none.
			assert_eq!(request(&stranger()).1, weight(0));
		});
	}

	#[test]
	fn amendments_and_batches_pay_for_the_consent_check_only_off_its_fast_path() {
		use crate::WeightInfo;
		use caduceus_primitives::doubles::TEST_CONSENT_CHECK_WEIGHT as CHECK;
		run(|| {
			let amend = |who: &AccountId32, record, n| {
				Records::amend(signed(who), record, hash(n), pointer(n)).unwrap().actual_weight
			};
			let record = anchored(1);
			// Permitted by a consent, the first grant read: the amendment's benchmark holds it.
			assert_eq!(amend(&physician(), record, 2), Some(PathWeights::amend()));
			// A colleague permitted by a grant read after another: the check's worst case on top.
			TestConsent::permit_off_fast_path(PATIENT, &colleague(), CONSENT);
			let current = NextRecordId::<Test>::get() - 1;
			assert_eq!(amend(&colleague(), current, 3), Some(PathWeights::amend() + CHECK));

			// A trial's sponsor amends its protocol, a way the benchmark does not take: the
			// check's worst case stays on top as a margin.
			let protocol = Trials::<Test>::get(registered_trial()).unwrap().first_protocol;
			assert_eq!(amend(&researcher(), protocol, 4), Some(PathWeights::amend() + CHECK));

			let batch = |who: &AccountId32, first: u8| {
				let documents: BoundedVec<_, _> = [first, first + 1]
					.map(|n| document(PATIENT, DataCategory::LabResults, n))
					.to_vec()
					.try_into()
					.unwrap();
				Records::anchor_batch(signed(who), documents).unwrap().actual_weight
			};
			assert_eq!(batch(&physician(), 10), Some(PathWeights::anchor_batch(2)));
			assert_eq!(batch(&colleague(), 20), Some(PathWeights::anchor_batch(2) + CHECK + CHECK));
		});
	}

	#[test]
	fn an_access_request_pays_for_the_consent_check_only_off_its_fast_path() {
		use caduceus_primitives::doubles::TEST_CONSENT_CHECK_WEIGHT as CHECK;
		use frame_support::weights::Weight;
		run(|| {
			let record = anchored(1);
			let charged = |who: &AccountId32| {
				Records::request_access(signed(who), record, Purpose::Treatment)
					.unwrap()
					.actual_weight
			};
			// Permitted by the first grant read: the request's benchmark took that path at
			// its worst, so nothing more is charged.
			assert_eq!(charged(&physician()), Some(Weight::from_parts(1, 0)));
			// Denied, after every grant was read: the check's worst case on top.
			assert_eq!(charged(&colleague()), Some(Weight::from_parts(1, 0) + CHECK));
			assert!(matches!(last_event(), Event::AccessDenied { .. }));
		});
	}

	#[test]
	fn an_auditor_pages_the_trail_by_clinician_and_by_organisation() {
		run(|| {
			let record = anchored(1);
			TestConsent::permit(OTHER_PATIENT, &lab_technician(), CONSENT);
			assert_ok!(Records::anchor(
				signed(&lab_technician()),
				document(OTHER_PATIENT, DataCategory::LabResults, 2)
			));
			assert_ok!(Records::request_access(signed(&physician()), record, Purpose::Treatment));
			assert_ok!(Records::request_access(signed(&colleague()), record, Purpose::Treatment));

			let (ends, entries) = Records::audit_by_actor(physician(), 0, 10).unwrap();
			assert_eq!(ends, LogEnds { oldest: 0, next: 2 });
			let what: alloc::vec::Vec<_> =
				entries.iter().map(|e| (e.position, e.patient, e.entry.sequence)).collect();
			assert_eq!(what, vec![(0, PATIENT, 0), (1, PATIENT, 1)], "anchored, then opened");

			let (ends, entries) = Records::audit_by_organisation(HOSPITAL, 1, 10).unwrap();
			assert_eq!(ends, LogEnds { oldest: 0, next: 3 });
			let who: alloc::vec::Vec<_> = entries.iter().map(|e| e.entry.actor.clone()).collect();
			assert_eq!(who, vec![physician(), colleague()]);
			let (_, lab) = Records::audit_by_organisation(LAB, 0, 10).unwrap();
			assert_eq!(lab.len(), 1);
			assert_eq!(lab[0].patient, OTHER_PATIENT);

			assert_eq!(Records::audit_by_actor(stranger(), 0, 10).unwrap().1, vec![]);
			assert_eq!(
				Records::audit_by_organisation(99, 0, 10),
				Err(QueryError::UnknownOrganisation)
			);
			assert_eq!(Records::audit_by_actor(physician(), 0, 11), Err(QueryError::BadPageSize));
			assert_eq!(
				Records::audit_by_organisation(HOSPITAL, 0, 0),
				Err(QueryError::BadPageSize)
			);
		});
	}

	#[test]
	fn version_1_trails_upgrade_to_version_2() {
		use crate::migrations::{
			v2::{v1, MigrateToV2},
			v3::MigrateToV3,
			v4::MigrateToV4,
			v5::MigrateToV5,
		};
		use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
		run(|| {
			// Version 1 anchors: a patient's copy before the hospital's genuine anchor.
			assert_ok!(Records::anchor(
				signed(&other_patient()),
				document(OTHER_PATIENT, DataCategory::LabResults, 9)
			));
			let genuine = anchored(9);
			let _ = HashOrigins::<Test>::clear(u32::MAX, None);
			let trail_of_other = AuditTrail::<Test>::iter_prefix(OTHER_PATIENT).count();
			assert_eq!(trail_of_other, 1);
			let _ = AuditTrail::<Test>::clear_prefix(OTHER_PATIENT, u32::MAX, None);
			let _ = AuditTrail::<Test>::clear_prefix(PATIENT, u32::MAX, None);
			for key in [OTHER_PATIENT, PATIENT] {
				AuditEnds::<Test>::remove(key);
			}
			let _ = ActorTrail::<Test>::clear(u32::MAX, None);
			let _ = ActorTrailEnds::<Test>::clear(u32::MAX, None);
			let _ = OrganisationTrail::<Test>::clear(u32::MAX, None);
			let _ = OrganisationTrailEnds::<Test>::clear(u32::MAX, None);
			let _ = AccessTallies::<Test>::clear(u32::MAX, None);
			// A version-1 ring of 5 slots that has had 7 entries: sequence numbers 2..=6 kept.
			let entry = |sequence: u64, actor: AccountId32, organisation| AuditEntry {
				sequence,
				at: START - 100 + sequence,
				block: 1,
				actor,
				organisation,
				event: AuditEvent::Anchored {
					record: sequence,
					category: slot(DataCategory::LabResults),
				},
			};
			for sequence in 2..7u64 {
				let (actor, organisation) = if sequence % 2 == 0 {
					(physician(), Some(HOSPITAL))
				} else {
					(patient(), None)
				};
				v1::AuditTrail::<Test>::insert(
					PATIENT,
					(sequence % 5) as u32,
					entry(sequence, actor, organisation),
				);
			}
			v1::AuditLength::<Test>::insert(PATIENT, 7);
			as_written_before_version_4();
			StorageVersion::new(1).put::<Records>();

			// Through version 2 to the current one, as an upgrade from version 1 runs.
			<(MigrateToV2<Test>, MigrateToV3<Test>, MigrateToV4<Test>, MigrateToV5<Test>)>::on_runtime_upgrade();

			assert_eq!(Records::on_chain_storage_version(), 5);
			assert_eq!(AuditEnds::<Test>::get(PATIENT).oldest_at, START - 100 + 2);
			assert_eq!(Records::audit_ends(PATIENT), LogEnds { oldest: 2, next: 7 });
			let kept: alloc::vec::Vec<_> =
				Records::audit_page(PATIENT, 0, 10).unwrap().iter().map(|e| e.sequence).collect();
			assert_eq!(kept, vec![2, 3, 4, 5, 6]);
			let (_, by_physician) = Records::audit_by_actor(physician(), 0, 10).unwrap();
			let sequences: alloc::vec::Vec<_> =
				by_physician.iter().map(|e| e.entry.sequence).collect();
			assert_eq!(sequences, vec![2, 4, 6]);
			assert_eq!(Records::audit_by_organisation(HOSPITAL, 0, 10).unwrap().1.len(), 3);
			assert_eq!(Records::audit_by_actor(patient(), 0, 10).unwrap().1.len(), 2);
			assert!(v1::AuditLength::<Test>::iter().next().is_none());
			let answer: alloc::vec::Vec<_> = Records::verify_document(hash(9), None)
				.anchors
				.iter()
				.map(|status| (status.record, status.copy))
				.collect();
			assert_eq!(answer, vec![(genuine, false), (0, true)]);
			// The upgraded trail goes on: the next entry is sequence 7.
			let record = anchored(1);
			assert_eq!(
				trail().last(),
				Some(&AuditEvent::Anchored { record, category: slot(DataCategory::LabResults) })
			);
			assert_eq!(Records::audit_ends(PATIENT).next, 8);
			// `run` checks every invariant now.
		});
	}
}

mod erasure {
	use super::*;
	use caduceus_primitives::GuardianScope;
	use codec::Encode;
	use sp_core::Pair;
	use sp_keyring::Sr25519Keyring;

	/// An erasure request of `record` for the patient, signed by `key` as `signer`.
	fn request_by(
		key: Sr25519Keyring,
		signer: AccountId32,
		record: RecordId,
		nonce: u32,
	) -> SignedErasureRequestOf<Test> {
		let request = ErasureRequest {
			domain: ERASURE_REQUEST_DOMAIN,
			genesis_hash: System::block_hash(0),
			patient: PATIENT,
			signer,
			nonce,
			expires_at: START + caduceus_primitives::DAY_MS,
			record,
		};
		sign(key, request)
	}

	fn sign(
		key: Sr25519Keyring,
		request: ErasureRequest<AccountId32, sp_core::H256>,
	) -> SignedErasureRequestOf<Test> {
		let signature = key.pair().sign(&request.encode()).into();
		SignedErasureRequest { request, signature }
	}

	/// The patient's own signed request to erase `record`, with nonce `nonce`.
	fn patients_request(record: RecordId, nonce: u32) -> SignedErasureRequestOf<Test> {
		request_by(Sr25519Keyring::Alice, patient(), record, nonce)
	}

	fn request_hash(request: &SignedErasureRequestOf<Test>) -> ContentHash {
		use sp_runtime::traits::{BlakeTwo256, Hash};
		BlakeTwo256::hash(&request.request.encode())
	}

	#[test]
	fn an_organisation_cannot_erase_on_a_made_up_request() {
		run(|| {
			let record = anchored(1);
			// Signed by someone else than the signer it names.
			assert_noop!(
				Records::erase(
					signed(&officer()),
					record,
					Some(request_by(Sr25519Keyring::Dave, patient(), record, 0))
				),
				Error::BadSignature
			);
			// Signed by a practitioner, who may not ask for the patient.
			assert_noop!(
				Records::erase(
					signed(&officer()),
					record,
					Some(request_by(Sr25519Keyring::Charlie, physician(), record, 0))
				),
				Error::SignerMayNotErase
			);
			assert_noop!(
				Records::erase(signed(&officer()), record, None),
				Error::RequestDocumentRequired
			);
			assert!(Pointers::<Test>::get(record).is_some());
		});
	}

	#[test]
	fn a_delegate_with_records_scope_uploads_but_cannot_erase() {
		run(|| {
			let record = anchored(1);
			assert_ok!(Records::anchor(
				signed(&guardian()),
				document(PATIENT, DataCategory::Encounters, 2)
			));
			assert_noop!(
				Records::erase(signed(&guardian()), record, None),
				Error::NotAllowedToErase
			);
			// Nor can its signature stand for the patient's request.
			assert_noop!(
				Records::erase(
					signed(&officer()),
					record,
					Some(request_by(Sr25519Keyring::Bob, guardian(), record, 0))
				),
				Error::SignerMayNotErase
			);
			// A guardian with full authority erases, and signs requests.
			TestRegistry::set_guardian(&guardian(), PATIENT, GuardianScope::All);
			let request = request_by(Sr25519Keyring::Bob, guardian(), record, 0);
			assert_ok!(Records::erase(signed(&officer()), record, Some(request)));
			assert_ok!(Records::erase(signed(&guardian()), 1, None));
		});
	}

	#[test]
	fn the_patient_erases_every_version_keeping_hashes_and_trail() {
		run(|| {
			let first = anchored(1);
			assert_ok!(Records::amend(signed(&physician()), first, hash(2), pointer(2)));
			assert_ok!(Records::request_access(signed(&physician()), 1, Purpose::Treatment));
			advance(1_000);
			assert_ok!(Records::erase(signed(&patient()), 1, None));
			for id in [first, 1] {
				assert_eq!(Pointers::<Test>::get(id), None);
				assert_eq!(Anchors::<Test>::get(id).unwrap().erased_at, Some(START + 1_000));
				assert_eq!(Records::record_view(id).unwrap().pointer, None);
			}
			assert_eq!(anchor_of(1), Some(first));
			assert_eq!(
				last_event(),
				Event::RecordErased {
					record: 1,
					patient: PATIENT,
					versions: vec![first, 1].try_into().unwrap(),
					erased_by: Some(patient()),
					request: None,
					at: START + 1_000,
				}
			);
			assert_eq!(
				trail().len(),
				4,
				"the trail keeps the anchoring, amendment, access and erasure"
			);
			assert_eq!(trail()[3], AuditEvent::Erased { record: 1, versions: 2, request: None });
		});
	}

	#[test]
	fn the_author_organisation_erases_on_the_patients_signed_request_once() {
		run(|| {
			for (n, who) in [(1u8, officer()), (2, hospital_admin())] {
				let record = anchored(n);
				let request = patients_request(record, u32::from(n) - 1);
				let expected = request_hash(&request);
				assert_ok!(Records::erase(signed(&who), record, Some(request.clone())));
				assert_eq!(
					trail().last(),
					Some(&AuditEvent::Erased { record, versions: 1, request: Some(expected) })
				);
				assert!(matches!(
					last_event(),
					Event::RecordErased { erased_by: Some(by), request: Some(_), .. } if by == who
				));
			}
			// A request is good once: its nonce is used.
			let record = anchored(3);
			assert_noop!(
				Records::erase(signed(&officer()), record, Some(patients_request(record, 1))),
				Error::BadNonce
			);
			assert_eq!(ErasureNonce::<Test>::get(PATIENT), 2);
		});
	}

	#[test]
	fn a_request_for_another_record_chain_or_time_is_refused() {
		run(|| {
			let record = anchored(1);
			let other = anchored(2);
			let erase = |request| Records::erase(signed(&officer()), record, Some(request));
			assert_noop!(erase(patients_request(other, 0)), Error::NotTheRequestedRecord);
			let mut foreign = patients_request(record, 0).request;
			foreign.genesis_hash = sp_core::H256::repeat_byte(1);
			assert_noop!(erase(sign(Sr25519Keyring::Alice, foreign)), Error::BadSignature);
			let mut late = patients_request(record, 0).request;
			late.expires_at = START - 1;
			assert_noop!(erase(sign(Sr25519Keyring::Alice, late)), Error::RequestExpired);
			let mut far = patients_request(record, 0).request;
			far.expires_at = START + 8 * caduceus_primitives::DAY_MS;
			assert_noop!(erase(sign(Sr25519Keyring::Alice, far)), Error::ExpiryTooFar);
			let mut wallet = patients_request(record, 0).request;
			wallet.nonce = 0;
			let wrapped = caduceus_primitives::wallet::wallet_wrapped(&wallet.encode());
			let signature = Sr25519Keyring::Alice.pair().sign(&wrapped).into();
			assert_ok!(erase(SignedErasureRequest { request: wallet, signature }));
		});
	}

	#[test]
	fn the_consortium_erases_where_the_law_requires() {
		run(|| {
			let record = anchored(1);
			assert_noop!(
				Records::erase_by_consortium(signed(&hospital_admin()), record),
				DispatchError::BadOrigin
			);
			assert_ok!(Records::erase_by_consortium(RuntimeOrigin::root(), record));
			assert!(matches!(
				last_event(),
				Event::RecordErased { erased_by: None, request: None, .. }
			));
			assert_noop!(
				Records::erase_by_consortium(RuntimeOrigin::root(), record),
				Error::RecordErased
			);
			assert_noop!(
				Records::erase_by_consortium(RuntimeOrigin::root(), 99),
				Error::UnknownRecord
			);
		});
	}

	#[test]
	fn a_suspended_organisations_admin_or_a_lapsed_officer_cannot_erase() {
		run(|| {
			let record = anchored(1);
			TestRegistry::set_practitioner(
				&officer(),
				HOSPITAL,
				Role::PrivacyOfficer,
				Standing::AttestationLapsed,
			);
			assert_noop!(
				Records::erase(signed(&officer()), record, Some(patients_request(record, 0))),
				Error::NotAllowedToErase
			);
			TestRegistry::set_organisation(HOSPITAL, OrgKind::Hospital, OrgStatus::Suspended);
			assert_noop!(
				Records::erase(
					signed(&hospital_admin()),
					record,
					Some(patients_request(record, 0))
				),
				Error::NotAllowedToErase
			);
		});
	}

	#[test]
	fn nobody_else_erases_and_nothing_is_erased_twice() {
		run(|| {
			assert_noop!(Records::erase(signed(&patient()), 5, None), Error::UnknownRecord);
			let record = anchored(1);
			for who in
				[physician(), lab_technician(), consent_guardian(), stranger(), other_patient()]
			{
				assert_noop!(
					Records::erase(signed(&who), record, Some(patients_request(record, 0))),
					Error::NotAllowedToErase
				);
			}
			// A patient-anchored record has no organisation to erase it.
			assert_ok!(Records::anchor(
				signed(&patient()),
				document(PATIENT, DataCategory::Encounters, 2)
			));
			assert_noop!(
				Records::erase(signed(&officer()), 1, Some(patients_request(1, 0))),
				Error::NotAllowedToErase
			);
			assert_ok!(Records::erase(signed(&patient()), record, None));
			assert_noop!(Records::erase(signed(&patient()), record, None), Error::RecordErased);
			let protocol = Trials::<Test>::get(registered_trial()).unwrap().first_protocol;
			assert_noop!(
				Records::erase(signed(&researcher()), protocol, None),
				Error::NotAPatientRecord
			);
		});
	}
}

mod trials {
	use super::*;

	#[test]
	fn a_research_sponsor_registers_a_trial_with_its_protocol() {
		run(|| {
			let trial = registered_trial();
			let stored = Trials::<Test>::get(trial).unwrap();
			assert_eq!(
				(stored.sponsor, stored.first_protocol, stored.current_protocol),
				(SPONSOR, 0, 0)
			);
			assert_eq!((stored.enrolled, stored.results, stored.first_enrolment_at), (0, 0, None));
			let protocol = Anchors::<Test>::get(0).unwrap();
			assert_eq!(protocol.subject, Subject::TrialProtocol(trial));
			assert_eq!(
				last_event(),
				Event::TrialRegistered {
					trial,
					sponsor: SPONSOR,
					protocol: 0,
					content_hash: hash(100),
					categories: categories(&[DataCategory::LabResults]),
				}
			);
			// The sponsor's admin registers too; the protocol hash is verifiable like any record.
			assert_ok!(Records::register_trial(
				signed(&sponsor_admin()),
				hash(101),
				pointer(1),
				categories(&[DataCategory::Genetic])
			));
			assert_eq!(verified(101).status, RecordStatus::Current);
		});
	}

	#[test]
	fn only_an_active_research_sponsor_registers_a_well_formed_trial() {
		run(|| {
			let lab_results = categories(&[DataCategory::LabResults]);
			for who in [physician(), hospital_admin(), patient(), stranger()] {
				assert_noop!(
					Records::register_trial(signed(&who), hash(100), pointer(1), lab_results),
					Error::NotAResearchSponsor
				);
			}
			TestRegistry::set_organisation(
				OTHER_SPONSOR,
				OrgKind::ResearchSponsor,
				OrgStatus::Suspended,
			);
			assert_noop!(
				Records::register_trial(
					signed(&other_researcher()),
					hash(100),
					pointer(1),
					lab_results
				),
				Error::NotAResearchSponsor
			);
			assert_noop!(
				Records::register_trial(
					signed(&researcher()),
					hash(100),
					pointer(1),
					DataCategories::default()
				),
				Error::NoTrialCategories
			);
			assert_noop!(
				Records::register_trial(
					signed(&researcher()),
					hash(100),
					Default::default(),
					lab_results
				),
				Error::EmptyPointer
			);
		});
	}

	#[test]
	fn enrolment_needs_research_consent_and_names_the_protocol_in_force() {
		run(|| {
			let trial = registered_trial();
			advance(1_000);
			assert_ok!(Records::enrol(signed(&researcher()), trial, PATIENT));
			assert_eq!(
				Enrolments::<Test>::get(trial, PATIENT),
				Some(Enrolment { at: START + 1_000, protocol: 0, enrolled_by: researcher() })
			);
			let stored = Trials::<Test>::get(trial).unwrap();
			assert_eq!((stored.enrolled, stored.first_enrolment_at), (1, Some(START + 1_000)));
			assert_eq!(
				last_event(),
				Event::PatientEnrolled { trial, patient: PATIENT, protocol: 0, by: researcher() }
			);
			assert_eq!(trail(), vec![AuditEvent::EnrolledInTrial { trial, protocol: 0 }]);
			assert_noop!(
				Records::enrol(signed(&researcher()), trial, PATIENT),
				Error::AlreadyEnrolled
			);
			assert_noop!(
				Records::enrol(signed(&researcher()), trial, OTHER_PATIENT),
				Error::EnrolmentDenied(AccessDenial::NoConsent)
			);
			assert_noop!(Records::enrol(signed(&researcher()), trial, 99), Error::UnknownPatient);
		});
	}

	#[test]
	fn an_enrolment_pays_for_the_consent_check_only_off_its_fast_path() {
		use caduceus_primitives::doubles::TEST_CONSENT_CHECK_WEIGHT as CHECK;
		use frame_support::{dispatch::GetDispatchInfo, weights::Weight};
		run(|| {
			let trial = registered_trial();
			let enrol = |patient: PatientId| {
				let call = crate::Call::<Test>::enrol { trial, patient };
				let declared = call.get_dispatch_info().call_weight;
				let charged = Records::enrol(signed(&researcher()), trial, patient)
					.expect("enrolled")
					.actual_weight;
				(declared, charged)
			};
			let own = Weight::from_parts(3_000, 0);
			// Permitted by the first grant read: the enrolment's benchmark took that path at its
			// worst, so nothing more is charged.
			assert_eq!(enrol(PATIENT), (own + CHECK, Some(own)));
			// Permitted past it: the check's worst case on top.
			TestConsent::permit_off_fast_path(OTHER_PATIENT, &researcher(), CONSENT);
			assert_eq!(enrol(OTHER_PATIENT), (own + CHECK, Some(own + CHECK)));
		});
	}

	#[test]
	fn enrolment_asks_for_research_consent_without_naming_the_patient_s_slots() {
		run(|| {
			let collected = categories(&[DataCategory::LabResults, DataCategory::Genetic]);
			assert_ok!(Records::register_trial(
				signed(&researcher()),
				hash(100),
				pointer(1),
				collected
			));
			assert_ok!(Records::enrol(signed(&researcher()), 0, PATIENT));
			assert_eq!(
				TestConsent::questions(),
				vec![(PATIENT, None, Purpose::Research, Action::Read)],
				"one research check, on any category: the chain does not know the patient's slots"
			);
		});
	}

	/// The patient's consent names the protocol it was given for: a sponsor cannot take it
	/// into another of its trials, which would tell every member the patient is in that one.
	#[test]
	fn a_sponsor_cannot_enrol_a_patient_in_a_trial_they_did_not_consent_to() {
		run(|| {
			let consented = registered_trial();
			let other = registered_trial();
			TestConsent::only_for_document(PATIENT, &researcher(), hash(100));
			let protocol_of = |trial| {
				Anchors::<Test>::get(Trials::<Test>::get(trial).unwrap().current_protocol)
					.unwrap()
					.content_hash
			};
			// Both trials were registered with protocol `hash(100)`; the other one is amended.
			let first_protocol = Trials::<Test>::get(other).unwrap().current_protocol;
			assert_ok!(Records::amend(
				signed(&researcher()),
				first_protocol,
				hash(101),
				pointer(101)
			));
			assert_noop!(
				Records::enrol(signed(&researcher()), other, PATIENT),
				Error::EnrolmentDenied(AccessDenial::OtherDocument)
			);
			assert_ok!(Records::enrol(signed(&researcher()), consented, PATIENT));
			assert_eq!(
				TestConsent::documents_asked(),
				vec![protocol_of(other), protocol_of(consented)],
				"each enrolment names its trial's protocol in force"
			);
			assert_eq!(protocol_of(other), hash(101));
		});
	}

	#[test]
	fn the_sponsors_admin_registers_but_only_a_researcher_enrols() {
		run(|| {
			assert_ok!(Records::register_trial(
				signed(&sponsor_admin()),
				hash(100),
				pointer(1),
				categories(&[DataCategory::LabResults])
			));
			TestConsent::permit(PATIENT, &sponsor_admin(), CONSENT);
			assert_noop!(
				Records::enrol(signed(&sponsor_admin()), 0, PATIENT),
				Error::NotAResearcher
			);
			TestRegistry::set_organisation(SPONSOR, OrgKind::ResearchSponsor, OrgStatus::Suspended);
			assert_noop!(
				Records::register_trial(
					signed(&sponsor_admin()),
					hash(101),
					pointer(1),
					categories(&[DataCategory::LabResults])
				),
				Error::NotAResearchSponsor
			);
		});
	}

	#[test]
	fn enrolment_is_by_the_trials_sponsor_only() {
		run(|| {
			let trial = registered_trial();
			assert_noop!(Records::enrol(signed(&researcher()), 9, PATIENT), Error::UnknownTrial);
			assert_noop!(
				Records::enrol(signed(&other_researcher()), trial, PATIENT),
				Error::NotTheSponsor
			);
			assert_noop!(
				Records::enrol(signed(&physician()), trial, PATIENT),
				Error::NotAResearchSponsor
			);
		});
	}

	#[test]
	fn an_amended_protocol_is_a_new_version_and_results_against_it_are_flagged() {
		run(|| {
			let trial = registered_trial();
			assert_ok!(Records::enrol(signed(&researcher()), trial, PATIENT));
			advance(1_000);
			assert_ok!(Records::amend(signed(&sponsor_admin()), 0, hash(101), pointer(2)));
			assert_eq!(Trials::<Test>::get(trial).unwrap().current_protocol, 1);
			assert_noop!(
				Records::amend(signed(&other_researcher()), 1, hash(102), pointer(2)),
				Error::NotTheSponsor
			);

			// Results against the registered protocol: visible that a later amendment exists.
			assert_ok!(Records::anchor_trial_results(
				signed(&researcher()),
				trial,
				0,
				hash(110),
				pointer(3)
			));
			assert_eq!(
				last_event(),
				Event::TrialResultsAnchored {
					trial,
					record: 2,
					protocol: 0,
					current_protocol: 1,
					amended_after_enrolment: false,
				}
			);
			// Results against the amendment made after enrolment: outcome switching is visible.
			assert_ok!(Records::anchor_trial_results(
				signed(&researcher()),
				trial,
				1,
				hash(111),
				pointer(3)
			));
			assert_eq!(
				last_event(),
				Event::TrialResultsAnchored {
					trial,
					record: 3,
					protocol: 1,
					current_protocol: 1,
					amended_after_enrolment: true,
				}
			);
			let results = Anchors::<Test>::get(3).unwrap();
			assert_eq!(results.subject, Subject::TrialResults { trial, protocol: 1 });
			assert_eq!(Trials::<Test>::get(trial).unwrap().results, 2);
		});
	}

	#[test]
	fn results_name_a_version_of_this_trials_protocol() {
		run(|| {
			let trial = registered_trial();
			assert_ok!(Records::register_trial(
				signed(&other_researcher()),
				hash(200),
				pointer(1),
				categories(&[DataCategory::Imaging])
			));
			let record = anchored(1);
			for protocol in [1, record, 42] {
				assert_noop!(
					Records::anchor_trial_results(
						signed(&researcher()),
						trial,
						protocol,
						hash(110),
						pointer(3)
					),
					Error::NotThisTrialsProtocol
				);
			}
			assert_noop!(
				Records::anchor_trial_results(
					signed(&other_researcher()),
					trial,
					0,
					hash(110),
					pointer(3)
				),
				Error::NotTheSponsor
			);
			assert_noop!(
				Records::anchor_trial_results(signed(&researcher()), 7, 0, hash(110), pointer(3)),
				Error::UnknownTrial
			);
			assert_noop!(
				Records::anchor_trial_results(
					signed(&researcher()),
					trial,
					0,
					hash(100),
					pointer(3)
				),
				Error::HashAlreadyAnchored
			);
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_catches_a_pointer_left_on_an_erased_record() {
		run(|| {
			let record = anchored(1);
			assert_ok!(Records::erase(signed(&patient()), record, None));
			Pointers::<Test>::insert(record, pointer(1));
			assert!(Records::do_try_state().is_err());
			Pointers::<Test>::remove(record);
		});
	}

	#[test]
	fn try_state_catches_a_broken_version_chain() {
		run(|| {
			let first = anchored(1);
			assert_ok!(Records::amend(signed(&physician()), first, hash(2), pointer(2)));
			Anchors::<Test>::mutate(1, |r| r.as_mut().unwrap().superseded_by = Some(first));
			assert!(Records::do_try_state().is_err(), "a cycle");
			Anchors::<Test>::mutate(1, |r| r.as_mut().unwrap().superseded_by = None);
			Anchors::<Test>::mutate(first, |r| r.as_mut().unwrap().superseded_by = None);
			assert!(Records::do_try_state().is_err(), "two current versions");
			Anchors::<Test>::mutate(first, |r| r.as_mut().unwrap().superseded_by = Some(1));
		});
	}

	#[test]
	fn try_state_catches_a_trail_that_disagrees_with_its_ends() {
		run(|| {
			anchored(1);
			let ends = AuditEnds::<Test>::get(PATIENT);
			AuditEnds::<Test>::insert(PATIENT, RetainedEnds { next: 3, ..ends });
			assert!(Records::do_try_state().is_err(), "a missing entry");
			AuditEnds::<Test>::insert(
				PATIENT,
				RetainedEnds { oldest_at: ends.oldest_at + 1, ..ends },
			);
			assert!(Records::do_try_state().is_err(), "another time than the oldest entry's");
			AuditEnds::<Test>::insert(PATIENT, ends);
			let index = ActorTrailEnds::<Test>::take(physician());
			assert!(Records::do_try_state().is_err(), "an index without ends");
			ActorTrailEnds::<Test>::insert(physician(), index);
		});
	}
}

mod quotas {
	use super::*;
	use caduceus_primitives::{doubles::TestQuota, Holder};

	#[test]
	fn an_organisation_cannot_grow_state_beyond_its_quota() {
		run(|| {
			let hospital = Holder::Organisation(HOSPITAL);
			TestQuota::limit(hospital, 3);
			anchored(1);
			anchored(2);
			// A new version is a new item too.
			let first = NextRecordId::<Test>::get() - 1;
			assert_ok!(Records::amend(signed(&physician()), first, hash(3), pointer(3)));
			assert_eq!(TestQuota::used(hospital), 3);
			assert_noop!(
				Records::anchor(
					signed(&physician()),
					document(PATIENT, DataCategory::LabResults, 4)
				),
				Error::QuotaExceeded
			);
			// The patient's own documents count against the patient, not the hospital.
			assert_ok!(Records::anchor(
				signed(&patient()),
				document(PATIENT, DataCategory::Encounters, 5)
			));
		});
	}

	#[test]
	fn a_patient_cannot_grow_state_beyond_their_quota() {
		run(|| {
			TestQuota::limit(Holder::Patient(PATIENT), 1);
			assert_ok!(Records::anchor(
				signed(&patient()),
				document(PATIENT, DataCategory::Encounters, 1)
			));
			// A guardian's uploads count against the same patient.
			assert_noop!(
				Records::anchor(
					signed(&guardian()),
					document(PATIENT, DataCategory::Encounters, 2)
				),
				Error::QuotaExceeded
			);
			// The hospital still anchors for the patient.
			anchored(3);
		});
	}

	#[test]
	fn a_sponsor_s_trials_and_enrolments_count_against_its_quota() {
		run(|| {
			// A trial is two items: itself and its protocol.
			TestQuota::limit(Holder::Organisation(SPONSOR), 3);
			let trial = registered_trial();
			assert_eq!(TestQuota::used(Holder::Organisation(SPONSOR)), 2);
			TestConsent::permit(PATIENT, &researcher(), CONSENT);
			assert_ok!(Records::enrol(signed(&researcher()), trial, PATIENT));
			TestConsent::permit(OTHER_PATIENT, &researcher(), CONSENT);
			assert_noop!(
				Records::enrol(signed(&researcher()), trial, OTHER_PATIENT),
				Error::QuotaExceeded
			);
			assert_noop!(
				Records::register_trial(
					signed(&researcher()),
					hash(101),
					pointer(101),
					categories(&[DataCategory::LabResults]),
				),
				Error::QuotaExceeded
			);
		});
	}

	#[test]
	fn an_organisation_s_first_record_for_a_patient_vouches_for_them() {
		run(|| {
			assert_ok!(Records::anchor(
				signed(&patient()),
				document(PATIENT, DataCategory::Encounters, 1)
			));
			assert!(TestQuota::served().is_empty(), "the patient's own upload vouches for nobody");
			anchored(2);
			assert_eq!(TestQuota::served(), vec![PATIENT]);
		});
	}
}
