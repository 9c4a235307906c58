//! The bench's participants, made through the chain's real calls: patients (who sign transfers
//! and grants) and the hospital's physicians (who anchor records and submit claims), funded by
//! Alice, registered by themselves or attested by the hospital's admin, Bob (the development
//! chain's genesis); with them, for the kinds that need them, the manufacturer's shippers and
//! its units ([`crate::trade`]) and an insurer with a plan covering every patient
//! ([`crate::billing`]).

use crate::{
	billing::{self, Billing},
	kinds::{self, batch_all, register_patient, transfer},
	run::{account_of, describe, Outcome, Session, Work},
	trade::Shipping,
};
use anyhow::{anyhow, bail, Result};
use caduceus_primitives::{
	salted::{demographic_commitment, document_hash, Salt},
	CategoryKey, Moment, PatientId, RecordId,
};
use caduceus_runtime::{AccountId, Balance, RuntimeCall, RuntimeEvent, UNIT};
use pallet_records::Subject;
use sp_core::{crypto::DeriveJunction, sr25519, Pair as _};
use sp_crypto_hashing::blake2_256;
use std::collections::HashMap;

/// What each patient and physician is given to pay its fees (and a patient's registration
/// deposit).
pub const FUNDING: Balance = 100 * UNIT;

/// What each account that only pays fees for a few extrinsics is given (shippers).
pub const FEES: Balance = UNIT;

/// Calls per `utility.batch_all` of the set-up.
pub const BATCH: usize = 250;

/// The development chain's endowed sudo account, which funds the cast.
pub const FUNDER: &str = "//Alice";

/// The development chain's hospital admin, who attests the bench's physicians.
pub const HOSPITAL_ADMIN: &str = "//Bob";

/// A registered patient of the bench.
pub struct Patient {
	/// Its key pair.
	pub pair: sr25519::Pair,
	/// Its account.
	pub account: AccountId,
	/// Its patient identifier.
	pub id: PatientId,
	/// Its category key (`caduceus_primitives::category_slots`), known to the bench alone.
	pub key: CategoryKey,
}

impl Patient {
	/// The patient of key pair `pair`, registered as `id`; its category key derived from its
	/// account.
	pub fn new(pair: sr25519::Pair, id: PatientId) -> Patient {
		let account = account_of(&pair);
		let raw: &[u8] = account.as_ref();
		let key = blake2_256(&[b"caduceus-bench:category-key".as_slice(), raw].concat());
		Patient { pair, account, id, key }
	}
}

/// What a run's kinds need the set-up to make.
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
	/// Registered patients.
	pub patients: usize,
	/// Physicians of the hospital, to whom every patient grants write consent.
	pub physicians: usize,
	/// Whether the physicians anchor a record of each patient.
	pub records: bool,
	/// Pharmacists of the manufacturer, who ship its units.
	pub shippers: usize,
	/// Units the manufacturer commissions for them to ship.
	pub units: usize,
	/// Claims an insurer's plan is to pay: if not zero, an insurer enrols every patient.
	pub claims: usize,
}

/// Everyone the bench signs as.
pub struct Cast {
	/// What makes this run's keys and salts its own (fresh accounts on every run).
	pub tag: String,
	/// Registered patients.
	pub patients: Vec<Patient>,
	/// Physicians of the hospital, to whom every patient granted write consent.
	pub physicians: Vec<sr25519::Pair>,
	/// A record of each patient (in `patients`' order), if the set-up anchored them.
	pub records: Vec<RecordId>,
	/// The manufacturer's shippers and units, if a kind ships.
	pub shipping: Option<Shipping>,
	/// The insurer's plan covering every patient, if a kind claims.
	pub billing: Option<Billing>,
}

