//! What trading partners, verifiers and the claims pallet see: each call's success and each of
//! its errors, statuses derived from lots and containers, histories, invariants.

use crate::{mock::*, *};
use caduceus_primitives::{
	doubles::TestRegistry, identifiers::with_gs1_check_digit, OrgKind, OrgStatus, ProductVerifier,
	Role, Standing, UnitStatus, DAY_MS,
};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_core::H256;
use sp_runtime::AccountId32;

type Error = crate::Error<Test>;
type Event = crate::Event<Test>;

fn signed(who: &AccountId32) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

fn by(org: OrgId) -> RuntimeOrigin {
	signed(&admin(org))
}

fn doc(n: u8) -> H256 {
	H256::repeat_byte(n)
}

fn last_event() -> Event {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::SupplyChain(event) => Some(event),
			_ => None,
		})
		.next_back()
		.expect("an event of the pallet")
}

fn serials(range: core::ops::RangeInclusive<u32>) -> SerialsOf<Test> {
	range.map(serial).collect::<Vec<_>>().try_into().unwrap()
}

fn items(list: &[Item]) -> BoundedVec<Item, ConstU32<4>> {
	list.to_vec().try_into().unwrap()
}

fn shipment_items(list: &[Item]) -> BoundedVec<Item, ConstU32<3>> {
	list.to_vec().try_into().unwrap()
}

use frame_support::traits::ConstU32;

/// The maker registers the product and commissions units `range` of lot `L1`.
fn commissioned(range: core::ops::RangeInclusive<u32>) {
	if !Products::<Test>::contains_key(gtin()) {
		assert_ok!(SupplyChain::register_product(by(MAKER), gtin()));
	}
	assert_ok!(SupplyChain::commission(by(MAKER), gtin(), lot("L1"), EXPIRY, serials(range)));
}

/// Unit `n`'s status now.
fn status(n: u32) -> UnitStatus {
	SupplyChain::report(&identifier(n)).unwrap().status
}

/// Who holds unit `n` now.
fn custodian(n: u32) -> OrgId {
	SupplyChain::report(&identifier(n)).unwrap().custodian
}

/// Units 1..=4 in case 1, 5..=8 in case 2, both cases in pallet 3; all at the maker.
fn pallet_of_two_cases() {
	commissioned(1..=8);
	let case = |n: u8, range: core::ops::RangeInclusive<u32>| {
		let units: Vec<_> = range.map(unit_item).collect();
		assert_ok!(SupplyChain::pack(by(MAKER), sscc(n), items(&units)));
	};
	case(1, 1..=4);
	case(2, 5..=8);
	assert_ok!(SupplyChain::pack(
		by(MAKER),
		sscc(3),
		items(&[Item::Container(sscc(1)), Item::Container(sscc(2))])
	));
}

/// Ships `list` from `from` to `to` and returns the shipment.
fn shipped(from: OrgId, to: OrgId, list: &[Item]) -> ShipmentId {
	assert_ok!(SupplyChain::ship(by(from), to, shipment_items(list), doc(9)));
	NextShipmentId::<Test>::get() - 1
}

mod products {
	use super::*;

	#[test]
	fn a_manufacturer_registers_a_product_it_then_owns() {
		run(|| {
			assert_ok!(SupplyChain::register_product(signed(&line_operator()), gtin()));
			let product = Products::<Test>::get(gtin()).unwrap();
			assert_eq!((product.owner, product.offered_to), (MAKER, None));
			assert_eq!(product.owners.into_inner(), vec![(MAKER, START)]);
			assert_eq!(last_event(), Event::ProductRegistered { gtin: gtin(), owner: MAKER });
		});
	}

	#[test]
	fn only_a_manufacturer_registers_a_valid_new_gtin() {
		run(|| {
			assert_noop!(
				SupplyChain::register_product(signed(&stranger()), gtin()),
				Error::NotATradingPartner
			);
			assert_noop!(SupplyChain::register_product(by(LAB), gtin()), Error::NotATradingPartner);
			assert_noop!(
				SupplyChain::register_product(by(REGULATOR), gtin()),
				Error::NotATradingPartner
			);
			assert_noop!(
				SupplyChain::register_product(by(DISTRIBUTOR), gtin()),
				Error::NotAManufacturer
			);
			let mut bad = gtin();
			bad[13] = if bad[13] == b'9' { b'0' } else { bad[13] + 1 };
			assert_noop!(SupplyChain::register_product(by(MAKER), bad), Error::InvalidGtin);
			assert_ok!(SupplyChain::register_product(by(MAKER), gtin()));
			assert_noop!(
				SupplyChain::register_product(by(MAKER), gtin()),
				Error::ProductAlreadyRegistered
			);
			TestRegistry::set_organisation(MAKER, OrgKind::Manufacturer, OrgStatus::Suspended);
			assert_noop!(
				SupplyChain::register_product(by(MAKER), other_gtin()),
				Error::NotATradingPartner
			);
		});
	}

	/// Attack: a rogue manufacturer registers a competitor's GTIN; its units would then verify
	/// as authentic.
	#[test]
	fn a_manufacturer_registers_only_gtins_under_its_own_company_prefixes() {
		run(|| {
			assert_noop!(
				SupplyChain::register_product(by(OTHER_MAKER), gtin()),
				Error::GtinNotYours
			);
			let unassigned = with_gs1_check_digit::<14>(b"0055555500001");
			assert_noop!(SupplyChain::register_product(by(MAKER), unassigned), Error::GtinNotYours);
			let own = with_gs1_check_digit::<14>(b"0009876500001");
			assert_ok!(SupplyChain::register_product(by(OTHER_MAKER), own));
		});
	}

	#[test]
	fn the_consortium_assigns_company_prefixes() {
		run(|| {
			let prefixes = |list: &[&str]| -> BoundedVec<CompanyPrefix, ConstU32<2>> {
				list.iter()
					.map(|p| p.as_bytes().to_vec().try_into().unwrap())
					.collect::<Vec<_>>()
					.try_into()
					.unwrap()
			};
			assert_noop!(
				SupplyChain::set_company_prefixes(by(MAKER), MAKER, prefixes(&["0555555"])),
				sp_runtime::DispatchError::BadOrigin
			);
			for bad in [&["123"][..], &["0555x55"], &["0555555", "0555555"]] {
				assert_noop!(
					SupplyChain::set_company_prefixes(RuntimeOrigin::root(), MAKER, prefixes(bad)),
					Error::InvalidCompanyPrefix
				);
			}
			assert_noop!(
				SupplyChain::set_company_prefixes(
					RuntimeOrigin::root(),
					MAKER,
					prefixes(&["0098765"])
				),
				Error::PrefixTaken
			);
			assert_noop!(
				SupplyChain::set_company_prefixes(
					RuntimeOrigin::root(),
					LAB,
					prefixes(&["0555555"])
				),
				Error::NotATradingPartner
			);
			assert_ok!(SupplyChain::set_company_prefixes(
				RuntimeOrigin::root(),
				MAKER,
				prefixes(&["0555555"])
			));
			assert_eq!(
				last_event(),
				Event::CompanyPrefixesSet { organisation: MAKER, prefixes: prefixes(&["0555555"]) }
			);
			// The old prefixes are free again; the new one is the maker's.
			assert_eq!(
				CompanyPrefixes::<Test>::get(CompanyPrefix::truncate_from(b"0012345".to_vec())),
				None
			);
			let new = with_gs1_check_digit::<14>(b"0055555500001");
			assert_ok!(SupplyChain::register_product(by(MAKER), new));
			assert_noop!(SupplyChain::register_product(by(MAKER), gtin()), Error::GtinNotYours);
		});
	}

	#[test]
	fn ownership_moves_in_two_steps_and_old_units_stay_authentic() {
		run(|| {
			commissioned(1..=1);
			assert_ok!(SupplyChain::offer_product(by(MAKER), gtin(), OTHER_MAKER));
			assert_eq!(
				last_event(),
				Event::ProductOwnershipOffered {
					gtin: gtin(),
					owner: MAKER,
					offered_to: OTHER_MAKER
				}
			);
			assert_eq!(
				Products::<Test>::get(gtin()).unwrap().owner,
				MAKER,
				"not before acceptance"
			);
			advance(1_000);
			assert_ok!(SupplyChain::accept_product(by(OTHER_MAKER), gtin()));
			let product = Products::<Test>::get(gtin()).unwrap();
			assert_eq!((product.owner, product.offered_to), (OTHER_MAKER, None));
			assert_eq!(
				product.owners.into_inner(),
				vec![(MAKER, START), (OTHER_MAKER, START + 1_000)]
			);
			assert_eq!(
				last_event(),
				Event::ProductOwnershipTransferred { gtin: gtin(), from: MAKER, to: OTHER_MAKER }
			);
			assert!(SupplyChain::report(&identifier(1)).unwrap().authentic);
			// The new owner commissions; the old one no more.
			assert_noop!(
				SupplyChain::commission(by(MAKER), gtin(), lot("L2"), EXPIRY, serials(2..=2)),
				Error::NotTheOwner
			);
			assert_ok!(SupplyChain::commission(
				by(OTHER_MAKER),
				gtin(),
				lot("L2"),
				EXPIRY,
				serials(2..=2)
			));
			// MaxOwners is 2: the oldest owner is dropped from the record.
			assert_ok!(SupplyChain::offer_product(by(OTHER_MAKER), gtin(), MAKER));
			assert_ok!(SupplyChain::accept_product(by(MAKER), gtin()));
			let owners: Vec<_> =
				Products::<Test>::get(gtin()).unwrap().owners.iter().map(|(o, _)| *o).collect();
			assert_eq!(owners, vec![OTHER_MAKER, MAKER]);
		});
	}

