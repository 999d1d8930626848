// How an operator registers a validator's session keys in this release: the node generates the
// Aura, GRANDPA and attestation keys with a proof of possession bound to the validator's account
// (`author_rotateKeysWithOwner`), and the account submits `session.setKeys(keys, proof)`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { decodeAddress } from '@polkadot/util-crypto';
import { useDevNode, sendAndFinalize, HSM } from './chain.mjs';

const chain = useDevNode();

/** `author_rotateKeysWithOwner` on the node: new keys in its keystore, bound to `account`. */
async function rotateKeysFor(account) {
  const owner = `0x${Buffer.from(decodeAddress(account.address)).toString('hex')}`;
  const generated = await chain.provider.send('author_rotateKeysWithOwner', [owner]);
  assert.ok(generated.keys && generated.proof, 'the node returns keys and a proof');
  return generated;
}

test('keys rotated on the node and set with their proof are registered for the account', async () => {
  const { api } = chain;
  const keyring = new Keyring({ type: 'sr25519' });
  const bob = keyring.addFromUri('//Bob');
  const { keys, proof } = await rotateKeysFor(bob);

  // Aura (32 bytes) + GRANDPA (32) + attestation (32), and the node holds all three private keys.
  assert.equal(keys.length, 2 + 3 * 64);
  assert.equal((await api.rpc.author.hasSessionKeys(keys)).isTrue, true);

  const { events } = await sendAndFinalize(api, api.tx.session.setKeys(keys, proof), bob);
  assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)));

  const next = await api.query.session.nextKeys(bob.address);
  assert.ok(next.isSome, 'Bob has next keys');
  assert.equal(next.unwrap().toHex(), keys);
  const [aura, grandpa, attestation] = [2, 66, 130].map((at) => `0x${keys.slice(at, at + 64)}`);
  assert.equal(next.unwrap().aura.toHex(), aura);
  assert.equal(next.unwrap().grandpa.toHex(), grandpa);
  assert.equal(next.unwrap().attestation.toHex(), attestation);
  assert.equal((await api.query.session.keyOwner(['0x686d6174', attestation])).toString(), bob.address,
    'the attestation key (hmat) is owned by Bob');

  // Registering keys holds the 1 HSM key deposit.
  const holds = await api.query.balances.holds(bob.address);
  const keyHold = holds.find((h) => JSON.stringify(h.id.toJSON()) === JSON.stringify({ session: 'Keys' }));
  assert.ok(keyHold, `a session key hold in ${JSON.stringify(holds.toJSON())}`);
  assert.equal(keyHold.amount.toBigInt(), 1n * HSM);
});

test('keys whose proof names another account are refused', async () => {
  const { api } = chain;
  const keyring = new Keyring({ type: 'sr25519' });
  const charlie = keyring.addFromUri('//Charlie');
  const dave = keyring.addFromUri('//Dave');
  const { keys, proof } = await rotateKeysFor(dave);

  await assert.rejects(sendAndFinalize(api, api.tx.session.setKeys(keys, proof), charlie),
    /dispatch failed: session\.InvalidProof/);
  assert.ok((await api.query.session.nextKeys(charlie.address)).isNone);
});
