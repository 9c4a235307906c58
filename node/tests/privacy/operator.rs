//! What a curious node operator has, read the way such an operator would: over the node's
//! JSON-RPC, every storage key and value at the head and every block's extrinsics and events,
//! all decoded with the runtime's own metadata. Nothing here knows a pallet: the audit in
//! `privacy.rs` decides what is forbidden.
//!
//! - [`OperatorView::collect`] reads and decodes everything; anything that does not decode fails
//!   loudly (an operator can read it all, so the audit must too).
//! - [`OperatorView::nodes`] walks an item's decoded values: every node with its type path (the
//!   scale-info `path`, e.g. `caduceus_primitives::vocabulary::DataCategory`), its display type
//!   (the path with generic parameters resolved, or the shape of a path-less type: `u64`,
//!   `Vec<u8>`, `(u64, u32)`), the field it sits in and the type that field was declared with in
//!   the source (scale-info's `type_name`, e.g. `PatientId`, with generic parameters substituted).

use crate::common::DevNode;
use codec::{Compact, Decode, Encode};
use serde_json::{json, Value as Json};
use sp_io::hashing::twox_128;
use sp_runtime::scale_info::{
	form::PortableForm, PortableRegistry, Type, TypeDef, TypeDefPrimitive,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use subxt::{
	ext::scale_value::{self, Composite, Primitive, Value, ValueDef},
	metadata::{Metadata, StorageHasher},
};

/// Where an operator found an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
	/// A storage entry (key and value) in the state at the head.
	State,
	/// An extrinsic of a block.
	Extrinsic,
	/// One event record of a block (from `System.Events` at that block).
	Event,
}

/// One decoded piece of an item: a storage key part, a storage value, a call, a signer, an
/// event record.
pub struct Part {
	/// What it is: `key 0`, `value`, `call`, `signer`, `extension CheckNonce`, `event`.
	pub name: String,
	/// The type it was declared with in the source, where the metadata does not say (a storage
	/// key or value: see [`OperatorView::declare`]).
	pub declared: Option<String>,
	/// The value, each node's context its type id in the metadata's registry.
	pub value: Value<u32>,
}

/// One thing an operator has: a storage entry, an extrinsic or an event record.
pub struct Item {
	/// `state Records.Anchors`, `block 12 extrinsic 2 Records.anchor`, `block 12 event 3
	/// Records.RecordAnchored`.
	pub label: String,
	/// Where it comes from.
	pub source: Source,
	/// The block, for extrinsics and events.
	pub block: Option<u64>,
	/// The pallet (storage prefix, call's or event's pallet); empty for well-known keys.
	pub pallet: String,
	/// The storage entry, call or event name.
	pub entry: String,
	/// Its bytes exactly as the operator has them (a storage key followed by its value, an
	/// extrinsic as in the block, an event record as in `System.Events`).
	pub raw: Vec<u8>,
	/// Its decoded parts.
	pub parts: Vec<Part>,
	/// Key parts under an opaque hasher (Blake2_128, Blake2_256, Twox128, Twox256): their hash
	/// only, not decodable.
	pub opaque: Vec<String>,
}

/// How much the operator read.
#[derive(Default, Debug, Clone)]
pub struct Counts {
	/// Storage keys at the head, all of them.
	pub keys: usize,
	/// Pages of `state_getKeysPaged` they took.
	pub key_pages: usize,
	/// Of which well-known keys (`:code`, `:heappages`...), kept raw.
	pub well_known_keys: usize,
	/// Bytes of state read (keys and values).
	pub state_bytes: usize,
	/// Storage entries (of the metadata) with at least one key.
	pub storage_entries_present: usize,
	/// Blocks read, 1 to the head.
	pub blocks: u64,
	/// Extrinsics, inherents included.
	pub extrinsics: usize,
	/// Signed extrinsics.
	pub signed_extrinsics: usize,
	/// Event records.
	pub events: usize,
	/// Key parts under an opaque hasher.
	pub opaque_key_parts: usize,
}

/// Everything an operator has, decoded.
pub struct OperatorView {
	/// The runtime's metadata (one runtime from block 1 to the head: checked).
	pub metadata: Metadata,
	/// Every item.
	pub items: Vec<Item>,
	/// How much was read.
	pub counts: Counts,
	/// The head read: number and hash.
	pub head: (u64, String),
	/// Type names and paths, per type id.
	names: Vec<String>,
	paths: Vec<String>,
}

/// One node of a decoded value.
pub struct Node<'a> {
	/// The part of the item it is in.
	pub part: &'a str,
	/// Where in the part: field names, variant names and indices from the part's root
	/// (`.Records.anchor.document.category`); a single-field wrapper adds nothing.
	pub trail: String,
	/// The type's path (scale-info `path` segments joined with `::`); empty for a type without
	/// one (primitives, tuples, sequences, arrays, compacts).
	pub path: &'a str,
	/// The type's display name: the path with generic parameters resolved
	/// (`pallet_claims::types::ClaimLine<u128, pallet_supply_chain::types::ProductIdentifier>`),
	/// or the
	/// shape of a path-less type (`u64`, `Vec<u8>`, `(u64, u32)`).
	pub type_name: &'a str,
	/// The name of the field holding it, if it is a named field.
	pub field: Option<&'a str>,
	/// The type the source declared it with (`PatientId`, `ServiceCode`, `T::AccountId`), if
	/// the metadata or a declaration says.
	pub declared: Option<String>,
	/// The node's value.
	pub value: &'a Value<u32>,
}

