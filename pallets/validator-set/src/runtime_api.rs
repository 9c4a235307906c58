//! The runtime API through which nodes read the allow-list and operators see the validators,
//! over JSON-RPC (`state_call`) without a transaction.

use crate::{PeerId, ValidatorView};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// The network's membership: allow-listed nodes and validators.
	pub trait ValidatorSetApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The PeerIds of the allow-listed nodes of active organisations, possibly none (the
		/// network is closed to all); `None` on an open network (one that never listed a node),
		/// where nodes accept any peer.
		fn allowed_nodes() -> Option<Vec<PeerId>>;

		/// Every admitted validator with its standing.
		fn validators() -> Vec<ValidatorView<AccountId>>;
	}
}
