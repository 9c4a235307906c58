//! The contracts between pallets. A pallet depends on these traits, never on another Caduceus
//! pallet; the runtime wires the implementations.

use crate::category_slots::CategorySlot;
use crate::vocabulary::{Action, GuardianScope, OrgKind, Purpose, Role};
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::weights::Weight;
use scale_info::TypeInfo;

/// A patient's stable identifier. Everything about a patient is keyed on it, not on an account,
/// so that a patient who moves to a new key keeps every consent, record and claim.
pub type PatientId = u64;
/// An organisation's identifier.
pub type OrgId = u32;
/// A consent grant's identifier.
pub type ConsentId = u64;
/// An emergency (break-glass) access's identifier.
pub type EmergencyAccessId = u64;
/// A record's identifier.
pub type RecordId = u64;
/// A content hash (of an off-chain document): never the document itself.
pub type ContentHash = sp_core::H256;
/// Block time: milliseconds since the Unix epoch (`pallet-timestamp`).
pub type Moment = u64;

value_enum! {
	/// Whether an organisation may act.
	pub enum OrgStatus {
		/// Onboarded and in good standing.
		Active,
		/// Temporarily barred by the consortium; may be reinstated.
		Suspended,
		/// Permanently barred.
		Revoked,
	}
}

value_struct! {
	/// What other pallets need to know about an organisation.
	#[derive(Copy)]
	pub struct OrganisationInfo {
		/// What kind of organisation it is.
		pub kind: OrgKind,
		/// Whether it may act.
		pub status: OrgStatus,
	}
}

value_enum! {
	/// Why a practitioner may or may not act right now.
	pub enum Standing {
		/// The attestation is in force and the organisation is active.
		Active,
		/// The attestation's expiry has passed.
		AttestationLapsed,
		/// The organisation is suspended or revoked.
		OrganisationInactive,
	}
}

value_struct! {
	/// What other pallets need to know about a practitioner.
	#[derive(Copy)]
	pub struct PractitionerInfo {
		/// The attesting organisation.
		pub organisation: OrgId,
		/// The attested role.
		pub role: Role,
		/// Whether the practitioner may act at the current block time.
		pub standing: Standing,
	}
}

/// Why a paged read API call (a patient's consent history, a record audit trail) has no answer.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub enum QueryError {
	/// No patient has this identifier.
	UnknownPatient,
	/// The page size is zero or larger than the pallet's `MaxPageSize`.
	BadPageSize,
	/// No organisation has this identifier.
	UnknownOrganisation,
	/// No clinical trial has this identifier.
	UnknownTrial,
	/// No lot of this product has this code.
	UnknownLot,
}

/// identity → governance: an organisation's admin changed or it was revoked. The runtime moves
/// or removes the council seat the admin held, in the same call, so that a seat follows its
/// organisation (a suspended organisation keeps its seat; see the runtime's `CouncilSeats`).
pub trait OrganisationHooks<AccountId> {
	/// `organisation`'s admin account changed from `old` to `new`.
	fn admin_changed(organisation: OrgId, old: &AccountId, new: &AccountId);
	/// `organisation`, administered by `admin`, was revoked.
	fn revoked(organisation: OrgId, admin: &AccountId);
	/// The most either hook costs.
	fn weight() -> Weight;
}

impl<AccountId> OrganisationHooks<AccountId> for () {
	fn admin_changed(_: OrgId, _: &AccountId, _: &AccountId) {}
	fn revoked(_: OrgId, _: &AccountId) {}
	fn weight() -> Weight {
		Weight::zero()
	}
}

value_enum! {
	/// Whose quota a stored item counts against: the organisation that created it, or the
	/// patient who did (a patient's own documents).
	#[derive(PartialOrd, Ord)]
	pub enum Holder {
		/// An organisation, through its admin or practitioners.
		Organisation(OrgId),
		/// A patient, or a guardian acting for them.
		Patient(PatientId),
	}
}

/// A stored item would take its holder past the quota the consortium set.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct QuotaExceeded;

/// identity → every pallet that stores what participants create (records, trials, products,
/// lots and units, containers, shipments, reports, plans, coverages, claims, prior
/// authorisations): each item counts against its holder's quota, which the consortium sets, so
/// that state grows only as far as the consortium allowed each member.
pub trait StorageQuota {
	/// Counts `items` new items against `holder`'s quota, or refuses them all if that would
	/// take it past the quota.
	fn take(holder: Holder, items: u32) -> Result<(), QuotaExceeded>;
	/// `items` of `holder`'s items were removed: the quota may be used again.
	fn give_back(holder: Holder, items: u32);
}