impl Node<'_> {
	/// The declared type's own name: `PatientId` for `caduceus_primitives::PatientId` or
	/// `T::PatientId`, `BoundedVec` for `BoundedVec<u8, S>`.
	pub fn declared_ident(&self) -> Option<String> {
		self.declared.as_deref().map(TyExpr::parse).map(|t| t.ident())
	}

	/// The value as an unsigned integer, if it is one.
	pub fn as_u128(&self) -> Option<u128> {
		match &self.value.value {
			ValueDef::Primitive(Primitive::U128(n)) => Some(*n),
			_ => None,
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Reading.
// ---------------------------------------------------------------------------------------------

fn unhex(value: &Json) -> Vec<u8> {
	let text = value.as_str().unwrap_or_else(|| panic!("expected a hex string, got {value}"));
	hex::decode(text.trim_start_matches("0x")).unwrap_or_else(|e| panic!("bad hex {text}: {e}"))
}

fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// A printable rendering of bytes: ASCII when it is, hex otherwise.
pub fn show_bytes(bytes: &[u8]) -> String {
	if !bytes.is_empty() && bytes.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
		format!("{:?}", String::from_utf8_lossy(bytes))
	} else {
		hex0x(bytes)
	}
}

impl OperatorView {
	/// Reads everything `node` holds at its finalized head and decodes it. Panics with every
	/// item that does not decode.
	pub fn collect(node: &DevNode) -> OperatorView {
		let head_hash = node.rpc("chain_getFinalizedHead", json!([]));
		let head_header = node.rpc("chain_getHeader", json!([head_hash]));
		let head_number = u64::from_str_radix(
			head_header["number"].as_str().unwrap().trim_start_matches("0x"),
			16,
		)
		.unwrap();
		let head = head_hash.as_str().unwrap().to_string();

		// The metadata, as any client gets it: the newest version the runtime offers.
		let metadata = read_metadata(node, &head);
		let spec_at =
			|hash: &Json| node.rpc("state_getRuntimeVersion", json!([hash]))["specVersion"].clone();
		let first = node.rpc("chain_getBlockHash", json!([1]));
		assert_eq!(
			spec_at(&first),
			spec_at(&head_hash),
			"one runtime from block 1 to the head: the head's metadata decodes every block"
		);

		let mut view = OperatorView {
			names: Vec::new(),
			paths: Vec::new(),
			metadata,
			items: Vec::new(),
			counts: Counts::default(),
			head: (head_number, head.clone()),
		};
		view.index_types();
		let mut failures = Vec::new();
		view.read_state(node, &head, &mut failures);
		view.read_blocks(node, head_number, &mut failures);
		assert!(
			failures.is_empty(),
			"the operator's view does not decode ({} failures):\n{}",
			failures.len(),
			failures.join("\n")
		);
		view
	}

	fn types(&self) -> &PortableRegistry {
		self.metadata.types()
	}

	/// Every storage key and value at `head`.
	fn read_state(&mut self, node: &DevNode, head: &str, failures: &mut Vec<String>) {
		// Every key, a page at a time (pages small enough that a dev chain takes several).
		const PAGE: usize = 100;
		let mut keys: Vec<String> = Vec::new();
		let mut pages = 0;
		loop {
			pages += 1;
			let start = keys.last().cloned().map_or(Json::Null, Json::from);
			let page = node.rpc("state_getKeysPaged", json!(["0x", PAGE, start, head]));
			let page: Vec<String> = page
				.as_array()
				.expect("a page of keys")
				.iter()
				.map(|k| k.as_str().unwrap().to_string())
				.collect();
			let last_page = page.len() < PAGE;
			keys.extend(page);
			if last_page {
				break;
			}
		}
		let distinct: BTreeSet<_> = keys.iter().collect();
		assert_eq!(distinct.len(), keys.len(), "pages do not overlap");
		assert!(
			keys.windows(2).all(|w| w[0] < w[1]),
			"keys come in order, each page after the last"
		);
		self.counts.keys = keys.len();
		self.counts.key_pages = pages;

		// Their values, in batches.
		let mut values: HashMap<String, Vec<u8>> = HashMap::new();
		for chunk in keys.chunks(200) {
			let answer = node.rpc("state_queryStorageAt", json!([chunk, head]));
			for change in answer[0]["changes"].as_array().expect("changes") {
				let key = change[0].as_str().unwrap().to_string();
				let value = if change[1].is_null() {
					panic!("key {key} listed at the head has no value")
				} else {
					unhex(&change[1])
				};
				values.insert(key, value);
			}
		}
		assert_eq!(values.len(), keys.len(), "a value for every key");

		// Which storage entry each prefix is.
		let mut prefixes: HashMap<[u8; 32], (String, String)> = HashMap::new();
		for pallet in self.metadata.pallets() {
			if let Some(storage) = pallet.storage() {
				for entry in storage.entries() {
					let mut prefix = [0u8; 32];
					prefix[..16].copy_from_slice(&twox_128(storage.prefix().as_bytes()));
					prefix[16..].copy_from_slice(&twox_128(entry.name().as_bytes()));
					prefixes
						.insert(prefix, (storage.prefix().to_string(), entry.name().to_string()));
				}
			}
		}

		let mut present = BTreeSet::new();
		for key_hex in &keys {
			let key = hex::decode(key_hex.trim_start_matches("0x")).unwrap();
			let value = values.remove(key_hex).unwrap();
			self.counts.state_bytes += key.len() + value.len();
			let raw = [key.as_slice(), value.as_slice()].concat();
			if key.starts_with(b":") {
				// Well-known keys (the runtime code, heap pages): no metadata describes them.
				self.counts.well_known_keys += 1;
				self.items.push(Item {
					label: format!("state well-known key {}", String::from_utf8_lossy(&key)),
					source: Source::State,
					block: None,
					pallet: String::new(),
					entry: String::from_utf8_lossy(&key).into_owned(),
					raw,
					parts: Vec::new(),
					opaque: Vec::new(),
				});
				continue;
			}
			// A pallet's storage version: `twox128(pallet) ++ twox128(":__STORAGE_VERSION__:")`,
			// a `u16` no metadata entry describes.
			let version_of = key.len() == 32 && key[16..] == twox_128(b":__STORAGE_VERSION__:");
			if let Some(pallet) = version_of
				.then(|| {
					self.metadata.pallets().find_map(|p| {
						let prefix = p.storage().map_or(p.name(), |s| s.prefix());
						(twox_128(prefix.as_bytes())[..] == key[..16]).then(|| prefix.to_string())
					})
				})
				.flatten()
			{
				if value.len() != 2 {
					failures.push(format!("{pallet}'s storage version is {} bytes", value.len()));
				}
				self.counts.well_known_keys += 1;
				self.items.push(Item {
					label: format!(
						"state {pallet} :__STORAGE_VERSION__: = {}",
						u16::from_le_bytes([value[0], value[1]])
					),
					source: Source::State,
					block: None,
					pallet,
					entry: ":__STORAGE_VERSION__:".into(),
					raw,
					parts: Vec::new(),
					opaque: Vec::new(),
				});
				continue;
			}
			let Some((pallet, entry)) = key
				.get(..32)
				.and_then(|p| prefixes.get(<&[u8; 32]>::try_from(p).unwrap()))
				.cloned()
			else {
				failures.push(format!(
					"state key {key_hex}: no storage entry of the metadata has its prefix"
				));
				continue;
			};
			present.insert((pallet.clone(), entry.clone()));
			match self.decode_storage(&pallet, &entry, &key, &value) {
				Ok((parts, opaque)) => {
					self.counts.opaque_key_parts += opaque.len();
					self.items.push(Item {
						label: format!("state {pallet}.{entry}"),
						source: Source::State,
						block: None,
						pallet,
						entry,
						raw,
						parts,
						opaque,
					})
				},
				Err(e) => failures.push(format!("state {pallet}.{entry} key {key_hex}: {e}")),
			}
		}
		self.counts.storage_entries_present = present.len();
	}

	/// A storage entry's key parts and value, decoded.
	fn decode_storage(
		&self,
		pallet: &str,
		entry: &str,
		key: &[u8],
		value: &[u8],
	) -> Result<(Vec<Part>, Vec<String>), String> {
		let meta = self
			.metadata
			.pallets()
			.find(|p| p.storage().is_some_and(|s| s.prefix() == pallet))
			.and_then(|p| p.storage())
			.and_then(|s| s.entry_by_name(entry))
			.ok_or("no such entry")?;
		let mut parts = Vec::new();
		let mut opaque = Vec::new();
		let mut cursor = &key[32..];
		// subxt's metadata gives one (hasher, key type) per key part, whichever metadata version
		// (a tuple key type or a list of key types) the runtime served.
		for (i, part) in meta.keys().enumerate() {
			let hash_len = match part.hasher {
				StorageHasher::Blake2_128Concat => 16,
				StorageHasher::Twox64Concat => 8,
				StorageHasher::Identity => 0,
				StorageHasher::Blake2_128 | StorageHasher::Twox128 => {
					take(&mut cursor, 16).map_err(|e| format!("key {i}: {e}"))?;
					opaque.push(format!(
						"key {i} ({:?}, {})",
						part.hasher,
						self.type_name(part.key_id)
					));
					continue;
				},
				StorageHasher::Blake2_256 | StorageHasher::Twox256 => {
					take(&mut cursor, 32).map_err(|e| format!("key {i}: {e}"))?;
					opaque.push(format!(
						"key {i} ({:?}, {})",
						part.hasher,
						self.type_name(part.key_id)
					));
					continue;
				},
			};
			take(&mut cursor, hash_len).map_err(|e| format!("key {i}: {e}"))?;
			let decoded =
				scale_value::scale::decode_as_type(&mut cursor, part.key_id, self.types())
					.map_err(|e| format!("key {i} as {}: {e}", self.type_name(part.key_id)))?;
			parts.push(Part { name: format!("key {i}"), declared: None, value: decoded });
		}
		if !cursor.is_empty() {
			return Err(format!("{} bytes of the key left after its parts", cursor.len()));
		}
		parts.push(Part {
			name: "value".into(),
			declared: None,
			value: decode_exactly(value, meta.value_ty(), self.types())
				.map_err(|e| format!("value as {}: {e}", self.type_name(meta.value_ty())))?,
		});
		Ok((parts, opaque))
	}

	/// Every block from 1 to `head`: its extrinsics and its events.
	fn read_blocks(&mut self, node: &DevNode, head: u64, failures: &mut Vec<String>) {
		let events_key = [twox_128(b"System"), twox_128(b"Events")].concat();
		let events_ty = self
			.metadata
			.pallet_by_name("System")
			.and_then(|p| p.storage())
			.and_then(|s| s.entry_by_name("Events"))
			.expect("System.Events")
			.value_ty();
		let record_ty = match &self.types().resolve(events_ty).unwrap().type_def {
			TypeDef::Sequence(seq) => seq.type_param.id,
			other => panic!("System.Events is a sequence, not {other:?}"),
		};
		let call_ty = self.metadata.outer_enums().call_enum_ty();
		for number in 1..=head {
			self.counts.blocks += 1;
			let hash = node.rpc("chain_getBlockHash", json!([number]));
			let block = node.rpc("chain_getBlock", json!([hash]));
			let extrinsics = block["block"]["extrinsics"].as_array().expect("extrinsics").clone();
			for (index, extrinsic) in extrinsics.iter().enumerate() {
				self.counts.extrinsics += 1;
				let bytes = unhex(extrinsic);
				match self.decode_extrinsic(&bytes, call_ty) {
					Ok((pallet, call, signed, parts)) => {
						self.counts.signed_extrinsics += usize::from(signed);
						self.items.push(Item {
							label: format!("block {number} extrinsic {index} {pallet}.{call}"),
							source: Source::Extrinsic,
							block: Some(number),
							pallet,
							entry: call,
							raw: bytes,
							parts,
							opaque: Vec::new(),
						})
					},
					Err(e) => failures.push(format!("block {number} extrinsic {index}: {e}")),
				}
			}

			let events = node.rpc("state_getStorage", json!([hex0x(&events_key), hash]));
			if events.is_null() {
				failures.push(format!("block {number}: no System.Events"));
				continue;
			}
			let events = unhex(&events);
			match self.decode_events(&events, record_ty) {
				Ok(records) => {
					for (index, (raw, value)) in records.into_iter().enumerate() {
						self.counts.events += 1;
						let (pallet, event) = event_name(&value);
						self.items.push(Item {
							label: format!("block {number} event {index} {pallet}.{event}"),
							source: Source::Event,
							block: Some(number),
							pallet,
							entry: event,
							raw,
							parts: vec![Part { name: "event".into(), declared: None, value }],
							opaque: Vec::new(),
						});
					}
				},
				Err(e) => failures.push(format!("block {number} events: {e}")),
			}
		}
	}

	/// An extrinsic's pallet, call, whether signed, and its parts (signer, signature,
	/// extensions, call).
	fn decode_extrinsic(
		&self,
		bytes: &[u8],
		call_ty: u32,
	) -> Result<(String, String, bool, Vec<Part>), String> {
		use subxt::ext::frame_decode::extrinsics::decode_extrinsic;
		let info = decode_extrinsic(&mut &bytes[..], &self.metadata, self.types())
			.map_err(|e| format!("{e:?}"))?;
		let mut parts = Vec::new();
		if let Some(signature) = info.signature_payload() {
			parts.push(Part {
				name: "signer".into(),
				declared: None,
				value: decode_exactly(
					&bytes[signature.address_range()],
					*signature.address_type(),
					self.types(),
				)
				.map_err(|e| format!("signer: {e}"))?,
			});
			parts.push(Part {
				name: "signature".into(),
				declared: None,
				value: decode_exactly(
					&bytes[signature.signature_range()],
					*signature.signature_type(),
					self.types(),
				)
				.map_err(|e| format!("signature: {e}"))?,
			});
		}
		if let Some(extensions) = info.transaction_extension_payload() {
			for extension in extensions.iter() {
				parts.push(Part {
					name: format!("extension {}", extension.name()),
					declared: None,
					value: decode_exactly(&bytes[extension.range()], *extension.ty(), self.types())
						.map_err(|e| format!("extension {}: {e}", extension.name()))?,
				});
			}
		}
		// The call as the runtime's outer call enum: pallet, call and arguments in one value.
		let call = decode_exactly(&bytes[info.call_data_range()], call_ty, self.types())
			.map_err(|e| format!("call {}.{}: {e}", info.pallet_name(), info.call_name()))?;
		parts.push(Part { name: "call".into(), declared: None, value: call });
		Ok((info.pallet_name().to_string(), info.call_name().to_string(), info.is_signed(), parts))
	}

	/// `System.Events` split into its records, each with its bytes.
	fn decode_events(
		&self,
		bytes: &[u8],
		record_ty: u32,
	) -> Result<Vec<(Vec<u8>, Value<u32>)>, String> {
		let mut cursor = bytes;
		let count = Compact::<u32>::decode(&mut cursor).map_err(|e| e.to_string())?.0;
		let mut records = Vec::new();
		for i in 0..count {
			let before = cursor;
			let value = scale_value::scale::decode_as_type(&mut cursor, record_ty, self.types())
				.map_err(|e| format!("record {i}: {e}"))?;
			records.push((before[..before.len() - cursor.len()].to_vec(), value));
		}
		if !cursor.is_empty() {
			return Err(format!("{} bytes left after {count} records", cursor.len()));
		}
		Ok(records)
	}

	// -----------------------------------------------------------------------------------------
	// Types.
	// -----------------------------------------------------------------------------------------

	fn index_types(&mut self) {
		let count = self.types().types.iter().map(|t| t.id as usize + 1).max().unwrap_or(0);
		let mut names = vec![String::new(); count];
		let mut paths = vec![String::new(); count];
		for t in &self.types().types {
			names[t.id as usize] = render_type(self.types(), t.id, 0);
			paths[t.id as usize] = t.ty.path.segments.join("::");
		}
		self.names = names;
		self.paths = paths;
	}

	/// A type's display name: its path with generic parameters resolved, or its shape.
	pub fn type_name(&self, id: u32) -> String {
		self.names.get(id as usize).cloned().unwrap_or_else(|| render_type(self.types(), id, 0))
	}

	/// A type's path (`caduceus_primitives::vocabulary::DataCategory`), empty if it has none.
	pub fn type_path(&self, id: u32) -> &str {
		self.paths.get(id as usize).map_or("", |p| p.as_str())
	}

	/// Whether type `id` is an unsigned integer of `bits` bits, or a compact of one.
	pub fn is_uint(&self, id: u32, bits: u32) -> bool {
		match &self.types().resolve(id).map(|t| &t.type_def) {
			Some(TypeDef::Primitive(p)) => matches!(
				(p, bits),
				(TypeDefPrimitive::U8, 8)
					| (TypeDefPrimitive::U16, 16)
					| (TypeDefPrimitive::U32, 32)
					| (TypeDefPrimitive::U64, 64)
					| (TypeDefPrimitive::U128, 128)
			),
			Some(TypeDef::Compact(c)) => self.is_uint(c.type_param.id, bits),
			_ => false,
		}
	}

	/// Gives the storage entries' key parts and values the types their source declares (the
	/// metadata gives a key or a value type, never the alias it was written with):
	/// `declarations(pallet, entry)` answers the declared key types, one per key part, and the
	/// declared value type.
	pub fn declare(
		&mut self,
		declarations: impl Fn(&str, &str) -> Option<(Vec<String>, Option<String>)>,
	) {
		for item in self.items.iter_mut().filter(|i| i.source == Source::State) {
			let Some((keys, value)) = declarations(&item.pallet, &item.entry) else { continue };
			for part in &mut item.parts {
				if part.name == "value" {
					part.declared = value.clone();
				} else if let Some(i) =
					part.name.strip_prefix("key ").and_then(|i| i.parse::<usize>().ok())
				{
					part.declared = keys.get(i).cloned();
				}
			}
		}
	}

	/// Storage entries of the metadata (present in the state or not) in whose key or value a
	/// `u64` is reachable that nothing declares: no field name, no declared type. An audit that
	/// recognises identifiers by their declared type must have every such entry declared.
	pub fn undeclared_u64_entries(&self) -> Vec<(String, String, Vec<String>)> {
		let mut found = Vec::new();
		for pallet in self.metadata.pallets() {
			let Some(storage) = pallet.storage() else { continue };
			for entry in storage.entries() {
				let mut places = Vec::new();
				for (i, key) in entry.keys().enumerate() {
					if self.bare_u64(key.key_id, &mut BTreeSet::new()) {
						places.push(format!("key {i}: {}", self.type_name(key.key_id)));
					}
				}
				if self.bare_u64(entry.value_ty(), &mut BTreeSet::new()) {
					places.push(format!("value: {}", self.type_name(entry.value_ty())));
				}
				if !places.is_empty() {
					found.push((storage.prefix().to_string(), entry.name().to_string(), places));
				}
			}
		}
		found
	}

	/// Whether a `u64` is reachable from type `id` through sequences, arrays, tuples and
	/// compacts only (a field with a declared type or a name stops the search).
	fn bare_u64(&self, id: u32, seen: &mut BTreeSet<u32>) -> bool {
		if !seen.insert(id) {
			return false;
		}
		let Some(ty) = self.types().resolve(id) else { return false };
		match &ty.type_def {
			TypeDef::Primitive(TypeDefPrimitive::U64) => true,
			TypeDef::Primitive(_) | TypeDef::BitSequence(_) => false,
			TypeDef::Compact(c) => self.bare_u64(c.type_param.id, seen),
			TypeDef::Sequence(s) => self.bare_u64(s.type_param.id, seen),
			TypeDef::Array(a) => self.bare_u64(a.type_param.id, seen),
			TypeDef::Tuple(t) => t.fields.iter().any(|f| self.bare_u64(f.id, seen)),
			TypeDef::Composite(c) => c
				.fields
				.iter()
				.any(|f| f.type_name.is_none() && f.name.is_none() && self.bare_u64(f.ty.id, seen)),
			TypeDef::Variant(v) => v.variants.iter().any(|var| {
				var.fields.iter().any(|f| {
					f.type_name.is_none() && f.name.is_none() && self.bare_u64(f.ty.id, seen)
				})
			}),
		}
	}

	// -----------------------------------------------------------------------------------------
	// Walking.
	// -----------------------------------------------------------------------------------------

	/// Every node of every part of `item`, parents before children.
	pub fn nodes<'a>(&'a self, item: &'a Item) -> Vec<Node<'a>> {
		let mut out = Vec::new();
		for part in &item.parts {
			let declared = part.declared.as_deref().map(TyExpr::parse);
			self.walk(&part.name, &part.value, String::new(), None, declared, &mut out);
		}
		out
	}

	/// The nodes of `item` for which `matches` holds.
	pub fn nodes_of_type<'a>(
		&'a self,
		item: &'a Item,
		matches: impl Fn(&Node) -> bool,
	) -> Vec<Node<'a>> {
		self.nodes(item).into_iter().filter(|n| matches(n)).collect()
	}

	/// The type paths (with generic parameters resolved) of every node of `item`.
	pub fn type_paths(&self, item: &Item) -> BTreeSet<String> {
		self.nodes(item)
			.iter()
			.filter(|n| !n.path.is_empty())
			.map(|n| n.type_name.to_string())
			.collect()
	}

	fn walk<'a>(
		&'a self,
		part: &'a str,
		value: &'a Value<u32>,
		trail: String,
		field: Option<&'a str>,
		declared: Option<TyExpr>,
		out: &mut Vec<Node<'a>>,
	) {
		let id = value.context;
		let ty = self.types().resolve(id).unwrap_or_else(|| panic!("type {id} is in the registry"));
		out.push(Node {
			part,
			trail: trail.clone(),
			path: self.type_path(id),
			type_name: self.names.get(id as usize).map_or("", |n| n.as_str()),
			field,
			declared: declared.as_ref().map(TyExpr::render),
			value,
		});
		// A field's place: its name, its index among several, nothing for a wrapper's only one.
		let step = |trail: &str, name: Option<&str>, index: usize, count: usize| match name {
			Some(name) => format!("{trail}.{name}"),
			None if count == 1 => trail.to_string(),
			None => format!("{trail}[{index}]"),
		};
		match (&value.value, &ty.type_def) {
			(ValueDef::Composite(composite), TypeDef::Composite(def)) => {
				let bound = bind_params(ty, declared.as_ref());
				for (i, (child, field)) in composite.values().zip(&def.fields).enumerate() {
					let declared =
						field.type_name.as_deref().map(|t| TyExpr::parse(t).substitute(&bound));
					let trail = step(&trail, field.name.as_deref(), i, def.fields.len());
					self.walk(part, child, trail, field.name.as_deref(), declared, out);
				}
			},
			(ValueDef::Variant(variant), TypeDef::Variant(def)) => {
				let bound = bind_params(ty, declared.as_ref());
				let fields = &def
					.variants
					.iter()
					.find(|v| v.name == variant.name)
					.unwrap_or_else(|| panic!("variant {} of type {id}", variant.name))
					.fields;
				let trail = format!("{trail}.{}", variant.name);
				for (i, (child, field)) in variant.values.values().zip(fields).enumerate() {
					let declared =
						field.type_name.as_deref().map(|t| TyExpr::parse(t).substitute(&bound));
					let trail = step(&trail, field.name.as_deref(), i, fields.len());
					self.walk(part, child, trail, field.name.as_deref(), declared, out);
				}
			},
			(ValueDef::Composite(composite), TypeDef::Sequence(_) | TypeDef::Array(_)) => {
				let element = declared.as_ref().and_then(TyExpr::element);
				for (i, child) in composite.values().enumerate() {
					self.walk(part, child, format!("{trail}[{i}]"), None, element.clone(), out);
				}
			},
			(ValueDef::Composite(composite), TypeDef::Tuple(def)) => {
				let elements = match &declared {
					Some(TyExpr::Tuple(elements)) if elements.len() == def.fields.len() => {
						elements.iter().cloned().map(Some).collect()
					},
					_ => vec![None; def.fields.len()],
				};
				for (i, (child, declared)) in composite.values().zip(elements).enumerate() {
					self.walk(part, child, format!("{trail}.{i}"), None, declared, out);
				}
			},
			_ => {},
		}
	}
}