impl Cast {
	/// Makes what `needs` says: funded, registered patients; funded physicians of the hospital,
	/// each patient granting it write consent, and records they anchor; the manufacturer's
	/// shippers and units; an insurer's plan.
	pub async fn prepare(session: &Session, tag: &str, needs: Needs) -> Result<Cast> {
		let patient_pairs = derive(tag, "Patient", needs.patients);
		let physicians = derive(tag, "Physician", needs.physicians);
		let shippers = derive(tag, "Shipper", needs.shippers);
		let insurer = (needs.claims > 0).then(|| billing::Staff {
			admin: derive(tag, "InsurerAdmin", 1).remove(0),
			officer: derive(tag, "ClaimsOfficer", 1).remove(0),
		});
		let mut funding: Vec<(AccountId, Balance)> = patient_pairs
			.iter()
			.chain(&physicians)
			.map(|pair| (account_of(pair), FUNDING))
			.chain(shippers.iter().map(|pair| (account_of(pair), FEES)))
			.collect();
		if let Some(staff) = &insurer {
			funding.extend(staff.funding(needs.claims));
		}
		fund(session, &funding).await?;
		let patients = register(session, tag, patient_pairs).await?;
		let mut cast = Cast {
			tag: tag.to_string(),
			patients,
			physicians,
			records: Vec::new(),
			shipping: None,
			billing: None,
		};
		if !cast.physicians.is_empty() {
			cast.attest_physicians(session).await?;
			cast.consent_to_hospital(session).await?;
			if needs.records {
				cast.records = cast.anchor_one_each(session).await?;
			}
		}
		if !shippers.is_empty() {
			let now = chain_time(session).await?;
			cast.shipping =
				Some(Shipping::prepare(session, tag, shippers, needs.units, now).await?);
		}
		if let Some(staff) = insurer {
			let now = chain_time(session).await?;
			cast.billing = Some(Billing::prepare(session, &cast, staff, needs.claims, now).await?);
		}
		Ok(cast)
	}

	/// Physician `i` (in turn) anchors a record of patient `i`; the records, in the patients'
	/// order.
	async fn anchor_one_each(&self, session: &Session) -> Result<Vec<RecordId>> {
		let mut calls: Vec<Vec<RuntimeCall>> = vec![Vec::new(); self.physicians.len()];
		for (i, patient) in self.patients.iter().enumerate() {
			calls[i % self.physicians.len()]
				.push(kinds::anchor(&self.tag, patient, "set-up", i, 0));
		}
		let work = self
			.physicians
			.iter()
			.zip(calls)
			.map(|(physician, calls)| Work { signer: physician.clone(), calls })
			.collect();
		let outcome = session.settle("physicians anchor a record of each patient", work).await?;
		let records: HashMap<PatientId, RecordId> = outcome
			.events()
			.filter_map(|event| match event {
				RuntimeEvent::Records(pallet_records::Event::RecordAnchored {
					record,
					subject: Subject::Patient { patient, .. },
					..
				}) => Some((*patient, *record)),
				_ => None,
			})
			.collect();
		self.patients
			.iter()
			.map(|patient| {
				records
					.get(&patient.id)
					.copied()
					.ok_or_else(|| anyhow!("patient {} has no record after the set-up", patient.id))
			})
			.collect()
	}

	/// The hospital's admin attests every bench physician.
	async fn attest_physicians(&self, session: &Session) -> Result<()> {
		let calls: Vec<_> = self
			.physicians
			.iter()
			.enumerate()
			.map(|(i, pair)| {
				let credential = document_hash(&salt(&self.tag, "licence", i, 0), b"Licence");
				kinds::attest_physician(&account_of(pair), credential)
			})
			.collect();
		let work = vec![Work { signer: dev_pair(HOSPITAL_ADMIN)?, calls: batched(calls) }];
		session.settle("hospital attests its physicians", work).await.map(|_| ())
	}

	/// Every patient grants the hospital read and write of its broad categories.
	async fn consent_to_hospital(&self, session: &Session) -> Result<()> {
		let now = chain_time(session).await?;
		let work = self
			.patients
			.iter()
			.enumerate()
			.map(|(i, patient)| {
				let source = document_hash(&salt(&self.tag, "hospital-consent", i, 0), b"Consent");
				let call = kinds::hospital_write_consent(patient, now, source);
				Work { signer: patient.pair.clone(), calls: vec![call] }
			})
			.collect();
		session.settle("patients consent to the hospital", work).await.map(|_| ())
	}
}

