//! Rows of the supply-chain pallet: products, commissioning, aggregation, custody, dispensing,
//! saleable-return verification, quarantine, recall, company prefixes, illegitimacy.
//!
//! Calls covered (every call of `pallet_supply_chain`'s `#[pallet::call]` block):
//! `register_product`, `offer_product`, `accept_product`, `commission`, `pack`, `unpack`, `ship`,
//! `receive`, `cancel_shipment`, `dispense`, `decommission`, `verify_return`, `flag_suspect`,
//! `clear_suspect`, `declare_illegitimate`, `recall_lot`, `set_company_prefixes`,
//! `consent_to_termination`, `terminate_illegitimacy`.
//!
//! Who acts for whom (`features/authority.rs`, `organisation_of`): an account acts for an
//! *active* organisation as its admin, or as its active practitioner whose role handles medicines
//! (administrator, pharmacist, physician, nurse). So the hospital's admin, physician and nurse act
//! for the hospital (org 0), the pharmacy's admin and pharmacist for the pharmacy (org 4), the
//! maker's and the distributor's admins for theirs. The trading partners are manufacturers,
//! distributors and dispensers (pharmacy, hospital, clinic): the laboratory's, insurer's and
//! research sponsor's admins act for an organisation that does not trade (`NotATradingPartner`
//! where a trading partner is required, but past `organisation_of` in `flag_suspect`). The privacy
//! officer, lab technician, claims officer and researcher (roles that do not handle medicines),
//! the patients, guardian and minor, the suspended clinic's admin and physician, the revoked
//! clinic's admin and the validator act for no organisation.
//!
//! The cast has no regulator and one manufacturer: rows marked "(regulator)" or "(rival)" first
//! have the consortium — a council motion of Bob and Eve, proposed, voted by both and closed —
//! register organisation 9, a regulator or a second manufacturer, administered by the validator
//! (Alice, who otherwise acts for no organisation).

use crate::{motion, row, Caller, Row};
use caduceus_fuzz::cast::{
	account,
	org::{DISTRIBUTOR, HOSPITAL, INSURER, LABORATORY, PHARMACY, SUSPENDED_CLINIC},
	who::*,
};
use caduceus_fuzz::execute::now;
use caduceus_primitives::{identifiers::with_gs1_check_digit, ContentHash, OrgId, OrgKind, DAY_MS};
use caduceus_runtime::{Runtime, RuntimeCall};
use frame_support::{traits::Get, BoundedVec};
use pallet_supply_chain::{
	Call, DecommissionReason, Gtin, Item, Lot, LotKey, ProductIdentifier, Serial, Sscc, Target,
	UnitKey,
};
use sp_core::H256;

/// The organisation the consortium registers in the "(regulator)" and "(rival)" rows: the
/// initial state has organisations 0 to 8.
// Counted from the genesis (demo organisations 0..=3, the cast's 4..=8), not read from
// the built state's `NextOrganisationId`.
const NEW_ORG: OrgId = 9;

/// The members that act for a trading partner.
const TRADERS: [u8; 7] =
	[HOSPITAL_ADMIN, PHYSICIAN, NURSE, MAKER_ADMIN, DISTRIBUTOR_ADMIN, PHARMACY_ADMIN, PHARMACIST];
/// Those who act for the hospital (org 0).
const HOSPITAL_STAFF: [u8; 3] = [HOSPITAL_ADMIN, PHYSICIAN, NURSE];
/// Those who act for the pharmacy (org 4).
const PHARMACY_STAFF: [u8; 2] = [PHARMACY_ADMIN, PHARMACIST];
/// Admins of active organisations that do not trade medicines (laboratory, insurer, sponsor).
const NON_TRADING_ADMINS: [u8; 3] = [LAB_ADMIN, INSURER_ADMIN, SPONSOR_ADMIN];

/// The trading-partner members but `but`.
fn traders_but(but: &[u8]) -> Vec<u8> {
	TRADERS.iter().copied().filter(|m| !but.contains(m)).collect()
}

