//! The data the supply-chain pallet keeps, named as in GS1 EPCIS/CBV and the US DSCSA: products
//! (GTIN), lots, serialized units, containers (SSCC), shipments and each item's history.

use caduceus_primitives::{
	identifiers::gs1_check_digit_valid, value_enum, value_struct, ContentHash, Moment, OrgId,
	UnitStatus,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::{ConstU32, Get},
	weights::Weight,
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

/// A GTIN-14 (GS1 AI 01) in ASCII digits, the last one its check digit. Shorter GTINs are
/// padded with leading zeros, as GS1 prescribes.
pub type Gtin = [u8; 14];
/// A Serial Shipping Container Code (GS1 AI 00) in ASCII digits: a case's or pallet's identity.
pub type Sscc = [u8; 18];
/// A shipment's identifier.
pub type ShipmentId = u64;

/// GS1 AI (21) serial and AI (10) lot are at most 20 characters.
pub type MaxCodeLength = ConstU32<20>;
/// A GS1 company prefix: 4 to 12 ASCII digits, assigned by GS1 to a company, under which it
/// numbers its products (GTINs) and logistic units (SSCCs).
pub type CompanyPrefix = BoundedVec<u8, ConstU32<12>>;
/// A serial number (GS1 AI 21): unique per GTIN forever.
pub type Serial = BoundedVec<u8, MaxCodeLength>;
/// A batch or lot number (GS1 AI 10).
pub type Lot = BoundedVec<u8, MaxCodeLength>;

/// Whether `key` is a GS1 key (GTIN, SSCC) with a valid check digit.
pub fn gs1_key_valid(key: &[u8]) -> bool {
	gs1_check_digit_valid(key)
}

/// Whether `code` is a non-empty serial or lot of the GS1 AI encodable character set 82
/// (`!"%&'()*+,-./`, digits, `:;<=>?`, letters and `_`).
pub fn gs1_code_valid(code: &[u8]) -> bool {
	!code.is_empty()
		&& code.iter().all(|c| {
			c.is_ascii_alphanumeric()
				|| matches!(
					c,
					b'!' | b'"'
						| b'%' | b'&' | b'\''
						| b'(' | b')' | b'*'
						| b'+' | b',' | b'-'
						| b'.' | b'/' | b':'
						| b';' | b'<' | b'='
						| b'>' | b'?' | b'_'
				)
		})
}

value_struct! {
	/// A serialized unit's key: GTIN and serial (a serial is unique per GTIN).
	#[derive(PartialOrd, Ord)]
	pub struct UnitKey {
		/// The product.
		pub gtin: Gtin,
		/// The unit's serial.
		pub serial: Serial,
	}
}

value_struct! {
	/// A lot's key: GTIN and lot number.
	#[derive(PartialOrd, Ord)]
	pub struct LotKey {
		/// The product.
		pub gtin: Gtin,
		/// The lot number.
		pub lot: Lot,
	}
}

value_struct! {
	/// The DSCSA product identifier printed on a package: GTIN (which carries the NDC), serial, lot
	/// and expiry. What a verifier holds and asks about.
	pub struct ProductIdentifier {
		/// GTIN-14.
		pub gtin: Gtin,
		/// Serial number.
		pub serial: Serial,
		/// Lot number.
		pub lot: Lot,
		/// Expiry as block time (ms): the end of the AI (17) date, in UTC.
		pub expiry: Moment,
	}
}

impl ProductIdentifier {
	/// The unit it names.
	pub fn unit_key(&self) -> UnitKey {
		UnitKey { gtin: self.gtin, serial: self.serial.clone() }
	}
}

/// Something that moves: a serialized unit, or a container of them (a case, a pallet).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
pub enum Item {
	/// A serialized unit (SGTIN).
	Unit(UnitKey),
	/// A container (SSCC).
	Container(Sscc),
}

/// How many of a move's top-level items are units and how many containers: what moving them
/// costs, since a container is read and written whole and its lots are checked.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Moved {
	/// Units moved on their own.
	pub units: u32,
	/// Containers moved with everything in them.
	pub containers: u32,
}

