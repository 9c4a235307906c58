//! The supply chain end to end on the development chain's demo data: the demo manufacturer
//! commissions units and ships them to the demo hospital, which dispenses one (to a patient the
//! chain does not learn); the manufacturer recalls the lot; a pharmacist's scanner verifies packages over JSON-RPC
//! (`SupplyChainApi` runtime API).

use super::common::chain::{dev_chain, now, state_call, submit};
use caduceus_primitives::{identifiers::with_gs1_check_digit, UnitStatus, DAY_MS};
use caduceus_runtime::RuntimeCall;
use pallet_supply_chain::{Call, Gtin, Item, LotKey, ProductIdentifier, UnitKey, UnitReport};
use sp_core::H256;
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The demo hospital (organisation 0); the demo manufacturer is organisation 2, admin Dave//stash.
const HOSPITAL: u32 = 0;

fn keypair(uri: &str) -> Keypair {
	Keypair::from_uri(&uri.parse::<SecretUri>().unwrap()).unwrap()
}

/// A GTIN-14 with its check digit.
fn gtin() -> Gtin {
	with_gs1_check_digit(b"0030012345678")
}

fn code(text: &str) -> pallet_supply_chain::Serial {
	text.as_bytes().to_vec().try_into().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn units_travel_from_maker_to_patient_and_a_recall_reaches_them_over_json_rpc() {
	let dir = tempfile::tempdir().unwrap();
	let (node, api) = dev_chain(dir.path()).await;
	let maker = keypair("//Dave//stash");
	let hospital = keypair("//Bob");
	let expiry = now(&api).await + 365 * DAY_MS;
	let identifier = |serial: &str| ProductIdentifier {
		gtin: gtin(),
		serial: code(serial),
		lot: code("A2611"),
		expiry,
	};
	let verify = |serial: &str| -> UnitReport {
		let report: Option<UnitReport> =
			state_call(&node, "SupplyChainApi_verify", identifier(serial));
		report.expect("commissioned")
	};

	submit(&api, RuntimeCall::SupplyChain(Call::register_product { gtin: gtin() }), &maker).await;
	let commission = Call::commission {
		gtin: gtin(),
		lot: code("A2611"),
		expiry,
		serials: vec![code("SN1"), code("SN2")].try_into().unwrap(),
	};
	submit(&api, RuntimeCall::SupplyChain(commission), &maker).await;
	let unit = |serial: &str| Item::Unit(UnitKey { gtin: gtin(), serial: code(serial) });
	let ship = Call::ship {
		to: HOSPITAL,
		items: vec![unit("SN1"), unit("SN2")].try_into().unwrap(),
		documents: H256::repeat_byte(7),
	};
	submit(&api, RuntimeCall::SupplyChain(ship), &maker).await;
	assert_eq!(verify("SN1").status, UnitStatus::InTransit);
	submit(&api, RuntimeCall::SupplyChain(Call::receive { shipment: 0 }), &hospital).await;
	let dispense = Call::dispense { unit: UnitKey { gtin: gtin(), serial: code("SN1") } };
	submit(&api, RuntimeCall::SupplyChain(dispense), &hospital).await;

	let dispensed = verify("SN1");
	assert!(dispensed.authentic);
	assert_eq!((dispensed.status, dispensed.custodian), (UnitStatus::Dispensed, HOSPITAL));
	let shelf = verify("SN2");
	assert_eq!((shelf.status, shelf.custodian), (UnitStatus::Active, HOSPITAL));

	let recall = Call::recall_lot {
		lot: LotKey { gtin: gtin(), lot: code("A2611") },
		notice: H256::repeat_byte(8),
	};
	submit(&api, RuntimeCall::SupplyChain(recall), &maker).await;
	assert_eq!(verify("SN1").status, UnitStatus::Recalled);
	assert_eq!(verify("SN2").status, UnitStatus::Recalled);
	// A package whose lot does not match is not authentic.
	let mut forged = identifier("SN2");
	forged.lot = code("B0000");
	let report: Option<UnitReport> = state_call(&node, "SupplyChainApi_verify", forged);
	assert!(!report.unwrap().authentic);

	let status = node.stop();
	assert!(status.success(), "the node exits 0 on SIGINT, got {status}");
}
