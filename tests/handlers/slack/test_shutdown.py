"""SIGTERM during an answer: `python -m bot serve` stops taking requests, the answer still reaches Slack,
and the process exits 0 — over HTTP and in Socket Mode (against a loopback Socket Mode endpoint)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request

import pytest

from tests.conftest import KNOWLEDGE, ROOT
from tests.fakes import FakeOpenAIServer, FakeSlackAPI, event_body, post
from tests.fakes.socket_mode import FakeSocketMode
from tests.handlers.slack.conftest import SECRET, TOKEN
from tests.processes import Output, start_server

pytestmark = pytest.mark.slow

REPLY = "A visiting researcher can stay between 3 and 12 months [1]."
QUESTION = "<@UBOT> How long can a visiting researcher stay?"


@pytest.fixture
def slow_llm():
    with FakeOpenAIServer(replies=lambda request: REPLY, delay=3.0, chunks=3) as llm:
        yield llm


def serve(tmp_path, indexed, slack_api, llm, **extra: str) -> tuple[subprocess.Popen, int, Output]:
    shutil.copytree(indexed, tmp_path / "var")
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack_api.url,
           "BOT_DATA_DIR": str(tmp_path / "var"), "KNOWLEDGE_DIR": str(KNOWLEDGE), "PYTHONPATH": str(ROOT),
           "LLM_MODEL": "openai:fake", "LLM_BASE_URL": llm.url, "LLM_API_KEY": "test", "SHUTDOWN_GRACE_SECONDS": "60",
           **extra}
    # Port 0: the server binds a free port itself and names it, so no parallel test can take it in between.
    return start_server([sys.executable, "-m", "bot", "serve", "--port", "0", "--host", "127.0.0.1"],
                        r"(?:listening on|health at) http://127\.0\.0\.1:(\d+)/", cwd=tmp_path, env=env)


def terminate_during_the_answer(process: subprocess.Popen, output: Output, llm) -> str:
    llm.wait_for(1, timeout=60)  # the model has the question: the answer is in flight
    process.send_signal(signal.SIGTERM)
    text = output.wait(90)
    assert process.returncode == 0, text
    return text


def answered(slack_api, channel: str) -> bool:
    return any(m.get("bot_id") and "3 and 12 months" in m.get("text", "") for m in slack_api.messages[channel])


def test_sigterm_over_http_lets_the_answer_finish_and_exits_0(tmp_path, _indexed_template, slack_api, slow_llm):
    process, port, out = serve(tmp_path, _indexed_template, slack_api, slow_llm)
    body = event_body({"type": "app_mention", "channel": "C1", "user": "U1", "ts": "1700000100.000100", "text": QUESTION})
    assert post(f"http://127.0.0.1:{port}/slack/events", body, SECRET)[0] == 200
    output = terminate_during_the_answer(process, out, slow_llm)
    assert answered(slack_api, "C1"), (output, [c.method for c in slack_api.calls()])
    assert "SIGTERM received" in output and "Traceback" not in output
    with pytest.raises(OSError):  # nothing listens any more
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)


class SocketModeSlackAPI(FakeSlackAPI):
    """The fake Web API, plus apps.connections.open, which takes the app-level (xapp-) token."""

    socket_url = ""

    def handle(self, method: str, args: dict, headers: dict) -> tuple[int, dict, dict]:
        if method == "apps.connections.open" and headers.get("authorization", "").startswith("Bearer xapp-"):
            return 200, {}, {"ok": True, "url": self.socket_url}
        return super().handle(method, args, headers)


def test_sigterm_in_socket_mode_closes_the_connection_after_the_answer(tmp_path, _indexed_template, slow_llm):
    with FakeSocketMode() as socket_mode, SocketModeSlackAPI(open_workspace=True) as slack_api:
        slack_api.socket_url = socket_mode.url
        process, _, out = serve(tmp_path, _indexed_template, slack_api, slow_llm, SLACK_APP_TOKEN="xapp-1-test")
        assert socket_mode.wait_connected()
        envelope = socket_mode.send(json.loads(event_body(
            {"type": "app_mention", "channel": "C1", "user": "U1", "ts": "1700000100.000100", "text": QUESTION})))
        assert socket_mode.acks.get(timeout=30)["envelope_id"] == envelope  # acknowledged over the socket
        output = terminate_during_the_answer(process, out, slow_llm)
        assert socket_mode.closed.wait(10) and socket_mode.connections == 1  # closed, and no reconnection
        assert answered(slack_api, "C1"), (output, [c.method for c in slack_api.calls()])
    assert "Traceback" not in output
