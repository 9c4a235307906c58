//! The kinds of load, and the calls of each as the chain's users make them: patients paying
//! each other, patients granting access to their data, practitioners anchoring records.

use crate::{
	cast::{salt, Cast, Patient},
	run::Work,
};
use anyhow::{bail, Result};
use caduceus_primitives::{
	category_slots::{slot_of, slots_of},
	salted::document_hash,
	Action, Actions, DataCategories, DataCategory, Moment, OrgId, Purpose, Purposes, Role, DAY_MS,
};
use caduceus_runtime::{AccountId, Address, Balance, RuntimeCall, MILLI_UNIT};
use pallet_consent::{ConsentTerms, Party};
use pallet_records::NewRecord;
use sp_core::{Pair as _, H256};
use std::{fmt, str::FromStr};

/// A kind of transaction the bench measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
	/// `balances.transfer_keep_alive` from a patient to another: the reference load.
	Transfer,
	/// `consent.grant` by a patient, to a genesis organisation or practitioner.
	ConsentGrant,
	/// `records.anchor` by a hospital physician, under the patient's write consent.
	RecordAnchor,
}

impl Kind {
	/// Every kind, in the order they run by default.
	pub const ALL: [Kind; 3] = [Kind::Transfer, Kind::ConsentGrant, Kind::RecordAnchor];

	/// The kind's name on the command line and in the report.
	pub fn name(self) -> &'static str {
		match self {
			Kind::Transfer => "transfer",
			Kind::ConsentGrant => "consent-grant",
			Kind::RecordAnchor => "record-anchor",
		}
	}

	/// The kinds of a comma-separated list, each once, in the order given.
	pub fn parse_list(list: &str) -> Result<Vec<Kind>> {
		let mut kinds = Vec::new();
		for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
			let kind: Kind = name.parse()?;
			if !kinds.contains(&kind) {
				kinds.push(kind);
			}
		}
		if kinds.is_empty() {
			bail!("no kind given");
		}
		Ok(kinds)
	}
}

impl FromStr for Kind {
	type Err = anyhow::Error;

	fn from_str(name: &str) -> Result<Kind> {
		match Kind::ALL.into_iter().find(|kind| kind.name() == name) {
			Some(kind) => Ok(kind),
			None => bail!("unknown kind {name:?}: transfer, consent-grant or record-anchor"),
		}
	}
}

impl fmt::Display for Kind {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		f.write_str(self.name())
	}
}

/// What each transfer moves.
pub const TRANSFER_AMOUNT: Balance = MILLI_UNIT;

/// How long the bench's grants last.
pub const GRANT_DURATION: Moment = 365 * DAY_MS;

/// The grants the consent pallet keeps per patient and grantee (`MaxConsentsPerGrantee`),
/// less one: the record-anchor set-up's grant to the hospital.
pub const GRANTS_PER_GRANTEE: usize = 7;

/// The hospital of the development chain (St. Luke's, admin Bob): its physicians anchor.
pub const HOSPITAL: OrgId = 0;

/// The purposes a grant to an organisation's clinical staff may name.
const CLINICAL_PURPOSES: [Purpose; 3] =
	[Purpose::Treatment, Purpose::PatientRequest, Purpose::PublicHealth];

/// FHIR resource types of the anchored documents, in turn.
const RESOURCE_TYPES: [&str; 4] =
	["Observation", "DiagnosticReport", "DocumentReference", "Immunization"];

/// How many of `count` calls each of `signers` makes: as even as can be.
pub fn shares(count: usize, signers: usize) -> Vec<usize> {
	let signers = signers.max(1);
	(0..signers).map(|s| count / signers + usize::from(s < count % signers)).collect()
}

/// The work of `count` extrinsics of `kind` over the cast; `now` is the chain's time.
pub fn work(kind: Kind, cast: &Cast, count: usize, now: Moment) -> Result<Vec<Work>> {
	match kind {
		Kind::Transfer => Ok(transfers(cast, count)),
		Kind::ConsentGrant => consent_grants(cast, count, now),
		Kind::RecordAnchor => record_anchors(cast, count),
	}
}

/// Patient `i` pays patient `i + 1` (the last pays the first).
fn transfers(cast: &Cast, count: usize) -> Vec<Work> {
	let patients = &cast.patients;
	shares(count, patients.len())
		.into_iter()
		.zip(patients)
		.enumerate()
		.map(|(i, (share, patient))| {
			let payee = &patients[(i + 1) % patients.len()].account;
			Work {
				signer: patient.pair.clone(),
				calls: (0..share).map(|_| transfer(payee, TRANSFER_AMOUNT)).collect(),
			}
		})
		.collect()
}

/// The genesis organisations and practitioners of the development chain a patient may grant.
pub fn grantees() -> Vec<Party<AccountId>> {
	let practitioner = |uri: &str| -> Party<AccountId> {
		let pair = sp_core::sr25519::Pair::from_string(uri, None).expect("a development key");
		Party::Practitioner(pair.public().into())
	};
	vec![
		Party::Organisation(HOSPITAL),
		Party::Organisation(1),
		practitioner("//Charlie"),
		practitioner("//Alice//stash"),
		practitioner("//Bob//stash"),
	]
}