/// No quota: everything is allowed.
impl StorageQuota for () {
	fn take(_: Holder, _: u32) -> Result<(), QuotaExceeded> {
		Ok(())
	}
	fn give_back(_: Holder, _: u32) {}
}

/// records → identity: an organisation served `patient` (anchored a record for them). The
/// identity pallet returns a self-registered patient's registration deposit then: the patient
/// is real, and the deposit only stands against accounts no organisation ever sees.
///
/// Almost every anchor is for a patient served before, whose deposit is long returned: the
/// caller's benchmark takes that path (looking for a deposit and finding none), declares
/// [`PatientHooks::served_weight`] on top, and charges what [`PatientHooks::served`] returns.
pub trait PatientHooks {
	/// An organisation anchored a record for `patient`. Returns what was done beyond finding no
	/// deposit held: the weight of returning one, or zero.
	fn served(patient: PatientId) -> Weight;

	/// The most [`PatientHooks::served`] returns: the weight of returning a deposit.
	fn served_weight() -> Weight;
}

impl PatientHooks for () {
	fn served(_: PatientId) -> Weight {
		Weight::zero()
	}
	fn served_weight() -> Weight {
		Weight::zero()
	}
}

/// identity → everyone: who an account is, and whether it may act.
pub trait Registry<AccountId> {
	/// The organisation `org`, if registered.
	fn organisation(org: OrgId) -> Option<OrganisationInfo>;
	/// The organisation `org` if it is registered and active (neither suspended nor revoked):
	/// the one standing every pallet asks of an organisation before it may act.
	fn active_organisation(org: OrgId) -> Option<OrganisationInfo> {
		Self::organisation(org).filter(|info| info.status == OrgStatus::Active)
	}
	/// The organisation whose admin account is `who`, if any.
	fn organisation_administered_by(who: &AccountId) -> Option<OrgId>;
	/// The admin account of organisation `org`, if registered: where payments to it go.
	fn admin_of(org: OrgId) -> Option<AccountId>;
	/// The practitioner attestation of `who` (current or lapsed), if any.
	fn practitioner(who: &AccountId) -> Option<PractitionerInfo>;
	/// The patient whose account `who` is, if any.
	fn patient_of(who: &AccountId) -> Option<PatientId>;
	/// Whether `patient` is a registered patient.
	fn is_patient(patient: PatientId) -> bool;
	/// Whether `who` may act for `patient` in `scope` now: the patient itself, or an unexpired
	/// guardian whose scope covers `scope`.
	fn may_act_for(who: &AccountId, patient: PatientId, scope: GuardianScope) -> bool;
}

value_enum! {
	/// On what ground an access is permitted.
	pub enum AccessGround {
		/// A consent grant.
		Consent(ConsentId),
		/// A declared emergency (break-glass) access.
		Emergency(EmergencyAccessId),
	}
}

value_enum! {
	/// Why an access is denied. Also a field of pallet errors (a refused write says why).
	#[derive(frame_support::PalletError)]
	pub enum AccessDenial {
		/// No consent names this accessor.
		NoConsent,
		/// The consent's period has not begun yet.
		NotYetValid,
		/// The consent's period has ended.
		Expired,
		/// The consent was revoked.
		Revoked,
		/// The category (its slot under the patient's key) is not covered.
		CategoryNotCovered,
		/// No longer given: the chain sees slots, not categories, so it cannot tell a sensitive
		/// one (the patient's wallet leaves sensitive categories out of a broad grant, and an
		/// uncovered one is [`AccessDenial::CategoryNotCovered`]). Kept so that denials recorded
		/// before runtime 106 still decode.
		SensitiveCategoryNotNamed,
		/// The purpose is not covered.
		PurposeNotCovered,
		/// The action is not covered.
		ActionNotCovered,
		/// A deny provision of the consent excludes this accessor or category.
		DeniedByException,
		/// The patient blocked this accessor or its organisation.
		Blocked,
		/// The accessor's organisation is suspended or revoked.
		OrganisationSuspended,
		/// The practitioner's attestation has lapsed.
		AttestationLapsed,
		/// The grant is to the practitioner's organisation and does not cover their role
		/// (a grant naming no roles covers the clinical ones).
		RoleNotCovered,
		/// The practitioner's role does not serve this purpose (a researcher asks for research,
		/// a claims officer for payment).
		PurposeNotServedByRole,
		/// The grant was given for another document: enrolling in a trial needs a research
		/// grant whose source document is that trial's protocol in force (its content hash),
		/// the informed-consent form the patient signed.
		OtherDocument,
	}
}

