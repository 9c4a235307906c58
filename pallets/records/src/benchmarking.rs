//! Benchmarks of every call at its worst case: a practitioner's write (a consent check), the
//! largest batch, the longest version chain to erase, a trial collecting every category. An
//! anchor and an access request are benchmarked over the expired entries their audit logs remove
//! (`p`), which they are charged for. The consent check takes its fast path at its worst (see
//! `BenchmarkHelper::consent`): the calls pay its worst case on top only off that path. Their
//! patients were served before (`served_before`), so no anchor returns a registration deposit:
//! the identity pallet's `release_registration_deposit` is charged on top when one does.

use super::*;
use crate::Pallet as RecordsPallet;
use caduceus_primitives::retained_log::{self, LogEnds, RetainedEnds};
use caduceus_primitives::{
	benchmarking::{Participants, WalletKeys},
	Action, ConsentVerifier, DataCategories, DataCategory, Flag, OrgKind, PatientHooks, Purpose,
	Role,
};
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::RawOrigin;
use sp_runtime::{traits::Zero, Saturating};

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(<T as frame_system::Config>::RuntimeEvent::from(
		event,
	));
}

/// A patient who consented to everything by a physician of a hospital.
struct Scene<T: Config> {
	patient_account: T::AccountId,
	patient: PatientId,
	hospital: OrgId,
	physician: T::AccountId,
}

fn scene<T: Config>() -> Scene<T> {
	let patient_account: T::AccountId = account("patient", 0, 0);
	let patient = T::BenchmarkHelper::patient(&patient_account);
	let hospital = T::BenchmarkHelper::organisation(OrgKind::Hospital);
	let physician: T::AccountId = account("physician", 0, 0);
	T::BenchmarkHelper::practitioner(&physician, hospital, Role::Physician);
	consent::<T>(&patient_account, patient, &physician, hospital);
	served_before::<T>(patient);
	Scene { patient_account, patient, hospital, physician }
}

/// An organisation served `patient` before, so that the patient's registration deposit (if
/// any) was returned then: the path of almost every anchor, which the calls charge nothing for
/// beyond their benchmarks and which those must therefore take.
fn served_before<T: Config>(patient: PatientId) {
	T::PatientHooks::served(patient);
	assert!(T::PatientHooks::served(patient).is_zero(), "no deposit left to return");
}

/// `patient` consents to everything by `physician` of `hospital`, so that the consent check
/// takes its fast path at its worst: the calls charge nothing for the check on that path, which
/// the benchmarks must therefore take.
fn consent<T: Config>(
	patient_account: &T::AccountId,
	patient: PatientId,
	physician: &T::AccountId,
	hospital: OrgId,
) {
	T::BenchmarkHelper::consent(patient_account, patient, physician, hospital);
	for action in [Action::Read, Action::Write] {
		let check = T::ConsentVerifier::check(
			patient,
			physician,
			caduceus_primitives::category_slots::unkeyed_slot(DataCategory::Hiv),
			Purpose::Treatment,
			action,
		);
		assert!(check.answer.is_ok() && check.weight_beyond_fast_path.is_zero(), "the fast path");
	}
}

/// Another patient of `scene`'s hospital, who consented like the first.
fn another_patient<T: Config>(scene: &Scene<T>, i: u32) -> PatientId {
	let account: T::AccountId = account("patient", i, 0);
	let patient = T::BenchmarkHelper::patient(&account);
	consent::<T>(&account, patient, &scene.physician, scene.hospital);
	served_before::<T>(patient);
	patient
}

/// A patient whose account is `signer`'s (a wallet key), who consented like `scene`'s.
fn another_signing_patient<T: Config>(scene: &Scene<T>, signer: &T::AccountId) -> PatientId {
	let patient = T::BenchmarkHelper::patient(signer);
	consent::<T>(signer, patient, &scene.physician, scene.hospital);
	served_before::<T>(patient);
	patient
}

/// A distinct content hash for `n`.
fn hash(n: u32) -> ContentHash {
	let mut bytes = [0xAB; 32];
	bytes[..4].copy_from_slice(&n.to_le_bytes());
	ContentHash::from(bytes)
}

