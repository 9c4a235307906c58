//! Transaction admission: the chain serves its participants. A signed transaction from an
//! account the chain does not know is invalid, so the pool refuses it and no block can include
//! it; a flood from unknown accounts costs the nodes one check per transaction and never reaches
//! a block.
//!
//! Known accounts ([`is_admitted`]): organisations' admins, practitioners, patients, patients'
//! guardians and delegates (identity pallet), council members, validators, and the sudo key on a
//! development chain. An account known **only** as someone's guardian or delegate (a patient
//! may name any account) submits only calls that act for one of its wards
//! ([`acts_for_a_ward`]): being named by a stranger does not open the chain to it.
//!
//! What a newcomer may do ([`newcomer_may_submit`]): register as a patient, submit a consent a
//! patient signed in a wallet (or its revocation), accept a patient's move to a new account (the
//! new account), and recover a lost account through the patient's friends (`Recovery`: the
//! friends and the heir need not be registered; the heir acts only as a known account).
//!
//! Only the outer call is checked: a known account's batch runs as that account, and a
//! newcomer's calls above cannot wrap others.

use crate::{AccountId, Runtime, RuntimeCall, RuntimeOrigin};
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{pallet_prelude::TransactionSource, weights::Weight};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		AsSystemOriginSigner, DispatchInfoOf, PostDispatchInfoOf, TransactionExtension,
		ValidateResult,
	},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
	DispatchResult,
};

/// `InvalidTransaction::Custom` code of a transaction from an account the chain does not know.
pub const NOT_A_PARTICIPANT: u8 = 100;

/// Whether `who`, whom the chain does not know yet, may submit `call`.
pub fn newcomer_may_submit(who: &AccountId, call: &RuntimeCall) -> bool {
	use pallet_consent::Call as Consent;
	use pallet_health_identity::Call as Identity;
	use pallet_recovery::Call as Recovery;
	match call {
		RuntimeCall::HealthIdentity(Identity::register_patient { .. })
		| RuntimeCall::Consent(Consent::grant_signed { .. })
		| RuntimeCall::Consent(Consent::revoke_signed { .. })
		| RuntimeCall::Recovery(
			Recovery::initiate_attempt { .. }
			| Recovery::approve_attempt { .. }
			| Recovery::finish_attempt { .. },
		) => true,
		// A patient moving to a new key pair: the new account accepts the move.
		RuntimeCall::HealthIdentity(Identity::accept_patient_move { patient }) => {
			pallet_health_identity::PendingMoves::<Runtime>::get(patient).as_ref() == Some(who)
		},
		// The heir acts as the recovered account, which must be one the chain knows.
		RuntimeCall::Recovery(Recovery::control_inherited_account {
			recovered: sp_runtime::MultiAddress::Id(recovered),
			..
		}) => is_admitted(recovered),
		_ => false,
	}
}

/// Whether the chain knows `who`: a participant of the identity pallet, a council member, a
/// validator, or the sudo key.
pub fn is_admitted(who: &AccountId) -> bool {
	is_admitted_in_own_right(who) || pallet_health_identity::Wards::<Runtime>::contains_key(who)
}

/// Whether `who` may submit `call`: a participant in their own right anything; an account known
/// only as a guardian or delegate, calls that act for one of its wards; anyone else, a
/// newcomer's calls.
pub fn may_submit(who: &AccountId, call: &RuntimeCall) -> bool {
	admission_reads(who, call).is_some()
}

/// The storage reads that deciding [`may_submit`] takes for `who` and `call`, or `None` if `who`
/// may not submit it. A participant in their own right costs the reads up to its standing (a
/// patient 3); any other signer is counted at [`ADMISSION_READS`], the costliest path.
pub fn admission_reads(who: &AccountId, call: &RuntimeCall) -> Option<u64> {
	if let Some(reads) = own_right_reads(who) {
		return Some(reads);
	}
	let wards = pallet_health_identity::Wards::<Runtime>::get(who);
	let admitted =
		(!wards.is_empty() && acts_for_a_ward(call, &wards)) || newcomer_may_submit(who, call);
	admitted.then_some(ADMISSION_READS)
}

/// Whether the chain knows `who` other than as someone's guardian: an organisation's admin, a
/// practitioner, a patient, a council member, a validator, or the sudo key.
fn is_admitted_in_own_right(who: &AccountId) -> bool {
	own_right_reads(who).is_some()
}

/// The reads it takes to find `who`'s standing in its own right, checked from the cheapest and
/// commonest (an organisation's admin, a practitioner, a patient: one key each) to the council,
/// the validators and the sudo key; `None` (after [`OWN_RIGHT_READS`]) if it has none.
fn own_right_reads(who: &AccountId) -> Option<u64> {
	use pallet_health_identity::{AdministeredBy, PatientByAccount, Practitioners};
	let standings: [fn(&AccountId) -> bool; OWN_RIGHT_READS as usize] = [
		|who| AdministeredBy::<Runtime>::contains_key(who),
		|who| Practitioners::<Runtime>::contains_key(who),
		|who| PatientByAccount::<Runtime>::contains_key(who),
		|who| {
			pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get()
				.contains(who)
		},
		|who| pallet_validator_set::Validators::<Runtime>::get().iter().any(|(v, _)| v == who),
		|who| pallet_sudo::Key::<Runtime>::get().as_ref() == Some(who),
	];
	(1..=OWN_RIGHT_READS).zip(standings).find(|(_, holds)| holds(who)).map(|(reads, _)| reads)
}

