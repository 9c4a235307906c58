//! Benchmarks of every call, at its worst case.

use super::*;
use crate::Pallet as HealthIdentity;
use alloc::vec;
use caduceus_primitives::{benchmarking::WalletKeys, PatientHooks};
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use frame_system::RawOrigin;
use sp_runtime::traits::Zero;

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(<T as frame_system::Config>::RuntimeEvent::from(
		event,
	));
}

fn longest_name<T: Config>() -> BoundedVec<u8, T::MaxNameLength> {
	vec![b'n'; T::MaxNameLength::get() as usize].try_into().expect("fits by construction")
}

fn fullest_identifiers<T: Config>() -> PublicIdentifiersOf<T> {
	PublicIdentifiers {
		gln: Some(*b"0614141000036"),
		npi: Some(*b"1234567893"),
		licence: Some(vec![b'l'; T::MaxLicenceLength::get() as usize].try_into().expect("fits")),
	}
}

/// Registers an active organisation administered by `admin`, returning its id.
fn organisation<T: Config>(admin: &T::AccountId) -> OrgId {
	HealthIdentity::<T>::do_register_organisation(
		OrgKind::Hospital,
		longest_name::<T>(),
		fullest_identifiers::<T>(),
		admin.clone(),
	)
	.expect("a fresh admin registers");
	NextOrganisationId::<T>::get() - 1
}

/// Fills `org` up to `count` practitioners.
fn practitioners<T: Config>(admin: &T::AccountId, count: u32) {
	for i in 0..count {
		HealthIdentity::<T>::do_attest_practitioner(
			admin,
			account("practitioner", i, 0),
			Role::Nurse,
			H256::zero(),
			None,
		)
		.expect("below the bound");
	}
}

/// Gives `who` enough to hold registration deposits and pay for what it does.
fn fund<T: Config>(who: &T::AccountId) {
	use frame_support::traits::fungible::{Inspect, Mutate};
	use sp_runtime::Saturating;
	let enough = T::Currency::minimum_balance()
		.saturating_add(T::RegistrationDeposit::get())
		.saturating_mul(100u32.into());
	T::Currency::set_balance(who, enough);
}

/// Registers `who` as a patient with `guardians` guardians.
fn patient<T: Config>(who: &T::AccountId, guardians: u32) -> PatientId {
	fund::<T>(who);
	HealthIdentity::<T>::do_register_patient_self(who.clone(), Some(H256::zero()))
		.expect("a fresh account registers");
	FreeRegistrationsThisBlock::<T>::kill();
	let id = PatientByAccount::<T>::get(who).expect("just registered");
	for i in 0..guardians {
		HealthIdentity::<T>::do_appoint_guardian(
			id,
			account("guardian", i, 0),
			GuardianScope::Records,
			None,
			Appointer::Patient,
		)
		.expect("below the bound");
	}
	id
}

/// Makes `guardian` the last guardian of `n` new patients, each with a full list of guardians.
fn guards<T: Config>(guardian: &T::AccountId, n: u32) {
	guards_more::<T>(guardian, n, 0)
}

