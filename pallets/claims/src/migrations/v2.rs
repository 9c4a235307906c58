//! Version 2:
//! - a covered service says whether its lines need evidence, and a claim line may cite its
//!   evidence (`PlanVersions` and `Filed` are rewritten with `needs_evidence: false` and
//!   `evidence: None`: nothing changes for plans and claims made before);
//! - each insurer's pool moves from the admin's personal account to the insurer's pool account
//!   (`Pools` keeps only the amount);
//! - the bounded `Unpaid` list becomes the linked `Queue`, in the same order, followed by the
//!   claims that waited outside the full list (oldest claim first), with `Owed` per insurer.
//!
//! ## Complexity
//! One pass over every plan version and every claim: run in a single block, fine for a
//! consortium's first deployments; a chain with millions of claims would need a multi-block
//! migration.

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use codec::{Decode, Encode};
use frame_support::{
	migrations::VersionedMigration,
	storage_alias,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Get, UncheckedOnRuntimeUpgrade,
	},
	weights::Weight,
	BoundedVec, Twox64Concat,
};
use sp_runtime::{
	traits::{Saturating, Zero},
	Permill,
};

/// The storage as version 1 wrote it.
pub mod v1 {
	use super::*;

	/// A covered service without `needs_evidence`.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
	pub struct CoveredService<Balance> {
		pub code: ServiceCode,
		pub unit_price_cap: Balance,
		pub units_per_year: u32,
		pub needs_prior_authorisation: bool,
		pub pharmacy: bool,
	}

	/// Plan terms of version-1 services.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
	pub struct PlanTerms<Balance> {
		pub services: Vec<CoveredService<Balance>>,
		pub deductible: Balance,
		pub coinsurance: Permill,
		pub copay: Balance,
		pub out_of_pocket_max: Balance,
		pub benefit_max: Balance,
		pub filing_window: Moment,
		pub pharmacy_needs_unit: bool,
	}

	/// A claim line without `evidence`.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
	pub struct ClaimLine<Balance, DrugUnit> {
		pub code: ServiceCode,
		pub units: u32,
		pub charged: Balance,
		pub prior_authorisation: Option<PriorAuthId>,
		pub drug_unit: Option<DrugUnit>,
	}

	/// A claim of version-1 lines.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
	pub struct Claim<AccountId, Balance, DrugUnit> {
		pub patient: PatientId,
		pub plan: PlanId,
		pub plan_version: u32,
		pub provider: OrgId,
		pub submitted_by: AccountId,
		pub date_of_service: Moment,
		pub submitted_at: Moment,
		pub lines: Vec<ClaimLine<Balance, DrugUnit>>,
		pub results: Vec<LineResult<Balance>>,
		pub evidence: Vec<RecordId>,
		pub outcome: Outcome,
		pub payment: Payment,
		pub paid: Balance,
		pub decisions: Vec<Decision<Balance>>,
		pub appeal: Option<Appeal>,
	}

	/// A version-1 claim as `T` stores it.
	pub type ClaimOf<T> = Claim<AccountIdOf<T>, BalanceOf<T>, <T as Config>::DrugUnit>;

	/// Version 1's plan versions.
	#[storage_alias]
	pub type PlanVersions<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Twox64Concat,
		PlanId,
		Twox64Concat,
		u32,
		PlanTerms<BalanceOf<T>>,
	>;

	/// Version 1's claims.
	#[storage_alias]
	pub type Filed<T: Config> = StorageMap<Pallet<T>, Twox64Concat, ClaimId, ClaimOf<T>>;

	/// Version 1's pools: the holding account and the amount.
	#[storage_alias]
	pub type Pools<T: Config> =
		StorageMap<Pallet<T>, Twox64Concat, OrgId, (AccountIdOf<T>, BalanceOf<T>)>;

	/// Version 1's queues of waiting claims.
	#[storage_alias]
	pub type Unpaid<T: Config> = StorageMap<Pallet<T>, Twox64Concat, OrgId, Vec<ClaimId>>;
}

/// A version-1 plan's terms as version 2 stores them.
fn terms<T: Config>(old: v1::PlanTerms<BalanceOf<T>>) -> Option<PlanTermsOf<T>> {
	let services: Vec<_> = old
		.services
		.into_iter()
		.map(|s| CoveredService {
			code: s.code,
			unit_price_cap: s.unit_price_cap,
			units_per_year: s.units_per_year,
			needs_prior_authorisation: s.needs_prior_authorisation,
			pharmacy: s.pharmacy,
			needs_evidence: false,
		})
		.collect();
	Some(PlanTerms {
		services: BoundedVec::try_from(services).ok()?,
		deductible: old.deductible,
		coinsurance: old.coinsurance,
		copay: old.copay,
		out_of_pocket_max: old.out_of_pocket_max,
		benefit_max: old.benefit_max,
		filing_window: old.filing_window,
		pharmacy_needs_unit: old.pharmacy_needs_unit,
	})
}

