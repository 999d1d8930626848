// Starts the test Esplora server (`esplora-server`, a binary of the hashmix-tests crate) for a
// test, serving the repository's mainnet data, and stops it afterwards.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The server binary: $HASHMIX_ESPLORA_SERVER, else the debug build in the shared target dir. */
export function esploraBinary() {
  const explicit = process.env.HASHMIX_ESPLORA_SERVER;
  if (explicit) return explicit;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'hashmix', 'target');
  return join(target, 'debug', 'esplora-server');
}

/** Starts the server with `args` (e.g. `['--tip', '830010']`); resolves with its URL once it listens. */
export async function startEsploraServer(args = []) {
  const binary = esploraBinary();
  if (!existsSync(binary)) {
    throw new Error(`no test Esplora server at ${binary}: build it with 'cargo build -p hashmix-tests --bin esplora-server'`);
  }
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the Esplora server did not start')), 30_000);
    child.once('exit', (code) => reject(new Error(`the Esplora server exited with ${code}`)));
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
