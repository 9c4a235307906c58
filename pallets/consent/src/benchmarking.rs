//! Benchmarks of every call and of one check, at their worst case (full per-pair lists, full
//! block lists, the most excluded practitioners) or, for grants, over the list lengths that a
//! grant is charged by.

use super::*;
use crate::Pallet as ConsentPallet;
use alloc::vec::Vec;
use caduceus_primitives::{
	benchmarking::{Participants, WalletKeys},
	category_slots::{unkeyed_slot, unkeyed_slots},
	AccessDenial, Action, Actions, ConsentId, DataCategories, DataCategory, OrgKind, Purpose,
	Purposes, Role,
};
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_runtime::traits::{One, Zero};

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(<T as frame_system::Config>::RuntimeEvent::from(
		event,
	));
}

/// A patient, their account, and a hospital.
struct Scene<T: Config> {
	patient_account: T::AccountId,
	patient: PatientId,
	hospital: OrgId,
}

fn scene<T: Config>() -> Scene<T> {
	let patient_account: T::AccountId = account("patient", 0, 0);
	let patient = T::BenchmarkHelper::patient(&patient_account);
	let hospital = T::BenchmarkHelper::organisation(OrgKind::Hospital);
	Scene { patient_account, patient, hospital }
}

/// A scene whose patient's account is a key pair in the keystore, so that it signs payloads.
fn signing_scene<T: Config>() -> Scene<T> {
	let patient_account = T::BenchmarkHelper::new_signer();
	let patient = T::BenchmarkHelper::patient(&patient_account);
	let hospital = T::BenchmarkHelper::organisation(OrgKind::Hospital);
	Scene { patient_account, patient, hospital }
}

/// `signer`'s wallet signature of `payload`, as a wallet makes it (`<Bytes>`-wrapped).
fn wallet_signature<T: Config>(signer: &T::AccountId, payload: &impl Encode) -> T::WalletSignature {
	T::BenchmarkHelper::sign(
		signer,
		&caduceus_primitives::wallet::wallet_wrapped(&payload.encode()),
	)
}

/// `MaxExcluded` practitioners, none of whom is `accessor`.
fn exclusions<T: Config>() -> Exceptions<T::AccountId, T::MaxExcluded> {
	let practitioners: Vec<T::AccountId> =
		(0..T::MaxExcluded::get()).map(|i| account("excluded", i, 0)).collect();
	Exceptions {
		categories: unkeyed_slots(DataCategories::of(&[DataCategory::Imaging])),
		practitioners: practitioners.try_into().expect("MaxExcluded of them"),
	}
}

/// The widest terms for `grantee`: every exclusion, the longest period.
fn widest_terms<T: Config>(grantee: Party<T::AccountId>) -> ConsentTermsOf<T> {
	let exceptions = match grantee {
		Party::Organisation(_) => exclusions::<T>(),
		Party::Practitioner(_) => Default::default(),
	};
	ConsentTerms {
		grantee,
		categories: unkeyed_slots(DataCategories::broad()),
		purposes: Purposes::of(&[Purpose::Treatment, Purpose::EmergencyTreatment]),
		actions: Actions::of(&[Action::Write]),
		roles: Default::default(),
		valid_from: None,
		valid_until: T::Time::now() + T::MaxConsentDuration::get(),
		exceptions,
		source_document: Some(Default::default()),
	}
}

/// `count` revoked treatment grants of the scene's patient to `grantee` (widest terms), with
/// ids from `first`: a pair list as the treatment check reads it.
fn treatment_grants<T: Config>(
	scene: &Scene<T>,
	grantee: &Party<T::AccountId>,
	first: ConsentId,
	count: u32,
) -> PairConsentsOf<T> {
	let terms = widest_terms::<T>(grantee.clone());
	let grants: Vec<_> = (0..count as ConsentId)
		.map(|n| Grant {
			id: first + n,
			categories: terms.categories,
			purposes: terms.purposes,
			actions: terms.actions,
			roles: Default::default(),
			valid_from: Zero::zero(),
			valid_until: terms.valid_until,
			exceptions: terms.exceptions.clone(),
			source_document: terms.source_document,
			granted_by: scene.patient_account.clone(),
			granted_at: Zero::zero(),
			signed_in_wallet: false,
			revoked_in: Some(Zero::zero()),
		})
		.collect();
	grants.try_into().expect("at most MaxConsentsPerGrantee of them")
}

