//! The kinds of load, and the calls of each as the chain's users make them: patients paying
//! each other, patients granting access to their data (or signing a grant in their wallet for
//! the hospital to submit), practitioners anchoring records and asking to read them, a
//! manufacturer shipping drug units, physicians claiming for their patients' visits.

use crate::{
	cast::{salt, Cast, Patient},
	run::{account_of, Proof, Work},
};
use anyhow::{bail, Result};
use caduceus_primitives::{
	category_slots::{slot_of, slots_of},
	salted::document_hash,
	wallet::wallet_wrapped,
	Action, Actions, DataCategories, DataCategory, Moment, OrgId, Purpose, Purposes, Role, DAY_MS,
};
use caduceus_runtime::{
	AccountId, Address, Balance, Runtime, RuntimeCall, RuntimeEvent, MILLI_UNIT,
};
use codec::Encode;
use pallet_consent::{ConsentTerms, Party, SignedConsent, SIGNED_CONSENT_DOMAIN};
use pallet_records::NewRecord;
use sp_core::{sr25519, Pair as _, H256};
use std::{fmt, str::FromStr};

/// A kind of transaction the bench measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
	/// `balances.transfer_keep_alive` from a patient to another: the reference load.
	Transfer,
	/// `consent.grant` by a patient, to a genesis organisation or practitioner.
	ConsentGrant,
	/// `consent.grant_signed`: a grant to a hospital physician that the patient signed in a
	/// wallet, submitted (and paid for) by another physician of the hospital.
	SignedConsent,
	/// `records.anchor` by a hospital physician, under the patient's write consent.
	RecordAnchor,
	/// `records.request_access` by a hospital physician, for treatment, of a record anchored at
	/// set-up: a consent check and an audit entry on the patient's trail.
	AccessRequest,
	/// `supply_chain.ship` of one drug unit by a pharmacist of the manufacturer to the
	/// distributor.
	DrugShipment,
	/// `claims.submit_claim` of a patient's office visit by a hospital physician: adjudicated
	/// (eligibility, payment consent, treatment relationship, timely filing, coverage,
	/// duplicates, pricing) and paid from the insurer's pool in the same block; a claim not
	/// paid in its block counts as failed.
	Claim,
}

impl Kind {
	/// Every kind, in the order they run by default.
	pub const ALL: [Kind; 7] = [
		Kind::Transfer,
		Kind::ConsentGrant,
		Kind::SignedConsent,
		Kind::RecordAnchor,
		Kind::AccessRequest,
		Kind::DrugShipment,
		Kind::Claim,
	];

