#!/usr/bin/env bash
# Regenerates weights: builds hashmix-node with the `runtime-benchmarks` feature (release: a second
# full build, so this is a dedicated job, never part of the test run) and runs
# `hashmix-node benchmark pallet` for every pallet the runtime benchmarks, writing
# runtime/src/weights/<pallet>.rs.
#
#   scripts/benchmark.sh                 all pallets
#   scripts/benchmark.sh pallet_balances one pallet
#
# Run it on the reference machine the weights are meant for, with nothing else running.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/env.sh
. "$root/scripts/env.sh"
cd "$root"
cargo build --locked --release -p hashmix-node --features runtime-benchmarks
node="$CARGO_TARGET_DIR/release/hashmix-node"
runtime="$CARGO_TARGET_DIR/release/wbuild/hashmix-runtime/hashmix_runtime.compact.compressed.wasm"

pallets=("$@")
if [ ${#pallets[@]} -eq 0 ]; then
	mapfile -t pallets < <("$node" benchmark pallet --runtime "$runtime" --genesis-builder-preset development \
		--list=pallets | tail -n +2 | tr -d ' ' | sort -u)
fi

mkdir -p runtime/src/weights
for pallet in "${pallets[@]}"; do
	echo "benchmark: $pallet"
	"$node" benchmark pallet \
		--runtime "$runtime" \
		--genesis-builder-preset development \
		--pallet "$pallet" --extrinsic '*' \
		--steps 50 --repeat 20 \
		--output "runtime/src/weights/$pallet.rs"
done
echo "benchmark: weights written to runtime/src/weights/; wire new files into runtime/src/weights/mod.rs"
