"""/kb: staff manage the knowledge base (add a page, list, remove, re-index, see the gaps).

The acknowledgement only says "one moment"; the staff check (which may read the staff user
group) and the work run in the lazy listener and reply through the command's response_url.
A re-index runs as a background job (bot/jobs) and sends its summary as a direct message.
"""

from __future__ import annotations

import html

from slack_bolt import Ack, App, BoltRequest, Respond
from slack_sdk import WebClient

from bot.errors import NotFound
from bot.qa.gaps import find_gaps
from bot.conversation import Requester
from handlers.slack.blocks import Message, plain
from handlers.slack.command_names import CommandNames, slash
from handlers.slack.kb_blocks import (
    NOT_STAFF,
    USAGE,
    added_text,
    document_list_messages,
    gaps_message,
    removed_message,
    results_message,
)
from handlers.slack.lazy import lazy_runner, offload
from handlers.slack.staff import is_staff

WORKING = "One moment…"
REINDEX_QUEUED = "Re-indexing the knowledge folder in the background; I will send you the summary when it is done."
GAP_DAYS, GAP_LIMIT = 30, 15


def parse(text: str) -> tuple[str, str]:
    """`add <https://x|x>` -> ("add", "https://x"): the subcommand and its argument as typed."""
    head, _, rest = (text or "").strip().partition(" ")
    arg = rest.strip()
    if arg.startswith("<") and arg.endswith(">"):
        arg = arg[1:-1].split("|", 1)[0]
    return head.lower(), html.unescape(arg).strip()


def reply(respond: Respond, message: Message, *, first: bool = True) -> None:
    respond(response_type="ephemeral", replace_original=first, unfurl_links=False, **message.as_kwargs())


class KbCommands:
    """One method per subcommand; each takes the argument, the actor and a way to reply."""

    def __init__(self, services) -> None:  # noqa: ANN001
        self.services = services
        self.names = CommandNames.of(services.settings)

    def add(self, arg: str, actor: str, respond: Respond) -> None:
        added = self.services.kb_admin.add_url(arg, actor=actor)
        reply(respond, results_message([added_text(arg, added, self.names)]))

    def list_documents(self, arg: str, actor: str, respond: Respond) -> None:
        for i, message in enumerate(document_list_messages(self.services.kb_admin.list(), self.names)):
            reply(respond, message, first=i == 0)

    def remove(self, arg: str, actor: str, respond: Respond) -> None:
        try:
            removed = self.services.kb_admin.remove(arg, actor=actor)
        except NotFound as exc:
            reply(respond, plain(f"{exc.message} `{self.names.kb} list` shows the sources."))
            return
        reply(respond, removed_message(removed))

    def reindex(self, arg: str, actor: str, respond: Respond) -> None:
        """A background job (`python -m bot worker`, or in-process); its summary arrives as a direct message."""
        self.services.jobs.request_reindex(actor)
        reply(respond, plain(REINDEX_QUEUED))

    def gaps(self, arg: str, actor: str, respond: Respond) -> None:
        gaps = find_gaps(self.services.sessions, self.services.embedder, days=GAP_DAYS, limit=GAP_LIMIT)
        reply(respond, gaps_message(gaps, self.names, days=GAP_DAYS))


SLOW = {"add"}
NEEDS_ARGUMENT = {"add": True, "list": False, "remove": True, "reindex": False, "gaps": False}


def register(app: App, services) -> None:  # noqa: ANN001
    run = lazy_runner(services)
    commands = KbCommands(services)
    prefix = services.settings.slack_command_prefix
    usage = commands.names.text(USAGE)

    def acknowledge_kb(ack: Ack) -> None:
        ack(response_type="ephemeral", text=WORKING)

    def run_kb(command: dict, client: WebClient, respond: Respond, request: BoltRequest) -> None:
        user = command["user_id"]
        if not is_staff(client, services, user):
            reply(respond, plain(commands.names.text(NOT_STAFF)))
            return
        sub, arg = parse(command.get("text", ""))
        if sub not in NEEDS_ARGUMENT or NEEDS_ARGUMENT[sub] != bool(arg):
            reply(respond, Message(usage, [{"type": "section", "text": {"type": "mrkdwn", "text": usage}}]))
            return
        actions = {"add": commands.add, "list": commands.list_documents, "remove": commands.remove,
                   "reindex": commands.reindex, "gaps": commands.gaps}
        if sub in SLOW:  # fetching a page must not hold a worker that answers questions
            offload(services, request, lambda: actions[sub](arg, Requester.slack(user).ref, respond))
        else:
            actions[sub](arg, Requester.slack(user).ref, respond)

    app.command(slash(prefix, "kb"))(ack=acknowledge_kb, lazy=[run(run_kb)])
