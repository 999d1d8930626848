// Filecoin evidence on a real 4-validator network (Alice, Bob, Charlie, Dave; sessions of ten
// blocks), each validator's worker reading its own test Lotus node. First Charlie's and Dave's
// nodes lie about the miner's beneficiary: two liars of four leave no quorum, and nobody is
// slashed. Then Charlie's node tells the truth again: the round agrees on the truth and only Dave
// is slashed, once the slash deferral has passed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { stringToHex, u8aToHex } from '@polkadot/util';
import { xxhashAsHex } from '@polkadot/util-crypto';
import { sendAndFinalize } from './chain.mjs';
import { startLocalTestnet, waitFor } from './testnet.mjs';
import { startLotusServer } from './test-servers.mjs';

const MINER = 1578658;
const NAMES = ['alice', 'bob', 'charlie', 'dave'];
/** A round (ten blocks to commit, ten to reveal) and slack. */
const ROUND_MS = 4 * 60_000;

let testnet;
let api;
const servers = {};

before(async () => {
  for (const name of NAMES) servers[name] = await startLotusServer(['charlie', 'dave'].includes(name) ? ['--lie'] : []);
  testnet = await startLocalTestnet();
  // Each operator points its node at its own Lotus node through the node's RPC (the same
  // off-chain storage entry `--filecoin-lotus-url` writes).
  for (const name of NAMES) {
    const nodeApi = await testnet.connect(name);
    await nodeApi.rpc.offchain.localStorageSet('PERSISTENT', stringToHex('hashmix::filecoin-lotus-url'), stringToHex(servers[name].url));
  }
  api = await testnet.connect('alice');
});

after(async () => {
  await testnet?.stop();
  for (const server of Object.values(servers)) await server.stop();
});

const keyring = new Keyring({ type: 'sr25519' });
const [alice, bob, charlie, dave] = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((uri) => keyring.addFromUri(uri));

/** Runs a MinerInfo round asked by Alice; resolves with its id and the RoundClosed outcome. */
async function minerInfoRound() {
  const asked = await sendAndFinalize(api, api.tx.filecoinOracle.ask(MINER, 'MinerInfo'), alice);
  const event = asked.events.map(({ event }) => event).find((event) => api.events.filecoinOracle.QuestionAsked.is(event));
  const round = event.data.round.toNumber();
  const closed = await waitFor(`round ${round} to close`, async () => {
    const hash = await api.rpc.chain.getFinalizedHead();
    const events = await api.query.system.events.at(hash);
    return events.map(({ event }) => event)
      .find((e) => api.events.validators.RoundClosed.is(e) && e.data.round.toNumber() === round);
  }, ROUND_MS, 1000);
  return { round, question: event.data.question, outcome: closed.data.outcome };
}

const slashedEvents = async (from, to) => {
  const found = [];
  for (let n = from; n <= to; n += 1) {
    const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(n));
    for (const { event } of events) {
      if (api.events.validators.SlashDeferred.is(event) || api.events.validators.Slashed.is(event)) {
        found.push({ method: event.method, who: event.data.who.toString() });
      }
    }
  }
  return found;
};

test('two liars of four leave no quorum; a lone liar is slashed after the deferral', async () => {
  // Every validator declares Filecoin for the session.
  await waitFor('four Filecoin attesters', async () => {
    const records = await Promise.all([alice, bob, charlie, dave].map((v) => api.query.validators.records(v.address)));
    return records.every((r) => r.isSome && r.unwrap().declared.isSome && r.unwrap().declared.unwrap()[1].filecoin.isTrue);
  }, 3 * 60_000);
  // Governance shortens the slash deferral from a day of sessions to one session.
  const deferKey = xxhashAsHex(':SlashDeferSessions:', 128);
  const one = u8aToHex(api.createType('u32', 1).toU8a());
  await sendAndFinalize(api, api.tx.sudo.sudo(api.tx.system.setStorage([[deferKey, one]])), alice);
  const bonds = Object.fromEntries(await Promise.all([alice, bob, charlie, dave].map(async (v) =>
    [v.address, (await api.query.validators.ledgers(v.address)).unwrap().active.toBigInt()])));
  const bondOf = async (v) => (await api.query.validators.ledgers(v.address)).unwrap().active.toBigInt();

  // Charlie and Dave lie: half the bond each way, no quorum, nothing stored, nobody slashed.
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  const split = await minerInfoRound();
  assert.ok(split.outcome.isNoQuorum, `no quorum: ${split.outcome.toString()}`);
  assert.equal((await api.call.filecoinOracleApi.fact(split.question)).isNone, true);
  for (const v of [charlie, dave]) {
    assert.equal((await api.query.validators.records(v.address)).unwrap().wrong.toNumber(), 0);
  }

  // Charlie's node tells the truth again; Dave alone lies.
  await servers.charlie.call('HashMix.SetBehaviour', ['honest']);
  const agreed = await minerInfoRound();
  assert.ok(agreed.outcome.isAgreed, `agreed: ${agreed.outcome.toString()}`);
  // The agreed beneficiary is the owner (the truth), not Dave's.
  const fact = (await api.call.filecoinOracleApi.fact(agreed.question)).unwrap().asMinerInfo;
  assert.equal(u8aToHex(fact.beneficiary), u8aToHex(fact.owner));
  assert.equal((await api.query.validators.records(dave.address)).unwrap().wrong.toNumber(), 1);
  assert.equal((await api.query.validators.records(charlie.address)).unwrap().agreed.toNumber(), 1);

  // Dave's slash lands a session later; nobody else's, ever.
  await waitFor('Dave slashed', async () => (await bondOf(dave)) < bonds[dave.address], 3 * 60_000);
  assert.equal(await bondOf(dave), bonds[dave.address] - bonds[dave.address] / 10n, 'a wrong answer costs 10%');
  for (const honest of [alice, bob, charlie]) assert.equal(await bondOf(honest), bonds[honest.address]);
  // The events up to the block the query saw the slash in (the best block).
  const now = (await api.rpc.chain.getHeader()).number.toNumber();
  const slashes = await slashedEvents(start, now);
  assert.deepEqual([...new Set(slashes.map((s) => s.who))], [dave.address]);
  assert.deepEqual([...new Set(slashes.map((s) => s.method))].sort(), ['SlashDeferred', 'Slashed']);
});
