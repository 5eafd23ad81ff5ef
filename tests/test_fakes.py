"""Tests for the Slack and OpenAI fakes in ``tests.fakes``."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator
from urllib.parse import parse_qs

import openai
import pytest
from langchain_openai import ChatOpenAI
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier

from tests.fakes import (
    FakeOpenAIServer,
    FakeSlackAPI,
    action_body,
    command_body,
    event_body,
    post,
    sign,
    view_submission_body,
)

TOKEN = "xoxb-test-token"
SECRET = "test-signing-secret"


@pytest.fixture
def slack() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        fake.register("U1", "U2", "U3", "U9", "C1")
        fake.add_channel("D1", user="U1")
        yield fake


@pytest.fixture
def client(slack: FakeSlackAPI) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.url)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=5) as resp:
        return resp.status, resp.headers.get_content_type(), resp.read()


def test_post_message_and_read_thread(slack: FakeSlackAPI, client: WebClient) -> None:
    root = slack.add_message("C1", "question?", user="U1")
    first = client.chat_postMessage(channel="C1", text="answer", thread_ts=root["ts"])
    second = client.chat_postMessage(channel="C1", text="more", thread_ts=root["ts"])
    assert first["ok"] and first["message"]["thread_ts"] == root["ts"]
    assert float(root["ts"]) < float(first["ts"]) < float(second["ts"])
    replies = client.conversations_replies(channel="C1", ts=root["ts"])
    assert [m["text"] for m in replies["messages"]] == ["question?", "answer", "more"]
    assert replies["messages"][0]["reply_count"] == 2
    assert replies["messages"][1]["user"] == "UBOT" and replies["messages"][1]["bot_id"] == "BBOT"
    history = client.conversations_history(channel="C1")
    assert [m["text"] for m in history["messages"]] == ["question?"]
    call = slack.wait_for("chat.postMessage", count=2)[0]
    assert call.args["text"] == "answer" and call.headers["authorization"] == f"Bearer {TOKEN}"


def test_auth_and_unknown_methods(slack: FakeSlackAPI, client: WebClient) -> None:
    auth = client.auth_test()
    assert (auth["user_id"], auth["bot_id"], auth["team_id"]) == ("UBOT", "BBOT", "T1")
    with pytest.raises(SlackApiError, match="unknown_method"):
        client.api_call("apps.something.new")
    with pytest.raises(SlackApiError) as err:
        WebClient(base_url=slack.url).auth_test()
    assert err.value.response["error"] == "not_authed"
    assert [c.method for c in slack.calls()] == ["auth.test", "apps.something.new", "auth.test"]


def test_form_json_and_get_requests(slack: FakeSlackAPI, client: WebClient) -> None:
    dm = client.conversations_open(users="U2")
    group = client.conversations_open(users=["U3", "U2"])
    assert dm["channel"]["id"].startswith("D") and dm["channel"]["user"] == "U2"
    assert group["channel"]["id"].startswith("G")
    assert client.conversations_open(users="U2,U3")["channel"]["id"] == group["channel"]["id"]
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
    client.chat_postMessage(channel="C1", text="hi", blocks=blocks)
    assert slack.calls("chat.postMessage")[0].args["blocks"][0]["type"] == "section"
    status, _, body = _get(f"{slack.url}users.info?user=U9&token={TOKEN}")
    assert status == 200 and json.loads(body)["user"]["id"] == "U9"
    assert slack.calls("users.info")[0].args == {"user": "U9", "token": TOKEN}


def test_seeded_users_groups_views_and_streams(slack: FakeSlackAPI, client: WebClient) -> None:
    slack.add_user("U1", "alice", "alice@example.com")
    slack.add_usergroup("S1", ["U1", "U2"])
    assert client.users_info(user="U1")["user"]["profile"]["email"] == "alice@example.com"
    assert client.usergroups_users_list(usergroup="S1")["users"] == ["U1", "U2"]
    modal = {"type": "modal", "callback_id": "cb", "title": {"type": "plain_text", "text": "Hi"},
             "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}]}
    view = client.views_open(trigger_id=slack.issue_trigger(), view=modal)
    assert view["view"]["id"].startswith("V") and view["view"]["callback_id"] == "cb"
    slack.add_message("C1", "linked", user="U1", ts="1700000000.000100")
    link = client.chat_getPermalink(channel="C1", message_ts="1700000000.000100")
    assert link["permalink"] == "https://fake.slack.test/archives/C1/p1700000000000100"
    root = slack.add_message("D1", "hello", user="U1")
    stream = client.chat_stream(channel="D1", thread_ts=root["ts"], buffer_size=1)
    stream.append(markdown_text="Hel")
    stream.append(markdown_text="lo!")
    stream.stop()
    replies = client.conversations_replies(channel="D1", ts=root["ts"])["messages"]
    assert replies[-1]["text"] == "Hello!"
    assert [c.method for c in slack.calls() if "Stream" in c.method][0] == "chat.startStream"


def test_rate_limit_is_retried(slack: FakeSlackAPI) -> None:
    retry = RateLimitErrorRetryHandler(max_retry_count=1)
    client = WebClient(token=TOKEN, base_url=slack.url, retry_handlers=[retry])
    slack.fail_next("chat.postMessage", status=429, retry_after=0)
    assert client.chat_postMessage(channel="C1", text="hi")["ok"] is True
    assert len(slack.calls("chat.postMessage")) == 2


def test_rate_limit_and_errors_surface(slack: FakeSlackAPI, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="hi")
    assert err.value.response.status_code == 429 and err.value.response.headers["Retry-After"] == "7"
    slack.fail_next("chat.update", status=500)
    with pytest.raises(SlackApiError) as err:
        client.chat_update(channel="C1", ts="1.2", text="x")
    assert err.value.response.status_code == 500
    slack.error_next("conversations.info", "ratelimited", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError, match="ratelimited"):
            client.conversations_info(channel="C1")
    assert client.conversations_info(channel="C1")["ok"] is True


def test_wait_for_times_out_with_recorded_methods(slack: FakeSlackAPI, client: WebClient) -> None:
    client.auth_test()
    with pytest.raises(AssertionError, match=r"auth\.test"):
        slack.wait_for("chat.postMessage", timeout=0.1)


def test_file_download_requires_bearer_token(slack: FakeSlackAPI, client: WebClient) -> None:
    slack.add_file("F1", "report.csv", b"a,b\n1,2\n", "text/csv", "csv")
    info = client.files_info(file="F1")["file"]
    assert info["url_private_download"] == f"{slack.root}/files-pri/F1/report.csv"
    status, ctype, body = _get(info["url_private"], {"Authorization": f"Bearer {TOKEN}"})
    assert (status, ctype, body) == (200, "text/csv", b"a,b\n1,2\n")
    status, ctype, body = _get(info["url_private"])
    assert status == 200 and ctype == "text/html" and b"<html" in body
    with pytest.raises(SlackApiError, match="file_not_found"):
        client.files_info(file="F404")


def test_chat_openai_invoke_and_stream() -> None:
    with FakeOpenAIServer(replies=["Hello there, how can I help?", "streamed answer text"]) as llm:
        chat = ChatOpenAI(base_url=llm.url, api_key="test", model="fake", max_retries=0)
        result = chat.invoke("hi")
        assert result.content == "Hello there, how can I help?"
        assert result.usage_metadata and result.usage_metadata["output_tokens"] == 6
        chunks = [c.content for c in chat.stream("again")]
        assert "".join(chunks) == "streamed answer text" and len([c for c in chunks if c]) > 1
        assert llm.requests[0]["messages"][-1] == {"role": "user", "content": "hi"}
        assert llm.requests[1]["stream"] is True
        with pytest.raises(openai.BadRequestError, match="no canned reply"):
            chat.invoke("one too many")


def test_chat_openai_callable_failures_and_delay() -> None:
    with FakeOpenAIServer(replies=lambda req: req["messages"][-1]["content"].upper()) as llm:
        chat = ChatOpenAI(base_url=llm.url, api_key="test", model="fake", max_retries=0)
        assert chat.invoke("shout").content == "SHOUT"
        llm.fail_status = 503
        with pytest.raises(openai.InternalServerError):
            chat.invoke("boom")
        llm.fail_status, llm.delay = None, 2.0
        with pytest.raises(openai.APITimeoutError):
            ChatOpenAI(base_url=llm.url, api_key="test", model="fake", max_retries=0, timeout=0.2).invoke("slow")
        models = json.loads(_get(f"{llm.url}/models")[2])
        assert models["data"][0]["id"] == "fake"


def test_chat_openai_retries_transient_failure() -> None:
    with FakeOpenAIServer(replies=["recovered"], fail_status=500, fail_times=1) as llm:
        chat = ChatOpenAI(base_url=llm.url, api_key="test", model="fake", max_retries=1)
        assert chat.invoke("hi").content == "recovered"
        assert len(llm.requests) == 2


def test_signature_matches_slack_sdk_verifier() -> None:
    body = event_body({"type": "app_mention", "user": "U1", "text": "<@UBOT> hi", "channel": "C1", "ts": "1.2"})
    headers = sign(SECRET, body)
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + " ", headers)
    assert not verifier.is_valid_request(body, sign(SECRET, body, timestamp=1))
    envelope = json.loads(body)
    assert envelope["type"] == "event_callback" and envelope["event_id"].startswith("Ev")
    assert envelope["authorizations"][0]["user_id"] == "UBOT"


def test_payloads_dispatch_through_bolt(slack: FakeSlackAPI) -> None:
    app = App(client=WebClient(token=TOKEN, base_url=slack.url), signing_secret=SECRET)
    seen: dict[str, Any] = {}

    @app.event("app_mention")
    def on_mention(event: dict) -> None:
        seen["mention"] = event["text"]

    @app.command("/ask")
    def on_command(ack: Any, command: dict) -> None:
        ack()
        seen["command"] = command["text"]

    @app.action("approve")
    def on_action(ack: Any, action: dict, body: dict) -> None:
        ack()
        seen["action"] = (action["value"], body["channel"]["id"])

    @app.view("feedback")
    def on_view(ack: Any, view: dict) -> None:
        ack()
        seen["view"] = (view["state"]["values"]["b"]["a"]["value"], view["private_metadata"])

    bodies = [
        event_body({"type": "app_mention", "user": "U1", "text": "hey", "channel": "C1", "ts": "1.2"}),
        command_body("/ask", "what?", "U1"),
        action_body("approve", "yes", "U1", channel_id="C7"),
        view_submission_body("feedback", {"b": {"a": "great"}}, "U1", private_metadata="m"),
    ]
    for body in bodies:
        response = app.dispatch(BoltRequest(body=body, headers=sign(SECRET, body)))
        assert response.status == 200, response.body
    slack.wait_for("auth.test")
    for _ in range(250):
        if "mention" in seen:
            break
        time.sleep(0.02)
    assert seen == {"mention": "hey", "command": "what?", "action": ("yes", "C7"), "view": ("great", "m")}


def test_post_sends_signed_request() -> None:
    received: list[tuple[bool, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            valid = SignatureVerifier(SECRET).is_valid_request(body, dict(self.headers))
            received.append((valid, parse_qs(body)))
            self.send_response(200 if valid else 401)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
        assert post(url, command_body("/ask", "x", "U1"), SECRET) == (200, "ok")
        assert post(url, command_body("/ask", "x", "U1"), "wrong-secret")[0] == 401
        assert received[0][0] and received[0][1]["command"] == ["/ask"]
    finally:
        server.shutdown()
        server.server_close()
