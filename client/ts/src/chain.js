// One connection to a Caduceus node, through polkadot-api and the descriptors generated offline
// from `client/metadata/caduceus.scale`.

import { InvalidTxError, createClient, getTypedCodecs } from "polkadot-api";
import { getWsProvider } from "polkadot-api/ws";
import { decAnyMetadata, unifyMetadata } from "@polkadot-api/substrate-bindings";
import { caduceus } from "../.papi/descriptors/dist/index.js";
import { CaduceusError, refusalReason, show } from "./errors.js";

export { caduceus };

/** @typedef {typeof caduceus} CaduceusDescriptors */
/** @typedef {import("polkadot-api").TypedApi<CaduceusDescriptors>} CaduceusApi */
/** @typedef {import("polkadot-api").PolkadotSigner} PolkadotSigner */
/** @typedef {import("polkadot-api").TxFinalizedPayload} TxFinalizedPayload */

/** @type {Promise<Awaited<ReturnType<typeof getTypedCodecs<CaduceusDescriptors>>>> | undefined} */
let codecs;

/**
 * The chain's codecs (every call, event, storage item, runtime API and view function), built
 * from the generated descriptors: no node needed.
 *
 * @returns {ReturnType<typeof getTypedCodecs<CaduceusDescriptors>>}
 */
export function typedCodecs() {
  return (codecs ??= getTypedCodecs(caduceus));
}

/** @type {Promise<ReturnType<typeof unifyMetadata>> | undefined} */
let metadata;

/**
 * The metadata the descriptors were generated from, decoded.
 *
 * @returns {Promise<ReturnType<typeof unifyMetadata>>}
 */
export function descriptorsMetadata() {
  return (metadata ??= caduceus
    .getMetadata()
    .then((/** @type {Uint8Array} */ bytes) => unifyMetadata(decAnyMetadata(bytes))));
}

/**
 * The documentation of pallet error `pallet.error` in the metadata, one line.
 *
 * @param {string} pallet
 * @param {string} error
 */
export async function errorDoc(pallet, error) {
  const meta = await descriptorsMetadata();
  const p = meta.pallets.find((x) => x.name === pallet);
  if (p?.errors === undefined) return "";
  const def = meta.lookup[p.errors.type]?.def;
  if (def?.tag !== "variant") return "";
  const v = def.value.find((x) => x.name === error);
  return (v?.docs ?? []).join(" ").replace(/\s+/g, " ").trim();
}

/**
 * @typedef {object} ConnectOptions
 * @property {typeof globalThis.WebSocket} [WebSocket] the WebSocket class; defaults to the
 *   global one (browsers, Node 22+; Node 20 needs `--experimental-websocket` or the `ws` package's)
 * @property {number} [timeoutMs] how long to wait for the node (default 20 s)
 */

/**
 * Connects to the node at `url` (`ws://` or `wss://`).
 *
 * @param {string} url
 * @param {ConnectOptions} [options]
 * @returns {Promise<Chain>}
 */
