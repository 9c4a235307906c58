//! The pallet's capabilities, one file each.

mod invariants;
mod nodes;
mod session;
mod validators;
