// A validator's off-chain worker declares on chain, with a fee-free heartbeat signed by its
// attestation key, the evidence sources its node has endpoints for (`--filecoin-lotus-url`);
// the record and the runtime API show it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { useDevNode, waitFor } from './chain.mjs';

const chain = useDevNode(['--filecoin-lotus-url', 'http://127.0.0.1:1/rpc/v1']);


test('the worker of a node with a Lotus endpoint declares Filecoin for the session', async () => {
  const { api } = chain;
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');

  const record = await waitFor('Alice\'s declaration', async () => {
    const found = await api.query.validators.records(alice.address);
    return found.isSome && found.unwrap().declared.isSome ? found.unwrap() : null;
  }, 60_000);
  const [session, sources] = record.declared.unwrap();
  assert.equal(session.toNumber(), (await api.query.session.currentIndex()).toNumber());
  assert.deepEqual(sources.toJSON(), { bitcoin: false, filecoin: true });

  // The heartbeat was an authorized transaction: no fee, from no account.
  const nonce = await api.rpc.system.accountNextIndex(alice.address);
  assert.equal(nonce.toNumber(), 0, 'Alice signed nothing');

  // The runtime API shows the same record, and Alice's bond.
  const viaApi = await api.call.validatorsApi.record(alice.address);
  assert.deepEqual(viaApi.unwrap().declared.toJSON(), record.declared.toJSON());
  const bond = await api.call.validatorsApi.bond(alice.address);
  assert.equal(bond.unwrap().active.toBigInt(), 10_000n * 10n ** 12n);
  assert.equal(bond.unwrap().candidate.isTrue, true);
  const validators = await api.call.validatorsApi.validators();
  assert.deepEqual(validators.map(([who]) => who.toString()), [alice.address]);
});