/// consent → records, claims: may `accessor` do `action` on `patient`'s data in `category`
/// (a slot under the patient's key, [`crate::category_slots`]) for `purpose` at the current
/// block time?
pub trait ConsentVerifier<AccountId> {
	/// The ground that permits the access, or why it is denied, with what the way it was found
	/// cost beyond the fast path ([`ConsentCheck::weight_beyond_fast_path`]).
	fn check(
		patient: PatientId,
		accessor: &AccountId,
		category: CategorySlot,
		purpose: Purpose,
		action: Action,
	) -> ConsentCheck;

	/// May `accessor` do `action` on some of `patient`'s data for `purpose`: does a grant cover
	/// it for at least one category? What a claim's payment-consent edit asks: the chain does
	/// not know which slot is the patient's billing category (naming it would tell every
	/// member). Costs at most one [`ConsentVerifier::check`], and is charged the same way.
	fn check_any_category(
		patient: PatientId,
		accessor: &AccountId,
		purpose: Purpose,
		action: Action,
	) -> ConsentCheck;

	/// May `accessor` do `action` on some of `patient`'s data for `purpose` under a grant the
	/// patient gave for `document` (the grant's source document): what enrolling in a trial
	/// asks, with the trial's protocol in force as `document`, so that consent to one study
	/// enrols in no other. Otherwise as [`ConsentVerifier::check_any_category`], at the same
	/// cost.
	fn check_for_document(
		patient: PatientId,
		accessor: &AccountId,
		purpose: Purpose,
		action: Action,
		document: ContentHash,
	) -> ConsentCheck;

	/// The worst-case weight of one [`ConsentVerifier::check`], for callers' weight formulas:
	/// what a call declares on top of its own benchmark before it knows the way.
	fn check_weight() -> Weight;

	/// Whether `organisation` (through `practitioner`) could treat `patient` at block time
	/// `at`, which may be in the past: a grant to the organisation or to the practitioner for
	/// treatment or emergency treatment whose period covered `at` and that was not revoked by
	/// then, or an emergency access of the practitioner at the organisation running at `at`.
	/// What a claim's provider must show for its date of service. With the answer comes what
	/// the way it was found cost beyond the check's fast path ([`TreatmentCheck`]), so that
	/// callers charge that instead of the worst case.
	fn treated(
		patient: PatientId,
		organisation: OrgId,
		practitioner: &AccountId,
		at: Moment,
	) -> TreatmentCheck;

	/// The worst-case weight of one [`ConsentVerifier::treated`]: what a call declares before
	/// it knows the way.
	fn treated_weight() -> Weight;
}

/// What [`ConsentVerifier::check`] answered, and what the way to the answer cost beyond the
/// check's fast path.
///
/// The fast path: no emergency access was looked up, the patient blocks no one, and the first
/// grant read (the accessor's own, or else its organisation's) permits. It is the way of
/// almost every permitted access, and a caller's benchmark takes it at its worst (the pair's
/// list full, the permitting grant with the most exceptions), so the caller's own weight
/// already holds it; any other way is charged the check's worst case on top.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ConsentCheck {
	/// The ground that permits the access, or why it is denied.
	pub answer: Result<AccessGround, AccessDenial>,
	/// Zero on the fast path; otherwise [`ConsentVerifier::check_weight`].
	pub weight_beyond_fast_path: Weight,
}

impl ConsentCheck {
	/// Denied for want of consent, found without reading a grant: what a chain without consents
	/// answers.
	pub const NO_CONSENT: Self =
		Self { answer: Err(AccessDenial::NoConsent), weight_beyond_fast_path: Weight::zero() };
}

/// What [`ConsentVerifier::treated`] found, and what the way to the answer cost beyond the
/// check's fast path.
///
/// The fast path: a grant to the organisation covers, and no revoked grant was read before it.
/// It is the way of almost every claim, and a caller's benchmark takes it with the
/// organisation's list full (decoded whole whichever grant covers; one covering later than the
/// first adds only the in-memory test of the grants before it, no read), so the caller's own
/// weight already holds it; any other way is charged the check's worst case on top.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TreatmentCheck {
	/// Whether the organisation could treat the patient then.
	pub treated: bool,
	/// Zero on the fast path; otherwise [`ConsentVerifier::treated_weight`].
	pub weight_beyond_fast_path: Weight,
}

