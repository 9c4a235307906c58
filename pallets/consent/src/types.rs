//! The data the consent pallet keeps: the terms of grants, block lists, emergency accesses and
//! the patient's audit history. Identifiers, category and purpose codes, times and hashes only.

use caduceus_primitives::{value_enum, value_struct};
use caduceus_primitives::{
	AccessDenial, Action, Actions, CategorySlot, CategorySlots, ConsentId, ContentHash,
	EmergencyAccessId, Moment, OrgId, PatientId, Purpose, Purposes, Role, Roles,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound,
	PartialEqNoBound,
};
use scale_info::TypeInfo;

/// Who a grant names, or whom a patient blocks: one practitioner, or an organisation. A grant to
/// an organisation covers its active practitioners of the roles it names (the clinical ones if
/// it names none), never its admin account; a block of an organisation blocks them all.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum Party<AccountId> {
	/// A practitioner's account.
	Practitioner(AccountId),
	/// An organisation.
	Organisation(OrgId),
}

/// Deny provisions nested in a grant (FHIR `Consent.provision.provision` of type `deny`): what
/// the grant excludes even though its base provision would permit it.
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
	DefaultNoBound,
)]
#[scale_info(skip_type_params(MaxExcluded))]
pub struct Exceptions<AccountId, MaxExcluded: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Categories the grant never covers, as slots under the patient's category key.
	pub categories: CategorySlots,
	/// Practitioners the grant never covers (only for a grant to an organisation).
	pub practitioners: BoundedVec<AccountId, MaxExcluded>,
}

/// What a patient consents to: the base permit (FHIR `Consent.provision` of type `permit`) and
/// its deny exceptions.
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
#[scale_info(skip_type_params(MaxExcluded))]
pub struct ConsentTerms<AccountId, MaxExcluded: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Who is granted access.
	pub grantee: Party<AccountId>,
	/// The data categories covered, as slots under the patient's category key
	/// (`caduceus_primitives::category_slots`): no member without the key learns which. The
	/// patient's wallet names a sensitive category's slot only when the patient names it.
	pub categories: CategorySlots,
	/// The purposes of use covered.
	pub purposes: Purposes,
	/// The actions covered.
	pub actions: Actions,
	/// For a grant to an organisation, the roles of its practitioners it covers (FHIR
	/// `provision.actor.role`); none named: the clinical roles (physician, nurse, pharmacist,
	/// laboratory technician). Administrators, claims officers, researchers and privacy
	/// officers are covered only when named. A grant to one practitioner names none.
	pub roles: Roles,
	/// When the grant starts; now if not given.
	pub valid_from: Option<Moment>,
	/// When the grant ends (exclusive).
	pub valid_until: Moment,
	/// What the grant excludes.
	pub exceptions: Exceptions<AccountId, MaxExcluded>,
	/// The hash of the source document: a signed paper form or a FHIR Consent resource. For
	/// consent to a clinical trial, the content hash of its protocol in force: enrolment needs a
	/// research grant given for that protocol.
	pub source_document: Option<ContentHash>,
}

/// A grant as stored under its (patient, grantee) pair.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxExcluded))]
pub struct Grant<AccountId, BlockNumber, MaxExcluded: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The grant's identifier.
	pub id: ConsentId,
	/// The data categories covered, as slots under the patient's category key.
	pub categories: CategorySlots,
	/// The purposes of use covered.
	pub purposes: Purposes,
	/// The actions covered.
	pub actions: Actions,
	/// The roles of the grantee organisation's practitioners covered; none: the clinical ones.
	pub roles: Roles,
	/// When the grant starts.
	pub valid_from: Moment,
	/// When the grant ends (exclusive).
	pub valid_until: Moment,
	/// What the grant excludes.
	pub exceptions: Exceptions<AccountId, MaxExcluded>,
	/// The hash of the source document.
	pub source_document: Option<ContentHash>,
	/// Who granted it: the patient or a guardian.
	pub granted_by: AccountId,
	/// When it was granted.
	pub granted_at: Moment,
	/// Whether it was signed in a wallet and submitted by someone else.
	pub signed_in_wallet: bool,
	/// The block in which it was revoked: it no longer applies from that block's next
	/// extrinsic on.
	pub revoked_in: Option<BlockNumber>,
}

