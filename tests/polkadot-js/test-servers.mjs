// Starts the test servers (binaries of the hashmix-tests crate) for a test, and stops them
// afterwards: `esplora-server` (Bitcoin, Esplora REST, the repository's mainnet data) and
// `lotus-server` (Filecoin, Lotus JSON-RPC, real-shaped mainnet miner state).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The binary `name`: $HASHMIX_<NAME> (e.g. HASHMIX_ESPLORA_SERVER), else the debug build in the shared target dir. */
export function serverBinary(name) {
  const explicit = process.env[`HASHMIX_${name.toUpperCase().replace('-', '_')}`];
  if (explicit) return explicit;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'hashmix', 'target');
  return join(target, 'debug', name);
}

/** Starts server `name` with `args`; resolves with its URL once it listens, and `stop()`. */
async function startServer(name, args) {
  const binary = serverBinary(name);
  if (!existsSync(binary)) {
    throw new Error(`no ${name} at ${binary}: build it with 'cargo build -p hashmix-tests --bin ${name}'`);
  }
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) resolve(match[1]); else reject(new Error(`unexpected output: ${line}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** The test Esplora server with `args` (e.g. `['--tip', '830010']`). */
export function startEsploraServer(args = []) {
  return startServer('esplora-server', args);
}

/**
 * The test Lotus node with `args` (`--lie`, `--stall`, `--garbage`). `call(method, params)`
 * calls it over JSON-RPC as a node's worker does, including its test methods
 * (`HashMix.SetMultiaddrs`, `HashMix.SetBehaviour`).
 */
export async function startLotusServer(args = []) {
  const server = await startServer('lotus-server', args);
  let id = 0;
  server.call = async (method, params) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    const body = await response.json();
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  return server;
}