	#[test]
	fn ownership_offers_are_checked() {
		run(|| {
			assert_noop!(
				SupplyChain::offer_product(by(MAKER), gtin(), OTHER_MAKER),
				Error::UnknownProduct
			);
			assert_noop!(
				SupplyChain::accept_product(by(OTHER_MAKER), gtin()),
				Error::UnknownProduct
			);
			assert_ok!(SupplyChain::register_product(by(MAKER), gtin()));
			assert_noop!(
				SupplyChain::offer_product(by(OTHER_MAKER), gtin(), OTHER_MAKER),
				Error::NotTheOwner
			);
			assert_noop!(
				SupplyChain::offer_product(by(MAKER), gtin(), MAKER),
				Error::AlreadyTheOwner
			);
			assert_noop!(
				SupplyChain::offer_product(by(MAKER), gtin(), DISTRIBUTOR),
				Error::NotAManufacturer
			);
			assert_noop!(
				SupplyChain::offer_product(by(MAKER), gtin(), 99),
				Error::NotAManufacturer
			);
			assert_noop!(
				SupplyChain::accept_product(by(OTHER_MAKER), gtin()),
				Error::NotOfferedToYou
			);
		});
	}
}

mod commissioning {
	use super::*;

	#[test]
	fn the_owner_commissions_serialized_units_of_a_lot() {
		run(|| {
			commissioned(1..=3);
			assert_eq!(
				last_event(),
				Event::UnitsCommissioned {
					gtin: gtin(),
					lot: lot("L1"),
					expiry: EXPIRY,
					serials: serials(1..=3),
					by: MAKER,
				}
			);
			let lot = Lots::<Test>::get(lot_key("L1")).unwrap();
			assert_eq!(
				(lot.expiry, lot.state, lot.recalled_at, lot.units),
				(EXPIRY, LotState::Released, None, 3)
			);
			let report = SupplyChain::report(&identifier(2)).unwrap();
			assert!(report.authentic);
			assert_eq!(
				(report.status, report.custodian, report.commissioned_by),
				(UnitStatus::Active, MAKER, MAKER)
			);
			let history = SupplyChain::full_history(&unit_item(2));
			assert_eq!(history.len(), 1);
			assert_eq!(
				(history[0].step, history[0].disposition),
				(BizStep::Commissioning, Disposition::Active)
			);
			// More units of the same lot, in a later batch.
			commissioned(4..=4);
			assert_eq!(Lots::<Test>::get(lot_key("L1")).unwrap().units, 4);
		});
	}

	#[test]
	fn bad_batches_are_refused() {
		run(|| {
			assert_noop!(
				SupplyChain::commission(by(MAKER), gtin(), lot("L1"), EXPIRY, serials(1..=1)),
				Error::UnknownProduct
			);
			commissioned(1..=2);
			let commission = |lot_name: &str, expiry: u64, serials: SerialsOf<Test>| {
				SupplyChain::commission(by(MAKER), gtin(), lot(lot_name), expiry, serials)
			};
			assert_noop!(commission("L1", EXPIRY, Default::default()), Error::NothingToDo);
			assert_noop!(commission("L 1", EXPIRY, serials(3..=3)), Error::InvalidCode);
			let bad_serial: SerialsOf<Test> =
				vec![b"SN#1".to_vec().try_into().unwrap()].try_into().unwrap();
			assert_noop!(commission("L1", EXPIRY, bad_serial), Error::InvalidCode);
			assert_noop!(commission("L2", START, serials(3..=3)), Error::ExpiryInPast);
			assert_noop!(commission("L1", EXPIRY + 1, serials(3..=3)), Error::LotExpiryMismatch);
			assert_noop!(commission("L2", EXPIRY, serials(2..=3)), Error::SerialTaken);
			let twice: SerialsOf<Test> = vec![serial(5), serial(5)].try_into().unwrap();
			assert_noop!(commission("L2", EXPIRY, twice), Error::SerialTaken);
			assert_noop!(
				SupplyChain::commission(by(OTHER_MAKER), gtin(), lot("L2"), EXPIRY, serials(3..=3)),
				Error::NotTheOwner
			);
			assert_ok!(SupplyChain::recall_lot(by(MAKER), lot_key("L1"), doc(1)));
			assert_noop!(commission("L1", EXPIRY, serials(3..=3)), Error::LotNotReleased);
			assert_noop!(
				SupplyChain::flag_suspect(by(MAKER), Target::Lot(lot_key("L1")), doc(1)),
				Error::AlreadyQuarantined
			);
		});
	}
}

mod aggregation {
	use super::*;

	#[test]
	fn units_pack_into_cases_and_cases_into_a_pallet() {
		run(|| {
			pallet_of_two_cases();
			let pallet = Containers::<Test>::get(sscc(3)).unwrap();
			assert_eq!(pallet.level, 2);
			assert_eq!(pallet.lots.into_inner(), vec![(lot_key("L1"), 8)]);
			assert_eq!(pallet.place, Place::Held(MAKER));
			assert_eq!(Containers::<Test>::get(sscc(1)).unwrap().place, Place::Inside(sscc(3)));
			assert_eq!(Units::<Test>::get(unit(1)).unwrap().place, Place::Inside(sscc(1)));
			let report = SupplyChain::report(&identifier(1)).unwrap();
			assert_eq!(
				(report.custodian, report.container, report.status),
				(MAKER, Some(sscc(1)), UnitStatus::Active)
			);
			assert_eq!(last_event(), Event::Packed { container: sscc(3), items: 2, by: MAKER });
		});
	}

	#[test]
	fn a_container_can_be_topped_up_and_emptied() {
		run(|| {
			commissioned(1..=3);
			assert_ok!(SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(1)])));
			assert_ok!(SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(2), unit_item(3)])));
			assert_eq!(last_event(), Event::Packed { container: sscc(1), items: 2, by: MAKER });
			assert_eq!(Containers::<Test>::get(sscc(1)).unwrap().children.len(), 3);
			assert_ok!(SupplyChain::unpack(by(MAKER), sscc(1)));
			assert_eq!(last_event(), Event::Unpacked { container: sscc(1), items: 3, by: MAKER });
			let case = Containers::<Test>::get(sscc(1)).unwrap();
			assert!(case.children.is_empty() && case.lots.is_empty());
			assert_eq!((case.level, case.quarantined), (0, 0));
			assert_eq!(Units::<Test>::get(unit(2)).unwrap().place, Place::Held(MAKER));
			assert_noop!(SupplyChain::unpack(by(MAKER), sscc(1)), Error::ContainerEmpty);
		});
	}

	#[test]
	fn packing_refuses_what_cannot_go_in() {
		run(|| {
			commissioned(1..=6);
			assert_noop!(SupplyChain::pack(by(MAKER), sscc(1), items(&[])), Error::NothingToDo);
			let mut bad = sscc(1);
			bad[17] = if bad[17] == b'9' { b'0' } else { bad[17] + 1 };
			assert_noop!(
				SupplyChain::pack(by(MAKER), bad, items(&[unit_item(1)])),
				Error::InvalidSscc
			);
			assert_noop!(
				SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(99)])),
				Error::UnknownUnit
			);
			assert_noop!(
				SupplyChain::pack(by(MAKER), sscc(1), items(&[Item::Container(sscc(9))])),
				Error::UnknownContainer
			);
			// Attack: naming a new container with another company's SSCC.
			assert_noop!(
				SupplyChain::pack(by(DISTRIBUTOR), sscc(1), items(&[unit_item(1)])),
				Error::SsccNotYours
			);
			assert_noop!(
				SupplyChain::pack(by(DISTRIBUTOR), sscc_of(DISTRIBUTOR, 1), items(&[unit_item(1)])),
				Error::NotHeldByYou
			);
			assert_noop!(
				SupplyChain::pack(signed(&stranger()), sscc(1), items(&[unit_item(1)])),
				Error::NotATradingPartner
			);
			assert_ok!(SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(1)])));
			assert_noop!(
				SupplyChain::pack(by(MAKER), sscc(1), items(&[Item::Container(sscc(1))])),
				Error::ContainerIntoItself
			);
			assert_noop!(
				SupplyChain::pack(by(MAKER), sscc(2), items(&[unit_item(1)])),
				Error::PackedInContainer
			);
			// MaxChildren is 4.
			assert_noop!(
				SupplyChain::pack(
					by(MAKER),
					sscc(1),
					items(&[unit_item(2), unit_item(3), unit_item(4), unit_item(5)])
				),
				Error::ContainerFull
			);
			// Nesting: case 1 in 2 in 3; 3 cannot go into a fourth level.
			assert_ok!(SupplyChain::pack(by(MAKER), sscc(2), items(&[Item::Container(sscc(1))])));
			assert_ok!(SupplyChain::pack(by(MAKER), sscc(3), items(&[Item::Container(sscc(2))])));
			assert_noop!(
				SupplyChain::pack(by(MAKER), sscc(4), items(&[Item::Container(sscc(3))])),
				Error::NestingTooDeep
			);
			assert_noop!(
				SupplyChain::pack(by(MAKER), sscc(2), items(&[unit_item(2)])),
				Error::PackedInContainer
			);
			assert_noop!(SupplyChain::unpack(by(MAKER), sscc(1)), Error::PackedInContainer);
			assert_noop!(SupplyChain::unpack(by(MAKER), sscc(8)), Error::UnknownContainer);
			assert_noop!(SupplyChain::unpack(by(DISTRIBUTOR), sscc(3)), Error::NotHeldByYou);
		});
	}

	#[test]
	fn a_container_holds_units_of_at_most_max_lots() {
		run(|| {
			commissioned(1..=1);
			for (n, name) in [(2, "L2"), (3, "L3")] {
				assert_ok!(SupplyChain::commission(
					by(MAKER),
					gtin(),
					lot(name),
					EXPIRY,
					serials(n..=n)
				));
			}
			assert_noop!(
				SupplyChain::pack(
					by(MAKER),
					sscc(1),
					items(&[unit_item(1), unit_item(2), unit_item(3)])
				),
				Error::TooManyLots
			);
			assert_ok!(SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(1), unit_item(2)])));
		});
	}

	#[test]
	fn quarantined_expired_or_shipped_items_are_not_packed() {
		run(|| {
			commissioned(1..=3);
			assert_ok!(SupplyChain::flag_suspect(by(MAKER), Target::Unit(unit(1)), doc(1)));
			assert_noop!(
				SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(1)])),
				Error::NotMovable(UnitStatus::Suspect)
			);
			shipped(MAKER, DISTRIBUTOR, &[unit_item(2)]);
			assert_noop!(
				SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(2)])),
				Error::ItemInTransit
			);
			advance(EXPIRY - START);
			assert_noop!(
				SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(3)])),
				Error::NotMovable(UnitStatus::Expired)
			);
		});
	}
}