/// Every member acting for an active organisation (trading or not) but `but`.
fn organisations_but(but: &[u8]) -> Vec<u8> {
	TRADERS.iter().chain(&NON_TRADING_ADMINS).copied().filter(|m| !but.contains(m)).collect()
}

fn supply(call: Call<Runtime>) -> RuntimeCall {
	RuntimeCall::SupplyChain(call)
}

fn bounded<T, S: Get<u32>>(items: Vec<T>) -> BoundedVec<T, S> {
	items.try_into().unwrap_or_else(|_| panic!("within its bound"))
}

fn hash(n: u8) -> ContentHash {
	H256::repeat_byte(n)
}

/// The maker's product, under its company prefix 0300123.
fn gtin() -> Gtin {
	with_gs1_check_digit(b"0030012345678")
}

/// A GTIN under the distributor's company prefix 0614142.
fn distributors_gtin() -> Gtin {
	with_gs1_check_digit(b"0061414212345")
}

/// The maker's container `n`, under its company prefix 0614141.
fn sscc(n: u32) -> Sscc {
	with_gs1_check_digit(format!("00614141{n:09}").as_bytes())
}

/// The distributor's container `n`, under its company prefix 0614142.
fn distributors_sscc(n: u32) -> Sscc {
	with_gs1_check_digit(format!("00614142{n:09}").as_bytes())
}

fn lot() -> Lot {
	bounded(b"A2611".to_vec())
}

fn lot_key() -> LotKey {
	LotKey { gtin: gtin(), lot: lot() }
}

fn expiry() -> u64 {
	now() + 700 * DAY_MS
}

fn serial(n: u32) -> Serial {
	bounded(format!("{n:08}").into_bytes())
}

fn unit_key(n: u32) -> UnitKey {
	UnitKey { gtin: gtin(), serial: serial(n) }
}

fn unit(n: u32) -> Item {
	Item::Unit(unit_key(n))
}

fn case(n: u32) -> Item {
	Item::Container(sscc(n))
}

/// Setup: the maker registers its product and commissions `units` units (serials 0..units) of
/// the lot.
fn made(units: u32) -> Vec<(u8, RuntimeCall)> {
	vec![
		(MAKER_ADMIN, supply(Call::register_product { gtin: gtin() })),
		(
			MAKER_ADMIN,
			supply(Call::commission {
				gtin: gtin(),
				lot: lot(),
				expiry: expiry(),
				serials: bounded((0..units).map(serial).collect()),
			}),
		),
	]
}

fn pack(by: u8, container: Sscc, items: Vec<Item>) -> (u8, RuntimeCall) {
	(by, supply(Call::pack { container, items: bounded(items) }))
}

fn ship(by: u8, to: OrgId, items: Vec<Item>) -> (u8, RuntimeCall) {
	(by, supply(Call::ship { to, items: bounded(items), documents: hash(7) }))
}

fn receive(by: u8, shipment: u64) -> (u8, RuntimeCall) {
	(by, supply(Call::receive { shipment }))
}

/// Setup: the consortium registers organisation 9 of `kind`, administered by the validator.
fn new_organisation(kind: OrgKind, name: &[u8]) -> Vec<(u8, RuntimeCall)> {
	motion(
		0,
		RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_organisation {
			kind,
			name: name.to_vec().try_into().unwrap(),
			identifiers: pallet_health_identity::PublicIdentifiers {
				gln: None,
				npi: None,
				licence: None,
			},
			admin: account(VALIDATOR),
		}),
	)
}

/// Setup: a regulator (org 9), administered by the validator.
fn regulator() -> Vec<(u8, RuntimeCall)> {
	new_organisation(OrgKind::Regulator, b"Drug Regulator")
}

/// Setup: a second manufacturer (org 9), administered by the validator.
fn rival() -> Vec<(u8, RuntimeCall)> {
	new_organisation(OrgKind::Manufacturer, b"Rival Pharma")
}

