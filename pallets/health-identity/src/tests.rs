//! What callers see: each call's success and each of its errors, and what the other pallets
//! read through `Registry`.

use crate::{mock::*, *};
use caduceus_primitives::{Registry, Standing};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::Pays, traits::Hooks, BoundedVec};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{AccountId32, DispatchError, MultiSignature};

type Error = crate::Error<Test>;
type Event = crate::Event<Test>;

const ADMIN: u8 = 1;
const DOCTOR: u8 = 2;
const NURSE: u8 = 3;
const GUARDIAN: u8 = 9;

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn signed(n: u8) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(n))
}

fn name(text: &str) -> BoundedVec<u8, <Test as Config>::MaxNameLength> {
	text.as_bytes().to_vec().try_into().unwrap()
}

fn no_identifiers() -> PublicIdentifiersOf<Test> {
	PublicIdentifiers { gln: None, npi: None, licence: None }
}

fn last_event() -> Event {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| if let RuntimeEvent::HealthIdentity(e) = r.event { Some(e) } else { None })
		.expect("an identity event")
}

/// Registers a hospital (id 0) administered by `ADMIN`.
fn hospital() -> OrgId {
	assert_ok!(HealthIdentity::register_organisation(
		root(),
		OrgKind::Hospital,
		name("St. Elsewhere"),
		no_identifiers(),
		account(ADMIN)
	));
	0
}

fn attest(who: u8, role: Role, expires_at: Option<Moment>) {
	assert_ok!(HealthIdentity::attest_practitioner(
		signed(ADMIN),
		account(who),
		role,
		H256::repeat_byte(who),
		expires_at
	));
}

/// Registers account `n` as a patient and returns the patient id.
fn patient(n: u8) -> PatientId {
	assert_ok!(HealthIdentity::register_patient(signed(n), None));
	PatientByAccount::<Test>::get(account(n)).unwrap()
}

/// Patient account `patient` appoints `guardian` in `scope`, without an end.
fn appoint(patient: u8, guardian: u8, scope: GuardianScope) {
	assert_ok!(HealthIdentity::appoint_guardian(signed(patient), account(guardian), scope, None));
}

fn registry_practitioner(n: u8) -> Option<caduceus_primitives::PractitionerInfo> {
	<HealthIdentity as Registry<AccountId32>>::practitioner(&account(n))
}

mod organisations {
	use super::*;

	#[test]
	fn the_consortium_registers_an_organisation_with_valid_identifiers() {
		run(|| {
			let identifiers = PublicIdentifiers {
				gln: Some(*b"0614141000036"),
				npi: Some(*b"1234567893"),
				licence: Some(b"LIC-42".to_vec().try_into().unwrap()),
			};
			assert_ok!(HealthIdentity::register_organisation(
				root(),
				OrgKind::Laboratory,
				name("Central Lab"),
				identifiers.clone(),
				account(ADMIN)
			));
			let org = Organisations::<Test>::get(0).unwrap();
			assert_eq!(
				(org.kind, org.status, org.identifiers),
				(OrgKind::Laboratory, OrgStatus::Active, identifiers)
			);
			assert_eq!(org.registered_at, START);
			assert_eq!(AdministeredBy::<Test>::get(account(ADMIN)), Some(0));
			assert_eq!(
				last_event(),
				Event::OrganisationRegistered {
					organisation: 0,
					kind: OrgKind::Laboratory,
					admin: account(ADMIN)
				}
			);
			assert_eq!(NextOrganisationId::<Test>::get(), 1);
		});
	}

