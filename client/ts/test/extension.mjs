// A stand-in for the polkadot.js browser extension's signer, as a web page sees it after
// `web3Enable`: `signer.signRaw({ address, data, type: "bytes" })` signs what
// @polkadot/extension-base's `RequestBytesSign.sign` signs, `u8aWrapBytes(data)` (the real
// function from @polkadot/util), with the account's sr25519 key, and answers `{ id, signature }`.

import { hexToU8a, u8aToHex, u8aWrapBytes } from "@polkadot/util";

/**
 * @param {import("../src/keys.js").KeyPair[]} accounts the keys the extension holds
 */
export function fakeExtension(accounts) {
  let id = 0;
  /** @type {{ address: string, data: string, type: string }[]} */
  const requests = [];
  return {
    requests,
    accounts: { get: async () => accounts.map((a) => ({ address: a.address, type: "sr25519" })) },
    signer: {
      /** @param {{ address: string, data: string, type: string }} raw */
      async signRaw(raw) {
        requests.push(raw);
        const pair = accounts.find((a) => a.address === raw.address);
        if (!pair) throw new Error(`Unable to find account ${raw.address}`);
        if (raw.type !== "bytes") throw new Error("only bytes");
        return { id: ++id, signature: u8aToHex(pair.sign(u8aWrapBytes(hexToU8a(raw.data)))) };
      },
    },
  };
}
