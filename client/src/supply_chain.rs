//! The drug supply chain (DSCSA): products, units commissioned by serial, shipments, dispensing,
//! a scanned package verified, a lot recalled and the reach of its recall.

use crate::{
	gs1::{self, ElementString},
	runtime::{self, runtime_types::pallet_supply_chain::types as chain},
	Chain, Error,
};
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;

use crate::BoundedVec as Bounded;

/// A unit's key on chain.
pub fn unit_key(gtin: [u8; 14], serial: &[u8]) -> chain::UnitKey {
	chain::UnitKey { gtin, serial: Bounded(serial.to_vec()) }
}

/// Registers product `gtin` (under one of the signer's organisation's company prefixes).
pub async fn register_product(
	chain: &Chain,
	signer: &Keypair,
	gtin: [u8; 14],
) -> Result<(), Error> {
	let call = runtime::tx().supply_chain().register_product(gtin);
	chain.submit(&call, signer).await.map(|_| ())
}

/// The motion that gives trading partner `organisation` the GS1 company prefixes `prefixes`
/// (4 to 12 digits each, replacing its earlier ones; none takes them all away), for the council
/// to pass ([`crate::governance::propose`]). It then registers products and names containers
/// only under them.
pub fn set_company_prefixes(
	organisation: u32,
	prefixes: &[String],
) -> Result<crate::governance::Call, Error> {
	use runtime::runtime_types::pallet_supply_chain::pallet::Call;
	for prefix in prefixes {
		if !(4..=12).contains(&prefix.len()) || !prefix.bytes().all(|b| b.is_ascii_digit()) {
			return Err(Error::Input(format!(
				"company prefix {prefix:?}: GS1 company prefixes are 4 to 12 digits"
			)));
		}
	}
	let prefixes = prefixes.iter().map(|p| Bounded(p.as_bytes().to_vec())).collect();
	Ok(crate::governance::Call::SupplyChain(Call::set_company_prefixes {
		organisation,
		prefixes: Bounded(prefixes),
	}))
}

/// The chain's limit on `constant` of the supply chain pallet, read from the node.
async fn limit(
	chain: &Chain,
	constant: impl subxt::constants::Address<Target = u32>,
) -> Result<usize, Error> {
	let at = chain.at_finalized().await?;
	Ok(at.constants().entry(constant).map_err(crate::error::other)? as usize)
}

/// Commissions `serials` of lot `lot` of `gtin`, expiring at the AI (17) date `expiry`, in as
/// many transactions as the chain's batch limit needs; `progress` hears how many are done.
pub async fn commission(
	chain: &Chain,
	signer: &Keypair,
	gtin: [u8; 14],
	lot: &[u8],
	expiry: &[u8; 6],
	serials: &[Vec<u8>],
	progress: impl Fn(usize),
) -> Result<(), Error> {
	let expiry = gs1::expiry_ms(expiry)?;
	gs1::check_code("lot", lot)?;
	serials.iter().try_for_each(|serial| gs1::check_code("serial", serial))?;
	let batch = limit(chain, runtime::constants().supply_chain().max_commission_batch()).await?;
	let mut done = 0;
	for chunk in serials.chunks(batch.max(1)) {
		let bounded = Bounded(chunk.iter().map(|s| Bounded(s.clone())).collect());
		let call =
			runtime::tx().supply_chain().commission(gtin, Bounded(lot.to_vec()), expiry, bounded);
		chain.submit(&call, signer).await?;
		done += chunk.len();
		progress(done);
	}
	Ok(())
}

/// Ships `items` (units and containers) to organisation `to`, with the salted hash of the
/// shipping documents, in as many shipments as the chain's limit on items needs; `shipped` is
/// told each shipment's id as it is made, so that none is lost when a later one fails.
pub async fn ship(
	chain: &Chain,
	signer: &Keypair,
	to: u32,
	items: &[Item],
	documents: H256,
	mut shipped: impl FnMut(u64),
) -> Result<(), Error> {
	let most = limit(chain, runtime::constants().supply_chain().max_shipment_items()).await?;
	for chunk in items.chunks(most.max(1)) {
		let call = runtime::tx().supply_chain().ship(to, Bounded(chunk.to_vec()), documents);
		let done = chain.submit(&call, signer).await?;
		shipped(done.event::<runtime::supply_chain::events::Shipped>()?.shipment);
	}
	Ok(())
}