	/// The kind's name on the command line and in the report.
	pub fn name(self) -> &'static str {
		match self {
			Kind::Transfer => "transfer",
			Kind::ConsentGrant => "consent-grant",
			Kind::SignedConsent => "signed-consent",
			Kind::RecordAnchor => "record-anchor",
			Kind::AccessRequest => "access-request",
			Kind::DrugShipment => "drug-shipment",
			Kind::Claim => "claim",
		}
	}

	/// Whether the kind's calls are made or submitted by the hospital's bench physicians.
	pub fn needs_physicians(self) -> bool {
		matches!(self, Kind::SignedConsent | Kind::RecordAnchor | Kind::AccessRequest | Kind::Claim)
	}

	/// The event each of the kind's extrinsics must emit to count as succeeded, where
	/// dispatching without an error does not show it did its work.
	pub fn proof(self) -> Option<Proof> {
		match self {
			Kind::Claim => Some(Proof {
				name: "ClaimPaid",
				is: |event| {
					matches!(event, RuntimeEvent::Claims(pallet_claims::Event::ClaimPaid { .. }))
				},
			}),
			_ => None,
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
			None => {
				let names: Vec<_> = Kind::ALL.iter().map(|kind| kind.name()).collect();
				bail!("unknown kind {name:?}: one of {}", names.join(", "))
			},
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
/// less one: the set-up's grant to the hospital (made whenever physicians are needed).
pub const GRANTS_PER_GRANTEE: usize = 7;

/// The signed grants a patient makes at most: well within `MaxConsentsPerPatient` (256) with
/// the other kinds' grants.
pub const SIGNED_PER_PATIENT: usize = 200;

/// The hospital of the development chain (St. Luke's, admin Bob): its physicians anchor.
pub const HOSPITAL: OrgId = 0;

/// The purposes a grant to an organisation's clinical staff may name.
const CLINICAL_PURPOSES: [Purpose; 3] =
	[Purpose::Treatment, Purpose::PatientRequest, Purpose::PublicHealth];

/// How many of `count` calls each of `signers` makes: as even as can be.
pub fn shares(count: usize, signers: usize) -> Vec<usize> {
	let signers = signers.max(1);
	(0..signers).map(|s| count / signers + usize::from(s < count % signers)).collect()
}

/// The most calls one of `signers` makes of `count` ([`shares`]).
pub fn most_each(count: usize, signers: usize) -> usize {
	shares(count, signers).first().copied().unwrap_or(0)
}

/// `count` calls spread over `signers` as evenly as can be ([`shares`]): signer `q`'s `j`-th
/// call is `call(q, j)`. The pairs `(q, j)` are `j * signers + q` for `0..count`, each once.
pub fn spread<'a>(
	count: usize,
	signers: impl IntoIterator<Item = &'a sr25519::Pair>,
	call: impl Fn(usize, usize) -> RuntimeCall,
) -> Vec<Work> {
	let signers: Vec<&sr25519::Pair> = signers.into_iter().collect();
	shares(count, signers.len())
		.into_iter()
		.zip(signers)
		.enumerate()
		.map(|(q, (share, signer))| Work {
			signer: signer.clone(),
			calls: (0..share).map(|j| call(q, j)).collect(),
		})
		.collect()
}

/// The chain a load is signed for.
pub struct Chain {
	/// Its time at the best block.
	pub now: Moment,
	/// Its genesis hash (wallet-signed payloads name it).
	pub genesis: H256,
}

/// The work of `count` extrinsics of `kind` over the cast.
pub fn work(kind: Kind, cast: &Cast, count: usize, chain: &Chain) -> Result<Vec<Work>> {
	if kind.needs_physicians() && cast.physicians.is_empty() {
		bail!("{kind} needs the hospital's bench physicians, and there are none");
	}
	match kind {
		Kind::Transfer => Ok(transfers(cast, count)),
		Kind::ConsentGrant => consent_grants(cast, count, chain.now),
		Kind::SignedConsent => signed_consents(cast, count, chain),
		Kind::RecordAnchor => Ok(record_anchors(cast, count)),
		Kind::AccessRequest => access_requests(cast, count),
		Kind::DrugShipment => match &cast.shipping {
			Some(shipping) => shipping.shipments(&cast.tag, count),
			None => bail!("{kind} needs the manufacturer's shippers, and there are none"),
		},
		Kind::Claim => match &cast.billing {
			Some(billing) => billing.claims(cast, count, chain.now),
			None => bail!("{kind} needs an insurer's plan, and there is none"),
		},
	}
}

/// Patient `i` pays patient `i + 1` (the last pays the first).
fn transfers(cast: &Cast, count: usize) -> Vec<Work> {
	let patients = &cast.patients;
	spread(count, patients.iter().map(|p| &p.pair), |i, _| {
		transfer(&patients[(i + 1) % patients.len()].account, TRANSFER_AMOUNT)
	})
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
	let most = most_each(count, cast.patients.len());
	if most.div_ceil(grantees.len()) > GRANTS_PER_GRANTEE {
		bail!(
			"{count} grants over {} patients is {most} each: at most {} per patient (more \
			 accounts, or fewer grants)",
			cast.patients.len(),
			GRANTS_PER_GRANTEE * grantees.len()
		);
	}
	let broad: Vec<DataCategory> = DataCategories::broad().iter().collect();
	let work = spread(count, cast.patients.iter().map(|p| &p.pair), |i, j| {
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
		grant(&cast.patients[i], grantee, terms)
	});
	Ok(work)
}

/// Patient `i`'s `j`-th signed grant names physician `i + j + 1` (in turn), so that no
/// patient and physician hold more than one; physician `i` submits all of patient `i`'s
/// (physicians serve patients in turn), so that they are included in their nonces' order.
fn signed_consents(cast: &Cast, count: usize, chain: &Chain) -> Result<Vec<Work>> {
	let physicians = &cast.physicians;
	let most = most_each(count, cast.patients.len());
	if most >= physicians.len() || most > SIGNED_PER_PATIENT {
		bail!(
			"{count} signed grants over {} patients is {most} each: at most one per patient \
			 and physician and {SIGNED_PER_PATIENT} per patient (more accounts, or fewer grants)",
			cast.patients.len()
		);
	}
	let mut submitted: Vec<Vec<RuntimeCall>> = vec![Vec::new(); physicians.len()];
	let broad: Vec<DataCategory> = DataCategories::broad().iter().collect();
	for (i, (share, patient)) in
		shares(count, cast.patients.len()).into_iter().zip(&cast.patients).enumerate()
	{
		for j in 0..share {
			let grantee = account_of(&physicians[(i + j + 1) % physicians.len()]);
			let terms = Terms {
				categories: DataCategories::of(&[broad[(i + j) % broad.len()]]),
				purposes: Purposes::of(&[Purpose::Treatment]),
				actions: Actions::of(&[Action::Read]),
				valid_until: chain.now + GRANT_DURATION,
				source: document_hash(&salt(&cast.tag, "signed-consent", i, j), b"Consent"),
			};
			let consent = SignedConsent {
				domain: SIGNED_CONSENT_DOMAIN,
				genesis_hash: chain.genesis,
				patient: patient.id,
				signer: patient.account.clone(),
				nonce: j as u32,
				expires_at: chain.now + DAY_MS,
				terms: consent_terms(patient, Party::Practitioner(grantee), terms),
			};
			let signature = patient.pair.sign(&wallet_wrapped(&consent.encode())).into();
			let call = pallet_consent::Call::grant_signed { consent, signature };
			submitted[i % physicians.len()].push(RuntimeCall::Consent(call));
		}
	}
	Ok(physicians
		.iter()
		.zip(submitted)
		.map(|(physician, calls)| Work { signer: physician.clone(), calls })
		.collect())
}

/// Physician `q`'s `j`-th document is of patient `q + j` (in turn), in one of the broad
/// categories the patient's write consent to the hospital covers.
fn record_anchors(cast: &Cast, count: usize) -> Vec<Work> {
	let patients = &cast.patients;
	spread(count, &cast.physicians, |q, j| {
		anchor(&cast.tag, &patients[(q + j) % patients.len()], "record", q, j)
	})
}

/// `records.anchor` of document `a`, `b` of `what` of `patient` (salted for run `tag`), in one
/// of the broad categories the patient's write consent to the hospital covers.
pub fn anchor(tag: &str, patient: &Patient, what: &str, a: usize, b: usize) -> RuntimeCall {
	let broad: Vec<DataCategory> = DataCategories::broad().iter().collect();
	let document = NewRecord {
		patient: patient.id,
		content_hash: document_hash(&salt(tag, what, a, b), b"FHIR"),
		pointer: format!("enc:v1:bench/{tag}/{what}/{a}/{b}")
			.into_bytes()
			.try_into()
			.expect("a short pointer"),
		category: slot_of(&patient.key, broad[b % broad.len()]),
	};
	RuntimeCall::Records(pallet_records::Call::anchor { document })
}

/// Physician `q`'s `j`-th request is to read patient `q + j`'s record (in turn), for
/// treatment, which the patient's consent to the hospital covers.
fn access_requests(cast: &Cast, count: usize) -> Result<Vec<Work>> {
	let patients = &cast.patients;
	if cast.records.len() != patients.len() {
		bail!("access requests need a record of every patient, anchored at set-up");
	}
	let most = most_each(count, cast.physicians.len());
	if most > patients.len() {
		bail!(
			"{count} access requests over {} physicians is {most} each: at most one per \
			 physician and patient, so that none meets the daily bound of the trail (more \
			 accounts, or fewer requests)",
			cast.physicians.len()
		);
	}
	Ok(spread(count, &cast.physicians, |q, j| {
		let record = cast.records[(q + j) % patients.len()];
		RuntimeCall::Records(pallet_records::Call::request_access {
			record,
			purpose: Purpose::Treatment,
		})
	}))
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

/// The runtime's bound on the practitioners a grant excludes.
type MaxExcluded = <Runtime as pallet_consent::Config>::MaxExcluded;

/// What a bench grant says besides its grantee.
struct Terms {
	categories: DataCategories,
	purposes: Purposes,
	actions: Actions,
	valid_until: Moment,
	source: H256,
}

/// `consent.grant` by `patient` to `grantee`.
fn grant(patient: &Patient, grantee: Party<AccountId>, terms: Terms) -> RuntimeCall {
	let terms = consent_terms(patient, grantee, terms);
	RuntimeCall::Consent(pallet_consent::Call::grant { patient: patient.id, terms })
}

/// `patient`'s terms for `grantee`, the categories as slots under the patient's key.
fn consent_terms(
	patient: &Patient,
	grantee: Party<AccountId>,
	terms: Terms,
) -> ConsentTerms<AccountId, MaxExcluded> {
	ConsentTerms {
		grantee,
		categories: slots_of(&patient.key, terms.categories),
		purposes: terms.purposes,
		actions: terms.actions,
		roles: Default::default(),
		valid_from: None,
		valid_until: terms.valid_until,
		exceptions: Default::default(),
		source_document: Some(terms.source),
	}
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
	fn spread_gives_each_signer_its_share_and_each_index_once() {
		let signers: Vec<sr25519::Pair> =
			(0..4u8).map(|i| sr25519::Pair::from_seed(&[i; 32])).collect();
		let seen = std::cell::RefCell::new(Vec::new());
		let work = spread(10, &signers, |q, j| {
			seen.borrow_mut().push(j * signers.len() + q);
			transfer(&account_of(&signers[q]), 1)
		});
		let counts: Vec<usize> = work.iter().map(|w| w.calls.len()).collect();
		assert_eq!(counts, shares(10, 4));
		let mut seen = seen.into_inner();
		seen.sort();
		assert_eq!(seen, (0..10).collect::<Vec<_>>());
	}

	#[test]
	fn kinds_parse_once_each_in_order() {
		let kinds = Kind::parse_list("record-anchor, transfer,record-anchor").unwrap();
		assert_eq!(kinds, vec![Kind::RecordAnchor, Kind::Transfer]);
		assert!(Kind::parse_list("transfer,mint").is_err());
		assert!(Kind::parse_list("").is_err());
	}
}
