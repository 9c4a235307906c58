//! The externalities an input runs in: the state as a map in memory (`BasicExternalities`),
//! without the state root.
//!
//! `frame_system` asks the host for the state root when it finishes a block, only to put it in
//! the header. A map in memory has no trie to update, so `BasicExternalities` builds the whole
//! trie again from every key and value on each request: about a third of the fuzzer's time
//! went there (sorting, copying and hashing the whole state, block after block; the same inputs
//! run 1.5x faster without it, `docs/perf-data/fuzz-speed-amd.txt`). Nothing in the
//! runtime reads the root back, and the node computes it from its own trie, not the runtime; so
//! here every block's root is the zero hash, and the rest of the host is `BasicExternalities`'s,
//! unchanged.

use sp_core::storage::{ChildInfo, StateVersion, Storage, TrackedStorageKey};
use sp_externalities::{Extension, ExtensionStore, Externalities, MultiRemovalResults};
use sp_state_machine::BasicExternalities;
use std::any::{Any, TypeId};

/// What every block's state root is here: the zero hash, SCALE-encoded as `H256`.
const NO_ROOT: [u8; 32] = [0; 32];

/// `BasicExternalities` without the state root.
pub struct Unrooted(BasicExternalities);

impl Unrooted {
	/// Runs `f` with a copy of `state` as its storage. The copy is dropped afterwards.
	pub fn execute_on_copy<R>(state: &Storage, f: impl FnOnce() -> R) -> R {
		let mut ext = Self(BasicExternalities::new(state.clone()));
		sp_externalities::set_and_run_with_externalities(&mut ext, f)
	}
}

impl Externalities for Unrooted {
	fn set_offchain_storage(&mut self, key: &[u8], value: Option<&[u8]>) {
		self.0.set_offchain_storage(key, value)
	}

	fn storage(&mut self, key: &[u8]) -> Option<Vec<u8>> {
		self.0.storage(key)
	}

	fn storage_hash(&mut self, key: &[u8]) -> Option<Vec<u8>> {
		self.0.storage_hash(key)
	}

	fn child_storage_hash(&mut self, child_info: &ChildInfo, key: &[u8]) -> Option<Vec<u8>> {
		self.0.child_storage_hash(child_info, key)
	}

	fn child_storage(&mut self, child_info: &ChildInfo, key: &[u8]) -> Option<Vec<u8>> {
		self.0.child_storage(child_info, key)
	}

	fn next_storage_key(&mut self, key: &[u8]) -> Option<Vec<u8>> {
		self.0.next_storage_key(key)
	}

	fn next_child_storage_key(&mut self, child_info: &ChildInfo, key: &[u8]) -> Option<Vec<u8>> {
		self.0.next_child_storage_key(child_info, key)
	}

	fn kill_child_storage(
		&mut self,
		child_info: &ChildInfo,
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.0.kill_child_storage(child_info, maybe_limit, maybe_cursor)
	}

	fn clear_prefix(
		&mut self,
		prefix: &[u8],
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.0.clear_prefix(prefix, maybe_limit, maybe_cursor)
	}

	fn clear_child_prefix(
		&mut self,
		child_info: &ChildInfo,
		prefix: &[u8],
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.0.clear_child_prefix(child_info, prefix, maybe_limit, maybe_cursor)
	}

	fn place_storage(&mut self, key: Vec<u8>, value: Option<Vec<u8>>) {
		self.0.place_storage(key, value)
	}

	fn place_child_storage(
		&mut self,
		child_info: &ChildInfo,
		key: Vec<u8>,
		value: Option<Vec<u8>>,
	) {
		self.0.place_child_storage(child_info, key, value)
	}

	fn storage_root(&mut self, _: StateVersion) -> Vec<u8> {
		NO_ROOT.to_vec()
	}

	fn child_storage_root(
		&mut self,
		child_info: &ChildInfo,
		state_version: StateVersion,
	) -> Vec<u8> {
		self.0.child_storage_root(child_info, state_version)
	}

	fn storage_append(&mut self, key: Vec<u8>, value: Vec<u8>) {
		self.0.storage_append(key, value)
	}

	fn storage_start_transaction(&mut self) {
		self.0.storage_start_transaction()
	}

	fn storage_rollback_transaction(&mut self) -> Result<(), ()> {
		self.0.storage_rollback_transaction()
	}

	fn storage_commit_transaction(&mut self) -> Result<(), ()> {
		self.0.storage_commit_transaction()
	}

	fn wipe(&mut self) {
		self.0.wipe()
	}

	fn commit(&mut self) {
		self.0.commit()
	}

	fn read_write_count(&self) -> (u32, u32, u32, u32) {
		self.0.read_write_count()
	}

	fn reset_read_write_count(&mut self) {
		self.0.reset_read_write_count()
	}

	fn get_whitelist(&self) -> Vec<TrackedStorageKey> {
		self.0.get_whitelist()
	}

	fn set_whitelist(&mut self, whitelist: Vec<TrackedStorageKey>) {
		self.0.set_whitelist(whitelist)
	}

	fn get_read_and_written_keys(&self) -> Vec<(Vec<u8>, u32, u32, bool)> {
		self.0.get_read_and_written_keys()
	}
}

impl ExtensionStore for Unrooted {
	fn extension_by_type_id(&mut self, type_id: TypeId) -> Option<&mut dyn Any> {
		self.0.extension_by_type_id(type_id)
	}

	fn register_extension_with_type_id(
		&mut self,
		type_id: TypeId,
		extension: Box<dyn Extension>,
	) -> Result<(), sp_externalities::Error> {
		self.0.register_extension_with_type_id(type_id, extension)
	}

	fn deregister_extension_by_type_id(
		&mut self,
		type_id: TypeId,
	) -> Result<(), sp_externalities::Error> {
		self.0.deregister_extension_by_type_id(type_id)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_state_is_the_copy_and_the_root_is_zero() {
		let state = Storage {
			top: [(b"key".to_vec(), b"value".to_vec())].into_iter().collect(),
			..Default::default()
		};
		let (read, root) = Unrooted::execute_on_copy(&state, || {
			sp_io::storage::set(b"other", b"written");
			(sp_io::storage::get(b"key"), sp_io::storage::root(StateVersion::V1))
		});
		assert_eq!(read.as_deref(), Some(&b"value"[..]));
		assert_eq!(root, NO_ROOT.to_vec());
		assert_eq!(state.top.len(), 1, "the state given is not written");
	}
}
