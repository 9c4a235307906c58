//! # Validator set
//!
//! Who runs the consortium's infrastructure, decided by the consortium:
//!
//! - **Validators.** Each validator account is bound to an organisation. The pallet is
//!   `pallet-session`'s [`SessionManager`](pallet_session::SessionManager): at each session
//!   boundary it hands over the validators whose organisation is active and who registered
//!   session keys (Aura and GRANDPA). A change decided during session `n` is in force from
//!   session `n + 2` (the session pallet queues one session ahead), so it takes between one and
//!   two session lengths. A suspended or revoked organisation's validators leave by themselves
//!   at the next boundary and come back if it is reinstated.
//! - **A floor.** The consortium sets the fewest validators the chain may run with. A removal
//!   that would leave fewer fails ([`Error::BelowMinimum`]); if suspensions alone would leave
//!   fewer, the set in force is kept ([`Event::FloorHeld`]) until the consortium adds validators.
//! - **Session length.** Sessions end after [`SessionLength`] blocks (the pallet is the session
//!   pallet's [`ShouldEndSession`](pallet_session::ShouldEndSession)); the consortium may change
//!   it within the runtime's bounds.
//! - **The node allow-list.** The libp2p identities (PeerIds) of the nodes each organisation
//!   runs. Nodes read the list of active organisations' nodes through
//!   [`runtime_api::ValidatorSetApi`] and accept block sync only with those peers. A chain that
//!   never listed a node is open; once listed, the list cannot be emptied
//!   ([`Error::LastNode`]), so a closed network never opens by accident.
//!
//! Validators and nodes are few (tens), so each list is one bounded storage value read whole.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;

/// What benchmarks need from the runtime besides participants.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers session keys for `validator` (so that it can validate).
	fn set_session_keys(validator: &AccountId);
}
pub use weights::WeightInfo;

