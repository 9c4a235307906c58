//! Small bit sets over the vocabulary enums: a consent names a set of data categories, purposes
//! and actions, and checking one member is a single AND.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::marker::PhantomData;
use scale_info::TypeInfo;

/// An enum whose variants can be members of a [`FlagSet`].
pub trait Flag: Copy + Eq + 'static {
	/// Every variant, in bit order (bit `i` is `ALL[i]`); at most 32.
	const ALL: &'static [Self];

	/// The variant's index in [`Self::ALL`].
	fn index(self) -> usize;

	/// The variant's bit.
	fn bit(self) -> u32 {
		// `index` is below 32 (`ALL` has at most 32 variants), so the shift never overflows.
		u32::try_from(self.index()).ok().and_then(|index| 1u32.checked_shl(index)).unwrap_or(0)
	}
}

/// A set of [`Flag`]s, encoded as a little-endian `u32` with one bit per variant.
///
/// Decoding rejects bits that name no variant, so a set read from an extrinsic or from storage
/// never holds a member the runtime does not know.
#[derive(Encode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq)]
#[codec(encode_bound())]
#[codec(mel_bound())]
#[scale_info(skip_type_params(F))]
pub struct FlagSet<F: Flag> {
	bits: u32,
	#[codec(skip)]
	_flags: PhantomData<F>,
}

impl<F: Flag> FlagSet<F> {
	/// The bits that name a variant.
	fn known_bits() -> u32 {
		F::ALL.iter().fold(0, |bits, f| bits | f.bit())
	}

	/// The empty set.
	pub const fn empty() -> Self {
		Self { bits: 0, _flags: PhantomData }
	}

	/// Every variant.
	pub fn all() -> Self {
		Self { bits: Self::known_bits(), _flags: PhantomData }
	}

	/// The set with exactly these members.
	pub fn of(members: &[F]) -> Self {
		members.iter().fold(Self::empty(), |set, f| set.with(*f))
	}

	/// The set whose encoding is `bits`, or `None` if a bit names no variant.
	pub fn from_bits(bits: u32) -> Option<Self> {
		(bits & !Self::known_bits() == 0).then_some(Self { bits, _flags: PhantomData })
	}

	/// The encoding of the set.
	pub fn bits(&self) -> u32 {
		self.bits
	}

	/// This set and `flag`.
	#[must_use]
	pub fn with(self, flag: F) -> Self {
		Self { bits: self.bits | flag.bit(), _flags: PhantomData }
	}

	/// This set without `flag`.
	#[must_use]
	pub fn without(self, flag: F) -> Self {
		Self { bits: self.bits & !flag.bit(), _flags: PhantomData }
	}

	/// Whether `flag` is a member.
	pub fn contains(&self, flag: F) -> bool {
		self.bits & flag.bit() != 0
	}

	/// Whether every member of `other` is a member of this set.
	pub fn contains_all(&self, other: &Self) -> bool {
		self.bits & other.bits == other.bits
	}

	/// Whether the set has no members.
	pub fn is_empty(&self) -> bool {
		self.bits == 0
	}

	/// The number of members.
	pub fn len(&self) -> u32 {
		self.bits.count_ones()
	}

	/// The members, in bit order.
	pub fn iter(&self) -> impl Iterator<Item = F> + '_ {
		F::ALL.iter().copied().filter(|f| self.contains(*f))
	}
}

impl<F: Flag> Default for FlagSet<F> {
	fn default() -> Self {
		Self::empty()
	}
}

impl<F: Flag> Decode for FlagSet<F> {
	fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
		Self::from_bits(u32::decode(input)?).ok_or_else(|| "set names an unknown member".into())
	}
}

impl<F: Flag> DecodeWithMemTracking for FlagSet<F> {}

impl<F: Flag + core::fmt::Debug> core::fmt::Debug for FlagSet<F> {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_set().entries(self.iter()).finish()
	}
}
