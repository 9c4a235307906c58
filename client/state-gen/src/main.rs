//! `caduceus-state-gen N`: reads a raw chain spec on stdin, adds `N` funded accounts to its
//! genesis state (`System::Account`, and `Balances::TotalIssuance` to match) and writes it to
//! stdout. `scripts/benchmark.sh storage` runs the node's `benchmark storage` on such a state, so
//! that the database's read and write weights are measured on a trie as deep as a busy chain's.
//!
//! A genesis *patch* of a million accounts cannot be used instead: the runtime's genesis builder
//! runs in WASM and fails allocating the patch. Raw keys are written here with the runtime's own
//! storage types, so they cannot drift from what the runtime reads.

use caduceus_runtime::{AccountId, Balance, Runtime, UNIT};
use codec::{Decode, Encode};
use serde_json::Value;
use std::io::{Read, Write};

/// Each generated account's free balance.
const BALANCE: Balance = 10 * UNIT;

fn main() {
	if let Err(error) = run() {
		eprintln!("caduceus-state-gen: {error}");
		std::process::exit(1);
	}
}

fn run() -> Result<(), String> {
	let count: u64 = std::env::args()
		.nth(1)
		.ok_or("usage: caduceus-state-gen <accounts> < raw-spec.json > grown-spec.json")?
		.parse()
		.map_err(|e| format!("the number of accounts: {e}"))?;
	let mut input = String::new();
	std::io::stdin().read_to_string(&mut input).map_err(|e| format!("reading stdin: {e}"))?;
	let mut spec: Value = serde_json::from_str(&input).map_err(|e| format!("the spec: {e}"))?;
	let top = spec
		.pointer_mut("/genesis/raw/top")
		.and_then(Value::as_object_mut)
		.ok_or("not a raw chain spec (no genesis.raw.top): export it with --raw")?;
	let added = add_accounts(top, count)?;
	eprintln!("caduceus-state-gen: added {count} accounts holding {added} in all");
	let output = serde_json::to_vec(&spec).map_err(|e| format!("writing the spec: {e}"))?;
	std::io::stdout().write_all(&output).map_err(|e| format!("writing stdout: {e}"))
}

/// Adds `count` accounts of [`BALANCE`] to `top` and raises the total issuance by what they
/// hold; returns that amount.
fn add_accounts(top: &mut serde_json::Map<String, Value>, count: u64) -> Result<Balance, String> {
	let account = frame_system::AccountInfo::<caduceus_runtime::Nonce, _> {
		providers: 1,
		data: pallet_balances::AccountData::<Balance> { free: BALANCE, ..Default::default() },
		..Default::default()
	};
	let value = hex_of(&account.encode());
	for index in 0..count {
		let key = frame_system::Account::<Runtime>::hashed_key_for(generated_account(index));
		top.insert(hex_of(&key), Value::String(value.clone()));
	}
	let added = BALANCE.checked_mul(count.into()).ok_or("the accounts' total overflows")?;
	let issuance_key = hex_of(&pallet_balances::TotalIssuance::<Runtime>::hashed_key());
	let issuance = match top.get(&issuance_key).and_then(Value::as_str) {
		Some(encoded) => {
			let bytes = hex::decode(encoded.trim_start_matches("0x"))
				.map_err(|e| format!("the total issuance: {e}"))?;
			Balance::decode(&mut &bytes[..]).map_err(|e| format!("the total issuance: {e}"))?
		},
		None => 0,
	};
	let issuance = issuance.checked_add(added).ok_or("the total issuance overflows")?;
	top.insert(issuance_key, Value::String(hex_of(&issuance.encode())));
	Ok(added)
}

/// The `index`th generated account: the BLAKE2-256 hash of the index, which nobody holds the
/// key of.
fn generated_account(index: u64) -> AccountId {
	use sp_core::Hasher as _;
	AccountId::from(sp_core::Blake2Hasher::hash(&index.to_le_bytes()).0)
}

fn hex_of(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}
