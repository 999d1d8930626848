#!/usr/bin/env bash
# Checks Cargo.lock against two rules that cannot be seen in review:
#  1. every crate of the polkadot-sdk family is at the version of the stable2609 release
#     (shared/polkadot-sdk-2609-versions.txt, or the copy given as $1);
#  2. no RocksDB (librocksdb-sys) is built: the node uses ParityDB.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
list=${1:-}
if [ -z "$list" ]; then
	for candidate in "$root/../shared/polkadot-sdk-2609-versions.txt" "$root/scripts/polkadot-sdk-2609-versions.txt"; do
		[ -f "$candidate" ] && { list=$candidate; break; }
	done
fi
if [ -z "$list" ] || [ ! -f "$list" ]; then
	echo "check-lockfile: no version list found" >&2
	exit 2
fi

python3 - "$root/Cargo.lock" "$list" <<'PY'
import sys, tomllib
lock = tomllib.load(open(sys.argv[1], "rb"))
wanted = {}
for line in open(sys.argv[2]):
    parts = line.split()
    if len(parts) == 2:
        wanted[parts[0]] = parts[1]
bad, sdk = [], 0
for pkg in lock["package"]:
    name, version = pkg["name"], pkg["version"]
    if name == "librocksdb-sys" or name == "rocksdb":
        bad.append(f"{name} {version}: RocksDB must not be in the build (use ParityDB)")
    if name in wanted and "source" in pkg:
        sdk += 1
        if version != wanted[name]:
            bad.append(f"{name} {version}: the stable2609 release has {wanted[name]}")
for b in bad:
    print("check-lockfile:", b)
if bad:
    sys.exit(1)
print(f"check-lockfile: {sdk} polkadot-sdk crates, all at stable2609; no RocksDB")
PY
