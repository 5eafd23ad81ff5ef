"""SIGTERM during an answer: `python -m bot serve-teams` lets the answer finish, then exits 0.

The activity is delivered with deliveryMode expectReplies, so the answer travels back in the HTTP
response of the request that was in flight when the signal came.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import urllib.request

import pytest

from tests.conftest import KNOWLEDGE, ROOT
from tests.fakes import FakeOpenAIServer
from tests.handlers.teams.helpers import cards, message
from tests.handlers.teams.test_serve import start_serve_teams

pytestmark = pytest.mark.slow

REPLY = "A visiting researcher can stay between 3 and 12 months [1]."


def test_sigterm_during_an_answer_lets_it_finish_and_exits_0(tmp_path, _indexed_template):
    shutil.copytree(_indexed_template, tmp_path / "var")
    with FakeOpenAIServer(replies=lambda request: REPLY, delay=3.0) as llm:
        env = {**os.environ, "BOT_DATA_DIR": str(tmp_path / "var"), "KNOWLEDGE_DIR": str(KNOWLEDGE),
               "PYTHONPATH": str(ROOT), "LLM_MODEL": "openai:fake", "LLM_BASE_URL": llm.url, "LLM_API_KEY": "test",
               "SHUTDOWN_GRACE_SECONDS": "60"}
        process, port, out = start_serve_teams(tmp_path, env)
        replies: list = []
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/messages",
                                         json.dumps(message("How long can a visiting researcher stay?")).encode(),
                                         {"Content-Type": "application/json"})

        def ask() -> None:
            with urllib.request.urlopen(request, timeout=120) as response:
                replies.append(json.load(response)["activities"])

        asking = threading.Thread(target=ask)
        asking.start()
        llm.wait_for(1, timeout=60)  # the model has the question: the answer is in flight
        process.send_signal(signal.SIGTERM)
        asking.join(120)
        output = out.wait(90)
    assert process.returncode == 0, output
    (card,) = cards(replies[0])
    assert "3 and 12 months" in card["body"][0]["text"]
    assert "Traceback" not in output
