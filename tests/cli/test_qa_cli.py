"""`python -m bot ask` and `chat` as a person runs them: a real process, environment variables."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import KNOWLEDGE, ROOT


@pytest.fixture
def env(tmp_path, _indexed_template):
    shutil.copytree(_indexed_template, tmp_path / "var")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "KNOWLEDGE_", "CHROMA_H", "CHROMA_P", "DATABASE_", "LLM_"))}
    clean.update(BOT_DATA_DIR=str(tmp_path / "var"), KNOWLEDGE_DIR=str(KNOWLEDGE), PYTHONPATH=str(ROOT))
    return clean


def bot(env, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=120, cwd=env["BOT_DATA_DIR"])


def test_ask_json_follows_the_contract(env):
    result = bot(env, "ask", "How long can a visiting researcher stay?", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"answer", "confident", "sources", "superseded"}
    assert payload["confident"] is True and "12 months" in payload["answer"]
    assert set(payload["sources"][0]) == {"title", "source", "score", "updated", "example"}
    first = payload["sources"][0]
    assert first["source"] == "exchange-researchers.md"
    # the shipped exchange rules are illustrative: the answer and its source say so
    assert first["example"] is True and first["updated"] == "2026-11-20"
    assert "(example document, not an official rule)" in payload["answer"]
    assert payload["superseded"] == []


def test_ask_plain_text_lists_numbered_sources(env):
    result = bot(env, "ask", "Who set up the ambassador programme?")
    assert result.returncode == 0
    assert "Medicon Valley Alliance" in result.stdout and "[1] " in result.stdout


def test_ask_unanswerable_is_not_confident(env):
    payload = json.loads(bot(env, "ask", "Who won the 2022 World Cup?", "--json").stdout)
    assert payload["confident"] is False and payload["sources"] == []


def test_ask_empty_question_fails_with_one_line(env):
    result = bot(env, "ask", "   ")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and result.stderr.startswith("error: Please type a question")


def test_unknown_command_is_refused(env):
    result = bot(env, "frobnicate")
    assert result.returncode != 0 and "No such command" in result.stderr


def test_chat_keeps_the_conversation(env):
    script = "How long can a visiting researcher stay?\nand what is the application deadline?\n/help\n/bogus\n\n/quit\n"
    result = bot(env, "chat", stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "12 months" in out and "1 March" in out
    assert "/quit" in out and "Unknown command /bogus" in out
    assert "Sources:" in out and "[1]" in out


def test_quit_typed_without_a_slash_leaves_the_chat(env):
    result = bot(env, "chat", stdin="quit\nHow long can a visiting researcher stay?\n")
    assert result.returncode == 0, result.stderr
    assert "12 months" not in result.stdout and "don't mention quit" not in result.stdout


def test_eval_qa_indexes_its_documents_beside_the_users_knowledge_base_never_into_it(env, tmp_path):
    docs = tmp_path / "evaldocs"
    docs.mkdir()
    (docs / "parking-rules.md").write_text("---\ntitle: Parking rules\nupdated: 2026-05-01\n---\n\n"
                                           "Parking at the Ørestad campus costs DKK 95 per day for visiting researchers.\n")
    dataset = tmp_path / "set.jsonl"
    dataset.write_text(json.dumps({"id": "p1", "question": "How much is parking at the Ørestad campus?", "history": [],
                                   "answerable": True, "expected_source": "parking-rules.md", "expected_facts": ["DKK 95"],
                                   "kind": "how_much"}) + "\n")
    result = bot(env, "eval", "qa", "--dataset", str(dataset), "--docs", str(docs), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["source_accuracy"] == 1.0  # the evaluation did see the document
    asked = json.loads(bot(env, "ask", "How much is parking at the Ørestad campus?", "--json").stdout)
    assert all(s["source"] != "parking-rules.md" for s in asked["sources"])  # users never see evaluation documents
