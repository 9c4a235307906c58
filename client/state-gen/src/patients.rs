//! `caduceus-state-gen patients N`: N patients, each with the history a patient of a busy chain
//! has, made by the runtime's own calls run natively on the genesis state.
//!
//! Each patient is funded, registers with a salted demographic commitment, grants the hospital
//! read and write of its broad categories for treatment, has a record anchored by one of the
//! generated hospital physicians, grants the generated insurer's claims officers payment access
//! to its billing data, is enrolled in the insurer's plan and has one office visit claimed by
//! its physician, adjudicated and paid from the insurer's pool. So the consent pallet holds two
//! grants per patient, the records pallet a record and its trail, the claims pallet an
//! enrolment and a paid claim: per-call costs measured on such a state (`scripts/benchmark.sh
//! scaling`) include whatever the other patients' data makes deeper.
//!
//! The calls are dispatched as their signers would make them (`RuntimeCall::dispatch` with the
//! signed origin), without fees or transaction extensions. Nothing is written by hand, so the
//! state keeps every invariant the pallets keep; what lasts one block only (the time, the
//! block's count of free registrations) is put back as the genesis had it. At block 0 no event
//! is deposited, so the genesis holds no events.

use caduceus_bench::{
	billing,
	cast::{salt, Patient, FUNDING},
	kinds::{self, HOSPITAL},
};
use caduceus_primitives::{
	salted::{demographic_commitment, document_hash},
	Holder, Moment,
};
use caduceus_runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeOrigin, UNIT};
use frame_support::traits::{fungible::Mutate, GetCallMetadata};
use sp_core::{sr25519, Pair as _, H256};
use sp_crypto_hashing::blake2_256;
use sp_runtime::traits::Dispatchable;

/// What makes the generated keys and salts distinct from every bench run's.
const TAG: &str = "state-gen";

/// Patients per generated hospital physician (who anchors their records and claims their
/// visits).
const PATIENTS_PER_PHYSICIAN: u64 = 1_000;

/// The most physicians generated: the bench's runs attest theirs to the same hospital, whose
/// practitioners are bounded (5,000).
const MOST_PHYSICIANS: u64 = 1_000;

/// What the generated organisations may store: more than any generated state holds.
const QUOTA: u32 = u32::MAX / 2;

/// Who serves the generated patients.
struct Staff {
	/// The hospital's generated physicians, who anchor records and claim visits.
	physicians: Vec<AccountId>,
	/// The insurer whose plan pays the visits.
	insurer: Insurer,
}

/// Makes `count` patients with their history, at time `now`; runs in externalities holding a
/// genesis state with the development chain's hospital (organisation [`HOSPITAL`], admin Bob).
pub fn populate(count: u64, now: Moment) -> Result<(), String> {
	let genesis_time =
		pallet_timestamp::Now::<Runtime>::exists().then(pallet_timestamp::Now::<Runtime>::get);
	pallet_timestamp::Now::<Runtime>::put(now);
	let staff = Staff::hire(count)?;
	for index in 0..count {
		one_patient(index, &staff, now).map_err(|e| format!("patient {index}: {e}"))?;
		if index > 0 && index % 100_000 == 0 {
			eprintln!("caduceus-state-gen: {index} patients");
		}
	}
	// What only lasts a block goes, as at the end of one: the genesis' time, the block's count
	// of registrations without a deposit.
	match genesis_time {
		Some(time) => pallet_timestamp::Now::<Runtime>::put(time),
		None => pallet_timestamp::Now::<Runtime>::kill(),
	}
	pallet_health_identity::FreeRegistrationsThisBlock::<Runtime>::kill();
	Ok(())
}

impl Staff {
	/// Attests the hospital's physicians, registers the insurer (as the consortium), defines
	/// its plan and funds its pool for a claim of every patient.
	fn hire(count: u64) -> Result<Staff, String> {
		let physicians = attest_physicians(count.div_ceil(PATIENTS_PER_PHYSICIAN))?;
		by_consortium(raise_quota(HOSPITAL))?;
		Ok(Staff { physicians, insurer: Insurer::register(count)? })
	}
}