/// Decodes `bytes` as type `id`, all of them.
fn decode_exactly(bytes: &[u8], id: u32, types: &PortableRegistry) -> Result<Value<u32>, String> {
	let mut cursor = bytes;
	let value =
		scale_value::scale::decode_as_type(&mut cursor, id, types).map_err(|e| e.to_string())?;
	if !cursor.is_empty() {
		return Err(format!("{} of {} bytes left over", cursor.len(), bytes.len()));
	}
	Ok(value)
}

fn take<'a>(cursor: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
	if cursor.len() < n {
		return Err(format!("{n} bytes expected, {} left", cursor.len()));
	}
	let (head, tail) = cursor.split_at(n);
	*cursor = tail;
	Ok(head)
}

fn read_metadata(node: &DevNode, head: &str) -> Metadata {
	for version in [16u32, 15] {
		let answer = node.rpc(
			"state_call",
			json!(["Metadata_metadata_at_version", hex0x(&version.encode()), head]),
		);
		let bytes: Option<Vec<u8>> =
			Decode::decode(&mut &unhex(&answer)[..]).expect("Option<OpaqueMetadata>");
		if let Some(bytes) = bytes {
			return Metadata::decode_from(&bytes).expect("the runtime's metadata decodes");
		}
	}
	Metadata::decode_from(&unhex(&node.rpc("state_getMetadata", json!([head])))).expect("metadata")
}