/// The ways a grant stops applying, from the first a check looks at to the last; a later one is
/// the more specific answer when several grants deny.
fn denial_rank(denial: &AccessDenial) -> u8 {
	match denial {
		AccessDenial::Revoked => 1,
		AccessDenial::NotYetValid | AccessDenial::Expired => 2,
		AccessDenial::DeniedByException => 3,
		AccessDenial::SensitiveCategoryNotNamed | AccessDenial::CategoryNotCovered => 4,
		AccessDenial::RoleNotCovered | AccessDenial::OtherDocument => 4,
		AccessDenial::PurposeNotCovered => 5,
		AccessDenial::ActionNotCovered => 6,
		_ => 0,
	}
}

/// Of two reasons to deny, the more specific.
pub fn more_specific(a: AccessDenial, b: AccessDenial) -> AccessDenial {
	if denial_rank(&b) > denial_rank(&a) {
		b
	} else {
		a
	}
}

/// One access question, as a grant answers it.
pub struct AccessQuestion<'a, AccountId, BlockNumber> {
	/// Who asks.
	pub accessor: &'a AccountId,
	/// Which data: its slot under the patient's category key; none: any data the grant covers.
	pub category: Option<CategorySlot>,
	/// The document the grant must have been given for (its source document), if any: a
	/// trial's protocol when enrolling.
	pub document: Option<ContentHash>,
	/// Why.
	pub purpose: Purpose,
	/// To do what.
	pub action: Action,
	/// Block time now.
	pub now: Moment,
	/// The current block.
	pub block: BlockNumber,
}

impl<AccountId, BlockNumber, MaxExcluded> Grant<AccountId, BlockNumber, MaxExcluded>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + PartialOrd + core::fmt::Debug,
	MaxExcluded: Get<u32>,
{
	/// Whether the grant was revoked by `block`: in an earlier block or in `block` itself. A
	/// revocation applies at once, to every later extrinsic of its block and every read of that
	/// state, so that a grantee watching the pool cannot race it.
	pub fn revoked_by(&self, block: &BlockNumber) -> bool {
		self.revoked_in.as_ref().is_some_and(|revoked| revoked <= block)
	}

	/// Whether the grant no longer applies and never will again: revoked, or its period is
	/// over.
	pub fn ended(&self, now: Moment, block: &BlockNumber) -> bool {
		self.revoked_by(block) || now >= self.valid_until
	}

	/// Whether a grant to an organisation covers its practitioners of `role`: the roles it
	/// names, or the clinical ones if it names none.
	pub fn covers_role(&self, role: Role) -> bool {
		if self.roles.is_empty() {
			role.is_clinical()
		} else {
			self.roles.contains(role)
		}
	}

	/// Whether the grant permits `question`, or the first reason it does not.
	pub fn evaluate(
		&self,
		question: &AccessQuestion<AccountId, BlockNumber>,
	) -> Result<(), AccessDenial> {
		if self.revoked_by(&question.block) {
			return Err(AccessDenial::Revoked);
		}
		if question.now < self.valid_from {
			return Err(AccessDenial::NotYetValid);
		}
		if question.now >= self.valid_until {
			return Err(AccessDenial::Expired);
		}
		if self.exceptions.practitioners.contains(question.accessor)
			|| question.category.is_some_and(|slot| self.exceptions.categories.contains(slot))
		{
			return Err(AccessDenial::DeniedByException);
		}
		match question.category {
			Some(slot) if !self.categories.contains(slot) => {
				return Err(AccessDenial::CategoryNotCovered)
			},
			Some(_) => {},
			// Any category: one the grant covers and does not exclude.
			None if self.categories.is_empty() => return Err(AccessDenial::CategoryNotCovered),
			None if self.categories.bits() & !self.exceptions.categories.bits() == 0 => {
				return Err(AccessDenial::DeniedByException)
			},
			None => {},
		}
		if question.document.is_some_and(|document| self.source_document != Some(document)) {
			return Err(AccessDenial::OtherDocument);
		}
		if !self.purposes.contains(question.purpose) {
			return Err(AccessDenial::PurposeNotCovered);
		}
		if !self.actions.contains(question.action) {
			return Err(AccessDenial::ActionNotCovered);
		}
		Ok(())
	}
}

