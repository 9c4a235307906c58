//! Configurable test doubles of the cross-pallet traits, for every pallet's `mock.rs`.
//!
//! State is per test thread (each `#[test]` runs on its own thread) and starts empty; accounts
//! are keyed by their SCALE encoding, so the doubles work with any `AccountId`.

#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::integer_division,
	clippy::should_implement_trait,
	reason = "test doubles for mocks (feature std only), never part of the runtime"
)]

use crate::{
	category_slots::{slot_of, slots_of, CategoryKey, CategorySlot, CategorySlots},
	traits::*,
	vocabulary::*,
};
use codec::{Decode, Encode};
use frame_support::weights::Weight;
use std::{cell::RefCell, collections::BTreeMap};

type Key = Vec<u8>;

#[derive(Default)]
struct RegistryState {
	organisations: BTreeMap<OrgId, OrganisationInfo>,
	admins: BTreeMap<Key, OrgId>,
	practitioners: BTreeMap<Key, PractitionerInfo>,
	patients: BTreeMap<Key, PatientId>,
	guardians: BTreeMap<(Key, PatientId), GuardianScope>,
}

#[derive(Default)]
struct ConsentState {
	answers: BTreeMap<(PatientId, Key), Result<AccessGround, AccessDenial>>,
	checks: u32,
	questions: Vec<(PatientId, Option<CategorySlot>, Purpose, Action)>,
	documents: BTreeMap<(PatientId, Key), ContentHash>,
	documents_asked: Vec<ContentHash>,
	treating: BTreeMap<(PatientId, OrgId), (Moment, Moment)>,
	off_fast_path: std::collections::BTreeSet<(PatientId, Key)>,
}

thread_local! {
	static REGISTRY: RefCell<RegistryState> = RefCell::new(Default::default());
	static CONSENT: RefCell<ConsentState> = RefCell::new(Default::default());
	static RECORDS: RefCell<BTreeMap<RecordId, Vec<u8>>> = RefCell::new(Default::default());
	static DISPENSED: RefCell<BTreeMap<OrgId, u64>> = RefCell::new(Default::default());
	static QUOTAS: RefCell<BTreeMap<Holder, (u32, u32)>> = RefCell::new(Default::default());
	static SERVED: RefCell<Vec<PatientId>> = RefCell::new(Default::default());
}

/// A [`Registry`] whose participants the test sets.
pub struct TestRegistry;

impl TestRegistry {
	/// Registers (or updates) organisation `org`.
	pub fn set_organisation(org: OrgId, kind: OrgKind, status: OrgStatus) {
		REGISTRY
			.with(|r| r.borrow_mut().organisations.insert(org, OrganisationInfo { kind, status }));
	}
	/// Makes `who` the admin of `org`.
	pub fn set_admin(who: &impl Encode, org: OrgId) {
		REGISTRY.with(|r| r.borrow_mut().admins.insert(who.encode(), org));
	}
	/// `who` is no longer an admin (its organisation changed admin).
	pub fn remove_admin(who: &impl Encode) {
		REGISTRY.with(|r| r.borrow_mut().admins.remove(&who.encode()));
	}
	/// Attests `who` as a practitioner.
	pub fn set_practitioner(
		who: &impl Encode,
		organisation: OrgId,
		role: Role,
		standing: Standing,
	) {
		let info = PractitionerInfo { organisation, role, standing };
		REGISTRY.with(|r| r.borrow_mut().practitioners.insert(who.encode(), info));
	}
	/// Makes `who` the account of `patient`.
	pub fn set_patient(who: &impl Encode, patient: PatientId) {
		REGISTRY.with(|r| r.borrow_mut().patients.insert(who.encode(), patient));
	}
	/// Makes `who` a guardian of `patient` in `scope`.
	pub fn set_guardian(who: &impl Encode, patient: PatientId, scope: GuardianScope) {
		REGISTRY.with(|r| r.borrow_mut().guardians.insert((who.encode(), patient), scope));
	}
	/// Forgets every participant.
	pub fn reset() {
		REGISTRY.with(|r| *r.borrow_mut() = Default::default());
	}
}