/// `(pallet, event)` of an event record.
fn event_name(record: &Value<u32>) -> (String, String) {
	let event = match &record.value {
		ValueDef::Composite(Composite::Named(fields)) => {
			fields.iter().find(|(n, _)| n == "event").map(|(_, v)| v)
		},
		_ => None,
	};
	match event.map(|e| &e.value) {
		Some(ValueDef::Variant(pallet)) => {
			let inner = pallet.values.values().next().and_then(|v| match &v.value {
				ValueDef::Variant(event) => Some(event.name.clone()),
				_ => None,
			});
			(pallet.name.clone(), inner.unwrap_or_default())
		},
		_ => panic!("an event record has an event: {record}"),
	}
}

fn render_type(types: &PortableRegistry, id: u32, depth: usize) -> String {
	if depth > 12 {
		return "…".into();
	}
	let Some(ty) = types.resolve(id) else { return format!("#{id}") };
	let inner = |id: u32| render_type(types, id, depth + 1);
	if !ty.path.segments.is_empty() {
		let params: Vec<String> =
			ty.type_params.iter().filter_map(|p| p.ty.map(|t| inner(t.id))).collect();
		let path = ty.path.segments.join("::");
		return if params.is_empty() { path } else { format!("{path}<{}>", params.join(", ")) };
	}
	match &ty.type_def {
		TypeDef::Primitive(p) => format!("{p:?}").to_lowercase(),
		TypeDef::Sequence(s) => format!("Vec<{}>", inner(s.type_param.id)),
		TypeDef::Array(a) => format!("[{}; {}]", inner(a.type_param.id), a.len),
		TypeDef::Tuple(t) => {
			format!("({})", t.fields.iter().map(|f| inner(f.id)).collect::<Vec<_>>().join(", "))
		},
		TypeDef::Compact(c) => format!("Compact<{}>", inner(c.type_param.id)),
		TypeDef::BitSequence(_) => "BitSequence".into(),
		TypeDef::Composite(_) | TypeDef::Variant(_) => format!("#{id}"),
	}
}