/// A consent payload a patient (or guardian) signs in a wallet for someone else to submit. It
/// names the chain, the patient's next nonce and an expiry, so it is good once, on this chain,
/// for a limited time.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxExcluded))]
pub struct SignedConsent<AccountId, Hash, MaxExcluded: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Hash: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Domain separator: [`SIGNED_CONSENT_DOMAIN`].
	pub domain: [u8; 24],
	/// The chain's genesis hash.
	pub genesis_hash: Hash,
	/// The patient consenting.
	pub patient: PatientId,
	/// Who signs: the patient's account or a guardian with consent scope.
	pub signer: AccountId,
	/// The patient's next signed-consent nonce.
	pub nonce: u32,
	/// Block time after which the payload can no longer be submitted.
	pub expires_at: Moment,
	/// What is consented to.
	pub terms: ConsentTerms<AccountId, MaxExcluded>,
}

/// The domain separator of a [`SignedConsent`].
pub const SIGNED_CONSENT_DOMAIN: [u8; 24] = *b"caduceus/consent-grant\0\0";

/// A revocation a patient (or guardian) signs in a wallet for someone else to submit: a patient
/// without tokens can still withdraw a grant. It shares the patient's nonce with
/// [`SignedConsent`], so it is good once, on this chain, for a limited time.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct SignedRevocation<AccountId, Hash> {
	/// Domain separator: [`SIGNED_REVOCATION_DOMAIN`].
	pub domain: [u8; 24],
	/// The chain's genesis hash.
	pub genesis_hash: Hash,
	/// The patient revoking.
	pub patient: PatientId,
	/// Who signs: the patient's account or a guardian with consent scope.
	pub signer: AccountId,
	/// The patient's next signed-payload nonce.
	pub nonce: u32,
	/// Block time after which the payload can no longer be submitted.
	pub expires_at: Moment,
	/// The grant revoked.
	pub consent: ConsentId,
}

/// The domain separator of a [`SignedRevocation`].
pub const SIGNED_REVOCATION_DOMAIN: [u8; 24] = *b"caduceus/consent-revoke\0";

value_enum! {
	/// Why a practitioner broke the glass (HL7 PurposeOfUse ETREAT / BTG).
	pub enum EmergencyReason {
		/// The patient is unconscious or otherwise cannot consent.
		PatientCannotConsent,
		/// A life-threatening condition needs treatment now.
		LifeThreatening,
		/// Neither the patient nor a guardian can be reached in time.
		GuardianUnreachable,
		/// Another reason, described in the justification document.
		Other,
	}
}

value_enum! {
	/// A privacy officer's finding on an emergency access.
	pub enum Verdict {
		/// The emergency was real and the access proportionate.
		Justified,
		/// It was not: this counts against the practitioner.
		Unjustified,
	}
}

/// A privacy officer's review of an emergency access.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct EmergencyReview<AccountId> {
	/// The reviewing privacy officer.
	pub officer: AccountId,
	/// The finding.
	pub verdict: Verdict,
	/// The hash of the review report.
	pub report: ContentHash,
	/// When it was reviewed.
	pub reviewed_at: Moment,
	/// Whether the review came after the deadline.
	pub late: bool,
}

