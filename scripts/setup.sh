#!/usr/bin/env bash
# Installs what building and testing HashMix Chain needs on a fresh Debian/Ubuntu machine:
# Debian's protobuf-compiler, clang, libclang-dev and llvm (llvm-ar for C code in the wasm runtime),
# curl and shellcheck (for the scripts' tests),
# the Rust toolchain pinned in rust-toolchain.toml with its wasm targets and rust-src, and the
# Polkadot.js test dependencies (from the committed lockfile). Installs only what is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

need_apt=()
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
command -v llvm-ar >/dev/null 2>&1 || need_apt+=(llvm)
ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || need_apt+=(libclang-dev)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "setup: installing ${need_apt[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v rustup >/dev/null 2>&1; then
	echo "setup: rustup is required (https://rustup.rs); install it and re-run" >&2
	exit 1
fi
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$root/rust-toolchain.toml")
# rustup may be configured not to install toolchains on demand (RUSTUP_AUTO_INSTALL=0).
rustup toolchain list | grep -q "^$toolchain" || rustup toolchain install "$toolchain" --profile minimal
rustup component add --toolchain "$toolchain" cargo clippy rust-src rustfmt >/dev/null 2>&1
rustup target add --toolchain "$toolchain" wasm32v1-none wasm32-unknown-unknown >/dev/null 2>&1

if [ ! -d "$root/tests/polkadot-js/node_modules/@polkadot/api" ]; then
	echo "setup: installing the Polkadot.js test dependencies"
	(cd "$root/tests/polkadot-js" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "setup: ready (Rust $toolchain, $(protoc --version), $(clang --version | head -1))"
