"""Answers in personal chats through Teams' own streaming: a status line while searching, then the
text in several pieces (a sentence or more each), then the final message with Teams citations for the
sources, the AI-generated label and Teams' feedback loop.

Teams streams only in personal chats; group chats and channels keep the Adaptive Card (replies.py), and
so do clients whose replies are buffered.
The feedback loop's 👍/👎 arrives later as an invoke naming the message, not the answer, so the
answer id of every streamed message is kept in the database: another process behind the load
balancer, or this one after a restart, still records the feedback.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import Citation, TurnContext

from bot.db import shared_state
from bot.qa.types import Answer
from handlers.teams.cards import MAX_ANSWER_CHARS, MAX_SOURCES, clean

if TYPE_CHECKING:
    from bot.services import Services

SEARCHING = "Searching the collaboration's documents…"
_MARKER = re.compile(r"\[(\d+)\]")
# Teams takes about one streaming update a second (the SDK waits that long after each), so an answer goes
# out in a few pieces of whole sentences rather than word by word.
PIECE_CHARS = 160
MAX_PIECES = 4
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")


def pieces(text: str, *, size: int = PIECE_CHARS, most: int = MAX_PIECES) -> list[str]:
    """The text in consecutive pieces of whole sentences, each at least `size` characters (the last may be
    shorter), at most `most` of them; joined they are the text again."""
    cuts = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]
    out, start = [], 0
    for cut in cuts:
        if cut - start >= size and len(out) < most - 1:
            out.append(text[start:cut])
            start = cut
    out.append(text[start:])
    return [p for p in out if p]


def streams_here(context: TurnContext) -> bool:
    """A personal chat on a channel that streams. Where replies are buffered (deliveryMode expectReplies:
    the Agents Playground, the Emulator) the SDK cannot stream, and the card shows the sources better."""
    conversation = context.activity.conversation
    personal = bool(conversation) and (conversation.conversation_type or "personal") == "personal"
    return personal and context.streaming_response.is_streaming_channel


def citations_for(answer: Answer) -> tuple[str, list[Citation]]:
    """The text with its [n] markers renumbered to the citations' positions (Teams numbers them 1, 2, …
    in the order given), and one citation per shown source."""
    sources = sorted(answer.sources, key=lambda s: s.n)[:MAX_SOURCES]
    position = {s.n: i for i, s in enumerate(sources, start=1)}
    text = _MARKER.sub(lambda m: f"[{position[int(m.group(1))]}]" if int(m.group(1)) in position else "",
                       clean(answer.text.strip(), MAX_ANSWER_CHARS))
    cited = [
        Citation(
            content=clean(s.snippet or " — ".join(p for p in (s.title, s.section, s.source) if p), 480),
            title=clean(s.title or s.source, 100),
            url=s.link if s.link.startswith(("https://", "http://")) else None,  # never javascript: or file:
        )
        for s in sources
    ]
    return text, cited


class AnswerIds:
    """Which answer each streamed message holds, for the feedback invoke that names the message; in the
    database, so every process sees it (the calls block: run them off the event loop)."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def remember(self, conversation_id: str, message_id: str, answer_id: str) -> None:
        shared_state.remember_message_answer(self.services.sessions, conversation_id, message_id, answer_id,
                                             now=self.services.clock.now().timestamp())

    def get(self, conversation_id: str, message_id: str) -> str | None:
        return shared_state.message_answer(self.services.sessions, conversation_id, message_id)


class PersonalStream:
    """One turn's stream. `working` may be called from the core's worker thread."""

    def __init__(self, context: TurnContext, answer_ids: AnswerIds) -> None:
        self.context = context
        self.answer_ids = answer_ids
        self.loop = asyncio.get_running_loop()
        self.started = False

    def working(self) -> None:
        self.loop.call_soon_threadsafe(self._searching)

    def _searching(self) -> None:
        if self.started:  # shown once, and never after the text began
            return
        self.started = True
        self.context.streaming_response.queue_informative_update(SEARCHING)

    async def answer(self, answer: Answer) -> None:
        stream = self.context.streaming_response
        if not self.started:  # the status line comes first, also when the core found the answer at once
            self._searching()
        text, cited = citations_for(answer)
        stream.set_citations(cited)
        stream.set_generated_by_ai_label(True)
        if answer.answer_id:
            stream.set_feedback_loop(True)
            self.context.on_send_activities(self._remembering(answer.answer_id))
        for piece in pieces(text):
            # Each piece its own update: the SDK merges pieces queued while one is being sent.
            await stream.wait_for_queue()
            stream.queue_text_chunk(piece)
        await stream.end_stream()

    async def finish(self, activity: Activity) -> None:
        """Any other reply after the status line was shown: it ends the open stream."""
        stream = self.context.streaming_response
        if activity.attachments:
            stream.set_attachments(activity.attachments)
        stream.queue_text_chunk(activity.text or "Here is what I found:")
        await stream.end_stream()

    def _remembering(self, answer_id: str):  # noqa: ANN202
        conversation_id = self.context.activity.conversation.id

        async def on_send(_context: TurnContext, activities: list[Activity], send):  # noqa: ANN001, ANN202
            responses = await send()
            for activity, response in zip(activities, responses or [], strict=False):
                message_id = activity.id or (response.id if response else None)
                if activity.type == "message" and message_id:
                    await asyncio.to_thread(self.answer_ids.remember, conversation_id, message_id, answer_id)
            return responses

        return on_send
