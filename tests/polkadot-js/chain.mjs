// Connecting Polkadot.js to a dev node started for the test, and sending transactions the way a
// wallet does: sign, submit, and wait for finalization.
import { before, after } from 'node:test';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevNode } from './dev-node.mjs';

/** One HSM in its smallest unit (12 decimals). */
export const HSM = 10n ** 12n;

/** Starts a dev node (extra `args`) and connects to it; `close()` disconnects and stops it. */
export async function connectToDevNode(args = []) {
  await cryptoWaitReady();
  const node = await startDevNode(args);
  const provider = new WsProvider(node.wsUrl);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  return {
    api,
    provider,
    async close() {
      await api.disconnect();
      await node.stop();
    },
  };
}

/**
 * For a test file: starts a dev node before its tests and stops it after them. The returned
 * object gets `api`, `provider` and `close` once the node is up.
 */
export function useDevNode(args = []) {
  const chain = {};
  before(async () => { Object.assign(chain, await connectToDevNode(args)); });
  after(async () => { await chain.close?.(); });
  return chain;
}

/** Waits until `check()` returns a truthy value, polling every `everyMs`; returns that value. */
export async function waitFor(what, check, timeoutMs, everyMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `section.Name` of a failed dispatch, as wallets show it. */
function describe(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  return dispatchError.toString();
}

/**
 * Signs and sends `tx` as `signer`; resolves with the finalized block's hash and the
 * transaction's events, or rejects with `dispatch failed: section.Error`.
 */
export function sendAndFinalize(api, tx, signer) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    const done = (settle, value) => { unsubscribe?.(); settle(value); };
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        done(reject, new Error(`dispatch failed: ${describe(api, dispatchError)}`));
      } else if (status.isFinalized) {
        done(resolve, { blockHash: status.asFinalized, events });
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        done(reject, new Error(`transaction ${status.type}`));
      }
    }).then((u) => { unsubscribe = u; }, reject);
  });
}