mod custody {
	use super::*;

	#[test]
	fn a_pallet_ships_and_is_received_with_everything_in_it() {
		run(|| {
			pallet_of_two_cases();
			let unit_steps_before = HistoryLength::<Test>::get(unit_item(1));
			let shipment = shipped(MAKER, DISTRIBUTOR, &[Item::Container(sscc(3))]);
			assert_eq!(
				last_event(),
				Event::Shipped {
					shipment,
					from: MAKER,
					to: DISTRIBUTOR,
					items: 1,
					documents: doc(9),
					is_return: false
				}
			);
			assert_eq!(status(1), UnitStatus::InTransit);
			assert_eq!(SupplyChain::report(&identifier(8)).unwrap().shipment, Some(shipment));
			assert_eq!(
				HistoryLength::<Test>::get(unit_item(1)),
				unit_steps_before,
				"units are not touched"
			);

			assert_ok!(SupplyChain::receive(by(DISTRIBUTOR), shipment));
			assert_eq!(last_event(), Event::Received { shipment, from: MAKER, to: DISTRIBUTOR });
			assert!(Shipments::<Test>::get(shipment).is_none());
			for n in 1..=8 {
				assert_eq!((status(n), custodian(n)), (UnitStatus::Active, DISTRIBUTOR));
			}
			// The unit's history shows the pallet's shipping and receiving.
			let steps: Vec<_> =
				SupplyChain::full_history(&unit_item(1)).iter().map(|e| e.step).collect();
			assert_eq!(
				steps,
				vec![
					BizStep::Commissioning,
					BizStep::Packing,
					BizStep::Packing,
					BizStep::Shipping,
					BizStep::Receiving
				]
			);
		});
	}

	#[test]
	fn a_shipment_goes_down_the_chain_and_returns_go_back_up() {
		run(|| {
			commissioned(1..=4);
			let to_distributor = shipped(MAKER, DISTRIBUTOR, &[unit_item(1), unit_item(2)]);
			assert_ok!(SupplyChain::receive(by(DISTRIBUTOR), to_distributor));
			let between_distributors = shipped(DISTRIBUTOR, OTHER_DISTRIBUTOR, &[unit_item(2)]);
			assert_ok!(SupplyChain::receive(by(OTHER_DISTRIBUTOR), between_distributors));
			let to_pharmacy = shipped(DISTRIBUTOR, PHARMACY, &[unit_item(1)]);
			assert_ok!(SupplyChain::receive(signed(&pharmacist()), to_pharmacy));
			let back = shipped(PHARMACY, DISTRIBUTOR, &[unit_item(1)]);
			assert!(Shipments::<Test>::get(back).unwrap().is_return);
			assert_ok!(SupplyChain::receive(by(DISTRIBUTOR), back));
			// Straight to a hospital, too.
			let direct = shipped(MAKER, HOSPITAL, &[unit_item(3)]);
			assert_ok!(SupplyChain::receive(by(HOSPITAL), direct));
			assert_eq!(custodian(3), HOSPITAL);
		});
	}

	#[test]
	fn only_trading_partners_of_the_right_kinds_ship_to_each_other() {
		run(|| {
			commissioned(1..=2);
			let ship = |from: OrgId, to: OrgId| {
				SupplyChain::ship(by(from), to, shipment_items(&[unit_item(1)]), doc(9))
			};
			assert_noop!(ship(MAKER, OTHER_MAKER), Error::NotTradingPartners);
			assert_noop!(ship(MAKER, MAKER), Error::NotTradingPartners);
			assert_noop!(ship(MAKER, LAB), Error::NotTradingPartners);
			assert_noop!(ship(MAKER, REGULATOR), Error::NotTradingPartners);
			assert_noop!(ship(MAKER, 99), Error::RecipientNotActive);
			TestRegistry::set_organisation(DISTRIBUTOR, OrgKind::Distributor, OrgStatus::Suspended);
			assert_noop!(ship(MAKER, DISTRIBUTOR), Error::RecipientNotActive);
			assert_noop!(
				SupplyChain::ship(by(MAKER), PHARMACY, shipment_items(&[]), doc(9)),
				Error::NothingToDo
			);
			assert_noop!(ship(LAB, PHARMACY), Error::NotATradingPartner);
			// Dispensers do not ship to each other.
			let to_pharmacy = shipped(MAKER, PHARMACY, &[unit_item(1)]);
			assert_ok!(SupplyChain::receive(by(PHARMACY), to_pharmacy));
			assert_noop!(ship(PHARMACY, HOSPITAL), Error::NotTradingPartners);
			assert_noop!(ship(HOSPITAL, PHARMACY), Error::NotTradingPartners);
			assert_noop!(ship(OTHER_DISTRIBUTOR, PHARMACY), Error::NotHeldByYou);
		});
	}

	#[test]
	fn receiving_and_cancelling_are_for_the_recipient_and_the_sender() {
		run(|| {
			commissioned(1..=2);
			let shipment = shipped(MAKER, DISTRIBUTOR, &[unit_item(1), unit_item(2)]);
			assert_noop!(
				SupplyChain::ship(by(MAKER), PHARMACY, shipment_items(&[unit_item(1)]), doc(9)),
				Error::ItemInTransit
			);
			assert_noop!(SupplyChain::receive(by(PHARMACY), shipment), Error::NotTheRecipient);
			assert_noop!(
				SupplyChain::cancel_shipment(by(DISTRIBUTOR), shipment),
				Error::NotTheSender
			);
			assert_noop!(SupplyChain::receive(by(DISTRIBUTOR), 7), Error::UnknownShipment);
			assert_noop!(SupplyChain::cancel_shipment(by(MAKER), 7), Error::UnknownShipment);
			assert_ok!(SupplyChain::cancel_shipment(by(MAKER), shipment));
			assert_eq!(
				last_event(),
				Event::ShipmentCancelled { shipment, from: MAKER, to: DISTRIBUTOR }
			);
			assert_eq!((custodian(1), status(1)), (MAKER, UnitStatus::Active));
			assert_eq!(
				SupplyChain::own_history(&unit_item(1)).last().unwrap().step,
				BizStep::VoidShipping
			);
			assert_noop!(SupplyChain::receive(by(DISTRIBUTOR), shipment), Error::UnknownShipment);
		});
	}

	#[test]
	fn a_pharmacy_dispenses_a_unit_ending_its_commercial_life() {
		run(|| {
			commissioned(1..=3);
			let shipment = shipped(MAKER, PHARMACY, &[unit_item(1), unit_item(2)]);
			assert_ok!(SupplyChain::receive(by(PHARMACY), shipment));
			assert_ok!(SupplyChain::dispense(signed(&pharmacist()), unit(1)));
			assert_eq!(last_event(), Event::Dispensed { unit: unit(1), by: PHARMACY });
			assert_eq!(status(1), UnitStatus::Dispensed);
			assert_eq!(<SupplyChain as ProductVerifier>::dispensed(PHARMACY), 1);
			assert_ok!(SupplyChain::dispense(by(PHARMACY), unit(2)));
			assert_eq!(<SupplyChain as ProductVerifier>::dispensed(PHARMACY), 2);
			assert_eq!(<SupplyChain as ProductVerifier>::dispensed(DISTRIBUTOR), 0);
			assert_noop!(
				SupplyChain::dispense(by(PHARMACY), unit(1)),
				Error::NotMovable(UnitStatus::Dispensed)
			);
			assert_noop!(
				SupplyChain::ship(
					by(PHARMACY),
					DISTRIBUTOR,
					shipment_items(&[unit_item(1)]),
					doc(9)
				),
				Error::NotMovable(UnitStatus::Dispensed)
			);
		});
	}

	#[test]
	fn dispensing_is_by_a_dispenser_holding_a_loose_active_unit() {
		run(|| {
			commissioned(1..=2);
			assert_noop!(SupplyChain::dispense(by(DISTRIBUTOR), unit(1)), Error::NotADispenser);
			assert_noop!(SupplyChain::dispense(by(PHARMACY), unit(1)), Error::NotHeldByYou);
			assert_noop!(SupplyChain::dispense(by(PHARMACY), unit(9)), Error::UnknownUnit);
			assert_ok!(SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(1)])));
			let shipment = shipped(MAKER, PHARMACY, &[Item::Container(sscc(1)), unit_item(2)]);
			assert_ok!(SupplyChain::receive(by(PHARMACY), shipment));
			assert_noop!(SupplyChain::dispense(by(PHARMACY), unit(1)), Error::PackedInContainer);
			assert_ok!(SupplyChain::unpack(by(PHARMACY), sscc(1)));
			assert_ok!(SupplyChain::dispense(by(PHARMACY), unit(1)));
		});
	}

	#[test]
	fn a_custodian_decommissions_a_unit_for_a_reason() {
		run(|| {
			commissioned(1..=5);
			let expected = [
				(1, DecommissionReason::Destroyed, BizStep::Destroying, Disposition::Destroyed),
				(2, DecommissionReason::Sample, BizStep::Decommissioning, Disposition::Inactive),
				(3, DecommissionReason::Damaged, BizStep::Decommissioning, Disposition::Damaged),
				(4, DecommissionReason::Stolen, BizStep::Decommissioning, Disposition::Stolen),
			];
			for (n, reason, step, disposition) in expected {
				assert_ok!(SupplyChain::decommission(by(MAKER), unit(n), reason));
				assert_eq!(
					last_event(),
					Event::Decommissioned { unit: unit(n), by: MAKER, reason }
				);
				let entry = SupplyChain::own_history(&unit_item(n)).pop().unwrap();
				assert_eq!((entry.step, entry.disposition), (step, disposition));
				assert_eq!(status(n), UnitStatus::Decommissioned);
			}
			assert_noop!(
				SupplyChain::decommission(by(MAKER), unit(1), DecommissionReason::Destroyed),
				Error::CommercialLifeEnded
			);
			assert_noop!(
				SupplyChain::decommission(by(MAKER), unit(9), DecommissionReason::Destroyed),
				Error::UnknownUnit
			);
			assert_noop!(
				SupplyChain::decommission(by(DISTRIBUTOR), unit(5), DecommissionReason::Destroyed),
				Error::NotHeldByYou
			);
			// An expired unit is decommissioned as expired; a suspect one waits.
			assert_ok!(SupplyChain::commission(
				by(MAKER),
				gtin(),
				lot("L2"),
				START + DAY_MS,
				serials(6..=7)
			));
			assert_ok!(SupplyChain::flag_suspect(by(MAKER), Target::Unit(unit(7)), doc(1)));
			advance(DAY_MS);
			assert_ok!(SupplyChain::decommission(by(MAKER), unit(6), DecommissionReason::Expired));
			assert_eq!(
				SupplyChain::own_history(&unit_item(6)).pop().unwrap().disposition,
				Disposition::Expired
			);
			assert_noop!(
				SupplyChain::decommission(by(MAKER), unit(7), DecommissionReason::Destroyed),
				Error::NotMovable(UnitStatus::Suspect)
			);
		});
	}
}

