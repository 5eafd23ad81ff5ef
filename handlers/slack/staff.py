"""Who counts as staff in Slack: bot.staff's rule, with the staff user group's members read from Slack.

The group's members are cached in the database for five minutes, so every process asks Slack at
most once per interval and a staff member added to the group is staff everywhere at the same time.
"""

from __future__ import annotations

import logging
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.conversation.identity import Requester
from bot.db import shared_state
from bot.errors import ServiceUnavailable
from bot.staff import is_staff_ref

log = logging.getLogger("handlers.slack")

GROUP_TTL_SECONDS = 300.0


def is_staff(client: WebClient, services, user_id: str | None) -> bool:  # noqa: ANN001
    if not user_id:
        return False
    return is_staff_ref(services.settings, Requester.slack(user_id).ref,
                        group_members=lambda group: group_members(client, services, group))


def group_members(client: WebClient, services, group: str) -> frozenset[str]:  # noqa: ANN001
    key, now = f"slack:usergroup:{group}", time.time()
    try:
        fresh, last = shared_state.cached(services.sessions, key, max_age=GROUP_TTL_SECONDS, now=now)
    except ServiceUnavailable as exc:
        log.warning("staff cache unavailable (%s); asking Slack", exc.operator_message)
        fresh, last = None, None
    if fresh is not None:
        return frozenset(fresh["users"])
    try:
        members = sorted(client.usergroups_users_list(usergroup=group).get("users") or [])
    except (SlackApiError, SlackClientError) as exc:
        log.warning("could not read the staff user group %s: %s", group, exc)
        return frozenset(last["users"]) if last else frozenset()
    try:
        shared_state.store_cached(services.sessions, key, {"users": members}, now=now)
    except ServiceUnavailable as exc:
        log.warning("staff cache not stored: %s", exc.operator_message)
    return frozenset(members)
