#!/usr/bin/env bash
# Regenerates the frozen chain specs of the public test network from the runtime's
# `hashmix_testnet` preset: chain-specs/hashmix-testnet.json (plain, reviewable) and
# chain-specs/hashmix-testnet-raw.json (raw storage, what nodes start from). Run it only when the
# network is (re)launched: a changed raw spec is a different genesis, i.e. a new chain.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=env.sh
. "$root/scripts/env.sh"
[ -x "$HASHMIX_NODE" ] || (cd "$root" && cargo build -p hashmix-node)
"$HASHMIX_NODE" export-chain-spec --chain hashmix-testnet --output "$root/chain-specs/hashmix-testnet.json"
"$HASHMIX_NODE" export-chain-spec --chain "$root/chain-specs/hashmix-testnet.json" --raw \
	--output "$root/chain-specs/hashmix-testnet-raw.json"
echo "chain specs written to chain-specs/"