/// The type's generic parameters bound to the arguments of the type it was declared as, when
/// the declaration names the type itself (`Option<PatientId>` for `Option<T>`,
/// `BoundedVec<PatientId, S>` for `BoundedVec<T, S>`); nothing for an alias
/// (`ClaimLinesOf<T>`).
fn bind_params(ty: &Type<PortableForm>, declared: Option<&TyExpr>) -> BTreeMap<String, TyExpr> {
	let mut bound = BTreeMap::new();
	if let (Some(TyExpr::Name(name, args)), Some(ident)) = (declared, ty.path.segments.last()) {
		if last_segment(name) == ident && args.len() == ty.type_params.len() {
			for (param, arg) in ty.type_params.iter().zip(args) {
				bound.insert(param.name.clone(), arg.clone());
			}
		}
	}
	bound
}

fn last_segment(path: &str) -> &str {
	path.rsplit("::").next().unwrap_or(path).trim()
}

/// A type as the source writes it (scale-info's `type_name`): enough of Rust's type syntax to
/// follow a declaration into generic arguments, tuples and arrays.
#[derive(Clone, Debug, PartialEq)]
pub enum TyExpr {
	/// A path with generic arguments: `BoundedVec<PatientId, T::Max>`, `PatientId`, `T::AccountId`.
	Name(String, Vec<TyExpr>),
	/// `(A, B)`.
	Tuple(Vec<TyExpr>),
	/// `[T; N]`.
	Array(Box<TyExpr>, String),
}

