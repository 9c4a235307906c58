//! The supply-chain load: the manufacturer's staff ship serialized drug units to the
//! distributor, one unit per shipment, as a packing line ships eaches to a wholesaler.
//!
//! Its set-up goes through the chain's real calls: the manufacturer of the development chain
//! (Acme Pharmaceuticals, admin Dave//stash, company prefix 0300123) registers a product of
//! this run, commissions one lot of as many units as will be shipped, and attests the bench's
//! shippers as its pharmacists.

use crate::{
	cast::{dev_pair, salt},
	kinds::{batch_all, spread},
	run::{account_of, Session, Work},
};
use anyhow::{bail, Result};
use caduceus_primitives::{
	identifiers::with_gs1_check_digit, salted::document_hash, Moment, OrgId, Role, DAY_MS,
};
use caduceus_runtime::RuntimeCall;
use pallet_supply_chain::{Gtin, Item, UnitKey};
use sp_core::sr25519;

/// The development chain's manufacturer (Acme Pharmaceuticals).
pub const MANUFACTURER: OrgId = 2;

/// The development chain's distributor (Keystone Wholesale), to which the units are shipped.
pub const DISTRIBUTOR: OrgId = 3;

/// The manufacturer's admin on the development chain.
pub const MANUFACTURER_ADMIN: &str = "//Dave//stash";

/// One of the manufacturer's GS1 company prefixes on the development chain.
const COMPANY_PREFIX: &str = "0300123";

/// The runtime's bound on the serials one `commission` call takes.
const COMMISSION_BATCH: usize = 500;

/// How long the bench's units keep.
const SHELF_LIFE: Moment = 2 * 365 * DAY_MS;

/// The manufacturer's shippers and the units they ship.
pub struct Shipping {
	/// Active pharmacists of the manufacturer.
	pub shippers: Vec<sr25519::Pair>,
	/// Units the manufacturer holds, one per shipment to come.
	pub units: Vec<UnitKey>,
}

impl Shipping {
	/// The manufacturer registers this run's product, commissions `units` units of one lot of
	/// it and attests `shippers` (funded already) as its pharmacists.
	pub async fn prepare(
		session: &Session,
		tag: &str,
		shippers: Vec<sr25519::Pair>,
		units: usize,
		now: Moment,
	) -> Result<Shipping> {
		let gtin = gtin_of(tag);
		let lot: pallet_supply_chain::Lot = format!("L{}", short(tag))
			.into_bytes()
			.try_into()
			.map_err(|_| anyhow::anyhow!("a lot of at most 20 characters"))?;
		let serials: Vec<pallet_supply_chain::Serial> = (0..units)
			.map(|i| format!("SN{i:08}").into_bytes().try_into().expect("10 characters"))
			.collect();
		let mut calls =
			vec![RuntimeCall::SupplyChain(pallet_supply_chain::Call::register_product { gtin })];
		for batch in serials.chunks(COMMISSION_BATCH) {
			calls.push(RuntimeCall::SupplyChain(pallet_supply_chain::Call::commission {
				gtin,
				lot: lot.clone(),
				expiry: now + SHELF_LIFE,
				serials: batch.to_vec().try_into().expect("at most the runtime's batch"),
			}));
		}
		let attestations: Vec<RuntimeCall> = shippers
			.iter()
			.enumerate()
			.map(|(i, shipper)| {
				RuntimeCall::HealthIdentity(pallet_health_identity::Call::attest_practitioner {
					practitioner: account_of(shipper),
					role: Role::Pharmacist,
					credential_hash: document_hash(&salt(tag, "shipper", i, 0), b"Licence"),
					expires_at: None,
				})
			})
			.collect();
		calls.extend(attestations.chunks(crate::cast::BATCH).map(|c| batch_all(c.to_vec())));
		let work = vec![Work { signer: dev_pair(MANUFACTURER_ADMIN)?, calls }];
		session
			.settle("the manufacturer registers, commissions and attests its shippers", work)
			.await?;
		let units = serials.into_iter().map(|serial| UnitKey { gtin, serial }).collect();
		Ok(Shipping { shippers, units })
	}

	/// Shipper `q`'s `j`-th shipment carries unit `j * shippers + q` to the distributor: every
	/// unit once.
	pub fn shipments(&self, tag: &str, count: usize) -> Result<Vec<Work>> {
		if count > self.units.len() {
			bail!("{count} shipments, but the set-up commissioned {} units", self.units.len());
		}
		let signers = self.shippers.len();
		Ok(spread(count, &self.shippers, |q, j| {
			let documents = document_hash(&salt(tag, "shipment", q, j), b"T3");
			ship(&self.units[j * signers + q], documents)
		}))
	}
}

/// `supply_chain.ship` of one unit to the distributor, with the hash of its transaction
/// information and statement (DSCSA's T3).
fn ship(unit: &UnitKey, documents: sp_core::H256) -> RuntimeCall {
	let items = vec![Item::Unit(unit.clone())].try_into().expect("one item");
	RuntimeCall::SupplyChain(pallet_supply_chain::Call::ship { to: DISTRIBUTOR, items, documents })
}

/// This run's GTIN-14: indicator 0, the company prefix, an item reference from the run's tag.
fn gtin_of(tag: &str) -> Gtin {
	let item = short(tag) % 100_000;
	with_gs1_check_digit::<14>(format!("0{COMPANY_PREFIX}{item:05}").as_bytes())
}

/// The run's tag as a number (its last nine digits).
fn short(tag: &str) -> u64 {
	tag.bytes()
		.filter(u8::is_ascii_digit)
		.fold(0u64, |n, d| (n * 10 + u64::from(d - b'0')) % 1_000_000_000)
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_supply_chain::gs1_key_valid;

	#[test]
	fn a_run_has_a_valid_gtin_under_the_manufacturers_prefix() {
		let gtin = gtin_of("1764583200123");
		assert!(gs1_key_valid(&gtin));
		assert_eq!(&gtin[1..8], COMPANY_PREFIX.as_bytes());
		assert_ne!(gtin, gtin_of("1764583200124"), "another run, another product");
	}
}