value_enum! {
	/// Where a record stands in its version chain.
	pub enum RecordStatus {
		/// The latest version.
		Current,
		/// Replaced by a newer version.
		Superseded,
		/// Erased: the pointer is gone, the hash and the audit trail stay.
		Erased,
	}
}

/// What other pallets need to know about an anchored record.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RecordInfo<AccountId> {
	/// Whose record it is.
	pub patient: PatientId,
	/// The hash of the off-chain document.
	pub content_hash: ContentHash,
	/// Who anchored it.
	pub author: AccountId,
	/// What data it holds: a slot under the patient's category key.
	pub category: CategorySlot,
	/// Where it stands in its version chain.
	pub status: RecordStatus,
}

/// records → claims: what is known about an anchored record.
pub trait RecordRegistry<AccountId> {
	/// The record `id`, if anchored.
	fn record(id: RecordId) -> Option<RecordInfo<AccountId>>;
}

value_enum! {
	/// The status of a serialized drug unit. Also a field of pallet errors (a refused move says
	/// why).
	#[derive(frame_support::PalletError)]
	pub enum UnitStatus {
		/// Saleable, with a trading partner.
		Active,
		/// Shipped, not yet received.
		InTransit,
		/// Dispensed to a patient: its commercial life is over.
		Dispensed,
		/// Destroyed, sampled or otherwise taken out of the supply chain.
		Decommissioned,
		/// Past its expiry date.
		Expired,
		/// Quarantined pending investigation.
		Suspect,
		/// Declared counterfeit, diverted or otherwise illegitimate.
		Illegitimate,
		/// Its lot was recalled.
		Recalled,
	}
}

/// supply-chain → claims: how many units an organisation dispensed, which its pharmacy lines
/// draw on. A pharmacy line names its unit only as a token under the plan's key
/// ([`crate::billing_codes::unit_token`]): the chain cannot tell which unit it is, so it checks
/// that the pharmacy bills no more units than it dispensed, and the insurer, who reads the
/// token, checks the unit itself.
pub trait ProductVerifier {
	/// How many units `org` has dispensed: each was authentic, and neither expired, recalled,
	/// suspect nor illegitimate, when it was.
	fn dispensed(org: OrgId) -> u64;
}

/// Nobody dispensed anything.
impl ProductVerifier for () {
	fn dispensed(_: OrgId) -> u64 {
		0
	}
}

/// Nobody is registered.
impl<AccountId> Registry<AccountId> for () {
	fn organisation(_: OrgId) -> Option<OrganisationInfo> {
		None
	}
	fn organisation_administered_by(_: &AccountId) -> Option<OrgId> {
		None
	}
	fn admin_of(_: OrgId) -> Option<AccountId> {
		None
	}
	fn practitioner(_: &AccountId) -> Option<PractitionerInfo> {
		None
	}
	fn patient_of(_: &AccountId) -> Option<PatientId> {
		None
	}
	fn is_patient(_: PatientId) -> bool {
		false
	}
	fn may_act_for(_: &AccountId, _: PatientId, _: GuardianScope) -> bool {
		false
	}
}

/// Nothing is consented to.
impl<AccountId> ConsentVerifier<AccountId> for () {
	fn check(_: PatientId, _: &AccountId, _: CategorySlot, _: Purpose, _: Action) -> ConsentCheck {
		ConsentCheck::NO_CONSENT
	}
	fn check_any_category(_: PatientId, _: &AccountId, _: Purpose, _: Action) -> ConsentCheck {
		ConsentCheck::NO_CONSENT
	}
	fn check_for_document(
		_: PatientId,
		_: &AccountId,
		_: Purpose,
		_: Action,
		_: ContentHash,
	) -> ConsentCheck {
		ConsentCheck::NO_CONSENT
	}
	fn check_weight() -> Weight {
		Weight::zero()
	}
	fn treated(_: PatientId, _: OrgId, _: &AccountId, _: Moment) -> TreatmentCheck {
		TreatmentCheck { treated: false, weight_beyond_fast_path: Weight::zero() }
	}
	fn treated_weight() -> Weight {
		Weight::zero()
	}
}

/// No record is anchored.
impl<AccountId> RecordRegistry<AccountId> for () {
	fn record(_: RecordId) -> Option<RecordInfo<AccountId>> {
		None
	}
}
