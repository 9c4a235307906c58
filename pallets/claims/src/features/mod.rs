//! The pallet's capabilities, one file each; `lib.rs` checks origins and hands over to these.

mod appeals;
mod authority;
pub(crate) mod claims;
pub(crate) mod invariants;
mod payment;
mod plans;
mod prior_authorisation;