impl<AccountId: Encode + Decode> Registry<AccountId> for TestRegistry {
	fn organisation(org: OrgId) -> Option<OrganisationInfo> {
		REGISTRY.with(|r| r.borrow().organisations.get(&org).copied())
	}
	fn organisation_administered_by(who: &AccountId) -> Option<OrgId> {
		REGISTRY.with(|r| r.borrow().admins.get(&who.encode()).copied())
	}
	fn admin_of(org: OrgId) -> Option<AccountId> {
		REGISTRY.with(|r| {
			r.borrow().admins.iter().find(|(_, o)| **o == org).map(|(who, _)| {
				AccountId::decode(&mut &who[..]).expect("stored from the same account type; qed")
			})
		})
	}
	/// As the identity pallet does, a practitioner of an organisation that is not active is
	/// reported as such whatever standing the test set.
	fn practitioner(who: &AccountId) -> Option<PractitionerInfo> {
		REGISTRY.with(|r| {
			let r = r.borrow();
			let mut info = r.practitioners.get(&who.encode()).copied()?;
			let org_active = r
				.organisations
				.get(&info.organisation)
				.is_some_and(|o| o.status == OrgStatus::Active);
			if !org_active {
				info.standing = Standing::OrganisationInactive;
			}
			Some(info)
		})
	}
	fn patient_of(who: &AccountId) -> Option<PatientId> {
		REGISTRY.with(|r| r.borrow().patients.get(&who.encode()).copied())
	}
	fn is_patient(patient: PatientId) -> bool {
		REGISTRY.with(|r| r.borrow().patients.values().any(|p| *p == patient))
	}
	fn may_act_for(who: &AccountId, patient: PatientId, scope: GuardianScope) -> bool {
		let key = who.encode();
		REGISTRY.with(|r| {
			let r = r.borrow();
			r.patients.get(&key) == Some(&patient)
				|| r.guardians.get(&(key, patient)).is_some_and(|granted| granted.covers(scope))
		})
	}
}

/// A [`ConsentVerifier`] that answers what the test set for a (patient, accessor) pair and
/// [`AccessDenial::NoConsent`] otherwise, and counts the checks it answered. A check permitted
/// by a consent came by the fast path unless the test said otherwise
/// ([`TestConsent::permit_off_fast_path`]); an emergency access or a denial costs its worst case
/// beyond.
pub struct TestConsent;

/// The weight [`TestConsent`] reports for one check.
pub const TEST_CONSENT_CHECK_WEIGHT: Weight = Weight::from_parts(25_000_000, 4_000);

/// The weight [`TestConsent`] reports for one treatment check: unlike
/// [`TEST_CONSENT_CHECK_WEIGHT`], so that tests see which of the two was charged.
pub const TEST_TREATED_WEIGHT: Weight = Weight::from_parts(60_000_000, 9_000);