/// The longest pointer.
fn pointer<T: Config>() -> PointerOf<T> {
	alloc::vec![7u8; T::MaxPointerLength::get() as usize].try_into().expect("the bound's length")
}

fn document<T: Config>(patient: PatientId, n: u32) -> NewRecordOf<T> {
	NewRecord {
		patient,
		content_hash: hash(n),
		pointer: pointer::<T>(),
		category: caduceus_primitives::category_slots::unkeyed_slot(DataCategory::Hiv),
	}
}

/// The physician anchors document `n`; its identifier.
fn anchored<T: Config>(scene: &Scene<T>, n: u32) -> RecordId {
	RecordsPallet::<T>::do_anchor(&scene.physician, document::<T>(scene.patient, n))
		.expect("the physician has consent")
		.0
}

/// A scene at block time `AuditRetention`, so that entries written at block time 0 have
/// expired: every log a call appends to then removes the expired entries it finds at its front
/// (two at most, the longest path).
fn aged_scene<T: Config>() -> Scene<T> {
	T::BenchmarkHelper::set_time(now::<T>());
	scene::<T>()
}

/// The block time of the aged scene: entries written at block time 0 have expired, entries
/// written now have not.
fn now<T: Config>() -> Moment {
	T::AuditRetention::get()
}

/// The time of entry `sequence` of a log of `n` expired entries and a fresh one.
fn written_at<T: Config>(sequence: u64, n: u64) -> Moment {
	if sequence < n {
		0
	} else {
		now::<T>()
	}
}

/// The ends of a log of `n` entries written at block time 0 and one written now.
fn expired_ends<T: Config>(n: u64) -> RetainedEnds {
	RetainedEnds { oldest: 0, next: n + 1, oldest_at: written_at::<T>(0, n) }
}

/// `n` entries written at block time 0, then one written now, at the front of `patient`'s
/// trail: an append removes up to two expired ones, reading the entry after each (with `n` at
/// most 2, the last one read is the fresh one: the longest path). With `n` = 0 the ends say the
/// oldest entry is fresh and no entry is read.
fn expired_trail<T: Config>(patient: PatientId, actor: &T::AccountId, n: u64) {
	for sequence in 0..=n {
		let entry = AuditEntry {
			sequence,
			at: written_at::<T>(sequence, n),
			block: Default::default(),
			actor: actor.clone(),
			organisation: None,
			event: AuditEvent::FurtherDenials { attempts: 1 },
		};
		AuditTrail::<T>::insert(patient, sequence, entry);
	}
	AuditEnds::<T>::insert(patient, expired_ends::<T>(n));
}

/// `n` references written at block time 0, then one written now, at the front of `actor`'s
/// index (see [`expired_trail`]).
fn expired_actor_index<T: Config>(actor: &T::AccountId, n: u64) {
	for sequence in 0..=n {
		let at = written_at::<T>(sequence, n);
		ActorTrail::<T>::insert(actor, sequence, TrailRef { patient: 0, sequence, at });
	}
	ActorTrailEnds::<T>::insert(actor, expired_ends::<T>(n));
}

/// `n` references written at block time 0, then one written now, at the front of
/// `organisation`'s index (see [`expired_trail`]).
fn expired_organisation_index<T: Config>(organisation: OrgId, n: u64) {
	for sequence in 0..=n {
		let at = written_at::<T>(sequence, n);
		OrganisationTrail::<T>::insert(
			organisation,
			sequence,
			TrailRef { patient: 0, sequence, at },
		);
	}
	OrganisationTrailEnds::<T>::insert(organisation, expired_ends::<T>(n));
}

/// `expired` expired entries then a fresh one at the front of each log an append by `scene`'s
/// physician to its patient's trail writes to: `appends` appends remove two each for
/// `expired` = 2 × `appends`.
fn expired_entries<T: Config>(scene: &Scene<T>, expired: u64) {
	expired_trail::<T>(scene.patient, &scene.physician, expired);
	expired_actor_index::<T>(&scene.physician, expired);
	expired_organisation_index::<T>(scene.hospital, expired);
}

