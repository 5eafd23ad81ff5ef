"""Bad input to POST /api/messages in local development mode: bodies that are not activities get a 400,
odd message texts a clear reply, and nothing odd is recorded."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.db.models import AnswerRecord, UnansweredQuestion
from handlers.teams.server import create_web_app
from tests.handlers.teams.helpers import message, texts
from tests.handlers.teams.test_http import cited_files, only_card

QUESTION = "How long can a visiting researcher stay?"

Send = Callable[[bytes | dict, str], Awaitable[tuple[int, str]]]


def run(services, scenario: Callable[[Send], Awaitable[None]]) -> None:  # noqa: ANN001
    """The real web app on a loopback port; the scenario sends raw bytes or an activity (as JSON)."""

    async def main() -> None:
        server = TestServer(create_web_app(services.settings, services), host="127.0.0.1", port=0)
        await server.start_server()
        try:
            async with aiohttp.ClientSession() as session:

                async def send(body: bytes | dict, content_type: str = "application/json") -> tuple[int, str]:
                    data = json.dumps(body).encode() if isinstance(body, dict) else body
                    async with session.post(server.make_url("/api/messages"), data=data,
                                            headers={"Content-Type": content_type}) as response:
                        return response.status, await response.text()

                await scenario(send)
        finally:
            await server.close()

    asyncio.run(main())


BODIES = {
    "not JSON": (b"{not json", "application/json", "Invalid JSON"),
    "empty": (b"", "application/json", "Invalid JSON"),
    "invalid UTF-8": (b'{"type": "message", "text": "\xff"}', "application/json", "Invalid JSON"),
    "a form": (b"type=message&text=hi", "application/x-www-form-urlencoded", "Invalid JSON"),
    "a JSON list": (b"[1, 2]", "application/json", "not a valid Bot Framework activity"),
    "a JSON string": (b'"hello"', "application/json", "not a valid Bot Framework activity"),
    "no type": (json.dumps({"text": "hi", "conversation": {"id": "c"}}).encode(), "application/json",
                "not a valid Bot Framework activity"),
    "conversation not an object": (json.dumps({**message("hi"), "conversation": "c"}).encode(), "application/json",
                                   "not a valid Bot Framework activity"),
}


@pytest.mark.parametrize("name", list(BODIES))
def test_a_body_that_is_not_an_activity_is_a_400(fake_services, fake_assistant, name):
    data, content_type, reason = BODIES[name]

    async def scenario(send: Send) -> None:
        status, text = await send(data, content_type)
        assert status == 400 and reason in text
        status, text = await send(message(QUESTION))  # the server keeps serving
        assert status == 200 and "3 and 12 months" in only_card(json.loads(text))["body"][0]["text"]

    run(fake_services, scenario)
    assert [c["question"] for c in fake_assistant.calls] == [QUESTION]


# text, and what the reply says
TEXTS = {
    "no text": (None, "Please type a question"),
    "empty": ("", "Please type a question"),
    "whitespace": ("  \n\t", "Please type a question"),
    "zero-width only": ("\u200b\u200d\ufeff", "Please type a question"),
    "emoji only": ("\U0001f469\u200d\U0001f52c\U0001f468\u200d\U0001f469\u200d\U0001f467", "Please type a question"),
    "40,000 characters": ((QUESTION + " ") * 976, "characters long; please keep it under 1,500"),
    "lone surrogates": (QUESTION + " \ud800\udfff", "exchange-researchers.md"),
    "NUL inside": ("How long\x00 can a visiting researcher stay?", "exchange-researchers.md"),
    "right-to-left marks": ("\u202b" + QUESTION + "\u202c", "exchange-researchers.md"),
    "combining marks": ("How long can a visiting researcher stay?" + "\u0301" * 300, "exchange-researchers.md"),
}


@pytest.mark.parametrize("name", list(TEXTS))
def test_odd_message_texts_get_a_clear_reply(database, request, name):
    body_text, expected = TEXTS[name]
    if database and not expected.endswith(".md"):
        pytest.skip("refused before the database: SQLite covers it")
    indexed_services = request.getfixturevalue("indexed_services_on")

    async def scenario(send: Send) -> None:
        status, text = await send(message(body_text, conversation=f"conv-{name}"))
        assert status == 200
        body = json.loads(text)
        if expected.endswith(".md"):
            assert expected in cited_files(only_card(body))
        else:
            assert len(texts(body["activities"])) == 1 and expected in texts(body["activities"])[0]

    run(indexed_services, scenario)
    with indexed_services.sessions() as session:
        asked = session.scalars(select(AnswerRecord.question)).all()
        unanswered = session.scalars(select(UnansweredQuestion)).all()
    assert len(asked) == (1 if expected.endswith(".md") else 0) and not unanswered
    assert all("\x00" not in q and not any("\ud800" <= ch <= "\udfff" for ch in q) for q in asked)