impl TestConsent {
	/// Every check for `patient` by `accessor` is permitted on `ground`.
	pub fn permit(patient: PatientId, accessor: &impl Encode, ground: AccessGround) {
		CONSENT.with(|c| c.borrow_mut().answers.insert((patient, accessor.encode()), Ok(ground)));
	}
	/// Every check for `patient` by `accessor` is permitted on `ground`, the way a grant read
	/// after another (or past a block list) permits: off the fast path of [`ConsentCheck`].
	pub fn permit_off_fast_path(patient: PatientId, accessor: &impl Encode, ground: AccessGround) {
		Self::permit(patient, accessor, ground);
		CONSENT.with(|c| c.borrow_mut().off_fast_path.insert((patient, accessor.encode())));
	}
	/// Every check for `patient` by `accessor` is denied for `denial`.
	pub fn deny(patient: PatientId, accessor: &impl Encode, denial: AccessDenial) {
		CONSENT.with(|c| c.borrow_mut().answers.insert((patient, accessor.encode()), Err(denial)));
	}
	/// How many checks were answered.
	pub fn checks() -> u32 {
		CONSENT.with(|c| c.borrow().checks)
	}
	/// What each check asked, in order: patient, category (none: any), purpose, action.
	pub fn questions() -> Vec<(PatientId, Option<CategorySlot>, Purpose, Action)> {
		CONSENT.with(|c| c.borrow().questions.clone())
	}
	/// `patient`'s answers to `accessor` hold for grants given for `document` only: a check for
	/// another document is denied with [`AccessDenial::OtherDocument`].
	pub fn only_for_document(patient: PatientId, accessor: &impl Encode, document: ContentHash) {
		CONSENT.with(|c| c.borrow_mut().documents.insert((patient, accessor.encode()), document));
	}
	/// The documents checks for a document named, in order.
	pub fn documents_asked() -> Vec<ContentHash> {
		CONSENT.with(|c| c.borrow().documents_asked.clone())
	}
	/// `organisation` could treat `patient` from `from` until `until` (exclusive).
	pub fn treating(patient: PatientId, organisation: OrgId, from: Moment, until: Moment) {
		CONSENT.with(|c| c.borrow_mut().treating.insert((patient, organisation), (from, until)));
	}
	/// Forgets every answer and the count.
	pub fn reset() {
		CONSENT.with(|c| *c.borrow_mut() = Default::default());
	}
	/// `answer`, found by the fast path if it is a grant's permission and the test did not send
	/// the check off it ([`Self::permit_off_fast_path`]).
	fn by_path(
		patient: PatientId,
		accessor: &impl Encode,
		answer: Result<AccessGround, AccessDenial>,
	) -> ConsentCheck {
		let off =
			CONSENT.with(|c| c.borrow().off_fast_path.contains(&(patient, accessor.encode())));
		let fast = !off && matches!(answer, Ok(AccessGround::Consent(_)));
		let weight_beyond_fast_path = if fast { Weight::zero() } else { TEST_CONSENT_CHECK_WEIGHT };
		ConsentCheck { answer, weight_beyond_fast_path }
	}
	fn answer(
		patient: PatientId,
		accessor: &impl Encode,
		category: Option<CategorySlot>,
		purpose: Purpose,
		action: Action,
	) -> Result<AccessGround, AccessDenial> {
		CONSENT.with(|c| {
			let mut c = c.borrow_mut();
			c.checks += 1;
			c.questions.push((patient, category, purpose, action));
			c.answers
				.get(&(patient, accessor.encode()))
				.copied()
				.unwrap_or(Err(AccessDenial::NoConsent))
		})
	}
}

impl<AccountId: Encode> ConsentVerifier<AccountId> for TestConsent {
	fn check(
		patient: PatientId,
		accessor: &AccountId,
		category: CategorySlot,
		purpose: Purpose,
		action: Action,
	) -> ConsentCheck {
		let answer = Self::answer(patient, accessor, Some(category), purpose, action);
		Self::by_path(patient, accessor, answer)
	}
	fn check_any_category(
		patient: PatientId,
		accessor: &AccountId,
		purpose: Purpose,
		action: Action,
	) -> ConsentCheck {
		let answer = Self::answer(patient, accessor, None, purpose, action);
		Self::by_path(patient, accessor, answer)
	}
	fn check_for_document(
		patient: PatientId,
		accessor: &AccountId,
		purpose: Purpose,
		action: Action,
		document: ContentHash,
	) -> ConsentCheck {
		let answer = Self::answer(patient, accessor, None, purpose, action).and_then(|ground| {
			CONSENT.with(|c| {
				let mut c = c.borrow_mut();
				c.documents_asked.push(document);
				match c.documents.get(&(patient, accessor.encode())) {
					Some(only) if *only != document => Err(AccessDenial::OtherDocument),
					_ => Ok(ground),
				}
			})
		});
		Self::by_path(patient, accessor, answer)
	}
	fn check_weight() -> Weight {
		TEST_CONSENT_CHECK_WEIGHT
	}
	/// Found: the fast path (nothing beyond it); not found: the worst case.
	fn treated(
		patient: PatientId,
		organisation: OrgId,
		_: &AccountId,
		at: Moment,
	) -> TreatmentCheck {
		let treated = CONSENT.with(|c| {
			c.borrow()
				.treating
				.get(&(patient, organisation))
				.is_some_and(|(from, until)| *from <= at && at < *until)
		});
		let weight_beyond_fast_path = if treated { Weight::zero() } else { TEST_TREATED_WEIGHT };
		TreatmentCheck { treated, weight_beyond_fast_path }
	}
	fn treated_weight() -> Weight {
		TEST_TREATED_WEIGHT
	}
}

