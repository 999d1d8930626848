// Starts the 4-validator local testnet (Alice, Bob, Charlie, Dave) with scripts/testnet.sh for a
// test, on ports of its own, lets more validator nodes join, and stops it all afterwards.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'node:net';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { nodeBinary } from './dev-node.mjs';

export { waitFor } from './chain.mjs';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'testnet.sh');
const NAMES = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'];

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** A port offset whose p2p, RPC and Prometheus ports are all free for six nodes. */
async function freeOffset() {
  for (let offset = 2000; offset < 20000; offset += 100) {
    const ports = [30333, 9944, 9615].flatMap((base) => NAMES.map((_, i) => base + offset + i));
    const used = await Promise.all(ports.map(portInUse));
    if (!used.some(Boolean)) return offset;
  }
  throw new Error('no free port range for the testnet');
}


/** Starts the local testnet; `rpcUrl(name)` is each node's WebSocket URL. */
export async function startLocalTestnet() {
  await cryptoWaitReady();
  const dir = mkdtempSync(join(tmpdir(), 'hashmix-testnet-'));
  const env = { ...process.env, TESTNET_DIR: dir, TESTNET_PORT_OFFSET: String(await freeOffset()), HASHMIX_NODE: nodeBinary() };
  const run = (...args) => execFileSync('bash', [script, ...args], { env, encoding: 'utf8' });
  run('start', 'local');
  const offset = Number(env.TESTNET_PORT_OFFSET);
  const apis = [];
  const testnet = {
    dir,
    rpcUrl: (name) => `ws://127.0.0.1:${9944 + offset + NAMES.indexOf(name)}`,
    /** Starts one more validator node (`eve` or `ferdie`), without keys. */
    join: (name) => run('join', name),
    /** Connects Polkadot.js to the node of `name`, waiting for it to answer. */
    async connect(name) {
      const provider = new WsProvider(testnet.rpcUrl(name), 1000);
      const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: false });
      await api.isReady;
      apis.push(api);
      return api;
    },
    async stop() {
      await Promise.all(apis.map((api) => api.disconnect()));
      run('stop');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return testnet;
}
