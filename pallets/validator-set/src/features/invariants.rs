//! The pallet's invariants, checked by `try_state`, after every unit test and by the runtime's
//! tests.

use crate::*;
use alloc::collections::BTreeSet;
use frame_support::ensure;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// - validators and nodes are listed once each;
	/// - every listed PeerId is a node's;
	/// - the floor is at least one and no more than the validators admitted (none and zero on a
	///   chain whose validators the pallet does not manage);
	/// - the planned set lists each validator once;
	/// - the session length is within the runtime's bounds.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let validators = Validators::<T>::get();
		let admitted: BTreeSet<_> = validators.iter().map(|(v, _)| v.clone()).collect();
		ensure!(admitted.len() == validators.len(), "a validator is listed twice");
		let minimum = MinValidators::<T>::get();
		ensure!(
			(validators.is_empty() && minimum == 0)
				|| (minimum >= 1 && minimum as usize <= validators.len()),
			"the floor is outside 1..=validators"
		);
		let planned = Planned::<T>::get();
		ensure!(
			planned.iter().collect::<BTreeSet<_>>().len() == planned.len(),
			"a planned validator is listed twice"
		);
		let nodes = Nodes::<T>::get();
		let peers: BTreeSet<_> = nodes.iter().map(|(p, _)| p.clone()).collect();
		ensure!(peers.len() == nodes.len(), "a node is listed twice");
		ensure!(nodes.iter().all(|(p, _)| is_node_peer_id(p)), "a listed PeerId is not a node's");
		ensure!(
			Self::session_length_allowed(SessionLength::<T>::get()),
			"the session length is out of bounds"
		);
		Ok(())
	}
}