/// A [`RecordRegistry`] holding the records the test anchors.
pub struct TestRecords;

impl TestRecords {
	/// Anchors (or replaces) record `id`.
	pub fn set<AccountId: Encode>(id: RecordId, info: RecordInfo<AccountId>) {
		RECORDS.with(|r| r.borrow_mut().insert(id, info.encode()));
	}
	/// Forgets every record.
	pub fn reset() {
		RECORDS.with(|r| r.borrow_mut().clear());
	}
}

impl<AccountId: Decode> RecordRegistry<AccountId> for TestRecords {
	fn record(id: RecordId) -> Option<RecordInfo<AccountId>> {
		RECORDS.with(|r| {
			r.borrow().get(&id).map(|bytes| {
				RecordInfo::decode(&mut &bytes[..]).expect("stored with the same account type; qed")
			})
		})
	}
}

/// A [`ProductVerifier`] counting the units each organisation dispensed, as the test says.
pub struct TestProducts;

impl TestProducts {
	/// Records that `org` dispensed `units` more units.
	pub fn dispense(org: OrgId, units: u64) {
		DISPENSED.with(|d| {
			let mut d = d.borrow_mut();
			let count = d.entry(org).or_default();
			*count = count.saturating_add(units);
		});
	}
	/// Forgets every dispensing.
	pub fn reset() {
		DISPENSED.with(|d| d.borrow_mut().clear());
	}
}

impl ProductVerifier for TestProducts {
	fn dispensed(org: OrgId) -> u64 {
		DISPENSED.with(|d| d.borrow().get(&org).copied().unwrap_or_default())
	}
}

/// Participants and wallet keys for a pallet's benchmarks run on its mock: participants go to
/// [`TestRegistry`], keys to the keystore (the mock registers a memory keystore).
#[cfg(feature = "runtime-benchmarks")]
pub struct TestParticipants;

#[cfg(feature = "runtime-benchmarks")]
std::thread_local! {
	static NEXT_PARTICIPANT: core::cell::Cell<u32> = const { core::cell::Cell::new(100) };
}

#[cfg(feature = "runtime-benchmarks")]
fn next_participant() -> u32 {
	NEXT_PARTICIPANT.with(|n| n.replace(n.get() + 1))
}