impl Moved {
	/// The counts of `items`.
	pub fn of<'a>(items: impl IntoIterator<Item = &'a Item>) -> Moved {
		items.into_iter().fold(Moved::default(), |moved, item| match item {
			Item::Unit(_) => Moved { units: moved.units.saturating_add(1), ..moved },
			Item::Container(_) => Moved { containers: moved.containers.saturating_add(1), ..moved },
		})
	}

	/// The weight of moving these items, from two benchmarks of the same move: one of units
	/// only (`units(u)`) and one of containers only (`containers(c)`). A move of one kind pays
	/// its own benchmark; a mixed one pays both, less the smaller of the two fitted intercepts:
	/// the fixed part (the caller, the shipment record) that each includes, counted once.
	///
	/// Two one-kind benchmarks rather than one of both kinds: varying units while 32 full cases
	/// were also moved hid their cost in the cases' noise, and the fit put it in the intercept
	/// that even a one-unit shipment paid.
	pub fn weight(self, units: fn(u32) -> Weight, containers: fn(u32) -> Weight) -> Weight {
		match (self.units, self.containers) {
			(u, 0) => units(u),
			(0, c) => containers(c),
			(u, c) => {
				units(u).saturating_add(containers(c)).saturating_sub(units(0).min(containers(0)))
			},
		}
	}
}

/// A product (GTIN) and who owns it.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxOwners))]
pub struct Product<MaxOwners: Get<u32>> {
	/// The manufacturer that owns the GTIN: the only one that commissions its units.
	pub owner: OrgId,
	/// A manufacturer the owner offered the GTIN to, until it accepts.
	pub offered_to: Option<OrgId>,
	/// Every owner and since when, oldest first (the oldest are dropped past `MaxOwners`).
	pub owners: BoundedVec<(OrgId, Moment), MaxOwners>,
}

value_enum! {
	/// A lot's quarantine: what every unit of it reads as, without touching the units. A recall
	/// is recorded apart ([`LotInfo::recalled_at`]) and overrides it.
	pub enum LotState {
		/// In commerce.
		Released,
		/// Under investigation: its units cannot move.
		Suspect,
		/// Declared counterfeit, diverted, stolen or otherwise unfit for distribution.
		Illegitimate,
	}
}

value_struct! {
	/// A lot of a product.
	pub struct LotInfo {
		/// The lot's expiry (block time, ms); every unit of the lot carries it.
		pub expiry: Moment,
		/// Its quarantine, if any.
		pub state: LotState,
		/// When the lot was recalled, if it was: every unit of it reads as recalled.
		pub recalled_at: Option<Moment>,
		/// How many units of the lot were commissioned.
		pub units: u32,
	}
}

value_struct! {
	/// What an organisation has of a lot: the reach of a recall, counted in units. A unit is
	/// counted where its top-level container is; in transit, at the recipient.
	#[derive(Copy, Default)]
	pub struct Reach {
		/// Units it holds, packed or not, whose commercial life has not ended: what a recall asks
		/// it to quarantine and send back.
		pub held: u32,
		/// Units on their way to it, not yet received: what it must refuse or quarantine on
		/// arrival.
		pub on_the_way: u32,
		/// Units it dispensed: the patients a recall may have to reach, through the dispenser.
		pub dispensed: u32,
	}
}

impl Reach {
	/// Nothing of the lot: no entry is kept.
	pub fn is_empty(&self) -> bool {
		*self == Self::default()
	}
}

value_enum! {
	/// Where an item is, physically and legally.
	pub enum Place {
		/// Held by an organisation (its custodian).
		Held(OrgId),
		/// Packed in a container: it goes where the container goes.
		Inside(Sscc),
		/// Part of a shipment not yet received.
		Shipped(ShipmentId),
	}
}

value_enum! {
	/// A unit's own quarantine (a lot's is in [`LotState`]).
	pub enum Quarantine {
		/// Flagged by a trading partner: it cannot move until cleared.
		Suspect,
		/// Declared illegitimate: it never moves again.
		Illegitimate,
	}
}

