//! Migrations that read more than one pallet's storage.

use crate::{Runtime, SupplyChain};
use alloc::collections::BTreeMap;
use caduceus_primitives::{Holder, OrgId};
use frame_support::{
	migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade, weights::Weight,
};

/// Runtime 104 counts every stored item against its holder's quota
/// (`pallet_health_identity::StorageUsage`). This counts what the records, supply-chain and
/// claims pallets stored before, the way their calls now count it, so that each organisation's
/// and patient's usage is true from the upgrade on (version 3 → 4 of the identity pallet,
/// which keeps the counts).
///
/// Items whose creator the old state does not name are counted against their holder now: a
/// product and its lots against the product's current owner, a container against the owner of
/// its SSCC's company prefix.
///
/// ## Complexity
/// One read per stored item and one write per holder: a single block, fine for a consortium's
/// first deployments; a chain with millions of items needs a multi-block migration.
pub struct CountStoredItems;

/// Counts of stored items per holder.
#[derive(Default)]
struct Tally {
	usage: BTreeMap<Holder, u32>,
	reads: u64,
}

impl Tally {
	fn add(&mut self, holder: Holder) {
		let count = self.usage.entry(holder).or_default();
		*count = count.saturating_add(1);
		self.reads = self.reads.saturating_add(1);
	}

	fn add_organisation(&mut self, organisation: Option<OrgId>) {
		match organisation {
			Some(organisation) => self.add(Holder::Organisation(organisation)),
			None => self.reads = self.reads.saturating_add(1),
		}
	}

	fn records(&mut self) {
		use pallet_records::{Anchors, Enrolments, Subject, Trials};
		for (_, record) in Anchors::<Runtime>::iter() {
			match (record.author_organisation, record.subject) {
				(Some(organisation), _) => self.add(Holder::Organisation(organisation)),
				(None, Subject::Patient { patient, .. }) => self.add(Holder::Patient(patient)),
				(None, _) => self.reads = self.reads.saturating_add(1),
			}
		}
		for (_, trial) in Trials::<Runtime>::iter() {
			self.add(Holder::Organisation(trial.sponsor));
		}
		for (trial, _, _) in Enrolments::<Runtime>::iter() {
			self.add_organisation(Trials::<Runtime>::get(trial).map(|trial| trial.sponsor));
		}
	}

	fn supply_chain(&mut self) {
		use pallet_supply_chain::{Containers, Lots, Products, Shipments, SuspectReports, Units};
		for (_, product) in Products::<Runtime>::iter() {
			self.add(Holder::Organisation(product.owner));
		}
		for (key, _) in Lots::<Runtime>::iter() {
			self.add_organisation(Products::<Runtime>::get(key.gtin).map(|product| product.owner));
		}
		for (_, unit) in Units::<Runtime>::iter() {
			self.add(Holder::Organisation(unit.commissioned_by));
		}
		for (sscc, _) in Containers::<Runtime>::iter() {
			self.add_organisation(SupplyChain::key_owner(&sscc));
		}
		for (_, shipment) in Shipments::<Runtime>::iter() {
			self.add(Holder::Organisation(shipment.from));
		}
		for (_, _, reporter) in SuspectReports::<Runtime>::iter() {
			self.add(Holder::Organisation(reporter));
		}
	}

	fn claims(&mut self) {
		use pallet_claims::{Coverages, Filed, PlanVersions, Plans, PriorAuthorisations};
		let insurer = |plan| Plans::<Runtime>::get(plan).map(|plan| plan.insurer);
		for (_, plan) in Plans::<Runtime>::iter() {
			self.add(Holder::Organisation(plan.insurer));
		}
		for (plan, _, _) in PlanVersions::<Runtime>::iter() {
			self.add_organisation(insurer(plan));
		}
		for (_, plan, _) in Coverages::<Runtime>::iter() {
			self.add_organisation(insurer(plan));
		}
		for (_, claim) in Filed::<Runtime>::iter() {
			self.add(Holder::Organisation(claim.provider));
		}
		for (_, authorisation) in PriorAuthorisations::<Runtime>::iter() {
			self.add(Holder::Organisation(authorisation.provider));
		}
	}
}

impl UncheckedOnRuntimeUpgrade for CountStoredItems {
	fn on_runtime_upgrade() -> Weight {
		let mut tally = Tally::default();
		tally.records();
		tally.supply_chain();
		tally.claims();
		let holders = tally.usage.len() as u64;
		let _ = pallet_health_identity::StorageUsage::<Runtime>::clear(u32::MAX, None);
		for (holder, count) in tally.usage {
			pallet_health_identity::StorageUsage::<Runtime>::insert(holder, count);
		}
		<Runtime as frame_system::Config>::DbWeight::get().reads_writes(tally.reads, holders)
	}
}

/// [`CountStoredItems`], run once: from version 3 of the identity pallet to version 4.
pub type CountStoredItemsV4 = VersionedMigration<
	3,
	4,
	CountStoredItems,
	pallet_health_identity::Pallet<Runtime>,
	<Runtime as frame_system::Config>::DbWeight,
>;
