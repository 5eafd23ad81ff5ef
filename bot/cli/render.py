"""The terminal renderer: one function per kind of reply the conversation core returns."""

from __future__ import annotations

from collections.abc import Callable
from functools import singledispatch

from bot.conversation import replies as r
from bot.qa.types import Answer
from bot.qa.wording import source_note

KIND_LABELS = {"researcher": "researcher", "company": "company", "hospital": "hospital", "university": "university",
               "investor": "investor", "public": "public body", "staff": "collaboration staff"}


def sources_text(answer: Answer) -> str:
    if not answer.sources:
        return ""
    lines = ["Sources:"]
    for s in answer.sources:
        where = f" — {s.section}" if s.section else ""
        link = f" <{s.link}>" if s.link else ""
        note = source_note(s.updated, s.example)
        lines.append(f"  [{s.n}] {s.title}{where} ({s.source}){link}" + (f" · {note}" if note else ""))
    return "\n".join(lines)


@singledispatch
def render(reply: object) -> str:
    raise TypeError(f"no terminal renderer for {type(reply).__name__}")


@render.register
def _(reply: r.AnswerReply) -> str:
    sources = sources_text(reply.answer)
    return f"assistant> {reply.answer.text}" + (f"\n\n{sources}" if sources else "")


@render.register
def _(reply: r.MatchesReply) -> str:
    if not reply.matches:
        return "assistant> " + (reply.note or "I found nobody who agreed to be suggested for that. "
                                "Try other words, or fewer conditions.")
    lines = [f"assistant> People and organisations for: {reply.need}"]
    if reply.note:
        lines.append(f"  ({reply.note})")
    for n, m in enumerate(reply.matches, 1):
        org = f", {m.organization}" if m.organization else ""
        lines.append(f"  {n}. {m.name}{org} ({KIND_LABELS.get(m.kind, m.kind)}, {m.region})")
        lines += [f"     • {reason}" for reason in m.reasons[:4]]
    lines.append("Only people who agreed to be suggested are listed; request an introduction in Slack or Teams.")
    return "\n".join(lines)


@render.register
def _(reply: r.HelpReply) -> str:
    width = max(len(c.usage) for c in reply.commands)
    lines = [reply.intro, "Type a question, or:"]
    lines += [f"  /{c.usage.ljust(width)}  {c.summary}" for c in reply.commands]
    lines += [f"  /{'sources'.ljust(width)}  the sources of the last answer again",
              f"  /{'quit'.ljust(width)}  leave (Ctrl-D works too)"]
    return "\n".join(lines)


@render.register
def _(reply: r.CommandResult) -> str:
    return f"assistant> {reply.text}"


@render.register
def _(reply: r.SlowDown) -> str:
    return f"! {reply.text}" if reply.notify else "! (still too fast; please wait)"


@render.register
def _(reply: r.NewConversation) -> str:
    return "New conversation."


@render.register
def _(reply: r.ErrorReply) -> str:
    return f"! {reply.message}"


Print = Callable[[str], None]
