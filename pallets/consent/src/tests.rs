//! What callers see: each call's success and each of its errors, and every answer of the check
//! other pallets call through `ConsentVerifier`.

use crate::{mock::*, *};
use caduceus_primitives::{
	doubles::{slot, slots, TestRegistry},
	AccessDenial, AccessGround, Action, Actions, CategorySlot, CategorySlots, ConsentVerifier,
	DataCategories, DataCategory, OrgKind, OrgStatus, Purpose, Purposes, Role, Roles, Standing,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::Pays, BoundedVec};
use sp_core::{Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{AccountId32, DispatchError, MultiSignature};

type Error = crate::Error<Test>;
type Event = crate::Event<Test>;

fn signed(who: &AccountId32) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

fn org(id: OrgId) -> Party<AccountId32> {
	Party::Organisation(id)
}

fn person(who: &AccountId32) -> Party<AccountId32> {
	Party::Practitioner(who.clone())
}

/// Read and write of the broad (non-sensitive) categories for treatment, for 30 days.
fn terms(grantee: Party<AccountId32>) -> ConsentTermsOf<Test> {
	ConsentTerms {
		grantee,
		categories: slots(DataCategories::broad()),
		purposes: Purposes::of(&[Purpose::Treatment]),
		actions: Actions::of(&[Action::Read, Action::Write]),
		roles: Default::default(),
		valid_from: None,
		valid_until: START + 30 * DAY,
		exceptions: Default::default(),
		source_document: Some(H256::repeat_byte(7)),
	}
}

/// Grants `terms` as the patient and returns the grant's identifier.
fn grant(terms: ConsentTermsOf<Test>) -> ConsentId {
	assert_ok!(Consent::grant(signed(&patient()), PATIENT, terms));
	NextConsentId::<Test>::get() - 1
}

/// What the consent check answers other pallets, without its path.
fn answer(
	patient: PatientId,
	who: &AccountId32,
	category: CategorySlot,
	purpose: Purpose,
	action: Action,
) -> Result<AccessGround, AccessDenial> {
	<Consent as ConsentVerifier<AccountId32>>::check(patient, who, category, purpose, action).answer
}

fn check(who: &AccountId32, category: DataCategory) -> Result<AccessGround, AccessDenial> {
	answer(PATIENT, who, slot(category), Purpose::Treatment, Action::Read)
}

fn last_event() -> Event {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| if let RuntimeEvent::Consent(e) = r.event { Some(e) } else { None })
		.expect("a consent event")
}

fn history() -> alloc::vec::Vec<ConsentActivity<AccountId32>> {
	Consent::history_page(PATIENT, 0, 10).unwrap().into_iter().map(|e| e.activity).collect()
}

fn excluded(who: &[AccountId32]) -> BoundedVec<AccountId32, <Test as Config>::MaxExcluded> {
	who.to_vec().try_into().unwrap()
}

mod grants {
	use super::*;

	#[test]
	fn a_patient_grants_an_organisation_for_free_and_its_practitioners_may_read() {
		run(|| {
			let result = Consent::grant(signed(&patient()), PATIENT, terms(org(HOSPITAL)));
			assert_eq!(result.unwrap().pays_fee, Pays::No);
			assert_eq!(check(&physician(), DataCategory::LabResults), Ok(AccessGround::Consent(0)));
			assert_eq!(check(&nurse(), DataCategory::Medications), Ok(AccessGround::Consent(0)));
			assert_eq!(
				check(&hospital_admin(), DataCategory::Billing),
				Err(AccessDenial::NoConsent),
				"the grant covers the practitioners, not the admin account"
			);
			assert_eq!(
				check(&lab_technician(), DataCategory::LabResults),
				Err(AccessDenial::NoConsent)
			);
			assert_eq!(
				last_event(),
				Event::ConsentGranted {
					consent: 0,
					patient: PATIENT,
					grantee: org(HOSPITAL),
					granted_by: patient(),
					categories: slots(DataCategories::broad()),
					purposes: Purposes::of(&[Purpose::Treatment]),
					actions: Actions::of(&[Action::Read, Action::Write]),
					roles: Default::default(),
					valid_from: START,
					valid_until: START + 30 * DAY,
					exceptions: Default::default(),
					source_document: Some(H256::repeat_byte(7)),
					signed_in_wallet: false,
					at: START,
				}
			);
			assert_eq!(
				history(),
				[ConsentActivity::Granted {
					consent: 0,
					grantee: org(HOSPITAL),
					signed_in_wallet: false
				}]
			);
		});
	}

