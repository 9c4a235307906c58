//! Storage migrations, one module per storage version.

pub mod v2;
pub mod v3;
pub mod v4;
pub mod v5;
