//! `caduceus-state-gen accounts|patients N`: reads a raw chain spec on stdin, grows its genesis
//! state and writes it to stdout.
//!
//! - `accounts N` adds `N` funded accounts (`System::Account`, and `Balances::TotalIssuance` to
//!   match): `scripts/benchmark.sh storage` runs the node's `benchmark storage` on such a state,
//!   so that the database's read and write weights are measured on a trie as deep as a busy
//!   chain's.
//! - `patients N` adds `N` patients with their consents, records and claims, made by the
//!   runtime's own calls ([`patients`]): `scripts/benchmark.sh scaling` measures per-call
//!   costs on such states. It prints what each pallet's storage grew by on stderr.
//!
//! A genesis *patch* of a million accounts cannot be used instead: the runtime's genesis builder
//! runs in WASM and fails allocating the patch. Keys are written here with the runtime's own
//! storage types (or by its own calls), so they cannot drift from what the runtime reads.

mod patients;

use caduceus_runtime::{AccountId, Balance, Runtime, UNIT};
use codec::{Decode, Encode};
use serde_json::Value;
use sp_core::storage::Storage;
use std::{
	collections::BTreeMap,
	io::{BufWriter, Read, Write},
	time::{SystemTime, UNIX_EPOCH},
};

/// Each generated account's free balance.
const BALANCE: Balance = 10 * UNIT;

/// What stands for the genesis state in the spec while the rest of it is written.
const TOP_PLACEHOLDER: &str = "caduceus-state-gen:top";

/// The pallets whose growth `patients` reports, by their names in the runtime.
const PALLETS: [&str; 6] = ["System", "Balances", "HealthIdentity", "Consent", "Records", "Claims"];

/// What the generator is called with.
const USAGE: &str =
	"usage: caduceus-state-gen accounts|patients <N> < raw-spec.json > grown-spec.json";

fn main() {
	if let Err(error) = run() {
		eprintln!("caduceus-state-gen: {error}");
		std::process::exit(1);
	}
}

fn run() -> Result<(), String> {
	let mut args = std::env::args().skip(1);
	let what = args.next().ok_or(USAGE)?;
	let count: u64 =
		args.next().ok_or(USAGE)?.parse().map_err(|e| format!("the number to add: {e}"))?;
	let mut input = String::new();
	std::io::stdin().read_to_string(&mut input).map_err(|e| format!("reading stdin: {e}"))?;
	let mut spec: Value = serde_json::from_str(&input).map_err(|e| format!("the spec: {e}"))?;
	drop(input);
	let top = spec
		.pointer_mut("/genesis/raw/top")
		.ok_or("not a raw chain spec (no genesis.raw.top): export it with --raw")?;
	let mut storage =
		Storage { top: decode_top(top.take())?, children_default: Default::default() };
	*top = Value::String(TOP_PLACEHOLDER.into());
	match what.as_str() {
		"accounts" => {
			let added = add_accounts(&mut storage.top, count)?;
			eprintln!("caduceus-state-gen: added {count} accounts holding {added} in all");
		},
		"patients" => storage = add_patients(storage, count)?,
		_ => return Err(USAGE.into()),
	}
	write_spec(&spec, &storage.top)
}

/// Runs [`patients::populate`] on `storage` and reports each pallet's growth.
fn add_patients(storage: Storage, count: u64) -> Result<Storage, String> {
	let before = sizes(&storage.top);
	let now =
		SystemTime::now().duration_since(UNIX_EPOCH).map_err(|e| e.to_string())?.as_millis() as u64;
	let mut ext = sp_state_machine::BasicExternalities::new(storage);
	ext.execute_with(|| patients::populate(count, now))?;
	let storage = ext.into_storages();
	if !storage.children_default.is_empty() {
		return Err("the calls made child tries, which this generator does not write".into());
	}
	let after = sizes(&storage.top);
	eprintln!("caduceus-state-gen: added {count} patients; storage added, by pallet:");
	eprintln!("| pallet | keys | bytes (keys and values) | bytes per patient |");
	eprintln!("| --- | ---: | ---: | ---: |");
	for ((name, (keys, bytes)), (_, (keys_before, bytes_before))) in after.iter().zip(&before) {
		let (keys, bytes) =
			(keys.saturating_sub(*keys_before), bytes.saturating_sub(*bytes_before));
		eprintln!("| {name} | {keys} | {bytes} | {} |", bytes / count.max(1));
	}
	Ok(storage)
}

