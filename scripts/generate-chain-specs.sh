#!/usr/bin/env bash
# Regenerates the frozen chain specs of the public test network from the runtime's
# `hashmix_testnet` preset: chain-specs/hashmix-testnet.json (plain, reviewable) and
# chain-specs/hashmix-testnet-raw.json (raw storage, what nodes start from). Run it only when the
# network is (re)launched: a changed raw spec is a different genesis, i.e. a new chain.
# The release build is used: only its runtime is compacted and compressed (a debug build embeds the
# uncompacted wasm, four times larger).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/env.sh
. "$root/scripts/env.sh"
(cd "$root" && cargo build --locked --release -p hashmix-node)
node="$CARGO_TARGET_DIR/release/hashmix-node"
"$node" export-chain-spec --chain hashmix-testnet --output "$root/chain-specs/hashmix-testnet.json"
"$node" export-chain-spec --chain "$root/chain-specs/hashmix-testnet.json" --raw \
	--output "$root/chain-specs/hashmix-testnet-raw.json"
echo "chain specs written to chain-specs/"