	#[test]
	fn only_the_consortium_registers() {
		run(|| {
			assert_noop!(
				HealthIdentity::register_organisation(
					signed(5),
					OrgKind::Clinic,
					name("x"),
					no_identifiers(),
					account(ADMIN)
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn bad_registrations_are_refused() {
		run(|| {
			let with = |gln: Option<[u8; 13]>, npi: Option<[u8; 10]>| PublicIdentifiers {
				gln,
				npi,
				licence: None,
			};
			let register = |n: BoundedVec<u8, _>, ids, admin| {
				HealthIdentity::register_organisation(
					root(),
					OrgKind::Clinic,
					n,
					ids,
					account(admin),
				)
			};
			assert_noop!(register(name(""), no_identifiers(), ADMIN), Error::EmptyName);
			assert_noop!(
				register(name("x"), with(Some(*b"0614141000037"), None), ADMIN),
				Error::InvalidIdentifier
			);
			assert_noop!(
				register(name("x"), with(None, Some(*b"1234567890")), ADMIN),
				Error::InvalidIdentifier
			);
			hospital();
			assert_noop!(register(name("y"), no_identifiers(), ADMIN), Error::AlreadyAnAdmin);
		});
	}

	#[test]
	fn suspend_reinstate_and_revoke_follow_the_lifecycle() {
		run(|| {
			let org = hospital();
			assert_ok!(HealthIdentity::suspend_organisation(root(), org));
			assert_eq!(last_event(), Event::OrganisationSuspended { organisation: org });
			assert_noop!(
				HealthIdentity::suspend_organisation(root(), org),
				Error::OrganisationNotActive
			);
			assert_ok!(HealthIdentity::reinstate_organisation(root(), org));
			assert_eq!(last_event(), Event::OrganisationReinstated { organisation: org });
			assert_noop!(
				HealthIdentity::reinstate_organisation(root(), org),
				Error::OrganisationNotSuspended
			);
			assert_ok!(HealthIdentity::revoke_organisation(root(), org));
			assert_eq!(last_event(), Event::OrganisationRevoked { organisation: org });
			assert_noop!(
				HealthIdentity::revoke_organisation(root(), org),
				Error::OrganisationRevoked
			);
			assert_noop!(
				HealthIdentity::reinstate_organisation(root(), org),
				Error::OrganisationRevoked
			);
			assert_noop!(
				HealthIdentity::suspend_organisation(root(), org),
				Error::OrganisationRevoked
			);
			assert_eq!(
				Organisations::<Test>::get(org).unwrap().status,
				OrgStatus::Revoked,
				"history stays"
			);
		});
	}

	#[test]
	fn status_changes_need_the_consortium_and_a_known_organisation() {
		run(|| {
			let org = hospital();
			assert_noop!(
				HealthIdentity::suspend_organisation(signed(ADMIN), org),
				DispatchError::BadOrigin
			);
			assert_noop!(
				HealthIdentity::reinstate_organisation(signed(ADMIN), org),
				DispatchError::BadOrigin
			);
			assert_noop!(
				HealthIdentity::revoke_organisation(signed(ADMIN), org),
				DispatchError::BadOrigin
			);
			assert_noop!(
				HealthIdentity::suspend_organisation(root(), 7),
				Error::UnknownOrganisation
			);
			assert_noop!(
				HealthIdentity::reinstate_organisation(root(), 7),
				Error::UnknownOrganisation
			);
			assert_noop!(
				HealthIdentity::revoke_organisation(root(), 7),
				Error::UnknownOrganisation
			);
		});
	}

	#[test]
	fn the_consortium_changes_an_admin() {
		run(|| {
			let org = hospital();
			assert_ok!(HealthIdentity::change_organisation_admin(root(), org, account(7)));
			assert_eq!(
				last_event(),
				Event::OrganisationAdminChanged {
					organisation: org,
					old_admin: account(ADMIN),
					new_admin: account(7)
				}
			);
			assert_eq!(AdministeredBy::<Test>::get(account(ADMIN)), None);
			assert_eq!(Organisations::<Test>::get(org).unwrap().admin, account(7));
			// The new admin attests; the old one no longer can.
			assert_noop!(
				HealthIdentity::attest_practitioner(
					signed(ADMIN),
					account(DOCTOR),
					Role::Physician,
					H256::zero(),
					None
				),
				Error::NotAnAdmin
			);
			assert_ok!(HealthIdentity::attest_practitioner(
				signed(7),
				account(DOCTOR),
				Role::Physician,
				H256::zero(),
				None
			));
		});
	}

	#[test]
	fn changing_an_admin_fails_clearly() {
		run(|| {
			let org = hospital();
			assert_noop!(
				HealthIdentity::change_organisation_admin(signed(ADMIN), org, account(7)),
				DispatchError::BadOrigin
			);
			assert_noop!(
				HealthIdentity::change_organisation_admin(root(), 9, account(7)),
				Error::UnknownOrganisation
			);
			assert_noop!(
				HealthIdentity::change_organisation_admin(root(), org, account(ADMIN)),
				Error::AlreadyAnAdmin
			);
			assert_ok!(HealthIdentity::revoke_organisation(root(), org));
			assert_noop!(
				HealthIdentity::change_organisation_admin(root(), org, account(7)),
				Error::OrganisationRevoked
			);
		});
	}
}

mod practitioners {
	use super::*;

	#[test]
	fn an_admin_attests_a_practitioner_who_is_then_active() {
		run(|| {
			let org = hospital();
			attest(DOCTOR, Role::Physician, Some(START + DAY));
			assert_eq!(
				last_event(),
				Event::PractitionerAttested {
					organisation: org,
					practitioner: account(DOCTOR),
					role: Role::Physician,
					expires_at: Some(START + DAY),
				}
			);
			let info = registry_practitioner(DOCTOR).unwrap();
			assert_eq!(
				(info.organisation, info.role, info.standing),
				(org, Role::Physician, Standing::Active)
			);
			assert_eq!(Organisations::<Test>::get(org).unwrap().practitioners, 1);
		});
	}

	#[test]
	fn an_expired_attestation_lapses_without_any_call() {
		run(|| {
			hospital();
			attest(DOCTOR, Role::Physician, Some(START + DAY));
			advance(DAY - 1);
			assert_eq!(registry_practitioner(DOCTOR).unwrap().standing, Standing::Active);
			advance(1);
			assert_eq!(
				registry_practitioner(DOCTOR).unwrap().standing,
				Standing::AttestationLapsed
			);
		});
	}

	#[test]
	fn a_suspended_organisation_takes_its_practitioners_down_at_once() {
		run(|| {
			let org = hospital();
			attest(DOCTOR, Role::Physician, None);
			attest(NURSE, Role::Nurse, None);
			assert_ok!(HealthIdentity::suspend_organisation(root(), org));
			for who in [DOCTOR, NURSE] {
				assert_eq!(
					registry_practitioner(who).unwrap().standing,
					Standing::OrganisationInactive
				);
			}
			assert_ok!(HealthIdentity::reinstate_organisation(root(), org));
			assert_eq!(registry_practitioner(DOCTOR).unwrap().standing, Standing::Active);
			assert_ok!(HealthIdentity::revoke_organisation(root(), org));
			assert_eq!(
				registry_practitioner(NURSE).unwrap().standing,
				Standing::OrganisationInactive
			);
		});
	}

	#[test]
	fn attesting_fails_clearly() {
		run(|| {
			let attest_by = |admin: u8, who: u8, expires_at| {
				HealthIdentity::attest_practitioner(
					signed(admin),
					account(who),
					Role::Nurse,
					H256::zero(),
					expires_at,
				)
			};
			assert_noop!(attest_by(ADMIN, DOCTOR, None), Error::NotAnAdmin);
			let org = hospital();
			assert_noop!(attest_by(ADMIN, DOCTOR, Some(START)), Error::ExpiryInThePast);
			attest(DOCTOR, Role::Physician, None);
			assert_noop!(attest_by(ADMIN, DOCTOR, None), Error::AlreadyAPractitioner);
			attest(NURSE, Role::Nurse, None);
			attest(4, Role::Pharmacist, None);
			assert_noop!(attest_by(ADMIN, 5, None), Error::TooManyPractitioners);
			assert_ok!(HealthIdentity::suspend_organisation(root(), org));
			assert_noop!(attest_by(ADMIN, 6, None), Error::OrganisationNotActive);
		});
	}

	#[test]
	fn an_admin_revokes_its_own_practitioner_only() {
		run(|| {
			let org = hospital();
			attest(DOCTOR, Role::Physician, None);
			assert_ok!(HealthIdentity::register_organisation(
				root(),
				OrgKind::Clinic,
				name("Other"),
				no_identifiers(),
				account(8)
			));
			assert_noop!(
				HealthIdentity::revoke_practitioner(signed(8), account(DOCTOR)),
				Error::NotAPractitioner
			);
			assert_noop!(
				HealthIdentity::revoke_practitioner(signed(5), account(DOCTOR)),
				Error::NotAnAdmin
			);
			assert_noop!(
				HealthIdentity::revoke_practitioner(signed(ADMIN), account(NURSE)),
				Error::NotAPractitioner
			);
			// Withdrawing permissions works even while suspended.
			assert_ok!(HealthIdentity::suspend_organisation(root(), org));
			assert_ok!(HealthIdentity::revoke_practitioner(signed(ADMIN), account(DOCTOR)));
			assert_eq!(
				last_event(),
				Event::PractitionerRevoked { organisation: org, practitioner: account(DOCTOR) }
			);
			assert_eq!(registry_practitioner(DOCTOR), None);
			assert_eq!(Organisations::<Test>::get(org).unwrap().practitioners, 0);
		});
	}

	#[test]
	fn practitioners_are_paged() {
		run(|| {
			let org = hospital();
			for who in [DOCTOR, NURSE, 4] {
				attest(who, Role::Nurse, None);
			}
			let first = HealthIdentity::practitioners_of(org, None, 2).unwrap();
			assert_eq!(first.len(), 2);
			let rest = HealthIdentity::practitioners_of(org, Some(first[1].0.clone()), 2).unwrap();
			assert_eq!(rest.len(), 1);
			let mut all: Vec<_> =
				first.iter().chain(rest.iter()).map(|(who, _)| who.clone()).collect();
			all.sort();
			assert_eq!(all, vec![account(DOCTOR), account(NURSE), account(4)]);
			assert!(matches!(
				HealthIdentity::practitioners_of(org, None, 0),
				Err(Error::BadPageSize)
			));
			assert!(matches!(
				HealthIdentity::practitioners_of(org, None, 11),
				Err(Error::BadPageSize)
			));
			assert!(matches!(
				HealthIdentity::practitioners_of(5, None, 2),
				Err(Error::UnknownOrganisation)
			));
		});
	}
}

mod patients {
	use super::*;

	#[test]
	fn an_account_registers_itself_for_free() {
		run(|| {
			let commitment = Some(H256::repeat_byte(0xaa));
			let post = HealthIdentity::register_patient(signed(20), commitment).unwrap();
			assert_eq!(post.pays_fee, Pays::No, "a successful registration is refunded");
			System::assert_has_event(
				Event::PatientRegistered { patient: 0, account: account(20), registered_by: None }
					.into(),
			);
			let record = Patients::<Test>::get(0).unwrap();
			assert_eq!((record.account, record.demographic_commitment), (account(20), commitment));
			assert_eq!(
				<HealthIdentity as Registry<AccountId32>>::patient_of(&account(20)),
				Some(0)
			);
		});
	}

	#[test]
	fn a_flood_of_free_registrations_cannot_lock_out_a_genuine_patient() {
		run(|| {
			patient(20);
			assert_noop!(
				HealthIdentity::register_patient(signed(20), None),
				Error::AlreadyAPatient
			);
			let failed = HealthIdentity::register_patient(signed(20), None).unwrap_err();
			assert_eq!(failed.post_info.pays_fee, Pays::Yes, "a failed free call pays its fee");
			// A funder uses up the block's free registrations (two in the tests)...
			patient(21);
			// ...and the next patient still registers, paying the fee.
			let paid = HealthIdentity::register_patient(signed(22), None).unwrap();
			assert_eq!(paid.pays_fee, Pays::Yes);
			assert_eq!(PatientByAccount::<Test>::get(account(22)), Some(2));
			advance(6_000);
			let free = HealthIdentity::register_patient(signed(23), None).unwrap();
			assert_eq!(free.pays_fee, Pays::No, "free again in the next block");
		});
	}

	fn intake_consent(patient: Sr25519Keyring, valid_until: Moment) -> IntakeConsentOf<Test> {
		IntakeConsent {
			domain: INTAKE_CONSENT_DOMAIN,
			genesis_hash: System::block_hash(0),
			patient_account: patient.to_account_id(),
			organisation: 0,
			demographic_commitment: Some(H256::repeat_byte(1)),
			valid_until,
		}
	}

	fn wallet_sign(who: Sr25519Keyring, payload: &[u8]) -> MultiSignature {
		who.pair().sign(&caduceus_primitives::wallet::wallet_wrapped(payload)).into()
	}

	#[test]
	fn an_organisation_registers_a_patient_at_intake_with_the_patients_wallet_signature() {
		run(|| {
			hospital();
			attest(DOCTOR, Role::Nurse, None);
			let consent = intake_consent(Sr25519Keyring::Dave, START + DAY);
			let signature = wallet_sign(Sr25519Keyring::Dave, &consent.encode());
			assert_ok!(HealthIdentity::register_patient_at_intake(
				signed(DOCTOR),
				consent,
				signature
			));
			let dave = Sr25519Keyring::Dave.to_account_id();
			assert_eq!(
				last_event(),
				Event::PatientRegistered {
					patient: 0,
					account: dave.clone(),
					registered_by: Some(0)
				}
			);
			assert_eq!(Patients::<Test>::get(0).unwrap().registered_by, Some(0));
			// The organisation vouches for the patient: no deposit, even from an empty account.
			assert_eq!(RegistrationDeposits::<Test>::get(0), None);

			// A raw (unwrapped) signature from the admin's intake desk works too.
			let consent = intake_consent(Sr25519Keyring::Eve, START + DAY);
			let raw: MultiSignature = Sr25519Keyring::Eve.pair().sign(&consent.encode()).into();
			assert_ok!(HealthIdentity::register_patient_at_intake(signed(ADMIN), consent, raw));
		});
	}

	#[test]
	fn intake_without_the_patients_valid_consent_is_refused() {
		run(|| {
			let org = hospital();
			let consent = intake_consent(Sr25519Keyring::Dave, START + DAY);
			let good = wallet_sign(Sr25519Keyring::Dave, &consent.encode());
			let intake = |by: u8, consent: IntakeConsentOf<Test>, sig: MultiSignature| {
				HealthIdentity::register_patient_at_intake(signed(by), consent, sig)
			};

			assert_noop!(intake(5, consent.clone(), good.clone()), Error::NotAllowedToRegister);
			let by_someone_else = wallet_sign(Sr25519Keyring::Eve, &consent.encode());
			assert_noop!(intake(ADMIN, consent.clone(), by_someone_else), Error::BadSignature);
			let mut other_chain = consent.clone();
			other_chain.genesis_hash = H256::repeat_byte(3);
			let sig = wallet_sign(Sr25519Keyring::Dave, &other_chain.encode());
			assert_noop!(intake(ADMIN, other_chain, sig), Error::BadSignature);
			let mut other_domain = consent.clone();
			other_domain.domain = [0; 24];
			let sig = wallet_sign(Sr25519Keyring::Dave, &other_domain.encode());
			assert_noop!(intake(ADMIN, other_domain, sig), Error::BadSignature);
			let stale = intake_consent(Sr25519Keyring::Dave, START - 1);
			let sig = wallet_sign(Sr25519Keyring::Dave, &stale.encode());
			assert_noop!(intake(ADMIN, stale, sig), Error::ConsentExpired);
			let mut unknown = consent.clone();
			unknown.organisation = 9;
			let sig = wallet_sign(Sr25519Keyring::Dave, &unknown.encode());
			assert_noop!(intake(ADMIN, unknown, sig), Error::UnknownOrganisation);

			attest(DOCTOR, Role::Nurse, Some(START + 10));
			advance(10);
			assert_noop!(
				intake(DOCTOR, consent.clone(), good.clone()),
				Error::NotAllowedToRegister
			);
			assert_ok!(HealthIdentity::suspend_organisation(root(), org));
			assert_noop!(
				intake(ADMIN, consent.clone(), good.clone()),
				Error::OrganisationNotActive
			);
			assert_ok!(HealthIdentity::reinstate_organisation(root(), org));
			assert_ok!(intake(ADMIN, consent.clone(), good.clone()));
			assert_noop!(intake(ADMIN, consent.clone(), good.clone()), Error::ConsentAlreadyUsed);
			// Even after the patient moved away from that account, the consent stays used.
			assert_ok!(HealthIdentity::initiate_patient_move(
				RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id()),
				account(40)
			));
			assert_ok!(HealthIdentity::accept_patient_move(signed(40), 0));
			assert_noop!(intake(ADMIN, consent, good), Error::ConsentAlreadyUsed);
			// A fresh consent for an account that is a patient is refused as such.
			let again = intake_consent(Sr25519Keyring::Dave, START + 2 * DAY);
			let sig = wallet_sign(Sr25519Keyring::Dave, &again.encode());
			assert_ok!(intake(ADMIN, again, sig));
			let twice = intake_consent(Sr25519Keyring::Dave, START + 3 * DAY);
			let sig = wallet_sign(Sr25519Keyring::Dave, &twice.encode());
			assert_noop!(intake(ADMIN, twice, sig), Error::AlreadyAPatient);
		});
	}

	#[test]
	fn a_patient_updates_the_demographic_commitment_within_the_daily_allowance() {
		run(|| {
			let id = patient(20);
			for byte in 1..=4u8 {
				let post = HealthIdentity::set_demographic_commitment(
					signed(20),
					Some(H256::repeat_byte(byte)),
				);
				assert_eq!(post.unwrap().pays_fee, Pays::No);
			}
			assert_eq!(
				last_event(),
				Event::DemographicCommitmentChanged {
					patient: id,
					commitment: Some(H256::repeat_byte(4))
				}
			);
			assert_noop!(
				HealthIdentity::set_demographic_commitment(signed(20), None),
				Error::DailyAllowanceExhausted
			);
			advance(DAY);
			assert_ok!(HealthIdentity::set_demographic_commitment(signed(20), None));
			assert_eq!(Patients::<Test>::get(id).unwrap().demographic_commitment, None);
			assert_noop!(
				HealthIdentity::set_demographic_commitment(signed(21), None),
				Error::NotAPatient
			);
		});
	}

	#[test]
	fn a_patient_moves_to_a_new_account_keeping_identity_and_guardians() {
		run(|| {
			let id = patient(20);
			appoint(20, GUARDIAN, GuardianScope::All);
			assert_ok!(HealthIdentity::initiate_patient_move(signed(20), account(30)));
			assert_eq!(
				last_event(),
				Event::PatientMoveInitiated { patient: id, from: account(20), to: account(30) }
			);
			assert_ok!(HealthIdentity::accept_patient_move(signed(30), id));
			assert_eq!(
				last_event(),
				Event::PatientMoved { patient: id, from: account(20), to: account(30) }
			);
			assert_eq!(PatientByAccount::<Test>::get(account(30)), Some(id));
			assert_eq!(PatientByAccount::<Test>::get(account(20)), None);
			assert_eq!(PendingMoves::<Test>::get(id), None);
			assert!(<HealthIdentity as Registry<AccountId32>>::may_act_for(
				&account(30),
				id,
				GuardianScope::Consent
			));
			assert!(!<HealthIdentity as Registry<AccountId32>>::may_act_for(
				&account(20),
				id,
				GuardianScope::Consent
			));
			assert!(<HealthIdentity as Registry<AccountId32>>::may_act_for(
				&account(GUARDIAN),
				id,
				GuardianScope::Records
			));
		});
	}

	#[test]
	fn moving_to_ones_own_guardian_ends_that_guardianship() {
		run(|| {
			let id = patient(20);
			assert_ok!(HealthIdentity::initiate_patient_move(signed(20), account(30)));
			appoint(20, 30, GuardianScope::All);
			assert_ok!(HealthIdentity::accept_patient_move(signed(30), id));
			assert!(
				HealthIdentity::guardians_of(id).unwrap().is_empty(),
				"the guardian is now the patient"
			);
			assert!(!crate::Wards::<Test>::contains_key(account(30)));
		});
	}

	#[test]
	fn a_moved_parent_keeps_no_authority_over_the_child_on_the_old_key() {
		run(|| {
			let parent = patient(20);
			let child = patient(21);
			appoint(21, 20, GuardianScope::All);
			assert_ok!(HealthIdentity::initiate_patient_move(signed(20), account(30)));
			assert_ok!(HealthIdentity::accept_patient_move(signed(30), parent));
			let may = |who: u8| {
				<HealthIdentity as Registry<AccountId32>>::may_act_for(
					&account(who),
					child,
					GuardianScope::All,
				)
			};
			assert!(!may(20), "the old, perhaps stolen, key guards no one");
			assert!(may(30), "the parent's new key guards the child");
			assert!(!HealthIdentity::is_participant(&account(20)));
			assert!(System::events().iter().any(|record| record.event
				== RuntimeEvent::HealthIdentity(Event::GuardianshipsMoved {
					from: account(20),
					to: account(30),
					wards: 1
				})));
		});
	}

	#[test]
	fn a_pending_move_can_be_cancelled() {
		run(|| {
			let id = patient(20);
			assert_noop!(HealthIdentity::cancel_patient_move(signed(20)), Error::NoPendingMove);
			assert_noop!(HealthIdentity::cancel_patient_move(signed(21)), Error::NotAPatient);
			assert_ok!(HealthIdentity::initiate_patient_move(signed(20), account(30)));
			assert_ok!(HealthIdentity::cancel_patient_move(signed(20)));
			assert_eq!(last_event(), Event::PatientMoveCancelled { patient: id, to: account(30) });
			assert_noop!(HealthIdentity::accept_patient_move(signed(30), id), Error::NoPendingMove);
		});
	}

	#[test]
	fn no_one_can_block_a_move_by_filling_the_new_keys_wards() {
		run(|| {
			let parent = patient(20);
			let child = patient(21);
			appoint(21, 20, GuardianScope::All);
			assert_ok!(HealthIdentity::initiate_patient_move(signed(20), account(30)));
			// The new key is public: strangers name it guardian of as many patients as allowed,
			// one of them the child, with a weaker scope.
			appoint(21, 30, GuardianScope::Records);
			for n in [22, 23] {
				advance(6_000);
				patient(n);
				appoint(n, 30, GuardianScope::Records);
			}
			assert_eq!(crate::Wards::<Test>::get(account(30)).len(), 3);
			assert_ok!(HealthIdentity::accept_patient_move(signed(30), parent));
			// The strangers' guardianships are gone; the parent's, with its scope, moved.
			let guardians = HealthIdentity::guardians_of(child).unwrap();
			assert_eq!(guardians.len(), 1);
			assert_eq!(
				(guardians[0].guardian.clone(), guardians[0].scope),
				(account(30), GuardianScope::All)
			);
			assert_eq!(crate::Wards::<Test>::get(account(30)).into_inner(), vec![child]);
			assert!(HealthIdentity::guardians_of(2).unwrap().is_empty());
		});
	}

	#[test]
	fn a_new_move_replaces_a_pending_one() {
		run(|| {
			let id = patient(20);
			assert_ok!(HealthIdentity::initiate_patient_move(signed(20), account(30)));
			assert_ok!(HealthIdentity::initiate_patient_move(signed(20), account(31)));
			assert_noop!(
				HealthIdentity::accept_patient_move(signed(30), id),
				Error::NotTheNewAccount
			);
			assert_ok!(HealthIdentity::accept_patient_move(signed(31), id));
		});
	}

	#[test]
	fn moves_fail_clearly() {
		run(|| {
			let id = patient(20);
			patient(21);
			assert_noop!(
				HealthIdentity::initiate_patient_move(signed(22), account(30)),
				Error::NotAPatient
			);
			assert_noop!(
				HealthIdentity::initiate_patient_move(signed(20), account(21)),
				Error::AlreadyAPatient
			);
			assert_noop!(HealthIdentity::accept_patient_move(signed(30), id), Error::NoPendingMove);
			assert_ok!(HealthIdentity::initiate_patient_move(signed(20), account(30)));
			assert_noop!(
				HealthIdentity::accept_patient_move(signed(31), id),
				Error::NotTheNewAccount
			);
			advance(6_000);
			patient(30);
			assert_noop!(
				HealthIdentity::accept_patient_move(signed(30), id),
				Error::AlreadyAPatient
			);
		});
	}
}

mod guardians {
	use super::*;

	fn may_act(who: u8, patient: PatientId, scope: GuardianScope) -> bool {
		<HealthIdentity as Registry<AccountId32>>::may_act_for(&account(who), patient, scope)
	}

	#[test]
	fn a_patient_appoints_a_scoped_guardian_for_free() {
		run(|| {
			let id = patient(20);
			let post = HealthIdentity::appoint_guardian(
				signed(20),
				account(GUARDIAN),
				GuardianScope::Consent,
				Some(START + DAY),
			);
			assert_eq!(post.unwrap().pays_fee, Pays::No);
			assert_eq!(
				last_event(),
				Event::GuardianAppointed {
					patient: id,
					guardian: account(GUARDIAN),
					scope: GuardianScope::Consent,
					expires_at: Some(START + DAY),
					appointed_by: Appointer::Patient,
				}
			);
			assert!(may_act(GUARDIAN, id, GuardianScope::Consent));
			assert!(!may_act(GUARDIAN, id, GuardianScope::Records), "outside the scope");
			assert!(may_act(20, id, GuardianScope::Records), "the patient always may");
			assert!(!may_act(21, id, GuardianScope::Consent), "a stranger may not");
			assert_eq!(HealthIdentity::guardians_of(id).unwrap().len(), 1);
			advance(DAY);
			assert!(!may_act(GUARDIAN, id, GuardianScope::Consent), "lapsed by itself");
		});
	}

	#[test]
	fn the_consortium_appoints_a_guardian_for_a_minor_until_majority() {
		run(|| {
			let id = patient(20);
			let majority = START + 10 * DAY;
			assert_ok!(HealthIdentity::appoint_guardian_for(
				root(),
				id,
				account(GUARDIAN),
				GuardianScope::All,
				Some(majority)
			));
			assert_eq!(
				last_event(),
				Event::GuardianAppointed {
					patient: id,
					guardian: account(GUARDIAN),
					scope: GuardianScope::All,
					expires_at: Some(majority),
					appointed_by: Appointer::Consortium,
				}
			);
			assert!(may_act(GUARDIAN, id, GuardianScope::Records));
			advance(10 * DAY);
			assert!(!may_act(GUARDIAN, id, GuardianScope::Records));
			assert_noop!(
				HealthIdentity::appoint_guardian_for(
					signed(5),
					id,
					account(8),
					GuardianScope::All,
					None
				),
				DispatchError::BadOrigin
			);
			assert_noop!(
				HealthIdentity::appoint_guardian_for(
					root(),
					99,
					account(8),
					GuardianScope::All,
					None
				),
				Error::UnknownPatient
			);
		});
	}

	#[test]
	fn appointing_fails_clearly() {
		run(|| {
			let appoint = |who: u8| {
				HealthIdentity::appoint_guardian(
					signed(20),
					account(who),
					GuardianScope::Records,
					None,
				)
			};
			assert_noop!(appoint(GUARDIAN), Error::NotAPatient);
			patient(20);
			assert_noop!(appoint(20), Error::SelfGuardianship);
			assert_noop!(
				HealthIdentity::appoint_guardian(
					signed(20),
					account(GUARDIAN),
					GuardianScope::All,
					Some(START)
				),
				Error::ExpiryInThePast
			);
			assert_ok!(appoint(GUARDIAN));
			assert_noop!(appoint(GUARDIAN), Error::AlreadyAGuardian);
			assert_ok!(appoint(10));
			assert_ok!(appoint(11));
			advance(DAY);
			assert_noop!(appoint(12), Error::TooManyGuardians);
		});
	}

	#[test]
	fn free_guardian_appointments_share_the_daily_allowance() {
		run(|| {
			patient(20);
			for who in [10, 11, 12] {
				appoint(20, who, GuardianScope::Records);
			}
			assert_ok!(HealthIdentity::remove_guardian(signed(20), 0, account(10)));
			assert_noop!(
				HealthIdentity::appoint_guardian(
					signed(20),
					account(13),
					GuardianScope::Records,
					None
				),
				Error::DailyAllowanceExhausted
			);
			// The consortium is not bound by the patient's allowance.
			assert_ok!(HealthIdentity::remove_guardian(root(), 0, account(11)));
		});
	}

	#[test]
	fn a_guardian_takes_part_while_guarding_someone() {
		run(|| {
			let first = patient(20);
			let second = patient(21);
			assert!(!HealthIdentity::is_participant(&account(GUARDIAN)));
			appoint(20, GUARDIAN, GuardianScope::All);
			appoint(21, GUARDIAN, GuardianScope::Records);
			assert_eq!(crate::Wards::<Test>::get(account(GUARDIAN)).len(), 2);
			assert!(HealthIdentity::is_participant(&account(GUARDIAN)));
			assert_ok!(HealthIdentity::remove_guardian(signed(20), first, account(GUARDIAN)));
			assert!(HealthIdentity::is_participant(&account(GUARDIAN)));
			assert_ok!(HealthIdentity::remove_guardian(signed(21), second, account(GUARDIAN)));
			assert!(!HealthIdentity::is_participant(&account(GUARDIAN)));
			assert!(HealthIdentity::is_participant(&account(20)));
		});
	}

	#[test]
	fn version_1_guardianships_upgrade_to_version_3_wards() {
		use crate::migrations::{v2, v3};
		use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
		run(|| {
			let first = patient(20);
			let second = patient(21);
			appoint(20, GUARDIAN, GuardianScope::All);
			appoint(21, GUARDIAN, GuardianScope::Records);
			appoint(21, 22, GuardianScope::All);
			// A version-1 chain: guardians without counts or lists.
			let _ = crate::Wards::<Test>::clear(u32::MAX, None);
			StorageVersion::new(1).put::<HealthIdentity>();
			v2::MigrateToV2::<Test>::on_runtime_upgrade();
			assert_eq!(v2::Guarding::<Test>::get(account(GUARDIAN)), 2);
			assert_eq!(v2::Guarding::<Test>::get(account(22)), 1);
			assert_eq!(HealthIdentity::on_chain_storage_version(), 2);
			v3::MigrateToV3::<Test>::on_runtime_upgrade();
			assert_eq!(HealthIdentity::on_chain_storage_version(), 3);
			assert_eq!(
				crate::Wards::<Test>::get(account(GUARDIAN)).into_inner(),
				vec![first, second]
			);
			assert_eq!(crate::Wards::<Test>::get(account(22)).into_inner(), vec![second]);
			assert_eq!(v2::Guarding::<Test>::iter().count(), 0);
			// `run` checks every invariant now.
		});
	}

	#[test]
	fn version_2_guardians_of_more_than_the_bound_keep_the_first_wards() {
		use crate::migrations::v3;
		use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
		run(|| {
			// A version-2 account guarding four patients (the bound is three).
			for n in 20..24 {
				advance(6_000);
				let id = patient(n);
				Patients::<Test>::mutate_extant(id, |p| {
					p.guardians
						.try_push(Guardianship {
							guardian: account(GUARDIAN),
							scope: GuardianScope::All,
							expires_at: None,
							appointed_by: Appointer::Patient,
						})
						.unwrap()
				});
			}
			let _ = crate::Wards::<Test>::clear(u32::MAX, None);
			StorageVersion::new(2).put::<HealthIdentity>();
			v3::MigrateToV3::<Test>::on_runtime_upgrade();
			assert_eq!(crate::Wards::<Test>::get(account(GUARDIAN)).into_inner(), vec![0, 1, 2]);
			assert!(HealthIdentity::guardians_of(3).unwrap().is_empty(), "the fourth ended");
			assert_eq!(
				last_event(),
				Event::GuardianRemoved { patient: 3, guardian: account(GUARDIAN) }
			);
		});
	}

	#[test]
	fn a_guardian_resigns_whoever_appointed_them() {
		run(|| {
			let id = patient(20);
			assert_ok!(HealthIdentity::appoint_guardian_for(
				root(),
				id,
				account(GUARDIAN),
				GuardianScope::All,
				None
			));
			assert_ok!(HealthIdentity::resign_guardianship(signed(GUARDIAN), id));
			assert_eq!(
				last_event(),
				Event::GuardianResigned { patient: id, guardian: account(GUARDIAN) }
			);
			assert!(!may_act(GUARDIAN, id, GuardianScope::All));
			assert!(!HealthIdentity::is_participant(&account(GUARDIAN)));
			assert_noop!(
				HealthIdentity::resign_guardianship(signed(GUARDIAN), id),
				Error::NotAGuardian
			);
			assert_noop!(
				HealthIdentity::resign_guardianship(signed(GUARDIAN), 99),
				Error::UnknownPatient
			);
		});
	}

	#[test]
	fn an_account_guards_a_bounded_number_of_patients() {
		run(|| {
			for n in 20..23 {
				advance(6_000);
				patient(n);
				appoint(n, GUARDIAN, GuardianScope::Records);
			}
			advance(6_000);
			patient(23);
			assert_noop!(
				HealthIdentity::appoint_guardian(
					signed(23),
					account(GUARDIAN),
					GuardianScope::Records,
					None
				),
				Error::TooManyWards
			);
			// Resigning one it did not want frees a place.
			assert_ok!(HealthIdentity::resign_guardianship(signed(GUARDIAN), 0));
			appoint(23, GUARDIAN, GuardianScope::Records);
		});
	}

	#[test]
	fn the_patient_or_the_consortium_removes_a_guardian() {
		run(|| {
			let id = patient(20);
			appoint(20, GUARDIAN, GuardianScope::All);
			let by_patient =
				HealthIdentity::remove_guardian(signed(20), id, account(GUARDIAN)).unwrap();
			assert_eq!(by_patient.pays_fee, Pays::No);
			assert_eq!(
				last_event(),
				Event::GuardianRemoved { patient: id, guardian: account(GUARDIAN) }
			);
			assert!(!may_act(GUARDIAN, id, GuardianScope::All));

			assert_ok!(HealthIdentity::appoint_guardian_for(
				root(),
				id,
				account(GUARDIAN),
				GuardianScope::All,
				None
			));
			let by_consortium =
				HealthIdentity::remove_guardian(root(), id, account(GUARDIAN)).unwrap();
			assert_eq!(by_consortium.pays_fee, Pays::Yes);
		});
	}

	#[test]
	fn a_patient_out_of_free_operations_still_removes_a_guardian_and_pays() {
		run(|| {
			let id = patient(20);
			for who in [10, 11, 12] {
				appoint(20, who, GuardianScope::Records);
			}
			assert_ok!(HealthIdentity::set_demographic_commitment(signed(20), None));
			// The four free operations of the day are used: withdrawing authority still works.
			let paid = HealthIdentity::remove_guardian(signed(20), id, account(10)).unwrap();
			assert_eq!(paid.pays_fee, Pays::Yes);
			assert!(!may_act(10, id, GuardianScope::Records));
		});
	}

	#[test]
	fn a_ward_cannot_dismiss_a_guardian_the_consortium_appointed() {
		run(|| {
			let id = patient(20);
			let majority = START + 10 * DAY;
			assert_ok!(HealthIdentity::appoint_guardian_for(
				root(),
				id,
				account(GUARDIAN),
				GuardianScope::All,
				Some(majority)
			));
			assert_noop!(
				HealthIdentity::remove_guardian(signed(20), id, account(GUARDIAN)),
				Error::AppointedByTheConsortium
			);
			assert!(may_act(GUARDIAN, id, GuardianScope::All));
			// Once lapsed (the ward came of age), the ward may clear it.
			advance(10 * DAY);
			assert_ok!(HealthIdentity::remove_guardian(signed(20), id, account(GUARDIAN)));
		});
	}

	#[test]
	fn removing_fails_clearly() {
		run(|| {
			let id = patient(20);
			patient(21);
			assert_noop!(
				HealthIdentity::remove_guardian(signed(22), id, account(GUARDIAN)),
				Error::NotAPatient
			);
			assert_noop!(
				HealthIdentity::remove_guardian(signed(21), id, account(GUARDIAN)),
				Error::NotAPatient
			);
			assert_noop!(
				HealthIdentity::remove_guardian(signed(20), id, account(GUARDIAN)),
				Error::NotAGuardian
			);
			assert_noop!(
				HealthIdentity::remove_guardian(root(), 99, account(GUARDIAN)),
				Error::UnknownPatient
			);
		});
	}
}

mod views_and_hooks {
	use super::*;

	#[test]
	fn participant_view_shows_every_role_of_an_account() {
		run(|| {
			hospital();
			attest(DOCTOR, Role::Physician, None);
			assert_ok!(HealthIdentity::register_patient(signed(DOCTOR), None));
			let view = HealthIdentity::participant_view(&account(DOCTOR));
			assert_eq!(view.administers, None);
			assert_eq!(
				view.practitioner.map(|(a, s)| (a.role, s)),
				Some((Role::Physician, Standing::Active))
			);
			assert_eq!(view.patient, Some(0));
			assert_eq!(HealthIdentity::participant_view(&account(ADMIN)).administers, Some(0));
			assert_eq!(HealthIdentity::participant_view(&account(50)), ParticipantView::default());
			assert!(matches!(HealthIdentity::guardians_of(7), Err(Error::UnknownPatient)));
			assert_eq!(HealthIdentity::participant(account(DOCTOR)), view);
		});
	}

	#[test]
	fn the_registry_answers_for_organisations_and_admins() {
		run(|| {
			let org = hospital();
			let info = <HealthIdentity as Registry<AccountId32>>::organisation(org).unwrap();
			assert_eq!((info.kind, info.status), (OrgKind::Hospital, OrgStatus::Active));
			assert_eq!(
				<HealthIdentity as Registry<AccountId32>>::organisation_administered_by(&account(
					ADMIN
				)),
				Some(org)
			);
			assert_eq!(<HealthIdentity as Registry<AccountId32>>::organisation(5), None);
			assert!(!<HealthIdentity as Registry<AccountId32>>::may_act_for(
				&account(1),
				42,
				GuardianScope::All
			));
		});
	}

	#[test]
	fn each_block_starts_with_a_fresh_registration_cap() {
		run(|| {
			patient(20);
			assert_eq!(FreeRegistrationsThisBlock::<Test>::get(), 1);
			HealthIdentity::on_initialize(2);
			assert_eq!(FreeRegistrationsThisBlock::<Test>::get(), 0);
		});
	}

	#[test]
	fn the_invariants_catch_a_broken_index() {
		new_test_ext().execute_with(|| {
			hospital();
			attest(DOCTOR, Role::Physician, None);
			assert!(HealthIdentity::do_try_state().is_ok());
			PractitionersOf::<Test>::remove(0, account(DOCTOR));
			assert!(HealthIdentity::do_try_state().is_err());
		});
	}
}

mod genesis {
	use super::*;
	use frame_support::traits::BuildGenesisConfig;

	#[test]
	fn a_chain_starts_with_its_genesis_participants() {
		run(|| {
			crate::GenesisConfig::<Test> {
				organisations: vec![(OrgKind::Hospital, b"St. Luke's".to_vec(), account(ADMIN))],
				practitioners: vec![(0, account(DOCTOR), Role::Physician)],
				patients: vec![account(GUARDIAN), account(NURSE)],
			}
			.build();
			assert_eq!(HealthIdentity::participant(account(ADMIN)).administers, Some(0));
			let doctor = registry_practitioner(DOCTOR).unwrap();
			assert_eq!((doctor.organisation, doctor.standing), (0, Standing::Active));
			assert_eq!(PatientByAccount::<Test>::get(account(GUARDIAN)), Some(0));
			assert_eq!(PatientByAccount::<Test>::get(account(NURSE)), Some(1));
		});
	}

	#[test]
	#[should_panic(expected = "genesis practitioners belong to genesis organisations")]
	fn a_genesis_practitioner_of_no_organisation_is_refused() {
		new_test_ext().execute_with(|| {
			crate::GenesisConfig::<Test> {
				organisations: vec![],
				practitioners: vec![(0, account(DOCTOR), Role::Physician)],
				patients: vec![],
			}
			.build();
		});
	}
}

mod deposits_and_quotas {
	use super::*;
	use caduceus_primitives::{Holder, PatientHooks, QuotaExceeded, StorageQuota};
	use frame_support::traits::fungible::{Inspect, InspectHold};

	fn held(n: u8) -> u128 {
		Balances::balance_on_hold(&HoldReason::PatientRegistration.into(), &account(n))
	}

	#[test]
	fn a_funder_s_sybil_patients_hold_a_deposit_until_an_organisation_serves_them() {
		run(|| {
			// A funder registers accounts no organisation will ever see: each holds a deposit.
			for n in 20..25 {
				let id = patient(n);
				assert_eq!(held(n), DEPOSIT);
				assert_eq!(Balances::balance(&account(n)), ENDOWMENT - DEPOSIT);
				System::assert_has_event(
					Event::RegistrationDepositHeld {
						patient: id,
						account: account(n),
						amount: DEPOSIT,
					}
					.into(),
				);
			}
			// A genuine patient gets theirs back at their first record by an organisation.
			HealthIdentity::served(0);
			assert_eq!((held(20), Balances::balance(&account(20))), (0, ENDOWMENT));
			assert_eq!(
				last_event(),
				Event::RegistrationDepositReleased {
					patient: 0,
					account: account(20),
					amount: DEPOSIT
				}
			);
			// Once only.
			HealthIdentity::served(0);
			assert_eq!(Balances::balance(&account(20)), ENDOWMENT);
			assert_eq!(held(21), DEPOSIT, "the others still hold theirs");
		});
	}

	#[test]
	fn an_account_that_cannot_hold_the_deposit_is_not_registered() {
		run(|| {
			let broke = AccountId32::new([0; 32]);
			assert_noop!(
				HealthIdentity::register_patient(RuntimeOrigin::signed(broke.clone()), None),
				Error::CannotHoldDeposit
			);
			assert_eq!(PatientByAccount::<Test>::get(broke), None);
		});
	}

	#[test]
	fn a_moving_patient_s_deposit_moves_held_to_the_new_account() {
		run(|| {
			let id = patient(20);
			assert_ok!(HealthIdentity::initiate_patient_move(signed(20), account(30)));
			assert_ok!(HealthIdentity::accept_patient_move(signed(30), id));
			assert_eq!((held(20), Balances::balance(&account(20))), (0, ENDOWMENT - DEPOSIT));
			assert_eq!(held(30), DEPOSIT, "the sybil cannot shed the deposit by moving");
			assert_eq!(RegistrationDeposits::<Test>::get(id), Some((account(30), DEPOSIT)));
			HealthIdentity::served(id);
			assert_eq!((held(30), Balances::balance(&account(30))), (0, ENDOWMENT + DEPOSIT));
		});
	}

	#[test]
	fn an_organisation_stores_no_more_than_its_quota() {
		run(|| {
			let org = Holder::Organisation(hospital());
			for _ in 0..ORGANISATION_QUOTA {
				assert_ok!(HealthIdentity::take(org, 1));
			}
			assert_eq!(HealthIdentity::take(org, 1), Err(QuotaExceeded));
			assert_eq!(HealthIdentity::take(org, 0), Ok(()));
			// A removed item frees its place.
			HealthIdentity::give_back(org, 1);
			assert_ok!(HealthIdentity::take(org, 1));
			// A batch is all or nothing.
			HealthIdentity::give_back(org, 2);
			assert_eq!(HealthIdentity::take(org, 3), Err(QuotaExceeded));
			assert_eq!(StorageUsage::<Test>::get(org), ORGANISATION_QUOTA - 2);
			// The consortium raises it.
			assert_ok!(HealthIdentity::set_storage_quota(root(), org, Some(100)));
			assert_eq!(last_event(), Event::StorageQuotaSet { holder: org, quota: Some(100) });
			assert_ok!(HealthIdentity::take(org, 3));
			// And returns it to the default: new items wait until enough are removed.
			assert_ok!(HealthIdentity::set_storage_quota(root(), org, None));
			assert_eq!(HealthIdentity::take(org, 1), Err(QuotaExceeded));
		});
	}

	#[test]
	fn a_patient_s_quota_is_their_own() {
		run(|| {
			let org = Holder::Organisation(hospital());
			let id = Holder::Patient(patient(20));
			let other = Holder::Patient(patient(21));
			assert_ok!(HealthIdentity::take(id, PATIENT_QUOTA));
			assert_eq!(HealthIdentity::take(id, 1), Err(QuotaExceeded));
			assert_ok!(HealthIdentity::take(other, 1));
			assert_ok!(HealthIdentity::take(org, 1));
			assert_ok!(HealthIdentity::set_storage_quota(root(), id, Some(PATIENT_QUOTA + 1)));
			assert_ok!(HealthIdentity::take(id, 1));
		});
	}

	#[test]
	fn only_the_consortium_sets_quotas_of_known_holders() {
		run(|| {
			let org = Holder::Organisation(hospital());
			assert_noop!(
				HealthIdentity::set_storage_quota(signed(ADMIN), org, Some(100)),
				DispatchError::BadOrigin
			);
			assert_noop!(
				HealthIdentity::set_storage_quota(root(), Holder::Organisation(7), Some(1)),
				Error::UnknownOrganisation
			);
			assert_noop!(
				HealthIdentity::set_storage_quota(root(), Holder::Patient(7), Some(1)),
				Error::UnknownPatient
			);
		});
	}
}

/// What a dApp reads without a transaction: organisations, a patient's profile, wards.
mod reads {
	use super::*;
	use caduceus_primitives::paging::Order;

	fn register(kind: OrgKind, label: &str, admin: u8) -> OrgId {
		assert_ok!(HealthIdentity::register_organisation(
			root(),
			kind,
			name(label),
			no_identifiers(),
			account(admin)
		));
		NextOrganisationId::<Test>::get() - 1
	}

	fn ids(page: Result<Vec<(OrgId, OrganisationOf<Test>)>, Error>) -> Vec<OrgId> {
		page.unwrap().into_iter().map(|(id, _)| id).collect()
	}

	#[test]
	fn a_dapp_reads_an_organisations_name_kind_and_status() {
		run(|| {
			let org = hospital();
			assert_ok!(HealthIdentity::suspend_organisation(root(), org));
			let read = HealthIdentity::organisation(org).expect("registered");
			assert_eq!(read.name.to_vec(), b"St. Elsewhere".to_vec());
			assert_eq!(read.kind, OrgKind::Hospital);
			assert_eq!(read.status, OrgStatus::Suspended);
			assert_eq!(read.admin, account(ADMIN));
			assert_eq!(HealthIdentity::organisation(org + 1), None);
		});
	}

	#[test]
	fn the_directory_pages_oldest_or_newest_first_revoked_ones_included() {
		run(|| {
			let kinds =
				[OrgKind::Hospital, OrgKind::Laboratory, OrgKind::Pharmacy, OrgKind::Clinic];
			let orgs: Vec<_> = kinds
				.iter()
				.zip(40u8..)
				.map(|(kind, admin)| register(*kind, "Org", admin))
				.collect();
			assert_ok!(HealthIdentity::revoke_organisation(root(), orgs[1]));

			let first = ids(HealthIdentity::organisations(None, 3, Order::OldestFirst));
			assert_eq!(first, orgs[..3]);
			let rest = ids(HealthIdentity::organisations(Some(first[2]), 3, Order::OldestFirst));
			assert_eq!(rest, orgs[3..]);

			let newest = ids(HealthIdentity::organisations(None, 2, Order::NewestFirst));
			assert_eq!(newest, [orgs[3], orgs[2]]);
			let older = ids(HealthIdentity::organisations(Some(orgs[2]), 10, Order::NewestFirst));
			assert_eq!(older, [orgs[1], orgs[0]], "the revoked organisation is listed");
			let revoked = HealthIdentity::organisations(Some(orgs[2]), 1, Order::NewestFirst);
			assert_eq!(revoked.unwrap()[0].1.status, OrgStatus::Revoked);

			for limit in [0, 11] {
				assert!(matches!(
					HealthIdentity::organisations(None, limit, Order::OldestFirst),
					Err(Error::BadPageSize)
				));
			}
		});
	}

	#[test]
	fn a_dapp_reads_a_patients_profile_with_guardians_and_a_pending_move() {
		run(|| {
			let id = patient(20);
			appoint(20, GUARDIAN, GuardianScope::Records);
			assert_ok!(HealthIdentity::initiate_patient_move(signed(20), account(30)));
			let view = HealthIdentity::patient(id).expect("registered");
			assert_eq!(view.profile.account, account(20));
			assert_eq!(view.profile.guardians.len(), 1);
			assert_eq!(view.profile.guardians[0].guardian, account(GUARDIAN));
			assert_eq!(view.moving_to, Some(account(30)));
			assert_eq!(HealthIdentity::wards_of(account(GUARDIAN)), vec![id]);

			assert_ok!(HealthIdentity::accept_patient_move(signed(30), id));
			let view = HealthIdentity::patient(id).unwrap();
			assert_eq!((view.profile.account, view.moving_to), (account(30), None));
			assert!(HealthIdentity::patient(id + 1).is_none());
			assert!(HealthIdentity::wards_of(account(99)).is_empty());
		});
	}
}