/// Gives `grantee` `count` grants from the scene's patient.
fn grants<T: Config>(scene: &Scene<T>, grantee: Party<T::AccountId>, count: u32) {
	for _ in 0..count {
		ConsentPallet::<T>::do_grant(
			scene.patient,
			scene.patient_account.clone(),
			widest_terms::<T>(grantee.clone()),
			false,
		)
		.expect("within the bounds");
	}
}

/// The widest terms for `grantee`, after the scene's patient made `earlier` such grants to it
/// and blocked `blocked` strangers: what a grant's cost depends on.
fn widest_terms_after<T: Config>(
	scene: &Scene<T>,
	grantee: &Party<T::AccountId>,
	earlier: u32,
	blocked: u32,
) -> ConsentTermsOf<T> {
	grants::<T>(scene, grantee.clone(), earlier);
	block_strangers::<T>(scene, blocked);
	widest_terms::<T>(grantee.clone())
}

/// Fills the patient's block list with `count` accounts that are not `T`'s practitioners.
fn block_strangers<T: Config>(scene: &Scene<T>, count: u32) {
	for i in 0..count {
		let stranger = Party::Practitioner(account("blocked", i, 0));
		ConsentPallet::<T>::do_block(scene.patient, stranger, scene.patient_account.clone())
			.expect("within the bound");
	}
}

/// A practitioner of the scene's hospital with `role`.
fn practitioner<T: Config>(scene: &Scene<T>, name: &'static str, role: Role) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	T::BenchmarkHelper::practitioner(&who, scene.hospital, role);
	who
}

fn next_block<T: Config>() {
	let next = frame_system::Pallet::<T>::block_number() + One::one();
	frame_system::Pallet::<T>::set_block_number(next);
}

