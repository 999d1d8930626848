// The Bitcoin relay's off-chain worker on a dev node: pointed at the test Esplora server
// (`--bitcoin-esplora-url`), after governance starts the relay at mainnet block 828,576 and
// registers AntPool's P2SH payout script, the node relays the real headers up to the server's
// tip and proves block 830,000's coinbase payment to that script, all on its own, with fee-free
// transactions signed by its attestation key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { CHECKPOINT, header, blockHash, u8aToHex } from './bitcoin.mjs';
import { connectToDevNode, waitFor } from './chain.mjs';
import { startEsploraServer } from './test-servers.mjs';

const PAYOUT_BLOCK = 830_000;
const TIP = 830_010; // the server's tip: 11 confirmations for block 830,000
// AntPool's coinbase output in block 830,000: 6.48267494 BTC to 38XnPvu9PmonFU9WouPXUjYbW91wa5MerL.
const ANTPOOL = '0xa9144b09d828dfc8baaba5d04ee77397e04b1050cc7387';
const ANTPOOL_ADDRESS = '38XnPvu9PmonFU9WouPXUjYbW91wa5MerL';
// A txid shown in display order, in wire order.
const wireOrder = (display) => `0x${Buffer.from(display, 'hex').reverse().toString('hex')}`;

let esplora;
let chain;
before(async () => {
  esplora = await startEsploraServer(['--tip', String(TIP)]);
  chain = await connectToDevNode(['--bitcoin-esplora-url', esplora.url]);
});
after(async () => {
  await chain?.close();
  await esplora?.stop();
});


/** Sends `tx` signed by `signer` and resolves once it is in a block without a dispatch error. */
function sendInBlock(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, dispatchError }) => {
      if (dispatchError) reject(new Error(`dispatch failed: ${dispatchError.toString()}`));
      else if (status.isInBlock) resolve(status.asInBlock);
      else if (status.isInvalid || status.isDropped) reject(new Error(`transaction ${status.type}`));
    }).catch(reject);
  });
}

test('the worker relays real headers and proves a pool payout on its own', { timeout: 600_000 }, async () => {
  const { api } = chain;
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  // 200 EH/s: AntPool's size, so the running cap never stands in the way.
  const hashrate = 2n * 10n ** 20n;

  // Both governance calls in one block: the registration starts on the checkpoint's day, before
  // the worker has relayed anything.
  await sendInBlock(api, api.tx.sudo.sudo(api.tx.utility.batchAll([
    api.tx.btcRelay.initialize('Mainnet', u8aToHex(header(CHECKPOINT)), CHECKPOINT, []),
    api.tx.btcRelay.registerScript(ANTPOOL, hashrate),
  ])), alice);
  const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();

  // The worker relays every header up to the server's tip.
  const best = await waitFor('the relay to reach the server\'s tip', async () => {
    const found = await api.call.btcRelayApi.bestBlock();
    return found.isSome && found.unwrap()[0].toNumber() === TIP ? found.unwrap() : null;
  }, 420_000);
  assert.equal(best[1].toHex(), blockHash(header(TIP)));

  // ...and proves the coinbase of block 830,000 paying AntPool's script.
  const registration = await waitFor('AntPool\'s payout to be credited', async () => {
    const found = await api.call.btcRelayApi.registration(ANTPOOL);
    return found.isSome && found.unwrap().creditedTotal.toBigInt() > 0n ? found.unwrap() : null;
  }, 120_000);
  assert.equal(registration.creditedTotal.toBigInt(), 648_267_494n);
  // The credited output is the coinbase's output to AntPool, as the server lists it, proven in
  // block 830,000.
  const listed = await (await fetch(`${esplora.url}/address/${ANTPOOL_ADDRESS}/txs/chain`)).json();
  const coinbase = listed.find((tx) => tx.status.block_height === PAYOUT_BLOCK);
  const vout = coinbase.vout.findIndex((out) => `0x${out.scriptpubkey}` === ANTPOOL);
  assert.equal(coinbase.vout[vout].value, 648_267_494);
  const credit = await api.query.btcRelay.creditedOutputs([wireOrder(coinbase.txid), vout]);
  assert.equal(credit.isSome, true, 'the coinbase output is credited');
  assert.equal(credit.unwrap().toHex(), blockHash(header(PAYOUT_BLOCK)));

  // Everything the worker sent was fee-free and unsigned by any account: Alice sent only the
  // governance batch.
  assert.equal((await api.rpc.system.accountNextIndex(alice.address)).toNumber(), nonce);
});
