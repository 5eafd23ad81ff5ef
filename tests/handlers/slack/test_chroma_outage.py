"""The Slack app while its Chroma server is down: a clear reply, health says so, answers resume on return."""

import pytest

from bot.kb.indexing import index_paths
from tests.conftest import KNOWLEDGE
from tests.handlers.slack.conftest import block_text
from tests.kb.test_faults import start_chroma

QUESTION = "How long can a visiting researcher stay?"


@pytest.mark.slow
def test_slack_tells_the_user_while_chroma_is_down_and_recovers(make_harness, tmp_path):
    server, port = start_chroma(tmp_path / "chroma-server")
    try:
        harness = make_harness(chroma_host="127.0.0.1", chroma_port=port)
        harness.services.knowledge.reset()  # the copied registry describes embedded Chroma, not this server
        index_paths(harness.services.knowledge, [KNOWLEDGE], knowledge_dir=KNOWLEDGE)

        def dm_reply() -> str:
            event = harness.dm(QUESTION)
            call = harness.slack.wait_for("chat.postMessage", timeout=30,
                                          predicate=lambda c: c.args.get("thread_ts") == event["ts"])[0]
            return block_text(call.args.get("blocks") or []) or call.args["text"]

        assert "12 months" in dm_reply()
        server.terminate()
        server.wait(timeout=30)

        assert harness.get("/healthz")[0] == 503
        for reply in (dm_reply(), dm_reply()):  # the app keeps serving while the server is away
            assert reply == "The knowledge base is unavailable; try again shortly."
        harness.command(QUESTION)
        command_reply = harness.slack.wait_for("respond/ask", timeout=30)[-1].args["text"]
        assert command_reply == "The knowledge base is unavailable; try again shortly."

        server, _ = start_chroma(tmp_path / "chroma-server", port)  # same data, same address
        assert harness.get("/healthz")[0] == 200
        assert "12 months" in dm_reply()
    finally:
        server.kill()
        server.wait()
