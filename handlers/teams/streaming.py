"""Answers in personal chats through Teams' own streaming: a status line while searching, then the
text with Teams citations for the sources, the AI-generated label and Teams' feedback loop.

Teams streams only in personal chats; group chats and channels keep the Adaptive Card (replies.py), and
so do clients whose replies are buffered.
The feedback loop's 👍/👎 arrives later as an invoke naming the message, not the answer, so the
answer id of every streamed message is remembered here (in process, bounded, like the SDK's state).
"""

from __future__ import annotations

import asyncio
import re
import weakref
from collections import OrderedDict

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import Citation, TurnContext

from bot.qa.types import Answer
from handlers.teams.cards import MAX_ANSWER_CHARS, MAX_SOURCES, clean

SEARCHING = "Searching the collaboration's documents…"
_MARKER = re.compile(r"\[(\d+)\]")


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
    """Which answer each streamed message holds, for the feedback invoke that names the message."""

    def __init__(self, max_items: int = 10000) -> None:
        self.max_items = max_items
        self._ids: OrderedDict[tuple[str, str], str] = OrderedDict()

    def remember(self, conversation_id: str, message_id: str, answer_id: str) -> None:
        self._ids[(conversation_id, message_id)] = answer_id
        while len(self._ids) > self.max_items:
            self._ids.popitem(last=False)

    def get(self, conversation_id: str, message_id: str) -> str | None:
        return self._ids.get((conversation_id, message_id))


_PER_APP: weakref.WeakKeyDictionary[object, AnswerIds] = weakref.WeakKeyDictionary()


def answer_ids_of(app: object) -> AnswerIds:
    """The store one agent's message and feedback handlers share."""
    return _PER_APP.setdefault(app, AnswerIds())


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
        self.started = True
        self.context.streaming_response.queue_informative_update(SEARCHING)

    async def answer(self, answer: Answer) -> None:
        stream = self.context.streaming_response
        text, cited = citations_for(answer)
        stream.queue_text_chunk(text)
        stream.set_citations(cited)
        stream.set_generated_by_ai_label(True)
        if answer.answer_id:
            stream.set_feedback_loop(True)
            self.context.on_send_activities(self._remembering(answer.answer_id))
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
                    self.answer_ids.remember(conversation_id, message_id, answer_id)
            return responses

        return on_send