impl TyExpr {
	/// Parses a type; what it does not understand becomes a name.
	pub fn parse(text: &str) -> TyExpr {
		let tokens = tokenize(text);
		let mut at = 0;
		let parsed = parse_ty(&tokens, &mut at);
		match parsed {
			Some(t) if at == tokens.len() => t,
			_ => TyExpr::Name(text.trim().to_string(), Vec::new()),
		}
	}

	/// The type's own name: `PatientId` for `T::PatientId`, `Vec` for `Vec<u8>`.
	pub fn ident(&self) -> String {
		match self {
			TyExpr::Name(name, _) => last_segment(name).to_string(),
			TyExpr::Tuple(_) => "()".into(),
			TyExpr::Array(..) => "[]".into(),
		}
	}

	/// Source syntax.
	pub fn render(&self) -> String {
		match self {
			TyExpr::Name(name, args) if args.is_empty() => name.clone(),
			TyExpr::Name(name, args) => {
				format!(
					"{name}<{}>",
					args.iter().map(TyExpr::render).collect::<Vec<_>>().join(", ")
				)
			},
			TyExpr::Tuple(elements) => {
				format!("({})", elements.iter().map(TyExpr::render).collect::<Vec<_>>().join(", "))
			},
			TyExpr::Array(element, len) => format!("[{}; {len}]", element.render()),
		}
	}

