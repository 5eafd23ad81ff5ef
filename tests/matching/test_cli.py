"""`python -m bot contacts ...`, `match` and `eval match` as operators script them (the CLI contract)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from tests.conftest import ROOT, SAMPLE_CONTACTS


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("EMBED_THREADS", "1")
    runner = CliRunner()

    def invoke(*args: str):  # noqa: ANN202
        return runner.invoke(app, list(args))

    return invoke


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, monkeypatch):
    if request.param == "postgresql":
        monkeypatch.setenv("DATABASE_URL", request.getfixturevalue("postgres_url"))
    return request.param


def one_json(result) -> dict:  # noqa: ANN001
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    return json.loads(lines[0])


def test_import_match_export_forget(run, database, tmp_path):
    imported = one_json(run("contacts", "import", str(SAMPLE_CONTACTS), "--json"))
    assert imported["created"] >= 60 and imported["updated"] == 0 and imported["rejected"] == []
    assert set(imported) >= {"created", "updated", "rejected"}

    matches = one_json(run("match", "we are a Boston CAR-T manufacturer looking for a Danish hospital", "--limit", "3",
                           "--json"))
    assert list(matches) == ["matches", "note"] and len(matches["matches"]) == 3 and matches["note"] is None
    for m in matches["matches"]:
        assert list(m) == ["id", "name", "organization", "kind", "region", "score", "reasons", "fit", "near_match"]
        assert set(m["fit"]) == {"they_seek", "they_offer"} and m["near_match"] is False
        assert m["reasons"] and "@" not in json.dumps(m)
    assert any(m["fit"]["they_seek"] for m in matches["matches"])  # a Danish hospital seeking US CAR-T companies
    nobody = one_json(run("match", "a dental implant manufacturer in New Zealand", "--json"))
    assert "secretariat" in nobody["note"] and all(m["near_match"] for m in nobody["matches"])
    shown = run("match", "a dental implant manufacturer in New Zealand")
    assert shown.exit_code == 0 and "secretariat" in shown.stdout and "(near match)" in shown.stdout
    hospital = one_json(run("match", "clinical trials", "--kind", "hospital", "--region", "region-zealand", "--json"))
    assert {(m["kind"], m["region"]) for m in hospital["matches"]} == {("hospital", "region-zealand")}

    export = tmp_path / "out.csv"
    assert run("contacts", "export", str(export)).exit_code == 0
    text = export.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "name,email,organization,kind,country,region,title,expertise,offering,seeking," \
                                   "languages,consent,slack_user_id,orcid,teams_user_id,last_verified"
    assert len(text.splitlines()) == imported["created"] + 1 and ",no," in text
    assert run("contacts", "export").stdout == text

    forgotten = one_json(run("contacts", "forget", "megan.calloway@bayfield-bio.example.org", "--json"))
    assert forgotten["forgotten"] is True and forgotten["removed"]["contacts"] == 1
    again = one_json(run("contacts", "forget", "megan.calloway@bayfield-bio.example.org", "--json"))
    assert again == {"forgotten": False, "removed": {k: 0 for k in forgotten["removed"]}}
    reimported = one_json(run("contacts", "import", str(SAMPLE_CONTACTS), "--json"))
    assert (reimported["created"], reimported["updated"]) == (1, imported["created"] - 1)


@pytest.mark.parametrize(("args", "message"), [
    (("match", ""), "Describe what you are looking for"),
    (("match", "investors", "--kind", "wizard"), "valid kinds: researcher, company, hospital, university, investor"),
    (("match", "investors", "--region", "jutland"), "valid regions: capital-region-dk, region-zealand"),
    (("match", "investors", "--limit", "0"), "limit must be between 1 and 50"),
    (("contacts", "import", "missing.csv"), "no such file: missing.csv"),
])
def test_bad_input_fails_with_one_line_on_stderr(run, args, message):
    result = run(*args)
    assert result.exit_code != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_a_file_that_is_not_utf8_is_refused(run, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(SAMPLE_CONTACTS.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    result = run("contacts", "import", str(path), "--json")
    assert result.exit_code == 1 and "not UTF-8" in result.stderr and result.stdout == ""


def test_rejected_rows_are_listed_with_line_numbers(run, tmp_path):
    path = tmp_path / "bad.csv"
    lines = SAMPLE_CONTACTS.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("@", " at ")
    path.write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    result = one_json(run("contacts", "import", str(path), "--json"))
    assert result["created"] == 5 and result["rejected"] == [
        {"line": 5, "error": f"invalid email {lines[4].split(',')[1]!r}"}]


def test_eval_match_reports_precision_at_3(run):
    result = one_json(run("eval", "match", "--json"))
    assert list(result)[:3] == ["precision@3", "needs", "seconds"]
    assert result["needs"] == 18 and result["precision@3"] >= 0.9 and result["hit@3"] >= 0.9


def test_eval_match_reports_one_half_of_a_split_dataset(run):
    """The tuning half only: the test half of the held-out set is reported once, never asserted on."""
    result = one_json(run("eval", "match", "--dataset", str(ROOT / "eval/heldout/match.jsonl"), "--contacts",
                          str(ROOT / "eval/heldout/contacts.csv"), "--split", "tune", "--json"))
    assert result["split"] == "tune" and result["needs"] == 26
    assert result["counts"]["no_match"] == 4 and result["counts"]["self_described"] == 9
    assert result["hit@3"] >= 0.8 and result["peer_free@3"] >= 0.9 and result["honest_no_match"] >= 0.75
    refused = run("eval", "match", "--split", "dev")
    assert refused.exit_code != 0 and "unknown split" in refused.stderr