#[allow(
	clippy::expect_used,
	reason = "FRAME's macros expand `expect`s with our spans, and genesis aborts on a bad config"
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use caduceus_primitives::{OrgId, Registry};
	use frame_support::{pallet_prelude::*, traits::Contains};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The consortium: a share of the council (two thirds in the runtime), or root on a
		/// development chain that still has `sudo`.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Organisations and their admins (the identity pallet).
		type Registry: Registry<Self::AccountId>;

		/// Accounts that registered session keys (`pallet_session::NextKeys`): a validator
		/// without keys cannot author or vote, so it is not handed to the session pallet.
		type HasSessionKeys: Contains<Self::AccountId>;

		/// Most validators; also the most Aura and GRANDPA authorities.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Most allow-listed nodes.
		#[pallet::constant]
		type MaxNodes: Get<u32>;

		/// Shortest session the consortium may set, in blocks.
		#[pallet::constant]
		type MinSessionLength: Get<BlockNumberFor<Self>>;

		/// Longest session the consortium may set, in blocks.
		#[pallet::constant]
		type MaxSessionLength: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Registers organisations and session keys in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: caduceus_primitives::benchmarking::Participants<Self::AccountId>
			+ BenchmarkHelper<Self::AccountId>;
	}

	/// The validators the consortium admitted, with their organisations, in order of admission.
	/// Whether each is in force depends on its organisation's status and its session keys.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<(T::AccountId, OrgId), T::MaxValidators>, ValueQuery>;

	/// The set last handed to the session pallet, so that an unchanged set is not handed again
	/// (which would make GRANDPA and Aura schedule a needless change).
	#[pallet::storage]
	pub type Planned<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// The fewest validators the chain runs with.
	#[pallet::storage]
	pub type MinValidators<T> = StorageValue<_, u32, ValueQuery>;

	/// Blocks per session.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The block at which the current session started.
	#[pallet::storage]
	pub type SessionStart<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The allow-listed nodes (libp2p PeerIds) and the organisations running them.
	#[pallet::storage]
	pub type Nodes<T: Config> =
		StorageValue<_, BoundedVec<(PeerId, OrgId), T::MaxNodes>, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The validators and their organisations. Their session keys go in the session
		/// pallet's genesis.
		pub validators: Vec<(T::AccountId, OrgId)>,
		/// The fewest validators the chain runs with (at least one, at most `validators`; zero
		/// when there are none).
		pub min_validators: u32,
		/// Blocks per session, within the runtime's bounds.
		pub session_length: BlockNumberFor<T>,
		/// The allow-listed nodes: PeerId bytes and organisation. Empty for an open network.
		pub nodes: Vec<(Vec<u8>, OrgId)>,
	}

	/// No validators managed (the session pallet's genesis keys stand), the longest sessions,
	/// an open network.
	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self {
				validators: Vec::new(),
				min_validators: 0,
				session_length: T::MaxSessionLength::get(),
				nodes: Vec::new(),
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let validators: BoundedVec<_, T::MaxValidators> =
				self.validators.clone().try_into().expect("at most MaxValidators validators");
			assert!(
				(validators.is_empty() && self.min_validators == 0)
					|| (self.min_validators >= 1
						&& self.min_validators as usize <= validators.len()),
				"the floor is between one and the number of validators"
			);
			assert!(
				Pallet::<T>::session_length_allowed(self.session_length),
				"session length within MinSessionLength..=MaxSessionLength"
			);
			let nodes: Vec<(PeerId, OrgId)> = self
				.nodes
				.iter()
				.map(|(peer, org)| {
					let peer = PeerId::try_from(peer.clone()).expect("PeerId of at most 64 bytes");
					assert!(is_node_peer_id(&peer), "a node's PeerId (ed25519 identity multihash)");
					(peer, *org)
				})
				.collect();
			Validators::<T>::put(validators);
			MinValidators::<T>::put(self.min_validators);
			SessionLength::<T>::put(self.session_length);
			Nodes::<T>::put(BoundedVec::try_from(nodes).expect("at most MaxNodes nodes"));
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `validator` of `organisation` was admitted; it is in force from the session after
		/// next once its session keys are registered.
		ValidatorAdded { validator: T::AccountId, organisation: OrgId },
		/// `validator` was removed; it leaves at the session after next.
		ValidatorRemoved { validator: T::AccountId, organisation: OrgId },
		/// The validators of session `session`, handed to the session pallet (it starts at the
		/// next boundary).
		ValidatorsPlanned { session: u32, validators: BoundedVec<T::AccountId, T::MaxValidators> },
		/// Only `eligible` validators (active organisation, session keys) were left for session
		/// `session`, fewer than the floor: the set in force is kept.
		FloorHeld { session: u32, eligible: u32 },
		/// The floor is now `minimum` validators.
		MinValidatorsSet { minimum: u32 },
		/// Sessions last `blocks` blocks, the current one included.
		SessionLengthSet { blocks: BlockNumberFor<T> },
		/// The node `peer_id` of `organisation` may join the network.
		NodeAdded { peer_id: PeerId, organisation: OrgId },
		/// The node `peer_id` of `organisation` may no longer join the network.
		NodeRemoved { peer_id: PeerId, organisation: OrgId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The organisation is unknown, suspended or revoked.
		OrganisationNotActive,
		/// The account is a validator already.
		AlreadyValidator,
		/// There are `MaxValidators` validators already.
		TooManyValidators,
		/// The account is not a validator.
		NotValidator,
		/// The removal would leave fewer validators in force than the floor.
		BelowMinimum,
		/// The floor must be at least one and at most the validators in force.
		InvalidMinimum,
		/// The session length is outside the runtime's bounds.
		InvalidSessionLength,
		/// Not a node's PeerId: nodes' identities are ed25519 keys (38-byte identity multihash).
		InvalidPeerId,
		/// The node is allow-listed already.
		NodeAlreadyListed,
		/// There are `MaxNodes` nodes already.
		TooManyNodes,
		/// The node is not allow-listed.
		NodeNotListed,
		/// Only the consortium or the admin of the organisation running the node may remove it.
		NotNodeOperator,
		/// The last node cannot be removed: an empty list would open the network to anyone.
		LastNode,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admits `validator`, run by `organisation` (which must be active). It is in force from
		/// the session after next once it has registered session keys (`Session::set_keys`).
		/// Session keys cannot be purged in the runtime (the floor relies on them), only
		/// replaced.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator())]
		pub fn add_validator(
			origin: OriginFor<T>,
			validator: T::AccountId,
			organisation: OrgId,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_add_validator(validator, organisation)
		}

		/// Removes `validator`; it leaves at the session after next. Fails if fewer validators
		/// than the floor would be left in force.
		///
		/// ## Complexity
		/// O(V) in the validators, at most `MaxValidators`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(validator)
		}

		/// Sets the floor: the fewest validators the chain runs with. At least one, at most the
		/// validators in force now.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_min_validators())]
		pub fn set_min_validators(origin: OriginFor<T>, minimum: u32) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_set_min_validators(minimum)
		}

		/// Sets the session length in blocks, within `MinSessionLength..=MaxSessionLength`. The
		/// current session ends by the new length.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_session_length())]
		pub fn set_session_length(
			origin: OriginFor<T>,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_set_session_length(blocks)
		}

		/// Allow-lists the node `peer_id` (the bytes of its libp2p PeerId, as
		/// `caduceus-node key inspect-node-key` prints it in base58), run by `organisation`
		/// (which must be active). Nodes accept it from the block that includes this call.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::add_node())]
		pub fn add_node(
			origin: OriginFor<T>,
			peer_id: PeerId,
			organisation: OrgId,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_add_node(peer_id, organisation)
		}

		/// Removes the node `peer_id` from the allow-list: by the consortium, or by the admin of
		/// the organisation running it (a compromised node key, a decommissioned server).
		///
		/// ## Complexity
		/// O(N) in the nodes, at most `MaxNodes`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_node())]
		pub fn remove_node(origin: OriginFor<T>, peer_id: PeerId) -> DispatchResult {
			let operator = match T::ConsortiumOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			Self::do_remove_node(peer_id, operator)
		}
	}
}