/// The generated insurer.
struct Insurer {
	/// Its admin, who enrols the patients.
	admin: AccountId,
	/// The organisation, to which the patients consent for payment.
	organisation: caduceus_primitives::OrgId,
	/// Its plan.
	plan: pallet_claims::PlanId,
	/// The code every generated visit is billed under.
	code: pallet_claims::ServiceCode,
}

impl Insurer {
	/// The consortium registers the insurer; its admin attests a generated claims officer,
	/// defines a plan it adjudicates and funds the pool for `claims` claims.
	fn register(claims: u64) -> Result<Insurer, String> {
		let admin = generated("insurer-admin", 0);
		let officer = generated("claims-officer", 0);
		let organisation = pallet_health_identity::NextOrganisationId::<Runtime>::get();
		by_consortium(billing::insurer_registration(TAG, admin.clone()))?;
		by_consortium(raise_quota(organisation))?;
		let pool = billing::CHARGED * Balance::from(claims);
		mint(&admin, FUNDING + pool)?;
		let codes = billing::plan_codes(TAG);
		let plan = pallet_claims::NextPlanId::<Runtime>::get();
		for call in billing::plan_calls(TAG, officer, &codes).map_err(|e| e.to_string())? {
			dispatch(&admin, call)?;
		}
		dispatch(&admin, RuntimeCall::Claims(pallet_claims::Call::fund_pool { amount: pool }))?;
		Ok(Insurer { admin, organisation, plan, code: codes[0].clone() })
	}
}

/// The consortium lets `organisation` store more than any generated state holds.
fn raise_quota(organisation: caduceus_primitives::OrgId) -> RuntimeCall {
	RuntimeCall::HealthIdentity(pallet_health_identity::Call::set_storage_quota {
		holder: Holder::Organisation(organisation),
		quota: Some(QUOTA),
	})
}

/// The hospital's admin (Bob) attests `count` generated physicians (at least one, at most
/// [`MOST_PHYSICIANS`]), each funded.
fn attest_physicians(count: u64) -> Result<Vec<AccountId>, String> {
	let bob = sr25519::Pair::from_string("//Bob", None).map_err(|e| format!("{e:?}"))?;
	let hospital_admin = AccountId::from(bob.public());
	let physicians: Vec<AccountId> =
		(0..count.clamp(1, MOST_PHYSICIANS)).map(|q| generated("physician", q)).collect();
	for (q, physician) in physicians.iter().enumerate() {
		let credential = document_hash(&salt(TAG, "licence", q, 0), b"Licence");
		dispatch(&hospital_admin, kinds::attest_physician(physician, credential))?;
		mint(physician, FUNDING)?;
	}
	Ok(physicians)
}

/// Patient `index` and its history.
fn one_patient(index: u64, staff: &Staff, now: Moment) -> Result<(), String> {
	let i = index as usize;
	let pair = generated_pair("patient", index);
	let account = AccountId::from(pair.public());
	mint(&account, FUNDING)?;
	let commitment = demographic_commitment(&salt(TAG, "demographics", i, 0), b"Patient");
	dispatch(&account, kinds::register_patient(commitment))?;
	let id = pallet_health_identity::PatientByAccount::<Runtime>::get(&account)
		.ok_or("no patient id after registering")?;
	let patient = Patient::new(pair, id);
	let physician = &staff.physicians[i % staff.physicians.len()];

	dispatch(&account, kinds::hospital_write_consent(&patient, now, source(i, "hospital")))?;
	dispatch(physician, kinds::anchor(TAG, &patient, "record", i, 0))?;
	let payment =
		billing::payment_consent(&patient, staff.insurer.organisation, now, source(i, "payment"));
	dispatch(&account, payment)?;
	let coverage = billing::coverage_around(now);
	let insurer = &staff.insurer;
	dispatch(&insurer.admin, billing::enrol(insurer.plan, id, coverage))?;
	dispatch(physician, billing::claim(insurer.plan, id, insurer.code.clone(), now))
}