/// `call` made by the consortium: through sudo, by the development chain's sudo key (Alice).
pub fn by_consortium(call: RuntimeCall) -> Result<Work> {
	let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	Ok(Work { signer: dev_pair(FUNDER)?, calls: vec![sudo] })
}

/// Fails with the call's error if sudo ran a call that failed (sudo itself succeeds whatever
/// its call does).
pub fn ensure_sudid(outcome: &Outcome, what: &str) -> Result<()> {
	for event in outcome.events() {
		if let RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(error) }) = event {
			bail!("{what}: {}", describe(*error));
		}
	}
	Ok(())
}

/// The consortium (sudo, on the development chain) sets sessions of `blocks` blocks.
pub async fn set_session_length(session: &Session, blocks: u32) -> Result<()> {
	let call = pallet_validator_set::Call::set_session_length { blocks };
	let what = format!("sessions of {blocks} blocks");
	let outcome =
		session.settle(&what, vec![by_consortium(RuntimeCall::ValidatorSet(call))?]).await?;
	ensure_sudid(&outcome, &what)
}

/// The chain's time at its best block.
pub async fn chain_time(session: &Session) -> Result<Moment> {
	let best = session.follower.best_hash().await?;
	session.follower.timestamp(best).await
}

/// The key pairs `//Bench<tag>//<role><i>` for `i` below `count`, derived from the development
/// phrase.
fn derive(tag: &str, role: &str, count: usize) -> Vec<sr25519::Pair> {
	let root =
		sr25519::Pair::from_string(&format!("//Bench{tag}"), None).expect("a development key path");
	(0..count)
		.map(|i| {
			let junction = DeriveJunction::hard(format!("{role}{i}"));
			root.derive(std::iter::once(junction), None).expect("hard derivation").0
		})
		.collect()
}

/// A development key (`//Alice`).
pub fn dev_pair(uri: &str) -> Result<sr25519::Pair> {
	sr25519::Pair::from_string(uri, None).map_err(|e| anyhow!("{uri}: {e:?}"))
}

/// `calls` in `utility.batch_all`s of at most [`BATCH`].
fn batched(calls: Vec<RuntimeCall>) -> Vec<RuntimeCall> {
	calls.chunks(BATCH).map(|chunk| batch_all(chunk.to_vec())).collect()
}

/// Alice gives every account its amount.
async fn fund(session: &Session, accounts: &[(AccountId, Balance)]) -> Result<()> {
	let calls = accounts.iter().map(|(account, amount)| transfer(account, *amount)).collect();
	let work = vec![Work { signer: dev_pair(FUNDER)?, calls: batched(calls) }];
	session.settle("Alice funds the cast", work).await.map(|_| ())
}

/// Each of `pairs` registers itself as a patient, with a salted demographic commitment.
async fn register(session: &Session, tag: &str, pairs: Vec<sr25519::Pair>) -> Result<Vec<Patient>> {
	let work = pairs
		.iter()
		.enumerate()
		.map(|(i, pair)| {
			let commitment = demographic_commitment(&salt(tag, "demographics", i, 0), b"Patient");
			Work { signer: pair.clone(), calls: vec![register_patient(commitment)] }
		})
		.collect();
	let outcome = session.settle("patients register", work).await?;
	let ids: HashMap<AccountId, PatientId> =
		outcome
			.events()
			.filter_map(|event| match event {
				RuntimeEvent::HealthIdentity(
					pallet_health_identity::Event::PatientRegistered { patient, account, .. },
				) => Some((account.clone(), *patient)),
				_ => None,
			})
			.collect();
	pairs
		.into_iter()
		.map(|pair| {
			let account = account_of(&pair);
			let id = *ids.get(&account).ok_or_else(|| anyhow!("{account} has no patient id"))?;
			Ok(Patient::new(pair, id))
		})
		.collect()
}

/// A salt of this run for item `a`, `b` of `what`.
pub fn salt(tag: &str, what: &str, a: usize, b: usize) -> Salt {
	blake2_256(format!("caduceus-bench/{tag}/{what}/{a}/{b}").as_bytes())
}
