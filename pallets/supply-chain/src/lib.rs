//! # Supply chain
//!
//! Serialized drug units from manufacturer to patient, modelled on the US DSCSA package-level
//! requirements and GS1 EPCIS 2.0 / CBV (see `docs/pallets/supply-chain.md` for the mapping).
//!
//! - **Products and units**: a manufacturer registers a product (GTIN) and commissions units of
//!   a lot, in batches: product identifier = GTIN + serial + lot + expiry; a serial is unique per
//!   GTIN forever. GTIN ownership moves in a two-step handshake that keeps the owners' history.
//! - **Aggregation**: units are packed into cases, cases into pallets (SSCC). Shipping or receiving
//!   a container moves everything inside it in O(1): items inside a container have no custodian
//!   of their own, they are where the container is.
//! - **Custody**: shipments between active trading partners of the right kinds (manufacturer →
//!   distributor → pharmacy/hospital, returns back), with the hash of the DSCSA transaction
//!   information and statement; received or cancelled. Pharmacies and hospitals dispense,
//!   custodians decommission.
//! - **Verification, quarantine, recall**: anyone verifies a product identifier through the
//!   runtime API; distributors record saleable-return verifications on chain. Trading partners
//!   flag a unit or a lot as suspect (it cannot move); the manufacturer or a regulator clears it
//!   or declares it illegitimate. A recall is a lot's state: every unit of the lot, packed,
//!   shipped or dispensed, reads as recalled at once, in O(1). Expiry is the lot's, checked
//!   against block time.
//! - **History**: every step is an event with its CBV business step and disposition, and an entry
//!   in the item's bounded history; a unit's history includes its containers' steps while it was
//!   packed in them.
//!
//! Implements [`ProductVerifier`](caduceus_primitives::ProductVerifier) for the claims pallet: how
//! many units each organisation dispensed, which its pharmacy lines draw on.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
pub mod migrations;
pub mod runtime_api;
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

use caduceus_primitives::{ContentHash, Moment, OrgId, PatientId};
use frame_support::traits::Time;

/// A product as stored.
pub type ProductOf<T> = Product<<T as Config>::MaxOwners>;
/// A container as stored.
pub type ContainerOf<T> = Container<<T as Config>::MaxChildren, <T as Config>::MaxLotsPerContainer>;
/// A shipment as stored.
pub type ShipmentOf<T> = Shipment<<T as Config>::MaxShipmentItems>;
/// The serials of one commissioning.
pub type SerialsOf<T> = frame_support::BoundedVec<Serial, <T as Config>::MaxCommissionBatch>;