/// A version-1 claim as version 2 stores it.
fn claim<T: Config>(old: v1::ClaimOf<T>) -> Option<ClaimOf<T>> {
	let lines: Vec<_> = old
		.lines
		.into_iter()
		.map(|l| ClaimLine {
			code: l.code,
			units: l.units,
			charged: l.charged,
			prior_authorisation: l.prior_authorisation,
			drug_unit: l.drug_unit,
			evidence: None,
		})
		.collect();
	// Version 1 kept neither: no line is known to have drawn on an authorisation, and the
	// approved lines of a claim that was paid anything count as paid (past recall).
	let line_states: Vec<_> = old
		.results
		.iter()
		.map(|r| LineState {
			drew_on: None,
			paid: !old.paid.is_zero() && r.decision == LineDecision::Approved,
		})
		.collect();
	Some(Claim {
		patient: old.patient,
		plan: old.plan,
		plan_version: old.plan_version,
		provider: old.provider,
		submitted_by: old.submitted_by,
		date_of_service: old.date_of_service,
		submitted_at: old.submitted_at,
		lines: BoundedVec::try_from(lines).ok()?,
		results: BoundedVec::try_from(old.results).ok()?,
		line_states: BoundedVec::try_from(line_states).ok()?,
		evidence: BoundedVec::try_from(old.evidence).ok()?,
		outcome: old.outcome,
		payment: old.payment,
		paid: old.paid,
		decisions: BoundedVec::try_from(old.decisions).ok()?,
		appeal: old.appeal,
	})
}

/// Moves `held` of `holder`'s pool hold to `insurer`'s pool account, held there under the same
/// reason; what was moved. The holder first pays the pool account's existential deposit; if it
/// cannot, or the move fails, the hold is released to the holder (not lost) and the pool
/// starts empty.
fn move_pool<T: Config>(insurer: OrgId, holder: &T::AccountId, held: BalanceOf<T>) -> BalanceOf<T> {
	let reason = HoldReason::PaymentPool.into();
	let pool = Pallet::<T>::pool_account(insurer);
	let alive = T::Currency::minimum_balance().saturating_sub(T::Currency::balance(&pool));
	let funded = alive.is_zero()
		|| T::Currency::transfer(holder, &pool, alive, Preservation::Expendable).is_ok();
	let moved = funded.then(|| {
		T::Currency::transfer_on_hold(
			&reason,
			holder,
			&pool,
			held,
			Precision::BestEffort,
			Restriction::OnHold,
			Fortitude::Polite,
		)
	});
	match moved {
		Some(Ok(moved)) => moved,
		_ => {
			let _ = T::Currency::release(&reason, holder, held, Precision::BestEffort);
			Default::default()
		},
	}
}

/// Rewrites plans, claims, pools and queues to version 2; run only from version 1 by
/// [`MigrateToV2`].
pub struct UpgradeToV2<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for UpgradeToV2<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut reads = 0u64;
		let mut writes = 0u64;
		PlanVersions::<T>::translate::<v1::PlanTerms<BalanceOf<T>>, _>(|_, _, old| {
			reads.saturating_accrue(1);
			writes.saturating_accrue(1);
			terms::<T>(old)
		});
		// Claims waiting outside version 1's full lists, per insurer, oldest first.
		let mut waiting = BTreeMap::<OrgId, Vec<ClaimId>>::new();
		Filed::<T>::translate::<v1::ClaimOf<T>, _>(|id, old| {
			reads.saturating_accrue(1);
			writes.saturating_accrue(1);
			if old.payment == Payment::Unpaid {
				if let Some(plan) = Plans::<T>::get(old.plan) {
					waiting.entry(plan.insurer).or_default().push(id);
				}
			}
			claim::<T>(old)
		});
		for (insurer, (holder, held)) in v1::Pools::<T>::drain() {
			reads.saturating_accrue(1);
			writes.saturating_accrue(6);
			Pools::<T>::insert(insurer, move_pool::<T>(insurer, &holder, held));
		}
		let mut queued = BTreeMap::<OrgId, Vec<ClaimId>>::new();
		for (insurer, list) in v1::Unpaid::<T>::drain() {
			reads.saturating_accrue(1);
			queued.insert(insurer, list);
		}
		for (insurer, mut overflow) in waiting {
			overflow.sort();
			let listed = queued.remove(&insurer).unwrap_or_default();
			let rest = overflow.into_iter().filter(|id| !listed.contains(id));
			for id in listed.iter().copied().chain(rest.collect::<Vec<_>>()) {
				let Some(claim) = Filed::<T>::get(id) else { continue };
				if claim.payment != Payment::Unpaid {
					continue;
				}
				reads.saturating_accrue(1);
				writes.saturating_accrue(4);
				let owed = Pallet::<T>::total_benefit(&claim).saturating_sub(claim.paid);
				Pallet::<T>::enqueue(insurer, id, owed);
			}
		}
		T::DbWeight::get().reads_writes(reads, writes)
	}
}

/// Storage version 1 → 2: evidence per service and line, pools in insurer accounts, the linked
/// payment queue.
pub type MigrateToV2<T> =
	VersionedMigration<1, 2, UpgradeToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
