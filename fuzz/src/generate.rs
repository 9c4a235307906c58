//! Structure-aware inputs: calls generated from the runtime's own type information, so every
//! generated call decodes, with values biased towards what the cast's state holds (small ids,
//! the cast's accounts, a few hashes, amounts around the existential deposit and the unit) and
//! towards bounds (zero, the largest value, lengths just past typical bounds).

use crate::execute::{Step, MAX_STEPS};
use caduceus_runtime::{AccountId, RuntimeCall, UNIT};
use codec::{Compact, Encode};
use scale_info::{form::PortableForm, PortableRegistry, TypeDef, TypeDefPrimitive};

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same inputs on every
/// machine.
pub struct Rng(u64);

impl Rng {
	/// Starts from `seed`.
	pub fn new(seed: u64) -> Self {
		Self(seed)
	}
	/// The next 64 random bits.
	pub fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}
	/// A number below `n` (`n` > 0).
	pub fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
	/// True with probability `percent` %.
	pub fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
	/// One of `items`.
	pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
		&items[self.below(items.len() as u64) as usize]
	}
}

/// The custom pallets: the Caduceus pallets and the consortium's.
pub const CUSTOM_PALLETS: &[&str] = &[
	"HealthIdentity",
	"Consent",
	"Records",
	"SupplyChain",
	"Claims",
	"Consortium",
	"ValidatorSet",
];
/// The upstream pallets whose calls the generator makes too.
const UPSTREAM_PALLETS: &[&str] = &["Balances", "Utility", "Recovery", "Council"];

/// The runtime's call type, registered with every type it names; its id.
pub fn call_registry() -> (PortableRegistry, u32) {
	let mut registry = scale_info::Registry::new();
	let call_type = registry.register_type(&scale_info::meta_type::<RuntimeCall>()).id;
	(registry.into(), call_type)
}

/// Of the pallets the generator calls, the ones that carry calls: not below the second level of nesting.
const NESTING: &[&str] = &["Consortium", "Utility", "Recovery", "Council"];

/// Makes calls and inputs.
pub struct Generator {
	registry: PortableRegistry,
	call_type: u32,
	accounts: Vec<AccountId>,
	/// Digit strings of GS1 lengths: GTIN-14, SSCC-18, GLN-13, company prefixes, lots, serials.
	digits: Vec<Vec<u8>>,
	/// The seeded randomness.
	pub rng: Rng,
}

impl Generator {
	/// A generator for the runtime's calls, with `accounts` as the accounts it names.
	pub fn new(seed: u64, accounts: Vec<AccountId>) -> Self {
		let (registry, call_type) = call_registry();
		let digits = [b"0300123".to_vec(), b"0614141".to_vec(), b"0614142".to_vec()]
			.into_iter()
			.chain(
				[
					&b"00301231234568"[..],
					b"10301231234565",
					b"106141410000000019",
					b"006141420000000017",
					b"0614141000012",
					b"LOT-A1",
					b"SN0001",
					b"99213",
					b"enc:v1:0a0b",
				]
				.map(|s| s.to_vec()),
			)
			.collect();
		Self { registry, call_type, accounts, digits, rng: Rng::new(seed) }
	}

	/// A random input of 1 to [`MAX_STEPS`] / 2 steps.
	pub fn input(&mut self) -> Vec<Step> {
		let steps = 1 + self.rng.below(MAX_STEPS as u64 / 2);
		(0..steps).map(|_| self.step()).collect()
	}

	/// A random step: mostly in the same block, sometimes after a lapse.
	pub fn step(&mut self) -> Step {
		let lapse = if self.rng.chance(80) { 0 } else { 1 + self.rng.below(255) as u8 };
		let signer = self.rng.below(self.accounts.len() as u64) as u8;
		Step { lapse, signer, call: self.call() }
	}