/// Patient `i`'s `j`-th grant names grantee `i + j` (in turn), a clinical purpose and one
/// broad category, so that every grant is a distinct valid call and no patient holds more
/// grants to one grantee than the pallet keeps.
fn consent_grants(cast: &Cast, count: usize, now: Moment) -> Result<Vec<Work>> {
	let grantees = grantees();
	let most = shares(count, cast.patients.len()).first().copied().unwrap_or(0);
	if most.div_ceil(grantees.len()) > GRANTS_PER_GRANTEE {
		bail!(
			"{count} grants over {} patients is {most} each: at most {} per patient (more \
			 accounts, or fewer grants)",
			cast.patients.len(),
			GRANTS_PER_GRANTEE * grantees.len()
		);
	}
	let broad: Vec<DataCategory> = DataCategories::broad().iter().collect();
	let work = shares(count, cast.patients.len())
		.into_iter()
		.zip(&cast.patients)
		.enumerate()
		.map(|(i, (share, patient))| {
			let calls = (0..share)
				.map(|j| {
					let grantee = grantees[(i + j) % grantees.len()].clone();
					let purpose = CLINICAL_PURPOSES[(j / grantees.len()) % CLINICAL_PURPOSES.len()];
					let category = broad[(i + j) % broad.len()];
					let terms = Terms {
						categories: DataCategories::of(&[category]),
						purposes: Purposes::of(&[purpose]),
						actions: Actions::of(&[Action::Read]),
						valid_until: now + GRANT_DURATION,
						source: document_hash(&salt(&cast.tag, "consent", i, j), b"Consent"),
					};
					grant(patient, grantee, terms)
				})
				.collect();
			Work { signer: patient.pair.clone(), calls }
		})
		.collect();
	Ok(work)
}

/// Physician `q`'s `j`-th document is of patient `q + j` (in turn), in one of the broad
/// categories the patient's write consent to the hospital covers.
fn record_anchors(cast: &Cast, count: usize) -> Result<Vec<Work>> {
	if cast.physicians.is_empty() {
		bail!("record anchors need the hospital's bench physicians, and there are none");
	}
	let broad: Vec<DataCategory> = DataCategories::broad().iter().collect();
	let patients = &cast.patients;
	let work = shares(count, cast.physicians.len())
		.into_iter()
		.zip(&cast.physicians)
		.enumerate()
		.map(|(q, (share, physician))| {
			let calls = (0..share)
				.map(|j| {
					let patient = &patients[(q + j) % patients.len()];
					let document = NewRecord {
						patient: patient.id,
						content_hash: document_hash(&salt(&cast.tag, "record", q, j), b"FHIR"),
						pointer: format!("enc:v1:bench/{}/{q}/{j}", cast.tag)
							.into_bytes()
							.try_into()
							.expect("a short pointer"),
						resource_type: RESOURCE_TYPES[j % RESOURCE_TYPES.len()].into(),
						category: slot_of(&patient.key, broad[j % broad.len()]),
					};
					RuntimeCall::Records(pallet_records::Call::anchor { document })
				})
				.collect();
			Work { signer: physician.clone(), calls }
		})
		.collect();
	Ok(work)
}

/// `balances.transfer_keep_alive` of `amount` to `to`.
pub fn transfer(to: &AccountId, amount: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Address::Id(to.clone()),
		value: amount,
	})
}

/// `utility.batch_all` of `calls`.
pub fn batch_all(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

/// `health_identity.register_patient` with a salted commitment to the patient's demographics.
pub fn register_patient(commitment: H256) -> RuntimeCall {
	RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_patient {
		demographic_commitment: Some(commitment),
	})
}

/// `health_identity.attest_practitioner`: `who` a physician of the caller's organisation.
pub fn attest_physician(who: &AccountId, credential: H256) -> RuntimeCall {
	RuntimeCall::HealthIdentity(pallet_health_identity::Call::attest_practitioner {
		practitioner: who.clone(),
		role: Role::Physician,
		credential_hash: credential,
		expires_at: None,
	})
}

/// The patient's grant to the hospital to read and write its broad categories for treatment:
/// what lets the hospital's physicians anchor the patient's records.
pub fn hospital_write_consent(patient: &Patient, now: Moment, source: H256) -> RuntimeCall {
	let terms = Terms {
		categories: DataCategories::broad(),
		purposes: Purposes::of(&[Purpose::Treatment]),
		actions: Actions::of(&[Action::Read, Action::Write]),
		valid_until: now + GRANT_DURATION,
		source,
	};
	grant(patient, Party::Organisation(HOSPITAL), terms)
}

/// What a bench grant says besides its grantee.
struct Terms {
	categories: DataCategories,
	purposes: Purposes,
	actions: Actions,
	valid_until: Moment,
	source: H256,
}

/// `consent.grant` by `patient` to `grantee`, the categories as slots under its key.
fn grant(patient: &Patient, grantee: Party<AccountId>, terms: Terms) -> RuntimeCall {
	RuntimeCall::Consent(pallet_consent::Call::grant {
		patient: patient.id,
		terms: ConsentTerms {
			grantee,
			categories: slots_of(&patient.key, terms.categories),
			purposes: terms.purposes,
			actions: terms.actions,
			roles: Default::default(),
			valid_from: None,
			valid_until: terms.valid_until,
			exceptions: Default::default(),
			source_document: Some(terms.source),
		},
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn shares_are_even_and_add_up() {
		assert_eq!(shares(10, 4), vec![3, 3, 2, 2]);
		assert_eq!(shares(2, 4), vec![1, 1, 0, 0]);
		assert_eq!(shares(12_000, 1_500).iter().sum::<usize>(), 12_000);
	}

	#[test]
	fn kinds_parse_once_each_in_order() {
		let kinds = Kind::parse_list("record-anchor, transfer,record-anchor").unwrap();
		assert_eq!(kinds, vec![Kind::RecordAnchor, Kind::Transfer]);
		assert!(Kind::parse_list("transfer,mint").is_err());
		assert!(Kind::parse_list("").is_err());
	}
}
