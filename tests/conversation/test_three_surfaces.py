"""One script of turns through the terminal, Slack and Teams: each surface gets the same kind of reply,
with the same sources or the same matches, because the conversation core decides, not the surface.

Terminal: the chat loop of `python -m bot chat`. Slack: signed requests into the real Bolt app behind
its HTTP server, replies read from the fake Slack Web API. Teams: activities POSTed to the real
aiohttp endpoint (deliveryMode expectReplies).
"""

from __future__ import annotations

import asyncio
import re
import shutil

import pytest

from bot.db.session import transaction
from tests.conftest import SAMPLE_CONTACTS, make_settings
from tests.handlers.slack.conftest import SECRET, TOKEN, block_text

SCRIPT = [
    ("How long can a visiting researcher stay?", "answer"),
    ("and what is the application deadline?", "answer"),
    ("Who can help me find a hospital partner in Denmark for a wearable ECG trial?", "matches"),
    ("help", "help"),
    ("What is the stipend?", "slow down"),  # the rate limit (3 a minute) is used up by the three above
    ("What about insurance?", "silent"),  # told once a minute; further refusals say nothing
]
RATE = 3


@pytest.fixture(scope="module")
def template(tmp_path_factory, _indexed_template):
    """The indexed knowledge folder plus the sample contacts, prepared once."""
    from bot.matching.importer import import_file
    from bot.services import build_services

    base = tmp_path_factory.mktemp("surfaces")
    shutil.copytree(_indexed_template, base / "var")
    svc = build_services(make_settings(base, chroma_collection="knowledge"))
    with transaction(svc.sessions) as session:
        assert import_file(session=session, path=SAMPLE_CONTACTS, embedder=svc.embedder).created > 60
    svc.close()
    return base / "var"


@pytest.fixture
def make_services(tmp_path, template):
    from bot.services import build_services

    built = []

    def build(name: str, **overrides):
        shutil.copytree(template, tmp_path / name / "var")
        svc = build_services(make_settings(tmp_path / name, chroma_collection="knowledge", user_rate_per_minute=RATE,
                                           **overrides))
        built.append(svc)
        return svc

    yield build
    for svc in built:
        svc.close()


# ----- each surface plays the script and says what it showed --------------------------------------
def terminal(services) -> list[tuple[str, list[str]]]:
    from bot.cli.qa import chat_loop

    lines, shown = iter(text for text, _ in SCRIPT), []
    chat_loop(services, lambda: next(lines, None), shown.append, user="ann", session="s1")
    out = []
    for text in shown:
        if text.startswith("assistant> People and organisations for:"):
            out.append(("matches", re.findall(r"^  \d+\. ([^,(]+)", text, re.M)))
        elif text.startswith("assistant> "):
            out.append(("answer", re.findall(r"^  \[\d+\] .*\((\S+)\)", text, re.M)))
        elif "Type a question, or:" in text:
            out.append(("help", []))
        elif text.startswith("! You are asking faster"):
            out.append(("slow down", []))
        elif text.startswith("! (still too fast"):
            out.append(("silent", []))
        else:
            out.append(("other", [text]))
    return out


def slack(services, slack_api) -> list[tuple[str, list[str]]]:
    from handlers.slack.app import create_app
    from handlers.slack.http_server import health_check, make_http_server, run_in_thread, stop_http_server, wsgi_app
    from tests.fakes import event_body, post

    app = create_app(services.settings, services)
    server = make_http_server(wsgi_app(app, health_check(services, "http")), host="127.0.0.1", port=0)
    thread = run_in_thread(server)
    url = f"http://127.0.0.1:{server.effective_port}/slack/events"
    out: list[tuple[str, list[str]]] = []
    root = None
    try:
        for text, _ in SCRIPT:
            seen = len(slack_api.calls())
            message = slack_api.add_message("D1", text, user="U1", thread_ts=root)
            root = root or message["ts"]
            event = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "text": text,
                     "ts": message["ts"], **({"thread_ts": root} if root != message["ts"] else {})}
            assert post(url, event_body(event), SECRET)[0] == 200
            out.append(_slack_reply(slack_api, app.listener_runner.listener_executor, seen))
    finally:
        app.listener_runner.listener_executor.shutdown(wait=True)
        stop_http_server(server, thread)
    return out


