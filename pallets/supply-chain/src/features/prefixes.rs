//! GS1 company prefixes: which organisation may name products (GTINs) and containers (SSCCs).
//! The consortium assigns them; a GTIN or SSCC is an organisation's only if it falls under one
//! of its prefixes and under nobody else's.

use crate::*;
use caduceus_primitives::Registry;
use frame_support::{dispatch::DispatchResult, ensure};

/// The shortest GS1 company prefix.
pub const MIN_PREFIX_LENGTH: usize = 4;
/// The longest GS1 company prefix.
pub const MAX_PREFIX_LENGTH: usize = 12;

/// Whether `prefix` is a GS1 company prefix: 4 to 12 ASCII digits.
pub fn company_prefix_valid(prefix: &[u8]) -> bool {
	(MIN_PREFIX_LENGTH..=MAX_PREFIX_LENGTH).contains(&prefix.len())
		&& prefix.iter().all(u8::is_ascii_digit)
}

impl<T: Config> Pallet<T> {
	/// The organisation whose company prefix `key` (a GTIN-14 or SSCC-18, whose first digit is
	/// the indicator or extension digit) falls under, if exactly one does.
	///
	/// ## Complexity
	/// One read per possible prefix length (9).
	pub fn key_owner(key: &[u8]) -> Option<OrgId> {
		let digits = key.get(1..key.len().saturating_sub(1))?;
		let mut owner = None;
		for length in MIN_PREFIX_LENGTH..=MAX_PREFIX_LENGTH.min(digits.len()) {
			let Some(head) = digits.get(..length) else { break };
			let prefix = CompanyPrefix::truncate_from(head.to_vec());
			if let Some(org) = CompanyPrefixes::<T>::get(&prefix) {
				if owner.is_some_and(|other| other != org) {
					return None;
				}
				owner = Some(org);
			}
		}
		owner
	}

	/// Replaces the company prefixes of `organisation`, a trading partner, by the consortium.
	pub(crate) fn do_set_company_prefixes(
		organisation: OrgId,
		prefixes: BoundedVec<CompanyPrefix, T::MaxPrefixesPerOrganisation>,
	) -> DispatchResult {
		let info = T::Registry::organisation(organisation).ok_or(Error::<T>::NotATradingPartner)?;
		ensure!(crate::features::authority::trades(info.kind), Error::<T>::NotATradingPartner);
		for (i, prefix) in prefixes.iter().enumerate() {
			ensure!(company_prefix_valid(prefix), Error::<T>::InvalidCompanyPrefix);
			ensure!(
				!prefixes.iter().take(i).any(|earlier| earlier == prefix),
				Error::<T>::InvalidCompanyPrefix
			);
			let holder = CompanyPrefixes::<T>::get(prefix);
			ensure!(holder.is_none_or(|org| org == organisation), Error::<T>::PrefixTaken);
		}
		for old in PrefixesOf::<T>::take(organisation) {
			CompanyPrefixes::<T>::remove(old);
		}
		for prefix in prefixes.iter() {
			CompanyPrefixes::<T>::insert(prefix, organisation);
		}
		if !prefixes.is_empty() {
			PrefixesOf::<T>::insert(organisation, prefixes.clone());
		}
		Self::deposit_event(Event::CompanyPrefixesSet { organisation, prefixes });
		Ok(())
	}
}

use frame_support::BoundedVec;