	#[test]
	fn a_guardian_with_consent_scope_grants_and_others_may_not() {
		run(|| {
			assert_ok!(Consent::grant(signed(&guardian()), PATIENT, terms(person(&physician()))));
			assert_eq!(check(&physician(), DataCategory::Conditions), Ok(AccessGround::Consent(0)));
			for who in [records_delegate(), stranger(), other_patient(), physician()] {
				assert_noop!(
					Consent::grant(signed(&who), PATIENT, terms(org(HOSPITAL))),
					Error::NotPatientOrGuardian
				);
			}
			assert_noop!(
				Consent::grant(signed(&patient()), 77, terms(org(HOSPITAL))),
				Error::UnknownPatient
			);
			assert_noop!(
				Consent::grant(RuntimeOrigin::root(), PATIENT, terms(org(HOSPITAL))),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn malformed_terms_are_refused() {
		run(|| {
			let refuse = |t: ConsentTermsOf<Test>, error: Error| {
				assert_noop!(Consent::grant(signed(&patient()), PATIENT, t), error);
			};
			let mut t = terms(org(HOSPITAL));
			t.categories = CategorySlots::empty();
			refuse(t, Error::EmptyGrant);
			let mut t = terms(org(HOSPITAL));
			t.purposes = Purposes::empty();
			refuse(t, Error::EmptyGrant);
			let mut t = terms(org(HOSPITAL));
			t.actions = Actions::empty();
			refuse(t, Error::EmptyGrant);
			let mut t = terms(org(HOSPITAL));
			t.valid_until = START;
			refuse(t, Error::InvalidPeriod);
			let mut t = terms(org(HOSPITAL));
			t.valid_from = Some(START + 10 * DAY);
			t.valid_until = START + 5 * DAY;
			refuse(t, Error::InvalidPeriod);
			let mut t = terms(org(HOSPITAL));
			t.valid_until = START + 366 * DAY;
			refuse(t, Error::PeriodTooLong);
			let mut t = terms(org(HOSPITAL));
			t.valid_from = Some(START + 300 * DAY);
			t.valid_until = START + 400 * DAY;
			refuse(t, Error::PeriodTooLong);
			let mut t = terms(person(&physician()));
			t.exceptions.practitioners = excluded(&[nurse()]);
			refuse(t, Error::ExclusionNeedsOrganisation);
		});
	}

	#[test]
	fn only_active_grantees_that_are_not_blocked_receive_grants() {
		run(|| {
			let refuse = |grantee: Party<AccountId32>, error: Error| {
				assert_noop!(Consent::grant(signed(&patient()), PATIENT, terms(grantee)), error);
			};
			refuse(person(&stranger()), Error::GranteeNotActive);
			refuse(org(42), Error::UnknownOrganisation);
			TestRegistry::set_practitioner(
				&nurse(),
				HOSPITAL,
				Role::Nurse,
				Standing::AttestationLapsed,
			);
			refuse(person(&nurse()), Error::GranteeNotActive);
			TestRegistry::set_organisation(LAB, OrgKind::Laboratory, OrgStatus::Suspended);
			refuse(org(LAB), Error::GranteeNotActive);
			assert_ok!(Consent::block(signed(&patient()), PATIENT, person(&physician())));
			refuse(person(&physician()), Error::GranteeBlocked);
			assert_ok!(Consent::block(signed(&patient()), PATIENT, org(HOSPITAL)));
			refuse(person(&officer()), Error::GranteeBlocked);
		});
	}

	#[test]
	fn grants_are_bounded_per_grantee_and_per_patient() {
		run(|| {
			for _ in 0..3 {
				grant(terms(org(HOSPITAL)));
			}
			assert_noop!(
				Consent::grant(signed(&patient()), PATIENT, terms(org(HOSPITAL))),
				Error::TooManyConsentsForGrantee
			);
			grant(terms(org(LAB)));
			grant(terms(person(&physician())));
			assert_noop!(
				Consent::grant(signed(&patient()), PATIENT, terms(person(&nurse()))),
				Error::TooManyConsents
			);
			assert_eq!(PatientCounters::<Test>::get(PATIENT).grants, 5);
		});
	}

	#[test]
	fn a_patients_operations_are_free_up_to_the_daily_allowance_then_paid() {
		run(|| {
			for _ in 0..4 {
				let id = grant(terms(org(HOSPITAL)));
				let revoked = Consent::revoke(signed(&patient()), PATIENT, id).unwrap();
				assert_eq!(revoked.pays_fee, Pays::No);
				advance(1);
				assert_ok!(Consent::remove_ended(signed(&stranger()), PATIENT, id));
			}
			let beyond = Consent::grant(signed(&patient()), PATIENT, terms(org(HOSPITAL)));
			assert_eq!(beyond.unwrap().pays_fee, Pays::Yes, "the ninth operation today is paid");
			let revoked = Consent::revoke(signed(&guardian()), PATIENT, 4).unwrap();
			assert_eq!(
				revoked.pays_fee,
				Pays::Yes,
				"a patient can always revoke, paying if need be"
			);
			advance(DAY);
			let next_day = Consent::block(signed(&patient()), PATIENT, org(LAB));
			assert_eq!(next_day.unwrap().pays_fee, Pays::No);
		});
	}

	#[test]
	fn a_refused_operation_pays_and_uses_no_allowance() {
		run(|| {
			let refused = Consent::grant(signed(&patient()), PATIENT, terms(org(42)));
			assert_eq!(refused.unwrap_err().post_info.pays_fee, Pays::Yes);
			assert_eq!(PatientCounters::<Test>::get(PATIENT).allowance.used, 0);
		});
	}
}

mod checking {
	use super::*;

	/// Callers pay the check's worst case (`ConsentCheck::weight_beyond_fast_path`) only off the fast
	/// path.
	#[test]
	fn the_check_tells_its_callers_when_it_left_its_fast_path() {
		run(|| {
			let fast = |who: &AccountId32, category: DataCategory, purpose: Purpose| {
				Consent::do_check_by_path(
					PATIENT,
					who,
					Some(slot(category)),
					None,
					purpose,
					Action::Read,
				)
			};
			let mut broad = terms(org(HOSPITAL));
			broad.purposes = Purposes::of(&[Purpose::Treatment, Purpose::EmergencyTreatment]);
			let broad = grant(broad);
			let mut hiv = terms(org(HOSPITAL));
			hiv.categories = slots(DataCategories::of(&[DataCategory::Hiv]));
			let hiv = grant(hiv);
			// The first grant read permits: the fast path, which callers' benchmarks hold.
			assert_eq!(
				fast(&physician(), DataCategory::LabResults, Purpose::Treatment),
				(Ok(AccessGround::Consent(broad)), true)
			);
			// The second grant permits: the first was read on the way.
			assert_eq!(
				fast(&physician(), DataCategory::Hiv, Purpose::Treatment),
				(Ok(AccessGround::Consent(hiv)), false)
			);
			// Denied after reading both grants: neither covers a category never named.
			assert_eq!(
				fast(&physician(), DataCategory::Genetic, Purpose::Treatment),
				(Err(AccessDenial::CategoryNotCovered), false)
			);
			// An emergency read looks for an emergency access first, even when the first grant
			// then permits.
			assert_eq!(
				fast(&physician(), DataCategory::LabResults, Purpose::EmergencyTreatment),
				(Ok(AccessGround::Consent(broad)), false)
			);
			// A patient who blocks anyone has a block list to search.
			assert_ok!(Consent::block(signed(&patient()), PATIENT, org(LAB)));
			assert_eq!(
				fast(&physician(), DataCategory::LabResults, Purpose::Treatment),
				(Ok(AccessGround::Consent(broad)), false)
			);
		});
	}

	#[test]
	fn an_administrator_cannot_read_under_an_organisations_treatment_grant() {
		run(|| {
			let administrator = AccountId32::new([11; 32]);
			TestRegistry::set_practitioner(
				&administrator,
				HOSPITAL,
				Role::Administrator,
				Standing::Active,
			);
			grant(terms(org(HOSPITAL)));
			// An administrator or privacy officer may not claim treatment as their purpose...
			assert_eq!(
				check(&administrator, DataCategory::LabResults),
				Err(AccessDenial::PurposeNotServedByRole)
			);
			// ...and for operations, a grant naming no roles covers only the clinical ones.
			let mut operations = terms(org(HOSPITAL));
			operations.purposes = Purposes::of(&[Purpose::Treatment, Purpose::Operations]);
			grant(operations.clone());
			let audit = |who: &AccountId32| {
				answer(
					PATIENT,
					who,
					slot(DataCategory::LabResults),
					Purpose::Operations,
					Action::Read,
				)
			};
			assert_eq!(audit(&officer()), Err(AccessDenial::RoleNotCovered));
			assert_eq!(check(&physician(), DataCategory::LabResults), Ok(AccessGround::Consent(0)));
			assert_eq!(check(&nurse(), DataCategory::LabResults), Ok(AccessGround::Consent(0)));
			// Named, the privacy officer is covered, and only the roles named are.
			operations.roles = Roles::of(&[Role::PrivacyOfficer]);
			grant(operations);
			assert_eq!(audit(&officer()), Ok(AccessGround::Consent(2)));
			assert_eq!(audit(&administrator), Err(AccessDenial::RoleNotCovered));
		});
	}

	#[test]
	fn only_a_grant_to_an_organisation_names_roles() {
		run(|| {
			let mut named = terms(person(&physician()));
			named.roles = Roles::of(&[Role::Physician]);
			assert_noop!(
				Consent::grant(signed(&patient()), PATIENT, named),
				Error::RolesNeedOrganisation
			);
		});
	}

	#[test]
	fn a_grant_that_would_let_nobody_in_is_refused() {
		run(|| {
			// For payment, naming no roles: the clinical roles, none of which serves payment.
			let mut payment = terms(org(HOSPITAL));
			payment.purposes = Purposes::of(&[Purpose::Payment]);
			assert_noop!(
				Consent::grant(signed(&patient()), PATIENT, payment.clone()),
				Error::GrantCoversNoRole
			);
			payment.roles = Roles::of(&[Role::Researcher]);
			assert_noop!(
				Consent::grant(signed(&patient()), PATIENT, payment.clone()),
				Error::GrantCoversNoRole
			);
			payment.roles = Roles::of(&[Role::ClaimsOfficer]);
			assert_ok!(Consent::grant(signed(&patient()), PATIENT, payment));
		});
	}

	#[test]
	fn a_claims_officer_cannot_claim_treatment_as_their_purpose() {
		run(|| {
			let claims_officer = AccountId32::new([12; 32]);
			TestRegistry::set_practitioner(
				&claims_officer,
				HOSPITAL,
				Role::ClaimsOfficer,
				Standing::Active,
			);
			grant(terms(person(&claims_officer)));
			assert_eq!(
				check(&claims_officer, DataCategory::LabResults),
				Err(AccessDenial::PurposeNotServedByRole)
			);
			// For payment, under a grant naming claims officers, they may.
			let mut payment = terms(org(HOSPITAL));
			payment.purposes = Purposes::of(&[Purpose::Payment]);
			payment.roles = Roles::of(&[Role::ClaimsOfficer]);
			let id = grant(payment);
			assert_eq!(
				answer(
					PATIENT,
					&claims_officer,
					slot(DataCategory::Billing),
					Purpose::Payment,
					Action::Read
				),
				Ok(AccessGround::Consent(id))
			);
		});
	}

	#[test]
	fn each_term_of_a_grant_is_checked() {
		run(|| {
			grant(terms(org(HOSPITAL)));
			let ask = |category, purpose, action| {
				answer(PATIENT, &physician(), category, purpose, action)
			};
			assert_eq!(
				ask(slot(DataCategory::LabResults), Purpose::Treatment, Action::Write),
				Ok(AccessGround::Consent(0))
			);
			assert_eq!(
				ask(slot(DataCategory::MentalHealth), Purpose::Treatment, Action::Read),
				Err(AccessDenial::CategoryNotCovered),
				"a broad grant's slots leave the sensitive categories out"
			);
			assert_eq!(
				ask(slot(DataCategory::LabResults), Purpose::PublicHealth, Action::Read),
				Err(AccessDenial::PurposeNotCovered)
			);
			assert_eq!(
				ask(slot(DataCategory::LabResults), Purpose::Treatment, Action::Disclose),
				Err(AccessDenial::ActionNotCovered)
			);
			assert_eq!(
				answer(
					OTHER_PATIENT,
					&physician(),
					slot(DataCategory::LabResults),
					Purpose::Treatment,
					Action::Read
				),
				Err(AccessDenial::NoConsent)
			);
		});
	}

	#[test]
	fn a_named_sensitive_category_is_covered_and_an_unnamed_one_is_not() {
		run(|| {
			let mut t = terms(person(&physician()));
			t.categories = slots(DataCategories::of(&[DataCategory::Hiv]));
			grant(t);
			assert_eq!(check(&physician(), DataCategory::Hiv), Ok(AccessGround::Consent(0)));
			assert_eq!(
				check(&physician(), DataCategory::LabResults),
				Err(AccessDenial::CategoryNotCovered)
			);
		});
	}

	/// A grant stored before runtime 106 names categories by their own index (unkeyed slots);
	/// records anchored since name keyed slots, which never meet those: an old broad grant does
	/// not cover a new HIV record whose keyed slot happens to equal a non-sensitive category's
	/// index.
	#[test]
	fn a_grant_written_before_keys_covers_no_keyed_record() {
		run(|| {
			use caduceus_primitives::{category_slots::unkeyed_slots, Flag};
			let mut t = terms(person(&physician()));
			t.categories = unkeyed_slots(DataCategories::broad());
			grant(t);
			for category in DataCategory::ALL {
				assert_eq!(
					check(&physician(), *category),
					Err(AccessDenial::CategoryNotCovered),
					"{category:?}"
				);
			}
		});
	}

	/// Trial enrolment and claims adjudication cannot name the patient's slot, so they ask
	/// whether a grant covers any: a slot it covers and does not exclude, with every other term
	/// checked as for one category.
	#[test]
	fn a_grant_excluding_every_slot_it_names_covers_no_category() {
		run(|| {
			let any = |purpose| {
				Consent::check_any_category(PATIENT, &physician(), purpose, Action::Read).answer
			};
			assert_eq!(any(Purpose::Treatment), Err(AccessDenial::NoConsent));
			let mut t = terms(person(&physician()));
			t.categories = slots(DataCategories::of(&[DataCategory::Billing]));
			t.exceptions.categories = t.categories;
			let excluded = grant(t.clone());
			assert_eq!(any(Purpose::Treatment), Err(AccessDenial::DeniedByException));
			t.categories =
				slots(DataCategories::of(&[DataCategory::Billing, DataCategory::Imaging]));
			let covering = grant(t);
			assert_eq!(any(Purpose::Treatment), Ok(AccessGround::Consent(covering)));
			assert_eq!(any(Purpose::PublicHealth), Err(AccessDenial::PurposeNotCovered));
			assert_ok!(Consent::revoke(signed(&patient()), PATIENT, covering));
			assert_eq!(
				any(Purpose::Treatment),
				Err(AccessDenial::DeniedByException),
				"the more specific of the two grants' reasons"
			);
			assert_ok!(Consent::revoke(signed(&patient()), PATIENT, excluded));
			assert_eq!(any(Purpose::Treatment), Err(AccessDenial::Revoked));
		});
	}

	/// Enrolling in a trial asks for a grant given for the trial's protocol: consent to one
	/// study (or to research at large) enrols in no other.
	#[test]
	fn a_grant_for_one_document_covers_no_other() {
		run(|| {
			use caduceus_primitives::ConsentVerifier;
			let (protocol, other) = (H256::repeat_byte(0xA1), H256::repeat_byte(0xB2));
			let for_document = |document| {
				Consent::check_for_document(
					PATIENT,
					&physician(),
					Purpose::Treatment,
					Action::Read,
					document,
				)
				.answer
			};
			let mut t = terms(person(&physician()));
			t.source_document = None;
			grant(t.clone());
			assert_eq!(for_document(protocol), Err(AccessDenial::OtherDocument));
			t.source_document = Some(other);
			grant(t.clone());
			assert_eq!(for_document(protocol), Err(AccessDenial::OtherDocument));
			t.source_document = Some(protocol);
			let given_for_protocol = grant(t);
			assert_eq!(for_document(protocol), Ok(AccessGround::Consent(given_for_protocol)));
			assert_ok!(Consent::revoke(signed(&patient()), PATIENT, given_for_protocol));
			assert_eq!(for_document(protocol), Err(AccessDenial::OtherDocument));
		});
	}

	#[test]
	fn the_period_applies_without_any_call() {
		run(|| {
			let mut t = terms(org(HOSPITAL));
			t.valid_from = Some(START + DAY);
			t.valid_until = START + 2 * DAY;
			grant(t);
			assert_eq!(
				check(&physician(), DataCategory::LabResults),
				Err(AccessDenial::NotYetValid)
			);
			advance(DAY);
			assert_eq!(check(&physician(), DataCategory::LabResults), Ok(AccessGround::Consent(0)));
			advance(DAY);
			assert_eq!(check(&physician(), DataCategory::LabResults), Err(AccessDenial::Expired));
		});
	}

	#[test]
	fn deny_exceptions_exclude_practitioners_and_categories() {
		run(|| {
			let mut t = terms(org(HOSPITAL));
			t.exceptions.practitioners = excluded(&[nurse()]);
			t.exceptions.categories = slots(DataCategories::of(&[DataCategory::Imaging]));
			grant(t);
			assert_eq!(check(&physician(), DataCategory::LabResults), Ok(AccessGround::Consent(0)));
			assert_eq!(
				check(&nurse(), DataCategory::LabResults),
				Err(AccessDenial::DeniedByException)
			);
			assert_eq!(
				check(&physician(), DataCategory::Imaging),
				Err(AccessDenial::DeniedByException)
			);
		});
	}

	#[test]
	fn a_block_overrides_every_grant() {
		run(|| {
			grant(terms(org(HOSPITAL)));
			grant(terms(person(&physician())));
			assert_ok!(Consent::block(signed(&patient()), PATIENT, person(&physician())));
			assert_eq!(check(&physician(), DataCategory::LabResults), Err(AccessDenial::Blocked));
			assert_eq!(check(&nurse(), DataCategory::LabResults), Ok(AccessGround::Consent(0)));
			assert_ok!(Consent::block(signed(&patient()), PATIENT, org(HOSPITAL)));
			assert_eq!(check(&nurse(), DataCategory::LabResults), Err(AccessDenial::Blocked));
		});
	}

	#[test]
	fn the_accessors_standing_is_read_at_every_check() {
		run(|| {
			grant(terms(org(HOSPITAL)));
			grant(terms(person(&nurse())));
			TestRegistry::set_organisation(HOSPITAL, OrgKind::Hospital, OrgStatus::Suspended);
			assert_eq!(
				check(&physician(), DataCategory::LabResults),
				Err(AccessDenial::OrganisationSuspended)
			);
			TestRegistry::set_organisation(HOSPITAL, OrgKind::Hospital, OrgStatus::Active);
			assert_eq!(check(&physician(), DataCategory::LabResults), Ok(AccessGround::Consent(0)));
			TestRegistry::set_practitioner(
				&nurse(),
				HOSPITAL,
				Role::Nurse,
				Standing::AttestationLapsed,
			);
			assert_eq!(
				check(&nurse(), DataCategory::LabResults),
				Err(AccessDenial::AttestationLapsed)
			);
		});
	}

	#[test]
	fn a_direct_grant_does_not_outlive_the_attestation() {
		run(|| {
			grant(terms(person(&physician())));
			TestRegistry::reset();
			TestRegistry::set_patient(&patient(), PATIENT);
			assert_eq!(
				check(&physician(), DataCategory::LabResults),
				Err(AccessDenial::AttestationLapsed)
			);
			assert_eq!(check(&stranger(), DataCategory::LabResults), Err(AccessDenial::NoConsent));
			// Nor does administering an organisation keep a withdrawn practitioner's grant alive.
			TestRegistry::set_admin(&physician(), LAB);
			assert_eq!(
				check(&physician(), DataCategory::LabResults),
				Err(AccessDenial::AttestationLapsed)
			);
		});
	}

	#[test]
	fn with_several_grants_the_first_that_permits_wins_else_the_most_specific_reason() {
		run(|| {
			let mut public_health = terms(org(HOSPITAL));
			public_health.purposes = Purposes::of(&[Purpose::PublicHealth]);
			grant(public_health);
			let mut expired = terms(org(HOSPITAL));
			expired.valid_until = START + DAY;
			grant(expired);
			advance(DAY);
			assert_eq!(
				check(&physician(), DataCategory::LabResults),
				Err(AccessDenial::PurposeNotCovered)
			);
			let direct = grant(terms(person(&physician())));
			assert_eq!(
				check(&physician(), DataCategory::LabResults),
				Ok(AccessGround::Consent(direct))
			);
		});
	}

	#[test]
	fn grants_to_others_do_not_enter_a_check() {
		run(|| {
			grant(terms(org(LAB)));
			grant(terms(person(&nurse())));
			let question = AccessQuestion {
				accessor: &physician(),
				category: Some(slot(DataCategory::LabResults)),
				document: None,
				purpose: Purpose::Treatment,
				action: Action::Read,
				now: START,
				block: 1,
			};
			let read: u32 = [person(&physician()), org(HOSPITAL)]
				.iter()
				.map(|party| Consents::<Test>::get(PATIENT, party).len() as u32)
				.sum();
			assert_eq!(read, 0, "the physician's pairs are empty though the patient has grants");
			assert!(Consents::<Test>::get(PATIENT, org(LAB))[0].evaluate(&question).is_ok());
			assert_eq!(check(&physician(), DataCategory::LabResults), Err(AccessDenial::NoConsent));
		});
	}
}

mod revocation {
	use super::*;

	/// Attack: a grantee watching the pool orders its read after the patient's revocation in
	/// the same block; it used to be granted until the next block.
	#[test]
	fn a_revocation_bites_in_the_block_it_is_made() {
		run(|| {
			let id = grant(terms(org(HOSPITAL)));
			let result = Consent::revoke(signed(&guardian()), PATIENT, id);
			assert_eq!(result.unwrap().pays_fee, Pays::No);
			assert_eq!(
				last_event(),
				Event::ConsentRevoked {
					consent: id,
					patient: PATIENT,
					grantee: org(HOSPITAL),
					revoked_by: guardian(),
					categories: slots(DataCategories::broad()),
					purposes: Purposes::of(&[Purpose::Treatment]),
					actions: Actions::of(&[Action::Read, Action::Write]),
					valid_from: START,
					valid_until: START + 30 * DAY,
					source_document: Some(H256::repeat_byte(7)),
					at: START,
				}
			);
			assert_eq!(check(&physician(), DataCategory::LabResults), Err(AccessDenial::Revoked));
			assert_eq!(
				Consent::consents_page(PATIENT, None, 10).unwrap()[0].status,
				ConsentStatus::Revoked,
				"the read API says so in the same block"
			);
			advance(6_000);
			assert_eq!(check(&physician(), DataCategory::LabResults), Err(AccessDenial::Revoked));
			assert!(matches!(history().last(), Some(ConsentActivity::Revoked { consent: 0, .. })));
		});
	}

	#[test]
	fn revoking_fails_clearly() {
		run(|| {
			let id = grant(terms(org(HOSPITAL)));
			assert_noop!(Consent::revoke(signed(&patient()), PATIENT, 9), Error::UnknownConsent);
			assert_noop!(
				Consent::revoke(signed(&other_patient()), OTHER_PATIENT, id),
				Error::UnknownConsent
			);
			assert_noop!(
				Consent::revoke(signed(&physician()), PATIENT, id),
				Error::NotPatientOrGuardian
			);
			assert_ok!(Consent::revoke(signed(&patient()), PATIENT, id));
			assert_noop!(Consent::revoke(signed(&patient()), PATIENT, id), Error::AlreadyRevoked);
		});
	}

	#[test]
	fn anyone_cleans_up_ended_grants_freeing_room() {
		run(|| {
			let mut short = terms(org(HOSPITAL));
			short.valid_until = START + DAY;
			let expiring = grant(short);
			let revoked = grant(terms(org(HOSPITAL)));
			let lasting = grant(terms(org(HOSPITAL)));
			assert_ok!(Consent::revoke(signed(&patient()), PATIENT, revoked));
			// A revoked grant has ended at once; an expiring one when its period is over.
			assert_noop!(
				Consent::remove_ended(signed(&stranger()), PATIENT, expiring),
				Error::ConsentStillInForce
			);
			for id in [revoked, expiring] {
				if id == expiring {
					advance(DAY);
				}
				let result = Consent::remove_ended(signed(&stranger()), PATIENT, id);
				assert_eq!(result.unwrap().pays_fee, Pays::No);
				assert_eq!(
					last_event(),
					Event::ConsentRemoved { consent: id, patient: PATIENT, removed_by: stranger() }
				);
			}
			assert_noop!(
				Consent::remove_ended(signed(&stranger()), PATIENT, lasting),
				Error::ConsentStillInForce
			);
			assert_noop!(
				Consent::remove_ended(signed(&stranger()), PATIENT, expiring),
				Error::UnknownConsent
			);
			assert_eq!(PatientCounters::<Test>::get(PATIENT).grants, 1);
			grant(terms(org(HOSPITAL)));
		});
	}
}

/// What a claim asks: could the provider treat the patient on the date of service?
mod treatment_relationship {
	use super::*;
	use caduceus_primitives::ConsentVerifier;

	fn treated(org_id: OrgId, who: &AccountId32, at: u64) -> bool {
		<Consent as ConsentVerifier<AccountId32>>::treated(PATIENT, org_id, who, at).treated
	}

	#[test]
	fn a_treatment_grant_covers_its_period_until_it_is_revoked() {
		run(|| {
			let id = grant(terms(org(HOSPITAL)));
			assert!(treated(HOSPITAL, &physician(), START + DAY));
			assert!(!treated(HOSPITAL, &physician(), START - 1), "before its period");
			assert!(!treated(HOSPITAL, &physician(), START + 30 * DAY), "after its period");
			assert!(!treated(LAB, &lab_technician(), START + DAY), "another organisation");
			advance(5 * DAY);
			assert_ok!(Consent::revoke(signed(&patient()), PATIENT, id));
			// A service before the revocation still had its consent; one after did not.
			assert!(treated(HOSPITAL, &physician(), START + DAY));
			assert!(!treated(HOSPITAL, &physician(), START + 6 * DAY));
			advance(DAY);
			assert_ok!(Consent::remove_ended(signed(&patient()), PATIENT, id));
			assert!(RevokedAt::<Test>::get(id).is_none(), "forgotten with its grant");
		});
	}

	/// Claims pay the check's worst case (`TreatmentCheck::weight_beyond_fast_path`) only off
	/// its fast path: a grant to the organisation covers and no revoked grant was read first.
	/// The answers are (treated, by the fast path).
	#[test]
	fn the_treatment_check_tells_its_callers_when_it_left_its_fast_path() {
		run(|| {
			let path = |who: &AccountId32, at: u64| Consent::do_treated(PATIENT, HOSPITAL, who, at);
			// Not treated: every pair was read, and the emergency access looked up.
			assert_eq!(path(&physician(), START + DAY), (false, false));
			// The practitioner's own grant: the organisation's list was read first.
			grant(terms(person(&nurse())));
			assert_eq!(path(&nurse(), START + DAY), (true, false));
			// The organisation's grant: the fast path.
			let id = grant(terms(org(HOSPITAL)));
			assert_eq!(path(&physician(), START + DAY), (true, true));
			// Revoked later, it still covers a service before, but its revocation was read.
			advance(5 * DAY);
			assert_ok!(Consent::revoke(signed(&patient()), PATIENT, id));
			assert_eq!(path(&physician(), START + DAY), (true, false));
		});
	}

	#[test]
	fn a_grant_for_other_purposes_or_to_another_practitioner_is_no_treatment_relationship() {
		run(|| {
			let mut public_health = terms(org(HOSPITAL));
			public_health.purposes = Purposes::of(&[Purpose::PublicHealth]);
			grant(public_health);
			assert!(!treated(HOSPITAL, &physician(), START + DAY));
			grant(terms(person(&nurse())));
			assert!(treated(HOSPITAL, &nurse(), START + DAY));
			assert!(!treated(HOSPITAL, &physician(), START + DAY));
		});
	}

	#[test]
	fn an_emergency_access_covers_the_time_it_ran_at_its_organisation() {
		run(|| {
			assert_ok!(Consent::declare_emergency_access(
				signed(&physician()),
				PATIENT,
				EmergencyReason::LifeThreatening,
				H256::repeat_byte(1)
			));
			assert!(treated(HOSPITAL, &physician(), START + 1));
			assert!(!treated(HOSPITAL, &physician(), START + 2 * DAY), "after it ended");
			assert!(!treated(LAB, &physician(), START + 1), "at another organisation");
		});
	}
}

mod blocking {
	use super::*;

	#[test]
	fn a_patient_blocks_and_unblocks_for_free() {
		run(|| {
			let result = Consent::block(signed(&patient()), PATIENT, org(LAB));
			assert_eq!(result.unwrap().pays_fee, Pays::No);
			assert_eq!(
				last_event(),
				Event::PartyBlocked { patient: PATIENT, party: org(LAB), by: patient() }
			);
			assert_ok!(Consent::unblock(signed(&guardian()), PATIENT, org(LAB)));
			assert_eq!(
				last_event(),
				Event::PartyUnblocked { patient: PATIENT, party: org(LAB), by: guardian() }
			);
			assert!(BlockList::<Test>::get(PATIENT).is_empty());
			assert_eq!(
				history(),
				[
					ConsentActivity::Blocked { party: org(LAB) },
					ConsentActivity::Unblocked { party: org(LAB) }
				]
			);
		});
	}

	#[test]
	fn blocking_fails_clearly() {
		run(|| {
			assert_noop!(
				Consent::block(signed(&patient()), PATIENT, org(42)),
				Error::UnknownOrganisation
			);
			assert_noop!(
				Consent::block(signed(&stranger()), PATIENT, org(LAB)),
				Error::NotPatientOrGuardian
			);
			assert_ok!(Consent::block(signed(&patient()), PATIENT, org(LAB)));
			assert_noop!(
				Consent::block(signed(&patient()), PATIENT, org(LAB)),
				Error::AlreadyBlocked
			);
			assert_ok!(Consent::block(signed(&patient()), PATIENT, person(&stranger())));
			assert_noop!(
				Consent::block(signed(&patient()), PATIENT, person(&nurse())),
				Error::TooManyBlocked
			);
			assert_noop!(
				Consent::unblock(signed(&patient()), PATIENT, org(HOSPITAL)),
				Error::NotBlocked
			);
			assert_noop!(
				Consent::unblock(signed(&other_patient()), OTHER_PATIENT, org(LAB)),
				Error::NotBlocked
			);
			assert_noop!(
				Consent::unblock(signed(&records_delegate()), PATIENT, org(LAB)),
				Error::NotPatientOrGuardian
			);
		});
	}
}

mod wallet_signed {
	use super::*;

	fn payload(signer: Sr25519Keyring, nonce: u32) -> SignedConsentOf<Test> {
		SignedConsent {
			domain: SIGNED_CONSENT_DOMAIN,
			genesis_hash: System::block_hash(0),
			patient: PATIENT,
			signer: signer.to_account_id(),
			nonce,
			expires_at: START + DAY,
			terms: terms(org(HOSPITAL)),
		}
	}

	/// Signs as polkadot.js `signRaw` does: the bytes wrapped in `<Bytes>…</Bytes>`.
	fn wallet_sign(signer: Sr25519Keyring, consent: &SignedConsentOf<Test>) -> MultiSignature {
		let wrapped = caduceus_primitives::wallet::wallet_wrapped(&consent.encode());
		signer.pair().sign(&wrapped).into()
	}

	#[test]
	fn the_grantee_submits_a_grant_the_patient_signed_in_a_wallet() {
		run(|| {
			assert_eq!(Consent::signed_consent_nonce(PATIENT), Ok(0), "what the wallet signs");
			let consent = payload(Sr25519Keyring::Alice, 0);
			let signature = wallet_sign(Sr25519Keyring::Alice, &consent);
			assert_ok!(Consent::grant_signed(signed(&hospital_admin()), consent, signature));
			assert_eq!(Consent::signed_consent_nonce(PATIENT), Ok(1), "the next one");
			assert!(matches!(
				last_event(),
				Event::ConsentGranted { consent: 0, granted_by, signed_in_wallet: true, .. }
					if granted_by == patient()
			));
			assert_eq!(check(&physician(), DataCategory::LabResults), Ok(AccessGround::Consent(0)));
			assert_eq!(PatientCounters::<Test>::get(PATIENT).signed_nonce, 1);
			assert_eq!(
				PatientCounters::<Test>::get(PATIENT).allowance.used,
				0,
				"the submitter paid"
			);
			// A raw signature (no wallet wrapping) is accepted too; so is a guardian's.
			let consent = payload(Sr25519Keyring::Bob, 1);
			let raw = Sr25519Keyring::Bob.pair().sign(&consent.encode()).into();
			assert_ok!(Consent::grant_signed(signed(&physician()), consent, raw));
		});
	}

	#[test]
	fn a_signed_grant_is_good_once_on_this_chain_until_it_expires() {
		run(|| {
			let consent = payload(Sr25519Keyring::Alice, 0);
			let signature = wallet_sign(Sr25519Keyring::Alice, &consent);
			assert_ok!(Consent::grant_signed(
				signed(&physician()),
				consent.clone(),
				signature.clone()
			));
			assert_noop!(
				Consent::grant_signed(signed(&physician()), consent, signature),
				Error::BadNonce
			);
			let skipping = payload(Sr25519Keyring::Alice, 5);
			let signature = wallet_sign(Sr25519Keyring::Alice, &skipping);
			assert_noop!(
				Consent::grant_signed(signed(&physician()), skipping, signature),
				Error::BadNonce
			);

			let mut other_chain = payload(Sr25519Keyring::Alice, 1);
			other_chain.genesis_hash = H256::repeat_byte(1);
			let signature = wallet_sign(Sr25519Keyring::Alice, &other_chain);
			assert_noop!(
				Consent::grant_signed(signed(&physician()), other_chain, signature),
				Error::BadSignature
			);
			let mut other_domain = payload(Sr25519Keyring::Alice, 1);
			other_domain.domain = *b"caduceus/patient-intake\0";
			let signature = wallet_sign(Sr25519Keyring::Alice, &other_domain);
			assert_noop!(
				Consent::grant_signed(signed(&physician()), other_domain, signature),
				Error::BadSignature
			);
			let genuine = payload(Sr25519Keyring::Alice, 1);
			let signature = wallet_sign(Sr25519Keyring::Alice, &genuine);
			let mut tampered = genuine.clone();
			tampered.terms.purposes = Purposes::of(&[Purpose::Research]);
			assert_noop!(
				Consent::grant_signed(signed(&physician()), tampered, signature.clone()),
				Error::BadSignature
			);
			advance(DAY + 1);
			assert_noop!(
				Consent::grant_signed(signed(&physician()), genuine, signature),
				Error::SignatureExpired
			);
		});
	}

	#[test]
	fn a_payload_expires_within_the_lifetime_and_the_patient_can_cancel_it() {
		run(|| {
			let mut lasting = payload(Sr25519Keyring::Alice, 0);
			lasting.expires_at = START + 8 * DAY;
			let signature = wallet_sign(Sr25519Keyring::Alice, &lasting);
			assert_noop!(
				Consent::grant_signed(signed(&physician()), lasting, signature),
				Error::ExpiryTooFar
			);
			let handed_out = payload(Sr25519Keyring::Alice, 0);
			let signature = wallet_sign(Sr25519Keyring::Alice, &handed_out);
			let cancelled = Consent::cancel_signed_consents(signed(&patient()), PATIENT).unwrap();
			assert_eq!(cancelled.pays_fee, Pays::No);
			assert_eq!(
				last_event(),
				Event::SignedConsentsCancelled { patient: PATIENT, next_nonce: 1, by: patient() }
			);
			assert_eq!(history(), [ConsentActivity::SignedConsentsCancelled { next_nonce: 1 }]);
			assert_noop!(
				Consent::grant_signed(signed(&physician()), handed_out, signature),
				Error::BadNonce
			);
			assert_noop!(
				Consent::cancel_signed_consents(signed(&records_delegate()), PATIENT),
				Error::NotPatientOrGuardian
			);
			assert_noop!(
				Consent::cancel_signed_consents(signed(&patient()), 77),
				Error::UnknownPatient
			);
		});
	}

	fn revocation(
		signer: Sr25519Keyring,
		nonce: u32,
		consent: ConsentId,
	) -> SignedRevocationOf<Test> {
		SignedRevocation {
			domain: SIGNED_REVOCATION_DOMAIN,
			genesis_hash: System::block_hash(0),
			patient: PATIENT,
			signer: signer.to_account_id(),
			nonce,
			expires_at: START + DAY,
			consent,
		}
	}

	fn sign_revocation(
		signer: Sr25519Keyring,
		revocation: &SignedRevocationOf<Test>,
	) -> MultiSignature {
		let wrapped = caduceus_primitives::wallet::wallet_wrapped(&revocation.encode());
		signer.pair().sign(&wrapped).into()
	}

	#[test]
	fn anyone_submits_a_revocation_the_patient_signed_in_a_wallet() {
		run(|| {
			let id = grant(terms(org(HOSPITAL)));
			let signed_revocation = revocation(Sr25519Keyring::Alice, 0, id);
			let signature = sign_revocation(Sr25519Keyring::Alice, &signed_revocation);
			assert_ok!(Consent::revoke_signed(
				signed(&stranger()),
				signed_revocation.clone(),
				signature.clone()
			));
			assert!(matches!(
				last_event(),
				Event::ConsentRevoked { consent: 0, revoked_by, .. } if revoked_by == patient()
			));
			assert_eq!(PatientCounters::<Test>::get(PATIENT).signed_nonce, 1);
			advance(6_000);
			assert_eq!(check(&physician(), DataCategory::LabResults), Err(AccessDenial::Revoked));
			assert_noop!(
				Consent::revoke_signed(signed(&stranger()), signed_revocation, signature),
				Error::BadNonce
			);
		});
	}

	#[test]
	fn a_signed_revocation_fails_clearly() {
		run(|| {
			let id = grant(terms(org(HOSPITAL)));
			let refuse = |r: SignedRevocationOf<Test>, signer, error: Error| {
				let signature = sign_revocation(signer, &r);
				assert_noop!(Consent::revoke_signed(signed(&stranger()), r, signature), error);
			};
			let mut as_grant = revocation(Sr25519Keyring::Alice, 0, id);
			as_grant.domain = SIGNED_CONSENT_DOMAIN;
			refuse(as_grant, Sr25519Keyring::Alice, Error::BadSignature);
			let by_eve = revocation(Sr25519Keyring::Eve, 0, id);
			refuse(by_eve, Sr25519Keyring::Eve, Error::NotPatientOrGuardian);
			refuse(
				revocation(Sr25519Keyring::Alice, 0, 9),
				Sr25519Keyring::Alice,
				Error::UnknownConsent,
			);
			let mut stale = revocation(Sr25519Keyring::Alice, 0, id);
			stale.expires_at = START - 1;
			refuse(stale, Sr25519Keyring::Alice, Error::SignatureExpired);
			assert_ok!(Consent::revoke(signed(&patient()), PATIENT, id));
			refuse(
				revocation(Sr25519Keyring::Bob, 0, id),
				Sr25519Keyring::Bob,
				Error::AlreadyRevoked,
			);
		});
	}

	#[test]
	fn only_the_patient_or_a_guardian_signs() {
		run(|| {
			let consent = payload(Sr25519Keyring::Eve, 0);
			let signature = wallet_sign(Sr25519Keyring::Eve, &consent);
			assert_noop!(
				Consent::grant_signed(signed(&physician()), consent, signature),
				Error::NotPatientOrGuardian
			);
			let mut unknown = payload(Sr25519Keyring::Alice, 0);
			unknown.patient = 77;
			let signature = wallet_sign(Sr25519Keyring::Alice, &unknown);
			assert_noop!(
				Consent::grant_signed(signed(&physician()), unknown, signature),
				Error::UnknownPatient
			);
			let mut bad_terms = payload(Sr25519Keyring::Alice, 0);
			bad_terms.terms.grantee = person(&stranger());
			let signature = wallet_sign(Sr25519Keyring::Alice, &bad_terms);
			assert_noop!(
				Consent::grant_signed(signed(&physician()), bad_terms, signature),
				Error::GranteeNotActive
			);
		});
	}
}

mod break_glass {
	use super::*;

	fn declare(who: &AccountId32) -> EmergencyAccessId {
		assert_ok!(Consent::declare_emergency_access(
			signed(who),
			PATIENT,
			EmergencyReason::PatientCannotConsent,
			H256::repeat_byte(3)
		));
		NextEmergencyAccessId::<Test>::get() - 1
	}

	fn emergency_read(who: &AccountId32) -> Result<AccessGround, AccessDenial> {
		answer(PATIENT, who, slot(DataCategory::Hiv), Purpose::EmergencyTreatment, Action::Read)
	}

	fn review(id: EmergencyAccessId, verdict: Verdict) -> sp_runtime::DispatchResult {
		Consent::review_emergency_access(signed(&officer()), id, verdict, H256::repeat_byte(4))
	}

	#[test]
	fn an_overdue_review_counts_against_the_practitioner() {
		run(|| {
			let id = declare(&physician());
			advance(3 * DAY + 1);
			assert_ok!(review(id, Verdict::Justified));
			assert_eq!(EmergencyStandings::<Test>::get(physician()).unjustified, 1);
		});
	}

	#[test]
	fn the_consortium_names_an_independent_reviewer() {
		run(|| {
			let id = declare(&physician());
			let lab_officer = AccountId32::new([21; 32]);
			TestRegistry::set_practitioner(
				&lab_officer,
				LAB,
				Role::PrivacyOfficer,
				Standing::Active,
			);
			assert_noop!(
				Consent::set_emergency_reviewer(signed(&hospital_admin()), HOSPITAL, Some(LAB)),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Consent::set_emergency_reviewer(RuntimeOrigin::root(), HOSPITAL, Some(HOSPITAL)),
				Error::SelfReviewer
			);
			assert_noop!(
				Consent::set_emergency_reviewer(RuntimeOrigin::root(), 9, Some(LAB)),
				Error::UnknownOrganisation
			);
			assert_noop!(
				Consent::set_emergency_reviewer(RuntimeOrigin::root(), HOSPITAL, Some(9)),
				Error::ReviewerNotActive
			);
			assert_ok!(Consent::set_emergency_reviewer(RuntimeOrigin::root(), HOSPITAL, Some(LAB)));
			assert_eq!(
				last_event(),
				Event::EmergencyReviewerSet { organisation: HOSPITAL, reviewer: Some(LAB) }
			);
			// The hospital's own officer may no longer review; the laboratory's does.
			assert_noop!(review(id, Verdict::Justified), Error::NotAPrivacyOfficer);
			assert_ok!(Consent::review_emergency_access(
				signed(&lab_officer),
				id,
				Verdict::Justified,
				H256::repeat_byte(4)
			));
			// A reviewer suspended later: the hospital's own officers review again.
			let second = declare(&nurse());
			TestRegistry::set_organisation(LAB, OrgKind::Laboratory, OrgStatus::Suspended);
			assert_ok!(review(second, Verdict::Justified));
			assert_ok!(Consent::set_emergency_reviewer(RuntimeOrigin::root(), HOSPITAL, None));
			assert_eq!(EmergencyReviewers::<Test>::get(HOSPITAL), None);
		});
	}

	#[test]
	fn an_emergency_access_does_not_follow_the_practitioner_to_another_organisation() {
		run(|| {
			declare(&physician());
			TestRegistry::set_organisation(3, OrgKind::Hospital, OrgStatus::Active);
			TestRegistry::set_practitioner(&physician(), 3, Role::Physician, Standing::Active);
			assert_eq!(emergency_read(&physician()), Err(AccessDenial::NoConsent));
			// Nor does it stop them breaking the glass at the new one.
			let again = declare(&physician());
			assert_eq!(emergency_read(&physician()), Ok(AccessGround::Emergency(again)));
		});
	}

	#[test]
	fn a_practitioner_breaks_the_glass_to_read_for_emergency_treatment_for_a_window() {
		run(|| {
			let id = declare(&physician());
			assert_eq!(
				last_event(),
				Event::EmergencyAccessDeclared {
					access: id,
					patient: PATIENT,
					practitioner: physician(),
					organisation: HOSPITAL,
					reason: EmergencyReason::PatientCannotConsent,
					justification: H256::repeat_byte(3),
					ends_at: START + DAY,
					review_due: START + 3 * DAY,
					overrode_block: false,
				}
			);
			assert_eq!(emergency_read(&physician()), Ok(AccessGround::Emergency(id)));
			assert_eq!(
				answer(
					PATIENT,
					&physician(),
					slot(DataCategory::Hiv),
					Purpose::Treatment,
					Action::Read
				),
				Err(AccessDenial::NoConsent),
				"only reading for emergency treatment"
			);
			assert_eq!(
				answer(
					PATIENT,
					&physician(),
					slot(DataCategory::Hiv),
					Purpose::EmergencyTreatment,
					Action::Write
				),
				Err(AccessDenial::NoConsent)
			);
			assert_eq!(emergency_read(&nurse()), Err(AccessDenial::NoConsent), "only the declarer");
			advance(DAY);
			assert_eq!(
				emergency_read(&physician()),
				Err(AccessDenial::NoConsent),
				"the window is over"
			);
		});
	}

	#[test]
	fn a_block_does_not_stop_break_glass_but_flags_it() {
		run(|| {
			assert_ok!(Consent::block(signed(&patient()), PATIENT, org(HOSPITAL)));
			let id = declare(&physician());
			assert!(EmergencyAccesses::<Test>::get(id).unwrap().overrode_block);
			assert_eq!(emergency_read(&physician()), Ok(AccessGround::Emergency(id)));
			assert!(matches!(
				history().last(),
				Some(ConsentActivity::EmergencyAccessDeclared { overrode_block: true, .. })
			));
		});
	}

	#[test]
	fn declaring_fails_clearly() {
		run(|| {
			let declare_as = |who: &AccountId32, patient| {
				Consent::declare_emergency_access(
					signed(who),
					patient,
					EmergencyReason::LifeThreatening,
					H256::zero(),
				)
			};
			assert_noop!(declare_as(&physician(), 77), Error::UnknownPatient);
			assert_noop!(declare_as(&stranger(), PATIENT), Error::NotAnActivePractitioner);
			assert_noop!(declare_as(&hospital_admin(), PATIENT), Error::NotAnActivePractitioner);
			assert_noop!(declare_as(&lab_technician(), PATIENT), Error::NotAnEmergencyProvider);
			assert_noop!(declare_as(&officer(), PATIENT), Error::NotAnEmergencyProvider);
			TestRegistry::set_practitioner(
				&nurse(),
				HOSPITAL,
				Role::Nurse,
				Standing::AttestationLapsed,
			);
			assert_noop!(declare_as(&nurse(), PATIENT), Error::NotAnActivePractitioner);
			declare(&physician());
			assert_noop!(declare_as(&physician(), PATIENT), Error::EmergencyAccessAlreadyActive);
		});
	}

	#[test]
	fn too_many_unreviewed_accesses_bar_the_practitioner_until_the_consortium_clears_them() {
		run(|| {
			declare(&physician());
			assert_ok!(Consent::declare_emergency_access(
				signed(&physician()),
				OTHER_PATIENT,
				EmergencyReason::Other,
				H256::zero()
			));
			assert_eq!(last_event(), Event::EmergencyPrivilegeBarred { practitioner: physician() });
			advance(DAY);
			let again = || {
				Consent::declare_emergency_access(
					signed(&physician()),
					PATIENT,
					EmergencyReason::Other,
					H256::zero(),
				)
			};
			assert_noop!(again(), Error::EmergencyPrivilegeBarred);
			assert_ok!(review(0, Verdict::Justified));
			assert_noop!(again(), Error::EmergencyPrivilegeBarred);
			assert_ok!(Consent::restore_emergency_privilege(RuntimeOrigin::root(), physician()));
			assert_ok!(again());
		});
	}

	#[test]
	fn a_privacy_officer_reviews_and_unjustified_accesses_bar_the_practitioner() {
		run(|| {
			let first = declare(&physician());
			assert_ok!(review(first, Verdict::Unjustified));
			assert_eq!(
				last_event(),
				Event::EmergencyAccessReviewed {
					access: first,
					patient: PATIENT,
					officer: officer(),
					verdict: Verdict::Unjustified,
					late: false,
				}
			);
			advance(DAY);
			let second = declare(&physician());
			advance(4 * DAY);
			assert_ok!(review(second, Verdict::Unjustified));
			assert_eq!(last_event(), Event::EmergencyPrivilegeBarred { practitioner: physician() });
			assert!(EmergencyAccesses::<Test>::get(second).unwrap().review.unwrap().late);
			assert_noop!(
				Consent::declare_emergency_access(
					signed(&physician()),
					PATIENT,
					EmergencyReason::Other,
					H256::zero()
				),
				Error::EmergencyPrivilegeBarred
			);
			assert_noop!(
				Consent::restore_emergency_privilege(signed(&officer()), physician()),
				DispatchError::BadOrigin
			);
			assert_ok!(Consent::restore_emergency_privilege(RuntimeOrigin::root(), physician()));
			assert_eq!(
				last_event(),
				Event::EmergencyPrivilegeRestored { practitioner: physician() }
			);
			assert_noop!(
				Consent::restore_emergency_privilege(RuntimeOrigin::root(), physician()),
				Error::NothingToClear
			);
			declare(&physician());
		});
	}

	#[test]
	fn reviewing_fails_clearly() {
		run(|| {
			let id = declare(&physician());
			assert_noop!(review(9, Verdict::Justified), Error::UnknownEmergencyAccess);
			assert_noop!(
				Consent::review_emergency_access(
					signed(&nurse()),
					id,
					Verdict::Justified,
					H256::zero()
				),
				Error::NotAPrivacyOfficer
			);
			let elsewhere = AccountId32::new([21; 32]);
			TestRegistry::set_practitioner(&elsewhere, LAB, Role::PrivacyOfficer, Standing::Active);
			assert_noop!(
				Consent::review_emergency_access(
					signed(&elsewhere),
					id,
					Verdict::Justified,
					H256::zero()
				),
				Error::NotAPrivacyOfficer
			);
			// A nurse who declared and has since become the privacy officer.
			let own = declare(&nurse());
			TestRegistry::set_practitioner(
				&nurse(),
				HOSPITAL,
				Role::PrivacyOfficer,
				Standing::Active,
			);
			let self_review = Consent::review_emergency_access(
				signed(&nurse()),
				own,
				Verdict::Justified,
				H256::zero(),
			);
			assert_noop!(self_review, Error::SelfReview);
			assert_ok!(review(id, Verdict::Justified));
			assert_noop!(review(id, Verdict::Justified), Error::AlreadyReviewed);
			assert_eq!(EmergencyStandings::<Test>::get(physician()), EmergencyStanding::default());
		});
	}

	#[test]
	fn an_unjustified_access_ends_at_once() {
		run(|| {
			let id = declare(&physician());
			advance(60_000);
			assert_ok!(review(id, Verdict::Unjustified));
			assert_eq!(emergency_read(&physician()), Err(AccessDenial::NoConsent));
			assert_eq!(EmergencyAccesses::<Test>::get(id).unwrap().ends_at, START + 60_000);
			assert_ok!(Consent::close_emergency_access(signed(&stranger()), id));
		});
	}

	#[test]
	fn a_reviewed_access_is_closed_once_its_window_is_over() {
		run(|| {
			let id = declare(&physician());
			assert_noop!(
				Consent::close_emergency_access(signed(&stranger()), id),
				Error::EmergencyAccessOpen
			);
			assert_ok!(review(id, Verdict::Justified));
			assert_noop!(
				Consent::close_emergency_access(signed(&stranger()), id),
				Error::EmergencyAccessOpen
			);
			advance(DAY);
			let result = Consent::close_emergency_access(signed(&stranger()), id);
			assert_eq!(result.unwrap().pays_fee, Pays::No);
			assert_eq!(last_event(), Event::EmergencyAccessClosed { access: id, patient: PATIENT });
			assert!(ActiveEmergency::<Test>::get(PATIENT, physician()).is_none());
			assert_noop!(
				Consent::close_emergency_access(signed(&stranger()), id),
				Error::UnknownEmergencyAccess
			);
			assert!(matches!(
				history().last(),
				Some(ConsentActivity::EmergencyAccessReviewed { verdict: Verdict::Justified, .. })
			));
		});
	}
}

mod migration {
	use super::*;
	use crate::migrations::v2::{v1, MigrateToV2};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn version_1_grants_name_the_roles_that_serve_their_purposes() {
		run(|| {
			let treatment = grant(terms(org(HOSPITAL)));
			let mut payment_terms = terms(org(HOSPITAL));
			payment_terms.purposes = Purposes::of(&[Purpose::Payment]);
			payment_terms.roles = Roles::of(&[Role::ClaimsOfficer]);
			let payment = grant(payment_terms);
			let direct = grant(terms(person(&physician())));
			// Rewrite both pairs' grants as version 1 stored them: without roles.
			for party in [org(HOSPITAL), person(&physician())] {
				let old: alloc::vec::Vec<v1::GrantOf<Test>> =
					Consents::<Test>::get(PATIENT, &party)
						.into_iter()
						.map(|g| v1::Grant {
							id: g.id,
							categories: g.categories,
							purposes: g.purposes,
							actions: g.actions,
							valid_from: g.valid_from,
							valid_until: g.valid_until,
							exceptions: g.exceptions,
							source_document: g.source_document,
							granted_by: g.granted_by,
							granted_at: g.granted_at,
							signed_in_wallet: g.signed_in_wallet,
							revoked_in: g.revoked_in,
						})
						.collect();
				frame_support::storage::unhashed::put(
					&Consents::<Test>::hashed_key_for(PATIENT, &party),
					&old,
				);
			}
			StorageVersion::new(1).put::<Consent>();

			MigrateToV2::<Test>::on_runtime_upgrade();

			assert_eq!(Consent::on_chain_storage_version(), 2);
			let grants = Consents::<Test>::get(PATIENT, org(HOSPITAL));
			assert_eq!(grants[0].id, treatment);
			assert_eq!(grants[0].roles, Roles::of(Role::CLINICAL));
			assert_eq!(grants[1].id, payment);
			assert_eq!(grants[1].roles, Roles::of(&[Role::ClaimsOfficer]));
			let to_physician = Consents::<Test>::get(PATIENT, person(&physician()));
			assert_eq!((to_physician[0].id, to_physician[0].roles), (direct, Roles::default()));
			assert_eq!(
				check(&nurse(), DataCategory::LabResults),
				Ok(AccessGround::Consent(treatment))
			);
			// `run` checks every invariant now.
		});
	}
}

mod reading {
	use super::*;

	#[test]
	fn the_history_keeps_the_latest_entries_in_pages() {
		run(|| {
			for party in [org(LAB), org(HOSPITAL)] {
				assert_ok!(Consent::block(signed(&patient()), PATIENT, party.clone()));
				assert_ok!(Consent::unblock(signed(&patient()), PATIENT, party));
			}
			grant(terms(org(HOSPITAL)));
			let page = Consent::history_page(PATIENT, 0, 10).unwrap();
			assert_eq!(
				page.iter().map(|e| e.sequence).collect::<alloc::vec::Vec<_>>(),
				[1, 2, 3, 4]
			);
			assert_eq!(page[0].activity, ConsentActivity::Unblocked { party: org(LAB) });
			assert_eq!((page[3].at, page[3].actor.clone()), (START, patient()));
			let second = Consent::history_page(PATIENT, 3, 1).unwrap();
			assert_eq!(second.iter().map(|e| e.sequence).collect::<alloc::vec::Vec<_>>(), [3]);
			assert!(Consent::history_page(PATIENT, 5, 10).unwrap().is_empty());
			let ends = Consent::consent_history_ends(PATIENT).unwrap();
			assert_eq!((ends.oldest, ends.next), (1, 5), "entry 0 was overwritten");
			let newest = Consent::history_page(PATIENT, ends.next - 2, 2).unwrap();
			assert_eq!(newest.iter().map(|e| e.sequence).collect::<alloc::vec::Vec<_>>(), [3, 4]);
		});
	}

	#[test]
	fn a_patients_grants_are_listed_with_their_status() {
		run(|| {
			let revoked = grant(terms(org(HOSPITAL)));
			assert_ok!(Consent::revoke(signed(&patient()), PATIENT, revoked));
			let mut later = terms(org(LAB));
			later.valid_from = Some(START + DAY);
			grant(later);
			grant(terms(person(&physician())));
			advance(1);
			let mut listed = Consent::consents_page(PATIENT, None, 10)
				.unwrap()
				.into_iter()
				.map(|view| (view.grant.id, view.status))
				.collect::<alloc::vec::Vec<_>>();
			listed.sort_by_key(|(id, _)| *id);
			assert_eq!(
				listed,
				[
					(0, ConsentStatus::Revoked),
					(1, ConsentStatus::NotYetValid),
					(2, ConsentStatus::Active)
				]
			);
			let first = Consent::consents_page(PATIENT, None, 1).unwrap();
			let rest = Consent::consents_page(PATIENT, Some(first[0].grant.id), 10).unwrap();
			assert_eq!(rest.len(), 2);
			assert!(rest.iter().all(|view| view.grant.id != first[0].grant.id));
		});
	}

	/// A hospital lists the patients who granted it something, until the last grant of each
	/// is removed.
	#[test]
	fn a_grantee_lists_the_patients_who_granted_it() {
		run(|| {
			let (first, second) = (grant(terms(org(HOSPITAL))), grant(terms(org(HOSPITAL))));
			let mut other = terms(org(HOSPITAL));
			other.valid_until = START + DAY;
			assert_ok!(Consent::grant(signed(&other_patient()), OTHER_PATIENT, other));
			grant(terms(org(LAB)));
			let mut listed = Consent::grantors_of(org(HOSPITAL), None, 10).unwrap();
			listed.sort();
			assert_eq!(listed, [PATIENT, OTHER_PATIENT], "each patient once");
			let page = Consent::grantors_of(org(HOSPITAL), None, 1).unwrap();
			let rest = Consent::grantors_of(org(HOSPITAL), Some(page[0]), 10).unwrap();
			assert_eq!(rest.len(), 1);
			assert_ne!(rest, page);
			assert_eq!(Consent::grantors_of(org(LAB), None, 10).unwrap(), [PATIENT]);

			for id in [first, second] {
				assert_ok!(Consent::revoke(signed(&patient()), PATIENT, id));
			}
			advance(1);
			assert_ok!(Consent::remove_ended(signed(&stranger()), PATIENT, first));
			assert_eq!(Consent::grantors_of(org(HOSPITAL), None, 10).unwrap().len(), 2);
			assert_ok!(Consent::remove_ended(signed(&stranger()), PATIENT, second));
			let left = Consent::grantors_of(org(HOSPITAL), None, 10).unwrap();
			assert_eq!(left, [OTHER_PATIENT], "the last grant removed, the patient leaves");
			for limit in [0, 11] {
				let refused = Consent::grantors_of(org(HOSPITAL), None, limit);
				assert_eq!(refused, Err(QueryError::BadPageSize));
			}
		});
	}

	/// Version 2 → 3 on grants stored before the grantees' lists existed.
	#[test]
	fn version_2_grants_are_listed_under_their_grantees() {
		use crate::migrations::v3::MigrateToV3;
		use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
		run(|| {
			grant(terms(org(HOSPITAL)));
			grant(terms(person(&physician())));
			let _ = Grantors::<Test>::clear(u32::MAX, None);
			StorageVersion::new(2).put::<Consent>();

			MigrateToV3::<Test>::on_runtime_upgrade();

			assert_eq!(Consent::on_chain_storage_version(), 3);
			assert_eq!(Consent::grantors_of(org(HOSPITAL), None, 10).unwrap(), [PATIENT]);
			let physician = Consent::grantors_of(person(&physician()), None, 10).unwrap();
			assert_eq!(physician, [PATIENT]);
			// `run` checks every invariant now, the lists included.
		});
	}

	/// Version 3 → 4 on counters kept in four maps: each patient's are gathered into one item,
	/// the maps removed, and the patient's grants, nonce, allowance and history read as before.
	#[test]
	fn version_3_counters_are_gathered_into_one_item_per_patient() {
		use crate::migrations::v4::{v3, MigrateToV4};
		use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
		run(|| {
			grant(terms(org(HOSPITAL)));
			grant(terms(person(&physician())));
			assert_ok!(Consent::cancel_signed_consents(signed(&patient()), PATIENT));
			let history = Consent::history_page(PATIENT, 0, 10).unwrap();
			assert_eq!(history.len(), 3);
			let counters = PatientCounters::<Test>::take(PATIENT);
			assert_eq!(counters.grants, 2);
			assert_eq!(counters.signed_nonce, 1);
			assert_eq!(counters.history_length, 3);
			assert!(counters.allowance.used > 0);
			v3::ConsentCount::<Test>::insert(PATIENT, counters.grants);
			v3::SignedConsentNonce::<Test>::insert(PATIENT, counters.signed_nonce);
			v3::PatientAllowance::<Test>::insert(PATIENT, counters.allowance);
			v3::HistoryLength::<Test>::insert(PATIENT, counters.history_length);
			// A patient who only ever used a free operation has an allowance and nothing else.
			let other = caduceus_primitives::DailyAllowance { day: 3, used: 1 };
			v3::PatientAllowance::<Test>::insert(PATIENT + 1, other);
			StorageVersion::new(3).put::<Consent>();

			MigrateToV4::<Test>::on_runtime_upgrade();

			assert_eq!(Consent::on_chain_storage_version(), 4);
			assert_eq!(PatientCounters::<Test>::get(PATIENT), counters);
			assert_eq!(
				PatientCounters::<Test>::get(PATIENT + 1),
				Counters { allowance: other, ..Default::default() }
			);
			assert_eq!(v3::ConsentCount::<Test>::iter().count(), 0);
			assert_eq!(v3::SignedConsentNonce::<Test>::iter().count(), 0);
			assert_eq!(v3::PatientAllowance::<Test>::iter().count(), 0);
			assert_eq!(v3::HistoryLength::<Test>::iter().count(), 0);
			assert_eq!(Consent::history_page(PATIENT, 0, 10).unwrap(), history);
			assert_eq!(Consent::signed_consent_nonce(PATIENT), Ok(1));
			// The next grant counts on from there.
			grant(terms(org(LAB)));
			assert_eq!(PatientCounters::<Test>::get(PATIENT).grants, 3);
			assert_eq!(Consent::consent_history_ends(PATIENT).unwrap().next, 4);
			// `run` checks every invariant now, the counters included.
		});
	}

	#[test]
	fn bad_queries_are_refused() {
		run(|| {
			assert_eq!(Consent::history_page(PATIENT, 0, 0), Err(QueryError::BadPageSize));
			assert_eq!(Consent::consents_page(PATIENT, None, 11), Err(QueryError::BadPageSize));
			assert_eq!(Consent::consents_page(77, None, 5), Err(QueryError::UnknownPatient));
			assert_eq!(Consent::history_page(77, 0, 5), Err(QueryError::UnknownPatient));
			assert_eq!(Consent::consent_history_ends(77), Err(QueryError::UnknownPatient));
			assert_eq!(Consent::signed_consent_nonce(77), Err(QueryError::UnknownPatient));
		});
	}
}

mod genesis {
	use super::*;
	use frame_support::traits::BuildGenesisConfig;

	#[test]
	fn a_chain_starts_with_its_genesis_grants() {
		run(|| {
			crate::GenesisConfig::<Test> {
				organisation_grants: vec![(
					guardian(),
					PATIENT,
					HOSPITAL,
					vec![slot(DataCategory::LabResults)],
					vec![Purpose::Treatment],
					vec![Action::Read],
					START + 10 * 365 * DAY,
				)],
			}
			.build();
			assert_eq!(check(&physician(), DataCategory::LabResults), Ok(AccessGround::Consent(0)));
			assert_eq!(
				check(&physician(), DataCategory::Imaging),
				Err(AccessDenial::CategoryNotCovered)
			);
			assert_eq!(PatientCounters::<Test>::get(PATIENT).grants, 1);
		});
	}

	#[test]
	#[should_panic(expected = "genesis grants are made by the patient or a guardian")]
	fn a_genesis_grant_by_someone_else_is_refused() {
		new_test_ext().execute_with(|| {
			crate::GenesisConfig::<Test> {
				organisation_grants: vec![(
					stranger(),
					PATIENT,
					HOSPITAL,
					vec![slot(DataCategory::LabResults)],
					vec![Purpose::Treatment],
					vec![Action::Read],
					START + DAY,
				)],
			}
			.build();
		});
	}
}