def _slack_reply(slack_api, executor, seen: int) -> tuple[str, list[str]]:
    """The reply to the last turn, once the app's answering work is done (none: the app said nothing)."""
    import time

    def replies() -> list:
        return [c for c in slack_api.calls()[seen:] if c.method in ("chat.postMessage", "chat.postEphemeral")]

    deadline = time.monotonic() + 90
    while not replies() and executor.pending and time.monotonic() < deadline:
        time.sleep(0.05)
    found = replies()
    if not found:
        return ("silent", [])
    call = found[0]
    blocks = call.args.get("blocks") or []
    ids = [b.get("block_id", "") for b in blocks]
    if call.method == "chat.postEphemeral" and "faster" in call.args.get("text", ""):
        return ("slow down", [])
    if "help" in ids:
        return ("help", [])
    matches = [b for b in blocks if re.fullmatch(r"match_\d+", b.get("block_id", ""))]
    if matches:
        return ("matches", [re.match(r"\*\d+\. (.+?)\*", b["text"]["text"]).group(1) for b in matches])
    if "answer_0" in ids:
        return ("answer", re.findall(r"`([^`]+\.md)`", block_text(blocks)))
    return ("other", [block_text(blocks)])


def teams(services) -> list[tuple[str, list[str]]]:
    from tests.handlers.teams.helpers import cards, message, texts
    from tests.handlers.teams.test_http import serving

    out: list[tuple[str, list[str]]] = []

    async def play() -> None:
        async with serving(services) as post:
            for text, _ in SCRIPT:
                status, body = await post(message(text, conversation="conv-script"))
                assert status == 200
                replies = body["activities"] if body else []
                out.append(_teams_reply(cards(replies), texts(replies)))

    asyncio.run(play())
    return out


def _teams_reply(found_cards: list[dict], found_texts: list[str]) -> tuple[str, list[str]]:
    if found_texts and "faster" in found_texts[0]:
        return ("slow down", [])
    if not found_cards:
        return ("silent", []) if not found_texts else ("other", found_texts)
    body = found_cards[0]["body"]
    first = body[0]
    if first["type"] == "RichTextBlock" and first["inlines"][0]["text"] == "Matches for: ":
        return ("matches", [b["inlines"][0]["text"] for b in body[1:] if b["type"] == "RichTextBlock" and b.get("separator")])
    if first.get("text", "").startswith("Hi! I'm the"):
        return ("help", [])
    files = [run["text"].strip(" ()") for b in body if b["type"] == "RichTextBlock" for run in b["inlines"]
             if run["text"].startswith(" (")]
    return ("answer", files)


# ----- the test -------------------------------------------------------------------------------------
def test_one_script_gets_the_same_replies_on_every_surface(make_services, slack_api):
    played = {
        "terminal": terminal(make_services("terminal")),
        "slack": slack(make_services("slack", slack_bot_token=TOKEN, slack_signing_secret=SECRET,
                                     slack_api_url=slack_api.url), slack_api),
        "teams": teams(make_services("teams")),
    }
    for surface, replies in played.items():
        assert [kind for kind, _ in replies] == [kind for _, kind in SCRIPT], (surface, replies)
    terminal_replies = played["terminal"]
    assert terminal_replies[0][1] == ["exchange-researchers.md"] and "exchange-researchers.md" in terminal_replies[1][1]
    assert len(terminal_replies[2][1]) == 5  # five matches, each with its reasons on every surface
    assert played["slack"] == terminal_replies and played["teams"] == terminal_replies
