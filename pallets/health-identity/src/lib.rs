//! # Health identity
//!
//! Who takes part in Caduceus, and whether they may act right now:
//!
//! - **Organisations** (hospitals, laboratories, pharmacies, insurers, makers, regulators...) are
//!   registered, suspended, reinstated and revoked by the consortium. A suspended or revoked
//!   organisation and all its practitioners lose every permission at once: the other pallets ask
//!   [`Registry`](caduceus_primitives::Registry), which reads the status on every question.
//! - **Practitioners** are accounts an organisation's admin attests with a role, a credential hash
//!   and an optional expiry; an expired attestation is inactive without anyone calling anything.
//! - **Patients** register themselves, or are registered at intake by an organisation with their
//!   wallet signature. Everything about a patient is keyed on a stable [`PatientId`], so a patient
//!   who moves to a new account (lost or rotated key, see `pallet-recovery`) keeps everything.
//! - **Guardians and delegates** act for a patient within a scope until an optional end date.
//!
//! No personal data is stored: public registry numbers of organisations, hashes of credentials,
//! and an optional salted commitment to a patient's demographic data
//! (`caduceus_primitives::salted::demographic_commitment`).
//!
//! A patient's own operations (registration, guardians, commitment) are free (`Pays::No`) and
//! rate-limited: self-registrations by a per-block cap, the others by a per-patient daily
//! allowance. Everything an account creates is bounded: one attestation and one patient identity
//! per account, `MaxPractitionersPerOrganisation`, `MaxGuardians` per patient.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
pub mod migrations;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use caduceus_primitives::{GuardianScope, Holder, OrgId, OrgKind, OrgStatus, PatientId, Role};
use features::guardians::Remover;
use frame_support::traits::{fungible, Get, Time};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;

type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// A balance of the currency registration deposits are held in.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;
/// An organisation as stored.
pub type OrganisationOf<T> =
	Organisation<AccountIdOf<T>, <T as Config>::MaxNameLength, <T as Config>::MaxLicenceLength>;
/// Public identifiers as passed in and stored.
pub type PublicIdentifiersOf<T> = PublicIdentifiers<<T as Config>::MaxLicenceLength>;
/// A patient as stored.
pub type PatientOf<T> = Patient<AccountIdOf<T>, <T as Config>::MaxGuardians>;
/// What a patient signs for registration at intake.
pub type IntakeConsentOf<T> = IntakeConsent<AccountIdOf<T>, <T as frame_system::Config>::Hash>;

