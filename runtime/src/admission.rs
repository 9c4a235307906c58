//! Transaction admission: the chain serves its participants. A signed transaction from an
//! account the chain does not know is invalid, so the pool refuses it and no block can include
//! it; a flood from unknown accounts costs the nodes one check per transaction and never reaches
//! a block.
//!
//! Known accounts ([`is_admitted`]): organisations' admins, practitioners, patients, patients'
//! guardians and delegates (identity pallet), council members, validators, and the sudo key on a
//! development chain.
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
	impl_tx_ext_default,
	traits::{AsSystemOriginSigner, DispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::{InvalidTransaction, ValidTransaction},
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
	crate::HealthIdentity::is_participant(who)
		|| pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get()
			.contains(who)
		|| pallet_validator_set::Validators::<Runtime>::get().iter().any(|(v, _)| v == who)
		|| pallet_sudo::Key::<Runtime>::get().as_ref() == Some(who)
}

/// The storage reads [`is_admitted`] makes: the identity pallet's four indices, the council,
/// the validators, the sudo key.
const IS_ADMITTED_READS: u64 = 7;

/// The storage reads the extension makes at most: the signer's [`is_admitted`], then for an heir
/// the recovered account's (the costliest of [`newcomer_may_submit`]'s cases).
const ADMISSION_READS: u64 = 2 * IS_ADMITTED_READS;

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
	type Val = ();
	type Pre = ();

	fn weight(&self, _: &RuntimeCall) -> Weight {
		<Runtime as frame_system::Config>::DbWeight::get().reads(ADMISSION_READS)
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
		if let Some(who) = origin.as_system_origin_signer() {
			if !is_admitted(who) && !newcomer_may_submit(who, call) {
				return Err(InvalidTransaction::Custom(NOT_A_PARTICIPANT).into());
			}
		}
		Ok((ValidTransaction::default(), (), origin))
	}

	impl_tx_ext_default!(RuntimeCall; prepare);
}