/// Keys and bytes (keys and values) under each of [`PALLETS`], and in all.
fn sizes(top: &BTreeMap<Vec<u8>, Vec<u8>>) -> Vec<(&'static str, (u64, u64))> {
	let prefixes: Vec<[u8; 16]> =
		PALLETS.iter().map(|name| sp_crypto_hashing::twox_128(name.as_bytes())).collect();
	let mut sizes = vec![(0u64, 0u64); PALLETS.len() + 1];
	for (key, value) in top {
		let bytes = (key.len() + value.len()) as u64;
		let pallet = prefixes.iter().position(|prefix| key.starts_with(prefix));
		for slot in pallet.into_iter().chain([PALLETS.len()]) {
			sizes[slot].0 += 1;
			sizes[slot].1 += bytes;
		}
	}
	PALLETS.iter().copied().chain(["all"]).zip(sizes).collect()
}

/// The raw genesis' keys and values, from their hex.
fn decode_top(top: Value) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, String> {
	let Value::Object(top) = top else { return Err("genesis.raw.top is not a map".into()) };
	top.into_iter()
		.map(|(key, value)| {
			let value = value.as_str().ok_or("a genesis value is not a string")?;
			Ok((bytes_of(&key)?, bytes_of(value)?))
		})
		.collect()
}

/// Writes `spec` with `top` as its raw genesis, one key at a time (a state of millions of keys
/// would not fit in memory as JSON values).
fn write_spec(spec: &Value, top: &BTreeMap<Vec<u8>, Vec<u8>>) -> Result<(), String> {
	let text = serde_json::to_string(spec).map_err(|e| format!("writing the spec: {e}"))?;
	let placeholder = format!("\"{TOP_PLACEHOLDER}\"");
	let (head, tail) = text.split_once(&placeholder).ok_or("the spec lost its genesis")?;
	let mut out = BufWriter::new(std::io::stdout().lock());
	let mut write = |bytes: &[u8]| out.write_all(bytes).map_err(|e| format!("writing stdout: {e}"));
	write(head.as_bytes())?;
	write(b"{")?;
	for (n, (key, value)) in top.iter().enumerate() {
		let separator = if n == 0 { "" } else { "," };
		write(format!("{separator}\"{}\":\"{}\"", hex_of(key), hex_of(value)).as_bytes())?;
	}
	write(b"}")?;
	write(tail.as_bytes())?;
	out.flush().map_err(|e| format!("writing stdout: {e}"))
}

/// Adds `count` accounts of [`BALANCE`] to `top` and raises the total issuance by what they
/// hold; returns that amount.
fn add_accounts(top: &mut BTreeMap<Vec<u8>, Vec<u8>>, count: u64) -> Result<Balance, String> {
	let account = frame_system::AccountInfo::<caduceus_runtime::Nonce, _> {
		providers: 1,
		data: pallet_balances::AccountData::<Balance> { free: BALANCE, ..Default::default() },
		..Default::default()
	};
	let value = account.encode();
	for index in 0..count {
		let key = frame_system::Account::<Runtime>::hashed_key_for(generated_account(index));
		top.insert(key, value.clone());
	}
	let added = BALANCE.checked_mul(count.into()).ok_or("the accounts' total overflows")?;
	let issuance_key = pallet_balances::TotalIssuance::<Runtime>::hashed_key().to_vec();
	let issuance = match top.get(&issuance_key) {
		Some(encoded) => {
			Balance::decode(&mut &encoded[..]).map_err(|e| format!("the total issuance: {e}"))?
		},
		None => 0,
	};
	let issuance = issuance.checked_add(added).ok_or("the total issuance overflows")?;
	top.insert(issuance_key, issuance.encode());
	Ok(added)
}

/// The `index`th generated account: the BLAKE2-256 hash of the index, which nobody holds the
/// key of.
fn generated_account(index: u64) -> AccountId {
	use sp_core::Hasher as _;
	AccountId::from(sp_core::Blake2Hasher::hash(&index.to_le_bytes()).0)
}

/// The bytes of `0x`-prefixed hex.
fn bytes_of(hex: &str) -> Result<Vec<u8>, String> {
	hex::decode(hex.trim_start_matches("0x")).map_err(|e| format!("{hex}: {e}"))
}

/// `bytes` as `0x`-prefixed hex, as raw chain specs write them.
fn hex_of(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}
