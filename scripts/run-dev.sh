#!/usr/bin/env bash
# Sets up the machine, builds the node, and runs a single-validator development chain (Alice)
# with RPC on ws://127.0.0.1:9944 and Prometheus on 127.0.0.1:9615. State is temporary: every
# start is a new chain. Extra arguments go to the node (e.g. `--rpc-external`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
# shellcheck source=scripts/env.sh
. "$root/scripts/env.sh"
cd "$root"
cargo build -p hashmix-node
exec "$HASHMIX_NODE" --dev --tmp --rpc-cors all "$@"
