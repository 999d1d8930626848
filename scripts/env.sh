# shellcheck shell=bash
# Sourced by the other scripts: where builds go and where the node binary is.
# One target directory outside the work tree, shared by developers and CI, so that builds survive
# a fresh checkout (a cold build of the node takes about half an hour on two cores).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hashmix/target}"
HASHMIX_NODE="${HASHMIX_NODE:-$CARGO_TARGET_DIR/debug/hashmix-node}"
export HASHMIX_NODE