/// A declared break-glass access.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct EmergencyAccess<AccountId> {
	/// Whose data.
	pub patient: PatientId,
	/// Who declared it.
	pub practitioner: AccountId,
	/// The practitioner's organisation, whose privacy officer reviews it.
	pub organisation: OrgId,
	/// Why.
	pub reason: EmergencyReason,
	/// The hash of the written justification.
	pub justification: ContentHash,
	/// When it was declared.
	pub declared_at: Moment,
	/// When the access ends (exclusive).
	pub ends_at: Moment,
	/// When the review is due.
	pub review_due: Moment,
	/// Whether the patient had blocked the practitioner or the organisation: break-glass goes
	/// through a block (life first) but the access is flagged.
	pub overrode_block: bool,
	/// The privacy officer's review, once done.
	pub review: Option<EmergencyReview<AccountId>>,
}

value_struct! {
	/// A practitioner's break-glass standing.
	#[derive(Copy, Default)]
	pub struct EmergencyStanding {
		/// Emergency accesses declared and not yet reviewed.
		pub unreviewed: u32,
		/// Emergency accesses found unjustified since the consortium last cleared the practitioner.
		pub unjustified: u32,
		/// Barred from break-glass until the consortium clears them: set when `unreviewed` reaches
		/// `MaxUnreviewedEmergencies` or `unjustified` reaches `MaxUnjustifiedEmergencies`.
		pub barred: bool,
	}
}

value_struct! {
	/// A patient's counters, kept together so that a grant, which moves three of them, reads and
	/// writes one storage item instead of three (each item is a database read and a write of about
	/// 10 and 27 µs on this chain's weights).
	#[derive(Copy, Default)]
	pub struct Counters {
		/// Grants stored (the patient's entries of `ConsentIndex`), within
		/// `MaxConsentsPerPatient`.
		pub grants: u32,
		/// The nonce the patient's next wallet-signed grant or revocation must carry.
		pub signed_nonce: u32,
		/// Free operations used today (`PatientDailyAllowance` a day).
		pub allowance: caduceus_primitives::DailyAllowance,
		/// Entries the patient's history has had: the next entry's sequence number.
		pub history_length: u64,
	}
}

/// What happened, in a patient's consent history.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum ConsentActivity<AccountId> {
	/// A grant was made.
	Granted { consent: ConsentId, grantee: Party<AccountId>, signed_in_wallet: bool },
	/// A grant was revoked.
	Revoked { consent: ConsentId, grantee: Party<AccountId> },
	/// An ended grant was cleaned up.
	Removed { consent: ConsentId, grantee: Party<AccountId> },
	/// Wallet-signed grants not yet submitted were invalidated.
	SignedConsentsCancelled { next_nonce: u32 },
	/// A party was blocked.
	Blocked { party: Party<AccountId> },
	/// A party was unblocked.
	Unblocked { party: Party<AccountId> },
	/// A practitioner broke the glass.
	EmergencyAccessDeclared {
		access: EmergencyAccessId,
		practitioner: AccountId,
		organisation: OrgId,
		overrode_block: bool,
	},
	/// A privacy officer reviewed an emergency access.
	EmergencyAccessReviewed { access: EmergencyAccessId, verdict: Verdict },
}

/// One entry of a patient's consent history.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct HistoryEntry<AccountId, BlockNumber> {
	/// Position in the patient's history, from 0.
	pub sequence: u64,
	/// Block time.
	pub at: Moment,
	/// Block.
	pub block: BlockNumber,
	/// Who did it.
	pub actor: AccountId,
	/// What happened.
	pub activity: ConsentActivity<AccountId>,
}

/// Where a grant stands now.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub enum ConsentStatus {
	/// It applies now.
	Active,
	/// Its period has not begun.
	NotYetValid,
	/// Its period is over.
	Expired,
	/// It was revoked.
	Revoked,
}

/// A grant as the read API returns it.
#[derive(Encode, Decode, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(MaxExcluded))]
pub struct ConsentView<AccountId, BlockNumber, MaxExcluded: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Who is granted access.
	pub grantee: Party<AccountId>,
	/// The grant.
	pub grant: Grant<AccountId, BlockNumber, MaxExcluded>,
	/// Where it stands now.
	pub status: ConsentStatus,
}

pub use caduceus_primitives::QueryError;
