// Starts a `hashmix-node --dev` process on free local ports for a test, and stops it afterwards.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';

/** The node binary: $HASHMIX_NODE, else the debug build in the shared target directory. */
export function nodeBinary() {
  const explicit = process.env.HASHMIX_NODE;
  if (explicit) return explicit;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'hashmix', 'target');
  return join(target, 'debug', 'hashmix-node');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a dev node with extra command-line `args`; resolves once its RPC port answers. */
export async function startDevNode(args = []) {
  const binary = nodeBinary();
  if (!existsSync(binary)) {
    throw new Error(`no node binary at ${binary}: build it with 'cargo build -p hashmix-node' or set HASHMIX_NODE`);
  }
  const [rpcPort, p2pPort, prometheusPort] = [await freePort(), await freePort(), await freePort()];
  const basePath = mkdtempSync(join(tmpdir(), 'hashmix-pjs-'));
  const log = createWriteStream(join(basePath, 'node.log'));
  const child = spawn(binary, [
    '--dev', '--base-path', basePath,
    '--rpc-port', String(rpcPort), '--port', String(p2pPort),
    '--prometheus-port', String(prometheusPort), '--no-telemetry', ...args,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  const url = `http://127.0.0.1:${rpcPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hashmix-node exited with ${child.exitCode}; see ${basePath}/node.log`);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
      });
      if (res.ok) break;
    } catch (_) { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`hashmix-node RPC did not come up; see ${basePath}/node.log`);
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    wsUrl: `ws://127.0.0.1:${rpcPort}`,
    basePath,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(basePath, { recursive: true, force: true });
    },
  };
}