value_enum! {
	/// Why a unit was taken out of the supply chain (CBV `decommissioning`/`destroying`).
	pub enum DecommissionReason {
		/// Destroyed (CBV `destroying`, disposition `destroyed`).
		Destroyed,
		/// Past its expiry (disposition `expired`).
		Expired,
		/// Used as a sample (disposition `inactive`).
		Sample,
		/// Damaged (disposition `damaged`).
		Damaged,
		/// Stolen (disposition `stolen`).
		Stolen,
	}
}

value_enum! {
	/// How a unit's commercial life ended.
	pub enum End {
		/// Dispensed by a pharmacy or hospital. To whom is not on chain: a claim line links
		/// the unit and its patient for the insurer only (`docs/privacy.md`).
		Dispensed {
			/// The dispenser.
			by: OrgId,
			/// When.
			at: Moment,
		},
		/// Taken out of the supply chain.
		Decommissioned {
			/// Why.
			reason: DecommissionReason,
			/// By whom.
			by: OrgId,
			/// When.
			at: Moment,
		},
		/// Dispensed, then returned by the patient and taken out of the supply chain (a recalled
		/// or illegitimate unit destroyed by the pharmacy). The dispensing stays: a claim that
		/// billed the unit is judged on it. Appended last, so units stored before it existed
		/// decode unchanged.
		DispensedThenDecommissioned {
			/// The dispenser.
			dispensed_by: OrgId,
			/// When it was dispensed.
			dispensed_at: Moment,
			/// Why it was decommissioned.
			reason: DecommissionReason,
			/// By whom.
			by: OrgId,
			/// When.
			at: Moment,
		},
	}
}

impl End {
	/// The dispensing, if the unit was dispensed: by whom, when.
	pub fn dispensing(&self) -> Option<(OrgId, Moment)> {
		match *self {
			Self::Dispensed { by, at } => Some((by, at)),
			Self::DispensedThenDecommissioned { dispensed_by, dispensed_at, .. } => {
				Some((dispensed_by, dispensed_at))
			},
			Self::Decommissioned { .. } => None,
		}
	}
}

value_struct! {
	/// A serialized unit.
	pub struct Unit {
		/// Its lot (the expiry and the recall are the lot's).
		pub lot: Lot,
		/// The manufacturer that commissioned it (the GTIN's owner then).
		pub commissioned_by: OrgId,
		/// When.
		pub commissioned_at: Moment,
		/// Where it is.
		pub place: Place,
		/// Its own quarantine, if any.
		pub quarantine: Option<Quarantine>,
		/// How its commercial life ended, if it did.
		pub end: Option<End>,
	}
}

/// A container (case, pallet) and what it holds.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxChildren, MaxLots))]
pub struct Container<MaxChildren: Get<u32>, MaxLots: Get<u32>> {
	/// Where it is.
	pub place: Place,
	/// 0 empty; 1 holds units; 2 holds level-1 containers; at most [`MAX_NESTING`].
	pub level: u8,
	/// What it holds directly.
	pub children: BoundedVec<Item, MaxChildren>,
	/// The lots of every unit inside it, at any depth, with how many units of each: what a move
	/// checks (recall, suspicion, expiry) without visiting the units.
	pub lots: BoundedVec<(LotKey, u32), MaxLots>,
	/// How many units inside it, at any depth, are in quarantine: it cannot move while any are.
	pub quarantined: u32,
}

/// How deep containers nest: cases in pallets in a container load.
pub const MAX_NESTING: u8 = 3;

/// A shipment on its way. Removed once received or cancelled (the items' histories keep it).
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxItems))]
pub struct Shipment<MaxItems: Get<u32>> {
	/// The sender.
	pub from: OrgId,
	/// The recipient.
	pub to: OrgId,
	/// The top-level items shipped (units, containers).
	pub items: BoundedVec<Item, MaxItems>,
	/// Hash of the DSCSA transaction information and transaction statement documents.
	pub documents: ContentHash,
	/// When it was shipped.
	pub shipped_at: Moment,
	/// Whether it goes back up the chain (a return).
	pub is_return: bool,
}