	/// A random call of the allowed pallets. Values the type information cannot tell apart
	/// from their encoding (a bounded vector past its bound) may not decode: those are drawn
	/// again.
	pub fn call(&mut self) -> RuntimeCall {
		loop {
			let mut bytes = Vec::new();
			self.value(self.call_type, 0, &mut bytes);
			let mut input = &bytes[..];
			let decoded = <RuntimeCall as codec::DecodeLimit>::decode_with_depth_limit(
				crate::execute::MAX_DEPTH,
				&mut input,
			);
			if let (Ok(call), true) = (decoded, input.is_empty()) {
				return call;
			}
		}
	}

	fn value(&mut self, id: u32, depth: u32, out: &mut Vec<u8>) {
		let ty = self.registry.resolve(id).expect("registered").clone();
		let path = ty.path.segments.join("::");
		match &ty.type_def {
			TypeDef::Composite(_) if path.ends_with("AccountId32") => {
				let account = self.rng.pick(&self.accounts).clone();
				account.encode_to(out);
			},
			TypeDef::Composite(_) if path.ends_with("H256") => self.hash(out),
			TypeDef::Composite(composite) => {
				for field in &composite.fields {
					self.value(field.ty.id, depth, out);
				}
			},
			TypeDef::Variant(variants) => {
				let call = id == self.call_type;
				let candidates: Vec<_> = variants
					.variants
					.iter()
					.filter(|v| {
						let name = v.name.as_str();
						let callable =
							CUSTOM_PALLETS.contains(&name) || UPSTREAM_PALLETS.contains(&name);
						!call || (callable && (depth < 2 || !NESTING.contains(&name)))
					})
					.collect();
				let Some(variant) =
					candidates.get(self.rng.below(candidates.len().max(1) as u64) as usize)
				else {
					return;
				};
				out.push(variant.index);
				let inner = depth + u32::from(call);
				for field in variant.fields.clone() {
					self.value(field.ty.id, inner, out);
				}
			},
			TypeDef::Sequence(sequence) => {
				let element = sequence.type_param.id;
				if self.is_byte(element) {
					let bytes = self.bytes();
					bytes.encode_to(out);
				} else {
					let length = *self.rng.pick(&[0u32, 1, 1, 1, 2, 3, 5]);
					Compact(length).encode_to(out);
					for _ in 0..length {
						self.value(element, depth, out);
					}
				}
			},
			TypeDef::Array(array) => {
				let element = array.type_param.id;
				if self.is_byte(element) && array.len <= 20 && self.rng.chance(60) {
					let digits = self.digits_of(array.len as usize);
					out.extend(digits);
				} else {
					for _ in 0..array.len {
						self.value(element, depth, out);
					}
				}
			},
			TypeDef::Tuple(tuple) => {
				for field in &tuple.fields {
					self.value(field.id, depth, out);
				}
			},
			TypeDef::Primitive(primitive) => self.primitive(primitive, out),
			TypeDef::Compact(compact) => {
				let value = self.integer_for(compact.type_param.id);
				match value {
					Integer::U32(v) => Compact(v).encode_to(out),
					Integer::U64(v) => Compact(v).encode_to(out),
					Integer::U128(v) => Compact(v).encode_to(out),
					Integer::Unit => {},
				}
			},
			TypeDef::BitSequence(_) => Compact(0u32).encode_to(out),
		}
	}

	fn is_byte(&self, id: u32) -> bool {
		matches!(
			self.registry.resolve(id).map(|t| &t.type_def),
			Some(TypeDef::Primitive(TypeDefPrimitive::U8))
		)
	}

	/// The integer a compact wraps (directly or through a one-field struct such as `Perbill`).
	fn integer_for(&mut self, id: u32) -> Integer {
		let ty: scale_info::Type<PortableForm> =
			self.registry.resolve(id).expect("registered").clone();
		match &ty.type_def {
			TypeDef::Primitive(TypeDefPrimitive::U128) => Integer::U128(self.amount()),
			TypeDef::Primitive(TypeDefPrimitive::U64) => Integer::U64(self.u64()),
			TypeDef::Tuple(tuple) if tuple.fields.is_empty() => Integer::Unit,
			TypeDef::Composite(composite) if composite.fields.len() == 1 => {
				self.integer_for(composite.fields[0].ty.id)
			},
			_ => Integer::U32(self.u32()),
		}
	}

