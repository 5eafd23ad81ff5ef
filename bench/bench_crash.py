"""Crash-consistency figures: how many random SIGKILLs of `index_docs.py` land while it indexes.

    .venv/bin/python bench/bench_crash.py [--runs 6]

tests/kb/test_crash_consistency.py asserts that the index converges whatever the kills hit; where
they land depends on the machine's speed, so that share is measured here and printed, not asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.kb.test_crash_consistency import kill_at_random_points, make_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = Path(tmp) / "knowledge"
        make_corpus(knowledge)
        _, killed, mid_write = kill_at_random_points(Path(tmp), knowledge, runs=args.runs)
    print(f"{killed} of {args.runs} kills landed while indexing ran, {mid_write} of them after writing had begun")


if __name__ == "__main__":
    main()