/// Like [`guards`], with patients and guardians numbered from `first`.
fn guards_more<T: Config>(guardian: &T::AccountId, n: u32, first: u32) {
	for i in first..first + n {
		let ward: T::AccountId = account("other ward", i, 0);
		fund::<T>(&ward);
		HealthIdentity::<T>::do_register_patient_self(ward.clone(), None)
			.expect("a fresh account registers");
		FreeRegistrationsThisBlock::<T>::kill();
		let id = PatientByAccount::<T>::get(&ward).expect("just registered");
		for j in 0..T::MaxGuardians::get() - 1 {
			HealthIdentity::<T>::do_appoint_guardian(
				id,
				account("other guardian", i * 1_000 + j, 0),
				GuardianScope::Records,
				None,
				Appointer::Patient,
			)
			.expect("below the bound");
		}
		HealthIdentity::<T>::do_appoint_guardian(
			id,
			guardian.clone(),
			GuardianScope::All,
			None,
			Appointer::Patient,
		)
		.expect("below the bounds");
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_organisation() -> Result<(), BenchmarkError> {
		let admin: T::AccountId = account("admin", 0, 0);
		// The chain may start with organisations (the development chain's demo data).
		let organisation = NextOrganisationId::<T>::get();
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			OrgKind::Hospital,
			longest_name::<T>(),
			fullest_identifiers::<T>(),
			admin.clone(),
		);

		assert_last_event::<T>(Event::OrganisationRegistered {
			organisation,
			kind: OrgKind::Hospital,
			admin,
		});
		Ok(())
	}

	#[benchmark]
	fn suspend_organisation() -> Result<(), BenchmarkError> {
		let org = organisation::<T>(&account("admin", 0, 0));
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);

		assert_last_event::<T>(Event::OrganisationSuspended { organisation: org });
		Ok(())
	}

	#[benchmark]
	fn reinstate_organisation() -> Result<(), BenchmarkError> {
		let org = organisation::<T>(&account("admin", 0, 0));
		HealthIdentity::<T>::do_suspend_organisation(org)?;
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);

		assert_last_event::<T>(Event::OrganisationReinstated { organisation: org });
		Ok(())
	}

	#[benchmark]
	fn revoke_organisation() -> Result<(), BenchmarkError> {
		let org = organisation::<T>(&account("admin", 0, 0));
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);

		assert_last_event::<T>(Event::OrganisationRevoked { organisation: org });
		Ok(())
	}

	#[benchmark]
	fn change_organisation_admin() -> Result<(), BenchmarkError> {
		let old_admin: T::AccountId = account("admin", 0, 0);
		let new_admin: T::AccountId = account("admin", 1, 0);
		let org = organisation::<T>(&old_admin);
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org, new_admin.clone());

		assert_last_event::<T>(Event::OrganisationAdminChanged {
			organisation: org,
			old_admin,
			new_admin,
		});
		Ok(())
	}

	#[benchmark]
	fn attest_practitioner() {
		let admin: T::AccountId = whitelisted_caller();
		let org = organisation::<T>(&admin);
		practitioners::<T>(&admin, T::MaxPractitionersPerOrganisation::get() - 1);
		let practitioner: T::AccountId = account("new practitioner", 0, 0);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(admin),
			practitioner.clone(),
			Role::Physician,
			H256::zero(),
			Some(Moment::MAX),
		);

		assert_last_event::<T>(Event::PractitionerAttested {
			organisation: org,
			practitioner,
			role: Role::Physician,
			expires_at: Some(Moment::MAX),
		});
	}

	#[benchmark]
	fn revoke_practitioner() {
		let admin: T::AccountId = whitelisted_caller();
		let org = organisation::<T>(&admin);
		practitioners::<T>(&admin, T::MaxPractitionersPerOrganisation::get());
		let practitioner: T::AccountId = account("practitioner", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), practitioner.clone());

		assert_last_event::<T>(Event::PractitionerRevoked { organisation: org, practitioner });
	}

	#[benchmark]
	fn register_patient() {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let patient = NextPatientId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), Some(H256::zero()));

		assert!(RegistrationDeposits::<T>::contains_key(patient));
		assert!(PatientByAccount::<T>::get(&caller) == Some(patient));
	}

	/// Returning a self-registered patient's deposit when an organisation first serves them:
	/// what the records pallet's `anchor` charges on top of its own weight (whose benchmark
	/// finds no deposit) when it returns one.
	#[benchmark]
	fn release_registration_deposit() {
		let account: T::AccountId = account("patient", 0, 0);
		fund::<T>(&account);
		let patient = NextPatientId::<T>::get();
		HealthIdentity::<T>::do_register_patient_self(account, Some(H256::zero()))
			.expect("the patient registers");
		assert!(RegistrationDeposits::<T>::contains_key(patient));

		#[block]
		{
			<HealthIdentity<T> as PatientHooks>::served(patient);
		}

		assert!(!RegistrationDeposits::<T>::contains_key(patient));
	}

	#[benchmark]
	fn register_patient_at_intake() {
		let admin: T::AccountId = whitelisted_caller();
		let org = organisation::<T>(&admin);
		let patient_account = T::BenchmarkHelper::new_signer();
		let consent = IntakeConsent {
			domain: INTAKE_CONSENT_DOMAIN,
			genesis_hash: frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()),
			patient_account: patient_account.clone(),
			organisation: org,
			demographic_commitment: Some(H256::zero()),
			valid_until: Moment::MAX,
		};
		// Wallet-wrapped: the verification tries the raw payload first, so this is the worst case.
		let payload = caduceus_primitives::wallet::wallet_wrapped(&consent.encode());
		let signature = T::BenchmarkHelper::sign(&patient_account, &payload);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), consent, signature);

		assert_last_event::<T>(Event::PatientRegistered {
			patient: NextPatientId::<T>::get() - 1,
			account: patient_account,
			registered_by: Some(org),
		});
	}

	#[benchmark]
	fn set_demographic_commitment() {
		let caller: T::AccountId = whitelisted_caller();
		let id = patient::<T>(&caller, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), Some(H256::repeat_byte(1)));

		assert_last_event::<T>(Event::DemographicCommitmentChanged {
			patient: id,
			commitment: Some(H256::repeat_byte(1)),
		});
	}

	#[benchmark]
	fn initiate_patient_move() {
		let caller: T::AccountId = whitelisted_caller();
		let id = patient::<T>(&caller, 0);
		let to: T::AccountId = account("new account", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), to.clone());

		assert_last_event::<T>(Event::PatientMoveInitiated { patient: id, from: caller, to });
	}

	#[benchmark]
	fn accept_patient_move(
		w: Linear<0, { T::MaxWardsPerGuardian::get() }>,
	) -> Result<(), BenchmarkError> {
		// The moving patient has every guardian and guards `w` patients, each with every
		// guardian, the moving patient last.
		let from: T::AccountId = account("old account", 0, 0);
		let id = patient::<T>(&from, T::MaxGuardians::get());
		guards::<T>(&from, w);
		// Strangers named the new key guardian of `w` other patients: those are dropped.
		let to: T::AccountId = whitelisted_caller();
		fund::<T>(&to);
		guards_more::<T>(&to, w, 100);
		HealthIdentity::<T>::do_initiate_patient_move(&from, to.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(to.clone()), id);

		assert_last_event::<T>(Event::PatientMoved {
			patient: id,
			from: from.clone(),
			to: to.clone(),
		});
		assert_eq!(Wards::<T>::get(&to).len() as u32, w);
		assert!(!Wards::<T>::contains_key(&from));
		Ok(())
	}

	#[benchmark]
	fn cancel_patient_move() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let id = patient::<T>(&caller, 0);
		let to: T::AccountId = account("new account", 0, 0);
		HealthIdentity::<T>::do_initiate_patient_move(&caller, to.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller));

		assert_last_event::<T>(Event::PatientMoveCancelled { patient: id, to });
		Ok(())
	}

	#[benchmark]
	fn resign_guardianship() {
		// The last of a patient's full list of guardians, who guards as many patients as allowed.
		let owner: T::AccountId = account("ward", 0, 0);
		let id = patient::<T>(&owner, T::MaxGuardians::get());
		let last: T::AccountId = account("guardian", T::MaxGuardians::get() - 1, 0);
		guards::<T>(&last, T::MaxWardsPerGuardian::get() - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), id);

		assert_last_event::<T>(Event::GuardianResigned { patient: id, guardian: last });
	}

	#[benchmark]
	fn appoint_guardian(g: Linear<0, { T::MaxGuardians::get() - 1 }>) {
		let caller: T::AccountId = whitelisted_caller();
		let id = patient::<T>(&caller, g);
		let guardian: T::AccountId = account("new guardian", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), guardian.clone(), GuardianScope::All, Some(Moment::MAX));

		assert_last_event::<T>(Event::GuardianAppointed {
			patient: id,
			guardian,
			scope: GuardianScope::All,
			expires_at: Some(Moment::MAX),
			appointed_by: Appointer::Patient,
		});
	}

	#[benchmark]
	fn remove_guardian(g: Linear<1, { T::MaxGuardians::get() }>) {
		let caller: T::AccountId = whitelisted_caller();
		let id = patient::<T>(&caller, g);
		let last: T::AccountId = account("guardian", g - 1, 0);
		guards::<T>(&last, T::MaxWardsPerGuardian::get() - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, last.clone());

		assert_last_event::<T>(Event::GuardianRemoved { patient: id, guardian: last });
	}

	#[benchmark]
	fn set_storage_quota() -> Result<(), BenchmarkError> {
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let admin: T::AccountId = whitelisted_caller();
		let holder = Holder::Organisation(organisation::<T>(&admin));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, holder, Some(u32::MAX));

		assert_last_event::<T>(Event::StorageQuotaSet { holder, quota: Some(u32::MAX) });
		Ok(())
	}

	impl_benchmark_test_suite!(HealthIdentity, crate::mock::new_test_ext(), crate::mock::Test);
}
