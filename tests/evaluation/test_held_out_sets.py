"""The committed evaluation sets stay valid: each set's own checker (written with the set, not with the code)
accepts its questions, documents, contacts and split labels, so the published figures are reproducible."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKERS = sorted(ROOT.glob("eval/heldout*/check*.py"))


def test_every_set_has_a_checker():
    sets = {p.name for p in ROOT.glob("eval/heldout*/") if (p / "match.jsonl").exists() or (p / "qa.jsonl").exists()}
    assert sets and sets == {p.parent.name for p in CHECKERS}


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_sets_own_checker_accepts_it(checker):
    done = subprocess.run([sys.executable, checker.name], cwd=checker.parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
