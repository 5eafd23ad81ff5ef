#!/usr/bin/env bash
# Run the whole test suite. Installs into .venv if needed, starts a Chroma server on a free
# loopback port for the server-mode tests (unless CHROMA_TEST_HOST/PORT are given) and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The console's browser tests drive Debian's chromium through chromedriver; installed here when missing
# (and skipped with their reason where it cannot be).
if { ! command -v chromium >/dev/null || [ ! -x /usr/bin/chromedriver ]; } && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } >/dev/null 2>&1 \
        || echo "chromium could not be installed: the console's browser tests will be skipped" >&2
fi
export ORT_DISABLE_TELEMETRY=1 ANONYMIZED_TELEMETRY=False HF_HUB_OFFLINE=1

chroma_pid=""
workdir=$(mktemp -d)
cleanup() {
    if [ -n "$chroma_pid" ]; then kill "$chroma_pid" 2>/dev/null || true; wait "$chroma_pid" 2>/dev/null || true; fi
    rm -rf "$workdir"
}
trap cleanup EXIT

if [ -z "${CHROMA_TEST_HOST:-}" ]; then
    # `chroma run` cannot bind port 0 and name the port: a free one is picked, and another one when something
    # else took it before chroma bound it ("Address ... is not available").
    for attempt in 1 2 3 4 5; do
        port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        .venv/bin/chroma run --path "$workdir/chroma" --host 127.0.0.1 --port "$port" >"$workdir/chroma.log" 2>&1 &
        chroma_pid=$!
        for _ in $(seq 1 60); do
            if ! kill -0 "$chroma_pid" 2>/dev/null; then break; fi
            if curl -sf "http://127.0.0.1:$port/api/v2/heartbeat" >/dev/null 2>&1; then break 2; fi
            sleep 0.5
        done
        kill "$chroma_pid" 2>/dev/null || true  # exited already, or never answered: stopped either way
        wait "$chroma_pid" 2>/dev/null || true
        chroma_pid=""
        if ! grep -q "not available\|in use" "$workdir/chroma.log" || [ "$attempt" = 5 ]; then
            echo "chroma server failed to start:"; cat "$workdir/chroma.log"; exit 1
        fi
    done
    export CHROMA_TEST_HOST=127.0.0.1 CHROMA_TEST_PORT=$port
fi

.venv/bin/python -m pytest -n 2 -q "$@"
