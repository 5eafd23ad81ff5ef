"""Who counts as staff: the user ids in STAFF_SLACK_IDS, plus the members of the staff user group."""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger("handlers.slack")

GROUP_TTL_SECONDS = 300.0
_groups: dict[str, tuple[float, frozenset[str]]] = {}
_lock = threading.Lock()


def is_staff(client: WebClient, settings, user_id: str | None) -> bool:  # noqa: ANN001
    if not user_id:
        return False
    if user_id in settings.staff_ids:
        return True
    group = settings.staff_slack_usergroup
    return bool(group) and user_id in group_members(client, group)


def group_members(client: WebClient, group: str) -> frozenset[str]:
    now = time.monotonic()
    with _lock:
        cached = _groups.get(group)
        if cached and now - cached[0] < GROUP_TTL_SECONDS:
            return cached[1]
    try:
        members = frozenset(client.usergroups_users_list(usergroup=group).get("users") or [])
    except (SlackApiError, SlackClientError) as exc:
        log.warning("could not read the staff user group %s: %s", group, exc)
        return cached[1] if cached else frozenset()
    with _lock:
        _groups[group] = (now, members)
    return members
