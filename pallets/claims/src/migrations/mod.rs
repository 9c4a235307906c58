//! Storage migrations, one module per storage version.
//!
//! Version 1 → 2 (evidence, pool accounts, the linked payment queue) was retired with runtime
//! 108, once every chain had run it: it lives in git history (`git show 5e566e6:pallets/claims/src/migrations/v2.rs`).

pub mod v3;
pub mod v4;
pub mod v5;
pub mod v6;
