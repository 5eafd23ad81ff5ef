"""A real Bolt app behind the real HTTP server on a free port, talking to the fake Slack Web API."""

from __future__ import annotations

import json
import shutil
import urllib.request
from concurrent import futures
from dataclasses import dataclass, field

import pytest

from tests.conftest import copy_knowledge_chunks, copy_knowledge_registry, make_settings
from tests.fakes import FakeSlackAPI, action_body, command_body, event_body, post, view_submission_body

TOKEN = "xoxb-test-token"
SECRET = "test-signing-secret"


@dataclass
class Harness:
    slack: FakeSlackAPI
    services: object
    app: object
    url: str
    _ts: list = field(default_factory=lambda: [1_700_000_500])

    @property
    def root(self) -> str:
        return self.url.rsplit("/slack/events", 1)[0]

    def send(self, body: str, **kwargs) -> tuple[int, str]:
        return post(self.url, body, SECRET, **kwargs)

    def event(self, event: dict, **kwargs) -> tuple[int, str]:
        event_id = kwargs.pop("event_id", None)
        return self.send(event_body(event, event_id=event_id), **kwargs)

    def command(self, text: str, user: str = "U1", channel: str = "C1", name: str = "/ask",
                trigger_id: str | None = None) -> tuple[int, str]:
        return self.send(command_body(name, text, user, channel_id=channel, response_url=self.response_url(name[1:]),
                                      trigger_id=trigger_id or self.slack.issue_trigger()))

    def action(self, action_id: str, value: str, user: str = "U1", **kwargs) -> tuple[int, str]:
        kwargs.setdefault("response_url", self.response_url("action"))
        kwargs.setdefault("trigger_id", self.slack.issue_trigger())
        return self.send(action_body(action_id, value, user, **kwargs))

    def view(self, callback_id: str, values: dict, user: str = "U1", private_metadata: str = "") -> tuple[int, str]:
        return self.send(view_submission_body(callback_id, values, user, private_metadata=private_metadata))

    def response_url(self, name: str) -> str:
        return f"{self.slack.url}respond/{name}"

    def responses(self, name: str) -> list:
        return self.slack.calls(f"respond/{name}")

    def ts(self) -> str:
        self._ts[0] += 1
        return f"{self._ts[0]}.000100"

    def dm(self, text: str, user: str = "U1", channel: str = "D1", **extra) -> dict:
        event = {"type": "message", "channel": channel, "channel_type": "im", "user": user, "text": text,
                 "ts": self.ts(), **extra}
        status, _ = self.event(event)
        assert status == 200
        return event

    def get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.root + path, timeout=5) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def settle(self, timeout: float = 60.0) -> None:
        """Wait until every lazy listener started so far has finished (Bolt starts them before it
        answers the HTTP request), so a test can check what they did, or that they did nothing."""
        pending = self.app.listener_runner.listener_executor.started
        done, not_done = futures.wait(list(pending), timeout=timeout)
        assert not not_done, f"{len(not_done)} lazy listener(s) still running after {timeout} s"
        for future in done:
            future.result()  # a listener that crashed outside the error handler fails the test


# Who and where the tests talk by default: U1 asks in C1 and in its DM D1; U2 is a colleague.
WORKSPACE = ("U1", "U2", "C1")


@pytest.fixture
def slack_api():
    """The strict fake Slack with the default workspace; a test registers any other user or channel."""
    with FakeSlackAPI() as fake:
        fake.register(*WORKSPACE)
        fake.add_channel("D1", user="U1")
        yield fake
        if fake.refused:  # shown with a failing test's output: what the strict fake turned down
            print("Slack refused:", fake.refused)
        assert not fake.warnings, fake.warnings


@pytest.fixture
def make_harness(slack_api, tmp_path, _indexed_template):
    from bot.services import build_services
    from handlers.slack.app import create_app
    from handlers.slack.http_server import health_check, make_http_server, run_in_thread, stop_http_server, wsgi_app
    from handlers.slack.notice_sender import SlackNoticeSender

    started: list = []

    def build(**overrides) -> Harness:
        assert not started, "one harness per test"
        shutil.copytree(_indexed_template, tmp_path / "var")
        values = {"chroma_collection": "knowledge", "slack_bot_token": TOKEN, "slack_signing_secret": SECRET,
                  "slack_api_url": slack_api.url,
                  # the tests run the sweep themselves; the quarter-hourly one would race them on a fake clock
                  "jobs_periodic": False}
        settings = make_settings(tmp_path, **{**values, **overrides})
        slack_api.register(*settings.staff_ids, *filter(None, [settings.staff_channel]))  # configured, so they exist
        services = build_services(settings)
        if settings.database_url:  # the indexed copy's registry, into the database under test
            copy_knowledge_registry(tmp_path, services)
        if settings.chroma_host:  # and its chunks, into the server's collection
            copy_knowledge_chunks(tmp_path, services)
        app = create_app(settings, services)
        track_lazy_listeners(app.listener_runner.listener_executor)
        # As in `serve`: notices leave the outbox through jobs run in this process.
        jobs = services.jobs.start_in_process([SlackNoticeSender(app.client, services)])
        server = make_http_server(wsgi_app(app, health_check(services, "http")), host="127.0.0.1", port=0)
        started.append((server, run_in_thread(server), services, app, jobs))
        return Harness(slack_api, services, app, f"http://127.0.0.1:{server.effective_port}/slack/events")

    yield build
    for server, thread, services, app, jobs in started:
        app.listener_runner.listener_executor.shutdown(wait=True, cancel_futures=True)
        stop_http_server(server, thread)
        jobs.stop(graceful=True)
        services.close()


def track_lazy_listeners(executor: futures.ThreadPoolExecutor) -> None:
    """Remember the future of every task handed to Bolt's executor (`Harness.settle` waits for them)."""
    submit = executor.submit
    executor.started = []

    def tracked(fn, /, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        future = submit(fn, *args, **kwargs)
        executor.started.append(future)
        return future

    executor.submit = tracked


@pytest.fixture
def harness(make_harness) -> Harness:
    return make_harness()


@pytest.fixture
def harness_on(make_harness, database) -> Harness:
    """The harness on each database of the `database` fixture (SQLite, PostgreSQL)."""
    return make_harness(**database)


def block_text(blocks: list[dict]) -> str:
    """Every text in the blocks, joined (for assertions)."""
    out: list[str] = []

    def walk(node) -> None:  # noqa: ANN001
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(out)


def find_block(blocks: list[dict], block_type: str) -> dict:
    return next(b for b in blocks if b.get("type") == block_type)