/// What a receiving dock lists: the shipments on their way to its organisation.
mod incoming {
	use super::*;
	use caduceus_primitives::QueryError;

	fn waiting(org: OrgId, after: Option<ShipmentId>, limit: u32) -> Vec<ShipmentId> {
		SupplyChain::shipments_to(org, after, limit)
			.unwrap()
			.into_iter()
			.map(|(id, _)| id)
			.collect()
	}

	#[test]
	fn a_recipient_lists_what_is_on_its_way_until_received_or_cancelled() {
		run(|| {
			commissioned(1..=4);
			let ids: Vec<_> =
				(1..=3).map(|n| shipped(MAKER, DISTRIBUTOR, &[unit_item(n)])).collect();
			let elsewhere = shipped(MAKER, HOSPITAL, &[unit_item(4)]);
			assert_eq!(waiting(DISTRIBUTOR, None, 2), [ids[2], ids[1]]);
			assert_eq!(waiting(DISTRIBUTOR, Some(ids[1]), 2), [ids[0]]);
			let page = SupplyChain::shipments_to(DISTRIBUTOR, None, 1).unwrap();
			assert_eq!((page[0].1.from, page[0].1.items.to_vec()), (MAKER, vec![unit_item(3)]));
			assert_eq!(waiting(HOSPITAL, None, 10), [elsewhere]);

			assert_ok!(SupplyChain::receive(by(DISTRIBUTOR), ids[1]));
			assert_ok!(SupplyChain::cancel_shipment(by(MAKER), ids[2]));
			assert_eq!(waiting(DISTRIBUTOR, None, 10), [ids[0]], "received and cancelled leave");
			assert!(waiting(PHARMACY, None, 10).is_empty());

			let bad = |org, limit| SupplyChain::shipments_to(org, None, limit);
			assert_eq!(bad(DISTRIBUTOR, 0), Err(QueryError::BadPageSize));
			assert_eq!(bad(DISTRIBUTOR, 11), Err(QueryError::BadPageSize));
			assert_eq!(bad(77, 1), Err(QueryError::UnknownOrganisation));
		});
	}

	/// Version 3 → 4 on shipments made before the lists existed.
	#[test]
	fn version_3_shipments_on_their_way_are_listed_under_their_recipient() {
		use crate::migrations::v4::MigrateToV4;
		use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
		run(|| {
			commissioned(1..=3);
			let first = shipped(MAKER, DISTRIBUTOR, &[unit_item(1)]);
			let second = shipped(MAKER, DISTRIBUTOR, &[unit_item(2)]);
			let received = shipped(MAKER, HOSPITAL, &[unit_item(3)]);
			assert_ok!(SupplyChain::receive(by(HOSPITAL), received));
			let _ = InTransitTo::<Test>::clear(u32::MAX, None);
			StorageVersion::new(3).put::<SupplyChain>();

			MigrateToV4::<Test>::on_runtime_upgrade();

			assert_eq!(SupplyChain::on_chain_storage_version(), 4);
			assert_eq!(waiting(DISTRIBUTOR, None, 10), [second, first]);
			assert!(waiting(HOSPITAL, None, 10).is_empty());
			// `run` checks every invariant now, the lists included.
		});
	}
}

mod verification {
	use super::*;

	#[test]
	fn anyone_verifies_a_product_identifier() {
		run(|| {
			commissioned(1..=1);
			assert!(SupplyChain::report(&identifier(1)).unwrap().authentic);
			let mut wrong_lot = identifier(1);
			wrong_lot.lot = lot("L9");
			assert!(!SupplyChain::report(&wrong_lot).unwrap().authentic);
			let mut wrong_expiry = identifier(1);
			wrong_expiry.expiry += 1;
			assert!(!SupplyChain::report(&wrong_expiry).unwrap().authentic);
			assert!(SupplyChain::report(&identifier(2)).is_none());
		});
	}

	#[test]
	fn a_distributor_records_saleable_return_verifications_whatever_the_answer() {
		run(|| {
			commissioned(1..=3);
			let shipment = shipped(MAKER, PHARMACY, &[unit_item(1), unit_item(2)]);
			assert_ok!(SupplyChain::receive(by(PHARMACY), shipment));
			let back = shipped(PHARMACY, DISTRIBUTOR, &[unit_item(1), unit_item(2)]);
			let mut wrong = identifier(2);
			wrong.lot = lot("L9");
			let cases = [
				(identifier(1), Verification::Verified),
				(identifier(9), Verification::UnknownUnit),
				(wrong, Verification::Mismatch),
			];
			for (identifier, answer) in cases {
				assert_ok!(SupplyChain::verify_return(by(DISTRIBUTOR), identifier.clone()));
				assert_eq!(
					last_event(),
					Event::ReturnVerified { identifier, by: DISTRIBUTOR, answer }
				);
			}
			assert_ok!(SupplyChain::receive(by(DISTRIBUTOR), back));
			assert_ok!(SupplyChain::recall_lot(by(MAKER), lot_key("L1"), doc(2)));
			assert_ok!(SupplyChain::verify_return(by(DISTRIBUTOR), identifier(1)));
			assert_eq!(
				last_event(),
				Event::ReturnVerified {
					identifier: identifier(1),
					by: DISTRIBUTOR,
					answer: Verification::NotSaleable(UnitStatus::Recalled),
				}
			);
			let entry = SupplyChain::own_history(&unit_item(1)).pop().unwrap();
			assert_eq!((entry.step, entry.by), (BizStep::Inspecting, DISTRIBUTOR));
			assert_noop!(
				SupplyChain::verify_return(by(PHARMACY), identifier(1)),
				Error::NotADistributor
			);
		});
	}

	#[test]
	fn a_distributor_verifies_only_what_it_holds_or_receives() {
		run(|| {
			commissioned(1..=1);
			assert_noop!(
				SupplyChain::verify_return(by(DISTRIBUTOR), identifier(1)),
				Error::NotHeldByYou
			);
			// On its way to the distributor, but not a return: not yet saleable by it.
			shipped(MAKER, DISTRIBUTOR, &[unit_item(1)]);
			assert_ok!(SupplyChain::verify_return(by(DISTRIBUTOR), identifier(1)));
			assert_eq!(
				last_event(),
				Event::ReturnVerified {
					identifier: identifier(1),
					by: DISTRIBUTOR,
					answer: Verification::NotSaleable(UnitStatus::InTransit),
				}
			);
			assert_noop!(
				SupplyChain::verify_return(by(OTHER_DISTRIBUTOR), identifier(1)),
				Error::NotHeldByYou
			);
		});
	}
}

mod quarantine {
	use super::*;

	#[test]
	fn a_suspect_unit_deep_in_a_pallet_holds_the_pallet_until_cleared() {
		run(|| {
			pallet_of_two_cases();
			assert_ok!(SupplyChain::flag_suspect(by(MAKER), Target::Unit(unit(6)), doc(1)));
			assert_eq!(
				last_event(),
				Event::SuspectFlagged { target: Target::Unit(unit(6)), by: MAKER, report: doc(1) }
			);
			assert_eq!(Containers::<Test>::get(sscc(3)).unwrap().quarantined, 1);
			assert_eq!(status(6), UnitStatus::Suspect);
			assert_eq!(status(5), UnitStatus::Active);
			let pallet = shipment_items(&[Item::Container(sscc(3))]);
			assert_noop!(
				SupplyChain::ship(by(MAKER), DISTRIBUTOR, pallet.clone(), doc(9)),
				Error::NotMovable(UnitStatus::Suspect)
			);
			assert_ok!(SupplyChain::clear_suspect(by(REGULATOR), Target::Unit(unit(6)), doc(2)));
			assert_eq!(
				last_event(),
				Event::SuspicionCleared {
					target: Target::Unit(unit(6)),
					by: REGULATOR,
					report: doc(2)
				}
			);
			assert_eq!(Containers::<Test>::get(sscc(2)).unwrap().quarantined, 0);
			assert_ok!(SupplyChain::ship(by(MAKER), DISTRIBUTOR, pallet, doc(9)));
		});
	}

