"""App Home: what the assistant can do, how to ask, the knowledge base; the gaps for staff."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.qa.gaps import find_gaps
from bot.conversation import Requester
from handlers.slack.blocks import home_view
from handlers.slack.command_names import CommandNames
from handlers.slack.hygiene_blocks import stats_blocks
from handlers.slack.kb_blocks import home_gaps_blocks
from handlers.slack.lazy import lazy_runner
from handlers.slack.conversation import acknowledge
from handlers.slack.match_blocks import home_intro_blocks
from handlers.slack.staff import is_staff
from handlers.slack.text import HOME_BLOCK_LIMIT

UNANSWERED_SHOWN = 10
STAFF_COMMANDS = ["/kb list", "/kb gaps", "/kb add URL"]


def home_tab(event: dict) -> bool:
    return event.get("tab", "home") == "home"


def with_gaps(view: dict, services, *, days: int = 30) -> dict:  # noqa: ANN001
    """The staff section also shows the knowledge gaps, similar questions grouped, within the block limit."""
    gaps = find_gaps(services.sessions, services.embedder, days=days, limit=15)
    room = HOME_BLOCK_LIMIT - len(view["blocks"])
    return {**view, "blocks": view["blocks"] + home_gaps_blocks(gaps, days=days, room=room)}


def with_intro_stats(view: dict, services) -> dict:  # noqa: ANN001
    """For staff: requests sent, accepted, declined, expired and reported useful, per organisation."""
    from bot.matching.intro_stats import contact_signals, intro_stats_by_organisation

    with services.sessions() as session:
        stats, signals = intro_stats_by_organisation(session=session), contact_signals(session=session, limit=8)
    room = HOME_BLOCK_LIMIT - len(view["blocks"]) - 25
    return {**view, "blocks": view["blocks"] + stats_blocks(stats, room=room, signals=signals)}


def with_intros(view: dict, services, user: str) -> dict:  # noqa: ANN001
    """The person's own introduction requests, with Withdraw on the open ones, within the block limit."""
    intros = home_intro_blocks(services.intros.for_requester(Requester.slack(user).ref), CommandNames.of(services.settings))
    return {**view, "blocks": [*view["blocks"][:HOME_BLOCK_LIMIT - len(intros)], *intros]}


def register(app: App, services) -> None:  # noqa: ANN001
    run = lazy_runner(services)
    names = CommandNames.of(services.settings)
    staff_commands = [names.text(c) for c in STAFF_COMMANDS]

    def publish_home(event: dict, client: WebClient) -> None:
        user = event["user"]
        staff = is_staff(client, services, user)
        unanswered = services.assistant.unanswered(UNANSWERED_SHOWN) if staff else None
        view = home_view(services.knowledge.stats(), names=names, unanswered=unanswered,
                         commands=staff_commands if staff else None)
        if staff:
            view = with_intro_stats(with_gaps(view, services), services)
        view = with_intros(view, services, user)
        client.views_publish(user_id=user, view=view)

    app.event("app_home_opened", matchers=[home_tab])(ack=acknowledge, lazy=[run(publish_home)])
