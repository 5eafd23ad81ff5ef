"""End to end over HTTP: activities POSTed to /api/messages, replies read from the response body
(deliveryMode expectReplies), against the indexed knowledge folder and a real database."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.db.models import AnswerRecord, Feedback
from handlers.teams.server import create_web_app
from tests.handlers.teams.helpers import BOT, assert_valid_card, cards, members_added, message, texts

QUESTION = "How long can a visiting researcher stay?"

Post = Callable[..., Awaitable[tuple[int, Any]]]


@contextlib.asynccontextmanager
async def serving(services) -> AsyncIterator[Post]:  # noqa: ANN001
    """The real web app on a free loopback port; yields post(activity, headers=None) -> (status, json)."""
    server = TestServer(create_web_app(services.settings, services), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session:

            async def post(activity: dict, headers: dict | None = None) -> tuple[int, Any]:
                async with session.post(server.make_url("/api/messages"), json=activity, headers=headers) as response:
                    body = await response.text()
                    return response.status, json.loads(body) if body else None

            post.get = lambda path: session.get(server.make_url(path))  # type: ignore[attr-defined]
            post.app = server.app  # type: ignore[attr-defined]
            yield post
    finally:
        await server.close()


def run(services, scenario: Callable[[Post], Awaitable[None]]) -> None:  # noqa: ANN001
    async def main() -> None:
        async with serving(services) as post:
            await scenario(post)

    asyncio.run(main())


def only_card(body: dict) -> dict:
    (card,) = cards(body["activities"])
    assert_valid_card(card)
    return card


def cited_files(card: dict) -> list[str]:
    return [run["text"].strip(" ()") for block in card["body"] if block["type"] == "RichTextBlock" for run in block["inlines"]
            if run["text"].startswith(" (")]


def test_question_follow_up_and_feedback_in_a_personal_chat(indexed_services):
    found: dict[str, Any] = {}

    async def scenario(post: Post) -> None:
        status, body = await post(message(QUESTION))
        assert status == 200
        card = only_card(body)
        assert "3 and 12 months" in card["body"][0]["text"] and "[1]" in card["body"][0]["text"]
        assert cited_files(card)[0] == "exchange-researchers.md"
        found["answer_id"] = card["actions"][0]["data"]["answer_id"]

        # "and the insurance?" on its own is too vague to answer; after the first question it is not.
        status, body = await post(message("and the insurance?"))
        follow_up = only_card(body)
        assert "insurance" in follow_up["body"][0]["text"].lower()
        assert "exchange-researchers.md" in cited_files(follow_up)

        status, body = await post(message(value=card["actions"][0]["data"]))
        assert status == 200 and texts(body["activities"]) == ["Thanks for the feedback!"]

    run(indexed_services, scenario)
    with indexed_services.sessions() as session:
        votes = session.scalars(select(Feedback)).all()
        asked = session.scalars(select(AnswerRecord.question).order_by(AnswerRecord.created_at)).all()
    assert [(v.answer_id, v.rating, v.user_ref, v.surface) for v in votes] == [(found["answer_id"], 1, "teams:aad-ann", "teams")]
    assert asked == [QUESTION, "and the insurance?"]


def test_channel_mention_is_answered_in_the_thread(indexed_services):
    async def scenario(post: Post) -> None:
        activity = message(QUESTION, mention=True, conversation="19:abc@thread.tacv2;messageid=42")
        status, body = await post(activity)
        assert status == 200
        (reply,) = [a for a in body["activities"] if a["type"] == "message"]
        assert reply["replyToId"] == activity["id"] and reply["conversation"]["id"] == activity["conversation"]["id"]
        card = only_card(body)
        assert "exchange-researchers.md" in cited_files(card)
        # the shipped exchange rules are an example: the answer and its source line say so
        assert "(example document, not an official rule)" in card["body"][0]["text"]
        assert "example document, not an official rule" in json.dumps(card["body"][1:], ensure_ascii=False)

    run(indexed_services, scenario)
    with indexed_services.sessions() as session:
        assert session.scalars(select(AnswerRecord.question)).all() == [QUESTION]  # the mention itself is gone


def test_welcome_card_when_the_bot_is_added(fake_services):
    async def scenario(post: Post) -> None:
        status, body = await post(members_added(BOT))
        assert status == 200
        card = only_card(body)
        questions = [b["actions"][0]["data"]["question"] for b in card["body"] if b["type"] == "ActionSet"]
        assert QUESTION in questions

    run(fake_services, scenario)


def test_health_probe_says_when_the_database_is_unreachable(fake_services):
    from bot.db.session import make_engine

    fake_services.engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2")

    async def scenario(post: Post) -> None:
        async with post.get("/healthz") as response:  # type: ignore[attr-defined]
            report = await response.json()
            assert response.status == 503 and report["status"] == "unavailable"
            assert report["database"] == "StorageUnavailable" and "127.0.0.1" not in json.dumps(report)

    run(fake_services, scenario)


def test_health_probe_and_malformed_requests(fake_services):
    async def scenario(post: Post) -> None:
        async with post.get("/healthz") as response:  # type: ignore[attr-defined]
            assert response.status == 200 and (await response.json())["auth"].startswith("none")
        status, _ = await post({"type": "message"})  # no conversation
        assert status == 400

    run(fake_services, scenario)
