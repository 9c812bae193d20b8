#!/bin/sh
# Installs the official MCP client SDK (@modelcontextprotocol/sdk, the exact
# version in package.json, every dependency pinned by package-lock.json)
# into tests/mcp/node_modules (git-ignored), for tests/e2e/mcp.bats.
# Does nothing when it is there; exits 1 without node and npm, or when npm
# cannot install (no network): the tests that need it then skip.
set -u
dir=$(cd "$(dirname "$0")" && pwd) || exit 1
[ -f "$dir/node_modules/@modelcontextprotocol/sdk/package.json" ] && exit 0
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || {
	echo "install-sdk: node and npm are needed (apt-get install nodejs npm)" >&2
	exit 1
}
cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2
