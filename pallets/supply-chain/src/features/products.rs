//! Products (GTINs): registration and the two-step transfer of ownership.

use crate::*;
use frame_support::{dispatch::DispatchResult, ensure, traits::Get};

impl<T: Config> Pallet<T> {
	/// Registers `gtin` for the manufacturer `who` acts for: it must fall under one of the
	/// manufacturer's GS1 company prefixes.
	pub(crate) fn do_register_product(who: &T::AccountId, gtin: Gtin) -> DispatchResult {
		let owner = Self::manufacturer(who)?;
		ensure!(gs1_key_valid(&gtin), Error::<T>::InvalidGtin);
		ensure!(Self::key_owner(&gtin) == Some(owner), Error::<T>::GtinNotYours);
		ensure!(!Products::<T>::contains_key(gtin), Error::<T>::ProductAlreadyRegistered);
		Self::take_quota(owner, 1)?;
		let owners = BoundedVec::truncate_from(alloc::vec![(owner, Self::now())]);
		Products::<T>::insert(gtin, Product { owner, offered_to: None, owners });
		Self::deposit_event(Event::ProductRegistered { gtin, owner });
		Ok(())
	}

	/// Offers `gtin` to manufacturer `to`, by the owner.
	pub(crate) fn do_offer_product(who: &T::AccountId, gtin: Gtin, to: OrgId) -> DispatchResult {
		let org = Self::manufacturer(who)?;
		let mut product = Products::<T>::get(gtin).ok_or(Error::<T>::UnknownProduct)?;
		ensure!(product.owner == org, Error::<T>::NotTheOwner);
		ensure!(to != org, Error::<T>::AlreadyTheOwner);
		let recipient = T::Registry::organisation(to).filter(|info| {
			info.status == caduceus_primitives::OrgStatus::Active
				&& info.kind == caduceus_primitives::OrgKind::Manufacturer
		});
		ensure!(recipient.is_some(), Error::<T>::NotAManufacturer);
		product.offered_to = Some(to);
		Products::<T>::insert(gtin, product);
		Self::deposit_event(Event::ProductOwnershipOffered { gtin, owner: org, offered_to: to });
		Ok(())
	}

	/// Accepts `gtin` for the manufacturer `who` acts for, if it was offered to it.
	pub(crate) fn do_accept_product(who: &T::AccountId, gtin: Gtin) -> DispatchResult {
		let org = Self::manufacturer(who)?;
		let mut product = Products::<T>::get(gtin).ok_or(Error::<T>::UnknownProduct)?;
		ensure!(product.offered_to == Some(org), Error::<T>::NotOfferedToYou);
		let from = product.owner;
		product.owner = org;
		product.offered_to = None;
		if product.owners.len() as u32 >= T::MaxOwners::get() {
			// Forget the oldest owner; its units stay authentic (they name their manufacturer).
			product.owners.remove(0);
		}
		// Room was made above: the newest owner is always recorded.
		product.owners.force_push((org, Self::now()));
		Products::<T>::insert(gtin, product);
		Self::deposit_event(Event::ProductOwnershipTransferred { gtin, from, to: org });
		Ok(())
	}
}

use caduceus_primitives::Registry;
use frame_support::BoundedVec;
