#!/usr/bin/env bash
# Set up everything and talk to the assistant in the terminal, on the embedded defaults:
# SQLite and Chroma files under ./var, the offline extractive answerer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export ORT_DISABLE_TELEMETRY=1
.venv/bin/python index_docs.py
if [ -f data/sample_contacts.csv ] && .venv/bin/python -m bot contacts --help >/dev/null 2>&1; then
    .venv/bin/python -m bot contacts import data/sample_contacts.csv >/dev/null && echo "Loaded the (fictional) sample contacts."
fi
exec .venv/bin/python -m bot chat
