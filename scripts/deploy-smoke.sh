#!/usr/bin/env bash
# The deployment of deploy/compose.yaml run directly on this host (no containers): PostgreSQL from the
# machine, a Chroma server, db upgrade, index, serve (HTTP, fake Slack Web API), serve-teams (local mode)
# and the sweep; one question through each surface; everything stopped again. See scripts/deploy_smoke.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || { bash scripts/setup.sh; PY=.venv/bin/python; }
export ORT_DISABLE_TELEMETRY=1 ANONYMIZED_TELEMETRY=False HF_HUB_OFFLINE=1
exec "$PY" scripts/deploy_smoke.py "$@"
