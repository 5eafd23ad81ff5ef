"""The console's staff check: bot.staff's rule, with the Slack staff user group read as Slack's /kb reads it."""

from __future__ import annotations

from collections.abc import Callable

from bot.staff import is_staff_ref


def staff_check(services) -> Callable[[str], bool]:  # noqa: ANN001
    """ref -> is staff. The user group needs the Slack Web API, so a client is built only when one is set."""
    settings = services.settings
    group_members = None
    if settings.staff_slack_usergroup and settings.slack_bot_token:
        from handlers.slack.app import build_client
        from handlers.slack.staff import group_members as slack_group_members

        client = build_client(settings)

        def group_members(group: str) -> frozenset[str]:
            return slack_group_members(client, services, group)

    return lambda ref: is_staff_ref(settings, ref, group_members=group_members)
