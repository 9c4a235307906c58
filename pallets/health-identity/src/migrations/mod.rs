//! Storage migrations, one module per storage version.
//!
//! Version 4 adds `StorageUsage`, the count of stored items per organisation and patient. The
//! items live in the records, supply-chain and claims pallets, so the runtime counts them
//! (`caduceus_runtime::migrations::CountStoredItems`) and moves this pallet to version 4.

pub mod v2;
pub mod v3;
