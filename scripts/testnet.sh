#!/usr/bin/env bash
# Starts or stops a 4-validator HashMix network on 127.0.0.1: one node process per validator,
# each with its own base path and ports, its session keys inserted with `key insert` (the way an
# operator does it), and each node given the others as bootnodes.
#
#   scripts/testnet.sh start [CHAIN]   CHAIN: `local` (default; validators Alice, Bob, Charlie,
#                                       Dave) or a chain spec file such as
#                                       chain-specs/hashmix-testnet-raw.json
#   scripts/testnet.sh join NAME       starts one more validator node, NAME `eve` or `ferdie`,
#                                       with no keys: the operator generates them with
#                                       author_rotateKeysWithOwner, then bonds and sets them
#   scripts/testnet.sh status          best and finalized block and peers of each node
#   scripts/testnet.sh stop
#
# Node i (0-3; eve 4, ferdie 5) listens on p2p 30333+i, RPC 9944+i and Prometheus 9615+i, each shifted by
# $TESTNET_PORT_OFFSET (default 0). State and logs are under $TESTNET_DIR (default
# /tmp/hashmix-testnet). The node binary is $HASHMIX_NODE (default: the debug build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/env.sh
. "$root/scripts/env.sh"
dir=${TESTNET_DIR:-/tmp/hashmix-testnet}
offset=${TESTNET_PORT_OFFSET:-0}
names=(alice bob charlie dave eve ferdie)

p2p_port() { echo $((30333 + offset + $1)); }
rpc_port() { echo $((9944 + offset + $1)); }
prometheus_port() { echo $((9615 + offset + $1)); }

# The secret seed of validator i's keys on CHAIN. The local chain uses the well-known development
# seeds; the public test network the published seeds listed in chain-specs/README.md.
seed_of() {
	local chain=$1 i=$2
	case "$chain" in
	local) echo "//$(tr '[:lower:]' '[:upper:]' <<<"${names[$i]:0:1}")${names[$i]:1}" ;;
	*) echo "//hashmix-testnet//validator-$((i + 1))" ;;
	esac
}

rpc() {
	curl -s -m 5 -H 'content-type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-[]}}" "http://127.0.0.1:$1"
}

start() {
	local chain=${1:-local}
	[ -x "$HASHMIX_NODE" ] || { echo "testnet: no node at $HASHMIX_NODE (cargo build -p hashmix-node)" >&2; exit 1; }
	if [ -f "$dir/alice/node.pid" ] && kill -0 "$(cat "$dir/alice/node.pid")" 2>/dev/null; then
		echo "testnet: already running under $dir (scripts/testnet.sh stop)" >&2
		exit 1
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	echo "$chain" >"$dir/chain"
	for i in 0 1 2 3; do
		local name=${names[$i]} base="$dir/${names[$i]}" seed
		seed=$(seed_of "$chain" "$i")
		mkdir -p "$base"
		# Session keys: Aura (sr25519), GRANDPA (ed25519), HashMix attestation (sr25519).
		for key in aura:sr25519 gran:ed25519 hmat:sr25519; do
			"$HASHMIX_NODE" key insert --base-path "$base" --chain "$chain" \
				--key-type "${key%%:*}" --scheme "${key##*:}" --suri "$seed" 2>>"$base/node.log"
		done
		launch "$chain" "$i"
	done
	echo "testnet: logs in $dir/<name>/node.log"
}

# Node i's fixed network key, so that every node's address is known in advance.
node_key() { printf '%064x' $(($1 + 1)); }

# The multiaddress of node i.
address() {
	echo "/ip4/127.0.0.1/tcp/$(p2p_port "$1")/p2p/$(node_key "$1" | "$HASHMIX_NODE" key inspect-node-key)"
}

# Starts node i of CHAIN as a validator, with the four first nodes (but itself) as bootnodes:
# discovery alone does not share 127.0.0.1 addresses on a `Live` chain.
launch() {
	local chain=$1 i=$2 name=${names[$2]} base="$dir/${names[$2]}" bootnodes=() j
	for j in 0 1 2 3; do [ "$j" -eq "$i" ] || bootnodes+=("$(address "$j")"); done
	nohup "$HASHMIX_NODE" --chain "$chain" --base-path "$base" --name "$name" --validator \
		--port "$(p2p_port "$i")" --rpc-port "$(rpc_port "$i")" \
		--prometheus-port "$(prometheus_port "$i")" --node-key "$(node_key "$i")" \
		--bootnodes "${bootnodes[@]}" \
		--allow-private-ip --no-mdns --no-telemetry --rpc-cors all >>"$base/node.log" 2>&1 &
	echo $! >"$base/node.pid"
	echo "testnet: $name (pid $!) p2p $(p2p_port "$i"), rpc ws://127.0.0.1:$(rpc_port "$i"), prometheus $(prometheus_port "$i")"
}

join() {
	local name=${1:-} i
	case "$name" in
	eve) i=4 ;;
	ferdie) i=5 ;;
	*) echo "testnet: join eve or ferdie" >&2; exit 2 ;;
	esac
	[ -f "$dir/chain" ] || { echo "testnet: not started under $dir" >&2; exit 1; }
	mkdir -p "$dir/$name"
	launch "$(cat "$dir/chain")" "$i"
}

status() {
	for i in "${!names[@]}"; do
		[ -d "$dir/${names[$i]}" ] || continue
		local port best finalized peers
		port=$(rpc_port "$i")
		best=$(rpc "$port" chain_getHeader | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')
		finalized=$(rpc "$port" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
		[ -n "$finalized" ] && finalized=$(rpc "$port" chain_getHeader "[\"$finalized\"]" | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')
		peers=$(rpc "$port" system_health | sed -n 's/.*"peers":\([0-9]*\).*/\1/p')
		printf '%-8s best %-6s finalized %-6s peers %s\n' "${names[$i]}" "$((${best:-0}))" "$((${finalized:-0}))" "${peers:-down}"
	done
}

stop() {
	for name in "${names[@]}"; do
		local pidfile="$dir/$name/node.pid"
		[ -f "$pidfile" ] || continue
		local pid
		pid=$(cat "$pidfile")
		if kill -0 "$pid" 2>/dev/null; then
			kill -INT "$pid"
			for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
			kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
		fi
		rm -f "$pidfile"
	done
	echo "testnet: stopped"
}

case "${1:-}" in
start) shift; start "$@" ;;
join) shift; join "$@" ;;
status) status ;;
stop) stop ;;
*) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
