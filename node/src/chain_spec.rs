//! Chain specifications: the built-in `dev` and `local` chains, built from the runtime's genesis
//! presets, and chain-spec files for every other network.

use caduceus_runtime::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY};
use sc_service::{ChainType, Properties};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use std::path::Path;

/// A Caduceus chain spec. No extensions: Caduceus is a standalone chain.
pub type ChainSpec = sc_service::GenericChainSpec;

/// What wallets show: token symbol, decimals and address format.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm =
		WASM_BINARY.ok_or_else(|| "the node was built without its WASM runtime".to_string())?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("caduceus")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// One validator (Alice); authoring starts at once.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset("Caduceus Development", "caduceus_dev", ChainType::Development, DEV_RUNTIME_PRESET)
}

/// Three validators (Alice, Bob, Charlie) on one machine.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Caduceus Local Testnet",
		"caduceus_local",
		ChainType::Local,
		LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// Four organisations' validators (Alice, Bob, Charlie, Dave), governed by their council alone.
pub fn consortium_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Caduceus Consortium",
		"caduceus_consortium",
		ChainType::Local,
		caduceus_runtime::genesis_config_presets::CONSORTIUM_PRESET,
	)
}

/// The development chain's founding member alone (Alice validating for St. Luke's Hospital),
/// which `scripts/dev.sh` fills through the client.
pub fn demo_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Caduceus Demo",
		"caduceus_demo",
		ChainType::Development,
		caduceus_runtime::genesis_config_presets::DEMO_PRESET,
	)
}

/// The chain `id` names: a built-in chain or the path of a chain-spec JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" | "development" => Box::new(development_chain_spec()?),
		"" | "local" | "local_testnet" => Box::new(local_chain_spec()?),
		"consortium" => Box::new(consortium_chain_spec()?),
		"demo" => Box::new(demo_chain_spec()?),
		path if Path::new(path).is_file() => Box::new(
			ChainSpec::from_json_file(path.into())
				.map_err(|e| format!("chain spec `{path}` is not a valid chain-spec file: {e}"))?,
		),
		unknown => {
			return Err(format!(
				"unknown chain `{unknown}`: use `dev`, `demo`, `local`, `consortium`, or the path of a chain-spec JSON file"
			))
		},
	})
}
