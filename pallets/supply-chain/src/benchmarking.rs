//! Benchmarks of every call at its worst case: the largest batches, containers whose units span
//! the most lots, shipments of full cases each of its own lots (nothing read twice), units
//! nested three containers deep, a product whose owner record is full, full prefix lists.

use super::*;
use crate::Pallet as SupplyChainPallet;
use alloc::vec::Vec;
use caduceus_primitives::{
	benchmarking::Participants, identifiers::with_gs1_check_digit, OrgKind, Role,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;

/// A staff member of a new organisation of `kind`, and the organisation.
fn staff<T: Config>(kind: OrgKind, name: &'static str) -> (T::AccountId, OrgId) {
	let org = T::BenchmarkHelper::organisation(kind);
	let who: T::AccountId = account(name, org, 0);
	T::BenchmarkHelper::practitioner(&who, org, Role::Administrator);
	(who, org)
}

/// `n` in `width` ASCII digits.
fn digits<const W: usize>(mut n: u32) -> [u8; W] {
	let mut out = [b'0'; W];
	for slot in out.iter_mut().rev() {
		*slot = b'0' + (n % 10) as u8;
		n /= 10;
	}
	out
}

/// The benchmarks' product, under company prefix `0777771`.
fn gtin() -> Gtin {
	with_gs1_check_digit(b"0077777100001")
}

fn sscc(n: u32) -> Sscc {
	let mut body = [b'0'; 17];
	body[..8].copy_from_slice(b"00777772");
	body[8..].copy_from_slice(&digits::<9>(n));
	with_gs1_check_digit(&body)
}

/// The longest serial (20 characters), numbered `n`.
fn serial(n: u32) -> Serial {
	let mut code = b"SERIAL-0000".to_vec();
	code.extend_from_slice(&digits::<9>(n));
	code.try_into().expect("20 characters")
}

/// The longest lot number (20 characters), numbered `n`.
fn lot(n: u32) -> Lot {
	let mut code = b"LOT-0000000".to_vec();
	code.extend_from_slice(&digits::<9>(n));
	code.try_into().expect("20 characters")
}

fn expiry<T: Config>() -> Moment {
	T::Time::now() + 365 * caduceus_primitives::DAY_MS
}

/// A manufacturer with its product registered.
struct Maker<T: Config> {
	who: T::AccountId,
	org: OrgId,
}

fn maker<T: Config>() -> Maker<T> {
	let (who, org) = prefixed_maker::<T>();
	SupplyChainPallet::<T>::do_register_product(&who, gtin()).expect("a manufacturer registers");
	Maker { who, org }
}

/// A manufacturer holding the company prefixes of [`gtin`] and [`sscc`].
fn prefixed_maker<T: Config>() -> (T::AccountId, OrgId) {
	let (who, org) = staff::<T>(OrgKind::Manufacturer, "maker");
	let prefixes: Vec<CompanyPrefix> = [&b"0777771"[..], &b"0777772"[..]]
		.iter()
		.map(|p| p.to_vec().try_into().expect("7 digits"))
		.collect();
	SupplyChainPallet::<T>::do_set_company_prefixes(
		org,
		prefixes.try_into().expect("MaxPrefixesPerOrganisation is at least 2"),
	)
	.expect("the consortium assigns");
	(who, org)
}

/// Commissions units `first..first + count` of lot `lot_number`; their items.
fn units<T: Config>(maker: &Maker<T>, lot_number: u32, first: u32, count: u32) -> Vec<Item> {
	let serials: Vec<_> = (first..first + count).map(serial).collect();
	let batch: SerialsOf<T> = serials.clone().try_into().expect("at most MaxCommissionBatch");
	SupplyChainPallet::<T>::do_commission(
		&maker.who,
		gtin(),
		lot(lot_number),
		expiry::<T>(),
		batch,
	)
	.expect("the owner commissions");
	serials.into_iter().map(|serial| Item::Unit(UnitKey { gtin: gtin(), serial })).collect()
}

fn packed<T: Config>(who: &T::AccountId, container: Sscc, items: Vec<Item>) {
	SupplyChainPallet::<T>::do_pack(who, container, items.try_into().expect("at most MaxChildren"))
		.expect("the holder packs");
}

/// A unit three containers deep (in a case, in a pallet, in a load); the unit.
fn nested_unit<T: Config>(maker: &Maker<T>) -> UnitKey {
	let unit = units::<T>(maker, 0, 0, 1);
	packed::<T>(&maker.who, sscc(1), unit.clone());
	packed::<T>(&maker.who, sscc(2), alloc::vec![Item::Container(sscc(1))]);
	packed::<T>(&maker.who, sscc(3), alloc::vec![Item::Container(sscc(2))]);
	match &unit[0] {
		Item::Unit(key) => key.clone(),
		Item::Container(_) => unreachable!("units() returns units"),
	}
}

/// `count` cases, each holding one unit of each of `MaxLotsPerContainer` lots: what a move
/// checks is as long as it gets, and a case is read and written whole.
fn cases<T: Config>(maker: &Maker<T>, count: u32) -> Vec<Item> {
	let lots = T::MaxLotsPerContainer::get();
	let per_lot: Vec<Vec<Item>> =
		(0..lots).map(|l| units::<T>(maker, l, l * count, count)).collect();
	(0..count)
		.map(|case| {
			let items = per_lot.iter().map(|units| units[case as usize].clone()).collect();
			packed::<T>(&maker.who, sscc(10_000 + case), items);
			Item::Container(sscc(10_000 + case))
		})
		.collect()
}

/// A distributor's staff member, to whom the maker ships the load of [`nested_unit`].
fn shipped_to_distributor<T: Config>(maker: &Maker<T>) -> T::AccountId {
	let (distributor, distributor_org) = staff::<T>(OrgKind::Distributor, "distributor");
	SupplyChainPallet::<T>::do_ship(
		&maker.who,
		distributor_org,
		alloc::vec![Item::Container(sscc(3))].try_into().expect("one item"),
		Default::default(),
	)
	.expect("the maker ships");
	distributor
}

/// `count` full cases (`MaxChildren` units each), each of its own `MaxLotsPerContainer` lots:
/// a move decodes every case whole and reads every lot once, none from the cache.
fn full_cases<T: Config>(maker: &Maker<T>, count: u32) -> Vec<Item> {
	let lots = T::MaxLotsPerContainer::get();
	let children = T::MaxChildren::get();
	(0..count)
		.map(|case| {
			let items: Vec<Item> = (0..lots)
				.flat_map(|l| {
					let (first, last) = (l * children / lots, (l + 1) * children / lots);
					let serial = case * children + first;
					units::<T>(maker, case * lots + l, serial, last - first)
				})
				.collect();
			packed::<T>(&maker.who, sscc(10_000 + case), items);
			Item::Container(sscc(10_000 + case))
		})
		.collect()
}

/// `count` units held loose, each of its own lot: a move reads each unit and its lot, none
/// from the cache.
fn loose_units<T: Config>(maker: &Maker<T>, count: u32) -> Vec<Item> {
	(0..count).flat_map(|u| units::<T>(maker, LOOSE + u, LOOSE + u, 1)).collect()
}

/// The lot and serial numbers of [`loose_units`], above those of [`full_cases`].
const LOOSE: u32 = 1_000_000;

/// `units` loose units then `cases` full cases: a shipment's items.
fn shipped_items<T: Config>(
	maker: &Maker<T>,
	units: u32,
	cases: u32,
) -> BoundedVec<Item, T::MaxShipmentItems> {
	let mut items = loose_units::<T>(maker, units);
	items.extend(full_cases::<T>(maker, cases));
	items.try_into().expect("at most MaxShipmentItems")
}

/// A shipment of `units` loose units and `cases` full cases from the maker to a distributor;
/// the distributor and the shipment.
fn shipment<T: Config>(maker: &Maker<T>, units: u32, cases: u32) -> (T::AccountId, ShipmentId) {
	let (distributor, distributor_org) = staff::<T>(OrgKind::Distributor, "distributor");
	let items = shipped_items::<T>(maker, units, cases);
	SupplyChainPallet::<T>::do_ship(&maker.who, distributor_org, items, Default::default())
		.expect("the maker ships");
	(distributor, NextShipmentId::<T>::get() - 1)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_product() {
		let (who, org) = prefixed_maker::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(who), gtin());

		assert_eq!(Products::<T>::get(gtin()).expect("registered").owner, org);
	}

	#[benchmark]
	fn offer_product() {
		let maker = maker::<T>();
		let (_, other) = staff::<T>(OrgKind::Manufacturer, "other");

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who), gtin(), other);

		assert_eq!(Products::<T>::get(gtin()).expect("registered").offered_to, Some(other));
	}

	#[benchmark]
	fn accept_product() {
		// The owners' record is full: the oldest is dropped.
		let maker = maker::<T>();
		let (other, other_org) = staff::<T>(OrgKind::Manufacturer, "other");
		let (mut from, mut to) = ((maker.who.clone(), maker.org), (other, other_org));
		for _ in 0..T::MaxOwners::get() {
			SupplyChainPallet::<T>::do_offer_product(&from.0, gtin(), to.1)
				.expect("the owner offers");
			SupplyChainPallet::<T>::do_accept_product(&to.0, gtin()).expect("offered");
			core::mem::swap(&mut from, &mut to);
		}
		SupplyChainPallet::<T>::do_offer_product(&from.0, gtin(), to.1).expect("the owner offers");

		#[extrinsic_call]
		_(RawOrigin::Signed(to.0), gtin());

		assert_eq!(Products::<T>::get(gtin()).expect("registered").owner, to.1);
	}

	#[benchmark]
	fn commission(n: Linear<1, { T::MaxCommissionBatch::get() }>) {
		let maker = maker::<T>();
		let serials: SerialsOf<T> =
			(0..n).map(serial).collect::<Vec<_>>().try_into().expect("at most the batch");

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who), gtin(), lot(0), expiry::<T>(), serials);

		assert_eq!(Lots::<T>::get(LotKey { gtin: gtin(), lot: lot(0) }).expect("created").units, n);
	}

	#[benchmark]
	fn pack(n: Linear<1, { T::MaxChildren::get() }>) {
		// Cases onto a pallet: each case is read whole and merges every lot it holds.
		let maker = maker::<T>();
		let items: BoundedVec<_, _> =
			cases::<T>(&maker, n).try_into().expect("at most MaxChildren");

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who), sscc(1), items);

		assert_eq!(Containers::<T>::get(sscc(1)).expect("packed").children.len() as u32, n);
	}

	#[benchmark]
	fn unpack(n: Linear<1, { T::MaxChildren::get() }>) {
		let maker = maker::<T>();
		let items = cases::<T>(&maker, n);
		packed::<T>(&maker.who, sscc(1), items);

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who), sscc(1));

		assert!(Containers::<T>::get(sscc(1)).expect("exists").children.is_empty());
	}

	// Each move is benchmarked twice, once with units only and once with full cases only (see
	// `Moved::weight`): with both kinds at once, the units' cost was lost in the cases' noise.
	// Each unit is of its own lot; each case full, its units spanning the most lots, its own:
	// a move reads every lot, never a case's units.

	#[benchmark]
	fn ship_units(u: Linear<1, { T::MaxShipmentItems::get() }>) {
		let maker = maker::<T>();
		let (_, distributor) = staff::<T>(OrgKind::Distributor, "distributor");
		let items = shipped_items::<T>(&maker, u, 0);

		#[extrinsic_call]
		ship(RawOrigin::Signed(maker.who), distributor, items, Default::default());

		assert!(Shipments::<T>::contains_key(NextShipmentId::<T>::get() - 1));
	}

	#[benchmark]
	fn ship_cases(c: Linear<1, { T::MaxShipmentItems::get() }>) {
		let maker = maker::<T>();
		let (_, distributor) = staff::<T>(OrgKind::Distributor, "distributor");
		let items = shipped_items::<T>(&maker, 0, c);

		#[extrinsic_call]
		ship(RawOrigin::Signed(maker.who), distributor, items, Default::default());

		assert!(Shipments::<T>::contains_key(NextShipmentId::<T>::get() - 1));
	}

	#[benchmark]
	fn receive_units(u: Linear<1, { T::MaxShipmentItems::get() }>) {
		let (distributor, id) = shipment::<T>(&maker::<T>(), u, 0);

		#[extrinsic_call]
		receive(RawOrigin::Signed(distributor), id);

		assert!(!Shipments::<T>::contains_key(id));
	}

	#[benchmark]
	fn receive_cases(c: Linear<1, { T::MaxShipmentItems::get() }>) {
		let (distributor, id) = shipment::<T>(&maker::<T>(), 0, c);

		#[extrinsic_call]
		receive(RawOrigin::Signed(distributor), id);

		assert!(!Shipments::<T>::contains_key(id));
	}

	#[benchmark]
	fn cancel_shipment_units(u: Linear<1, { T::MaxShipmentItems::get() }>) {
		let maker = maker::<T>();
		let (_, id) = shipment::<T>(&maker, u, 0);

		#[extrinsic_call]
		cancel_shipment(RawOrigin::Signed(maker.who), id);

		assert!(!Shipments::<T>::contains_key(id));
	}

	#[benchmark]
	fn cancel_shipment_cases(c: Linear<1, { T::MaxShipmentItems::get() }>) {
		let maker = maker::<T>();
		let (_, id) = shipment::<T>(&maker, 0, c);

		#[extrinsic_call]
		cancel_shipment(RawOrigin::Signed(maker.who), id);

		assert!(!Shipments::<T>::contains_key(id));
	}

	#[benchmark]
	fn dispense() {
		let maker = maker::<T>();
		let (pharmacist, pharmacy) = staff::<T>(OrgKind::Pharmacy, "pharmacist");
		let item = units::<T>(&maker, 0, 0, 1);
		SupplyChainPallet::<T>::do_ship(
			&maker.who,
			pharmacy,
			item.clone().try_into().expect("one item"),
			Default::default(),
		)
		.expect("the maker ships");
		SupplyChainPallet::<T>::do_receive(&pharmacist, NextShipmentId::<T>::get() - 1)
			.expect("the pharmacy receives");
		let unit = UnitKey { gtin: gtin(), serial: serial(0) };

		#[extrinsic_call]
		_(RawOrigin::Signed(pharmacist), unit.clone());

		assert!(Units::<T>::get(unit).expect("commissioned").end.is_some());
	}

	#[benchmark]
	fn decommission() {
		let maker = maker::<T>();
		units::<T>(&maker, 0, 0, 1);
		let unit = UnitKey { gtin: gtin(), serial: serial(0) };

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who), unit.clone(), DecommissionReason::Destroyed);

		assert!(Units::<T>::get(unit).expect("commissioned").end.is_some());
	}

	#[benchmark]
	fn verify_return() {
		// A unit three containers deep, in transit to the verifying distributor.
		let maker = maker::<T>();
		let unit = nested_unit::<T>(&maker);
		let distributor = shipped_to_distributor::<T>(&maker);
		let identifier = ProductIdentifier {
			gtin: gtin(),
			serial: unit.serial.clone(),
			lot: lot(0),
			expiry: expiry::<T>(),
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(distributor), identifier);

		assert_eq!(
			SupplyChainPallet::<T>::own_history(&Item::Unit(unit)).last().expect("logged").step,
			BizStep::Inspecting
		);
	}

	#[benchmark]
	fn flag_suspect() {
		// The recipient of the shipment carrying a unit three containers deep: not the owner,
		// so its hold on the unit is followed up every container to the shipment.
		let maker = maker::<T>();
		let unit = nested_unit::<T>(&maker);
		let distributor = shipped_to_distributor::<T>(&maker);

		#[extrinsic_call]
		_(RawOrigin::Signed(distributor), Target::Unit(unit), Default::default());

		assert_eq!(Containers::<T>::get(sscc(3)).expect("packed").quarantined, 1);
	}

	#[benchmark]
	fn clear_suspect() {
		let maker = maker::<T>();
		let unit = nested_unit::<T>(&maker);
		SupplyChainPallet::<T>::do_flag_suspect(
			&maker.who,
			Target::Unit(unit.clone()),
			Default::default(),
		)
		.expect("a partner flags");
		let (regulator, _) = staff::<T>(OrgKind::Regulator, "regulator");

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator), Target::Unit(unit), Default::default());

		assert_eq!(Containers::<T>::get(sscc(3)).expect("packed").quarantined, 0);
	}

	#[benchmark]
	fn declare_illegitimate() {
		let maker = maker::<T>();
		let unit = nested_unit::<T>(&maker);
		let (regulator, _) = staff::<T>(OrgKind::Regulator, "regulator");

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator), Target::Unit(unit), Default::default());

		assert_eq!(Containers::<T>::get(sscc(3)).expect("packed").quarantined, 1);
	}

	#[benchmark]
	fn recall_lot() {
		let maker = maker::<T>();
		units::<T>(&maker, 0, 0, T::MaxCommissionBatch::get());
		let key = LotKey { gtin: gtin(), lot: lot(0) };

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who), key.clone(), Default::default());

		assert!(Lots::<T>::get(key).expect("commissioned").recalled_at.is_some());
	}

	#[benchmark]
	fn set_company_prefixes(
		p: Linear<1, { T::MaxPrefixesPerOrganisation::get() }>,
	) -> Result<(), BenchmarkError> {
		// The organisation's full list is replaced.
		let max = T::MaxPrefixesPerOrganisation::get();
		let (_, org) = staff::<T>(OrgKind::Manufacturer, "maker");
		let list = |first: u32, count: u32| -> BoundedVec<CompanyPrefix, _> {
			(first..first + count)
				.map(|n| digits::<12>(n).to_vec().try_into().expect("12 digits"))
				.collect::<Vec<_>>()
				.try_into()
				.expect("at most MaxPrefixesPerOrganisation")
		};
		SupplyChainPallet::<T>::do_set_company_prefixes(org, list(0, max))
			.expect("the consortium assigns");
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org, list(max, p));

		assert_eq!(PrefixesOf::<T>::get(org).len() as u32, p);

		Ok(())
	}

	#[benchmark]
	fn consent_to_termination() {
		let maker = maker::<T>();
		let unit = nested_unit::<T>(&maker);
		let (regulator, _) = staff::<T>(OrgKind::Regulator, "regulator");
		SupplyChainPallet::<T>::do_declare_illegitimate(
			&regulator,
			Target::Unit(unit.clone()),
			Default::default(),
		)
		.expect("a regulator declares");

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator), Target::Unit(unit.clone()));

		assert!(TerminationConsents::<T>::contains_key(Target::Unit(unit)));
	}

	#[benchmark]
	fn terminate_illegitimacy() {
		// A unit three containers deep: every container's quarantine count changes.
		let maker = maker::<T>();
		let unit = nested_unit::<T>(&maker);
		let (regulator, _) = staff::<T>(OrgKind::Regulator, "regulator");
		let target = Target::Unit(unit);
		SupplyChainPallet::<T>::do_declare_illegitimate(
			&regulator,
			target.clone(),
			Default::default(),
		)
		.expect("a regulator declares");
		SupplyChainPallet::<T>::do_consent_to_termination(&regulator, target.clone())
			.expect("the regulator consents");

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who), target, Default::default());

		assert_eq!(Containers::<T>::get(sscc(3)).expect("packed").quarantined, 0);
	}

	impl_benchmark_test_suite!(SupplyChainPallet, crate::mock::new_test_ext(), crate::mock::Test);
}