#[cfg(feature = "runtime-benchmarks")]
impl<AccountId: Encode + Decode> crate::benchmarking::Participants<AccountId> for TestParticipants {
	fn organisation(kind: OrgKind) -> OrgId {
		let org = next_participant();
		TestRegistry::set_organisation(org, kind, OrgStatus::Active);
		TestRegistry::set_admin(
			&<Self as crate::benchmarking::Participants<AccountId>>::admin(org),
			org,
		);
		org
	}
	fn admin(org: OrgId) -> AccountId {
		let mut seed = (b"admin", org).encode();
		seed.resize(256, 0);
		AccountId::decode(&mut &seed[..]).expect("an account decodes from 256 bytes; qed")
	}
	fn practitioner(who: &AccountId, organisation: OrgId, role: Role) {
		TestRegistry::set_practitioner(who, organisation, role, Standing::Active);
	}
	fn patient(who: &AccountId) -> PatientId {
		let patient = next_participant().into();
		TestRegistry::set_patient(who, patient);
		patient
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::WalletKeys<sp_runtime::MultiSignature, sp_runtime::AccountId32>
	for TestParticipants
{
	fn new_signer() -> sp_runtime::AccountId32 {
		crate::benchmarking::Sr25519Keys::new_signer()
	}
	fn sign(signer: &sp_runtime::AccountId32, payload: &[u8]) -> sp_runtime::MultiSignature {
		crate::benchmarking::Sr25519Keys::sign(signer, payload)
	}
}

/// A deterministic pseudo-random source for property tests (xorshift64*): no dependency, and a
/// failure reproduces from its seed.
pub struct Xorshift(pub u64);

impl Xorshift {
	/// The next 64 pseudo-random bits.
	pub fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	/// A number below `n` (not zero).
	pub fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
	/// One of `items` (not empty).
	pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
		items[self.below(items.len() as u64) as usize].clone()
	}
	/// True `percent` times in a hundred.
	pub fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
}

/// A [`StorageQuota`] with no limit unless the test sets one, and a [`PatientHooks`] that
/// remembers whom organisations served.
pub struct TestQuota;

impl TestQuota {
	/// Forgets every limit and every patient served: what a test starts with.
	pub fn reset() {
		QUOTAS.with(|q| q.borrow_mut().clear());
		SERVED.with(|s| s.borrow_mut().clear());
	}
	/// Limits `holder` to `limit` items (counted from now).
	pub fn limit(holder: Holder, limit: u32) {
		QUOTAS.with(|q| q.borrow_mut().insert(holder, (0, limit)));
	}
	/// How many items `holder` holds under a limit the test set.
	pub fn used(holder: Holder) -> u32 {
		QUOTAS.with(|q| q.borrow().get(&holder).map_or(0, |(used, _)| *used))
	}
	/// The patients organisations served, in order.
	pub fn served() -> Vec<PatientId> {
		SERVED.with(|s| s.borrow().clone())
	}
}

impl StorageQuota for TestQuota {
	fn take(holder: Holder, items: u32) -> Result<(), QuotaExceeded> {
		QUOTAS.with(|q| match q.borrow_mut().get_mut(&holder) {
			Some((used, limit)) if used.saturating_add(items) > *limit => Err(QuotaExceeded),
			Some((used, _)) => {
				*used += items;
				Ok(())
			},
			None => Ok(()),
		})
	}
	fn give_back(holder: Holder, items: u32) {
		QUOTAS.with(|q| {
			if let Some((used, _)) = q.borrow_mut().get_mut(&holder) {
				*used = used.saturating_sub(items);
			}
		})
	}
}

impl PatientHooks for TestQuota {
	/// [`TEST_SERVED_WEIGHT`] the first time `patient` is served (as if a deposit were
	/// returned), zero after.
	fn served(patient: PatientId) -> Weight {
		SERVED.with(|s| {
			let mut served = s.borrow_mut();
			let first = !served.contains(&patient);
			served.push(patient);
			if first {
				TEST_SERVED_WEIGHT
			} else {
				Weight::zero()
			}
		})
	}
	fn served_weight() -> Weight {
		TEST_SERVED_WEIGHT
	}
}

/// What [`TestQuota`]'s [`PatientHooks::served`] returns for a patient's first service: distinct
/// from every other test weight, so that tests see when it was charged.
pub const TEST_SERVED_WEIGHT: Weight = Weight::from_parts(7_000_000, 700);

/// The category key the tests give every patient (a wallet draws one at random).
pub const TEST_CATEGORY_KEY: CategoryKey = [0x5a; 32];

/// The slot of `category` under [`TEST_CATEGORY_KEY`]: what a test patient's wallet names.
pub fn slot(category: DataCategory) -> CategorySlot {
	slot_of(&TEST_CATEGORY_KEY, category)
}

/// The slots of `categories` under [`TEST_CATEGORY_KEY`].
pub fn slots(categories: DataCategories) -> CategorySlots {
	slots_of(&TEST_CATEGORY_KEY, categories)
}

/// The billing key the tests give every plan (an insurer draws one at random).
pub const TEST_BILLING_KEY: crate::billing_codes::BillingKey = [0xb1; 32];

/// The token of billing `code` under [`TEST_BILLING_KEY`]: what a test provider bills.
pub fn code_token(code: &str) -> crate::billing_codes::CodeToken {
	crate::billing_codes::code_token(&TEST_BILLING_KEY, code.as_bytes())
}

/// The token of drug unit number `n` (serial `SN<n>` of one GTIN) under
/// [`TEST_BILLING_KEY`]: what a test pharmacy bills.
pub fn unit_token(n: u32) -> crate::billing_codes::UnitToken {
	let element_string = format!("(01)00312345678906(21)SN{n:04}");
	crate::billing_codes::unit_token(&TEST_BILLING_KEY, element_string.as_bytes())
}