	#[test]
	fn quarantine_counts_follow_unpacking_transit_and_declarations() {
		run(|| {
			pallet_of_two_cases();
			let shipment = shipped(MAKER, DISTRIBUTOR, &[Item::Container(sscc(3))]);
			// Flagged in transit, received, then the pallet is broken down.
			assert_ok!(SupplyChain::flag_suspect(by(DISTRIBUTOR), Target::Unit(unit(2)), doc(1)));
			assert_ok!(SupplyChain::receive(by(DISTRIBUTOR), shipment));
			SupplyChain::do_try_state().unwrap();
			assert_ok!(SupplyChain::unpack(by(DISTRIBUTOR), sscc(3)));
			assert_eq!(Containers::<Test>::get(sscc(1)).unwrap().quarantined, 1);
			// Case 2 moves on; case 1 waits; suspect becomes illegitimate without counting twice.
			assert_ok!(SupplyChain::ship(
				by(DISTRIBUTOR),
				PHARMACY,
				shipment_items(&[Item::Container(sscc(2))]),
				doc(9)
			));
			assert_ok!(SupplyChain::declare_illegitimate(by(MAKER), Target::Unit(unit(2)), doc(3)));
			assert_eq!(Containers::<Test>::get(sscc(1)).unwrap().quarantined, 1);
			assert_noop!(
				SupplyChain::ship(
					by(DISTRIBUTOR),
					PHARMACY,
					shipment_items(&[Item::Container(sscc(1))]),
					doc(9)
				),
				Error::NotMovable(UnitStatus::Suspect)
			);
			// Opening the case isolates the unit; the rest moves on.
			assert_ok!(SupplyChain::unpack(by(DISTRIBUTOR), sscc(1)));
			assert_ok!(SupplyChain::ship(
				by(DISTRIBUTOR),
				PHARMACY,
				shipment_items(&[unit_item(1), unit_item(3)]),
				doc(9)
			));
			assert_noop!(
				SupplyChain::ship(
					by(DISTRIBUTOR),
					PHARMACY,
					shipment_items(&[unit_item(2)]),
					doc(9)
				),
				Error::NotMovable(UnitStatus::Illegitimate)
			);
		});
	}

	#[test]
	fn a_suspect_lot_holds_every_unit_and_container_of_it() {
		run(|| {
			pallet_of_two_cases();
			commissioned(9..=9);
			assert_ok!(SupplyChain::flag_suspect(by(MAKER), Target::Lot(lot_key("L1")), doc(1)));
			assert_eq!(Lots::<Test>::get(lot_key("L1")).unwrap().state, LotState::Suspect);
			assert_eq!(status(1), UnitStatus::Suspect);
			for item in [Item::Container(sscc(3)), unit_item(9)] {
				assert_noop!(
					SupplyChain::ship(by(MAKER), DISTRIBUTOR, shipment_items(&[item]), doc(9)),
					Error::NotMovable(UnitStatus::Suspect)
				);
			}
			assert_ok!(SupplyChain::clear_suspect(by(MAKER), Target::Lot(lot_key("L1")), doc(2)));
			assert_eq!(status(1), UnitStatus::Active);
		});
	}

	#[test]
	fn the_owner_or_a_regulator_declares_illegitimate_and_partners_are_notified() {
		run(|| {
			commissioned(1..=3);
			assert_ok!(SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(2)])));
			assert_ok!(SupplyChain::flag_suspect(by(MAKER), Target::Unit(unit(1)), doc(1)));
			assert_ok!(SupplyChain::declare_illegitimate(
				by(REGULATOR),
				Target::Unit(unit(1)),
				doc(3)
			));
			assert_eq!(
				last_event(),
				Event::IllegitimateDeclared {
					target: Target::Unit(unit(1)),
					by: REGULATOR,
					notice: doc(3)
				}
			);
			assert_eq!(status(1), UnitStatus::Illegitimate);
			// Straight from active, inside a case: the case is held.
			assert_ok!(SupplyChain::declare_illegitimate(by(MAKER), Target::Unit(unit(2)), doc(3)));
			assert_eq!(Containers::<Test>::get(sscc(1)).unwrap().quarantined, 1);
			assert_ok!(SupplyChain::declare_illegitimate(
				by(MAKER),
				Target::Lot(lot_key("L1")),
				doc(3)
			));
			assert_eq!(status(3), UnitStatus::Illegitimate);
			assert_noop!(
				SupplyChain::declare_illegitimate(by(MAKER), Target::Lot(lot_key("L1")), doc(3)),
				Error::AlreadyQuarantined
			);
			assert_noop!(
				SupplyChain::declare_illegitimate(by(MAKER), Target::Unit(unit(1)), doc(3)),
				Error::AlreadyQuarantined
			);
			// Illegitimate units are destroyed.
			assert_ok!(SupplyChain::unpack(by(MAKER), sscc(1)));
			assert_ok!(SupplyChain::decommission(
				by(MAKER),
				unit(2),
				DecommissionReason::Destroyed
			));
		});
	}

	#[test]
	fn quarantine_calls_are_checked() {
		run(|| {
			commissioned(1..=1);
			let flag =
				|who: OrgId, target: Target| SupplyChain::flag_suspect(by(who), target, doc(1));
			assert_noop!(flag(MAKER, Target::Unit(unit(9))), Error::UnknownUnit);
			assert_noop!(flag(MAKER, Target::Lot(lot_key("L9"))), Error::UnknownLot);
			assert_noop!(
				SupplyChain::flag_suspect(signed(&stranger()), Target::Unit(unit(1)), doc(1)),
				Error::NotATradingPartner
			);
			assert_ok!(flag(REGULATOR, Target::Unit(unit(1))));
			assert_noop!(
				SupplyChain::flag_suspect(by(MAKER), Target::Unit(unit(1)), doc(5)),
				Error::AlreadyQuarantined
			);
			assert_ok!(flag(MAKER, Target::Lot(lot_key("L1"))));
			assert_noop!(
				SupplyChain::flag_suspect(by(REGULATOR), Target::Lot(lot_key("L1")), doc(5)),
				Error::AlreadyQuarantined
			);
			let clear =
				|who: OrgId, target: Target| SupplyChain::clear_suspect(by(who), target, doc(2));
			assert_noop!(clear(PHARMACY, Target::Unit(unit(1))), Error::NotOwnerOrRegulator);
			assert_noop!(
				clear(OTHER_MAKER, Target::Lot(lot_key("L1"))),
				Error::NotOwnerOrRegulator
			);
			assert_noop!(
				SupplyChain::clear_suspect(signed(&stranger()), Target::Unit(unit(1)), doc(2)),
				Error::NotOwnerOrRegulator
			);
			assert_ok!(clear(MAKER, Target::Unit(unit(1))));
			assert_noop!(clear(MAKER, Target::Unit(unit(1))), Error::NotSuspect);
			assert_ok!(clear(MAKER, Target::Lot(lot_key("L1"))));
			assert_noop!(clear(MAKER, Target::Lot(lot_key("L1"))), Error::NotSuspect);
			assert_noop!(clear(MAKER, Target::Unit(unit(9))), Error::UnknownUnit);
			assert_noop!(clear(MAKER, Target::Lot(lot_key("L9"))), Error::UnknownLot);
			assert_noop!(
				SupplyChain::declare_illegitimate(by(PHARMACY), Target::Unit(unit(1)), doc(3)),
				Error::NotOwnerOrRegulator
			);
			assert_noop!(
				SupplyChain::recall_lot(by(PHARMACY), lot_key("L1"), doc(4)),
				Error::NotOwnerOrRegulator
			);
			assert_noop!(
				SupplyChain::recall_lot(by(MAKER), lot_key("L9"), doc(4)),
				Error::UnknownLot
			);
		});
	}

	/// Attack: a trading partner that never handled a maker's product freezes one of its units
	/// or its whole lot network-wide.
	#[test]
	fn a_partner_without_the_product_in_hand_cannot_quarantine_it() {
		run(|| {
			commissioned(1..=2);
			for who in [PHARMACY, DISTRIBUTOR, OTHER_MAKER] {
				assert_noop!(
					SupplyChain::flag_suspect(by(who), Target::Unit(unit(1)), doc(1)),
					Error::NotHolderOwnerOrRegulator
				);
				assert_noop!(
					SupplyChain::flag_suspect(by(who), Target::Lot(lot_key("L1")), doc(1)),
					Error::NotOwnerOrRegulator
				);
			}
			// The recipient of a shipment carrying the unit has it in hand, and so has its
			// custodian once received; a holder still cannot freeze the whole lot.
			let shipment = shipped(MAKER, PHARMACY, &[unit_item(1), unit_item(2)]);
			assert_ok!(SupplyChain::flag_suspect(by(PHARMACY), Target::Unit(unit(1)), doc(1)));
			assert_ok!(SupplyChain::receive(by(PHARMACY), shipment));
			assert_ok!(SupplyChain::flag_suspect(by(PHARMACY), Target::Unit(unit(2)), doc(1)));
			assert_noop!(
				SupplyChain::flag_suspect(by(PHARMACY), Target::Lot(lot_key("L1")), doc(1)),
				Error::NotOwnerOrRegulator
			);
		});
	}

	/// Attack: re-flagging a suspicion the owner just cleared, on the same report, to keep a
	/// product off the market.
	#[test]
	fn a_cleared_suspicion_is_flagged_again_only_on_a_new_report() {
		run(|| {
			commissioned(1..=1);
			let shipment = shipped(MAKER, PHARMACY, &[unit_item(1)]);
			assert_ok!(SupplyChain::receive(by(PHARMACY), shipment));
			assert_ok!(SupplyChain::flag_suspect(by(PHARMACY), Target::Unit(unit(1)), doc(1)));
			assert_ok!(SupplyChain::clear_suspect(by(MAKER), Target::Unit(unit(1)), doc(2)));
			assert_noop!(
				SupplyChain::flag_suspect(by(PHARMACY), Target::Unit(unit(1)), doc(1)),
				Error::ReportAlreadyUsed
			);
			assert_ok!(SupplyChain::flag_suspect(by(PHARMACY), Target::Unit(unit(1)), doc(7)));
			assert_eq!(status(1), UnitStatus::Suspect);
		});
	}

	/// FDA notification termination: a regulator consents, the owner ends the notification.
	#[test]
	fn the_owner_ends_an_illegitimacy_with_a_regulators_consent() {
		run(|| {
			commissioned(1..=2);
			let unit_target = Target::Unit(unit(1));
			assert_noop!(
				SupplyChain::consent_to_termination(by(REGULATOR), unit_target.clone()),
				Error::NotIllegitimate
			);
			assert_ok!(SupplyChain::declare_illegitimate(by(MAKER), unit_target.clone(), doc(3)));
			assert_noop!(
				SupplyChain::terminate_illegitimacy(by(MAKER), unit_target.clone(), doc(4)),
				Error::NoRegulatorConsent
			);
			assert_noop!(
				SupplyChain::consent_to_termination(by(MAKER), unit_target.clone()),
				Error::NotARegulator
			);
			assert_ok!(SupplyChain::consent_to_termination(by(REGULATOR), unit_target.clone()));
			assert_eq!(
				last_event(),
				Event::TerminationConsented { target: unit_target.clone(), regulator: REGULATOR }
			);
			assert_noop!(
				SupplyChain::terminate_illegitimacy(by(OTHER_MAKER), unit_target.clone(), doc(4)),
				Error::NotTheOwner
			);
			assert_ok!(SupplyChain::terminate_illegitimacy(by(MAKER), unit_target.clone(), doc(4)));
			assert_eq!(
				last_event(),
				Event::IllegitimacyTerminated {
					target: unit_target.clone(),
					by: MAKER,
					consented_by: REGULATOR,
					notice: doc(4)
				}
			);
			assert_eq!(status(1), UnitStatus::Active);
			// A lot the same way.
			let lot_target = Target::Lot(lot_key("L1"));
			assert_ok!(SupplyChain::declare_illegitimate(
				by(REGULATOR),
				lot_target.clone(),
				doc(5)
			));
			assert_ok!(SupplyChain::consent_to_termination(by(REGULATOR), lot_target.clone()));
			assert_ok!(SupplyChain::terminate_illegitimacy(by(MAKER), lot_target, doc(6)));
			assert_eq!(status(2), UnitStatus::Active);
		});
	}

	#[test]
	fn a_recall_reaches_every_unit_of_the_lot_at_once() {
		run(|| {
			pallet_of_two_cases();
			commissioned(9..=10);
			let shipment = shipped(MAKER, PHARMACY, &[unit_item(9), unit_item(10)]);
			assert_ok!(SupplyChain::receive(by(PHARMACY), shipment));
			assert_ok!(SupplyChain::dispense(by(PHARMACY), unit(9)));
			let in_transit = shipped(MAKER, DISTRIBUTOR, &[Item::Container(sscc(3))]);
			advance(1_000);
			assert_ok!(SupplyChain::recall_lot(by(REGULATOR), lot_key("L1"), doc(4)));
			assert_eq!(
				last_event(),
				Event::LotRecalled {
					gtin: gtin(),
					lot: lot("L1"),
					by: REGULATOR,
					notice: doc(4),
					units: 10
				}
			);
			for n in 1..=10 {
				assert_eq!(status(n), UnitStatus::Recalled, "unit {n}");
			}
			let dispensing = Units::<Test>::get(unit(9)).and_then(|u| u.end?.dispensing());
			assert_eq!(dispensing.map(|(by, _)| by), Some(PHARMACY));
			assert_eq!(<SupplyChain as ProductVerifier>::dispensed(PHARMACY), 1);
			// The recall is in every unit's history, though it wrote to none of them.
			let last = SupplyChain::full_history(&unit_item(5)).pop().unwrap();
			assert_eq!(
				(last.step, last.disposition, last.by),
				(BizStep::Holding, Disposition::Recalled, REGULATOR)
			);
			// The shipment in transit may still be received; nothing of the lot moves on.
			assert_ok!(SupplyChain::receive(by(DISTRIBUTOR), in_transit));
			assert_noop!(
				SupplyChain::ship(
					by(DISTRIBUTOR),
					PHARMACY,
					shipment_items(&[Item::Container(sscc(3))]),
					doc(9)
				),
				Error::NotMovable(UnitStatus::Recalled)
			);
			assert_noop!(
				SupplyChain::dispense(by(PHARMACY), unit(10)),
				Error::NotMovable(UnitStatus::Recalled)
			);
			assert_noop!(
				SupplyChain::recall_lot(by(MAKER), lot_key("L1"), doc(4)),
				Error::AlreadyRecalled
			);
			// Recalled units are returned and destroyed.
			assert_ok!(SupplyChain::decommission(
				by(PHARMACY),
				unit(10),
				DecommissionReason::Destroyed
			));
		});
	}
}

