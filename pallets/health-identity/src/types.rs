//! The data the identity pallet keeps. Public registry numbers and hashes only: no personal data.

use caduceus_primitives::{
	value_struct, GuardianScope, OrgId, OrgKind, OrgStatus, PatientId, Role,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_core::H256;

pub use caduceus_primitives::Moment;

/// A GS1 Global Location Number: 13 digits, the last a check digit.
pub type Gln = [u8; 13];
/// A US National Provider Identifier: 10 digits, the last a check digit.
pub type Npi = [u8; 10];

/// An organisation's public registry numbers (never personal data). Each is optional: a
/// manufacturer has a GLN, a US provider an NPI, most have a licence number.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxLicenceLength))]
#[codec(mel_bound())]
pub struct PublicIdentifiers<MaxLicenceLength: Get<u32>> {
	/// GS1 Global Location Number (or company prefix padded to a GLN).
	pub gln: Option<Gln>,
	/// National Provider Identifier.
	pub npi: Option<Npi>,
	/// Licence number issued by the competent authority.
	pub licence: Option<BoundedVec<u8, MaxLicenceLength>>,
}

/// A consortium member.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxNameLength, MaxLicenceLength))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Organisation<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxNameLength: Get<u32>,
	MaxLicenceLength: Get<u32>,
> {
	/// What kind of organisation it is.
	pub kind: OrgKind,
	/// Display name (UTF-8).
	pub name: BoundedVec<u8, MaxNameLength>,
	/// Public registry numbers.
	pub identifiers: PublicIdentifiers<MaxLicenceLength>,
	/// The account that attests the organisation's practitioners.
	pub admin: AccountId,
	/// Whether it may act.
	pub status: OrgStatus,
	/// How many practitioners it has attested (bounded by `MaxPractitionersPerOrganisation`).
	pub practitioners: u32,
	/// When it was registered.
	pub registered_at: Moment,
}

value_struct! {
	/// An organisation's attestation that an account is one of its practitioners.
	#[derive(Copy)]
	pub struct Attestation {
		/// The attesting organisation.
		pub organisation: OrgId,
		/// The attested role.
		pub role: Role,
		/// Hash of the credential (licence document) the organisation checked.
		pub credential_hash: H256,
		/// When the attestation lapses by itself, if ever.
		pub expires_at: Option<Moment>,
		/// When it was made.
		pub attested_at: Moment,
	}
}

impl Attestation {
	/// Whether the attestation is still in force at `now`.
	pub fn in_force(&self, now: Moment) -> bool {
		self.expires_at.is_none_or(|end| now < end)
	}
}

/// Who appointed a guardian.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Appointer {
	/// The patient.
	Patient,
	/// The consortium, for a patient who cannot appoint one (a minor).
	Consortium,
}

/// An account authorised to act for a patient.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Guardianship<AccountId> {
	/// The guardian or delegate.
	pub guardian: AccountId,
	/// What the guardian may do.
	pub scope: GuardianScope,
	/// When the authority lapses by itself (e.g. the minor's age of majority), if ever.
	pub expires_at: Option<Moment>,
	/// Who appointed the guardian.
	pub appointed_by: Appointer,
}

impl<AccountId> Guardianship<AccountId> {
	/// Whether the authority is in force at `now`.
	pub fn in_force(&self, now: Moment) -> bool {
		self.expires_at.is_none_or(|end| now < end)
	}
}

/// A patient. Everything else about the patient is keyed on its [`PatientId`].
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxGuardians))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Patient<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, MaxGuardians: Get<u32>> {
	/// The account the patient signs with now.
	pub account: AccountId,
	/// Salted commitment to demographic data, so a hospital that knows the patient can match the
	/// identity without the chain revealing anything.
	pub demographic_commitment: Option<H256>,
	/// The guardians and delegates.
	pub guardians: BoundedVec<Guardianship<AccountId>, MaxGuardians>,
	/// When the patient registered.
	pub registered_at: Moment,
	/// The organisation that registered the patient at intake, if any.
	pub registered_by: Option<OrgId>,
}

/// What a patient signs so that an organisation can register them at intake. It binds the chain
/// (genesis hash), the organisation and a deadline, so it cannot be used anywhere else or later.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct IntakeConsent<AccountId, Hash> {
	/// Domain separator: [`INTAKE_CONSENT_DOMAIN`].
	pub domain: [u8; 24],
	/// The chain's genesis hash.
	pub genesis_hash: Hash,
	/// The account that becomes the patient.
	pub patient_account: AccountId,
	/// The organisation registering the patient.
	pub organisation: OrgId,
	/// The commitment to demographic data, if any.
	pub demographic_commitment: Option<H256>,
	/// Block time after which the consent is void.
	pub valid_until: Moment,
}

/// The domain separator of an [`IntakeConsent`].
pub const INTAKE_CONSENT_DOMAIN: [u8; 24] = *b"caduceus/patient-intake\0";

/// Everything the chain knows about an account, for dApps.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct ParticipantView {
	/// The organisation this account administers.
	pub administers: Option<OrgId>,
	/// Its practitioner attestation, and whether it is in force now.
	pub practitioner: Option<(Attestation, caduceus_primitives::Standing)>,
	/// The patient this account is.
	pub patient: Option<PatientId>,
}

/// A patient's profile as a dApp reads it: the patient as stored, and the account a move the
/// patient started waits for.
#[derive(Encode, Decode, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(MaxGuardians))]
pub struct PatientView<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, MaxGuardians: Get<u32>>
{
	/// The patient: account, salted demographic commitment, guardians, registration.
	pub profile: Patient<AccountId, MaxGuardians>,
	/// The new account a move waits for, until it accepts.
	pub moving_to: Option<AccountId>,
}
