//! The identities the pallet stores: nodes' PeerIds and what a validator's standing is.

use caduceus_primitives::OrgId;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;

/// The bytes of a libp2p PeerId. Substrate node keys are ed25519, whose PeerId is the identity
/// multihash of the protobuf-encoded public key: [`NODE_PEER_ID_PREFIX`] then the 32-byte key.
pub type PeerId = BoundedVec<u8, ConstU32<64>>;

/// The first six bytes of an ed25519 node's PeerId: identity multihash (`0x00`) of 36 bytes
/// (`0x24`), protobuf key type ed25519 (`0x08 0x01`), key of 32 bytes (`0x12 0x20`).
pub const NODE_PEER_ID_PREFIX: [u8; 6] = [0x00, 0x24, 0x08, 0x01, 0x12, 0x20];

/// Whether `peer_id` is the PeerId of an ed25519 node key (the only kind Substrate nodes use).
pub fn is_node_peer_id(peer_id: &[u8]) -> bool {
	peer_id.strip_prefix(&NODE_PEER_ID_PREFIX[..]).is_some_and(|key| key.len() == 32)
}

/// A validator as the runtime API reports it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct ValidatorView<AccountId> {
	/// The validator account (the session keys' owner).
	pub validator: AccountId,
	/// The organisation running it.
	pub organisation: OrgId,
	/// Whether its organisation is active.
	pub organisation_active: bool,
	/// Whether it registered session keys.
	pub has_session_keys: bool,
	/// Whether it validates in the current session.
	pub in_current_session: bool,
}