/// Gives `who` enough to pay many audit-entry fees.
fn fund<T: Config>(who: &T::AccountId) {
	use frame_support::traits::fungible::{Inspect, Mutate};
	let amount = T::AuditEntryFee::get()
		.saturating_mul(1_000u32.into())
		.saturating_add(T::Currency::minimum_balance().saturating_mul(10u32.into()));
	T::Currency::set_balance(who, amount);
}

/// A researcher of a sponsor whose trial collects every category, with `scene`'s patient's
/// consent; the researcher and the trial.
fn trial<T: Config>(scene: &Scene<T>) -> (T::AccountId, TrialId) {
	let sponsor = T::BenchmarkHelper::organisation(OrgKind::ResearchSponsor);
	let researcher: T::AccountId = account("researcher", 0, 0);
	T::BenchmarkHelper::practitioner(&researcher, sponsor, Role::Researcher);
	let protocol = hash(1_000);
	T::BenchmarkHelper::research_consent(
		&scene.patient_account,
		scene.patient,
		&researcher,
		sponsor,
		protocol,
	);
	let categories = DataCategories::of(DataCategory::ALL);
	RecordsPallet::<T>::do_register_trial(researcher.clone(), protocol, pointer::<T>(), categories)
		.expect("a researcher of a sponsor registers");
	let check = T::ConsentVerifier::check_for_document(
		scene.patient,
		&researcher,
		Purpose::Research,
		Action::Read,
		protocol,
	);
	assert!(check.answer.is_ok() && check.weight_beyond_fast_path.is_zero(), "the fast path");
	(researcher, NextTrialId::<T>::get() - 1)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `p`: the expired entries each of the three audit logs removes before appending.
	#[benchmark]
	fn anchor(p: Linear<0, { retained_log::PRUNED_PER_APPEND }>) {
		let scene = aged_scene::<T>();
		expired_entries::<T>(&scene, p.into());
		let new = document::<T>(scene.patient, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.physician.clone()), new);

		assert_eq!(RecordsPallet::<T>::verify_document(hash(0), None).anchors.len(), 1);
	}

	#[benchmark]
	fn anchor_batch(n: Linear<1, { T::MaxBatchSize::get() }>) {
		// Each document of another patient: nothing read for one is cached for the next.
		let scene = aged_scene::<T>();
		let patients: alloc::vec::Vec<_> =
			(1..=n).map(|i| another_patient::<T>(&scene, i)).collect();
		for patient in &patients {
			expired_trail::<T>(*patient, &scene.physician, 2);
		}
		expired_actor_index::<T>(&scene.physician, 2 * u64::from(n));
		expired_organisation_index::<T>(scene.hospital, 2 * u64::from(n));
		let documents: alloc::vec::Vec<_> =
			patients.iter().zip(0..).map(|(patient, i)| document::<T>(*patient, i)).collect();
		let documents: BoundedVec<_, _> = documents.try_into().expect("at most MaxBatchSize");

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.physician.clone()), documents);

		for patient in patients {
			assert_eq!(AuditEnds::<T>::get(patient).ends(), LogEnds { oldest: 2, next: 4 });
		}
	}

	#[benchmark]
	fn amend() {
		let scene = aged_scene::<T>();
		expired_entries::<T>(&scene, 4);
		let record = anchored(&scene, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.physician.clone()), record, hash(1), pointer::<T>());

		assert!(Anchors::<T>::get(record).expect("anchored").superseded_by.is_some());
	}

	/// `p`: the expired entries each of the three audit logs removes before appending. The
	/// longest path otherwise: a new entry, paid for.
	#[benchmark]
	fn request_access(p: Linear<0, { retained_log::PRUNED_PER_APPEND }>) {
		let scene = aged_scene::<T>();
		let record = anchored(&scene, 0);
		// The anchor's entries give way to `p` expired ones and a fresh one in each log.
		expired_entries::<T>(&scene, p.into());
		fund::<T>(&scene.physician);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.physician.clone()), record, Purpose::Treatment);

		let next = u64::from(p) + 2;
		assert_eq!(AuditEnds::<T>::get(scene.patient).ends(), LogEnds { oldest: p.into(), next });
		assert_eq!(OrganisationTrailEnds::<T>::get(scene.hospital).oldest, u64::from(p));
	}

	#[benchmark]
	fn erase(v: Linear<1, { T::MaxVersions::get() }>) {
		// The organisation's privacy officer on the patient's wallet-signed request: the longer
		// path (a signature to verify, a nonce to use).
		let mut scene = aged_scene::<T>();
		let signer = T::BenchmarkHelper::new_signer();
		scene.patient = another_signing_patient::<T>(&scene, &signer);
		// The v anchors and amendments of the setup, then the erasure, each remove two.
		expired_entries::<T>(&scene, 2 * (u64::from(v) + 1));
		let officer: T::AccountId = account("officer", 0, 0);
		expired_actor_index::<T>(&officer, 2);
		let mut record = anchored(&scene, 0);
		for n in 1..v {
			RecordsPallet::<T>::do_amend(&scene.physician, record, hash(n), pointer::<T>())
				.expect("the author amends");
			record = NextRecordId::<T>::get() - 1;
		}
		T::BenchmarkHelper::practitioner(&officer, scene.hospital, Role::PrivacyOfficer);
		let request = ErasureRequest {
			domain: ERASURE_REQUEST_DOMAIN,
			genesis_hash: frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()),
			patient: scene.patient,
			signer: signer.clone(),
			nonce: 0,
			expires_at: RecordsPallet::<T>::now() + T::MaxErasureRequestLifetime::get(),
			record,
		};
		let signature = T::BenchmarkHelper::sign(&signer, &request.encode());

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), record, Some(SignedErasureRequest { request, signature }));

		assert!(Pointers::<T>::get(record).is_none());
		assert_eq!(RecordsPallet::<T>::version_ids(record - (v - 1) as u64).len() as u32, v);
	}

	#[benchmark]
	fn register_trial() {
		let sponsor = T::BenchmarkHelper::organisation(OrgKind::ResearchSponsor);
		let researcher: T::AccountId = account("researcher", 0, 0);
		T::BenchmarkHelper::practitioner(&researcher, sponsor, Role::Researcher);
		let categories = DataCategories::of(DataCategory::ALL);

		#[extrinsic_call]
		_(RawOrigin::Signed(researcher), hash(0), pointer::<T>(), categories);

		assert!(Trials::<T>::contains_key(NextTrialId::<T>::get() - 1));
	}

	#[benchmark]
	fn enrol() {
		let scene = aged_scene::<T>();
		let (researcher, trial) = trial::<T>(&scene);
		let sponsor = Trials::<T>::get(trial).expect("registered").sponsor;
		expired_trail::<T>(scene.patient, &researcher, 2);
		expired_actor_index::<T>(&researcher, 2);
		expired_organisation_index::<T>(sponsor, 2);

		#[extrinsic_call]
		_(RawOrigin::Signed(researcher), trial, scene.patient);

		assert!(Enrolments::<T>::contains_key(trial, scene.patient));
	}

	#[benchmark]
	fn anchor_trial_results() {
		let scene = scene::<T>();
		let (researcher, trial) = trial::<T>(&scene);
		RecordsPallet::<T>::do_enrol(researcher.clone(), trial, scene.patient).expect("consented");
		let protocol = Trials::<T>::get(trial).expect("registered").first_protocol;
		RecordsPallet::<T>::do_amend(&researcher, protocol, hash(1_001), pointer::<T>())
			.expect("the sponsor amends");
		let amendment = NextRecordId::<T>::get() - 1;

		#[extrinsic_call]
		_(RawOrigin::Signed(researcher), trial, amendment, hash(1_002), pointer::<T>());

		assert_last_event::<T>(Event::TrialResultsAnchored {
			trial,
			record: NextRecordId::<T>::get() - 1,
			protocol: amendment,
			current_protocol: amendment,
			amended_after_enrolment: true,
		});
	}

	impl_benchmark_test_suite!(RecordsPallet, crate::mock::new_test_ext(), crate::mock::Test);
}
