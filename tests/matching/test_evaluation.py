"""The labelled needs: precision@3 of the matcher on the sample contacts."""

from __future__ import annotations

import json

import pytest

from bot.errors import InvalidInput
from bot.evaluation.matching import evaluate
from tests.conftest import ROOT


def test_precision_at_3_meets_the_target(embedder):
    result = evaluate(embedder=embedder)
    assert result.needs == 18
    assert result.precision >= 0.9, [(r.id, r.found) for r in result.results if r.precision < 1]


def test_every_labelled_contact_exists_and_agreed_to_be_suggested():
    import csv

    lines = [line for line in (ROOT / "data" / "sample_contacts.csv").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    consent = {r["email"]: r["consent"] for r in csv.DictReader(lines)}
    for line in (ROOT / "eval" / "match_eval.jsonl").read_text(encoding="utf-8").splitlines():
        for email in json.loads(line)["relevant"]:
            assert consent.get(email) == "yes", email


def test_a_malformed_dataset_is_refused(embedder, tmp_path):
    path = tmp_path / "needs.jsonl"
    path.write_text('{"need": "x"}\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="line 1"):
        evaluate(embedder=embedder, needs_path=path)
