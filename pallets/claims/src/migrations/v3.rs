//! Version 3 names drug units by token (`docs/privacy.md`): a pharmacy line's unit was the
//! supply chain's product identifier, next to the patient in every node's state. Now it is a
//! token under the plan's billing key, and a pharmacy bills no more units than it dispensed
//! (`UnitsBilled`).
//!
//! The chain has no plan's key, so it cannot compute the token of a unit billed before: each
//! such line gets a token of its own, derived from the claim and the line (nothing about the
//! unit), so that the lines that billed a unit still hold it and count against their
//! pharmacy's dispensings. The insurer keeps the unit in its own records (and past blocks keep
//! the old identifier). `UnitsClaimed` is rebuilt on those tokens.
//!
//! ## Complexity
//! One pass over every claim and every billed unit: a single block, fine for a consortium's
//! first deployments; a chain with millions of claims would need a multi-block migration.

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use codec::{Decode, Encode, FullCodec};
use frame_support::{
	migrations::VersionedMigration,
	storage_alias,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
	Blake2_128Concat, BoundedVec,
};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	Saturating,
};

/// The storage as version 2 wrote it, for drug units named by `Unit`.
pub mod v2 {
	use super::*;

	/// A claim line naming its drug unit.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
	pub struct ClaimLine<Balance, Unit> {
		pub code: ServiceCode,
		pub units: u32,
		pub charged: Balance,
		pub prior_authorisation: Option<PriorAuthId>,
		pub drug_unit: Option<Unit>,
		pub evidence: Option<RecordId>,
	}

	/// A claim of version-2 lines.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
	pub struct Claim<AccountId, Balance, Unit> {
		pub patient: PatientId,
		pub plan: PlanId,
		pub plan_version: u32,
		pub provider: OrgId,
		pub submitted_by: AccountId,
		pub date_of_service: Moment,
		pub submitted_at: Moment,
		pub lines: Vec<ClaimLine<Balance, Unit>>,
		pub results: Vec<LineResult<Balance>>,
		pub line_states: Vec<LineState>,
		pub evidence: Vec<RecordId>,
		pub outcome: Outcome,
		pub payment: Payment,
		pub paid: Balance,
		pub decisions: Vec<Decision<Balance>>,
		pub appeal: Option<Appeal>,
	}

	/// A version-2 claim as `T` stores it.
	pub type ClaimOf<T, Unit> = Claim<AccountIdOf<T>, BalanceOf<T>, Unit>;

	/// Version 2's billed units, by identifier.
	#[storage_alias]
	pub type UnitsClaimed<T: Config, Unit: FullCodec> =
		StorageMap<Pallet<T>, Blake2_128Concat, Unit, ClaimId>;
}

/// The token line `index` of claim `id` gets for the unit it billed under version 2.
pub fn forgotten_unit(id: ClaimId, index: u32) -> UnitToken {
	let domain = &b"caduceus:drug-unit:billed-before-v3"[..];
	let digest = BlakeTwo256::hash(&[domain, &id.encode(), &index.encode()].concat());
	let mut token = [0; 16];
	token.copy_from_slice(&digest.0[..16]);
	token
}

/// Claim `id` of version 2, its lines' units replaced by tokens; the indices of the lines that
/// billed a unit of `billed`, the units the claim held.
fn claim<T: Config, Unit: PartialEq>(
	id: ClaimId,
	old: v2::ClaimOf<T, Unit>,
	billed: &[Unit],
) -> Option<(ClaimOf<T>, Vec<u32>)> {
	let mut holders = Vec::new();
	let mut held: Vec<&Unit> = Vec::new();
	let mut lines = Vec::new();
	for (index, (line, result)) in old.lines.iter().zip(&old.results).enumerate() {
		let index = index as u32;
		let drug_unit = line.drug_unit.as_ref().map(|unit| {
			let standing = result.decision != LineDecision::Denied;
			if standing && billed.contains(unit) && !held.contains(&unit) {
				held.push(unit);
				holders.push(index);
			}
			forgotten_unit(id, index)
		});
		lines.push(ClaimLine {
			code: line.code.clone(),
			units: line.units,
			charged: line.charged,
			prior_authorisation: line.prior_authorisation,
			drug_unit,
			evidence: line.evidence,
		});
	}
	let claim = Claim {
		patient: old.patient,
		plan: old.plan,
		plan_version: old.plan_version,
		provider: old.provider,
		submitted_by: old.submitted_by,
		date_of_service: old.date_of_service,
		submitted_at: old.submitted_at,
		lines: BoundedVec::try_from(lines).ok()?,
		results: BoundedVec::try_from(old.results).ok()?,
		line_states: BoundedVec::try_from(old.line_states).ok()?,
		evidence: BoundedVec::try_from(old.evidence).ok()?,
		outcome: old.outcome,
		payment: old.payment,
		paid: old.paid,
		decisions: BoundedVec::try_from(old.decisions).ok()?,
		appeal: old.appeal,
	};
	Some((claim, holders))
}

/// Rewrites claims and billed units to version 3; run only from version 2 by
/// [`MigrateToV3`]. `Unit` is how version 2 named a drug unit (the runtime's product
/// identifier).
pub struct UpgradeToV3<T, Unit>(core::marker::PhantomData<(T, Unit)>);

impl<T: Config, Unit: FullCodec + PartialEq> UncheckedOnRuntimeUpgrade for UpgradeToV3<T, Unit> {
	fn on_runtime_upgrade() -> Weight {
		let mut reads = 0u64;
		let mut writes = 0u64;
		let mut billed = BTreeMap::<ClaimId, Vec<Unit>>::new();
		for (unit, id) in v2::UnitsClaimed::<T, Unit>::drain() {
			reads.saturating_inc();
			writes.saturating_inc();
			billed.entry(id).or_default().push(unit);
		}
		let mut holders = BTreeMap::<ClaimId, (OrgId, Vec<u32>)>::new();
		Filed::<T>::translate::<v2::ClaimOf<T, Unit>, _>(|id, old| {
			reads.saturating_inc();
			writes.saturating_inc();
			let units = billed.remove(&id).unwrap_or_default();
			let (claim, lines) = claim::<T, Unit>(id, old, &units)?;
			holders.insert(id, (claim.provider, lines));
			Some(claim)
		});
		let mut counts = BTreeMap::<OrgId, u64>::new();
		for (id, (provider, lines)) in holders {
			for index in lines {
				writes.saturating_inc();
				UnitsClaimed::<T>::insert(forgotten_unit(id, index), id);
				counts.entry(provider).or_default().saturating_inc();
			}
		}
		for (provider, count) in counts {
			writes.saturating_inc();
			UnitsBilled::<T>::insert(provider, count);
		}
		T::DbWeight::get().reads_writes(reads, writes)
	}
}

/// Storage version 2 → 3: drug units as tokens, billed units counted per provider.
pub type MigrateToV3<T, Unit> = VersionedMigration<
	2,
	3,
	UpgradeToV3<T, Unit>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
