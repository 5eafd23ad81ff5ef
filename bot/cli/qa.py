"""`python -m bot ask` and `python -m bot chat`: answers without Slack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from bot.cli.common import emit_json, fail, friendly_errors, get_services


@friendly_errors
def ask(
    question: Annotated[str, typer.Argument(help="Your question")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Answer one question from the knowledge base, with sources."""
    services = get_services()
    answer = services.assistant.ask(question, surface="cli")
    if as_json:
        emit_json(answer.as_contract())
        return
    print(answer.text)
    _print_sources(answer)


def _print_sources(answer) -> None:  # noqa: ANN001
    from bot.cli.render import sources_text

    if answer.sources:
        print("\n" + sources_text(answer))


@friendly_errors
def chat() -> None:
    """Talk to the assistant in the terminal; follow-ups keep the conversation's context."""
    services = get_services()
    print("Øresund–Massachusetts assistant. Ask a question; /help for commands, /quit to leave.")
    chat_loop(services, _read_line, print)


def _read_line() -> str | None:
    try:
        return input("\nyou> ")
    except (EOFError, KeyboardInterrupt):
        print()
        return None


def chat_loop(services, read: Callable[[], str | None], show: Callable[[str], None], *,  # noqa: ANN001
              user: str | None = None, session: str | None = None) -> None:
    """Lines in, rendered replies out, through the conversation core until /quit or end of input.

    Only leaving and repeating the last sources are the terminal's own; everything else is the core's.
    """
    import getpass
    import uuid

    from bot.cli.render import render
    from bot.conversation import AnswerReply, Capabilities, Requester, Turn, Where

    who = Requester.cli(user or getpass.getuser())
    where = Where("cli", channel=who.id, thread=session or uuid.uuid4().hex[:12])
    last = None
    while (line := read()) is not None:
        line = line.strip()
        if not line:
            continue
        word = line.split()[0].lower()
        # "quit" typed alone leaves too: nobody means it as a question.
        if word in {"/quit", "/exit", "/q"} or line.lower().rstrip(".!") in {"quit", "exit", "bye"}:
            return
        if word == "/sources":
            show(_sources_again(last))
            continue
        reply = services.conversation.handle(Turn(who, where, line, Capabilities()))
        if isinstance(reply, AnswerReply):
            last = reply.answer
        show(render(reply))


def _sources_again(last) -> str:  # noqa: ANN001
    from bot.cli.render import sources_text

    if last is None:
        return "No answer yet."
    return sources_text(last) or "The last answer has no sources."


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
    app.command("chat")(chat)


__all__ = ["register", "fail"]