#[allow(
	clippy::expect_used,
	reason = "FRAME's macros expand `expect`s with our spans, and genesis aborts on a bad config"
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use caduceus_primitives::QueryError;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(5);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Block time, in milliseconds: expiry is checked against it.
		type Time: Time<Moment = Moment>;

		/// Who is who: organisations, their kinds and statuses, their staff; patients.
		type Registry: caduceus_primitives::Registry<Self::AccountId>;

		/// Counts every product, lot, unit, container, shipment and suspect report against the
		/// quota of the organisation that creates it, which the consortium sets.
		type Quota: caduceus_primitives::StorageQuota;

		/// Most units one `commission` call creates.
		#[pallet::constant]
		type MaxCommissionBatch: Get<u32>;

		/// Most items a container holds directly.
		#[pallet::constant]
		type MaxChildren: Get<u32>;

		/// Most lots the units inside one container (at any depth) may belong to.
		#[pallet::constant]
		type MaxLotsPerContainer: Get<u32>;

		/// Most top-level items (units or containers) one shipment carries.
		#[pallet::constant]
		type MaxShipmentItems: Get<u32>;

		/// How many owners of a GTIN are remembered (the oldest are dropped).
		#[pallet::constant]
		type MaxOwners: Get<u32>;

		/// How many history entries the chain keeps per item; older ones are overwritten (they
		/// stay in the events of archive nodes).
		#[pallet::constant]
		type MaxHistoryPerItem: Get<u32>;

		/// Most GS1 company prefixes an organisation holds.
		#[pallet::constant]
		type MaxPrefixesPerOrganisation: Get<u32>;

		/// Most entries one page of a read returns (the shipments waiting for an organisation, the
		/// reach of a recall).
		#[pallet::constant]
		type MaxPageSize: Get<u32>;

		/// The consortium: assigns GS1 company prefixes.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Creates trading partners in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: caduceus_primitives::benchmarking::Participants<Self::AccountId>;
	}

	/// Registered products (GTINs) and their owners.
	#[pallet::storage]
	pub type Products<T: Config> = StorageMap<_, Blake2_128Concat, Gtin, ProductOf<T>>;

	/// Lots: expiry, state (recall, suspicion) and unit count. A unit's recall and expiry are
	/// read from here, so a recall touches one entry whatever the lot's size.
	#[pallet::storage]
	pub type Lots<T: Config> = StorageMap<_, Blake2_128Concat, LotKey, LotInfo>;

	/// Every unit ever commissioned: a serial is never reused for its GTIN.
	#[pallet::storage]
	pub type Units<T: Config> = StorageMap<_, Blake2_128Concat, UnitKey, Unit>;

	/// How many units each organisation has dispensed: the units its pharmacy claim lines may
	/// bill, since a line names its unit only as a token the chain cannot read
	/// ([`caduceus_primitives::ProductVerifier`]).
	#[pallet::storage]
	pub type Dispensings<T: Config> = StorageMap<_, Twox64Concat, OrgId, u64, ValueQuery>;

	/// The reach of a recall: for each lot, what each organisation holds of it, has on the way
	/// to it and has dispensed, in units. Kept in step with every commissioning, shipment,
	/// receipt, cancellation, dispensing and decommissioning, so that a recall names whom to
	/// call without visiting the lot's units. At most one entry per organisation that has or
	/// had units of the lot (an empty one is removed).
	#[pallet::storage]
	pub type LotReach<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, LotKey, Twox64Concat, OrgId, Reach>;

	/// Containers (cases, pallets) and what they hold.
	#[pallet::storage]
	pub type Containers<T: Config> = StorageMap<_, Blake2_128Concat, Sscc, ContainerOf<T>>;

	/// The identifier the next shipment gets.
	#[pallet::storage]
	pub type NextShipmentId<T> = StorageValue<_, ShipmentId, ValueQuery>;

	/// Shipments not yet received or cancelled.
	#[pallet::storage]
	pub type Shipments<T: Config> = StorageMap<_, Twox64Concat, ShipmentId, ShipmentOf<T>>;

	/// The shipments on their way to each organisation, newest first: what its receiving dock
	/// lists. An entry lives as long as its shipment, which the sender's quota pays for.
	#[pallet::storage]
	pub type InTransitTo<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OrgId,
		Identity,
		caduceus_primitives::paging::NewestFirstKey,
		(),
	>;

	/// Each item's history, a log of `MaxHistoryPerItem` slots.
	#[pallet::storage]
	pub type History<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Item, Twox64Concat, u32, HistoryEntry>;

	/// How many entries each item's history has had.
	#[pallet::storage]
	pub type HistoryLength<T: Config> = StorageMap<_, Blake2_128Concat, Item, u64, ValueQuery>;

	/// Each lot's history (its quarantine and recall, which touch no unit), a log of
	/// `MaxHistoryPerItem` slots.
	#[pallet::storage]
	pub type LotHistory<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, LotKey, Twox64Concat, u32, HistoryEntry>;

	/// How many entries each lot's history has had.
	#[pallet::storage]
	pub type LotHistoryLength<T: Config> = StorageMap<_, Blake2_128Concat, LotKey, u64, ValueQuery>;

	/// The organisation each GS1 company prefix belongs to: only it registers GTINs and names
	/// new containers (SSCCs) under it.
	#[pallet::storage]
	pub type CompanyPrefixes<T: Config> = StorageMap<_, Blake2_128Concat, CompanyPrefix, OrgId>;

	/// Each organisation's company prefixes.
	#[pallet::storage]
	pub type PrefixesOf<T: Config> = StorageMap<
		_,
		Twox64Concat,
		OrgId,
		BoundedVec<CompanyPrefix, T::MaxPrefixesPerOrganisation>,
		ValueQuery,
	>;

	/// The reports a suspicion of each unit or lot was flagged with: a suspicion cleared is not
	/// flagged again on the same report, only on a new one.
	#[pallet::storage]
	pub type SuspectReports<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Target, Identity, ContentHash, OrgId>;

	/// The regulator that consented to ending each illegitimate-product notification (FDA
	/// notification termination); the product's owner then ends it.
	#[pallet::storage]
	pub type TerminationConsents<T: Config> = StorageMap<_, Blake2_128Concat, Target, OrgId>;

	/// The GS1 company prefixes of organisations at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Organisation and its prefixes (ASCII digits).
		pub company_prefixes: Vec<(OrgId, Vec<Vec<u8>>)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (organisation, prefixes) in &self.company_prefixes {
				let prefixes: Vec<CompanyPrefix> = prefixes
					.iter()
					.map(|p| p.clone().try_into().expect("a genesis prefix has 4-12 digits"))
					.collect();
				let prefixes = prefixes.try_into().expect("within MaxPrefixesPerOrganisation");
				Pallet::<T>::do_set_company_prefixes(*organisation, prefixes)
					.expect("genesis prefixes are valid and of registered trading partners");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A manufacturer registered a product.
		ProductRegistered { gtin: Gtin, owner: OrgId },
		/// The owner offered the product to another manufacturer.
		ProductOwnershipOffered { gtin: Gtin, owner: OrgId, offered_to: OrgId },
		/// The product changed owner.
		ProductOwnershipTransferred { gtin: Gtin, from: OrgId, to: OrgId },
		/// Units were commissioned (CBV `commissioning`, disposition `active`).
		UnitsCommissioned { gtin: Gtin, lot: Lot, expiry: Moment, serials: SerialsOf<T>, by: OrgId },
		/// Items were packed into a container (CBV `packing`, `container_closed`).
		Packed { container: Sscc, items: u32, by: OrgId },
		/// A container was emptied (CBV `unpacking`, `active`).
		Unpacked { container: Sscc, items: u32, by: OrgId },
		/// A shipment left (CBV `shipping`, `in_transit`).
		Shipped {
			shipment: ShipmentId,
			from: OrgId,
			to: OrgId,
			items: u32,
			documents: ContentHash,
			is_return: bool,
		},
		/// A shipment arrived (CBV `receiving`, `in_progress`).
		Received { shipment: ShipmentId, from: OrgId, to: OrgId },
		/// The sender cancelled a shipment (CBV `void_shipping`).
		ShipmentCancelled { shipment: ShipmentId, from: OrgId, to: OrgId },
		/// A unit was dispensed (CBV `dispensing`, `dispensed`).
		Dispensed { unit: UnitKey, by: OrgId },
		/// A unit was taken out of the supply chain.
		Decommissioned { unit: UnitKey, by: OrgId, reason: DecommissionReason },
		/// A distributor verified a returned product identifier (DSCSA saleable returns).
		ReturnVerified { identifier: ProductIdentifier, by: OrgId, answer: Verification },
		/// A trading partner flagged a unit or a lot as suspect: it is quarantined.
		SuspectFlagged { target: Target, by: OrgId, report: ContentHash },
		/// The manufacturer or a regulator cleared a suspect unit or lot.
		SuspicionCleared { target: Target, by: OrgId, report: ContentHash },
		/// The manufacturer or a regulator declared a unit or lot illegitimate: every trading
		/// partner holding it must quarantine it and tell the FDA within 24 hours.
		IllegitimateDeclared { target: Target, by: OrgId, notice: ContentHash },
		/// A lot was recalled: every unit of it reads as recalled from now on.
		LotRecalled { gtin: Gtin, lot: Lot, by: OrgId, notice: ContentHash, units: u32 },
		/// The consortium set an organisation's GS1 company prefixes (replacing earlier ones).
		CompanyPrefixesSet {
			organisation: OrgId,
			prefixes: BoundedVec<CompanyPrefix, T::MaxPrefixesPerOrganisation>,
		},
		/// A regulator consented to ending an illegitimate-product notification.
		TerminationConsented { target: Target, regulator: OrgId },
		/// The product's owner ended an illegitimate-product notification with a regulator's
		/// consent (FDA notification termination): the product is no longer illegitimate.
		IllegitimacyTerminated {
			target: Target,
			by: OrgId,
			consented_by: OrgId,
			notice: ContentHash,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The GTIN is not 14 digits with a valid GS1 check digit.
		InvalidGtin,
		/// The SSCC is not 18 digits with a valid GS1 check digit.
		InvalidSscc,
		/// A serial or lot is empty or has a character outside GS1's set 82.
		InvalidCode,
		/// The caller does not act for an active manufacturer, distributor, pharmacy, hospital
		/// or clinic (as its admin or an active practitioner).
		NotATradingPartner,
		/// Only a manufacturer does this.
		NotAManufacturer,
		/// The GTIN is already registered.
		ProductAlreadyRegistered,
		/// No product has this GTIN.
		UnknownProduct,
		/// Only the GTIN's owner does this.
		NotTheOwner,
		/// The product was not offered to the caller's organisation.
		NotOfferedToYou,
		/// The organisation already owns the product.
		AlreadyTheOwner,
		/// The batch, pack or shipment names nothing.
		NothingToDo,
		/// The organisation already holds as many products, lots, units, containers, shipments
		/// and reports as the consortium's quota allows.
		QuotaExceeded,
		/// The expiry is not after the current block time.
		ExpiryInPast,
		/// The lot exists with another expiry.
		LotExpiryMismatch,
		/// The lot is suspect, illegitimate or recalled: no units are commissioned into it.
		LotNotReleased,
		/// A unit with this GTIN and serial exists (serials are never reused).
		SerialTaken,
		/// No unit has this GTIN and serial.
		UnknownUnit,
		/// No lot has this GTIN and lot number.
		UnknownLot,
		/// No container has this SSCC.
		UnknownContainer,
		/// The caller's organisation does not hold the item.
		NotHeldByYou,
		/// The item is packed in a container: act on the container, or unpack it first.
		PackedInContainer,
		/// The item is in a shipment not yet received.
		ItemInTransit,
		/// The item cannot move or be dispensed: the status says why (suspect, illegitimate,
		/// recalled, expired, dispensed, decommissioned).
		NotMovable(caduceus_primitives::UnitStatus),
		/// A container cannot be packed into itself.
		ContainerIntoItself,
		/// Containers nest at most three deep.
		NestingTooDeep,
		/// The container holds `MaxChildren` items.
		ContainerFull,
		/// The container's units would belong to more than `MaxLotsPerContainer` lots.
		TooManyLots,
		/// The container is empty: there is nothing to unpack.
		ContainerEmpty,
		/// The recipient is not an active trading partner.
		RecipientNotActive,
		/// Shipments go manufacturer → distributor → pharmacy, hospital or clinic (or between
		/// distributors), and returns back up; not between these two kinds.
		NotTradingPartners,
		/// No shipment in transit has this identifier.
		UnknownShipment,
		/// Only the recipient receives a shipment.
		NotTheRecipient,
		/// Only the sender cancels a shipment.
		NotTheSender,
		/// Only pharmacies, hospitals and clinics dispense.
		NotADispenser,
		/// Only distributors verify saleable returns.
		NotADistributor,
		/// The unit or lot is already flagged (suspect or illegitimate) or recalled.
		AlreadyQuarantined,
		/// The unit or lot is not suspect.
		NotSuspect,
		/// Only the GTIN's owner or a regulator clears, declares or recalls.
		NotOwnerOrRegulator,
		/// The lot is already recalled.
		AlreadyRecalled,
		/// The unit was dispensed or decommissioned: there is nothing left to quarantine, and a
		/// decommissioned unit is not decommissioned again.
		CommercialLifeEnded,
		/// A company prefix is not 4 to 12 digits, or is given twice.
		InvalidCompanyPrefix,
		/// The company prefix belongs to another organisation.
		PrefixTaken,
		/// The GTIN is not under one of the caller's company prefixes (and no one else's).
		GtinNotYours,
		/// A new container's SSCC is not under one of the packer's company prefixes.
		SsccNotYours,
		/// Only the unit's custodian (or the recipient of the shipment carrying it), its
		/// product's owner or a regulator flags a unit suspect.
		NotHolderOwnerOrRegulator,
		/// This report already flagged this unit or lot: a new suspicion needs a new report.
		ReportAlreadyUsed,
		/// The unit or lot is not declared illegitimate.
		NotIllegitimate,
		/// Only a regulator consents to ending an illegitimate-product notification.
		NotARegulator,
		/// No regulator consented to ending this notification.
		NoRegulatorConsent,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxCommissionBatch::get() > 0, "a batch holds at least one unit");
			assert!(T::MaxChildren::get() > 0, "a container holds at least one item");
			assert!(T::MaxLotsPerContainer::get() > 0, "a container holds at least one lot");
			assert!(T::MaxShipmentItems::get() > 0, "a shipment carries at least one item");
			assert!(T::MaxOwners::get() > 0, "a product has an owner");
			assert!(T::MaxHistoryPerItem::get() > 0, "a history keeps at least one entry");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a product (GTIN-14), owned by the caller's manufacturer.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_product())]
		pub fn register_product(origin: OriginFor<T>, gtin: Gtin) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_product(&who, gtin)
		}

		/// Offers the product to another manufacturer, by its owner. The offer stands until
		/// accepted or replaced by another.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::offer_product())]
		pub fn offer_product(origin: OriginFor<T>, gtin: Gtin, to: OrgId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_product(&who, gtin, to)
		}

		/// Accepts a product offered to the caller's manufacturer: it becomes the owner, the
		/// previous owners stay on record and their units stay authentic.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::accept_product())]
		pub fn accept_product(origin: OriginFor<T>, gtin: Gtin) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_product(&who, gtin)
		}

		/// Commissions units of `lot` (expiring at `expiry`), one per serial, by the GTIN's owner.
		///
		/// ## Complexity
		/// O(N) in the serials (at most `MaxCommissionBatch`).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::commission(serials.len() as u32))]
		pub fn commission(
			origin: OriginFor<T>,
			gtin: Gtin,
			lot: Lot,
			expiry: Moment,
			serials: SerialsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commission(&who, gtin, lot, expiry, serials)
		}

		/// Packs items the caller's organisation holds into a container (created if new),
		/// which must be held by it and not itself packed.
		///
		/// ## Complexity
		/// O(N) in the items, each merging at most `MaxLotsPerContainer` lots.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::pack(items.len() as u32))]
		pub fn pack(
			origin: OriginFor<T>,
			container: Sscc,
			items: BoundedVec<Item, T::MaxChildren>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_pack(&who, container, items)
		}

		/// Empties a container the caller's organisation holds: its items are held directly
		/// (disaggregation, as when a pharmacy opens a case).
		///
		/// ## Complexity
		/// O(N) in the container's items (at most `MaxChildren`).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::unpack(T::MaxChildren::get()))]
		pub fn unpack(origin: OriginFor<T>, container: Sscc) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let items = Self::do_unpack(&who, container)?;
			Ok(Some(T::WeightInfo::unpack(items)).into())
		}

		/// Ships items the caller's organisation holds to organisation `to`, with the hash of
		/// the transaction information and statement. A container moves with everything in it.
		///
		/// ## Complexity
		/// O(U + C) in the top-level units and containers (at most `MaxShipmentItems` in all),
		/// whatever the containers contain; a container costs more than a unit (it is read and
		/// written whole, and its lots checked), so each is charged for what it is.
		#[pallet::call_index(6)]
		#[pallet::weight({
			Moved::of(items.iter()).weight(T::WeightInfo::ship_units, T::WeightInfo::ship_cases)
		})]
		pub fn ship(
			origin: OriginFor<T>,
			to: OrgId,
			items: BoundedVec<Item, T::MaxShipmentItems>,
			documents: ContentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_ship(&who, to, items, documents)
		}

		/// Receives a shipment, by the recipient: it becomes the custodian of everything in it.
		///
		/// ## Complexity
		/// O(U + C) in the shipment's top-level units and containers: declared for the costliest
		/// mix of `MaxShipmentItems` units and containers, refunded to what it carried.
		#[pallet::call_index(7)]
		#[pallet::weight(Pallet::<T>::settle_weight_bound(
			T::WeightInfo::receive_units,
			T::WeightInfo::receive_cases,
		))]
		pub fn receive(origin: OriginFor<T>, shipment: ShipmentId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let moved = Self::do_receive(&who, shipment)?;
			let weight = moved.weight(T::WeightInfo::receive_units, T::WeightInfo::receive_cases);
			Ok(Some(weight).into())
		}

		/// Cancels a shipment not yet received, by the sender: it holds the items again.
		///
		/// ## Complexity
		/// O(U + C) in the shipment's top-level units and containers: declared for the costliest
		/// mix of `MaxShipmentItems` units and containers, refunded to what it carried.
		#[pallet::call_index(8)]
		#[pallet::weight(Pallet::<T>::settle_weight_bound(
			T::WeightInfo::cancel_shipment_units,
			T::WeightInfo::cancel_shipment_cases,
		))]
		pub fn cancel_shipment(
			origin: OriginFor<T>,
			shipment: ShipmentId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let moved = Self::do_cancel_shipment(&who, shipment)?;
			let weight = moved
				.weight(T::WeightInfo::cancel_shipment_units, T::WeightInfo::cancel_shipment_cases);
			Ok(Some(weight).into())
		}

		/// Dispenses a unit the caller's pharmacy, hospital or clinic holds (not packed): its
		/// commercial life ends. The patient is not named: which drug a patient received is
		/// health data, which every node would otherwise hold forever (`docs/privacy.md`); a
		/// claim line links the unit and its patient for the insurer.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::dispense())]
		pub fn dispense(origin: OriginFor<T>, unit: UnitKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispense(&who, unit)
		}

		/// Takes a unit the caller's organisation holds (not packed) out of the supply chain:
		/// destroyed, expired, sample, damaged or stolen. Not while it is suspect.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::decommission())]
		pub fn decommission(
			origin: OriginFor<T>,
			unit: UnitKey,
			reason: DecommissionReason,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_decommission(&who, unit, reason)
		}

		/// Records a distributor's verification of a returned package's product identifier
		/// (DSCSA saleable returns). The answer, verified or not, is an event and, for a known
		/// unit, an entry of its history: a failed verification is not an error.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::verify_return())]
		pub fn verify_return(
			origin: OriginFor<T>,
			identifier: ProductIdentifier,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_verify_return(&who, identifier)
		}

		/// Flags a unit or a lot as suspect, with the hash of its report: it is quarantined
		/// (cannot move) until cleared or declared illegitimate. A unit is flagged by its
		/// custodian (or the recipient of the shipment carrying it), its product's owner or a
		/// regulator; a lot by its product's owner or a regulator. A report flags a target once.
		///
		/// ## Complexity
		/// O(1): a unit in nested containers updates at most three containers.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::flag_suspect())]
		pub fn flag_suspect(
			origin: OriginFor<T>,
			target: Target,
			report: ContentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_flag_suspect(&who, target, report)
		}

		/// Clears a suspect unit or lot, by the GTIN's owner or a regulator, with the hash of the
		/// investigation's conclusion.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::clear_suspect())]
		pub fn clear_suspect(
			origin: OriginFor<T>,
			target: Target,
			report: ContentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_clear_suspect(&who, target, report)
		}

		/// Declares a unit or lot illegitimate, by the GTIN's owner or a regulator, with the hash
		/// of the notice (FDA Form 3911): it never moves again; the event notifies the partners.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::declare_illegitimate())]
		pub fn declare_illegitimate(
			origin: OriginFor<T>,
			target: Target,
			notice: ContentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_declare_illegitimate(&who, target, notice)
		}

		/// Recalls a lot, by the GTIN's owner or a regulator: every unit of it, wherever it is,
		/// reads as recalled at once and cannot be shipped or dispensed.
		///
		/// ## Complexity
		/// O(1), whatever the lot's size.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::recall_lot())]
		pub fn recall_lot(
			origin: OriginFor<T>,
			lot: LotKey,
			notice: ContentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_recall_lot(&who, lot, notice)
		}

		/// Sets the GS1 company prefixes of a trading partner (replacing its earlier ones), by
		/// the consortium: it registers GTINs and names new containers only under them.
		///
		/// ## Complexity
		/// O(P) in the old and new prefixes (at most `MaxPrefixesPerOrganisation` each).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::set_company_prefixes(prefixes.len() as u32))]
		pub fn set_company_prefixes(
			origin: OriginFor<T>,
			organisation: OrgId,
			prefixes: BoundedVec<CompanyPrefix, T::MaxPrefixesPerOrganisation>,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_set_company_prefixes(organisation, prefixes)
		}

		/// A regulator consents to ending the illegitimate-product notification of `target`
		/// (the investigation found it legitimate); its owner then ends it.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::consent_to_termination())]
		pub fn consent_to_termination(origin: OriginFor<T>, target: Target) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_consent_to_termination(&who, target)
		}

		/// The product's owner ends the illegitimate-product notification of `target`, with a
		/// regulator's consent and the hash of the termination notice: the unit or lot is no
		/// longer illegitimate.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::terminate_illegitimacy())]
		pub fn terminate_illegitimacy(
			origin: OriginFor<T>,
			target: Target,
			notice: ContentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_terminate_illegitimacy(&who, target, notice)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// One page of the shipments on their way to `organisation` (not yet received or
		/// cancelled), newest first: at most `limit` (≤ `MaxPageSize`) older than
		/// `start_after` (exclusive).
		///
		/// ## Complexity
		/// O(`limit`) reads.
		pub fn shipments_to(
			organisation: OrgId,
			start_after: Option<ShipmentId>,
			limit: u32,
		) -> Result<Vec<(ShipmentId, ShipmentOf<T>)>, QueryError> {
			Self::incoming_page(organisation, start_after, limit)
		}

		/// One page of the reach of a recall of `lot`: each organisation that holds units of it
		/// (packed or not), has units of it on the way to it, or dispensed some, with how many
		/// of each, in the order of the organisations' hashed ids: at most `limit`
		/// (≤ `MaxPageSize`) after organisation `start_after` (exclusive).
		///
		/// ## Complexity
		/// O(`limit`) reads.
		pub fn recall_reach(
			lot: LotKey,
			start_after: Option<OrgId>,
			limit: u32,
		) -> Result<Vec<(OrgId, Reach)>, QueryError> {
			Self::reach_page(lot, start_after, limit)
		}
	}

	impl<T: Config> caduceus_primitives::ProductVerifier for Pallet<T> {
		fn dispensed(org: OrgId) -> u64 {
			Dispensings::<T>::get(org)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Block time now.
	fn now() -> Moment {
		T::Time::now()
	}

	/// Counts `items` new items against `org`'s quota.
	fn take_quota(org: OrgId, items: u32) -> Result<(), Error<T>> {
		use caduceus_primitives::{Holder, StorageQuota};
		T::Quota::take(Holder::Organisation(org), items).map_err(|_| Error::<T>::QuotaExceeded)
	}

	/// The weight of receiving or cancelling (weighed by `units` and `containers`, see
	/// [`Moved::weight`]) the costliest shipment of `MaxShipmentItems` items, whatever its mix:
	/// which mix costs most depends on the generated weights, so each is tried.
	///
	/// ## Complexity
	/// `MaxShipmentItems + 1` evaluations of the two weight functions (arithmetic only).
	fn settle_weight_bound(
		units: fn(u32) -> frame_support::weights::Weight,
		containers: fn(u32) -> frame_support::weights::Weight,
	) -> frame_support::weights::Weight {
		let most = <T::MaxShipmentItems as frame_support::traits::Get<u32>>::get();
		(0..=most)
			.map(|u| {
				Moved { units: u, containers: most.saturating_sub(u) }.weight(units, containers)
			})
			.fold(frame_support::weights::Weight::zero(), |bound, weight| bound.max(weight))
	}

	/// `org` removed `items` of its items.
	fn give_back_quota(org: OrgId, items: u32) {
		use caduceus_primitives::{Holder, StorageQuota};
		T::Quota::give_back(Holder::Organisation(org), items)
	}
}