pub fn rows() -> Vec<Row> {
	let identifier = |n: u32| ProductIdentifier {
		gtin: gtin(),
		serial: serial(n),
		lot: lot(),
		expiry: expiry(),
	};
	let offer_to_rival = (MAKER_ADMIN, supply(Call::offer_product { gtin: gtin(), to: NEW_ORG }));
	let register = (MAKER_ADMIN, supply(Call::register_product { gtin: gtin() }));
	let declare_lot = (
		MAKER_ADMIN,
		supply(Call::declare_illegitimate { target: Target::Lot(lot_key()), notice: hash(3) }),
	);
	vec![
		// --- Products ---
		// Only a manufacturer registers a product, under its own company prefix.
		row(supply(Call::register_product { gtin: gtin() }))
			.may(&[MAKER_ADMIN])
			.others("NotATradingPartner")
			.except(&traders_but(&[MAKER_ADMIN]), "NotAManufacturer"),
		// A GTIN under another organisation's company prefix (the distributor's) is not the
		// maker's to register.
		row(supply(Call::register_product { gtin: distributors_gtin() }))
			.others("NotATradingPartner")
			.except(&traders_but(&[MAKER_ADMIN]), "NotAManufacturer")
			.except(&[MAKER_ADMIN], "GtinNotYours"),
		// (rival) Only the product's owner offers it, to another manufacturer.
		row(supply(Call::offer_product { gtin: gtin(), to: NEW_ORG }))
			.setup([rival(), vec![register.clone()]].concat())
			.may(&[MAKER_ADMIN])
			.others("NotATradingPartner")
			.except(&traders_but(&[MAKER_ADMIN]), "NotAManufacturer")
			.except(&[VALIDATOR], "NotTheOwner"),
		// A product is offered to a manufacturer only: not to the distributor.
		row(supply(Call::offer_product { gtin: gtin(), to: DISTRIBUTOR }))
			.setup(vec![register.clone()])
			.others("NotATradingPartner")
			.except(&TRADERS, "NotAManufacturer"),
		// (rival) Only the manufacturer the product was offered to accepts it.
		row(supply(Call::accept_product { gtin: gtin() }))
			.setup([rival(), vec![register.clone(), offer_to_rival.clone()]].concat())
			.may(&[VALIDATOR])
			.others("NotATradingPartner")
			.except(&traders_but(&[MAKER_ADMIN]), "NotAManufacturer")
			.except(&[MAKER_ADMIN], "NotOfferedToYou"),
		// --- Commissioning ---
		// Only the product's owner, a manufacturer, commissions units of it.
		row(supply(Call::commission {
			gtin: gtin(),
			lot: lot(),
			expiry: expiry(),
			serials: bounded((0..3).map(serial).collect()),
		}))
		.setup(vec![register.clone()])
		.may(&[MAKER_ADMIN])
		.others("NotATradingPartner")
		.except(&traders_but(&[MAKER_ADMIN]), "NotAManufacturer"),
		// (rival) Once the product changed owner, its new owner commissions, its former owner
		// no longer does.
		row(supply(Call::commission {
			gtin: gtin(),
			lot: lot(),
			expiry: expiry(),
			serials: bounded((0..3).map(serial).collect()),
		}))
		.setup(
			[
				rival(),
				vec![
					register.clone(),
					offer_to_rival.clone(),
					(VALIDATOR, supply(Call::accept_product { gtin: gtin() })),
				],
			]
			.concat(),
		)
		.may(&[VALIDATOR])
		.others("NotATradingPartner")
		.except(&traders_but(&[MAKER_ADMIN]), "NotAManufacturer")
		.except(&[MAKER_ADMIN], "NotTheOwner"),
		// --- Aggregation ---
		// A new container's SSCC must be under the packer's company prefix: the maker's case
		// is the maker's to create.
		row(supply(Call::pack { container: sscc(1), items: bounded(vec![unit(0), unit(1)]) }))
			.setup(made(2))
			.may(&[MAKER_ADMIN])
			.others("NotATradingPartner")
			.except(&traders_but(&[MAKER_ADMIN]), "SsccNotYours"),
		// Only the holder of an existing container packs more into it.
		row(supply(Call::pack { container: sscc(1), items: bounded(vec![unit(2)]) }))
			.setup([made(3), vec![pack(MAKER_ADMIN, sscc(1), vec![unit(0)])]].concat())
			.may(&[MAKER_ADMIN])
			.others("NotATradingPartner")
			.except(&traders_but(&[MAKER_ADMIN]), "NotHeldByYou"),
		// A partner packs only what it holds: the distributor, into its own new case, not the
		// maker's unit.
		row(supply(Call::pack { container: distributors_sscc(1), items: bounded(vec![unit(0)]) }))
			.setup(made(1))
			.others("NotATradingPartner")
			.except(&traders_but(&[DISTRIBUTOR_ADMIN]), "SsccNotYours")
			.except(&[DISTRIBUTOR_ADMIN], "NotHeldByYou"),
		// Only the container's holder unpacks it (the maker, before shipping).
		row(supply(Call::unpack { container: sscc(1) }))
			.setup([made(2), vec![pack(MAKER_ADMIN, sscc(1), vec![unit(0), unit(1)])]].concat())
			.may(&[MAKER_ADMIN])
			.others("NotATradingPartner")
			.except(&traders_but(&[MAKER_ADMIN]), "NotHeldByYou"),
		// Once the pharmacy received the case, the pharmacy's admin and pharmacist unpack it,
		// no longer the maker.
		row(supply(Call::unpack { container: sscc(1) }))
			.setup(
				[
					made(2),
					vec![
						pack(MAKER_ADMIN, sscc(1), vec![unit(0), unit(1)]),
						ship(MAKER_ADMIN, PHARMACY, vec![case(1)]),
						receive(PHARMACIST, 0),
					],
				]
				.concat(),
			)
			.may(&PHARMACY_STAFF)
			.others("NotATradingPartner")
			.except(&traders_but(&PHARMACY_STAFF), "NotHeldByYou"),
		// --- Custody ---
		// Only the holder ships a unit; a distributor does not ship to itself; the dispensers
		// may ship back (a return) but only what they hold.
		row(supply(Call::ship {
			to: DISTRIBUTOR,
			items: bounded(vec![unit(0)]),
			documents: hash(7),
		}))
		.setup(made(1))
		.may(&[MAKER_ADMIN])
		.others("NotATradingPartner")
		.except(&[DISTRIBUTOR_ADMIN], "NotTradingPartners")
		.except(&[HOSPITAL_ADMIN, PHYSICIAN, NURSE, PHARMACY_ADMIN, PHARMACIST], "NotHeldByYou"),
		// Medicines go to trading partners only: not to a laboratory.
		row(supply(Call::ship {
			to: LABORATORY,
			items: bounded(vec![unit(0)]),
			documents: hash(7),
		}))
		.setup(made(1))
		.others("NotATradingPartner")
		.except(&TRADERS, "NotTradingPartners"),
		// Nor to a suspended organisation.
		row(supply(Call::ship {
			to: SUSPENDED_CLINIC,
			items: bounded(vec![unit(0)]),
			documents: hash(7),
		}))
		.setup(made(1))
		.others("NotATradingPartner")
		.except(&TRADERS, "RecipientNotActive"),
		// Only the recipient (the pharmacy's admin or pharmacist) receives a shipment.
		row(supply(Call::receive { shipment: 0 }))
			.setup([made(1), vec![ship(MAKER_ADMIN, PHARMACY, vec![unit(0)])]].concat())
			.may(&PHARMACY_STAFF)
			.others("NotATradingPartner")
			.except(&traders_but(&PHARMACY_STAFF), "NotTheRecipient"),
		// Only the sender cancels a shipment in transit.
		row(supply(Call::cancel_shipment { shipment: 0 }))
			.setup([made(1), vec![ship(MAKER_ADMIN, PHARMACY, vec![unit(0)])]].concat())
			.may(&[MAKER_ADMIN])
			.others("NotATradingPartner")
			.except(&traders_but(&[MAKER_ADMIN]), "NotTheSender"),
		// Only a dispenser dispenses, and only a unit it holds: the pharmacy's.
		row(supply(Call::dispense { unit: unit_key(0) }))
			.setup(
				[
					made(1),
					vec![ship(MAKER_ADMIN, PHARMACY, vec![unit(0)]), receive(PHARMACY_ADMIN, 0)],
				]
				.concat(),
			)
			.may(&PHARMACY_STAFF)
			.others("NotATradingPartner")
			.except(&HOSPITAL_STAFF, "NotHeldByYou")
			.except(&[MAKER_ADMIN, DISTRIBUTOR_ADMIN], "NotADispenser"),
		// A hospital dispenses too: its admin, physician and nurse act for it.
		row(supply(Call::dispense { unit: unit_key(0) }))
			.setup(
				[made(1), vec![ship(MAKER_ADMIN, HOSPITAL, vec![unit(0)]), receive(NURSE, 0)]]
					.concat(),
			)
			.may(&HOSPITAL_STAFF)
			.others("NotATradingPartner")
			.except(&PHARMACY_STAFF, "NotHeldByYou")
			.except(&[MAKER_ADMIN, DISTRIBUTOR_ADMIN], "NotADispenser"),
		// Only the unit's holder decommissions it.
		row(supply(Call::decommission { unit: unit_key(0), reason: DecommissionReason::Damaged }))
			.setup(made(1))
			.may(&[MAKER_ADMIN])
			.others("NotATradingPartner")
			.except(&traders_but(&[MAKER_ADMIN]), "NotHeldByYou"),
		// --- Saleable returns ---
		// Only a distributor records a return verification, of a unit on its way to it.
		row(supply(Call::verify_return { identifier: identifier(0) }))
			.setup([made(1), vec![ship(MAKER_ADMIN, DISTRIBUTOR, vec![unit(0)])]].concat())
			.may(&[DISTRIBUTOR_ADMIN])
			.others("NotATradingPartner")
			.except(&traders_but(&[DISTRIBUTOR_ADMIN]), "NotADistributor"),
		// A distributor does not write to the history of a unit it never handled.
		row(supply(Call::verify_return { identifier: identifier(0) }))
			.setup(made(1))
			.others("NotATradingPartner")
			.except(&traders_but(&[DISTRIBUTOR_ADMIN]), "NotADistributor")
			.except(&[DISTRIBUTOR_ADMIN], "NotHeldByYou"),
		// --- Quarantine and recall ---
		// A unit in transit is flagged suspect by its product's owner (here also the sender)
		// or by the recipient; not by other organisations, trading or not.
		row(supply(Call::flag_suspect { target: Target::Unit(unit_key(0)), report: hash(1) }))
			.setup([made(1), vec![ship(MAKER_ADMIN, PHARMACY, vec![unit(0)])]].concat())
			.may(&[MAKER_ADMIN, PHARMACY_ADMIN, PHARMACIST])
			.others("NotATradingPartner")
			.except(
				&organisations_but(&[MAKER_ADMIN, PHARMACY_ADMIN, PHARMACIST]),
				"NotHolderOwnerOrRegulator",
			),
		// A lot is flagged suspect by its product's owner only (no regulator here).
		row(supply(Call::flag_suspect { target: Target::Lot(lot_key()), report: hash(1) }))
			.setup(made(1))
			.may(&[MAKER_ADMIN])
			.others("NotATradingPartner")
			.except(&organisations_but(&[MAKER_ADMIN]), "NotOwnerOrRegulator"),
		// (regulator) A lot is flagged suspect by its product's owner or a regulator.
		row(supply(Call::flag_suspect { target: Target::Lot(lot_key()), report: hash(1) }))
			.setup([regulator(), made(1)].concat())
			.may(&[MAKER_ADMIN, VALIDATOR])
			.others("NotATradingPartner")
			.except(&organisations_but(&[MAKER_ADMIN]), "NotOwnerOrRegulator"),
		// Only the product's owner clears a suspect unit (no regulator here).
		row(supply(Call::clear_suspect { target: Target::Unit(unit_key(0)), report: hash(2) }))
			.setup(
				[
					made(1),
					vec![(
						MAKER_ADMIN,
						supply(Call::flag_suspect {
							target: Target::Unit(unit_key(0)),
							report: hash(1),
						}),
					)],
				]
				.concat(),
			)
			.may(&[MAKER_ADMIN])
			.others("NotOwnerOrRegulator"),
		// (regulator) The product's owner or a regulator clears a suspect lot.
		row(supply(Call::clear_suspect { target: Target::Lot(lot_key()), report: hash(2) }))
			.setup(
				[
					regulator(),
					made(1),
					vec![(
						MAKER_ADMIN,
						supply(Call::flag_suspect {
							target: Target::Lot(lot_key()),
							report: hash(1),
						}),
					)],
				]
				.concat(),
			)
			.may(&[MAKER_ADMIN, VALIDATOR])
			.others("NotOwnerOrRegulator"),
		// Only the product's owner declares its lot illegitimate (no regulator here).
		row(supply(Call::declare_illegitimate { target: Target::Lot(lot_key()), notice: hash(3) }))
			.setup(made(1))
			.may(&[MAKER_ADMIN])
			.others("NotOwnerOrRegulator"),
		// (regulator) The product's owner or a regulator declares a unit illegitimate.
		row(supply(Call::declare_illegitimate {
			target: Target::Unit(unit_key(0)),
			notice: hash(3),
		}))
		.setup([regulator(), made(1)].concat())
		.may(&[MAKER_ADMIN, VALIDATOR])
		.others("NotOwnerOrRegulator"),
		// Only the product's owner recalls a lot (no regulator here).
		row(supply(Call::recall_lot { lot: lot_key(), notice: hash(8) }))
			.setup(made(1))
			.may(&[MAKER_ADMIN])
			.others("NotOwnerOrRegulator"),
		// (regulator) The product's owner or a regulator recalls a lot.
		row(supply(Call::recall_lot { lot: lot_key(), notice: hash(8) }))
			.setup([regulator(), made(1)].concat())
			.may(&[MAKER_ADMIN, VALIDATOR])
			.others("NotOwnerOrRegulator"),
		// --- Company prefixes ---
		// Only the consortium assigns GS1 company prefixes (to a trading partner).
		row(supply(Call::set_company_prefixes {
			organisation: PHARMACY,
			prefixes: bounded(vec![bounded(b"0712345".to_vec())]),
		}))
		.consortium(),
		// Not even the consortium assigns prefixes to an organisation that does not trade
		// medicines.
		row(supply(Call::set_company_prefixes {
			organisation: INSURER,
			prefixes: bounded(vec![bounded(b"0712345".to_vec())]),
		}))
		.except_origin(Caller::Root, "NotATradingPartner")
		.except_origin(Caller::Consortium, "NotATradingPartner"),
		// --- Illegitimate-product notifications ---
		// Only a regulator consents to ending a notification: nobody in the cast is one.
		row(supply(Call::consent_to_termination { target: Target::Lot(lot_key()) }))
			.setup([made(1), vec![declare_lot.clone()]].concat())
			.others("NotARegulator"),
		// (regulator) The regulator consents to ending a notification; the owner does not.
		row(supply(Call::consent_to_termination { target: Target::Lot(lot_key()) }))
			.setup([regulator(), made(1), vec![declare_lot.clone()]].concat())
			.may(&[VALIDATOR])
			.others("NotARegulator"),
		// Only the product's owner ends a notification, and only with a regulator's consent.
		row(supply(Call::terminate_illegitimacy {
			target: Target::Lot(lot_key()),
			notice: hash(4),
		}))
		.setup([made(1), vec![declare_lot.clone()]].concat())
		.others("NotTheOwner")
		.except(&[MAKER_ADMIN], "NoRegulatorConsent"),
		// (regulator) With the regulator's consent, the product's owner ends it; the regulator
		// itself does not.
		row(supply(Call::terminate_illegitimacy {
			target: Target::Lot(lot_key()),
			notice: hash(4),
		}))
		.setup(
			[
				regulator(),
				made(1),
				vec![
					declare_lot.clone(),
					(
						VALIDATOR,
						supply(Call::consent_to_termination { target: Target::Lot(lot_key()) }),
					),
				],
			]
			.concat(),
		)
		.may(&[MAKER_ADMIN])
		.others("NotTheOwner"),
	]
}