	/// Replaces generic parameters by what they are bound to.
	pub fn substitute(self, bound: &BTreeMap<String, TyExpr>) -> TyExpr {
		match self {
			TyExpr::Name(name, args) if args.is_empty() => {
				bound.get(&name).cloned().unwrap_or(TyExpr::Name(name, args))
			},
			TyExpr::Name(name, args) => {
				TyExpr::Name(name, args.into_iter().map(|a| a.substitute(bound)).collect())
			},
			TyExpr::Tuple(elements) => {
				TyExpr::Tuple(elements.into_iter().map(|e| e.substitute(bound)).collect())
			},
			TyExpr::Array(element, len) => TyExpr::Array(Box::new(element.substitute(bound)), len),
		}
	}

	/// The element type of a declared collection: `Vec<X>`, `BoundedVec<X, _>`, `[X; N]`,
	/// `BTreeSet<X>`; `(K, V)` for `BTreeMap<K, V>`.
	pub fn element(&self) -> Option<TyExpr> {
		match self {
			TyExpr::Array(element, _) => Some((**element).clone()),
			TyExpr::Name(name, args) => match (last_segment(name), args.as_slice()) {
				(
					"Vec" | "BoundedVec" | "WeakBoundedVec" | "BTreeSet" | "BoundedBTreeSet"
					| "VecDeque",
					[x, ..],
				) => Some(x.clone()),
				("BTreeMap" | "BoundedBTreeMap", [k, v, ..]) => {
					Some(TyExpr::Tuple(vec![k.clone(), v.clone()]))
				},
				_ => None,
			},
			TyExpr::Tuple(_) => None,
		}
	}
}