mod history {
	use super::*;

	#[test]
	fn a_units_history_includes_its_containers_steps_while_it_was_in_them() {
		run(|| {
			pallet_of_two_cases();
			let first = shipped(MAKER, DISTRIBUTOR, &[Item::Container(sscc(3))]);
			assert_ok!(SupplyChain::receive(by(DISTRIBUTOR), first));
			assert_ok!(SupplyChain::unpack(by(DISTRIBUTOR), sscc(3)));
			let second = shipped(DISTRIBUTOR, PHARMACY, &[Item::Container(sscc(1))]);
			assert_ok!(SupplyChain::receive(by(PHARMACY), second));
			assert_ok!(SupplyChain::unpack(by(PHARMACY), sscc(1)));
			// The pallet ships again without the case: not in the unit's history.
			assert_ok!(SupplyChain::pack(
				by(DISTRIBUTOR),
				sscc(3),
				items(&[Item::Container(sscc(2))])
			));
			let third = shipped(DISTRIBUTOR, HOSPITAL, &[Item::Container(sscc(3))]);
			assert_ok!(SupplyChain::dispense(by(PHARMACY), unit(1)));
			let steps: Vec<_> =
				SupplyChain::full_history(&unit_item(1)).iter().map(|e| (e.step, e.by)).collect();
			assert_eq!(
				steps,
				vec![
					(BizStep::Commissioning, MAKER),
					(BizStep::Packing, MAKER),  // into case 1
					(BizStep::Packing, MAKER),  // case 1 into the pallet
					(BizStep::Shipping, MAKER), // the pallet
					(BizStep::Receiving, DISTRIBUTOR),
					(BizStep::Unpacking, DISTRIBUTOR), // case 1 out of the pallet
					(BizStep::Shipping, DISTRIBUTOR),  // case 1
					(BizStep::Receiving, PHARMACY),
					(BizStep::Unpacking, PHARMACY), // the unit out of case 1
					(BizStep::Dispensing, PHARMACY),
				]
			);
			let _ = third;
		});
	}

	#[test]
	fn an_items_history_is_bounded() {
		run(|| {
			commissioned(1..=1);
			for _ in 0..5 {
				let shipment = shipped(MAKER, DISTRIBUTOR, &[unit_item(1)]);
				assert_ok!(SupplyChain::cancel_shipment(by(MAKER), shipment));
			}
			// 11 steps, MaxHistoryPerItem 8: the last 8 are kept.
			assert_eq!(HistoryLength::<Test>::get(unit_item(1)), 11);
			let kept: Vec<_> =
				SupplyChain::own_history(&unit_item(1)).iter().map(|e| e.sequence).collect();
			assert_eq!(kept, (3..11).collect::<Vec<_>>());
		});
	}
}

/// What a recall coordinator reads: who holds units of a lot, who has some on the way, who
/// dispensed some.
mod reach {
	use super::*;
	use caduceus_primitives::QueryError;

	fn lot_l1() -> LotKey {
		LotKey { gtin: gtin(), lot: lot("L1") }
	}

	fn reach(held: u32, on_the_way: u32, dispensed: u32) -> Reach {
		Reach { held, on_the_way, dispensed }
	}

	/// The whole reach of lot `L1`, by organisation.
	fn reach_of_l1() -> Vec<(OrgId, Reach)> {
		let mut all = SupplyChain::recall_reach(lot_l1(), None, 10).unwrap();
		all.sort_by_key(|(org, _)| *org);
		all
	}

	#[test]
	fn a_recall_names_who_holds_who_awaits_and_who_dispensed_the_lot() {
		run(|| {
			// 8 units in two cases on a pallet, and 2 loose ones: all at the maker.
			pallet_of_two_cases();
			assert_ok!(SupplyChain::commission(
				by(MAKER),
				gtin(),
				lot("L1"),
				EXPIRY,
				serials(9..=10)
			));
			assert_eq!(reach_of_l1(), [(MAKER, reach(10, 0, 0))]);

			// The pallet and a loose unit go to the distributor: on their way, then held there.
			let to_distributor =
				shipped(MAKER, DISTRIBUTOR, &[Item::Container(sscc(3)), unit_item(9)]);
			assert_eq!(reach_of_l1(), [(MAKER, reach(1, 0, 0)), (DISTRIBUTOR, reach(0, 9, 0))]);
			assert_ok!(SupplyChain::receive(by(DISTRIBUTOR), to_distributor));
			assert_eq!(reach_of_l1(), [(MAKER, reach(1, 0, 0)), (DISTRIBUTOR, reach(9, 0, 0))]);

			// The distributor unpacks a case and sends two units to the pharmacy, which
			// dispenses one; a shipment to the hospital is cancelled.
			assert_ok!(SupplyChain::unpack(by(DISTRIBUTOR), sscc(3)));
			assert_ok!(SupplyChain::unpack(by(DISTRIBUTOR), sscc(1)));
			let to_pharmacy = shipped(DISTRIBUTOR, PHARMACY, &[unit_item(1), unit_item(2)]);
			assert_ok!(SupplyChain::receive(by(PHARMACY), to_pharmacy));
			assert_ok!(SupplyChain::dispense(by(PHARMACY), unit(1)));
			let cancelled = shipped(DISTRIBUTOR, HOSPITAL, &[Item::Container(sscc(2))]);
			assert_eq!(reach_of_l1()[3], (HOSPITAL, reach(0, 4, 0)));
			assert_ok!(SupplyChain::cancel_shipment(by(DISTRIBUTOR), cancelled));

			// The maker destroys its last unit: it leaves the reach.
			assert_ok!(SupplyChain::decommission(by(MAKER), unit(10), DecommissionReason::Damaged));
			assert_eq!(
				reach_of_l1(),
				[(DISTRIBUTOR, reach(7, 0, 0)), (PHARMACY, reach(1, 0, 1))],
				"no empty entry is kept"
			);

			// The recall changes nothing of where the units are: it says whom to call.
			assert_ok!(SupplyChain::recall_lot(by(MAKER), lot_l1(), doc(5)));
			assert_eq!(reach_of_l1(), [(DISTRIBUTOR, reach(7, 0, 0)), (PHARMACY, reach(1, 0, 1))]);
			// A recalled unit a patient brings back keeps its dispensing.
			assert_ok!(SupplyChain::decommission(
				by(PHARMACY),
				unit(1),
				DecommissionReason::Destroyed
			));
			assert_ok!(SupplyChain::decommission(
				by(PHARMACY),
				unit(2),
				DecommissionReason::Destroyed
			));
			assert_eq!(reach_of_l1(), [(DISTRIBUTOR, reach(7, 0, 0)), (PHARMACY, reach(0, 0, 1))]);
		});
	}

