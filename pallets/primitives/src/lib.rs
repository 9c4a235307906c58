//! # Caduceus primitives
//!
//! The vocabulary every Caduceus pallet shares and the traits through which pallets talk to each
//! other (see `shared/design.md`, "Contracts between pallets"):
//!
//! - [`OrgKind`], [`Role`], [`DataCategory`] (with the sensitive categories) and
//!   [`DataCategories`], [`Purpose`] (HL7 PurposeOfUse), [`Action`], [`GuardianScope`];
//! - [`Registry`] (identity), [`ConsentVerifier`] (consent), [`RecordRegistry`] (records),
//!   [`ProductVerifier`] (supply chain), each with a test double in [`doubles`] (feature `std`).
//!
//! - [`wallet`]: signatures made in a wallet over a payload that someone else submits;
//! - [`DailyAllowance`]: the per-day cap on a patient's free operations;
//! - [`log`]: a bounded, paged ring per key (consent history, supply-chain events);
//! - [`paging`]: the page-size check and the pages of sequentially numbered things for read
//!   paths;
//! - [`salted`]: the one salted-hash scheme for documents and demographic data;
//! - [`billing_codes`]: billing codes as tokens under a plan's key, so that no member outside
//!   the plan learns which services a patient was billed for;
//! - [`category_slots`]: a patient's data categories as slots under the patient's key, so that
//!   no member learns which kinds of data a patient's records hold;
//! - [`retained_log`]: an append-only log whose entries leave only by age (the record audit
//!   trail, which no one may push out by writing more).
//!
//! Nothing here is health data: identifiers, categories, statuses and hashes only.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

/// Declares a small value enum for storage, events and call arguments, with the derives every
/// such type needs (SCALE codec with `MaxEncodedLen` and `DecodeWithMemTracking`, type info,
/// `Clone`, equality, `Debug`) and `Copy`, written once instead of at each type.
#[macro_export]
macro_rules! value_enum {
	($(#[$meta:meta])* $vis:vis enum $name:ident $body:tt) => {
		$crate::value_type! {
			#[derive(Copy)]
			$(#[$meta])*
			$vis enum $name $body
		}
	};
}

/// Declares a value struct for storage, events, call arguments or runtime API answers, with the
/// derives every such type needs (those of [`value_enum!`] but `Copy`), written once instead of
/// at each type. A type that is also `Copy`, `Default` or ordered says so in a `#[derive]` of its
/// own inside the invocation. Generic types keep their own derive lists: their bounds differ.
#[macro_export]
macro_rules! value_struct {
	($(#[$meta:meta])* $vis:vis struct $name:ident $($body:tt)+) => {
		$crate::value_type! {
			$(#[$meta])*
			$vis struct $name $($body)+
		}
	};
}

/// The derives of [`value_enum!`] and [`value_struct!`]: the SCALE codec with `MaxEncodedLen`
/// and `DecodeWithMemTracking` (so the type may be a call argument), type info, `Clone`,
/// equality and `Debug`.
#[doc(hidden)]
#[macro_export]
macro_rules! value_type {
	($(#[$meta:meta])* $vis:vis $kind:ident $name:ident $($body:tt)+) => {
		#[derive(
			::codec::Encode,
			::codec::Decode,
			::codec::DecodeWithMemTracking,
			::codec::MaxEncodedLen,
			::scale_info::TypeInfo,
			Clone,
			PartialEq,
			Eq,
			Debug,
		)]
		$(#[$meta])*
		$vis $kind $name $($body)+
	};
}

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
pub mod billing_codes;
pub mod category_slots;
pub mod flags;
pub mod identifiers;
pub mod log;
pub mod paging;
pub mod rate_limit;
pub mod retained_log;
pub mod salted;
pub mod traits;
pub mod vocabulary;
pub mod wallet;

#[cfg(feature = "std")]
pub mod doubles;
#[cfg(feature = "harness")]
pub mod harness;

pub use category_slots::{CategoryKey, CategorySlot, CategorySlots};
pub use flags::{Flag, FlagSet};
pub use rate_limit::{use_daily_allowance, DailyAllowance, DAY_MS};
pub use traits::*;
pub use vocabulary::*;

#[cfg(test)]
mod tests;
