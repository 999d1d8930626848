// The Bitcoin relay through Polkadot.js: governance starts it at a real mainnet checkpoint, anyone
// submits real headers, a forged one is refused, and the runtime API answers what a miner and a
// buyer ask (best block, confirmations, the day's difficulty and expected payout, registrations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { CHECKPOINT, header, blockHash, u8aToHex } from './bitcoin.mjs';
import { useDevNode, sendAndFinalize } from './chain.mjs';

const chain = useDevNode();

test('the relay follows real mainnet headers and answers through its runtime API', async () => {
  const { api } = chain;
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');

  assert.equal((await api.call.btcRelayApi.bestBlock()).isNone, true);
  await sendAndFinalize(api, api.tx.sudo.sudo(
    api.tx.btcRelay.initialize('Mainnet', u8aToHex(header(CHECKPOINT)), CHECKPOINT, []),
  ), alice);

  const batch = [];
  for (let h = CHECKPOINT + 1; h <= CHECKPOINT + 64; h += 1) batch.push(u8aToHex(header(h)));
  const { events } = await sendAndFinalize(api, api.tx.btcRelay.submitHeaders(batch), bob);
  const stored = events.find(({ event }) => api.events.btcRelay.HeadersStored.is(event));
  assert.ok(stored, 'HeadersStored emitted');
  assert.equal(stored.event.data.height.toNumber(), CHECKPOINT + 64);

  const best = (await api.call.btcRelayApi.bestBlock()).unwrap();
  assert.equal(best[0].toNumber(), CHECKPOINT + 64);
  assert.equal(best[1].toHex(), blockHash(header(CHECKPOINT + 64)));
  const checkpointConfirmations = await api.call.btcRelayApi.confirmations(blockHash(header(CHECKPOINT)));
  assert.equal(checkpointConfirmations.toNumber(), 65);

  // A header with a changed nonce has no proof of work.
  const forged = Uint8Array.from(header(CHECKPOINT + 65));
  forged[76] ^= 1;
  await assert.rejects(
    sendAndFinalize(api, api.tx.btcRelay.submitHeaders([u8aToHex(forged)]), bob),
    /btcRelay\.InsufficientWork/,
  );

  // The day's difficulty and a 1 PH/s expectation: 166,524 sat a day in February 2024
  // (difficulty 75.5 T, 6.25 BTC subsidy), rounded up.
  const day = (await api.call.btcRelayApi.currentDay()).unwrap().toNumber();
  const status = (await api.call.btcRelayApi.day(day)).unwrap();
  assert.equal(status.subsidy.toBigInt(), 625_000_000n);
  assert.equal(status.difficulty.toBigInt(), 75_502_165_623_893n);
  assert.equal(status.settled.isTrue, false);
  // The stored day decodes in Polkadot.js too (its 512-bit sums are plain u64 limbs).
  const storedDay = (await api.query.btcRelay.days(day)).unwrap();
  assert.equal(storedDay.subsidy.toBigInt(), 625_000_000n);
  assert.equal(storedDay.feePpm.isNone, true);
  const expected = (await api.call.btcRelayApi.expectedPayout(10n ** 15n, day)).unwrap().toBigInt();
  assert.equal(expected, 166_524n);

  // Governance registers a destination; the API shows its registration and cap.
  const script = `0x5120${'11'.repeat(32)}`; // a Taproot output
  await sendAndFinalize(api, api.tx.sudo.sudo(api.tx.btcRelay.registerScript(script, 10n ** 15n)), alice);
  const registration = (await api.call.btcRelayApi.registration(script)).unwrap();
  assert.equal(registration.id.toNumber(), 0);
  assert.equal(registration.startDay.toNumber(), day);
  assert.equal(registration.creditedTotal.toBigInt(), 0n);
  assert.equal((await api.call.btcRelayApi.credited(0, day)).toBigInt(), 0n);
});
