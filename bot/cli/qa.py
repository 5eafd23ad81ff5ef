"""`python -m bot ask` and `python -m bot chat`: answers without Slack."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import emit_json, fail, friendly_errors, get_services
from bot.errors import BotError

HELP = """Ask about the collaboration agreement, researcher and student exchanges, funding and projects.
Follow-up questions use the conversation so far.
  /help     this help
  /new      start a new conversation
  /sources  the sources of the last answer again
  /quit     leave (Ctrl-D works too)"""


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
    if answer.sources:
        print("\nSources:")
        for s in answer.sources:
            where = f" — {s.section}" if s.section else ""
            link = f" <{s.link}>" if s.link else ""
            print(f"  [{s.n}] {s.title}{where} ({s.source}){link}")


@friendly_errors
def chat() -> None:
    """Talk to the assistant in the terminal; follow-ups keep the conversation's context."""
    from bot.qa.types import Turn

    services = get_services()
    print("Øresund–Massachusetts assistant. Ask a question; /help for commands, /quit to leave.")
    history: list[Turn] = []
    last = None
    while True:
        try:
            line = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if not line:
            continue
        if line.startswith("/"):
            command = line.split()[0].lower()
            if command in {"/quit", "/exit", "/q"}:
                return
            if command == "/help":
                print(HELP)
            elif command == "/new":
                history.clear()
                print("New conversation.")
            elif command == "/sources":
                if last is None:
                    print("No answer yet.")
                else:
                    _print_sources(last)
            else:
                print(f"Unknown command {command}. Try /help.")
            continue
        try:
            last = services.assistant.ask(line, history, surface="cli")
        except BotError as exc:
            print(f"! {exc.operator_message}")
            continue
        print(f"\nassistant> {last.text}")
        _print_sources(last)
        history += [Turn("user", line), Turn("assistant", last.text)]
        del history[:-12]


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
    app.command("chat")(chat)


__all__ = ["register", "fail"]
