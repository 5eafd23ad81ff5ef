"""The language model failing as real providers do: every failure still gives a clear answer."""

from __future__ import annotations

from bot.qa.llm import build_chat_model
from tests.fakes import FakeOpenAIServer
from tests.qa.test_llm_answers import QUESTION, assistant_with, llm_settings

GROUNDED = "A visiting researcher can stay between 3 and 12 months [1]. The host institution signs the agreement [1]."


def _ask(services, server, on_delta=None, **settings):  # noqa: ANN001, ANN202
    model = build_chat_model(llm_settings(services, server, **settings))
    return assistant_with(services, model).ask(QUESTION, on_delta=on_delta)


def _quoted(answer, reason: str) -> None:  # noqa: ANN001
    assert answer.mode == "extractive" and answer.confident
    assert answer.note and reason in answer.note and "quoted directly from the documents" in answer.note
    assert "3 and 12 months" in answer.text and answer.note in answer.text and answer.sources


def test_a_rate_limit_with_retry_after_is_waited_out(indexed_services) -> None:
    with FakeOpenAIServer(replies=[GROUNDED], fail_status=429, fail_times=1, retry_after=0) as server:
        answer = _ask(indexed_services, server)
        assert len(server.requests) == 2  # refused once, asked again after Retry-After
    assert answer.mode == "llm" and "3 and 12 months" in answer.text


def test_a_lasting_rate_limit_gives_the_quoted_answer_with_a_note(indexed_services) -> None:
    with FakeOpenAIServer(replies=[GROUNDED] * 3, fail_status=429, retry_after=0) as server:
        answer = _ask(indexed_services, server)
    _quoted(answer, "busy")


def test_a_context_length_error_gives_the_quoted_answer_with_a_note(indexed_services) -> None:
    with FakeOpenAIServer(replies=[GROUNDED] * 3, context_limit=50) as server:
        answer = _ask(indexed_services, server)
        assert server.requests  # the prompt reached the model, which refused its length
    _quoted(answer, "too long")


def test_an_answer_cut_off_at_the_token_limit_is_replaced(indexed_services) -> None:
    with FakeOpenAIServer(replies=[GROUNDED]) as server:
        answer = _ask(indexed_services, server, llm_max_tokens=6)
        assert server.requests[-1]["max_tokens"] == 6
    _quoted(answer, "cut off")


def test_a_streamed_answer_cut_off_at_the_token_limit_is_replaced(indexed_services) -> None:
    streamed: list[str] = []
    with FakeOpenAIServer(replies=[GROUNDED]) as server:
        answer = _ask(indexed_services, server, on_delta=streamed.append, llm_max_tokens=6)
    assert "".join(streamed) == " ".join(GROUNDED.split(" ")[:6])  # what the reader saw appear...
    _quoted(answer, "cut off")  # ...is replaced by a complete answer


def test_a_stream_dropped_midway_gives_the_quoted_answer_with_a_note(indexed_services) -> None:
    streamed: list[str] = []
    with FakeOpenAIServer(replies=[GROUNDED] * 3, drop_stream_after=1, chunks=3) as server:
        answer = _ask(indexed_services, server, on_delta=streamed.append)
    assert streamed and len("".join(streamed)) < len(GROUNDED)
    _quoted(answer, "broke off")
