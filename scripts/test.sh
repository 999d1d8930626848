#!/usr/bin/env bash
# Sets up the machine and runs every check and test of HashMix Chain, in this order:
#   formatting, the lockfile rules, clippy (-D warnings), unit and pallet tests (with the
#   pallets' benchmark tests), the node build, node-level tests (real node processes, one at a
#   time), and the Polkadot.js end-to-end tests against a dev node.
# Exits non-zero at the first failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/setup.sh"
# shellcheck source=scripts/env.sh
. "$root/scripts/env.sh"
step() { printf '\n=== %s\n' "$*"; }
started=$(date +%s)

step "cargo fmt --check"
cargo fmt --all -- --check

step "shellcheck"
shellcheck -x -P "$root" scripts/*.sh .ci/run

step "lockfile: stable2609 crates only, no RocksDB"
"$root/scripts/check-lockfile.sh"

# The node (with the runtime's wasm) is built first: clippy and the tests then reuse its build.
step "Docker files (no engine needed)"
"$root/scripts/check-docker.sh"

step "build hashmix-node"
cargo build --locked -p hashmix-node

step "clippy -D warnings"
cargo clippy --locked --workspace --all-targets -- -D warnings

step "unit, pallet and runtime tests"
cargo test --locked --workspace --exclude hashmix-tests

step "pallet benchmark tests"
# Each pallet with benchmarks runs them as tests on its mock runtime; the node is never built
# with `runtime-benchmarks` here (that is a second full build, see scripts/benchmark.sh).
for dir in pallets/*/; do
	[ -f "$dir/src/benchmarking.rs" ] || continue
	cargo test --locked --manifest-path "$dir/Cargo.toml" --features runtime-benchmarks -- benchmark
done

step "node-level tests (one node set at a time)"
cargo test --locked -p hashmix-tests -- --test-threads=1 --nocapture

step "Polkadot.js end-to-end tests"
# The test Esplora and Lotus servers they start are binaries of the tests crate.
cargo build --locked -p hashmix-tests --bins
(cd tests/polkadot-js && npm test)

step "all checks passed in $(( $(date +%s) - started )) s"
