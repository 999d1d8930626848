// A Filecoin miner binds itself to a HashMix account on a dev node (one validator, whose worker
// reads the test Lotus node): //Bob asks to bind miner f01578658, gets a marker, the miner
// publishes it in its multiaddresses on Filecoin, Bob asks for the check, and the validator's
// round confirms it from Lotus's StateMinerInfo at the question epoch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { connectToDevNode, sendAndFinalize, waitFor } from './chain.mjs';
import { startLotusServer } from './test-servers.mjs';

const MINER = 1578658;
/** A round takes a commit and a reveal period of ten blocks each, then closes. */
const ROUND_MS = 4 * 60_000;

let lotus;
let chain;

before(async () => {
  lotus = await startLotusServer();
  chain = await connectToDevNode(['--filecoin-lotus-url', lotus.url]);
});

after(async () => {
  await chain?.close();
  await lotus?.stop();
});

/** The events of `section.method` in a finalized transaction's result. */
const eventsOf = (result, section, method) =>
  result.events.filter(({ event }) => event.section === section && event.method === method).map(({ event }) => event);

test('a miner publishes its marker on Filecoin and the validators bind it to its account', async () => {
  const { api } = chain;
  const keyring = new Keyring({ type: 'sr25519' });
  const [alice, bob] = ['//Alice', '//Bob'].map((uri) => keyring.addFromUri(uri));

  // Alice's worker declares Filecoin once it sees the endpoint.
  await waitFor('Alice to declare Filecoin', async () => {
    const record = await api.query.validators.records(alice.address);
    return record.isSome && record.unwrap().declared.isSome && record.unwrap().declared.unwrap()[1].filecoin.isTrue;
  }, 120_000);

  // Bob asks for a marker.
  const requested = await sendAndFinalize(api, api.tx.filecoinOracle.requestBinding(MINER), bob);
  const [event] = eventsOf(requested, 'filecoinOracle', 'BindingRequested');
  assert.equal(event.data.who.toString(), bob.address);
  const info = (await api.call.filecoinOracleApi.bindingRequest(MINER, bob.address)).unwrap();
  const marker = Buffer.from(info.marker.toU8a(true)).toString('utf8');
  assert.match(marker, /^hashmix-[0-9a-f]{20}$/);
  assert.equal(marker.slice(8), Buffer.from(event.data.marker.toU8a()).toString('hex'));

  // The miner's ChangeMultiaddrs lands on Filecoin before the epoch the check will ask about.
  const epoch = (await api.call.filecoinOracleApi.questionEpoch()).unwrap().toNumber();
  await lotus.call('HashMix.SetMultiaddrs', [`f0${MINER}`, ['/ip4/203.0.113.7/tcp/24001', `/dns4/${marker}/tcp/1`], epoch - 10]);

  const confirmed = await sendAndFinalize(api, api.tx.filecoinOracle.confirmBinding(MINER), bob);
  const [opened] = eventsOf(confirmed, 'filecoinOracle', 'BindingRoundOpened');
  const round = opened.data.round.toNumber();
  assert.ok(opened.data.epoch.toNumber() >= epoch);

  // The validator's worker answers from Lotus; the round agrees; the miner is bound.
  const bound = await waitFor('the binding', async () => {
    const account = await api.call.filecoinOracleApi.boundAccount(MINER);
    return account.isSome ? account.unwrap().toString() : null;
  }, ROUND_MS);
  assert.equal(bound, bob.address);
  assert.deepEqual((await api.call.filecoinOracleApi.minersOf(bob.address)).map((m) => m.toNumber()), [MINER]);
  assert.equal((await api.call.filecoinOracleApi.bindingRequest(MINER, bob.address)).isNone, true);
  // The round's agreed fact is stored: the marker was found, with the miner's owner and worker.
  const fact = await api.call.filecoinOracleApi.fact({ miner: MINER, epoch: opened.data.epoch, query: { Marker: event.data.marker } });
  assert.equal(fact.unwrap().asMarker.found.isTrue, true);
  const record = (await api.query.validators.records(alice.address)).unwrap();
  assert.ok(record.agreed.toNumber() >= 1, 'Alice agreed in the round');
  assert.ok(round >= 0);
});
