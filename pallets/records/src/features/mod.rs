//! The pallet's capabilities, one file each; `lib.rs` checks origins and hands over to these.

mod access;
mod anchoring;
mod authority;
mod erasure;
pub(crate) mod invariants;
mod queries;
mod trials;
