// Bitcoin data for the tests: the repository's real mainnet headers (tests/data/bitcoin-mainnet)
// and the hashing and hex forms the chain uses for them.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** The height of the first header in the file. */
export const FIRST = 822_528;
/** A difficulty-period boundary (411 * 2016): where the tests start the relay. */
export const CHECKPOINT = 828_576;

const headers = readFileSync(fileURLToPath(new URL('../data/bitcoin-mainnet/headers-822528-830592.bin', import.meta.url)));

/** The 80-byte mainnet header at `height`. */
export const header = (height) => headers.subarray((height - FIRST) * 80, (height - FIRST + 1) * 80);
export const sha256 = (bytes) => createHash('sha256').update(bytes).digest();
/** `bytes` as 0x-prefixed hex, as Polkadot.js takes byte arguments. */
export const u8aToHex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
/** A block's hash in wire order, as the chain stores it: double SHA-256 of the header. */
export const blockHash = (raw) => u8aToHex(sha256(sha256(raw)));