	#[test]
	fn the_reach_is_paged_and_bad_queries_say_why() {
		run(|| {
			commissioned(1..=3);
			let to_hospital = shipped(MAKER, HOSPITAL, &[unit_item(1)]);
			shipped(MAKER, DISTRIBUTOR, &[unit_item(2)]);
			assert_ok!(SupplyChain::receive(by(HOSPITAL), to_hospital));
			let all = SupplyChain::recall_reach(lot_l1(), None, 10).unwrap();
			assert_eq!(all.len(), 3);
			let mut paged = SupplyChain::recall_reach(lot_l1(), None, 2).unwrap();
			paged.extend(SupplyChain::recall_reach(lot_l1(), Some(paged[1].0), 2).unwrap());
			assert_eq!(paged, all, "two pages give the whole reach, in the same order");

			let bad = |lot, limit| SupplyChain::recall_reach(lot, None, limit);
			assert_eq!(bad(lot_l1(), 0), Err(QueryError::BadPageSize));
			assert_eq!(bad(lot_l1(), 11), Err(QueryError::BadPageSize));
			let unknown = LotKey { gtin: gtin(), lot: lot("L9") };
			assert_eq!(bad(unknown, 1), Err(QueryError::UnknownLot));
		});
	}

	#[test]
	fn try_state_catches_a_reach_that_is_not_the_units() {
		run(|| {
			commissioned(1..=2);
			LotReach::<Test>::mutate(lot_l1(), MAKER, |r| r.as_mut().unwrap().held = 1);
			assert!(SupplyChain::do_try_state().is_err());
			LotReach::<Test>::insert(lot_l1(), DISTRIBUTOR, Reach::default());
			LotReach::<Test>::mutate(lot_l1(), MAKER, |r| r.as_mut().unwrap().held = 2);
			assert!(SupplyChain::do_try_state().is_err(), "an empty entry is caught");
			LotReach::<Test>::remove(lot_l1(), DISTRIBUTOR);
		});
	}

	/// Version 4 → 5 on units commissioned, moved and dispensed before the reach was kept.
	#[test]
	fn version_4_units_are_counted_into_the_reach() {
		use crate::migrations::v5::MigrateToV5;
		use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
		run(|| {
			pallet_of_two_cases();
			commissioned(9..=11);
			let to_pharmacy = shipped(MAKER, PHARMACY, &[unit_item(9), unit_item(10)]);
			assert_ok!(SupplyChain::receive(by(PHARMACY), to_pharmacy));
			assert_ok!(SupplyChain::dispense(by(PHARMACY), unit(9)));
			shipped(MAKER, DISTRIBUTOR, &[Item::Container(sscc(3))]);
			let before = reach_of_l1();
			assert_eq!(
				before,
				[
					(MAKER, reach(1, 0, 0)),
					(DISTRIBUTOR, reach(0, 8, 0)),
					(PHARMACY, reach(1, 0, 1))
				]
			);
			let _ = LotReach::<Test>::clear(u32::MAX, None);
			StorageVersion::new(4).put::<SupplyChain>();

			MigrateToV5::<Test>::on_runtime_upgrade();

			assert_eq!(SupplyChain::on_chain_storage_version(), 5);
			assert_eq!(reach_of_l1(), before);
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_catches_a_unit_listed_in_no_container() {
		run(|| {
			pallet_of_two_cases();
			Containers::<Test>::mutate(sscc(1), |c| {
				c.as_mut().unwrap().children.pop();
			});
			assert!(SupplyChain::do_try_state().is_err());
			Containers::<Test>::mutate(sscc(1), |c| {
				c.as_mut().unwrap().children.try_push(unit_item(4)).unwrap();
			});
		});
	}

	#[test]
	fn try_state_catches_wrong_container_counts() {
		run(|| {
			pallet_of_two_cases();
			Containers::<Test>::mutate(sscc(3), |c| c.as_mut().unwrap().quarantined = 1);
			assert!(SupplyChain::do_try_state().is_err());
			Containers::<Test>::mutate(sscc(3), |c| c.as_mut().unwrap().quarantined = 0);
			Containers::<Test>::mutate(sscc(3), |c| c.as_mut().unwrap().lots[0].1 = 7);
			assert!(SupplyChain::do_try_state().is_err());
			Containers::<Test>::mutate(sscc(3), |c| c.as_mut().unwrap().lots[0].1 = 8);
		});
	}

	#[test]
	fn try_state_catches_a_unit_held_by_no_organisation() {
		run(|| {
			commissioned(1..=1);
			Units::<Test>::mutate(unit(1), |u| u.as_mut().unwrap().place = Place::Held(99));
			assert!(SupplyChain::do_try_state().is_err());
			Units::<Test>::mutate(unit(1), |u| u.as_mut().unwrap().place = Place::Held(MAKER));
		});
	}
}

/// Attack on the dispensing trail: the dispenser "destroys" a dispensed unit of a recalled lot
/// and with it the record of who dispensed it and when (what an insurer checks a pharmacy line's
/// unit against), or the dispensing its pharmacy lines draw on.
#[test]
fn destroying_a_returned_dispensed_unit_keeps_its_dispensing() {
	run(|| {
		commissioned(1..=1);
		let shipment = shipped(MAKER, PHARMACY, &[unit_item(1)]);
		assert_ok!(SupplyChain::receive(by(PHARMACY), shipment));
		assert_ok!(SupplyChain::dispense(by(PHARMACY), unit(1)));
		advance(1_000);
		assert_ok!(SupplyChain::recall_lot(by(MAKER), lot_key("L1"), doc(4)));
		assert_ok!(SupplyChain::decommission(by(PHARMACY), unit(1), DecommissionReason::Destroyed));
		// The pharmacy keeps the dispensing its claim line billed.
		assert_eq!(<SupplyChain as ProductVerifier>::dispensed(PHARMACY), 1);
		assert!(matches!(
			Units::<Test>::get(unit(1)).unwrap().end,
			Some(End::DispensedThenDecommissioned {
				dispensed_by: PHARMACY,
				reason: DecommissionReason::Destroyed,
				by: PHARMACY,
				..
			})
		));
		// Its end is final: it is not decommissioned a second time.
		assert_noop!(
			SupplyChain::decommission(by(PHARMACY), unit(1), DecommissionReason::Damaged),
			Error::CommercialLifeEnded
		);
	});
}

/// A decommissioned unit of a recalled lot reads as recalled, but its end stays the first one.
#[test]
fn a_decommissioned_unit_is_not_decommissioned_again_once_its_lot_is_recalled() {
	run(|| {
		commissioned(1..=1);
		assert_ok!(SupplyChain::decommission(by(MAKER), unit(1), DecommissionReason::Sample));
		assert_ok!(SupplyChain::recall_lot(by(MAKER), lot_key("L1"), doc(4)));
		assert_noop!(
			SupplyChain::decommission(by(MAKER), unit(1), DecommissionReason::Destroyed),
			Error::CommercialLifeEnded
		);
	});
}

#[test]
fn a_dispensed_unit_stays_dispensed_when_its_lot_comes_under_suspicion() {
	run(|| {
		commissioned(1..=2);
		let shipment = shipped(MAKER, PHARMACY, &[unit_item(1)]);
		assert_ok!(SupplyChain::receive(by(PHARMACY), shipment));
		assert_ok!(SupplyChain::dispense(by(PHARMACY), unit(1)));
		assert_noop!(
			SupplyChain::flag_suspect(by(PHARMACY), Target::Unit(unit(1)), doc(1)),
			Error::CommercialLifeEnded
		);
		assert_ok!(SupplyChain::flag_suspect(by(MAKER), Target::Lot(lot_key("L1")), doc(1)));
		assert_eq!(status(1), UnitStatus::Dispensed);
		assert_eq!(status(2), UnitStatus::Suspect);
		let entry = SupplyChain::lot_history(&lot_key("L1")).pop().unwrap();
		assert_eq!(
			(entry.step, entry.disposition),
			(BizStep::Holding, Disposition::NonSellableOther)
		);
	});
}

#[test]
fn only_staff_who_handle_medicines_act_for_a_trading_partner() {
	run(|| {
		commissioned(1..=1);
		let researcher = AccountId32::new([150; 32]);
		TestRegistry::set_practitioner(&researcher, MAKER, Role::Researcher, Standing::Active);
		assert_noop!(
			SupplyChain::ship(
				signed(&researcher),
				DISTRIBUTOR,
				shipment_items(&[unit_item(1)]),
				doc(9)
			),
			Error::NotATradingPartner
		);
	});
}

#[test]
fn staff_act_for_their_organisation_only_while_active() {
	run(|| {
		commissioned(1..=1);
		TestRegistry::set_practitioner(
			&line_operator(),
			MAKER,
			Role::Administrator,
			Standing::AttestationLapsed,
		);
		assert_noop!(
			SupplyChain::commission(
				signed(&line_operator()),
				gtin(),
				lot("L1"),
				EXPIRY,
				serials(2..=2)
			),
			Error::NotATradingPartner
		);
	});
}

mod quotas {
	use super::*;
	use caduceus_primitives::{doubles::TestQuota, Holder};

	#[test]
	fn a_manufacturer_cannot_grow_state_beyond_its_quota() {
		run(|| {
			let maker = Holder::Organisation(MAKER);
			// The product, a new lot and three units: five items.
			TestQuota::limit(maker, 5);
			commissioned(1..=3);
			assert_eq!(TestQuota::used(maker), 5);
			// A whole batch is refused, not part of it.
			assert_noop!(
				SupplyChain::commission(by(MAKER), gtin(), lot("L1"), EXPIRY, serials(4..=4)),
				Error::QuotaExceeded
			);
			assert_noop!(
				SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(1)])),
				Error::QuotaExceeded
			);
			assert_noop!(
				SupplyChain::ship(by(MAKER), DISTRIBUTOR, shipment_items(&[unit_item(1)]), doc(9)),
				Error::QuotaExceeded
			);
			assert_noop!(
				SupplyChain::flag_suspect(by(MAKER), Target::Unit(unit(1)), doc(1)),
				Error::QuotaExceeded
			);
			assert_noop!(
				SupplyChain::register_product(by(MAKER), other_gtin()),
				Error::QuotaExceeded
			);
		});
	}