/// Declares an emergency access by `who` and returns it.
fn emergency<T: Config>(scene: &Scene<T>, who: &T::AccountId) -> EmergencyAccessId {
	ConsentPallet::<T>::do_declare_emergency_access(
		who.clone(),
		scene.patient,
		EmergencyReason::LifeThreatening,
		Default::default(),
	)
	.expect("a hospital practitioner in good standing");
	NextEmergencyAccessId::<T>::get() - 1
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// To a practitioner, after `c` grants to them, with `b` parties blocked: checking a
	/// practitioner reads their standing, their organisation's and the block list.
	#[benchmark]
	fn grant_to_practitioner(
		c: Linear<0, { T::MaxConsentsPerGrantee::get() - 1 }>,
		b: Linear<0, { T::MaxBlocked::get() }>,
	) {
		let scene = scene::<T>();
		let grantee = Party::Practitioner(practitioner::<T>(&scene, "physician", Role::Physician));
		let terms = widest_terms_after::<T>(&scene, &grantee, c, b);

		#[extrinsic_call]
		grant(RawOrigin::Signed(scene.patient_account.clone()), scene.patient, terms);

		assert_eq!(Consents::<T>::get(scene.patient, grantee).len() as u32, c + 1);
	}

	/// To an organisation, after `c` grants to it, with `b` parties blocked; every grant
	/// excludes `MaxExcluded` practitioners, so that the grants stored are the largest.
	#[benchmark]
	fn grant_to_organisation(
		c: Linear<0, { T::MaxConsentsPerGrantee::get() - 1 }>,
		b: Linear<0, { T::MaxBlocked::get() }>,
	) {
		let scene = scene::<T>();
		let grantee = Party::Organisation(scene.hospital);
		let terms = widest_terms_after::<T>(&scene, &grantee, c, b);

		#[extrinsic_call]
		grant(RawOrigin::Signed(scene.patient_account.clone()), scene.patient, terms);

		assert_eq!(Consents::<T>::get(scene.patient, grantee).len() as u32, c + 1);
	}

	/// To an organisation with the lists full, every practitioner excluded: the longest payload
	/// to hash and check. The call is charged this less `grant_to_organisation` at full lists,
	/// plus the grant's own path.
	#[benchmark]
	fn grant_signed() {
		let scene = signing_scene::<T>();
		let (signer, patient) = (scene.patient_account.clone(), scene.patient);
		let grantee = Party::Organisation(scene.hospital);
		let (earlier, blocked) = (T::MaxConsentsPerGrantee::get() - 1, T::MaxBlocked::get());
		let terms = widest_terms_after::<T>(&scene, &grantee, earlier, blocked);
		let consent = SignedConsent {
			domain: SIGNED_CONSENT_DOMAIN,
			genesis_hash: frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()),
			patient,
			signer: signer.clone(),
			nonce: 0,
			expires_at: T::Time::now() + 1,
			terms,
		};
		let signature = wallet_signature::<T>(&signer, &consent);
		let submitter: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), consent, signature);

		assert_eq!(PatientCounters::<T>::get(patient).signed_nonce, 1);
	}

	#[benchmark]
	fn revoke() {
		let scene = scene::<T>();
		let grantee = Party::Organisation(scene.hospital);
		grants::<T>(&scene, grantee, T::MaxConsentsPerGrantee::get());
		let last = NextConsentId::<T>::get() - 1;

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.patient_account.clone()), scene.patient, last);

		let pair = Consents::<T>::get(scene.patient, Party::Organisation(scene.hospital));
		assert!(pair.last().is_some_and(|revoked| revoked.revoked_in.is_some()));
	}

	#[benchmark]
	fn remove_ended() {
		let scene = scene::<T>();
		grants::<T>(&scene, Party::Organisation(scene.hospital), T::MaxConsentsPerGrantee::get());
		let last = NextConsentId::<T>::get() - 1;
		ConsentPallet::<T>::do_revoke(scene.patient, last, scene.patient_account.clone())
			.expect("granted above");
		next_block::<T>();
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), scene.patient, last);

		assert_last_event::<T>(Event::ConsentRemoved {
			consent: last,
			patient: scene.patient,
			removed_by: caller,
		});
	}

	#[benchmark]
	fn block() {
		let scene = scene::<T>();
		block_strangers::<T>(&scene, T::MaxBlocked::get() - 1);
		let party = Party::Organisation(scene.hospital);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.patient_account.clone()), scene.patient, party.clone());

		assert!(BlockList::<T>::get(scene.patient).contains(&party));
	}

	#[benchmark]
	fn unblock() {
		let scene = scene::<T>();
		block_strangers::<T>(&scene, T::MaxBlocked::get());
		let last = Party::Practitioner(account("blocked", T::MaxBlocked::get() - 1, 0));

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.patient_account.clone()), scene.patient, last.clone());

		assert!(!BlockList::<T>::get(scene.patient).contains(&last));
	}

	#[benchmark]
	fn declare_emergency_access() {
		let scene = scene::<T>();
		block_strangers::<T>(&scene, T::MaxBlocked::get());
		let physician = practitioner::<T>(&scene, "physician", Role::Physician);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(physician.clone()),
			scene.patient,
			EmergencyReason::LifeThreatening,
			Default::default(),
		);

		assert!(ActiveEmergency::<T>::contains_key(scene.patient, &physician));
	}

	#[benchmark]
	fn review_emergency_access() {
		let scene = scene::<T>();
		let physician = practitioner::<T>(&scene, "physician", Role::Physician);
		let officer = practitioner::<T>(&scene, "officer", Role::PrivacyOfficer);
		let access = emergency::<T>(&scene, &physician);
		// One more unjustified finding bars the physician: the worst case.
		EmergencyStandings::<T>::mutate(&physician, |s| {
			s.unjustified = T::MaxUnjustifiedEmergencies::get() - 1
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), access, Verdict::Unjustified, Default::default());

		assert_last_event::<T>(Event::EmergencyPrivilegeBarred { practitioner: physician });
	}

	#[benchmark]
	fn close_emergency_access() {
		let scene = scene::<T>();
		let physician = practitioner::<T>(&scene, "physician", Role::Physician);
		let officer = practitioner::<T>(&scene, "officer", Role::PrivacyOfficer);
		let access = emergency::<T>(&scene, &physician);
		ConsentPallet::<T>::do_review_emergency_access(
			officer,
			access,
			Verdict::Justified,
			Default::default(),
		)
		.expect("the hospital's privacy officer");
		// Block time cannot be moved here: end the window where it stands.
		EmergencyAccesses::<T>::mutate(access, |a| {
			if let Some(a) = a {
				a.ends_at = T::Time::now()
			}
		});
		ActiveEmergency::<T>::insert(scene.patient, &physician, (access, T::Time::now()));
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), access);

		assert!(!EmergencyAccesses::<T>::contains_key(access));
	}

	#[benchmark]
	fn set_emergency_reviewer() -> Result<(), BenchmarkError> {
		let organisation = T::BenchmarkHelper::organisation(OrgKind::Hospital);
		let reviewer = T::BenchmarkHelper::organisation(OrgKind::Hospital);
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, organisation, Some(reviewer));

		assert_eq!(EmergencyReviewers::<T>::get(organisation), Some(reviewer));
		Ok(())
	}

	#[benchmark]
	fn restore_emergency_privilege() -> Result<(), BenchmarkError> {
		let practitioner: T::AccountId = account("physician", 0, 0);
		EmergencyStandings::<T>::insert(
			&practitioner,
			EmergencyStanding {
				unreviewed: 0,
				unjustified: T::MaxUnjustifiedEmergencies::get(),
				barred: true,
			},
		);
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, practitioner.clone());

		assert_eq!(EmergencyStandings::<T>::get(&practitioner).unjustified, 0);
		Ok(())
	}

	#[benchmark]
	fn revoke_signed() {
		let scene = signing_scene::<T>();
		let (signer, patient) = (scene.patient_account.clone(), scene.patient);
		grants::<T>(&scene, Party::Organisation(scene.hospital), T::MaxConsentsPerGrantee::get());
		let last = NextConsentId::<T>::get() - 1;
		let revocation = SignedRevocation {
			domain: SIGNED_REVOCATION_DOMAIN,
			genesis_hash: frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()),
			patient,
			signer: signer.clone(),
			nonce: 0,
			expires_at: T::Time::now() + 1,
			consent: last,
		};
		let signature = wallet_signature::<T>(&signer, &revocation);
		let submitter: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), revocation, signature);

		assert_eq!(PatientCounters::<T>::get(patient).signed_nonce, 1);
	}

	#[benchmark]
	fn cancel_signed_consents() {
		let scene = scene::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.patient_account.clone()), scene.patient);

		assert_eq!(PatientCounters::<T>::get(scene.patient).signed_nonce, 1);
	}

	/// One check at its worst: the accessor's own and its organisation's pair lists full of
	/// grants that fail only at the last term, a full block list of others, a full exclusion list
	/// in each grant.
	#[benchmark]
	fn check() {
		let scene = scene::<T>();
		let physician = practitioner::<T>(&scene, "physician", Role::Physician);
		block_strangers::<T>(&scene, T::MaxBlocked::get());
		let full = || -> PairConsentsOf<T> {
			let terms = widest_terms::<T>(Party::Organisation(scene.hospital));
			let denying = Grant {
				id: 0,
				categories: terms.categories,
				purposes: terms.purposes,
				actions: terms.actions,
				roles: Default::default(),
				valid_from: Zero::zero(),
				valid_until: terms.valid_until,
				exceptions: terms.exceptions,
				source_document: terms.source_document,
				granted_by: scene.patient_account.clone(),
				granted_at: Zero::zero(),
				signed_in_wallet: false,
				revoked_in: None,
			};
			alloc::vec![denying; T::MaxConsentsPerGrantee::get() as usize]
				.try_into()
				.expect("MaxConsentsPerGrantee of them")
		};
		for grantee in [Party::Practitioner(physician.clone()), Party::Organisation(scene.hospital)]
		{
			Consents::<T>::insert(scene.patient, &grantee, full());
		}
		let answer;

		#[block]
		{
			answer = ConsentPallet::<T>::do_check_by_path(
				scene.patient,
				&physician,
				Some(unkeyed_slot(DataCategory::LabResults)),
				None,
				Purpose::EmergencyTreatment,
				Action::Read,
			)
			.0;
		}

		assert_eq!(answer, Err(AccessDenial::ActionNotCovered));
	}

	/// A claim's treatment check at its worst: both pair lists full of treatment grants, each
	/// revoked (its own revocation time read) by the time asked about, then an emergency
	/// access of the practitioner that ended by then.
	#[benchmark]
	fn treated() {
		let scene = scene::<T>();
		let physician = practitioner::<T>(&scene, "physician", Role::Physician);
		let at = T::Time::now();
		let full = T::MaxConsentsPerGrantee::get();
		for (first, grantee) in
			[Party::Practitioner(physician.clone()), Party::Organisation(scene.hospital)]
				.into_iter()
				.enumerate()
		{
			let pair = treatment_grants::<T>(&scene, &grantee, first as u64 * full as u64, full);
			for grant in &pair {
				RevokedAt::<T>::insert(grant.id, at);
			}
			Consents::<T>::insert(scene.patient, &grantee, pair);
		}
		// The emergency access is read to its end: it ended as the question's time came.
		let access = emergency::<T>(&scene, &physician);
		EmergencyAccesses::<T>::mutate(access, |access| {
			if let Some(access) = access {
				access.ends_at = at;
			}
		});
		let answer;

		#[block]
		{
			answer = ConsentPallet::<T>::do_treated(scene.patient, scene.hospital, &physician, at);
		}

		assert_eq!(answer, (false, false), "not treated, the worst way");
	}

	impl_benchmark_test_suite!(ConsentPallet, crate::mock::new_test_ext(), crate::mock::Test);
}
