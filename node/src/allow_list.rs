//! Enforces the chain's node allow-list (`ValidatorSet` pallet): block sync, and with it every
//! protocol that follows sync (GRANDPA votes, transactions), is accepted only with the nodes of
//! the consortium's active organisations.
//!
//! On every newly finalized block once the node has synced, it reads
//! `ValidatorSetApi::allowed_nodes` and, when the list changed, makes those PeerIds the sync
//! protocol's reserved peers, reserved-only. The finalized block, not the best one: a fork that
//! one author builds (and that GRANDPA never finalizes) cannot open the network to its friends or
//! shut out a member. While it catches up it keeps the list it has (an old block's list would drop
//! today's members). A chain that never listed a node (like `--dev`) is open. An operator who also
//! passes `--reserved-only --reserved-nodes …` gets both: only reserved nodes that are on the
//! list.
//!
//! This is what standard nodes enforce: a listed node refuses the block-announce substream of
//! anyone else, and with it sync. It is not a firewall: a modified client connected at the
//! transport level could still send block requests, so consortium networks also isolate their
//! nodes (VPN, firewall rules), see `docs/operations.md`.

use crate::service::FullClient;
use futures::StreamExt;
use pallet_validator_set::runtime_api::ValidatorSetApi;
use sc_client_api::{BlockchainEvents, HeaderBackend};
use sc_network::{service::traits::NetworkService, PeerId};
use sp_api::ProvideRuntimeApi;
use sp_consensus::SyncOracle;
use std::{collections::HashSet, sync::Arc};

const LOG_TARGET: &str = "allow-list";

/// Which peers the node accepts for sync: `None` for anyone (no allow-list on chain), else the
/// listed nodes other than itself (perhaps none), narrowed to the operator's reserved nodes if
/// the operator asked for reserved-only.
pub fn authorized_peers(
	on_chain: Option<&[Vec<u8>]>,
	local: &PeerId,
	operator_reserved_only: Option<&HashSet<PeerId>>,
) -> Option<HashSet<PeerId>> {
	let listed = on_chain?.iter().filter_map(|bytes| PeerId::from_bytes(bytes).ok());
	Some(
		listed
			.filter(|peer| peer != local)
			.filter(|peer| operator_reserved_only.is_none_or(|reserved| reserved.contains(peer)))
			.collect(),
	)
}

/// Follows finality and applies the finalized block's allow-list to `network` until the node
/// stops.
pub async fn enforce(
	client: Arc<FullClient>,
	network: Arc<dyn NetworkService>,
	sync: Arc<dyn SyncOracle + Send + Sync>,
	operator_reserved_only: Option<HashSet<PeerId>>,
) {
	let local = network.local_peer_id();
	let mut in_force: Option<Option<HashSet<PeerId>>> = None;
	let mut apply = |hash| {
		let on_chain = match client.runtime_api().allowed_nodes(hash) {
			Ok(nodes) => nodes
				.map(|nodes| nodes.into_iter().map(|peer| peer.into_inner()).collect::<Vec<_>>()),
			Err(e) => {
				log::warn!(target: LOG_TARGET, "cannot read the allow-list at {hash}: {e}");
				return;
			},
		};
		let authorized =
			authorized_peers(on_chain.as_deref(), &local, operator_reserved_only.as_ref());
		if in_force.as_ref() == Some(&authorized) {
			return;
		}
		match &authorized {
			Some(peers) => {
				log::info!(target: LOG_TARGET, "🔐 Accepting {} allow-listed node(s) only", peers.len());
				network.set_authorized_peers(peers.clone());
				network.set_authorized_only(true);
			},
			None => {
				log::info!(target: LOG_TARGET, "🔓 No allow-list on chain: the network is open");
				if operator_reserved_only.is_none() {
					network.set_authorized_only(false);
				}
			},
		}
		in_force = Some(authorized);
	};
	apply(client.info().finalized_hash);
	let mut finalized = client.finality_notification_stream();
	while let Some(notification) = finalized.next().await {
		if !sync.is_major_syncing() {
			apply(notification.hash);
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn peer(n: u8) -> PeerId {
		let key = sc_network::config::ed25519::SecretKey::try_from_bytes([n; 32]).unwrap();
		sc_network::config::ed25519::Keypair::from(key).public().to_peer_id()
	}

	#[test]
	fn an_empty_list_leaves_the_network_open() {
		assert_eq!(authorized_peers(None, &peer(1), None), None);
	}

	#[test]
	fn a_list_of_no_active_node_closes_the_network() {
		assert_eq!(authorized_peers(Some(&[]), &peer(1), None), Some(HashSet::new()));
	}

	#[test]
	fn the_listed_nodes_except_itself_are_authorized() {
		let listed = vec![peer(1).to_bytes(), peer(2).to_bytes(), vec![1, 2, 3]];
		let authorized = authorized_peers(Some(&listed), &peer(1), None).unwrap();
		assert_eq!(authorized, HashSet::from([peer(2)]));
	}

	#[test]
	fn an_operators_reserved_only_narrows_the_list() {
		let listed = vec![peer(2).to_bytes(), peer(3).to_bytes()];
		let reserved = HashSet::from([peer(3), peer(4)]);
		let authorized = authorized_peers(Some(&listed), &peer(1), Some(&reserved)).unwrap();
		assert_eq!(authorized, HashSet::from([peer(3)]));
	}
}