fn tokenize(text: &str) -> Vec<String> {
	let mut tokens = Vec::new();
	let mut word = String::new();
	for c in text.chars() {
		match c {
			'<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' => {
				if !word.trim().is_empty() {
					tokens.push(word.trim().to_string());
				}
				word.clear();
				tokens.push(c.to_string());
			},
			_ => word.push(c),
		}
	}
	if !word.trim().is_empty() {
		tokens.push(word.trim().to_string());
	}
	tokens
}

fn parse_ty(tokens: &[String], at: &mut usize) -> Option<TyExpr> {
	let token = tokens.get(*at)?.clone();
	*at += 1;
	match token.as_str() {
		"(" => {
			let mut elements = Vec::new();
			while tokens.get(*at)? != ")" {
				elements.push(parse_ty(tokens, at)?);
				if tokens.get(*at)? == "," {
					*at += 1;
				}
			}
			*at += 1;
			Some(TyExpr::Tuple(elements))
		},
		"[" => {
			let element = parse_ty(tokens, at)?;
			if tokens.get(*at)? != ";" {
				return None;
			}
			*at += 1;
			let len = tokens.get(*at)?.clone();
			*at += 1;
			if tokens.get(*at)? != "]" {
				return None;
			}
			*at += 1;
			Some(TyExpr::Array(Box::new(element), len))
		},
		")" | "]" | "," | ";" | ">" | "<" => None,
		name => {
			// `<T as Config>::AccountId` and the like: keep the text as a name.
			let mut args = Vec::new();
			if tokens.get(*at).map(String::as_str) == Some("<") {
				*at += 1;
				while tokens.get(*at)? != ">" {
					args.push(parse_ty(tokens, at)?);
					if tokens.get(*at)? == "," {
						*at += 1;
					}
				}
				*at += 1;
				// `Foo<T>::Bar`: a path continues after the arguments.
				if let Some(rest) = tokens.get(*at).filter(|t| t.starts_with("::")) {
					let name = format!("{name}<…>{rest}");
					*at += 1;
					return Some(TyExpr::Name(name, Vec::new()));
				}
			}
			Some(TyExpr::Name(name.to_string(), args))
		},
	}
}

/// Every byte string and string a value holds: sequences and arrays of `u8`, strings. Each
/// with the outermost node at its place (a `ServiceCode` rather than the `Vec<u8>` inside it).
pub fn byte_strings<'a>(nodes: &'a [Node<'a>]) -> Vec<(&'a Node<'a>, Vec<u8>)> {
	let mut seen = BTreeSet::new();
	nodes
		.iter()
		.filter(|node| {
			matches!(node.value.value, ValueDef::Primitive(Primitive::String(_)))
				|| node.type_name == "Vec<u8>"
				|| node.type_name.starts_with("[u8;")
		})
		.filter_map(|node| {
			let bytes = bytes_of(node.value)?;
			let outer =
				nodes.iter().find(|n| n.part == node.part && n.trail == node.trail).unwrap_or(node);
			seen.insert((node.part, node.trail.clone())).then_some((outer, bytes))
		})
		.collect()
}

/// The bytes a value holds, if it is a byte string: a sequence or array of `u8`, a string, or
/// a single-field wrapper of one (`BoundedVec<u8, _>`).
pub fn bytes_of(value: &Value<u32>) -> Option<Vec<u8>> {
	match &value.value {
		ValueDef::Primitive(Primitive::String(s)) => Some(s.as_bytes().to_vec()),
		ValueDef::Composite(c) => {
			let bytes: Option<Vec<u8>> = c
				.values()
				.map(|v| match v.value {
					ValueDef::Primitive(Primitive::U128(b)) if b <= 255 => Some(b as u8),
					_ => None,
				})
				.collect();
			match bytes {
				Some(bytes) if !bytes.is_empty() => Some(bytes),
				_ if c.len() == 1 => bytes_of(c.values().next().unwrap()),
				other => other,
			}
		},
		_ => None,
	}
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
	!needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
