// Validator staking on a real 4-validator network (Alice, Bob, Charlie, Dave; sessions of ten
// blocks): a fifth operator (Eve) starts a node, generates its session keys there, bonds and sets
// the keys with their proof, and becomes a block author at a session change; a validator that
// unbonds leaves the set; and the set never shrinks below MinValidators (4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { decodeAddress } from '@polkadot/util-crypto';
import { sendAndFinalize, HSM } from './chain.mjs';
import { startLocalTestnet, waitFor } from './testnet.mjs';

/** The minimum validator bond of the runtime: 10,000 HSM. */
const MIN_BOND = 10_000n * HSM;
/** Two session changes (a new validator is planned at one and validates from the next) and slack. */
const TWO_SESSIONS_MS = 4 * 60_000;

let testnet;
let api;
let eveApi;
const keyring = new Keyring({ type: 'sr25519' });

before(async () => {
  testnet = await startLocalTestnet();
  api = await testnet.connect('alice');
});

after(async () => { await testnet?.stop(); });

async function validators(at) {
  const set = at ? await api.query.session.validators.at(at) : await api.query.session.validators();
  return set.map((v) => v.toString());
}

/** Addresses in a canonical order, to compare sets (the session orders by bond, then account id). */
const sorted = (addresses) => [...addresses].sort();

/** The author of block `hash`: the Aura slot in its digest, modulo the session's validators. */
async function authorOf(hash) {
  const header = await api.rpc.chain.getHeader(hash);
  const preRuntime = header.digest.logs.find((log) => log.isPreRuntime && log.asPreRuntime[0].toString() === 'aura');
  assert.ok(preRuntime, 'an Aura block carries its slot');
  const slot = api.createType('u64', preRuntime.asPreRuntime[1]).toBigInt();
  const set = await validators(header.parentHash);
  return set[Number(slot % BigInt(set.length))];
}

test('a fifth validator bonds, sets keys with their proof, and authors blocks; one that unbonds leaves', async () => {
  const [alice, bob, charlie, dave, eve] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve'].map((s) => keyring.addFromUri(s));
  assert.deepEqual(sorted(await validators()), sorted([alice, bob, charlie, dave].map((a) => a.address)));

  // Eve's node: started without keys; the keys are generated in its keystore, bound to Eve.
  testnet.join('eve');
  eveApi = await testnet.connect('eve');
  const owner = `0x${Buffer.from(decodeAddress(eve.address)).toString('hex')}`;
  const { keys, proof } = await eveApi.rpc.author.rotateKeysWithOwner
    ? await eveApi.rpc.author.rotateKeysWithOwner(owner)
    : await eveApi._rpcCore.provider.send('author_rotateKeysWithOwner', [owner]);
  assert.equal((await eveApi.rpc.author.hasSessionKeys(keys)).isTrue, true);

  // Eve bonds twice the minimum (the largest bond), and sets the keys with the proof.
  const bonded = await sendAndFinalize(api, api.tx.validators.bond(2n * MIN_BOND), eve);
  assert.ok(bonded.events.some(({ event }) => api.events.validators.Bonded.is(event)
    && event.data.who.toString() === eve.address && event.data.amount.toBigInt() === 2n * MIN_BOND));
  await sendAndFinalize(api, api.tx.session.setKeys(keys, proof), eve);
  assert.equal((await api.query.validators.ledgers(eve.address)).unwrap().active.toBigInt(), 2n * MIN_BOND);

  // Dave unbonds everything: he stops being a candidate.
  const unbonded = await sendAndFinalize(api, api.tx.validators.unbond(MIN_BOND), dave);
  assert.ok(unbonded.events.some(({ event }) => api.events.validators.Chilled.is(event)
    && event.data.who.toString() === dave.address));

  // Within two session changes: Eve in (first, by bond), Dave out.
  await waitFor('Eve in the set and Dave out', async () => {
    const set = await validators();
    return set.includes(eve.address) && !set.includes(dave.address);
  }, TWO_SESSIONS_MS);
  const set = await validators();
  assert.equal(set[0], eve.address, 'the largest bond comes first');
  assert.deepEqual(sorted(set), sorted([eve, alice, bob, charlie].map((a) => a.address)));
  const aura = await api.query.aura.authorities();
  assert.equal(aura.length, 4, 'Aura authorities follow the set');

  // Eve's node authors finalized blocks.
  const authored = await waitFor('a finalized block authored by Eve', async () => {
    const head = await api.rpc.chain.getFinalizedHead();
    return (await authorOf(head)) === eve.address ? head : null;
  }, 2 * 60_000, 3000);
  assert.ok(authored);
});

test('the set is kept when fewer than MinValidators candidates are eligible', async () => {
  const charlie = keyring.addFromUri('//Charlie');
  const before = await validators();
  assert.equal(before.length, 4);

  // Charlie leaves too: Alice, Bob and Eve are three eligible candidates, fewer than four.
  await sendAndFinalize(api, api.tx.validators.unbond(MIN_BOND), charlie);
  const kept = await waitFor('a ValidatorSetKept event', async () => {
    const hash = await api.rpc.chain.getFinalizedHead();
    const events = await api.query.system.events.at(hash);
    return events.find(({ event }) => api.events.validators.ValidatorSetKept.is(event));
  }, TWO_SESSIONS_MS, 1000);
  assert.equal(kept.event.data.eligible.toNumber(), 3);

  // The next session starts with the same four validators, Charlie included, and blocks keep
  // being finalized.
  const session = (await api.query.session.currentIndex()).toNumber();
  await waitFor('the next session', async () => (await api.query.session.currentIndex()).toNumber() > session, TWO_SESSIONS_MS);
  assert.deepEqual(await validators(), before);
  const finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  await waitFor('finality to move on', async () =>
    (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber() > finalized + 2, 60_000);
});
