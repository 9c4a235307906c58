// The consortium's council, as the Rust client's `governance`: what the consortium decides
// (registering, suspending or revoking an organisation, setting a trading partner's company
// prefixes…) goes through a motion that two thirds of the council's members approve, then anyone
// on the council closes.

import { dispatchError } from "./chain.js";
import { CaduceusError } from "./errors.js";

/** @typedef {import("./chain.js").Chain} Chain */
/** @typedef {import("./keys.js").KeyPair} KeyPair */
/** @typedef {import("polkadot-api").PolkadotSigner} PolkadotSigner */
/** @typedef {import("./chain.js").TxFinalizedPayload} TxFinalizedPayload */

/**
 * A call as a motion carries it: any transaction polkadot-api built (`chain.api.tx.Pallet.call(…)`),
 * never signed itself.
 *
 * @typedef {{ decodedCall: any, getEncodedData: () => Promise<Uint8Array> }} Motionable
 */

/**
 * @typedef {object} Motion A motion on the council's table.
 * @property {number} index
 * @property {string} hash the hash of the call it would dispatch
 * @property {number} threshold how many ayes it needs
 */

/**
 * What a motion came to: still open (more ayes needed), or executed (approved and dispatched
 * successfully; a failed dispatch is a `dispatch` error instead).
 *
 * @typedef {{ executed: false, motion: Motion } | { executed: true }} Outcome
 */

/**
 * The ayes a motion of the consortium needs: two thirds of the council, rounded up
 * (`runtime::configs::ConsortiumOrigin`).
 *
 * @param {Chain} chain
 */
export async function threshold(chain) {
  const members = await chain.api.query.Council.Members.getValue({ at: "finalized" });
  return Math.max(1, Math.ceil((2 * members.length) / 3));
}

/**
 * Moves `call` as a motion of council member `member`, and votes aye on it as that member (the
 * council pallet does not count the mover's vote). A council of one dispatches it at once.
 *
 * @param {Chain} chain
 * @param {KeyPair | PolkadotSigner} member
 * @param {Motionable} call
 * @returns {Promise<Outcome>}
 */
export async function propose(chain, member, call) {
  const ayes = await threshold(chain);
  const length = (await call.getEncodedData()).length;
  const tx = chain.api.tx.Council.propose({ threshold: ayes, proposal: call.decodedCall, length_bound: length });
  const done = await chain.submit(tx, member);
  const [proposed] = chain.api.event.Council.Proposed.filter(done.events);
  if (!proposed) return executed(chain, done);
  const { proposal_index: index, proposal_hash: hash, threshold: needed } = proposed.payload;
  await vote(chain, member, { hash, index }, true);
  return { executed: false, motion: { index, hash, threshold: needed } };
}

/**
 * Votes on a motion as council member `member`.
 *
 * @param {Chain} chain
 * @param {KeyPair | PolkadotSigner} member
 * @param {{ hash: string, index: number }} motion
 * @param {boolean} aye
 */
export async function vote(chain, member, { hash, index }, aye) {
  await chain.submit(chain.api.tx.Council.vote({ proposal: hash, index, approve: aye }), member);
}

/**
 * Closes a motion with enough ayes: it is dispatched, and its own failure, if any, is the error
 * (a `dispatch` error with the pallet error's name and doc). A motion the council voted down
 * rejects with a `query` error.
 *
 * @param {Chain} chain
 * @param {KeyPair | PolkadotSigner} member
 * @param {{ hash: string, index: number }} motion
 * @returns {Promise<Outcome>}
 */
export async function close(chain, member, { hash, index }) {
  // The motion's call bounds its weight and length, as the council pallet requires.
  const proposal = await chain.api.query.Council.ProposalOf.getValue(hash, { at: "finalized" });
  if (!proposal) throw new CaduceusError("query", `no open motion ${hash}`);
  const length = (await callData(chain, proposal)).length;
  const info = await chain.api.apis.TransactionPaymentCallApi.query_call_info(proposal, length);
  const tx = chain.api.tx.Council.close({
    proposal_hash: hash,
    index,
    proposal_weight_bound: info.weight,
    length_bound: length,
  });
  const done = await chain.submit(tx, member);
  if (chain.api.event.Council.Disapproved.filter(done.events).length > 0) {
    throw new CaduceusError("query", "the council disapproved the motion");
  }
  return executed(chain, done);
}

/**
 * The SCALE encoding of a decoded call (as storage gives it).
 *
 * @param {Chain} chain
 * @param {{ type: string, value: { type: string, value: any } }} call
 * @returns {Promise<Uint8Array>}
 */
async function callData(chain, call) {
  const pallets = /** @type {Record<string, Record<string, (args: any) => Motionable>>} */ (
    /** @type {unknown} */ (chain.api.tx)
  );
  const build = pallets[call.type]?.[call.value.type];
  if (!build) throw new CaduceusError("encoding", `no call ${call.type}.${call.value.type} in the metadata`);
  return build(call.value.value).getEncodedData();
}

/**
 * The outcome of a transaction that dispatched a motion's call.
 *
 * @param {Chain} chain
 * @param {TxFinalizedPayload} done
 * @returns {Promise<Outcome>}
 */
async function executed(chain, done) {
  const { result } = chain.emitted(done, chain.api.event.Council.Executed, "Council.Executed");
  if (!result.success) throw await dispatchError(result.value);
  return { executed: true };
}