/// The units `serials` of `gtin` as items of a move, checked against GS1's bounds.
pub fn units(gtin: [u8; 14], serials: &[Vec<u8>]) -> Result<Vec<Item>, Error> {
	serials
		.iter()
		.map(|serial| {
			gs1::check_code("serial", serial)?;
			Ok(Item::Unit(unit_key(gtin, serial)))
		})
		.collect()
}

/// Receives shipment `shipment` at the signer's organisation.
pub async fn receive(chain: &Chain, signer: &Keypair, shipment: u64) -> Result<(), Error> {
	let call = runtime::tx().supply_chain().receive(shipment);
	chain.submit(&call, signer).await.map(|_| ())
}

/// Dispenses a unit to a patient (whom the chain does not learn).
pub async fn dispense(
	chain: &Chain,
	signer: &Keypair,
	gtin: [u8; 14],
	serial: &[u8],
) -> Result<(), Error> {
	gs1::check_code("serial", serial)?;
	let call = runtime::tx().supply_chain().dispense(unit_key(gtin, serial));
	chain.submit(&call, signer).await.map(|_| ())
}

/// Recalls lot `lot` of `gtin`, with the salted hash of the recall notice.
pub async fn recall(
	chain: &Chain,
	signer: &Keypair,
	gtin: [u8; 14],
	lot: &[u8],
	notice: H256,
) -> Result<(), Error> {
	gs1::check_code("lot", lot)?;
	let key = chain::LotKey { gtin, lot: Bounded(lot.to_vec()) };
	let call = runtime::tx().supply_chain().recall_lot(key, notice);
	chain.submit(&call, signer).await.map(|_| ())
}

/// The most entries a page of the supply chain's view functions holds (`MaxPageSize`).
pub async fn page_size(chain: &Chain) -> Result<u32, Error> {
	let most = limit(chain, runtime::constants().supply_chain().max_page_size()).await?;
	Ok(u32::try_from(most).unwrap_or(u32::MAX))
}

/// A container (SSCC) or a unit, as a move names it.
pub type Item = chain::Item;

/// Packs `items` into container `sscc` (created if new), held by the signer's organisation.
pub async fn pack(
	chain: &Chain,
	signer: &Keypair,
	sscc: [u8; 18],
	items: Vec<Item>,
) -> Result<(), Error> {
	let call = runtime::tx().supply_chain().pack(sscc, Bounded(items));
	chain.submit(&call, signer).await.map(|_| ())
}

/// Empties container `sscc`: its items are held loose again.
pub async fn unpack(chain: &Chain, signer: &Keypair, sscc: [u8; 18]) -> Result<(), Error> {
	let call = runtime::tx().supply_chain().unpack(sscc);
	chain.submit(&call, signer).await.map(|_| ())
}

/// The reach of a recall of `lot` of `gtin`, one page: each organisation holding units of it
/// (packed or not), with units of it on their way to it, or that dispensed some, with how many
/// of each, after organisation `start_after`.
pub async fn reach(
	chain: &Chain,
	gtin: [u8; 14],
	lot: &[u8],
	start_after: Option<u32>,
	limit: u32,
) -> Result<Vec<(u32, chain::Reach)>, Error> {
	gs1::check_code("lot", lot)?;
	let key = chain::LotKey { gtin, lot: Bounded(lot.to_vec()) };
	let page = runtime::view_functions().supply_chain().recall_reach(key, start_after, limit);
	chain.view(page).await?.map_err(|e| Error::Query(format!("{e:?}")))
}

/// What the chain says of a scanned package: `None` if no such unit was ever commissioned.
pub async fn verify(
	chain: &Chain,
	scanned: &ElementString,
) -> Result<Option<chain::UnitReport>, Error> {
	let identifier = chain::ProductIdentifier {
		gtin: scanned.gtin,
		serial: Bounded(scanned.serial.clone()),
		lot: Bounded(scanned.lot.clone()),
		expiry: gs1::expiry_ms(&scanned.expiry)?,
	};
	chain.runtime_api(runtime::runtime_apis().supply_chain_api().verify(identifier)).await
}

/// The shipments on their way to organisation `to`, newest first.
pub async fn incoming(
	chain: &Chain,
	to: u32,
	start_after: Option<u64>,
	limit: u32,
) -> Result<Vec<(u64, chain::Shipment)>, Error> {
	let page = runtime::view_functions().supply_chain().shipments_to(to, start_after, limit);
	chain.view(page).await?.map_err(|e| Error::Query(format!("{e:?}")))
}