/// Whether `call` acts for one of `wards`: a consent operation, an anchor, amendment or erasure
/// of a ward's record, or resigning a guardianship.
pub fn acts_for_a_ward(call: &RuntimeCall, wards: &[caduceus_primitives::PatientId]) -> bool {
	use pallet_consent::Call as Consent;
	use pallet_health_identity::Call as Identity;
	use pallet_records::Call as Records;
	let record_of = |record: &u64| {
		pallet_records::Anchors::<Runtime>::get(record).and_then(|r| r.patient()).map(|(p, _)| p)
	};
	let patient = match call {
		RuntimeCall::Consent(
			Consent::grant { patient, .. }
			| Consent::revoke { patient, .. }
			| Consent::remove_ended { patient, .. }
			| Consent::block { patient, .. }
			| Consent::unblock { patient, .. }
			| Consent::cancel_signed_consents { patient },
		) => Some(*patient),
		RuntimeCall::Records(Records::anchor { document }) => Some(document.patient),
		RuntimeCall::Records(Records::amend { record, .. } | Records::erase { record, .. }) => {
			record_of(record)
		},
		RuntimeCall::HealthIdentity(Identity::resign_guardianship { patient }) => Some(*patient),
		_ => None,
	};
	patient.is_some_and(|patient| wards.contains(&patient))
}

/// The storage reads of [`own_right_reads`] when `who` has no standing: the identity pallet's
/// three indices, the council, the validators, the sudo key.
const OWN_RIGHT_READS: u64 = 6;

/// The storage reads [`is_admitted`] makes: a standing in its own right, then the wards.
const IS_ADMITTED_READS: u64 = OWN_RIGHT_READS + 1;

/// The storage reads the extension makes at most: the signer's standing in its own right and
/// its wards (a record's anchor for a ward's record), then for an heir the recovered account's
/// [`is_admitted`] (the costliest of [`newcomer_may_submit`]'s cases).
const ADMISSION_READS: u64 = 2 * IS_ADMITTED_READS + 2;

/// The transaction extension that refuses signed transactions from accounts the chain does not
/// know, except a newcomer's calls ([`newcomer_may_submit`]). Unsigned and inherent extrinsics
/// pass.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo, Default)]
pub struct AdmitParticipants;

impl core::fmt::Debug for AdmitParticipants {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "AdmitParticipants")
	}
}

impl TransactionExtension<RuntimeCall> for AdmitParticipants {
	const IDENTIFIER: &'static str = "AdmitParticipants";
	type Implicit = ();
	/// The weight declared by [`Self::weight`] that the signer's path did not spend.
	type Val = Weight;
	/// As `Val`: refunded after dispatch.
	type Pre = Weight;

	/// The costliest path, [`ADMISSION_READS`]; after dispatch the reads the signer's path did
	/// not make are refunded (a patient pays 3 reads). None of it is in the extrinsic base
	/// weight: `benchmark overhead` signs with one account, whose standing stays in the cache.
	fn weight(&self, _: &RuntimeCall) -> Weight {
		reads(ADMISSION_READS)
	}

	fn validate(
		&self,
		origin: RuntimeOrigin,
		call: &RuntimeCall,
		_: &DispatchInfoOf<RuntimeCall>,
		_: usize,
		_: (),
		_: &impl Encode,
		_: TransactionSource,
	) -> ValidateResult<Self::Val, RuntimeCall> {
		let spent = match origin.as_system_origin_signer() {
			Some(who) => {
				admission_reads(who, call).ok_or(InvalidTransaction::Custom(NOT_A_PARTICIPANT))?
			},
			None => 0,
		};
		let unspent = reads(ADMISSION_READS.saturating_sub(spent));
		Ok((ValidTransaction::default(), unspent, origin))
	}

	fn prepare(
		self,
		unspent: Weight,
		_: &RuntimeOrigin,
		_: &RuntimeCall,
		_: &DispatchInfoOf<RuntimeCall>,
		_: usize,
	) -> Result<Weight, TransactionValidityError> {
		Ok(unspent)
	}

	fn post_dispatch_details(
		unspent: Weight,
		_: &DispatchInfoOf<RuntimeCall>,
		_: &PostDispatchInfoOf<RuntimeCall>,
		_: usize,
		_: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		Ok(unspent)
	}
}

/// The weight of `count` storage reads on this runtime's database.
fn reads(count: u64) -> Weight {
	<Runtime as frame_system::Config>::DbWeight::get().reads(count)
}