/// What a flag, clearance, declaration or recall names: one unit or a whole lot.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum Target {
	/// One unit.
	Unit(UnitKey),
	/// A lot.
	Lot(LotKey),
}

value_enum! {
	/// CBV business step of a history entry.
	pub enum BizStep {
		Commissioning,
		Packing,
		Unpacking,
		Shipping,
		Receiving,
		VoidShipping,
		Dispensing,
		Decommissioning,
		Destroying,
		Inspecting,
		Holding,
	}
}

value_enum! {
	/// CBV disposition after a history entry.
	pub enum Disposition {
		Active,
		ContainerClosed,
		ContainerOpen,
		InTransit,
		InProgress,
		Dispensed,
		Inactive,
		Destroyed,
		Expired,
		Damaged,
		Stolen,
		NonSellableOther,
		SellableAccessible,
		Recalled,
	}
}

/// The answer of a saleable-return verification (DSCSA 582(c)(4)(D)).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Verification {
	/// The identifier matches a unit the GTIN's owner commissioned, and the unit may be resold.
	Verified,
	/// No unit has this GTIN and serial.
	UnknownUnit,
	/// The unit exists but its lot or expiry differs: the package is not what it says.
	Mismatch,
	/// The unit is authentic but not saleable: its status says why.
	NotSaleable(UnitStatus),
}

value_enum! {
	/// What else a history entry says.
	pub enum Detail {
		/// Nothing more.
		None,
		/// Packed into `container`, whose own history continues at entry `container_entry`.
		PackedInto {
			/// The container.
			container: Sscc,
			/// The container's history entry of the packing.
			container_entry: u64,
		},
		/// Unpacked from `container` at its history entry `container_entry`.
		UnpackedFrom {
			/// The container.
			container: Sscc,
			/// The container's history entry of the unpacking.
			container_entry: u64,
		},
		/// A container's packing or unpacking of `items` items.
		Aggregation {
			/// How many items went in or out.
			items: u32,
		},
		/// A shipment's step.
		Shipment {
			/// The shipment.
			shipment: ShipmentId,
			/// The sender.
			from: OrgId,
			/// The recipient.
			to: OrgId,
			/// Hash of the transaction information and statement.
			documents: ContentHash,
		},
		/// Dispensed (to whom is not on chain).
		Dispensed,
		/// Decommissioned, and why.
		Decommissioned {
			/// Why.
			reason: DecommissionReason,
		},
		/// Flagged or cleared, with the report's hash.
		Quarantine {
			/// The unit's quarantine after the step (`None` when cleared).
			now: Option<Quarantine>,
			/// The report, notice or clearance document.
			document: ContentHash,
		},
		/// A recall, with the notice's hash.
		Recall {
			/// The recall notice.
			notice: ContentHash,
		},
		/// A saleable-return verification.
		Verified {
			/// Its answer.
			answer: Verification,
		},
	}
}

value_struct! {
	/// One step of an item's history (an EPCIS event as it concerned this item).
	pub struct HistoryEntry {
		/// The entry's sequence number in the item's history.
		pub sequence: u64,
		/// Block time.
		pub at: Moment,
		/// The organisation that acted.
		pub by: OrgId,
		/// CBV business step.
		pub step: BizStep,
		/// CBV disposition after the step.
		pub disposition: Disposition,
		/// What else it says.
		pub detail: Detail,
	}
}

/// What the verification API answers about a product identifier.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct UnitReport {
	/// Commissioned by the GTIN's owner with this lot and expiry.
	pub authentic: bool,
	/// Its status now (recall and expiry read from its lot).
	pub status: UnitStatus,
	/// Who holds it, or held it last (the sender while in transit).
	pub custodian: OrgId,
	/// The shipment carrying it, if in transit.
	pub shipment: Option<ShipmentId>,
	/// The container it is packed in, if any (the innermost).
	pub container: Option<Sscc>,
	/// The manufacturer that commissioned it.
	pub commissioned_by: OrgId,
	/// Its lot and the lot's expiry as recorded.
	pub lot: Lot,
	/// The lot's expiry as recorded.
	pub expiry: Moment,
}