	fn primitive(&mut self, primitive: &TypeDefPrimitive, out: &mut Vec<u8>) {
		use TypeDefPrimitive::*;
		match primitive {
			Bool => self.rng.chance(50).encode_to(out),
			Char => ('a' as u32).encode_to(out),
			Str => String::from_utf8_lossy(&self.bytes()).into_owned().encode_to(out),
			U8 => (*self.rng.pick(&[0u8, 1, 2, 3, b'0', b'9', 255])
				^ (self.rng.below(2) as u8 * self.rng.next() as u8))
				.encode_to(out),
			U16 => (self.u32() as u16).encode_to(out),
			U32 => self.u32().encode_to(out),
			U64 => self.u64().encode_to(out),
			U128 => self.amount().encode_to(out),
			U256 => [0u8; 32].encode_to(out),
			I8 => 0i8.encode_to(out),
			I16 => 0i16.encode_to(out),
			I32 => 0i32.encode_to(out),
			I64 => 0i64.encode_to(out),
			I128 => 0i128.encode_to(out),
			I256 => [0u8; 32].encode_to(out),
		}
	}

	/// Ids of what the cast's state holds are small; sometimes a bound.
	fn u32(&mut self) -> u32 {
		match self.rng.below(10) {
			0..=6 => self.rng.below(6) as u32,
			7 => self.rng.below(100) as u32,
			8 => u32::MAX - self.rng.below(2) as u32,
			_ => self.rng.next() as u32,
		}
	}

	/// Ids, or block times: around the chain's time (the cast's first slots), days and years.
	fn u64(&mut self) -> u64 {
		const DAY: u64 = 86_400_000;
		let now = crate::execute::FIRST_SLOT * caduceus_runtime::SLOT_DURATION;
		match self.rng.below(10) {
			0..=4 => self.rng.below(6),
			5..=7 => now + self.rng.below(800) * DAY / (1 + self.rng.below(24)),
			8 => u64::MAX - self.rng.below(2),
			_ => self.rng.next(),
		}
	}

	fn amount(&mut self) -> u128 {
		match self.rng.below(8) {
			0 => 0,
			1 => 1,
			2 => caduceus_runtime::EXISTENTIAL_DEPOSIT,
			3..=5 => UNIT * u128::from(1 + self.rng.below(1_000)),
			6 => u128::MAX,
			_ => u128::from(self.rng.next()),
		}
	}

	fn hash(&mut self, out: &mut Vec<u8>) {
		let pick = self.rng.below(5) as u8;
		out.extend([pick; 32]);
	}

	/// Byte strings: GS1-like digits, short text, empty, or long (past typical bounds).
	fn bytes(&mut self) -> Vec<u8> {
		match self.rng.below(8) {
			0..=3 => self.rng.pick(&self.digits).clone(),
			4 => Vec::new(),
			5 => (0..1 + self.rng.below(16)).map(|_| self.rng.next() as u8).collect(),
			6 => vec![b'x'; 1 + self.rng.below(300) as usize],
			_ => b"enc:v1:9f8e7d6c5b4a".to_vec(),
		}
	}

	/// `length` bytes of an identifier: a known one cut or padded, or random digits.
	fn digits_of(&mut self, length: usize) -> Vec<u8> {
		let mut known = self.rng.pick(&self.digits).clone();
		if self.rng.chance(50) {
			known = (0..length).map(|_| b'0' + self.rng.below(10) as u8).collect();
		}
		known.resize(length, b'0');
		known
	}
}

enum Integer {
	Unit,
	U32(u32),
	U64(u64),
	U128(u128),
}
