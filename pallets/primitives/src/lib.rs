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
//! - [`DailyAllowance`]: the per-day cap on a patient's free operations.
//!
//! Nothing here is health data: identifiers, categories, statuses and hashes only.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
pub mod flags;
pub mod identifiers;
pub mod rate_limit;
pub mod traits;
pub mod vocabulary;
pub mod wallet;

#[cfg(feature = "std")]
pub mod doubles;

pub use flags::{Flag, FlagSet};
pub use rate_limit::{use_daily_allowance, DailyAllowance, DAY_MS};
pub use traits::*;
pub use vocabulary::*;

#[cfg(test)]
mod tests;
