//! The supply chain end to end on the development chain's demo data: the demo manufacturer
//! commissions units and ships them to the demo hospital, which dispenses one to a patient; the
//! manufacturer recalls the lot; a pharmacist's scanner verifies packages over JSON-RPC
//! (`SupplyChainApi` runtime API).

use super::common::{
	chain::{now, state_call, submit},
	DevNode,
};
use caduceus_primitives::{UnitStatus, DAY_MS};
use caduceus_runtime::RuntimeCall;
use pallet_supply_chain::{Call, Gtin, Item, LotKey, ProductIdentifier, UnitKey, UnitReport};
use sp_core::H256;
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The demo hospital (organisation 0); the demo manufacturer is organisation 2, admin Dave//stash.
const HOSPITAL: u32 = 0;

fn keypair(uri: &str) -> Keypair {
	Keypair::from_uri(&uri.parse::<SecretUri>().unwrap()).unwrap()
}

/// A GTIN-14 with its check digit.
fn gtin() -> Gtin {
	let body = b"0030012345678";
	let sum: u32 = body
		.iter()
		.rev()
		.enumerate()
		.map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
		.sum();
	let mut gtin = [0u8; 14];
	gtin[..13].copy_from_slice(body);
	gtin[13] = b'0' + ((10 - sum % 10) % 10) as u8;
	gtin
}

fn code(text: &str) -> pallet_supply_chain::Serial {
	text.as_bytes().to_vec().try_into().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn units_travel_from_maker_to_patient_and_a_recall_reaches_them_over_json_rpc() {
	let dir = tempfile::tempdir().unwrap();
	let node = DevNode::start(&dir.path().join("dev"));
	node.wait_for_finalized(1);
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url())
		.await
		.expect("subxt connects");
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
	let dispense =
		Call::dispense { unit: UnitKey { gtin: gtin(), serial: code("SN1") }, patient: Some(0) };
	submit(&api, RuntimeCall::SupplyChain(dispense), &hospital).await;

	let dispensed = verify("SN1");
	assert!(dispensed.authentic);
	assert_eq!((dispensed.status, dispensed.dispensed_to), (UnitStatus::Dispensed, Some(0)));
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
