//! The pallet's capabilities, one file each; `lib.rs` checks origins and hands over here.

mod blocks;
mod check;
mod emergency;
mod grants;
mod history;
pub(crate) mod invariants;
mod signed;
