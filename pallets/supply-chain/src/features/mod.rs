//! The pallet's capabilities, one file each; `lib.rs` checks origins and hands over to these.

mod aggregation;
pub(crate) mod authority;
mod commissioning;
mod custody;
mod history;
pub(crate) mod invariants;
pub(crate) mod prefixes;
mod products;
mod quarantine;
pub(crate) mod reach;
mod status;
