//! The consortium's council: what the consortium decides (registering, suspending or revoking an
//! organisation, setting a trading partner's company prefixes...) goes through a motion that
//! two thirds of the council's members approve, then anyone on the council closes.

use crate::{
	error::other,
	runtime::{self, runtime_types as types},
	Chain, Error,
};
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;

/// A runtime call, as a motion carries it.
pub type Call = types::caduceus_runtime::RuntimeCall;

/// A motion on the council's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Motion {
	/// The motion's index.
	pub index: u32,
	/// The hash of the call it would dispatch.
	pub hash: H256,
	/// How many ayes it needs.
	pub threshold: u32,
}

/// What a motion came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
	/// Still open: more ayes needed.
	Open(Motion),
	/// Approved and dispatched successfully.
	Executed,
}

/// The ayes a motion of the consortium needs: two thirds of the council, rounded up
/// (`runtime::configs::ConsortiumOrigin`).
pub async fn threshold(chain: &Chain) -> Result<u32, Error> {
	let at = chain.at_finalized().await?;
	let members = at.storage().fetch(runtime::storage().council().members(), ()).await;
	let members: Vec<crate::AccountId> = members.map_err(other)?.decode().map_err(other)?;
	Ok((2 * members.len() as u32).div_ceil(3).max(1))
}

/// Moves `call` as a motion of council member `member`, and votes aye on it as that member
/// (the council pallet does not count the mover's vote). A council of one dispatches it at once.
pub async fn propose(chain: &Chain, member: &Keypair, call: Call) -> Result<Outcome, Error> {
	let threshold = threshold(chain).await?;
	let length = codec::Encode::encoded_size(&call) as u32;
	let done =
		chain.submit(&runtime::tx().council().propose(threshold, call, length), member).await?;
	if let Some(proposed) = done.events.find_first::<runtime::council::events::Proposed>() {
		let proposed = proposed.map_err(other)?;
		vote(chain, member, proposed.proposal_hash, proposed.proposal_index, true).await?;
		return Ok(Outcome::Open(Motion {
			index: proposed.proposal_index,
			hash: proposed.proposal_hash,
			threshold: proposed.threshold,
		}));
	}
	executed(chain, &done).await
}

/// Votes on a motion as council member `member`.
pub async fn vote(
	chain: &Chain,
	member: &Keypair,
	motion: H256,
	index: u32,
	aye: bool,
) -> Result<(), Error> {
	chain.submit(&runtime::tx().council().vote(motion, index, aye), member).await.map(|_| ())
}

/// Closes a motion with enough ayes: it is dispatched, and its own failure, if any, is the
/// error (the pallet error's name and doc).
pub async fn close(
	chain: &Chain,
	member: &Keypair,
	motion: H256,
	index: u32,
) -> Result<Outcome, Error> {
	// The motion's call bounds its weight and length, as the council pallet requires.
	let at = chain.at_finalized().await?;
	let proposal =
		at.storage().try_fetch(runtime::storage().council().proposal_of(), (motion,)).await;
	let proposal: Call = match proposal.map_err(other)? {
		Some(value) => value.decode().map_err(other)?,
		None => return Err(Error::Query(format!("no open motion {motion:?}"))),
	};
	let length = codec::Encode::encoded_size(&proposal) as u32;
	let info =
		runtime::runtime_apis().transaction_payment_call_api().query_call_info(proposal, length);
	let weight = chain.runtime_api(info).await?.weight;
	let call = runtime::tx().council().close(motion, index, weight, length);
	let done = chain.submit(&call, member).await?;
	if done.events.find_first::<runtime::council::events::Disapproved>().is_some() {
		return Err(Error::Query("the council disapproved the motion".into()));
	}
	executed(chain, &done).await
}

/// The outcome of a transaction that dispatched a motion's call.
async fn executed(chain: &Chain, done: &crate::Submitted) -> Result<Outcome, Error> {
	let executed = done.event::<runtime::council::events::Executed>()?;
	match executed.result {
		Ok(()) => Ok(Outcome::Executed),
		Err(types::sp_runtime::DispatchError::Module(module)) => {
			let metadata = chain.at_finalized().await?.metadata();
			let pallet = metadata.pallet_by_error_index(module.index);
			let variant = pallet.as_ref().and_then(|p| p.error_variant_by_index(module.error[0]));
			match (pallet, variant) {
				(Some(pallet), Some(variant)) => Err(Error::Dispatch {
					pallet: pallet.name().to_string(),
					name: variant.name.clone(),
					doc: variant.docs.join(" ").trim().to_string(),
				}),
				_ => Err(Error::DispatchOther(format!("module error {module:?}"))),
			}
		},
		Err(other) => Err(Error::DispatchOther(format!("{other:?}"))),
	}
}