	#[test]
	fn a_settled_shipment_frees_its_place_in_the_shippers_quota() {
		run(|| {
			commissioned(1..=3);
			let maker = Holder::Organisation(MAKER);
			TestQuota::limit(maker, 2);
			// A container and a shipment: the quota is full.
			assert_ok!(SupplyChain::pack(by(MAKER), sscc(1), items(&[unit_item(1)])));
			let id = shipped(MAKER, DISTRIBUTOR, &[unit_item(2)]);
			assert_eq!(TestQuota::used(maker), 2);
			assert_noop!(
				SupplyChain::ship(by(MAKER), DISTRIBUTOR, shipment_items(&[unit_item(3)]), doc(9)),
				Error::QuotaExceeded
			);
			// Received: the shipment is gone, and so is its place in the quota.
			assert_ok!(SupplyChain::receive(by(DISTRIBUTOR), id));
			assert_eq!(TestQuota::used(maker), 1);
			shipped(MAKER, DISTRIBUTOR, &[unit_item(3)]);
		});
	}
}

mod migration {
	use super::*;
	use crate::migrations::{
		v2::{old, MigrateToV2},
		v3::MigrateToV3,
	};
	use codec::{Decode, Encode};
	use frame_support::{
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};

	/// Units 1 to `count` received by the pharmacy; 1 and 2 dispensed, their lot recalled, then
	/// 2 destroyed (dispensed, then decommissioned).
	fn dispensed_then_recalled(count: u32) {
		commissioned(1..=count);
		let items: Vec<_> = (1..=count).map(unit_item).collect();
		let shipment = shipped(MAKER, PHARMACY, &items);
		assert_ok!(SupplyChain::receive(by(PHARMACY), shipment));
		assert_ok!(SupplyChain::dispense(by(PHARMACY), unit(1)));
		assert_ok!(SupplyChain::dispense(by(PHARMACY), unit(2)));
		advance(1_000);
		assert_ok!(SupplyChain::recall_lot(by(MAKER), lot_key("L1"), doc(4)));
		assert_ok!(SupplyChain::decommission(by(PHARMACY), unit(2), DecommissionReason::Destroyed));
	}

	/// Version 1 named the patient a unit was dispensed to in the unit's end and its history,
	/// so every node's state told which drug a patient received. The upgrade forgets it and
	/// keeps everything else.
	#[test]
	fn version_1_dispensings_forget_the_patient() {
		run(|| {
			dispensed_then_recalled(2);
			let units: Vec<_> = Units::<Test>::iter().collect();
			let history: Vec<_> = History::<Test>::iter().collect();
			let lot_history: Vec<_> = LotHistory::<Test>::iter().collect();
			// Rewrite the state as version 1 stored it: with the patient.
			for (key, unit) in &units {
				let end = unit.end.map(|end| match end {
					End::Dispensed { by, at } => {
						old::End::Dispensed { by, patient: Some(PATIENT), at }
					},
					End::DispensedThenDecommissioned {
						dispensed_by,
						dispensed_at,
						reason,
						by,
						at,
					} => old::End::DispensedThenDecommissioned {
						dispensed_by,
						patient: Some(PATIENT),
						dispensed_at,
						reason,
						by,
						at,
					},
					End::Decommissioned { reason, by, at } => {
						old::End::Decommissioned { reason, by, at }
					},
				});
				let old_unit = old::Unit {
					lot: unit.lot.clone(),
					commissioned_by: unit.commissioned_by,
					commissioned_at: unit.commissioned_at,
					place: unit.place,
					quarantine: unit.quarantine,
					end,
				};
				unhashed::put(&Units::<Test>::hashed_key_for(key), &old_unit);
			}
			let mut dispensings = 0;
			for (item, slot, entry) in &history {
				let detail = match entry.detail {
					Detail::Dispensed => {
						dispensings += 1;
						old::Detail::DispensedTo { patient: Some(PATIENT) }
					},
					other => {
						// Every other detail encodes the same in both versions.
						old::Detail::decode(&mut &other.encode()[..]).unwrap()
					},
				};
				let old_entry = old::HistoryEntry {
					sequence: entry.sequence,
					at: entry.at,
					by: entry.by,
					step: entry.step,
					disposition: entry.disposition,
					detail,
				};
				unhashed::put(&History::<Test>::hashed_key_for(item, slot), &old_entry);
			}
			assert_eq!(dispensings, 2);
			StorageVersion::new(1).put::<SupplyChain>();

			MigrateToV2::<Test>::on_runtime_upgrade();

			assert_eq!(SupplyChain::on_chain_storage_version(), 2);
			let mut migrated: Vec<_> = Units::<Test>::iter().collect();
			let mut expected = units.clone();
			migrated.sort_by(|a, b| a.0.encode().cmp(&b.0.encode()));
			expected.sort_by(|a, b| a.0.encode().cmp(&b.0.encode()));
			assert_eq!(migrated, expected);
			let mut migrated: Vec<_> = History::<Test>::iter().collect();
			let mut expected = history.clone();
			migrated.sort_by(|a, b| (a.0.encode(), a.1).cmp(&(b.0.encode(), b.1)));
			expected.sort_by(|a, b| (a.0.encode(), a.1).cmp(&(b.0.encode(), b.1)));
			assert_eq!(migrated, expected);
			assert_eq!(LotHistory::<Test>::iter().count(), lot_history.len());
			// No stored value names the patient any more: every value is exactly as long as
			// the version 2 encoding of what it says.
			for (key, unit) in Units::<Test>::iter() {
				let raw = unhashed::get_raw(&Units::<Test>::hashed_key_for(&key)).unwrap();
				assert_eq!(raw, unit.encode());
			}
			for (item, slot, entry) in History::<Test>::iter() {
				let raw = unhashed::get_raw(&History::<Test>::hashed_key_for(&item, slot)).unwrap();
				assert_eq!(raw, entry.encode());
			}
		});
	}

	/// Version 3 counts what every organisation dispensed before it, so that a pharmacy bills
	/// the units it dispensed under version 2 as it bills new ones.
	#[test]
	fn version_2_dispensings_are_counted() {
		run(|| {
			dispensed_then_recalled(3);
			assert_ok!(SupplyChain::decommission(
				by(PHARMACY),
				unit(3),
				DecommissionReason::Destroyed
			));
			// Version 2 kept no count.
			let _ = Dispensings::<Test>::clear(u32::MAX, None);
			StorageVersion::new(2).put::<SupplyChain>();

			MigrateToV3::<Test>::on_runtime_upgrade();

			assert_eq!(SupplyChain::on_chain_storage_version(), 3);
			assert_eq!(Dispensings::<Test>::iter().collect::<Vec<_>>(), vec![(PHARMACY, 2)]);
			// Run again, it changes nothing.
			Dispensings::<Test>::insert(PHARMACY, 7);
			MigrateToV3::<Test>::on_runtime_upgrade();
			assert_eq!(Dispensings::<Test>::get(PHARMACY), 7);
			Dispensings::<Test>::insert(PHARMACY, 2);
		});
	}
}

mod move_weights {
	use super::*;
	use frame_support::{traits::Get, weights::Weight};

	fn units(u: u32) -> Weight {
		Weight::from_parts(10 + 2 * u as u64, 100)
	}

	fn cases(c: u32) -> Weight {
		Weight::from_parts(30 + 5 * c as u64, 40 + c as u64)
	}

	#[test]
	fn a_move_of_one_kind_pays_only_that_kinds_benchmark() {
		assert_eq!(Moved { units: 3, containers: 0 }.weight(units, cases), units(3));
		assert_eq!(Moved { units: 0, containers: 3 }.weight(units, cases), cases(3));
	}

	#[test]
	fn a_mixed_move_pays_both_less_the_fixed_part_once() {
		// 14 + 45 - min(10, 30) in time; 100 + 43 - min(100, 40) in proof size.
		let mixed = Moved { units: 2, containers: 3 }.weight(units, cases);
		assert_eq!(mixed, Weight::from_parts(49, 103));
		assert!(mixed.all_gte(units(2)) && mixed.all_gte(cases(3)));
	}

	/// Units with the larger intercept and cases with the steeper slope: a shipment of
	/// `MaxShipmentItems` all units or all cases is not the costliest.
	fn costly_units(u: u32) -> Weight {
		Weight::from_parts(100 + u as u64, 0)
	}

	fn steep_cases(c: u32) -> Weight {
		Weight::from_parts(10 + 50 * c as u64, 0)
	}

	#[test]
	fn receiving_or_cancelling_is_declared_for_the_costliest_mix_of_a_full_shipment() {
		let most = <Test as Config>::MaxShipmentItems::get();
		let bound = SupplyChain::settle_weight_bound(costly_units, steep_cases);
		let mixed =
			|units, containers| Moved { units, containers }.weight(costly_units, steep_cases);
		for units in 0..=most {
			for containers in 0..=most - units {
				assert!(
					mixed(units, containers).all_lte(bound),
					"{units} units, {containers} cases"
				);
			}
		}
		assert!(
			mixed(1, most - 1).any_gt(mixed(most, 0).max(mixed(0, most))),
			"a mix costs more than either kind alone, so trying only those would under-declare"
		);
	}
}