export async function connect(url, options = {}) {
  /** @param {string} reason @param {unknown} [cause] */
  const refused = (reason, cause) => new CaduceusError("connect", `cannot connect to ${url}: ${reason}`, { cause });
  if (!/^wss?:\/\//.test(url)) throw refused("the URL must start with ws:// or wss://");
  const websocketClass = options.WebSocket ?? globalThis.WebSocket;
  if (!websocketClass) {
    throw refused(
      "this JavaScript runtime has no WebSocket: pass { WebSocket } (from the `ws` package) or run Node with --experimental-websocket",
    );
  }
  const client = createClient(getWsProvider(url, { websocketClass }));
  const timeoutMs = options.timeoutMs ?? 20_000;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  try {
    const spec = await Promise.race([
      client.getChainSpecData(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(refused(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    return new Chain(client, url, /** @type {any} */ (spec).genesisHash);
  } catch (e) {
    client.destroy();
    throw e instanceof CaduceusError ? e : refused(/** @type {Error} */ (e).message, e);
  } finally {
    clearTimeout(timer);
  }
}

/** A connection to a node, and what it tells of its chain. */
export class Chain {
  /**
   * @param {import("polkadot-api").PolkadotClient} client
   * @param {string} url
   * @param {string} genesisHash
   */
  constructor(client, url, genesisHash) {
    /** The polkadot-api client, for what the helpers do not cover. */
    this.client = client;
    /** The typed API of the chain (calls, storage, runtime APIs, view functions). */
    this.api = client.getTypedApi(caduceus);
    /** The node's URL. */
    this.url = url;
    /** The chain's genesis hash: what wallet-signed payloads name to be good on this chain only. */
    this.genesisHash = genesisHash;
  }

  /** The last finalized block (`{ hash, number, parent }`). */
  finalized() {
    return this.client.getFinalizedBlock();
  }

  /** The chain's clock: the last finalized block's time, in milliseconds since the epoch. */
  async now() {
    return this.api.query.Timestamp.Now.getValue({ at: "finalized" });
  }

  /**
   * Signs `tx` with `signer`, submits it and waits until it is in a finalized block. Resolves
   * only when it succeeded; a refusal by the pool rejects with a `refused` error, a failed
   * dispatch with a `dispatch` error that names the pallet's error and its doc.
   *
   * @param {{ signAndSubmit: (from: PolkadotSigner) => Promise<TxFinalizedPayload> }} tx
   * @param {PolkadotSigner | { signer: PolkadotSigner }} signer
   * @returns {Promise<TxFinalizedPayload>}
   */
  async submit(tx, signer) {
    const from = "signer" in signer ? signer.signer : signer;
    let done;
    try {
      done = await tx.signAndSubmit(from);
    } catch (e) {
      if (e instanceof InvalidTxError) {
        throw new CaduceusError("refused", `refused by the transaction pool: ${refusalReason(e.error)}`, {
          cause: e,
          details: e.error,
        });
      }
      throw new CaduceusError("other", /** @type {Error} */ (e).message, { cause: e });
    }
    if (!done.ok) throw await dispatchError(done.dispatchError);
    return done;
  }

  /**
   * The payload of the first event of `kind` that transaction `done` emitted; an `other` error
   * naming it if there is none (the runtime and this client disagree).
   *
   * @template T
   * @param {TxFinalizedPayload} done
   * @param {{ filter: (events: any) => { payload: T }[] }} kind `chain.api.event.Claims.PlanDefined`
   * @param {string} name `Claims.PlanDefined`, for the error
   * @returns {T}
   */
  emitted(done, kind, name) {
    const [found] = kind.filter(done.events);
    if (!found) throw new CaduceusError("other", `the transaction succeeded but emitted no ${name}`);
    return found.payload;
  }

  /**
   * Answers a view function whose answer is a `Result`: its `Ok` value, or a `query` error
   * naming the `Err`.
   *
   * @param {string} name `Pallet.function`, for the error
   * @param {Promise<{ success: boolean, value: any }>} answer
   * @returns {Promise<any>}
   */
  async ok(name, answer) {
    const result = await answer;
    if (!result.success) {
      throw new CaduceusError("query", `${name}: ${result.value?.type ?? show(result.value)}`, {
        details: result.value,
      });
    }
    return result.value;
  }

  /** Closes the connection. */
  destroy() {
    this.client.destroy();
  }
}

/**
 * A dispatch error as polkadot-api gives it, by pallet error name and doc where it is a pallet's.
 *
 * @param {{ type: string, value: any }} error
 */
export async function dispatchError(error) {
  if (error.type === "Module" && error.value?.type && error.value.value?.type) {
    const pallet = error.value.type;
    const name = error.value.value.type;
    const doc = await errorDoc(pallet, name).catch(() => "");
    return new CaduceusError("dispatch", `${pallet}.${name}${doc ? `: ${doc}` : ""}`, {
      pallet,
      error: name,
      doc,
      details: error,
    });
  }
  return new CaduceusError("dispatch", `the transaction failed: ${show(error)}`, { details: error });
}
