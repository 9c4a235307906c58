//! The pallet's capabilities, one file each; `lib.rs` checks origins and calls into these.

mod deposits;
pub(crate) mod guardians;
mod invariants;
mod organisations;
mod patients;
mod practitioners;
mod quotas;
mod registry;
