"""Two processes behind one load balancer share the conversation state: two real `serve` processes and two
real `serve-teams` processes on loopback, sharing one PostgreSQL schema and a Chroma server. The rate
limit counts a person's questions on both; a Teams conversation started on one continues on the other."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
import uuid

import pytest

from bench.bench_slack import SECRET, Stack, index
from tests.conftest import KNOWLEDGE, ROOT
from tests.fakes import event_body, post
from tests.handlers.slack.conftest import block_text
from tests.handlers.teams.helpers import cards, message
from tests.handlers.teams.test_serve import start_serve_teams

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.chroma_server]


@pytest.fixture
def shared(tmp_path, postgres_url, chroma_server) -> dict[str, str]:
    host, port = chroma_server
    env = {"DATABASE_URL": postgres_url, "CHROMA_HOST": host, "CHROMA_PORT": str(port),
           "CHROMA_COLLECTION": f"two_{uuid.uuid4().hex[:10]}", "USER_RATE_PER_MINUTE": "3"}
    index(tmp_path, **env)
    return env


def test_two_serve_processes_share_the_rate_limit_and_the_thread(tmp_path, slack_api, shared):
    servers = [Stack(tmp_path, slack_api, BOT_DATA_DIR=str(tmp_path / f"var{k}"), **shared) for k in range(2)]
    try:
        root = slack_api.add_message("D1", "How long can a visiting researcher stay?", user="U1")

        def say(k: int, text: str, *, reply: str = "chat.postMessage"):  # noqa: ANN202
            message_ts = root["ts"] if text == root["text"] else slack_api.add_message(
                "D1", text, user="U1", thread_ts=root["ts"])["ts"]
            event = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "text": text,
                     "ts": message_ts, **({"thread_ts": root["ts"]} if message_ts != root["ts"] else {})}
            seen = len(slack_api.calls(reply))
            assert post(servers[k].url, event_body(event), SECRET)[0] == 200
            return slack_api.wait_for(reply, count=seen + 1, timeout=120)[seen]

        first = say(0, root["text"])
        assert "12 months" in block_text(first.args["blocks"])
        follow_up = say(1, "and what is the application deadline?")  # the other process continues the thread
        assert "1 March" in block_text(follow_up.args["blocks"]) and follow_up.args["thread_ts"] == root["ts"]
        assert say(0, "What is the stipend?").args["thread_ts"] == root["ts"]  # the third question this minute
        notice = say(1, "And the insurance?", reply="chat.postEphemeral")  # the fourth, on the process that saw one
        assert notice.args["user"] == "U1" and "faster" in notice.args["text"]
    finally:
        for server in servers:
            server.close()


def _serve_teams(tmp_path, k: int, env: dict) -> tuple[subprocess.Popen, str]:
    environment = {**os.environ, "BOT_DATA_DIR": str(tmp_path / f"teams{k}"), "KNOWLEDGE_DIR": str(KNOWLEDGE),
                   "PYTHONPATH": str(ROOT), **env}
    process, port, _ = start_serve_teams(tmp_path, environment)
    return process, f"http://127.0.0.1:{port}/api/messages"


def _ask(url: str, text: str) -> dict:
    request = urllib.request.Request(url, json.dumps(message(text, conversation="conv-shared")).encode(),
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        (card,) = cards(json.load(response)["activities"])
    return card


def test_a_teams_conversation_started_on_one_process_continues_on_the_other(tmp_path, shared):
    started = [_serve_teams(tmp_path, k, shared) for k in range(2)]
    try:
        (_, a), (_, b) = started
        assert "12 months" in _ask(a, "How long can a visiting researcher stay?")["body"][0]["text"]
        # On its own "and the insurance?" is too vague; on the other process it still follows the first question.
        follow_up = _ask(b, "and the insurance?")
        assert "insurance" in follow_up["body"][0]["text"].lower()
        assert any("exchange-researchers.md" in json.dumps(block) for block in follow_up["body"][1:])
    finally:
        for process, _ in started:
            process.terminate()
            process.wait(30)
