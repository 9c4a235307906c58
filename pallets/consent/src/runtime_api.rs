//! The runtime API through which EHR gateways, wallets and auditors read consent over JSON-RPC
//! (`state_call`), without a transaction.

use crate::QueryError;
use alloc::vec::Vec;
use caduceus_primitives::{
	AccessDenial, AccessGround, Action, CategorySlot, ConsentId, EmergencyAccessId, PatientId,
	Purpose,
};
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Consent checks and a patient's grants and history. `ConsentEntry`, `HistoryEntry` and
	/// `EmergencyEntry` are the runtime's `ConsentViewOf`, `HistoryEntryOf` and
	/// `EmergencyAccess` types.
	pub trait ConsentApi<AccountId, ConsentEntry, HistoryEntry, EmergencyEntry>
	where
		AccountId: Codec,
		ConsentEntry: Codec,
		HistoryEntry: Codec,
		EmergencyEntry: Codec,
	{
		/// May `accessor` do `action` on `patient`'s data in `category` (its slot under the
		/// patient's category key) for `purpose` at the current block? The grant or emergency
		/// access that permits it, or why not.
		fn check_access(
			patient: PatientId,
			accessor: AccountId,
			category: CategorySlot,
			purpose: Purpose,
			action: Action,
		) -> Result<AccessGround, AccessDenial>;

		/// Up to `limit` of `patient`'s grants after `start_after`, with where each stands.
		fn consents_of(
			patient: PatientId,
			start_after: Option<ConsentId>,
			limit: u32,
		) -> Result<Vec<ConsentEntry>, QueryError>;

		/// Up to `limit` entries of `patient`'s consent history from sequence number `from`.
		fn consent_history(
			patient: PatientId,
			from: u64,
			limit: u32,
		) -> Result<Vec<HistoryEntry>, QueryError>;

		/// An emergency access, until it is closed.
		fn emergency_access(access: EmergencyAccessId) -> Option<EmergencyEntry>;
	}
}