/// The consent document of patient `i`'s grant `what`.
fn source(i: usize, what: &str) -> H256 {
	document_hash(&salt(TAG, &format!("{what}-consent"), i, 0), b"Consent")
}

/// `call` made by `who`.
fn dispatch(who: &AccountId, call: RuntimeCall) -> Result<(), String> {
	dispatch_as(RuntimeOrigin::signed(who.clone()), call)
}

/// `call` made by the consortium (the root origin, which its origin accepts).
fn by_consortium(call: RuntimeCall) -> Result<(), String> {
	dispatch_as(RuntimeOrigin::root(), call)
}

/// `call` made by `origin`, its error named after the call.
fn dispatch_as(origin: RuntimeOrigin, call: RuntimeCall) -> Result<(), String> {
	let name = call.get_call_metadata();
	let name = format!("{}.{}", name.pallet_name, name.function_name);
	call.dispatch(origin).map(drop).map_err(|e| format!("{name}: {:?}", e.error))
}

/// Gives `who` `amount`, raising the total issuance.
fn mint(who: &AccountId, amount: Balance) -> Result<(), String> {
	pallet_balances::Pallet::<Runtime>::mint_into(who, amount)
		.map(drop)
		.map_err(|e| format!("minting {} UNIT: {e:?}", amount / UNIT))
}

/// The `index`th generated key pair of `role`.
fn generated_pair(role: &str, index: u64) -> sr25519::Pair {
	sr25519::Pair::from_seed(&blake2_256(format!("caduceus-state-gen/{role}/{index}").as_bytes()))
}

/// The account of the `index`th generated key pair of `role`.
fn generated(role: &str, index: u64) -> AccountId {
	AccountId::from(generated_pair(role, index).public())
}

#[cfg(test)]
mod tests {
	use super::*;
	use caduceus_runtime::{genesis_config_presets, RuntimeGenesisConfig};
	use pallet_claims::{Filed, Payment};
	use sp_state_machine::BasicExternalities;

	/// 2026-12-01, block time.
	const NOW: Moment = 1_796_083_200_000;

	/// The development chain's genesis state, built natively from its preset.
	fn development_genesis() -> BasicExternalities {
		let preset =
			genesis_config_presets::get_preset(&sp_genesis_builder::DEV_RUNTIME_PRESET.into())
				.expect("the development preset");
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("JSON");
		sc_chain_spec::json_merge(&mut config, serde_json::from_slice(&preset).expect("JSON"));
		let mut ext = BasicExternalities::new_empty();
		ext.execute_with(|| {
			frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(
				config.to_string().into_bytes(),
			)
		})
		.expect("the development genesis builds");
		ext
	}

	#[test]
	fn every_generated_patient_is_registered_consents_has_a_record_and_a_paid_claim() {
		let mut ext = development_genesis();
		ext.execute_with(|| {
			let patients = pallet_health_identity::NextPatientId::<Runtime>::get();
			let records = pallet_records::NextRecordId::<Runtime>::get();
			let consents = pallet_consent::NextConsentId::<Runtime>::get();
			let genesis_time = pallet_timestamp::Now::<Runtime>::get();

			populate(20, NOW).expect("20 patients");

			assert_eq!(pallet_health_identity::NextPatientId::<Runtime>::get(), patients + 20);
			assert_eq!(pallet_records::NextRecordId::<Runtime>::get(), records + 20);
			assert_eq!(pallet_consent::NextConsentId::<Runtime>::get(), consents + 40);
			let claims: Vec<_> = Filed::<Runtime>::iter_values().collect();
			assert_eq!(claims.len(), 20);
			assert!(claims.iter().all(|claim| claim.payment == Payment::Paid));
			assert_eq!(pallet_timestamp::Now::<Runtime>::get(), genesis_time, "genesis time kept");
			assert!(frame_system::Pallet::<Runtime>::read_events_no_consensus().next().is_none());
		});
	}
}
