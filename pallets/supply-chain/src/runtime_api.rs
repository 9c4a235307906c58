//! The runtime API through which anyone holding a package verifies it, and dispensers, gateways
//! and regulators follow units, containers and shipments, over JSON-RPC without a transaction.

use crate::{
	Gtin, HistoryEntry, LotInfo, LotKey, ProductIdentifier, Serial, ShipmentId, Sscc, UnitReport,
	Verification,
};
use alloc::vec::Vec;
use caduceus_primitives::OrgId;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Verification and tracing. `Product`, `Container` and `Shipment` are the runtime's
	/// `ProductOf`, `ContainerOf` and `ShipmentOf` types.
	///
	/// Version 2: a unit's report and history no longer name the patient it was dispensed to.
	#[api_version(2)]
	pub trait SupplyChainApi<Product, Container, Shipment>
	where
		Product: Codec,
		Container: Codec,
		Shipment: Codec,
	{
		/// Whether the package with this product identifier is authentic (commissioned by the
		/// GTIN's owner with this lot and expiry), its status, where it is; `None` if no unit
		/// has this GTIN and serial. Never to whom it was dispensed.
		fn verify(identifier: ProductIdentifier) -> Option<UnitReport>;

		/// What a saleable-return verification of this identifier by `distributor` would answer.
		fn verify_return(identifier: ProductIdentifier, distributor: OrgId) -> Verification;

		/// A unit's history by block time: its own steps, the steps of the containers it was
		/// packed in while it was, its lot's quarantine and recall.
		fn unit_history(gtin: Gtin, serial: Serial) -> Vec<HistoryEntry>;

		/// A lot's history: its quarantine and recall.
		fn lot_history(lot: LotKey) -> Vec<HistoryEntry>;

		/// A container's own history.
		fn container_history(container: Sscc) -> Vec<HistoryEntry>;

		/// A product and its owners.
		fn product(gtin: Gtin) -> Option<Product>;

		/// A lot: expiry, quarantine, recall, unit count.
		fn lot(lot: LotKey) -> Option<LotInfo>;

		/// A container and what it holds.
		fn container(container: Sscc) -> Option<Container>;

		/// A shipment in transit.
		fn shipment(shipment: ShipmentId) -> Option<Shipment>;
	}
}
