//! The node allow-list.

use crate::*;
use alloc::vec::Vec;
use caduceus_primitives::{OrgId, Registry};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_add_node(peer_id: PeerId, organisation: OrgId) -> DispatchResult {
		ensure!(is_node_peer_id(&peer_id), Error::<T>::InvalidPeerId);
		ensure!(Self::organisation_active(organisation), Error::<T>::OrganisationNotActive);
		Nodes::<T>::try_mutate(|nodes| {
			ensure!(
				!nodes.iter().any(|(listed, _)| *listed == peer_id),
				Error::<T>::NodeAlreadyListed
			);
			nodes.try_push((peer_id.clone(), organisation)).map_err(|_| Error::<T>::TooManyNodes)
		})?;
		Self::deposit_event(Event::NodeAdded { peer_id, organisation });
		Ok(())
	}

	/// Removes `peer_id`; `operator` is the signer when the consortium did not decide it, who
	/// must be the admin of the organisation running the node.
	pub(crate) fn do_remove_node(
		peer_id: PeerId,
		operator: Option<T::AccountId>,
	) -> DispatchResult {
		let mut nodes = Nodes::<T>::get();
		let position = nodes
			.iter()
			.position(|(listed, _)| *listed == peer_id)
			.ok_or(Error::<T>::NodeNotListed)?;
		let organisation = nodes.get(position).ok_or(Error::<T>::NodeNotListed)?.1;
		if let Some(operator) = operator {
			ensure!(
				T::Registry::organisation_administered_by(&operator) == Some(organisation),
				Error::<T>::NotNodeOperator
			);
		}
		ensure!(nodes.len() > 1, Error::<T>::LastNode);
		nodes.remove(position);
		Nodes::<T>::put(nodes);
		Self::deposit_event(Event::NodeRemoved { peer_id, organisation });
		Ok(())
	}

	/// What nodes accept as peers: `None` on an open network (no node was ever listed), else
	/// the PeerIds of active organisations' nodes, which may be none at all (every listed
	/// organisation suspended): the network stays closed.
	pub fn allowed_nodes() -> Option<Vec<PeerId>> {
		let nodes = Nodes::<T>::get();
		(!nodes.is_empty()).then(|| {
			nodes
				.into_iter()
				.filter(|(_, organisation)| Self::organisation_active(*organisation))
				.map(|(peer_id, _)| peer_id)
				.collect()
		})
	}
}