#[allow(
	clippy::expect_used,
	reason = "FRAME's macros expand `expect`s with our spans, and genesis aborts on a bad config"
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use caduceus_primitives::paging::Order;
	use frame_support::{dispatch::Pays, pallet_prelude::*};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{IdentifyAccount, Verify};

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(4);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The consortium: registers and disciplines organisations, appoints guardians for
		/// patients who cannot. In the runtime: two thirds of the council, or root.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Block time, in milliseconds: expiries are checked against it.
		type Time: Time<Moment = Moment>;

		/// A signature a patient makes in a wallet (for registration at intake).
		type WalletSignature: Verify<Signer = Self::WalletSigner> + Parameter;

		/// The public key behind a [`Config::WalletSignature`].
		type WalletSigner: IdentifyAccount<AccountId = Self::AccountId>;

		/// Longest organisation display name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// Longest licence number, in bytes.
		#[pallet::constant]
		type MaxLicenceLength: Get<u32>;

		/// Most practitioners one organisation may attest at a time.
		#[pallet::constant]
		type MaxPractitionersPerOrganisation: Get<u32>;

		/// Most guardians and delegates one patient may have.
		#[pallet::constant]
		type MaxGuardians: Get<u32>;

		/// Most patients one account may guard (or be a delegate of): bounds what a patient's
		/// move to a new key carries over, and what one account is admitted for. An account
		/// named by strangers resigns what it does not want.
		#[pallet::constant]
		type MaxWardsPerGuardian: Get<u32>;

		/// Most free self-registrations of patients in one block.
		#[pallet::constant]
		type MaxFreeRegistrationsPerBlock: Get<u32>;

		/// How many free operations (guardian changes, commitment updates) a patient may make
		/// per day of block time.
		#[pallet::constant]
		type PatientDailyAllowance: Get<u32>;

		/// Most entries one page of a read API returns.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;

		/// Told when an organisation's admin changes or it is revoked: the runtime moves or
		/// removes the council seat the admin held.
		type OrganisationHooks: caduceus_primitives::OrganisationHooks<Self::AccountId>;

		/// Holds self-registered patients' registration deposits.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reasons, of which this pallet's [`HoldReason`] is one.
		type RuntimeHoldReason: From<HoldReason>;

		/// What an account holds when it registers itself as a patient, returned when an
		/// organisation first anchors a record for the patient. Registration at an
		/// organisation's intake needs none.
		#[pallet::constant]
		type RegistrationDeposit: Get<BalanceOf<Self>>;

		/// How many stored items (records, units, claims…) an organisation may hold unless the
		/// consortium sets another quota for it.
		#[pallet::constant]
		type DefaultOrganisationQuota: Get<u32>;

		/// How many stored items (their own documents) a patient may hold unless the
		/// consortium sets another quota.
		#[pallet::constant]
		type DefaultPatientQuota: Get<u32>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Makes wallet signatures for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: caduceus_primitives::benchmarking::WalletKeys<
			Self::WalletSignature,
			Self::AccountId,
		>;
	}

	/// The identifier the next organisation gets.
	#[pallet::storage]
	pub type NextOrganisationId<T> = StorageValue<_, OrgId, ValueQuery>;

	/// Every registered organisation, revoked ones included (their history stays).
	#[pallet::storage]
	pub type Organisations<T: Config> = StorageMap<_, Twox64Concat, OrgId, OrganisationOf<T>>;

	/// The organisation each admin account administers: an account administers at most one.
	#[pallet::storage]
	pub type AdministeredBy<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, OrgId>;

	/// Each practitioner's attestation: an account practises for one organisation at a time.
	#[pallet::storage]
	pub type Practitioners<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Attestation>;

	/// The practitioners of each organisation, so that they can be paged through.
	#[pallet::storage]
	pub type PractitionersOf<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Blake2_128Concat, T::AccountId, ()>;

	/// The identifier the next patient gets.
	#[pallet::storage]
	pub type NextPatientId<T> = StorageValue<_, PatientId, ValueQuery>;

	/// Every patient, by stable identifier.
	#[pallet::storage]
	pub type Patients<T: Config> = StorageMap<_, Twox64Concat, PatientId, PatientOf<T>>;

	/// The patient behind each account.
	#[pallet::storage]
	pub type PatientByAccount<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, PatientId>;

	/// The patients each account is a guardian or delegate of (lapsed appointments included
	/// until removed): a guardian need not be registered otherwise, yet takes part in the chain
	/// (the runtime admits its transactions), and a patient moving to a new key takes their
	/// guardianships along.
	#[pallet::storage]
	pub type Wards<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<PatientId, T::MaxWardsPerGuardian>,
		ValueQuery,
	>;

	/// Moves to a new account that a patient initiated and the new account has yet to accept.
	#[pallet::storage]
	pub type PendingMoves<T: Config> = StorageMap<_, Twox64Concat, PatientId, T::AccountId>;

	/// Free operations each patient used today.
	#[pallet::storage]
	pub type PatientAllowance<T: Config> =
		StorageMap<_, Twox64Concat, PatientId, caduceus_primitives::DailyAllowance, ValueQuery>;

	/// Intake consents already used (by hash), so that a signed consent registers its account
	/// once even if the patient later moves away from that account. One entry per registration
	/// at intake, which the registering organisation pays for.
	#[pallet::storage]
	pub type UsedIntakeConsents<T: Config> = StorageMap<_, Identity, H256, ()>;

	/// Free self-registrations in the current block; cleared at the start of each block.
	#[pallet::storage]
	pub type FreeRegistrationsThisBlock<T> = StorageValue<_, u32, ValueQuery>;

	/// Self-registered patients' deposits still held: the account holding it and how much.
	/// Removed when an organisation first serves the patient.
	#[pallet::storage]
	pub type RegistrationDeposits<T: Config> =
		StorageMap<_, Twox64Concat, PatientId, (T::AccountId, BalanceOf<T>)>;

	/// How many stored items each organisation and patient holds in the pallets that count
	/// them (records, supply chain, claims); the upgrade to runtime 104 counted what they held
	/// before (`caduceus_runtime::migrations::CountStoredItems`).
	#[pallet::storage]
	pub type StorageUsage<T: Config> = StorageMap<_, Twox64Concat, Holder, u32, ValueQuery>;

	/// Quotas the consortium set, replacing the default of the holder's kind.
	#[pallet::storage]
	pub type StorageQuotas<T: Config> = StorageMap<_, Twox64Concat, Holder, u32>;

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A self-registered patient's deposit, until an organisation serves them.
		PatientRegistration,
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The consortium registered an organisation.
		OrganisationRegistered { organisation: OrgId, kind: OrgKind, admin: T::AccountId },
		/// The consortium suspended an organisation: it and its practitioners may not act.
		OrganisationSuspended { organisation: OrgId },
		/// The consortium reinstated a suspended organisation.
		OrganisationReinstated { organisation: OrgId },
		/// The consortium revoked an organisation for good.
		OrganisationRevoked { organisation: OrgId },
		/// The consortium gave an organisation a new admin account.
		OrganisationAdminChanged {
			organisation: OrgId,
			old_admin: T::AccountId,
			new_admin: T::AccountId,
		},
		/// An organisation attested a practitioner.
		PractitionerAttested {
			organisation: OrgId,
			practitioner: T::AccountId,
			role: Role,
			expires_at: Option<Moment>,
		},
		/// An organisation withdrew a practitioner's attestation.
		PractitionerRevoked { organisation: OrgId, practitioner: T::AccountId },
		/// An account became a patient, by itself or at an organisation's intake.
		PatientRegistered {
			patient: PatientId,
			account: T::AccountId,
			registered_by: Option<OrgId>,
		},
		/// A patient set or cleared the commitment to their demographic data.
		DemographicCommitmentChanged { patient: PatientId, commitment: Option<H256> },
		/// A patient asked to move their identity to a new account.
		PatientMoveInitiated { patient: PatientId, from: T::AccountId, to: T::AccountId },
		/// A patient's identity moved to a new account; everything keyed on the patient follows.
		PatientMoved { patient: PatientId, from: T::AccountId, to: T::AccountId },
		/// A guardian or delegate was appointed for a patient.
		GuardianAppointed {
			patient: PatientId,
			guardian: T::AccountId,
			scope: GuardianScope,
			expires_at: Option<Moment>,
			appointed_by: Appointer,
		},
		/// A guardian or delegate was removed.
		GuardianRemoved { patient: PatientId, guardian: T::AccountId },
		/// A guardian or delegate gave up their authority over a patient.
		GuardianResigned { patient: PatientId, guardian: T::AccountId },
		/// A patient cancelled their pending move to a new account.
		PatientMoveCancelled { patient: PatientId, to: T::AccountId },
		/// A moving patient's guardianships over other patients moved to their new account.
		GuardianshipsMoved { from: T::AccountId, to: T::AccountId, wards: u32 },
		/// A self-registered patient's account holds a deposit until an organisation serves
		/// the patient.
		RegistrationDepositHeld { patient: PatientId, account: T::AccountId, amount: BalanceOf<T> },
		/// An organisation served the patient: their registration deposit is released.
		RegistrationDepositReleased {
			patient: PatientId,
			account: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// The consortium set the quota of stored items of an organisation or patient (`None`:
		/// back to the default).
		StorageQuotaSet { holder: Holder, quota: Option<u32> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No organisation has this identifier.
		UnknownOrganisation,
		/// The organisation is suspended or revoked.
		OrganisationNotActive,
		/// The organisation is not suspended, so it cannot be reinstated.
		OrganisationNotSuspended,
		/// The organisation is revoked; that is final.
		OrganisationRevoked,
		/// The account already administers an organisation.
		AlreadyAnAdmin,
		/// The caller is not the admin of an organisation.
		NotAnAdmin,
		/// The organisation's display name is empty.
		EmptyName,
		/// A GLN or NPI has a wrong check digit or a non-digit.
		InvalidIdentifier,
		/// The organisation has as many practitioners as it may have.
		TooManyPractitioners,
		/// The account is already attested as a practitioner.
		AlreadyAPractitioner,
		/// The account is not a practitioner of the caller's organisation.
		NotAPractitioner,
		/// The expiry is not in the future.
		ExpiryInThePast,
		/// The account is already a patient.
		AlreadyAPatient,
		/// The caller is not a patient (or not the patient named).
		NotAPatient,
		/// No patient has this identifier.
		UnknownPatient,
		/// The patient's free operations for today are used up.
		DailyAllowanceExhausted,
		/// The patient's signature does not match the intake consent.
		BadSignature,
		/// The intake consent is past its validity.
		ConsentExpired,
		/// The intake consent was already used.
		ConsentAlreadyUsed,
		/// The caller may not register patients for this organisation.
		NotAllowedToRegister,
		/// No move to a new account is pending for this patient.
		NoPendingMove,
		/// The caller is not the account the move is addressed to.
		NotTheNewAccount,
		/// A patient cannot be their own guardian.
		SelfGuardianship,
		/// The account is already a guardian of the patient.
		AlreadyAGuardian,
		/// The patient has as many guardians as they may have.
		TooManyGuardians,
		/// The account is not a guardian of the patient.
		NotAGuardian,
		/// The page size is zero or larger than `MaxPageSize`.
		BadPageSize,
		/// The consortium appointed this guardian (a minor's, an incapacitated patient's): only
		/// the consortium removes it, or its end passes.
		AppointedByTheConsortium,
		/// The account already guards `MaxWardsPerGuardian` patients.
		TooManyWards,
		/// The account cannot hold the registration deposit (too little free balance).
		CannotHoldDeposit,
	}

	/// Participants a chain starts with: the development chain's demo hospital, laboratory,
	/// practitioners and patients. Production chains start empty and onboard through the
	/// consortium.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Organisations, in order (organisation 0, 1, …): kind, display name, admin account.
		pub organisations: Vec<(OrgKind, Vec<u8>, T::AccountId)>,
		/// Practitioners: organisation, account, role (attested by the organisation's admin).
		pub practitioners: Vec<(OrgId, T::AccountId, Role)>,
		/// Patients' accounts, in order (patient 0, 1, …).
		pub patients: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (kind, name, admin) in &self.organisations {
				let name = name.clone().try_into().expect("genesis organisation name too long");
				let identifiers = PublicIdentifiers { gln: None, npi: None, licence: None };
				Pallet::<T>::do_register_organisation(*kind, name, identifiers, admin.clone())
					.expect("genesis organisations are valid");
			}
			for (organisation, practitioner, role) in &self.practitioners {
				let admin = Organisations::<T>::get(organisation)
					.expect("genesis practitioners belong to genesis organisations")
					.admin;
				Pallet::<T>::do_attest_practitioner(
					&admin,
					practitioner.clone(),
					*role,
					H256::zero(),
					None,
				)
				.expect("genesis practitioners are valid");
			}
			for account in &self.patients {
				Pallet::<T>::create_patient(account.clone(), None, None)
					.expect("genesis patients are distinct");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			FreeRegistrationsThisBlock::<T>::kill();
			T::DbWeight::get().writes(1)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers an organisation with its kind, display name, public registry numbers and the
		/// admin account that will attest its practitioners. It starts active.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_organisation())]
		pub fn register_organisation(
			origin: OriginFor<T>,
			kind: OrgKind,
			name: BoundedVec<u8, T::MaxNameLength>,
			identifiers: PublicIdentifiersOf<T>,
			admin: T::AccountId,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_register_organisation(kind, name, identifiers, admin)
		}

		/// Suspends an active organisation: it and all its practitioners lose every permission
		/// at once, until reinstated.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::suspend_organisation())]
		pub fn suspend_organisation(origin: OriginFor<T>, organisation: OrgId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_suspend_organisation(organisation)
		}

		/// Reinstates a suspended organisation; its practitioners' attestations apply again.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reinstate_organisation())]
		pub fn reinstate_organisation(origin: OriginFor<T>, organisation: OrgId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_reinstate_organisation(organisation)
		}

		/// Revokes an organisation for good. Its record and its practitioners' attestations stay
		/// for the audit trail, but none of them may act again; its admin's council seat goes.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::revoke_organisation().saturating_add(
			<T::OrganisationHooks as caduceus_primitives::OrganisationHooks<T::AccountId>>::weight()
		))]
		pub fn revoke_organisation(origin: OriginFor<T>, organisation: OrgId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_revoke_organisation(organisation)
		}

		/// Gives an organisation a new admin account (the old key was lost or rotated); the
		/// council seat the old admin held moves to the new one.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::change_organisation_admin().saturating_add(
			<T::OrganisationHooks as caduceus_primitives::OrganisationHooks<T::AccountId>>::weight()
		))]
		pub fn change_organisation_admin(
			origin: OriginFor<T>,
			organisation: OrgId,
			new_admin: T::AccountId,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_change_organisation_admin(organisation, new_admin)
		}

		/// Attests `practitioner` as one of the caller's organisation's practitioners, with a
		/// role, the hash of the credential checked, and an optional expiry.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::attest_practitioner())]
		pub fn attest_practitioner(
			origin: OriginFor<T>,
			practitioner: T::AccountId,
			role: Role,
			credential_hash: H256,
			expires_at: Option<Moment>,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			Self::do_attest_practitioner(&admin, practitioner, role, credential_hash, expires_at)
		}

		/// Withdraws a practitioner's attestation by the caller's organisation.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::revoke_practitioner())]
		pub fn revoke_practitioner(
			origin: OriginFor<T>,
			practitioner: T::AccountId,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			Self::do_revoke_practitioner(&admin, practitioner)
		}

		/// Registers the caller as a patient, with an optional salted commitment to demographic
		/// data. The account holds `RegistrationDeposit` until an organisation first anchors a
		/// record for the patient, so that accounts no organisation ever serves (a funder's
		/// sybils) cost their funder for as long as they exist. Free when it succeeds (the fee
		/// is refunded) within a per-block cap of free registrations; beyond it the
		/// registration succeeds and pays. A failed attempt pays, so free calls cannot be used
		/// to fill blocks.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::register_patient())]
		pub fn register_patient(
			origin: OriginFor<T>,
			demographic_commitment: Option<H256>,
		) -> DispatchResultWithPostInfo {
			let account = ensure_signed(origin)?;
			let free = Self::do_register_patient_self(account, demographic_commitment)?;
			Ok(if free { Pays::No } else { Pays::Yes }.into())
		}

		/// Registers a patient at an organisation's intake. The caller is the organisation's
		/// admin or one of its active practitioners; `signature` is the patient's wallet
		/// signature of `consent` (raw, or wrapped in `<Bytes>` by the wallet).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::register_patient_at_intake())]
		pub fn register_patient_at_intake(
			origin: OriginFor<T>,
			consent: IntakeConsentOf<T>,
			signature: T::WalletSignature,
		) -> DispatchResult {
			let registrar = ensure_signed(origin)?;
			Self::do_register_patient_at_intake(&registrar, consent, signature)
		}

		/// Sets or clears the caller's commitment to their demographic data. Free when it
		/// succeeds, within the patient's daily allowance.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_demographic_commitment())]
		pub fn set_demographic_commitment(
			origin: OriginFor<T>,
			commitment: Option<H256>,
		) -> DispatchResultWithPostInfo {
			let account = ensure_signed(origin)?;
			Self::do_set_demographic_commitment(&account, commitment)?;
			Ok(Pays::No.into())
		}

		/// First step of moving the caller's patient identity to `new_account`; the new account
		/// accepts with [`Pallet::accept_patient_move`]. A pending move is replaced by a new one.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::initiate_patient_move())]
		pub fn initiate_patient_move(
			origin: OriginFor<T>,
			new_account: T::AccountId,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_initiate_patient_move(&account, new_account)
		}

		/// Second step: the new account takes over `patient`. Every consent, record and claim is
		/// keyed on the patient, so all of it follows; guardians stay (except the new account
		/// itself, should it have been one: it is now the patient). The guardianships the old
		/// account held over other patients (a parent's over a child) move to the new account
		/// too, so the old, perhaps stolen, key keeps no authority.
		///
		/// Guardianships the new account held before are dropped (a stranger may have named the
		/// public new key guardian to block the move).
		///
		/// ## Complexity
		/// O(W × G): W the old and new accounts' wards (each at most `MaxWardsPerGuardian`), G
		/// their guardians.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::accept_patient_move(T::MaxWardsPerGuardian::get()))]
		pub fn accept_patient_move(
			origin: OriginFor<T>,
			patient: PatientId,
		) -> DispatchResultWithPostInfo {
			let new_account = ensure_signed(origin)?;
			let wards = Self::do_accept_patient_move(new_account, patient)?;
			// The benchmark's `w` hands over `w` wards and drops `w` others.
			Ok(Some(T::WeightInfo::accept_patient_move(wards.div_ceil(2))).into())
		}

		/// The calling patient appoints a guardian or delegate with a scope and an optional end.
		/// Free when it succeeds, within the patient's daily allowance.
		///
		/// ## Complexity
		/// O(G), G the patient's guardians (at most `MaxGuardians`).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::appoint_guardian(T::MaxGuardians::get()))]
		pub fn appoint_guardian(
			origin: OriginFor<T>,
			guardian: T::AccountId,
			scope: GuardianScope,
			expires_at: Option<Moment>,
		) -> DispatchResultWithPostInfo {
			let account = ensure_signed(origin)?;
			let patient = Self::patient_by_account(&account)?;
			Self::use_allowance(patient)?;
			Self::do_appoint_guardian(patient, guardian, scope, expires_at, Appointer::Patient)?;
			Ok(Pays::No.into())
		}

		/// The consortium appoints a guardian for a patient who cannot (a minor), typically with
		/// an end date at the age of majority.
		///
		/// ## Complexity
		/// O(G), G the patient's guardians (at most `MaxGuardians`).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::appoint_guardian(T::MaxGuardians::get()))]
		pub fn appoint_guardian_for(
			origin: OriginFor<T>,
			patient: PatientId,
			guardian: T::AccountId,
			scope: GuardianScope,
			expires_at: Option<Moment>,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_appoint_guardian(patient, guardian, scope, expires_at, Appointer::Consortium)
		}

		/// Removes a guardian: by the consortium, or by the patient unless the consortium
		/// appointed the guardian and the appointment has not ended (a minor cannot dismiss the
		/// guardian the consortium gave them). The patient's removal is free within the daily
		/// allowance and paid beyond it: withdrawing authority never fails for want of free
		/// operations.
		///
		/// ## Complexity
		/// O(G + W), G the patient's guardians, W the guardian's wards.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::remove_guardian(T::MaxGuardians::get()))]
		pub fn remove_guardian(
			origin: OriginFor<T>,
			patient: PatientId,
			guardian: T::AccountId,
		) -> DispatchResultWithPostInfo {
			if T::ConsortiumOrigin::try_origin(origin.clone()).is_err() {
				let account = ensure_signed(origin)?;
				ensure!(Self::patient_by_account(&account)? == patient, Error::<T>::NotAPatient);
				Self::do_remove_guardian(patient, guardian, Remover::Ward)?;
				return Ok(Self::allowance_or_fee(patient).into());
			}
			Self::do_remove_guardian(patient, guardian, Remover::Consortium)?;
			Ok(Pays::Yes.into())
		}

		/// A guardian or delegate gives up their authority over `patient`, whoever appointed
		/// them (the consortium then appoints another where one is needed).
		///
		/// ## Complexity
		/// O(G + W), G the patient's guardians, W the guardian's wards.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::resign_guardianship())]
		pub fn resign_guardianship(origin: OriginFor<T>, patient: PatientId) -> DispatchResult {
			let guardian = ensure_signed(origin)?;
			Self::do_remove_guardian(patient, guardian, Remover::Guardian)
		}

		/// The patient cancels their pending move to a new account (initiated by mistake, or by
		/// someone who held the key for a while).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::cancel_patient_move())]
		pub fn cancel_patient_move(origin: OriginFor<T>) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_cancel_patient_move(&account)
		}

		/// The consortium sets how many stored items `holder` (an organisation, a patient) may
		/// hold, or with `None` returns it to the default of its kind. A quota below what is
		/// held already refuses new items until enough are removed.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::set_storage_quota())]
		pub fn set_storage_quota(
			origin: OriginFor<T>,
			holder: Holder,
			quota: Option<u32>,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_set_storage_quota(holder, quota)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Everything the chain knows about `account`: organisation it administers, practitioner
		/// attestation (with its standing now), patient identity.
		pub fn participant(account: T::AccountId) -> ParticipantView {
			Self::participant_view(&account)
		}

		/// One page of `organisation`'s practitioners, after `start_after` (exclusive), at most
		/// `limit` (≤ `MaxPageSize`) of them.
		pub fn practitioners_of(
			organisation: OrgId,
			start_after: Option<T::AccountId>,
			limit: u32,
		) -> Result<Vec<(T::AccountId, Attestation)>, Error<T>> {
			Self::practitioners_page(organisation, start_after, limit)
		}

		/// An organisation as registered: kind, name, public identifiers, admin, status, how many
		/// practitioners it attested and when it registered.
		pub fn organisation(organisation: OrgId) -> Option<OrganisationOf<T>> {
			Organisations::<T>::get(organisation)
		}

		/// One page of the registered organisations (revoked ones included), at most `limit`
		/// (≤ `MaxPageSize`) after `start_after` (exclusive) in `order`: the directory a dApp
		/// shows.
		///
		/// ## Complexity
		/// O(`limit`) reads: organisations are numbered in the order they registered.
		pub fn organisations(
			start_after: Option<OrgId>,
			limit: u32,
			order: Order,
		) -> Result<Vec<(OrgId, OrganisationOf<T>)>, Error<T>> {
			Self::organisations_page(start_after, limit, order)
		}

		/// A patient's profile: account, salted demographic commitment, guardians and delegates
		/// (lapsed ones included), when and by whom registered, and the account a move waits
		/// for, if any.
		pub fn patient(patient: PatientId) -> Option<PatientView<T::AccountId, T::MaxGuardians>> {
			Self::patient_view(patient)
		}

		/// The patients `account` is a guardian or delegate of (at most `MaxWardsPerGuardian`).
		pub fn wards_of(account: T::AccountId) -> Vec<PatientId> {
			Wards::<T>::get(account).into_inner()
		}

		/// A patient's guardians and delegates, lapsed ones included (check `expires_at`).
		pub fn guardians_of(
			patient: PatientId,
		) -> Result<Vec<Guardianship<T::AccountId>>, Error<T>> {
			Ok(Patients::<T>::get(patient)
				.ok_or(Error::<T>::UnknownPatient)?
				.guardians
				.into_inner())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Block time now.
	fn now() -> Moment {
		T::Time::now()
	}

	/// The patient behind `account`, or [`Error::NotAPatient`].
	fn patient_by_account(account: &T::AccountId) -> Result<PatientId, Error<T>> {
		PatientByAccount::<T>::get(account).ok_or(Error::<T>::NotAPatient)
	}

	/// Free if the patient has a free operation left today (using it), paid otherwise.
	fn allowance_or_fee(patient: PatientId) -> frame_support::dispatch::Pays {
		use frame_support::dispatch::Pays;
		match Self::use_allowance(patient) {
			Ok(()) => Pays::No,
			Err(_) => Pays::Yes,
		}
	}

	/// Uses one of the patient's free operations for today.
	fn use_allowance(patient: PatientId) -> Result<(), Error<T>> {
		let cap = T::PatientDailyAllowance::get();
		caduceus_primitives::use_daily_allowance::<PatientAllowance<T>, _>(
			patient,
			Self::now(),
			cap,
		)
		.then_some(())
		.ok_or(Error::<T>::DailyAllowanceExhausted)
	}
}
